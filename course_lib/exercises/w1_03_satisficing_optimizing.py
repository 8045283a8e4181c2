"""Exercises of week 1, notebook 03: satisficing and optimizing metrics."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.data import wake_word
from course_lib.exercises.compare import Label
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

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


# --- decisions: a new product's metrics ---------------------------------------------------

#: The two products of the first decision: what is optimized, what only has to be good enough.
PRODUCTS = {
    "phone": ("unlocks a phone by its owner's face",
              "false_rejects", "false_accepts"),
    "lab": ("opens the door of a lab that stores dangerous chemicals, by face",
            "false_accepts", "false_rejects"),
}
_COLUMNS = {"false_rejects": "owner/staff rejected (%)",
            "false_accepts": "strangers let in (per 100,000)",
            "latency_ms": "time to decide (ms)", "memory_mb": "memory (MB)"}


def _ship_model(rng: np.random.Generator) -> Situation:
    product = str(rng.choice(sorted(PRODUCTS)))
    what, optimize, other = PRODUCTS[product]
    lat_limit = int(rng.choice([200, 250, 300, 400]))
    mem_limit = int(rng.choice([20, 30, 40, 50]))
    if product == "phone":
        other_limit = float(rng.choice([1.0, 2.0, 5.0]))  # strangers per 100,000
        best = float(rng.uniform(1.5, 3.0))  # % of the owner's attempts rejected
    else:
        other_limit = float(rng.choice([3.0, 5.0, 8.0]))  # % of staff attempts rejected
        best = float(rng.uniform(0.3, 1.2))  # strangers per 100,000

    def within(limit: float, low: float, high: float) -> float:
        return round(limit * float(rng.uniform(low, high)), 2)

    failed = str(rng.choice(["latency_ms", "memory_mb", other]))
    limits = {"latency_ms": lat_limit, "memory_mb": mem_limit, other: other_limit}
    rows = {
        "right": {optimize: round(best, 2), other: within(other_limit, 0.75, 0.95),
                  "latency_ms": within(lat_limit, 0.6, 0.95),
                  "memory_mb": within(mem_limit, 0.6, 0.95)},
        "over_limit": {optimize: round(best * float(rng.uniform(0.45, 0.75)), 2),
                       other: within(other_limit, 0.5, 0.9),
                       "latency_ms": within(lat_limit, 0.6, 0.95),
                       "memory_mb": within(mem_limit, 0.6, 0.95)},
        "best_other": {optimize: round(best * float(rng.uniform(1.3, 1.7)), 2),
                       other: within(other_limit, 0.2, 0.4),
                       "latency_ms": within(lat_limit, 0.5, 0.9),
                       "memory_mb": within(mem_limit, 0.5, 0.9)},
        "cheapest": {optimize: round(best * float(rng.uniform(1.8, 2.5)), 2),
                     other: within(other_limit, 0.55, 0.7),
                     "latency_ms": within(lat_limit, 0.15, 0.3),
                     "memory_mb": within(mem_limit, 0.1, 0.3)},
    }
    rows["over_limit"][failed] = within(limits[failed], 1.15, 1.6)
    names = list(rng.permutation(["Ash", "Birch", "Cedar", "Elm"]))
    name_of = dict(zip(rows, names, strict=True))
    table = {name_of[role]: values for role, values in rows.items()}
    header = "| model | " + " | ".join(_COLUMNS[c] for c in _COLUMNS) + " |"
    lines = [header, "|---" * (len(_COLUMNS) + 1) + "|"]
    for name in sorted(table):
        v = table[name]
        lines.append(f"| {name} | {v['false_rejects']:.2f} | {v['false_accepts']:.2f} | "
                     f"{v['latency_ms']:.0f} | {v['memory_mb']:.0f} |")
    if product == "phone":
        brief = (
            f"The product manager writes: *'It must decide within {lat_limit} ms and fit in "
            f"{mem_limit} MB on the phone, and it may let a stranger in at most "
            f"{other_limit:g} times in 100,000 tries — that is our security promise. Beyond "
            "that, every rejection of the owner is an annoyed customer: as few as possible.'*"
        )
    else:
        brief = (
            f"The safety officer writes: *'It runs on the door's small computer: at most "
            f"{mem_limit} MB, and a decision within {lat_limit} ms. Staff will put up with a "
            f"rejection now and then, at most {other_limit:g} % of their tries. But every "
            "stranger let in is a danger: as few as possible.'*"
        )
    prompt = (f"A team builds a system that {what}. {brief}\n\nFour models, measured on the "
              "dev set:\n\n" + "\n".join(lines) + "\n\nWhich model do you ship?")
    options = {f"ship_{name.lower()}": f"Ship {name}." for name in sorted(table)}
    data = {"product": product, "optimize": optimize, "limits": limits, "models": table}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_03_ship_model",
    title="which model meets the product's brief",
    build=_ship_model,
    mistakes=(
        ("ignored a limit",
         "that model is best on the optimizing metric, but it misses one of the limits: a "
         "model that is not good enough on a satisficing metric is out, however good it is "
         "otherwise. Check every limit of every model first."),
        ("swapped the roles",
         "you optimized the error rate that the brief only asks to keep under a limit. Reread "
         "the brief: which error does it want 'as few as possible', and which only 'at most'?"),
        ("the cheapest",
         "that model is the fastest and smallest, but being far under a limit earns nothing: "
         "once every limit is met, only the optimizing metric counts."),
    ),
    hints=(
        "Sort the four numbers first: which one does the brief want as good as possible, and "
        "which ones only have to stay under a limit?",
        "Cross out every model that misses any limit (a value over its limit), then take the "
        "best remaining model on the one optimizing metric; lower is better for both error "
        "rates.",
    ),
))


def _next_month(rng: np.random.Generator) -> Situation:
    lat_limit = int(rng.choice([50, 80, 100, 150]))
    mem_limit = int(rng.choice([10, 20, 50]))
    case = str(rng.choice(["all_met", "latency_missed", "memory_missed"]))
    accuracy = round(float(rng.uniform(0.90, 0.965)), 3)
    latency = round(lat_limit * float(rng.uniform(0.55, 0.8)))
    memory = round(mem_limit * float(rng.uniform(0.5, 0.8)), 1)
    if case == "latency_missed":
        latency = round(lat_limit * float(rng.uniform(1.2, 1.8)))
    elif case == "memory_missed":
        memory = round(mem_limit * float(rng.uniform(1.2, 1.8)), 1)
    colleague = {"all_met": "work_on_latency", "latency_missed": "work_on_accuracy",
                 "memory_missed": "work_on_latency"}[case]
    speech = {
        "work_on_latency": f"'Users love speed: let's spend the month making it "
                           f"{int(rng.integers(30, 50))} % faster.'",
        "work_on_accuracy": f"'Accuracy is our optimizing metric, so the month goes into "
                            f"accuracy: {int(rng.integers(1, 3))} more points would be huge.'",
    }[colleague]
    prompt = (
        "A keyboard app predicts the next word. The team agreed on one optimizing metric, "
        f"**accuracy** (as high as possible), and two limits: a prediction within "
        f"**{lat_limit} ms** and at most **{mem_limit} MB** of memory on the phone. The "
        f"current model has an accuracy of **{accuracy:.1%}**, takes **{latency} ms** and "
        f"needs **{memory:g} MB**. A colleague says: *{speech}* What should the month go into?"
    )
    options = {
        "work_on_accuracy": "Raise the accuracy.",
        "work_on_latency": "Make the model faster.",
        "work_on_memory": "Make the model smaller in memory.",
        "combined_score": "Define a score, accuracy minus a weight times the running time, and "
                          "raise that.",
    }
    data = {"case": case, "accuracy": accuracy, "latency_ms": latency, "memory_mb": memory,
            "latency_limit_ms": lat_limit, "memory_limit_mb": mem_limit,
            "colleague": colleague}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_03_next_month",
    title="where the month goes",
    build=_next_month,
    mistakes=(
        ("followed the colleague",
         "the colleague's plan sounds reasonable, but check it against the agreement: does "
         "the model meet both limits today?"),
        ("a metric that needs no work now",
         "that line of work cannot change whether the model may ship. A satisficing metric "
         "counts only until it meets its limit, and then the optimizing metric counts, but "
         "only for a model that meets every limit."),
        ("a combined score",
         "a weighted sum brings back the arbitrary trade-off the team avoided by agreeing on "
         "limits: it would reward speed the users do not notice."),
    ),
    hints=(
        "A model that misses a limit is not shippable, however accurate; a limit that is met "
        "earns nothing more.",
        "Check the two limits first. If one is missed, that is the month's work; if both are "
        "met, the optimizing metric is.",
    ),
))
