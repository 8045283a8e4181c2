"""Answers cross from the kernel to the grader as data, with their exact types, or not at all.

course_lib.exercises.encoding is the only way anything of the learner's reaches the grader:
what it cannot hold as data becomes Opaque, which no comparator accepts.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib.exercises.cases import expected_answer, hidden_cases
from course_lib.exercises.encoding import Opaque, Raised, decode, encode
from course_lib.exercises.registry import all_exercises
from course_lib.nn import Network
from course_lib.strategy import Diagnosis, diagnose

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False), st.text(max_size=5))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=12)


@given(values)
def test_plain_values_come_back_with_their_exact_types(value):
    back = decode(json.loads(json.dumps(encode(value))))
    assert back == value
    assert repr(back) == repr(value)  # tuple stays tuple, 1 stays int, 1.0 stays float


def test_numpy_and_pandas_values_keep_their_types_and_labels():
    series = pd.Series([0.5, 0.25], index=["a", "b"], name="f1")
    frame = pd.DataFrame({"p": [1.0, 0.5], "r": [0.0, 1.0]}, index=["m1", "m2"])
    for value in (np.float32(0.5), np.int64(3), np.array([[1, 2], [3, 4]]), series, frame):
        assert type(decode(encode(value))) is type(value)
    pd.testing.assert_series_equal(decode(encode(series)), series)
    pd.testing.assert_frame_equal(decode(encode(frame)), frame)
    assert math.isnan(decode(encode(float("nan"))))
    assert decode(encode(float("-inf"))) == float("-inf")


def test_course_records_and_networks_cross_as_data():
    report = diagnose(human=0.01, train=0.08, dev=0.1)
    back = decode(json.loads(json.dumps(encode(report))))
    assert type(back) is Diagnosis and back == report
    net = Network([4, 3, 2], seed=1)
    copy = decode(json.loads(json.dumps(encode(net))))
    x = np.random.default_rng(0).normal(size=(5, 4))
    assert type(copy) is Network
    np.testing.assert_allclose(copy.predict_proba(x), net.predict_proba(x))


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class RiggedFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class RiggedDiagnosis(Diagnosis):
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


@pytest.mark.parametrize("value", [AlwaysEqual(), RiggedFloat(0.5),
                                   RiggedDiagnosis(*([None] * 5), "fraction", *([None] * 4),
                                                   ())])
def test_objects_that_could_cheat_become_opaque(value):
    assert type(decode(encode(value))) is Opaque


def test_an_object_array_keeps_cheating_elements_opaque():
    back = decode(encode(np.array([AlwaysEqual(), 1], dtype=object)))
    assert type(back[0]) is Opaque and back[1] == 1
    assert not back[0] == 1


@pytest.mark.parametrize("data", [
    {"record": "os:system", "fields": []},
    {"record": "subprocess:Popen", "fields": [["args", "id"]]},
    {"record": "course_lib.exercises.keys:Key.__init__", "fields": []},
    {"enum": "builtins:bool", "name": "True"},
    {"record": "course_lib.strategy:Diagnosis", "fields": [["no_such_field", 1]]},
    {"np": "object", "v": 1},
    {"nd": "V8", "shape": [1], "data": [1]},
    {"network": {"sizes": "not sizes"}},
    {"a": 1, "b": 2, "c": 3, "d": 4},
    ["a", "list"],
])
def test_data_the_grader_cannot_trust_decodes_to_opaque_and_runs_nothing(data):
    assert type(decode(data)) is Opaque


def test_a_raised_error_is_recorded_by_name_and_message():
    back = decode(encode(Raised("ValueError", "bad input")))
    assert back == Raised("ValueError", "bad input")


def test_every_case_of_every_function_exercise_crosses_as_data():
    """The grader sends each case's inputs to the kernel and compares with the expected
    answer: both must survive the encoding, or the exercise cannot be graded."""
    problems = []
    for exercise in all_exercises().values():
        if exercise.kind != "function":
            continue
        for case in [*exercise.visible(), *hidden_cases(exercise, 20261201)]:
            for what, value in (("inputs", case.args), ("expected answer",
                                                        expected_answer(exercise, case, {}))):
                text = json.dumps(encode(value))
                if '"opaque"' in text:
                    problems.append(f"{exercise.id} / {case.label}: its {what} do not encode")
    assert not problems, "\n".join(problems)
