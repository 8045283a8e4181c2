"""Answer key of week 1, notebook 03: satisficing and optimizing metrics."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_03_satisficing_optimizing import (
    _table,
)

#: The comparison operators a random satisficing limit uses.
_OPERATORS = ("<=", ">=", "<", ">")


def _random_pick_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n_models = int(rng.integers(2, 9))
        n_limits = int(rng.integers(0, 4))
        names = [f"model {chr(ord('A') + j)}" for j in range(n_models)]
        columns = ["score"] + [f"metric_{j + 1}" for j in range(n_limits)]
        values = np.round(rng.uniform(0, 100, size=(n_models, len(columns))), 2)
        table = _table({n: dict(zip(columns, map(float, row), strict=True))
                        for n, row in zip(names, values, strict=True)})
        anchor = values[int(rng.integers(0, n_models))]  # this model meets every limit
        limits = {}
        for j, column in enumerate(columns[1:], start=1):
            op = str(rng.choice(list(_OPERATORS)))
            if op in ("<=", ">="):
                threshold = float(anchor[j])
            else:
                threshold = float(anchor[j] + (1.0 if op == "<" else -1.0))
            limits[column] = (op, threshold)
        cases.append(Case(f"random table #{k + 1} ({n_models} models, {n_limits} limits)",
                          (table, "score", limits)))
    return cases


# --- decisions ----------------------------------------------------------------------------

def _qualifying(d: Decision) -> dict[str, dict[str, float]]:
    limits = d.data["limits"]
    return {name: v for name, v in d.data["models"].items()
            if all(v[c] <= limit for c, limit in limits.items())}


def _best(models: dict[str, dict[str, float]], column: str) -> str:
    return f"ship_{min(models, key=lambda n: models[n][column]).lower()}"


def _ship_right(d: Decision) -> str:
    return _best(_qualifying(d), d.data["optimize"])


def _ship_ignoring_limits(d: Decision) -> str:
    return _best(dict(d.data["models"]), d.data["optimize"])


def _other(d: Decision) -> str:
    return "false_accepts" if d.data["optimize"] == "false_rejects" else "false_rejects"


def _ship_swapped(d: Decision) -> str:
    return _best(_qualifying(d), _other(d))


def _ship_cheapest(d: Decision) -> str:
    return _best(_qualifying(d), "latency_ms")


def _name(key: str) -> str:
    return key.removeprefix("ship_").capitalize()


_WORDS = {"false_rejects": "rejected owners/staff", "false_accepts": "strangers let in",
          "latency_ms": "time", "memory_mb": "memory"}


def _ship_explanation(d: Decision) -> str:
    limits, models = d.data["limits"], d.data["models"]
    over = _name(_ship_ignoring_limits(d))
    missed = next(c for c, limit in limits.items() if models[over][c] > limit)
    opt = d.data["optimize"]
    right = _name(_ship_right(d))
    return (
        f"The brief makes **{_WORDS[opt]}** the optimizing metric and puts limits on "
        f"{', '.join(_WORDS[c] for c in limits)}. {over} misses the {_WORDS[missed]} limit "
        f"({models[over][missed]:g} against at most {limits[missed]:g}), so it is out although "
        f"it is best on {_WORDS[opt]} ({models[over][opt]:g}): that rules out "
        f"**{d.letter(_ship_ignoring_limits(d))}**. Among the three that meet every limit, "
        f"{right} has the fewest {_WORDS[opt]} ({models[right][opt]:g}): "
        f"**{d.letter(_ship_right(d))}**. "
        f"**{d.letter(_ship_swapped(d))}** is best on {_WORDS[_other(d)]}, the metric the brief "
        "only limits, and "
        f"**{d.letter(_ship_cheapest(d))}** is the fastest and smallest; both are within the "
        "limits, and being further within them earns nothing."
    )


def _next_right(d: Decision) -> str:
    return {"all_met": "work_on_accuracy", "latency_missed": "work_on_latency",
            "memory_missed": "work_on_memory"}[d.data["case"]]


def _next_idle(d: Decision) -> str:
    return {"all_met": "work_on_memory", "latency_missed": "work_on_memory",
            "memory_missed": "work_on_accuracy"}[d.data["case"]]


def _next_explanation(d: Decision) -> str:
    data = d.data
    lat_ok = data["latency_ms"] <= data["latency_limit_ms"]
    mem_ok = data["memory_mb"] <= data["memory_limit_mb"]
    state = (f"{data['latency_ms']} ms against at most {data['latency_limit_ms']} ms "
             f"({'met' if lat_ok else 'missed'}), {data['memory_mb']:g} MB against at most "
             f"{data['memory_limit_mb']} MB ({'met' if mem_ok else 'missed'})")
    if data["case"] == "all_met":
        why = ("Both limits are met, so the model may ship and only accuracy can still make "
               "it better")
    else:
        why = ("A limit is missed, so the model may not ship at all, whatever its accuracy; "
               "meeting that limit comes first")
    return (
        f"Limits: {state}. {why}: **{d.letter(_next_right(d))}**. The colleague's plan "
        f"(**{d.letter(data['colleague'])}**) and **{d.letter(_next_idle(d))}** spend the "
        "month on a metric that cannot change whether, or how well, the model ships now. "
        f"**{d.letter('combined_score')}** replaces the agreed limits by an arbitrary weight "
        "and would reward speed beyond the limit, which users do not notice."
    )


KEYS = keys_by_id([
    Key("w1_03_pick_best", hidden=_random_pick_cases),
    decision_key("w1_03_ship_model", _ship_right,
                 wrong={"ignored a limit": _ship_ignoring_limits,
                        "swapped the roles": _ship_swapped,
                        "the cheapest": _ship_cheapest},
                 explanation=_ship_explanation),
    decision_key("w1_03_next_month", _next_right,
                 wrong={"followed the colleague": lambda d: d.data["colleague"],
                        "a metric that needs no work now": _next_idle,
                        "a combined score": lambda d: "combined_score"},
                 explanation=_next_explanation),
])
