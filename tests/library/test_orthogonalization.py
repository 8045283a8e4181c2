"""Tests for course_lib.orthogonalization: the chain of assumptions and its knobs."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.data.projects import simulate_projects
from course_lib.orthogonalization import KNOBS, LESS_ORTHOGONAL, STEPS, first_failing_step

TARGETS = {"train": 0.02, "dev": 0.05, "test": 0.05, "real world": 0.08}
RATE = st.integers(min_value=0, max_value=1000).map(lambda k: k / 1000)
RATES = st.fixed_dictionaries({s: RATE for s in STEPS})


def rates(train, dev, test, real):
    return {"train": train, "dev": dev, "test": test, "real world": real}


def test_chain_order_and_knobs_cover_every_step():
    assert STEPS == ("train", "dev", "test", "real world")
    assert set(KNOBS.values()) == set(STEPS)
    assert KNOBS["bigger dev set"] == "test"
    assert LESS_ORTHOGONAL["early stopping"] == frozenset({"train", "dev"})
    with pytest.raises(TypeError):
        KNOBS["dropout"] = "dev"  # read-only


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        (rates(0.03, 0.01, 0.01, 0.01), "train"),
        (rates(0.01, 0.06, 0.50, 0.90), "dev"),
        (rates(0.02, 0.05, 0.06, 0.01), "test"),  # equal to target meets it
        (rates(0.00, 0.00, 0.00, 0.081), "real world"),
        (rates(0.02, 0.05, 0.05, 0.08), None),
    ],
)
def test_first_failing_step_hand_cases(results, expected):
    assert first_failing_step(results, TARGETS) == expected


def test_key_order_does_not_matter_and_series_are_accepted():
    shuffled = {"real world": 0.5, "test": 0.5, "dev": 0.01, "train": 0.03}
    assert first_failing_step(shuffled, TARGETS) == "train"
    assert first_failing_step(pd.Series(shuffled), pd.Series(TARGETS)) == "train"


def test_a_single_target_applies_to_every_step():
    assert first_failing_step(rates(0.01, 0.04, 0.06, 0.02), 0.05) == "test"
    assert first_failing_step(rates(0.01, 0.04, 0.05, 0.02), 0.05) is None


@settings(max_examples=200, deadline=None)
@given(RATES, RATES)
def test_first_failing_step_properties(results, targets):
    answer = first_failing_step(results, targets)
    if answer is None:
        assert all(results[s] <= targets[s] for s in STEPS)
    else:
        k = STEPS.index(answer)
        assert results[answer] > targets[answer]
        assert all(results[s] <= targets[s] for s in STEPS[:k])
    # Lowering every error to its target can only make every link hold.
    assert first_failing_step({s: min(results[s], targets[s]) for s in STEPS}, targets) is None


@pytest.mark.parametrize(
    ("results", "targets", "error", "match"),
    [
        ([0.1, 0.2], TARGETS, TypeError, "dict"),
        ({"train": 0.1, "dev": 0.1, "test": 0.1}, TARGETS, ValueError, "missing"),
        ({**TARGETS, "deploy": 0.1}, TARGETS, ValueError, "unknown"),
        (rates(0.1, 5, 0.1, 0.1), TARGETS, ValueError, "0.05"),  # 5 % typed as 5
        (rates(0.1, "0.1", 0.1, 0.1), TARGETS, TypeError, "number"),
        (rates(0.1, True, 0.1, 0.1), TARGETS, TypeError, "number"),
        (rates(0.1, 0.1, 0.1, 0.1), "0.05", TypeError, "dict"),
        (rates(0.1, 0.1, 0.1, 0.1), -0.1, ValueError, r"fraction in \[0, 1\]"),
    ],
)
def test_first_failing_step_rejects_bad_input(results, targets, error, match):
    with pytest.raises(error, match=match):
        first_failing_step(results, targets)


def test_simulate_projects_shape_determinism_and_balance():
    table = simulate_projects(TARGETS, n_projects=400, seed=3)
    assert list(table.columns) == list(STEPS)
    assert list(table.index[:2]) == ["project 1", "project 2"]
    assert ((table >= 0) & (table <= 1)).all().all()
    pd.testing.assert_frame_equal(table, simulate_projects(TARGETS, n_projects=400, seed=3))
    assert not table.equals(simulate_projects(TARGETS, n_projects=400, seed=4))
    found = table.apply(lambda row: first_failing_step(row.to_dict(), TARGETS), axis=1)
    counts = found.fillna("none").value_counts()
    # Five outcomes drawn with equal chances: each should appear about 80 times in 400.
    assert set(counts.index) == {*STEPS, "none"}
    assert counts.min() > 45


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10**6),
       st.fixed_dictionaries({s: st.integers(2, 300).map(lambda k: k / 1000) for s in STEPS}))
def test_simulated_links_before_the_break_meet_their_targets(seed, targets):
    table = simulate_projects(targets, n_projects=5, seed=seed)
    for _, row in table.iterrows():
        first = first_failing_step(row.to_dict(), targets)
        stop = len(STEPS) if first is None else STEPS.index(first)
        assert all(row[s] <= targets[s] for s in STEPS[:stop])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"targets": {**TARGETS, "train": 0.5}}, ValueError),
        ({"targets": TARGETS, "n_projects": 0}, ValueError),
        ({"targets": TARGETS, "n_projects": 2.0}, TypeError),
        ({"targets": TARGETS, "seed": "1"}, TypeError),
    ],
)
def test_simulate_projects_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        simulate_projects(**kwargs)
