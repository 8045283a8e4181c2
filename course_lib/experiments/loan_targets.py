"""The loan-approval example: a dev set from one population, a test set from another.

A bank wants to lend in low-income zip codes. Its team trains a decision tree on the bank's
past applicants (mostly from middle- and high-income zip codes) and tunes the tree's depth.
Team A takes its dev set from middle-income zip codes, where it has plenty of applicants,
and its test set from low-income zip codes. Team B cuts both its dev set and its test set
from the same pool of low-income applicants -- the data the bank expects and cares about.
:func:`zip_code_experiment` measures every depth on the three sets, so a notebook can show
what team A's dev set promised and what its test set then found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from course_lib.data import loans
from course_lib.threads import one_thread
from course_lib.validation import check_seed

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DEPTHS", "LOW_DEV", "LOW_TEST", "MIDDLE_DEV", "SET_SIZE", "TRAIN_MIX",
           "ZipCodeExperiment", "zip_code_experiment"]

#: The tree depths the teams try.
DEPTHS: tuple[int, ...] = tuple(range(1, 11))

#: The bank's past applicants the trees learn from, by zip-code income level.
TRAIN_MIX = {"middle": 3000, "high": 1500, "low": 600}

#: Size of each dev and test set.
SET_SIZE = 1000

#: The column names of :attr:`ZipCodeExperiment.errors`.
MIDDLE_DEV, LOW_TEST, LOW_DEV = "dev: middle-income", "test: low-income", "dev: low-income"


@dataclass(frozen=True)
class ZipCodeExperiment:
    """The errors of every tree depth on the three sets.

    Attributes
    ----------
    errors : pandas.DataFrame
        One row per depth (the index, :data:`DEPTHS`) and the columns ``"dev: middle-income"``
        (team A's dev set), ``"test: low-income"`` (the test set of both teams) and
        ``"dev: low-income"`` (team B's dev set, from the same pool as the test set).
    n_train : int
        Number of training applicants.
    default_rates : dict
        The share of defaulters in each set, by column name.
    """

    errors: pd.DataFrame
    n_train: int
    default_rates: dict[str, float]


@lru_cache(maxsize=4)
def _experiment(seed: int) -> ZipCodeExperiment:
    import pandas as pd
    from sklearn.tree import DecisionTreeClassifier

    parts = [loans.applicants(n, level, seed=seed * 10 + k)
             for k, (level, n) in enumerate(TRAIN_MIX.items())]
    X = np.vstack([p.X for p in parts])
    y = np.concatenate([p.y for p in parts])
    middle = loans.applicants(SET_SIZE, "middle", seed=seed * 10 + 5)
    low_pool = loans.applicants(2 * SET_SIZE, "low", seed=seed * 10 + 6)
    order = np.random.default_rng(seed).permutation(2 * SET_SIZE)  # shuffle, then cut
    low_dev, low_test = order[:SET_SIZE], order[SET_SIZE:]
    sets = {MIDDLE_DEV: (middle.X, middle.y),
            LOW_TEST: (low_pool.X[low_test], low_pool.y[low_test]),
            LOW_DEV: (low_pool.X[low_dev], low_pool.y[low_dev])}
    rows = []
    with one_thread():
        for depth in DEPTHS:
            tree = DecisionTreeClassifier(max_depth=depth, min_samples_leaf=5, random_state=0)
            tree.fit(X, y)
            rows.append({name: float(np.mean(tree.predict(Xs) != ys))
                         for name, (Xs, ys) in sets.items()})
    errors = pd.DataFrame(rows, index=pd.Index(DEPTHS, name="max_depth"))
    rates = {name: float(ys.mean()) for name, (_, ys) in sets.items()}
    return ZipCodeExperiment(errors, len(y), rates)


def zip_code_experiment(seed: int = 0) -> ZipCodeExperiment:
    """Tune a tree's depth with a middle-income dev set, test it on low-income applicants.

    Parameters
    ----------
    seed : int, default 0
        Seed of the applicants and of the shuffle that cuts team B's dev and test sets.

    Returns
    -------
    ZipCodeExperiment
        Cached per seed; ``errors`` is a copy, safe to change.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative.

    Examples
    --------
    >>> exp = zip_code_experiment(seed=0)
    >>> list(exp.errors.columns)
    ['dev: middle-income', 'test: low-income', 'dev: low-income']
    >>> exp.n_train
    5100
    """
    cached = _experiment(check_seed(seed))
    return ZipCodeExperiment(cached.errors.copy(), cached.n_train, dict(cached.default_rates))
