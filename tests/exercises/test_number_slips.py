"""Slips of scale, rounding and type get a message naming the slip, in every numeric exercise."""

from __future__ import annotations

import copy

import pytest
from helpers.functions import copy_of

from course_lib.exercises import all_exercises
from course_lib.exercises.compare import Number
from course_lib.exercises.selfcheck import evaluate

EXERCISES = all_exercises()
NUMERIC = [i for i, e in EXERCISES.items()
           if e.kind == "function" and isinstance(e.compare, Number) and not e.compare.integer
           and not i.startswith("w1_99_")]


def _first_nonzero_case(exercise):
    for case in exercise.visible():
        out = exercise.reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        if isinstance(out, float) and abs(out) > 1e-6:
            return case, out
    return None, None


@pytest.mark.parametrize("exercise_id", NUMERIC)
def test_a_percent_where_a_fraction_is_asked_is_named(exercise_id):
    exercise = EXERCISES[exercise_id]
    case, right = _first_nonzero_case(exercise)
    if case is None:
        pytest.skip("no visible case with a non-zero float answer")
    reference = copy_of(exercise.reference)

    def in_percent(*args, **kwargs):
        return 100 * reference(*args, **kwargs)

    outcome = evaluate(exercise, in_percent, [case], show_inputs=True)
    assert not outcome.ok and "100 times too large" in outcome.failure


def test_messages_of_the_comparator():
    assert "100 times too small" in Number()(0.0005, 0.05)
    assert "rounded to 1 decimal:" in Number()(0.1, 0.1234)
    assert Number()(0.2, 0.1234) == "the number is not the expected one"
    assert "expected an integer (int), got float" in Number(integer=True)(42.0, 42)
    assert Number(integer=True)(42, 42) is None
