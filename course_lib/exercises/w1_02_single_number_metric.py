"""Exercises of week 1, notebook 02: single number evaluation metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.data import datasets
from course_lib.exercises.compare import Frame, Label, Series
from course_lib.exercises.compare import Number as _Number
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The regional-results table of the notebook. Seed 6 is one where the mean of the
#: regional error rates and the pooled error rate pick different algorithms.
REGION_SEED = 6
DATA_SEED = 0


# --- precision, recall, F1 ---------------------------------------------------------------

def _label_cases() -> list[Case]:
    return [
        Case("a small example", ([1, 0, 1, 1, 0, 0, 1], [1, 1, 0, 1, 0, 0, 0])),
        Case("every prediction right", ([1, 0, 1, 0], [1, 0, 1, 0])),
        Case("every prediction wrong", ([1, 0, 1, 0], [0, 1, 0, 1])),
        Case("labels given as NumPy arrays",
             (np.array([0, 1, 1, 1, 0]), np.array([1, 1, 1, 1, 1]))),
        Case("many true negatives", ([0] * 8 + [1, 1], [0] * 6 + [1, 1, 1, 0])),
        Case("a cautious model", ([1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0])),
        Case(
            "no positive predictions at all",
            ([1, 0, 1, 0], [0, 0, 0, 0]),
            hint="0/0 happens when nothing is predicted positive (or nothing is positive): "
                 "this course returns 0.0 then, like scikit-learn's zero_division=0.",
        ),
        Case(
            "no positive example at all",
            ([0, 0, 0, 0], [0, 1, 0, 0]),
            hint="0/0 happens when there is no positive example: return 0.0 then.",
        ),
    ]


def _counts(y_true: Any, y_pred: Any) -> tuple[int, int, int, int]:
    return metrics.confusion_counts(y_true, y_pred)


def _safe(num: float, den: float) -> float:
    return num / den if den else 0.0


def _accuracy(y_true: Any, y_pred: Any) -> float:
    tp, fp, fn, tn = _counts(y_true, y_pred)
    return (tp + tn) / (tp + fp + fn + tn)


_ACCURACY = Mistake(
    "accuracy", _accuracy,
    "that is the accuracy (all correct predictions / all examples). Precision and recall only "
    "look at the positive class.",
)
_NAN_ON_ZERO = "return 0.0 (not NaN, not an error) when the denominator is 0."

register(
    Exercise(
        id="w1_02_precision",
        title="precision from labels and predictions",
        kind="function",
        reference=metrics.precision,
        compare=_Number(),
        signature="precision(y_true, y_pred)",
        visible=_label_cases,
        mistakes=(
            Mistake(
                "recall instead", lambda t, p: metrics.recall(t, p),
                "you computed recall (tp / actual positives). Precision divides by the number of "
                "*predicted* positives: tp / (tp + fp).",
            ),
            _ACCURACY,
            Mistake(
                "false discovery rate",
                lambda t, p: _safe(_counts(t, p)[1], sum(_counts(t, p)[:2])),
                "you counted the false positives among predicted positives; precision counts the "
                "true positives.",
            ),
        ),
        hints=(
            "Precision looks at the examples the model *flags* as positive: of those, which "
            "fraction really is positive? True negatives play no part.",
            "Turn both inputs into arrays with `np.asarray`, count true and false positives with "
            "element-wise comparisons joined by `&` and `np.sum`, and check the denominator "
            "before dividing: with no positive prediction the answer is `0.0`.",
        ),
    ),
    Exercise(
        id="w1_02_recall",
        title="recall from labels and predictions",
        kind="function",
        reference=metrics.recall,
        compare=_Number(),
        signature="recall(y_true, y_pred)",
        visible=_label_cases,
        mistakes=(
            Mistake(
                "precision instead", lambda t, p: metrics.precision(t, p),
                "you computed precision (tp / predicted positives). Recall divides by the number "
                "of *actual* positives: tp / (tp + fn).",
            ),
            _ACCURACY,
        ),
        hints=(
            "Recall looks from the other side: of the examples that *really are* positive, how "
            "many did the model catch? Predictions on negative examples do not matter.",
            "You need true positives and false negatives (label 1, prediction 0), counted on "
            "NumPy arrays with element-wise comparisons and `np.sum`. If the labels hold no 1 at "
            "all, the denominator is 0 and the answer is `0.0`; return a plain `float` in every "
            "case.",
        ),
    ),
    Exercise(
        id="w1_02_f1_score",
        title="F1 score from labels and predictions",
        kind="function",
        reference=metrics.f1_score,
        compare=_Number(),
        signature="f1_score(y_true, y_pred)",
        visible=_label_cases,
        mistakes=(
            Mistake(
                "arithmetic mean",
                lambda t, p: (metrics.precision(t, p) + metrics.recall(t, p)) / 2,
                "F1 is not the arithmetic mean of P and R: it is their harmonic mean, "
                "2 / (1/P + 1/R) = 2PR / (P + R), which stays low when either one is low.",
            ),
            Mistake(
                "product", lambda t, p: metrics.precision(t, p) * metrics.recall(t, p),
                "P x R is not F1: divide 2PR by (P + R).",
            ),
            Mistake(
                "missing factor 2",
                lambda t, p: _safe(
                    metrics.precision(t, p) * metrics.recall(t, p),
                    metrics.precision(t, p) + metrics.recall(t, p),
                ),
                "close: the harmonic mean is 2PR / (P + R) - check the factor 2.",
            ),
            _ACCURACY,
        ),
        hints=(
            "F1 merges precision and recall into one number with a *harmonic* mean: a model that "
            "is poor on either of the two cannot get a good F1.",
            "Reuse your two functions from above instead of counting again, then apply the "
            "harmonic-mean formula of the notebook. The edge case: precision and recall both 0, "
            "where the formula would divide by zero and the course returns `0.0`.",
        ),
    ),
)


# --- a scoreboard of classifiers, and the best one by F1 ----------------------------------

def scoreboard(y_true: Any, predictions: dict[str, Any]) -> Any:
    """Reference: precision, recall and F1 of each model, one row per model."""
    import pandas as pd

    rows = {
        name: {
            "precision": metrics.precision(y_true, pred),
            "recall": metrics.recall(y_true, pred),
            "f1": metrics.f1_score(y_true, pred),
        }
        for name, pred in predictions.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index", columns=["precision", "recall", "f1"])


def _swapped_scoreboard(y_true: Any, predictions: dict[str, Any]) -> Any:
    board = scoreboard(y_true, predictions)
    return board.rename(columns={"precision": "recall", "recall": "precision"})


def _scoreboard_cases() -> list[Case]:
    split = datasets.breast_cancer(DATA_SEED)
    return [
        Case("two tiny models", ([1, 0, 1, 1], {"m1": [1, 0, 0, 1], "m2": [1, 1, 1, 1]})),
        Case("the six classifiers of this notebook",
             (split.y_dev, datasets.classifier_zoo(DATA_SEED))),
    ]


register(
    Exercise(
        id="w1_02_scoreboard",
        title="precision, recall and F1 of several models in one table",
        kind="function",
        reference=scoreboard,
        compare=Frame(),
        signature="scoreboard(y_true, predictions)",
        visible=_scoreboard_cases,
        mistakes=(
            Mistake(
                "swapped columns", _swapped_scoreboard,
                "your precision and recall columns are swapped.",
            ),
        ),
        hints=(
            "Build the table one model at a time: for each name in `predictions`, compute the "
            "three numbers with the functions you wrote in exercise 1.",
            "A dict of dicts, `{model: {column: value}}`, becomes one row per model with "
            "`pd.DataFrame.from_dict` and `orient=\"index\"` (the model names go to the index). "
            "The columns must be exactly `precision`, `recall` and `f1`.",
        ),
    ),
    Exercise(
        id="w1_02_best_by_f1",
        title="the best classifier by F1",
        kind="value",
        reference=None,
        compare=Label(choices=tuple(sorted(datasets.classifier_zoo(DATA_SEED)))),
        mistakes=(
            Mistake("best precision", None,
                    "that model has the best precision, but look at its recall: F1 balances both."),
            Mistake("best recall", None,
                    "that model has the best recall, but look at its precision: F1 balances both."),
        ),
        hints=(
            "F1 balances precision and recall, so neither the most cautious nor the most eager "
            "model is sure to win. Let the `f1` column of your scoreboard decide.",
            "Build `board` with your `scoreboard` function on the dev labels and the zoo, then "
            "take the index label of the largest value of its `f1` column with `idxmax`, so the "
            "name is spelled exactly as in the index.",
        ),
    ),
)


# --- averaging error over regions ------------------------------------------------------

def average_error(results: Any) -> Any:
    """Reference: each algorithm's mean of its per-region error rates."""
    rates = results["n_errors"] / results["n_examples"]
    return rates.groupby(results["algorithm"]).mean().rename("average_error")


