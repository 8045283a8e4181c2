"""Tests for course_lib.search: beam search against brute force.

Oracles: itertools.product over every sequence (an enumeration written independently of
exhaustive_best), a hand-made case where greedy search is misled, and the counts of score
calls that the algorithm implies (1 + k * steps for greedy, k ** steps for brute force).
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.search import SearchResult, beam_search, exhaustive_best

# a two-step space where the locally best first item leads nowhere good
TRAP = {("a",): 1.0, ("b",): 0.0, ("a", "a"): 1.0, ("a", "b"): 1.2,
        ("b", "a"): 5.0, ("b", "b"): 0.0}


def trap_score(seq: tuple) -> float:
    return TRAP.get(tuple(seq), 0.0)


def two_items(seq: tuple) -> list[str]:
    return ["a", "b"]


def test_greedy_misses_the_trap_and_a_wider_beam_finds_it() -> None:
    greedy = beam_search(trap_score, (), two_items, width=1, steps=2)
    assert greedy.sequence == ("a", "b") and greedy.score == 1.2
    wide = beam_search(trap_score, (), two_items, width=2, steps=2)
    best = exhaustive_best(trap_score, (), two_items, steps=2)
    assert wide.sequence == best.sequence == ("b", "a")
    assert wide.score == best.score == 5.0
    assert greedy.score < best.score


def _table_score(unary: list[list[float]], pair: list[list[float]]):
    def score(seq: tuple) -> float:
        total = sum(unary[t][item] for t, item in enumerate(seq))
        return total + sum(pair[a][b] for a, b in itertools.pairwise(seq))
    return score


tables = st.integers(2, 4).flatmap(lambda k: st.integers(1, 3).flatmap(lambda steps: st.tuples(
    st.just(k), st.just(steps),
    st.lists(st.lists(st.floats(-5, 5), min_size=k, max_size=k), min_size=steps,
             max_size=steps),
    st.lists(st.lists(st.floats(-5, 5), min_size=k, max_size=k), min_size=k, max_size=k),
)))


@settings(max_examples=60, deadline=None)
@given(tables)
def test_a_beam_as_wide_as_the_space_finds_the_brute_force_optimum(case) -> None:
    k, steps, unary, pair = case
    score = _table_score(unary, pair)
    expand = lambda seq: range(k)  # noqa: E731
    oracle = max(score(seq) for seq in itertools.product(range(k), repeat=steps))
    best = exhaustive_best(score, (), expand, steps)
    wide = beam_search(score, (), expand, width=k ** steps, steps=steps)
    assert best.score == pytest.approx(oracle) and wide.score == pytest.approx(oracle)
    assert score(best.sequence) == best.score and score(wide.sequence) == wide.score
    assert best.n_scored == k ** steps
    # any beam returns a real sequence of the space, never better than the optimum
    for width in (1, 2):
        narrow = beam_search(score, (), expand, width=width, steps=steps)
        assert len(narrow.sequence) == steps
        assert narrow.score == score(narrow.sequence) <= oracle + 1e-12


def test_greedy_scores_one_start_plus_k_per_step() -> None:
    result = beam_search(lambda seq: float(sum(seq)), (), lambda seq: range(5), 1, 4)
    assert result.n_scored == 1 + 5 * 4
    assert result.sequence == (4, 4, 4, 4)


def test_complete_sequences_stop_growing_and_stay_candidates() -> None:
    # "end" finishes a sequence; a short finished sequence can be the best one
    def expand(seq: tuple) -> list[str]:
        return [] if seq and seq[-1] == "end" else ["x", "end"]

    def score(seq: tuple) -> float:
        return 3.0 if seq == ("end",) else -float(len(seq)) if "end" in seq else 0.5

    for result in (beam_search(score, (), expand, width=3, steps=4),
                   exhaustive_best(score, (), expand, steps=4)):
        assert result.sequence == ("end",) and result.score == 3.0
    # brute force scores only the final sequences: x-runs ending in "end" or 4 x's
    assert exhaustive_best(score, (), expand, steps=4).n_scored == 5


def test_start_and_zero_steps() -> None:
    result = beam_search(lambda seq: float(len(seq)), [7], lambda seq: [1], width=2, steps=0)
    assert result == SearchResult((7,), 1.0, 1)
    grown = beam_search(lambda seq: float(len(seq)), [7], lambda seq: [1], width=2, steps=2)
    assert grown.sequence == (7, 1, 1)


def test_ties_go_to_the_first_generated() -> None:
    flat = lambda seq: 0.0  # noqa: E731
    assert beam_search(flat, (), lambda seq: list("xyz"), width=2, steps=2).sequence == ("x", "x")
    assert exhaustive_best(flat, (), lambda seq: list("xyz"), steps=2).sequence == ("x", "x")


def test_deterministic() -> None:
    score = _table_score([[0.3, 0.1, 0.2]] * 3, [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    runs = {beam_search(score, (), lambda s: range(3), 2, 3) for _ in range(3)}
    assert len(runs) == 1


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"score": 3}, TypeError, "score must be a function score(sequence) -> float, got int"),
    ({"expand": [1, 2]}, TypeError, "expand must be a function"),
    ({"start": "ab"}, TypeError, "start must be the sequence to grow from"),
    ({"start": 5}, TypeError, "got int"),
    ({"width": 0}, ValueError, "width (the beam width) must be at least 1, got 0"),
    ({"width": 2.0}, TypeError, "width (the beam width) must be an integer, got float"),
    ({"steps": -1}, ValueError, "steps must be at least 0, got -1"),
    ({"score": lambda s: "high"}, TypeError, "score(sequence) must be a number, got str"),
    ({"score": lambda s: math.nan}, ValueError, "score(sequence) must be a finite number"),
    ({"expand": lambda s: None}, TypeError, "expand(sequence) must return an iterable"),
])
def test_beam_search_input_messages(kwargs, error, message) -> None:
    args = {"score": trap_score, "start": (), "expand": two_items, "width": 2, "steps": 2}
    args.update(kwargs)
    with pytest.raises(error) as info:
        beam_search(**args)
    assert message in str(info.value)


def test_exhaustive_refuses_a_space_too_big() -> None:
    with pytest.raises(ValueError, match="more than max_sequences=1000.*use beam_search"):
        exhaustive_best(trap_score, (), lambda s: range(10), steps=4, max_sequences=1000)
    # exactly at the limit is fine
    assert exhaustive_best(trap_score, (), lambda s: range(10), 3,
                           max_sequences=1000).n_scored == 1000
    with pytest.raises(TypeError, match="score must be a function"):
        exhaustive_best(None, (), two_items, 2)
    with pytest.raises(ValueError, match="max_sequences must be at least 1"):
        exhaustive_best(trap_score, (), two_items, 2, max_sequences=0)
