"""What a case study is made of: questions, options, figures and the scenario.

A :class:`QuestionSpec` is the same for every learner; a :class:`Question` is one learner's
version of it (prompt with their numbers, options in their order). A :class:`Scenario`
holds one learner's brief, figures (:class:`Figures`) and questions -- what the learner
sees, and nothing more: the answers are computed by the answer key. A scenario can be
written as JSON data and read back (:meth:`Scenario.to_data`, :meth:`Scenario.from_data`),
which is how a kernel without the answer key gets its learner's scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from course_lib.flight.text import plain_text

__all__ = ["Figures", "Kind", "MistakeSpec", "Option", "Question", "QuestionSpec", "Scenario",
           "table"]


Kind = Literal["letter", "letters", "number", "choice"]


# ============================================================================ data types
@dataclass(frozen=True)
class MistakeSpec:
    """A typical wrong answer to a question: its role and the hint shown when it is given.

    The role is the same for every learner (e.g. ``"most accurate overall"``), the
    wrong value it stands for is computed per learner by the answer key, and
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
        ``"q01"``, ``"q02"``, ...; the exercise id is the scenario's prefix plus this.
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
    """One option of a letter question, as one learner sees it: its letter and its text."""

    letter: str
    text: str


@dataclass(frozen=True)
class Question:
    """One question of one learner's scenario: its prompt with their numbers, its options.

    Display it in a notebook (``scenario.show("q03")``). It holds what the learner sees and
    nothing else: the right answer and the explanation are in the answer key.
    """

    spec: QuestionSpec
    number: int
    prompt: str
    options: tuple[Option, ...] = ()

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


def table(rows: Any, columns: Sequence[str], index_name: str = "model") -> dict[str, Any]:
    """A figure table as data: ``rows`` are ``(label, value, value, ...)`` tuples.

    Examples
    --------
    >>> table([("A", 1.0), ("B", 2.0)], ["error"])["columns"]
    ['error']
    """
    rows = [list(r) for r in rows]
    return {"index": [r[0] for r in rows], "index_name": index_name, "columns": list(columns),
            "rows": [r[1:] for r in rows]}


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {"map": {str(k): _to_json(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"seq": [_to_json(v) for v in value]}
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"map"}:
        return {k: _from_json(v) for k, v in value["map"].items()}
    if isinstance(value, dict) and set(value) == {"seq"}:
        return tuple(_from_json(v) for v in value["seq"])
    return value


class Figures:
    """The read-only figures of a scenario, by attribute: ``birds.data.n_images``.

    Numbers and texts are plain values (mappings and sequences read-only); tables are
    pandas DataFrames built afresh at every access, so changing one in a notebook never
    changes the scenario.

    Examples
    --------
    >>> figures = Figures({"n": 3}, {"models": table([("A", 0.1)], ["error"])})
    >>> figures.n, float(figures.models.loc["A", "error"])
    (3, 0.1)
    """

    __slots__ = ("_tables", "_values")

    def __init__(self, values: Mapping[str, Any],
                 tables: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        object.__setattr__(self, "_values", {k: _frozen(v) for k, v in values.items()})
        object.__setattr__(self, "_tables", dict(tables or {}))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_values", "_tables"):
            raise AttributeError(name)
        values = object.__getattribute__(self, "_values")
        tables = object.__getattribute__(self, "_tables")
        if name in values:
            return values[name]
        if name in tables:
            import pandas as pd

            data = tables[name]
            frame = pd.DataFrame([list(r) for r in data["rows"]], index=list(data["index"]),
                                 columns=list(data["columns"]))
            frame.index.name = data["index_name"]
            return frame
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

    def to_data(self) -> dict[str, Any]:
        """The figures as JSON data (:meth:`from_data` rebuilds them)."""
        return {"values": {k: _to_json(v) for k, v in
                           object.__getattribute__(self, "_values").items()},
                "tables": _to_json(object.__getattribute__(self, "_tables"))}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Figures:
        """Rebuild figures from :meth:`to_data`'s output."""
        tables = _from_json(data["tables"])
        return cls({k: _from_json(v) for k, v in data["values"].items()},
                   {k: dict(v) for k, v in tables.items()})


@dataclass(frozen=True)
class Scenario:
    """One learner's version of a flight simulator: what the learner sees, and only that.

    Attributes
    ----------
    name : str
        ``"birds"`` or ``"road_signs"``.
    title : str
        The case study's title.
    learner_id : str
        The learner id as given (the numbers depend on its normalized form).
    exercise_prefix : str
        Prefix of the exercise ids, e.g. ``"w1_12_"`` (``"w1_12_q03"`` grades question 3).
    story : str
        The brief, in Markdown, with this learner's figures.
    data : Figures
        The figures the questions use, by name (tables are pandas DataFrames).
    questions : tuple of Question
        The questions, in order.

    Displaying a scenario in a notebook shows its brief; :meth:`show` shows a question. The
    right answers and their explanations are not part of a scenario: they are in the answer
    key, which grades the answers.
    """

    name: str
    title: str
    learner_id: str
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

    def with_learner_id(self, learner_id: str) -> Scenario:
        """The same scenario, labelled with the learner id as the learner wrote it."""
        return replace(self, learner_id=learner_id)

    def to_data(self) -> dict[str, Any]:
        """The scenario as JSON data: what a kernel without the answer key reads
        (:meth:`from_data` rebuilds it)."""
        return {"name": self.name, "title": self.title, "learner_id": self.learner_id,
                "exercise_prefix": self.exercise_prefix, "story": self.story,
                "data": self.data.to_data(),
                "questions": [{"id": q.id, "number": q.number, "prompt": q.prompt,
                               "options": [[o.letter, o.text] for o in q.options]}
                              for q in self.questions]}

    @classmethod
    def from_data(cls, data: Mapping[str, Any], specs: Sequence[QuestionSpec]) -> Scenario:
        """Rebuild a scenario from :meth:`to_data`'s output and its question specs.

        Raises
        ------
        ValueError
            If the data name a question the specs do not have.
        """
        by_id = {s.id: s for s in specs}
        questions = []
        for q in data["questions"]:
            if q["id"] not in by_id:
                raise ValueError(f"the scenario data name an unknown question {q['id']!r}")
            questions.append(Question(by_id[q["id"]], int(q["number"]), str(q["prompt"]),
                                      tuple(Option(str(a), str(b)) for a, b in q["options"])))
        return cls(str(data["name"]), str(data["title"]), str(data["learner_id"]),
                   str(data["exercise_prefix"]), str(data["story"]),
                   Figures.from_data(data["data"]), tuple(questions))

    def _repr_markdown_(self) -> str:
        who = (f"learner id `{self.learner_id.strip()}`" if self.learner_id.strip()
               else "no learner id (default numbers)")
        return f"{self.story.strip()}\n\n*Scenario generated for {who}.*"

    def __str__(self) -> str:
        return plain_text(self._repr_markdown_())
