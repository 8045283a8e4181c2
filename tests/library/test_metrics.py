"""course_lib.metrics: hand-computed cases, scikit-learn as an oracle, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import metrics as skm

from course_lib import metrics

labels = st.lists(st.integers(0, 1), min_size=1, max_size=60)


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_agrees_with_sklearn_on_random_labels(data):
    y_true = data.draw(labels)
    y_pred = data.draw(st.lists(st.integers(0, 1), min_size=len(y_true), max_size=len(y_true)))
    for ours, theirs in ((metrics.precision, skm.precision_score),
                         (metrics.recall, skm.recall_score), (metrics.f1_score, skm.f1_score)):
        expected = theirs(y_true, y_pred, zero_division=0)
        assert ours(y_true, y_pred) == pytest.approx(expected, abs=1e-12)


def test_hand_computed_example():
    # tp=2, fp=1, fn=2, tn=2
    y_true = [1, 0, 1, 1, 0, 0, 1]
    y_pred = [1, 1, 0, 1, 0, 0, 0]
    assert metrics.confusion_counts(y_true, y_pred) == (2, 1, 2, 2)
    assert metrics.precision(y_true, y_pred) == pytest.approx(2 / 3)
    assert metrics.recall(y_true, y_pred) == pytest.approx(0.5)
    assert metrics.f1_score(y_true, y_pred) == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_zero_division_value_is_used():
    assert metrics.precision([1, 0], [0, 0]) == 0.0
    assert metrics.precision([1, 0], [0, 0], zero_division=1.0) == 1.0
    assert metrics.recall([0, 0], [1, 0], zero_division=1.0) == 1.0
    assert metrics.f1_score([0, 0], [0, 0], zero_division=1.0) == 1.0


@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=50))
def test_f1_lies_between_min_and_max_of_p_and_r(pairs):
    y_true, y_pred = zip(*pairs, strict=True)
    p, r = metrics.precision(y_true, y_pred), metrics.recall(y_true, y_pred)
    f1 = metrics.f1_score(y_true, y_pred)
    assert min(p, r) - 1e-12 <= f1 <= max(p, r) + 1e-12
    assert f1 <= (p + r) / 2 + 1e-12  # harmonic mean never exceeds the arithmetic mean


@pytest.mark.parametrize(
    ("y_true", "y_pred", "error", "words"),
    [
        ([1, 0], [1], ValueError, "same length"),
        ([1, 2], [1, 0], ValueError, "only 0 and 1"),
        ("10", [1, 0], TypeError, "list or array"),
        ([[1, 0]], [[1, 0]], ValueError, "one-dimensional"),
        (["a", "b"], [1, 0], TypeError, "numbers 0/1"),
    ],
)
def test_bad_labels_get_clear_messages(y_true, y_pred, error, words):
    with pytest.raises(error, match=words):
        metrics.precision(y_true, y_pred)


def test_weighted_error_matches_a_hand_computation_and_plain_error():
    y_true = np.array([0, 0, 1, 1, 0])
    y_pred = np.array([1, 0, 1, 0, 0])
    w = np.array([10, 1, 1, 1, 10])
    assert metrics.weighted_error(y_true, y_pred, w) == pytest.approx((10 + 1) / 23)
    assert metrics.weighted_error(y_true, y_pred, np.ones(5)) == pytest.approx(0.4)
    with pytest.raises(ValueError, match="not all be zero"):
        metrics.weighted_error(y_true, y_pred, np.zeros(5))
    with pytest.raises(ValueError, match="non-negative"):
        metrics.weighted_error(y_true, y_pred, [-1, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="same length"):
        metrics.weighted_error(y_true, y_pred, [1, 1])


def test_pick_best_respects_satisficing_constraints():
    table = pd.DataFrame({"accuracy": [0.90, 0.92, 0.95], "ms": [80.0, 95.0, 1500.0]},
                         index=["A", "B", "C"])
    assert metrics.pick_best(table, "accuracy") == "C"
    assert metrics.pick_best(table, "accuracy", {"ms": ("<=", 100)}) == "B"
    assert metrics.pick_best(table, "accuracy", {"ms": ("<", 95)}) == "A"
    assert metrics.pick_best(table, "ms", maximize=False) == "A"
    with pytest.raises(ValueError, match="no model meets"):
        metrics.pick_best(table, "accuracy", {"ms": ("<", 10)})
    with pytest.raises(ValueError, match="columns"):
        metrics.pick_best(table, "recall")
    with pytest.raises(ValueError, match="unknown operator"):
        metrics.pick_best(table, "accuracy", {"ms": ("=<", 100)})
    with pytest.raises(TypeError, match="DataFrame"):
        metrics.pick_best({"accuracy": [1]}, "accuracy")


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 500)), min_size=1, max_size=12),
       st.floats(0, 500))
def test_pick_best_is_the_brute_force_optimum(rows, limit):
    table = pd.DataFrame(rows, columns=["acc", "ms"], index=[f"m{i}" for i in range(len(rows))])
    feasible = table[table["ms"] <= limit]
    if feasible.empty:
        with pytest.raises(ValueError):
            metrics.pick_best(table, "acc", {"ms": ("<=", limit)})
    else:
        best = metrics.pick_best(table, "acc", {"ms": ("<=", limit)})
        assert table.loc[best, "ms"] <= limit
        assert table.loc[best, "acc"] == feasible["acc"].max()
