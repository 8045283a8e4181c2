"""Tests for course_lib.learning_curve_reading: averaged small-data curves and their reading.

Oracles: class counts computed by hand (floor/ceil of size x share), NumPy statistics of the
individual runs, a fit on the whole training set done directly, and curves built by hand
whose regime follows from the documented rules.
"""

from __future__ import annotations

import time

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_digits
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from course_lib.learning_curve_reading import (
    BOTH,
    FINE,
    HIGH_BIAS,
    HIGH_VARIANCE,
    LearningCurveResult,
    averaged_learning_curve,
    read_learning_curve,
    stratified_subset,
)
from course_lib.learning_curves import learning_curve, train_dev_errors

matplotlib.use("Agg")

_X, _y = load_digits(return_X_y=True)
_X = _X / 16.0
X_TRAIN, Y_TRAIN, X_DEV, Y_DEV = _X[:1000], _y[:1000], _X[1000:], _y[1000:]
SIZES = [20, 50, 100, 200, 400]


# ----------------------------------------------------------------------------- subsets
@settings(max_examples=60, deadline=None)
@given(counts=st.lists(st.integers(1, 60), min_size=2, max_size=6), data=st.data())
def test_stratified_subset_keeps_class_shares(counts: list[int], data: st.DataObject) -> None:
    y = np.repeat(np.arange(len(counts)), counts)
    size = data.draw(st.integers(1, len(y)))
    seed = data.draw(st.integers(0, 10_000))
    picked = stratified_subset(y, size, seed)
    assert len(picked) == size and len(np.unique(picked)) == size
    assert np.all(np.diff(picked) > 0)
    got = np.bincount(y[picked], minlength=len(counts))
    exact = size * np.asarray(counts) / len(y)
    if size >= len(counts):
        assert np.all(got >= 1)  # every class seen
    if np.all(exact >= 1):
        # no class needed topping up: each count is its exact share rounded down or up
        assert np.all((got == np.floor(exact)) | (got == np.ceil(exact)))
    assert np.all(got <= counts)


def test_stratified_subset_on_digits_is_balanced_and_seeded() -> None:
    picked = stratified_subset(Y_TRAIN, 100, seed=5)
    assert np.bincount(Y_TRAIN[picked]).min() >= 9 and np.bincount(Y_TRAIN[picked]).max() <= 11
    assert np.array_equal(picked, stratified_subset(Y_TRAIN, 100, seed=5))
    assert not np.array_equal(picked, stratified_subset(Y_TRAIN, 100, seed=6))
    # string labels work too
    labels = np.array(["cat"] * 30 + ["dog"] * 10)
    drawn = labels[stratified_subset(labels, 8, seed=0)]
    assert sorted(drawn.tolist()) == ["cat"] * 6 + ["dog"] * 2


def test_a_rare_class_still_appears_once() -> None:
    y = np.array([0] * 98 + [1] * 2)  # 10 x 2% = 0.2 examples of class 1
    for seed in range(5):
        picked = stratified_subset(y, 10, seed)
        assert np.bincount(y[picked]).tolist() == [9, 1]


# ----------------------------------------------------------------------------- the curve
def test_curve_is_deterministic_by_seed_and_differs_by_seed() -> None:
    def run(seed):
        return averaged_learning_curve(KNeighborsClassifier(1), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                       [20, 50], repeats=3, seed=seed)

    a, b, c = run(1), run(1), run(2)
    assert a.runs.equals(b.runs) and a.table.equals(b.table)
    assert not np.allclose(a.runs["dev_error"], c.runs["dev_error"])
    gen = averaged_learning_curve(KNeighborsClassifier(1), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                  [20, 50], repeats=3, seed=np.random.default_rng(1))
    assert gen.seed is None and gen.runs.shape == a.runs.shape


def test_table_summarises_the_runs() -> None:
    curve = averaged_learning_curve(DecisionTreeClassifier(random_state=0), X_TRAIN, Y_TRAIN,
                                    X_DEV, Y_DEV, [100, 30, 100], repeats=4, seed=0)
    assert curve.sizes == [30, 100] and curve.repeats == 4 and curve.stratified
    assert len(curve.runs) == 8 and curve.runs["repeat"].tolist() == [0, 1, 2, 3] * 2
    for n in curve.sizes:
        runs = curve.runs[curve.runs["n_train"] == n]
        for part in ("train", "dev"):
            values = runs[f"{part}_error"].to_numpy()
            row = curve.table.loc[n]
            assert row[f"{part}_error"] == pytest.approx(values.mean())
            assert row[f"{part}_std"] == pytest.approx(values.std())
            assert row[f"{part}_min"] == values.min() and row[f"{part}_max"] == values.max()
    # repeated random subsets really differ: the dev error has a spread at the small size
    assert curve.table.loc[30, "dev_std"] > 0


