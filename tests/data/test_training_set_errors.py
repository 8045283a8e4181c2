"""Tests for course_lib.experiments.training_set_errors: the random-ReLU network, the capacity
sweep with and without L2, the training-set review and the error-points tally.

Oracles: the network's output layer is ridge regression (checked against a direct solve);
the sweep's documented shape (regularized dev error falls, unregularized dev error climbs near
the number of training images); the review's construction (clean images are always readable,
unreadable ones are corrupted at the fixed strength); the tally against a hand count.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from course_lib.experiments import training_set_errors as tse

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def sweep():
    return tse.capacity_sweep(seed=0)


@pytest.fixture(scope="module")
def review():
    return tse.training_set_review(seed=0)


# --- the network -------------------------------------------------------------------------------

def test_the_output_layer_is_ridge_regression():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 5)), rng.integers(0, 3, size=40)
    net = tse.RandomReluNetwork(12, alpha=0.5, seed=1).fit(X, y)
    H = np.maximum(X @ net.weights_ + net.biases_, 0)  # noqa: N806
    Hc = H - H.mean(axis=0)  # noqa: N806
    T = np.eye(3)[y]  # noqa: N806
    coef = np.linalg.solve(Hc.T @ Hc + 0.5 * np.eye(12), Hc.T @ (T - T.mean(axis=0)))
    np.testing.assert_allclose(net.coef_[:-1], coef, atol=1e-8)
    assert net.n_parameters == 13 * 3
    np.testing.assert_array_equal(net.predict(X), (H @ coef + net.coef_[-1]).argmax(axis=1))


def test_the_network_keeps_label_values_and_refuses_bad_input():
    X = np.eye(4)
    net = tse.RandomReluNetwork(50, alpha=1e-6).fit(X, [3, 7, 7, 3])
    assert set(net.predict(X)) <= {3, 7}
    with pytest.raises(RuntimeError, match="fit"):
        tse.RandomReluNetwork().predict(X)
    with pytest.raises(ValueError):
        tse.RandomReluNetwork().fit(X, [1, 2])
    with pytest.raises(ValueError):
        tse.RandomReluNetwork(0)
    with pytest.raises(ValueError):
        tse.RandomReluNetwork(alpha=-1)


# --- the capacity sweep ------------------------------------------------------------------------

def test_regularized_growth_lowers_both_errors(sweep):
    reg = sweep.table.loc["regularized"]
    assert (np.diff(reg["dev_error"].to_numpy()) <= 1e-9).all()
    assert (np.diff(reg["train_error"].to_numpy()) <= 1e-9).all()
    assert reg["dev_error"].iloc[-1] < 0.06


def test_without_regularization_variance_takes_over_near_the_training_size(sweep):
    free = sweep.table.loc["not regularized"]
    assert free["train_error"].iloc[-1] == 0.0
    assert free["dev_error"].iloc[-1] > free["dev_error"].min() + 0.2
    assert free["dev_error"].idxmin() < sweep.n_train
    reg = sweep.table.loc["regularized"]
    small = free.index[:3]  # nothing to hold back yet: the settings agree
    assert (abs(free.loc[small, "dev_error"] - reg.loc[small, "dev_error"]) < 0.02).all()


def test_sweep_plot_and_validation(sweep):
    ax = sweep.plot()
    assert len(ax.lines) == 5  # four curves and the training-size marker
    with pytest.raises(ValueError):
        tse.capacity_sweep(hidden_units=())
    with pytest.raises(ValueError):
        tse.capacity_sweep(n_train=1500, n_dev=600)


# --- the training-set review -------------------------------------------------------------------

def test_the_review_is_built_as_documented(review):
    ex = review.examples
    assert len(ex) == 1000 and review.images.shape == (1000, 8, 8)
    assert ex.loc[ex["tag"] == "clean", "readable"].all()
    assert ex.loc[ex["tag"] == "clean", "strength"].isna().all()
    for tag, strength in tse.UNREADABLE_STRENGTH.items():
        gone = ex[(ex["tag"] == tag) & ~ex["readable"]]
        assert len(gone) > 0 and (gone["strength"] == strength).all()
        kept = ex[(ex["tag"] == tag) & ex["readable"]]
        low, high = tse.STRENGTHS[tag]
        assert kept["strength"].between(low, high).all()
    assert review.human_error == pytest.approx((~ex["readable"]).mean())
    assert (ex["wrong"] == (ex["label"] != ex["predicted"])).all()


def test_the_small_network_has_high_bias_and_a_big_one_removes_the_avoidable_errors(review):
    assert review.train_error - review.human_error > 2 * (review.dev_error - review.train_error)
    big = tse.training_set_review(hidden_units=300, seed=0)
    avoidable = lambda r: (r.examples["wrong"] & r.examples["readable"]).mean()  # noqa: E731
    assert avoidable(big) < avoidable(review) / 5
    assert big.train_error < big.human_error  # memorises some unreadable images
    assert big.dev_error < review.dev_error


def test_confusions_and_plot(review):
    pairs = review.confusions("clean", top=4)
    assert len(pairs) <= 4 and pairs.is_monotonic_decreasing
    clean_wrong = review.mistakes[review.mistakes["tag"] == "clean"]
    assert pairs.iloc[0] == clean_wrong.groupby(["label", "predicted"]).size().max()
    with pytest.raises(ValueError):
        review.confusions("smudged")
    axes = review.plot(per_tag=2)
    assert axes.shape == (4, 2)


# --- error points ------------------------------------------------------------------------------

def test_error_points_by_hand():
    tags = ["a", "b", "a", "c", "a", "b"]
    wrong = [True, False, True, False, False, True]
    points = tse.error_points(tags, wrong)
    expected = pd.Series({"a": 2 / 6, "b": 1 / 6, "c": 0.0})
    pd.testing.assert_series_equal(points, expected, check_names=False)
    assert points.sum() == pytest.approx(np.mean(wrong))
    assert list(tse.error_points(np.array(tags), np.array(wrong)).index) == ["a", "b", "c"]


@pytest.mark.parametrize(("tags", "wrong", "error"), [
    ("abc", [True], TypeError), (["a", 1], [True, False], TypeError),
    (["a"], [True, False], ValueError), ([], [], ValueError), (["a"], ["yes"], TypeError)])
def test_error_points_refuse_bad_input(tags, wrong, error):
    with pytest.raises(error):
        tse.error_points(tags, wrong)
