"""Answer key of week 2, notebook 07: transfer learning."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_07_transfer_learning import pretrained_network


def _random_transfer_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        n_hidden = int(rng.integers(1, 4))
        sizes = (int(rng.integers(3, 12)), *rng.integers(2, 9, size=n_hidden).tolist(),
                 int(rng.integers(2, 6)))
        output = str(rng.choice(["softmax", "sigmoid"]))
        kwargs: dict[str, Any] = {"retrain": str(rng.choice(["last", "all"])),
                                  "seed": int(rng.integers(0, 100))}
        if rng.random() < 0.4:
            kwargs["output"] = str(rng.choice(["softmax", "sigmoid"]))
        n_out = int(rng.integers(2, 7))
        cases.append(Case(f"random network #{k + 1} with {n_hidden} hidden layer(s)",
                          (pretrained_network(sizes, int(rng.integers(0, 1000)), output), n_out),
                          kwargs))
    return cases


def _random_sense_cases(rng: np.random.Generator) -> list[Case]:
    kinds = ["image", "audio", "text"]
    cases = []
    for k in range(30):
        n_b = int(rng.integers(1, 5_000))
        ratio = float(rng.choice([0.1, 1, 5, 9.9, 10, 11, 100, 10_000]))
        n_a = int(round(n_b * ratio))
        a = str(rng.choice(kinds))
        b = a if rng.random() < 0.7 else str(rng.choice(kinds))
        cases.append(Case(f"random pair of tasks #{k + 1}",
                          (a, b, n_a, n_b, bool(rng.random() < 0.75))))
    return cases


KEYS = keys_by_id([
    Key("w2_07_transfer_network", hidden=_random_transfer_cases),
    Key("w2_07_transfer_makes_sense", hidden=_random_sense_cases),
])
