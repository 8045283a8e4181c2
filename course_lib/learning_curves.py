"""Learning curves: how error falls as the training set grows, and where it is heading.

Over a wide range of training-set sizes, the test error of a model often falls roughly
like a power of the number of examples, ``error ≈ a * n ** (-b)``: a straight line on a
log-log plot. :func:`fit_power_law` fits that line and :func:`examples_needed` follows it
to the size at which the error would reach a target. Both are extrapolations: they say
where the trend points, not what will happen (curves often flatten out).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["examples_needed", "fit_power_law"]


def _positive_vector(values: Any, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of numbers, got {type(values).__name__}")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a list or array of numbers: {exc}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must hold finite numbers > 0 (logarithms are taken)")
    return arr


def fit_power_law(n_examples: Any, errors: Any) -> tuple[float, float]:
    """Fit ``error = a * n ** (-b)`` by least squares on the logarithms.

    Taking logs gives a straight line, ``log(error) = log(a) - b * log(n)``, fitted
    with ordinary least squares (as ``np.polyfit(log n, log error, 1)`` does).

    Parameters
    ----------
    n_examples : array-like of shape (k,)
        Training-set sizes, at least two different ones, all > 0.
    errors : array-like of shape (k,)
        The error measured at each size, all > 0.

    Returns
    -------
    a, b : float
        ``b > 0`` means the error falls as the training set grows.

    Examples
    --------
    >>> a, b = fit_power_law([100, 400, 1600], [0.4, 0.2, 0.1])
    >>> round(a, 6), round(b, 6)
    (4.0, 0.5)
    """
    n = _positive_vector(n_examples, "n_examples")
    e = _positive_vector(errors, "errors")
    if len(n) != len(e):
        raise ValueError(
            f"n_examples and errors must have the same length, got {len(n)} and {len(e)}"
        )
    if len(np.unique(n)) < 2:
        raise ValueError("a line needs at least two different training-set sizes")
    slope, intercept = np.polyfit(np.log(n), np.log(e), 1)
    return float(np.exp(intercept)), float(-slope)


def examples_needed(n_examples: Any, errors: Any, target_error: float) -> float:
    """Training-set size at which the fitted power law reaches ``target_error``.

    Fits ``error = a * n ** (-b)`` with :func:`fit_power_law` and solves
    ``a * n ** (-b) = target_error``: ``n = (a / target_error) ** (1 / b)``.

    Parameters
    ----------
    n_examples, errors : array-like
        A learning curve (see :func:`fit_power_law`).
    target_error : float
        The error to reach, > 0.

    Returns
    -------
    float
        The extrapolated number of examples; ``inf`` when the fitted error does not
        fall as the training set grows (``b <= 0``): following that trend never helps.

    Examples
    --------
    >>> round(examples_needed([100, 400, 1600], [0.4, 0.2, 0.1], 0.05))
    6400
    """
    if isinstance(target_error, bool) or not isinstance(target_error, (int, float, np.number)):
        raise TypeError(f"target_error must be a number, got {type(target_error).__name__}")
    if not math.isfinite(target_error) or target_error <= 0:
        raise ValueError(f"target_error must be a number > 0, got {target_error!r}")
    a, b = fit_power_law(n_examples, errors)
    if b <= 0:
        return math.inf
    try:
        return float((a / float(target_error)) ** (1.0 / b))
    except OverflowError:  # an almost flat curve: the target is out of reach
        return math.inf
