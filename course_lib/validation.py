"""Input validation shared by every public function of :mod:`course_lib`.

A learner who passes the wrong thing gets a sentence that says what was wrong and what
was expected, instead of a NumPy traceback. The rule is the same everywhere:

- a value of the wrong **type** raises :class:`TypeError` (``"seed must be an integer,
  got str"``);
- a value of the right type but a bad **value** raises :class:`ValueError` (``"seed must
  be at least 0, got -1"``).

Each check takes the argument's name for its message and returns the value converted to
the plain type the caller works with. Booleans are never numbers here: ``True`` is not a
count, a fraction or a seed.

Examples
--------
>>> check_count(3, "n_patterns", low=1)
3
>>> check_fraction(0.25, "noise_rate")
0.25
>>> check_seed(7)
7
>>> int(check_rng(7).integers(0, 10)) == int(check_rng(7).integers(0, 10))
True
"""

from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

import numpy as np

__all__ = [
    "check_binary_labels",
    "check_count",
    "check_fraction",
    "check_mask",
    "check_real",
    "check_real_array",
    "check_rng",
    "check_same_length",
    "check_text",
    "check_seed",
]


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def check_real(value: Any, name: str, *, low: float | None = None,
               high: float | None = None) -> float:
    """Return ``value`` as a finite ``float`` within ``[low, high]``, or raise.

    Parameters
    ----------
    value : Any
        The number to check (``int``, ``float`` or a NumPy number).
    name : str
        The argument's name, used in the message.
    low, high : float, optional
        Inclusive bounds.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (or is a boolean).
    ValueError
        If it is NaN, infinite or outside the bounds.

    Examples
    --------
    >>> check_real(0.25, "error_rate", low=0, high=1)
    0.25
    >>> check_real("0.25", "error_rate")
    Traceback (most recent call last):
    ...
    TypeError: error_rate must be a number, got str
    """
    if _is_bool(value) or not isinstance(value, (Real, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    out = float(value)
    if math.isnan(out):
        raise ValueError(f"{name} must be a finite number, got NaN (not a number)")
    if math.isinf(out):
        raise ValueError(f"{name} must be a finite number, got {out}")
    if low is not None and out < low:
        raise ValueError(f"{name} must be at least {low:g}, got {out:g}")
    if high is not None and out > high:
        raise ValueError(f"{name} must be at most {high:g}, got {out:g}")
    return out


def check_real_array(values: Any, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D ``float`` array of finite numbers, or raise.

    Use it for one number per example, such as a classifier's scores. Booleans are not
    numbers here either.

    Examples
    --------
    >>> check_real_array([0.25, 1, 0.5], "scores")
    array([0.25, 1.  , 0.5 ])
    >>> check_real_array([0.25, float("nan")], "scores")
    Traceback (most recent call last):
    ...
    ValueError: scores must hold finite numbers, found nan at position 1
    """
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError(f"{name} must be a list or array of numbers, got {type(values).__name__}")
    try:
        arr = np.asarray(values)
    except Exception as exc:  # noqa: BLE001 - anything unconvertible is a type problem
        raise TypeError(f"{name} must be a list or array of numbers: {exc}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got an array of shape {arr.shape}")
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold numbers, got values of type {arr.dtype}")
    out = arr.astype(float)
    bad = ~np.isfinite(out)
    if bad.any():
        position = int(np.argmax(bad))
        raise ValueError(
            f"{name} must hold finite numbers, found {out[position]} at position {position}"
        )
    return out


def check_fraction(value: Any, name: str, *, open_low: bool = False,
                   open_high: bool = False) -> float:
    """Return ``value`` as a fraction: a ``float`` in ``[0, 1]``, or raise.

    ``open_low`` / ``open_high`` exclude 0 / 1 (a rate that must be strictly positive,
    say). A percentage given where a fraction is expected (``10`` for 10 %) gets a
    message that says how to write it.

    Examples
    --------
    >>> check_fraction(0.1, "dev_fraction")
    0.1
    >>> check_fraction(10, "error_rate")
    Traceback (most recent call last):
    ...
    ValueError: error_rate must be a fraction in [0, 1], got 10 (if you meant 10%, write 0.1)
    """
    out = check_real(value, name)
    too_low = out <= 0 if open_low else out < 0
    too_high = out >= 1 if open_high else out > 1
    if too_low or too_high:
        interval = ("(" if open_low else "[") + "0, 1" + (")" if open_high else "]")
        hint = f" (if you meant {out:g}%, write {out / 100:g})" if 1 < out <= 100 else ""
        raise ValueError(f"{name} must be a fraction in {interval}, got {out:g}{hint}")
    return out


def check_count(value: Any, name: str, *, low: int = 0, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` within ``[low, high]``, or raise.

    Floats are refused even when whole (``3.0``): a count is written as an integer.

    Examples
    --------
    >>> check_count(3, "n_patterns", low=1)
    3
    >>> check_count(3.0, "n_patterns")
    Traceback (most recent call last):
    ...
    TypeError: n_patterns must be an integer, got float
    """
    if _is_bool(value) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    out = int(value)
    if out < low:
        raise ValueError(f"{name} must be at least {low}, got {out}")
    if high is not None and out > high:
        raise ValueError(f"{name} must be at most {high}, got {out}")
    return out


def check_seed(seed: Any, name: str = "seed") -> int:
    """Return ``seed`` as a non-negative ``int``, or raise.

    Examples
    --------
    >>> check_seed(0)
    0
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be a non-negative integer, got -1
    """
    if _is_bool(seed) or not isinstance(seed, Integral):
        raise TypeError(f"{name} must be a non-negative integer, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed}")
    return int(seed)


def check_rng(seed: Any, name: str = "seed") -> np.random.Generator:
    """Turn a seed into a NumPy ``Generator`` (an existing ``Generator`` is returned as is).

    Passing a ``Generator`` lets several calls draw from one stream; passing an ``int``
    makes a call reproducible on its own.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> check_rng(rng) is rng
    True
    >>> float(check_rng(3).random()) == float(np.random.default_rng(3).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if _is_bool(seed) or not isinstance(seed, Integral):
        raise TypeError(f"{name} must be a non-negative integer or a numpy.random.Generator, "
                        f"got {type(seed).__name__}")
    return np.random.default_rng(check_seed(seed, name))


def check_binary_labels(values: Any, name: str) -> np.ndarray:
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
    >>> check_binary_labels([1, 0, True], "y_true")
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


def check_mask(values: Any, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D boolean array (booleans, or 0/1 integers), or raise.

    Examples
    --------
    >>> check_mask([1, 0, 1], "wrong")
    array([ True, False,  True])
    """
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError(
            f"{name} must be a list or array of True/False, got {type(values).__name__}"
        )
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype == bool:
        return arr.copy()
    if arr.size == 0 or (arr.dtype.kind in "iu" and np.isin(arr, (0, 1)).all()):
        return arr.astype(bool)
    raise TypeError(f"{name} must hold True/False (or 0/1) values, got {arr.dtype} values")


def check_same_length(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same length.

    Examples
    --------
    >>> check_same_length(np.zeros(3), np.ones(3), "y_true", "y_pred")
    """
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same length, got {len(a)} and {len(b)}"
        )


def check_text(value: Any, name: str) -> str:
    """Return ``value`` if it is a string; else raise ``TypeError`` naming ``name``.

    Examples
    --------
    >>> check_text("w1_02_f1_score", "the exercise id")
    'w1_02_f1_score'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value
