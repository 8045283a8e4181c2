"""Answer key of week 1, notebook 05: size of the dev and test sets."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import sizing
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_05_size_of_dev_test_sets import (
    ERROR_A,
    ERROR_B,
    SEED,
    SIZES,
    TRIALS,
    fraction_ranked_right,
)


def _random_se_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random rate and size #{k + 1}",
                 (float(rng.uniform(0, 1)), int(10 ** rng.uniform(0, 7))))
            for k in range(20)]


def _random_size_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(15):
        p = float(rng.uniform(0.01, 0.4))
        m = float(rng.uniform(0.001, 0.05))
        kwargs = {"confidence": float(rng.choice([0.9, 0.95, 0.99]))} if k % 3 == 0 else {}
        cases.append(Case(f"random rates #{k + 1}", (p, m), kwargs))
    return cases


def _random_ranked_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        n = int(rng.integers(20, 2000))
        trials = int(rng.integers(1, 500))
        a = rng.binomial(n, 0.1, size=trials) / n
        b = rng.binomial(n, 0.11, size=trials) / n
        cases.append(Case(f"random trials #{k + 1}", (a.tolist(), b) if k % 2 else (a, b)))
    return cases


def ranking_table() -> Any:
    """The notebook's simulation: share of dev sets ranking A (10.0%) before B (10.1%), by size."""
    import pandas as pd

    rows = {}
    for k, n in enumerate(SIZES):
        a = sizing.simulate_error_estimates(ERROR_A, n, TRIALS, seed=SEED + 2 * k)
        b = sizing.simulate_error_estimates(ERROR_B, n, TRIALS, seed=SEED + 2 * k + 1)
        rows[n] = fraction_ranked_right(a, b)
    return pd.Series(rows, name="ranked right")


def smallest_reliable_size() -> int:
    """Reference: the smallest simulated size that ranks the models right in >= 90% of trials."""
    table = ranking_table()
    return int(table[table >= 0.9].index.min())


KEYS = keys_by_id([
    Key("w1_05_standard_error", hidden=_random_se_cases),
    Key("w1_05_min_dev_size", hidden=_random_size_cases),
    Key("w1_05_fraction_ranked_right", hidden=_random_ranked_cases),
    Key("w1_05_smallest_reliable_size", answer=smallest_reliable_size,
        wrong_answers={"largest": lambda: int(ranking_table().index.max())}),
])
