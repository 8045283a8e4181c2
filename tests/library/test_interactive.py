"""The three explorers: their numbers on hand-computed cases, the widgets, the fallback."""

from __future__ import annotations

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import interactive, metrics
from course_lib.interactive import (
    error_ladder_explorer,
    error_ladder_reading,
    threshold_explorer,
    threshold_reading,
    weight_explorer,
    weight_reading,
)
from course_lib.strategy import TACTICS, diagnose

# ------------------------------------------------------------------ the error ladder
# each ladder has one gap far bigger than the others, by construction
LADDERS = {
    "avoidable bias": (1, 9, 10, 11, 12),
    "variance": (1, 2, 9, 10, 11),
    "data mismatch": (1, 2, 3, 10, 11),
    "dev set overfitting": (1, 2, 3, 4, 10),
}


@pytest.mark.parametrize("problem", sorted(LADDERS))
def test_the_largest_gap_by_construction_is_the_diagnosis(problem):
    reading = error_ladder_reading(*LADDERS[problem])
    assert reading.largest == problem
    assert reading.focus == (problem,)
    assert reading.advice == TACTICS[problem]
    assert problem in reading.headline


def test_the_gaps_are_the_differences_of_the_rungs_in_percent():
    reading = error_ladder_reading(human=1, train=5, train_dev=6, dev=12, test=12.5)
    assert reading.levels == {"human-level": 1.0, "training": 5.0, "training-dev": 6.0,
                              "dev": 12.0, "test": 12.5}
    assert reading.gaps == {"avoidable bias": 4.0, "variance": 1.0, "data mismatch": 6.0,
                            "dev set overfitting": 0.5}
    # avoidable bias (4) is at least half of the largest gap (6): worth working on too
    assert reading.largest == "data mismatch"
    assert reading.focus == ("data mismatch", "avoidable bias")


def test_the_reading_is_the_library_diagnosis_in_either_unit():
    rates = dict(human=0.04, train=0.07, train_dev=0.10, dev=0.06, test=0.065)
    as_fraction = error_ladder_reading(**rates, unit="fraction")
    as_percent = error_ladder_reading(**{k: 100 * v for k, v in rates.items()})
    assert as_fraction.diagnosis == diagnose(**rates)
    assert as_fraction.focus == diagnose(**rates).focus == as_percent.focus
    assert as_fraction.gaps == as_percent.gaps
    assert as_fraction.gaps["data mismatch"] == -4.0  # the dev data are easier


def test_a_ladder_without_a_positive_gap_has_nothing_to_work_on():
    reading = error_ladder_reading(5, 5, 4, 4, 3)
    assert reading.largest is None and reading.focus == () and reading.advice == ()
    assert "nothing" in reading.headline
    assert "To reduce" not in str(reading)


def test_the_ladder_text_names_the_largest_gap_and_what_to_try():
    text = str(error_ladder_reading(*LADDERS["variance"]))
    assert "variance" in text.splitlines()[0] and "+7.0 points" in text
    assert "To reduce variance, try:" in text and TACTICS["variance"][0] in text


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"train": "5"}, TypeError, "train must be a number"),
    ({"test": None}, TypeError, "needs all five error rates"),
    ({"dev": True}, TypeError, "dev must be a number"),
    ({"dev": 150}, ValueError, "out of range"),
    ({"human": -1}, ValueError, "negative"),
    ({"unit": "percentage"}, ValueError, "unit must be"),
])
def test_bad_ladders_say_what_was_wrong(kwargs, error, words):
    rates = {"human": 1, "train": 2, "train_dev": 3, "dev": 4, "test": 5} | kwargs
    with pytest.raises(error, match=words):
        error_ladder_reading(**rates)


def test_percents_given_as_fractions_get_the_library_hint():
    with pytest.raises(ValueError, match="unit='fraction' expects rates in"):
        error_ladder_reading(1, 5, 6, 12, 12.5, unit="fraction")


