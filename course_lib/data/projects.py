"""Simulated projects to practise orthogonalization on: which link of the chain breaks first?

Each simulated project reports the error of every link of the chain of
:mod:`course_lib.orthogonalization` (train, dev, test, real world) against its target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from course_lib.orthogonalization import STEPS, check_step_rates
from course_lib.validation import check_count, check_rng

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["simulate_projects"]


def simulate_projects(
    targets: Mapping[str, float], n_projects: int = 8, seed: int = 0
) -> pd.DataFrame:
    """Simulated results of several projects, each failing (or not) at a random link.

    Each project draws the link where its chain first breaks (one of :data:`STEPS`,
    or none, all equally likely). Links before it meet their target (an error
    between 30 % and 100 % of it); the failing link misses it (130 % to 300 %).
    Links after the failing one miss their target with probability 0.7 and meet it
    otherwise, so "the first failing link" and "a failing link" usually differ.
    Rates are rounded to 0.1 percentage point.

    Parameters
    ----------
    targets : dict
        Highest acceptable error rate of each step (keys exactly :data:`STEPS`), each
        between 0.002 and 0.3.
    n_projects : int, default 8
        Number of projects (rows), 1 to 1,000.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        One row per project (index ``"project 1"``, ...), one column per step.

    Examples
    --------
    >>> t = {"train": 0.02, "dev": 0.05, "test": 0.05, "real world": 0.08}
    >>> table = simulate_projects(t, n_projects=3, seed=1)
    >>> list(table.columns), len(table)
    (['train', 'dev', 'test', 'real world'], 3)
    """
    import pandas as pd

    wanted = check_step_rates(targets, "targets")
    for step, value in wanted.items():
        if not 0.002 <= value <= 0.3:
            raise ValueError(f"targets[{step!r}] must be between 0.002 and 0.3, got {value:g}")
    n_projects = check_count(n_projects, "n_projects", low=1, high=1000)
    rng = check_rng(seed)
    rows = []
    for _ in range(int(n_projects)):
        breaks_at = int(rng.integers(0, len(STEPS) + 1))  # len(STEPS) means "no failure"
        row = []
        for k, step in enumerate(STEPS):
            target = wanted[step]
            fails = k == breaks_at or (k > breaks_at and rng.random() < 0.7)
            factor = rng.uniform(1.3, 3.0) if fails else rng.uniform(0.3, 1.0)
            rate = min(target * factor, 1.0)
            rate = round(rate, 3)
            if not fails:
                rate = min(rate, target)  # rounding must never push a met target over it
            elif rate <= target:
                rate = target + 0.001
            row.append(rate)
        rows.append(row)
    index = [f"project {i + 1}" for i in range(int(n_projects))]
    return pd.DataFrame(rows, index=index, columns=list(STEPS))
