"""Tests for course_lib.splits: shuffled dev sets, option-2 and training-dev splits, tag rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.error_analysis import NO_TAG, error_rate_by_tag
from course_lib.splits import (
    expected_target_in_dev,
    mismatched_split,
    shuffled_dev_error,
    training_dev_split,
)

# ----------------------------------------------------------------------------- option 1


def test_expected_target_in_dev_course_numbers():
    # 2,500 x 10,000 / 210,000 = 119.0476...; the web share is the other 2,380.95
    assert expected_target_in_dev(200_000, 10_000, 2_500) == pytest.approx(119.047619, abs=1e-6)
    assert 2_500 - expected_target_in_dev(200_000, 10_000, 2_500) == pytest.approx(2380.952, 1e-6)
    # speech: 5,000 of 520,000 hours, 20,000 of them in cars
    assert expected_target_in_dev(500_000, 20_000, 5_000) == pytest.approx(192.3077, abs=1e-4)


def test_expected_target_in_dev_edge_cases():
    assert expected_target_in_dev(100, 0, 10) == 0.0
    assert expected_target_in_dev(0, 40, 10) == 10.0
    assert expected_target_in_dev(70, 30, 100) == 30.0
    assert expected_target_in_dev(70, 30, 0) == 0.0


def test_expected_target_in_dev_matches_simulated_shuffles():
    rng = np.random.default_rng(1)
    n_source, n_target, dev = 1_197, 600, 150
    pool = np.r_[np.zeros(n_source, bool), np.ones(n_target, bool)]
    counts = [pool[rng.permutation(len(pool))[:dev]].sum() for _ in range(4_000)]
    sd = np.std(counts) / np.sqrt(len(counts))
    assert abs(np.mean(counts) - expected_target_in_dev(n_source, n_target, dev)) < 4 * sd


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.floats(0, 1))
def test_expected_target_and_source_share_add_up(n_source, n_target, share):
    if n_source + n_target == 0:
        return
    dev = int(share * (n_source + n_target))
    target = expected_target_in_dev(n_source, n_target, dev)
    source = expected_target_in_dev(n_target, n_source, dev)  # roles swapped
    assert 0.0 <= target <= dev
    assert target + source == pytest.approx(dev, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((0, 0, 0), ValueError),
        ((10, 5, 16), ValueError),
        ((-1, 5, 2), ValueError),
        ((10.0, 5, 2), TypeError),
        ((10, True, 2), TypeError),
        (("10", 5, 2), TypeError),
    ],
)
def test_expected_target_in_dev_validation(args, error):
    with pytest.raises(error):
        expected_target_in_dev(*args)


def test_shuffled_dev_error_course_numbers():
    # (200,000 x 1% + 10,000 x 30%) / 210,000 = 5,000 / 210,000
    assert shuffled_dev_error(0.01, 0.30, 200_000, 10_000) == pytest.approx(5_000 / 210_000)
    assert shuffled_dev_error(0.2, 0.4, 0, 10) == pytest.approx(0.4)
    assert shuffled_dev_error(0.2, 0.4, 10, 0) == pytest.approx(0.2)


@settings(max_examples=60)
@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 300), st.integers(0, 300))
def test_shuffled_dev_error_equals_error_over_the_whole_pool(ns, nt, wrong_s, wrong_t):
    """Oracle: the error rate of the pooled 'wrong' flags themselves."""
    if ns + nt == 0:
        return
    wrong_s, wrong_t = min(wrong_s, ns), min(wrong_t, nt)
    flags = np.r_[np.ones(wrong_s), np.zeros(ns - wrong_s),
                  np.ones(wrong_t), np.zeros(nt - wrong_t)]
    es = wrong_s / ns if ns else 0.0
    et = wrong_t / nt if nt else 0.0
    assert shuffled_dev_error(es, et, ns, nt) == pytest.approx(flags.mean(), abs=1e-12)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((1.5, 0.2, 10, 10), ValueError),
        ((5, 0.2, 10, 10), ValueError),
        ((0.1, float("nan"), 10, 10), ValueError),
        ((0.1, 0.2, 0, 0), ValueError),
        ((0.1, True, 10, 10), TypeError),
        ((0.1, 0.2, 10, 2.5), TypeError),
    ],
)
def test_shuffled_dev_error_validation(args, error):
    with pytest.raises(error):
        shuffled_dev_error(*args)


# ----------------------------------------------------------------------------- option 2


@st.composite
def masks_and_sizes(draw):
    mask = np.array(draw(st.lists(st.booleans(), min_size=1, max_size=200)), dtype=bool)
    n_target = int(mask.sum())
    dev = draw(st.integers(0, n_target))
    test = draw(st.integers(0, n_target - dev))
    return mask, dev, test, draw(st.integers(0, 2**32 - 1))


@settings(max_examples=150)
@given(masks_and_sizes())
def test_mismatched_split_is_a_partition_with_target_only_dev_and_test(case):
    mask, dev_size, test_size, seed = case
    train, dev, test = mismatched_split(mask, dev_size, test_size, seed=seed)
    assert len(dev) == dev_size and len(test) == test_size
    everything = np.concatenate([train, dev, test])
    assert sorted(everything.tolist()) == list(range(len(mask)))
    assert mask[dev].all() and mask[test].all()
    assert set(np.flatnonzero(~mask)) <= set(train.tolist())
    assert int(mask[train].sum()) == int(mask.sum()) - dev_size - test_size
    for part in (train, dev, test):
        assert np.all(np.diff(part) > 0)  # sorted, no repeats


def test_mismatched_split_course_proportions_and_seed():
    mask = np.r_[np.zeros(2_000, bool), np.ones(100, bool)]
    train, dev, test = mismatched_split(mask, 25, 25, seed=3)
    assert (len(train), int(mask[train].sum())) == (2_050, 50)
    again = mismatched_split(mask.tolist(), 25, 25, seed=3)
    for a, b in zip((train, dev, test), again, strict=True):
        np.testing.assert_array_equal(a, b)
    other = mismatched_split(mask, 25, 25, seed=4)
    assert set(dev.tolist()) != set(other[1].tolist())
    # the draw is a shuffle of the target rows: not simply the first ones
    assert set(dev.tolist()) != set(range(2_000, 2_025))


def test_mismatched_split_follows_the_documented_recipe():
    mask = np.array([True, False, True, True, False, True, True, False])
    target = np.flatnonzero(mask)
    shuffled = np.random.default_rng(11).permutation(target)
    train, dev, test = mismatched_split(mask, 2, 2, seed=11)
    assert set(dev) == set(shuffled[:2]) and set(test) == set(shuffled[2:4])
    assert set(train) == set(range(8)) - set(shuffled[:4])


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (([True, False], 1, 1), ValueError),
        (([True, True], -1, 1), ValueError),
        (([True, True], 1.0, 0), TypeError),
        (("TF", 1, 0), TypeError),
        (([[True], [False]], 1, 0), ValueError),
        (([0.5, 1.0], 1, 0), TypeError),
    ],
)
def test_mismatched_split_validation(args, error):
    with pytest.raises(error):
        mismatched_split(*args)


@settings(max_examples=80)
@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=300, unique=True), st.data())
def test_training_dev_split_partitions_the_training_rows(rows, data):
    size = data.draw(st.integers(0, len(rows) - 1))
    seed = data.draw(st.integers(0, 1000))
    rest, held = training_dev_split(rows, size, seed=seed)
    assert len(held) == size and len(rest) == len(rows) - size
    assert sorted(np.r_[rest, held].tolist()) == sorted(rows)
    again = training_dev_split(np.array(rows), size, seed=seed)
    np.testing.assert_array_equal(held, again[1])


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (([1, 2, 3], 3), ValueError),
        (([1, 1, 3], 1), ValueError),
        (([1.5, 2.0], 1), TypeError),
        (("abc", 1), TypeError),
    ],
)
def test_training_dev_split_validation(args, error):
    with pytest.raises(error):
        training_dev_split(*args)


# ----------------------------------------------------------------------------- tag rates


def test_error_rate_by_tag_by_hand():
    tags = pd.DataFrame({
        "blur": [True, True, False, False, False, True],
        "noise": [False, True, True, False, False, False],
    })
    wrong = [True, False, True, False, True, True]
    rates = error_rate_by_tag(tags, wrong)
    assert list(rates.index) == ["blur", "noise", NO_TAG]
    assert rates["blur"] == pytest.approx(2 / 3)   # rows 0, 1, 5: wrong, right, wrong
    assert rates["noise"] == pytest.approx(1 / 2)  # rows 1, 2
    assert rates[NO_TAG] == pytest.approx(1 / 2)   # rows 3, 4


@settings(max_examples=50)
@given(st.integers(1, 80), st.integers(1, 5), st.integers(0, 10_000))
def test_error_rate_by_tag_matches_pandas_groupby(n, k, seed):
    rng = np.random.default_rng(seed)
    tags = pd.DataFrame(rng.random((n, k)) < 0.4, columns=[f"t{i}" for i in range(k)])
    wrong = rng.random(n) < 0.3
    rates = error_rate_by_tag(tags, wrong)
    frame = tags.assign(wrong=wrong)
    for column in tags.columns:
        groups = frame.groupby(column)["wrong"].mean()
        expected = groups.get(True, np.nan)
        assert rates[column] == pytest.approx(expected, nan_ok=True)
    none = frame[~tags.any(axis=1)]["wrong"]
    assert rates[NO_TAG] == pytest.approx(none.mean() if len(none) else np.nan, nan_ok=True)


def test_error_rate_by_tag_accepts_zero_one_and_flags_problems():
    tags = pd.DataFrame({"blur": [1, 0, 1]})
    assert error_rate_by_tag(tags, np.array([1, 1, 0]))["blur"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="one entry per row"):
        error_rate_by_tag(tags, [True, False])
    with pytest.raises(TypeError):
        error_rate_by_tag(tags.to_numpy(), [True, False, True])
    with pytest.raises(ValueError, match="reserved"):
        error_rate_by_tag(pd.DataFrame({NO_TAG: [True]}), [True])
    with pytest.raises(TypeError):
        error_rate_by_tag(pd.DataFrame({"blur": [0.5]}), [True])
