"""Answer key of week 1, notebook 02: single number evaluation metric."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import metrics
from course_lib.data import datasets
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_02_single_number_metric import (
    DATA_SEED,
    REGION_SEED,
    _pooled_error,
    average_error,
    scoreboard,
)


def _random_label_cases(rng: np.random.Generator, n_cases: int = 40) -> list[Case]:
    cases = []
    for k in range(n_cases):
        n = int(rng.integers(1, 60))
        rate_true, rate_pred = rng.uniform(0, 1, size=2)
        y_true = (rng.random(n) < rate_true).astype(int)
        y_pred = (rng.random(n) < rate_pred).astype(int)
        as_list = k % 2 == 0
        args = (y_true.tolist(), y_pred.tolist()) if as_list else (y_true, y_pred)
        cases.append(Case(f"random labels #{k + 1} ({n} examples)", args))
    return cases


def _random_scoreboard_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(8):
        n = int(rng.integers(5, 80))
        y = (rng.random(n) < 0.4).astype(int)
        preds = {f"model {j}": (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
                 for j in range(int(rng.integers(1, 6)))}
        cases.append(Case(f"random models #{k + 1}", (y, preds)))
    return cases


def _random_region_cases(rng: np.random.Generator) -> list[Case]:
    return [
        Case(f"random results table #{k + 1}",
             (datasets.regional_errors(int(rng.integers(0, 10_000)), int(rng.integers(2, 9))),))
        for k in range(6)
    ]


def best_by_f1() -> str:
    """Reference: the name of the notebook's classifier with the highest dev-set F1."""
    split = datasets.breast_cancer(DATA_SEED)
    board = scoreboard(split.y_dev, datasets.classifier_zoo(DATA_SEED))
    return str(metrics.pick_best(board, "f1"))


def _best_by(column: str) -> str:
    split = datasets.breast_cancer(DATA_SEED)
    board = scoreboard(split.y_dev, datasets.classifier_zoo(DATA_SEED))
    return str(board[column].idxmax())


def best_average() -> str:
    """Reference: the algorithm with the lowest average regional error."""
    return str(average_error(datasets.regional_errors(REGION_SEED)).idxmin())


KEYS = keys_by_id([
    Key("w1_02_precision", hidden=_random_label_cases),
    Key("w1_02_recall", hidden=_random_label_cases),
    Key("w1_02_f1_score", hidden=_random_label_cases),
    Key("w1_02_scoreboard", hidden=_random_scoreboard_cases),
    Key("w1_02_best_by_f1", answer=best_by_f1,
        wrong_answers={"best precision": lambda: _best_by("precision"),
                       "best recall": lambda: _best_by("recall")}),
    Key("w1_02_average_error", hidden=_random_region_cases),
    Key("w1_02_best_average", answer=best_average,
        wrong_answers={
            "pooled": lambda: str(_pooled_error(datasets.regional_errors(REGION_SEED)).idxmin()),
            "highest": lambda: str(average_error(datasets.regional_errors(REGION_SEED)).idxmax()),
        }),
])
