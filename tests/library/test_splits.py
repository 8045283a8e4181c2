"""Tests for course_lib.splits: shuffled splits and the distance between group mixes."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.splits import mix_distance, shuffle_split

GROUPS = st.lists(st.sampled_from(["US", "UK", "India", "China", "Other"]), min_size=1,
                  max_size=60)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 500), st.data())
def test_pieces_are_disjoint_consecutive_cuts_of_the_permutation(n, data):
    sizes = data.draw(st.lists(st.integers(0, n), max_size=4).filter(lambda s: sum(s) <= n))
    seed = data.draw(st.integers(0, 2**32 - 1))
    pieces = shuffle_split(n, sizes, seed)
    assert [len(p) for p in pieces] == sizes
    joined = np.concatenate([np.zeros(0, dtype=np.int64), *pieces])
    assert len(set(joined.tolist())) == len(joined)  # no index twice
    assert np.array_equal(joined, np.random.default_rng(seed).permutation(n)[: sum(sizes)])
    assert all(p.dtype == np.int64 for p in pieces)


def test_a_generator_can_be_passed_and_seeds_matter():
    a, _ = shuffle_split(100, [50, 50], np.random.default_rng(3))
    b, _ = shuffle_split(100, [50, 50], 3)
    c, _ = shuffle_split(100, [50, 50], 4)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_every_example_is_equally_likely_to_land_in_dev():
    # Over many seeds, each of the 10 indices should be in the dev half about half the time.
    counts = np.zeros(10)
    for seed in range(2000):
        dev, _ = shuffle_split(10, [5, 5], seed)
        counts[dev] += 1
    assert np.all(np.abs(counts / 2000 - 0.5) < 0.05)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((0, [0]), ValueError),
        ((10, [6, 5]), ValueError),
        ((10, [-1, 5]), ValueError),
        ((10.0, [5]), TypeError),
        ((10, [5.0]), TypeError),
        ((10, "55"), TypeError),
        ((10, [5], "seed"), TypeError),
    ],
)
def test_shuffle_split_rejects_bad_input(args, error):
    with pytest.raises(error):
        shuffle_split(*args)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["US", "UK"], ["UK", "US", "UK", "US"], 0.0),
        (["US"], ["UK"], 1.0),
        (["US", "US", "US", "UK"], ["US", "UK"], 0.25),  # 0.5 * (0.25 + 0.25)
        (["US", "US"], ["US", "India", "India", "China"], 0.75),  # 0.5 * (0.75 + 0.5 + 0.25)
        ([1, 1, 2], [2, 2, 1], 1 / 3),  # any hashable labels
    ],
)
def test_mix_distance_hand_computed(a, b, expected):
    assert mix_distance(a, b) == pytest.approx(expected)
    assert mix_distance(np.array(a), np.array(b)) == pytest.approx(expected)


def _oracle(a, b):
    ca, cb = Counter(a), Counter(b)
    return 0.5 * sum(abs(ca[g] / len(a) - cb[g] / len(b)) for g in set(a) | set(b))


@settings(max_examples=200, deadline=None)
@given(GROUPS, GROUPS, GROUPS, st.integers(1, 5))
def test_mix_distance_properties(a, b, c, repeat):
    d = mix_distance(a, b)
    assert d == pytest.approx(_oracle(a, b))
    assert 0.0 <= d <= 1.0
    assert d == pytest.approx(mix_distance(b, a))  # symmetric
    assert mix_distance(a, a * repeat) == pytest.approx(0.0)  # sizes do not matter
    assert mix_distance(a, c) <= d + mix_distance(b, c) + 1e-12  # triangle inequality
    if not set(a) & set(b):
        assert d == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("a", "error"),
    [([], ValueError), ("US", TypeError), ({"US": 1}, TypeError), (np.zeros((2, 2)), ValueError)],
)
def test_mix_distance_rejects_bad_input(a, error):
    with pytest.raises(error):
        mix_distance(a, ["US"])
