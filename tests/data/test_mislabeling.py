"""Tests for course_lib.data.mislabeling: label flips, the share of errors due to labels, and the
simulation of two models compared on a dev set with wrong labels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.data.mislabeling import (
    compare_under_label_errors,
    flip_random,
    flip_systematic,
    label_error_share,
)

labels_strategy = st.lists(st.integers(0, 9), min_size=1, max_size=200).filter(
    lambda xs: len(set(xs)) >= 2
)


# ----------------------------------------------------------------------------- flip_random
@settings(max_examples=80, deadline=None)
@given(labels_strategy, st.floats(0, 1), st.integers(0, 10_000))
def test_flip_random_makes_exactly_round_rate_n_labels_wrong(labels, rate, seed):
    y = np.array(labels)
    noisy = flip_random(y, rate, seed=seed)
    expected = int(np.floor(rate * len(y) + 0.5))
    assert int((noisy != y).sum()) == expected
    assert set(np.unique(noisy)) <= set(np.unique(y))  # no class invented
    assert np.array_equal(y, np.array(labels))  # input untouched


def test_flip_random_is_seeded_and_spreads_over_the_other_classes():
    y = np.repeat(np.arange(10), 500)
    a = flip_random(y, 0.3, seed=4)
    assert np.array_equal(a, flip_random(y, 0.3, seed=4))
    assert not np.array_equal(a, flip_random(y, 0.3, seed=5))
    # among the flipped 0s, each of the 9 other classes gets about 1/9 of them
    flipped_zeros = a[(y == 0) & (a != y)]
    counts = np.bincount(flipped_zeros, minlength=10)
    assert counts[0] == 0
    assert counts[1:].min() > 0.5 * counts[1:].mean()


def test_flip_random_with_explicit_classes_can_use_absent_classes():
    y = np.zeros(1000, dtype=int)
    noisy = flip_random(y, 1.0, seed=0, classes=[0, 1, 2])
    assert set(np.unique(noisy)) == {1, 2}


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (([1, 1, 1], 0.5), ValueError),  # a single class cannot be made wrong
        (([0, 1], 1.5), ValueError),
        (([0, 1], -0.1), ValueError),
        ((["a", "b"], 0.5), TypeError),
        (([0.5, 1.0], 0.5), TypeError),
        (([[0, 1]], 0.5), ValueError),
        (([], 0.5), ValueError),
        (("01", 0.5), TypeError),
    ],
)
def test_flip_random_rejects_bad_input(args, error):
    with pytest.raises(error):
        flip_random(*args)


def test_flip_random_rejects_labels_outside_the_given_classes():
    with pytest.raises(ValueError, match="not in classes"):
        flip_random([0, 1, 5], 0.5, classes=[0, 1])


# ----------------------------------------------------------------------------- flip_systematic
def test_flip_systematic_hand_case():
    assert flip_systematic([7, 1, 7, 3, 7], 7, 1).tolist() == [1, 1, 1, 3, 1]
    assert flip_systematic([7, 1, 7, 3, 7], 7, 1, rate=0.0).tolist() == [7, 1, 7, 3, 7]


@settings(max_examples=60, deadline=None)
@given(labels_strategy, st.floats(0, 1), st.integers(0, 1000))
def test_flip_systematic_only_touches_the_source_class(labels, rate, seed):
    y = np.array(labels)
    source = int(y[0])
    target = (source + 1) % 10
    noisy = flip_systematic(y, source, target, rate=rate, seed=seed)
    changed = noisy != y
    assert np.all(y[changed] == source) and np.all(noisy[changed] == target)
    n_source = int((y == source).sum())
    assert int(changed.sum()) == int(np.floor(rate * n_source + 0.5))


def test_flip_systematic_errors():
    with pytest.raises(ValueError, match="no label equals"):
        flip_systematic([0, 1, 2], 7, 1)
    with pytest.raises(ValueError, match="must differ"):
        flip_systematic([7, 1], 7, 7)
    with pytest.raises(TypeError):
        flip_systematic([7, 1], "7", 1)


# ----------------------------------------------------------------------------- share
def test_label_error_share_course_cases():
    assert label_error_share(0.10, 0.006) == pytest.approx(0.06)
    assert label_error_share(0.02, 0.006) == pytest.approx(0.30)
    assert label_error_share(0.05, 0.0) == 0.0
    assert label_error_share(0.04, 0.04) == 1.0


@pytest.mark.parametrize(
    ("dev", "label", "error"),
    [(0.0, 0.0, ValueError), (0.02, 0.03, ValueError), (1.5, 0.1, ValueError),
     (0.1, -0.01, ValueError), (True, 0.1, TypeError), ("0.1", 0.01, TypeError)],
)
def test_label_error_share_rejects_bad_input(dev, label, error):
    with pytest.raises(error):
        label_error_share(dev, label)


# ----------------------------------------------------------------------------- simulation
def test_without_label_errors_the_dev_set_measures_the_true_errors():
    sim = compare_under_label_errors(0.021, 0.019, 0.0, n_dev=10_000, n_trials=50)
    assert np.allclose(sim["measured_a"], 0.021) and np.allclose(sim["measured_b"], 0.019)
    assert not sim["picks_worse"].any()


def test_measured_errors_follow_the_agreement_formula():
    # agreement 0: every wrong label is charged as an extra error to both models
    sim = compare_under_label_errors(0.021, 0.019, 0.006, agreement=0.0, n_trials=20)
    assert np.allclose(sim["measured_a"], 0.027) and np.allclose(sim["measured_b"], 0.025)
    # agreement 1: each model is credited on every wrongly labelled example
    sim = compare_under_label_errors(0.021, 0.019, 0.006, agreement=1.0, n_trials=20)
    assert np.allclose(sim["measured_a"], 0.015) and np.allclose(sim["measured_b"], 0.013)


def test_more_label_errors_make_wrong_rankings_more_frequent():
    rates = [compare_under_label_errors(0.021, 0.019, q, seed=3)["picks_worse"].mean()
             for q in (0.0, 0.002, 0.006, 0.01)]
    assert rates[0] == 0.0
    assert rates == sorted(rates) and rates[-1] < 0.5


def test_the_worse_model_can_be_either_argument():
    ab = compare_under_label_errors(0.021, 0.019, 0.006, seed=2)["picks_worse"].mean()
    ba = compare_under_label_errors(0.019, 0.021, 0.006, seed=2)["picks_worse"].mean()
    assert ab == pytest.approx(ba, abs=0.05)


def test_agreement_is_capped_by_the_model_mistakes():
    # 5 true mistakes but 50 wrong labels: at most 5 can be "agreed" with
    sim = compare_under_label_errors(0.0005, 0.01, 0.005, agreement=1.0, n_trials=10)
    assert np.allclose(sim["measured_a"], (5 - 5 + 50 - 5) / 10_000)


def test_simulation_rejects_equal_models_and_bad_sizes():
    with pytest.raises(ValueError, match="same number of mistakes"):
        compare_under_label_errors(0.02, 0.02, 0.006)
    with pytest.raises(ValueError):
        compare_under_label_errors(0.02, 0.01, 0.006, n_dev=0)
    with pytest.raises(TypeError):
        compare_under_label_errors(0.02, 0.01, 0.006, n_trials=1.5)
