"""How big a dev or test set must be for its error rate to mean something.

An error rate measured on ``n`` examples is a sample proportion: if the model's
true error is ``p``, the number of mistakes is Binomial(``n``, ``p``) and the
measured rate has standard error ``sqrt(p (1 - p) / n)``. A dev set is big
enough when that noise is small compared with the differences between models
you want to tell apart; this is why a dev set of 100 examples cannot rank two
ideas that differ by 0.1 %, while one of 10,000 can resolve about 1 %.

All error rates in this module are fractions in ``[0, 1]`` (``0.1`` for 10 %).
Intervals and sizes use the normal approximation to the binomial, which is
accurate when both ``n p`` and ``n (1 - p)`` are at least about 10; quantiles
come from :class:`statistics.NormalDist`, so no SciPy is needed.
"""

from __future__ import annotations

import math
import numbers
from statistics import NormalDist

import numpy as np

from course_lib.validation import check_count, check_fraction

__all__ = [
    "confidence_interval",
    "dev_set_size",
    "simulate_error_estimates",
    "standard_error",
]

_STANDARD_NORMAL = NormalDist()


def _z_two_sided(confidence: float) -> float:
    """The normal quantile z with P(-z < Z < z) = confidence."""
    return _STANDARD_NORMAL.inv_cdf(0.5 + confidence / 2)


def standard_error(error_rate: float, n: int) -> float:
    """Standard error of an error rate measured on ``n`` examples: ``sqrt(p (1 - p) / n)``.

    Parameters
    ----------
    error_rate : float
        The (true or measured) error rate ``p`` as a fraction in ``[0, 1]``.
    n : int
        Number of examples the rate is measured on (at least 1).

    Returns
    -------
    float
        The standard deviation of the measured rate around the true one.

    Raises
    ------
    TypeError
        If ``error_rate`` is not a number or ``n`` not a whole number.
    ValueError
        If ``error_rate`` is outside ``[0, 1]`` or NaN, or ``n < 1``.

    Examples
    --------
    >>> round(standard_error(0.1, 100), 6)
    0.03
    >>> round(standard_error(0.1, 10_000), 6)
    0.003
    """
    p = check_fraction(error_rate, "error_rate")
    count = check_count(n, "n", low=1)
    return math.sqrt(p * (1 - p) / count)


