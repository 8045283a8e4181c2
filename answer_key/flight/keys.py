"""The keys of a flight simulator's exercises: answers, wrong values, explanations per learner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from answer_key import keys_by_id
from answer_key.flight import solved_scenario
from course_lib.exercises.keys import Key
from course_lib.flight.ids import DEFAULT_LEARNER
from course_lib.flight.model import QuestionSpec
from course_lib.flight.text import plain_text

__all__ = ["scenario_keys"]


def scenario_keys(name: str, specs: Sequence[QuestionSpec], prefix: str) -> dict[str, Key]:
    """One key per question of scenario ``name``, whose context is the learner id.

    Examples
    --------
    >>> from course_lib.flight import BIRDS_QUESTIONS
    >>> keys = scenario_keys("birds", BIRDS_QUESTIONS, "w1_12_")
    >>> keys["w1_12_q01"].answer(learner="ada") in "ABCD"
    True
    """
    def key(spec: QuestionSpec) -> Key:
        qid = spec.id

        def answer(learner: str = DEFAULT_LEARNER) -> Any:
            return solved_scenario(name, learner).answer(qid)

        def explanation(learner: str = DEFAULT_LEARNER) -> str:
            return plain_text(solved_scenario(name, learner).explanation(qid))

        def wrong_for(role: str) -> Any:
            def wrong(learner: str = DEFAULT_LEARNER) -> Any:
                return solved_scenario(name, learner).wrong_answer(qid, role)
            return wrong

        return Key(f"{prefix}{qid}", answer=answer, explanation=explanation,
                   wrong_answers={m.role: wrong_for(m.role) for m in spec.mistakes})

    return keys_by_id(key(spec) for spec in specs)
