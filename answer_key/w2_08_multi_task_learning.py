"""Answer key of week 2, notebook 08: multi-task learning."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_08_multi_task_learning import NAN


def _random_label_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        digits = rng.integers(0, 10, size=int(rng.integers(1, 40)))
        cases.append(Case(f"random digits #{k + 1}", (digits if k % 2 else digits.tolist(),)))
    return cases


def _random_loss_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n, tasks = int(rng.integers(1, 30)), int(rng.integers(1, 6))
        y = (rng.random((n, tasks)) < 0.5).astype(float)
        y[rng.random((n, tasks)) < rng.uniform(0, 0.7)] = NAN
        if np.isnan(y).all():
            y[0, 0] = 1.0
        p = rng.uniform(0.02, 0.98, size=(n, tasks))
        if tasks == 1 and k % 2:
            y, p = y[:, 0], p[:, 0]
        cases.append(Case(f"random labels #{k + 1} ({n} examples, {tasks} task(s))", (y, p)))
    return cases


KEYS = keys_by_id([
    Key("w2_08_task_labels", hidden=_random_label_cases),
    Key("w2_08_masked_bce", hidden=_random_loss_cases),
])
