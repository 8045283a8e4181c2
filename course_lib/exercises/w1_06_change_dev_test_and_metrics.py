"""Exercises of week 1, notebook 06: when to change the dev/test sets and the metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.exercises.compare import Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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


# --- decisions: the idea on new situations, with each learner's numbers -------------------

#: What a team can do when its metric and dev set rank models the wrong way.
TARGET_OPTIONS = {
    "reweight": "Change the metric: weight the unacceptable mistakes far more than the others.",
    "new_dev": "Change the dev and test sets: build them from pictures like the users' own.",
    "ship_lower": "Keep the metric and the dev set, and ship the model with the lower error.",
    "retrain_weighted": "Keep the metric and the dev set, but retrain the models with weighted "
                        "training examples until the metric agrees with the users.",
}


def _metric_or_dev(rng: Any) -> Situation:
    product = ["photo-sharing app", "children's drawing app", "online second-hand shop",
               "school library's picture search"][int(rng.integers(4))]
    err_a = round(float(rng.uniform(0.02, 0.04)), 3)
    err_b = round(err_a + float(rng.uniform(0.008, 0.02)), 3)
    dev_n = int(rng.choice([5_000, 8_000, 10_000]))
    if rng.random() < 0.5:
        source = "users' uploads"
        shown = int(rng.integers(12, 60))
        story = (
            f"The dev and test sets are a random sample of **{dev_n:,}** of the users' own "
            f"uploads. Model A has **{err_a:.1%}** dev error and model B **{err_b:.1%}**. But A "
            f"labels **{shown}** pornographic or offensive dev pictures as harmless and puts "
            "them in front of users, while B lets through none; users who try both prefer B "
            "by far."
        )
    else:
        source = "web"
        shown = 0
        story = (
            f"The dev and test sets are **{dev_n:,}** sharp, well-framed pictures collected from "
            "the web; the users upload dim, blurry phone photos. Model A has "
            f"**{err_a:.1%}** dev error and model B **{err_b:.1%}**; neither lets through any "
            "offensive picture. In a trial with real users, B's mistakes are clearly fewer."
        )
    prompt = (f"A {product} uses a classifier to label uploaded pictures. {story} The metric "
              "is the plain error rate. What should the team do first?")
    return Situation(prompt, TARGET_OPTIONS, {
        "dev_source": source, "error_A": err_a, "error_B": err_b, "dev_size": dev_n,
        "offensive_shown_by_A": shown})


register_decision(DecisionSpec(
    id="w1_06_metric_or_dev_set",
    title="change the metric, or change the dev set?",
    build=_metric_or_dev,
    mistakes=(
        ("trusted the number",
         "the users rank the models the other way round: a metric and dev set that disagree "
         "with them point at the wrong target, however low the number."),
        ("aimed before placing the target",
         "first place the target (what the metric and dev set measure), then, separately, "
         "work out how to hit it; retraining cannot fix a target in the wrong place."),
        ("fixed the wrong part of the target",
         "ask what makes the users disagree: some mistakes costing far more than others calls "
         "for a different metric; pictures unlike the dev set's call for a different dev set."),
    ),
    hints=(
        "When the metric and dev set prefer a model the users would not choose, change the "
        "target before working on the models.",
        "Two parts of the target can be wrong: what is counted (the metric) and on which "
        "pictures (the dev and test sets). Which one does this story point at?",
    ),
))


#: What a team can do when its test error is higher than its dev error.
OVERFIT_OPTIONS = {
    "bigger_dev": "Get a bigger dev set (fresh examples from the same distribution) before "
                  "comparing more ideas.",
    "keep_going": "Keep comparing ideas on the current dev set: dev and test agree within "
                  "their noise.",
    "regularise": "Add regularisation: a test error above the dev error is a variance problem.",
    "tune_on_test": "Compare the next ideas on the test set, the more honest number.",
}


def _overfit_dev(rng: Any) -> Situation:
    task = ["reading meter dials", "classifying insect photos", "detecting faulty welds",
            "sorting scanned invoices"][int(rng.integers(4))]
    test_n = int(rng.choice([5_000, 10_000, 20_000]))
    dev_err = round(float(rng.uniform(0.04, 0.08)), 3)
    if rng.random() < 0.5:  # a small dev set, worn out by many ideas
        dev_n = int(rng.choice([300, 500, 800]))
        ideas = int(rng.integers(150, 600))
        test_err = round(dev_err + float(rng.uniform(0.035, 0.06)), 3)
    else:  # a big dev set, few ideas: the gap is noise
        dev_n = int(rng.choice([20_000, 30_000, 50_000]))
        ideas = int(rng.integers(8, 30))
        test_err = round(dev_err + float(rng.uniform(-0.002, 0.003)), 3)
    prompt = (
        f"A team {task} has compared **{ideas}** ideas (models, features, hyperparameters), "
        f"each on the same dev set of **{dev_n:,}** examples, and kept the best: it has "
        f"**{dev_err:.1%}** dev error. Measured once on a test set of **{test_n:,}** examples "
        f"from the same distribution, it has **{test_err:.1%}** error. What next?"
    )
    return Situation(prompt, OVERFIT_OPTIONS, {"ideas": ideas, "dev_size": dev_n,
                                               "dev_error": dev_err, "test_size": test_n,
                                               "test_error": test_err})


register_decision(DecisionSpec(
    id="w1_06_overfit_dev",
    title="a test error above the dev error",
    build=_overfit_dev,
    mistakes=(
        ("gap read as variance",
         "variance is the gap between training and dev error. A gap between dev and test "
         "error, both on unseen data from one distribution, says something about the dev set."),
        ("test set for tuning",
         "a test set that chooses between ideas gets overfit in turn, and then nothing is left "
         "to measure the final system honestly."),
        ("misjudged the noise",
         "compare the test - dev gap with the noise of the two measurements: far beyond about "
         "two standard errors of the difference is the dev set being overfit; within it, "
         "chance."),
    ),
    hints=(
        "Picking the best of many ideas on one dev set makes its dev error optimistic. Is "
        "the gap here bigger than chance alone would make it?",
        "The standard error of the gap is about sqrt(d(1 - d)/n_dev + t(1 - t)/n_test). A "
        "gap of several of those, after many ideas on a small dev set, calls for a new dev "
        "set; a gap within it calls for nothing.",
    ),
))
