"""Tests for course_lib.data.label_noise: redrawn labels and the Bayes error they imply."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.data.label_noise import (
    add_label_noise,
    bayes_error_with_label_noise,
    error_under_label_noise,
    noisy_digits,
)

rates = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
classes = st.integers(min_value=2, max_value=20)


# --------------------------------------------------------------------------- add_label_noise
def test_input_is_not_modified_and_result_is_a_copy() -> None:
    y = np.arange(10) % 3
    before = y.copy()
    noisy = add_label_noise(y, 0.5, 3, seed=1)
    assert np.array_equal(y, before)
    assert noisy is not y and noisy.dtype == np.int64


def test_zero_noise_keeps_every_label() -> None:
    y = [3, 1, 4, 1, 5, 9, 2, 6]
    assert add_label_noise(y, 0.0, 10, seed=3).tolist() == y


def test_same_seed_same_labels_other_seed_other_labels() -> None:
    y = np.zeros(500, dtype=int)
    a = add_label_noise(y, 0.3, 5, seed=7)
    assert np.array_equal(a, add_label_noise(y, 0.3, 5, seed=7))
    assert not np.array_equal(a, add_label_noise(y, 0.3, 5, seed=8))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 300), q=rates, k=classes, seed=st.integers(0, 10_000))
def test_at_most_the_redrawn_share_changes_and_labels_stay_valid(n, q, k, seed) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, size=n)
    noisy = add_label_noise(y, q, k, seed=seed)
    assert noisy.shape == y.shape
    assert int((noisy != y).sum()) <= round(q * n)
    if n:
        assert noisy.min() >= 0 and noisy.max() < k


def test_changed_share_is_about_rate_times_k_minus_1_over_k() -> None:
    # 40,000 labels, 30% redrawn over 4 classes: 22.5% should change (sd about 0.1%).
    y = np.zeros(40_000, dtype=int)
    changed = np.mean(add_label_noise(y, 0.3, 4, seed=0) != y)
    assert changed == pytest.approx(0.3 * 3 / 4, abs=0.006)


def test_redrawn_labels_are_uniform_over_classes() -> None:
    noisy = add_label_noise(np.zeros(30_000, dtype=int), 1.0, 3, seed=2)
    shares = np.bincount(noisy, minlength=3) / noisy.size
    assert np.allclose(shares, 1 / 3, atol=0.015)


def test_n_classes_defaults_to_largest_label_plus_one() -> None:
    noisy = add_label_noise([0, 1, 2] * 100, 1.0, seed=0)
    assert set(noisy.tolist()) == {0, 1, 2}


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "words"),
    [
        (([0, 1], 1.5, 2), {}, ValueError, "noise_rate"),
        (([0, 1], -0.1, 2), {}, ValueError, "noise_rate"),
        (([0, 3], 0.1, 3), {}, ValueError, "n_classes=3"),
        (([0, -1], 0.1, 3), {}, ValueError, "0 or more"),
        (([0.5, 1.0], 0.1, 3), {}, TypeError, "integer class labels"),
        ((np.zeros((2, 2), dtype=int), 0.1, 3), {}, ValueError, "one-dimensional"),
        (("0101", 0.1, 3), {}, TypeError, "list or array"),
        (([0, 1], 0.1, 1), {}, ValueError, "at least 2"),
        (([0, 1], 0.1, True), {}, TypeError, "n_classes"),
        (([0, 1], 0.1, 2), {"seed": -1}, ValueError, "seed"),
        (([0, 1], "0.1", 2), {}, TypeError, "noise_rate"),
    ],
)
def test_bad_inputs_are_explained(args, kwargs, error, words) -> None:
    with pytest.raises(error, match=words):
        add_label_noise(*args, **kwargs)


# --------------------------------------------------------------------------- formulas
@pytest.mark.parametrize(
    ("clean", "q", "k", "expected"),
    [
        (0.0, 0.2, 10, 0.18),  # a perfect reader: only redraws that miss count
        (0.01, 0.1, 10, 0.099),  # 0.9 * 0.01 + 0.1 * 0.9
        (0.0, 0.2, 2, 0.1),  # yes/no labels: half the redraws land on the right answer
        (0.3, 0.0, 5, 0.3),  # no noise: nothing changes
        (0.0, 1.0, 4, 0.75),  # all labels random: any classifier guesses
        (1.0, 1.0, 4, 0.75),
    ],
)
def test_error_under_label_noise_by_hand(clean, q, k, expected) -> None:
    assert error_under_label_noise(clean, q, k) == pytest.approx(expected, abs=1e-12)


def test_error_under_label_noise_matches_a_simulation() -> None:
    # A classifier wrong on 5% of the clean labels, scored on labels with 20% redrawn.
    rng = np.random.default_rng(0)
    k, n = 10, 200_000
    clean = rng.integers(0, k, size=n)
    pred = clean.copy()
    wrong = rng.random(n) < 0.05
    pred[wrong] = (clean[wrong] + rng.integers(1, k, size=wrong.sum())) % k
    noisy = add_label_noise(clean, 0.2, k, seed=1)
    measured = np.mean(pred != noisy)
    assert measured == pytest.approx(error_under_label_noise(np.mean(wrong), 0.2, k), abs=0.003)


@settings(max_examples=80, deadline=None)
@given(e=rates, q=rates, k=classes)
def test_error_under_label_noise_stays_a_rate_and_grows_with_noise_when_e_is_small(e, q, k):
    value = error_under_label_noise(e, q, k)
    assert 0.0 <= value <= 1.0
    if e < (k - 1) / k:  # a better-than-guessing classifier only loses from noise
        assert value >= e - 1e-12


@settings(max_examples=80, deadline=None)
@given(
    k=st.integers(2, 8),
    n_x=st.integers(1, 6),
    q=rates,
    seed=st.integers(0, 10_000),
)
def test_bayes_error_formula_equals_brute_force_on_discrete_tasks(k, n_x, q, seed) -> None:
    # A task with n_x equally likely inputs and a random clean posterior P(y | x):
    # the Bayes error is 1 - mean_x max_y P(y | x), before and after the noise.
    rng = np.random.default_rng(seed)
    posterior = rng.dirichlet(np.full(k, 0.5), size=n_x)
    clean_bayes = 1.0 - posterior.max(axis=1).mean()
    noisy_posterior = (1 - q) * posterior + q / k
    noisy_bayes = 1.0 - noisy_posterior.max(axis=1).mean()
    got = bayes_error_with_label_noise(q, k, clean_bayes_error=clean_bayes)
    assert got == pytest.approx(noisy_bayes, abs=1e-12)


def test_bayes_error_defaults_to_perfectly_predictable_clean_labels() -> None:
    assert bayes_error_with_label_noise(0.1, 10) == pytest.approx(0.09)


@pytest.mark.parametrize(
    ("args", "error"),
    [((1.2, 10), ValueError), ((0.1, 1), ValueError), ((0.1, 2.5), TypeError),
     ((float("nan"), 3), ValueError), ((0.1, 3, -0.2), ValueError)],
)
def test_formula_inputs_are_checked(args, error) -> None:
    with pytest.raises(error):
        bayes_error_with_label_noise(*args)


# --------------------------------------------------------------------------- noisy digits
def test_noisy_digits_split_and_clean_labels_match_scikit_learn() -> None:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    d = noisy_digits(0.1, seed=0)
    X, y = load_digits(return_X_y=True)
    X_train, X_dev, y_train, y_dev = train_test_split(
        X, y, test_size=0.35, random_state=0, stratify=y
    )
    assert np.allclose(d.X_train, X_train / 16) and np.allclose(d.X_dev, X_dev / 16)
    assert np.array_equal(d.y_train_clean, y_train) and np.array_equal(d.y_dev_clean, y_dev)
    assert d.X_train.min() >= 0 and d.X_train.max() <= 1


def test_noisy_digits_noise_level_and_bayes_error() -> None:
    d = noisy_digits(0.2, seed=3)
    assert d.bayes_error == pytest.approx(0.18)
    for noisy, clean in ((d.y_train, d.y_train_clean), (d.y_dev, d.y_dev_clean)):
        changed = np.mean(noisy != clean)
        assert changed <= round(0.2 * len(clean)) / len(clean)
        assert changed == pytest.approx(0.18, abs=0.04)
    assert np.array_equal(noisy_digits(0.0).y_dev, noisy_digits(0.0).y_dev_clean)


def test_noisy_digits_is_cached_and_read_only() -> None:
    d = noisy_digits(0.1, seed=0)
    assert noisy_digits(0.1, seed=0) is d
    with pytest.raises(ValueError):
        d.y_train[0] = 3
