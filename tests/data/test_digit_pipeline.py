"""Tests for course_lib.data.digit_pipeline: number strips and the locate -> read -> combine
pipeline, checked against the strips' own ground truth (digits and their columns)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from course_lib.data import digit_pipeline as dp
from course_lib.data.digit_tasks import load_digit_images
from course_lib.pipeline_analysis import mismatch_rate, run_pipeline


@pytest.fixture(scope="module")
def good():
    return dp.digit_pipeline(seed=0)


# ----------------------------------------------------------------------------- the strips
def test_strips_hold_the_digits_at_their_spans(good):
    X, y = load_digit_images()
    assert good.canvases.shape == (200, 8, dp.WIDTH) == (len(good), 8, 40)
    assert good.canvases.min() >= 0.0 and good.canvases.max() <= 1.0
    for digits, spans, target in zip(good.digits, good.spans, good.targets, strict=True):
        assert len(digits) in (2, 3) and len(spans) == len(digits)
        assert target == "".join(str(d) for d in digits)
        assert spans[0][0] >= 1 and spans[-1][1] <= dp.WIDTH - 1  # margins
        for (a, b), (c, _) in zip(spans, spans[1:], strict=False):
            assert a < b and c - b >= 2  # left to right, at least two blank columns apart
    # counts of 2 and 3 digits are both common
    counts = np.bincount([len(d) for d in good.digits])
    assert counts[2] > 50 and counts[3] > 50


def test_strips_use_images_the_readers_never_saw():
    kept, pool = dp._split(0)
    assert len(np.intersect1d(kept, pool)) == 0
    assert len(kept) + len(pool) == 1797


def test_ink_between_spans_is_only_noise():
    case = dp.digit_pipeline(n=50, noise=0.0, seed=3)
    for strip, spans in zip(case.canvases, case.spans, strict=True):
        inked = np.zeros(dp.WIDTH, dtype=bool)
        for a, b in spans:
            inked[a:b] = True
        # outside the digits' extents, no column holds as much ink as a digit's column
        assert strip[:, ~inked].sum(axis=0).max() < 0.3 + 1e-9


def test_same_seed_same_everything_and_other_seed_differs():
    a = dp.digit_pipeline(n=80, seed=5)
    b = dp.digit_pipeline(n=80, seed=5)
    c = dp.digit_pipeline(n=80, seed=6)
    np.testing.assert_array_equal(a.canvases, b.canvases)
    assert a.targets == b.targets and a.spans == b.spans
    assert a.run() == b.run()
    ra, rb = a.analyze(), b.analyze()
    assert ra.table.equals(rb.table)
    assert a.targets != c.targets


def test_settings_change_the_parts_not_the_data(good):
    for kwargs in ({"weak": "locate"}, {"weak": "read"}, {"weak": "combine"},
                   {"design": "sorted"}):
        other = dp.digit_pipeline(seed=0, **kwargs)
        np.testing.assert_array_equal(other.canvases, good.canvases)
        assert other.targets == good.targets


# ----------------------------------------------------------------------------- parts
def test_locate_digits_on_hand_made_strip():
    strip = np.zeros((8, 20))
    strip[:, 2:5] = 0.5  # 4 ink per column
    strip[3, 9] = 0.9  # one faint column: below the threshold
    strip[:, 12:18] = 0.25  # 2 ink per column
    assert dp.locate_digits(strip) == ((2, 5), (12, 18))
    assert dp.locate_digits(strip, threshold=3.0) == ((2, 5),)
    assert dp.locate_digits(strip, threshold=0.5) == ((2, 5), (9, 10), (12, 18))
    assert dp.locate_digits(np.zeros((8, 5))) == ()


def test_oracles_give_the_truth_on_perfect_input(good):
    names = [name for name, _ in good.components]
    assert names == list(dp.PARTS)
    every_part = run_pipeline(list(good.components), good.canvases,
                              oracles=dict(good.oracles), perfect=names)
    assert every_part == list(good.targets)
    located = good.oracles["locate"]
    assert [spans for _, spans in located] == list(good.spans)
    assert good.oracles["read"](located) == list(good.digits)


def test_good_pipeline_reads_most_strips_and_is_not_flagged(good):
    result = good.analyze()
    assert result.pipeline_error < 0.12
    assert result.design_error == 0.0
    assert max(result.part_errors) < 0.08
    assert result.attribution["combine"] == 0.0  # combine is already perfect
    assert result.flawed is False


@pytest.mark.parametrize("part", dp.WEAK_PARTS)
@pytest.mark.parametrize("seed", [0, 1])
def test_weakening_a_part_raises_its_attributed_error(part, seed):
    good = dp.digit_pipeline(seed=seed).analyze()
    weak = dp.digit_pipeline(seed=seed, weak=part).analyze()
    assert weak.attribution[part] > good.attribution[part] + 0.05
    assert weak.part_errors[dp.PARTS.index(part)] > good.part_errors[dp.PARTS.index(part)] + 0.1
    assert weak.pipeline_error > good.pipeline_error
    assert max(weak.attribution, key=weak.attribution.get) == part or part == "locate"
    assert weak.flawed is False


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_sorted_design_is_flagged_as_flawed(seed):
    case = dp.digit_pipeline(seed=seed, design="sorted")
    result = case.analyze()
    # with every part perfect, a strip is right exactly when its digits are already sorted
    unsorted = np.mean([list(d) != sorted(d) for d in case.digits])
    assert result.design_error == pytest.approx(unsorted)
    assert result.design_error > 0.4
    assert result.table["close_to_human"].all()
    assert result.flawed is True
    # no part is worth much: the error is in the design
    assert max(result.attribution.values()) < 0.1


def test_weak_combine_drops_exactly_the_zeros():
    case = dp.digit_pipeline(n=100, weak="combine", seed=2)
    located = case.oracles["locate"]
    readings = case.oracles["read"](located)
    combined = dict(case.components)["combine"](readings)
    assert combined == [t.replace("0", "") for t in case.targets]
    share_with_zero = np.mean(["0" in t for t in case.targets])
    assert case.analyze().part_errors[2] == pytest.approx(share_with_zero)


def test_locate_part_error_allows_one_column():
    case = dp.digit_pipeline(n=30, seed=1)
    measure = case.part_error["locate"]
    truth = list(case.oracles["locate"])
    shifted = [(s, tuple((a + 1, b - 1) for a, b in spans)) for s, spans in truth]
    moved = [(s, tuple((a + 2, b) for a, b in spans)) for s, spans in truth]
    dropped = [(s, spans[1:]) for s, spans in truth]
    assert measure(truth, shifted) == 0.0
    assert measure(truth, moved) == 1.0
    assert measure(truth, dropped) == 1.0
    assert mismatch_rate(case.targets, case.targets) == 0.0


def test_calls_are_fast_once_the_reader_is_trained():
    dp.digit_pipeline(n=10, seed=4)  # trains (and caches) this seed's reader
    start = time.perf_counter()
    case = dp.digit_pipeline(seed=4)
    case.analyze()
    assert time.perf_counter() - start < 2.0  # ~0.3 s; generous for a busy machine


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n": 0}, ValueError, "n must be at least 1"),
        ({"n": 2.5}, TypeError, "n must be an integer"),
        ({"weak": "reader"}, ValueError, "weak must be one of \\['locate', 'read', 'combine'\\]"),
        ({"weak": 1}, TypeError, "weak must be a string"),
        ({"design": "end-to-end"}, ValueError, "design must be one of"),
        ({"noise": 0.5}, ValueError, "noise must be at most 0.3"),
        ({"seed": -1}, ValueError, "non-negative"),
    ],
)
def test_validation_messages(kwargs, error, match):
    with pytest.raises(error, match=match):
        dp.digit_pipeline(**kwargs)


def test_locate_digits_validation():
    with pytest.raises(ValueError, match="shape \\(8, width\\)"):
        dp.locate_digits(np.zeros((4, 10)))
    with pytest.raises(ValueError, match="threshold must be at least 0"):
        dp.locate_digits(np.zeros((8, 10)), threshold=-1)
