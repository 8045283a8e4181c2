"""Tests for course_lib.bias_variance_tactics: the technique table and the bigger-model rule.

Oracles: the definitions of the categories (a trade-off reduces one error and may raise the
other; a bias technique never lists variance among what it raises), and the documented rule of
bigger_model_cost applied to hand-picked errors.
"""

from __future__ import annotations

import pytest

from course_lib.bias_variance_tactics import (
    CATEGORIES,
    TECHNIQUES,
    bigger_model_cost,
    techniques_for,
)
from course_lib.learning_curve_reading import REGIMES
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE


def test_every_technique_is_consistent_with_its_category() -> None:
    names = [t.name for t in TECHNIQUES]
    assert len(set(names)) == len(names)
    assert {t.category for t in TECHNIQUES} == set(CATEGORIES)
    for t in TECHNIQUES:
        assert set(t.reduces) <= {"bias", "variance"} and t.reduces
        assert t.reason and t.cost
        if t.category in ("bias", "variance"):
            assert t.reduces == (t.category,) and t.may_raise == ()
        elif t.category == "both":
            assert set(t.reduces) == {"bias", "variance"}
        else:  # a trade-off reduces one error and may raise the other
            assert len(t.reduces) == 1 and t.may_raise and set(t.reduces).isdisjoint(t.may_raise)


def test_the_book_examples_are_where_they_belong() -> None:
    by_name = {t.name: t for t in TECHNIQUES}
    assert by_name["bigger model"].category == "bias"
    assert by_name["more training data"].category == "variance"
    assert by_name["more regularization (L2, dropout)"].may_raise == ("bias",)
    assert by_name["less regularization"].may_raise == ("variance",)
    assert by_name["early stopping"].category == "trade-off"


@pytest.mark.parametrize("problem", ["bias", "high bias", "avoidable bias", AVOIDABLE_BIAS,
                                     "variance", "High Variance ", VARIANCE])
def test_techniques_for_one_problem_all_reduce_it(problem) -> None:
    kind = "bias" if "bias" in problem.lower() else "variance"
    found = techniques_for(problem)
    assert found and all(kind in t.reduces for t in found)
    # side-effect-free techniques come before the trade-offs
    categories = [t.category for t in found]
    assert categories.index("trade-off") > max(i for i, c in enumerate(categories)
                                               if c != "trade-off")
    expected = {t.name for t in TECHNIQUES if kind in t.reduces}
    assert {t.name for t in found} == expected
    plain = techniques_for(problem, include_trade_offs=False)
    assert all(t.category != "trade-off" for t in plain) and len(plain) < len(found)


def test_both_never_makes_one_problem_worse_and_fine_needs_nothing() -> None:
    found = techniques_for("both")
    assert [t.category for t in found][:2] == ["both", "both"]
    assert all(t.category != "trade-off" for t in found)
    assert {"bias", "variance"} <= {c for t in found for c in t.reduces}
    assert techniques_for("fine") == ()
    for regime in REGIMES:  # every reading of a learning curve has an answer
        techniques_for(regime)


def test_str_of_a_technique_says_what_it_does() -> None:
    text = str(next(t for t in TECHNIQUES if t.name == "early stopping"))
    assert "reduces variance" in text and "may raise bias" in text


def test_bigger_model_with_regularization_costs_only_compute() -> None:
    cost = bigger_model_cost(0.15, 0.16, regularized=True, desired_error=0.02)
    assert cost.compute_only and cost.helps_bias and cost.variance_risk == "low"
    assert cost.bias_gap == pytest.approx(0.13) and cost.gap == pytest.approx(0.01)
    assert "nothing but compute" in str(cost)
    # regularized even with a big gap: the extra capacity is held back
    assert bigger_model_cost(0.01, 0.20, regularized=True).variance_risk == "low"


def test_bigger_model_without_regularization_risks_variance() -> None:
    overfitting = bigger_model_cost(0.01, 0.12, regularized=False, desired_error=0.02)
    assert not overfitting.compute_only and overfitting.variance_risk == "high"
    assert overfitting.helps_bias is False  # training error already meets the goal
    assert "widen" in str(overfitting) and "more than compute" in str(overfitting)
    calm = bigger_model_cost(0.10, 0.105, regularized=False)
    assert calm.variance_risk == "moderate" and calm.helps_bias is None
    assert bigger_model_cost(0.10, 0.2, regularized=False, tolerance=0.2).variance_risk == \
        "moderate"


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: techniques_for(3), TypeError, "problem must be a string"),
        (lambda: techniques_for("overfitting"), ValueError, "problem must be one of"),
        (lambda: techniques_for("bias", include_trade_offs="no"), TypeError,
         "include_trade_offs"),
        (lambda: bigger_model_cost(0.1, 0.2, regularized="yes"), TypeError, "regularized"),
        (lambda: bigger_model_cost(10, 20, regularized=True), ValueError, "write 0.1"),
        (lambda: bigger_model_cost(0.1, None, regularized=True), TypeError, "dev_error"),
        (lambda: bigger_model_cost(0.1, 0.2, regularized=True, desired_error=-0.1), ValueError,
         "desired_error"),
        (lambda: bigger_model_cost(0.1, 0.2, regularized=True, tolerance=2), ValueError,
         "tolerance"),
    ],
)
def test_bad_inputs_are_explained(call, error, words) -> None:
    with pytest.raises(error, match=words):
        call()
