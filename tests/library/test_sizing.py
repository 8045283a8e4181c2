"""Tests for course_lib.sizing: noise in measured error rates and dev-set sizes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_lib.sizing import (
    confidence_interval,
    dev_set_size,
    simulate_error_estimates,
    standard_error,
)

# Two-sided 95% and one-sided 80% standard-normal quantiles, from printed tables.
Z_975 = 1.959964
Z_80 = 0.841621

RATE = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
SIZE = st.integers(min_value=1, max_value=10**7)


# --------------------------------------------------------------------------- standard_error
@pytest.mark.parametrize(
    ("p", "n", "expected"),
    [
        (0.1, 100, 0.03),  # sqrt(0.09 / 100)
        (0.5, 10_000, 0.005),  # sqrt(0.25 / 10000)
        (0.2, 400, 0.02),  # sqrt(0.16 / 400)
        (0.0, 50, 0.0),
        (1.0, 50, 0.0),
    ],
)
def test_standard_error_hand_computed(p, n, expected):
    assert standard_error(p, n) == pytest.approx(expected, abs=1e-12)


@given(st.integers(min_value=0, max_value=1024).map(lambda k: k / 1024), SIZE)
def test_standard_error_shrinks_like_one_over_sqrt_n(p, n):
    # Quadrupling n halves the standard error; p and 1 - p are equally noisy.
    # (p is a multiple of 1/1024 so that 1 - p is exact.)
    assert standard_error(p, 4 * n) == pytest.approx(standard_error(p, n) / 2, rel=1e-12)
    assert standard_error(p, n) == pytest.approx(standard_error(1 - p, n), rel=1e-12)
    assert 0 <= standard_error(p, n) <= 0.5


def test_standard_error_matches_spread_of_simulated_measurements():
    rng = np.random.default_rng(12345)
    measured = rng.binomial(2_500, 0.07, size=40_000) / 2_500
    assert measured.std() == pytest.approx(standard_error(0.07, 2_500), rel=0.02)


# --------------------------------------------------------------------------- confidence_interval
def test_confidence_interval_hand_computed():
    low, high = confidence_interval(0.1, 100)
    assert low == pytest.approx(0.1 - Z_975 * 0.03, abs=1e-6)
    assert high == pytest.approx(0.1 + Z_975 * 0.03, abs=1e-6)
    # 90%: z = 1.644854
    low, high = confidence_interval(0.2, 400, confidence=0.90)
    assert (low, high) == pytest.approx((0.2 - 1.644854 * 0.02, 0.2 + 1.644854 * 0.02), abs=1e-6)


def test_confidence_interval_is_clipped_to_zero_and_one():
    low, high = confidence_interval(0.01, 10)  # half-width about 0.062
    assert low == 0.0 and high == pytest.approx(0.01 + Z_975 * math.sqrt(0.0099 / 10), abs=1e-6)
    low, high = confidence_interval(0.99, 10)
    assert high == 1.0 and low < 0.99
    assert confidence_interval(0.0, 20) == (0.0, 0.0)


@given(RATE, SIZE, st.floats(min_value=0.5, max_value=0.99))
def test_confidence_interval_properties(p, n, conf):
    low, high = confidence_interval(p, n, conf)
    assert 0.0 <= low <= p <= high <= 1.0
    wider_low, wider_high = confidence_interval(p, n, min(0.999, conf + 0.005))
    assert wider_low <= low and high <= wider_high
    more_low, more_high = confidence_interval(p, 4 * n, conf)
    assert low <= more_low and more_high <= high


def _coverage(p: float, n: int, confidence: float, trials: int, seed: int) -> float:
    """Fraction of simulated dev sets whose interval contains the true rate p."""
    counts = np.random.default_rng(seed).binomial(n, p, size=trials)
    values, how_many = np.unique(counts, return_counts=True)
    covered = 0
    for k, m in zip(values, how_many, strict=True):
        low, high = confidence_interval(int(k) / n, n, confidence)
        covered += m * (low <= p <= high)
    return covered / trials


@pytest.mark.parametrize(
    ("p", "n", "confidence"),
    [(0.1, 2_000, 0.95), (0.3, 500, 0.95), (0.05, 5_000, 0.90)],
)
def test_confidence_interval_covers_true_rate_at_the_nominal_level(p, n, confidence):
    # 20,000 trials: the coverage estimate has a standard error of about 0.0015-0.002.
    coverage = _coverage(p, n, confidence, trials=20_000, seed=2024)
    assert coverage == pytest.approx(confidence, abs=0.012)


def test_tiny_sets_undercover_as_documented():
    # With n p = 0.5 the normal approximation breaks down: coverage is far below 95%.
    assert _coverage(0.01, 50, 0.95, trials=20_000, seed=7) < 0.80


# --------------------------------------------------------------------------- dev_set_size
def _by_hand(p1: float, margin: float, z: float) -> int:
    p2 = p1 + margin
    return math.ceil((p1 * (1 - p1) + p2 * (1 - p2)) * z**2 / margin**2)


@pytest.mark.parametrize(
    ("p", "margin", "power", "z"),
    [
        (0.10, 0.01, None, Z_975),
        (0.10, 0.01, 0.8, Z_975 + Z_80),
        (0.10, 0.001, 0.8, Z_975 + Z_80),
        (0.02, 0.005, None, Z_975),
        (0.30, 0.05, 0.8, Z_975 + Z_80),
    ],
)
def test_dev_set_size_matches_the_documented_formula(p, margin, power, z):
    # The tabulated quantiles are rounded to 6 digits, so allow a relative slack of 1e-5.
    assert dev_set_size(p, margin, power=power) == pytest.approx(_by_hand(p, margin, z), rel=1e-5)


def test_dev_set_size_orders_of_magnitude_from_the_course():
    # 10% vs 11%: a few thousand examples (about 7k, or about 15k for 80% power).
    assert 5_000 < dev_set_size(0.10, 0.01, power=None) < 10_000
    assert 10_000 < dev_set_size(0.10, 0.01) < 20_000
    # 10% vs 10.1%: hundreds of thousands to millions.
    assert 500_000 < dev_set_size(0.10, 0.001, power=None) < 1_000_000
    assert 1_000_000 < dev_set_size(0.10, 0.001) < 2_000_000



def test_the_sizes_with_and_without_power_that_week1_05_teaches():
    """week1/05 teaches both; the birds simulator (week1/12, question 3) asks the one with
    95% confidence and 80% power."""
    assert dev_set_size(0.01, 0.002) == 42_691
    assert dev_set_size(0.01, 0.002, confidence=0.95, power=0.8) == 42_691
    assert dev_set_size(0.01, 0.002, power=None) == 20_894
    assert dev_set_size(0.01, 0.002, power=0.5) == 20_894


def test_the_docstring_documents_confidence_and_power():
    doc = dev_set_size.__doc__ or ""
    for word in ("confidence", "power", "z_power", "power=None", "half of the time"):
        assert word in doc, word

@settings(max_examples=200)
@given(
    st.floats(min_value=0.0, max_value=0.9),
    st.floats(min_value=1e-4, max_value=0.05),
    st.floats(min_value=1.01, max_value=3.0),
)
def test_dev_set_size_decreases_as_margin_grows(p, margin, factor):
    bigger = margin * factor
    assume(p + bigger <= 1)
    assert dev_set_size(p, bigger) <= dev_set_size(p, margin)


@settings(max_examples=200)
@given(
    st.floats(min_value=0.0, max_value=0.45),
    st.floats(min_value=0.0, max_value=0.2),
    st.floats(min_value=1e-3, max_value=0.05),
)
def test_dev_set_size_grows_with_error_rate_below_one_half(p, step, margin):
    # p (1 - p) grows up to p = 1/2, so noisier rates need more examples.
    higher = p + step
    assume(higher + margin <= 0.5)
    assert dev_set_size(higher, margin) >= dev_set_size(p, margin)


def test_dev_set_size_grows_with_confidence_and_power():
    sizes = [dev_set_size(0.1, 0.01, confidence=c) for c in (0.8, 0.9, 0.95, 0.99)]
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    by_power = [dev_set_size(0.1, 0.01, power=w) for w in (None, 0.5, 0.8, 0.9, 0.99)]
    assert by_power[0] == by_power[1]  # None means 50% power
    assert by_power == sorted(by_power) and len(set(by_power[1:])) == 4


@pytest.mark.parametrize(("power", "expected"), [(0.8, 0.8), (None, 0.5)])
def test_dev_set_size_achieves_its_power_in_simulation(power, expected):
    """Two models 2 points apart, each on its own set of n examples: how often does a z-test
    at the 5% level tell them apart?"""
    p1, p2 = 0.10, 0.12
    n = dev_set_size(p1, p2 - p1, power=power)
    rng = np.random.default_rng(99)
    trials = 6_000
    a = rng.binomial(n, p1, size=trials) / n
    b = rng.binomial(n, p2, size=trials) / n
    se = np.sqrt(a * (1 - a) / n + b * (1 - b) / n)
    detected = np.abs(b - a) / se > Z_975
    assert detected.mean() == pytest.approx(expected, abs=0.025)


# --------------------------------------------------------------------------- simulate
def test_simulate_shape_dtype_and_grid():
    rates = simulate_error_estimates(0.1, n=250, n_trials=500, seed=1)
    assert rates.shape == (500,)
    assert rates.dtype == np.float64
    assert np.all((rates >= 0) & (rates <= 1))
    np.testing.assert_allclose(rates * 250, np.round(rates * 250), atol=1e-9)


def test_simulate_is_deterministic_given_a_seed():
    a = simulate_error_estimates(0.1, 1_000, 200, seed=3)
    b = simulate_error_estimates(0.1, 1_000, 200, seed=3)
    c = simulate_error_estimates(0.1, 1_000, 200, seed=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    gen = simulate_error_estimates(0.1, 1_000, 200, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(a, gen)


def test_simulate_mean_and_spread_match_the_binomial():
    rates = simulate_error_estimates(0.1, n=10_000, n_trials=20_000, seed=0)
    assert rates.mean() == pytest.approx(0.1, abs=4 * 0.003 / math.sqrt(20_000))
    assert rates.std() == pytest.approx(math.sqrt(0.1 * 0.9 / 10_000), rel=0.03)


def test_simulate_extreme_rates():
    assert np.all(simulate_error_estimates(0.0, 100, 50, seed=0) == 0.0)
    assert np.all(simulate_error_estimates(1.0, 100, 50, seed=0) == 1.0)


def test_small_dev_set_noise_hides_a_tenth_of_a_point():
    """The notebook's story: on 1,000 examples, 10.0% and 10.1% models overlap heavily."""
    a = simulate_error_estimates(0.100, 1_000, 5_000, seed=10)
    b = simulate_error_estimates(0.101, 1_000, 5_000, seed=11)
    # The worse model looks at least as good about half of the time.
    assert 0.4 < np.mean(b <= a) < 0.6
    # With the size dev_set_size recommends it rarely does.
    n = dev_set_size(0.100, 0.001)
    a = simulate_error_estimates(0.100, n, 2_000, seed=12)
    b = simulate_error_estimates(0.101, n, 2_000, seed=13)
    assert np.mean(b <= a) < 0.02


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: standard_error(1.5, 10), ValueError, r"\[0, 1\]"),
        (lambda: standard_error(10, 10), ValueError, "0.1"),  # hint: 10% is 0.1
        (lambda: standard_error(-0.1, 10), ValueError, "fraction"),
        (lambda: standard_error(float("nan"), 10), ValueError, "NaN"),
        (lambda: standard_error("0.1", 10), TypeError, "error_rate"),
        (lambda: standard_error(True, 10), TypeError, "error_rate"),
        (lambda: standard_error(0.1, 0), ValueError, "at least 1"),
        (lambda: standard_error(0.1, 10.0), TypeError, "must be an integer"),
        (lambda: standard_error(0.1, True), TypeError, "must be an integer"),
        (lambda: confidence_interval(0.1, 10, confidence=1.0), ValueError, "confidence"),
        (lambda: confidence_interval(0.1, 10, confidence=0), ValueError, "confidence"),
        (lambda: confidence_interval(0.1, 10, confidence=95), ValueError, "confidence"),
        (lambda: dev_set_size(0.1, 0), ValueError, "margin"),
        (lambda: dev_set_size(0.1, -0.01), ValueError, "margin"),
        (lambda: dev_set_size(0.95, 0.1), ValueError, "at most 1"),
        (lambda: dev_set_size(1.0, 0.01), ValueError, "error_rate"),
        (lambda: dev_set_size(0.1, 0.01, power=0.3), ValueError, "power"),
        (lambda: dev_set_size(0.1, 0.01, power=1.0), ValueError, "power"),
        (lambda: dev_set_size(0.1, 0.01, power="high"), TypeError, "power"),
        (lambda: simulate_error_estimates(0.1, 100, 0), ValueError, "n_trials"),
        (lambda: simulate_error_estimates(0.1, 100, 10, seed="a"), TypeError, "seed"),
        (lambda: simulate_error_estimates(0.1, 100, 10, seed=1.5), TypeError, "seed"),
        (lambda: simulate_error_estimates(2, 100, 10), ValueError, "true_error"),
    ],
)
def test_validation(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_numpy_integers_are_accepted_as_counts():
    assert standard_error(0.1, np.int64(100)) == pytest.approx(0.03)
    assert simulate_error_estimates(0.1, np.int32(10), np.int64(5), seed=0).shape == (5,)


