"""Judgement questions of the lecture notebooks: a new situation, the learner's numbers.

A lecture notebook teaches an idea; a *decision* asks the learner to use it on a situation
the notebook did not show ("here is a team's error table and their plan -- is the plan
right?"). Each learner gets their own numbers, drawn from their learner id, and the options
in their own order, so two learners cannot swap letters.

The public part of a decision is a :class:`DecisionSpec`: a ``build(rng)`` function that
writes the situation and its options from a seeded generator, and the typical wrong
reasonings with their hints. Options are named by what they *do* (``"more_data"``,
``"bigger_model"``), never by whether they are right: which option is right for a given set
of numbers is decided by the answer key (``answer_key``), from the numbers in
:attr:`Decision.data`, and so is the explanation of why each other option is wrong.

A lecture module registers its decisions with :func:`register_decision`; a notebook shows
one with :func:`decision` and checks the learner's letter with
``check(id, letter, learner=LEARNER_ID)`` like any value exercise.

Examples
--------
>>> spec = DecisionSpec(
...     id="w1_99_toy", title="a toy decision",
...     build=lambda rng: Situation(
...         f"A model has {int(rng.integers(2, 9))} % error. What next?",
...         {"wait": "Wait and see.", "look": "Look at its mistakes."}),
...     hints=("Think about what tells you most.", "Errors are information."))
>>> question = spec.question("ada")
>>> sorted(o.key for o in question.options)
['look', 'wait']
>>> question.letter("look") in "AB"
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from course_lib.flight.ids import learner_seed, normalize_learner_id
from course_lib.flight.text import plain_text
from course_lib.validation import check_text

__all__ = ["Decision", "DecisionOption", "DecisionSpec", "Situation", "decision",
           "decision_ids", "decision_key", "register_decision"]

_LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Situation:
    """What ``DecisionSpec.build(rng)`` returns: the prompt, the options and the numbers.

    Parameters
    ----------
    prompt : str
        The situation in Markdown, with this learner's numbers.
    options : mapping of str to str
        Option key (what the option does, e.g. ``"more_data"``) -> its text.
    data : mapping, optional
        The numbers of the situation by name, for a learner who wants to compute with them
        (and for the answer key, which decides from them).
    """

    prompt: str
    options: Mapping[str, str]
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionOption:
    """One option as one learner sees it: its letter, its key and its text."""

    letter: str
    key: str
    text: str


@dataclass(frozen=True)
class Decision:
    """One learner's version of a judgement question. Display it in a notebook.

    Attributes
    ----------
    id : str
        The exercise id, e.g. ``"w1_08_team_plan"``.
    title : str
        A few words shown in the header.
    prompt : str
        The situation, with this learner's numbers (Markdown).
    options : tuple of DecisionOption
        The options in this learner's order, lettered A, B, C, ...
    data : mapping
        The situation's numbers by name (read-only).
    """

    id: str
    title: str
    prompt: str
    options: tuple[DecisionOption, ...]
    data: Mapping[str, Any]

    def letter(self, key: str) -> str:
        """The letter of the option with this key.

        Raises
        ------
        KeyError
            If no option has this key.
        """
        for option in self.options:
            if option.key == key:
                return option.letter
        raise KeyError(f"{self.id} has no option {key!r}; its options are "
                       f"{', '.join(o.key for o in self.options)}")

    def text(self, letter: str) -> str:
        """The text of the option with this letter (any case)."""
        for option in self.options:
            if option.letter == str(letter).strip().upper():
                return option.text
        raise KeyError(f"{self.id} has no option {letter!r}")

    @property
    def letters(self) -> tuple[str, ...]:
        """The letters of the options, in order."""
        return tuple(o.letter for o in self.options)

    def _repr_markdown_(self) -> str:
        lines = [f"**Decision — {self.title}**", "", self.prompt.strip(), ""]
        lines += [f"- **{o.letter}.** {o.text}" for o in self.options]
        lines += ["", f'*Your answer:* one letter in quotes, e.g. `"{self.letters[-1]}"`.']
        return "\n".join(lines)

    def __str__(self) -> str:
        return plain_text(self._repr_markdown_())


@dataclass(frozen=True)
class DecisionSpec:
    """A judgement question, the same for every learner until numbers are drawn.

    Parameters
    ----------
    id : str
        The exercise id (``w<week>_<NN>_<name>``).
    title : str
        A few words: what is decided.
    build : callable
        ``build(rng) -> Situation``: the situation, options and numbers, drawn from a
        ``numpy.random.Generator`` seeded by the learner id. It must not say which option
        is right.
    mistakes : sequence of (str, str)
        Typical wrong reasonings: ``(name, hint)``. The answer key says, for each learner,
        which option each reasoning leads to; the hint must fit every learner's numbers and
        must not give the answer away.
    hints : sequence of str
        Hints on demand, from general to specific (at least two); neither names the answer.
    reveal_after : int
        Failed checks after which the explanation is shown.
    """

    id: str
    title: str
    build: Callable[[np.random.Generator], Situation]
    mistakes: Sequence[tuple[str, str]] = ()
    hints: Sequence[str] = ()
    reveal_after: int = 2

    def question(self, learner_id: str = "") -> Decision:
        """This learner's version of the question (the same id always gives the same one).

        Parameters
        ----------
        learner_id : str
            The learner id (``learner_id()`` in a notebook); ``""`` gives default numbers.
        """
        learner = normalize_learner_id(learner_id)
        rng = np.random.default_rng(learner_seed(learner, self.id))
        situation = self.build(rng)
        if not isinstance(situation, Situation) or len(situation.options) < 2:
            raise TypeError(f"{self.id}: build(rng) must return a Situation with at least "
                            "two options")
        if len(situation.options) > len(_LETTERS):
            raise ValueError(f"{self.id}: at most {len(_LETTERS)} options")
        keys = list(situation.options)
        order = rng.permutation(len(keys))
        options = tuple(DecisionOption(_LETTERS[i], keys[k], situation.options[keys[k]])
                        for i, k in enumerate(order))
        return Decision(self.id, self.title, situation.prompt, options,
                        MappingProxyType(dict(situation.data)))

    def exercise(self) -> Any:
        """The value exercise that grades this decision (a letter, per learner)."""
        from course_lib.exercises.compare import Label
        from course_lib.exercises.registry import Case, Exercise, Mistake

        letters = _LETTERS[:len(self.question("ada").options)]
        return Exercise(
            id=self.id, title=self.title, kind="value", reference=None,
            compare=Label(choices=tuple(letters), case_sensitive=False),
            visible=lambda: [Case("your decision", hint=self.hints[0] if self.hints else None)],
            mistakes=tuple(Mistake(name, None, hint) for name, hint in self.mistakes),
            reveal_after=self.reveal_after, sample_context={"learner": "ada"},
            hints=tuple(self.hints),
        )


_DECISIONS: dict[str, DecisionSpec] = {}


def register_decision(spec: DecisionSpec) -> DecisionSpec:
    """Register a decision and its exercise (a lecture module of ``course_lib.exercises``).

    Raises
    ------
    TypeError
        If ``spec`` is not a :class:`DecisionSpec`.
    ValueError
        If it has fewer than two hints.
    """
    from course_lib.exercises.registry import register

    if not isinstance(spec, DecisionSpec):
        raise TypeError(f"register_decision() takes a DecisionSpec, got {type(spec).__name__}")
    if len(spec.hints) < 2:
        raise ValueError(f"{spec.id}: a decision needs at least two hints, general then specific")
    _DECISIONS[spec.id] = spec
    register(spec.exercise())
    return spec


def decision_ids() -> tuple[str, ...]:
    """The ids of every decision registered so far (import the exercise modules first)."""
    return tuple(sorted(_DECISIONS))


def decision(exercise_id: str, learner_id: str = "") -> Decision:
    """Show one learner's version of a judgement question.

    Parameters
    ----------
    exercise_id : str
        The decision's exercise id, written above it in the notebook.
    learner_id : str
        Your learner id (``LEARNER_ID``); ``""`` gives the default numbers.

    Returns
    -------
    Decision
        Displays as the situation and its lettered options.

    Raises
    ------
    KeyError
        If the id is not a decision.

    Examples
    --------
    >>> decision("w1_08_team_plan", "ada").letters[:2]
    ('A', 'B')
    """
    from course_lib.exercises.registry import get_exercise

    check_text(exercise_id, "exercise_id")
    get_exercise(exercise_id)  # imports the notebook's module, which registers its decisions
    if exercise_id not in _DECISIONS:
        raise KeyError(f"{exercise_id!r} is not a decision question")
    return _DECISIONS[exercise_id].question(learner_id)


def decision_key(exercise_id: str, right: Callable[[Decision], str], *,
                 wrong: Mapping[str, Callable[[Decision], str]] | None = None,
                 explanation: Callable[[Decision], str] | None = None) -> Any:
    """The answer key of a decision, written with option keys instead of letters.

    Used by the ``answer_key`` package: each function gets the learner's
    :class:`Decision` and returns an option *key* (``right``, each of ``wrong``) or the
    explanation's Markdown (where ``d.letter(key)`` names an option the way that learner
    sees it).

    Examples
    --------
    >>> key = decision_key("w1_08_team_plan", lambda d: "stop")
    >>> key.answer(learner="ada") == decision("w1_08_team_plan", "ada").letter("stop")
    True
    """
    from course_lib.exercises.keys import Key

    def letter_of(pick: Callable[[Decision], str]) -> Callable[..., str]:
        return lambda learner="": (lambda d: d.letter(pick(d)))(decision(exercise_id, learner))

    explain = None
    if explanation is not None:
        def explain(learner: str = "") -> str:
            return explanation(decision(exercise_id, learner))
    return Key(exercise_id, answer=letter_of(right),
               wrong_answers={name: letter_of(pick) for name, pick in (wrong or {}).items()},
               explanation=explain)
