"""Tests for course_lib.dev_set_design: eyeball/blackbox sizes, splits and overfit detection.

Oracles: the defining inequality of the smallest eyeball set (n * e >= mistakes > (n - 1) * e),
set algebra on the split, straight-line sequences whose slopes are known exactly, and a
simulation of per-example fixes, some of which only target the eyeball examples looked at.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.dev_set_design import eyeball_overfit, eyeball_size, split_eyeball_blackbox


# ----------------------------------------------------------------------------- sizes
@pytest.mark.parametrize(("rate", "mistakes", "size"),
                         [(0.05, 100, 2000), (0.10, 10, 100), (0.10, 100, 1000), (1.0, 100, 100),
                          (0.03, 100, 3334), (0.2, 1, 5), (0.07, 100, 1429)])
def test_eyeball_size_by_hand(rate, mistakes, size) -> None:
    assert eyeball_size(rate, mistakes) == size


@settings(max_examples=200, deadline=None)
@given(rate=st.floats(0.001, 1.0), mistakes=st.integers(1, 1000))
def test_eyeball_size_is_the_smallest_that_gives_enough_mistakes(rate, mistakes) -> None:
    n = eyeball_size(rate, mistakes)
    assert n * rate >= mistakes - 1e-6
    assert (n - 1) * rate < mistakes + 1e-6


def test_higher_error_needs_a_smaller_eyeball_set() -> None:
    sizes = [eyeball_size(r) for r in (0.01, 0.02, 0.05, 0.1, 0.5)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 10_000


# ----------------------------------------------------------------------------- split
def test_split_is_a_partition_of_the_right_sizes() -> None:
    eye, box = split_eyeball_blackbox(5000, 0.05, seed=3)
    assert len(eye) == eyeball_size(0.05) == 2000 and len(box) == 3000
    assert np.array_equal(np.sort(np.concatenate([eye, box])), np.arange(5000))
    assert np.all(np.diff(eye) > 0) and np.all(np.diff(box) > 0)
    # a random split, not the first 2000 positions
    assert eye.max() > 4000 and box.min() < 1000


def test_split_is_seeded() -> None:
    first = split_eyeball_blackbox(3000, 0.1, 50, seed=1)
    again = split_eyeball_blackbox(3000, 0.1, 50, seed=1)
    other = split_eyeball_blackbox(3000, 0.1, 50, seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    assert len(first[0]) == 500
    rng = np.random.default_rng(0)
    assert len(split_eyeball_blackbox(600, 0.2, seed=rng)[1]) == 100


def test_split_leaves_room_for_the_blackbox_set() -> None:
    eye, box = split_eyeball_blackbox(2001, 0.05)
    assert len(box) == 1
    with pytest.raises(ValueError, match="too small.*eyeball set of 2000"):
        split_eyeball_blackbox(2000, 0.05)
    with pytest.raises(ValueError, match="at least 1000"):
        split_eyeball_blackbox(2500, 0.05, min_blackbox=1000)


# ----------------------------------------------------------------------------- overfitting
def _line(start, step, k):
    return [start - step * i for i in range(k)]


def test_straight_lines_give_exact_gains() -> None:
    eye, box = _line(0.20, 0.02, 5), _line(0.20, 0.005, 5)
    result = eyeball_overfit(eye, box)
    assert result.overfit and bool(result)
    assert result.eyeball_gain == pytest.approx(0.02)
    assert result.blackbox_gain == pytest.approx(0.005)
    assert result.widening == pytest.approx(0.06)  # (0.02 - 0.005) x 4 versions
    assert result.gaps == pytest.approx((0.0, 0.015, 0.03, 0.045, 0.06))
    assert "0.0200" in result.reason and "0.0050" in result.reason
    assert "new eyeball set" in str(result)


@pytest.mark.parametrize(
    ("eye", "box", "overfit", "why"),
    [
        (_line(0.20, 0.02, 5), _line(0.22, 0.02, 5), False, "less than 2 times"),  # parallel
        (_line(0.20, 0.02, 5), _line(0.20, -0.005, 5), True, "at least 2"),  # blackbox worse
        (_line(0.20, -0.01, 4), _line(0.20, -0.02, 4), False, "not falling"),
        (_line(0.20, 0.002, 4), _line(0.20, 0.0, 4), False, "no more than the margin"),
        ([0.10, 0.06], [0.10, 0.09], True, "at least"),  # two versions: first vs last
    ],
)
def test_overfit_rule_on_constructed_sequences(eye, box, overfit, why) -> None:
    result = eyeball_overfit(eye, box)
    assert result.overfit is overfit
    assert why in result.reason


def test_ratio_and_margin_move_the_verdict() -> None:
    eye, box = _line(0.20, 0.015, 5), _line(0.20, 0.006, 5)  # 2.5 times as fast, gap +0.036
    assert eyeball_overfit(eye, box).overfit
    assert not eyeball_overfit(eye, box, ratio=3).overfit
    assert not eyeball_overfit(eye, box, margin=0.05).overfit
    # small sets are noisy: the default margin grows with 1 / sqrt(size)
    small = eyeball_overfit(eye, box, n_eyeball=100, n_blackbox=100)
    large = eyeball_overfit(eye, box, n_eyeball=5000, n_blackbox=20000)
    e, b = eye[-1], box[-1]
    assert small.margin == pytest.approx(2 * math.sqrt(e * (1 - e) / 100 + b * (1 - b) / 100))
    assert not small.overfit and large.overfit and large.margin < 0.02


def _simulate(peek_fixes: int, seed: int, versions: int = 6) -> tuple[list, list]:
    """Errors of model versions on an eyeball (500) and blackbox (2000) dev set.

    Every version fixes each wrong example anywhere with probability 2% (a real improvement);
    ``peek_fixes`` more wrong eyeball examples are fixed because someone looked at them.
    """
    rng = np.random.default_rng(seed)
    wrong_eye, wrong_box = rng.random(500) < 0.12, rng.random(2000) < 0.12
    eye_errors, box_errors = [], []
    for _ in range(versions):
        eye_errors.append(float(wrong_eye.mean()))
        box_errors.append(float(wrong_box.mean()))
        wrong_eye &= rng.random(500) >= 0.02
        wrong_box &= rng.random(2000) >= 0.02
        seen = np.flatnonzero(wrong_eye)[:peek_fixes]
        wrong_eye[seen] = False
    return eye_errors, box_errors


@pytest.mark.parametrize("seed", range(5))
def test_simulated_peeking_is_caught_and_honest_work_is_not(seed) -> None:
    peeked = eyeball_overfit(*_simulate(peek_fixes=8, seed=seed), n_eyeball=500, n_blackbox=2000)
    honest = eyeball_overfit(*_simulate(peek_fixes=0, seed=seed), n_eyeball=500, n_blackbox=2000)
    assert peeked.overfit, peeked.reason
    assert not honest.overfit, honest.reason


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: eyeball_size(0), ValueError, "above 0"),
        (lambda: eyeball_size(5), ValueError, "write 0.05"),
        (lambda: eyeball_size("5%"), TypeError, "error_rate must be a number"),
        (lambda: eyeball_size(0.05, 0), ValueError, "mistakes_to_see must be at least 1"),
        (lambda: eyeball_size(0.05, 10.0), TypeError, "mistakes_to_see must be an integer"),
        (lambda: split_eyeball_blackbox(0, 0.05), ValueError, "n_dev"),
        (lambda: split_eyeball_blackbox(5000, 0.05, seed=-2), ValueError, "seed"),
        (lambda: split_eyeball_blackbox(5000, 0.05, min_blackbox=-1), ValueError, "min_blackbox"),
        (lambda: eyeball_overfit([0.1], [0.1]), ValueError, "at least two"),
        (lambda: eyeball_overfit([0.1, 0.2], [0.1]), ValueError, "same length"),
        (lambda: eyeball_overfit([10, 8], [10, 9]), ValueError, "fractions"),
        (lambda: eyeball_overfit("0.1 0.2", [0.1, 0.2]), TypeError, "eyeball_errors"),
        (lambda: eyeball_overfit([0.1, 0.2], [0.1, 0.2], ratio=0.5), ValueError, "ratio"),
        (lambda: eyeball_overfit([0.1, 0.2], [0.1, 0.2], margin=-0.1), ValueError, "margin"),
        (lambda: eyeball_overfit([0.1, 0.2], [0.1, 0.2], n_eyeball=100), ValueError,
         "both n_eyeball and n_blackbox"),
        (lambda: eyeball_overfit([0.1, 0.2], [0.1, 0.2], n_eyeball=0, n_blackbox=10),
         ValueError, "n_eyeball"),
    ],
)
def test_bad_inputs_are_explained(call, error, words) -> None:
    with pytest.raises(error, match=words):
        call()