# ------------------------------------------------------------------ the threshold
Y = [0, 0, 1, 1, 1, 0]
SCORES = [0.1, 0.6, 0.4, 0.8, 0.5, 0.7]


def test_threshold_half_on_a_tiny_set_by_hand():
    # scores >= 0.5 flag examples 1, 3, 4, 5: tp = {3, 4}, fp = {1, 5}, fn = {2}, tn = {0}
    r = threshold_reading(Y, SCORES, 0.5)
    assert (r.tp, r.fp, r.fn, r.tn) == (2, 2, 1, 1)
    assert r.flagged == 4
    assert r.precision == pytest.approx(2 / 4)
    assert r.recall == pytest.approx(2 / 3)
    assert r.f1 == pytest.approx(2 * 2 / (2 * 2 + 2 + 1))  # 4/7
    assert "precision 0.500, recall 0.667, F1 0.571" in r.headline


def test_moving_the_threshold_trades_recall_for_precision():
    low, high = threshold_reading(Y, SCORES, 0.0), threshold_reading(Y, SCORES, 0.75)
    assert (low.precision, low.recall) == (0.5, 1.0)  # everything flagged
    assert (high.tp, high.fp) == (1, 0) and high.precision == 1.0
    nothing = threshold_reading(Y, SCORES, 0.9)
    assert nothing.flagged == 0 and nothing.precision == 0.0  # the 0/0 convention


def test_the_threshold_numbers_are_the_library_metrics_or_yours():
    pred = (np.array(SCORES) >= 0.5).astype(int)
    r = threshold_reading(Y, SCORES, 0.5)
    assert r.precision == metrics.precision(Y, pred) and r.f1 == metrics.f1_score(Y, pred)
    mine = threshold_reading(Y, SCORES, 0.5, precision=lambda t, p: 0.25,
                             recall=lambda t, p: 0.75, f1_score=lambda t, p: 0.375)
    assert (mine.precision, mine.recall, mine.f1) == (0.25, 0.75, 0.375)


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), [
    (([0, 2, 1], [0.1, 0.2, 0.3], 0.5), {}, ValueError, "only 0 and 1"),
    (([0, 1, 1], [0.1, float("nan"), 0.3], 0.5), {}, ValueError, "finite numbers"),
    (([0, 1, 1], ["a", "b", "c"], 0.5), {}, TypeError, "scores must hold numbers"),
    (([0, 1, 1], "0.1 0.2 0.3", 0.5), {}, TypeError, "scores must be a list"),
    (([0, 1, 1], [0.1, 0.2], 0.5), {}, ValueError, "same length"),
    (([], [], 0.5), {}, ValueError, "empty"),
    (([0, 1], [0.1, 0.9], "0.5"), {}, TypeError, "threshold must be a number"),
    (([0, 1], [0.1, 0.9], 0.5), {"precision": 3}, TypeError, "precision must be a function"),
    (([0, 1], [0.1, 0.9], 0.5), {"recall": lambda t, p: None}, TypeError,
     "the value returned by recall must be a number"),
])
def test_bad_threshold_inputs_say_what_was_wrong(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        threshold_reading(*args, **kwargs)


# ------------------------------------------------------------------ the weight
Y_CAT = [0, 0, 0, 1]
PREDS = {"A": [1, 0, 0, 1], "B": [0, 1, 1, 1]}
BAD = [True, False, False, False]  # A's one mistake is on the unacceptable example


@pytest.mark.parametrize(("weight", "a", "b", "winner"), [
    (1, 1 / 4, 2 / 4, "A"),   # plain error: A makes one mistake, B two
    (2, 2 / 5, 2 / 5, None),  # A's mistake now counts twice: a tie
    (4, 4 / 7, 2 / 7, "B"),
])
def test_the_weighted_errors_by_hand(weight, a, b, winner):
    r = weight_reading(Y_CAT, PREDS, BAD, weight)
    assert r.errors == pytest.approx({"A": a, "B": b})
    assert r.winner == winner
    assert r.errors["A"] == metrics.weighted_error(Y_CAT, PREDS["A"],
                                                   np.where(BAD, weight, 1))


def test_a_tie_and_a_win_read_as_such():
    assert weight_reading(Y_CAT, PREDS, BAD, 2).headline == "Weight 2: A and B tie (40.00%)"
    assert weight_reading(Y_CAT, PREDS, BAD, 4).headline == \
        "Weight 4: B wins with 28.57% (against A 57.14%)"


def test_your_own_weighted_error_is_the_one_used():
    seen = []

    def mine(y_true, y_pred, weights):
        seen.append(list(weights))
        return 0.5 if y_pred[0] == 1 else 0.25

    r = weight_reading(Y_CAT, PREDS, BAD, 3, weighted_error=mine)
    assert r.errors == {"A": 0.5, "B": 0.25} and r.winner == "B"
    assert seen[0] == [3, 1, 1, 1]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), [
    ((Y_CAT, [[1, 0, 0, 1]], BAD, 2), {}, TypeError, "predictions must be a dict"),
    ((Y_CAT, {"A": [1, 0, 0, 1]}, BAD, 2), {}, ValueError, "at least two algorithms"),
    ((Y_CAT, {"A": [1, 0, 0, 1], 2: [0, 0, 0, 1]}, BAD, 2), {}, TypeError, "must be strings"),
    ((Y_CAT, {"A": [1, 0, 0], "B": [0, 1, 1]}, BAD, 2), {}, ValueError, "same length"),
    ((Y_CAT, PREDS, [True, False], 2), {}, ValueError, "same length"),
    ((Y_CAT, PREDS, ["yes", "no", "no", "no"], 2), {}, TypeError, "True/False"),
    ((Y_CAT, PREDS, BAD, -1), {}, ValueError, "weight must be at least 0"),
    ((Y_CAT, PREDS, BAD, "3"), {}, TypeError, "weight must be a number"),
    ((Y_CAT, PREDS, BAD, 2), {"weighted_error": "mine"}, TypeError, "must be a function"),
])
def test_bad_weight_inputs_say_what_was_wrong(args, kwargs, error, words):
    with pytest.raises(error, match=words):
        weight_reading(*args, **kwargs)


