"""Answer key of week 1, notebook 06: when to change the dev/test sets and the metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import metrics
from course_lib.data import cat_app
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_06_change_dev_test_and_metrics import FILTER_SEED, USER_SEED, WEIGHT


def _random_weighted_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(20):
        n = int(rng.integers(1, 80))
        y = rng.integers(0, 2, size=n)
        pred = np.where(rng.random(n) < rng.uniform(0, 0.5), 1 - y, y)
        weights = np.where(rng.random(n) < 0.2, 10.0, 1.0) if k % 2 else rng.uniform(0.1, 5, n)
        args = (y.tolist(), pred.tolist(), weights.tolist()) if k % 3 == 0 else (y, pred, weights)
        cases.append(Case(f"random labels and weights #{k + 1}", args))
    return cases


def _filter_dev() -> Any:
    return cat_app.filter_predictions(FILTER_SEED)


def _errors_at(weight: float) -> tuple[float, float]:
    dev = _filter_dev()
    weights = np.where(dev["unacceptable"], weight, 1.0)
    return (metrics.weighted_error(dev["is_cat"], dev["pred_A"], weights),
            metrics.weighted_error(dev["is_cat"], dev["pred_B"], weights))


def better_filter() -> str:
    """Reference: the algorithm with the lower weighted error (weight 10 for unacceptable)."""
    a, b = _errors_at(WEIGHT)
    return "A" if a < b else "B"


def break_even_weight() -> int:
    """Reference: the smallest whole weight at which B's weighted error is below A's.

    Raises
    ------
    RuntimeError
        If B does not win below weight 1000 (not the case with the notebook's data).
    """
    for weight in range(1, 1001):
        a, b = _errors_at(weight)
        if b < a:
            return weight
    raise RuntimeError("B never wins below weight 1000")  # not reached with the notebook's data


def _better_filter_explanation() -> str:
    return (
        "With weight 1 for every image, A wins: it makes fewer mistakes. But some of A's "
        "mistakes show unacceptable images to users. Counting each of those ten times turns "
        "the ranking around, which matches what the company and its users want."
    )


def best_on_user_dev() -> str:
    """Reference: the model with the lowest error on the users' pictures."""
    return str(cat_app.dev_set_comparison(USER_SEED)["user dev error"].idxmin())


KEYS = keys_by_id([
    Key("w1_06_weighted_error", hidden=_random_weighted_cases),
    Key("w1_06_better_filter", answer=better_filter,
        wrong_answers={"plain error": lambda: "A" if _errors_at(1)[0] < _errors_at(1)[1] else "B"},
        explanation=_better_filter_explanation),
    Key("w1_06_break_even_weight", answer=break_even_weight,
        wrong_answers={"one too low": lambda: break_even_weight() - 1,
                       "the course's 10": lambda: WEIGHT}),
    Key("w1_06_best_on_user_dev", answer=best_on_user_dev,
        wrong_answers={
            "web dev set":
                lambda: str(cat_app.dev_set_comparison(USER_SEED)["web dev error"].idxmin()),
            "highest error":
                lambda: str(cat_app.dev_set_comparison(USER_SEED)["user dev error"].idxmax()),
        }),
])
