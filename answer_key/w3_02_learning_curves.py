"""Answer key of week 3, notebook 02: learning curves done right."""

from __future__ import annotations

import math

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w3_02_learning_curves import (
    extrapolate,
    linear_extrapolation,
    per_doubling,
)
from course_lib.learning_curve_reading import (
    BOTH,
    HIGH_BIAS,
    HIGH_VARIANCE,
    LearningCurveResult,
    read_learning_curve,
)


def _random_quota_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n_classes = int(rng.integers(2, 11))
        counts = rng.integers(1, 60, size=n_classes)
        if k % 5 == 0:
            counts[int(rng.integers(n_classes))] = 1  # a rare class
        labels = np.repeat(np.arange(n_classes), counts)
        rng.shuffle(labels)
        size = int(rng.integers(1, len(labels) + 1))
        if k % 3 == 0:
            names = np.array(["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis",
                              "jay"])
            labels = names[labels]
        y = labels.tolist() if k % 2 else labels
        cases.append(Case(f"random labels #{k + 1}", (y, size)))
    return cases


def _random_regime_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 30:
        goal = float(rng.uniform(0, 0.1))
        train = float(rng.uniform(0, 0.3))
        dev = float(min(1.0, max(0.0, train + rng.uniform(-0.01, 0.25))))
        kwargs = {}
        if len(cases) % 4 == 1:
            kwargs["tolerance"] = float(rng.choice([0.0, 0.005, 0.02, 0.05]))
        if len(cases) % 5 == 2:
            kwargs["relative_gap"] = float(rng.choice([0.25, 1.0, 2.0]))
        tol = kwargs.get("tolerance", 0.01)
        rel = kwargs.get("relative_gap", 0.5)
        b, v = train - goal, dev - train
        # skip values on a rule's edge, where float rounding could decide
        if min(abs(b - tol), abs(v - tol), abs(dev - goal - tol), abs(v - rel * b)) < 1e-6:
            continue
        cases.append(Case(f"random errors #{len(cases) + 1}", (train, dev, goal), kwargs))
    return cases


# --- decision: what the curves call for -----------------------------------------------------

_ACTION = {HIGH_BIAS: "bigger_model", HIGH_VARIANCE: "more_data", BOTH: "both"}


def _reading(d: Decision, goal: float | None = None):
    curve = LearningCurveResult.from_errors(d.data["sizes"], d.data["train"], d.data["dev"])
    return read_learning_curve(curve, d.data["desired_error"] if goal is None else goal)


def _action_right(d: Decision) -> str:
    if d.data["desired_error"] is None:
        return "set_goal"
    return _ACTION[_reading(d).regime]


#: Where mixing up bias and variance leads, from the right action.
_SWAPPED = {"bigger_model": "more_data", "more_data": "bigger_model", "both": "bigger_model",
            "set_goal": "bigger_model"}


def _swapped(d: Decision) -> str:
    return _SWAPPED[_action_right(d)]


def _action_explanation(d: Decision) -> str:
    train, dev = d.data["train"][-1], d.data["dev"][-1]
    n = d.data["sizes"][-1]
    at_end = (f"At {n:,} examples the training error is {train:.1%} and the dev error "
              f"{dev:.1%}, a gap of {100 * (dev - train):.1f} points. ")
    others = {"more_data": "collecting data only narrows the gap between the curves",
              "bigger_model": "a bigger model attacks bias only",
              "both": "working on both spreads the effort over a problem that is not there",
              "set_goal": "the desired error is given, so the line can be drawn right away"}
    right = _action_right(d)
    if right == "set_goal":
        why = ("Whether that is good depends on a number nobody has: if people get "
               f"{train:.0%} of these wrong, the model is near the best possible and the "
               "small gap is all there is to gain; if people get 1% wrong, there is a large "
               f"bias to remove. So **{d.letter('set_goal')}**: measure or agree on the "
               "desired error and draw it first. "
               f"**{d.letter('more_data')}**, **{d.letter('bigger_model')}** and "
               f"**{d.letter('both')}** each assume an answer to that question. ")
        return at_end + why
    goal = d.data["desired_error"]
    reading = _reading(d)
    b = train - goal
    if reading.regime == HIGH_BIAS:
        why = (f"The training error is {100 * b:.1f} points above the desired {goal:.1%}, and "
               "it rises as the training set grows, while the gap is small: high bias. More "
               "data cannot bring the dev error below the training curve, so "
               f"**{d.letter('bigger_model')}**. ")
    elif reading.regime == HIGH_VARIANCE:
        why = (f"The training error is at or below the desired {goal:.1%}, and the dev curve "
               f"still fell by {-100 * (reading.dev_trend or 0):.1f} points over the last "
               f"doubling: high variance, so **{d.letter('more_data')}** (or "
               "regularisation). ")
    else:
        why = (f"The training error is {100 * b:.1f} points above the desired {goal:.1%} "
               f"(bias), and the gap of {100 * (dev - train):.1f} points is large next to that "
               "(variance): "
               f"both, so **{d.letter('both')}**. Data alone stops at the training curve, a "
               "bigger model alone leaves the gap. ")
    rest = " ".join(f"**{d.letter(key)}**: {text}." for key, text in others.items()
                    if key != right)
    return at_end + why + rest


