"""Hostile submissions: a pass faked inside the kernel does not survive `course grade`.

grade() records the answer's outputs on the hidden cases; the grading process, where no
learner code runs, re-checks them (course_lib.exercises.transcript, autograder.rejudge).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from helpers.tiny_course import grading_env, read_rows, run_grade
from hypothesis import given
from hypothesis import strategies as st

from autograder.authoring import code, exercise_tests, notebook, solution, write
from course_lib.exercises.registry import get_exercise
from course_lib.exercises.selfcheck import hidden_cases
from course_lib.exercises.transcript import Opaque, Raised, decode, encode, record, rejudge
from course_lib.metrics import precision

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hostile_class")]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False), st.text(max_size=5))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=3)), max_leaves=12)


@given(values)
def test_encoding_keeps_values_and_their_exact_types(value):
    back = decode(encode(value))
    assert back == value
    assert repr(back) == repr(value)  # tuple stays tuple, 1 stays int, 1.0 stays float


def test_encoding_keeps_numpy_and_pandas_types():
    series = pd.Series([0.5, 0.25], index=["a", "b"], name="f1")
    frame = pd.DataFrame({"p": [1.0, 0.5], "r": [0.0, 1.0]}, index=["m1", "m2"])
    for value in (np.float32(0.5), np.int64(3), np.array([[1, 2], [3, 4]]), series, frame):
        back = decode(encode(value))
        assert type(back) is type(value)
    pd.testing.assert_series_equal(decode(encode(series)), series)
    pd.testing.assert_frame_equal(decode(encode(frame)), frame)
    assert math.isnan(decode(encode(float("nan"))))


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class RiggedFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


@pytest.mark.parametrize("value", [AlwaysEqual(), RiggedFloat(0.5), np.array([AlwaysEqual()])])
def test_objects_that_could_cheat_become_opaque(value):
    assert type(decode(encode(value))) is Opaque


def test_rejudge_accepts_right_answers_and_refuses_faked_ones():
    cases = hidden_cases(get_exercise("w1_02_precision"))
    right = [precision(*c.args, **c.kwargs) for c in cases]
    assert rejudge(record("w1_02_precision", right, {})) is None
    assert "not the expected" in rejudge(record("w1_02_precision", [0.5] * len(cases), {}))
    assert "expected a number" in rejudge(
        record("w1_02_precision", [RiggedFloat(r) for r in right], {}))
    assert "raised" in rejudge(record("w1_02_precision", [Raised("ZeroDivisionError")]
                                      + right[1:], {}))
    assert "answers recorded" in rejudge(record("w1_02_precision", right[:-1], {}))
    assert "malformed" in rejudge({"version": 1, "exercise": "w1_02_precision",
                                   "outputs": [{"dict": [[[1], 2]]}] * len(cases)})
    assert rejudge("not a transcript") is not None


def test_the_reference_runs_once_per_case_however_many_submissions():
    from course_lib.exercises import transcript

    exercise = get_exercise("w1_02_precision")
    cases = hidden_cases(exercise)
    right = [precision(*c.args, **c.kwargs) for c in cases]
    calls = []
    original = exercise.reference

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    transcript._EXPECTED.clear()
    object.__setattr__(exercise, "reference", counting)
    try:
        for _ in range(3):
            assert rejudge(record("w1_02_precision", right, {})) is None
        wrong = [0.5] * len(cases)
        assert "not the expected" in rejudge(record("w1_02_precision", wrong, {}))
    finally:
        object.__setattr__(exercise, "reference", original)
        transcript._EXPECTED.clear()
    assert len(calls) == len(cases)


def test_remembered_answers_of_value_exercises_depend_on_the_learner():
    exercise = get_exercise("w1_12_q01")
    answers = {who: exercise.reference(learner=who) for who in ("ada", "bob")}
    assert answers["ada"] != answers["bob"]
    for _ in range(2):  # the second round uses what the first one remembered
        for who, answer in answers.items():
            other = next(o for o in answers if o != who)
            assert rejudge(record("w1_12_q01", [answer], {"learner": who})) is None
            assert rejudge(record("w1_12_q01", [answer], {"learner": other})) is not None


HONEST = ("import numpy as np\n\ndef precision(y_true, y_pred):\n"
          "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
          "    predicted = int((y_pred == 1).sum())\n"
          "    hits = int(((y_true == 1) & (y_pred == 1)).sum())\n"
          "    return hits / predicted if predicted else 0.0")
HOSTILE = {
    # the comparison is patched so any number passes, inside the kernel
    "patched_compare": "from course_lib.exercises import compare\n"
                       "compare.Number.__call__ = lambda self, answer, expected: None\n"
                       "def precision(y_true, y_pred):\n    return 0.5",
    # check and grade are replaced by functions that only print a pass
    "fake_grade": "def precision(y_true, y_pred):\n    return 0.5\n"
                  "check = grade = lambda *args, **kwargs: print('\u2714 passed')",
    # the exercise's reference implementation is replaced to agree with the wrong answer
    "patched_reference": "from course_lib.exercises.registry import get_exercise\n"
                         "object.__setattr__(get_exercise('w1_02_precision'), 'reference',\n"
                         "                   lambda y_true, y_pred: 0.5)\n"
                         "def precision(y_true, y_pred):\n    return 0.5",
    # the answer is the course's own reference implementation, under another name
    "calls_reference": "from course_lib.metrics import precision as _p\n"
                       "def precision(y_true, y_pred):\n    return _p(y_true, y_pred)",
    # the answer behaves well only when it sees nbgrader's variable
    "sniff_grading": "import os\nfrom course_lib.metrics import precision as _p\n"
                     "def precision(y_true, y_pred):\n"
                     "    if 'NBGRADER_EXECUTION' in os.environ:\n"
                     "        return _p(y_true, y_pred)\n    return 0.5",
}


def test_hostile_submissions_lose_their_faked_points(tmp_path):
    import nbformat

    source = tmp_path / "source"
    path = write(notebook([
        code("from course_lib import check, grade"),
        solution("w1_02_precision_answer",
                 "def precision(y_true, y_pred):\n    ### BEGIN SOLUTION\n"
                 "    return 0.0  # the submissions below replace this cell\n"
                 "    ### END SOLUTION"),
        exercise_tests("w1_02_precision", "precision"),
    ]), source / "week1" / "01_hostile.ipynb")
    subs = tmp_path / "subs"
    for student, body in {"honest": HONEST, **HOSTILE}.items():
        nb = nbformat.read(str(path), as_version=4)
        nb.cells[1].source = body
        (subs / student / "week1").mkdir(parents=True)
        nbformat.write(nb, str(subs / student / "week1" / "01_hostile.ipynb"))
    course = tmp_path / "course"
    run_grade(subs, course, source, "-j", "2", env=grading_env(COURSE_CELL_TIMEOUT="30",
                                                             COURSE_MEMORY_LIMIT_MB="0"))
    rows = read_rows(course / "grades.csv")
    assert float(rows[("honest", "01_hostile")]["score"]) == 1.0
    for student in HOSTILE:
        row = rows[(student, "01_hostile")]
        assert row["status"] == "graded" and float(row["score"]) == 0.0, (student, row)
    for student in ("patched_compare", "patched_reference"):
        assert "re-checked outside the kernel" in rows[(student, "01_hostile")]["message"]
    assert "no record" in rows[("fake_grade", "01_hostile")]["message"]
    saved = json.loads((course / "records" / "week1" / "calls_reference.json").read_text())
    failure = next(q["failure"] for q in saved["questions"].values() if "failure" in q)
    assert "do not call course_lib.metrics.precision" in failure
    page = (course / "feedback" / "patched_compare" / "week1" / "01_hostile.html").read_text()
    assert "hidden_cases" not in page and "### BEGIN HIDDEN" not in page
