"""Graded exercises: the registry, comparisons, self-checks and hidden grading.

Learners call :func:`check`; nbgrader test cells also call :func:`grade`.
"""

from __future__ import annotations

from course_lib.exercises.decisions import decision
from course_lib.exercises.hints import hint
from course_lib.exercises.notebook_hooks import install as _install_notebook_hooks
from course_lib.exercises.progress import progress
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
from course_lib.exercises.workspace import learner_id, set_learner_id

__all__ = [
    "Case", "Exercise", "Mistake", "CheckFailed", "all_exercises", "check", "decision",
    "get_exercise",
    "grade", "hint", "learner_id", "progress", "register", "score_summary", "set_learner_id",
]

_install_notebook_hooks()  # in a learner's kernel: "not answered yet" instead of tracebacks
