"""The answer key: what only the grader (and a self-study install) may know about an exercise.

An exercise is split in two. Its public part, an :class:`~course_lib.exercises.registry.
Exercise`, is what a learner may see: the task, the visible cases, how answers are
compared, the hints of typical mistakes, and -- for a function exercise -- the library
function it is checked against. Its :class:`Key` holds the rest:

- ``hidden(rng)`` -- the randomized cases grading adds to the visible ones;
- ``answer(**context)`` -- the right value of a value exercise (for a flight simulator, the
  right option for this learner's numbers);
- ``wrong_answers`` -- the value each typical mistake of a value exercise gives;
- ``explanation(**context)`` -- why the right answer is right and the others are not.

Keys live in the ``answer_key`` package, which ``course_lib`` never imports: it is found
through the ``course_lib.answer_keys`` entry point (:func:`find_key`). A self-study install
has it, so the self-checks can say "right" and explain; a grading sandbox and a learner's
environment in a graded course do not, and then :func:`find_key` returns ``None``.

Examples
--------
>>> key = find_key("w1_05_smallest_reliable_size")
>>> key is None or callable(key.answer)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from course_lib.validation import check_text

__all__ = ["ENTRY_POINT_GROUP", "Key", "KeyUnavailable", "find_key", "key_installed",
           "register_key"]

#: the entry-point group through which an answer key offers itself
ENTRY_POINT_GROUP = "course_lib.answer_keys"


class KeyUnavailable(LookupError):
    """The answer key is not installed here (a grading sandbox, or a learner's graded course)."""


@dataclass(frozen=True)
class Key:
    """The grader-side part of one exercise.

    Parameters
    ----------
    exercise_id : str
        The exercise it belongs to.
    hidden : callable, optional
        ``hidden(rng) -> list[Case]``: randomized cases of a function exercise, drawn from a
        seeded ``numpy.random.Generator``.
    answer : callable, optional
        ``answer(**context) -> value``: the right value of a value exercise.
    wrong_answers : mapping of str to callable
        For a value exercise: typical mistake name -> ``wrong(**context) -> value``.
    explanation : callable, optional
        ``explanation(**context) -> str``: why the right answer is right.

    Examples
    --------
    >>> Key("w1_99_x", answer=lambda: 3).answer()
    3
    """

    exercise_id: str
    hidden: Callable[[Any], list[Any]] | None = None
    answer: Callable[..., Any] | None = None
    wrong_answers: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    explanation: Callable[..., str] | None = None


_REGISTERED: dict[str, Key] = {}


def register_key(key: Key) -> None:
    """Add a key in this process only (for an exercise registered the same way, in tests).

    Examples
    --------
    >>> register_key(Key("w1_99_demo", answer=lambda: 1))
    >>> find_key("w1_99_demo").answer()
    1
    """
    if not isinstance(key, Key):
        raise TypeError(f"register_key() takes a Key, got {type(key).__name__}")
    _REGISTERED[key.exercise_id] = key


@lru_cache(maxsize=1)
def _providers() -> tuple[Callable[[str], Key | None], ...]:
    from importlib.metadata import entry_points

    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            found.append(entry.load())
        except Exception:  # noqa: BLE001 - an answer key that cannot load is not installed here
            continue
    return tuple(found)


def find_key(exercise_id: str) -> Key | None:
    """The answer key of an exercise, or ``None`` where no answer key is installed.

    Raises
    ------
    TypeError
        If ``exercise_id`` is not a string.
    """
    check_text(exercise_id, "the exercise id")
    if exercise_id in _REGISTERED:
        return _REGISTERED[exercise_id]
    for provider in _providers():
        key = provider(exercise_id)
        if key is not None:
            return key
    return None


def key_installed() -> bool:
    """Whether an answer key is installed in this environment.

    Examples
    --------
    >>> isinstance(key_installed(), bool)
    True
    """
    return bool(_providers())
