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
    """The right answer of one question, its explanation, the typical wrong values, and its
    options with their roles and reasons."""

    answer: Any
    explanation: str
    wrong: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[SolvedOption, ...] = ()


@dataclass(frozen=True)
class Solved:
    """A question as the learner sees it, with its solution.

    Reads like the question, plus ``answer``, ``explanation``, ``wrong`` and the solved
    ``options`` (with their tags, rightness and reasons).
    """

    question: Question
    solution: Solution

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if name in ("answer", "explanation", "wrong", "options"):
            return getattr(self.solution, name)
        return getattr(self.question, name)


def solved(spec: QuestionSpec, number: int, prompt: str,
           options: tuple[SolvedOption, ...], answer: Any, explanation: str,
           wrong: Mapping[str, Any]) -> Solved:
    """A question and its solution (the options shown to the learner lose their secrets)."""
    question = Question(spec, number, prompt, tuple(o.public for o in options))
    return Solved(question, Solution(answer, explanation, MappingProxyType(dict(wrong)),
                                     tuple(options)))


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

    def __getattr__(self, name: str) -> Any:
        # everything the learner's scenario has (data, questions, letter, show, ...)
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.scenario, name)

    @property
    def seed(self) -> int:
        """The seed the figures were drawn from."""
        from course_lib.flight.ids import learner_seed, normalize_learner_id

        return learner_seed(normalize_learner_id(self.scenario.learner_id), self.scenario.name)

    def solved(self, question: str | int) -> Solved:
        """A question with its solution."""
        q = self.scenario.question(question)
        return Solved(q, self.solutions[q.id])

    @property
    def solved_questions(self) -> tuple[Solved, ...]:
        """Every question with its solution, in order."""
        return tuple(Solved(q, self.solutions[q.id]) for q in self.scenario.questions)

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
