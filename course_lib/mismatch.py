"""Training and testing on different distributions: splits, shuffled dev sets, tag error rates.

Deep learning wants a lot of training data, so teams often train on a large *source*
distribution (pictures crawled from the web, years of general speech) while the product
sees a smaller *target* distribution (pictures taken with the app, speech in a car).
The rule of the course: **dev and test sets come from the target distribution**, because
the dev set says where the team aims.  The big source set goes into training, together
with whatever target data is left.

This module holds the arithmetic and the bookkeeping of that decision:

* :func:`expected_target_in_dev` -- how many target examples a dev set gets on average
  if you shuffle everything together first (option 1, the one to avoid);
* :func:`shuffled_dev_error` -- the error such a shuffled dev set would report: mostly
  the source error, whatever happens on the target;
* :func:`mismatched_split` -- option 2: dev and test drawn from the target only, the
  rest (all source data and the remaining target data) for training;
* :func:`training_dev_split` -- carve a training-dev set out of the training set, to
  tell variance from data mismatch;
* :func:`error_rate_by_tag` -- error rate of the dev images that carry each tag
  (e.g. each phone-camera corruption), a first look at *how* the target data differ.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = [
    "NO_TAG",
    "error_rate_by_tag",
    "expected_target_in_dev",
    "mismatched_split",
    "shuffled_dev_error",
    "training_dev_split",
]

NO_TAG = "none"
"""Row name used by :func:`error_rate_by_tag` for the examples that carry no tag."""


# --------------------------------------------------------------------------------------
# input checking
# --------------------------------------------------------------------------------------


def _count(value: Any, name: str, *, low: int = 0) -> int:
    """A whole number (not a bool) of at least ``low``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number (int), got {type(value).__name__}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return value


