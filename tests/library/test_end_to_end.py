"""Tests for course_lib.end_to_end: the decision rule, the course's cases and the data map."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from answer_key.w2_10_whether_end_to_end import (  # noqa: E402
    course_decisions,
    statements_of_kind,
)
from course_lib.data.end_to_end_cases import COURSE_CASES, STATEMENTS  # noqa: E402
from course_lib.end_to_end import APPROACHES, choose_approach, plot_data_map  # noqa: E402


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((10_000, 10_000_000, [(1_000_000, 100_000), (10**8, 10**7)]), "pipeline"),
        ((10**8, 10**7, [(50, 1_000)]), "end-to-end"),
        ((100_000, 10_000, [(5_000, 1_000)]), "end-to-end"),  # both work: end-to-end first
        ((1_000, 100_000, [(20_000, 10_000), (100, 5_000)]), "collect more data"),
        ((1_000, 100_000, [(20_000, 10_000), (0, 0)]), "pipeline"),  # hand-designed step
        ((10_000, 10_000, []), "end-to-end"),  # exactly enough
        ((9_999, 10_000, []), "collect more data"),  # no pipeline known
        ((0, 0, [(0, 1)]), "end-to-end"),
        ((5, 10, ((3, 3), [7, 2])), "pipeline"),  # any sequence of pairs
    ],
)
def test_choose_approach_cases(args: tuple, expected: str) -> None:
    assert choose_approach(*args) == expected


amounts = st.integers(0, 10**9)
steps_strategy = st.lists(st.tuples(amounts, amounts), max_size=4)


@settings(max_examples=80, deadline=None)
@given(have=amounts, need=amounts, steps=steps_strategy, extra=st.integers(1, 10**6))
def test_more_data_never_moves_away_from_learning(have, need, steps, extra) -> None:
    before = choose_approach(have, need, steps)
    assert before in APPROACHES
    # more end-to-end data: once end-to-end, always end-to-end
    if before == "end-to-end":
        assert choose_approach(have + extra, need, steps) == "end-to-end"
    # more data for every step can only turn "collect more data" into "pipeline"
    richer = [(a + extra, n) for a, n in steps]
    after = choose_approach(have, need, richer)
    if before == "pipeline":
        assert after == "pipeline"
    if before == "collect more data" and steps and all(a >= n for a, n in richer):
        assert after == "pipeline"


def test_choose_approach_input_errors() -> None:
    with pytest.raises(TypeError, match="list of"):
        choose_approach(1, 2, {"step": (1, 1)})
    with pytest.raises(TypeError, match="step 1"):
        choose_approach(1, 2, [(1, 1), (1, 2, 3)])
    with pytest.raises(ValueError, match="end_to_end_needed"):
        choose_approach(1, -2, [])
    with pytest.raises(TypeError, match="end_to_end_examples"):
        choose_approach("many", 2, [])
    with pytest.raises(ValueError, match="step 0"):
        choose_approach(1, 2, [(float("nan"), 1)])


def test_course_decisions_follow_the_course() -> None:
    decisions = course_decisions()
    assert decisions == {
        "turnstile face recognition": "pipeline",
        "machine translation": "end-to-end",
        "bone age from a hand x-ray": "pipeline",
        "autonomous driving": "pipeline",
        "speech recognition, 3,000 hours": "pipeline",
        "speech recognition, 100,000 hours": "end-to-end",
    }


def test_course_cases_use_the_course_figures() -> None:
    by_name = {case.name: case for case in COURSE_CASES}
    assert by_name["speech recognition, 3,000 hours"].end_to_end[0] == 3_000
    assert by_name["speech recognition, 100,000 hours"].end_to_end[0] == 100_000
    assert by_name["turnstile face recognition"].steps["tell who the cropped face is"][0] >= 10**8
    # bone age: the age lookup is a hand-designed table
    assert (0, 0) in by_name["bone age from a hand x-ray"].steps.values()
    assert len(by_name) == len(COURSE_CASES)


def test_statements() -> None:
    pros, cons, neither = (statements_of_kind(k) for k in ("pro", "con", "neither"))
    assert pros | cons | neither == set(STATEMENTS)
    assert not (pros & cons) and not (pros & neither) and not (cons & neither)
    assert "data speak" in " ".join(STATEMENTS[letter] for letter in pros)
    with pytest.raises(ValueError):
        statements_of_kind("maybe")


def test_plot_data_map_places_every_case() -> None:
    ax = plot_data_map(COURSE_CASES)
    labels = [text.get_text() for text in ax.texts]
    for case in COURSE_CASES:
        assert case.name in labels
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == len(COURSE_CASES)
    for line, case in zip(points, COURSE_CASES, strict=True):
        x = line.get_xdata()[0]
        assert (x > 1) == (case.decide() == "end-to-end")
