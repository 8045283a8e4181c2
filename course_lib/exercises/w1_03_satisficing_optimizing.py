"""Exercises of week 1, notebook 03: satisficing and optimizing metrics."""

from __future__ import annotations

from typing import Any

from course_lib import metrics
from course_lib.data import wake_word
from course_lib.exercises.compare import Label
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import digit_models

#: The notebook's digit models (split seed) and their budget in operations per image.
DIGITS_SEED = 0
OPERATIONS_BUDGET = 5_000

#: The notebook's wake-word evaluation: eight detectors, seed 83, at most one false
#: wake-up a day.
DETECTORS = 8
DETECTOR_SEED = 83
MAX_FALSE_PER_DAY = 1.0


# --- pick_best ---------------------------------------------------------------------------

def _table(rows: dict[str, dict[str, float]]) -> Any:
    import pandas as pd

    return pd.DataFrame.from_dict(rows, orient="index")


def _pick_best_cases() -> list[Case]:
    course = _table({
        "A": {"accuracy": 0.90, "running_time_ms": 80},
        "B": {"accuracy": 0.92, "running_time_ms": 95},
        "C": {"accuracy": 0.95, "running_time_ms": 1500},
    })
    two_limits = _table({
        "tiny": {"accuracy": 0.91, "running_time_ms": 12, "memory_mb": 4},
        "medium": {"accuracy": 0.95, "running_time_ms": 60, "memory_mb": 80},
        "small": {"accuracy": 0.93, "running_time_ms": 30, "memory_mb": 20},
        "large": {"accuracy": 0.97, "running_time_ms": 240, "memory_mb": 300},
    })
    screening = _table({
        "cautious": {"accuracy": 0.97, "recall": 0.81},
        "balanced": {"accuracy": 0.95, "recall": 0.93},
        "eager": {"accuracy": 0.90, "recall": 0.99},
        "careful": {"accuracy": 0.94, "recall": 0.96},
    })
    return [
        Case("the course's three classifiers, at most 100 ms",
             (course, "accuracy", {"running_time_ms": ("<=", 100)}),
             hint="return the model's name (the index label of its row), not its position "
                  "or its score: idxmax gives labels."),
        Case("two satisficing limits",
             (two_limits, "accuracy", {"running_time_ms": ("<=", 100), "memory_mb": ("<=", 50)})),
        Case("a 'greater or equal' limit: recall at least 0.95",
             (screening, "accuracy", {"recall": (">=", 0.95)})),
        Case("eight wake-word detectors, at most 1 false wake-up a day",
             (wake_word.simulate_detectors(DETECTORS, DETECTOR_SEED), "accuracy",
              {"false_positives_per_24h": ("<=", MAX_FALSE_PER_DAY)}),
             hint="a value exactly on the limit meets a '<=' limit."),
        Case("no satisficing metric at all", (course, "accuracy", {})),
    ]


def _ignore_limits(table: Any, optimize: str, satisficing: dict) -> Any:
    return table[optimize].idxmax()


def _first_limit_only(table: Any, optimize: str, satisficing: dict) -> Any:
    if not satisficing:
        return table[optimize].idxmax()
    column, rule = next(iter(satisficing.items()))
    return metrics.pick_best(table, optimize, {column: rule})


def _best_on_limit(table: Any, optimize: str, satisficing: dict) -> Any:
    if not satisficing:
        return table[optimize].idxmax()
    column, (op, _) = next(iter(satisficing.items()))
    return table[column].idxmin() if op in ("<=", "<") else table[column].idxmax()


def _strict(table: Any, optimize: str, satisficing: dict) -> Any:
    strict = {c: ({"<=": "<", ">=": ">"}.get(op, op), t) for c, (op, t) in satisficing.items()}
    return metrics.pick_best(table, optimize, strict)


register(
    Exercise(
        id="w1_03_pick_best",
        title="pick a model by one optimizing metric under satisficing limits",
        kind="function",
        reference=metrics.pick_best,
        compare=Label(),
        signature="pick_best(table, optimize, satisficing)",
        visible=_pick_best_cases,
        mistakes=(
            Mistake("ignores the limits", _ignore_limits,
                    "that model has the best optimizing metric overall, but it does not meet "
                    "every satisficing limit. Keep only the models that meet all of them first."),
            Mistake("only the first limit", _first_limit_only,
                    "your model meets the first limit but not all of them: a model qualifies "
                    "only when it meets every satisficing limit."),
            Mistake("best on the satisficing metric", _best_on_limit,
                    "you picked the model that is best on the satisficing metric. Satisficing "
                    "means 'good enough': among the models that meet the limit, choose by the "
                    "optimizing metric."),
            Mistake("strict comparison", _strict,
                    "use the operator you are given: '<=' accepts a value equal to the limit, "
                    "'<' does not."),
        ),
        hints=(
            "Two steps, in this order: drop every model that misses *any* satisficing limit, then "
            "take the surviving model with the largest optimizing metric.",
            "Build a boolean mask over the rows with one condition per entry of `satisficing` "
            "(`OPS[op]` works on a whole column) and combine them so a row must pass all. Then "
            "`idxmax` on the optimizing column of the rows that pass gives the model's *name*. "
            "The dict may be empty.",
        ),
    ),
)


# --- the notebook's two decisions -----------------------------------------------------

register(
    Exercise(
        id="w1_03_best_digit_model",
        title="the most accurate digit model within 5,000 operations per image",
        kind="value",
        reference=None,
        compare=Label(choices=digit_models.DIGIT_MODEL_NAMES),
        mistakes=(
            Mistake("most accurate overall", None,
                    "that is the most accurate model, but it needs more than 5,000 operations "
                    "per image: it fails the satisficing limit."),
            Mistake("cheapest", None,
                    "that is the cheapest model. Any model within the budget is fast enough; "
                    "among those, pick by accuracy."),
        ),
        hints=(
            "Satisficing and optimizing: the operation count only has to be within the budget, "
            "and among the models that are, accuracy decides.",
            "Call your `pick_best` from exercise 1 on `table`: accuracy is the column to "
            "optimize, and the only limit is a `\"<=\"` on the operations per image at `BUDGET`. "
            "On the plot this means: ignore every point right of the dashed line, then take the "
            "highest one left.",
        ),
    ),
    Exercise(
        id="w1_03_best_detector",
        title="the best wake-word detector with at most one false wake-up a day",
        kind="value",
        reference=None,
        compare=Label(choices=tuple(chr(ord("A") + k) for k in range(DETECTORS))),
        mistakes=(
            Mistake("most accurate overall", None,
                    "that detector catches the most wake words, but it wakes up by itself "
                    "more than once a day."),
            Mistake("fewest false wake-ups", None,
                    "that detector has the fewest false wake-ups, but 'at most 1 a day' is "
                    "good enough: beyond the limit, accuracy decides."),
            Mistake("strictly below 1", None,
                    "the limit is 'at most 1 a day', so exactly 1.0 is allowed."),
        ),
        hints=(
            "False wake-ups are the satisficing metric here (at most one a day is good enough), "
            "and accuracy is what you optimize among the detectors that meet that limit.",
            "Look at the `false_positives_per_24h` column first and keep the detectors at or "
            "below 1.0 (exactly 1.0 meets the limit); then compare accuracy among those only, for "
            "example with your `pick_best`.",
        ),
    ),
)
