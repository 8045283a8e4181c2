"""Three explorers with sliders: the error ladder, a decision threshold, a metric's weight.

Some ideas of the course are easier to see than to read: how the largest gap of an error
ladder moves when one error rate changes, how precision and recall pull against each other
as a classifier's threshold moves, from which weight a weighted error changes its mind
about two algorithms. Each explorer here puts sliders over one of them:

==========================  ==================================  ==========================
explorer                    sliders                             shows
==========================  ==================================  ==========================
:func:`error_ladder_explorer`  human-level, training,            the ladder's gaps, the
                            training-dev, dev, test error (%)   largest one, what to try
:func:`threshold_explorer`  the decision threshold              precision, recall, F1, and
                                                                where they sit on the curve
:func:`weight_explorer`     the weight of unacceptable          each algorithm's weighted
                            mistakes                            error, and which one wins
==========================  ==================================  ==========================

In JupyterLab each explorer returns a widget: move a slider and the numbers and the figure
follow. Where widgets cannot be shown, the same figure is there for the starting values:

- with ``static=True``, or when :mod:`ipywidgets` is not installed, the explorer draws the
  figure once and returns the matplotlib ``Figure``;
- a widget also carries that figure as a PNG picture (and its numbers as plain text), which
  is what an HTML export of the notebook, nbgrader's feedback or a terminal shows.

The numbers come from plain functions, one per explorer (:func:`error_ladder_reading`,
:func:`threshold_reading`, :func:`weight_reading`), built on the library's own
:func:`~course_lib.strategy.diagnose` and :mod:`course_lib.metrics`. Call them to get the
numbers of one slider position without any widget.

The threshold and weight explorers accept your own metric functions (``precision=``,
``recall=``, ``f1_score=``, ``weighted_error=``): in a notebook whose exercise asks you to
write one of them, pass yours, as the library's copy is not available while that notebook
is graded.

Examples
--------
>>> reading = error_ladder_reading(human=1, train=2, train_dev=3, dev=9, test=9.5)
>>> reading.largest
'data mismatch'
>>> threshold_reading([0, 1, 1], [0.2, 0.6, 0.9], threshold=0.5).recall
1.0
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib import metrics
from course_lib.strategy import PROBLEMS, Diagnosis, diagnose
from course_lib.validation import (
    check_binary_labels,
    check_count,
    check_mask,
    check_real,
    check_real_array,
    check_same_length,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "LadderReading",
    "ThresholdReading",
    "WeightReading",
    "error_ladder_explorer",
    "error_ladder_reading",
    "threshold_explorer",
    "threshold_reading",
    "weight_explorer",
    "weight_reading",
]

Metric = Callable[[Any, Any], float]
WeightedMetric = Callable[[Any, Any, Any], float]

#: the five rates of the ladder, in order, with the labels the explorer shows
_RATES: tuple[tuple[str, str], ...] = (
    ("human", "human-level"),
    ("train", "training"),
    ("train_dev", "training-dev"),
    ("dev", "dev"),
    ("test", "test"),
)
_DPI = 100
_FIGSIZE = (10.0, 4.2)
_LARGEST, _ALSO, _SMALL, _HUMAN = "tab:red", "tab:orange", "#8fa8c0", "0.78"
_WIN, _LOSE = "tab:green", "0.65"


# ----------------------------------------------------------------------------- readings
@dataclass(frozen=True)
class LadderReading:
    """What the error-ladder explorer shows for one position of its sliders.

    Build it with :func:`error_ladder_reading`. Rates and gaps are in percent whatever
    unit the rates were given in.

    Attributes
    ----------
    levels : dict of str to float
        The five error rates in ladder order, keyed by their labels (``"human-level"``,
        ``"training"``, ``"training-dev"``, ``"dev"``, ``"test"``), in percent.
    gaps : dict of str to float
        Each problem (avoidable bias, variance, data mismatch, dev set overfitting) and its
        gap in percentage points: the higher rung minus the lower one, so it can be negative.
    largest : str or None
        The problem with the largest positive gap; ``None`` when no gap is positive.
    focus : tuple of str
        The problems worth working on, largest first, as :func:`~course_lib.strategy.diagnose`
        decides them.
    advice : tuple of str
        What to try for the largest problem (empty when there is none).
    diagnosis : Diagnosis
        The full diagnosis, with its notes and its own ``plot``.

    Examples
    --------
    >>> reading = error_ladder_reading(human=1, train=9, train_dev=10, dev=11, test=12)
    >>> reading.headline
    'Largest gap: avoidable bias (+8.0 points): work on it first'
    >>> reading.advice[0]
    'Use a bigger network: more hidden units or more layers.'
    """

    levels: dict[str, float]
    gaps: dict[str, float]
    largest: str | None
    focus: tuple[str, ...]
    advice: tuple[str, ...]
    diagnosis: Diagnosis

    @property
    def headline(self) -> str:
        """One line: the largest gap and what to do about it."""
        if self.largest is None:
            return "No gap is positive: nothing on this ladder stands out"
        gap = self.gaps[self.largest]
        return f"Largest gap: {self.largest} ({gap:+.1f} points): work on it first"

    def __str__(self) -> str:
        lines = [self.headline, ""]
        width = max(len(label) for label in self.levels)
        lines += [f"  {label:<{width}}  {value:5.1f}%" for label, value in self.levels.items()]
        lines.append("")
        width = max(len(problem) for problem in self.gaps)
        for problem, gap in self.gaps.items():
            mark = "  <- largest" if problem == self.largest else (
                "  <- also worth working on" if problem in self.focus else "")
            lines.append(f"  {problem:<{width}}  {gap:+5.1f} points{mark}")
        if self.advice:
            lines += ["", f"To reduce {self.largest}, try:"]
            lines += [f"  - {idea}" for idea in self.advice]
        return "\n".join(lines)

    def _html(self) -> str:
        esc = html.escape
        rows = []
        for problem, gap in self.gaps.items():
            verdict = ("largest: work on it first" if problem == self.largest else
                       "also worth working on" if problem in self.focus else "")
            weight = "bold" if problem == self.largest else "normal"
            rows.append(f'<tr style="font-weight:{weight}"><td>{esc(problem)}</td>'
                        f'<td style="text-align:right">{gap:+.1f}</td><td>{esc(verdict)}</td>'
                        "</tr>")
        parts = [f"<p><b>{esc(self.headline)}</b></p>",
                 "<table><thead><tr><th>problem</th><th>gap (points)</th><th></th></tr>"
                 f"</thead><tbody>{''.join(rows)}</tbody></table>"]
        if self.advice:
            ideas = "".join(f"<li>{esc(idea)}</li>" for idea in self.advice)
            parts.append(f"<p>To reduce {esc(str(self.largest))}, try:</p><ul>{ideas}</ul>")
        return "".join(parts)


def error_ladder_reading(
    human: float, train: float, train_dev: float, dev: float, test: float,
    *, unit: str = "percent",
) -> LadderReading:
    """The numbers the error-ladder explorer shows for five error rates.

    The diagnosis is :func:`course_lib.strategy.diagnose`'s: this function only reads it
    out (largest gap, what to try) in percent.

    Parameters
    ----------
    human, train, train_dev, dev, test : float
        Human-level, training, training-dev, dev and test error.
    unit : {"percent", "fraction"}, default "percent"
        Unit of the five rates: ``8`` or ``0.08`` for 8 %.

    Returns
    -------
    LadderReading

    Raises
    ------
    TypeError
        If a rate is not a number.
    ValueError
        If a rate is out of range for ``unit`` (see :func:`~course_lib.strategy.diagnose`)
        or ``unit`` is unknown.

    Examples
    --------
    >>> reading = error_ladder_reading(human=0, train=1, train_dev=9, dev=10, test=10)
    >>> reading.largest, reading.gaps["variance"]
    ('variance', 8.0)
    >>> error_ladder_reading(0.01, 0.08, 0.09, 0.10, 0.11, unit="fraction").focus
    ('avoidable bias',)
    """
    given = {"human": human, "train": train, "train_dev": train_dev, "dev": dev, "test": test}
    for name, value in given.items():
        if value is None:
            raise TypeError(f"{name} is None: the error ladder needs all five error rates "
                            "(human, train, train_dev, dev, test) as numbers")
    found = diagnose(**given, unit=unit)  # type: ignore[arg-type]
    to_pct = 100.0 if found.unit == "fraction" else 1.0
    levels = {label: round(getattr(found, key) * to_pct, 10) + 0.0 for key, label in _RATES}
    gaps = {problem: round(gap * to_pct, 10) + 0.0
            for problem, gap in found.gaps.items() if gap is not None}
    largest = found.focus[0] if found.focus else None
    advice = found.tactics[largest] if largest is not None else ()
    return LadderReading(levels=levels, gaps=gaps, largest=largest, focus=found.focus,
                         advice=tuple(advice), diagnosis=found)


@dataclass(frozen=True)
class ThresholdReading:
    """What the threshold explorer shows for one threshold: counts and the three metrics.

    Build it with :func:`threshold_reading`. An example is flagged positive when its score
    is at least the threshold.

    Attributes
    ----------
    threshold : float
    tp, fp, fn, tn : int
        True positives, false positives, false negatives, true negatives.
    precision, recall, f1 : float

    Examples
    --------
    >>> print(threshold_reading([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.8], threshold=0.3))
    Threshold 0.30: precision 0.667, recall 1.000, F1 0.800
      flags 3 of 4 examples, 1 of them wrongly; finds 2 of the 2 positives
    """

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float

    @property
    def flagged(self) -> int:
        """How many examples are flagged positive (``tp + fp``)."""
        return self.tp + self.fp

    @property
    def headline(self) -> str:
        """One line: the threshold and its three metrics."""
        return (f"Threshold {self.threshold:.2f}: precision {self.precision:.3f}, "
                f"recall {self.recall:.3f}, F1 {self.f1:.3f}")

    def __str__(self) -> str:
        total = self.tp + self.fp + self.fn + self.tn
        return (f"{self.headline}\n  flags {self.flagged} of {total} examples, {self.fp} of "
                f"them wrongly; finds {self.tp} of the {self.tp + self.fn} positives")

    def _html(self) -> str:
        cells = (("precision", self.precision), ("recall", self.recall), ("F1", self.f1))
        rows = "".join(f'<tr><td>{name}</td><td style="text-align:right">{value:.3f}</td></tr>'
                       for name, value in cells)
        total = self.tp + self.fp + self.fn + self.tn
        return (f"<p><b>Threshold {self.threshold:.2f}</b>: flags {self.flagged} of {total} "
                f"examples</p><table><tbody>{rows}</tbody></table>"
                f"<p>true positives {self.tp} &middot; false positives {self.fp}<br>"
                f"false negatives {self.fn} &middot; true negatives {self.tn}</p>")


def _metric(function: Any, default: Metric, name: str) -> Metric:
    if function is None:
        return default
    if not callable(function):
        raise TypeError(f"{name} must be a function (y_true, y_pred) -> float, "
                        f"got {type(function).__name__}")
    return function


def _threshold_inputs(y_true: Any, scores: Any) -> tuple[np.ndarray, np.ndarray]:
    labels = check_binary_labels(y_true, "y_true")
    values = check_real_array(scores, "scores")
    check_same_length(labels, values, "y_true", "scores")
    if len(labels) == 0:
        raise ValueError("y_true and scores are empty: give at least one example")
    return labels, values


def threshold_reading(
    y_true: Any, scores: Any, threshold: float, *,
    precision: Metric | None = None, recall: Metric | None = None,
    f1_score: Metric | None = None,
) -> ThresholdReading:
    """Precision, recall and F1 of the classifier "flag when the score is at least t".

    Parameters
    ----------
    y_true : array-like of 0/1
        Actual labels (1 is the class to find).
    scores : array-like of float
        The classifier's score for each example (e.g. a predicted probability).
    threshold : float
        The decision threshold ``t``.
    precision, recall, f1_score : callable, optional
        Functions ``(y_true, y_pred) -> float`` to use instead of the ones of
        :mod:`course_lib.metrics` (for instance your own, from an exercise).

    Returns
    -------
    ThresholdReading

    Raises
    ------
    TypeError
        If the labels, scores or threshold are not numbers, or a metric is not a function.
    ValueError
        If the labels are not 0/1, the scores are not finite, the lengths differ or there
        is no example.

    Examples
    --------
    >>> r = threshold_reading([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.8], threshold=0.5)
    >>> (r.tp, r.fp, r.fn, r.tn), r.precision, r.recall
    ((1, 1, 1, 1), 0.5, 0.5)
    """
    labels, values = _threshold_inputs(y_true, scores)
    t = check_real(threshold, "threshold")
    functions = (_metric(precision, metrics.precision, "precision"),
                 _metric(recall, metrics.recall, "recall"),
                 _metric(f1_score, metrics.f1_score, "f1_score"))
    return _read_threshold(labels, values, t, functions)


def _read_threshold(labels: np.ndarray, values: np.ndarray, t: float,
                    functions: tuple[Metric, Metric, Metric]) -> ThresholdReading:
    predicted = (values >= t).astype(np.int64)
    tp, fp, fn, tn = metrics.confusion_counts(labels, predicted)
    p, r, f = (check_real(fn_(labels, predicted), f"the value returned by {name}")
               for fn_, name in zip(functions, ("precision", "recall", "f1_score"),
                                    strict=True))
    return ThresholdReading(threshold=t, tp=tp, fp=fp, fn=fn, tn=tn,
                            precision=p, recall=r, f1=f)


@dataclass(frozen=True)
class WeightReading:
    """What the weight explorer shows for one weight: each algorithm's weighted error.

    Build it with :func:`weight_reading`.

    Attributes
    ----------
    weight : float
        How many ordinary mistakes one mistake on an unacceptable example counts for.
    errors : dict of str to float
        Each algorithm's weighted error (a fraction), in the order given.
    winner : str or None
        The algorithm with the lowest weighted error; ``None`` on a tie for the lowest.

    Examples
    --------
    >>> r = weight_reading([0, 0, 0, 1], {"A": [1, 0, 0, 1], "B": [0, 1, 1, 1]},
    ...                    [True, False, False, False], weight=2)
    >>> r.winner is None, r.headline
    (True, 'Weight 2: A and B tie (40.00%)')
    """

    weight: float
    errors: dict[str, float]
    winner: str | None

    @property
    def headline(self) -> str:
        """One line: the weight and which algorithm wins."""
        if self.winner is None:
            best = min(self.errors.values())
            tied = [name for name, error in self.errors.items() if _same(error, best)]
            return f"Weight {self.weight:g}: {' and '.join(tied)} tie ({100 * best:.2f}%)"
        others = ", ".join(f"{name} {100 * error:.2f}%" for name, error in self.errors.items()
                           if name != self.winner)
        return (f"Weight {self.weight:g}: {self.winner} wins with "
                f"{100 * self.errors[self.winner]:.2f}% (against {others})")

    def __str__(self) -> str:
        width = max(len(name) for name in self.errors)
        lines = [self.headline, ""]
        lines += [f"  {name:<{width}}  {100 * error:6.2f}%" + ("  <- wins" if name == self.winner
                                                            else "")
                  for name, error in self.errors.items()]
        return "\n".join(lines)

    def _html(self) -> str:
        rows = "".join(
            f'<tr style="font-weight:{"bold" if name == self.winner else "normal"}">'
            f'<td>{html.escape(name)}</td><td style="text-align:right">{100 * error:.2f}%</td>'
            "</tr>" for name, error in self.errors.items())
        return (f"<p><b>{html.escape(self.headline)}</b></p><table><thead><tr><th>algorithm"
                f"</th><th>weighted error</th></tr></thead><tbody>{rows}</tbody></table>")


def _same(a: float, b: float) -> bool:
    # equal up to floating-point noise (0.1 + 0.2 and 0.3 are one error rate)
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def _weight_inputs(y_true: Any, predictions: Any, unacceptable: Any
                   ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    if isinstance(y_true, (str, bytes, dict, set)) or y_true is None:
        raise TypeError(f"y_true must be a list or array of labels, got {type(y_true).__name__}")
    labels = np.asarray(y_true)
    if labels.ndim != 1 or len(labels) == 0:
        raise ValueError("y_true must be a non-empty one-dimensional list or array of labels, "
                         f"got shape {labels.shape}")
    if not isinstance(predictions, Mapping):
        raise TypeError("predictions must be a dict {algorithm name: predicted labels}, "
                        f"got {type(predictions).__name__}")
    if len(predictions) < 2:
        raise ValueError("predictions must hold at least two algorithms to compare, "
                         f"got {len(predictions)}")
    preds: dict[str, np.ndarray] = {}
    for name, pred in predictions.items():
        if not isinstance(name, str):
            raise TypeError(f"the algorithm names (keys of predictions) must be strings, "
                            f"got {type(name).__name__}")
        if isinstance(pred, (str, bytes, dict, set)) or pred is None:
            raise TypeError(f"predictions[{name!r}] must be a list or array of labels, "
                            f"got {type(pred).__name__}")
        preds[name] = np.asarray(pred)
        if preds[name].ndim != 1:
            raise ValueError(f"predictions[{name!r}] must be one-dimensional, "
                             f"got shape {preds[name].shape}")
        check_same_length(labels, preds[name], "y_true", f"predictions[{name!r}]")
    mask = check_mask(unacceptable, "unacceptable")
    check_same_length(labels, mask, "y_true", "unacceptable")
    return labels, preds, mask


def _weighted(function: Any) -> WeightedMetric:
    if function is None:
        return metrics.weighted_error
    if not callable(function):
        raise TypeError("weighted_error must be a function (y_true, y_pred, weights) -> float, "
                        f"got {type(function).__name__}")
    return function


def _read_weight(labels: np.ndarray, preds: Mapping[str, np.ndarray], mask: np.ndarray,
                 weight: float, function: WeightedMetric) -> WeightReading:
    weights = np.where(mask, weight, 1.0)
    errors = {name: check_real(function(labels, pred, weights),
                               "the value returned by weighted_error")
              for name, pred in preds.items()}
    best = min(errors.values())
    lowest = [name for name, error in errors.items() if _same(error, best)]
    return WeightReading(weight=weight, errors=errors,
                         winner=lowest[0] if len(lowest) == 1 else None)


def weight_reading(
    y_true: Any, predictions: Mapping[str, Any], unacceptable: Any, weight: float, *,
    weighted_error: WeightedMetric | None = None,
) -> WeightReading:
    """Each algorithm's weighted error when an unacceptable example weighs ``weight``.

    Every example weighs 1, except the unacceptable ones (say, images that must never be
    shown as cats), which weigh ``weight``: a mistake on one of them then counts as much as
    ``weight`` ordinary mistakes. The errors are :func:`course_lib.metrics.weighted_error`'s.

    Parameters
    ----------
    y_true : array-like
        Actual labels.
    predictions : dict of str to array-like
        ``{algorithm name: predicted labels}``, at least two algorithms.
    unacceptable : array-like of bool
        True for the examples whose mistakes weigh ``weight``.
    weight : float
        Weight of an unacceptable example (0 or more).
    weighted_error : callable, optional
        A function ``(y_true, y_pred, weights) -> float`` to use instead of
        :func:`course_lib.metrics.weighted_error` (for instance your own).

    Returns
    -------
    WeightReading

    Raises
    ------
    TypeError
        If an input has the wrong type (``predictions`` not a dict, a weight that is not a
        number, ...).
    ValueError
        If the lengths differ, fewer than two algorithms are given or the weight is negative.

    Examples
    --------
    >>> y = [0, 0, 0, 1]
    >>> preds = {"A": [1, 0, 0, 1], "B": [0, 1, 1, 1]}
    >>> bad = [True, False, False, False]
    >>> weight_reading(y, preds, bad, weight=1).winner
    'A'
    >>> r = weight_reading(y, preds, bad, weight=4)
    >>> r.errors, r.winner
    ({'A': 0.5714285714285714, 'B': 0.2857142857142857}, 'B')
    """
    labels, preds, mask = _weight_inputs(y_true, predictions, unacceptable)
    w = check_real(weight, "weight", low=0)
    return _read_weight(labels, preds, mask, w, _weighted(weighted_error))


# ----------------------------------------------------------------------------- drawing
def _draw_ladder(fig: Figure, reading: LadderReading) -> None:
    """The ladder as a waterfall: human-level error, then each gap as a floating bar."""
    from matplotlib.patches import Patch

    ax = fig.subplots()
    levels = list(reading.levels.values())
    labels = list(reading.levels)
    top = max(max(levels), 1.0) * 1.2
    pad = 0.015 * top
    ax.bar(0, levels[0], width=0.62, color=_HUMAN)
    ax.text(0, levels[0] + pad, f"{levels[0]:.1f}%", ha="center", va="bottom", fontsize=9)
    ticks = [f"human-level\n{levels[0]:.1f}%"]
    for i, problem in enumerate(PROBLEMS, start=1):
        low, high, gap = levels[i - 1], levels[i], reading.gaps[problem]
        color = (_LARGEST if problem == reading.largest else
                 _ALSO if problem in reading.focus else _SMALL)
        face = "white" if gap < 0 else color
        ax.bar(i, high - low, bottom=low, width=0.62, color=face, edgecolor=color,
               linewidth=1.5, hatch="///" if gap < 0 else None)
        ax.plot([i - 1 + 0.31, i - 0.31], [low, low], ls=":", color="0.35", lw=1)
        weight = "bold" if problem == reading.largest else "normal"
        ax.text(i, max(low, high) + pad, f"{gap:+.1f}", ha="center", va="bottom", fontsize=9,
                color=color if color != _SMALL else "0.25", fontweight=weight)
        ticks.append(f"{problem}\n\u2192 {labels[i]} {high:.1f}%")
    ax.set_xticks(range(len(ticks)), ticks, fontsize=9)
    for tick, problem in zip(ax.get_xticklabels()[1:], PROBLEMS, strict=True):
        if problem == reading.largest:
            tick.set_color(_LARGEST)
            tick.set_fontweight("bold")
    ax.set_ylim(0, top)
    ax.set_xlim(-0.6, len(ticks) - 0.4)
    ax.set_ylabel("error (%)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(reading.headline, fontsize=11)
    handles = [Patch(color=_HUMAN, label="human-level error (stands in for Bayes error)"),
               Patch(color=_LARGEST, label="largest gap"),
               Patch(color=_ALSO, label="also worth working on"),
               Patch(color=_SMALL, label="smaller gap (hatched: negative)")]
    fig.legend(handles=handles, loc="outside lower center", ncol=4, frameon=False, fontsize=9)


def _threshold_grid(values: np.ndarray) -> tuple[float, float]:
    """The slider's range: [0, 1] for probabilities, else the range of the scores."""
    low, high = float(values.min()), float(values.max())
    if low >= 0.0 and high <= 1.0:
        return 0.0, 1.0
    if low == high:
        return low - 0.5, high + 0.5
    return low, high