def test_full_training_set_matches_a_direct_fit() -> None:
    n = len(Y_TRAIN)
    curve = averaged_learning_curve(KNeighborsClassifier(3), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                    [n], repeats=2, seed=0)
    want = train_dev_errors(KNeighborsClassifier(3), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV)
    row = curve.table.loc[n]
    assert (row["train_error"], row["dev_error"]) == pytest.approx(want)
    assert row["dev_std"] == 0


class _LabelRecorder:
    """A non-scikit-learn model that remembers the class counts it was trained on."""

    seen: list[list[int]] = []

    def fit(self, X, y):
        _LabelRecorder.seen.append(np.bincount(y, minlength=2).tolist())
        self.majority_ = int(np.bincount(y).argmax())
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def test_curve_subsets_are_stratified_and_models_are_copied() -> None:
    X = np.arange(200.0).reshape(-1, 1)
    y = np.array([0] * 150 + [1] * 50)
    _LabelRecorder.seen = []
    model = _LabelRecorder()
    averaged_learning_curve(model, X, y, X, y, [8, 40], repeats=3, seed=0)
    assert _LabelRecorder.seen == [[6, 2]] * 3 + [[30, 10]] * 3
    assert not hasattr(model, "majority_")  # the model given is never fitted itself
    _LabelRecorder.seen = []
    averaged_learning_curve(model, X, y, X, y, [8], repeats=20, stratify=False, seed=0)
    assert len({tuple(s) for s in _LabelRecorder.seen}) > 1  # plain random subsets vary


def test_estimator_instance_class_or_factory() -> None:
    model = KNeighborsClassifier(1)
    a = averaged_learning_curve(model, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [30], repeats=2)
    b = averaged_learning_curve(lambda: KNeighborsClassifier(1), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                [30], repeats=2)
    assert a.table.equals(b.table)
    assert not hasattr(model, "classes_")
    c = averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [30])
    assert c.repeats == 5


# ----------------------------------------------------------------------------- reading
def _curve(train, dev, sizes=(100, 200, 400)):
    return LearningCurveResult.from_errors(list(sizes), train, dev)


@pytest.mark.parametrize(
    ("train", "dev", "desired", "regime"),
    [
        ([0.10, 0.12, 0.13], [0.30, 0.20, 0.16], 0.05, HIGH_BIAS),   # b=0.08, gap 0.03 < 0.04
        ([0.00, 0.01, 0.01], [0.30, 0.20, 0.15], 0.05, HIGH_VARIANCE),
        ([0.10, 0.12, 0.13], [0.40, 0.30, 0.25], 0.05, BOTH),        # b=0.08, gap 0.12
        ([0.00, 0.01, 0.02], [0.20, 0.08, 0.05], 0.05, FINE),
        ([0.00, 0.00, 0.00], [0.20, 0.10, 0.055], 0.05, FINE),       # within tolerance
    ],
)
def test_each_regime_on_constructed_curves(train, dev, desired, regime) -> None:
    reading = read_learning_curve(_curve(train, dev), desired)
    assert reading.regime == regime
    assert reading.n_train == 400
    assert reading.train_error == train[-1] and reading.dev_error == dev[-1]
    assert reading.bias_gap == pytest.approx(train[-1] - desired)
    assert reading.gap == pytest.approx(dev[-1] - train[-1])
    assert reading.dev_trend == pytest.approx(dev[-1] - dev[-2])
    assert regime in str(reading) and f"{train[-1]:.3f}" in str(reading)


def test_thresholds_move_the_verdict() -> None:
    curve = _curve([0.10, 0.12, 0.13], [0.30, 0.20, 0.16])  # b = 0.08, gap = 0.03
    assert read_learning_curve(curve, 0.05).regime == HIGH_BIAS
    assert read_learning_curve(curve, 0.05, relative_gap=0.25).regime == BOTH
    assert read_learning_curve(curve, 0.05, tolerance=0.1).regime == FINE
    # a goal above the training error: no bias; the gap to the goal remains
    assert read_learning_curve(curve, 0.13).regime == HIGH_VARIANCE


def test_bias_is_read_from_the_largest_size_not_the_first() -> None:
    # a training error that starts below the goal and rises above it
    curve = _curve([0.00, 0.04, 0.09], [0.30, 0.15, 0.10])
    assert read_learning_curve(curve, 0.05).regime == HIGH_BIAS


def test_reading_accepts_a_plain_table() -> None:
    X = np.arange(8.0).reshape(-1, 1)
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    table = learning_curve(lambda: KNeighborsClassifier(1), X, y, X, y, [8, 4])
    reading = read_learning_curve(table, 0.1)
    assert reading.n_train == 8 and reading.regime == FINE
    one_point = pd.DataFrame({"train_error": [0.2], "dev_error": [0.3]}, index=[50])
    assert read_learning_curve(one_point, 0.05).dev_trend is None


def _timed_curve(model):
    start = time.perf_counter()
    curve = averaged_learning_curve(model, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, SIZES, seed=0)
    return curve, time.perf_counter() - start


