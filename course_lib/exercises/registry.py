"""The exercise registry: every graded exercise, defined once, as data.

An :class:`Exercise` is the public part of an exercise: what is asked, the visible cases
the self-check runs, how answers are compared, the hints of typical mistakes, and -- for a
function exercise -- the library function it is checked against. What only the grader may
know (hidden cases, the right value of a value exercise, explanations) is the exercise's
:class:`~course_lib.exercises.keys.Key`, kept apart in the ``answer_key`` package.

Exercises live in modules named after their notebook, e.g.
``course_lib/exercises/w1_02_single_number_metric.py`` defines the exercises of
``week1/02_single_number_metric.ipynb``; the course manifest (:mod:`course_lib.manifest`)
says which notebook grades which exercise. :func:`get_exercise` imports the right module
on demand, so a self-check loads only what it needs.
"""

from __future__ import annotations

import hashlib
import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from course_lib.exercises.compare import Comparator
from course_lib.validation import check_text

ID_PATTERN = re.compile(r"^w\d+_\d\d_[a-z0-9_]+$")
#: the kinds of exercise, and those played on a game (graded by replay, in the grader)
KINDS = ("function", "value", "policy", "game_log")
GAME_KINDS = ("policy", "game_log")

_REGISTRY: dict[str, Exercise] = {}


@dataclass(frozen=True)
class Case:
    """One test case: the arguments given to the learner's function.

    Parameters
    ----------
    label : str
        A short description shown to the learner when this case fails
        (e.g. ``"no positive predictions at all"``).
    args : tuple
        Positional arguments for the function (ignored for value exercises).
    kwargs : dict
        Keyword arguments for the function.
    hint : str, optional
        A hint shown when this particular case fails and no typical mistake matched.

    Examples
    --------
    >>> Case("two examples", ([1, 0], [1, 1])).label
    'two examples'
    """

    label: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    hint: str | None = None


@dataclass(frozen=True)
class Mistake:
    """A typical mistake and the hint to give when an answer makes it.

    For a function exercise, ``wrong`` is the wrong implementation: when the learner's
    output on a failing case equals ``wrong(*args, **kwargs)`` (compared with the
    exercise's comparator), ``hint`` is shown. For a value exercise ``wrong`` is ``None``:
    the wrong value depends on the data and is computed by the exercise's key
    (:attr:`~course_lib.exercises.keys.Key.wrong_answers`, under the same ``name``).

    Examples
    --------
    >>> m = Mistake("arithmetic mean", lambda p, r: (p + r) / 2, "F1 is a harmonic mean.")
    >>> m.wrong(0.5, 1.0)
    0.75
    """

    name: str
    wrong: Callable[..., Any] | None
    hint: str


