"""Splitting data into train / dev / test sets, when the data come from one or two distributions.

Dev and test sets must come from the **same** distribution -- the data you expect in the
future and care about doing well on. With one distribution, the safe way is to pool it,
shuffle it and cut it into pieces (:func:`shuffle_split`); cutting by some attribute
instead (dev from some regions, test from the others) aims the team at one target and then
scores it on another. :func:`mix_distance` measures how differently two sets are made up
of groups (regions, devices, ...).

Often there are two: a large *source* distribution for training (pictures crawled from the
web) and a smaller *target* one the product sees (pictures taken with the app). The rule:
**dev and test sets come from the target distribution**, and the source data go into
training with whatever target data is left.

* :func:`expected_target_in_dev` -- how many target examples a dev set gets on average if
  you shuffle everything together first (the option to avoid);
* :func:`shuffled_dev_error` -- the error such a shuffled dev set would report: mostly the
  source error, whatever happens on the target;
* :func:`mismatched_split` -- dev and test from the target only, the rest for training;
* :func:`training_dev_split` -- carve a training-dev set out of the training set, to tell
  variance from data mismatch.
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from course_lib.validation import check_count, check_fraction, check_mask, check_seed

__all__ = [
    "expected_target_in_dev",
    "mismatched_split",
    "mix_distance",
    "shuffle_split",
    "shuffled_dev_error",
    "training_dev_split",
]


def shuffle_split(
    n_examples: int, sizes: Sequence[int], seed: int | np.random.Generator = 0
) -> tuple[np.ndarray, ...]:
    """Shuffle the indices ``0 .. n_examples - 1``, then cut them into consecutive pieces.

    The shuffle is ``np.random.default_rng(seed).permutation(n_examples)``; the first
    ``sizes[0]`` shuffled indices form the first piece, the next ``sizes[1]`` the
    second, and so on. Every piece is therefore a uniformly random subset, so all
    pieces share the distribution of the pooled data.

    Parameters
    ----------
    n_examples : int
        Number of examples (at least 1).
    sizes : sequence of int
        Size of each piece, each at least 0, summing to at most ``n_examples``
        (indices left over belong to no piece).
    seed : int or numpy.random.Generator, default 0
        Seed of the shuffle.

    Returns
    -------
    tuple of numpy.ndarray
        One int64 index array per piece, in shuffled order.

    Raises
    ------
    TypeError
        If a count is not a whole number or ``seed`` is not an int/Generator.
    ValueError
        If a count is negative or the sizes add up to more than ``n_examples``.

    Examples
    --------
    >>> dev, test = shuffle_split(10, [5, 5], seed=0)
    >>> sorted(dev.tolist() + test.tolist()) == list(range(10))
    True
    >>> [len(p) for p in shuffle_split(1_000_000, [980_000, 10_000, 10_000])]
    [980000, 10000, 10000]
    """
    if isinstance(n_examples, bool) or not isinstance(n_examples, numbers.Integral):
        raise TypeError(f"n_examples must be a whole number, got {type(n_examples).__name__}")
    if n_examples < 1:
        raise ValueError(f"n_examples must be at least 1, got {n_examples}")
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence | np.ndarray):
        raise TypeError(f"sizes must be a list of whole numbers, got {type(sizes).__name__}")
    counts = []
    for k, size in enumerate(sizes):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"sizes[{k}] must be a whole number, got {type(size).__name__}")
        if size < 0:
            raise ValueError(f"sizes[{k}] must not be negative, got {size}")
        counts.append(int(size))
    if sum(counts) > n_examples:
        raise ValueError(
            f"the sizes add up to {sum(counts)}, more than the {n_examples} examples available"
        )
    if not (isinstance(seed, np.random.Generator)
            or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool))):
        raise TypeError(f"seed must be an int or a numpy Generator, got {type(seed).__name__}")
    order = np.random.default_rng(seed).permutation(int(n_examples)).astype(np.int64)
    bounds = np.cumsum([0, *counts])
    return tuple(order[start:stop] for start, stop in zip(bounds[:-1], bounds[1:], strict=True))


def _labels(values: Any, name: str) -> list[Any]:
    if isinstance(values, (str, bytes)) or values is None or isinstance(values, (dict, set)):
        raise TypeError(
            f"{name} must be a list or array with one group label per example, "
            f"got {type(values).__name__}"
        )
    labels = np.asarray(values, dtype=object)
    if labels.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {labels.shape}")
    if labels.size == 0:
        raise ValueError(f"{name} is empty: a set with no example has no mix of groups")
    return labels.tolist()


def mix_distance(groups_a: Any, groups_b: Any) -> float:
    """How differently two sets are made up of groups: the total variation distance.

    With ``p_a(g)`` the share of set A's examples in group ``g`` (and ``p_b`` for B),
    the distance is ``0.5 * sum over all groups of |p_a(g) - p_b(g)|``: ``0`` when the
    two sets have the same mix, ``1`` when they have no group in common. It is also
    the share of one set you would have to move to other groups to match the other.

    Parameters
    ----------
    groups_a, groups_b : array-like
        One group label (e.g. a region name) per example of each set; not empty.
        The sets may have different sizes.

    Returns
    -------
    float
        A number in ``[0, 1]``.

    Examples
    --------
    >>> mix_distance(["US", "UK", "US", "UK"], ["UK", "US"])
    0.0
    >>> mix_distance(["US", "UK"], ["India", "China"])
    1.0
    >>> mix_distance(["US", "US", "US", "UK"], ["US", "UK"])
    0.25
    """
    a = Counter(_labels(groups_a, "groups_a"))
    b = Counter(_labels(groups_b, "groups_b"))
    n_a, n_b = sum(a.values()), sum(b.values())
    total = sum(abs(a[g] / n_a - b[g] / n_b) for g in set(a) | set(b))
    return float(min(1.0, 0.5 * total))


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
    n_source = check_count(n_source, "n_source")
    n_target = check_count(n_target, "n_target")
    dev_size = check_count(dev_size, "dev_size")
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
    source_error = check_fraction(source_error, "source_error")
    target_error = check_fraction(target_error, "target_error")
    n_source = check_count(n_source, "n_source")
    n_target = check_count(n_target, "n_target")
    total = n_source + n_target
    if total == 0:
        raise ValueError("n_source + n_target must be positive: there is no data")
    return (n_source * source_error + n_target * target_error) / total


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
    mask = check_mask(is_target, "is_target")
    dev_size = check_count(dev_size, "dev_size")
    test_size = check_count(test_size, "test_size")
    seed = check_seed(seed)
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
    train_dev_size = check_count(train_dev_size, "train_dev_size")
    if train_dev_size >= len(rows):
        raise ValueError(
            f"train_dev_size ({train_dev_size}) must be smaller than the training set "
            f"({len(rows)} rows): something has to be left to train on"
        )
    seed = check_seed(seed)
    picked = np.random.default_rng(seed).permutation(len(rows))[:train_dev_size]
    held = np.zeros(len(rows), dtype=bool)
    held[picked] = True
    return np.sort(rows[~held]).astype(np.int64), np.sort(rows[held]).astype(np.int64)
