"""Answer key of week 2, notebook 04: training and testing on different distributions."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import splits
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_04_different_distributions import (
    DATA_SEED,
    FULL_APP,
    FULL_WEB,
    _mask_case,
)
from course_lib.experiments import mismatch as mismatch_experiments


def _random_expected_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        n_source = int(rng.integers(0, 300_000))
        n_target = int(rng.integers(1 if n_source == 0 else 0, 50_000))
        dev = int(rng.integers(0, n_source + n_target + 1))
        cases.append(Case(f"random pool #{k + 1}", (n_source, n_target, dev)))
    return cases


def _random_split_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n = int(rng.integers(5, 400))
        mask = rng.random(n) < rng.uniform(0.05, 0.9)
        n_target = int(mask.sum())
        if n_target < 2:
            mask[:2] = True
            n_target = int(mask.sum())
        dev = int(rng.integers(0, n_target // 2 + 1))
        test = int(rng.integers(0, n_target - dev + 1))
        cases.append(_mask_case(f"random pool #{k + 1}", mask, dev, test,
                                int(rng.integers(0, 10_000)), as_list=k % 3 == 0))
    return cases


def _random_shuffled_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        n_source = int(rng.integers(0, 500_000))
        n_target = int(rng.integers(1 if n_source == 0 else 0, 100_000))
        e_s, e_t = (float(v) for v in rng.uniform(0, 1, size=2).round(4))
        cases.append(Case(f"random model and pool #{k + 1}", (e_s, e_t, n_source, n_target)))
    return cases


# --- which model does each dev set pick? --------------------------------------------------

def _candidates() -> Any:
    return mismatch_experiments.candidate_errors(DATA_SEED)


def option1_pick() -> str:
    """Reference: the candidate with the lowest shuffled-dev error at full scale."""
    table = _candidates()
    scores = {
        name: splits.shuffled_dev_error(row.web_error, row.phone_error, FULL_WEB, FULL_APP)
        for name, row in table.iterrows()
    }
    return str(min(scores, key=lambda name: scores[name]))


def option2_pick() -> str:
    """Reference: the candidate with the lowest error on the phone dev set."""
    return str(_candidates()["phone_error"].idxmin())


def _small_scale_pick() -> str:
    table = _candidates()
    pool = mismatch_experiments.pooled_digits(DATA_SEED)
    n_web, n_phone = pool.n_web, int(pool.is_target.sum())
    scores = {
        name: splits.shuffled_dev_error(row.web_error, row.phone_error, n_web, n_phone)
        for name, row in table.iterrows()
    }
    return str(min(scores, key=lambda name: scores[name]))


KEYS = keys_by_id([
    Key("w2_04_expected_target_in_dev", hidden=_random_expected_cases),
    Key("w2_04_mismatched_split", hidden=_random_split_cases),
    Key("w2_04_shuffled_dev_error", hidden=_random_shuffled_cases),
    Key("w2_04_option1_pick", answer=option1_pick,
        wrong_answers={"option 2's pick": option2_pick,
                       "small-scale proportions": _small_scale_pick,
                       "highest error": lambda: str(_candidates()["web_error"].idxmax())}),
    Key("w2_04_option2_pick", answer=option2_pick,
        wrong_answers={"option 1's pick": option1_pick}),
])
