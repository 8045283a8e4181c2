"""Answer key of week 1, notebook 11: improving your model's performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_11_improving_model_performance import (
    BIAS_TACTICS,
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


def variance_removed() -> float:
    """Reference: variance of the second model minus variance of the third."""
    before, after = _diagnosis(_step_settings(1)), _diagnosis(_step_settings(2))
    return float(before.variance - after.variance)


# --- decisions ----------------------------------------------------------------------------

def _gaps(d: Decision) -> tuple[float, float]:
    return d.data["train"] - d.data["human"], d.data["dev"] - d.data["train"]


def _treats_bias(key: str) -> bool:
    return key in BIAS_TACTICS


def _table_right(d: Decision) -> str:
    bias, variance = _gaps(d)
    bias_tactics = [k for k in d.data["tactics"] if _treats_bias(k)]
    other = [k for k in d.data["tactics"] if k not in bias_tactics
             and k not in ("bigger_dev_set", "stop")]
    return bias_tactics[0] if bias >= variance else other[0]


def _table_other(d: Decision) -> str:
    right = _table_right(d)
    return next(k for k in d.data["tactics"]
                if k not in (right, "bigger_dev_set", "stop"))


def _table_explanation(d: Decision) -> str:
    bias, variance = _gaps(d)
    human, train, dev = (d.data[k] for k in ("human", "train", "dev"))
    right, other = _table_right(d), _table_other(d)
    larger, smaller = (("avoidable bias", "variance") if bias >= variance
                       else ("variance", "avoidable bias"))
    why = {
        "bigger_model": "more capacity lets the network fit its training set more closely",
        "train_longer": "longer training with a better optimiser fits the training set "
                        "more closely",
        "less_regularisation": "a lighter penalty lets the network fit its training set more "
                               "closely, so less regularisation is a bias tactic",
        "more_data": "more examples make what the network learns carry over to new images",
        "more_regularisation": "a stronger penalty keeps the network from fitting the "
                               "training images too closely",
        "augment": "varied copies of the training images make the network generalise better",
    }
    return (
        f"Avoidable bias = {train:.1%} - {human:.1%} = {100 * bias:.1f} points; variance = "
        f"{dev:.1%} - {train:.1%} = {100 * variance:.1f} points. The larger gap is {larger}, "
        f"and **{d.letter(right)}** attacks it: {why[right]}. **{d.letter(other)}** works on "
        f"{smaller} ({why[other]}), the smaller gap. "
        f"**{d.letter('bigger_dev_set')}** only measures more precisely: on "
        f"{d.data['n_dev']:,} dev images a gap of several points is already clear. "
        f"**{d.letter('stop')}** gives up {100 * (dev - human):.1f} points between dev error "
        "and human level."
    )


def _after_right(d: Decision) -> str:
    bias, variance = _gaps(d)
    return "bigger_again" if bias >= variance else "regularise"


def _after_explanation(d: Decision) -> str:
    bias, variance = _gaps(d)
    human, train, dev = (d.data[k] for k in ("human", "train", "dev"))
    before_train, before_dev = d.data["train_before"], d.data["dev_before"]
    right = _after_right(d)
    other = "regularise" if right == "bigger_again" else "bigger_again"
    larger = "avoidable bias" if right == "bigger_again" else "variance"
    word = "still" if right == "bigger_again" else "now"
    return (
        f"Diagnose the new network: avoidable bias = {train:.1%} - {human:.1%} = "
        f"{100 * bias:.1f} points, variance = {dev:.1%} - {train:.1%} = {100 * variance:.1f} "
        f"points. The larger gap is {word} {larger}, so **{d.letter(right)}**. "
        f"**{d.letter(other)}** treats the smaller gap"
        + (" — the one that grew, but is still the smaller one. " if right == "bigger_again"
           else " — the first network's problem, no longer this one's. ")
        + f"**{d.letter('undo')}** throws away a drop in dev error from {before_dev:.1%} to "
        f"{dev:.1%}, and a training error that fell from {before_train:.1%} to {train:.1%}; "
        "a wider variance gap is the next thing to treat, not a reason to go back. "
        f"**{d.letter('stop')}** ends the loop with {100 * (dev - human):.1f} points still "
        "between dev error and human level."
    )


KEYS = keys_by_id([
    decision_key("w1_11_tactic_for_table", _table_right,
                 wrong={"the other gap": _table_other,
                        "measuring instead of treating": lambda d: "bigger_dev_set",
                        "stopped early": lambda d: "stop"},
                 explanation=_table_explanation),
    decision_key("w1_11_after_a_tactic", _after_right,
                 wrong={"the old diagnosis":
                            lambda d: ("regularise" if _after_right(d) == "bigger_again"
                                       else "bigger_again"),
                        "undid a tactic that helped": lambda d: "undo",
                        "one tactic per diagnosis": lambda d: "stop"},
                 explanation=_after_explanation),
    Key("w1_11_choose_tactics", hidden=_random_tactic_cases),
    Key("w1_11_variance_removed", answer=variance_removed,
        wrong_answers={
            "wrong sign": lambda: -variance_removed(),
            "in percent": lambda: 100 * variance_removed(),
            "dev error difference":
                lambda: _diagnosis(_step_settings(1)).dev - _diagnosis(_step_settings(2)).dev,
        }),
])
