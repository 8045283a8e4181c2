"""An answer that calls the course's own reference implementation does not pass."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import check, grade, metrics
from course_lib.exercises.guard import UsedReference, guarded
from course_lib.exercises.selfcheck import CheckFailed


def own_precision(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    predicted = int((y_pred == 1).sum())
    return int(((y_true == 1) & (y_pred == 1)).sum()) / predicted if predicted else 0.0


def wrapper(y_true, y_pred):
    return metrics.precision(y_true, y_pred)


def sly(y_true, y_pred):
    try:
        return metrics.precision(y_true, y_pred)
    except Exception:  # noqa: BLE001 - the cheat hides the tripwire
        return own_precision(y_true, y_pred)


@pytest.mark.parametrize("answer", [metrics.precision, wrapper, sly,
                                    lambda t, p: metrics.precision(t, p)])
@pytest.mark.parametrize("judge", [check, grade])
def test_calling_the_reference_fails_with_a_clear_reason(answer, judge):
    with pytest.raises(CheckFailed) as failure:
        judge("w1_02_precision", answer)
    assert "course_lib.metrics.precision" in str(failure.value)
    assert "Hint: do not call course_lib.metrics.precision" in str(failure.value)
    # the reference works again afterwards, for the grader and for the learner
    assert metrics.precision([1, 0, 1], [1, 1, 1]) == pytest.approx(2 / 3)


def test_an_own_implementation_passes():
    check("w1_02_precision", own_precision)
    grade("w1_02_precision", own_precision)


def test_the_library_may_use_the_reference_internally():
    from answer_key.flight.birds_later import _weighted

    expected = _weighted(90, 10, 3, 2, 10)
    with guarded(metrics.weighted_error) as guard:
        assert _weighted(90, 10, 3, 2, 10) == expected
        with pytest.raises(UsedReference):
            metrics.weighted_error([0, 1], [0, 1], [1, 1])
    assert guard.used


def test_what_cannot_be_guarded_runs_unguarded():
    with guarded(len) as guard:
        assert len([1, 2]) == 2
    assert not guard.used
    closure = (lambda k: lambda x: x * k)(3)
    with guarded(closure) as guard:
        assert closure(2) == 6
    assert not guard.used
