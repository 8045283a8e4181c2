"""Exercises of week 1, notebook 02: single number evaluation metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.data import datasets
from course_lib.exercises.compare import Frame, Label, Series
from course_lib.exercises.compare import Number as _Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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
)


# --- decisions: one number for a new client ---------------------------------------------------

_CLIENTS = (
    ("a bank", "card payments", "fraudulent"),
    ("a hospital", "screening scans", "showing the disease"),
    ("a factory", "parts off the line", "defective"),
    ("an insurer", "claims", "fraudulent"),
)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r)


def _draw(rng: np.random.Generator, low: float, high: float) -> float:
    return round(float(rng.uniform(low, high)), 2)


def _rare_positives(rng: np.random.Generator) -> Situation:
    client, things, positive = _CLIENTS[int(rng.integers(len(_CLIENTS)))]
    n = int(rng.choice([5_000, 10_000, 20_000]))
    share = round(float(rng.uniform(0.01, 0.05)), 3)
    while True:
        balanced = (_draw(rng, 0.30, 0.48), _draw(rng, 0.55, 0.8))
        if rng.random() < 0.5:  # the lopsided model flags (almost) everything suspicious ...
            lopsided = (_draw(rng, 0.08, 0.25), _draw(rng, 0.95, 0.99))
        else:  # ... or only the cases it is sure of
            lopsided = (_draw(rng, 0.95, 0.99), _draw(rng, 0.08, 0.25))
        mean_gap = sum(lopsided) / 2 - sum(balanced) / 2
        f1_gap = _f1(*balanced) - _f1(*lopsided)
        if mean_gap >= 0.01 and f1_gap >= 0.05:
            break
    names = list(rng.permutation(["Kestrel", "Osprey"]))
    models = {names[0]: balanced, names[1]: lopsided}
    lines = ["| model | precision | recall |", "|---|---|---|"]
    lines += [f"| {name} | {models[name][0]:.0%} | {models[name][1]:.0%} |"
              for name in sorted(models)]
    prompt = (
        f"{client.capitalize()} wants a model that flags {things} {positive}. On its dev set of "
        f"{n:,} {things}, **{share:.1%}** are {positive}. Its current rule flags nothing at all, "
        f"so it is right on **{1 - share:.1%}** of them. Two vendors offer a model:\n\n"
        + "\n".join(lines) + "\n\n"
        "The client says: *'A missed case and a false alarm cost us about the same. We will "
        "compare many more models in the coming months, so give us one number to rank them by, "
        "and tell us which of these two to take.'* What do you recommend?"
    )
    options = {
        f"ship_{name.lower()}": f"Rank by the average of precision and recall, "
                                f"(P + R) / 2 — and take {name}."
        for name in sorted(models)
    }
    best_f1 = max(models, key=lambda m: _f1(*models[m]))
    options[f"ship_{best_f1.lower()}"] = f"Rank by F1 — and take {best_f1}."
    options["keep_rule"] = "Rank by accuracy — and keep the current rule, it is the most accurate."
    options["report_both"] = ("Do not rank by one number: report precision and recall side by "
                              "side for every model and let the client weigh them each time.")
    data = {"share_positive": share, "n_dev": n,
            "models": {m: {"precision": p, "recall": r} for m, (p, r) in models.items()}}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_02_rare_positives",
    title="one number for a client with rare positives",
    build=_rare_positives,
    mistakes=(
        ("the arithmetic mean",
         "the plain average lets a very high number make up for a very low one: a model that "
         "flags almost everything, or almost nothing, can look good. Compute the harmonic mean "
         "of both models too."),
        ("accuracy",
         "when positives are rare, flagging nothing is right almost always and finds nothing. "
         "Accuracy cannot tell a useful model from a useless one here."),
        ("two numbers",
         "the client will compare many models; with two numbers that disagree every "
         "comparison becomes a debate. Keep both on the dashboard, but rank by one."),
    ),
    hints=(
        "Ask what each candidate number says about a model that never flags anything, and about "
        "one that flags almost everything.",
        "With rare positives and equal costs, a good single number is high only when precision "
        "and recall are both high. Compute it for both models.",
    ),
))


_MARKETS = ("US", "China", "India", "Other")


def _market_weights(rng: np.random.Generator) -> Situation:
    case = str(rng.choice(["equal", "users"]))
    names = ["Finch", "Lark", "Wren"]
    while True:
        dev = np.sort(rng.integers(200, 3000, size=4))[::-1]  # the US has most dev data
        dev = [int(round(v, -1)) for v in dev]
        users = rng.dirichlet(np.ones(4) * 2)
        users = [round(float(u), 2) for u in users]
        users[-1] = round(1 - sum(users[:-1]), 2)
        if min(users) < 0.05:
            continue
        errors = {n: [round(float(e), 3) for e in rng.uniform(0.02, 0.12, size=4)]
                  for n in names}
        weights = {"equal": np.full(4, 0.25), "users": np.array(users),
                   "pooled": np.array(dev) / sum(dev)}
        scores = {w: {n: float(np.dot(weights[w], errors[n])) for n in names} for w in weights}
        best = {w: min(scores[w], key=scores[w].__getitem__) for w in weights}
        margins = [sorted(scores[w].values())[1] - sorted(scores[w].values())[0] for w in weights]
        if len(set(best.values())) == 3 and min(margins) >= 0.002:
            break
    header = "| | " + " | ".join(_MARKETS) + " |"
    lines = [header, "|---" * 5 + "|",
             "| dev examples | " + " | ".join(f"{d:,}" for d in dev) + " |",
             "| share of the users | " + " | ".join(f"{u:.0%}" for u in users) + " |"]
    lines += [f"| error of {n} | " + " | ".join(f"{e:.1%}" for e in errors[n]) + " |"
              for n in names]
    if case == "equal":
        say = ("*'Each of the four markets is run by its own partner, paid the same fee, and each "
               "partner judges us on the error in their market. Every market matters the same.'*")
    else:
        say = ("*'What counts is how many of our users get a wrong answer; the dev set's sizes "
               "just reflect where data was easy to collect.'*")
    prompt = (
        "Three algorithms for a cat-picture app were measured on the dev set of each market:"
        "\n\n" + "\n".join(lines) + f"\n\nThe product owner says: {say} Which algorithm "
        "does the team's single number pick?"
    )
    options = {f"ship_{n.lower()}": f"{n}." for n in names}
    data = {"case": case, "markets": _MARKETS, "dev_examples": dev, "user_share": users,
            "errors": errors}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_02_market_weights",
    title="how to average over markets",
    build=_market_weights,
    mistakes=(
        ("pooled the dev examples",
         "total errors over total dev examples weighs each market by the size of its dev set, "
         "which is where data happened to be collected, not what the product owner cares about."),
        ("the other weighting",
         "you averaged, but with weights that do not match what the product owner said matters: "
         "reread who judges the product and what they count."),
    ),
    hints=(
        "An average over markets is a choice of weights. Which weights does the product owner's "
        "sentence ask for?",
        "Compute each algorithm's weighted average of its four error rates with those weights "
        "(equal weights are the plain mean), and take the lowest.",
    ),
))
