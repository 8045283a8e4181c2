"""Tests for course_lib.experiments.data_decisions: the data, the sample weights, and the three
experiments of week 3 · 06, checked against what the notebook says they show.

Oracles: the weights' definition (1 for target, beta for the rest, divided by the mean when
normalized) written out by hand; the experiments' claims (a small network gets worse with the
other data and a big one does not; keeping inconsistent examples hurts more with their share and
dropping them does not; the dev error is lowest for a beta strictly between 0 and 1).
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

from course_lib.experiments import data_decisions as dd

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def capacity():
    return dd.capacity_experiment(seed=0)


@pytest.fixture(scope="module")
def inconsistent():
    return dd.inconsistent_experiment(seed=0)


@pytest.fixture(scope="module")
def weighting():
    return dd.weighting_experiment(seed=0)


# --- data ------------------------------------------------------------------------------------

def test_sources_are_disjoint_read_only_and_scaled():
    s = dd.digit_sources(seed=0)
    assert s.X_train.shape == (100, 64) and s.X_dev.shape == (500, 64)
    assert s.X_other.shape == (3 * (1797 - 600), 64) and len(s.y_other) == len(s.X_other)
    for arr in (s.X_train, s.X_dev, s.X_other):
        assert 0.0 <= arr.min() and arr.max() <= 1.0 and not arr.flags.writeable
    # the other images are moved and grainy copies: none equals a target image
    target = {row.tobytes() for row in np.vstack([s.X_train, s.X_dev])}
    assert not any(row.tobytes() in target for row in s.X_other[:200])
    # the three copies of a digit share its label
    n = 1797 - 600
    np.testing.assert_array_equal(s.y_other[:n], s.y_other[n:2 * n])


def test_sources_are_reproducible_and_depend_on_the_seed():
    a, b = dd.digit_sources(seed=3), dd.digit_sources(seed=3)
    np.testing.assert_array_equal(a.X_other, b.X_other)
    assert not np.array_equal(a.y_train, dd.digit_sources(seed=4).y_train)


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"n_target": 5}, ValueError), ({"n_dev": 1700}, ValueError), ({"copies": 0}, ValueError),
    ({"copies": 2.0}, TypeError), ({"seed": -1}, ValueError)])
def test_sources_refuse_bad_sizes(kwargs, error):
    with pytest.raises(error):
        dd.digit_sources(**kwargs)


# --- sample weights --------------------------------------------------------------------------

def test_sample_weights_by_hand():
    mask = [True, False, False, True, False]
    np.testing.assert_allclose(dd.sample_weights(mask, 0.2), [1, 0.2, 0.2, 1, 0.2])
    w = dd.sample_weights(np.array(mask), 0.2, normalize=True)
    np.testing.assert_allclose(w, np.array([1, 0.2, 0.2, 1, 0.2]) / 0.52)
    assert w.mean() == pytest.approx(1.0) and w[1] / w[0] == pytest.approx(0.2)
    np.testing.assert_allclose(dd.sample_weights([1, 0], 0.0), [1.0, 0.0])
    assert dd.sample_weights([True, True], 3.0).dtype == float


@pytest.mark.parametrize(("args", "kwargs", "error", "match"), [
    (([True, False], -0.1), {}, ValueError, "beta"),
    (([True, False], "0.1"), {}, TypeError, "beta"),
    ((["yes", "no"], 0.1), {}, TypeError, "is_target"),
    (([False, False], 0.0), {"normalize": True}, ValueError, "every weight is 0"),
    (([False, False], 0.0), {}, ValueError, "every weight is 0"),
    (([True], 0.5), {"normalize": 1}, TypeError, "normalize"),
])
def test_sample_weights_refuse_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        dd.sample_weights(*args, **kwargs)


# --- (a) capacity ----------------------------------------------------------------------------

def test_the_other_data_hurt_small_networks_and_not_the_big_one(capacity):
    change = capacity.change
    assert list(capacity.table.index) == [4, 16, 64, 256]
    assert change.loc[4] > 0.05 and change.loc[16] > 0.03      # small: clearly worse
    assert change.loc[64] <= 0.005 and change.loc[256] <= 0.005  # bigger: not worse
    assert change.loc[4] > change.loc[16] > change.loc[64]       # the harm shrinks with size
    assert capacity.n_target == 100 and capacity.n_other == 3591


def test_capacity_plot_and_validation(capacity):
    ax = capacity.plot()
    assert len(ax.lines) == 2 and ax.get_xlabel() == "hidden units (network size)"
    with pytest.raises(ValueError):
        dd.capacity_experiment(hidden_units=())
    with pytest.raises(ValueError):
        dd.capacity_experiment(hidden_units=(0,))


# --- (b) inconsistent examples ---------------------------------------------------------------

def test_keeping_inconsistent_examples_hurts_and_dropping_them_does_not(inconsistent):
    t = inconsistent.table
    assert list(t.index) == [0.0, 0.1, 0.2, 0.3, 0.4]
    assert t.loc[0.0, "kept"] == t.loc[0.0, "dropped"]           # nothing to drop
    assert (t["dropped"] <= t["kept"]).all()
    assert (np.diff(t["kept"].to_numpy()) > 0).all()             # worse with every share
    assert t["dropped"].max() - t["dropped"].min() < 0.02         # flat
    # a clean collection helps a lot; with 30-40% contradictions it is worse than none
    assert t.loc[0.0, "kept"] < inconsistent.target_only / 2
    assert t.loc[0.3, "kept"] > inconsistent.target_only
    assert t.loc[0.4, "kept"] > inconsistent.target_only + 0.05
    assert inconsistent.n_second == 1197


def test_inconsistent_plot_and_validation(inconsistent):
    ax = inconsistent.plot()
    assert len(ax.lines) == 3
    with pytest.raises(ValueError, match="below 1"):
        dd.inconsistent_experiment(shares=(1.0,))
    with pytest.raises(ValueError):
        dd.inconsistent_experiment(shares=(-0.1,))


# --- (c) weighting ---------------------------------------------------------------------------

def test_the_best_beta_lies_strictly_between_0_and_1(weighting):
    t = weighting.table
    best = weighting.best_beta
    assert 0 < best < 1
    assert t.loc[best, "dev_error"] < t.loc[0.0, "dev_error"] - 0.03
    assert t.loc[best, "dev_error"] < t.loc[1.0, "dev_error"] - 0.05
    # the other two columns point elsewhere: neither is what to tune on
    assert t["train_error"].idxmin() == 0.0
    assert t["other_error"].idxmin() == 1.0
    assert weighting.n_target == 50 and weighting.n_other == 3 * (1797 - 550)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_u_shape_holds_for_other_seeds(seed):
    t = dd.weighting_experiment(betas=(0.0, 0.01, 0.03, 0.1, 1.0), seed=seed).table
    inner = t.loc[[0.01, 0.03, 0.1], "dev_error"].min()
    assert inner < t.loc[0.0, "dev_error"] and inner < t.loc[1.0, "dev_error"]


def test_weighting_uses_the_weights_it_documents(monkeypatch):
    seen = []
    real = dd.sample_weights

    def spy(is_target, beta, **kwargs):
        seen.append((int(np.sum(is_target)), beta))
        return real(is_target, beta, **kwargs)

    monkeypatch.setattr(dd, "sample_weights", spy)
    dd.weighting_experiment(betas=(0.0, 0.5), seed=0)
    assert seen == [(50, 0.5)]  # beta = 0 trains on the target images alone


def test_weighting_plot_and_validation(weighting):
    ax = weighting.plot()
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("lowest dev error" in label for label in labels)
    with pytest.raises(ValueError):
        dd.weighting_experiment(betas=(-1.0,))
    with pytest.raises(ValueError):
        dd.weighting_experiment(betas=[])
