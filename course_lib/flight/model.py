"""What a case study is made of: questions, options, figures and the scenario.

A :class:`QuestionSpec` is the same for every learner; a :class:`Question` is one learner's
version of it (prompt with their numbers, options in their order). A :class:`Scenario`
holds one learner's brief, figures (:class:`Figures`) and questions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from course_lib.flight.text import plain_text

__all__ = ["Figures", "Kind", "MistakeSpec", "Option", "Question", "QuestionSpec", "Scenario",
           "with_learner_id"]


Kind = Literal["letter", "letters", "number", "choice"]


# ============================================================================ data types
@dataclass(frozen=True)
class MistakeSpec:
    """A typical wrong answer to a question: its role and the hint shown when it is given.

    The role is the same for every learner (e.g. ``"most accurate overall"``), the
    wrong value it stands for is computed per learner (:attr:`Question.wrong`), and
    the hint never contains learner-specific numbers.
    """

    role: str
    hint: str  # plain text (it is printed by the self-check)


@dataclass(frozen=True)
class QuestionSpec:
    """What a question is, independent of any learner's numbers.

    Attributes
    ----------
    id : str
        ``"q01"`` ... ``"q15"``; the exercise id is the scenario's prefix plus this.
    title : str
        A few words, shown in the question's header and in the score summary.
    concepts : tuple of str
        The ideas of the week the question tests (neutral words that give no answer away).
    lecture : str
        Relative link to the lecture notebook to review,
        e.g. ``"../week1/08_avoidable_bias.ipynb"``.
    kind : {"letter", "letters", "number", "choice"}
        One letter, a set of letters, a number, or one of a few short strings.
    choices : tuple of str
        The possible letters (letter questions) or strings (choice questions).
    tolerance : float
        Largest accepted distance from the right number (number questions).
    mistakes : tuple of MistakeSpec
        The typical wrong answers, with their hints.
    hint : str
        A general hint, shown when a wrong answer matches none of the typical mistakes.
    """

    id: str
    title: str
    concepts: tuple[str, ...]
    lecture: str
    kind: Kind
    choices: tuple[str, ...] = ()
    tolerance: float = 0.0
    mistakes: tuple[MistakeSpec, ...] = ()
    hint: str = ""


@dataclass(frozen=True)
class Option:
    """One option of a letter question, as one learner sees it."""

    letter: str
    text: str
    tag: str = field(repr=False)
    correct: bool = field(repr=False)
    why: str = field(repr=False)


@dataclass(frozen=True)
class Question:
    """One question of one learner's scenario: prompt, options, right answer, explanation.

    Display it in a notebook (``scenario.show("q03")``) to see the prompt and the options;
    the answer and the explanation are not part of that display.
    """

    spec: QuestionSpec
    number: int
    prompt: str
    options: tuple[Option, ...] = ()
    answer: Any = field(default=None, repr=False)
    explanation: str = field(default="", repr=False)
    wrong: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        """The question id, e.g. ``"q03"``."""
        return self.spec.id

    @property
    def title(self) -> str:
        """The question's short title."""
        return self.spec.title

    def letter_of(self, fragment: str) -> str:
        """The letter of the one option whose text contains ``fragment`` (any case).

        Raises
        ------
        ValueError
            If the question has no options, or no option or several options contain it.

        Examples
        --------
        >>> from course_lib.flight import birds_scenario
        >>> q = birds_scenario("ada").question("q04")
        >>> q.letter_of("shuffle") in "ABCD"
        True
        """
        if not isinstance(fragment, str) or not fragment.strip():
            raise TypeError(f"fragment must be a non-empty string, got {fragment!r}")
        if not self.options:
            raise ValueError(f"question {self.id} has no lettered options")
        needle = fragment.strip().lower()
        found = [o.letter for o in self.options if needle in o.text.lower()]
        if len(found) != 1:
            where = "no option" if not found else f"{len(found)} options ({', '.join(found)})"
            raise ValueError(
                f"{where} of question {self.id} contain {fragment!r}; use a fragment that "
                "appears in exactly one option"
            )
        return found[0]

    def _answer_format(self) -> str:
        spec = self.spec
        if spec.kind == "letter":
            return f'one letter in quotes, e.g. `{self.id} = "{spec.choices[-1]}"`'
        if spec.kind == "letters":
            return f'a set of letters, e.g. `{self.id} = {{"A", "C"}}` (one or more letters)'
        if spec.kind == "choice":
            listed = ", ".join(f'`"{c}"`' for c in spec.choices)
            return f"one of {listed}"
        return f"a number, e.g. `{self.id} = 1.25`"

    def _repr_markdown_(self) -> str:
        lines = [f"**Question {self.number} — {self.title}**", "", self.prompt.strip(), ""]
        for option in self.options:
            lines.append(f"- **{option.letter}.** {option.text}")
        if self.options:
            lines.append("")
        lines.append(f"*Your answer:* {self._answer_format()}.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return plain_text(self._repr_markdown_())


class Figures:
    """The read-only figures of a scenario, by attribute: ``birds.data.n_images``.

    Tables (pandas DataFrames) are built afresh at every access, so changing one in a
    notebook never changes the scenario that grading re-creates.
    """

    __slots__ = ("_tables", "_values")

    def __init__(self, values: Mapping[str, Any],
                 tables: Mapping[str, Callable[[], Any]] | None = None) -> None:
        object.__setattr__(self, "_values", dict(values))
        object.__setattr__(self, "_tables", dict(tables or {}))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_values", "_tables"):
            raise AttributeError(name)
        values = object.__getattribute__(self, "_values")
        tables = object.__getattribute__(self, "_tables")
        if name in values:
            return values[name]
        if name in tables:
            return tables[name]()
        raise AttributeError(
            f"this scenario has no figure called {name!r}; its figures are: "
            + ", ".join(self.names)
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the figures of a scenario are read-only")

    @property
    def names(self) -> list[str]:
        """Names of all figures and tables."""
        values = object.__getattribute__(self, "_values")
        tables = object.__getattribute__(self, "_tables")
        return sorted([*values, *tables])

    def __dir__(self) -> list[str]:
        return [*self.names, "names"]

    def __repr__(self) -> str:
        values = object.__getattribute__(self, "_values")
        tables = object.__getattribute__(self, "_tables")
        parts = [f"{k}={v!r}" for k, v in values.items()]
        parts += [f"{k}=<table>" for k in tables]
        return "Figures(" + ", ".join(parts) + ")"


@dataclass(frozen=True)
class Scenario:
    """One learner's version of a flight simulator.

    Attributes
    ----------
    name : str
        ``"birds"`` or ``"road_signs"``.
    title : str
        The case study's title.
    learner_id : str
        The learner id as given (the numbers depend on its normalized form).
    seed : int
        The seed the figures were drawn from (:func:`learner_seed`).
    exercise_prefix : str
        Prefix of the exercise ids, e.g. ``"w1_12_"`` (``"w1_12_q03"`` grades question 3).
    story : str
        The brief, in Markdown, with this learner's figures.
    data : Figures
        The figures the questions use, by name (tables are pandas DataFrames).
    questions : tuple of Question
        The questions, in order.

    Displaying a scenario in a notebook shows its brief; :meth:`show` shows a question.
    """

    name: str
    title: str
    learner_id: str
    seed: int
    exercise_prefix: str
    story: str
    data: Figures = field(repr=False)
    questions: tuple[Question, ...] = field(repr=False)

    def question(self, question: str | int) -> Question:
        """A question by id (``"q03"``) or number (``3``).

        Raises
        ------
        KeyError
            If there is no such question; the message lists the ids.
        """
        if isinstance(question, bool):
            raise TypeError("give a question id such as 'q03' or a number such as 3")
        if isinstance(question, (int, np.integer)):
            question = f"q{int(question):02d}"
        if not isinstance(question, str):
            raise TypeError(f"give a question id such as 'q03', got {type(question).__name__}")
        for q in self.questions:
            if q.id == question.strip().lower():
                return q
        ids = ", ".join(q.id for q in self.questions)
        raise KeyError(f"there is no question {question!r}; the questions are {ids}")

    def show(self, question: str | int) -> Question:
        """The question, for display: its prompt with this learner's numbers and options."""
        return self.question(question)

    def letter(self, question: str | int, fragment: str) -> str:
        """The letter of the option of ``question`` whose text contains ``fragment``."""
        return self.question(question).letter_of(fragment)

    def answer(self, question: str | int) -> Any:
        """The right answer (for grading and for instructors; learners should work it out)."""
        return self.question(question).answer

    def wrong_answer(self, question: str | int, role: str) -> Any:
        """The value of the typical mistake ``role`` of ``question`` for this learner."""
        q = self.question(question)
        if role not in q.wrong:
            roles = ", ".join(q.wrong)
            raise KeyError(f"question {q.id} has no mistake {role!r}; its mistakes: {roles}")
        return q.wrong[role]

    def explanation(self, question: str | int) -> str:
        """Why the right answer is right and why each wrong option is wrong."""
        return self.question(question).explanation

    def _repr_markdown_(self) -> str:
        who = (f"learner id `{self.learner_id.strip()}`" if self.learner_id.strip()
               else "no learner id (default numbers)")
        return f"{self.story.strip()}\n\n*Scenario generated for {who}.*"

    def __str__(self) -> str:
        return plain_text(self._repr_markdown_())


def with_learner_id(scenario: Scenario, learner_id: str) -> Scenario:
    """The same scenario, labelled with the learner id as the learner wrote it."""
    return Scenario(scenario.name, scenario.title, learner_id, scenario.seed,
                    scenario.exercise_prefix, scenario.story, scenario.data, scenario.questions)