def _pooled_error(results: Any) -> Any:
    totals = results.groupby("algorithm")[["n_errors", "n_examples"]].sum()
    return totals["n_errors"] / totals["n_examples"]


def _region_cases() -> list[Case]:
    import pandas as pd

    tiny = pd.DataFrame(
        {
            "algorithm": ["A", "A", "B", "B"],
            "region": ["US", "Other", "US", "Other"],
            "n_examples": [100, 10, 100, 10],
            "n_errors": [2, 5, 6, 1],
        }
    )
    return [
        Case("two algorithms, two regions", (tiny,)),
        Case("the table of this notebook", (datasets.regional_errors(REGION_SEED),)),
    ]


register(
    Exercise(
        id="w1_02_average_error",
        title="average error over regions, per algorithm",
        kind="function",
        reference=average_error,
        compare=Series(),
        signature="average_error(results)",
        visible=_region_cases,
        mistakes=(
            Mistake(
                "pooled error", _pooled_error,
                "you pooled all the examples (total errors / total examples), so the big US "
                "region dominates. The metric here is the plain mean of the per-region error "
                "rates: every market counts the same.",
            ),
            Mistake(
                "mean error count", lambda r: r.groupby("algorithm")["n_errors"].mean(),
                "you averaged error counts; turn each row into an error rate first "
                "(n_errors / n_examples).",
            ),
        ),
        hints=(
            "The metric gives every region the same weight: compute one error rate per "
            "(algorithm, region) row, then average those rates per algorithm. Do not pool the "
            "examples.",
            "Compute a per-row rate from the two count columns, group the rates by the "
            "`algorithm` column (`groupby`) and reduce each group with a mean; the result is a "
            "Series indexed by algorithm. Summing the counts before dividing would give the "
            "pooled error instead.",
        ),
    ),
    Exercise(
        id="w1_02_best_average",
        title="the algorithm with the lowest average regional error",
        kind="value",
        reference=None,
        compare=Label(choices=tuple("ABCDEF")),
        mistakes=(
            Mistake("pooled", None,
                    "that is the best by pooled error; the metric is the mean of the regional "
                    "rates."),
            Mistake("highest", None,
                    "that algorithm has the *highest* average error: we want the lowest."),
        ),
        hints=(
            "Use the single number you just defined, the mean of the regional error rates: the "
            "algorithm to pick has the *lowest* one, whichever region holds the most data.",
            "Call your `average_error` on `results` and take the index label of the smallest "
            "value with `idxmin` rather than reading it off the chart; the pooled error (total "
            "errors / total examples) answers a different question.",
        ),
    ),
)