def _rate(value: Any, name: str) -> float:
    """An error rate: a finite real number in [0, 1] (not a bool)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be an error rate (a number), got {type(value).__name__}")
    value = float(value)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        hint = " (a fraction: write 0.05 for 5%)" if 1.0 < value <= 100.0 else ""
        raise ValueError(f"{name} must be between 0 and 1{hint}, got {value:g}")
    return value


def _seed(seed: Any) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _mask(values: Any, name: str) -> np.ndarray:
    """A 1-D boolean mask (booleans, or 0/1 integers)."""
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError(
            f"{name} must be a list or array of True/False, got {type(values).__name__}"
        )
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype == bool:
        return arr.copy()
    if arr.size == 0 or (arr.dtype.kind in "iu" and np.isin(arr, (0, 1)).all()):
        return arr.astype(bool)
    raise TypeError(f"{name} must hold True/False (or 0/1) values, got {arr.dtype} values")


# --------------------------------------------------------------------------------------
# option 1: shuffle everything together
# --------------------------------------------------------------------------------------


def expected_target_in_dev(n_source: int, n_target: int, dev_size: int) -> float:
    """Average number of target examples in a dev set drawn after shuffling all data together.

    If ``n_source + n_target`` examples are shuffled and the first ``dev_size`` become
    the dev set, each dev slot holds a target example with probability
    ``n_target / (n_source + n_target)``, so on average the dev set holds
    ``dev_size * n_target / (n_source + n_target)`` of them (the real count varies
    around it from one shuffle to the next).

    Parameters
    ----------
    n_source : int
        Number of examples from the other, larger distribution (e.g. web pictures).
    n_target : int
        Number of examples from the distribution you care about (e.g. app pictures).
    dev_size : int
        Size of the dev set, at most ``n_source + n_target``.

    Returns
    -------
    float
        The expected number of target examples in the dev set.

    Raises
    ------
    TypeError
        If a count is not a whole number.
    ValueError
        If a count is negative, there is no data, or the dev set is bigger than the data.

    Examples
    --------
    >>> round(expected_target_in_dev(200_000, 10_000, 2_500), 2)
    119.05
    >>> expected_target_in_dev(1_197, 600, 0)
    0.0
    """
    n_source = _count(n_source, "n_source")
    n_target = _count(n_target, "n_target")
    dev_size = _count(dev_size, "dev_size")
    total = n_source + n_target
    if total == 0:
        raise ValueError("n_source + n_target must be positive: there is no data to split")
    if dev_size > total:
        raise ValueError(
            f"dev_size ({dev_size}) cannot be larger than all the data ({total} examples)"
        )
    return dev_size * n_target / total


def shuffled_dev_error(
    source_error: float, target_error: float, n_source: int, n_target: int
) -> float:
    """Error a shuffled (option 1) dev set reports, on average, for a model.

    A dev set drawn at random from the pooled data holds the two distributions in the
    proportions of the pool, so its expected error is the pool-weighted average
    ``(n_source * source_error + n_target * target_error) / (n_source + n_target)``.
    With 200,000 web and 10,000 app pictures the app error counts for less than 5%
    of that number, which is why such a dev set aims the team at the wrong target.

    Parameters
    ----------
    source_error, target_error : float in [0, 1]
        The model's error rate on each distribution.
    n_source, n_target : int
        How many examples of each distribution were pooled.

    Returns
    -------
    float
        The expected error rate on the shuffled dev set.

    Examples
    --------
    >>> round(shuffled_dev_error(0.01, 0.30, 200_000, 10_000), 4)
    0.0238
    >>> round(shuffled_dev_error(0.03, 0.20, 200_000, 10_000), 4)
    0.0381
    """
    source_error = _rate(source_error, "source_error")
    target_error = _rate(target_error, "target_error")
    n_source = _count(n_source, "n_source")
    n_target = _count(n_target, "n_target")
    total = n_source + n_target
    if total == 0:
        raise ValueError("n_source + n_target must be positive: there is no data")
    return (n_source * source_error + n_target * target_error) / total


# --------------------------------------------------------------------------------------
# option 2: dev and test from the target distribution only
# --------------------------------------------------------------------------------------


def mismatched_split(
    is_target: Any, dev_size: int, test_size: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Option 2: dev and test sets from the target distribution, everything else to training.

    The target examples are shuffled with ``seed``; the first ``dev_size`` form the dev
    set, the next ``test_size`` the test set.  The training set gets every source
    example and the target examples that are left.

    Parameters
    ----------
    is_target : array-like of bool, shape (n,)
        ``True`` for each example of the pooled data that comes from the target
        distribution (e.g. a phone picture), ``False`` for the source (web).
    dev_size, test_size : int
        Sizes of the dev and test sets; together at most the number of target examples.
    seed : int, default 0
        Seed of the shuffle.

    Returns
    -------
    train, dev, test : numpy.ndarray of int
        Row numbers into the pooled data, each sorted; together they hold every row once.

    Raises
    ------
    TypeError
        If ``is_target`` is not a boolean mask or a size is not a whole number.
    ValueError
        If there are not enough target examples for both sets.

    Examples
    --------
    >>> is_target = [False] * 6 + [True] * 4
    >>> train, dev, test = mismatched_split(is_target, dev_size=1, test_size=1, seed=0)
    >>> len(train), len(dev), len(test)
    (8, 1, 1)
    >>> bool(set(dev) | set(test) <= {6, 7, 8, 9}), bool(set(range(6)) <= set(train))
    (True, True)
    """
    mask = _mask(is_target, "is_target")
    dev_size = _count(dev_size, "dev_size")
    test_size = _count(test_size, "test_size")
    seed = _seed(seed)
    target = np.flatnonzero(mask)
    if dev_size + test_size > len(target):
        raise ValueError(
            f"dev_size + test_size = {dev_size + test_size}, but there are only "
            f"{len(target)} target examples to draw them from"
        )
    shuffled = np.random.default_rng(seed).permutation(target)
    dev = np.sort(shuffled[:dev_size])
    test = np.sort(shuffled[dev_size : dev_size + test_size])
    held_out = np.zeros(len(mask), dtype=bool)
    held_out[dev] = True
    held_out[test] = True
    train = np.flatnonzero(~held_out)
    return train, dev, test


