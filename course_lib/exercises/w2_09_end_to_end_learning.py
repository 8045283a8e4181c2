"""Exercises of week 2, notebook 09: end-to-end learning (the sum of two digits)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import learning_curves
from course_lib.data import digit_tasks
from course_lib.exercises.compare import Array, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.nn import Network

# --- cutting a pair image into its two digits ----------------------------------------------


@functools.lru_cache(maxsize=4)
def _real_pairs(n: int, seed: int) -> np.ndarray:
    X, y = digit_tasks.load_digit_images()
    return digit_tasks.make_pairs(X, y, n, seed=seed).X


def _split_cases() -> list[Case]:
    numbered = np.arange(128, dtype=float).reshape(1, 128)
    return [
        Case("one pair whose 128 pixels are numbered 0, 1, ..., 127", (numbered,)),
        Case("three real pairs of digits", (_real_pairs(3, 0).copy(),)),
        Case("two pairs given as nested lists", ((numbered + 1000 * np.arange(2)[:, None])
                                                 .tolist(),)),
    ]


def _as_array(X: Any) -> np.ndarray:
    return np.asarray(X, dtype=float)


register(
    Exercise(
        id="w2_09_split_pair",
        title="cut 8x16 pair images into their left and right digits",
        kind="function",
        reference=digit_tasks.split_pairs,
        compare=Array(),
        signature="split_pair(X_pairs)",
        visible=_split_cases,
        mistakes=(
            Mistake("top and bottom", lambda X: (_as_array(X)[:, :64], _as_array(X)[:, 64:]),
                    "the first 64 numbers of a row are the top 4 rows of the 8x16 image (both "
                    "digits), not the left digit: reshape each row to 8 rows of 16 pixels "
                    "first."),
            Mistake("left and right swapped",
                    lambda X: digit_tasks.split_pairs(X)[::-1],
                    "left and right are swapped: return (left, right)."),
            Mistake("every other pixel", lambda X: (_as_array(X)[:, ::2], _as_array(X)[:, 1::2]),
                    "the two digits are not interleaved pixel by pixel: each row of the image "
                    "is 8 pixels of the left digit, then 8 of the right one."),
        ),
        hints=(
            "A stored row is the 8×16 image read row after row, so every image row is half left "
            "digit, half right digit. The first 64 numbers are therefore *not* the left digit.",
            "Make a float array and reshape it to `(n, 8, 16)` (`-1` works for `n`), slice the "
            "last axis into its first and second 8 columns, and reshape each half back to 64 "
            "pixels per row. Return `(left, right)` in that order.",
        ),
    ),
)


# --- the two-step pipeline ---------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _digit_reader() -> Network:
    """A small digit classifier, trained quickly on 500 images (about 90% right)."""
    X, y = digit_tasks.load_digit_images()
    net = Network([64, 32, 10], seed=0)
    net.fit(X[:500], y[:500], epochs=15, learning_rate=3e-3, patience=None)
    return net


@dataclass(frozen=True)
class InkCounter:
    """A made-up 'classifier': the digit is the amount of ink in the image, capped at 9.

    (A dataclass, so that a grading kernel receives it as data.)"""

    def predict(self, X: Any) -> np.ndarray:
        return np.minimum(np.asarray(X).sum(axis=1) / 4.0, 9).astype(np.int64)

    def __repr__(self) -> str:
        return "InkCounter()"


def _pipeline_cases() -> list[Case]:
    return [
        Case("a trained digit network on 20 real pairs", (_digit_reader().copy(),
                                                          _real_pairs(20, 1).copy())),
        Case("a made-up classifier that counts ink", (InkCounter(), _real_pairs(6, 2).copy())),
        Case("a single pair", (_digit_reader().copy(), _real_pairs(1, 3).copy())),
    ]


def _two_digit_number(classifier: Any, X_pairs: Any) -> np.ndarray:
    left, right = digit_tasks.split_pairs(X_pairs)
    return 10 * classifier.predict(left) + classifier.predict(right)


def _left_twice(classifier: Any, X_pairs: Any) -> np.ndarray:
    left, _ = digit_tasks.split_pairs(X_pairs)
    return 2 * classifier.predict(left)


def _top_bottom(classifier: Any, X_pairs: Any) -> np.ndarray:
    X = np.asarray(X_pairs, dtype=float)
    return classifier.predict(X[:, :64]) + classifier.predict(X[:, 64:])


register(
    Exercise(
        id="w2_09_pipeline_sum",
        title="the pipeline: read both digits, then add",
        kind="function",
        reference=digit_tasks.pipeline_sums,
        compare=Array(),
        signature="pipeline_sum(classifier, X_pairs)",
        visible=_pipeline_cases,
        mistakes=(
            Mistake("two-digit number", _two_digit_number,
                    "you wrote the two digits next to each other as a number; the task is "
                    "their sum."),
            Mistake("left digit twice", _left_twice,
                    "you used the left digit twice: classify the right half too."),
            Mistake("top and bottom halves", _top_bottom,
                    "the halves must be the left and right 8x8 digits: use your split_pair."),
        ),
        hints=(
            "The pipeline has a learned step (read each digit with the classifier) and a "
            "hand-designed one (arithmetic). Do them in that order, for all pairs at once.",
            "Cut the images with your function of exercise 1, call `classifier.predict` once on "
            "the left halves and once on the right halves, and combine the two arrays of digits "
            "element by element: you want their sum, not a two-digit number.",
        ),
    ),
)


# --- how many pairs would the end-to-end network need? -------------------------------------


def _fit(n: Any, e: Any, x: Any = np.log) -> tuple[float, float]:
    slope, intercept = np.polyfit(x(np.asarray(n, dtype=float)), np.log(np.asarray(e, float)), 1)
    return float(slope), float(intercept)


def _linear_fit(n: Any, e: Any, target: float) -> float:
    slope, intercept = np.polyfit(np.asarray(n, float), np.asarray(e, float), 1)
    return float((target - intercept) / slope)


def _last_two(n: Any, e: Any, target: float) -> float:
    return learning_curves.examples_needed(list(n)[-2:], list(e)[-2:], target)


def _semi_log(n: Any, e: Any, target: float) -> float:
    slope, intercept = np.polyfit(np.log(np.asarray(n, float)), np.asarray(e, float), 1)
    return float(math.exp((target - intercept) / slope))


def _log_of_answer(n: Any, e: Any, target: float) -> float:
    return float(math.log(learning_curves.examples_needed(n, e, target)))


def _target_not_logged(n: Any, e: Any, target: float) -> float:
    slope, intercept = _fit(n, e)
    return float(math.exp((target - intercept) / slope))


def _mixed_logs(n: Any, e: Any, target: float) -> float:
    slope, intercept = _fit(n, e, np.log10)
    return float(math.exp((math.log(target) - intercept) / slope))


def _needed_cases() -> list[Case]:
    return [
        Case("an exact power law: the error halves when the data is multiplied by 4",
             ([100, 400, 1600], [0.4, 0.2, 0.1], 0.05)),
        Case("a noisy learning curve",
             ([300, 1000, 3000, 10000], [0.75, 0.47, 0.25, 0.17], 0.05)),
        Case("a target inside the measured range",
             (np.array([1000, 2000, 4000, 8000]), np.array([0.3, 0.22, 0.15, 0.12]), 0.2)),
    ]


register(
    Exercise(
        id="w2_09_pairs_needed",
        title="extrapolate a learning curve to a target error",
        kind="function",
        reference=learning_curves.examples_needed,
        compare=Number(rel=1e-6),
        signature="pairs_needed(n_pairs, errors, target_error)",
        visible=_needed_cases,
        mistakes=(
            Mistake("straight line without logs", _linear_fit,
                    "fit the line to the *logarithms* of both the sizes and the errors: a "
                    "power law is straight only on a log-log scale."),
            Mistake("last two points", _last_two,
                    "use every point of the curve in the fit (least squares), not only the "
                    "last two."),
            Mistake("log of the sizes only", _semi_log,
                    "take the logarithm of the errors too, not only of the sizes."),
            Mistake("answer in log units", _log_of_answer,
                    "your answer looks like a logarithm: turn it back into a number of pairs "
                    "with np.exp."),
            Mistake("target not in log units", _target_not_logged,
                    "the fitted line lives in log units: solve it for log(target_error), not "
                    "for target_error itself."),
            Mistake("two kinds of logarithm", _mixed_logs,
                    "use the same logarithm (np.log) for sizes and errors, and undo it with "
                    "np.exp."),
        ),
        hints=(
            "A power law becomes a straight line once you take the logarithm of the data sizes "
            "and of the errors: fit that line, then find where it reaches the target, in log "
            "units too.",
            "`np.polyfit` of degree 1 on `np.log` of both arrays gives `(slope, intercept)` from "
            "every point. Solve the line for log n at `np.log(target_error)`, then undo the "
            "logarithm with `np.exp` and return a `float`.",
        ),
    ),
)


# --- decisions: end-to-end learning on new situations, with each learner's numbers --------

#: What a team with a working pipeline can do next.
SWITCH_PLANS = {
    "switch_later": "Label the affordable pairs, then replace the pipeline by the end-to-end "
                    "network.",
    "keep_pipeline": "Keep the pipeline and spend the budget on its weakest step.",
    "switch_now": "Replace the pipeline by the end-to-end network now.",
}


def _switch_or_keep(rng: Any) -> Situation:
    while True:  # numbers whose answer is clear: the need is not within 25 % of the budget
        e1 = round(float(rng.uniform(0.25, 0.4)), 3)          # error at 1,000 pairs
        slope = float(rng.uniform(0.25, 0.45))                # power-law exponent
        e2 = round(e1 * 10 ** -slope, 3)                      # error at 10,000 pairs
        pipeline = round(float(rng.uniform(0.03, 0.06)), 3)
        budget = int(rng.choice([100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000]))
        if abs(math.log10(_pairs_to_match(e1, e2, pipeline) / budget)) > 0.1:
            break
    prompt = (
        "A team reads the total of handwritten price tags (two amounts, added) with a "
        f"pipeline: a digit reader, then addition. The pipeline gets **{pipeline:.1%}** of the "
        "totals wrong. An end-to-end network trained on labelled (photo, total) pairs gets "
        f"**{e1:.1%}** wrong with 1,000 pairs and **{e2:.1%}** with 10,000 pairs; on a log-log "
        "plot its learning curve is close to a straight line. The team can afford to label up "
        f"to **{budget:,}** pairs in all. What should it do?"
    )
    return Situation(prompt, SWITCH_PLANS,
                     {"error_1k": e1, "error_10k": e2, "pipeline": pipeline, "budget": budget})


def _pairs_to_match(error_1k: float, error_10k: float, target: float) -> float:
    """Pairs at which a power law through (1,000, ``error_1k``) and (10,000, ``error_10k``)
    reaches ``target``.

    Examples
    --------
    >>> round(_pairs_to_match(0.4, 0.2, 0.1))
    100000
    """
    b = math.log10(error_1k / error_10k)                      # decades of error per decade of n
    return 10_000 * (error_10k / target) ** (1 / b)


#: Changes a team might make to a speech pipeline.
PIPELINE_CHANGES = {
    "merge": "Replace two neighbouring steps by one network trained from the first step's "
             "input straight to the second step's output.",
    "split": "Split one step into two smaller learned steps with a new representation "
             "between them.",
    "bigger_steps": "Keep every step, and give each learned step a bigger network.",
    "more_data": "Keep every step, and collect more labelled data for each of them.",
}


def _more_end_to_end(rng: Any) -> Situation:
    steps = [
        ["audio", "sound features", "phonemes", "words", "transcript"],
        ["photo of a form", "text regions", "characters", "fields", "database record"],
        ["camera image", "detected cars and people", "planned route", "steering command"],
    ][int(rng.integers(3))]
    goal = ["fewer hand-designed parts to maintain", "let the data decide the intermediate "
            "representations", "be closer to an end-to-end system"][int(rng.integers(3))]
    prompt = (
        "A team's system is a pipeline: " + " → ".join(f"*{s}*" for s in steps) + f" "
        f"({len(steps) - 1} steps). The team wants to move towards end-to-end learning, to "
        f"{goal}. Which change does that?"
    )
    return Situation(prompt, PIPELINE_CHANGES, {"steps": tuple(steps)})


register_decision(DecisionSpec(
    id="w2_09_switch_or_keep",
    title="switch to end-to-end, now, later or not",
    build=_switch_or_keep,
    mistakes=(
        ("trend misread",
         "follow the straight line on the log-log plot: from 1,000 to 10,000 pairs the error "
         "was divided by a fixed factor; how many more factors of ten of pairs until it "
         "reaches the pipeline's error, and is that within the budget?"),
        ("switched before it was better",
         "today the end-to-end network is worse than the pipeline: switching now makes the "
         "product worse."),
    ),
    hints=(
        "A learning curve that is a straight line on a log-log plot is a power law: every "
        "factor of ten more data divides the error by the same factor.",
        "Work out that factor from the two measured points, then how many factors of ten of "
        "pairs it takes to get down to the pipeline's error; compare that number of pairs "
        "with the budget.",
    ),
))

register_decision(DecisionSpec(
    id="w2_09_more_end_to_end",
    title="what makes a system more end-to-end",
    build=_more_end_to_end,
    mistakes=(
        ("more steps",
         "more steps means more intermediate representations chosen by people: that moves "
         "away from end-to-end, not towards it."),
        ("bigger networks",
         "bigger networks inside the same steps keep every hand-chosen intermediate "
         "representation; the pipeline is as much a pipeline as before."),
        ("more data",
         "more data makes each step better, but the system has exactly the same steps as "
         "before."),
    ),
    hints=(
        "End-to-end means one learned mapping from the input straight to the output, with no "
        "intermediate representations chosen by people.",
        "Count the steps, and the hand-chosen representations between them, before and after "
        "each change.",
    ),
))
