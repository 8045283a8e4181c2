"""Splitting examples into train/dev/test, and measuring how different two sets are.

Dev and test sets must come from the **same** distribution -- the data you expect
in the future and care about doing well on. The safe way to get that is to pool
all such data, shuffle it, then cut it into pieces (:func:`shuffle_split`). Cutting
by some attribute instead -- dev from some regions, test from the others -- aims
the team at one target and then scores it on another. :func:`mix_distance`
measures how differently two sets are made up of groups (regions, devices, ...).
"""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["shuffle_split", "mix_distance"]


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
