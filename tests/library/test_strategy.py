"""Tests for course_lib.strategy: the bias / variance / data-mismatch diagnosis."""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from html.parser import HTMLParser

import matplotlib
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course_lib.strategy import (
    AVOIDABLE_BIAS,
    DATA_MISMATCH,
    DEV_OVERFITTING,
    PROBLEMS,
    TACTICS,
    VARIANCE,
    Diagnosis,
    bayes_proxy,
    diagnose,
    surpassed_human,
)

matplotlib.use("Agg")


# --------------------------------------------------------------------------- course examples
# (inputs in percent, expected gaps in percent, expected focus)
COURSE_CASES = [
    # human 1%, train 8%, dev 10%: work on bias first
    (dict(human=1, train=8, dev=10), dict(avoidable_bias=7, variance=2), (AVOIDABLE_BIAS,)),
    # human 7.5%, train 8%, dev 10%: variance
    (dict(human=7.5, train=8, dev=10), dict(avoidable_bias=0.5, variance=2), (VARIANCE,)),
    # train 1%, train-dev 9%, dev 10%: variance
    (dict(train=1, train_dev=9, dev=10), dict(variance=8, data_mismatch=1), (VARIANCE,)),
    # train 1%, train-dev 1.5%, dev 10%: data mismatch
    (
        dict(train=1, train_dev=1.5, dev=10),
        dict(variance=0.5, data_mismatch=8.5),
        (DATA_MISMATCH,),
    ),
    # train 10%, train-dev 11%, dev 12%, human ~0%: avoidable bias
    (
        dict(human=0, train=10, train_dev=11, dev=12),
        dict(avoidable_bias=10, variance=1, data_mismatch=1),
        (AVOIDABLE_BIAS,),
    ),
    # train 10%, train-dev 11%, dev 20%, human ~0%: bias and data mismatch
    (
        dict(human=0, train=10, train_dev=11, dev=20),
        dict(avoidable_bias=10, variance=1, data_mismatch=9),
        (AVOIDABLE_BIAS, DATA_MISMATCH),
    ),
    # human 4%, train 7%, train-dev 10%, dev 12%: bias 3, variance 3, mismatch 2
    (
        dict(human=4, train=7, train_dev=10, dev=12),
        dict(avoidable_bias=3, variance=3, data_mismatch=2),
        (AVOIDABLE_BIAS, VARIANCE, DATA_MISMATCH),
    ),
    # test far above dev: the dev set has been overfitted
    (
        dict(human=1, train=2, train_dev=2.5, dev=3, test=9),
        dict(avoidable_bias=1, variance=0.5, data_mismatch=0.5, dev_overfitting=6),
        (DEV_OVERFITTING,),
    ),
]


@pytest.mark.parametrize(("rates", "gaps", "focus"), COURSE_CASES)
def test_course_examples_in_percent(rates, gaps, focus):
    d = diagnose(**rates, unit="percent")
    assert d.focus == focus
    assert d.unit == "percent"
    for name, value in gaps.items():
        assert getattr(d, name) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(("rates", "gaps", "focus"), COURSE_CASES)
def test_course_examples_in_fractions_agree(rates, gaps, focus):
    fractions = {k: v / 100 for k, v in rates.items()}
    d = diagnose(**fractions)
    assert d.unit == "fraction"
    assert d.focus == focus
    for name, value in gaps.items():
        assert getattr(d, name) == pytest.approx(value / 100, abs=1e-12)


def test_inputs_are_kept():
    d = diagnose(human=0.04, train=0.07, train_dev=0.10, dev=0.12, test=0.125)
    assert (d.human, d.train, d.train_dev, d.dev, d.test) == (0.04, 0.07, 0.10, 0.12, 0.125)
    assert d.levels == {
        "human-level": 0.04,
        "training": 0.07,
        "training-dev": 0.10,
        "dev": 0.12,
        "test": 0.125,
    }
    assert list(d.gaps) == list(PROBLEMS)


def test_equal_gaps_are_equal_despite_float_noise():
    # 0.07 - 0.04 and 0.10 - 0.07 differ in the last bit when computed naively.
    d = diagnose(human=0.04, train=0.07, train_dev=0.10)
    assert d.avoidable_bias == d.variance == 0.03
    assert d.focus == (AVOIDABLE_BIAS, VARIANCE)  # tie broken in ladder order


# --------------------------------------------------------------------------- unknown gaps
def test_without_human_level_avoidable_bias_is_unknown_not_zero():
    d = diagnose(train=0.08, dev=0.10)
    assert d.avoidable_bias is None
    assert AVOIDABLE_BIAS not in d.focus
    assert any("human-level" in note and "not zero" in note for note in d.notes)


