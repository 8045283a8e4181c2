"""Input validation shared by the public functions of :mod:`course_lib`.

Every public function checks what it is given and raises a :class:`TypeError` or
:class:`ValueError` whose message says what was wrong and what was expected, so a
learner who passes the wrong thing gets an explanation instead of a NumPy traceback.
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np


def as_binary_labels(values: Any, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D integer array of 0/1 labels, or raise.

    Parameters
    ----------
    values : array-like
        Labels: a list, tuple or NumPy array (or pandas Series) of 0/1 or booleans.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        A 1-D ``int64`` array holding only 0 and 1.

    Examples
    --------
    >>> as_binary_labels([1, 0, True], "y_true")
    array([1, 0, 1])
    """
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError(
            f"{name} must be a list or array of 0/1 labels, got {type(values).__name__}"
        )
    try:
        arr = np.asarray(values)
    except Exception as exc:  # noqa: BLE001 - anything unconvertible is a type problem
        raise TypeError(f"{name} must be a list or array of 0/1 labels: {exc}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got an array of shape {arr.shape}")
    if arr.dtype == bool:
        return arr.astype(np.int64)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must hold numbers 0/1 or booleans, got values of type {arr.dtype}"
        )
    if arr.size and not np.isin(arr, (0, 1)).all():
        bad = arr[~np.isin(arr, (0, 1))][0]
        raise ValueError(f"{name} must hold only 0 and 1 (binary labels), found {bad!r}")
    return arr.astype(np.int64)


def same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same length.

    Examples
    --------
    >>> same_length(np.zeros(3), np.ones(3), "y_true", "y_pred")
    """
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}"
        )


def as_real(value: Any, name: str, *, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` within ``[low, high]``, or raise.

    Booleans are rejected (``True`` is not a number of anything here).

    Examples
    --------
    >>> as_real(0.25, "error_rate", low=0, high=1)
    0.25
    """
    is_number = isinstance(value, (Real, np.integer, np.floating))
    if isinstance(value, (bool, np.bool_)) or not is_number:
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    out = float(value)
    if math.isnan(out) or math.isinf(out):
        raise ValueError(f"{name} must be a finite number, got {out}")
    if low is not None and out < low:
        raise ValueError(f"{name} must be at least {low}, got {out}")
    if high is not None and out > high:
        raise ValueError(f"{name} must be at most {high}, got {out}")
    return out


def as_int(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` within ``[low, high]``, or raise.

    Booleans are rejected, as are floats (even whole ones): a count is written as an integer.

    Examples
    --------
    >>> as_int(3, "n_patterns", low=1)
    3
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    out = int(value)
    if low is not None and out < low:
        raise ValueError(f"{name} must be at least {low}, got {out}")
    if high is not None and out > high:
        raise ValueError(f"{name} must be at most {high}, got {out}")
    return out
