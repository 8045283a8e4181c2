"""Answer key of week 1, notebook 11: improving your model's performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_11_improving_model_performance import (
    KNOBS,
    START,
    errors,
    human_level,
)
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, Diagnosis, diagnose

#: The knob that treats each problem.
KNOB_FOR = {AVOIDABLE_BIAS: "bigger model", VARIANCE: "regularization"}


def _random_tactic_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        human = float(rng.uniform(0, 0.1))
        train = float(human + rng.uniform(-0.01, 0.1))
        dev = float(train + rng.uniform(-0.01, 0.1))
        train, dev = min(max(train, 0.0), 0.99), min(max(dev, 0.0), 0.99)
        cases.append(Case(f"random diagnosis #{k + 1}",
                          (diagnose(human=human, train=train, dev=dev),)))
    return cases


def _diagnosis(settings: dict[str, float]) -> Diagnosis:
    train, dev = errors(int(settings["hidden_units"]), float(settings["alpha"]))
    return diagnose(human=human_level(), train=train, dev=dev)


def _step_settings(step: int) -> dict[str, float]:
    """Settings after ``step`` tactics, each chosen for the larger gap of the previous model."""
    settings = dict(START)
    for _ in range(step):
        settings.update(KNOBS[KNOB_FOR[_diagnosis(settings).focus[0]]])
    return settings


def first_tactic() -> str:
    """Reference: the knob that treats the small network's main problem."""
    return KNOB_FOR[_diagnosis(_step_settings(0)).focus[0]]


def second_tactic() -> str:
    """Reference: the knob that treats the bigger network's main problem."""
    return KNOB_FOR[_diagnosis(_step_settings(1)).focus[0]]


def variance_removed() -> float:
    """Reference: variance of the second model minus variance of the third."""
    before, after = _diagnosis(_step_settings(1)), _diagnosis(_step_settings(2))
    return float(before.variance - after.variance)


KEYS = keys_by_id([
    Key("w1_11_choose_tactics", hidden=_random_tactic_cases),
    Key("w1_11_first_tactic", answer=first_tactic,
        wrong_answers={"regularisation first": lambda: "regularization"}),
    Key("w1_11_second_tactic", answer=second_tactic,
        wrong_answers={"even bigger": lambda: "bigger model"}),
    Key("w1_11_variance_removed", answer=variance_removed,
        wrong_answers={
            "wrong sign": lambda: -variance_removed(),
            "in percent": lambda: 100 * variance_removed(),
            "dev error difference":
                lambda: _diagnosis(_step_settings(1)).dev - _diagnosis(_step_settings(2)).dev,
        }),
])
