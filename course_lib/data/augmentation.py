"""Data augmentation: new training pictures made from old ones by a small change.

Augmentation is how a team gets more training data without labelling more: shift a
picture by a pixel, add a little noise, hide a small patch (*cutout*), blend two pictures
and their labels (*mixup*), mirror it (*flip*). It works when the change keeps the label
true: a 3 moved one pixel to the left is still a 3. It hurts when the change does not: a
mirrored 3 is not a 3 any more (nor a 2, a 4, a 5, a 7 or a 9), so flipping digits adds
pictures with the wrong label.

Every function takes pictures on the digits scale (``(n, height, width)``, pixels 0..16)
and a seed, and returns ``(images, labels, weights)``: the new pictures, their labels, and
a weight per picture (1 everywhere but for mixup, whose blended pictures come as two rows,
one per label, weighted by how much of each picture is in the blend). Pass the weights to
``fit(..., sample_weight=weights)``.

Examples
--------
>>> import numpy as np
>>> images = np.zeros((2, 8, 8)); images[:, 2:6, 3] = 16
>>> new, labels, weights = augment(images, np.array([1, 1]), "shift", seed=0)
>>> new.shape, labels.tolist(), weights.tolist()
((2, 8, 8), [1, 1], [1.0, 1.0])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.data.corruptions import PIXEL_MAX, check_images
from course_lib.validation import check_count, check_rng, check_same_length

__all__ = ["AUGMENTATIONS", "augment"]

AUGMENTATIONS: tuple[str, ...] = ("shift", "noise", "cutout", "mixup", "flip")
"""The augmentations :func:`augment` knows, in the order the notebook shows them."""

NOISE_SD = 2.0
"""Standard deviation of the added noise, in pixel units (0..16 scale)."""

CUTOUT_SIZE = 3
"""Side of the square that cutout blanks out, in pixels."""

MIXUP_ALPHA = 0.4
"""Mixup draws its blend weight from Beta(alpha, alpha)."""


def _shift(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.zeros_like(images)
    h, w = images.shape[1:]
    for k, image in enumerate(images):
        while True:
            dy, dx = (int(v) for v in rng.integers(-1, 2, size=2))
            if dy or dx:
                break
        src = image[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
        out[k, max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out


def _cutout(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = images.copy()
    h, w = images.shape[1:]
    size = min(CUTOUT_SIZE, h, w)
    for image in out:
        top, left = int(rng.integers(0, h - size + 1)), int(rng.integers(0, w - size + 1))
        image[top:top + size, left:left + size] = 0.0
    return out


def augment(images: Any, labels: Any, kind: str, *, copies: int = 1,
            seed: int | np.random.Generator = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New training pictures made from ``images`` by one kind of augmentation.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pictures on the digits scale (pixels 0..16).
    labels : array-like of shape (n,)
        Their labels.
    kind : {"shift", "noise", "cutout", "mixup", "flip"}
        ``"shift"``: move each picture by one pixel (up, down, left, right or diagonally;
        the uncovered edge is blank). ``"noise"``: add Gaussian noise of standard deviation
        :data:`NOISE_SD`, clipped to 0..16. ``"cutout"``: blank a random
        :data:`CUTOUT_SIZE` x :data:`CUTOUT_SIZE` square. ``"mixup"``: blend each picture
        with a random other one, ``lam * a + (1 - lam) * b`` with ``lam`` drawn from
        Beta(:data:`MIXUP_ALPHA`, :data:`MIXUP_ALPHA`); it comes as two rows, label ``a``
        with weight ``lam`` and label ``b`` with weight ``1 - lam``. ``"flip"``: mirror each
        picture left to right and keep its label.
    copies : int, default 1
        How many new pictures to make from each picture (at least 1).
    seed : int or numpy.random.Generator, default 0
        Seeds every random choice.

    Returns
    -------
    images : numpy.ndarray of shape (m, height, width)
        The new pictures only (not the originals); ``m = copies * n``, twice that for mixup.
    labels : numpy.ndarray of shape (m,)
    weights : numpy.ndarray of shape (m,)
        1.0, except for mixup's blend weights.

    Raises
    ------
    TypeError
        If ``images`` is not numeric or ``kind`` is not a string.
    ValueError
        If the shapes do not match, a pixel is outside 0..16 or ``kind`` is unknown.

    Examples
    --------
    >>> import numpy as np
    >>> images = np.zeros((3, 8, 8)); images[:, :, 1] = 16      # a stroke on the left
    >>> flipped, labels, _ = augment(images, [7, 7, 7], "flip")
    >>> float(flipped[0, 0, 6]), labels.tolist()                 # now on the right
    (16.0, [7, 7, 7])
    >>> mixed, labels, weights = augment(images, [1, 2, 3], "mixup", seed=1)
    >>> len(mixed), bool(np.allclose(weights[:3] + weights[3:], 1.0))
    (6, True)
    """
    arr = check_images(images)
    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be an array of labels, one per picture, not a string")
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"labels must be 1-D, one per picture, got shape {y.shape}")
    check_same_length(arr, y, "images", "labels")
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a string, one of {', '.join(AUGMENTATIONS)}; "
                        f"got {type(kind).__name__}")
    if kind not in AUGMENTATIONS:
        raise ValueError(f"kind must be one of {', '.join(AUGMENTATIONS)}, got {kind!r}")
    copies = check_count(copies, "copies", low=1)
    rng = check_rng(seed)
    source = np.concatenate([arr] * copies)
    y_source = np.concatenate([y] * copies)
    weights = np.ones(len(source))
    if kind == "shift":
        return _shift(source, rng), y_source, weights
    if kind == "noise":
        noisy = source + rng.normal(scale=NOISE_SD, size=source.shape)
        return np.clip(noisy, 0.0, PIXEL_MAX), y_source, weights
    if kind == "cutout":
        return _cutout(source, rng), y_source, weights
    if kind == "flip":
        return source[:, :, ::-1].copy(), y_source, weights
    partner = rng.integers(0, len(arr), size=len(source))
    lam = rng.beta(MIXUP_ALPHA, MIXUP_ALPHA, size=len(source))
    blend = lam[:, None, None] * source + (1 - lam)[:, None, None] * arr[partner]
    return (np.concatenate([blend, blend]), np.concatenate([y_source, y[partner]]),
            np.concatenate([lam, 1 - lam]))
