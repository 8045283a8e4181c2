"""Tests for course_lib.data.wake_word: the simulated wake-word detector evaluation."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from course_lib.data.wake_word import SECONDS_PER_DAY, simulate_detectors

PHI = NormalDist().cdf


def test_shape_names_and_determinism():
    table = simulate_detectors(8, seed=83)
    assert list(table.index) == list("ABCDEFGH")
    assert list(table.columns) == ["accuracy", "false_positives_per_24h"]
    pd.testing.assert_frame_equal(table, simulate_detectors(8, seed=83))
    assert not table.equals(simulate_detectors(8, seed=84))


def test_values_are_counts_over_the_evaluation_size():
    table = simulate_detectors(10, seed=5, n_wake_words=400, days=7)
    caught = table["accuracy"].to_numpy() * 400
    wakes = table["false_positives_per_24h"].to_numpy() * 7
    np.testing.assert_allclose(caught, np.round(caught), atol=1e-9)
    np.testing.assert_allclose(wakes, np.round(wakes), atol=1e-9)
    assert ((table["accuracy"] >= 0) & (table["accuracy"] <= 1)).all()


def test_large_evaluations_stay_within_the_documented_ranges():
    # separation in [5, 7], threshold in [3.8, 4.8]: hand-derived bounds of the true values.
    table = simulate_detectors(26, seed=1, n_wake_words=1_000_000, days=3_650)
    low_acc, high_acc = 1 - PHI(4.8 - 5.0), 1 - PHI(3.8 - 7.0)
    assert table["accuracy"].between(low_acc - 0.002, high_acc + 0.002).all()
    low_fp = (1 - PHI(4.8)) * SECONDS_PER_DAY
    high_fp = (1 - PHI(3.8)) * SECONDS_PER_DAY
    assert table["false_positives_per_24h"].between(low_fp * 0.9, high_fp * 1.1).all()
    # A stricter threshold catches fewer words and wakes up less: over many detectors, the
    # two columns move together.
    assert table["accuracy"].corr(table["false_positives_per_24h"]) > 0


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_detectors": 1}, ValueError),
        ({"n_detectors": 27}, ValueError),
        ({"n_detectors": 3.0}, TypeError),
        ({"seed": "0"}, TypeError),
        ({"n_wake_words": 10}, ValueError),
        ({"days": 0}, ValueError),
    ],
)
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        simulate_detectors(**kwargs)
