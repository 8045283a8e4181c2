"""One home for input checks: a wrong type is a TypeError, a bad value a ValueError, everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import validation as v

WRONG_TYPES = ["3", None, True, np.bool_(True), [1], 2.5j]


@pytest.mark.parametrize("value", WRONG_TYPES + [3.0])
def test_counts_and_seeds_refuse_what_is_not_an_integer(value):
    for check in (lambda x: v.check_count(x, "n"), v.check_seed, v.check_rng):
        with pytest.raises(TypeError):
            check(value)


@pytest.mark.parametrize("value", WRONG_TYPES)
def test_numbers_and_fractions_refuse_what_is_not_a_number(value):
    for check in (lambda x: v.check_real(x, "x"), lambda x: v.check_fraction(x, "x")):
        with pytest.raises(TypeError, match="x must be a number"):
            check(value)


def test_bad_values_are_value_errors_that_say_what_was_expected():
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        v.check_seed(-1)
    with pytest.raises(ValueError, match="n must be at least 1, got 0"):
        v.check_count(0, "n", low=1)
    with pytest.raises(ValueError, match="n must be at most 5, got 6"):
        v.check_count(6, "n", high=5)
    with pytest.raises(ValueError, match=r"if you meant 10%, write 0.1"):
        v.check_fraction(10, "rate")
    with pytest.raises(ValueError, match=r"fraction in \(0, 1\]"):
        v.check_fraction(0.0, "rate", open_low=True)
    with pytest.raises(ValueError, match="NaN"):
        v.check_real(float("nan"), "x")
    with pytest.raises(ValueError, match="finite"):
        v.check_real(float("inf"), "x")


def test_good_values_come_back_in_plain_types():
    assert type(v.check_count(np.int64(3), "n")) is int
    assert type(v.check_real(np.float32(0.5), "x")) is float
    assert v.check_fraction(1, "x") == 1.0
    rng = np.random.default_rng(0)
    assert v.check_rng(rng) is rng
    assert v.check_rng(4).integers(0, 100) == np.random.default_rng(4).integers(0, 100)
    assert v.check_mask([1, 0], "m").dtype == bool


def test_no_module_keeps_a_private_copy_of_a_check():
    import ast
    from pathlib import Path

    import course_lib

    root = Path(course_lib.__file__).parent
    private = []
    for path in root.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name in (
                    "_check_seed", "_seed", "_rng", "_count", "_check_count", "_rate",
                    "_fraction", "_check_fraction", "_check_real", "_as_number", "_mask"):
                private.append(f"{path.relative_to(root)}:{node.name}")
    assert not private, private


def test_real_arrays_are_finite_floats_or_a_clear_error():
    out = v.check_real_array(np.array([1, 2], dtype=np.int32), "scores")
    assert out.dtype == float and out.tolist() == [1.0, 2.0]
    for bad, error, words in ((None, TypeError, "list or array of numbers"),
                              ([True, False], TypeError, "must hold numbers"),
                              ([[0.1, 0.2]], ValueError, "one-dimensional"),
                              ([0.1, float("inf")], ValueError, "found inf at position 1")):
        with pytest.raises(error, match=words):
            v.check_real_array(bad, "scores")
