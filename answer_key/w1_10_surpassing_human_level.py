"""Answer key of week 1, notebook 10: surpassing human-level performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_10_surpassing_human_level import LOTS_OF_DATA, problem_table


def _random_focus_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 30:
        n = int(rng.integers(1, 4))
        levels = {f"reader {j + 1}": float(rng.uniform(0.002, 0.08)) for j in range(n)}
        best = min(levels.values())
        train = float(rng.uniform(0.0, 2 * best))
        dev = float(min(train + rng.uniform(0.0, 2 * best), 0.99))
        variance, bias = dev - train, train - best
        if abs(variance - train) < 1e-4 or abs(bias - variance) < 1e-4 or abs(train - best) < 1e-4:
            continue  # no near-ties: float noise must not decide
        if train >= best and max(bias, variance) <= 0:
            continue
        cases.append(Case(f"random situation #{len(cases) + 1}", (levels, train, dev)))
    return cases


def _select(structured: bool = True, enough: bool = True) -> set[str]:
    table = problem_table()
    keep = np.ones(len(table), dtype=bool)
    if structured:
        keep &= (table["input"] == "structured").to_numpy()
    if enough:
        keep &= (table["n_examples"] >= LOTS_OF_DATA).to_numpy()
    return set(table.index[keep])


def machine_territory() -> set[str]:
    """Reference: structured input (not natural perception) and lots of data."""
    return _select()


KEYS = keys_by_id([
    Key("w1_10_next_focus", hidden=_random_focus_cases),
    Key("w1_10_machine_territory", answer=machine_territory,
        wrong_answers={"data size ignored": lambda: _select(enough=False),
                       "perception included": lambda: _select(structured=False),
                       "everything": lambda: _select(structured=False, enough=False)}),
])
