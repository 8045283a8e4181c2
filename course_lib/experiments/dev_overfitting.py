"""Overfitting the dev set: pick the best of many ideas on a small dev set, then look at test.

Week 1, notebook 06. Each *idea* is a simple digit reader: a nearest-centroid classifier that
looks at a random handful of the 64 pixels of scikit-learn's 8x8 digits (which pixels, and
how many, differ from idea to idea). All ideas are trained once on the same training images.
A team "tries" ideas one after another and keeps the one with the lowest **dev** error; this
module measures, as a function of the number of ideas tried, the dev error of the kept idea
and its error on a separate **test** set from the same distribution.

The more ideas are tried, the lower the kept idea's dev error, partly because it is better
and partly because it was *lucky* on those dev examples; the test set was never used to
choose, so it shows what the idea is really worth. ``test - dev`` grows with the number of
ideas tried -- the dev set is being overfit -- and a bigger dev set makes it grow far less.
Each repeat draws a new dev set, test set and order of ideas from the same images, and the
curves are averages over repeats.

Examples
--------
>>> table = tuning_experiment(dev_sizes=(50, 400), n_ideas=60, n_repeats=20, seed=0)
>>> bool(table.loc[50, "gap"].iloc[-1] > table.loc[400, "gap"].iloc[-1])
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from course_lib.threads import one_thread
from course_lib.validation import check_count, check_seed

__all__ = ["IdeaPool", "idea_pool", "tuning_experiment"]

#: Training images of every idea; the other images of the digits set form the pool that
#: dev and test sets are drawn from.
N_TRAIN = 600
#: Test images of each repeat (drawn from the pool, never overlapping the dev set).
N_TEST = 597
#: How many pixels an idea looks at: between these two numbers (inclusive).
PIXELS = (6, 20)


@dataclass(frozen=True)
class IdeaPool:
    """Which pool image each idea reads correctly.

    Attributes
    ----------
    correct : numpy.ndarray of bool, shape (n_ideas, n_pool)
        ``correct[i, j]`` is True when idea ``i`` reads pool image ``j`` right (read-only).
    pixels : tuple of tuple of int
        The pixels each idea looks at.
    """

    correct: np.ndarray
    pixels: tuple[tuple[int, ...], ...]

    @property
    def true_errors(self) -> np.ndarray:
        """Each idea's error on the whole pool: as close to its true error as these data get."""
        return 1.0 - self.correct.mean(axis=1)


@lru_cache(maxsize=4)
def _pool(n_ideas: int, seed: int) -> IdeaPool:
    from sklearn.datasets import load_digits

    digits = load_digits()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(digits.target))
    X, y = digits.data[order], digits.target[order]
    X_train, y_train, X_pool, y_pool = X[:N_TRAIN], y[:N_TRAIN], X[N_TRAIN:], y[N_TRAIN:]
    centroids = np.stack([X_train[y_train == c].mean(axis=0) for c in range(10)])
    squared = ((X_pool[:, None, :] - centroids[None, :, :]) ** 2).reshape(-1, 64)
    masks = np.zeros((n_ideas, 64))
    pixels = []
    for i in range(n_ideas):
        k = int(rng.integers(PIXELS[0], PIXELS[1] + 1))
        chosen = np.sort(rng.choice(64, size=k, replace=False))
        masks[i, chosen] = 1.0
        pixels.append(tuple(int(p) for p in chosen))
    with one_thread():
        distances = (squared @ masks.T).reshape(len(y_pool), 10, n_ideas)
    correct = np.ascontiguousarray((distances.argmin(axis=1) == y_pool[:, None]).T)
    correct.flags.writeable = False
    return IdeaPool(correct, tuple(pixels))


