"""Answer key of week 1, notebook 09: understanding human-level performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_09_understanding_human_level import RADIOLOGY, SITUATIONS
from course_lib.strategy import diagnose


def _random_proxy_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(20):
        n = int(rng.integers(1, 7))
        levels = {f"reader {j + 1}": float(rng.uniform(0.001, 0.2)) for j in range(n)}
        cases.append(Case(f"random readers #{k + 1}", (levels,)))
    return cases


def _random_focus_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 25:
        n = int(rng.integers(1, 6))
        levels = {f"reader {j + 1}": float(rng.uniform(0.001, 0.1)) for j in range(n)}
        train = float(rng.uniform(0.0, 0.15))
        dev = float(min(train + rng.uniform(0.0, 0.1), 0.99))
        bias, variance = train - min(levels.values()), dev - train
        if abs(bias - variance) < 1e-3 or max(bias, variance) <= 0:
            continue  # no near-ties (float noise), and something to work on
        cases.append(Case(f"random situation #{len(cases) + 1}", (levels, train, dev)))
    return cases


def choice_matters(readers: dict[str, float] | None = None,
                   situations: dict[str, tuple[float, float]] | None = None) -> set[str]:
    """Reference: situations whose larger gap depends on which reader is taken as human level."""
    readers = dict(RADIOLOGY) if readers is None else readers
    situations = dict(SITUATIONS) if situations is None else situations
    out = set()
    for name, (train, dev) in situations.items():
        answers = {
            diagnose(human=level, train=train, dev=dev, relative_threshold=1.0).focus[0]
            for level in readers.values()
        }
        if len(answers) > 1:
            out.add(name)
    return out


def _all_situations() -> set[str]:
    return set(SITUATIONS)


def _closest_to_human() -> set[str]:
    # Mistaking "close to the human levels" for "the decision changes": B and C.
    return {name for name, (train, _) in SITUATIONS.items() if train <= 0.01}


KEYS = keys_by_id([
    Key("w1_09_bayes_proxy", hidden=_random_proxy_cases),
    Key("w1_09_focus_with_proxy", hidden=_random_focus_cases),
    Key("w1_09_choice_matters", answer=choice_matters,
        wrong_answers={"every situation": _all_situations,
                       "nothing changes": lambda: set(),
                       "training error at most 1%": _closest_to_human}),
])