def test_without_train_dev_variance_is_dev_minus_train_with_a_note():
    d = diagnose(human=0.01, train=0.02, dev=0.10)
    assert d.variance == pytest.approx(0.08)
    assert d.data_mismatch is None
    assert any("data mismatch" in note for note in d.notes)
    with_train_dev = diagnose(human=0.01, train=0.02, train_dev=0.03, dev=0.10)
    assert with_train_dev.variance == pytest.approx(0.01)
    assert not any("training-dev error given" in note for note in with_train_dev.notes)


def test_each_gap_needs_both_of_its_ends():
    only_dev_test = diagnose(dev=0.05, test=0.06)
    assert only_dev_test.avoidable_bias is None
    assert only_dev_test.variance is None
    assert only_dev_test.data_mismatch is None
    assert only_dev_test.dev_overfitting == pytest.approx(0.01)
    no_train = diagnose(human=0.01, train_dev=0.05, dev=0.08)
    assert no_train.avoidable_bias is None and no_train.variance is None
    assert no_train.data_mismatch == pytest.approx(0.03)


def test_nothing_given_means_nothing_to_say():
    d = diagnose()
    assert d.focus == ()
    assert all(g is None for g in d.gaps.values())
    assert d.levels == {}
    assert d.tactics == {}
    assert d.notes  # says that nothing was given
    assert "no error rates given" in str(d)


def test_single_rate_gives_no_focus():
    d = diagnose(train=0.2)
    assert d.focus == ()
    assert all(g is None for g in d.gaps.values())


# --------------------------------------------------------------------------- focus rule
def test_relative_threshold_controls_how_many_problems_are_kept():
    rates = dict(human=4, train=7, train_dev=10, dev=12, unit="percent")  # gaps 3, 3, 2
    assert diagnose(**rates, relative_threshold=0.0).focus == (
        AVOIDABLE_BIAS,
        VARIANCE,
        DATA_MISMATCH,
    )
    assert diagnose(**rates, relative_threshold=0.7).focus == (AVOIDABLE_BIAS, VARIANCE)
    assert diagnose(**rates, relative_threshold=1.0).focus == (AVOIDABLE_BIAS, VARIANCE)


def test_min_gap_drops_small_differences():
    rates = dict(human=1.0, train=1.2, dev=1.5, unit="percent")  # gaps 0.2 and 0.3
    assert diagnose(**rates).focus == (VARIANCE, AVOIDABLE_BIAS)
    assert diagnose(**rates, min_gap=0.25).focus == (VARIANCE,)
    assert diagnose(**rates, min_gap=0.3).focus == ()  # strictly larger than min_gap
    # min_gap is in the unit of the rates
    assert diagnose(human=0.01, train=0.012, dev=0.015, min_gap=0.0025).focus == (VARIANCE,)


def test_negative_gaps_are_reported_but_never_a_focus():
    # Rear-view mirror speech: the dev data are easier than the training data.
    d = diagnose(human=4, train=7, train_dev=10, dev=6, test=6, unit="percent")
    assert d.data_mismatch == pytest.approx(-4)
    assert d.dev_overfitting == 0
    assert DATA_MISMATCH not in d.focus
    assert DEV_OVERFITTING not in d.focus
    assert d.focus == (AVOIDABLE_BIAS, VARIANCE)
    assert any("easier" in note for note in d.notes)


def test_surpassing_human_level_is_noted_and_not_a_focus():
    d = diagnose(human=0.005, train=0.003, dev=0.004)
    assert d.avoidable_bias == pytest.approx(-0.002)
    assert d.focus == (VARIANCE,)
    assert any("surpassed" in note for note in d.notes)


def test_all_gaps_non_positive_gives_empty_focus_and_note():
    d = diagnose(human=0.05, train=0.05, dev=0.05)
    assert d.focus == ()
    assert d.tactics == {}
    assert any("No gap" in note for note in d.notes)


RATES = st.one_of(st.none(), st.integers(min_value=0, max_value=100))


