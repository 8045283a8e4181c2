"""Handwritten digits from eight simulated regions, each with its own look.

The course's example: a cat-picture app collects data in eight regions (the US,
the UK, other European countries, South America, India, China, other Asian
countries and Australia). Here scikit-learn's 1,797 handwritten digits play the
pictures; each one is assigned to a region at random (with a seed) and then
changed by that region's *style* (a simulation built on :mod:`course_lib.data.domains`,
not real regional data). In the first four regions people use good cameras: the
pictures are clean, slightly tilted or slightly washed out. In the last four,
cheap cameras add strong sensor noise on top of such changes. The regions thus
differ the way real sources do: same task, different-looking inputs.

:func:`region_experiment` uses them to compare two ways of making dev and test
sets: by region (dev from the first four, test from the last four) and by shuffling.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from course_lib.data import corruptions
from course_lib.threads import one_thread

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REGIONS", "STYLES", "NOISE", "K_VALUES", "RegionalDigits", "regional_digits",
    "RegionExperiment", "region_experiment",
]

#: The eight regions, in the course's order.
REGIONS: tuple[str, ...] = (
    "US", "UK", "Other Europe", "South America", "India", "China", "Other Asia", "Australia",
)

#: What each region's pictures go through (read-only; pixel scale 0..16).
STYLES = MappingProxyType({
    "US": "unchanged",
    "UK": "rotated 8 degrees counter-clockwise",
    "Other Europe": "rotated 8 degrees clockwise",
    "South America": "contrast reduced to 80%",
    "India": "sensor noise (standard deviation 5)",
    "China": "slightly blurred (sigma 0.6 pixel), then sensor noise (5)",
    "Other Asia": "contrast reduced to 80%, then sensor noise (5)",
    "Australia": "rotated 8 degrees counter-clockwise, then sensor noise (5)",
})

#: Standard deviation of the sensor noise of the last four regions.
NOISE = 5.0

_Style = Callable[[np.ndarray, np.random.Generator], np.ndarray]


def _style(region: str) -> _Style:
    def noisy(inner: _Style) -> _Style:
        return lambda x, rng: corruptions.add_noise(inner(x, rng), NOISE, rng)

    styles: dict[str, _Style] = {
        "US": lambda x, rng: x.copy(),
        "UK": lambda x, rng: corruptions.rotate(x, 8.0),
        "Other Europe": lambda x, rng: corruptions.rotate(x, -8.0),
        "South America": lambda x, rng: corruptions.low_contrast(x, 0.8),
        "India": noisy(lambda x, rng: x),
        "China": noisy(lambda x, rng: corruptions.blur(x, 0.6)),
        "Other Asia": noisy(lambda x, rng: corruptions.low_contrast(x, 0.8)),
        "Australia": noisy(lambda x, rng: corruptions.rotate(x, 8.0)),
    }
    return styles[region]


@dataclass(frozen=True)
class RegionalDigits:
    """Digit pictures with the region each one comes from.

    Attributes
    ----------
    X : numpy.ndarray of shape (1797, 64)
        Pixel features after the region's style (scale 0..16).
    y : numpy.ndarray of shape (1797,)
        The digit, 0-9.
    region : numpy.ndarray of shape (1797,)
        The region name of each picture (strings from :data:`REGIONS`).
    """

    X: np.ndarray
    y: np.ndarray
    region: np.ndarray


@lru_cache(maxsize=4)
def _regional_digits(seed: int) -> RegionalDigits:
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = digits.images.astype(np.float64)
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(REGIONS), size=len(images))
    styled = np.empty_like(images)
    for k, name in enumerate(REGIONS):
        mask = which == k
        styled[mask] = _style(name)(images[mask], rng)
    region = np.array(REGIONS, dtype=object)[which].astype(str)
    X = styled.reshape(len(images), -1)
    for array in (X, region):
        array.setflags(write=False)
    y = digits.target.copy()
    y.setflags(write=False)
    return RegionalDigits(X, y, region)


def regional_digits(seed: int = 0) -> RegionalDigits:
    """The 1,797 digits, each assigned to a random region and given that region's style.

    Parameters
    ----------
    seed : int, default 0
        Seed of the region assignment and of the sensor noise.

    Returns
    -------
    RegionalDigits
        Read-only arrays (cached per seed); copy them before changing them.

    Examples
    --------
    >>> data = regional_digits(seed=0)
    >>> data.X.shape, sorted(set(data.region)) == sorted(REGIONS)
    ((1797, 64), True)
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    return _regional_digits(int(seed))


