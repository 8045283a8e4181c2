"""Answer key of week 2, notebook 10: whether to use end-to-end learning."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.data.end_to_end_cases import COURSE_CASES
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case


def _random_rule_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(40):
        need = int(10 ** rng.uniform(2, 8))
        have = int(need * 10 ** rng.uniform(-2, 2)) if k % 7 else need
        steps = []
        for _ in range(int(rng.integers(0, 4))):
            if rng.random() < 0.3:
                steps.append((0, 0))
            else:
                step_need = int(10 ** rng.uniform(1, 7))
                steps.append((int(step_need * 10 ** rng.uniform(-1.5, 1.5)), step_need))
        cases.append(Case(f"random project #{k + 1} ({len(steps)} step(s))", (have, need, steps)))
    return cases


# --- decisions on the course's cases ----------------------------------------------------------


def course_decisions() -> dict[str, str]:
    """The decision for each of :data:`~course_lib.data.end_to_end_cases.COURSE_CASES`, by name.

    Examples
    --------
    >>> course_decisions()["machine translation"]
    'end-to-end'
    """
    return {case.name: case.decide() for case in COURSE_CASES}


def _everywhere(approach: str) -> dict[str, str]:
    return {case.name: approach for case in COURSE_CASES}


def _ignore_amounts() -> dict[str, str]:
    """Speech always through the pipeline, whatever the hours."""
    decisions = course_decisions()
    decisions["speech recognition, 100,000 hours"] = "pipeline"
    return decisions


def _explain_decisions() -> str:
    return (
        "Turnstile, bone age and autonomous driving: few examples for the whole mapping, but "
        "every step either has plenty of data or is designed by hand, so a pipeline. "
        "Machine translation and speech with 100,000 hours: enough (x, y) pairs to learn the "
        "whole mapping, so end-to-end. Speech with 3,000 hours: below the roughly 10,000 "
        "hours end-to-end needs, while the pipeline's learned step (phonemes) has enough."
    )


# --- the statements about end-to-end learning (notebook 10 lists them) ----------------------

# Which statements are advantages ("pro"), drawbacks ("con") or simply untrue ("neither").
_KINDS = {"A": "pro", "B": "con", "C": "neither", "D": "pro", "E": "con", "F": "neither"}


def statements_of_kind(kind: str) -> set[str]:
    """Letters of the :data:`~course_lib.data.end_to_end_cases.STATEMENTS` of one kind.

    Parameters
    ----------
    kind : {"pro", "con", "neither"}
        Advantages, drawbacks, or statements that are simply untrue.

    Returns
    -------
    set of str
        The letters of the statements of that kind.

    Raises
    ------
    ValueError
        If ``kind`` is not one of the three.

    Examples
    --------
    >>> sorted(statements_of_kind("neither"))
    ['C', 'F']
    """
    if kind not in ("pro", "con", "neither"):
        raise ValueError(f"kind must be 'pro', 'con' or 'neither', got {kind!r}")
    return {letter for letter, k in _KINDS.items() if k == kind}


# --- decisions ----------------------------------------------------------------------------

def _translation_plan(d: Decision) -> str:
    if d.data["have_pairs"] >= d.data["need_pairs"]:
        return "end_to_end"
    steps_ok = d.data["have_asr"] >= d.data["need_asr"] and d.data["have_mt"] >= d.data["need_mt"]
    return "pipeline" if steps_ok else "collect"


def _whole_misjudged(d: Decision) -> str:
    return "pipeline" if _translation_plan(d) == "end_to_end" else "end_to_end"


def _steps_misjudged(d: Decision) -> str:
    return {"end_to_end": "collect", "pipeline": "collect", "collect": "pipeline"}[
        _translation_plan(d)]


def _translation_explanation(d: Decision) -> str:
    g = d.data
    e2e, pipe, more = (d.letter(k) for k in ("end_to_end", "pipeline", "collect"))
    whole = (f"Translated audio: {g['have_pairs']:,} hours for a need of {g['need_pairs']:,}. "
             f"Recogniser: {g['have_asr']:,} of {g['need_asr']:,} hours. Translator: "
             f"{g['have_mt']:,} of {g['need_mt']:,} sentence pairs. ")
    plan = _translation_plan(d)
    if plan == "end_to_end":
        return whole + (
            f"There is enough translated audio to learn both problems at once, so **{e2e}**: "
            "one network lets the data speak and needs no intermediate transcript. **"
            f"{pipe}** would also work, but fixes a {g['language']} transcript in the middle "
            f"that the data may not need. **{more}** waits for data the team already has.")
    if plan == "pipeline":
        return whole + (
            "One network would have to learn two large problems from far too few hours of "
            f"translated audio, while each step has more than it needs: **{pipe}**. **{e2e}** "
            "ignores that the whole mapping is short of data. **"
            f"{more}** is not needed: every step of the pipeline already has its data.")
    return whole + (
        "The whole mapping is short of translated audio, and the translator is short of "
        f"sentence pairs, so neither approach has its data yet: **{more}**. **{pipe}** would "
        f"be only as good as its weakest step, the translator. **{e2e}** would have to learn "
        "two large problems at once from far too little translated audio.")


def _hand_designed_explanation(d: Decision) -> str:
    n_whole, n_masks = d.data["n_whole"], d.data["n_masks"]
    e2e, pipe, more, table = (d.letter(k)
                              for k in ("end_to_end", "pipeline", "collect", "table_only"))
    return (
        f"**{pipe}** is right. With only {n_whole:,} photos of known age, a network from photo "
        "to age has far too little data; the botanists' table carries knowledge the data "
        f"cannot, and the {n_masks:,} outlined photos are plenty to learn the leaf-measuring "
        f"step. **{e2e}** would be right with much more data for the whole mapping; 'let the "
        "data speak' needs data to speak with. **"
        f"{more}** waits for data the team does not need: the pipeline can be built today. **"
        f"{table}** throws away a step that can be learned well, and measuring every seedling "
        "by hand does not scale."
    )


KEYS = keys_by_id([
    Key("w2_10_choose_approach", hidden=_random_rule_cases),
    Key("w2_10_course_decisions", answer=course_decisions,
        wrong_answers={"end-to-end everywhere": lambda: _everywhere("end-to-end"),
                       "pipeline everywhere": lambda: _everywhere("pipeline"),
                       "speech ignores the hours": _ignore_amounts},
        explanation=_explain_decisions),
    decision_key("w2_10_two_problems", _translation_plan,
                 wrong={"whole-task data misjudged": _whole_misjudged,
                        "steps misjudged": _steps_misjudged},
                 explanation=_translation_explanation),
    decision_key("w2_10_hand_designed", lambda d: "pipeline",
                 wrong={"the data will speak": lambda d: "end_to_end",
                        "waiting for data": lambda d: "collect",
                        "no learning at all": lambda d: "table_only"},
                 explanation=_hand_designed_explanation),
])
