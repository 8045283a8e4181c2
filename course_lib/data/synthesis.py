"""Artificial data synthesis: make clean training images look like phone pictures.

When error analysis shows a *data mismatch* (the model is fine on held-out web images
but poor on phone images), one remedy is to synthesise target-like training data:
take the plentiful clean images and add the corruptions the phone camera produces.

The catch: the corruptions you add are drawn from whatever library of "patterns" you
have.  In the course's speech example, one hour of car noise is laid under 10,000
hours of clean speech: to a listener every clip sounds like it was recorded in a
car, yet the model hears the *same* hour of noise again and again and can learn that
particular hour instead of car noise in general.  :func:`synthesize` lets you run
that experiment on digits: ``n_patterns=1`` reuses one corruption pattern (one noise
field, one occluder position, one blur, one tilt...) for every image, ``n_patterns=None``
draws a fresh pattern for every image.  With a single pattern the synthetic set covers
a tiny corner of the real phone distribution, and the model overfits to it: the
phone error barely moves (or gets worse), while many distinct patterns lower it.

Pixel values use the digits scale 0..16, as in :mod:`course_lib.data.domains`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.corruptions import CORRUPTIONS, check_images, check_strengths, sample_recipe
from course_lib.validation import check_count, check_real, check_rng

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = ["Synthesized", "synthesize"]


@dataclass(frozen=True)
class Synthesized:
    """Result of :func:`synthesize`.

    Attributes
    ----------
    images : numpy.ndarray of shape (n, height, width)
        The synthetic (corrupted) images, in the same order as the input images, so the
        input labels still apply.
    pattern_ids : numpy.ndarray of int, shape (n,)
        Which pattern each image received (0 .. n_patterns - 1).
    patterns : pandas.DataFrame
        One row per pattern: boolean columns ``"blur"``, ``"noise"``, ``"low_contrast"``,
        ``"rotation"``, ``"occlusion"`` and the strengths used (``blur_sigma``,
        ``noise_std``, ``contrast_factor``, ``rotation_degrees``, ``occlusion_size``;
        NaN when that corruption is absent).
    tags : pandas.DataFrame
        The boolean corruption columns per image (the pattern's row for each image).
    """

    images: np.ndarray
    pattern_ids: np.ndarray
    patterns: pd.DataFrame
    tags: pd.DataFrame

    @property
    def X(self) -> np.ndarray:  # noqa: N802 - X is the usual name for features
        """The synthetic images flattened to a feature matrix (n, height * width)."""
        return self.images.reshape(len(self.images), -1)

    @property
    def n_patterns(self) -> int:
        """Number of distinct corruption patterns used."""
        return len(self.patterns)


def _check_corruptions(corruptions: Any) -> tuple[str, ...]:
    if isinstance(corruptions, str):
        corruptions = (corruptions,)
    if not isinstance(corruptions, Iterable):
        raise TypeError(
            f"corruptions must be a name or a list of names from {CORRUPTIONS}, "
            f"got {type(corruptions).__name__}"
        )
    names = tuple(corruptions)
    if not names:
        raise ValueError(f"corruptions must name at least one of {CORRUPTIONS}")
    unknown = [name for name in names if name not in CORRUPTIONS]
    if unknown:
        raise ValueError(f"unknown corruption(s) {unknown}; expected names from {CORRUPTIONS}")
    if len(set(names)) != len(names):
        raise ValueError(f"corruptions contains duplicates: {list(names)}")
    return names


def synthesize(
    images: Any,
    corruptions: str | Iterable[str] = CORRUPTIONS,
    *,
    n_patterns: int | None = None,
    probability: float = 0.5,
    strengths: Mapping[str, tuple[float, float]] | None = None,
    seed: int | np.random.Generator = 0,
) -> Synthesized:
    """Add synthetic phone-camera corruptions to clean images.

    A *pattern* is one concrete corruption: a subset of ``corruptions``, a strength
    for each, and -- for noise and occlusion -- one concrete noise field and one
    occluder position.  Each pattern contains each listed corruption with
    ``probability``, and at least one of them (an empty pattern would just copy the
    image).  Strengths are drawn from the same ranges as
    :func:`course_lib.data.domains.phone_camera` unless ``strengths`` says otherwise.

    ``n_patterns`` controls how varied the synthetic data is:

    * ``None`` (default): every image gets its own freshly drawn pattern.
    * ``k``: only ``k`` patterns are drawn and shared out evenly (in random order)
      among the images.  ``n_patterns=1`` adds the *identical* corruption to every
      image -- the same noise field, the same occluder, the same tilt.

    Overfitting risk: a model trained on data synthesised from few patterns can learn
    those particular patterns rather than the corruption in general, just as a speech
    model trained on one repeated hour of car noise learns that hour.  To a human the
    synthetic images all look "phone-like"; to the model they are a small, repetitive
    subset of what a phone camera really produces.  Prefer many distinct patterns,
    and always judge synthesis by the error on a real target-distribution dev set.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Clean images with pixel values in [0, 16] (e.g. ``make_domains().web_images``).
    corruptions : str or iterable of str, default all five
        Which of ``"blur"``, ``"noise"``, ``"low_contrast"``, ``"rotation"``,
        ``"occlusion"`` to synthesise -- e.g. only the ones error analysis blamed.
    n_patterns : int or None, default None
        Number of distinct patterns, between 1 and ``n``; ``None`` means ``n``.
    probability : float in (0, 1], default 0.5
        Chance that a pattern contains each listed corruption.
    strengths : mapping, optional
        Ranges to draw strengths from, e.g. ``{"rotation": (5.0, 15.0)}``.
    seed : int or numpy.random.Generator, default 0
        Seed of all random choices.

    Returns
    -------
    Synthesized
        ``.images`` (same order as the input), ``.pattern_ids``, ``.patterns``, ``.tags``.

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((5, 8, 8), 8.0)
    >>> one = synthesize(grey, "noise", n_patterns=1, seed=0)
    >>> bool(np.allclose(one.images - grey, one.images[0] - grey[0]))
    True
    >>> many = synthesize(grey, "noise", seed=0)
    >>> many.n_patterns, bool(np.allclose(many.images[0], many.images[1]))
    (5, False)
    """
    import pandas as pd

    imgs = check_images(images)
    names = _check_corruptions(corruptions)
    n = imgs.shape[0]
    if n_patterns is None:
        k = n
    else:
        k = check_count(n_patterns, "n_patterns", low=1, high=n)
    probability = check_real(probability, "probability", low=0.0, high=1.0)
    if probability == 0.0:
        raise ValueError("probability must be greater than 0, got 0")
    ranges = check_strengths(strengths)
    rng = check_rng(seed)

    probs = {name: (probability if name in names else 0.0) for name in CORRUPTIONS}
    recipes = [sample_recipe(rng, imgs.shape[1:], probs, ranges, force_one=True) for _ in range(k)]
    pattern_ids = rng.permutation(np.arange(n) % k)

    out = np.empty_like(imgs)
    for p, recipe in enumerate(recipes):
        members = np.flatnonzero(pattern_ids == p)
        if members.size:
            out[members] = recipe.apply(imgs[members])

    patterns = pd.DataFrame(
        [{**recipe.tags(), **recipe.strengths()} for recipe in recipes],
    )
    patterns.index.name = "pattern"
    tag_columns = list(CORRUPTIONS)
    tags = patterns[tag_columns].iloc[pattern_ids].reset_index(drop=True).astype(bool)
    return Synthesized(images=out, pattern_ids=pattern_ids, patterns=patterns, tags=tags)
