"""The cases an exercise is checked on, and the reference's answer on each.

The self-check runs an exercise's visible cases; grading runs the visible ones, then the
randomized hidden ones drawn from the exercise's seed (:func:`hidden_cases`). The expected
answer on a case is the reference implementation's (:func:`reference_answer`), computed on a
copy of the case's inputs with the reference's warnings and stderr kept out of the output.

Examples
--------
>>> from course_lib.exercises.registry import get_exercise
>>> exercise = get_exercise("w1_02_recall")
>>> len(hidden_cases(exercise)) > len(exercise.visible())
True
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from course_lib.exercises.registry import Case, Exercise

__all__ = ["hidden_cases", "reference_answer", "silenced"]


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Keep warnings/stderr of the course's own reference code out of the test cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stderr(io.StringIO()):
            yield


def reference_answer(exercise: Exercise, case: Case, context: dict[str, Any]) -> Any:
    """The reference's answer on ``case`` (or, for a value exercise, in ``context``).

    The case's inputs are copied first, and the reference's warnings and stderr are kept
    out of the learner's output.
    """
    with silenced():
        if exercise.kind == "value":
            return exercise.reference(**context)
        return exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def hidden_cases(exercise: Exercise) -> list[Case]:
    """The cases the hidden grade runs: the visible ones, then the randomized ones."""
    cases = list(exercise.visible())
    if exercise.hidden is not None:
        cases += exercise.hidden(np.random.default_rng(exercise.seed))
    return cases
