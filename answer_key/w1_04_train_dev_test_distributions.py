"""Answer key of week 1, notebook 04: train/dev/test distributions."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data import regions
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_04_train_dev_test_distributions import SEED


def _random_split_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random size #{k + 1}", (int(rng.integers(2, 5000)), int(rng.integers(0, 10**6))))
            for k in range(12)]


def _random_mix_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    names = np.array(regions.REGIONS)
    for k in range(15):
        n_groups = int(rng.integers(1, len(names) + 1))
        pa, pb = rng.dirichlet(np.ones(n_groups)), rng.dirichlet(np.ones(n_groups))
        a = rng.choice(names[:n_groups], size=int(rng.integers(1, 300)), p=pa)
        b = rng.choice(names[:n_groups], size=int(rng.integers(1, 300)), p=pb)
        args = (a.tolist(), b.tolist()) if k % 2 else (a, b)
        cases.append(Case(f"random sets #{k + 1}", args))
    return cases


def _errors() -> Any:
    return regions.region_experiment(SEED).errors


def _pick(column: str) -> int:
    return int(_errors()[column].idxmin())


def region_gap() -> float:
    """Reference: test error minus dev error of the k the region-split dev set picks."""
    errors = _errors()
    k = _pick("dev: regions 1-4")
    return float(errors.loc[k, "test: regions 5-8"] - errors.loc[k, "dev: regions 1-4"])


def cost_of_region_dev() -> float:
    """Reference: how much worse, on the test regions, the region-dev pick is than the best k."""
    errors = _errors()
    k = _pick("dev: regions 1-4")
    test = errors["test: regions 5-8"]
    return float(test.loc[k] - test.min())


def _shuffled_gap() -> float:
    errors = _errors()
    k = _pick("dev: shuffled")
    return float(errors.loc[k, "test: shuffled"] - errors.loc[k, "dev: shuffled"])


KEYS = keys_by_id([
    Key("w1_04_dev_test_split", hidden=_random_split_cases),
    Key("w1_04_mix_distance", hidden=_random_mix_cases),
    Key("w1_04_region_gap", answer=region_gap,
        wrong_answers={
            "percent": lambda: 100 * region_gap(),
            "sign": lambda: -region_gap(),
            "shuffled split": _shuffled_gap,
            "best k on test": lambda: float(
                _errors().loc[_pick("test: regions 5-8"), "test: regions 5-8"]
                - _errors().loc[_pick("test: regions 5-8"), "dev: regions 1-4"]),
        }),
    Key("w1_04_cost_of_region_dev", answer=cost_of_region_dev,
        wrong_answers={
            "percent": lambda: 100 * cost_of_region_dev(),
            "gap instead": region_gap,
            "shuffled split": lambda: float(
                _errors().loc[_pick("dev: shuffled"), "test: shuffled"]
                - _errors()["test: shuffled"].min()),
        }),
])