def idea_pool(n_ideas: int = 300, seed: int = 0) -> IdeaPool:
    """The ideas of the experiment, trained once (cached per ``n_ideas`` and ``seed``).

    Parameters
    ----------
    n_ideas : int, default 300
        Number of ideas (at least 1).
    seed : int, default 0
        Seed of the training/pool split and of each idea's pixels.

    Examples
    --------
    >>> pool = idea_pool(n_ideas=10, seed=0)
    >>> pool.correct.shape
    (10, 1197)
    >>> bool(0.0 < pool.true_errors.min() < 0.5)
    True
    """
    return _pool(check_count(n_ideas, "n_ideas", low=1), check_seed(seed))


def tuning_experiment(dev_sizes: Sequence[int] = (50, 500), n_ideas: int = 300,
                      n_repeats: int = 200, seed: int = 0) -> Any:
    """Dev and test error of the best idea so far, against the number of ideas tried.

    Parameters
    ----------
    dev_sizes : sequence of int, default (50, 500)
        Dev-set sizes to compare, each between 1 and 600.
    n_ideas : int, default 300
        Ideas tried, one after another, in a random order per repeat.
    n_repeats : int, default 200
        Repeats to average over; each draws its own dev and test sets and order of ideas.
    seed : int, default 0
        Seed of the ideas and of the repeats.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(dev size, ideas tried)``; columns ``"dev_error"`` (of the idea kept so
        far, on the dev set that chose it), ``"test_error"`` (of the same idea on the test set)
        and ``"gap"`` (test minus dev), each averaged over the repeats.

    Raises
    ------
    ValueError
        If a dev size is outside ``[1, 600]`` or ``dev_sizes`` is empty.

    Examples
    --------
    >>> t = tuning_experiment(dev_sizes=(100,), n_ideas=5, n_repeats=3)
    >>> t.index.names, list(t.columns)
    (FrozenList(['dev size', 'ideas tried']), ['dev_error', 'test_error', 'gap'])
    """
    import pandas as pd

    if isinstance(dev_sizes, (str, bytes)) or len(dev_sizes) == 0:
        raise ValueError("dev_sizes must be a non-empty sequence of dev-set sizes")
    sizes = [check_count(n, "each dev size", low=1, high=600) for n in dev_sizes]
    ideas = check_count(n_ideas, "n_ideas", low=1)
    repeats = check_count(n_repeats, "n_repeats", low=1)
    pool = idea_pool(ideas, seed)
    rng = np.random.default_rng([check_seed(seed), 1])
    n_pool = pool.correct.shape[1]
    right = pool.correct.astype(float)
    steps = np.arange(ideas)
    frames = []
    for size in sizes:
        dev_mask = np.zeros((n_pool, repeats))
        test_mask = np.zeros((n_pool, repeats))
        for r in range(repeats):
            images = rng.permutation(n_pool)
            dev_mask[images[:size], r] = 1.0
            test_mask[images[n_pool - N_TEST:], r] = 1.0
        with one_thread():
            dev_error = 1.0 - (right @ dev_mask).T / size  # (repeats, ideas)
            test_error = 1.0 - (right @ test_mask).T / N_TEST
        order = np.argsort(rng.random((repeats, ideas)), axis=1)  # each repeat's order of ideas
        dev_error = np.take_along_axis(dev_error, order, axis=1)
        test_error = np.take_along_axis(test_error, order, axis=1)
        best = np.minimum.accumulate(dev_error, axis=1)
        best_before = np.concatenate([np.full((repeats, 1), np.inf), best[:, :-1]], axis=1)
        kept = np.maximum.accumulate(np.where(dev_error < best_before, steps, 0), axis=1)
        frames.append(pd.DataFrame({
            "dev size": size, "ideas tried": steps + 1,
            "dev_error": np.take_along_axis(dev_error, kept, axis=1).mean(axis=0),
            "test_error": np.take_along_axis(test_error, kept, axis=1).mean(axis=0)}))
    table = pd.concat(frames).set_index(["dev size", "ideas tried"])
    table["gap"] = table["test_error"] - table["dev_error"]
    return table
