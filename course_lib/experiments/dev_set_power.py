"""How often a dev set of ``n`` examples detects a real difference between two models.

Week 1, notebook 05 sizes a dev set with :func:`course_lib.sizing.dev_set_size`. Its
``power`` argument is easy to skip; this module shows by simulation what it is for. Two
models have true errors ``p1`` and ``p2 = p1 + margin``; each is measured on its own dev set
of ``n`` fresh examples; a two-sided z-test at the given confidence says whether the two
measured rates differ. :func:`detection_rate` counts, over many simulated pairs of dev sets,
how often the test finds the difference that is really there -- the test's *power*.

At the size where a measured difference of exactly ``margin`` is just significant
(``dev_set_size(..., power=None)``) the measured difference falls short of the threshold
about half of the time, so the real difference is missed about half of the time; the size
``dev_set_size`` gives with ``power=0.8`` finds it in about 80 % of the trials.

Examples
--------
>>> from course_lib.sizing import dev_set_size
>>> n = dev_set_size(0.10, 0.02, power=None)
>>> round(detection_rate(0.10, 0.02, n, n_trials=4_000, seed=0), 1)
0.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

import numpy as np

from course_lib.sizing import simulate_error_estimates
from course_lib.validation import check_count, check_fraction, check_seed

__all__ = ["detection_rate", "power_curve", "predicted_power"]

_NORMAL = NormalDist()


def _rates(error_rate: float, margin: float) -> tuple[float, float]:
    p1 = check_fraction(error_rate, "error_rate", open_high=True)
    m = check_fraction(margin, "margin", open_low=True)
    if p1 + m > 1:
        raise ValueError(f"error_rate + margin must be at most 1, got {p1:g} + {m:g}")
    return p1, p1 + m


def _z(confidence: float) -> float:
    conf = check_fraction(confidence, "confidence", open_low=True, open_high=True)
    return _NORMAL.inv_cdf(0.5 + conf / 2)


def detection_rate(error_rate: float, margin: float, n: int, *, confidence: float = 0.95,
                   n_trials: int = 4_000, seed: int = 0) -> float:
    """Share of simulated pairs of dev sets on which a z-test tells the two models apart.

    Parameters
    ----------
    error_rate : float
        True error of the better model, a fraction in ``[0, 1)``.
    margin : float
        How much worse the other model really is (``0.002`` for 0.2 point), ``> 0``.
    n : int
        Examples in each model's dev set.
    confidence : float, default 0.95
        ``1 -`` the significance level of the two-sided test.
    n_trials : int, default 4000
        Pairs of dev sets to simulate.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    float
        The share of trials in which the measured difference (worse minus better) is more
        than ``z`` of its estimated standard errors above zero.

    Examples
    --------
    >>> round(detection_rate(0.10, 0.02, 15_000, n_trials=2_000, seed=1), 2)
    1.0
    """
    p1, p2 = _rates(error_rate, margin)
    count = check_count(n, "n", low=1)
    trials = check_count(n_trials, "n_trials", low=1)
    base = 2 * check_seed(seed)
    z = _z(confidence)
    a = simulate_error_estimates(p1, count, trials, seed=base)
    b = simulate_error_estimates(p2, count, trials, seed=base + 1)
    se = np.sqrt((a * (1 - a) + b * (1 - b)) / count)
    return float(np.mean(b - a > z * se))


def predicted_power(error_rate: float, margin: float, n: int, *,
                    confidence: float = 0.95) -> float:
    """The normal approximation of :func:`detection_rate`: ``Phi(margin / SE - z)``.

    ``SE = sqrt((p1 (1 - p1) + p2 (1 - p2)) / n)`` is the standard error of the measured
    difference.

    Examples
    --------
    >>> from course_lib.sizing import dev_set_size
    >>> round(predicted_power(0.01, 0.002, dev_set_size(0.01, 0.002)), 2)
    0.8
    """
    p1, p2 = _rates(error_rate, margin)
    count = check_count(n, "n", low=1)
    se = math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / count)
    return _NORMAL.cdf((p2 - p1) / se - _z(confidence))


def power_curve(error_rate: float, margin: float, sizes: Sequence[int], *,
                confidence: float = 0.95, n_trials: int = 4_000, seed: int = 0) -> Any:
    """Simulated and predicted detection rate for each dev-set size of ``sizes``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``n`` (named ``"dev-set size"``), columns ``"simulated"`` and
        ``"predicted"``.

    Examples
    --------
    >>> table = power_curve(0.10, 0.02, [1_000, 10_000], n_trials=1_000)
    >>> list(table.columns), bool(table["predicted"].is_monotonic_increasing)
    (['simulated', 'predicted'], True)
    """
    import pandas as pd

    if isinstance(sizes, (str, bytes)) or len(sizes) == 0:
        raise ValueError("sizes must be a non-empty sequence of dev-set sizes")
    base = check_seed(seed)
    rows = {}
    for k, n in enumerate(sizes):
        count = check_count(n, "each size", low=1)
        rows[count] = {
            "simulated": detection_rate(error_rate, margin, count, confidence=confidence,
                                        n_trials=n_trials, seed=base + k),
            "predicted": predicted_power(error_rate, margin, count, confidence=confidence),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "dev-set size"
    return table
