"""The exercise registry: every graded exercise, defined once, as data.

An :class:`Exercise` says how to build its test cases (visible ones, and hidden
randomized ones from a seed), which reference implementation it is compared with,
how answers are compared, and which hints match typical mistakes.

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

ID_PATTERN = re.compile(r"^w\d+_\d\d_[a-z0-9_]+$")

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
    """A typical mistake: a wrong implementation and the hint to give when it matches.

    When the learner's output on a failing case equals ``wrong(*args, **kwargs)``
    (compared with the exercise's comparator), ``hint`` is shown.

    Examples
    --------
    >>> m = Mistake("arithmetic mean", lambda p, r: (p + r) / 2, "F1 is a harmonic mean.")
    >>> m.wrong(0.5, 1.0)
    0.75
    """

    name: str
    wrong: Callable[..., Any]
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
    kind : {"function", "value"}
        ``"function"``: the answer is a function, called on each case.
        ``"value"``: the answer is a value (a number, a name, a table) and the
        reference is called with no argument to compute the expected value.
    reference : callable
        The reference implementation (for a value: a function computing it).
    compare : Comparator
        How an answer is compared with the reference's result.
    visible : callable
        ``visible() -> list[Case]``: the cases the self-check runs.
    hidden : callable, optional
        ``hidden(rng) -> list[Case]``: extra randomized cases for grading.
    mistakes : sequence of Mistake
        Typical mistakes with their hints.
    signature : str
        How the learner's function is called, shown in messages,
        e.g. ``"f1_score(y_true, y_pred)"``.
    explanation : callable, optional
        ``explanation(**context) -> str``: why the right answer is right (and why
        the wrong options are wrong). The self-check prints it once the answer is
        correct, or after ``reveal_after`` failed attempts.
    reveal_after : int, default 3
        Failed self-checks after which the explanation is shown anyway.
    sample_context : dict, optional
        A context the test suite uses to exercise a per-learner exercise
        (e.g. ``{"learner": "ada"}``).

    Value exercises may depend on a context given to ``check``/``grade`` as
    keyword arguments (e.g. ``learner="ada"`` for per-learner numbers): it is
    passed to ``reference``, to each ``Mistake.wrong`` and to ``explanation``.

    Examples
    --------
    >>> from course_lib.exercises.compare import Number
    >>> ex = Exercise("w1_99_double", "double a number", "function", lambda x: 2 * x,
    ...               Number(), visible=lambda: [Case("one", (1.0,))])
    >>> ex.reference(2.0)
    4.0
    """

    id: str
    title: str
    kind: Literal["function", "value"]
    reference: Callable[..., Any]
    compare: Comparator
    visible: Callable[[], list[Case]] = lambda: [Case("the answer")]
    hidden: Callable[[Any], list[Case]] | None = None
    mistakes: Sequence[Mistake] = ()
    signature: str = ""
    explanation: Callable[..., str] | None = None
    reveal_after: int = 3
    sample_context: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not ID_PATTERN.match(self.id):
            raise ValueError(
                f"exercise id {self.id!r} must look like 'w1_02_name' (week, notebook, name)"
            )
        if self.kind not in ("function", "value"):
            raise ValueError(f"kind must be 'function' or 'value', got {self.kind!r}")

    @property
    def seed(self) -> int:
        """The fixed seed of the hidden cases, derived from the id (stable across runs)."""
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
    if not isinstance(exercise_id, str):
        raise TypeError(f"the exercise id must be a string, got {type(exercise_id).__name__}")
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