@dataclass(frozen=True)
class _Curve:
    thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    flagged: np.ndarray


def _threshold_curve(labels: np.ndarray, values: np.ndarray,
                     functions: tuple[Metric, Metric, Metric], n: int = 101) -> _Curve:
    low, high = _threshold_grid(values)
    thresholds = np.linspace(low, high, n)
    readings = [_read_threshold(labels, values, float(t), functions) for t in thresholds]
    return _Curve(thresholds=thresholds,
                  precision=np.array([r.precision for r in readings]),
                  recall=np.array([r.recall for r in readings]),
                  f1=np.array([r.f1 for r in readings]),
                  flagged=np.array([r.flagged for r in readings]))


def _draw_threshold(fig: Figure, reading: ThresholdReading, curve: _Curve) -> None:
    left, right = fig.subplots(1, 2, width_ratios=[1.5, 1])
    lines = (("precision", curve.precision, reading.precision, "C0"),
             ("recall", curve.recall, reading.recall, "C1"),
             ("F1", curve.f1, reading.f1, "C2"))
    for name, values, now, color in lines:
        left.plot(curve.thresholds, values, color=color, lw=2.2 if name == "F1" else 1.6,
                  label=name)
        left.plot([reading.threshold], [now], "o", color=color, ms=7, zorder=3)
    left.axvline(reading.threshold, color="0.3", ls="--", lw=1)
    left.set_ylim(0, 1.18)
    left.set_yticks(np.linspace(0, 1, 6))
    left.set_xlim(curve.thresholds[0], curve.thresholds[-1])
    left.set_xlabel("decision threshold (flag when score \u2265 threshold)")
    left.set_ylabel("precision, recall, F1")
    left.legend(loc="upper center", ncol=3, frameon=False, fontsize=9)
    left.set_title("Along the threshold", fontsize=10)

    some = curve.flagged > 0  # precision of "flag nothing" is a convention, not a point
    right.plot(curve.recall[some], curve.precision[some], color="0.45", lw=1.6)
    right.plot([reading.recall], [reading.precision], "o", color=_LARGEST, ms=9, zorder=3,
               label=f"threshold {reading.threshold:.2f}")
    right.set_xlim(0, 1.03)
    right.set_ylim(0, 1.18)
    right.set_yticks(np.linspace(0, 1, 6))
    right.set_xlabel("recall")
    right.set_ylabel("precision")
    right.legend(loc="upper center", frameon=False, fontsize=9)
    right.set_title("Precision against recall", fontsize=10)
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(reading.headline, fontsize=11)


