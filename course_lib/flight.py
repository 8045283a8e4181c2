"""Flight simulators: the case studies that close each week, with numbers for every learner.

A pilot learns a lot in a simulator because it packs years of situations into hours.
These case studies do the same for a machine learning project: a scenario gives the
figures of one project, each question asks for one decision, and the explanation says
why the right choice is right -- and why each of the other options is not.

Per-learner numbers
-------------------
Every learner gets their own figures (error rates, data sizes, limits) and their own
order of options. They are drawn from a seed derived from the learner id that the
learner writes once at the top of the notebook (:func:`learner_seed`), so grading
re-creates exactly the same scenario while two learners see different tables.

The right answers are never stored per seed. Each generator draws the figures and then
computes the answers with the library's public functions --
:func:`course_lib.metrics.pick_best`, :func:`course_lib.strategy.diagnose`,
:func:`course_lib.strategy.bayes_proxy`, :func:`course_lib.error_analysis.ceiling`,
:func:`course_lib.sizing.dev_set_size`, :func:`course_lib.orthogonalization.first_failing_step`,
:func:`course_lib.nn.masked_binary_cross_entropy` ... A figure that lands close to a
decision threshold is drawn again, so no answer sits on a knife edge.

Scenarios
---------
:func:`birds_scenario`
    Week 1: detecting birds over the city of Peacetopia from security-camera images.
:func:`road_signs_scenario`
    Week 2: detecting road signs and traffic lights in a car's front-camera images.

Grading helpers
---------------
:func:`score_summary`
    Re-runs the self-checks quietly and lists, per missed question, what to review.
:func:`learner_id_in_notebook`
    Reads the learner id a submitted notebook declares -- from the source of the cell
    that assigns ``LEARNER_ID``, with :mod:`ast`, never executing anything -- so the
    grader can report submissions whose learner id differs from the student id.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from course_lib import error_analysis, metrics, nn, orthogonalization, sizing, strategy

if TYPE_CHECKING:  # pandas is imported only when a table is built
    import pandas as pd

__all__ = [
    "BIRDS_QUESTIONS",
    "CATEGORIES",
    "DEFAULT_LEARNER",
    "ROAD_SIGNS_QUESTIONS",
    "Figures",
    "MistakeSpec",
    "Option",
    "Question",
    "QuestionSpec",
    "Scenario",
    "ScoreSummary",
    "SummaryRow",
    "birds_scenario",
    "learner_id_assignments",
    "learner_id_in_notebook",
    "learner_seed",
    "make_exercises",
    "normalize_learner_id",
    "road_signs_scenario",
    "score_summary",
]

Kind = Literal["letter", "letters", "number", "choice"]

#: The learner id used when a learner leaves ``LEARNER_ID`` empty.
DEFAULT_LEARNER = ""

_MAX_ID_LENGTH = 200
_MAX_TRIES = 2000


# ============================================================================ learner ids
def normalize_learner_id(learner_id: Any) -> str:
    """The canonical form of a learner id: surrounding spaces removed, lower case.

    Ids that differ only in case or in spacing (``" Ada "`` and ``"ada"``) give the
    same numbers, so a learner cannot lose their scenario to a stray capital.

    Parameters
    ----------
    learner_id : str
        The id as written in the notebook (``LEARNER_ID = "..."``); ``""`` means
        "none given" and selects the default scenario.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string (e.g. a number written without quotes).
    ValueError
        If it is longer than 200 characters.

    Examples
    --------
    >>> normalize_learner_id("  Ada.Lovelace ")
    'ada.lovelace'
    >>> normalize_learner_id("")
    ''
    """
    if not isinstance(learner_id, str):
        raise TypeError(
            "the learner id must be a string written in quotes, e.g. LEARNER_ID = \"ada\"; "
            f"got {type(learner_id).__name__} {learner_id!r}"
        )
    text = " ".join(learner_id.split()).lower()
    if len(text) > _MAX_ID_LENGTH:
        raise ValueError(
            f"the learner id is {len(text)} characters long; use your short course id "
            f"(at most {_MAX_ID_LENGTH} characters)"
        )
    return text


def learner_seed(learner_id: str, scenario: str) -> int:
    """The seed of one learner's scenario: a hash of the scenario name and the learner id.

    Parameters
    ----------
    learner_id : str
        The learner id (normalized with :func:`normalize_learner_id`).
    scenario : str
        The scenario's name, e.g. ``"birds"``; each scenario gets its own seed.

    Returns
    -------
    int
        A non-negative integer below ``2**64``, the same on every machine.

    Examples
    --------
    >>> learner_seed("Ada", "birds") == learner_seed(" ada", "birds")
    True
    >>> learner_seed("ada", "birds") == learner_seed("ada", "road_signs")
    False
    """
    if not isinstance(scenario, str) or not scenario:
        raise ValueError(f"scenario must be a non-empty name, got {scenario!r}")
    key = f"{scenario}\x00{normalize_learner_id(learner_id)}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")


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
        return _plain(self._repr_markdown_())


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
        return _plain(self._repr_markdown_())


# ============================================================================ helpers
class _Draw:
    """Seeded draws on round grids, so every figure is a tidy number."""

    def __init__(self, seed: int) -> None:
        self.gen = np.random.default_rng(seed)

    def grid(self, low: float, high: float, step: float) -> float:
        count = int(round((high - low) / step))
        k = int(self.gen.integers(0, count + 1))
        return round(low + k * step, 6)

    def integer(self, low: int, high: int, step: int = 1) -> int:
        count = (high - low) // step
        return int(low + step * int(self.gen.integers(0, count + 1)))

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.gen.integers(0, len(items)))]

    def shuffled(self, items: Sequence[Any]) -> list[Any]:
        order = self.gen.permutation(len(items))
        return [items[int(i)] for i in order]

    def sample(self, items: Sequence[Any], k: int) -> list[Any]:
        order = self.gen.choice(len(items), size=k, replace=False)
        return [items[int(i)] for i in order]

    def chance(self, p: float = 0.5) -> bool:
        return bool(self.gen.random() < p)


def _until(draw: Callable[[], Any], ok: Callable[[Any], bool], what: str) -> Any:
    """Draw until ``ok`` accepts (a deterministic rejection sampler)."""
    for _ in range(_MAX_TRIES):
        value = draw()
        if ok(value):
            return value
    raise RuntimeError(f"could not draw {what} after {_MAX_TRIES} tries (a generator bug)")


def _num(x: float, decimals: int = 2) -> str:
    """A number without trailing zeros: 1.50 -> '1.5', 2.0 -> '2'."""
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _plain(text: str) -> str:
    """Markdown emphasis and code marks removed, for text printed by a self-check."""
    text = re.sub(r"\*\*|`", "", text)
    return re.sub(r"(?<![\w*])\*(\S[^*\n]*?)\*(?![\w*])", r"\1", text)


def _pts(x: float, decimals: int = 2) -> str:
    """A number of percentage points: '1 point', '0.4 points'."""
    text = _num(x, decimals)
    return f"{text} point" if text in ("1", "-1") else f"{text} points"


def _count(n: int) -> str:
    return f"{int(n):,}"


def _r(x: float, decimals: int = 2) -> float:
    return round(float(x) + 0.0, decimals) + 0.0


def _separated(values: Iterable[float], gap: float) -> bool:
    vals = sorted(values)
    return all(b - a >= gap for a, b in zip(vals, vals[1:], strict=False))


LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class _Item:
    tag: str
    text: str
    correct: bool
    why: str


def _options(draw: _Draw, items: Sequence[_Item], shuffle: bool = True) -> tuple[Option, ...]:
    ordered = draw.shuffled(list(items)) if shuffle else list(items)
    return tuple(Option(LETTERS[i], it.text, it.tag, it.correct, it.why)
                 for i, it in enumerate(ordered))


def _letter_by_tag(options: Sequence[Option], tag: str) -> str:
    found = [o.letter for o in options if o.tag == tag]
    if len(found) != 1:
        raise RuntimeError(f"option tag {tag!r} appears {len(found)} times (a generator bug)")
    return found[0]


def _explain_letter(options: Sequence[Option], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    for o in right:
        parts.append(f"**{o.letter}** is right. {o.why}")
    if wrong:
        parts.append("Why not the others:")
        parts.extend(f"- **{o.letter}** — {o.why}" for o in wrong)
    return "\n".join(parts)


def _explain_letters(options: Sequence[Option], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    letters = ", ".join(o.letter for o in right)
    parts.append(f"The right set is {{{letters}}}.")
    parts.extend(f"- **{o.letter}** belongs in it: {o.why}" for o in right)
    parts.extend(f"- **{o.letter}** does not: {o.why}" for o in wrong)
    return "\n".join(parts)


def _letter_question(spec: QuestionSpec, number: int, prompt: str, options: tuple[Option, ...],
                     answer: str, roles: Mapping[str, str], lead: str = "") -> Question:
    """A one-letter question; ``roles`` maps each mistake role to an option tag."""
    correct = [o.letter for o in options if o.correct]
    if correct != [answer]:
        raise RuntimeError(f"{spec.id}: computed answer {answer!r} but options say {correct}")
    wrong = {role: _letter_by_tag(options, tag) for role, tag in roles.items()}
    _check_roles(spec, wrong)
    return Question(spec, number, prompt, options, answer, _explain_letter(options, lead),
                    MappingProxyType(wrong))


def _letters_question(spec: QuestionSpec, number: int, prompt: str, options: tuple[Option, ...],
                      answer: frozenset[str], wrong: Mapping[str, frozenset[str]],
                      lead: str = "") -> Question:
    flagged = frozenset(o.letter for o in options if o.correct)
    if flagged != answer:
        raise RuntimeError(f"{spec.id}: computed answer {sorted(answer)} but options say "
                           f"{sorted(flagged)}")
    wrong = dict(wrong)
    wrong["lowercase"] = frozenset(letter.lower() for letter in answer)
    _check_roles(spec, wrong)
    return Question(spec, number, prompt, options, answer, _explain_letters(options, lead),
                    MappingProxyType(wrong))


def _set_roles(options: Sequence[Option], answer: frozenset[str],
               add: Mapping[str, str], drop: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Wrong sets: the answer plus a wrong option (``add``), or minus a right one (``drop``)."""
    out = {role: answer | {_letter_by_tag(options, tag)} for role, tag in add.items()}
    out.update({role: answer - {_letter_by_tag(options, tag)} for role, tag in drop.items()})
    return out


def _check_roles(spec: QuestionSpec, wrong: Mapping[str, Any]) -> None:
    expected = [m.role for m in spec.mistakes]
    if sorted(wrong) != sorted(expected):
        raise RuntimeError(f"{spec.id}: mistake roles {sorted(wrong)} != spec {sorted(expected)}")


def _spec_index(specs: Sequence[QuestionSpec]) -> dict[str, QuestionSpec]:
    return {s.id: s for s in specs}


def _md_table(header: Sequence[str], rows: Iterable[Sequence[Any]],
              align: Sequence[str] | None = None) -> str:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ============================================================================ week 1: birds
W1 = "../week1/"
_BIAS, _VAR = strategy.AVOIDABLE_BIAS, strategy.VARIANCE
_MISMATCH, _OVERFIT = strategy.DATA_MISMATCH, strategy.DEV_OVERFITTING

_HINT_LOWER = "write the letters as capitals, e.g. {\"A\", \"C\"}."
_HINT_PERCENT = "give the number in percent (0.3 for 0.3 %), not as a fraction."

#: The questions of the week-1 case study (the same for every learner).
BIRDS_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "q01", "Turning the council's wishes into a metric",
        ("single-number evaluation metric", "optimizing and satisficing metrics"),
        W1 + "02_single_number_metric.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("case by case", "three numbers side by side leave every comparison open "
                        "to debate; the team needs one number to decide quickly."),
            MistakeSpec("optimize speed", "the council asks for the best accuracy; speed and "
                        "memory only have to stay under their limits. Which metric should then "
                        "be pushed as far as possible?"),
            MistakeSpec("better on all three", "demanding a win on all three numbers at once "
                        "means most pairs of models cannot be compared at all."),
        ),
    ),
    QuestionSpec(
        "q02", "Choosing among candidate models",
        ("satisficing limits", "optimizing metric"),
        W1 + "03_satisficing_optimizing.ipynb", "letter", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("most accurate overall", "that model is the most accurate, but check its "
                        "running time against the limit: a satisficing limit must be met."),
            MistakeSpec("too big", "that model is very accurate, but check its memory against the "
                        "limit: a satisficing limit must be met."),
            MistakeSpec("fastest", "being faster than the limit earns nothing extra: among the "
                        "models that meet both limits, pick by accuracy."),
            MistakeSpec("smallest", "using less memory than the limit earns nothing extra: among "
                        "the models that meet both limits, pick by accuracy."),
        ),
    ),
    QuestionSpec(
        "q03", "Splitting millions of images",
        ("train/dev/test split for big data", "dev and test set size"),
        W1 + "05_size_of_dev_test_sets.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("classic split", "60/20/20 is a rule of thumb for small data sets; with "
                        "millions of images it gives dev and test far more than they need."),
            MistakeSpec("too small", "compare that dev set with the size dev_set_size gives: it "
                        "is too small to tell apart the models you want to compare."),
            MistakeSpec("no dev set", "without a dev set you would tune on the test set, and the "
                        "test error would no longer be an unbiased estimate."),
        ),
    ),
    QuestionSpec(
        "q04", "Where the dev and test images come from",
        ("dev and test distributions",),
        W1 + "04_train_dev_test_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("by district", "dev and test sets from different districts aim the team "
                        "at one target and then grade it on another."),
            MistakeSpec("largest district", "the system will run in every district: the dev and "
                        "test sets should look like all the data it will meet."),
            MistakeSpec("training as test", "an error measured on the images the model was "
                        "trained on says little about new images."),
        ),
    ),
    QuestionSpec(
        "q05", "New images from the residents",
        ("dev and test distributions", "training on a different distribution"),
        W1 + "04_train_dev_test_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("more test data", "more test examples help only if they come from the "
                        "same distribution as the dev set and the cameras."),
            MistakeSpec("dev only", "dev and test sets must come from the same distribution, and "
                        "both should reflect the images the system will process."),
            MistakeSpec("discard", "training on somewhat different images is usually fine and "
                        "can help; what must match is the dev and test sets."),
        ),
    ),
    QuestionSpec(
        "q06", "An estimate of Bayes error",
        ("human-level performance", "Bayes error proxy"),
        W1 + "09_understanding_human_level.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("typical person", "a typical person is far from the best possible: Bayes "
                        "error is at most the lowest error any person or team reaches."),
            MistakeSpec("single expert", "a group of experts does better than a single one: use "
                        "the best human performance you know of."),
            MistakeSpec("average", "don't average the human levels: Bayes error is bounded by the "
                        "best of them."),
            MistakeSpec("fraction", _HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q07", "Measuring avoidable bias",
        ("avoidable bias",),
        W1 + "08_avoidable_bias.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("typical person", "measure avoidable bias from the Bayes-error estimate "
                        "(the best human level), not from a typical person's error."),
            MistakeSpec("single expert", "measure avoidable bias from the best human level you "
                        "know, not from one expert's error."),
            MistakeSpec("dev instead of training", "avoidable bias is about the training set: use "
                        "the training error, not the dev error."),
            MistakeSpec("variance", "that is the gap between dev and training error (variance); "
                        "avoidable bias compares training error with the Bayes estimate."),
            MistakeSpec("fraction", _HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q08", "What to work on first",
        ("bias/variance reading of an error table",),
        W1 + "08_avoidable_bias.ipynb", "choice", strategy.PROBLEMS,
        mistakes=(
            MistakeSpec("the smaller gap", "compare the two gaps: training minus the Bayes "
                        "estimate, and dev minus training. Work first on the larger one."),
            MistakeSpec("data mismatch", "the training and dev images come from the same "
                        "shuffled mix and there is no training-dev set: data mismatch is not "
                        "in play here."),
            MistakeSpec("dev set overfitting", "dev set overfitting shows as a gap between dev "
                        "and test error, and no test error is given here."),
        ),
    ),
    QuestionSpec(
        "q09", "Which actions would help",
        ("tactics for avoidable bias and variance",),
        W1 + "11_improving_model_performance.ipynb", "letters", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("other problem 1", "one action you picked reduces the other problem (the "
                        "smaller gap), so it would not help much now."),
            MistakeSpec("other problem 2", "one action you picked reduces the other problem (the "
                        "smaller gap), so it would not help much now."),
            MistakeSpec("unrelated", "one action you picked changes how you measure, not how well "
                        "the model fits or generalises."),
            MistakeSpec("missing 1", "you left out an action that also reduces the problem your "
                        "diagnosis points to."),
            MistakeSpec("missing 2", "you left out an action that also reduces the problem your "
                        "diagnosis points to."),
            MistakeSpec("lowercase", _HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q10", "Reading five models at a glance",
        ("bias/variance reading of an error table",),
        W1 + "08_avoidable_bias.ipynb", "letters", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("swapped", "you picked the models whose avoidable bias is the larger "
                        "gap; the question asks for the ones where variance is larger."),
            MistakeSpec("every model", "every model has some variance (dev error above training "
                        "error); the question is whether it is the larger of the two gaps."),
            MistakeSpec("lowercase", _HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q11", "Closing in on the experts",
        ("surpassing human-level performance",),
        W1 + "10_surpassing_human_level.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite reading", "compare the training error with the best human "
                        "level: which of the two is lower?"),
            MistakeSpec("bayes is zero", "Bayes error is a property of the images (some are "
                        "ambiguous even to experts); it does not become 0 when a model gets good."),
            MistakeSpec("smaller network", "nothing in these numbers says the network is too "
                        "big; a model doing well on training data is not a reason to shrink it."),
        ),
    ),
    QuestionSpec(
        "q12", "After months of tuning",
        ("error ladder with a test set",),
        W1 + "11_improving_model_performance.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("bias fix", "compare all three gaps, including test minus dev: a bigger "
                        "network addresses the training-set gap."),
            MistakeSpec("variance fix", "compare all three gaps, including test minus dev: "
                        "regularisation addresses the gap between training and dev error."),
            MistakeSpec("change metric", "nothing here says the metric measures the wrong thing; "
                        "look at which gap is large."),
        ),
    ),
    QuestionSpec(
        "q13", "A metric that counts some mistakes more",
        ("changing the evaluation metric", "weighted error"),
        W1 + "06_change_dev_test_and_metrics.ipynb", "letter", tuple("ABC"),
        mistakes=(
            MistakeSpec("plain error", "that model has the lowest plain error, but the new metric "
                        "counts each missed large bird several times."),
            MistakeSpec("other", "compute each model's weighted error: (other mistakes + weight × "
                        "critical mistakes) / (other images + weight × critical images)."),
        ),
    ),
    QuestionSpec(
        "q14", "A new species arrives",
        ("changing the dev/test set",),
        W1 + "06_change_dev_test_and_metrics.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("training only", "if the dev and test sets stay as they are, they cannot "
                        "tell you whether the system gets better at what now matters."),
            MistakeSpec("ignore", "few images are enough to change the target: the council now "
                        "cares about this species."),
            MistakeSpec("wait", "there is no need to wait: set a target that reflects the new "
                        "need now, even if it is imperfect, and refine it later."),
        ),
    ),
    QuestionSpec(
        "q15", "Which knob to turn",
        ("orthogonalization",),
        W1 + "01_orthogonalization.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("other link 1", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
            MistakeSpec("other link 2", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
            MistakeSpec("other link 3", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
        ),
    ),
)