@settings(max_examples=200, deadline=None)
@given(RATES, RATES, RATES, RATES, RATES, st.sampled_from([0.0, 0.25, 0.5, 0.8, 1.0]))
def test_focus_follows_the_documented_rule(human, train, train_dev, dev, test, rel):
    """Recompute gaps and focus by hand from integer percents and compare."""
    d = diagnose(human, train, train_dev, dev, test, unit="percent", relative_threshold=rel)

    def diff(a, b):
        return None if a is None or b is None else a - b

    expected_gaps = {
        AVOIDABLE_BIAS: diff(train, human),
        VARIANCE: diff(train_dev if train_dev is not None else dev, train),
        DATA_MISMATCH: diff(dev, train_dev),
        DEV_OVERFITTING: diff(test, dev),
    }
    assert d.gaps == expected_gaps  # integers: exact
    known = {p: g for p, g in expected_gaps.items() if g is not None}
    largest = max(known.values(), default=0)
    keep = {p for p, g in known.items() if g > 0 and g >= rel * largest}
    assert set(d.focus) == keep
    sizes = [known[p] for p in d.focus]
    assert sizes == sorted(sizes, reverse=True)
    assert set(d.tactics) == set(d.focus)

    # The same rates as fractions give the same focus, except that a 100% error next to
    # smaller ones is rejected as a probable mix of percents and fractions.
    given_rates = [v for v in (human, train, train_dev, dev, test) if v is not None]
    as_fraction = [None if v is None else v / 100 for v in (human, train, train_dev, dev, test)]
    if 100 in given_rates and min(given_rates) < 100:
        with pytest.raises(ValueError, match="mixed"):
            diagnose(*as_fraction, relative_threshold=rel)
    else:
        assert diagnose(*as_fraction, relative_threshold=rel).focus == d.focus


# --------------------------------------------------------------------------- tactics
def test_tactics_cover_the_course_remedies():
    text = {p: " ".join(TACTICS[p]).lower() for p in PROBLEMS}
    assert "bigger" in text[AVOIDABLE_BIAS]
    assert "adam" in text[AVOIDABLE_BIAS] and "longer" in text[AVOIDABLE_BIAS]
    assert "more training data" in text[VARIANCE]
    for word in ("l2", "dropout", "augmentation"):
        assert word in text[VARIANCE]
    assert "error analysis" in text[DATA_MISMATCH]
    assert "synthesis" in text[DATA_MISMATCH] and "overfit" in text[DATA_MISMATCH]
    assert "bigger dev set" in text[DEV_OVERFITTING]
    assert set(TACTICS) == set(PROBLEMS)
    with pytest.raises(TypeError):
        TACTICS["new problem"] = ("x",)  # read-only


def test_diagnosis_tactics_match_focus_in_order():
    d = diagnose(human=0.0, train=0.10, train_dev=0.11, dev=0.20)
    assert list(d.tactics) == list(d.focus) == [AVOIDABLE_BIAS, DATA_MISMATCH]
    assert d.tactics[DATA_MISMATCH] == TACTICS[DATA_MISMATCH]
    with pytest.raises(TypeError):
        d.tactics[VARIANCE] = ()


def test_diagnosis_is_frozen_and_hashable():
    d = diagnose(human=0.01, train=0.08, dev=0.10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.focus = ()
    assert hash(d) == hash(diagnose(human=0.01, train=0.08, dev=0.10))
    assert isinstance(d, Diagnosis)


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize("bad", [True, False, "0.1", [0.1], np.bool_(True), complex(0.1, 0)])
def test_non_numbers_raise_type_error(bad):
    with pytest.raises(TypeError, match="train"):
        diagnose(train=bad, dev=0.1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(train=float("nan")), "NaN"),
        (dict(train=math.inf), "finite"),
        (dict(train=-0.01), "negative"),
        (dict(train=8, dev=10), "unit='percent'"),
        (dict(human=1, train=0.08), "mixed"),
        (dict(human=0.01, train=1), "mixed"),
        (dict(train=8, dev=101, unit="percent"), r"\[0, 100\]"),
        (dict(train=0.1, unit="percents"), "unit must be"),
        (dict(train=0.1, unit=None), "unit must be"),
        (dict(train=0.1, relative_threshold=1.5), "relative_threshold"),
        (dict(train=0.1, relative_threshold=-0.1), "relative_threshold"),
        (dict(train=0.1, min_gap=-0.01), "min_gap"),
    ],
)
def test_bad_values_raise_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        diagnose(**kwargs)


def test_numpy_scalars_are_accepted():
    d = diagnose(human=np.float64(0.01), train=np.float32(0.08), dev=np.int64(0))
    assert isinstance(d.train, float)
    assert d.avoidable_bias == pytest.approx(0.07, abs=1e-7)


def test_all_rates_at_one_are_allowed():
    # Every example wrong is a (sad) valid fraction when nothing suggests percents.
    d = diagnose(train=1, dev=1)
    assert d.variance == 0 and d.focus == ()


# --------------------------------------------------------------------------- rendering
def test_str_shows_levels_gaps_focus_and_tactics():
    d = diagnose(human=0.01, train=0.08, dev=0.10)
    text = str(d)
    for piece in ("human-level", "training", "dev", "1%", "8%", "10%", "7%", "2%"):
        assert piece in text
    assert "Focus: avoidable bias" in text
    assert TACTICS[AVOIDABLE_BIAS][0] in text
    assert TACTICS[VARIANCE][0] not in text  # variance is not a focus here
    assert "unknown" in text  # data mismatch and dev overfitting cannot be measured


