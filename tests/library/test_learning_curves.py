"""Tests for course_lib.learning_curves: power-law fits and their extrapolation.

Oracles: exact power laws built by hand, scipy-free closed forms for two points, and
NumPy's least squares on the log-log points.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.learning_curves import examples_needed, fit_power_law


@settings(max_examples=50, deadline=None)
@given(a=st.floats(0.1, 50), b=st.floats(0.05, 2), k=st.integers(2, 8))
def test_exact_power_law_is_recovered(a: float, b: float, k: int) -> None:
    n = np.geomspace(10, 1e5, k)
    fitted_a, fitted_b = fit_power_law(n, a * n ** (-b))
    assert fitted_a == pytest.approx(a, rel=1e-8)
    assert fitted_b == pytest.approx(b, rel=1e-8)


def test_two_points_closed_form() -> None:
    # through (n1, e1) and (n2, e2): b = log(e1/e2) / log(n2/n1); n(t) = n2 * (e2/t)^(1/b)
    n1, e1, n2, e2, target = 1_000, 0.3, 8_000, 0.12, 0.05
    b = math.log(e1 / e2) / math.log(n2 / n1)
    expected = n2 * (e2 / target) ** (1 / b)
    assert examples_needed([n1, n2], [e1, e2], target) == pytest.approx(expected, rel=1e-9)


def test_matches_least_squares_on_logs() -> None:
    n = np.array([300, 1000, 3000, 10000])
    e = np.array([0.75, 0.47, 0.25, 0.17])
    design = np.column_stack([np.ones(4), np.log(n)])
    (intercept, slope), *_ = np.linalg.lstsq(design, np.log(e), rcond=None)
    a, b = fit_power_law(n, e)
    assert a == pytest.approx(math.exp(intercept)) and b == pytest.approx(-slope)
    target = 0.05
    assert examples_needed(n, e, target) == pytest.approx(
        math.exp((math.log(target) - intercept) / slope), rel=1e-9
    )


def test_hand_computed_example() -> None:
    # error halves each time the data is multiplied by 4: b = 1/2, a = 4
    assert examples_needed([100, 400, 1600], [0.4, 0.2, 0.1], 0.05) == pytest.approx(6400)
    assert examples_needed([100, 400, 1600], [0.4, 0.2, 0.1], 0.2) == pytest.approx(400)


@settings(max_examples=40, deadline=None)
@given(t1=st.floats(0.01, 0.5), factor=st.floats(0.1, 0.99))
def test_lower_target_needs_more_data(t1: float, factor: float) -> None:
    n, e = [200, 2_000, 20_000], [0.6, 0.3, 0.16]
    assert examples_needed(n, e, t1 * factor) > examples_needed(n, e, t1)


def test_curve_that_does_not_fall_never_gets_there() -> None:
    assert examples_needed([100, 1000], [0.2, 0.3], 0.1) == math.inf
    assert examples_needed([100, 1000], [0.2, 0.2], 0.1) == math.inf


def test_input_errors() -> None:
    with pytest.raises(ValueError, match="same length"):
        fit_power_law([1, 2, 3], [0.5, 0.4])
    with pytest.raises(ValueError, match="two different"):
        fit_power_law([10, 10], [0.5, 0.4])
    with pytest.raises(ValueError, match="> 0"):
        fit_power_law([10, 100], [0.5, 0.0])
    with pytest.raises(ValueError, match="one-dimensional"):
        fit_power_law([[10, 100]], [[0.5, 0.4]])
    with pytest.raises(TypeError):
        fit_power_law("10, 100", [0.5, 0.4])
    with pytest.raises(ValueError, match="target_error"):
        examples_needed([10, 100], [0.5, 0.4], 0)
    with pytest.raises(TypeError, match="target_error"):
        examples_needed([10, 100], [0.5, 0.4], "5%")
