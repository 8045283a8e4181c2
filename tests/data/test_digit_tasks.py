"""Tests for course_lib.data.digit_tasks: loading, class-balanced splits, task labels, pairs.

Oracles: scikit-learn's own load_digits, labels written out by hand for each digit,
and pixel positions computed independently of the code under test.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_digits

from course_lib.data import digit_tasks as dt


def test_load_matches_scikit_learn() -> None:
    X, y = dt.load_digit_images()
    X_ref, y_ref = load_digits(return_X_y=True)
    np.testing.assert_array_equal(X, X_ref / 16.0)
    np.testing.assert_array_equal(y, y_ref)
    assert X.dtype == np.float64 and y.dtype == np.int64


def test_load_returns_independent_copies() -> None:
    X, y = dt.load_digit_images()
    X[:] = -1.0
    y[:] = 99
    X2, y2 = dt.load_digit_images()
    assert X2.min() == 0.0 and y2.max() == 9


def test_load_falls_back_to_scikit_learn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dt, "_digits_csv", lambda: None)
    dt._load.cache_clear()
    try:
        X, y = dt.load_digit_images()
        assert X.shape == (1797, 64) and y[:3].tolist() == [0, 1, 2]
    finally:
        dt._load.cache_clear()


# --- split_by_class / sample_per_class -------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(9, 14), min_size=2, max_size=5),
    per_class=st.lists(st.integers(0, 3), min_size=1, max_size=3),
    seed=st.integers(0, 10_000),
)
def test_split_by_class_is_a_balanced_partition(counts, per_class, seed) -> None:
    y = np.repeat(np.arange(len(counts)) * 7, counts)  # class labels 0, 7, 14, ...
    parts = dt.split_by_class(y, per_class, seed)
    assert len(parts) == len(per_class) + 1
    everything = np.concatenate(parts)
    assert sorted(everything.tolist()) == list(range(len(y)))  # each index exactly once
    for part, k in zip(parts[:-1], per_class, strict=True):
        values, n = np.unique(y[part], return_counts=True)
        assert all(c == k for c in n) and (k == 0 or len(values) == len(counts))
    assert all(np.all(np.diff(p) > 0) for p in parts if len(p) > 1)  # sorted


def test_split_by_class_depends_on_seed_only() -> None:
    y = np.repeat(np.arange(4), 20)
    a = dt.split_by_class(y, [5], seed=3)
    b = dt.split_by_class(y, [5], seed=3)
    c = dt.split_by_class(y, [5], seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_split_by_class_rejects_too_small_classes() -> None:
    with pytest.raises(ValueError, match="class 1 has 2 examples"):
        dt.split_by_class([0, 0, 0, 1, 1], [2, 1])
    with pytest.raises(TypeError, match="per_class"):
        dt.split_by_class([0, 1], 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed"):
        dt.split_by_class([0, 1], [1], seed=-1)


def test_sample_per_class() -> None:
    y = np.array([1, 2, 1, 2, 1, 2, 2])
    idx = dt.sample_per_class(y, 3, seed=0)
    assert sorted(y[idx].tolist()) == [1, 1, 1, 2, 2, 2]
    with pytest.raises(ValueError, match="at least 1"):
        dt.sample_per_class(y, 0)


# --- transfer tasks ------------------------------------------------------------------------


def test_transfer_tasks_are_disjoint_and_labelled_right() -> None:
    tasks = dt.transfer_tasks(n_a_per_digit=50, n_b_per_digit=30, seed=1)
    X, _ = dt.load_digit_images()
    assert len(tasks.y_a) == 500 and len(tasks.y_b) == 300
    assert len(tasks.y_a) + len(tasks.y_b) + len(tasks.y_b_test) == len(X)
    assert np.bincount(tasks.y_a).tolist() == [50] * 10
    assert np.bincount(tasks.digits_b).tolist() == [30] * 10
    np.testing.assert_array_equal(tasks.y_b, (tasks.digits_b % 2 == 0).astype(int))
    np.testing.assert_array_equal(tasks.y_b_test, (tasks.digits_b_test % 2 == 0).astype(int))
    # no image row appears in two parts (rows are unique in the data set up to duplicates,
    # so compare via a set of row bytes on a part that should share nothing)
    rows_a = {r.tobytes() for r in tasks.X_a}
    shared = sum(r.tobytes() in rows_a for r in tasks.X_b_test)
    assert shared <= 2  # the data set itself holds a couple of identical images


def test_sample_b_is_balanced_over_digits() -> None:
    tasks = dt.transfer_tasks(seed=0)
    X_b, y_b = tasks.sample_b(4, seed=2)
    assert X_b.shape == (40, 64)
    assert int(y_b.sum()) == 20  # 4 images of each of the five even digits


def test_transfer_tasks_need_a_test_set() -> None:
    with pytest.raises(ValueError):
        dt.transfer_tasks(n_a_per_digit=100, n_b_per_digit=100)


# --- multi-task labels -------------------------------------------------------------------

# Written out by hand, digit by digit: even, > 4, closed loop, prime.
HAND_LABELS = {
    0: (1, 0, 1, 0), 1: (0, 0, 0, 0), 2: (1, 0, 0, 1), 3: (0, 0, 0, 1), 4: (1, 0, 0, 0),
    5: (0, 1, 0, 1), 6: (1, 1, 1, 0), 7: (0, 1, 0, 1), 8: (1, 1, 1, 0), 9: (0, 1, 1, 0),
}


def test_task_labels_by_hand() -> None:
    labels = dt.task_labels(list(range(10)))
    expected = np.array([HAND_LABELS[d] for d in range(10)], dtype=float)
    np.testing.assert_array_equal(labels, expected)
    assert labels.dtype == np.float64
    assert dt.TASK_NAMES == ("even", "greater_than_4", "closed_loop", "prime")


def test_task_labels_edge_cases() -> None:
    assert dt.task_labels([]).shape == (0, 4)
    np.testing.assert_array_equal(dt.task_labels(np.array([3.0])), [[0, 0, 0, 1]])
    with pytest.raises(ValueError, match="digits 0-9"):
        dt.task_labels([10])
    with pytest.raises(ValueError, match="whole numbers"):
        dt.task_labels([1.5])
    with pytest.raises(TypeError):
        dt.task_labels("123")
    with pytest.raises(ValueError, match="one-dimensional"):
        dt.task_labels([[1, 2]])


def test_hide_labels_shares_and_copy() -> None:
    Y = np.ones((4000, 3))
    hidden = dt.hide_labels(Y, [0.0, 0.25, 0.9], seed=5)
    shares = np.isnan(hidden).mean(axis=0)
    assert shares[0] == 0.0
    assert abs(shares[1] - 0.25) < 0.03 and abs(shares[2] - 0.9) < 0.03
    assert not np.isnan(Y).any()  # the input is not changed
    same = dt.hide_labels(Y, 0.5, seed=5)
    again = dt.hide_labels(Y, 0.5, seed=5)
    np.testing.assert_array_equal(np.isnan(same), np.isnan(again))


def test_hide_labels_rejects_bad_shares() -> None:
    with pytest.raises(ValueError, match="one share per task"):
        dt.hide_labels(np.ones((3, 2)), [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        dt.hide_labels(np.ones((3, 2)), 1.0)
    with pytest.raises(ValueError, match="n_tasks"):
        dt.hide_labels(np.ones(3), 0.1)


# --- digit pairs ---------------------------------------------------------------------------


def test_join_pairs_pixel_positions() -> None:
    rng = np.random.default_rng(0)
    left, right = rng.random((3, 64)), rng.random((3, 64))
    joined = dt.join_pairs(left, right)
    assert joined.shape == (3, 128)
    for n in range(3):
        for r in range(8):
            for c in range(8):
                assert joined[n, 16 * r + c] == left[n, 8 * r + c]
                assert joined[n, 16 * r + 8 + c] == right[n, 8 * r + c]


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 6), seed=st.integers(0, 1000))
def test_split_undoes_join(n, seed) -> None:
    rng = np.random.default_rng(seed)
    left, right = rng.random((n, 64)), rng.random((n, 64))
    got_left, got_right = dt.split_pairs(dt.join_pairs(left, right))
    np.testing.assert_array_equal(got_left, left)
    np.testing.assert_array_equal(got_right, right)


def test_pairs_shape_errors() -> None:
    with pytest.raises(ValueError, match=r"\(n_images, 128\)"):
        dt.split_pairs(np.zeros((2, 64)))
    with pytest.raises(ValueError, match="same number of images"):
        dt.join_pairs(np.zeros((2, 64)), np.zeros((3, 64)))


def test_make_pairs_labels_and_images() -> None:
    X, y = dt.load_digit_images()
    pairs = dt.make_pairs(X[:200], y[:200], 300, seed=4)
    assert len(pairs) == 300 and pairs.X.shape == (300, 128)
    np.testing.assert_array_equal(pairs.sums, pairs.left + pairs.right)
    assert pairs.sums.min() >= 0 and pairs.sums.max() <= 18
    left, right = dt.split_pairs(pairs.X)
    # every half is one of the source images, showing the digit it is labelled with
    lookup = {row.tobytes(): d for row, d in zip(X[:200], y[:200], strict=True)}
    for k in range(0, 300, 37):
        assert lookup[left[k].tobytes()] == pairs.left[k]
        assert lookup[right[k].tobytes()] == pairs.right[k]
    again = dt.make_pairs(X[:200], y[:200], 300, seed=4)
    np.testing.assert_array_equal(again.X, pairs.X)


def test_make_pairs_input_errors() -> None:
    X, y = dt.load_digit_images()
    with pytest.raises(ValueError, match="same number of rows"):
        dt.make_pairs(X[:5], y[:4], 3)
    with pytest.raises(ValueError, match="at least 1"):
        dt.make_pairs(X[:5], y[:5], 0)
    with pytest.raises(TypeError, match="must be an integer"):
        dt.make_pairs(X[:5], y[:5], 2.5)


# --- the two-step pipeline -------------------------------------------------------------------


class _Brightest:
    """A stand-in classifier: the digit is the index of the brightest of the first 10 pixels."""

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X)[:, :10].argmax(axis=1)


def test_pipeline_sums_reads_left_and_right() -> None:
    left = np.zeros((3, 64))
    right = np.zeros((3, 64))
    for k, (a, b) in enumerate([(2, 7), (0, 0), (9, 4)]):
        left[k, a] = 1.0
        right[k, b] = 1.0
    sums = dt.pipeline_sums(_Brightest(), dt.join_pairs(left, right))
    assert sums.tolist() == [9, 0, 13]
    assert sums.dtype == np.int64


def test_pipeline_sums_with_a_perfect_reader() -> None:
    X, y = dt.load_digit_images()
    lookup = {row.tobytes(): d for row, d in zip(X[:300], y[:300], strict=True)}

    class Perfect:
        def predict(self, images: np.ndarray) -> np.ndarray:
            return np.array([lookup[row.tobytes()] for row in images])

    pairs = dt.make_pairs(X[:300], y[:300], 50, seed=2)
    np.testing.assert_array_equal(dt.pipeline_sums(Perfect(), pairs.X), pairs.sums)


def test_pipeline_sums_needs_a_classifier() -> None:
    with pytest.raises(TypeError, match="predict"):
        dt.pipeline_sums(object(), np.zeros((1, 128)))
