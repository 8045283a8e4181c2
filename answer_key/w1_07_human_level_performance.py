"""Answer key of week 1, notebook 07: why human-level performance?"""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.data import label_noise
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_07_human_level_performance import DATA_SEED, NOISE_RATE


def _random_bayes_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        q = float(rng.uniform(0, 1)) if k % 5 else float(rng.choice([0.0, 1.0]))
        n_classes = int(rng.integers(2, 60))
        cases.append(Case(f"random task #{k + 1}", (q, n_classes)))
    return cases


def _data() -> label_noise.NoisyDigits:
    return label_noise.noisy_digits(NOISE_RATE, seed=DATA_SEED)


def perfect_reader_error() -> float:
    """Reference: dev error of a reader who always names the digit that was really written."""
    data = _data()
    return float(np.mean(data.y_dev_clean != data.y_dev))


def _random_gap_cases(rng: np.random.Generator) -> list[Case]:
    import pandas as pd

    cases = []
    for k in range(12):
        bayes = float(rng.uniform(0, 0.3))
        n = int(rng.integers(1, 10))
        errors = np.clip(bayes + rng.normal(0.1, 0.15, size=n), 0, 1)
        form = k % 3
        arg = errors.tolist() if form == 0 else errors if form == 1 else pd.Series(errors)
        cases.append(Case(f"random errors #{k + 1}", (arg, bayes)))
    return cases


KEYS = keys_by_id([
    Key("w1_07_bayes_error", hidden=_random_bayes_cases),
    Key("w1_07_perfect_reader", answer=perfect_reader_error,
        wrong_answers={
            "expected value from the formula":
                lambda: label_noise.bayes_error_with_label_noise(NOISE_RATE, 10),
            "accuracy": lambda: 1.0 - perfect_reader_error(),
            "training set": lambda: float(np.mean(_data().y_train_clean != _data().y_train)),
            "share of redrawn labels": lambda: NOISE_RATE,
        }),
    Key("w1_07_gap_to_bayes", hidden=_random_gap_cases),
])