#: The numbers of neighbours the experiment tries.
K_VALUES: tuple[int, ...] = (1, 3, 5, 7, 9, 13, 19)

#: Column names of :attr:`RegionExperiment.errors`.
ERROR_COLUMNS: tuple[str, ...] = (
    "dev: regions 1-4", "test: regions 5-8", "dev: shuffled", "test: shuffled",
)


@dataclass(frozen=True)
class RegionExperiment:
    """Two ways of making dev/test sets from the same pictures, and k-NN errors on each.

    Attributes
    ----------
    data : RegionalDigits
        The pictures.
    train : numpy.ndarray
        Indices of the 900 training pictures (a random sample of all regions).
    region_dev, region_test : numpy.ndarray
        The other pictures split **by region**: dev = the first four regions of
        :data:`REGIONS`, test = the last four.
    shuffled_dev, shuffled_test : numpy.ndarray
        The same pictures **shuffled**, then cut in half (see
        :func:`course_lib.splits.shuffle_split`).
    errors : pandas.DataFrame
        Index ``k`` (:data:`K_VALUES`), columns :data:`ERROR_COLUMNS`: the error rate
        of a k-nearest-neighbour classifier trained on ``train`` on each set.
    """

    data: RegionalDigits
    train: np.ndarray
    region_dev: np.ndarray
    region_test: np.ndarray
    shuffled_dev: np.ndarray
    shuffled_test: np.ndarray
    errors: pd.DataFrame


@lru_cache(maxsize=4)
def _region_experiment(seed: int) -> RegionExperiment:
    import pandas as pd
    from sklearn.neighbors import KNeighborsClassifier

    from course_lib.splits import shuffle_split

    data = regional_digits(seed)
    n = len(data.y)
    train, pool = shuffle_split(n, (900, n - 900), seed)
    first_four = np.isin(data.region[pool], REGIONS[:4])
    region_dev, region_test = pool[first_four], pool[~first_four]
    half = len(pool) // 2
    dev_pos, test_pos = shuffle_split(len(pool), (half, len(pool) - half), seed + 1)
    shuffled_dev, shuffled_test = pool[dev_pos], pool[test_pos]
    sets = (region_dev, region_test, shuffled_dev, shuffled_test)
    rows = {}
    with one_thread():  # small problem: one thread is fastest
        for k in K_VALUES:
            model = KNeighborsClassifier(n_neighbors=k).fit(data.X[train], data.y[train])
            wrong = model.predict(data.X) != data.y
            rows[k] = [float(wrong[idx].mean()) for idx in sets]
    errors = pd.DataFrame.from_dict(rows, orient="index", columns=list(ERROR_COLUMNS))
    errors.index.name = "k"
    return RegionExperiment(data, train, *sets, errors)


def region_experiment(seed: int = 0) -> RegionExperiment:
    """Compare a dev/test split by region with a shuffled one, tuning k of a k-NN classifier.

    900 random pictures (from every region) train a k-nearest-neighbour classifier
    for each k in :data:`K_VALUES`. The remaining 897 pictures are split two ways,
    by region and by shuffling, and the error of every k is measured on the four
    sets. With the region split the dev set has good-camera pictures only and the
    test set noisy ones, so the dev set favours a different k than the test set
    and promises an error the test set does not confirm.

    Parameters
    ----------
    seed : int, default 0
        Seed of :func:`regional_digits` and of both shuffles.

    Returns
    -------
    RegionExperiment
        Cached per seed; ``errors`` is a copy, safe to change.

    Examples
    --------
    >>> exp = region_experiment(seed=0)
    >>> list(exp.errors.index) == list(K_VALUES), len(exp.train)
    (True, 900)
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    cached = _region_experiment(int(seed))
    return RegionExperiment(
        cached.data, cached.train, cached.region_dev, cached.region_test,
        cached.shuffled_dev, cached.shuffled_test, cached.errors.copy(),
    )
