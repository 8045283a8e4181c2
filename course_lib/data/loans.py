"""Simulated loan applicants from zip codes of three income levels.

The course's example of a dev set and a test set from different distributions: a bank's
team builds a model that predicts whether an applicant will repay a loan, tunes it on
applicants from middle-income zip codes, and is then tested on applicants from low-income
zip codes. This module makes such applicants up (a simulation with a seed, not real credit
data). Each applicant has four features:

- ``income``: yearly income in thousands (log-normal around its zip code's median);
- ``debt_ratio``: the share of that income that already goes to debt payments;
- ``late_payments``: late payments in the last two years;
- ``credit_years``: the age of the applicant's oldest credit account, in years.

The label is 1 when the applicant later defaults. Everywhere, more debt means more risk.
Below an income of :data:`TIGHT_INCOME` there is no buffer: there, each late payment (up to
three) adds a lot of risk while a clean record lowers it -- a pattern that hardly ever shows
among middle-income applicants and is common in low-income zip codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course_lib.validation import check_count, check_seed, check_text

__all__ = ["FEATURES", "MEDIAN_INCOME", "TIGHT_INCOME", "Applicants", "applicants"]

#: The feature columns, in order.
FEATURES: tuple[str, ...] = ("income", "debt_ratio", "late_payments", "credit_years")

#: Median yearly income (thousands) of the applicants of each kind of zip code.
MEDIAN_INCOME = {"low": 24.0, "middle": 55.0, "high": 110.0}

#: Below this income (thousands) late payments weigh heavily.
TIGHT_INCOME = 30.0


@dataclass(frozen=True)
class Applicants:
    """Applicants of one kind of zip code.

    Attributes
    ----------
    X : numpy.ndarray of shape (n, 4)
        The features, in the order of :data:`FEATURES`.
    y : numpy.ndarray of shape (n,)
        1 if the applicant defaults, 0 if they repay.
    zip_income : str
        ``"low"``, ``"middle"`` or ``"high"``.
    """

    X: np.ndarray
    y: np.ndarray
    zip_income: str


def applicants(n: int, zip_income: str, seed: int = 0) -> Applicants:
    """``n`` simulated applicants from zip codes of one income level.

    Parameters
    ----------
    n : int
        Number of applicants (at least 1).
    zip_income : {"low", "middle", "high"}
        The income level of their zip codes.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    Applicants

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``n`` is below 1, ``zip_income`` is not one of the three levels or ``seed`` is
        negative.

    Examples
    --------
    >>> low = applicants(2000, "low", seed=0)
    >>> low.X.shape, bool(np.median(low.X[:, 0]) < 30)
    ((2000, 4), True)
    >>> middle = applicants(2000, "middle", seed=0)
    >>> bool(0.3 < middle.y.mean() < 0.7)
    True
    """
    n = check_count(n, "n", low=1)
    zip_income = check_text(zip_income, "zip_income")
    if zip_income not in MEDIAN_INCOME:
        raise ValueError(f"zip_income must be one of {sorted(MEDIAN_INCOME)}, got {zip_income!r}")
    rng = np.random.default_rng(check_seed(seed))
    income = MEDIAN_INCOME[zip_income] * np.exp(rng.normal(0.0, 0.25, n))
    debt_ratio = rng.beta(2.0, 3.0, n)
    late = rng.poisson(0.8, n).astype(float)
    years = rng.gamma(3.0, 3.0, n)
    tight = income < TIGHT_INCOME
    logit = 1.5 * (10.0 * (debt_ratio - 0.40) - 0.05 * (years - 9.0)
                   + tight * (4.0 * np.minimum(late, 3.0) - 4.0))
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(np.int64)
    X = np.column_stack([income, debt_ratio, late, years])
    return Applicants(X, y, zip_income)
