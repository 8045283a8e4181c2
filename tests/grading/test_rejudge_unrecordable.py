"""Re-checking outside the kernel: answers the transcript cannot hold (e.g. a network)."""

from __future__ import annotations

import copy

import pytest

from course_lib.exercises.registry import get_exercise
from course_lib.exercises.selfcheck import hidden_cases
from course_lib.exercises.transcript import record, rejudge

pytestmark = pytest.mark.slow

EXERCISE = "w2_07_transfer_network"  # its answers are trained networks


def _reference_outputs():
    exercise = get_exercise(EXERCISE)
    return [exercise.reference(*copy.deepcopy(c.args), **copy.deepcopy(c.kwargs))
            for c in hidden_cases(exercise)]


def test_a_right_network_answer_keeps_its_points():
    assert rejudge(record(EXERCISE, _reference_outputs(), {})) is None


def test_an_object_of_another_type_is_still_refused():
    class Impostor:
        def __eq__(self, other):
            return True

    outputs = [Impostor()] * len(_reference_outputs())
    reason = rejudge(record(EXERCISE, outputs, {}))
    assert reason is not None and "expected a course_lib.nn.Network" in reason


def test_recordable_answers_are_still_rechecked():
    cases = hidden_cases(get_exercise("w1_02_recall"))
    assert rejudge(record("w1_02_recall", [0.5] * len(cases), {})) is not None
