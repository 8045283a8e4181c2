"""The iteration-speed experiment of week 2 · 03: the cost of an experiment grows with its
training set, the results are reproducible from a seed, and the rank agreement behaves."""

from __future__ import annotations

import pytest

from course_lib.experiments import iteration_speed
from course_lib.experiments.iteration_speed import (
    EPOCHS,
    IDEAS,
    SIZES,
    idea_sweep,
    rank_agreement,
)


def test_the_sweep_has_every_idea_at_every_size_and_a_cost_that_grows_with_the_data():
    table = idea_sweep()
    assert len(table) == len(SIZES) * len(IDEAS)
    cost = table.groupby("size")["example_passes"].first()
    assert list(cost) == [EPOCHS * size for size in SIZES]
    assert table["dev_error"].between(0, 1).all()


def test_the_sweep_is_reproducible_and_the_subsets_rank_ideas_roughly_like_the_full_data():
    first = idea_sweep(sizes=(100, SIZES[-1]), seed=0)
    again = iteration_speed._sweep.__wrapped__((100, SIZES[-1]), 0)  # not the cached copy
    assert first["dev_error"].tolist() == again["dev_error"].tolist()
    errors = first.pivot(index="idea", columns="size", values="dev_error")
    agreement = rank_agreement(errors[100], errors[SIZES[-1]])
    assert 0.5 < agreement < 1.0  # the notebook's point: a good filter, not a perfect one
    assert errors[SIZES[-1]].min() < errors[100].min()


def test_the_sweep_returns_a_copy():
    table = idea_sweep(sizes=(100,))
    table.loc[:, "dev_error"] = -1.0
    assert (idea_sweep(sizes=(100,))["dev_error"] >= 0).all()


@pytest.mark.parametrize(("sizes", "error"), [
    ("100", TypeError), ([], TypeError), ([100.0], TypeError), ([5], ValueError),
    ([SIZES[-1] + 1], ValueError),
])
def test_bad_sizes_are_refused(sizes, error):
    with pytest.raises(error):
        idea_sweep(sizes=sizes)


def test_a_bad_seed_is_refused():
    with pytest.raises(ValueError):
        idea_sweep(sizes=(100,), seed=-1)


def test_rank_agreement_is_one_for_the_same_order_and_minus_one_for_the_reverse():
    assert rank_agreement([0.1, 0.2, 0.3, 0.4], [0.01, 0.02, 0.03, 0.5]) == 1.0
    assert rank_agreement([0.4, 0.3, 0.2, 0.1], [0.01, 0.02, 0.03, 0.5]) == -1.0
    assert -1.0 < rank_agreement([0.1, 0.3, 0.2, 0.4], [0.1, 0.2, 0.3, 0.4]) < 1.0


@pytest.mark.parametrize(("a", "b", "error", "match"), [
    ([0.1, 0.2], [0.1, 0.2, 0.3], ValueError, "same length"),
    ([0.1], [0.2], ValueError, "at least two"),
    ([0.1, 0.1, 0.1], [0.1, 0.2, 0.3], ValueError, "same error"),
    ("abc", [0.1, 0.2, 0.3], TypeError, "list or array"),
])
def test_rank_agreement_refuses_what_it_cannot_rank(a, b, error, match):
    with pytest.raises(error, match=match):
        rank_agreement(a, b)
