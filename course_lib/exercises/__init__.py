"""Graded exercises: the registry, comparisons, self-checks and hidden grading.

Learners call :func:`check`; nbgrader test cells also call :func:`grade`.
"""

from __future__ import annotations

from course_lib.exercises.registry import (
    Case,
    Exercise,
    Mistake,
    all_exercises,
    get_exercise,
    register,
)
from course_lib.exercises.scenario import score_summary
from course_lib.exercises.selfcheck import CheckFailed, check, grade

__all__ = [
    "Case", "Exercise", "Mistake", "CheckFailed", "all_exercises", "check", "get_exercise",
    "grade", "register", "score_summary",
]
