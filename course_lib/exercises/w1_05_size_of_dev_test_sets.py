"""Exercises of week 1, notebook 05: size of the dev and test sets."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any

import numpy as np

from course_lib import sizing
from course_lib.exercises.compare import Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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

def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _z_power(power: float | None) -> float:
    return 0.0 if power is None else NormalDist().inv_cdf(power)


def _size_cases() -> list[Case]:
    return [
        Case("10% against 11%", (0.10, 0.01)),
        Case("1% against 1.2% (the birds simulator's numbers)", (0.01, 0.002)),
        Case("1% against 2%", (0.01, 0.01)),
        Case("20% against 35%: a small dev set", (0.20, 0.15),
             hint="n is a number of examples: round the formula's result *up* with math.ceil."),
        Case("10% against 11%, no power requirement", (0.10, 0.01), {"power": None},
             hint="power=None means no power term: z_power is 0, only the confidence's z "
                  "is left."),
        Case("10% against 11%, 99% confidence", (0.10, 0.01), {"confidence": 0.99},
             hint="z depends on the confidence: NormalDist().inv_cdf(0.5 + confidence / 2)."),
        Case("5% against 5.5%, 90% power", (0.05, 0.005), {"power": 0.9}),
    ]


def _size(p: float, q: float, z: float, m: float) -> float:
    return (p * (1 - p) + q * (1 - q)) * z**2 / m**2


def _one_variance(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8
                  ) -> int:
    return math.ceil(p * (1 - p) * (_z(confidence) + _z_power(power)) ** 2 / m**2)


def _p1_twice(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8) -> int:
    return math.ceil(_size(p, p, _z(confidence) + _z_power(power), m))


def _margin_not_squared(p: float, m: float, confidence: float = 0.95,
                        power: float | None = 0.8) -> int:
    return math.ceil(_size(p, p + m, _z(confidence) + _z_power(power), m) * m)


def _z_not_squared(p: float, m: float, confidence: float = 0.95,
                   power: float | None = 0.8) -> int:
    z = _z(confidence) + _z_power(power)
    return math.ceil(_size(p, p + m, z, m) / z)


def _fixed_z(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8) -> int:
    return math.ceil(_size(p, p + m, 1.96 + _z_power(power), m))


def _no_power(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8) -> int:
    return math.ceil(_size(p, p + m, _z(confidence), m))


def _power_two_sided(p: float, m: float, confidence: float = 0.95,
                     power: float | None = 0.8) -> int:
    extra = 0.0 if power is None else _z(power)
    return math.ceil(_size(p, p + m, _z(confidence) + extra, m))


def _squares_added(p: float, m: float, confidence: float = 0.95,
                   power: float | None = 0.8) -> int:
    q = p + m
    return math.ceil((p * (1 - p) + q * (1 - q))
                     * (_z(confidence) ** 2 + _z_power(power) ** 2) / m**2)


def _rounded(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8) -> int:
    return round(_size(p, p + m, _z(confidence) + _z_power(power), m))


def _as_float(p: float, m: float, confidence: float = 0.95, power: float | None = 0.8
              ) -> float:
    return float(np.ceil(_size(p, p + m, _z(confidence) + _z_power(power), m)))


def min_dev_size(error_rate: float, margin: float, confidence: float = 0.95,
                 power: float | None = 0.8) -> int:
    """Reference: :func:`course_lib.sizing.dev_set_size` (a wrapper of its own, so that grading
    this notebook stubs the exercise and not the library function other cells use)."""
    return sizing.dev_set_size(error_rate, margin, confidence, power=power)


register(
    Exercise(
        id="w1_05_min_dev_size",
        title="dev-set size that tells two models apart with the given confidence and power",
        kind="function",
        reference=min_dev_size,
        # 0.2 % tolerance: z rounded to 1.96 and 0.84 is accepted, a wrong formula is not.
        compare=Number(rel=0.002, integer=True),
        signature="min_dev_size(error_rate, margin, confidence=0.95, power=0.8)",
        visible=_size_cases,
        mistakes=(
            Mistake("one model's variance", _one_variance,
                    "both measured error rates are noisy: add the variances of the two, "
                    "p1(1 - p1) + p2(1 - p2)."),
            Mistake("p1 twice", _p1_twice,
                    "the second model's error is p2 = error_rate + margin, and its variance "
                    "p2(1 - p2) is not p1(1 - p1): compute it from p2."),
            Mistake("margin not squared", _margin_not_squared,
                    "solve (z + z_power) * sqrt(v / n) = margin for n: the margin ends up "
                    "squared."),
            Mistake("z not squared", _z_not_squared,
                    "solve (z + z_power) * sqrt(v / n) = margin for n: the sum of the two z "
                    "values ends up squared."),
            Mistake("z fixed at 1.96", _fixed_z,
                    "1.96 is z for 95% only: compute z from the confidence argument."),
            Mistake("power ignored", _no_power,
                    "that is the size at which a difference of exactly the margin is just "
                    "significant, which catches a real difference of that size only about "
                    "half of the time: add z_power = NormalDist().inv_cdf(power) to z."),
            Mistake("power two-sided", _power_two_sided,
                    "the power's z is one-sided: NormalDist().inv_cdf(power) (0.84 for 80%), "
                    "not inv_cdf(0.5 + power / 2)."),
            Mistake("squares added", _squares_added,
                    "add the two z values first, then square the sum: (z + z_power)², not "
                    "z² + z_power²."),
            Mistake("rounded to nearest", _rounded,
                    "round() goes to the nearest whole number, sometimes down, and then the "
                    "dev set is a little too small: round up with math.ceil."),
            Mistake("float returned", _as_float,
                    "a number of examples is an int: math.ceil(...) returns an int, while "
                    "np.ceil or float arithmetic gives a float such as 14749.0."),
        ),
        hints=(
            "Two measured error rates are compared, so two noises add up. The dev set is big "
            "enough when the true margin sits (z + z_power) standard errors of the *difference* "
            "above zero: z for the confidence, z_power for the power.",
            "Work in this order: p2 = error_rate + margin; z = "
            "NormalDist().inv_cdf(0.5 + confidence / 2); z_power = NormalDist().inv_cdf(power), "
            "or 0 when power is None; plug them into the notebook's formula, then round up "
            "with `math.ceil` to get an `int`.",
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
            Mistake("percent threshold", None,
                    "`ranked` holds shares between 0 and 1, so no entry reaches 90 and the "
                    "selection is empty (its smallest index is NaN): compare with 0.9, not 90."),
            Mistake("first below the bar", None,
                    "that size stays *below* the 90% bar; you want the first size at or above "
                    "it."),
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


# --- decisions: the idea on new situations, with each learner's numbers -------------------

#: What a team can do with its planned split (the key decides which is right).
SPLIT_OPTIONS = {
    "keep_plan": "Keep the 70/15/15 plan as it is.",
    "grow_dev": "Give the dev set more examples (move some from training, or collect more): "
                "it is too small for differences that close.",
    "shrink_dev": "Shrink dev and test to what they need (a 98/1/1-style split) and train on "
                  "the rest.",
}
#: The dev set of the plan is this share of all examples.
PLAN_DEV_SHARE = 0.15


def _nice(x: float) -> int:
    """``x`` rounded to two significant digits (``123_456 -> 120_000``)."""
    digits = max(0, int(math.floor(math.log10(x))) - 1)
    return int(round(x / 10**digits) * 10**digits)


def _split_plan(rng: Any) -> Situation:
    task = ["spam filter for a mail service", "product-photo classifier for a shop",
            "fraud detector for card payments", "speech command recogniser"][int(rng.integers(4))]
    error = float(rng.choice([0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10]))
    margin = float(rng.choice([0.002, 0.003, 0.005]))
    needed = sizing.dev_set_size(error, margin)
    regime = ("short", "fine", "waste")[int(rng.integers(3))]
    low, high = {"short": (0.6, 0.9), "fine": (1.2, 1.8), "waste": (10.0, 25.0)}[regime]
    total = _nice(needed * float(rng.uniform(low, high)) / PLAN_DEV_SHARE)
    prompt = (
        f"A team building a {task} has **{total:,}** labelled examples. Its plan is the split "
        "it learnt in a course years ago: **70% training, 15% dev, 15% test**. Its best model "
        f"has about **{error:.0%}** error, and the ideas it will compare next should differ "
        f"by about **{100 * margin:.1f} percentage points**. It wants to tell such ideas apart "
        "with the usual 95% confidence and 80% power. What do you advise?"
    )
    return Situation(prompt, SPLIT_OPTIONS, {"total": total, "error_rate": error,
                                             "margin": margin, "dev_share": PLAN_DEV_SHARE})


register_decision(DecisionSpec(
    id="w1_05_split_plan",
    title="is a 70/15/15 split right for this team?",
    build=_split_plan,
    mistakes=(
        ("trusted the percentages",
         "a share of the data says nothing about what the dev set must tell apart: compare "
         "the number of dev examples the plan gives with the number needed to see the "
         "margin with 95% confidence and 80% power."),
        ("power ignored",
         "you sized the dev set for a difference that is just significant; such a set misses "
         "a real difference of that size about half of the time. Size it with 80% power."),
        ("compared the whole data set",
         "only 15% of the examples go to the dev set: compare the plan's dev examples, not "
         "the whole data set, with the number needed."),
        ("misjudged the size",
         "compare the plan's dev examples with the number needed once more: a dev set short of "
         "it cannot see the margin, and one far beyond it holds examples the training set "
         "could use."),
    ),
    hints=(
        "Work out how many dev examples the plan gives, and how many are needed to tell apart "
        "two models that differ by the margin, with 95% confidence and 80% power.",
        "Compare the two numbers: far fewer than needed, about what is needed, or many times "
        "more than needed each call for a different split.",
    ),
))


#: What a team can do about its test set (the key decides which is right).
TEST_OPTIONS = {
    "drop_test": "Train and dev only: move the test examples into the dev set and stop there.",
    "keep_test": "Keep a test set that no choice ever looks at, and measure the final model on "
                 "it once.",
    "report_dev": "Train and dev only, and give the chosen model's dev error as the error to "
                  "expect.",
    "tune_on_test": "Keep the test set, and also use it to pick among the last few ideas.",
}

#: The situations of the team, by name: who will use the final model and how.
TEST_SITUATIONS = {
    "hospital": "The model will go to a hospital, which asks in writing for the error rate to "
                "expect on new patients.",
    "contract": "The client's contract pays a bonus only if the error on new data is below a "
                "threshold, and the team must state its expected error before delivery.",
    "regulator": "A regulator asks the team to declare the error rate of the system it "
                 "deploys.",
    "tickets": "The model sorts the team's own support tickets; the team only needs to know "
               "which model to deploy, and nobody will use the error figure.",
    "prototype": "It is a research prototype: the team only wants to know which of its ideas "
                 "works best, and will publish nothing about it.",
    "labellers": "The model is an internal tool that pre-sorts photos for the team's own "
                 "labellers; only the choice of model matters, not its exact error.",
}


def _no_test_set(rng: Any) -> Situation:
    names = list(TEST_SITUATIONS)
    situation = names[int(rng.integers(3)) + (3 if rng.random() < 0.5 else 0)]
    context = TEST_SITUATIONS[situation]
    ideas = int(rng.integers(30, 200))
    dev = int(rng.choice([2_000, 3_000, 5_000, 8_000]))
    best = round(float(rng.uniform(0.03, 0.09)), 3)
    prompt = (
        f"{context} The team has tried **{ideas}** ideas (architectures, hyperparameters, "
        f"features), each compared on a dev set of **{dev:,}** examples; the best has "
        f"**{best:.1%}** dev error. Its ideas now differ by a few tenths of a point, and the "
        "team wishes its dev set were twice as big. It also set aside a test set of "
        f"**{dev:,}** examples, and someone suggests it is a waste: 'we have a dev set "
        "already'. What should the team do?"
    )
    return Situation(prompt, TEST_OPTIONS, {"situation": situation, "ideas": ideas,
                                            "dev_size": dev, "best_dev_error": best})


register_decision(DecisionSpec(
    id="w1_05_no_test_set",
    title="train and dev only, or a test set too?",
    build=_no_test_set,
    mistakes=(
        ("misread who needs the number",
         "ask who will rely on the final model's error figure: only an untouched test set "
         "gives an unbiased one, and where nobody relies on it, the test examples can serve "
         "the dev set instead."),
        ("dev error is unbiased",
         "the dev error of the best of many ideas is the lowest of many noisy numbers: it is "
         "optimistic, so it is not the error to promise."),
        ("test set for choosing",
         "as soon as the test set helps choose, it is tuned on too and stops being an "
         "unbiased measure; only the dev set chooses."),
    ),
    hints=(
        "A test set has one job: an unbiased estimate of the final system's error. Does this "
        "team need that number?",
        "Picking the best of many ideas on the dev set makes the dev error optimistic. That "
        "matters only if someone relies on the number; it never makes it right to choose on "
        "the test set.",
    ),
))