_BIRD_HINTS = {
    "q01": "which of the three numbers does the council want as good as possible, and which "
           "only need to stay under a limit?",
    "q02": "first drop every model that breaks a limit; then compare accuracy among the rest.",
    "q03": "compute dev_set_size(...) for the figures given; among the splits whose dev and "
           "test sets reach that size, prefer the one that leaves the most for training.",
    "q04": "dev and test sets should come from the same distribution, and reflect the data the "
           "alarm will meet.",
    "q05": "which sets must come from the same distribution, and which one may differ?",
    "q06": "Bayes error is the lowest error possible: which human level bounds it most "
           "tightly?",
    "q07": "avoidable bias = training error - the Bayes estimate, in percentage points.",
    "q08": "compute both gaps (training - Bayes estimate, dev - training) and name the larger.",
    "q09": "take the problem from question 8 and keep only the actions that act on it.",
    "q10": "for each model, compare training - Bayes estimate with dev - training.",
    "q11": "compare the training error with the best human level.",
    "q12": "compute all three gaps, including test - dev, and find the largest.",
    "q13": "weighted error = (other mistakes + weight x missed large birds) / (other images + "
           "weight x large-bird images).",
    "q14": "the council's goal has changed: should the target (dev/test set, metric) change "
           "with it?",
    "q15": "go down the chain - training, dev, test, real world - and find the first link "
           "above its target.",
}
BIRDS_QUESTIONS = tuple(replace(s, hint=_BIRD_HINTS[s.id]) for s in BIRDS_QUESTIONS)
_BIRD_SPECS = _spec_index(BIRDS_QUESTIONS)

_DISTRICTS = ("Harbour", "Old Town", "Riverside", "Hillcrest", "Market", "Northgate",
              "Parkside", "Eastfield")
_SPECIES = ("grey heron", "red kite", "sacred ibis", "white stork", "cattle egret")


