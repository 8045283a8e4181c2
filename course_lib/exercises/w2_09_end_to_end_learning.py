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
