"""How the size of the training set sets how many ideas a team can try (week 2 · 03).

A team improves a system by trying ideas -- another architecture, another learning rate,
some regularisation -- and keeping the ones that lower the dev error. How many ideas it
can try in a month depends on what one experiment costs, and that cost grows with the
amount of data each experiment trains on. Training on a subset makes each experiment
cheaper, so more ideas fit in the same budget; the question is whether the subset still
ranks the ideas the way the full data would.

:func:`idea_sweep` trains the same small neural networks (:class:`course_lib.nn.Network`)
on growing subsets of scikit-learn's digits and measures each on one fixed dev set. The
cost of an experiment is counted in *example passes* (epochs x training examples), which
is deterministic; the wall-clock seconds are measured too, but they depend on the machine.
:func:`rank_agreement` says how well a subset's ranking of the ideas agrees with the
ranking on the full data.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.nn import Network
from course_lib.threads import one_thread
from course_lib.validation import check_count, check_real_array, check_seed

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = ["DEV_SIZE", "EPOCHS", "IDEAS", "SIZES", "idea_sweep", "rank_agreement"]

#: Digits kept aside as the one dev set every experiment is measured on.
DEV_SIZE: int = 400
#: Training-set sizes of the sweep; the last one is all the digits left after the dev set.
SIZES: tuple[int, ...] = (100, 200, 400, 800, 1397)
#: Passes over the training set per experiment (the same for every size).
EPOCHS: int = 20

#: The ideas a team might try: hidden layer sizes, Adam's learning rate, weight decay.
IDEAS: dict[str, dict[str, Any]] = {
    "4 hidden units": {"hidden": (4,), "learning_rate": 1e-2, "l2": 0.0},
    "16 hidden units": {"hidden": (16,), "learning_rate": 1e-2, "l2": 0.0},
    "64 hidden units": {"hidden": (64,), "learning_rate": 1e-2, "l2": 0.0},
    "64 units + weight decay": {"hidden": (64,), "learning_rate": 1e-2, "l2": 1e-3},
    "16 units, small steps": {"hidden": (16,), "learning_rate": 1e-3, "l2": 0.0},
    "two layers 32 + 16": {"hidden": (32, 16), "learning_rate": 1e-2, "l2": 0.0},
}


@lru_cache(maxsize=4)
def _sweep(sizes: tuple[int, ...], seed: int) -> Any:
    import pandas as pd
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    order = np.random.default_rng(seed).permutation(len(y))
    dev, pool = order[:DEV_SIZE], order[DEV_SIZE:]
    rows = []
    with one_thread():
        for size in sizes:
            train = pool[:size]
            for idea, config in IDEAS.items():
                start = time.perf_counter()
                net = Network([X.shape[1], *config["hidden"], 10], seed=seed)
                net.fit(X[train], y[train], epochs=EPOCHS, batch_size=64,
                        learning_rate=config["learning_rate"], l2=config["l2"],
                        patience=None, seed=seed)
                dev_error = float(np.mean(net.predict(X[dev]) != y[dev]))
                rows.append({"size": size, "idea": idea, "dev_error": dev_error,
                             "example_passes": EPOCHS * size,
                             "seconds": time.perf_counter() - start})
    return pd.DataFrame(rows)


def idea_sweep(sizes: Sequence[int] = SIZES, seed: int = 0) -> pd.DataFrame:
    """Train every idea of :data:`IDEAS` on each training-set size; measure on one dev set.

    Parameters
    ----------
    sizes : sequence of int, default :data:`SIZES`
        Training-set sizes, each between 10 and 1397 (the digits left after the dev set).
        Every size trains on the first examples of the same shuffled pool, so a smaller
        training set is part of every larger one.
    seed : int, default 0
        Seeds the shuffle of the digits, the initial weights and the mini-batches.

    Returns
    -------
    pandas.DataFrame
        One row per (size, idea): ``size``, ``idea``, ``dev_error``, ``example_passes``
        (epochs x size: the deterministic cost of the experiment) and ``seconds`` (its
        wall-clock time on this machine, which varies from run to run).

    Raises
    ------
    TypeError
        If ``sizes`` is not a sequence of integers or ``seed`` is not an integer.
    ValueError
        If a size is out of range or ``seed`` is negative.

    Examples
    --------
    >>> table = idea_sweep(sizes=(100,), seed=0)
    >>> len(table) == len(IDEAS), int(table["example_passes"].iloc[0])
    (True, 2000)
    """
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence) or not sizes:
        raise TypeError("sizes must be a non-empty list or tuple of training-set sizes")
    checked = tuple(check_count(s, "each size", low=10, high=SIZES[-1]) for s in sizes)
    return _sweep(checked, check_seed(seed)).copy()


def rank_agreement(errors: Any, reference: Any) -> float:
    """Rank correlation (Spearman) between two sets of dev errors of the same ideas.

    1 means the two rank the ideas in the same order, 0 that one ranking says nothing
    about the other, -1 that they are reversed. Ties share their average rank.

    Parameters
    ----------
    errors, reference : array-like of float
        The dev errors of the same ideas, in the same order (e.g. measured after training
        on a subset and on the full data). At least two ideas.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If an argument is not a list or array of numbers.
    ValueError
        If the lengths differ, there are fewer than two ideas, or one of them gives every
        idea the same error (then there is no ranking to compare).

    Examples
    --------
    >>> rank_agreement([0.10, 0.20, 0.30], [0.01, 0.02, 0.05])
    1.0
    >>> rank_agreement([0.3, 0.2, 0.1], [0.01, 0.02, 0.05])
    -1.0
    """
    import pandas as pd

    a = check_real_array(errors, "errors")
    b = check_real_array(reference, "reference")
    if a.ndim != 1 or b.ndim != 1 or len(a) != len(b):
        raise ValueError("errors and reference must be two lists of the same length, one "
                         f"error per idea (got lengths {a.size} and {b.size})")
    if len(a) < 2:
        raise ValueError("a ranking needs at least two ideas")
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        raise ValueError("every idea has the same error in one of the two lists: there is no "
                         "ranking to compare")
    ranks_a = pd.Series(a).rank().to_numpy()
    ranks_b = pd.Series(b).rank().to_numpy()
    return float(round(np.corrcoef(ranks_a, ranks_b)[0, 1], 12))
