"""Which problem to work on next: avoidable bias, variance, data mismatch or dev set overfitting.

The course reads a model's error rates as a ladder, from the best error anyone
could hope for up to the error on the final test set, and names each step:

======================  ==================================  =====================
problem                 gap                                 needs
======================  ==================================  =====================
avoidable bias          training - human-level              ``human``, ``train``
variance                training-dev - training             ``train``, ``train_dev``
data mismatch           dev - training-dev                  ``train_dev``, ``dev``
dev set overfitting     test - dev                          ``dev``, ``test``
======================  ==================================  =====================

Human-level error stands in for Bayes error (the lowest error any classifier can
reach), which is why the first gap is *avoidable* bias rather than the whole
training error. The training-dev set is a held-out slice of the *training*
distribution; it separates "does not generalise" (variance) from "the dev data
look different" (data mismatch). Without it, the only way to measure variance is
``dev - training``, and that number then contains any data mismatch as well:
:func:`diagnose` reports it as variance and adds a note saying so.

Units
-----
Every error rate passed to :func:`diagnose` or :func:`bayes_proxy` uses one unit,
chosen with the keyword ``unit``:

* ``unit="fraction"`` (the default): rates in ``[0, 1]``, e.g. ``0.08`` for 8 %.
* ``unit="percent"``: rates in ``[0, 100]``, e.g. ``8`` for 8 %.

Values outside the range raise :class:`ValueError` with a hint about the other
unit. With fractions, a rate of exactly ``1`` (every example wrong) next to
smaller rates is also rejected, because it almost always means "1 %" typed into
a list of fractions (``human=1, train=0.08``). Results (gaps, :func:`bayes_proxy`)
come back in the unit of the inputs.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from course_lib.validation import check_real

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "AVOIDABLE_BIAS",
    "DATA_MISMATCH",
    "DEV_OVERFITTING",
    "PROBLEMS",
    "TACTICS",
    "VARIANCE",
    "Diagnosis",
    "bayes_proxy",
    "diagnose",
    "surpassed_human",
]

Unit = Literal["fraction", "percent"]

AVOIDABLE_BIAS = "avoidable bias"
VARIANCE = "variance"
DATA_MISMATCH = "data mismatch"
DEV_OVERFITTING = "dev set overfitting"

#: The four problems, in the order they appear along the error ladder.
PROBLEMS: tuple[str, ...] = (AVOIDABLE_BIAS, VARIANCE, DATA_MISMATCH, DEV_OVERFITTING)

#: What to try for each problem (read-only mapping: problem name -> ideas).
TACTICS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        AVOIDABLE_BIAS: (
            "Use a bigger network: more hidden units or more layers.",
            "Train for longer, or switch to a better optimiser (momentum, RMSprop, Adam).",
            "Try a better-suited architecture, or run a hyperparameter search.",
        ),
        VARIANCE: (
            "Get more training data.",
            "Add regularisation: L2 weight decay, dropout, data augmentation.",
            "Try a different architecture, or run a hyperparameter search.",
        ),
        DATA_MISMATCH: (
            "Carry out manual error analysis on dev examples (never the test set) to see how "
            "the dev data differ from the training data.",
            "Make the training data more like the dev data, or collect more training examples "
            "that resemble the dev/test data.",
            "Try artificial data synthesis (e.g. mix recorded car noise into clean speech); keep "
            "the synthesised part varied, since a small, repeated source can be overfitted.",
        ),
        DEV_OVERFITTING: (
            "Get a bigger dev set: the current one has been tuned to too closely.",
            "Refresh the dev set with new examples from the dev/test distribution.",
        ),
    }
)

# Level keys in ladder order, with the labels used in tables and plots.
_LEVELS: tuple[tuple[str, str], ...] = (
    ("human", "human-level"),
    ("train", "training"),
    ("train_dev", "training-dev"),
    ("dev", "dev"),
    ("test", "test"),
)
_LABEL = dict(_LEVELS)
_UNITS = ("fraction", "percent")
_SCALE = {"fraction": 1.0, "percent": 100.0}


# ----------------------------------------------------------------------------- validation
def _check_unit(unit: Any) -> str:
    if unit not in _UNITS:
        raise ValueError(f"unit must be 'fraction' or 'percent', got {unit!r}")
    return unit


def _check_rates(rates: Mapping[str, Any], unit: str) -> dict[str, float]:
    """Validate named error rates that all share ``unit``; return them as floats.

    Entries whose value is ``None`` are dropped.
    """
    checked = {name: check_real(v, name) for name, v in rates.items() if v is not None}
    high = _SCALE[unit]
    for name, v in checked.items():
        if v < 0:
            raise ValueError(f"{name}={v:g} is negative; an error rate cannot be below 0")
        if v > high:
            if unit == "fraction" and v <= 100:
                raise ValueError(
                    f"{name}={v:g} is above 1, but unit='fraction' expects rates in [0, 1]. "
                    f"If you meant {v:g}%, write {v / 100:g} or pass unit='percent' and give "
                    "every rate in percent."
                )
            raise ValueError(
                f"{name}={v:g} is out of range: with unit={unit!r} error rates lie in "
                f"[0, {high:g}]"
            )
    if unit == "fraction":
        ones = [n for n, v in checked.items() if v == 1.0]
        smaller = [n for n, v in checked.items() if v < 1.0]
        if ones and smaller:
            one, other = ones[0], smaller[0]
            raise ValueError(
                f"{one}=1 would mean a 100% error rate while {other}={checked[other]:g}; this "
                "looks like percents mixed with fractions. Give every rate as a fraction "
                f"({one}=0.01 for 1%) or every rate in percent with unit='percent'."
            )
    return checked


# ----------------------------------------------------------------------------- formatting
def _fmt_pct(value: float | None, unit: str, signed: bool = False) -> str:
    """Format a rate (or gap) given in ``unit`` as a percentage string."""
    if value is None:
        return "-"
    pct = value * 100.0 / _SCALE[unit]
    text = f"{pct:+.3f}" if signed else f"{pct:.3f}"
    text = text.rstrip("0").rstrip(".")
    return text + "%"


def _ordinal(k: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(k, f"{k}th")


# ----------------------------------------------------------------------------- result type
@dataclass(frozen=True)
class Diagnosis:
    """The error ladder of one model, the gaps between its rungs, and what to work on.

    Build it with :func:`diagnose`. All rates and gaps are in :attr:`unit`
    (``"fraction"`` or ``"percent"``); a gap is ``None`` when the rates given
    cannot measure it.

    Attributes
    ----------
    human, train, train_dev, dev, test : float or None
        The error rates given (``None`` = not given).
    unit : {"fraction", "percent"}
        Unit of the rates and gaps.
    avoidable_bias : float or None
        ``train - human``; ``None`` without a human-level error (unknown, not zero).
    variance : float or None
        ``train_dev - train`` when a training-dev error is given, else ``dev - train``
        (which then also contains any data mismatch; see :attr:`notes`).
    data_mismatch : float or None
        ``dev - train_dev``; ``None`` without a training-dev error.
    dev_overfitting : float or None
        ``test - dev``.
    focus : tuple of str
        The problems worth working on, largest gap first (see :func:`diagnose`).
    notes : tuple of str
        Caveats about how to read the numbers.
    relative_threshold, min_gap : float
        The thresholds that decided :attr:`focus`.
    """

    human: float | None
    train: float | None
    train_dev: float | None
    dev: float | None
    test: float | None
    unit: str
    avoidable_bias: float | None
    variance: float | None
    data_mismatch: float | None
    dev_overfitting: float | None
    focus: tuple[str, ...]
    notes: tuple[str, ...] = ()
    relative_threshold: float = 0.5
    min_gap: float = 0.0

    # -- derived views ---------------------------------------------------------------
    @property
    def levels(self) -> dict[str, float]:
        """The error rates given, in ladder order, keyed by their labels."""
        return {
            label: getattr(self, key)
            for key, label in _LEVELS
            if getattr(self, key) is not None
        }

    @property
    def gaps(self) -> dict[str, float | None]:
        """Every problem name mapped to its gap (``None`` when unknown), in ladder order."""
        return {
            AVOIDABLE_BIAS: self.avoidable_bias,
            VARIANCE: self.variance,
            DATA_MISMATCH: self.data_mismatch,
            DEV_OVERFITTING: self.dev_overfitting,
        }

    @property
    def tactics(self) -> Mapping[str, tuple[str, ...]]:
        """Read-only mapping from each problem in :attr:`focus` to ideas worth trying."""
        return MappingProxyType({problem: TACTICS[problem] for problem in self.focus})

    def _gap_rows(self) -> list[tuple[str, str, str, str]]:
        """(problem, gap text, how it was measured, verdict) for each of the four problems."""
        variance_between = (
            "training-dev - training" if self.train_dev is not None else "dev - training"
        )
        between = {
            AVOIDABLE_BIAS: ("training - human-level", "needs human-level and training error"),
            VARIANCE: (variance_between, "needs training and training-dev (or dev) error"),
            DATA_MISMATCH: ("dev - training-dev", "needs training-dev and dev error"),
            DEV_OVERFITTING: ("test - dev", "needs dev and test error"),
        }
        rows = []
        for problem, gap in self.gaps.items():
            measured, missing = between[problem]
            if gap is None:
                rows.append((problem, "-", missing, "unknown"))
                continue
            if problem in self.focus:
                verdict = f"yes ({_ordinal(self.focus.index(problem) + 1)})"
            else:
                verdict = "no"
            rows.append((problem, _fmt_pct(gap, self.unit), measured, verdict))
        return rows

    # -- rendering -------------------------------------------------------------------
    def __str__(self) -> str:
        lines = [f"Diagnosis (rates given as {self.unit}s, shown in %)"]
        levels = self.levels
        if levels:
            width = max(len(label) for label in levels)
            for label, value in levels.items():
                lines.append(f"  {label:<{width}}  {_fmt_pct(value, self.unit):>8}")
        else:
            lines.append("  (no error rates given)")
        lines.append("")
        header = ("problem", "gap", "measured as", "worth working on")
        rows = [header, *self._gap_rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2])]
            lines.append("  " + "  ".join(cells) + "  " + row[3])
        lines.append("")
        lines.append("Focus: " + (", ".join(self.focus) if self.focus else "nothing stands out"))
        for problem, ideas in self.tactics.items():
            lines.append(f"  To reduce {problem}, try:")
            lines.extend(f"    - {idea}" for idea in ideas)
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  - {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = ['<div class="course-diagnosis">']
        parts.append(
            f"<p><b>Diagnosis</b> (rates given as {esc(self.unit)}s, shown in %)</p>"
        )
        if self.levels:
            parts.append("<table><thead><tr><th>level</th><th>error</th></tr></thead><tbody>")
            for label, value in self.levels.items():
                parts.append(
                    f"<tr><td>{esc(label)}</td>"
                    f'<td style="text-align:right">{esc(_fmt_pct(value, self.unit))}</td></tr>'
                )
            parts.append("</tbody></table>")
        parts.append(
            "<table><thead><tr><th>problem</th><th>gap</th><th>measured as</th>"
            "<th>worth working on</th><th>what to try</th></tr></thead><tbody>"
        )
        for problem, gap, measured, verdict in self._gap_rows():
            ideas = self.tactics.get(problem, ())
            tried = "".join(f"<li>{esc(idea)}</li>" for idea in ideas)
            tried_html = f"<ul>{tried}</ul>" if tried else ""
            weight = "bold" if problem in self.focus else "normal"
            parts.append(
                f'<tr style="font-weight:{weight}"><td>{esc(problem)}</td>'
                f'<td style="text-align:right">{esc(gap)}</td><td>{esc(measured)}</td>'
                f"<td>{esc(verdict)}</td><td>{tried_html}</td></tr>"
            )
        parts.append("</tbody></table>")
        focus = ", ".join(self.focus) if self.focus else "nothing stands out"
        parts.append(f"<p><b>Focus:</b> {esc(focus)}</p>")
        if self.notes:
            notes = "".join(f"<li>{esc(note)}</li>" for note in self.notes)
            parts.append(f"<p><b>Notes</b></p><ul>{notes}</ul>")
        parts.append("</div>")
        return "".join(parts)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Draw the error levels as bars with each known gap marked between them.

        The y axis is in percent whatever :attr:`unit` is. Gaps in :attr:`focus`
        are drawn in red, the others in grey.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is created when omitted.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = diagnose(human=0.01, train=0.08, dev=0.10).plot()
        >>> [round(float(bar.get_height()), 6) for bar in ax.containers[0]]
        [1.0, 8.0, 10.0]
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6.4, 4.0))
        to_pct = 100.0 / _SCALE[self.unit]
        keys = [key for key, _ in _LEVELS if getattr(self, key) is not None]
        heights = [getattr(self, key) * to_pct for key in keys]
        xs = list(range(len(keys)))
        ax.bar(xs, heights, width=0.6, color="C0", alpha=0.8)
        ax.set_xticks(xs, [_LABEL[key] for key in keys])
        for x, h in zip(xs, heights, strict=True):
            ax.text(x, h, _fmt_pct(h, "percent"), ha="center", va="bottom", fontsize=9)
        ax.set_ylabel("error (%)")
        ax.set_title("Error levels and the gaps between them")

        ends = {
            AVOIDABLE_BIAS: ("human", "train"),
            VARIANCE: ("train", "train_dev" if self.train_dev is not None else "dev"),
            DATA_MISMATCH: ("train_dev", "dev"),
            DEV_OVERFITTING: ("dev", "test"),
        }
        top = max(heights, default=1.0)
        for problem, gap in self.gaps.items():
            if gap is None:
                continue
            lo_key, hi_key = ends[problem]
            x_lo, x_hi = keys.index(lo_key), keys.index(hi_key)
            y_lo, y_hi = getattr(self, lo_key) * to_pct, getattr(self, hi_key) * to_pct
            x_mid = (x_lo + x_hi) / 2
            color = "C3" if problem in self.focus else "0.45"
            ax.plot([x_lo + 0.3, x_mid], [y_lo, y_lo], ls=":", color=color, lw=1)
            ax.plot([x_mid, x_hi - 0.3], [y_hi, y_hi], ls=":", color=color, lw=1)
            ax.annotate(
                "",
                xy=(x_mid, y_hi),
                xytext=(x_mid, y_lo),
                arrowprops={"arrowstyle": "<->", "color": color, "lw": 1.5},
            )
            ax.text(
                x_mid,
                max(y_lo, y_hi) + 0.06 * top,
                f"{problem}\n{_fmt_pct(gap, self.unit, signed=True)}",
                ha="center",
                va="bottom",
                fontsize=8,
                color=color,
            )
        ax.set_ylim(0, top * 1.35 if top > 0 else 1.0)
        return ax


# ----------------------------------------------------------------------------- analysis
def _gap(high: float | None, low: float | None) -> float | None:
    if high is None or low is None:
        return None
    # Round away floating-point noise such as 0.07 - 0.04 = 0.030000000000000006,
    # so that equal gaps compare equal.
    # Adding 0.0 turns a rounded -0.0 into 0.0.
    return round(high - low, 12) + 0.0


def diagnose(
    human: float | None = None,
    train: float | None = None,
    train_dev: float | None = None,
    dev: float | None = None,
    test: float | None = None,
    *,
    unit: Unit = "fraction",
    relative_threshold: float = 0.5,
    min_gap: float = 0.0,
) -> Diagnosis:
    """Split a model's error rates into avoidable bias, variance, data mismatch and dev overfitting.

    Parameters
    ----------
    human : float, optional
        Human-level error, used as a proxy for Bayes error (see :func:`bayes_proxy`).
    train : float, optional
        Training-set error.
    train_dev : float, optional
        Error on the training-dev set: held-out data from the *training* distribution.
    dev : float, optional
        Dev-set error.
    test : float, optional
        Test-set error.
    unit : {"fraction", "percent"}, default "fraction"
        Unit of *every* rate: fractions in ``[0, 1]`` or percents in ``[0, 100]``.
    relative_threshold : float, default 0.5
        A problem is worth working on when its gap is positive, larger than
        ``min_gap``, and at least ``relative_threshold`` times the largest gap.
        ``0.5`` keeps a problem whose gap is at least half the biggest one; ``0``
        keeps every positive gap; ``1`` keeps only the largest (and ties).
    min_gap : float, default 0.0
        Absolute tolerance, in ``unit``: gaps of this size or smaller are ignored
        (useful when differences are within the noise of a small dev set, see
        :mod:`course_lib.sizing`).

    Returns
    -------
    Diagnosis
        Gaps in the unit of the inputs, ``None`` where the rates given cannot
        measure them; ``focus`` lists the problems worth working on, largest gap
        first (ties in ladder order); ``tactics`` says what to try for each.

    Raises
    ------
    TypeError
        If a rate is not a real number (booleans included).
    ValueError
        If a rate is NaN, infinite, out of range for ``unit``, or the rates look
        like a mix of percents and fractions; or if ``unit`` or a threshold is
        invalid.

    Notes
    -----
    Avoidable bias needs a human-level error: without one it is ``None``
    (unknown), never zero. When ``train_dev`` is missing, ``variance`` is
    measured as ``dev - train``; if training and dev data come from different
    distributions that number mixes variance with data mismatch, and a note says
    so. Negative gaps (e.g. the dev data being easier than the training data) are
    reported as they are and are never worth working on.

    Examples
    --------
    >>> diagnose(human=0.01, train=0.08, dev=0.10).focus
    ('avoidable bias',)
    >>> diagnose(human=7.5, train=8, dev=10, unit="percent").focus
    ('variance',)
    >>> d = diagnose(train=1, train_dev=1.5, dev=10, unit="percent")
    >>> d.focus, d.data_mismatch, d.avoidable_bias
    (('data mismatch',), 8.5, None)
    """
    unit = _check_unit(unit)
    rel = check_real(relative_threshold, "relative_threshold")
    if not 0.0 <= rel <= 1.0:
        raise ValueError(f"relative_threshold must be between 0 and 1, got {rel:g}")
    tol = check_real(min_gap, "min_gap")
    if tol < 0:
        raise ValueError(f"min_gap must be 0 or more (in the unit of the rates), got {tol:g}")

    given = {"human": human, "train": train, "train_dev": train_dev, "dev": dev, "test": test}
    rates = _check_rates(given, unit)
    r: dict[str, float | None] = {key: rates.get(key) for key in given}

    gaps = {
        AVOIDABLE_BIAS: _gap(r["train"], r["human"]),
        VARIANCE: _gap(r["train_dev"] if r["train_dev"] is not None else r["dev"], r["train"]),
        DATA_MISMATCH: _gap(r["dev"], r["train_dev"]),
        DEV_OVERFITTING: _gap(r["test"], r["dev"]),
    }

    # Decide the focus in fractions so that both units give the same answer.
    scale = _SCALE[unit]
    as_fraction = {p: round(g / scale, 12) for p, g in gaps.items() if g is not None}
    tol_fraction = tol / scale
    largest = max(as_fraction.values(), default=0.0)
    worth = [
        p
        for p, g in as_fraction.items()
        if g > 0 and g > tol_fraction and g >= rel * largest
    ]
    focus = tuple(sorted(worth, key=lambda p: (-as_fraction[p], PROBLEMS.index(p))))

    notes = _notes(r, gaps, focus, unit)
    return Diagnosis(
        human=r["human"],
        train=r["train"],
        train_dev=r["train_dev"],
        dev=r["dev"],
        test=r["test"],
        unit=unit,
        avoidable_bias=gaps[AVOIDABLE_BIAS],
        variance=gaps[VARIANCE],
        data_mismatch=gaps[DATA_MISMATCH],
        dev_overfitting=gaps[DEV_OVERFITTING],
        focus=focus,
        notes=tuple(notes),
        relative_threshold=rel,
        min_gap=tol,
    )


def _notes(
    r: Mapping[str, float | None],
    gaps: Mapping[str, float | None],
    focus: tuple[str, ...],
    unit: str,
) -> list[str]:
    notes: list[str] = []
    if all(v is None for v in r.values()):
        return ["No error rates were given, so nothing can be diagnosed."]
    if r["human"] is None and r["train"] is not None:
        notes.append(
            "No human-level error given: avoidable bias is unknown (not zero). If you know "
            "how well people do, pass the best human error as human= (see bayes_proxy)."
        )
    if r["train_dev"] is None and gaps[VARIANCE] is not None:
        notes.append(
            "No training-dev error given, so variance was measured as dev - training. If the "
            "training data come from a different distribution than the dev data, this gap "
            "also contains data mismatch; measure a training-dev error to separate them."
        )
    bias = gaps[AVOIDABLE_BIAS]
    if bias is not None and bias < 0:
        notes.append(
            "Training error is below human-level error: the model has surpassed this human "
            "level, which is then no longer a good estimate of Bayes error, and progress "
            "usually gets slower and harder to steer."
        )
    variance = gaps[VARIANCE]
    if variance is not None and variance < 0:
        notes.append(
            "Error on unseen data is below the training error, which is unusual: check how the "
            "sets were measured, or whether they are too small to be reliable."
        )
    mismatch = gaps[DATA_MISMATCH]
    if mismatch is not None and mismatch < 0:
        notes.append(
            "Dev error is below training-dev error: the dev/test data seem easier than the "
            "training data, so there is no data mismatch to fix here."
        )
    overfit = gaps[DEV_OVERFITTING]
    if overfit is not None and overfit < 0:
        notes.append(
            "Test error is below dev error; with same-distribution dev and test sets this is "
            "most likely noise."
        )
    if not focus and any(g is not None for g in gaps.values()):
        notes.append(
            "No gap is positive and large enough to single out; if performance is still not "
            "good enough, revisit the metric or the dev/test sets."
        )
    return notes


def bayes_proxy(
    human_errors: Mapping[str, float] | Iterable[float], *, unit: Unit = "fraction"
) -> float:
    """Return the best (lowest) human error: the course's proxy for Bayes error.

    Bayes error is the lowest error any classifier could reach; nobody can beat
    it, so the best performance any human or team of humans achieves is the
    tightest known upper bound on it and the right "human-level error" for a
    bias/variance diagnosis. For other purposes, such as deciding whether a
    system is good enough to deploy, a different human level (e.g. a typical
    doctor's) may be the relevant benchmark.

    Parameters
    ----------
    human_errors : mapping of str to float, or iterable of float
        Error rates of different humans or groups, e.g. ``{"typical doctor": 0.01}``.
    unit : {"fraction", "percent"}, default "fraction"
        Unit of the rates; the result is in the same unit.

    Returns
    -------
    float
        The minimum error given.

    Raises
    ------
    TypeError
        If ``human_errors`` is not a mapping or an iterable of numbers.
    ValueError
        If it is empty, or a value is NaN or out of range for ``unit``.

    Examples
    --------
    >>> radiology = {"typical human": 3, "typical doctor": 1,
    ...              "experienced doctor": 0.7, "team of experienced doctors": 0.5}
    >>> bayes_proxy(radiology, unit="percent")
    0.5
    >>> bayes_proxy([0.03, 0.01, 0.007, 0.005])
    0.005
    """
    unit = _check_unit(unit)
    if isinstance(human_errors, Mapping):
        named = {f"human_errors[{key!r}]": v for key, v in human_errors.items()}
    elif isinstance(human_errors, (str, bytes)) or not isinstance(human_errors, Iterable):
        raise TypeError(
            "human_errors must be a mapping name -> error rate or a list of error rates, "
            f"got {type(human_errors).__name__}"
        )
    else:
        named = {f"human_errors[{i}]": v for i, v in enumerate(human_errors)}
    if not named:
        raise ValueError("human_errors is empty; give at least one human error rate")
    if any(v is None for v in named.values()):
        missing = next(name for name, v in named.items() if v is None)
        raise TypeError(f"{missing} is None; every entry must be an error rate")
    return min(_check_rates(named, unit).values())


def surpassed_human(train: float, human: float, *, unit: Unit = "fraction") -> bool:
    """Return True when the training error is below the human-level error.

    Once a model beats the best human level, human-level error no longer bounds
    Bayes error from above, so avoidable bias can no longer be estimated and
    the usual tools (human labels, error analysis by people) help less.

    Parameters
    ----------
    train : float
        Training error.
    human : float
        Human-level error (ideally the best human performance).
    unit : {"fraction", "percent"}, default "fraction"
        Unit of both rates.

    Returns
    -------
    bool

    Examples
    --------
    >>> surpassed_human(train=0.003, human=0.005)
    True
    >>> surpassed_human(train=8, human=1, unit="percent")
    False
    """
    unit = _check_unit(unit)
    if train is None or human is None:
        raise TypeError("surpassed_human needs both train and human error rates, got None")
    rates = _check_rates({"train": train, "human": human}, unit)
    return rates["train"] < rates["human"]