# ------------------------------------------------------------------ the widgets
@pytest.fixture
def widgets():
    return pytest.importorskip("ipywidgets")


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n"


def test_moving_a_ladder_slider_updates_the_numbers_and_the_picture(widgets):
    box = error_ladder_explorer(1, 5, 6, 12, 12.5)
    assert isinstance(box, widgets.VBox)
    assert set(box.controls) == {"human", "train", "train_dev", "dev", "test"}
    assert "Largest gap: data mismatch" in box.readout.value
    before = box.picture.value
    assert _is_png(before)
    box.controls["train_dev"].value = 11.5  # variance 6.5 points, mismatch 0.5
    assert box.reading.largest == "variance"
    assert "Largest gap: variance (+6.5 points)" in box.readout.value
    assert "To reduce variance" in box.readout.value
    assert box.picture.value != before and _is_png(box.picture.value)


def test_a_ladder_given_in_fractions_gets_sliders_in_percent(widgets):
    box = error_ladder_explorer(0.01, 0.02, 0.03, 0.30, 0.25, unit="fraction")
    assert box.controls["dev"].value == pytest.approx(30.0)
    assert box.controls["dev"].max == 50  # room to move above the highest rate
    assert box.reading.largest == "data mismatch"


def test_the_widget_carries_its_static_forms(widgets):
    box = error_ladder_explorer(1, 5, 6, 12, 12.5)
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Largest gap: data mismatch")
    import base64

    assert _is_png(base64.b64decode(bundle["image/png"]))


