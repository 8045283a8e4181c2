"""Exercises of week 1, notebook 05: size of the dev and test sets."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

import numpy as np

from course_lib import sizing
from course_lib.exercises.compare import Number
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The notebook's two models: true error rates 10.0 % and 10.1 %.
ERROR_A = 0.100
ERROR_B = 0.101
#: Dev-set sizes of the simulation, trials per size, and its seed.
SIZES = (100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000)
TRIALS = 2_000
SEED = 5


# --- standard error --------------------------------------------------------------------------

def _se_cases() -> list[Case]:
    return [
        Case("10% error on 100 examples", (0.1, 100)),
        Case("50% error on 10,000 examples", (0.5, 10_000)),
        Case("2% error on 10,000 examples", (0.02, 10_000)),
        Case("no error at all", (0.0, 50)),
        Case("a single example", (0.25, 1)),
        Case("1% error on a million examples", (0.01, 1_000_000)),
    ]


register(
    Exercise(
        id="w1_05_standard_error",
        title="standard error of an error rate measured on n examples",
        kind="function",
        reference=sizing.standard_error,
        compare=Number(),
        signature="standard_error(error_rate, n)",
        visible=_se_cases,
        mistakes=(
            Mistake("variance", lambda p, n: p * (1 - p) / n,
                    "that is the variance of the measured rate; the standard error is its "
                    "square root."),
            Mistake("p over n", lambda p, n: math.sqrt(p / n),
                    "the variance of a proportion is p(1 - p)/n, not p/n."),
            Mistake("sqrt n only", lambda p, n: p * (1 - p) / math.sqrt(n),
                    "take the square root of the whole p(1 - p)/n."),
            Mistake("divide by n outside", lambda p, n: math.sqrt(p * (1 - p)) / n,
                    "the noise shrinks like 1/sqrt(n), not 1/n: sqrt(p(1 - p)/n)."),
        ),
        hints=(
            "The standard error says how far a rate measured on `n` examples typically lands from "
            "the true rate. It grows with p(1 − p) and shrinks with `n`, but only like a square "
            "root.",
            "Start from the variance of a proportion measured on n examples (p(1 − p) divided by "
            "n), then take `math.sqrt` of that whole quantity. An error rate of 0 gives a "
            "standard error of exactly 0.0.",
        ),
    ),
)


# --- dev-set size to tell two models apart --------------------------------------------------

def min_dev_size(error_rate: float, margin: float, confidence: float = 0.95) -> int:
    """Reference: size at which a difference of ``margin`` is just significant (no power)."""
    return sizing.dev_set_size(error_rate, margin, confidence, power=None)


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _size_cases() -> list[Case]:
    return [
        Case("10% against 11%", (0.10, 0.01),
             hint="n is a number of examples: round the formula's result up with math.ceil."),
        Case("10% against 10.1%", (0.10, 0.001)),
        Case("5% against 5.5%", (0.05, 0.005)),
        Case("1% against 2%", (0.01, 0.01)),
        Case("10% against 11%, 99% confidence", (0.10, 0.01), {"confidence": 0.99},
             hint="z depends on the confidence: NormalDist().inv_cdf(0.5 + confidence / 2)."),
    ]


def _one_variance(p: float, m: float, confidence: float = 0.95) -> int:
    return math.ceil(p * (1 - p) * _z(confidence) ** 2 / m**2)


def _margin_not_squared(p: float, m: float, confidence: float = 0.95) -> int:
    q = p + m
    return math.ceil((p * (1 - p) + q * (1 - q)) * _z(confidence) ** 2 / m)


def _z_not_squared(p: float, m: float, confidence: float = 0.95) -> int:
    q = p + m
    return math.ceil((p * (1 - p) + q * (1 - q)) * _z(confidence) / m**2)


def _fixed_z(p: float, m: float, confidence: float = 0.95) -> int:
    q = p + m
    return math.ceil((p * (1 - p) + q * (1 - q)) * 1.96**2 / m**2)


register(
    Exercise(
        id="w1_05_min_dev_size",
        title="dev-set size at which a difference between two models becomes visible",
        kind="function",
        reference=min_dev_size,
        # 0.2 % tolerance: z rounded to 1.96 is accepted, a wrong formula is not.
        compare=Number(rel=0.002, integer=True),
        signature="min_dev_size(error_rate, margin, confidence=0.95)",
        visible=_size_cases,
        mistakes=(
            Mistake("one model's variance", _one_variance,
                    "both measured error rates are noisy: add the variances of the two, "
                    "p1(1 - p1) + p2(1 - p2), with p2 = error_rate + margin."),
            Mistake("margin not squared", _margin_not_squared,
                    "solve z * sqrt(v / n) = margin for n: the margin ends up squared."),
            Mistake("z not squared", _z_not_squared,
                    "solve z * sqrt(v / n) = margin for n: z ends up squared."),
            Mistake("z fixed at 1.96", _fixed_z,
                    "1.96 is z for 95% only: compute z from the confidence argument."),
        ),
        hints=(
            "Two measured error rates are compared, so two noises add up: the dev set is big "
            "enough when `z` standard errors of the *difference* shrink to the margin you want to "
            "see.",
            "Work in this order: the second rate is `error_rate + margin`; `z` comes from "
            "`statistics.NormalDist().inv_cdf` and the confidence argument (not a fixed 1.96); "
            "plug both into the formula of the notebook, then round up with `math.ceil` to get an "
            "`int`.",
        ),
    ),
)


# --- how often a dev set ranks two models right ---------------------------------------------

def fraction_ranked_right(measured_better: Any, measured_worse: Any) -> float:
    """Reference: share of trials where the truly better model measures strictly lower."""
    a = np.asarray(measured_better, dtype=float)
    b = np.asarray(measured_worse, dtype=float)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError("measured_better and measured_worse must be 1-D arrays of equal length")
    return float(np.mean(a < b))


def _ranked_cases() -> list[Case]:
    return [
        Case("three dev sets", ([0.09, 0.11, 0.10], [0.10, 0.10, 0.12])),
        Case("ties do not count as right", ([0.1, 0.1, 0.2, 0.05], [0.1, 0.2, 0.1, 0.05]),
             hint="a tie does not tell the models apart: count only strictly lower errors."),
        Case("NumPy arrays of 1,000 trials",
             (sizing.simulate_error_estimates(ERROR_A, 1_000, 1_000, seed=1),
              sizing.simulate_error_estimates(ERROR_B, 1_000, 1_000, seed=2))),
        Case("always right", ([0.01, 0.02], [0.03, 0.04])),
    ]


register(
    Exercise(
        id="w1_05_fraction_ranked_right",
        title="how often a dev set ranks the better model first",
        kind="function",
        reference=fraction_ranked_right,
        compare=Number(),
        signature="fraction_ranked_right(measured_better, measured_worse)",
        visible=_ranked_cases,
        mistakes=(
            Mistake("ties count", lambda a, b: float(np.mean(np.asarray(a) <= np.asarray(b)))
                    , "a tie does not tell the models apart: count only the trials where the "
                      "better model's measured error is strictly lower."),
            Mistake("reversed", lambda a, b: float(np.mean(np.asarray(a) > np.asarray(b))),
                    "you counted the trials where the *worse* model looks better."),
            Mistake("count", lambda a, b: float(np.sum(np.asarray(a) < np.asarray(b))),
                    "return a share of the trials (between 0 and 1), not a count."),
        ),
        hints=(
            "Each trial is one simulated dev set. It ranks the models right when the truly better "
            "model measures a *lower* error than the worse one; you want the share of such "
            "trials.",
            "Compare the two arrays element-wise, strictly (a tie does not rank anything). The "
            "mean of a boolean array is the share of `True` entries, so one NumPy reduction "
            "finishes the job; return a `float` between 0 and 1, not a count.",
        ),
    ),
)


register(
    Exercise(
        id="w1_05_smallest_reliable_size",
        title="the smallest dev set that tells 10.0% from 10.1% in at least 90% of trials",
        kind="value",
        reference=None,
        compare=Number(integer=True),
        mistakes=(
            Mistake("largest", None,
                    "the largest size always works best; the question is the smallest one that "
                    "is good enough."),
        ),
        hints=(
            "Use the simulation's result `ranked`, one share per dev-set size: find the sizes "
            "that reach the 90% bar, then the smallest of them. The largest size always works; it "
            "is not the question.",
            "Keep the entries of `ranked` that are at least 0.9 (reaching exactly 0.9 counts), "
            "then look at their *index*, which holds the sizes, and take its smallest value as an "
            "`int`.",
        ),
    ),
)
