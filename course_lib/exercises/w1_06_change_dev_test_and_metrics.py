"""Exercises of week 1, notebook 06: when to change the dev/test sets and the metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.data import cat_app
from course_lib.exercises.compare import Label, Number
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the notebook's simulated cat-filter dev set, and the weight of an unacceptable image.
FILTER_SEED = 0
WEIGHT = 10
#: Seed of the notebook's web-versus-user-pictures comparison.
USER_SEED = 1


# --- weighted error ----------------------------------------------------------------------------

def _weighted_cases() -> list[Case]:
    return [
        Case("one unacceptable image let through",
             ([0, 0, 1, 1, 0], [1, 0, 1, 0, 0], [10, 1, 1, 1, 1])),
        Case("all weights 1: the plain error rate", ([1, 0, 1, 0], [1, 1, 0, 0], [1, 1, 1, 1])),
        Case("mistakes only on ordinary images",
             ([0, 1, 0, 1, 0, 0], [0, 0, 0, 1, 1, 0], [10, 1, 10, 1, 1, 1])),
        Case("labels that are strings", (["cat", "dog", "cat"], ["cat", "cat", "dog"], [1, 10, 1])),
        Case("NumPy arrays", (np.array([1, 0, 0, 1]), np.array([0, 0, 1, 1]),
                              np.array([2.0, 0.5, 1.0, 1.0]))),
    ]


def _arrays(t: Any, p: Any, w: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.asarray(t), np.asarray(p), np.asarray(w, dtype=float)


def _over_n(t: Any, p: Any, w: Any) -> float:
    t, p, w = _arrays(t, p, w)
    return float(np.sum(w * (t != p)) / len(t))


def _plain(t: Any, p: Any, w: Any) -> float:
    t, p, _ = _arrays(t, p, w)
    return float(np.mean(t != p))


def _weighted_right(t: Any, p: Any, w: Any) -> float:
    t, p, w = _arrays(t, p, w)
    return float(np.sum(w * (t == p)) / np.sum(w))


register(
    Exercise(
        id="w1_06_weighted_error",
        title="error rate in which some examples' mistakes count more",
        kind="function",
        reference=metrics.weighted_error,
        compare=Number(),
        signature="weighted_error(y_true, y_pred, weights)",
        visible=_weighted_cases,
        mistakes=(
            Mistake("divided by n", _over_n,
                    "divide by the sum of the weights, not by the number of examples: then a "
                    "model that gets everything wrong scores exactly 1."),
            Mistake("weights ignored", _plain,
                    "that is the plain error rate: multiply each mistake by its example's "
                    "weight."),
            Mistake("weighted accuracy", _weighted_right,
                    "you added up the weights of the examples the model got *right*; the error "
                    "adds up those it got wrong."),
        ),
        hints=(
            "Each mistake counts as much as its example's weight: total the weights of the "
            "misclassified examples and normalise by the total weight, so the result stays "
            "between 0 and 1.",
            "Turn the three inputs into arrays with `np.asarray` (the weights as floats) and "
            "build a 'wrong' mask with `!=`, which works for strings too. Divide by `np.sum` of "
            "the weights rather than by `len(...)`; with all weights 1 you must get the plain "
            "error rate.",
        ),
    ),
)


# --- which filter, and from which weight ---------------------------------------------------

register(
    Exercise(
        id="w1_06_better_filter",
        title="the better cat filter by the weighted error",
        kind="value",
        reference=None,
        compare=Label(choices=("A", "B")),
        mistakes=(
            Mistake("plain error", None,
                    "that is the winner by plain error, where every mistake counts the same. "
                    "Compare the weighted errors, with weight 10 for unacceptable images."),
        ),
        hints=(
            "Choose with the metric that encodes what users care about: the weighted error, in "
            "which letting an unacceptable image through costs as much as ten ordinary mistakes, "
            "not the plain error.",
            "Read the `\"weighted error (w = 10)\"` column of `summary` and take the row label of "
            "its lowest value with `idxmin`, rather than typing a letter.",
        ),
    ),
    Exercise(
        id="w1_06_break_even_weight",
        title="the smallest weight at which B beats A",
        kind="value",
        reference=None,
        compare=Number(integer=True),
        mistakes=(
            Mistake("one too low", None,
                    "at that weight B does not yet have a *lower* weighted error than A: "
                    "the question asks for the first weight at which B is strictly better."),
            Mistake("the course's 10", None,
                    "10 is the weight the course chose; B already wins with a smaller one. Try "
                    "the weights 1, 2, 3, ... in turn."),
        ),
        hints=(
            "Vary the weight of the unacceptable images and watch where the two weighted errors "
            "cross: you want the first whole weight at which B is *strictly* better. The plot "
            "over the weights 1 to 20 shows roughly where.",
            "Loop `w` over 1, 2, 3, …; for each, build per-image weights with `np.where` on the "
            "`unacceptable` column (`w` there, 1 elsewhere), compute both weighted errors with "
            "your function and stop at the first `w` where B's is lower. A tie is not enough.",
        ),
    ),
)


# --- which dev set ------------------------------------------------------------------------------

register(
    Exercise(
        id="w1_06_best_on_user_dev",
        title="the model to ship once the dev set holds the users' pictures",
        kind="value",
        reference=None,
        compare=Label(choices=cat_app.USER_MODELS),
        mistakes=(
            Mistake("web dev set", None,
                    "that model is (one of) the best on the *web* dev set. The users send "
                    "phone pictures: choose by the user dev set."),
            Mistake("highest error", None,
                    "that model has the *highest* error on the users' pictures."),
        ),
        hints=(
            "The dev set must look like the data users really send. The web dev set is the wrong "
            "target here: ship the model that does best on the users' phone pictures.",
            "Use the `\"user dev error\"` column of `comparison` and take the index label of its "
            "lowest value with `idxmin`, spelled exactly as in the index; the web column ranks "
            "the models differently.",
        ),
    ),
)
