"""Answer key of week 1, notebook 02: single number evaluation metric."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import metrics
from course_lib.data import datasets
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_02_single_number_metric import (
    DATA_SEED,
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


# --- decisions ----------------------------------------------------------------------------

def _models(d: Decision) -> dict[str, tuple[float, float]]:
    return {m: (v["precision"], v["recall"]) for m, v in d.data["models"].items()}


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _by_f1(d: Decision) -> str:
    models = _models(d)
    return f"ship_{max(models, key=lambda m: _harmonic(*models[m])).lower()}"


def _by_mean(d: Decision) -> str:
    models = _models(d)
    return f"ship_{max(models, key=lambda m: sum(models[m]) / 2).lower()}"


def _rare_explanation(d: Decision) -> str:
    models, share = _models(d), d.data["share_positive"]
    parts = "; ".join(f"{m}: F1 = {_harmonic(*pr):.2f}, (P + R) / 2 = {sum(pr) / 2:.2f}"
                      for m, pr in sorted(models.items()))
    return (
        f"{parts}. With equal costs for both kinds of mistake, F1 ranks by both numbers at once "
        f"and is high only when neither is low: **{d.letter(_by_f1(d))}**. The plain average "
        f"(**{d.letter(_by_mean(d))}**) lets one very high number hide a very low one, so the "
        "lopsided model wins it. Accuracy "
        f"(**{d.letter('keep_rule')}**) is highest for the rule that flags nothing "
        f"({1 - share:.1%}) because only {share:.1%} are positive — a rule that finds none of "
        f"them. Two numbers (**{d.letter('report_both')}**) are good on a dashboard, but the "
        "client asked for a ranking of many models: with two numbers that disagree, every "
        "comparison becomes a debate."
    )


def _weighted(d: Decision, how: str) -> dict[str, float]:
    if how == "equal":
        weights = np.full(len(d.data["markets"]), 1 / len(d.data["markets"]))
    elif how == "users":
        weights = np.asarray(d.data["user_share"], dtype=float)
    else:
        weights = np.asarray(d.data["dev_examples"], dtype=float)
        weights = weights / weights.sum()
    return {n: float(np.dot(weights, e)) for n, e in d.data["errors"].items()}


def _lowest(d: Decision, how: str) -> str:
    scores = _weighted(d, how)
    return f"ship_{min(scores, key=scores.__getitem__).lower()}"


def _other_weighting(d: Decision) -> str:
    return "users" if d.data["case"] == "equal" else "equal"


def _market_explanation(d: Decision) -> str:
    case = d.data["case"]
    name = {"equal": "the plain mean of the four rates", "users": "the users' shares"}
    lines = []
    for how, label in (("equal", "plain mean"), ("users", "weighted by users"),
                       ("pooled", "pooled over dev examples")):
        scores = _weighted(d, how)
        lines.append(f"{label}: " + ", ".join(f"{n} {v:.2%}" for n, v in sorted(scores.items())))
    return (
        "; ".join(lines) + f". The product owner's sentence asks for {name[case]}, so "
        f"**{d.letter(_lowest(d, case))}**. "
        f"**{d.letter(_lowest(d, _other_weighting(d)))}** wins with {name[_other_weighting(d)]}, "
        "a different statement of what matters. "
        f"**{d.letter(_lowest(d, 'pooled'))}** wins when all dev examples are pooled, which "
        "weighs each market by how much dev data was collected there, so the markets with "
        "the most dev data decide. How you average is part of the metric: write it down "
        "from what the product needs."
    )


KEYS = keys_by_id([
    Key("w1_02_precision", hidden=_random_label_cases),
    Key("w1_02_recall", hidden=_random_label_cases),
    Key("w1_02_f1_score", hidden=_random_label_cases),
    Key("w1_02_scoreboard", hidden=_random_scoreboard_cases),
    Key("w1_02_best_by_f1", answer=best_by_f1,
        wrong_answers={"best precision": lambda: _best_by("precision"),
                       "best recall": lambda: _best_by("recall")}),
    Key("w1_02_average_error", hidden=_random_region_cases),
    decision_key("w1_02_rare_positives", _by_f1,
                 wrong={"the arithmetic mean": _by_mean,
                        "accuracy": lambda d: "keep_rule",
                        "two numbers": lambda d: "report_both"},
                 explanation=_rare_explanation),
    decision_key("w1_02_market_weights", lambda d: _lowest(d, d.data["case"]),
                 wrong={"pooled the dev examples": lambda d: _lowest(d, "pooled"),
                        "the other weighting": lambda d: _lowest(d, _other_weighting(d))},
                 explanation=_market_explanation),
])
