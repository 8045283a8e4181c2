"""Answer key of week 2, notebook 10: whether to use end-to-end learning."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.data.end_to_end_cases import COURSE_CASES
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


# --- pros and cons ----------------------------------------------------------------------------

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


def _pros() -> set[str]:
    return statements_of_kind("pro")


def _cons() -> set[str]:
    return statements_of_kind("con")


KEYS = keys_by_id([
    Key("w2_10_choose_approach", hidden=_random_rule_cases),
    Key("w2_10_course_decisions", answer=course_decisions,
        wrong_answers={"end-to-end everywhere": lambda: _everywhere("end-to-end"),
                       "pipeline everywhere": lambda: _everywhere("pipeline"),
                       "speech ignores the hours": _ignore_amounts},
        explanation=_explain_decisions),
    Key("w2_10_end_to_end_pros", answer=_pros,
        wrong_answers={"the drawbacks": _cons,
                       "pros and a false one": lambda: _pros() | {"C"},
                       "pros and a guarantee": lambda: _pros() | {"F"}}),
    Key("w2_10_end_to_end_cons", answer=_cons,
        wrong_answers={"the advantages": _pros,
                       "cons and a false one": lambda: _cons() | {"C"}}),
])