def confidence_interval(
    error_rate: float, n: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Normal-approximation confidence interval for an error rate measured on ``n`` examples.

    The interval is ``p +/- z * sqrt(p (1 - p) / n)`` with ``z`` the two-sided
    normal quantile for ``confidence``, clipped to ``[0, 1]``. It is reliable
    when ``n p`` and ``n (1 - p)`` are both at least about 10; at ``p = 0`` or
    ``p = 1`` it collapses to a single point, which understates the uncertainty.

    Parameters
    ----------
    error_rate : float
        The measured error rate, a fraction in ``[0, 1]``.
    n : int
        Number of examples it was measured on.
    confidence : float, default 0.95
        Coverage probability, strictly between 0 and 1.

    Returns
    -------
    tuple of float
        ``(low, high)``.

    Examples
    --------
    >>> low, high = confidence_interval(0.1, 100)
    >>> round(low, 4), round(high, 4)
    (0.0412, 0.1588)
    >>> confidence_interval(0.0, 50)
    (0.0, 0.0)
    """
    p = check_fraction(error_rate, "error_rate")
    count = check_count(n, "n", low=1)
    conf = check_fraction(confidence, "confidence", open_low=True, open_high=True)
    half_width = _z_two_sided(conf) * math.sqrt(p * (1 - p) / count)
    return max(0.0, p - half_width), min(1.0, p + half_width)


def dev_set_size(
    error_rate: float,
    margin: float,
    confidence: float = 0.95,
    power: float | None = 0.8,
) -> int:
    """Dev-set size needed to tell apart two models whose error rates differ by ``margin``.

    Statistical model: model A has true error ``p1 = error_rate`` and model B
    ``p2 = error_rate + margin``; each is measured on its own set of ``n``
    examples, independently. The difference of the measured rates is then
    approximately normal with variance ``(p1 (1 - p1) + p2 (1 - p2)) / n``, and
    a two-sided z-test at level ``1 - confidence`` declares the models
    different. The smallest ``n`` for which that test detects a true difference
    of ``margin`` with probability ``power`` is::

        n = ceil((p1 (1 - p1) + p2 (1 - p2)) * (z_{(1+confidence)/2} + z_power) ** 2 / margin ** 2)

    With ``power=None`` the ``z_power`` term is dropped: ``n`` is then the size at
    which a measured difference of exactly ``margin`` is just significant, which
    detects a true difference of that size only half of the time.

    Comparing both models on the *same* dev set (the usual practice) makes their
    errors correlated, and a paired test (McNemar) needs fewer examples; treat
    the result as a conservative, order-of-magnitude guide.

    Parameters
    ----------
    error_rate : float
        Error rate of the better model, a fraction in ``[0, 1)``.
    margin : float
        Difference in error rate to detect, with ``0 < margin <= 1 - error_rate``
        (``0.001`` for 0.1 percentage point).
    confidence : float, default 0.95
        ``1 -`` the test's significance level, strictly between 0 and 1.
    power : float or None, default 0.8
        Probability of detecting a true difference of ``margin``, in ``[0.5, 1)``;
        ``None`` means no power requirement (equivalent to 0.5).

    Returns
    -------
    int
        Number of examples needed in each set.

    Examples
    --------
    Telling 10 % from 11 % takes thousands of examples, 10 % from 10.1 % over a million:

    >>> dev_set_size(0.10, 0.01, power=None)
    7219
    >>> dev_set_size(0.10, 0.01)
    14749
    >>> dev_set_size(0.10, 0.001)
    1419070

    The usual 95 % confidence and 80 % power need about twice the confidence-only size
    (``(1.96 + 0.84) ** 2`` against ``1.96 ** 2``), here for 1.0 % against 1.2 %:

    >>> dev_set_size(0.01, 0.002, confidence=0.95, power=0.8)
    42691
    >>> dev_set_size(0.01, 0.002, power=None)
    20894
    """
    p1 = check_fraction(error_rate, "error_rate", open_high=True)
    m = check_fraction(margin, "margin", open_low=True)
    if p1 + m > 1:
        raise ValueError(
            f"error_rate + margin must be at most 1, got {p1:g} + {m:g} = {p1 + m:g}"
        )
    conf = check_fraction(confidence, "confidence", open_low=True, open_high=True)
    z = _z_two_sided(conf)
    if power is not None:
        pw = check_fraction(power, "power", open_high=True)
        if pw < 0.5:
            raise ValueError(
                f"power must be at least 0.5 (or None), got {pw:g}; a test that misses a "
                "real difference more often than it finds it is not useful for sizing"
            )
        z += _STANDARD_NORMAL.inv_cdf(pw)
    p2 = p1 + m
    variance_sum = p1 * (1 - p1) + p2 * (1 - p2)
    # Round before ceil so that floating-point noise cannot add a spurious example.
    return max(1, math.ceil(round(variance_sum * z**2 / m**2, 9)))


def simulate_error_estimates(
    true_error: float,
    n: int,
    n_trials: int,
    seed: int | np.random.Generator | None = 0,
) -> np.ndarray:
    """Error rates measured on ``n_trials`` independent dev sets of ``n`` examples each.

    Each trial counts the mistakes of a model with true error ``true_error`` on
    ``n`` fresh examples (a Binomial(``n``, ``true_error``) draw) and divides by
    ``n``. Plotting the results for two close error rates shows how dev-set
    noise can hide a small real difference.

    Parameters
    ----------
    true_error : float
        The model's true error rate, a fraction in ``[0, 1]``.
    n : int
        Examples per dev set.
    n_trials : int
        Number of dev sets to simulate.
    seed : int, numpy.random.Generator or None, default 0
        Seed for :func:`numpy.random.default_rng`; the same seed gives the same draws.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_trials,)``, dtype float64: the measured error rates, multiples of ``1/n``.

    Examples
    --------
    >>> rates = simulate_error_estimates(0.10, n=10_000, n_trials=1_000, seed=0)
    >>> rates.shape
    (1000,)
    >>> bool(abs(rates.mean() - 0.10) < 0.001)
    True
    """
    p = check_fraction(true_error, "true_error")
    count = check_count(n, "n", low=1)
    trials = check_count(n_trials, "n_trials", low=1)
    if not (seed is None or isinstance(seed, np.random.Generator)):
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(
                f"seed must be an int, a numpy Generator or None, got {type(seed).__name__}"
            )
    rng = np.random.default_rng(seed)
    return rng.binomial(count, p, size=trials) / count