def training_dev_split(
    train: Any, train_dev_size: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Carve a training-dev set out of a training set, at random.

    The training-dev set has the *training* distribution but the model never trains on
    it, so ``training-dev error - training error`` measures variance and
    ``dev error - training-dev error`` measures data mismatch.

    Parameters
    ----------
    train : array-like of int
        Row numbers of the training set (e.g. the first result of
        :func:`mismatched_split`).
    train_dev_size : int
        How many of them to hold out, fewer than ``len(train)``.
    seed : int, default 0
        Seed of the random choice.

    Returns
    -------
    train_proper, train_dev : numpy.ndarray of int
        The rows the model trains on and the held-out rows, each sorted.

    Examples
    --------
    >>> rest, held = training_dev_split(range(10), 3, seed=0)
    >>> len(rest), len(held), sorted(set(rest) | set(held)) == list(range(10))
    (7, 3, True)
    """
    if isinstance(train, (str, bytes)) or train is None:
        raise TypeError(f"train must be a list or array of row numbers, got {type(train).__name__}")
    rows = np.asarray(list(train) if not isinstance(train, np.ndarray) else train)
    if rows.ndim != 1 or (rows.size and rows.dtype.kind not in "iu"):
        raise TypeError("train must be a one-dimensional list or array of integer row numbers")
    if len(np.unique(rows)) != len(rows):
        raise ValueError("train lists the same row more than once")
    train_dev_size = _count(train_dev_size, "train_dev_size")
    if train_dev_size >= len(rows):
        raise ValueError(
            f"train_dev_size ({train_dev_size}) must be smaller than the training set "
            f"({len(rows)} rows): something has to be left to train on"
        )
    seed = _seed(seed)
    picked = np.random.default_rng(seed).permutation(len(rows))[:train_dev_size]
    held = np.zeros(len(rows), dtype=bool)
    held[picked] = True
    return np.sort(rows[~held]).astype(np.int64), np.sort(rows[held]).astype(np.int64)


# --------------------------------------------------------------------------------------
# how do the target data differ? error rate per tag
# --------------------------------------------------------------------------------------


def error_rate_by_tag(tags: pd.DataFrame, wrong: Any) -> pd.Series:
    """Error rate among the examples carrying each tag, and among those with no tag.

    ``tally_errors`` in :mod:`course_lib.error_analysis` asks "what share of the
    mistakes has this tag?".  This asks the complementary question "how often is the
    model wrong on an example with this tag?", which compares tags of different
    frequency fairly and shows how much *harder* each kind of target example is than
    a clean one.

    Parameters
    ----------
    tags : pandas.DataFrame
        One row per evaluated example, one boolean column per tag (e.g. the
        ``phone_tags`` of :func:`course_lib.domains.make_domains`).
    wrong : array-like of bool, shape (len(tags),)
        ``True`` where the model's prediction is wrong.

    Returns
    -------
    pandas.Series
        Indexed by the tag names in column order, then :data:`NO_TAG` (``"none"``) for
        the examples without any tag; each value is the fraction of those examples the
        model gets wrong (NaN when no example carries the tag).

    Examples
    --------
    >>> import pandas as pd
    >>> tags = pd.DataFrame({"blur": [True, True, False, False],
    ...                      "noise": [False, True, True, False]})
    >>> error_rate_by_tag(tags, [True, False, True, False]).to_dict()
    {'blur': 0.5, 'noise': 0.5, 'none': 0.0}
    """
    import pandas as pd

    if not isinstance(tags, pd.DataFrame):
        raise TypeError(f"tags must be a pandas DataFrame, got {type(tags).__name__}")
    wrong_mask = _mask(wrong, "wrong")
    if len(wrong_mask) != len(tags):
        raise ValueError(
            f"wrong must have one entry per row of tags, got {len(wrong_mask)} and {len(tags)}"
        )
    if NO_TAG in tags.columns:
        raise ValueError(f"{NO_TAG!r} is reserved for untagged examples; rename that column")
    columns = {str(c): _mask(tags[c].to_numpy(), f"tags[{c!r}]") for c in tags.columns}
    any_tag = np.zeros(len(tags), dtype=bool)
    rates: dict[str, float] = {}
    for name, column in columns.items():
        any_tag |= column
        rates[name] = float(wrong_mask[column].mean()) if column.any() else float("nan")
    untagged = ~any_tag
    rates[NO_TAG] = float(wrong_mask[untagged].mean()) if untagged.any() else float("nan")
    return pd.Series(rates, name="error_rate", dtype=float)