def _draw_weight(fig: Figure, reading: WeightReading,
                 curve: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> None:
    left, right = fig.subplots(1, 2, width_ratios=[1.6, 1])
    for k, (name, (weights, errors)) in enumerate(curve.items()):
        color = f"C{k}"
        left.plot(weights, 100 * errors, "o-", ms=3, lw=1.4, color=color,
                  label=f"algorithm {name}")
        left.plot([reading.weight], [100 * reading.errors[name]], "o", ms=8, color=color,
                  zorder=3)
    left.axvline(reading.weight, color="0.3", ls="--", lw=1)
    left.set_xlabel("weight of a mistake on an unacceptable example")
    left.set_ylabel("weighted error (%)")
    left.set_ylim(bottom=0)
    left.set_title("Every weight on the slider", fontsize=10)
    left.spines[["top", "right"]].set_visible(False)

    names = list(reading.errors)
    values = [100 * reading.errors[name] for name in names]
    colors = [_WIN if name == reading.winner else _LOSE for name in names]
    right.barh(names, values, color=colors, height=0.55)
    right.invert_yaxis()
    biggest = max(max(values), 1e-9)
    for y, value in enumerate(values):
        right.text(value + 0.02 * biggest, y, f"{value:.2f}%", va="center", fontsize=9)
    right.set_xlim(0, biggest * 1.3)
    right.set_xlabel("weighted error (%)")
    right.set_title(f"At weight {reading.weight:g} (winner in green)", fontsize=10)
    right.spines[["top", "right"]].set_visible(False)
    fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncol=len(curve),
               frameon=False, fontsize=9)
    fig.suptitle(reading.headline, fontsize=11)