def test_digits_tiny_model_is_high_bias() -> None:
    curve, seconds = _timed_curve(DecisionTreeClassifier(max_depth=2, random_state=0))
    reading = read_learning_curve(curve, desired_error=0.03)
    assert reading.regime == HIGH_BIAS
    assert reading.train_error > 0.4  # four leaves cannot tell ten digits apart
    assert seconds < 1.0


@pytest.mark.parametrize("model", [KNeighborsClassifier(1), DecisionTreeClassifier(random_state=0)],
                         ids=["1-NN", "deep tree"])
def test_digits_memorising_model_is_high_variance(model) -> None:
    curve, seconds = _timed_curve(model)
    reading = read_learning_curve(curve, desired_error=0.03)
    assert reading.regime == HIGH_VARIANCE
    assert reading.train_error == 0.0
    assert reading.dev_trend < 0  # more data still helps
    # averaging makes the curve smoother: the dev error falls at every step
    assert np.all(np.diff(curve.table["dev_error"]) < 0)
    assert seconds < 1.0


# ----------------------------------------------------------------------------- plot
def test_plot_draws_curves_spread_and_levels() -> None:
    curve = _curve([0.00, 0.01, 0.02], [0.30, 0.20, 0.15])
    ax = curve.plot(desired=0.05, human=0.01)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"training error", "dev error", "desired error", "human-level error"}
    assert lines["dev error"].get_ydata().tolist() == [0.30, 0.20, 0.15]
    assert lines["desired error"].get_ydata()[0] == 0.05
    assert lines["human-level error"].get_linestyle() == ":"
    assert len(ax.collections) == 2  # one shaded band per curve
    real = averaged_learning_curve(KNeighborsClassifier(1), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                   [20, 60], repeats=3)
    band = real.plot(spread="range", logx=True).collections[1].get_paths()[0].vertices
    assert band[:, 1].max() == pytest.approx(real.table["dev_max"].max())
    assert band[:, 1].min() == pytest.approx(real.table["dev_min"].min())


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: stratified_subset(Y_TRAIN, 0), ValueError, "size must be at least 1"),
        (lambda: stratified_subset(Y_TRAIN, 1001), ValueError, "at most 1000"),
        (lambda: stratified_subset(Y_TRAIN, 5.0), TypeError, "integer"),
        (lambda: stratified_subset("abc", 1), TypeError, "class labels"),
        (lambda: stratified_subset([], 1), ValueError, "empty"),
        (lambda: averaged_learning_curve("knn", X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [20]),
         TypeError, "fit"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         [5]), ValueError, "10 classes"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         [2000]), ValueError, "between 10 and 1000"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         []), ValueError, "empty"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         [20], repeats=0), ValueError, "repeats"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         [20], stratify="yes"), TypeError, "stratify"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                         [20], seed=-1), ValueError, "non-negative"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN[:, 0], Y_TRAIN,
                                         X_DEV[:, 0], Y_DEV, [20]), ValueError, "reshape"),
        (lambda: averaged_learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN[:-1], X_DEV,
                                         Y_DEV, [20]), ValueError, "same length"),
        (lambda: read_learning_curve([0.1, 0.2], 0.05), TypeError, "LearningCurveResult"),
        (lambda: read_learning_curve(pd.DataFrame({"train_error": [0.1]}), 0.05),
         ValueError, "dev_error"),
        (lambda: read_learning_curve(_curve([0, 0, 0], [0.1, 0.1, 0.1]), 5), ValueError,
         "write 0.05"),
        (lambda: read_learning_curve(_curve([0, 0, 0], [0.1, 0.1, 0.1]), 0.05, tolerance=-1),
         ValueError, "tolerance"),
        (lambda: LearningCurveResult.from_errors([10, 20], [0.1], [0.2, 0.3]), ValueError,
         "same length"),
        (lambda: LearningCurveResult.from_errors([20, 10], [0.1, 0.1], [0.2, 0.3]), ValueError,
         "increasing"),
        (lambda: _curve([0, 0, 0], [0.1, 0.1, 0.1]).plot(spread="iqr"), ValueError, "spread"),
        (lambda: _curve([0, 0, 0], [0.1, 0.1, 0.1]).plot(desired="5%"), TypeError, "desired"),
    ],
)
def test_bad_inputs_are_explained(call, error, words) -> None:
    with pytest.raises(error, match=words):
        call()


def test_single_class_subset_gets_a_hint() -> None:
    from sklearn.linear_model import LogisticRegression

    X = np.arange(40.0).reshape(-1, 1)
    y = np.array([0] * 38 + [1] * 2)
    with pytest.raises(ValueError, match="stratify=True"):
        averaged_learning_curve(LogisticRegression(), X, y, X, y, [2], repeats=5,
                                stratify=False, seed=0)


def test_digits_middling_tree_is_both() -> None:
    # 64 leaves at most: it neither fits the training digits nor generalises from them
    curve, seconds = _timed_curve(DecisionTreeClassifier(max_depth=6, random_state=0))
    reading = read_learning_curve(curve, desired_error=0.03)
    assert reading.regime == BOTH
    assert reading.bias_gap > 0.05 and reading.gap > reading.bias_gap
    assert seconds < 1.0