def test_str_formats_percent_input_the_same_way():
    frac = str(diagnose(human=0.075, train=0.08, dev=0.10))
    pct = str(diagnose(human=7.5, train=8, dev=10, unit="percent"))
    assert frac.replace("fractions", "percents") == pct
    assert "7.5%" in pct and "0.5%" in pct


class _TagBalance(HTMLParser):
    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.rows = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_and_has_a_row_per_level_and_problem():
    d = diagnose(human=0.04, train=0.07, train_dev=0.10, dev=0.12, test=0.125)
    parser = _TagBalance()
    parser.feed(d._repr_html_())
    assert parser.stack == []
    # 1 header + 5 levels, 1 header + 4 problems
    assert parser.rows == 6 + 5
    text = "".join(parser.text)
    for piece in ("human-level", "training-dev", "12.5%", "0.5%", "data mismatch"):
        assert piece in text
    assert TACTICS[VARIANCE][1] in text


# --------------------------------------------------------------------------- plotting
def test_plot_draws_one_bar_per_level_in_percent_with_gap_labels():
    import matplotlib.pyplot as plt

    d = diagnose(train=0.01, train_dev=0.015, dev=0.10, test=0.11)
    ax = d.plot()
    try:
        heights = [bar.get_height() for bar in ax.containers[0]]
        assert heights == pytest.approx([1.0, 1.5, 10.0, 11.0])
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "training",
            "training-dev",
            "dev",
            "test",
        ]
        texts = " ".join(t.get_text() for t in ax.texts)
        assert "variance" in texts and "data mismatch" in texts
        assert "dev set overfitting" in texts
        assert "avoidable bias" not in texts  # unknown without human level
        assert "+8.5%" in texts
        assert "%" in ax.get_ylabel()
    finally:
        plt.close(ax.figure)


def test_plot_uses_the_given_axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        out = diagnose(human=7.5, train=8, dev=10, unit="percent").plot(ax=ax)
        assert out is ax
        assert [bar.get_height() for bar in ax.containers[0]] == pytest.approx([7.5, 8, 10])
    finally:
        plt.close(fig)


def test_plot_of_empty_diagnosis_does_not_crash():
    import matplotlib.pyplot as plt

    ax = diagnose().plot()
    plt.close(ax.figure)


def test_importing_strategy_does_not_import_matplotlib():
    code = "import sys, course_lib.strategy; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- bayes_proxy
def test_bayes_proxy_radiology_example():
    radiology = {
        "typical human": 3,
        "typical doctor": 1,
        "experienced doctor": 0.7,
        "team of experienced doctors": 0.5,
    }
    assert bayes_proxy(radiology, unit="percent") == 0.5
    assert bayes_proxy({k: v / 100 for k, v in radiology.items()}) == 0.005


@pytest.mark.parametrize(
    "errors",
    [[0.03, 0.01, 0.007], (0.03, 0.01, 0.007), np.array([0.03, 0.01, 0.007]),
     (x for x in [0.03, 0.01, 0.007])],
)
def test_bayes_proxy_accepts_sequences(errors):
    assert bayes_proxy(errors) == 0.007


@given(st.lists(st.floats(min_value=0, max_value=0.99, allow_nan=False), min_size=1))
def test_bayes_proxy_is_the_minimum(errors):
    assume(1.0 not in errors)
    assert bayes_proxy(errors) == min(errors)


@pytest.mark.parametrize(
    ("errors", "kwargs", "exc", "message"),
    [
        ([], {}, ValueError, "empty"),
        ({}, {}, ValueError, "empty"),
        ("0.1", {}, TypeError, "mapping"),
        (0.1, {}, TypeError, "mapping"),
        ([0.1, None], {}, TypeError, "None"),
        ([0.1, "a"], {}, TypeError, "number"),
        ([0.1, True], {}, TypeError, "number"),
        ([3, 1, 0.7], {}, ValueError, "unit='percent'"),
        ([0.03, float("nan")], {}, ValueError, "NaN"),
        ([120], {"unit": "percent"}, ValueError, "out of range"),
        ({"doctor": -1}, {"unit": "percent"}, ValueError, "doctor"),
        ([1], {"unit": "ratio"}, ValueError, "unit must be"),
    ],
)
def test_bayes_proxy_validation(errors, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        bayes_proxy(errors, **kwargs)


# --------------------------------------------------------------------------- surpassed_human
def test_surpassed_human():
    assert surpassed_human(train=0.003, human=0.005) is True
    assert surpassed_human(train=0.005, human=0.005) is False
    assert surpassed_human(train=8, human=1, unit="percent") is False
    with pytest.raises(ValueError, match="unit='percent'"):
        surpassed_human(train=8, human=1)
    with pytest.raises(TypeError):
        surpassed_human(train=None, human=0.01)


