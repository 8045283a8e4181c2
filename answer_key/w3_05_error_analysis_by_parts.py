"""Answer key of week 3, notebook 05: error analysis by parts of a pipeline."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w3_05_error_analysis_by_parts import ToyPart


def _random_pipeline(rng: np.random.Generator) -> tuple[Any, ...]:
    k = int(rng.integers(1, 4))
    n = int(rng.integers(3, 12))
    names = [f"part{i + 1}" for i in range(k)]
    inputs = [int(v) for v in rng.integers(0, 10, n)]
    components, oracles = [], {}
    perfect_values = inputs
    for name in names:
        shift = int(rng.integers(1, 10))
        bugs = tuple(int(b) for b in rng.choice(10, int(rng.integers(0, 4)), replace=False))
        components.append((name, ToyPart("add", shift=shift, bugs=bugs)))
        right = ToyPart("add", shift=shift)
        perfect_values = right(perfect_values)
        oracles[name] = right if rng.random() < 0.5 else list(perfect_values)
    perfect = [name for name in names if rng.random() < 0.5]
    return (components, inputs, list(perfect_values), oracles, perfect)


def _random_substitution_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random pipeline #{i + 1}", _random_pipeline(rng)) for i in range(25)]


def _random_attribution_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for i in range(20):
        k = int(rng.integers(1, 5))
        parts = [f"step_{j}" for j in range(k)]
        pipeline_error = float(rng.uniform(0.05, 0.6))
        errors = sorted((float(e) for e in rng.uniform(0, pipeline_error, k)), reverse=True)
        if rng.random() < 0.3:
            errors[0] = min(1.0, pipeline_error + float(rng.uniform(0, 0.03)))
        cases.append(Case(f"random substitutions #{i + 1}", (parts, pipeline_error, errors)))
    return cases


# --- decisions ----------------------------------------------------------------------------

#: A part within this many points of its human level counts as close to it.
TOLERANCE = 0.01


def _gaps(d: Decision) -> list[float]:
    return [e - h for e, h in zip(d.data["own_error"], d.data["human_level"], strict=True)]


def _is_flawed(d: Decision) -> bool:
    gaps = _gaps(d)
    whole_gap = d.data["pipeline_error"] - d.data["whole_human_level"]
    return (all(g <= TOLERANCE for g in gaps)
            and whole_gap > sum(max(g, 0.0) for g in gaps) + TOLERANCE)


def _improve(d: Decision, values: Any) -> str:
    parts = d.data["parts"]
    return f"improve_{parts[int(np.argmax(values))]}"


def _which_part_right(d: Decision) -> str:
    return "redesign" if _is_flawed(d) else _improve(d, _gaps(d))


def _design_misjudged(d: Decision) -> str:
    """The flawed-pipeline verdict the wrong way round."""
    return _improve(d, _gaps(d)) if _is_flawed(d) else "redesign"


def _which_part_explanation(d: Decision) -> str:
    parts, gaps = d.data["parts"], _gaps(d)
    own, human, att = d.data["own_error"], d.data["human_level"], d.data["attributed"]
    lines = "; ".join(f"`{p}` is {100 * g:+.1f} points from its human level "
                      f"({100 * o:.1f}% against {100 * h:.1f}%)"
                      for p, g, o, h in zip(parts, gaps, own, human, strict=True))
    whole = d.data["pipeline_error"] - d.data["whole_human_level"]
    head = (f"Compare each part with people on its own task: {lines}. The whole is "
            f"{100 * whole:.1f} points above human level, and "
            f"{100 * d.data['left_with_all_perfect']:.1f}% of the examples stay wrong with "
            "both parts perfect. ")
    hard = int(np.argmax(own))
    if _is_flawed(d):
        top = int(np.argmax(att))
        return head + (
            f"Both parts are at about human level, yet the whole is far from it: no part is "
            f"to blame, so **{d.letter('redesign')}**; what the parts pass to each other "
            "loses something the task needs. "
            f"**{d.letter('improve_' + parts[hard])}** takes `{parts[hard]}`'s "
            f"{100 * own[hard]:.1f}% at face value, but people get "
            f"{100 * human[hard]:.1f}% of that task wrong too. "
            f"**{d.letter('improve_' + parts[top])}** follows the largest attribution, "
            f"{100 * att[top]:.1f} points: even a perfect `{parts[top]}` would remove no "
            "more, and the part is already near human level.")
    weak = int(np.argmax(gaps))
    return head + (
        f"`{parts[weak]}` is the part far from its human level, and it is credited with "
        f"{100 * att[weak]:.1f} points of the error, so **{d.letter('improve_' + parts[weak])}**. "
        f"**{d.letter('improve_' + parts[hard])}** looks at raw errors "
        f"({100 * own[hard]:.1f}%, the largest, with the largest attribution too), but "
        f"people get {100 * human[hard]:.1f}% of `{parts[hard]}`'s task wrong: it has "
        f"{100 * gaps[hard]:.1f} points left to give at best. "
        f"**{d.letter('redesign')}** is for a pipeline whose every part is near human level; "
        f"here one part is not, and with both parts perfect only "
        f"{100 * d.data['left_with_all_perfect']:.1f}% would be left.")


#: From this many examples of the whole task on, an end-to-end model is worth trying.
ENOUGH_FOR_END_TO_END = 1_000_000


def _e2e_right(d: Decision) -> str:
    return ("go_end_to_end" if d.data["n_whole_task"] >= ENOUGH_FOR_END_TO_END
            else "fix_interface")


def _e2e_misjudged(d: Decision) -> str:
    return "fix_interface" if _e2e_right(d) == "go_end_to_end" else "go_end_to_end"


def _e2e_explanation(d: Decision) -> str:
    n, gap = d.data["n_whole_task"], d.data["part_gap"]
    error, human = d.data["pipeline_error"], d.data["whole_human_level"]
    head = (f"The parts are within {100 * gap:.1f} points of their human levels, so "
            f"**{d.letter('tune_parts')}** could gain a few tenths of a point at most, "
            f"against a gap of {100 * (error - human):.1f} points between the whole and "
            "people: the design is what is wrong. ")
    if _e2e_right(d) == "go_end_to_end":
        return head + (
            f"With {n:,} examples of the whole task, there is enough data to learn the whole "
            f"mapping, and an end-to-end model also learns what to carry from one stage to "
            f"the next, which is exactly what the pipeline gets wrong: "
            f"**{d.letter('go_end_to_end')}**. **{d.letter('fix_interface')}** would spend "
            "engineering time hunting for what is lost, when the data can find it.")
    return head + (
        f"But {n:,} examples of the whole task are far too few to learn it end to end, "
        "from raw input to final output (week 2 · 10's question: is there enough data for a "
        f"mapping that complex?), so **{d.letter('go_end_to_end')}** is a gamble the data "
        f"cannot win. **{d.letter('fix_interface')}** keeps the well-trained parts, each "
        "learned from its own plentiful data, and uses insight instead of data: the mistakes "
        "made with every part right show what the parts fail to pass on.")


KEYS = keys_by_id([
    Key("w3_05_error_with_perfect", hidden=_random_substitution_cases),
    Key("w3_05_attribution", hidden=_random_attribution_cases),
    decision_key("w3_05_which_part", _which_part_right,
                 wrong={"largest error taken at face value":
                            lambda d: _improve(d, d.data["own_error"]),
                        "largest attribution": lambda d: _improve(d, d.data["attributed"]),
                        "misjudged the design": _design_misjudged},
                 explanation=_which_part_explanation),
    decision_key("w3_05_end_to_end", _e2e_right,
                 wrong={"misjudged the data": _e2e_misjudged,
                        "polished the parts": lambda d: "tune_parts"},
                 explanation=_e2e_explanation),
])
