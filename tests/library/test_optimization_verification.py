"""Tests for course_lib.optimization_verification: the test on hand-made scorers.

Oracles: score tables written by hand, where which output is best is known, and the
definition of the test (search fault iff Score(S*) > Score(S_out), for a wrong S_out).
Exact search (the argmax of a table) can never leave a search fault; a deliberately bad
search (the argmin) always leaves one when the score prefers S*.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.optimization_verification import (
    ErrorAttribution,
    VerificationCase,
    attribute_errors,
    verify,
)

SCORES = {"cat": 2.0, "cut": 3.0, "cot": 1.0, "cit": 2.0}
score = SCORES.get


def test_the_two_faults_and_a_correct_output() -> None:
    search = verify(score, "cat", "cot")
    assert (search.fault, search.score_star, search.score_out, search.tie) == \
        ("search", 2.0, 1.0, False)
    scoring = verify(score, "cat", "cut")
    assert scoring.fault == "scoring" and not scoring.tie
    correct = verify(score, "cat", "cat")
    assert correct.fault is None and correct.correct


def test_a_tie_is_a_scoring_fault() -> None:
    tie = verify(score, "cat", "cit")
    assert tie.fault == "scoring" and tie.tie
    # a tolerance widens the ties: 2 vs 1 is a tie within 1.5
    assert verify(score, "cat", "cot", tolerance=1.5).fault == "scoring"
    assert verify(score, "cat", "cot", tolerance=0.5).fault == "search"


def test_sequences_are_compared_item_by_item() -> None:
    seq_score = lambda seq: float(sum(seq))  # noqa: E731
    assert verify(seq_score, [1, 2], (1, 2)).correct
    assert verify(seq_score, (2, 1), (1, 2)).fault == "scoring"  # same score, wrong order


@settings(max_examples=100, deadline=None)
@given(st.floats(-100, 100), st.floats(-100, 100))
def test_the_verdict_follows_the_definition(a: float, b: float) -> None:
    verdict = verify({"right": a, "wrong": b}.get, "right", "wrong")
    assert verdict.fault == ("search" if a > b else "scoring")
    assert verdict.tie == (a == b)


def test_exact_search_leaves_no_search_faults_and_the_worst_search_only_those() -> None:
    tables = [{"x": 1.0, "y": 0.5, "z": 0.0}, {"x": 0.0, "y": 2.0, "z": 1.0},
              {"x": 3.0, "y": 0.0, "z": -1.0}, {"x": 0.2, "y": 0.1, "z": 0.9}]
    truth = ["x", "z", "x", "y"]
    best = [max(t, key=t.get) for t in tables]
    worst = [min(t, key=t.get) for t in tables]
    exact = attribute_errors([(t.get, s, o) for t, s, o in zip(tables, truth, best, strict=True)])
    assert exact.n_search == 0
    assert (exact.n_correct, exact.n_scoring) == (2, 2)
    bad = attribute_errors([(t.get, s, o) for t, s, o in zip(tables, truth, worst, strict=True)])
    # S* beats the worst output of every table but the last, where S* is the worst itself
    assert (bad.n_search, bad.n_scoring, bad.n_correct) == (3, 0, 1)


def test_counts_shares_and_rates() -> None:
    cases = [(score, "cat", "cot")] * 3 + [(score, "cat", "cut")] + [(score, "cat", "cit")] \
        + [(score, "cat", "cat")] * 5
    result = attribute_errors(cases)
    assert (result.n_examples, result.n_correct, result.n_errors) == (10, 5, 5)
    assert (result.n_search, result.n_scoring, result.n_ties) == (3, 2, 1)
    assert result.search_share == pytest.approx(0.6)
    assert result.scoring_share == pytest.approx(0.4)
    assert result.search_share + result.scoring_share == pytest.approx(1)
    assert result.search_rate == pytest.approx(0.3) and result.scoring_rate == pytest.approx(0.2)
    assert result.error_rate == pytest.approx(0.5)
    assert result.main_fault == "search"
    row = result.as_dict()
    assert row["n_search"] == 3 and row["scoring_share"] == pytest.approx(0.4)
    assert len(result.verdicts) == 10 and result.verdicts[3].fault == "scoring"


def test_no_mistakes_gives_nan_shares_and_zero_rates() -> None:
    result = attribute_errors([(score, "cat", "cat")] * 2)
    assert math.isnan(result.search_share) and math.isnan(result.scoring_share)
    assert result.search_rate == 0 == result.scoring_rate
    assert result.main_fault is None
    assert repr(result) == "ErrorAttribution(2 examples, no mistakes)"
    assert "No mistakes" in result._repr_markdown_()


def test_cases_may_be_dataclasses_tuples_lists_or_a_generator() -> None:
    mixed = [VerificationCase(score, "cat", "cot"), (score, "cat", "cut"),
             [score, "cat", "cat"]]
    assert attribute_errors(mixed).as_dict() == attribute_errors(iter(mixed)).as_dict()
    assert attribute_errors(mixed).n_search == 1


def test_the_notebook_display_reads_well() -> None:
    result = attribute_errors([(score, "cat", "cot")] * 3 + [(score, "cat", "cit")])
    assert repr(result) == ("ErrorAttribution(4 examples, 4 mistakes: search 3 (75%), "
                            "scoring 1 (25%))")
    markdown = result._repr_markdown_()
    assert "| search | Score(S\\*) > Score(S_out) | 3 | 75% | 75.0% |" in markdown
    assert "1 of them ties" in markdown
    assert "search harder" in markdown
    scoring_heavy = attribute_errors([(score, "cat", "cut")] * 2)
    assert "improve the scoring function" in scoring_heavy._repr_markdown_()
    assert str(verify(score, "cat", "cut")).startswith(
        "scoring fault: Score(S*) = 2 < Score(S_out) = 3")
    assert "Score(S*) = 2 = Score(S_out) = 2" in str(verify(score, "cat", "cit"))
    assert isinstance(result, ErrorAttribution)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: verify(3, "a", "b"), TypeError, "score must be a function"),
    (lambda: verify(lambda o: "high", "a", "b"), TypeError,
     "the score of S* (the correct output) must be a number, got str"),
    (lambda: verify({"a": 1.0}.get, "a", "b"), TypeError,
     "the score of S_out (the search's output) must be a number, got NoneType"),
    (lambda: verify(lambda o: math.inf, "a", "b"), ValueError, "must be a finite number"),
    (lambda: verify(score, "cat", "cut", tolerance=-1), ValueError,
     "tolerance must be at least 0"),
    (lambda: attribute_errors([]), ValueError, "at least one dev example"),
    (lambda: attribute_errors(5), TypeError, "cases must be a list of (score, s_star, s_out)"),
    (lambda: attribute_errors([(score, "cat")]), TypeError,
     "case 0 must be a VerificationCase or a tuple (score, s_star, s_out), got tuple of "
     "length 2"),
    (lambda: attribute_errors([(score, "cat", "cat"), "cat"]), TypeError, "case 1 must be"),
])
def test_input_messages(call, error, message) -> None:
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)
