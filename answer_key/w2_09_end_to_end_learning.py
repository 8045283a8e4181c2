"""Answer key of week 2, notebook 09: end-to-end learning (the sum of two digits)."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_09_end_to_end_learning import _digit_reader, _real_pairs
from course_lib.nn import Network


def _random_split_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random pair images #{k + 1}", (rng.random((int(rng.integers(1, 9)), 128)),))
            for k in range(8)]


def _random_pipeline_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(8):
        pairs = _real_pairs(40, 100 + k).copy()[: int(rng.integers(1, 40))]
        reader = _digit_reader().copy() if k % 2 else Network([64, 8, 10],
                                                             seed=int(rng.integers(0, 999)))
        cases.append(Case(f"random pairs #{k + 1}", (reader, pairs)))
    return cases


def _random_needed_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(15):
        k_points = int(rng.integers(3, 8))
        n = np.sort(rng.choice(np.geomspace(50, 100_000, 40).round(), k_points, replace=False))
        a, b = rng.uniform(1, 20), rng.uniform(0.2, 0.8)
        errors = a * n ** (-b) * np.exp(rng.normal(scale=0.05, size=k_points))
        target = float(errors.min() * rng.uniform(0.2, 0.9))
        args = (n.astype(int).tolist(), errors.tolist(), target) if k % 2 else (n, errors, target)
        cases.append(Case(f"random learning curve #{k + 1} ({k_points} points)", args))
    return cases


KEYS = keys_by_id([
    Key("w2_09_split_pair", hidden=_random_split_cases),
    Key("w2_09_pipeline_sum", hidden=_random_pipeline_cases),
    Key("w2_09_pairs_needed", hidden=_random_needed_cases),
])