# --- decision: ten times the data -----------------------------------------------------------

def _ten_x_right(d: Decision) -> str:
    projected = extrapolate(d.data["train"], d.data["dev"], d.data["factor"])
    return "collect" if projected <= d.data["desired_error"] else "not_alone"


def _misread(d: Decision) -> str:
    return "not_alone" if _ten_x_right(d) == "collect" else "collect"


def _linear(d: Decision) -> str:
    return "collect" if linear_extrapolation(d.data["sizes"], d.data["dev"],
                                             d.data["factor"]) <= d.data["desired_error"] \
        else "not_alone"


def _train_ignored(d: Decision) -> str:
    return "collect" if extrapolate(d.data["train"], d.data["dev"], d.data["factor"],
                                    floor=False) <= d.data["desired_error"] else "not_alone"


def _ten_x_explanation(d: Decision) -> str:
    train, dev, goal = d.data["train"], d.data["dev"], d.data["desired_error"]
    factor = d.data["factor"]
    s = per_doubling(dev)
    doublings = math.log2(factor)
    naive = extrapolate(train, dev, factor, floor=False)
    head = (f"Over its last two doublings the dev error fell by {100 * s:.1f} points per "
            f"doubling. {factor} times the data is log2({factor}) = {doublings:.1f} doublings, "
            f"so continuing that line gives {100 * dev[-1]:.1f} - {doublings:.1f} x "
            f"{100 * s:.1f} = {100 * naive:.1f}% — an optimistic figure, since each doubling "
            "usually buys less than the one before. ")
    if _ten_x_right(d) == "collect":
        why = (f"That is below the {goal:.1%} goal, and the training error ({train[-1]:.1%}) "
               f"leaves room for it, so **{d.letter('collect')}** is a reasonable bet (check "
               f"the curve again on the way). **{d.letter('not_alone')}** stops the "
               "extrapolation short, as if ten times the data were one more doubling. ")
    elif train[-1] > goal:
        why = (f"But the training error is already {train[-1]:.1%}, above the {goal:.1%} goal, "
               "and it rises with more data; the dev error stays above it. So the data alone "
               f"cannot reach the goal: **{d.letter('not_alone')}**, starting with the bias. "
               f"**{d.letter('collect')}** forgets the training curve. ")
    else:
        why = (f"Even that optimistic figure misses the {goal:.1%} goal, so "
               f"**{d.letter('not_alone')}**: more data will help, but not enough by itself. "
               f"**{d.letter('collect')}** counts the gain per added example instead of per "
               "doubling. ")
    return (head + why + f"**{d.letter('stop')}** misreads a curve that still falls by "
            f"{100 * s:.1f} points per doubling as flat.")


KEYS = keys_by_id([
    Key("w3_02_class_quotas", hidden=_random_quota_cases),
    Key("w3_02_curve_regime", hidden=_random_regime_cases),
    decision_key("w3_02_curve_action", _action_right,
                 wrong={"more data always helps": lambda d: "more_data",
                        "mixed up the two gaps": _swapped,
                        "saw two problems": lambda d: "both",
                        "always wants a goal first": lambda d: "set_goal"},
                 explanation=_action_explanation),
    decision_key("w3_02_ten_x", _ten_x_right,
                 wrong={"misread the extrapolation": _misread,
                        "linear in the number of examples": _linear,
                        "training curve ignored": _train_ignored,
                        "flat means finished": lambda d: "stop"},
                 explanation=_ten_x_explanation),
])