def _b_q01(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q01"]
    ms, mb = fig["max_runtime_ms"], _num(fig["max_memory_mb"], 1)
    prompt = (
        f"The council's wishes, in its own words: *\"as accurate as possible; one image must be "
        f"processed in at most {ms} ms; the program must fit in {mb} MB of memory.\"* "
        "Your team will try dozens of ideas. How do you set up the evaluation?"
    )
    items = [
        _Item("optimize accuracy", f"Optimize accuracy, and treat \"at most {ms} ms\" and "
              f"\"at most {mb} MB\" as satisficing limits: among the models under both limits, "
              "the most accurate one wins.", True,
              "The wishes already say which number to push (accuracy) and which only need to be "
              "good enough (running time and memory, with their limits). That gives a single "
              "rule to rank any set of models in seconds."),
        _Item("case by case", "Track accuracy, running time and memory side by side, and decide "
              "for each pair of models which one is better overall.", False,
              "Three numbers with no rule to combine them turn every comparison into a debate "
              "and slow the team down."),
        _Item("optimize speed", f"Optimize running time: the fastest model that fits in {mb} MB "
              "wins, provided its accuracy is acceptable.", False,
              f"Once an image takes less than {ms} ms, the council gains nothing from more "
              "speed; what it wants as high as possible is accuracy."),
        _Item("better on all three", "Call a model better only if it is more accurate, faster "
              "and smaller than the other.", False,
              "Most pairs of models would then be impossible to rank, because each wins on "
              "something."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "optimize accuracy")
    roles = {"case by case": "case by case", "optimize speed": "optimize speed",
             "better on all three": "better on all three"}
    return _letter_question(spec, 1, prompt, options, answer, roles)


def _b_models(draw: _Draw, ms: int, mb: float) -> list[tuple[str, float, int, float]]:
    """Five candidate models with one role each; returns (role, accuracy, ms, MB) rows."""
    base = draw.grid(96.5, 98.5, 0.1)
    rows = [
        ("best", base, draw.integer(int(0.55 * ms), int(0.9 * ms)),
         draw.grid(round(0.5 * mb, 1), round(0.9 * mb, 1), 0.1)),
        ("most accurate overall", _r(base + draw.grid(0.5, 0.9, 0.1), 1),
         draw.integer(int(1.15 * ms) + 1, 2 * ms), draw.grid(round(0.45 * mb, 1),
                                                             round(0.9 * mb, 1), 0.1)),
        ("too big", _r(base + draw.grid(0.1, 0.4, 0.1), 1), draw.integer(int(0.5 * ms),
                                                                          int(0.9 * ms)),
         draw.grid(round(1.15 * mb, 1) + 0.1, round(2.0 * mb, 1), 0.1)),
        ("fastest", _r(base - draw.grid(0.5, 1.5, 0.1), 1),
         draw.integer(max(2, int(0.2 * ms)), int(0.45 * ms)),
         draw.grid(round(0.5 * mb, 1), round(0.9 * mb, 1), 0.1)),
        ("smallest", _r(base - draw.grid(0.3, 1.2, 0.1), 1), draw.integer(int(0.5 * ms),
                                                                           int(0.9 * ms)),
         draw.grid(round(0.2 * mb, 1), round(0.4 * mb, 1), 0.1)),
    ]
    return rows


def _b_q02(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q02"]
    ms, mb = fig["max_runtime_ms"], fig["max_memory_mb"]
    roles = draw.shuffled(_b_models(draw, ms, mb))
    table_rows = tuple((LETTERS[i], acc, t, m) for i, (_, acc, t, m) in enumerate(roles))
    by_role = {role: LETTERS[i] for i, (role, *_rest) in enumerate(roles)}

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in table_rows], index=[r[0] for r in table_rows],
                             columns=["accuracy", "runtime_ms", "memory_mb"])
        frame.index.name = "model"
        return frame

    limits = {"runtime_ms": ("<=", ms), "memory_mb": ("<=", mb)}
    answer = str(metrics.pick_best(table(), "accuracy", limits))
    if answer != by_role["best"]:
        raise RuntimeError("q02: pick_best disagrees with the constructed table")
    md = _md_table(["model", "accuracy (%)", "running time (ms)", "memory (MB)"],
                   [(n, _num(a, 1), t, _num(m, 1)) for n, a, t, m in table_rows])
    prompt = (
        f"After a few weeks, five candidate models are ready (`birds.data.models`):\n\n{md}\n\n"
        f"With the council's limits ({ms} ms per image, {_num(mb, 1)} MB of memory), which "
        "model do you pick? Answer with its letter."
    )
    qualifying = [r for r in table_rows if r[2] <= ms and r[3] <= mb]
    why = {
        "best": f"Model {answer} meets both limits, and among the models that do "
                f"({', '.join(r[0] for r in qualifying)}) it has the highest accuracy.",
    }
    items = []
    for name, acc, t, m in table_rows:
        role = next(r for r, n in by_role.items() if n == name)
        if role == "best":
            text = why["best"]
        elif t > ms:
            text = (f"its accuracy ({_num(acc, 1)} %) is the highest of all, but it needs {t} ms "
                    f"per image, above the {ms} ms limit, so it is out.")
        elif m > mb:
            text = (f"it needs {_num(m, 1)} MB, above the {_num(mb, 1)} MB limit, so it is out "
                    "however accurate it is.")
        elif role == "fastest":
            text = (f"it is the fastest ({t} ms), but speed below the limit earns nothing; its "
                    f"accuracy ({_num(acc, 1)} %) is lower than model {answer}'s.")
        else:
            text = (f"it uses the least memory ({_num(m, 1)} MB), but that earns nothing once "
                    f"under the limit; its accuracy ({_num(acc, 1)} %) is lower than model "
                    f"{answer}'s.")
        items.append(Option(name, f"model {name}", role, role == "best", text))
    options = tuple(items)
    wrong = {role: letter for role, letter in by_role.items() if role != "best"}
    _check_roles(spec, wrong)
    question = Question(spec, 2, prompt, (), answer, _explain_letter(options),
                        MappingProxyType(wrong))
    return question, table_rows


_SPLIT_SHARES = (0.1, 0.2, 0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0)


def _b_q03(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q03"]
    n = fig["n_images"]

    def pick() -> tuple[float, float, int, float, float]:
        p = draw.pick((0.01, 0.015, 0.02, 0.025, 0.03))
        m = draw.pick((0.001, 0.0015, 0.002))
        needed = sizing.dev_set_size(p, m)
        ok = [s for s in _SPLIT_SHARES if s * n / 100 >= 1.25 * needed]
        small = [s for s in _SPLIT_SHARES if s * n / 100 <= needed / 1.5]
        return p, m, needed, (min(ok) if ok else -1.0), (max(small) if small else -1.0)

    p, m, needed, share, tiny = _until(pick, lambda v: v[3] > 0 and v[4] > 0,
                                        "a sizing problem")
    fig["sizing_error"], fig["sizing_margin"] = p, m

    def split(train_pct: float, dev_pct: float, test_pct: float) -> tuple[int, int, int]:
        dev, test = round(n * dev_pct / 100), round(n * test_pct / 100)
        return n - dev - test, dev, test

    def label(s: float) -> str:
        return f"{_num(100 - 2 * s)} % / {_num(s)} % / {_num(s)} %"

    plans = {
        "right size": (label(share), split(100 - 2 * share, share, share)),
        "too small": (label(tiny), split(100 - 2 * tiny, tiny, tiny)),
        "classic split": ("60 % / 20 % / 20 %", split(60, 20, 20)),
        "no dev set": ("70 % / 0 % / 30 % (no dev set: tune on the test set)", split(70, 0, 30)),
    }
    order = draw.shuffled(list(plans))
    splits = {LETTERS[i]: plans[tag][1] for i, tag in enumerate(order)}
    # The answer, computed: the most training data among the splits whose dev and test
    # sets are both at least the size dev_set_size asks for.
    big_enough = [k for k, (_, dev, test) in splits.items() if dev >= needed and test >= needed]
    answer = max(big_enough, key=lambda k: splits[k][0])
    fig["splits"] = MappingProxyType(splits)
    whys = {
        "right size": f"Its dev and test sets ({_count(plans['right size'][1][1])} images each) "
                      f"are both above the {_count(needed)} images needed, and every other "
                      "image goes to training, where a deep network needs them most.",
        "too small": f"Its dev set has {_count(plans['too small'][1][1])} images, fewer than the "
                     f"{_count(needed)} needed: differences of {_num(100 * m, 2)} points would "
                     "drown in noise.",
        "classic split": f"It keeps {_count(plans['classic split'][1][1])} images for dev and as "
                         "many for test — far more than needed — and takes them from training.",
        "no dev set": "With no dev set, the team would tune on the test set; the final test "
                      "error would then be optimistic.",
    }
    items = [_Item(tag, f"{plans[tag][0]} → {_count(splits[LETTERS[i]][0])} / "
                   f"{_count(splits[LETTERS[i]][1])} / {_count(splits[LETTERS[i]][2])} images",
                   tag == "right size", whys[tag]) for i, tag in enumerate(order)]
    options = _options(draw, items, shuffle=False)
    lead = (f"`dev_set_size({_num(p, 3)}, {_num(m, 4)})` = {_count(needed)} images. The rule for "
            "big data: dev and test sets just big enough for their purpose, the rest for "
            "training.")
    prompt = (
        f"Time to split the {_count(n)} images into training / dev / test sets. To compare "
        f"ideas, the dev set must be able to tell apart two models with error rates of "
        f"{_num(100 * p, 1)} % and {_num(100 * (p + m), 2)} % (a difference of "
        f"{_num(100 * m, 2)} points), with the usual 95 % confidence and 80 % power: "
        f"`course_lib.sizing.dev_set_size({_num(p, 3)}, {_num(m, 4)})` gives the number of dev "
        "images this needs, and the test set should be as large. Which split do you choose? "
        "(The counts are also in `birds.data.splits`: letter → (train, dev, test).)"
    )
    roles = {"classic split": "classic split", "too small": "too small",
             "no dev set": "no dev set"}
    return _letter_question(spec, 3, prompt, options, answer, roles, lead)


def _b_q04(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q04"]
    names = sorted(draw.sample(_DISTRICTS, draw.integer(4, 6)), key=_DISTRICTS.index)
    weights = draw.gen.dirichlet(np.full(len(names), 3.0))
    counts = np.floor(weights * fig["n_images"] / 1000).astype(int) * 1000
    counts[-1] += fig["n_images"] - int(counts.sum())
    districts = dict(zip(names, (int(c) for c in counts), strict=True))
    fig["districts"] = MappingProxyType(districts)
    largest = max(districts, key=districts.__getitem__)
    first, second = draw.sample([d for d in names if d != largest], 2)
    md = _md_table(["district", "images"], [(d, _count(c)) for d, c in districts.items()])
    prompt = (
        f"The images come from cameras in {len(names)} districts, and the alarm will run in "
        f"all of them:\n\n{md}\n\nHow do you build the dev and test sets?"
    )
    items = [
        _Item("shuffle", f"Shuffle the images of all {len(names)} districts together, then draw "
              "the dev set and the test set at random from that mix.", True,
              "Dev and test sets then come from the same distribution, and that distribution "
              "is the one the alarm will face: images from every district."),
        _Item("by district", f"Dev set: the images of {first} and {second}; test set: the "
              "images of the other districts.", False,
              "The dev and test sets would come from different districts, so the team would "
              "tune for one target and be graded on another."),
        _Item("largest district", f"Dev and test sets from {largest} only, the district with "
              "the most images, since its numbers are the most reliable.", False,
              "The alarm runs in every district; dev and test sets drawn from one district do "
              "not measure how it will do elsewhere."),
        _Item("training as test", "Skip a separate test set and report the training error: it "
              "is measured on by far the most images.", False,
              "The training error is measured on images the model has learnt from; it says "
              "little about new images."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "shuffle")
    roles = {"by district": "by district", "largest district": "largest district",
             "training as test": "training as test"}
    return _letter_question(spec, 4, prompt, options, answer, roles)


def _b_q05(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q05"]
    k = draw.integer(500_000, 2_000_000, 100_000)
    fig["resident_images"] = k
    prompt = (
        f"The council has received {_count(k)} bird pictures taken by residents with their "
        "phones: close-ups, other angles, other light — quite unlike the security cameras. "
        "A teammate suggests adding them to the test set. What do you say?"
    )
    items = [
        _Item("not test", "Keep them out of the test set: it would no longer come from the same "
              "distribution as the dev set. Adding them to the training set is fine.", True,
              "The dev and test sets must come from the same distribution — the cameras' "
              "images, which the alarm will process. Training on somewhat different images is "
              "acceptable and can even help."),
        _Item("more test data", "Add them: a bigger test set always gives a more precise "
              "estimate of the error.", False,
              "A bigger test set is more precise only about the distribution it comes from; "
              "these photos would pull the test set away from the dev set and the cameras."),
        _Item("dev only", "Add them to the dev set only, since the dev set is what the team "
              "tunes on.", False,
              "The dev set would then differ from the test set, and neither would reflect the "
              "cameras' images any more."),
        _Item("discard", "Throw them away: a network must never be trained on images that "
              "differ from the cameras'.", False,
              "Training on images from a somewhat different distribution is common and often "
              "helps; only the dev and test sets must match the target."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "not test")
    roles = {"more test data": "more test data", "dev only": "dev only", "discard": "discard"}
    return _letter_question(spec, 5, prompt, options, answer, roles)


_HUMANS = ("a resident of Peacetopia", "a security guard who watches the feeds",
           "an ornithologist", "a panel of ornithologists deciding together")


def _b_q06(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q06"]

    def pick() -> dict[str, float]:
        return {_HUMANS[0]: draw.grid(1.5, 3.0, 0.1), _HUMANS[1]: draw.grid(0.8, 1.4, 0.1),
                _HUMANS[2]: draw.grid(0.4, 0.7, 0.05), _HUMANS[3]: draw.grid(0.1, 0.3, 0.05)}

    def ok(h: dict[str, float]) -> bool:
        mean = sum(h.values()) / 4
        return _separated([*h.values(), mean, h[_HUMANS[3]] / 100], 0.05)

    humans = _until(pick, ok, "human error levels")
    order = draw.shuffled(list(humans))
    shown = {name: humans[name] for name in order}
    fig["human_errors"] = MappingProxyType(shown)
    answer = strategy.bayes_proxy(shown, unit="percent")
    best = min(shown, key=shown.__getitem__)
    mean = sum(shown.values()) / len(shown)
    fig["bayes_estimate"] = answer
    md = _md_table(["who labels the image", "error (%)"],
                   [(name, _num(v)) for name, v in shown.items()])
    prompt = (
        "To know how good the alarm could become, you measure how well people label a sample "
        f"of camera images (`birds.data.human_errors`, in percent):\n\n{md}\n\n"
        "What is your best estimate of Bayes error, in percent?"
    )
    wrong = {"typical person": humans[_HUMANS[0]], "single expert": humans[_HUMANS[2]],
             "average": _r(mean, 6), "fraction": _r(answer / 100, 6)}
    _check_roles(spec, wrong)
    explanation = (
        f"**{_num(answer)} %**, the error of {best}. Nobody can beat Bayes error, so the lowest "
        "error any person or group reaches is the tightest upper bound we know for it: "
        f"`bayes_proxy(human_errors, unit=\"percent\")` = {_num(answer)}.\n"
        f"- {_num(humans[_HUMANS[0]])} (a typical resident) or {_num(humans[_HUMANS[2]])} (one "
        "ornithologist) are human levels too, but higher ones: using them would make the "
        "avoidable bias look smaller than it may be.\n"
        f"- The average ({_num(mean, 3)}) mixes good and poor labellers; Bayes error is "
        "bounded by the best of them.\n"
        "- (For a different purpose, such as deciding whether the alarm is good enough to "
        "deploy, a typical person's level may be the right benchmark.)"
    )
    return Question(spec, 6, prompt, (), answer, explanation, MappingProxyType(wrong))


def _b_q07_q08(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, Question]:
    s7, s8 = _BIRD_SPECS["q07"], _BIRD_SPECS["q08"]
    t = fig["bayes_estimate"]
    humans = fig["human_errors"]
    typical, expert = humans[_HUMANS[0]], humans[_HUMANS[2]]
    case = draw.pick((_BIAS, _VAR))

    def pick() -> tuple[float, float]:
        if case == _BIAS:
            bias = draw.grid(0.8, 2.0, 0.1)
            var = draw.grid(0.1, round(0.3 * bias, 1), 0.1)
        else:
            bias = draw.grid(0.1, 0.4, 0.1)
            var = draw.grid(max(1.0, round(bias / 0.3 + 0.05, 1)), 3.0, 0.1)
        train = _r(t + bias)
        return train, _r(train + var)

    def ok(v: tuple[float, float]) -> bool:
        train, dev = v
        d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
        gaps = sorted([d.avoidable_bias, d.variance])
        wrong = [train - typical, train - expert, dev - t, dev - train, d.avoidable_bias / 100]
        return (d.focus == (case,) and gaps[0] <= 0.35 * gaps[1]
                and _separated([d.avoidable_bias, *wrong], 0.05))

    train, dev = _until(pick, ok, "a first model's errors")
    fig["train_error"], fig["dev_error"] = train, dev
    d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
    bias = d.avoidable_bias
    prompt7 = (
        f"Your first model has a training error of {_num(train)} % and a dev error of "
        f"{_num(dev)} % (`birds.data.train_error`, `birds.data.dev_error`). Using your estimate "
        "of Bayes error from question 6, how large is the avoidable bias, in percentage points?"
    )
    wrong7 = {"typical person": _r(train - typical, 6), "single expert": _r(train - expert, 6),
              "dev instead of training": _r(dev - t, 6), "variance": _r(dev - train, 6),
              "fraction": _r(bias / 100, 6)}
    _check_roles(s7, wrong7)
    expl7 = (
        f"**{_pts(bias)}**: training error minus the Bayes estimate, {_num(train)} − "
        f"{_num(t)}. It is the part of the training error that a better fit could still remove.\n"
        f"- {_num(dev)} − {_num(t)} = {_num(dev - t)} mixes in the variance; avoidable bias "
        "looks at the training set only.\n"
        f"- {_num(dev)} − {_num(train)} = {_num(dev - train)} is the variance, the other gap.\n"
        f"- Measuring from a typical resident ({_num(typical)} %) or a single ornithologist "
        f"({_num(expert)} %) instead of the best human level understates what is avoidable."
    )
    q7 = Question(s7, 7, prompt7, (), bias, expl7, MappingProxyType(wrong7))
    other = _VAR if case == _BIAS else _BIAS
    prompt8 = (
        "With the same numbers (Bayes estimate, training error, dev error), which problem "
        "should the team work on first?"
    )
    wrong8 = {"the smaller gap": other, "data mismatch": _MISMATCH,
              "dev set overfitting": _OVERFIT}
    _check_roles(s8, wrong8)
    expl8 = (
        f"**{case}**. Avoidable bias = {_num(train)} − {_num(t)} = {_pts(d.avoidable_bias)}"
        f"; variance = {_num(dev)} − {_num(train)} = {_pts(d.variance)}. The "
        f"larger gap is {case}, so that is where the biggest gain is "
        f"(`diagnose(human={_num(t)}, train={_num(train)}, dev={_num(dev)}, "
        "unit=\"percent\").focus`).\n"
        f"- {other}: the smaller gap; reducing it to zero would gain less.\n"
        "- data mismatch and dev set overfitting cannot even be measured here: there is no "
        "training-dev set and no test error."
    )
    q8 = Question(s8, 8, prompt8, (), case, expl8, MappingProxyType(wrong8))
    fig["first_focus"] = case
    return q7, q8


_ACTIONS = {
    _BIAS: (("bigger", "Train a bigger network (more layers or more hidden units)."),
            ("longer", "Train longer, or switch to a better optimiser such as Adam.")),
    _VAR: (("more data", "Get more training data (label more camera images)."),
           ("regularise", "Add regularisation, such as L2 weight decay or dropout.")),
}
_UNRELATED = (("bigger dev", "Get a bigger dev set.",
               "a bigger dev set makes measurements more precise; it does not change the "
               "model's bias or variance."),
              ("f1", "Switch the metric from accuracy to the F1 score.",
               "changing the metric changes what you measure, not how well the model fits or "
               "generalises."))


def _b_q09(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q09"]
    train, dev, t = fig["train_error"], fig["dev_error"], fig["bayes_estimate"]
    focus = strategy.diagnose(human=t, train=train, dev=dev, unit="percent").focus[0]
    other = _VAR if focus == _BIAS else _BIAS
    unrelated = draw.pick(_UNRELATED)
    what = {_BIAS: "helps the model fit the training set better, which reduces avoidable bias",
            _VAR: "helps the model carry what it learnt over to new images, which reduces "
                  "variance"}
    items = [_Item(tag, text, problem == focus,
                   f"it {what[problem]}" + ("." if problem == focus else
                                            f" — but {focus} is the larger gap now."))
             for problem in (_BIAS, _VAR) for tag, text in _ACTIONS[problem]]
    items.append(_Item(unrelated[0], unrelated[1], False, unrelated[2]))
    options = _options(draw, items)
    answer = frozenset(o.letter for o in options if o.tag in dict(_ACTIONS[focus]))
    mine, theirs = [tag for tag, _ in _ACTIONS[focus]], [tag for tag, _ in _ACTIONS[other]]
    wrong = _set_roles(options, answer,
                       add={"other problem 1": theirs[0], "other problem 2": theirs[1],
                            "unrelated": unrelated[0]},
                       drop={"missing 1": mine[0], "missing 2": mine[1]})
    prompt = (
        "Given what you found in question 8, which of these actions are likely to help now? "
        "Answer with the set of letters of every action that addresses the problem to work on "
        "first."
    )
    lead = f"Question 8 found that {focus} is the larger gap."
    return _letters_question(spec, 9, prompt, options, answer, wrong, lead)


def _b_q10(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q10"]
    t = fig["bayes_estimate"]

    def row(case: str) -> tuple[float, float]:
        if case == _BIAS:
            bias = draw.grid(0.6, 2.5, 0.1)
            var = draw.grid(0.1, round(0.3 * bias, 1), 0.1)
        else:
            bias = draw.grid(0.1, 0.6, 0.1)
            var = draw.grid(max(0.5, round(bias / 0.3 + 0.05, 1)), 3.0, 0.1)
        train = _r(t + bias)
        return train, _r(train + var)

    def pick() -> tuple[tuple[str, float, float], ...]:
        n_var = draw.integer(1, 4)
        cases = draw.shuffled([_VAR] * n_var + [_BIAS] * (5 - n_var))
        return tuple((case, *row(case)) for case in cases)

    def ok(rows: tuple[tuple[str, float, float], ...]) -> bool:
        seen = set()
        for case, train, dev in rows:
            d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
            gaps = sorted([d.avoidable_bias, d.variance])
            if d.focus != (case,) or gaps[0] > 0.35 * gaps[1] or (train, dev) in seen:
                return False
            seen.add((train, dev))
        return True

    rows = _until(pick, ok, "five models' errors")
    table_rows = tuple((LETTERS[i], train, dev) for i, (_, train, dev) in enumerate(rows))

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in table_rows], index=[r[0] for r in table_rows],
                             columns=["train_error", "dev_error"])
        frame.index.name = "model"
        return frame

    answer = frozenset(
        name for name, train, dev in table_rows
        if strategy.diagnose(human=t, train=train, dev=dev, unit="percent").focus[0] == _VAR
    )
    md = _md_table(["model", "training error (%)", "dev error (%)"],
                   [(n, _num(a), _num(b)) for n, a, b in table_rows])
    prompt = (
        "Over the months the team trained five quite different models (`birds.data.snapshots`, "
        f"errors in percent). Your Bayes estimate is still {_num(t)} %.\n\n{md}\n\n"
        "For which models is **variance** the larger problem (larger than avoidable bias)? "
        "Answer with a set of letters."
    )
    letters = frozenset(LETTERS[:5])
    wrong = {"swapped": letters - answer, "every model": letters}
    items = []
    for name, train, dev in table_rows:
        b, v = _r(train - t), _r(dev - train)
        is_var = name in answer
        verdict = "variance is larger" if is_var else "avoidable bias is larger"
        items.append(Option(name, f"model {name}", _VAR if is_var else _BIAS, is_var,
                            f"avoidable bias {_num(train)} − {_num(t)} = {_num(b)}, variance "
                            f"{_num(dev)} − {_num(train)} = {_num(v)}: {verdict}."))
    question = _letters_question(spec, 10, prompt, tuple(items), answer, wrong)
    return question, table_rows


def _b_q11(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q11"]
    t = fig["bayes_estimate"]
    panel = _HUMANS[3]
    surpassed = draw.chance()

    def pick() -> tuple[float, float]:
        if surpassed:
            train = _r(t * draw.grid(0.4, 0.7, 0.05))
        else:
            train = _r(t + draw.grid(0.3, 0.8, 0.05))
        return train, _r(train + draw.grid(0.05, 0.2, 0.05))

    def ok(v: tuple[float, float]) -> bool:
        return v[0] > 0 and abs(v[0] - t) >= 0.04

    train, dev = _until(pick, ok, "a late model's errors")
    fig["late_train_error"], fig["late_dev_error"] = train, dev
    beaten = strategy.surpassed_human(train=train, human=t, unit="percent")
    prompt = (
        f"Many months later, the best model has a training error of {_num(train)} % and a dev "
        f"error of {_num(dev)} %; {panel} still reaches {_num(t)} % "
        "(`birds.data.late_train_error`, `birds.data.late_dev_error`). Which statement is right?"
    )
    items = [
        _Item("surpassed", "The model now makes fewer training mistakes than the best human "
              "level; human-level error no longer tells you how much avoidable bias is left, "
              "and further progress is likely to be slower.", beaten,
              f"Training error {_num(train)} % is below the panel's {_num(t)} %: the human "
              "level has been passed, so it is no longer a useful upper bound for Bayes error, "
              "and tools that rely on people doing better than the model help less."
              if beaten else
              f"Training error {_num(train)} % is still above the panel's {_num(t)} %: the "
              "human level has not been passed yet."),
        _Item("not yet", "The model is not yet as good as the best human level; the gap between "
              "its training error and the panel's error is avoidable bias that is still worth "
              "reducing.", not beaten,
              f"Training error {_num(train)} % is above the panel's {_num(t)} %: there are "
              f"{_pts(train - t)} of avoidable bias left, and people can still help "
              "(labels, error analysis)." if not beaten else
              f"Training error {_num(train)} % is already below the panel's {_num(t)} %."),
        _Item("bayes is zero", "Bayes error must be 0 % here, so keep going until the training "
              "error is 0 %.", False,
              "Bayes error depends on the images (some are ambiguous even to experts); a "
              "good model does not make it 0."),
        _Item("smaller network", "The model has learnt the training set too well; make the "
              "network smaller.", False,
              "A low training error is not a reason to shrink a network; variance is read from "
              "the gap between dev and training error, which is small here."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "surpassed" if beaten else "not yet")
    roles = {"opposite reading": "not yet" if beaten else "surpassed",
             "bayes is zero": "bayes is zero", "smaller network": "smaller network"}
    return _letter_question(spec, 11, prompt, options, answer, roles)


_FIXES = {
    _OVERFIT: ("bigger dev", "Get a bigger dev set (with fresh images from the cameras)."),
    _BIAS: ("bigger net", "Train a bigger network for longer."),
    _VAR: ("regularise", "Add regularisation, such as dropout or L2 weight decay."),
    "none": ("metric", "Change the evaluation metric: the test set must be measuring the "
             "wrong thing."),
}


def _b_q12(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q12"]
    t = fig["bayes_estimate"]

    def pick() -> tuple[float, float, float]:
        gap = draw.grid(1.0, 2.5, 0.1)
        train = _r(t + draw.grid(0.1, round(0.3 * gap, 1), 0.1))
        dev = _r(train + draw.grid(0.1, round(0.3 * gap, 1), 0.1))
        return train, dev, _r(dev + gap)

    def ok(v: tuple[float, float, float]) -> bool:
        d = strategy.diagnose(human=t, train=v[0], dev=v[1], test=v[2], unit="percent")
        others = max(d.avoidable_bias, d.variance)
        return d.focus == (_OVERFIT,) and others <= 0.35 * d.dev_overfitting

    train, dev, test = _until(pick, ok, "a tuned model's errors")
    fig["tuned_errors"] = MappingProxyType({"human": t, "train": train, "dev": dev,
                                            "test": test})
    d = strategy.diagnose(human=t, train=train, dev=dev, test=test, unit="percent")
    problem = d.focus[0]
    md = _md_table(["", "error (%)"], [("Bayes estimate", _num(t)), ("training", _num(train)),
                                       ("dev", _num(dev)), ("test", _num(test))])
    prompt = (
        "The team has spent months trying ideas and keeping whatever lowered the dev error. "
        f"Before reporting to the council you measure the test error once:\n\n{md}\n\n"
        "(`birds.data.tuned_errors`). What should the team do next?"
    )
    whys = {
        _OVERFIT: f"Test − dev = {_pts(d.dev_overfitting)} is by far the largest gap: "
                  "after so many choices made on the same dev set, the model has been tuned "
                  "to that dev set. A bigger (refreshed) dev set fixes that.",
        _BIAS: f"Avoidable bias is only {_pts(d.avoidable_bias)}; a bigger network "
               "targets a gap that is small here.",
        _VAR: f"Variance (dev − training) is only {_pts(d.variance)}; regularisation "
              "targets a gap that is small here.",
        "none": "The metric is not the issue: the test set measures the same thing as the dev "
                "set; the model simply does worse on images the team never tuned on.",
    }
    items = [_Item(tag, text, key == problem, whys[key]) for key, (tag, text) in _FIXES.items()]
    options = _options(draw, items)
    answer = _letter_by_tag(options, _FIXES[problem][0])
    roles = {"bias fix": "bigger net", "variance fix": "regularise", "change metric": "metric"}
    return _letter_question(spec, 12, prompt, options, answer, roles)


def _weighted(n_other: int, n_crit: int, e_other: int, e_crit: int, weight: int) -> float:
    """Weighted error of a model, computed with :func:`course_lib.metrics.weighted_error`."""
    y_true = np.zeros(n_other + n_crit, dtype=int)
    y_pred = y_true.copy()
    y_pred[:e_other] = 1
    y_pred[n_other:n_other + e_crit] = 1
    weights = np.ones(n_other + n_crit)
    weights[n_other:] = weight
    return metrics.weighted_error(y_true, y_pred, weights)


def _b_q13(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q13"]

    def pick() -> tuple[int, int, int, list[tuple[int, int]]]:
        n = draw.pick((10_000, 20_000, 25_000, 40_000))
        n_crit = int(n * draw.grid(0.02, 0.06, 0.005))
        weight = draw.pick((5, 10, 20))
        models = []
        for _ in range(3):
            total = int(n * draw.grid(0.012, 0.03, 0.001))
            crit = int(n_crit * draw.grid(0.02, 0.35, 0.01))
            models.append((total - crit, crit))
        return n, n_crit, weight, models

    def ok(v: tuple[int, int, int, list[tuple[int, int]]]) -> bool:
        n, n_crit, weight, models = v
        plain = [(o + c) / n for o, c in models]
        weighted = [_weighted(n - n_crit, n_crit, o, c, weight) for o, c in models]
        p_sorted, w_sorted = sorted(plain), sorted(weighted)
        return (int(np.argmin(plain)) != int(np.argmin(weighted))
                and p_sorted[1] - p_sorted[0] >= 0.001
                and w_sorted[1] >= 1.1 * w_sorted[0]
                and all(o > 0 for o, _ in models))

    n, n_crit, weight, models = _until(pick, ok, "three models for a weighted metric")
    n_other = n - n_crit
    rows = tuple((LETTERS[i], o, c) for i, (o, c) in enumerate(models))
    fig["weighted"] = MappingProxyType({"n_other": n_other, "n_critical": n_crit,
                                        "weight": weight})

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows],
                             columns=["other_mistakes", "critical_mistakes"])
        frame.index.name = "model"
        return frame

    plain = {name: (o + c) / n for name, o, c in rows}
    weighted = {name: _weighted(n_other, n_crit, o, c, weight) for name, o, c in rows}
    answer = min(weighted, key=weighted.__getitem__)
    plain_best = min(plain, key=plain.__getitem__)
    third = next(name for name, *_ in rows if name not in (answer, plain_best))
    md = _md_table(["model", "mistakes on other images", "missed large birds", "plain error"],
                   [(name, _count(o), _count(c), f"{100 * plain[name]:.2f} %")
                    for name, o, c in rows])
    prompt = (
        f"The airport complains: a missed large bird near the runway is far worse than any "
        f"other mistake. The council asks you to count each such miss as **{weight}** "
        f"mistakes. Your dev set has {_count(n)} images, of which {_count(n_crit)} show large "
        f"birds near the airport. Three models (`birds.data.weighted_models`; the weight and "
        f"counts are in `birds.data.weighted`):\n\n{md}\n\n"
        "Which model is best under the new, weighted error, where each image's mistake counts "
        "with its weight and the total is divided by the sum of the weights?"
    )

    def line(name: str) -> str:
        o, c = next((o, c) for nm, o, c in rows if nm == name)
        return (f"({_count(o)} + {weight}×{_count(c)}) / ({_count(n_other)} + "
                f"{weight}×{_count(n_crit)}) = {100 * weighted[name]:.2f} %")

    whys = {
        answer: f"Its weighted error is the lowest: {line(answer)}.",
        plain_best: f"It has the lowest plain error ({100 * plain[plain_best]:.2f} %), but it "
                    f"misses many large birds: {line(plain_best)}.",
        third: f"Its weighted error is higher: {line(third)}.",
    }
    options = tuple(Option(name, f"model {name}", name, name == answer, whys[name])
                    for name, *_ in rows)
    wrong = {"plain error": plain_best, "other": third}
    _check_roles(spec, wrong)
    lead = ("When the metric no longer ranks models the way the users would, change the "
            "metric — here by weighting the mistakes that matter most.")
    question = Question(spec, 13, prompt, (), answer, _explain_letter(options, lead),
                        MappingProxyType(wrong))
    return question, rows


def _b_q14(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q14"]
    species = draw.pick(_SPECIES)
    k = draw.integer(500, 3000, 100)
    pct = 100 * k / fig["n_images"]
    fig["new_species"], fig["new_species_images"] = species, k
    prompt = (
        f"A new species — the {species} — has started to cross Peacetopia, and the alarm "
        f"misses most of them. The council wants them detected too. You have {_count(k)} "
        f"labelled images of it, next to {_count(fig['n_images'])} images of the other "
        "birds. What do you do?"
    )
    items = [
        _Item("new target", "Put these images into the dev and test sets (changing the metric "
              "too if needed) so that they measure what the council now wants, and use the "
              "rest for training; then let the new target drive the next steps.", True,
              "The goal has changed, so the target must change: a dev/test set without the "
              "new species cannot tell whether the alarm gets better at what now matters."),
        _Item("training only", f"Add all {_count(k)} images to the training set and keep the "
              "dev and test sets as they are.", False,
              "Training on them is fine, but the old dev and test sets contain no "
              f"{species}: they cannot show whether the alarm now detects it."),
        _Item("ignore", f"Do nothing: {_count(k)} images are only {_num(pct, 3)} % of the data "
              "and cannot change anything.", False,
              "What matters is what the council needs, not the share of the data: a handful "
              "of images is enough to build a target that includes the new species."),
        _Item("wait", "Wait until there are as many images of the new species as of the "
              "others before changing the dev set or the metric.", False,
              "There is no need to wait for a perfect dev set: set up a target that reflects "
              "the new need now, and refine it later."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "new target")
    roles = {"training only": "training only", "ignore": "ignore", "wait": "wait"}
    return _letter_question(spec, 14, prompt, options, answer, roles)


_KNOB_TEXT = {
    "train": "Train a bigger network, or use a better optimiser.",
    "dev": "Add regularisation, or get a bigger training set.",
    "test": "Get a bigger dev set.",
    "real world": "Change the dev set or the cost function (the metric).",
}


def _b_q15(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _BIRD_SPECS["q15"]
    steps = orthogonalization.STEPS

    def pick() -> tuple[dict[str, float], dict[str, float], str]:
        failing = draw.pick(steps)
        targets = {"train": draw.grid(0.3, 0.6, 0.1), "dev": draw.grid(0.7, 1.0, 0.1),
                   "test": draw.grid(0.8, 1.2, 0.1), "real world": draw.grid(1.5, 2.5, 0.1)}
        results: dict[str, float] = {}
        broken = False
        for step in steps:
            if step == failing:
                broken = True
                results[step] = _r(targets[step] * draw.grid(1.5, 2.5, 0.1), 1)
            elif broken:
                results[step] = _r(targets[step] * draw.grid(1.3, 2.5, 0.1), 1)
            else:
                results[step] = _r(targets[step] * draw.grid(0.5, 0.8, 0.05), 1)
        return results, targets, failing

    def ok(v: tuple[dict[str, float], dict[str, float], str]) -> bool:
        results, targets, failing = v
        values = list(results.values())
        if any(b < a for a, b in zip(values, values[1:], strict=False)) or min(values) <= 0:
            return False
        fractions = {k: x / 100 for k, x in results.items()}
        limits = {k: x / 100 for k, x in targets.items()}
        found = orthogonalization.first_failing_step(fractions, limits)
        before = steps[:steps.index(failing)]
        return (found == failing and results[failing] >= 1.3 * targets[failing]
                and all(results[s] <= 0.85 * targets[s] for s in before))

    results, targets, _ = _until(pick, ok, "a project dashboard")
    fig["dashboard"] = MappingProxyType({"results": MappingProxyType(results),
                                         "targets": MappingProxyType(targets)})
    failing = orthogonalization.first_failing_step({k: v / 100 for k, v in results.items()},
                                                   {k: v / 100 for k, v in targets.items()})
    names = {"train": "training set", "dev": "dev set", "test": "test set",
             "real world": "real world (share of alarms the council rejects)"}
    md = _md_table(["link", "error (%)", "target (%)"],
                   [(names[s], _num(results[s], 1), _num(targets[s], 1)) for s in steps])
    prompt = (
        "The council's dashboard after the last release (`birds.data.dashboard`, in "
        f"percent):\n\n{md}\n\nWhich knob should the team turn first?"
    )
    whys = {}
    for step in steps:
        if step == failing:
            later = ("; the links after it cannot be judged until it holds"
                     if step != steps[-1] else "")
            whys[step] = (f"The {names[step].split(' (')[0]} is the first link that misses its "
                          f"target ({_num(results[step], 1)} % > {_num(targets[step], 1)} %), "
                          f"and this knob acts on that link alone{later}.")
        elif steps.index(step) < steps.index(failing):
            whys[step] = (f"The {names[step].split(' (')[0]} meets its target "
                          f"({_num(results[step], 1)} % ≤ {_num(targets[step], 1)} %); this "
                          "knob acts on that link.")
        elif results[step] > targets[step]:
            whys[step] = (f"The {names[step].split(' (')[0]} misses its target too, but it "
                          "comes after the first broken link; fix the earlier one first.")
        else:
            whys[step] = (f"The {names[step].split(' (')[0]} comes after the first broken "
                          "link; fix the earlier one first.")
    items = [_Item(step, _KNOB_TEXT[step], step == failing, whys[step]) for step in steps]
    options = _options(draw, items)
    answer = _letter_by_tag(options, failing)
    others = [s for s in steps if s != failing]
    roles = {f"other link {i + 1}": s for i, s in enumerate(others)}
    return _letter_question(spec, 15, prompt, options, answer, roles)


@lru_cache(maxsize=256)
def _birds(normalized: str) -> Scenario:
    seed = learner_seed(normalized, "birds")
    draw = _Draw(seed)
    fig: dict[str, Any] = {
        "n_images": draw.integer(5_000_000, 20_000_000, 500_000),
        "max_runtime_ms": draw.pick((50, 80, 100, 120, 150, 200)),
        "max_memory_mb": float(draw.pick((5, 8, 10, 12, 16, 20))),
    }
    q01 = _b_q01(draw, fig)
    q02, model_rows = _b_q02(draw, fig)
    questions = [q01, q02, _b_q03(draw, fig), _b_q04(draw, fig), _b_q05(draw, fig),
                 _b_q06(draw, fig)]
    questions += list(_b_q07_q08(draw, fig))
    questions.append(_b_q09(draw, fig))
    q10, snapshot_rows = _b_q10(draw, fig)
    questions += [q10, _b_q11(draw, fig), _b_q12(draw, fig)]
    q13, weighted_rows = _b_q13(draw, fig)
    questions += [q13, _b_q14(draw, fig), _b_q15(draw, fig)]

    def frame(rows: tuple[Any, ...], columns: list[str]) -> Callable[[], Any]:
        def build() -> Any:
            import pandas as pd

            out = pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows],
                               columns=columns)
            out.index.name = "model"
            return out
        return build

    tables = {
        "models": frame(model_rows, ["accuracy", "runtime_ms", "memory_mb"]),
        "snapshots": frame(snapshot_rows, ["train_error", "dev_error"]),
        "weighted_models": frame(weighted_rows, ["other_mistakes", "critical_mistakes"]),
    }
    story = (
        "## The brief: birds over Peacetopia\n\n"
        "Peacetopia was a quiet city until flocks of birds started crossing it. The city council "
        "wants an alarm: a program that looks at each image from the city's security cameras "
        "and says whether a bird is in it (y = 1) or not (y = 0). Over the years the cameras "
        f"have produced **{_count(fig['n_images'])} images**, each labelled by the council's "
        "staff.\n\n"
        "The council's requirements:\n\n"
        "- the alarm should be as accurate as possible;\n"
        f"- it must process one image in at most **{fig['max_runtime_ms']} ms**, since the "
        "cameras send images all the time;\n"
        f"- it must fit in **{_num(fig['max_memory_mb'], 1)} MB** of memory, because it runs on "
        "the cameras' small computers.\n\n"
        "You lead the machine learning team. The questions follow about a year of the project; "
        "each one asks for a decision. The figures are in `birds.data` "
        "(e.g. `birds.data.n_images`)."
    )
    return Scenario("birds", "Bird recognition in the city of Peacetopia", normalized, seed,
                    "w1_12_", story, Figures(fig, tables), tuple(questions))


def birds_scenario(learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """The week-1 flight simulator for one learner: birds over Peacetopia.

    A city council wants an alarm that detects birds in security-camera images, with
    millions of labelled images and limits on running time and memory. Fifteen
    questions walk through a year of decisions: the metric, satisficing limits,
    splitting big data, dev/test distributions, human level and Bayes error, reading
    bias and variance, surpassing human level, dev-set overfitting, changing the metric
    and the dev set, and orthogonalization.

    Parameters
    ----------
    learner_id : str, default ""
        The learner id written at the top of the notebook; ``""`` gives the default
        numbers. Case and surrounding spaces do not matter.

    Returns
    -------
    Scenario
        The same object for the same (normalized) id; its figures are read-only.

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string.

    Examples
    --------
    >>> birds = birds_scenario("ada")
    >>> [q.id for q in birds.questions][:3]
    ['q01', 'q02', 'q03']
    >>> birds.data.n_images == birds_scenario(" ADA ").data.n_images
    True
    >>> from course_lib.metrics import pick_best
    >>> limits = {"runtime_ms": ("<=", birds.data.max_runtime_ms),
    ...           "memory_mb": ("<=", birds.data.max_memory_mb)}
    >>> pick_best(birds.data.models, "accuracy", limits) == birds.answer("q02")
    True
    """
    scenario = _birds(normalize_learner_id(learner_id))
    if scenario.learner_id == learner_id:
        return scenario
    return _with_id(scenario, learner_id)


def _with_id(scenario: Scenario, learner_id: str) -> Scenario:
    return Scenario(scenario.name, scenario.title, learner_id, scenario.seed,
                    scenario.exercise_prefix, scenario.story, scenario.data, scenario.questions)


# ============================================================================ week 2: road signs
W2 = "../week2/"

#: The categories of the week-2 error analysis (the same for every learner).
CATEGORIES: tuple[str, ...] = ("fog", "rain on the windshield", "night or glare",
                               "sign partly hidden", "incorrectly labelled", "other")

#: The questions of the week-2 case study (the same for every learner).
ROAD_SIGNS_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "q01", "Splitting two sources of images",
        ("training and testing on different distributions",),
        W2 + "04_different_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("shuffle all", "after shuffling, most dev images would come from the "
                        "internet: the team would aim at the wrong target."),
            MistakeSpec("dev car, test web", "dev and test sets must come from the same "
                        "distribution, the one the product will see."),
            MistakeSpec("car only", "images from a different distribution can still teach the "
                        "network a lot; keep them in the training set."),
        ),
    ),
    QuestionSpec(
        "q02", "Where to start",
        ("build the first system quickly, then iterate",),
        W2 + "03_build_first_then_iterate.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("research first", "without a working system you cannot tell which of "
                        "these problems actually costs you the most."),
            MistakeSpec("collect first", "collecting data blindly for months may not touch the "
                        "problem that matters; find out first what the system gets wrong."),
            MistakeSpec("complex first", "a complex first system takes long to build and to "
                        "debug; start simple and let the analysis tell you what to add."),
        ),
    ),
    QuestionSpec(
        "q03", "The biggest category of mistakes",
        ("error analysis",),
        W2 + "01_error_analysis.ipynb", "choice", CATEGORIES,
        mistakes=(
            MistakeSpec("runner-up", "close, but another category covers a larger share of the "
                        "inspected mistakes."),
            MistakeSpec("fewest", "that category covers the fewest of the inspected mistakes: "
                        "fixing it would help least."),
        ),
    ),
    QuestionSpec(
        "q04", "A ceiling on one idea",
        ("error analysis ceiling",),
        W2 + "01_error_analysis.ipynb", "number", tolerance=0.006,
        mistakes=(
            MistakeSpec("removed", "that is the part of the error you would remove; the "
                        "question asks for the error that would be left."),
            MistakeSpec("points", "the share of the inspected mistakes is a share of the "
                        "errors, not percentage points of error: multiply, don't subtract."),
            MistakeSpec("fraction", "give the number in percent (7.5 for 7.5 %), not as a "
                        "fraction."),
            MistakeSpec("top category", "that is the ceiling of the largest category; the "
                        "question asks about another one."),
        ),
    ),
    QuestionSpec(
        "q05", "Wrong labels: fix them now?",
        ("incorrectly labelled dev examples",),
        W2 + "02_incorrectly_labeled_data.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare the error caused by wrong labels with the "
                        "difference between the two models you need to tell apart."),
            MistakeSpec("training only", "the dev and test sets are what you decide with; their "
                        "labels matter more than the training set's."),
            MistakeSpec("relabel everything", "deep learning copes well with a small share of "
                        "random label errors in a large training set; that is not the priority."),
        ),
    ),
    QuestionSpec(
        "q06", "Fixing labels the right way",
        ("correcting labels in dev and test sets",),
        W2 + "02_incorrectly_labeled_data.ipynb", "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("dev only", "one statement you picked would leave the dev and test sets "
                        "coming from different distributions."),
            MistakeSpec("systematic ok", "one statement you picked treats systematic label "
                        "errors as harmless; networks cope with random errors, not systematic "
                        "ones."),
            MistakeSpec("only wrong ones", "one statement you picked claims a correct prediction "
                        "cannot hide a wrong label; it can, when model and label are wrong "
                        "together."),
            MistakeSpec("missing same process", "you left out a true statement about keeping "
                        "dev and test sets alike."),
            MistakeSpec("missing train optional", "you left out a true statement about the "
                        "training set."),
            MistakeSpec("missing check right", "you left out a true statement about which "
                        "examples to look at."),
            MistakeSpec("lowercase", _HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q07", "Synthetic fog",
        ("artificial data synthesis",),
        W2 + "06_addressing_data_mismatch.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("looks real", "looking realistic to a person does not mean the fog is "
                        "varied enough: a network can overfit to a few repeated fog photos."),
            MistakeSpec("never", "synthetic data does help when it covers what the real data "
                        "lacks, and is varied enough."),
            MistakeSpec("into dev and test", "the dev and test sets must keep measuring real car "
                        "images; synthetic images belong in training."),
        ),
    ),
    QuestionSpec(
        "q08", "Reading errors with a training-dev set",
        ("bias, variance and data mismatch",),
        W2 + "05_mismatched_bias_variance.ipynb", "choice", strategy.PROBLEMS,
        mistakes=(
            MistakeSpec("runner-up", "compare the three gaps — training − human, training-dev − "
                        "training, dev − training-dev — and pick the largest."),
            MistakeSpec("dev set overfitting", "dev set overfitting shows as a gap between dev "
                        "and test error, and no test error is given here."),
        ),
    ),
    QuestionSpec(
        "q09", "Size of the data mismatch",
        ("data mismatch",),
        W2 + "05_mismatched_bias_variance.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("dev minus training", "dev − training mixes variance and data mismatch; "
                        "the training-dev set is there to separate them."),
            MistakeSpec("variance", "training-dev − training is the variance; data mismatch "
                        "starts at the training-dev error."),
            MistakeSpec("dev minus human", "dev − human is the whole gap; data mismatch is only "
                        "its last step."),
            MistakeSpec("fraction", _HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q10", "Addressing data mismatch",
        ("addressing data mismatch",),
        W2 + "06_addressing_data_mismatch.ipynb", "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("test analysis", "one action you picked studies the test set; error "
                        "analysis belongs on the dev set, or the test set stops being unbiased."),
            MistakeSpec("regularise", "one action you picked reduces variance, not data "
                        "mismatch."),
            MistakeSpec("easier dev", "one action you picked moves the target instead of "
                        "hitting it: the dev set must stay like the product's images."),
            MistakeSpec("missing dev analysis", "you left out the step that tells you how the "
                        "data differ."),
            MistakeSpec("missing more like dev", "you left out the main remedy: make the training "
                        "data more like the dev data."),
            MistakeSpec("missing varied", "you left out a true statement about synthesizing "
                        "data."),
            MistakeSpec("lowercase", _HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q11", "One network, several signs",
        ("multi-task learning",),
        W2 + "08_multi_task_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("softmax", "a softmax picks exactly one class per image, but one image "
                        "can show several kinds at once."),
            MistakeSpec("separate networks", "separate networks are not always better: when "
                        "the tasks share low-level features, one big network can do better."),
            MistakeSpec("single unit", "one output cannot say which kinds are in the image."),
        ),
    ),
    QuestionSpec(
        "q12", "A loss with missing labels",
        ("multi-task learning with partial labels",),
        W2 + "08_multi_task_learning.ipynb", "number", tolerance=0.002,
        mistakes=(
            MistakeSpec("unknown as 0", "a '?' is not a 0: leave unlabelled entries out of the "
                        "sum."),
            MistakeSpec("unknown as 1", "a '?' is not a 1: leave unlabelled entries out of the "
                        "sum."),
            MistakeSpec("mean not sum", "the question asks for the sum over the labelled "
                        "entries, not their mean."),
            MistakeSpec("log base 10", "use the natural logarithm (np.log), not log10."),
        ),
    ),
    QuestionSpec(
        "q13", "Where to transfer from",
        ("transfer learning",),
        W2 + "07_transfer_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("audio", "transfer helps when both tasks have the same kind of input."),
            MistakeSpec("fewer images", "transfer helps when the source task has much more "
                        "data than yours."),
            MistakeSpec("text", "transfer helps when both tasks have the same kind of input."),
        ),
    ),
    QuestionSpec(
        "q14", "How much to retrain",
        ("fine-tuning after transfer",),
        W2 + "07_transfer_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "how many layers to retrain depends on how much data the new "
                        "task has: look at the number of labelled images."),
            MistakeSpec("keep old output", "the old output layer answers the old question; the "
                        "new task needs a new output layer."),
            MistakeSpec("first layer only", "the first layers hold the general features worth "
                        "keeping; the last layers are the task-specific ones."),
        ),
    ),
    QuestionSpec(
        "q15", "End to end or in steps?",
        ("end-to-end deep learning",),
        W2 + "10_whether_end_to_end.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "what decides is how much data you have for the whole "
                        "mapping from input to output, compared with the data for the steps."),
            MistakeSpec("hand rules", "hand-written rules for the whole task give up on "
                        "learning from the data you have."),
            MistakeSpec("more hand stages", "adding hand-designed stages is the opposite of "
                        "what the data allow here."),
        ),
    ),
)

