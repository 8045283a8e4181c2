"""What the answer key knows about a case study: the right answers, why, and the wrong ones.

A learner's :class:`~course_lib.flight.model.Scenario` holds what they see. Its
:class:`SolvedScenario` adds, per question, a :class:`Solution`: the right answer, the
explanation (why it is right and why each other option is not) and the value each typical
mistake gives for this learner's numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from course_lib.flight.model import Option, Question, QuestionSpec, Scenario

__all__ = ["Solution", "Solved", "SolvedOption", "SolvedScenario", "solved"]


@dataclass(frozen=True)
class SolvedOption:
    """An option with what only the key knows: its role (tag), whether it is right, why."""

    letter: str
    text: str
    tag: str = field(repr=False)
    correct: bool = field(repr=False)
    why: str = field(repr=False)

    @property
    def public(self) -> Option:
        """The option as the learner sees it."""
        return Option(self.letter, self.text)


@dataclass(frozen=True)
class Solution:
    """The right answer of one question, its explanation, and the typical wrong values."""

    answer: Any
    explanation: str
    wrong: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Solved:
    """A question as the learner sees it, with its solution."""

    question: Question
    solution: Solution


def solved(spec: QuestionSpec, number: int, prompt: str,
           options: tuple[SolvedOption, ...], answer: Any, explanation: str,
           wrong: Mapping[str, Any]) -> Solved:
    """A question and its solution (the options shown to the learner lose their secrets)."""
    question = Question(spec, number, prompt, tuple(o.public for o in options))
    return Solved(question, Solution(answer, explanation, MappingProxyType(dict(wrong))))


@dataclass(frozen=True)
class SolvedScenario:
    """One learner's scenario and the solution of each of its questions.

    Examples
    --------
    >>> from answer_key.flight import solved_scenario
    >>> birds = solved_scenario("birds", "ada")
    >>> birds.answer("q01") in "ABCD"
    True
    """

    scenario: Scenario
    solutions: Mapping[str, Solution]

    @property
    def data(self) -> Any:
        """The scenario's figures."""
        return self.scenario.data

    @property
    def questions(self) -> tuple[Question, ...]:
        """The scenario's questions."""
        return self.scenario.questions

    def question(self, question: str | int) -> Question:
        """A question of the scenario by id or number."""
        return self.scenario.question(question)

    def _solution(self, question: str | int) -> Solution:
        return self.solutions[self.scenario.question(question).id]

    def answer(self, question: str | int) -> Any:
        """The right answer of a question for this learner."""
        return self._solution(question).answer

    def wrong_answer(self, question: str | int, role: str) -> Any:
        """The value of the typical mistake ``role`` of ``question`` for this learner."""
        wrong = self._solution(question).wrong
        if role not in wrong:
            raise KeyError(f"question {question} has no mistake {role!r}; its mistakes: "
                           f"{', '.join(wrong)}")
        return wrong[role]

    def explanation(self, question: str | int) -> str:
        """Why the right answer is right and why each other option is not."""
        return self._solution(question).explanation
