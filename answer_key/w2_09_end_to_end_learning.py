"""Answer key of week 2, notebook 09: end-to-end learning (the sum of two digits)."""

from __future__ import annotations

import math

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_09_end_to_end_learning import (
    _digit_reader,
    _pairs_to_match,
    _real_pairs,
)
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


# --- decisions ----------------------------------------------------------------------------

def _switch_plan(d: Decision) -> str:
    needed = _pairs_to_match(d.data["error_1k"], d.data["error_10k"], d.data["pipeline"])
    return "switch_later" if needed <= d.data["budget"] else "keep_pipeline"


def _switch_explanation(d: Decision) -> str:
    e1, e2, target, budget = (d.data[k] for k in ("error_1k", "error_10k", "pipeline", "budget"))
    needed = _pairs_to_match(e1, e2, target)
    factor = e1 / e2
    later, keep, now = (d.letter(k) for k in ("switch_later", "keep_pipeline", "switch_now"))
    decades = math.log10(e2 / target) / math.log10(factor)
    text = (f"Each factor of ten more pairs divides the error by {e1:.1%} / {e2:.1%} = "
            f"{factor:.2f}. Getting from {e2:.1%} down to the pipeline's {target:.1%} takes "
            f"{decades:.1f} more factors of ten, so about {float(f'{needed:.2g}'):,.0f} pairs. ")
    if needed <= budget:
        text += (f"That is within the {budget:,} pairs the team can afford: **{later}** is "
                 f"right. **{keep}** gives up a network that the trend says will match the "
                 "pipeline (and then let the data speak, with nothing to hand-design).")
    else:
        text += (f"That is more than the {budget:,} pairs the team can afford (and a learning "
                 f"curve tends to flatten, so the true need is likely larger): **{keep}** is "
                 f"right. **{later}** counts on pairs the team cannot pay for.")
    return text + (f" **{now}** replaces a {target:.1%} pipeline with a network that gets "
                   f"{e2:.1%} wrong today.")


def _more_e2e_explanation(d: Decision) -> str:
    steps = d.data["steps"]
    m, s, b, more = (d.letter(k) for k in ("merge", "split", "bigger_steps", "more_data"))
    return (
        f"**{m}** is right: merging two steps removes one intermediate representation "
        f"(*{steps[1]}* or another) that people chose, so fewer steps stand between "
        f"*{steps[0]}* and *{steps[-1]}*, which is the direction of end-to-end learning. **"
        f"{s}** does the opposite: one more step and one more hand-chosen representation; "
        "a pipeline with more, smaller steps is not 'more end-to-end'. **"
        f"{b}** and **{more}** may make each step better, but leave every step and every "
        "intermediate representation in place: the system is exactly as much a pipeline."
    )


KEYS.update(keys_by_id([
    decision_key("w2_09_switch_or_keep", _switch_plan,
                 wrong={"trend misread":
                        lambda d: ("keep_pipeline" if _switch_plan(d) == "switch_later"
                                   else "switch_later"),
                        "switched before it was better": lambda d: "switch_now"},
                 explanation=_switch_explanation),
    decision_key("w2_09_more_end_to_end", lambda d: "merge",
                 wrong={"more steps": lambda d: "split",
                        "bigger networks": lambda d: "bigger_steps",
                        "more data": lambda d: "more_data"},
                 explanation=_more_e2e_explanation),
]))
