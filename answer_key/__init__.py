"""The course's answer key: hidden cases, right values, wrong values and explanations.

Grader side only. ``course_lib`` never imports this package: it finds it through the
``course_lib.answer_keys`` entry point (:func:`course_lib.exercises.keys.find_key`), so a
grading sandbox, which does not mount it, and a learner's install in a graded course, which
does not include it, have no answer key at all. One module per notebook, named like the
notebook's exercise module, holds the :class:`~course_lib.exercises.keys.Key` of each of its
exercises in ``KEYS``.

Examples
--------
>>> key("w1_05_standard_error").hidden is not None
True
>>> key("w9_99_nothing") is None
True
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from course_lib.exercises.keys import Key

__all__ = ["key", "keys_by_id"]


def keys_by_id(keys: Iterable[Key]) -> dict[str, Key]:
    """``{exercise id: key}`` for a module's ``KEYS`` (an id given twice is an error).

    Examples
    --------
    >>> sorted(keys_by_id([Key("w1_99_a"), Key("w1_99_b")]))
    ['w1_99_a', 'w1_99_b']
    """
    found: dict[str, Key] = {}
    for k in keys:
        if k.exercise_id in found:
            raise ValueError(f"two keys for exercise {k.exercise_id!r}")
        found[k.exercise_id] = k
    return found


def key(exercise_id: str) -> Key | None:
    """The key of an exercise of the course, or ``None`` if the course has no such exercise."""
    from course_lib.manifest import course

    try:
        entry = course().exercise(exercise_id)
    except KeyError:
        return None
    module = importlib.import_module(f"answer_key.{entry.notebook.module.rpartition('.')[2]}")
    return module.KEYS.get(exercise_id)
