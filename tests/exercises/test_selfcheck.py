"""check/grade and the type-strict comparators: what a learner sees."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from course_lib import check, grade
from course_lib.exercises import CheckFailed, get_exercise
from course_lib.exercises.compare import Array, Boolean, Frame, Label, LabelSet, Number, Series
from course_lib.exercises.keys import find_key
from course_lib.metrics import f1_score, precision, recall


class AlwaysEqual:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


class RiggedFloat(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__


class RiggedStr(str):
    def __eq__(self, other):
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("answer", [AlwaysEqual(), RiggedFloat(0.1), "0.5", True, None, [0.5]])
def test_number_refuses_wrong_types_and_says_what_was_expected(answer):
    problem = Number()(answer, 0.5)
    assert problem is not None and "expected a number (float)" in problem


def test_number_accepts_numpy_scalars_and_rejects_nan():
    assert Number()(np.float32(0.5), 0.5) is None
    assert Number()(np.int64(3), 3.0) is None
    assert "NaN" in Number()(math.nan, 0.5)
    assert Number()(0.51, 0.5) == "the number is not the expected one"


def test_label_set_boolean_and_tables_are_strict():
    assert "expected a string" in Label()(RiggedStr("A"), "A")
    assert Label(choices=("A", "B"))("B", "B") is None
    assert "not one of the possible answers" in Label(choices=("A", "B"))("Z", "A")
    assert "expected True or False" in Boolean()(1, True)
    assert Boolean()(np.bool_(True), True) is None
    assert LabelSet()({"a", "b"}, {"b", "a"}) is None
    assert LabelSet()({"a"}, {"b", "a"}) is not None
    assert "more than once" in LabelSet()(["a", "a"], {"a"})
    s = pd.Series({"x": 1.0, "y": 2.0})
    assert Series()(s, s) is None
    assert "missing labels" in Series()(s.drop("y"), s)
    assert "expected a pandas Series" in Series()(s.to_dict(), s)
    f = pd.DataFrame({"a": [1.0, 2.0]}, index=["p", "q"])
    assert Frame()(f, f) is None
    assert "columns" in Frame()(f.rename(columns={"a": "b"}), f)
    assert Array()(np.array([1.0, 2.0]), np.array([1.0, 2.0])) is None
    assert "shape" in Array()(np.array([1.0]), np.array([1.0, 2.0]))


def own_f1(y_true, y_pred):
    """A learner's F1 (the reference itself is refused as an answer)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    hits = int(((y_true == 1) & (y_pred == 1)).sum())
    total = int((y_true == 1).sum() + (y_pred == 1).sum())
    return 2 * hits / total if hits else 0.0


def test_check_passes_a_right_answer(capsys):
    check("w1_02_f1_score", own_f1)
    out = capsys.readouterr()
    assert "w1_02_f1_score" in out.out and "passed" in out.out
    assert out.err == ""


def test_check_failure_names_the_case_and_hint_but_not_the_answer():
    def arithmetic_mean(y_true, y_pred):
        return (precision(y_true, y_pred) + recall(y_true, y_pred)) / 2

    with pytest.raises(CheckFailed) as info:
        check("w1_02_f1_score", arithmetic_mean)
    message = str(info.value)
    assert "not the arithmetic mean" in message
    assert "case" in message
    # the expected value of the failing case must not be shown
    expected = f1_score([1, 0, 1, 1, 0, 0, 1], [1, 1, 0, 1, 0, 0, 0])
    assert f"{expected}" not in message and f"{expected:.3f}" not in message
    # IPython renders the message, wrapped at word boundaries, instead of a traceback
    rendered = info.value._render_traceback_()
    assert max(map(len, rendered)) <= 88 and len(rendered) > len(message.splitlines())
    assert " ".join(" ".join(rendered).split()) == " ".join(message.split())


def test_value_exercise_never_reveals_the_right_choice():
    exercise = get_exercise("w1_02_best_by_f1")
    right = find_key("w1_02_best_by_f1").answer()
    wrong = next(c for c in exercise.compare.choices if c != right)
    with pytest.raises(CheckFailed) as info:
        check("w1_02_best_by_f1", wrong)
    assert right not in str(info.value)


@pytest.mark.parametrize("answer", [AlwaysEqual(), RiggedStr("x"), 42, None])
def test_hostile_or_wrong_type_answers_fail_with_the_expected_type(answer):
    with pytest.raises(CheckFailed, match="expected a string"):
        check("w1_02_best_by_f1", answer)


def test_function_returning_an_always_equal_object_fails():
    with pytest.raises(CheckFailed, match="expected a number"):
        grade("w1_02_precision", lambda y_true, y_pred: AlwaysEqual())


def test_passing_a_value_instead_of_a_function_is_explained():
    with pytest.raises(CheckFailed, match="Pass the function itself"):
        check("w1_02_f1_score", 0.5)


def test_unimplemented_stub_is_explained():
    def stub(y_true, y_pred):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not answered yet"):
        check("w1_02_precision", stub)


def test_exception_in_learner_code_is_reported_with_its_type():
    with pytest.raises(CheckFailed, match="ZeroDivisionError"):
        check("w1_02_precision", lambda t, p: 1 / 0)


def test_warnings_in_a_passing_answer_go_to_stdout_not_stderr(capsys):
    def noisy(y_true, y_pred):
        warnings.warn("this API is deprecated", DeprecationWarning, stacklevel=1)
        import sys
        print("debug output", file=sys.stderr)
        return own_f1(y_true, y_pred)

    grade("w1_02_f1_score", noisy)
    out = capsys.readouterr()
    assert out.err == ""
    assert "deprecated" in out.out and "passed" in out.out


def test_input_mutation_by_the_learner_does_not_leak_into_later_cases():
    def mutating(y_true, y_pred):
        value = own_f1(y_true, y_pred)
        if isinstance(y_true, list):
            y_true.clear()
        return value

    grade("w1_02_f1_score", mutating)


def test_unknown_id_lists_the_notebook_exercises():
    with pytest.raises(KeyError, match="w1_02_f1_score"):
        get_exercise("w1_02_f1")
    with pytest.raises(TypeError):
        get_exercise(12)


def test_explanations_follow_context_and_appear_after_tries(capsys):
    from course_lib.exercises import Exercise, register
    from course_lib.exercises.keys import Key, register_key
    from course_lib.exercises.selfcheck import _FAILED_ATTEMPTS

    register(Exercise("w1_99_context_demo", "demo", "value", None,
                      Label(choices=("A", "B", "C")), reveal_after=2))
    register_key(Key("w1_99_context_demo", answer=lambda learner: "A" if learner == "ada" else "B",
                     explanation=lambda learner: f"explained for {learner}"))
    _FAILED_ATTEMPTS.pop("w1_99_context_demo", None)
    with pytest.raises(CheckFailed) as first:
        check("w1_99_context_demo", "C", learner="ada")
    assert "explained for" not in str(first.value)
    with pytest.raises(CheckFailed) as second:
        check("w1_99_context_demo", "C", learner="ada")
    assert "explained for ada" in str(second.value)
    check("w1_99_context_demo", "B", learner="bob")
    assert "explained for bob" in capsys.readouterr().out
