"""Hints on demand: ``hint(exercise_id)`` gives the next, more specific hint.

Each exercise has at least two hints (:attr:`~course_lib.exercises.registry.Exercise.hints`),
from a nudge in the right direction to a precise pointer; none gives the answer. The first
call shows the first; each later call the next one, then the last again. Hints asked for are
counted in the learner's progress (:mod:`course_lib.exercises.workspace`).

Examples
--------
>>> import os, tempfile
>>> os.environ["WORKBOOK_STATE"] = tempfile.mkdtemp()
>>> text = hint_text("w1_12_q01", 1)
>>> text.startswith("Hint 1 of")
True
>>> del os.environ["WORKBOOK_STATE"]
"""

from __future__ import annotations

from course_lib.exercises.registry import get_exercise
from course_lib.exercises.workspace import load, record

__all__ = ["hint", "hint_text"]


def hint_text(exercise_id: str, tier: int) -> str:
    """Hint number ``tier`` (1, 2, ...) of an exercise, headed "Hint k of n" (markdown).

    Raises
    ------
    TypeError
        If ``tier`` is not an int.
    ValueError
        If ``tier`` is below 1.
    KeyError
        If there is no exercise ``exercise_id``.
    """
    if type(tier) is not int:
        raise TypeError(f"the hint number must be an int, got {type(tier).__name__}")
    if tier < 1:
        raise ValueError(f"hints are numbered from 1, got {tier}")
    hints = get_exercise(exercise_id).hints
    if not hints:
        return "There is no hint for this exercise yet: re-read the task above it."
    shown = min(tier, len(hints))
    more = " (the last one)" if shown == len(hints) else f"; `hint({exercise_id!r})` again for more"
    return f"Hint {shown} of {len(hints)}{more}\n\n{hints[shown - 1]}"


def hint(exercise_id: str) -> None:
    """Show the next hint of an exercise (the first the first time).

    Parameters
    ----------
    exercise_id : str
        The id written above the exercise, e.g. ``"w1_02_f1_score"``.
    """
    asked = int(load()["exercises"].get(exercise_id, {}).get("hints", 0))
    text = hint_text(exercise_id, asked + 1)
    record(exercise_id, hint=True)
    from course_lib.exercises.report import show_markdown

    show_markdown(text, kind="hint")
