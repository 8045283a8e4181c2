"""Eyeball and blackbox dev sets: how big each should be, and when the eyeball set is used up.

When you look at dev examples the model gets wrong (error analysis), you learn that dev set
a little too well: ideas that fix the examples you saw may not help elsewhere. Machine
Learning Yearning therefore splits the dev set in two:

- the **eyeball** dev set, whose mistakes you read; it must be large enough to give you
  enough mistakes to look at (about 100 is a good number; :func:`eyeball_size`);
- the **blackbox** dev set, which you only measure (error rates, hyperparameter choices)
  and never look inside; its error is the honest one.

:func:`split_eyeball_blackbox` draws the two index sets. :func:`eyeball_overfit` watches
both errors over a run of model versions: when the eyeball error falls clearly faster than
the blackbox error, the improvements are partly fitted to the examples you have read, and
it is time for a fresh eyeball set.

Examples
--------
>>> eyeball_size(0.05)
2000
>>> eye, box = split_eyeball_blackbox(5000, 0.05, seed=0)
>>> len(eye), len(box)
(2000, 3000)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib.validation import (
    check_count,
    check_fraction,
    check_real,
    check_real_array,
    check_rng,
    check_same_length,
)

__all__ = ["EyeballOverfit", "eyeball_overfit", "eyeball_size", "split_eyeball_blackbox"]


def eyeball_size(error_rate: float, mistakes_to_see: int = 100) -> int:
    """How many eyeball dev examples give about ``mistakes_to_see`` mistakes to look at.

    A model with error rate ``e`` gets ``e * n`` of ``n`` examples wrong on average, so
    ``n = ceil(mistakes_to_see / e)``. Machine Learning Yearning's rule of thumb: 10
    mistakes is a bare minimum, 100 gives a good picture of the main error categories.

    Parameters
    ----------
    error_rate : float
        The model's (dev) error rate, a fraction in (0, 1].
    mistakes_to_see : int, default 100
        How many misclassified examples you want to read (at least 1).

    Returns
    -------
    int
        The eyeball set's size.

    Raises
    ------
    TypeError
        If an argument is not a number (``mistakes_to_see``: not an integer).
    ValueError
        If ``error_rate`` is 0 or outside [0, 1], or ``mistakes_to_see`` is below 1.

    Examples
    --------
    >>> eyeball_size(0.05)
    2000
    >>> eyeball_size(0.10, mistakes_to_see=10)
    100
    >>> eyeball_size(0.03)
    3334
    """
    rate = check_fraction(error_rate, "error_rate")
    if rate == 0:
        raise ValueError("error_rate must be above 0: a model that makes no mistakes gives "
                         "none to look at, however big the eyeball set")
    wanted = check_count(mistakes_to_see, "mistakes_to_see", low=1)
    # round first so that 100 / 0.1 = 1000.0000000000001 does not become 1001
    return math.ceil(round(wanted / rate, 9))


def split_eyeball_blackbox(n_dev: int, error_rate: float, mistakes_to_see: int = 100, *,
                           min_blackbox: int = 1,
                           seed: Any = 0) -> tuple[np.ndarray, np.ndarray]:
    """Split ``n_dev`` dev examples at random into an eyeball set and a blackbox set.

    The eyeball set gets :func:`eyeball_size` examples (enough for ``mistakes_to_see``
    mistakes at ``error_rate``); the blackbox set gets all the others.

    Parameters
    ----------
    n_dev : int
        Size of the dev set (positions ``0 .. n_dev - 1``).
    error_rate : float
        The model's error rate, a fraction in (0, 1].
    mistakes_to_see : int, default 100
        Mistakes wanted in the eyeball set.
    min_blackbox : int, default 1
        The smallest blackbox set accepted (a few hundred to a few thousand examples is
        what tuning usually needs; 1 only checks that one exists).
    seed : int or numpy.random.Generator, default 0
        Makes the split reproducible.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(eyeball, blackbox)``: disjoint, sorted positions that together cover the dev set.

    Raises
    ------
    ValueError
        If the dev set is too small to hold the eyeball set and ``min_blackbox`` examples.

    Examples
    --------
    >>> eye, box = split_eyeball_blackbox(1500, 0.10, seed=2)
    >>> len(eye), len(box), len(np.intersect1d(eye, box))
    (1000, 500, 0)
    """
    n = check_count(n_dev, "n_dev", low=1)
    keep = check_count(min_blackbox, "min_blackbox", low=0)
    n_eye = eyeball_size(error_rate, mistakes_to_see)
    if n_eye + keep > n:
        raise ValueError(
            f"a dev set of {n} examples is too small: {mistakes_to_see} mistakes at an error "
            f"rate of {float(error_rate):g} need an eyeball set of {n_eye}, and the blackbox set "
            f"needs at least {keep}. Look at fewer mistakes (mistakes_to_see), get more dev "
            "data, or, with very little data, use the whole dev set as the eyeball set"
        )
    order = check_rng(seed).permutation(n)
    return np.sort(order[:n_eye]), np.sort(order[n_eye:])


@dataclass(frozen=True)
class EyeballOverfit:
    """The verdict of :func:`eyeball_overfit`, with the numbers it rests on.

    Attributes
    ----------
    overfit : bool
        True when the eyeball set looks overfit.
    eyeball_gain, blackbox_gain : float
        Improvement per model version of each set: minus the slope of a straight line fitted
        by least squares through its errors (positive: the error falls).
    widening : float
        How much the gap blackbox - eyeball grew over the whole run, from the fitted lines:
        ``(eyeball_gain - blackbox_gain) * (versions - 1)``.
    gaps : tuple of float
        ``blackbox - eyeball`` for each version.
    margin, ratio : float
        The thresholds used.
    reason : str
        The rule's outcome in words, with its numbers.
    """

    overfit: bool
    eyeball_gain: float
    blackbox_gain: float
    widening: float
    gaps: tuple[float, ...]
    margin: float
    ratio: float
    reason: str

    def __bool__(self) -> bool:
        return self.overfit

    def __str__(self) -> str:
        verdict = "the eyeball set looks overfit" if self.overfit else "no sign of overfitting"
        advice = (" Make a new eyeball set (move examples from the blackbox set, or label new "
                  "dev data) and keep trusting the blackbox error." if self.overfit else "")
        return f"{verdict}: {self.reason}.{advice}"


def _slope(values: np.ndarray) -> float:
    steps = np.arange(len(values), dtype=float)
    return float(np.polyfit(steps, values, 1)[0])


def eyeball_overfit(eyeball_errors: Any, blackbox_errors: Any, *, ratio: float = 2.0,
                    margin: float | None = None, n_eyeball: int | None = None,
                    n_blackbox: int | None = None) -> EyeballOverfit:
    """Tell whether the eyeball dev set has been overfit, from both errors across versions.

    Give the eyeball and blackbox error of each model version, oldest first. A straight line
    is fitted through each sequence (least squares against the version number); its slope,
    negated, is that set's gain per version. The rule: the eyeball set is **overfit** when

    1. its error falls (``eyeball_gain > 0``),
    2. at least ``ratio`` times as fast as the blackbox error
       (``eyeball_gain >= ratio * blackbox_gain``; always true if the blackbox error does
       not fall), and
    3. the gap between the two grew by more than ``margin`` over the run, so that the
       difference is bigger than the noise of two finite sets.

    Parameters
    ----------
    eyeball_errors, blackbox_errors : array-like of float
        One error rate (fraction) per model version, at least two versions, same length.
    ratio : float, default 2.0
        How many times faster the eyeball error must fall (at least 1).
    margin : float, optional
        Growth of the gap that counts as real. By default ``0.01``, or, when both set sizes
        are given, two standard errors of the difference of the last two error estimates:
        ``2 * sqrt(e (1 - e) / n_eyeball + b (1 - b) / n_blackbox)``.
    n_eyeball, n_blackbox : int, optional
        The sizes of the two sets, for the default margin.

    Returns
    -------
    EyeballOverfit
        Truthy when overfit; ``.reason`` holds the numbers.

    Raises
    ------
    TypeError
        If the errors are not numbers, or a size is not an integer.
    ValueError
        If the sequences differ in length, hold fewer than two versions or values outside
        [0, 1], or a threshold is out of range.

    Examples
    --------
    >>> result = eyeball_overfit([0.10, 0.08, 0.06, 0.04], [0.10, 0.096, 0.092, 0.088])
    >>> result.overfit, round(result.eyeball_gain, 3), round(result.blackbox_gain, 3)
    (True, 0.02, 0.004)
    >>> bool(eyeball_overfit([0.10, 0.08, 0.06], [0.11, 0.09, 0.07]))
    False
    """
    eye = check_real_array(eyeball_errors, "eyeball_errors")
    box = check_real_array(blackbox_errors, "blackbox_errors")
    check_same_length(eye, box, "eyeball_errors", "blackbox_errors")
    if len(eye) < 2:
        raise ValueError("give the errors of at least two model versions to compare trends, "
                         f"got {len(eye)}")
    for name, values in (("eyeball_errors", eye), ("blackbox_errors", box)):
        bad = (values < 0) | (values > 1)
        if bad.any():
            raise ValueError(f"{name} must hold error rates as fractions in [0, 1], found "
                             f"{values[np.argmax(bad)]:g}")
    times = check_real(ratio, "ratio", low=1)
    if margin is None:
        if (n_eyeball is None) != (n_blackbox is None):
            raise ValueError("give both n_eyeball and n_blackbox (for the default margin), "
                             "or neither")
        if n_eyeball is None:
            threshold = 0.01
        else:
            e, b = eye[-1], box[-1]
            n_e = check_count(n_eyeball, "n_eyeball", low=1)
            n_b = check_count(n_blackbox, "n_blackbox", low=1)
            threshold = 2 * math.sqrt(e * (1 - e) / n_e + b * (1 - b) / n_b)
    else:
        threshold = check_real(margin, "margin", low=0)

    eye_gain, box_gain = -_slope(eye), -_slope(box)
    widening = (eye_gain - box_gain) * (len(eye) - 1)
    falls = eye_gain > 0
    faster = eye_gain >= times * box_gain
    real = widening > threshold
    overfit = bool(falls and faster and real)
    numbers = (f"eyeball error falls by {eye_gain:.4f} per version, blackbox by "
               f"{box_gain:.4f}; the gap grew by {widening:.4f} (margin {threshold:.4f})")
    if overfit:
        reason = f"{numbers}: at least {times:g} times as fast, beyond the margin"
    elif not falls:
        reason = f"{numbers}: the eyeball error is not falling"
    elif not faster:
        reason = f"{numbers}: less than {times:g} times as fast"
    else:
        reason = f"{numbers}: the gap grew by no more than the margin"
    gaps = tuple(round(float(g), 12) for g in box - eye)
    return EyeballOverfit(overfit=overfit, eyeball_gain=eye_gain, blackbox_gain=box_gain,
                          widening=widening, gaps=gaps, margin=threshold, ratio=times,
                          reason=reason)
