"""The cases an exercise is checked on, the expected answer on each, and the typical wrong ones.

The self-check runs an exercise's visible cases; grading runs the visible ones, then the
randomized hidden ones its key draws from a seed (:func:`hidden_cases`). The expected
answer on a case (:func:`expected_answer`) is the reference implementation's for a function
exercise -- computed on a copy of the case's inputs, with the reference's warnings and
stderr kept out of the output -- and the key's right value for a value exercise.

Examples
--------
>>> from course_lib.exercises.registry import get_exercise
>>> exercise = get_exercise("w1_02_recall")
>>> expected_answer(exercise, exercise.visible()[0], {}) == exercise.reference(
...     *exercise.visible()[0].args)
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

from course_lib.exercises.keys import KeyUnavailable, find_key
from course_lib.exercises.registry import Case, Exercise, Mistake

__all__ = ["expected_answer", "hidden_cases", "silenced", "wrong_answer"]


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Keep warnings/stderr of the course's own code out of the test cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.redirect_stderr(io.StringIO()):
            yield


def hidden_cases(exercise: Exercise, seed: int | None = None) -> list[Case]:
    """The cases grading runs: the visible ones, then the key's randomized ones.

    Parameters
    ----------
    exercise : Exercise
        A function exercise (a value exercise has only its one visible case).
    seed : int, optional
        Seed of the hidden cases; the exercise's public seed when omitted (self-study).

    Raises
    ------
    KeyUnavailable
        If the exercise has hidden cases but no answer key is installed here.
    """
    cases = list(exercise.visible())
    if exercise.kind != "function":
        return cases
    key = find_key(exercise.id)
    if key is None:
        raise KeyUnavailable(f"the hidden cases of {exercise.id} are in the answer key, "
                             "which is not installed here")
    if key.hidden is not None:
        cases += key.hidden(np.random.default_rng(exercise.seed if seed is None else seed))
    return cases


def expected_answer(exercise: Exercise, case: Case, context: dict[str, Any]) -> Any:
    """The right answer on ``case`` (or, for a value exercise, in ``context``).

    Raises
    ------
    KeyUnavailable
        For a value exercise, when no answer key is installed here.
    """
    with silenced():
        if exercise.kind == "function":
            assert exercise.reference is not None
            return exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        key = find_key(exercise.id)
        if key is None or key.answer is None:
            raise KeyUnavailable(f"the right value of {exercise.id} is in the answer key, "
                                 "which is not installed here")
        return key.answer(**context)


def wrong_answer(exercise: Exercise, mistake: Mistake, case: Case,
                 context: dict[str, Any]) -> Any:
    """What a typical mistake answers on ``case`` (``KeyUnavailable`` when it cannot be known).

    A function exercise's mistake is a wrong implementation, run on a copy of the inputs;
    a value exercise's wrong value comes from its key.
    """
    with silenced():
        if mistake.wrong is not None:
            return mistake.wrong(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        key = find_key(exercise.id)
        if key is None or mistake.name not in key.wrong_answers:
            raise KeyUnavailable(f"the wrong value of mistake {mistake.name!r} is in the key")
        return key.wrong_answers[mistake.name](**context)