_ROAD_HINTS = {
    "q01": "the dev and test sets should look like the images the product will be judged on.",
    "q02": "for a new application, how do you find out which problem matters most?",
    "q03": "the category covering the largest share of the inspected mistakes has the most "
           "room.",
    "q04": "error left = dev error x (1 - the category's share of the mistakes), in percent.",
    "q05": "compare the error caused by wrong labels (dev error x their share of the mistakes) "
           "with the gap between the two models.",
    "q06": "think about keeping dev and test alike, about the training set, and about which "
           "examples can hide a wrong label.",
    "q07": "is a result that looks realistic to a person necessarily varied enough for a "
           "network?",
    "q08": "compute training - human, training-dev - training and dev - training-dev; name the "
           "largest.",
    "q09": "data mismatch = dev error - training-dev error.",
    "q10": "data mismatch is about how the training data differ from the dev data: which "
           "actions study or reduce that difference?",
    "q11": "one image can show several kinds at once.",
    "q12": "sum -(y log p + (1 - y) log(1 - p)) over the entries that have a label; skip the "
           "'?' entries.",
    "q13": "transfer works from a task with the same kind of input and much more data.",
    "q14": "how many layers to retrain depends on how many labelled images the new task has.",
    "q15": "compare the data you have for the whole mapping with the data for its steps.",
}
ROAD_SIGNS_QUESTIONS = tuple(replace(s, hint=_ROAD_HINTS[s.id]) for s in ROAD_SIGNS_QUESTIONS)
_ROAD_SPECS = _spec_index(ROAD_SIGNS_QUESTIONS)
_KINDS = ("stop sign", "speed-limit sign", "pedestrian-crossing sign", "yield sign",
          "no-entry sign", "red traffic light", "green traffic light")


