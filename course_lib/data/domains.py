"""Two data distributions for the week-2 running example: "web" and "phone camera" digits.

scikit-learn ships 1,797 small handwritten-digit images (8 x 8 pixels, ten classes).
In this workbook they play the large, clean **web** source.  The **phone** target
distribution is made from *other* digit instances by simulating what a cheap phone
camera does to a picture: blur, sensor noise, low contrast, a tilted camera
(rotation) and a finger or sticker in front of the lens (occlusion).

The corruptions themselves are in :mod:`course_lib.data.corruptions` (same pixel scale,
0 to 16). Everything random takes a ``seed``, so the same seed always gives the same
pictures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.corruptions import (
    CORRUPTIONS,
    PHONE_PROBABILITIES,
    PHONE_STRENGTHS,
    check_images,
    check_probabilities,
    check_strengths,
    sample_recipe,
)
from course_lib.validation import check_count, check_rng, check_seed

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = [
    "CORRUPTIONS",
    "PHONE_PROBABILITIES",
    "PHONE_STRENGTHS",
    "Domains",
    "make_domains",
    "phone_camera",
]


# --------------------------------------------------------------------------------------
# recipes: one concrete choice of corruptions and strengths (shared with synthesis.py)
# --------------------------------------------------------------------------------------


def phone_camera(
    images: Any,
    seed: int | np.random.Generator = 0,
    *,
    probabilities: float | Mapping[str, float] | None = None,
    strengths: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Simulate phone-camera pictures: a random mix of corruptions for every image.

    Each image independently receives each corruption with its own probability
    (default 0.3 each, see :data:`PHONE_PROBABILITIES`), so an image gets a random
    subset -- possibly none, possibly all five -- with strengths drawn uniformly from
    :data:`PHONE_STRENGTHS` (rotations go either way).  They are applied in the order
    rotation, blur, low contrast, occlusion, noise.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Clean pixel values in [0, 16].
    seed : int or numpy.random.Generator, default 0
        Seed of all random choices; the same seed reproduces the same pictures.
    probabilities : float or mapping, optional
        One probability for every corruption, or ``{"blur": 0.2, ...}`` to change some.
    strengths : mapping, optional
        ``{"rotation": (5, 15), ...}`` to change the range of some strengths.

    Returns
    -------
    corrupted : numpy.ndarray of shape (n, height, width)
    tags : pandas.DataFrame
        One row per image, boolean columns ``"blur"``, ``"noise"``, ``"low_contrast"``,
        ``"rotation"``, ``"occlusion"``: which corruptions the image received.  These are
        ready-made error-analysis tags.

    Examples
    --------
    >>> import numpy as np
    >>> clean = np.full((4, 8, 8), 8.0)
    >>> pictures, tags = phone_camera(clean, seed=1)
    >>> pictures.shape, list(tags.columns)
    ((4, 8, 8), ['blur', 'noise', 'low_contrast', 'rotation', 'occlusion'])
    """
    import pandas as pd

    imgs = check_images(images)
    rng = check_rng(seed)
    probs = check_probabilities(probabilities)
    ranges = check_strengths(strengths)
    out = np.empty_like(imgs)
    rows = []
    for i in range(imgs.shape[0]):
        recipe = sample_recipe(rng, imgs.shape[1:], probs, ranges)
        out[i] = recipe.apply(imgs[i : i + 1])[0]
        rows.append(recipe.tags())
    tags = pd.DataFrame(rows, columns=list(CORRUPTIONS), dtype=bool)
    return out, tags


# --------------------------------------------------------------------------------------
# the two domains
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Domains:
    """Web (clean) and phone (corrupted) digit images; the two hold different instances.

    Attributes
    ----------
    web_images, web_y : arrays of shape (n_web, 8, 8) and (n_web,)
        Clean images and labels: the large source distribution.
    phone_images, phone_y : arrays of shape (n_phone, 8, 8) and (n_phone,)
        Corrupted images and labels: the target distribution you care about.
    phone_tags : pandas.DataFrame
        Boolean corruption tags per phone image (see :func:`phone_camera`).
    phone_clean : array of shape (n_phone, 8, 8)
        The phone images before corruption (to show what the camera did).
    web_index, phone_index : arrays of int
        Row numbers in ``sklearn.datasets.load_digits()`` of each image.
    """

    web_images: np.ndarray
    web_y: np.ndarray
    phone_images: np.ndarray
    phone_y: np.ndarray
    phone_tags: pd.DataFrame
    phone_clean: np.ndarray
    web_index: np.ndarray
    phone_index: np.ndarray

    @property
    def web_X(self) -> np.ndarray:  # noqa: N802 - X is the usual name for features
        """Web images flattened to a feature matrix of shape (n_web, 64)."""
        return self.web_images.reshape(len(self.web_images), -1)

    @property
    def phone_X(self) -> np.ndarray:  # noqa: N802 - X is the usual name for features
        """Phone images flattened to a feature matrix of shape (n_phone, 64)."""
        return self.phone_images.reshape(len(self.phone_images), -1)


def make_domains(
    seed: int = 0,
    n_phone: int = 600,
    *,
    probabilities: float | Mapping[str, float] | None = None,
    strengths: Mapping[str, tuple[float, float]] | None = None,
) -> Domains:
    """Split scikit-learn's digits into a clean "web" set and a corrupted "phone" set.

    The 1,797 digits are split (stratified by class, deterministically from ``seed``)
    into ``n_phone`` phone images and ``1797 - n_phone`` web images; with the default
    that is 1,197 web and 600 phone images.  The phone images then go through
    :func:`phone_camera` with the same seed.

    Parameters
    ----------
    seed : int, default 0
        Seed of the split and of the corruptions.
    n_phone : int, default 600
        Number of phone (target-distribution) images, between 20 and 1,777.
    probabilities, strengths : optional
        Passed on to :func:`phone_camera`.

    Returns
    -------
    Domains

    Examples
    --------
    >>> d = make_domains(seed=0)
    >>> d.web_X.shape, d.phone_X.shape
    ((1197, 64), (600, 64))
    >>> set(d.web_index) & set(d.phone_index)
    set()
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    seed = check_seed(seed)
    digits = load_digits()
    n_total = len(digits.target)
    n_phone = check_count(n_phone, "n_phone", low=20, high=n_total - 20)
    web_index, phone_index = train_test_split(
        np.arange(n_total),
        test_size=n_phone,
        stratify=digits.target,
        random_state=seed,
    )
    web_index = np.sort(web_index)
    phone_index = np.sort(phone_index)
    images = digits.images.astype(np.float64)
    phone_clean = images[phone_index]
    phone_images, tags = phone_camera(
        phone_clean, seed, probabilities=probabilities, strengths=strengths
    )
    return Domains(
        web_images=images[web_index],
        web_y=digits.target[web_index].copy(),
        phone_images=phone_images,
        phone_y=digits.target[phone_index].copy(),
        phone_tags=tags,
        phone_clean=phone_clean,
        web_index=web_index,
        phone_index=phone_index,
    )


# --------------------------------------------------------------------------------------
# plotting
# --------------------------------------------------------------------------------------