@dataclass(frozen=True)
class Exercise:
    """A graded exercise, defined once for self-checks and hidden tests.

    Parameters
    ----------
    id : str
        ``w<week>_<notebook>_<name>``, e.g. ``"w1_02_f1_score"``.
    title : str
        What the learner is asked to produce, in a few words.
    kind : {"function", "value", "policy", "game_log"}
        ``"function"``: the answer is a function, called on each case.
        ``"value"``: the answer is a value (a number, a name, a table); the right value
        is the key's (:attr:`~course_lib.exercises.keys.Key.answer`).
        ``"policy"``: the answer is a game policy ``policy(observation) -> decision``; a
        grading kernel records its source, and the grader plays it on hidden games
        (:mod:`course_lib.exercises.games`).
        ``"game_log"``: the answer is the log of a game the learner played; the grader
        replays it on the learner's own game.
    reference : callable or None
        A function exercise's reference implementation (a public function of the
        library); ``None`` for the other kinds.
    compare : Comparator
        How an answer is compared with the expected one.
    visible : callable
        ``visible() -> list[Case]``: the cases the self-check runs.
    mistakes : sequence of Mistake
        Typical mistakes with their hints.
    signature : str
        How the learner's function is called, shown in messages,
        e.g. ``"f1_score(y_true, y_pred)"``.
    reveal_after : int, default 3
        Failed self-checks after which the explanation (if the key has one) is shown.
    sample_context : dict, optional
        A context the test suite uses to exercise a per-learner exercise
        (e.g. ``{"learner": "ada"}``).
    hints : sequence of str
        Hints on demand (:func:`course_lib.exercises.hints.hint`), from the most general to
        the most specific; none of them gives the answer away. Markdown.
    game : GameSpec, optional
        The game a ``"policy"`` or ``"game_log"`` exercise is played on
        (:class:`course_lib.exercises.games.GameSpec`); ``None`` for the other kinds.

    Value exercises may depend on a context given to ``check`` as keyword arguments
    (e.g. ``learner="ada"`` for per-learner numbers): it is passed to the key's
    ``answer``, ``wrong_answers`` and ``explanation``.

    Examples
    --------
    >>> from course_lib.exercises.compare import Number
    >>> ex = Exercise("w1_99_double", "double a number", "function", lambda x: 2 * x,
    ...               Number(), visible=lambda: [Case("one", (1.0,))])
    >>> ex.reference(2.0)
    4.0
    >>> Exercise("w1_99_three", "three", "value", None, Number()).kind
    'value'
    """

    id: str
    title: str
    kind: Literal["function", "value", "policy", "game_log"]
    reference: Callable[..., Any] | None
    compare: Comparator
    visible: Callable[[], list[Case]] = lambda: [Case("the answer")]
    mistakes: Sequence[Mistake] = ()
    signature: str = ""
    reveal_after: int = 3
    sample_context: dict[str, Any] = field(default_factory=dict)
    hints: Sequence[str] = ()
    game: Any = None

    def __post_init__(self) -> None:
        if isinstance(self.hints, str) or any(not isinstance(h, str) or not h.strip()
                                              for h in self.hints):
            raise TypeError(f"{self.id}: hints must be a sequence of non-empty strings")
        if not ID_PATTERN.match(self.id):
            raise ValueError(
                f"exercise id {self.id!r} must look like 'w1_02_name' (week, notebook, name)"
            )
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}, "
                             f"got {self.kind!r}")
        if (self.kind == "function") != (self.reference is not None):
            raise ValueError(f"{self.id}: a function exercise has a reference implementation, "
                             "the other kinds none (a value's right value is in its key)")
        if (self.kind in GAME_KINDS) != (self.game is not None):
            raise ValueError(f"{self.id}: a policy or game_log exercise needs its game "
                             "(game=GameSpec(...)), the other kinds none")
        if self.kind != "function" and any(m.wrong is not None for m in self.mistakes):
            raise ValueError(f"{self.id}: the wrong values of a value exercise's mistakes "
                             "belong in its key (Key.wrong_answers)")

    @property
    def seed(self) -> int:
        """The seed of the hidden cases in self-study, derived from the id alone.

        Grading draws them from a course secret instead (``answer_key.seeds``), so that the
        public id does not tell which cases will be graded.
        """
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:4], "big")


def register(*exercises: Exercise) -> None:
    """Add exercises to the registry (a module of ``course_lib.exercises`` calls this).

    Raises
    ------
    ValueError
        If an id is registered twice with a different definition.
    """
    for exercise in exercises:
        if not isinstance(exercise, Exercise):
            raise TypeError(f"register() takes Exercise objects, got {type(exercise).__name__}")
        old = _REGISTRY.get(exercise.id)
        if old is not None and old is not exercise and old.title != exercise.title:
            raise ValueError(f"exercise id {exercise.id!r} is defined twice")
        _REGISTRY[exercise.id] = exercise


def get_exercise(exercise_id: str) -> Exercise:
    """Return the exercise with this id, importing its module if needed.

    Raises
    ------
    TypeError
        If the id is not a string.
    KeyError
        If no exercise has this id; the message lists the ids of that notebook.

    Examples
    --------
    >>> get_exercise("w1_02_f1_score").signature
    'f1_score(y_true, y_pred)'
    """
    check_text(exercise_id, "the exercise id")
    if exercise_id in _REGISTRY:
        return _REGISTRY[exercise_id]
    from course_lib.manifest import course

    try:
        entry = course().exercise(exercise_id)
    except KeyError:
        import difflib

        close = difflib.get_close_matches(exercise_id, course().exercise_ids, n=3)
        hint = (f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else
                " The exercise id is written above each exercise, e.g. 'w1_02_f1_score'.")
        raise KeyError(f"there is no exercise called {exercise_id!r}.{hint}") from None
    importlib.import_module(entry.notebook.module)
    if exercise_id not in _REGISTRY:
        raise KeyError(f"the course lists exercise {exercise_id!r} in {entry.notebook.path}, but "
                       f"{entry.notebook.module} does not define it")
    return _REGISTRY[exercise_id]


def all_exercises() -> dict[str, Exercise]:
    """Import every exercise module and return the whole registry, by id.

    Examples
    --------
    >>> "w1_02_f1_score" in all_exercises()
    True
    """
    from course_lib.manifest import course

    for notebook in course().notebooks:
        importlib.import_module(notebook.module)
    return dict(sorted(_REGISTRY.items()))
