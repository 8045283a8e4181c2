"""Exercises of week 1, notebook 07: why human-level performance?"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.data import label_noise
from course_lib.exercises.compare import Array, Number
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The notebook's data: digits with 10% of the labels redrawn at random.
NOISE_RATE = 0.1
DATA_SEED = 0


# --- Bayes error of a task with known label noise ---------------------------------------

def _bayes_cases() -> list[Case]:
    return [
        Case("10% of the labels of a 10-class task redrawn", (0.1, 10)),
        Case("yes/no labels, 20% redrawn", (0.2, 2)),
        Case("three classes, 30% redrawn", (0.3, 3)),
        Case("no noise at all", (0.0, 5),
             hint="with no redrawn label the clean labels can be predicted perfectly."),
        Case("every label redrawn (pure guessing)", (1.0, 4)),
        Case("100 classes, half of the labels redrawn", (0.5, 100)),
    ]


register(
    Exercise(
        id="w1_07_bayes_error",
        title="Bayes error of a task whose labels are redrawn at a known rate",
        kind="function",
        reference=label_noise.bayes_error_with_label_noise,
        compare=Number(),
        signature="bayes_error_with_label_noise(noise_rate, n_classes)",
        visible=_bayes_cases,
        mistakes=(
            Mistake(
                "noise rate itself", lambda q, k: float(q),
                "a redrawn label is drawn from *all* the classes, so some redraws land on the "
                "right class by luck and cost nothing. What share of the redraws is wrong?",
            ),
            Mistake(
                "lucky share instead of unlucky share", lambda q, k: q / k,
                "q / K is the share of labels that are redrawn *and* land on the right class; "
                "the Bayes error counts the redrawn labels that land on a wrong class.",
            ),
            Mistake(
                "forgot to divide by K", lambda q, k: q * (k - 1),
                "the result must be a rate between 0 and 1: each redrawn label hits one of the "
                "K classes with probability 1/K each.",
            ),
            Mistake(
                "accuracy instead of error", lambda q, k: 1 - q * (k - 1) / k,
                "that is the best possible *accuracy*; the exercise asks for the error rate.",
            ),
        ),
        hints=(
            "The best classifier always names the clean label. It is scored wrong only on a label "
            "that was redrawn *and* landed on another class, so think of two chances in a row.",
            "Multiply the share of labels that get redrawn by the chance that a uniform redraw "
            "misses the clean class (only one of the `n_classes` classes is a lucky hit). Check: "
            "no noise gives 0.0, and redrawing every label gives the error of pure guessing.",
        ),
    )
)


# --- the perfect reader on this dev set ---------------------------------------------------

register(
    Exercise(
        id="w1_07_perfect_reader",
        title="error of a perfect reader on the noisy dev set",
        kind="value",
        reference=None,
        compare=Number(),
        mistakes=(
            Mistake(
                "expected value from the formula", None,
                "that is the *expected* Bayes error from the formula. The exercise asks for the "
                "error measured on this particular dev set, which differs a little by chance.",
            ),
            Mistake(
                "accuracy", None,
                "that is the share of dev labels the perfect reader gets *right*.",
            ),
            Mistake(
                "training set", None,
                "that is measured on the training set; use the dev set.",
            ),
            Mistake(
                "share of redrawn labels", None,
                "10% of the labels were redrawn, but not every redrawn label changed: compare the "
                "clean and the noisy dev labels.",
            ),
        ),
        hints=(
            "A perfect reader always names the clean label, so on this dev set it is wrong "
            "exactly where the noisy label differs from the clean one. Measure it; do not use the "
            "formula.",
            "Both dev label arrays are there (`data.y_dev_clean` and `data.y_dev`): the error is "
            "the share of positions where they disagree, a fraction between 0 and 1. Use the dev "
            "arrays, not the training ones, and not the share of redrawn labels (some redraws "
            "land on the right digit).",
        ),
    )
)


# --- gap to Bayes error -------------------------------------------------------------------

def gap_to_bayes(errors: Any, bayes_error: float) -> np.ndarray:
    """Reference: how far each error rate is above the Bayes error (negative when below)."""
    return np.asarray(errors, dtype=float) - float(bayes_error)


def _gap_cases() -> list[Case]:
    import pandas as pd

    return [
        Case("a short learning curve", ([0.5, 0.2, 0.12], 0.09)),
        Case("errors given as a NumPy array", (np.array([0.31, 0.08, 0.05, 0.04]), 0.03)),
        Case("errors given as a pandas Series",
             (pd.Series([0.4, 0.25, 0.15], index=[100, 200, 400], name="dev_error"), 0.1)),
        Case(
            "one error measured just below Bayes error",
            ([0.3, 0.088], 0.09),
            hint="keep the sign: an error measured on a small dev set can land a little below "
                 "Bayes error by chance, and a negative gap is how you notice it.",
        ),
        Case("a single error rate", ([0.25], 0.0)),
    ]


register(
    Exercise(
        id="w1_07_gap_to_bayes",
        title="gap between measured errors and Bayes error",
        kind="function",
        reference=gap_to_bayes,
        compare=Array(),
        signature="gap_to_bayes(errors, bayes_error)",
        visible=_gap_cases,
        mistakes=(
            Mistake(
                "reversed sign", lambda e, b: float(b) - np.asarray(e, dtype=float),
                "the gap is error - Bayes error: positive while the model is above the floor.",
            ),
            Mistake(
                "clipped at zero", lambda e, b: np.maximum(np.asarray(e, dtype=float) - b, 0.0),
                "do not clip negative gaps to 0: a measured error below Bayes error is a warning "
                "sign (a small or lucky dev set) that you want to see.",
            ),
            Mistake(
                "ratio", lambda e, b: np.asarray(e, dtype=float) / b if b else None,
                "the gap is a difference (error - Bayes error), not a ratio.",
            ),
            Mistake(
                "relative gap",
                lambda e, b: (np.asarray(e, dtype=float) - b) / np.asarray(e, dtype=float),
                "you divided by the error; the gap is just the difference, in error-rate units.",
            ),
        ),
        hints=(
            "The gap is the part of each error that can still be removed: each error minus the "
            "floor, element by element, with its sign kept.",
            "Make `errors` a float NumPy array first (`np.asarray` with a `dtype`), so a list or "
            "a pandas Series gives back an `np.ndarray`; broadcasting subtracts one number from "
            "every entry. Do not clip: a negative gap is information.",
        ),
    )
)
