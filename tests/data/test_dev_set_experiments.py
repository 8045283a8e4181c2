"""Tests for the experiments of week1/05 (power of a dev-set comparison) and week1/06
(overfitting the dev set by trying many ideas on it)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.experiments import dev_overfitting as ov
from course_lib.experiments import dev_set_power as dp
from course_lib.sizing import dev_set_size


# --------------------------------------------------------------------------- power
@pytest.mark.parametrize(("power", "expected"), [(None, 0.5), (0.8, 0.8), (0.9, 0.9)])
def test_the_size_of_dev_set_size_reaches_its_power(power, expected):
    n = dev_set_size(0.01, 0.002, power=power)
    assert dp.detection_rate(0.01, 0.002, n, n_trials=6_000, seed=3) == pytest.approx(
        expected, abs=0.03)
    assert dp.predicted_power(0.01, 0.002, n) == pytest.approx(expected, abs=0.01)


def test_power_grows_with_n_and_the_simulation_follows_the_approximation():
    table = dp.power_curve(0.10, 0.01, [1_000, 5_000, 15_000, 40_000], n_trials=3_000)
    assert table["predicted"].is_monotonic_increasing
    assert np.all(np.abs(table["simulated"] - table["predicted"]) < 0.04)
    assert table.index.name == "dev-set size"


def test_detection_is_deterministic_per_seed():
    a = dp.detection_rate(0.05, 0.01, 3_000, n_trials=500, seed=4)
    assert a == dp.detection_rate(0.05, 0.01, 3_000, n_trials=500, seed=4)


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: dp.detection_rate(0.01, 0.0, 100), ValueError, "margin"),
        (lambda: dp.detection_rate(0.99, 0.02, 100), ValueError, "at most 1"),
        (lambda: dp.detection_rate(0.01, 0.002, 100.0), TypeError, "n must be an integer"),
        (lambda: dp.detection_rate(0.01, 0.002, 100, confidence=95), ValueError, "confidence"),
        (lambda: dp.power_curve(0.01, 0.002, []), ValueError, "non-empty"),
    ],
)
def test_power_validation(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


# --------------------------------------------------------------------------- overfitting
@pytest.fixture(scope="module")
def tuning():
    return ov.tuning_experiment(dev_sizes=(50, 500), n_ideas=300, n_repeats=200, seed=0)


def test_one_idea_is_not_optimistic(tuning):
    for size in (50, 500):
        assert abs(tuning.loc[(size, 1), "gap"]) < 0.02


def test_test_minus_dev_grows_with_the_ideas_tried_on_a_small_dev_set(tuning):
    small = tuning.loc[50, "gap"]
    assert small.loc[300] > small.loc[30] > small.loc[3] > 0.01
    assert small.loc[300] > 0.05


def test_a_bigger_dev_set_is_less_optimistic_and_picks_better_ideas(tuning):
    assert tuning.loc[(500, 300), "gap"] < tuning.loc[(50, 300), "gap"] / 3
    assert tuning.loc[(500, 300), "test_error"] < tuning.loc[(50, 300), "test_error"]


def test_the_kept_idea_never_gets_worse_on_the_dev_set(tuning):
    for size in (50, 500):
        # each repeat's kept dev error only goes down, so their mean does too
        assert np.all(np.diff(tuning.loc[size, "dev_error"].to_numpy()) <= 1e-12)


def test_the_experiment_is_deterministic_and_shaped_as_documented():
    a = ov.tuning_experiment(dev_sizes=(100,), n_ideas=20, n_repeats=10, seed=5)
    b = ov.tuning_experiment(dev_sizes=(100,), n_ideas=20, n_repeats=10, seed=5)
    assert a.equals(b)
    assert list(a.index.names) == ["dev size", "ideas tried"] and len(a) == 20
    assert list(a.columns) == ["dev_error", "test_error", "gap"]


def test_the_idea_pool_is_read_only_and_ideas_differ():
    pool = ov.idea_pool(n_ideas=30, seed=0)
    assert not pool.correct.flags.writeable
    assert len(set(pool.pixels)) == 30
    assert pool.true_errors.std() > 0.02


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"dev_sizes": ()}, ValueError, "non-empty"),
        ({"dev_sizes": (700,)}, ValueError, "at most 600"),
        ({"n_ideas": 0}, ValueError, "n_ideas"),
        ({"n_repeats": 2.0}, TypeError, "n_repeats"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_overfitting_validation(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        ov.tuning_experiment(**kwargs)