# ----------------------------------------------------------------------------- widgets
def _ipywidgets_missing() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return True
    return False


def _static_figure(draw: Callable[[Figure], None]) -> Figure:
    """The fallback: the figure drawn once, with pyplot (so a notebook shows it) but
    closed (so it is shown once, as the value returned)."""
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=_FIGSIZE, layout="constrained")
    draw(fig)
    plt.close(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()


@functools.cache
def _explorer_class() -> type:
    """The widget class, made on first use (ipywidgets is imported only then)."""
    import ipywidgets as widgets
    from matplotlib.figure import Figure

    class Explorer(widgets.VBox):
        """Sliders, the numbers they give and the figure; see :mod:`course_lib.interactive`.

        ``controls`` maps each slider's name to the slider, ``readout`` is the HTML widget
        with the numbers, ``picture`` the image of the figure, ``reading`` the numbers of
        the sliders' current position.
        """

        def __init__(self, controls: dict[str, Any], read: Callable[..., Any],
                     draw: Callable[[Any, Any], None]) -> None:
            readout = widgets.HTML(layout=widgets.Layout(margin="0 0 0 2em"))
            picture = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
            sliders = widgets.VBox(list(controls.values()))
            super().__init__([widgets.HBox([sliders, readout]), picture])
            self.controls = controls
            self.readout = readout
            self.picture = picture
            self._reader = read
            self._drawer = draw
            self._figure = Figure(figsize=_FIGSIZE, dpi=_DPI, layout="constrained")
            self.reading: Any = None
            self._refresh()
            for control in controls.values():
                control.observe(self._refresh, names="value")

        def _refresh(self, change: Any = None) -> None:
            self.reading = self._reader(**{name: c.value for name, c in self.controls.items()})
            self._figure.clear()
            self._drawer(self._figure, self.reading)
            self.picture.value = _png(self._figure)
            self.readout.value = self.reading._html()

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            # JupyterLab shows the live widget; an HTML export, nbgrader's feedback or a
            # terminal cannot, and show the picture or the text instead
            data = super()._repr_mimebundle_(**kwargs)
            data["text/plain"] = f"{self.reading}\n(move the sliders in JupyterLab to explore)"
            data["image/png"] = base64.b64encode(self.picture.value).decode("ascii")
            return data

    return Explorer


def _slider_style() -> dict[str, Any]:
    import ipywidgets as widgets

    # a redraw takes a few tenths of a second: redraw when the slider is let go, rather
    # than queueing one redraw per pixel of a drag
    return {"style": {"description_width": "9em"}, "layout": widgets.Layout(width="26em"),
            "continuous_update": False}


def error_ladder_explorer(
    human: float = 1.0, train: float = 5.0, train_dev: float = 6.0, dev: float = 12.0,
    test: float = 12.5, *, unit: str = "percent", static: bool = False,
) -> Any:
    """Sliders for the five error rates of a ladder; the gaps, the largest one, what to try.

    The figure draws the ladder as steps: human-level error, then each gap as a bar
    floating from one rate to the next (avoidable bias, variance, data mismatch, dev set
    overfitting), the largest in red. The numbers beside the sliders say what to work on
    first, from :func:`course_lib.strategy.diagnose`.

    Parameters
    ----------
    human, train, train_dev, dev, test : float
        The starting error rates: human-level, training, training-dev, dev, test.
    unit : {"percent", "fraction"}, default "percent"
        Unit of the starting rates; the sliders are in percent either way.
    static : bool, default False
        Draw the figure once and return it instead of a widget. This also happens when
        ipywidgets is not installed.

    Returns
    -------
    ipywidgets.VBox or matplotlib.figure.Figure
        The explorer (its ``reading`` is the current :class:`LadderReading`), or the figure.

    Raises
    ------
    TypeError, ValueError
        As :func:`error_ladder_reading`, for the starting rates.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = error_ladder_explorer(0, 1, 9, 10, 10, static=True)
    >>> fig.axes[0].get_title()
    'Largest gap: variance (+8.0 points): work on it first'
    """
    start = error_ladder_reading(human, train, train_dev, dev, test, unit=unit)
    if not isinstance(static, bool):
        raise TypeError(f"static must be True or False, got {type(static).__name__}")
    if static or _ipywidgets_missing():
        return _static_figure(lambda fig: _draw_ladder(fig, start))
    import ipywidgets as widgets

    highest = max(start.levels.values())
    upper = next((limit for limit in (10, 20, 50) if highest * 1.5 <= limit), 100)
    controls = {
        key: widgets.FloatSlider(value=value, min=0.0, max=upper, step=0.1,
                                 readout_format=".1f", description=f"{label} (%)",
                                 **_slider_style())
        for (key, label), value in zip(_RATES, start.levels.values(), strict=True)
    }
    return _explorer_class()(controls, functools.partial(error_ladder_reading, unit="percent"),
                             _draw_ladder)


def threshold_explorer(
    y_true: Any, scores: Any, threshold: float | None = None, *,
    precision: Metric | None = None, recall: Metric | None = None,
    f1_score: Metric | None = None, static: bool = False,
) -> Any:
    """A slider for a classifier's decision threshold; precision, recall and F1 follow.

    An example is flagged positive when its score is at least the threshold. The figure
    shows the three metrics along every threshold and the precision-recall curve, with the
    current threshold marked on both.

    Parameters
    ----------
    y_true : array-like of 0/1
        Actual labels (1 is the class to find).
    scores : array-like of float
        The classifier's score for each example, e.g. ``model.predict_proba(X)[:, 1]``.
    threshold : float, optional
        The starting threshold: 0.5 by default for scores between 0 and 1, else the
        middle of the scores' range. It must lie in the slider's range (0 to 1 for
        such scores, else from the lowest to the highest score).
    precision, recall, f1_score : callable, optional
        Functions ``(y_true, y_pred) -> float`` to use instead of :mod:`course_lib.metrics`'s
        (for instance your own, from an exercise).
    static : bool, default False
        Draw the figure once and return it instead of a widget. This also happens when
        ipywidgets is not installed.

    Returns
    -------
    ipywidgets.VBox or matplotlib.figure.Figure
        The explorer (its ``reading`` is the current :class:`ThresholdReading`), or the figure.

    Raises
    ------
    TypeError, ValueError
        As :func:`threshold_reading`; ``ValueError`` also for a threshold outside the
        slider's range.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = threshold_explorer([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.8], static=True)
    >>> fig.get_suptitle()
    'Threshold 0.50: precision 0.500, recall 0.500, F1 0.500'
    """
    labels, values = _threshold_inputs(y_true, scores)
    functions = (_metric(precision, metrics.precision, "precision"),
                 _metric(recall, metrics.recall, "recall"),
                 _metric(f1_score, metrics.f1_score, "f1_score"))
    low, high = _threshold_grid(values)
    if threshold is None:
        threshold = 0.5 if (low, high) == (0.0, 1.0) else (low + high) / 2
    start = check_real(threshold, "threshold")
    if not low <= start <= high:
        raise ValueError(f"threshold must be between {low:g} and {high:g} (the range of the "
                         f"slider for these scores), got {start:g}")
    if not isinstance(static, bool):
        raise TypeError(f"static must be True or False, got {type(static).__name__}")
    curve = _threshold_curve(labels, values, functions)

    def read(threshold: float) -> ThresholdReading:
        return _read_threshold(labels, values, float(threshold), functions)

    def draw(fig: Figure, reading: ThresholdReading) -> None:
        _draw_threshold(fig, reading, curve)

    if static or _ipywidgets_missing():
        first = read(start)
        return _static_figure(lambda fig: draw(fig, first))
    import ipywidgets as widgets

    slider = widgets.FloatSlider(value=start, min=low, max=high, step=(high - low) / 100,
                                 readout_format=".2f", description="threshold",
                                 **_slider_style())
    return _explorer_class()({"threshold": slider}, read, draw)


def weight_explorer(
    y_true: Any, predictions: Mapping[str, Any], unacceptable: Any, weight: int = 10, *,
    max_weight: int = 30, weighted_error: WeightedMetric | None = None,
    static: bool = False,
) -> Any:
    """A slider for the weight of unacceptable mistakes; each algorithm's weighted error.

    Every example weighs 1 except the unacceptable ones, which weigh the slider's value
    (see :func:`weight_reading`). The figure shows each algorithm's weighted error for
    every weight on the slider, the current weight marked, and which algorithm wins there.

    Parameters
    ----------
    y_true : array-like
        Actual labels.
    predictions : dict of str to array-like
        ``{algorithm name: predicted labels}``, at least two algorithms.
    unacceptable : array-like of bool
        True for the examples whose mistakes weigh the slider's value.
    weight : int, default 10
        The starting weight, a whole number from 1 to ``max_weight``.
    max_weight : int, default 30
        The slider's largest weight (at least 2).
    weighted_error : callable, optional
        A function ``(y_true, y_pred, weights) -> float`` to use instead of
        :func:`course_lib.metrics.weighted_error` (for instance your own).
    static : bool, default False
        Draw the figure once and return it instead of a widget. This also happens when
        ipywidgets is not installed.

    Returns
    -------
    ipywidgets.VBox or matplotlib.figure.Figure
        The explorer (its ``reading`` is the current :class:`WeightReading`), or the figure.

    Raises
    ------
    TypeError, ValueError
        As :func:`weight_reading`; also for a weight that is not a whole number from 1 to
        ``max_weight``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> fig = weight_explorer([0, 0, 0, 1], {"A": [1, 0, 0, 1], "B": [0, 1, 1, 1]},
    ...                       [True, False, False, False], weight=4, static=True)
    >>> fig.get_suptitle()
    'Weight 4: B wins with 28.57% (against A 57.14%)'
    """
    labels, preds, mask = _weight_inputs(y_true, predictions, unacceptable)
    function = _weighted(weighted_error)
    top = check_count(max_weight, "max_weight", low=2)
    start = check_count(weight, "weight", low=1, high=top)
    if not isinstance(static, bool):
        raise TypeError(f"static must be True or False, got {type(static).__name__}")
    weights = np.arange(1, top + 1)
    readings = [_read_weight(labels, preds, mask, float(w), function) for w in weights]
    curve = {name: (weights, np.array([r.errors[name] for r in readings])) for name in preds}

    def read(weight: int) -> WeightReading:
        return readings[int(weight) - 1]

    def draw(fig: Figure, reading: WeightReading) -> None:
        _draw_weight(fig, reading, curve)

    if static or _ipywidgets_missing():
        return _static_figure(lambda fig: draw(fig, read(start)))
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=start, min=1, max=top, step=1,
                               description="weight", **_slider_style())
    return _explorer_class()({"weight": slider}, read, draw)