def test_moving_the_threshold_slider_updates_the_numbers(widgets):
    box = threshold_explorer(Y, SCORES)
    assert box.controls["threshold"].value == 0.5
    assert "0.571" in box.readout.value  # F1 = 4/7
    box.controls["threshold"].value = 0.75
    assert box.reading.precision == 1.0
    assert "flags 1 of 6" in box.readout.value


def test_the_threshold_slider_spans_scores_that_are_not_probabilities(widgets):
    box = threshold_explorer([0, 1, 1], [-2.0, 1.0, 4.0])
    slider = box.controls["threshold"]
    assert (slider.min, slider.max, slider.value) == (-2.0, 4.0, 1.0)


def test_the_threshold_explorer_uses_your_functions_for_the_curve_too(widgets):
    calls = []

    def mine(y_true, y_pred):
        calls.append(1)
        return 0.5

    box = threshold_explorer(Y, SCORES, precision=mine, recall=mine, f1_score=mine)
    assert box.reading.f1 == 0.5 and len(calls) > 3 * 100  # the whole curve, then the point


def test_moving_the_weight_slider_changes_the_winner(widgets):
    box = weight_explorer(Y_CAT, PREDS, BAD, weight=1, max_weight=6)
    assert "A wins" in box.readout.value
    box.controls["weight"].value = 2
    assert "A and B tie" in box.readout.value
    box.controls["weight"].value = 4
    assert box.reading.winner == "B" and "B wins with 28.57%" in box.readout.value


@pytest.mark.parametrize(("call", "error", "words"), [
    (lambda: threshold_explorer(Y, SCORES, threshold=1.5), ValueError, "between 0 and 1"),
    (lambda: weight_explorer(Y_CAT, PREDS, BAD, weight=40), ValueError, "at most 30"),
    (lambda: weight_explorer(Y_CAT, PREDS, BAD, weight=2.5), TypeError, "integer"),
    (lambda: weight_explorer(Y_CAT, PREDS, BAD, max_weight=1), ValueError, "at least 2"),
    (lambda: error_ladder_explorer(static="yes"), TypeError, "static must be True or False"),
    (lambda: error_ladder_explorer(1, 2, 3, 4, 500), ValueError, "out of range"),
])
def test_bad_explorer_inputs_say_what_was_wrong(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ------------------------------------------------------------------ the static fallback
EXPLORERS = {
    "ladder": lambda **kw: error_ladder_explorer(1, 5, 6, 12, 12.5, **kw),
    "threshold": lambda **kw: threshold_explorer(Y, SCORES, **kw),
    "weight": lambda **kw: weight_explorer(Y_CAT, PREDS, BAD, weight=4, **kw),
}
HEADLINES = {
    "ladder": "Largest gap: data mismatch (+6.0 points): work on it first",
    "threshold": "Threshold 0.50: precision 0.500, recall 0.667, F1 0.571",
    "weight": "Weight 4: B wins with 28.57% (against A 57.14%)",
}


def _figure_text(fig: Figure) -> str:
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    return " | ".join(titles)


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_static_gives_the_figure_once(name):
    open_before = plt.get_fignums()
    fig = EXPLORERS[name](static=True)
    assert isinstance(fig, Figure)
    assert HEADLINES[name] in _figure_text(fig)
    assert plt.get_fignums() == open_before  # closed: a notebook shows it once, as the value


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_without_ipywidgets_the_explorers_fall_back_to_the_figure(name, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # `import ipywidgets` now fails
    fig = EXPLORERS[name]()
    assert isinstance(fig, Figure)
    assert HEADLINES[name] in _figure_text(fig)


def test_importing_the_module_loads_neither_ipywidgets_nor_matplotlib():
    code = ("import sys, course_lib.interactive; "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_public_name_has_an_example():
    for name in interactive.__all__:
        assert ">>>" in (getattr(interactive, name).__doc__ or ""), name