def _r_q01(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q01"]
    n_car, n_web, d = fig["n_car"], fig["n_web"], fig["dev_test_size"]
    share = 100 * n_car / (n_car + n_web)
    prompt = (
        f"You have {_count(n_car)} labelled images from your cars' cameras and "
        f"{_count(n_web)} from the internet. How do you split them into training, dev and test "
        "sets?"
    )
    items = [
        _Item("car dev test", f"Training: all {_count(n_web)} internet images plus "
              f"{_count(n_car - 2 * d)} car images; dev: {_count(d)} car images; test: "
              f"{_count(d)} car images.", True,
              "Dev and test sets both come from the cars' cameras — the images the product "
              "will be judged on — and the internet images still help as training data."),
        _Item("shuffle all", f"Shuffle all {_count(n_car + n_web)} images together; take "
              f"{_count(d)} for dev, {_count(d)} for test and the rest for training.", False,
              f"Only about {_num(share, 1)} % of the dev and test images would come from the "
              "cars: the team would spend its time optimising for internet images."),
        _Item("dev car, test web", f"Dev: {_count(d)} car images; test: {_count(d)} "
              "internet images; training: all the other images.", False,
              "Dev and test sets would come from different distributions, and the test set "
              "would not measure what the product sees."),
        _Item("car only", f"Use only the car images ({_count(n_car - 2 * d)} / {_count(d)} / "
              f"{_count(d)}): the internet images come from a different distribution, so "
              "leave them out.", False,
              "It throws away most of the data. Training data from a somewhat different "
              "distribution usually helps; only dev and test must match the target."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "car dev test")
    roles = {"shuffle all": "shuffle all", "dev car, test web": "dev car, test web",
             "car only": "car only"}
    return _letter_question(spec, 1, prompt, options, answer, roles)


def _r_q02(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q02"]
    weeks = draw.integer(1, 3)
    prompt = (
        f"It is week {weeks} of the project. The team lists a dozen things that might go "
        "wrong: fog, rain on the windshield, glare at night, signs half hidden by trees, "
        "damaged signs, unusual sign designs abroad, ... What do you do first?"
    )
    items = [
        _Item("quick first", "Set up the dev/test sets and a metric, build a simple first "
              "system quickly, then use bias/variance and error analysis to decide which of "
              "these problems to work on.", True,
              "For a new application you cannot tell in advance which problem matters most; a "
              "quick first system lets you measure it instead of guessing."),
        _Item("research first", "Study each listed problem for a few months and design a "
              "system that handles all of them before training anything.", False,
              "Months may go into problems that turn out to cost little; a first system would "
              "have shown which ones matter."),
        _Item("collect first", "Collect as many new images as possible for the first few "
              "months, and only then train a network.", False,
              "More data may not fix the problems that matter; you learn what to collect only "
              "by looking at a system's mistakes."),
        _Item("complex first", "Build the most complex architecture from recent papers right "
              "away, since it will be needed eventually.", False,
              "A complex first system is slow to build and hard to debug; start simple and "
              "let the analysis tell you what to add."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "quick first")
    roles = {"research first": "research first", "collect first": "collect first",
             "complex first": "complex first"}
    return _letter_question(spec, 2, prompt, options, answer, roles)


def _r_q03_q04(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, Question]:
    s3, s4 = _ROAD_SPECS["q03"], _ROAD_SPECS["q04"]

    def pick() -> tuple[float, int, dict[str, int], str]:
        e = draw.grid(6.0, 14.0, 0.1)
        n = draw.pick((100, 150, 200, 250))
        main = list(CATEGORIES[:4])
        top = draw.pick(main)
        top_share = draw.grid(0.35, 0.6, 0.01)
        shares = {c: (top_share if c == top else draw.grid(0.05, round(top_share - 0.1, 2),
                                                            0.01)) for c in main}
        shares["incorrectly labelled"] = draw.grid(0.02, 0.1, 0.01)
        shares["other"] = draw.grid(0.02, 0.1, 0.01)
        counts = {c: int(round(shares[c] * n)) for c in CATEGORIES}
        asked = draw.pick([c for c in main if c != top])
        return e, n, counts, asked

    def ok(v: tuple[float, int, dict[str, int], str]) -> bool:
        e, n, counts, asked = v
        ordered = sorted(counts.values(), reverse=True)
        if ordered[0] - ordered[1] < 0.08 * n or ordered[1] == ordered[2]:
            return False
        if ordered[-1] == ordered[-2] or min(counts.values()) < 1:
            return False
        top = max(counts, key=counts.__getitem__)
        value = 100 * error_analysis.ceiling(e / 100, counts[asked] / n)
        wrong = [e * counts[asked] / n, e - 100 * counts[asked] / n, value / 100,
                 100 * error_analysis.ceiling(e / 100, counts[top] / n)]
        return _separated([value, *wrong], 0.05)

    e, n, counts, asked = _until(pick, ok, "an error analysis")
    fig["dev_error"], fig["n_inspected"] = e, n
    fig["error_counts"] = MappingProxyType(dict(counts))
    fig["asked_category"] = asked
    ceilings = {c: 100 * error_analysis.ceiling(e / 100, k / n) for c, k in counts.items()}
    answer3 = min(ceilings, key=ceilings.__getitem__)
    by_count = sorted(counts, key=counts.__getitem__, reverse=True)
    runner_up, fewest = by_count[1], by_count[-1]
    md = _md_table(["category", "mistakes", "share of the inspected mistakes"],
                   [(c, k, f"{100 * k / n:.0f} %") for c, k in counts.items()])
    prompt3 = (
        f"Your first, quickly built system has a dev error of {_num(e, 1)} %. You look at "
        f"{n} dev images it got wrong and note what each one shows; an image can have several "
        f"tags, so the shares need not add up to 100 % (`road.data.error_counts`):\n\n{md}\n\n"
        "Which category, if it were fixed completely, would lower the dev error the most?"
    )
    wrong3 = {"runner-up": runner_up, "fewest": fewest}
    _check_roles(s3, wrong3)
    lines = [f"- {c}: {_num(e, 1)} × (1 − {k}/{n}) = {ceilings[c]:.2f} %"
             for c, k in sorted(counts.items(), key=lambda item: -item[1])]
    expl3 = (
        f"**{answer3}**: it covers the largest share of the mistakes ({counts[answer3]} of "
        f"{n}), so fixing it removes the most error. The ceiling of each category — the dev "
        "error left if it were fixed completely, `ceiling(dev_error, share)` — is:\n"
        + "\n".join(lines)
        + "\nThis does not *require* working on the top category, but it shows where the "
        "biggest possible gain is."
    )
    q3 = Question(s3, 3, prompt3, (), answer3, expl3, MappingProxyType(wrong3))
    k = counts[asked]
    answer4 = 100 * error_analysis.ceiling(e / 100, k / n)
    prompt4 = (
        f"A teammate wants to spend the next month on \"{asked}\" alone. If it worked "
        "perfectly and removed every mistake of that category (and nothing else changed), what "
        "would the dev error be? Answer in percent, rounded to 2 decimals."
    )
    top_ceiling = ceilings[answer3]
    wrong4 = {"removed": _r(e * k / n, 6), "points": _r(e - 100 * k / n, 6),
              "fraction": _r(answer4 / 100, 8), "top category": _r(top_ceiling, 6)}
    _check_roles(s4, wrong4)
    expl4 = (
        f"**{answer4:.2f} %**. \"{asked}\" covers {k} of the {n} inspected mistakes, "
        f"{100 * k / n:.1f} % of the errors; fixing all of them leaves "
        f"{_num(e, 1)} × (1 − {k}/{n}) = {answer4:.2f} % — "
        f"`100 * ceiling({_num(e / 100, 3)}, {k}/{n})`. That is the best this month of work "
        "can give.\n"
        f"- {_num(e, 1)} × {k}/{n} = {e * k / n:.2f} is the error removed, not the error "
        "left.\n"
        f"- {_num(e, 1)} − {_num(100 * k / n, 1)} subtracts a share of the errors as if it "
        "were percentage points of error.\n"
        f"- {top_ceiling:.2f} % would be the ceiling of \"{answer3}\", the largest category."
    )
    q4 = Question(s4, 4, prompt4, (), answer4, expl4, MappingProxyType(wrong4))
    return q3, q4


def _r_q05(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q05"]
    fix = draw.chance()

    def pick() -> tuple[float, int, int, float]:
        n2 = draw.pick((100, 200))
        if fix:
            e2 = draw.grid(1.5, 3.0, 0.1)
            k2 = int(round(n2 * draw.grid(0.25, 0.45, 0.01)))
            label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
            diff = _r(round(label_error * draw.grid(0.25, 0.5, 0.05) / 0.05) * 0.05)
        else:
            e2 = draw.grid(3.5, 5.5, 0.1)
            k2 = int(round(n2 * draw.grid(0.03, 0.08, 0.01)))
            label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
            diff = _r(round(label_error * draw.grid(2.0, 4.0, 0.1) / 0.1) * 0.1)
        return e2, n2, k2, diff

    def ok(v: tuple[float, int, int, float]) -> bool:
        e2, n2, k2, diff = v
        label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
        if diff < 0.05 or k2 < 1:
            return False
        return label_error >= 1.8 * diff if fix else diff >= 1.8 * label_error

    e2, n2, k2, diff = _until(pick, ok, "a label check")
    rival = _r(e2 + diff)
    fig["label_check"] = MappingProxyType({"dev_error": e2, "rival_dev_error": rival,
                                           "n_inspected": n2, "wrong_labels": k2})
    label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
    worth = label_error > diff
    prompt = (
        f"Half a year later your best model's dev error is down to {_num(e2)} %, and a rival "
        f"model scores {_num(rival)} %. In a fresh error analysis of {n2} dev mistakes, "
        f"{k2} turn out to be images whose *label* is wrong (the model was right). "
        "(`road.data.label_check`.) Should the team fix the dev-set labels now?"
    )
    because = (f"Wrong labels account for {_num(e2)} × {k2}/{n2} = {label_error:.2f} points of "
               f"the dev error ({100 * k2 / n2:.0f} % of the mistakes), while the two models "
               f"differ by {_pts(diff)}.")
    items = [
        _Item("fix now", "Yes: fix the dev-set labels (and the test set's the same way) before "
              "comparing more models.", worth,
              because + (" The label noise is larger than the difference you need to measure, "
                         "so it can flip the ranking: fix it." if worth else
                         " The label noise is much smaller than that difference, so it does not "
                         "get in the way of the decision yet.")),
        _Item("not now", "Not now: wrong labels explain only a small part of the error; spend "
              "the time on the larger categories of mistakes.", not worth,
              because + (" The label noise is small next to that difference and to the rest of "
                         "the error, so other work pays more." if not worth else
                         " Here the noise is larger than the difference between the models: "
                         "you can no longer trust the comparison.")),
        _Item("training only", "Fix the labels of the training set instead; the dev set's labels "
              "matter less.", False,
              "It is the other way round: the dev and test sets drive every decision, and a "
              "large training set tolerates some random label errors."),
        _Item("relabel everything", "Relabel the whole training set first, because deep learning "
              "cannot cope with any random label errors.", False,
              "Deep learning copes well with a small share of random label errors in a big "
              "training set; relabelling all of it is rarely the best use of time."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "fix now" if worth else "not now")
    roles = {"opposite": "not now" if worth else "fix now", "training only": "training only",
             "relabel everything": "relabel everything"}
    return _letter_question(spec, 5, prompt, options, answer, roles)


def _r_q06(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q06"]
    n2 = fig["label_check"]["n_inspected"]
    items = [
        _Item("same process", "Apply the same correction process to the dev set and to the test "
              "set.", True, "dev and test sets must keep coming from the same distribution."),
        _Item("train optional", "It is acceptable to correct the labels of the dev and test sets "
              "only, and leave the much larger training set as it is.", True,
              "training data from a slightly different distribution is fine, and the large "
              "training set costs the most to relabel."),
        _Item("check right", "Ideally, also look at some examples the model got right: a few may "
              "look right only because the label is wrong too.", True,
              "otherwise only the errors that hurt the model get fixed, which biases the "
              "estimate a little; it is often skipped when the model is very accurate."),
        _Item("dev only", "Correct the dev set only: the test set is used once at the end, so "
              "its labels can stay as they are.", False,
              "the dev and test sets would then differ; the test error would no longer "
              "measure what you tuned for."),
        _Item("systematic ok", "If a labeller always marked yield signs as stop signs, leave it: "
              "deep learning is robust to label errors.", False,
              "networks cope with *random* label errors, not with systematic ones, which they "
              "learn as if they were true."),
        _Item("only wrong ones", f"Only look at the {n2} mistakes: an example the model gets "
              "right cannot have a wrong label.", False,
              "a model can agree with a wrong label (for instance when both were fooled by the "
              "same look-alike)."),
    ]
    options = _options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = _set_roles(options, answer,
                       add={"dev only": "dev only", "systematic ok": "systematic ok",
                            "only wrong ones": "only wrong ones"},
                       drop={"missing same process": "same process",
                             "missing train optional": "train optional",
                             "missing check right": "check right"})
    prompt = ("You decide to correct labels. Which of these statements are true? Answer with "
              "the set of letters of every true statement.")
    return _letters_question(spec, 6, prompt, options, answer, wrong)


def _r_q07(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q07"]
    n_clear = draw.integer(200_000, 600_000, 10_000)
    n_fog = draw.integer(10, 60, 5)
    fig["n_clear_images"], fig["n_fog_photos"] = n_clear, n_fog
    prompt = (
        f"Fog is hard for your system, and real foggy images are rare. A teammate proposes to "
        f"lay pictures of fog over clear images: you have {_count(n_clear)} clear car images "
        f"and {n_fog} photos of fog (with no signs in them). Which statement is right?"
    )
    items = [
        _Item("varied", f"It can help, but only if the fog is varied: reusing the same {n_fog} "
              "fog photos over and over, the network may learn those particular photos, even "
              "though every result looks realistic to a person.", True,
              f"Synthesis adds what the real data lack. With {n_fog} fog photos spread over "
              f"{_count(n_clear)} images, each photo would be reused thousands of times — a "
              "tiny corner of all possible fog — so look for many more fog sources."),
        _Item("looks real", "As long as the synthesized images look realistic to a person, the "
              "network will learn fog in general.", False,
              "People cannot tell that the same few fog photos are reused; the network can, "
              "and may overfit to them."),
        _Item("never", "Synthetic data never helps, because the dev set contains real fog.",
              False, "Synthetic data often helps when it is varied enough and covers what the "
              "real training data lack."),
        _Item("into dev and test", "Put the synthesized foggy images into the dev and test sets, "
              "so they contain more fog.", False,
              "The dev and test sets must keep measuring real car images; synthetic images "
              "belong in training."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "varied")
    roles = {"looks real": "looks real", "never": "never",
             "into dev and test": "into dev and test"}
    return _letter_question(spec, 7, prompt, options, answer, roles)


def _r_q08_q09(draw: _Draw, fig: dict[str, Any]) -> tuple[Question, Question]:
    s8, s9 = _ROAD_SPECS["q08"], _ROAD_SPECS["q09"]
    case = draw.pick((_BIAS, _VAR, _MISMATCH))

    def pick() -> tuple[float, float, float, float]:
        human = draw.grid(0.2, 1.0, 0.1)
        big = draw.grid(2.0, 6.0, 0.1)
        gaps = {p: (big if p == case else draw.grid(0.2, round(0.3 * big, 1), 0.1))
                for p in (_BIAS, _VAR, _MISMATCH)}
        train = _r(human + gaps[_BIAS], 1)
        train_dev = _r(train + gaps[_VAR], 1)
        return human, train, train_dev, _r(train_dev + gaps[_MISMATCH], 1)

    def ok(v: tuple[float, float, float, float]) -> bool:
        human, train, train_dev, dev = v
        d = strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev,
                              unit="percent")
        gaps = sorted([d.avoidable_bias, d.variance, d.data_mismatch])
        wrong = [dev - train, d.variance, dev - human, d.data_mismatch / 100]
        return (d.focus == (case,) and gaps[1] <= 0.35 * gaps[2] and gaps[1] - gaps[0] >= 0.2
                and _separated([d.data_mismatch, *wrong], 0.05))

    human, train, train_dev, dev = _until(pick, ok, "an error ladder")
    fig["ladder"] = MappingProxyType({"human": human, "train": train, "train_dev": train_dev,
                                      "dev": dev})
    d = strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev, unit="percent")
    answer8 = d.focus[0]
    gaps = d.gaps
    runner_up = sorted((p for p in (_BIAS, _VAR, _MISMATCH) if p != answer8),
                       key=lambda p: -gaps[p])[0]
    md = _md_table(["", "error (%)"], [("human level", _num(human, 1)),
                                       ("training", _num(train, 1)),
                                       ("training-dev", _num(train_dev, 1)),
                                       ("dev (car images)", _num(dev, 1))])
    prompt8 = (
        "To separate the effects of the two sources, you hold out a *training-dev* set: "
        "images from the training mix that the network never trains on. Careful people "
        f"labelling the car images reach the human level below (`road.data.ladder`):\n\n{md}\n\n"
        "Which problem is the biggest?"
    )
    wrong8 = {"runner-up": runner_up, "dev set overfitting": _OVERFIT}
    _check_roles(s8, wrong8)
    expl8 = (
        f"**{answer8}**, the largest gap. Avoidable bias = {_num(train, 1)} − {_num(human, 1)} "
        f"= {_num(d.avoidable_bias, 1)}; variance = {_num(train_dev, 1)} − {_num(train, 1)} = "
        f"{_num(d.variance, 1)}; data mismatch = {_num(dev, 1)} − {_num(train_dev, 1)} = "
        f"{_num(d.data_mismatch, 1)} (all in points). `diagnose(human=..., train=..., "
        "train_dev=..., dev=..., unit=\"percent\").focus` says the same.\n"
        f"- {runner_up} is the second largest gap.\n"
        "- dev set overfitting needs a test error, which is not given."
    )
    q8 = Question(s8, 8, prompt8, (), answer8, expl8, MappingProxyType(wrong8))
    answer9 = d.data_mismatch
    prompt9 = ("With the same numbers, how large is the data mismatch, in percentage points?")
    wrong9 = {"dev minus training": _r(dev - train, 6), "variance": _r(d.variance, 6),
              "dev minus human": _r(dev - human, 6), "fraction": _r(answer9 / 100, 8)}
    _check_roles(s9, wrong9)
    expl9 = (
        f"**{_pts(answer9, 1)}** = dev − training-dev = {_num(dev, 1)} − "
        f"{_num(train_dev, 1)}. Both are images the network never trained on; the only "
        "difference is where they come from, so the gap measures the change of distribution.\n"
        f"- dev − training = {_num(dev - train, 1)} also contains the variance "
        f"({_num(d.variance, 1)}).\n"
        f"- dev − human = {_num(dev - human, 1)} is the whole ladder."
    )
    q9 = Question(s9, 9, prompt9, (), answer9, expl9, MappingProxyType(wrong9))
    return q8, q9


def _r_q10(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q10"]
    items = [
        _Item("dev analysis", "Look through dev-set mistakes by hand to see how the car images "
              "differ from the internet images (fog, night, glare, ...).", True,
              "you need to know *how* the data differ before you can fix it."),
        _Item("more like dev", "Make the training data more like the dev data: collect more "
              "car-camera images, or synthesize the conditions the internet images lack.", True,
              "this is the main remedy for data mismatch."),
        _Item("varied", "When synthesizing data, draw on many different sources (many fog "
              "photos, many night scenes) rather than a few repeated ones.", True,
              "a small set of repeated sources invites overfitting to them."),
        _Item("test analysis", "Look through test-set mistakes by hand, since the test set is "
              "the final judge.", False,
              "error analysis on the test set would make the test error an optimistic "
              "estimate; use the dev set."),
        _Item("regularise", "Add dropout or L2 regularisation.", False,
              "regularisation reduces variance (training-dev − training), not data mismatch."),
        _Item("easier dev", "Replace some car images in the dev set with internet images so "
              "that dev looks more like training.", False,
              "that moves the target away from the product's images instead of hitting it."),
    ]
    options = _options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = _set_roles(options, answer,
                       add={"test analysis": "test analysis", "regularise": "regularise",
                            "easier dev": "easier dev"},
                       drop={"missing dev analysis": "dev analysis",
                             "missing more like dev": "more like dev",
                             "missing varied": "varied"})
    prompt = ("Suppose a reading like question 8's showed a large data mismatch. Which of these "
              "actions address it? Answer with the set of letters.")
    return _letters_question(spec, 10, prompt, options, answer, wrong)


def _r_q11(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q11"]
    kinds = fig["kinds"]
    k = len(kinds)
    prompt = (
        f"Back to the network's design. It must say which of the {k} kinds ({', '.join(kinds)}) "
        "are in an image; one image may show several at once, or none. What should its output "
        "layer be?"
    )
    items = [
        _Item("sigmoids", f"{k} output units, each with a sigmoid — one yes/no per kind — "
              f"trained with the sum of {k} logistic losses.", True,
              "Each kind gets its own yes/no answer, so several can be present at once; the "
              "layers before share what they learn about road images (multi-task learning)."),
        _Item("softmax", f"A softmax over the {k} kinds.", False,
              "A softmax picks exactly one kind per image; it cannot say \"a stop sign *and* "
              "a red light\"."),
        _Item("separate networks", f"{k} separate networks, one per kind, which is always "
              "better than one shared network.", False,
              "Not always: when tasks share low-level features and the network is big "
              "enough, one network for all of them often does better."),
        _Item("single unit", "One sigmoid unit that says whether *any* sign or light is "
              "present.", False, "It cannot say which kinds are there."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "sigmoids")
    roles = {"softmax": "softmax", "separate networks": "separate networks",
             "single unit": "single unit"}
    return _letter_question(spec, 11, prompt, options, answer, roles)


def _r_q12(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q12"]
    kinds = fig["kinds"]
    k = len(kinds)

    def pick() -> tuple[tuple[float | None, ...], tuple[float, ...]]:
        n_unknown = draw.integer(1, 2)
        unknown = set(draw.sample(range(k), n_unknown))
        labels: list[float | None] = []
        probs: list[float] = []
        for j in range(k):
            if j in unknown:
                labels.append(None)
                probs.append(draw.pick((0.2, 0.25, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.75, 0.8)))
            else:
                labels.append(float(draw.integer(0, 1)))
                probs.append(draw.grid(0.05, 0.95, 0.05))
        return tuple(labels), tuple(probs)

    def values(labels: Sequence[float | None], probs: Sequence[float]) -> dict[str, float]:
        y = np.array([np.nan if v is None else v for v in labels])
        p = np.array(probs)
        n_lab = int(np.sum(~np.isnan(y)))
        mean = nn.masked_binary_cross_entropy(y, p)
        return {"answer": mean * n_lab,
                "unknown as 0": nn.masked_binary_cross_entropy(np.nan_to_num(y, nan=0.0), p) * k,
                "unknown as 1": nn.masked_binary_cross_entropy(np.nan_to_num(y, nan=1.0), p) * k,
                "mean not sum": mean, "log base 10": mean * n_lab / np.log(10)}

    def ok(v: tuple[tuple[float | None, ...], tuple[float, ...]]) -> bool:
        vals = values(*v)
        return vals["answer"] >= 0.3 and _separated(vals.values(), 0.03)

    labels, probs = _until(pick, ok, "a label vector with missing entries")
    fig["mtl_labels"], fig["mtl_probs"] = labels, probs
    vals = values(labels, probs)
    answer = vals.pop("answer")
    wrong = {role: _r(v, 6) for role, v in vals.items()}
    _check_roles(spec, wrong)

    def shown(v: float | None) -> str:
        return "?" if v is None else str(int(v))

    md = _md_table(["kind", "label y", "predicted probability ŷ"],
                   [(kind, shown(y), _num(p)) for kind, y, p in zip(kinds, labels, probs,
                                                                    strict=True)],
                   ["l", "c", "r"])
    prompt = (
        "Some internet images were labelled for only some kinds: the labeller did not check "
        "the others, marked `?`. For one such image, the labels and the network's outputs are "
        f"(`road.data.mtl_labels`, with `None` for `?`, and `road.data.mtl_probs`):\n\n{md}\n\n"
        "What does this image add to the training loss — the sum of the logistic losses "
        "−(y log ŷ + (1 − y) log(1 − ŷ)) over its entries, using the natural log? Round to 3 "
        "decimals."
    )
    terms = []
    for kind, y, p in zip(kinds, labels, probs, strict=True):
        if y is None:
            terms.append(f"- {kind}: `?` — left out")
        else:
            loss = -np.log(p) if y == 1 else -np.log(1 - p)
            form = f"−log({_num(p)})" if y == 1 else f"−log(1 − {_num(p)})"
            terms.append(f"- {kind}: y = {int(y)}, {form} = {loss:.3f}")
    explanation = (
        f"**{answer:.3f}**. Entries marked `?` have no label, so they are simply left out of "
        "the sum; the network still learns from the labelled ones:\n" + "\n".join(terms)
        + f"\n\nTreating `?` as 0 would give {wrong['unknown as 0']:.3f}, as 1 "
        f"{wrong['unknown as 1']:.3f}; the mean over labelled entries would be "
        f"{wrong['mean not sum']:.3f} (`nn.masked_binary_cross_entropy` returns that mean)."
    )
    return Question(spec, 12, prompt, (), answer, explanation, MappingProxyType(wrong))


def _r_q13(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q13"]
    n_car = fig["n_car"]
    big = draw.integer(2_000_000, 15_000_000, 1_000_000)
    hours = draw.integer(10_000, 50_000, 5_000)
    small = max(500, int(round(n_car * draw.grid(0.02, 0.1, 0.01) / 500)) * 500)
    words = draw.integer(1, 5)
    prompt = (
        f"A partner offers a pre-trained network to start from. Your target task is the sign "
        f"and light detector, with {_count(n_car)} car images (plus the internet images). "
        "Which network is the most promising starting point?"
    )
    items = [
        _Item("everyday photos", f"An image classifier trained on {_count(big)} everyday "
              "photos (animals, objects, street scenes).", True,
              f"Same kind of input (images), far more data ({_count(big)} vs "
              f"{_count(n_car)}), and low-level features — edges, shapes, colours — that "
              "road images need too."),
        _Item("audio", f"A speech recogniser trained on {_count(hours)} hours of recorded "
              "speech.", False, "Its input is sound, not images: what it learnt does not "
              "carry over to camera images."),
        _Item("fewer images", f"An image classifier trained on {_count(small)} photos of road "
              "signs from a hobby website.", False,
              f"It has seen fewer images ({_count(small)}) than you have yourself "
              f"({_count(n_car)}); each of your own images is worth more to your task."),
        _Item("text", f"A language model trained on {words} billion words of traffic-law "
              "texts.", False, "Its input is text, not images: what it learnt does not carry "
              "over to camera images."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "everyday photos")
    roles = {"audio": "audio", "fewer images": "fewer images", "text": "text"}
    return _letter_question(spec, 13, prompt, options, answer, roles,
                            "Transfer from task A to task B makes sense when both have the same "
                            "input, A has much more data than B, and A's low-level features "
                            "are likely to help B.")


def _r_q14(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q14"]
    small = draw.chance()
    n_new = draw.integer(150, 1500, 50) if small else draw.integer(150_000, 600_000, 10_000)
    fig["n_new_task"] = n_new
    task = "worn-out lane markings"
    prompt = (
        f"A customer now also wants the camera to spot **{task}**. Your sign network has "
        f"learnt a lot about road images. You have {_count(n_new)} labelled images for the new "
        "task (`road.data.n_new_task`). How do you reuse the network?"
    )
    how = (f"With only {_count(n_new)} images" if small else
           f"With as many as {_count(n_new)} images")
    items = [
        _Item("last layer", "Replace the output layer, freeze the pre-trained layers, and train "
              "only the new output layer (perhaps the last layer or two).", small,
              f"{how}, training only the last layer keeps the general features and leaves "
              "few parameters to fit, so it does not overfit." if small else
              f"{how} there is enough data to adapt every layer; freezing them would leave "
              "accuracy on the table."),
        _Item("all layers", "Replace the output layer and retrain all layers, starting from the "
              "pre-trained weights (fine-tuning).", not small,
              f"{how}, every layer can be adapted to the new task, and the pre-trained "
              "weights are a good starting point." if not small else
              f"{how}, retraining every layer would overfit them; keep the pre-trained layers "
              "fixed."),
        _Item("keep old output", "Keep the sign network's output layer and simply train it more "
              "on the new images.", False,
              "The old output layer answers the old question (which signs); the new task "
              "needs its own output layer."),
        _Item("first layer only", "Replace the output layer and retrain only the first layer, "
              "freezing all the others.", False,
              "The first layers hold the general features (edges, textures) worth keeping; "
              "the task-specific ones are the last."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "last layer" if small else "all layers")
    roles = {"opposite": "all layers" if small else "last layer",
             "keep old output": "keep old output", "first layer only": "first layer only"}
    return _letter_question(spec, 14, prompt, options, answer, roles)


def _r_q15(draw: _Draw, fig: dict[str, Any]) -> Question:
    spec = _ROAD_SPECS["q15"]
    direct = draw.chance()
    if direct:
        n_pairs = draw.integer(2_000_000, 8_000_000, 500_000)
        prompt = (
            f"Next, reading speed limits: from a cropped image of a speed-limit sign, output the "
            f"number on it. You have {_count(n_pairs)} (cropped sign, number) pairs from the "
            "fleet, but no labels saying where each digit is. A colleague proposes to do it in "
            "steps: locate each digit, classify the digits one by one, then assemble the "
            "number. What do you do?"
        )
        steps_text = ("Follow the colleague's steps: locate each digit, classify the digits one "
                      "by one, assemble the number — training each step on its own data.")
    else:
        n_pairs = draw.integer(5_000, 40_000, 1_000)
        n_det = draw.integer(1_000_000, 5_000_000, 500_000)
        fig["n_detection_images"] = n_det
        steps_text = ("Split it into learned steps — first detect cars, pedestrians and traffic "
                      "lights, then decide from what was detected — training each step on its "
                      "own data.")
        prompt = (
            f"Next, braking: from the camera image, decide whether the car should brake. You "
            f"have {_count(n_pairs)} (camera image, driver's braking decision) pairs from test "
            f"drives, but {_count(n_det)} images in which cars, pedestrians and traffic lights "
            "are labelled. What do you do?"
        )
    fig["n_pairs"] = n_pairs
    items = [
        _Item("end to end", "Learn the whole mapping with one network, end to end, from the "
              "image to the output.", direct,
              f"{_count(n_pairs)} direct (input, output) pairs is a lot for this mapping: "
              "let the network learn the intermediate steps itself." if direct else
              f"{_count(n_pairs)} direct (image, decision) pairs is far too little for a "
              "network to learn everything between pixels and braking."),
        _Item("in steps", steps_text, not direct,
              f"Each step is simpler, and there is plenty of data for the first one "
              f"({_count(fig.get('n_detection_images', 0))} labelled images)." if not direct
              else "There are no labels for the intermediate steps (where each digit is), "
                   "while there are plenty of direct pairs: one network can learn the steps "
                   "itself."),
        _Item("hand rules", "Skip learning and write hand-made rules for the whole task.", False,
              "Rules written by hand give up on the data you have and rarely cope with the "
              "variety of real roads."),
        _Item("more hand stages", "Add more hand-designed stages (hand-made edge and colour "
              "features) before any learning happens.", False,
              "More hand-designed stages cap what the system can learn; the choice is between "
              "learning end to end and learning in steps."),
    ]
    options = _options(draw, items)
    answer = _letter_by_tag(options, "end to end" if direct else "in steps")
    roles = {"opposite": "in steps" if direct else "end to end", "hand rules": "hand rules",
             "more hand stages": "more hand stages"}
    return _letter_question(spec, 15, prompt, options, answer, roles,
                            "End-to-end learning needs lots of data for the whole mapping; "
                            "with little of it but plenty for simpler sub-tasks, learn in "
                            "steps.")


@lru_cache(maxsize=256)
def _road(normalized: str) -> Scenario:
    seed = learner_seed(normalized, "road_signs")
    draw = _Draw(seed)
    n_car = draw.integer(60_000, 150_000, 5_000)
    kinds = tuple(sorted(draw.sample(_KINDS, draw.integer(4, 6)), key=_KINDS.index))
    fig: dict[str, Any] = {
        "n_car": n_car,
        "n_web": draw.integer(600_000, 1_500_000, 50_000),
        "dev_test_size": draw.pick((5_000, 10_000, 15_000)),
        "kinds": kinds,
    }
    questions = [_r_q01(draw, fig), _r_q02(draw, fig)]
    questions += list(_r_q03_q04(draw, fig))
    questions += [_r_q05(draw, fig), _r_q06(draw, fig), _r_q07(draw, fig)]
    questions += list(_r_q08_q09(draw, fig))
    questions += [_r_q10(draw, fig), _r_q11(draw, fig), _r_q12(draw, fig), _r_q13(draw, fig),
                  _r_q14(draw, fig), _r_q15(draw, fig)]
    story = (
        "## The brief: road signs and traffic lights\n\n"
        "You work for a start-up that builds driver-assistance software. A car's front camera "
        "sends images, and your network must say which of these "
        f"**{len(kinds)} kinds** of object each image contains: {', '.join(kinds)}. One image "
        "can contain several kinds at once, or none.\n\n"
        "You have two sources of labelled images:\n\n"
        f"- **{_count(n_car)}** images from your own cars' front cameras — exactly the kind of "
        "images the product will see;\n"
        f"- **{_count(fig['n_web'])}** images collected from the internet: sharper, mostly in "
        "daylight, often centred on the sign.\n\n"
        "The product will be judged on images from your cars. The questions follow the "
        "project for about a year. The figures are in `road.data` (e.g. `road.data.n_car`)."
    )
    return Scenario("road_signs", "Autonomous driving: road signs and traffic lights", normalized,
                    seed, "w2_11_", story, Figures(fig), tuple(questions))


def road_signs_scenario(learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """The week-2 flight simulator for one learner: road signs and traffic lights.

    A start-up detects several kinds of road signs and traffic lights in front-camera
    images, with a small set from its own cars and a large set from the internet.
    Fifteen questions cover splitting data from two distributions, building a first
    system quickly, error-analysis ceilings, incorrectly labelled data, synthetic data,
    bias/variance/mismatch readings with a training-dev set, addressing data mismatch,
    multi-task learning (with missing labels), transfer learning and end-to-end learning.

    Parameters
    ----------
    learner_id : str, default ""
        The learner id written at the top of the notebook; ``""`` gives the default
        numbers. Case and surrounding spaces do not matter.

    Returns
    -------
    Scenario

    Examples
    --------
    >>> road = road_signs_scenario("ada")
    >>> road.question(8).spec.kind
    'choice'
    >>> from course_lib.strategy import diagnose
    >>> diagnose(**road.data.ladder, unit="percent").focus[0] == road.answer("q08")
    True
    """
    scenario = _road(normalize_learner_id(learner_id))
    if scenario.learner_id == learner_id:
        return scenario
    return _with_id(scenario, learner_id)


# ============================================================================ score summary
_LECTURE_TITLES = {
    "01_orthogonalization": "Orthogonalization",
    "02_single_number_metric": "Single number evaluation metric",
    "03_satisficing_optimizing": "Satisficing and optimizing metrics",
    "04_train_dev_test_distributions": "Train/dev/test distributions",
    "05_size_of_dev_test_sets": "Size of the dev and test sets",
    "06_change_dev_test_and_metrics": "When to change dev/test sets and metrics",
    "07_human_level_performance": "Comparing to human-level performance",
    "08_avoidable_bias": "Avoidable bias",
    "09_understanding_human_level": "Understanding human-level performance",
    "10_surpassing_human_level": "Surpassing human-level performance",
    "11_improving_model_performance": "Improving your model's performance",
    "01_error_analysis": "Carrying out error analysis",
    "02_incorrectly_labeled_data": "Cleaning up incorrectly labelled data",
    "03_build_first_then_iterate": "Build your first system quickly, then iterate",
    "04_different_distributions": "Training and testing on different distributions",
    "05_mismatched_bias_variance": "Bias and variance with mismatched distributions",
    "06_addressing_data_mismatch": "Addressing data mismatch",
    "07_transfer_learning": "Transfer learning",
    "08_multi_task_learning": "Multi-task learning",
    "09_end_to_end_learning": "What is end-to-end learning?",
    "10_whether_end_to_end": "Whether to use end-to-end learning",
}


def _lecture_label(path: str) -> str:
    stem = Path(path).stem
    week = Path(path).parent.name
    title = _LECTURE_TITLES.get(stem, stem)
    return f"{week} · {stem[:2]} {title}"


@dataclass(frozen=True)
class SummaryRow:
    """One line of a :class:`ScoreSummary`: a question and whether it was answered right."""

    number: int
    question_id: str
    title: str
    concepts: tuple[str, ...]
    status: Literal["right", "not yet", "not answered"]
    lecture: str


@dataclass(frozen=True)
class ScoreSummary:
    """The result of :func:`score_summary`: a score and what to review. Shows no answers."""

    title: str
    rows: tuple[SummaryRow, ...]

    @property
    def score(self) -> int:
        """Number of questions answered right."""
        return sum(row.status == "right" for row in self.rows)

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.rows)

    @property
    def to_review(self) -> tuple[SummaryRow, ...]:
        """The rows of the questions not (yet) answered right."""
        return tuple(row for row in self.rows if row.status != "right")

    def _repr_markdown_(self) -> str:
        marks = {"right": "✔ right", "not yet": "✘ not yet", "not answered": "— not answered"}
        lines = [f"### {self.title}: {self.score} / {self.total}", "",
                 "| # | question | tests | result | review |", "|---:|:---|:---|:---|:---|"]
        for row in self.rows:
            review = "" if row.status == "right" else \
                f"[{_lecture_label(row.lecture)}]({row.lecture})"
            lines.append(f"| {row.number} | {row.title} | {', '.join(row.concepts)} | "
                         f"{marks[row.status]} | {review} |")
        if not self.to_review:
            lines += ["", "Every question is right — well flown!"]
        else:
            lines += ["", "For each question not yet right, the last column links to the "
                      "lecture notebook to review; then run its check cell again."]
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [f"{self.title}: {self.score} / {self.total}"]
        for row in self.rows:
            where = "" if row.status == "right" else f"  -> review {row.lecture}"
            lines.append(f"  Q{row.number:>2} {row.title}: {row.status}{where}")
        return "\n".join(lines)


def score_summary(scenario: Scenario, answers: Mapping[str, Any]) -> ScoreSummary:
    """Re-run every question's self-check quietly and list what to review.

    Nothing is printed and no explanation is revealed: for each question the summary
    says only "right", "not yet" or "not answered", with a link to the lecture
    notebook to review for the ones not yet right. Failed attempts counted here do not
    bring the explanations of :func:`course_lib.check` closer.

    Parameters
    ----------
    scenario : Scenario
        The learner's scenario (its ``learner_id`` is used for the checks).
    answers : mapping of str to Any
        The answers by question id (``{"q01": "B", ...}``); in a notebook, pass
        ``globals()``. Missing ids count as "not answered".

    Returns
    -------
    ScoreSummary
        Displays as a Markdown table in a notebook.

    Examples
    --------
    >>> birds = birds_scenario("ada")
    >>> summary = score_summary(birds, {"q01": birds.answer("q01"), "q02": "Z"})
    >>> summary.score, summary.rows[1].status, summary.rows[2].status
    (1, 'not yet', 'not answered')
    """
    from course_lib.exercises.registry import get_exercise
    from course_lib.exercises.selfcheck import evaluate

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario (e.g. birds_scenario(LEARNER_ID)), got "
                        f"{type(scenario).__name__}")
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a mapping such as globals() or "
                        f"{{'q01': 'B'}}, got {type(answers).__name__}")
    rows = []
    context = {"learner": scenario.learner_id}
    for q in scenario.questions:
        if q.id not in answers:
            status = "not answered"
        else:
            exercise = get_exercise(scenario.exercise_prefix + q.id)
            try:
                outcome = evaluate(exercise, answers[q.id], exercise.visible(),
                                   show_inputs=False, context=context)
                status = "right" if outcome.ok else "not yet"
            except Exception:  # noqa: BLE001 - whatever an answer does, it is not right
                status = "not yet"
        rows.append(SummaryRow(q.number, q.id, q.title, q.spec.concepts, status, q.spec.lecture))
    return ScoreSummary(scenario.title, tuple(rows))


# ===================================================================== learner ids in notebooks
_VARIABLE = "LEARNER_ID"
_IPYTHON_LINE = re.compile(r"^(\s*)([%!?].*|.*\?\s*)$")


def _read_notebook(notebook: str | os.PathLike[str] | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(notebook, Mapping):
        return notebook
    if isinstance(notebook, (str, os.PathLike)):
        path = Path(notebook)
        if not path.is_file():
            raise FileNotFoundError(f"no notebook at {path}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not a notebook (invalid JSON: {exc})") from exc
    raise TypeError(f"give a notebook path or a notebook dict, got {type(notebook).__name__}")


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _python_only(source: str) -> str:
    """Blank out IPython-only lines (magics, shell escapes, help) so ast can parse the rest."""
    return "\n".join(match.group(1) + "pass" if (match := _IPYTHON_LINE.match(line)) else line
                     for line in source.splitlines())


class _Assignments(ast.NodeVisitor):
    """Collect what module-level code assigns to ``LEARNER_ID`` (literal str, or None)."""

    def __init__(self) -> None:
        self.found: list[str | None] = []

    def _target(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name) and target.id == _VARIABLE:
            literal = value.value if isinstance(value, ast.Constant) else None
            self.found.append(literal if isinstance(literal, str) else None)
        elif isinstance(target, (ast.Tuple, ast.List, ast.Starred)):
            elements = target.elts if not isinstance(target, ast.Starred) else [target.value]
            for element in elements:
                self._target(element, None)

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802 - ast API
        for target in node.targets:
            self._target(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # noqa: N802 - ast API
        if node.value is not None:
            self._target(node.target, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)

    def visit_For(self, node: ast.For) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802 - ast API
        return None  # assignments inside a function do not set the notebook's variable

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast API

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 - ast API
        return None

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802 - ast API
        return None


def learner_id_assignments(
    notebook: str | os.PathLike[str] | Mapping[str, Any],
) -> list[str | None]:
    """Every assignment to ``LEARNER_ID`` in a notebook's code cells, in order.

    Each entry is the string literal assigned, or ``None`` when the assigned value is
    not a plain string literal (an expression, a variable, a number, an unpacking...).
    The notebook is only parsed with :mod:`ast`; no code is ever executed.

    Parameters
    ----------
    notebook : path or mapping
        A path to an ``.ipynb`` file, or the notebook as a dict / ``nbformat`` node.

    Returns
    -------
    list of (str or None)

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "source": 'LEARNER_ID = "ada"'},
    ...                 {"cell_type": "code", "source": "LEARNER_ID = name.lower()"}]}
    >>> learner_id_assignments(nb)
    ['ada', None]
    """
    data = _read_notebook(notebook)
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise ValueError("the notebook has no list of cells (is it an .ipynb file?)")
    found: list[str | None] = []
    for cell in cells:
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        source = _cell_source(cell)
        if _VARIABLE not in source:
            continue
        visitor = _Assignments()
        try:
            visitor.visit(ast.parse(_python_only(source)))
        except SyntaxError:
            # A cell that does not parse as a whole: read its lines one by one.
            for line in source.splitlines():
                try:
                    visitor.visit(ast.parse(line.strip()))
                except SyntaxError:
                    continue
        found.extend(visitor.found)
    return found


def learner_id_in_notebook(notebook: str | os.PathLike[str] | Mapping[str, Any]) -> str | None:
    """The learner id a notebook declares, read from the cell that assigns ``LEARNER_ID``.

    The flight-simulator notebooks ask the learner to write ``LEARNER_ID = "..."`` once,
    at the top; their numbers and their grading depend on it. A grader compares the id
    found here with the student id of the submission (after
    :func:`normalize_learner_id`, since case and spaces do not change the numbers) and
    reports submissions that differ. The notebook is parsed with :mod:`ast`; nothing in
    it is executed.

    Parameters
    ----------
    notebook : path or mapping
        A path to an ``.ipynb`` file, or the notebook as a dict / ``nbformat`` node.

    Returns
    -------
    str or None
        The string literal of the *last* assignment (the one in force for the cells
        after it), exactly as written (``""`` when left empty). ``None`` when the
        notebook never assigns ``LEARNER_ID`` or its last assignment is not a plain
        string literal. Use :func:`learner_id_assignments` to see every assignment,
        e.g. to flag notebooks that assign several different ids.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    ValueError
        If the file is not a notebook.
    TypeError
        If ``notebook`` is neither a path nor a mapping.

    Notes
    -----
    Only literal assignments in code cells are seen; code that sets the variable
    indirectly (``globals()["LEARNER_ID"] = ...``, ``exec``) is not, so a grader should
    treat ``None`` as "could not be determined".

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "LEARNER_ID = 'not code'"},
    ...                 {"cell_type": "code", "source": '%matplotlib inline\\nLEARNER_ID = "Ada"'}]}
    >>> learner_id_in_notebook(nb)
    'Ada'
    >>> learner_id_in_notebook({"cells": []}) is None
    True
    """
    found = learner_id_assignments(notebook)
    return found[-1] if found else None


# ============================================================================ exercises
def make_exercises(scenario: Callable[[str], Scenario], specs: Sequence[QuestionSpec],
                   prefix: str) -> tuple[Any, ...]:
    """The graded exercises of a flight simulator, one per question, for the registry.

    Each exercise is a value exercise whose context is the learner id
    (``check("w1_12_q03", q03, learner=LEARNER_ID)``): the reference, every typical
    mistake and the explanation are computed from ``scenario(learner)``, so they follow
    that learner's numbers. Letters and short choices are compared without regard to
    case; numbers within the question's tolerance.

    Parameters
    ----------
    scenario : callable
        ``scenario(learner_id) -> Scenario``, e.g. :func:`birds_scenario`.
    specs : sequence of QuestionSpec
        The questions, e.g. :data:`BIRDS_QUESTIONS`.
    prefix : str
        The exercise-id prefix, e.g. ``"w1_12_"``.

    Returns
    -------
    tuple of course_lib.exercises.registry.Exercise

    Examples
    --------
    >>> exercises = make_exercises(birds_scenario, BIRDS_QUESTIONS, "w1_12_")
    >>> exercises[0].id, exercises[0].reference(learner="ada") == birds_scenario("ada").answer(1)
    ('w1_12_q01', True)
    """
    from course_lib.exercises.compare import Label, LabelSet, Number
    from course_lib.exercises.registry import Case, Exercise, Mistake

    def compare_for(spec: QuestionSpec) -> Any:
        if spec.kind == "letters":
            return LabelSet()
        if spec.kind == "number":
            return Number(rel=0.0, abs=spec.tolerance)
        return Label(choices=spec.choices, case_sensitive=False)

    def build(number: int, spec: QuestionSpec) -> Any:
        qid = spec.id

        def reference(learner: str = DEFAULT_LEARNER) -> Any:
            return scenario(learner).answer(qid)

        def explanation(learner: str = DEFAULT_LEARNER) -> str:
            return _plain(scenario(learner).explanation(qid))

        def wrong_for(role: str) -> Callable[..., Any]:
            def wrong(learner: str = DEFAULT_LEARNER) -> Any:
                return scenario(learner).wrong_answer(qid, role)
            return wrong

        mistakes = tuple(Mistake(m.role, wrong_for(m.role), m.hint) for m in spec.mistakes)
        case = Case(f"your answer to question {number}", hint=spec.hint or None)
        return Exercise(
            id=f"{prefix}{qid}", title=f"question {number}: {spec.title}", kind="value",
            reference=reference, compare=compare_for(spec), mistakes=mistakes,
            visible=lambda: [case],
            explanation=explanation, reveal_after=3, sample_context={"learner": "ada"},
        )

    return tuple(build(i + 1, spec) for i, spec in enumerate(specs))
