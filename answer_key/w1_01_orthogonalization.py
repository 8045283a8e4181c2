"""Answer key of week 1, notebook 01: orthogonalization and the chain of assumptions."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import orthogonalization as orth
from course_lib.data.projects import simulate_projects
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_01_orthogonalization import STEPS


def _random_first_failing(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(6):
        targets = {s: round(float(rng.uniform(0.01, 0.1)), 3) for s in STEPS}
        table = simulate_projects(targets, n_projects=6, seed=int(rng.integers(0, 10**6)))
        for name, row in table.iterrows():
            results = {s: float(row[s]) for s in STEPS}
            if k % 2:  # shuffle the key order half of the time
                order = rng.permutation(len(STEPS))
                results = {STEPS[i]: results[STEPS[i]] for i in order}
            cases.append(Case(f"random project set #{k + 1}, {name}", (results, targets)))
    return cases


def knob_links() -> dict[str, str]:
    """Reference: each knob of the notebook and the link it is meant to fix."""
    return dict(orth.KNOBS)


def _knob_explanation() -> str:
    return (
        "Bigger network and a better optimizer help the model fit its training set. "
        "Regularization and a bigger training set help it carry that fit over to the dev set. "
        "A bigger dev set does not change the model: it makes the dev number harder to overfit "
        "by tuning, so it transfers to the test set. Changing the dev set or the cost function "
        "moves the target itself, which is what you do when a good test score does not mean "
        "happy users."
    )


def early_stopping_links() -> set[str]:
    """Reference: the links that early stopping moves at the same time."""
    return set(orth.LESS_ORTHOGONAL["early stopping"])


def _early_explanation() -> str:
    return (
        "Stopping gradient descent early leaves the training set less well fitted (link "
        "'train') and, for that very reason, often lowers the dev error (link 'dev'). One "
        "knob, two effects: you cannot turn one without the other, which is why it is less "
        "orthogonal than a bigger network (train) or L2 regularization (dev)."
    )


KEYS = keys_by_id([
    Key("w1_01_first_failing_step", hidden=_random_first_failing),
    Key("w1_01_knob_links", answer=knob_links, explanation=_knob_explanation),
    Key("w1_01_early_stopping", answer=early_stopping_links,
        wrong_answers={"dev only": lambda: {"dev"},
                       "train only": lambda: {"train"},
                       "train and test": lambda: {"train", "test"}},
        explanation=_early_explanation),
])
