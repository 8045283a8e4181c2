"""Error analysis by parts: which component of a pipeline is worth improving?

A pipeline passes each example through components in order (locate the digits, read
each one, combine them into a number). When the whole is wrong, the question is which
part to blame. The answer comes from *substitution*: replace a component's output by
its perfect ("oracle") output and measure how much the pipeline's error drops.

:func:`analyze_pipeline` runs every substitution a course needs:

- the pipeline's error as it is;
- **cumulative, in pipeline order**: perfect first part, then perfect first and second
  parts, ... up to every part perfect. The drop at each step is the error *attributed*
  to the part made perfect at that step; the drops add up to the pipeline's error minus
  the error left when every part is perfect (the **design error**);
- the same **in reverse order** (perfect last part first);
- **one at a time**: each part perfect, every other part as it is.

Attribution depends on the order
--------------------------------
When two parts get the same example wrong, fixing either one alone may not fix that
example; the example's error is credited to the part whose substitution finally makes
the output right (with oracle functions, whichever of the two is made perfect second).
So the forward and the reverse orders can share the error out differently, and the
one-at-a-time drops need not add up to the total. Look at both orders: when they
agree, the attribution is safe; when they differ, the parts' errors overlap and the
difference tells you by how much. The forward order is the usual one: each part is
judged on perfect input.

An oracle is either a list of perfect outputs, one per example, or a function that
gives a part's perfect output *for whatever input it receives* (a perfect reader of
whatever crops the locator produced). With a list, a perfect part ignores its input,
so making a late part perfect makes everything before it irrelevant: the reverse order
and the one-at-a-time drop of the last part then credit it with all of the error. Give
oracle functions when those views matter.

Comparing with human level
--------------------------
Each part's own error is measured on perfect input (every part before it replaced by
its oracle) against its own perfect output, and compared with the human-level error
*on that part's task*. If every part is close to its human level while the whole is
far from human level on the whole task, no single part is to blame: the pipeline's
design (what the parts pass to each other) loses something, and the analysis flags a
**flawed pipeline**.

Examples
--------
>>> components = [("double", lambda xs: [2 * x for x in xs]),
...               ("shift", lambda ys: [y + 1 if y != 4 else 0 for y in ys])]
>>> result = analyze_pipeline(components, inputs=[0, 1, 2, 3], targets=[1, 3, 5, 7],
...                           oracles={"double": [0, 2, 4, 6], "shift": [1, 3, 5, 7]})
>>> result.pipeline_error, result.attribution
(0.25, {'double': 0.0, 'shift': 0.25})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.validation import check_fraction, check_text

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["PipelineAnalysis", "analyze_pipeline", "mismatch_rate", "run_pipeline"]

ErrorFunction = Callable[[Sequence[Any], Sequence[Any]], float]


# ----------------------------------------------------------------------------- helpers
def _same(a: Any, b: Any) -> bool:
    """Whether two outputs are equal (numbers, strings, tuples or arrays alike)."""
    try:
        return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    except (ValueError, TypeError):  # ragged or odd objects: fall back to ==
        return bool(a == b)


def _length(values: Any, name: str) -> int:
    if isinstance(values, (str, bytes, dict, set)) or values is None:
        raise TypeError(f"{name} must be a list or array with one entry per example, "
                        f"got {type(values).__name__}")
    try:
        return len(values)
    except TypeError as exc:
        raise TypeError(f"{name} must be a list or array with one entry per example, "
                        f"got {type(values).__name__}") from exc


def mismatch_rate(expected: Sequence[Any], outputs: Sequence[Any]) -> float:
    """Fraction of examples whose output differs from the expected one.

    The default error of :func:`analyze_pipeline`: an example counts as wrong unless its
    output equals the expected output exactly (numbers, strings, tuples and arrays are
    compared element by element).

    Parameters
    ----------
    expected : sequence
        The correct outputs, one per example.
    outputs : sequence
        The outputs to judge, one per example.

    Returns
    -------
    float
        In ``[0, 1]``.

    Examples
    --------
    >>> mismatch_rate([1, 2, (3, 4), "x"], [1, 0, (3, 4), "y"])
    0.5
    """
    n = _length(expected, "expected")
    if _length(outputs, "outputs") != n:
        raise ValueError(f"expected and outputs must have the same length, got {n} and "
                         f"{len(outputs)}")
    if n == 0:
        raise ValueError("there are no examples to compare (expected is empty)")
    wrong = sum(not _same(e, o) for e, o in zip(expected, outputs, strict=True))
    return wrong / n


def _check_components(components: Any) -> list[tuple[str, Callable[[Any], Any]]]:
    if isinstance(components, Mapping):
        pairs = list(components.items())
    elif isinstance(components, Sequence) and not isinstance(components, (str, bytes)):
        pairs = list(components)
    else:
        raise TypeError("components must be a list of (name, function) pairs in pipeline "
                        f"order, got {type(components).__name__}")
    if not pairs:
        raise ValueError("components is empty; a pipeline needs at least one component")
    out: list[tuple[str, Callable[[Any], Any]]] = []
    for position, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"component {position} must be a (name, function) pair, "
                            f"got {pair!r}")
        name, function = pair
        check_text(name, f"the name of component {position}")
        if not name.strip():
            raise ValueError(f"the name of component {position} is empty; give each part a name")
        if not callable(function):
            raise TypeError(f"component {name!r} must be a function from the previous "
                            f"component's outputs to its own, got {type(function).__name__}")
        if name in (n for n, _ in out):
            raise ValueError(f"component names must be unique; {name!r} appears twice")
        out.append((name, function))
    return out


def _check_part_mapping(values: Any, names: list[str], what: str) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{what} must be a dict keyed by component name, "
                        f"got {type(values).__name__}")
    unknown = [key for key in values if key not in names]
    if unknown:
        raise ValueError(f"{what} names unknown components {unknown}; the components are "
                         f"{names}")
    return dict(values)


def _check_error_function(function: Any, name: str) -> ErrorFunction:
    if not callable(function):
        raise TypeError(f"{name} must be a function (expected, outputs) -> error rate, "
                        f"got {type(function).__name__}")
    return function


def _measure(function: ErrorFunction, expected: Sequence[Any], outputs: Sequence[Any],
             name: str) -> float:
    value = function(expected, outputs)
    try:
        return check_fraction(value, name)
    except TypeError as exc:
        raise TypeError(f"{name} must return a number (an error rate in [0, 1]), "
                        f"got {type(value).__name__}") from exc


def _outputs_of(name: str, values: Any, n: int, source: str) -> Any:
    count = _length(values, f"the outputs of {source} {name!r}")
    if count != n:
        raise ValueError(f"{source} {name!r} must give one output per example ({n}), "
                         f"gave {count}")
    return values


def run_pipeline(
    components: Sequence[tuple[str, Callable[[Any], Any]]],
    inputs: Sequence[Any],
    *,
    oracles: Mapping[str, Any] | None = None,
    perfect: Sequence[str] = (),
) -> Any:
    """Run a pipeline on every example, with some components replaced by their oracle.

    Parameters
    ----------
    components : list of (str, callable)
        The components in pipeline order. Each function takes the list of outputs of the
        previous component (the inputs, for the first) and returns one output per example.
    inputs : sequence
        One input per example.
    oracles : dict, optional
        Component name -> perfect outputs (a list, one per example) or a function giving
        the perfect output for whatever input it receives. Needed for every name in
        ``perfect``.
    perfect : sequence of str
        Components whose output is replaced by their oracle's.

    Returns
    -------
    sequence
        The last component's outputs, one per example.

    Examples
    --------
    >>> parts = [("add", lambda xs: [x + 1 for x in xs]), ("neg", lambda xs: [-x for x in xs])]
    >>> run_pipeline(parts, [1, 2]), run_pipeline(parts, [1, 2], oracles={"add": [0, 0]},
    ...                                            perfect=["add"])
    ([-2, -3], [0, 0])
    """
    parts = _check_components(components)
    n = _length(inputs, "inputs")
    names = [name for name, _ in parts]
    table = _check_part_mapping(oracles if oracles is not None else {}, names, "oracles")
    if isinstance(perfect, (str, bytes)):
        raise TypeError("perfect must be a list of component names, e.g. ['read'], "
                        f"got the string {perfect!r}")
    chosen = set(perfect)
    unknown = sorted(chosen - set(names))
    if unknown:
        raise ValueError(f"perfect names unknown components {unknown}; the components are "
                         f"{names}")
    missing = [name for name in names if name in chosen and name not in table]
    if missing:
        raise ValueError(f"no oracle given for {missing}; add perfect outputs for them to "
                         "oracles")
    return _run(parts, inputs, n, table, chosen)


def _run(parts: list[tuple[str, Callable[[Any], Any]]], inputs: Any, n: int,
         oracles: Mapping[str, Any], perfect: set[str],
         memo: dict[tuple[Any, ...], Any] | None = None) -> Any:
    # A perfect part with fixed outputs ignores its input: start from the last such part.
    start = 0
    for k, (name, _) in enumerate(parts):
        if name in perfect and not callable(oracles[name]):
            start = k
    values = inputs
    for k in range(start, len(parts)):
        name, function = parts[k]
        # The outputs of part k depend only on which of parts start..k are perfect, so
        # runs that share that prefix share its outputs (components must be deterministic).
        key = (start, *(parts[j][0] in perfect for j in range(start, k + 1)))
        if memo is not None and key in memo:
            values = memo[key]
            continue
        if name in perfect:
            oracle = oracles[name]
            produced = oracle(values) if callable(oracle) else oracle
            values = _outputs_of(name, produced, n, "the oracle of")
        else:
            values = _outputs_of(name, function(values), n, "component")
        if memo is not None:
            memo[key] = values
    return values


# ----------------------------------------------------------------------------- result
@dataclass(frozen=True)
class PipelineAnalysis:
    """The result of :func:`analyze_pipeline`: errors with parts made perfect, and blame.

    Attributes
    ----------
    parts : tuple of str
        Component names in pipeline order.
    pipeline_error : float
        Error of the pipeline as it is.
    design_error : float
        Error with every part perfect: what the design cannot do even with perfect parts
        (0 when the last part's oracle gives the correct final outputs).
    forward, reverse : tuple of float
        Cumulative errors: ``forward[k]`` with parts ``0..k`` perfect, ``reverse[k]``
        with the last ``k + 1`` parts perfect (in reverse pipeline order).
    alone : tuple of float
        ``alone[k]``: the error with only part ``k`` perfect.
    part_errors : tuple of float
        Each part's own error on perfect input, against its own perfect output.
    human_level : tuple of float or None
        Human-level error on each part's task, when given.
    whole_human_level : float or None
        Human-level error on the whole task, when given.
    tolerance : float
        How far above its human level a part may be and still count as close.
    """

    parts: tuple[str, ...]
    pipeline_error: float
    design_error: float
    forward: tuple[float, ...]
    reverse: tuple[float, ...]
    alone: tuple[float, ...]
    part_errors: tuple[float, ...]
    human_level: tuple[float, ...] | None
    whole_human_level: float | None
    tolerance: float

    # -- attribution -----------------------------------------------------------------
    def attribution_in(self, order: str = "forward") -> dict[str, float]:
        """The error attributed to each part: the drop when it is made perfect.

        Parameters
        ----------
        order : {"forward", "reverse", "alone"}
            ``"forward"``: cumulative in pipeline order; ``"reverse"``: cumulative from the
            last part back; ``"alone"``: each part perfect on its own (these drops need not
            add up to the total). Keys are in pipeline order whatever the order.

        Examples
        --------
        >>> parts = [("a", lambda xs: xs), ("b", lambda xs: xs)]
        >>> r = analyze_pipeline(parts, [1, 2], [1, 3], oracles={"a": [1, 2], "b": [1, 3]})
        >>> r.attribution_in("reverse")
        {'a': 0.0, 'b': 0.5}
        """
        order = check_text(order, "order")
        k = len(self.parts)
        if order == "forward":
            before = (self.pipeline_error, *self.forward[:-1])
            drops = [b - a for b, a in zip(before, self.forward, strict=True)]
        elif order == "reverse":
            before = (self.pipeline_error, *self.reverse[:-1])
            drops_back = [b - a for b, a in zip(before, self.reverse, strict=True)]
            drops = drops_back[::-1]
        elif order == "alone":
            drops = [self.pipeline_error - a for a in self.alone]
        else:
            raise ValueError(f"order must be 'forward', 'reverse' or 'alone', got {order!r}")
        return {self.parts[i]: _clean(drops[i]) for i in range(k)}

    @property
    def attribution(self) -> dict[str, float]:
        """The forward (pipeline-order) attribution; see :meth:`attribution_in`."""
        return self.attribution_in("forward")

    # -- human level -----------------------------------------------------------------
    @property
    def gaps_to_human(self) -> dict[str, float] | None:
        """Each part's own error minus its human-level error (``None`` without human levels)."""
        if self.human_level is None:
            return None
        return {name: _clean(e - h) for name, e, h
                in zip(self.parts, self.part_errors, self.human_level, strict=True)}

    @property
    def whole_gap_to_human(self) -> float | None:
        """The pipeline's error minus human level on the whole task (``None`` if not given)."""
        if self.whole_human_level is None:
            return None
        return _clean(self.pipeline_error - self.whole_human_level)

    @property
    def flawed(self) -> bool | None:
        """Whether the pipeline's design, not a part, is the problem.

        ``True`` when every part is within :attr:`tolerance` of its human level and the
        whole is further above human level than the parts' shortfalls add up to (plus
        the tolerance): no part is to blame, so what they pass to each other must lose
        something. ``None`` unless both the parts' and the whole's human levels are given.
        """
        gaps = self.gaps_to_human
        whole = self.whole_gap_to_human
        if gaps is None or whole is None:
            return None
        shortfall = sum(max(gap, 0.0) for gap in gaps.values())
        every_part_close = all(gap <= self.tolerance + 1e-12 for gap in gaps.values())
        return bool(every_part_close and whole > shortfall + self.tolerance + 1e-12)

    # -- tables ----------------------------------------------------------------------
    @property
    def table(self) -> pd.DataFrame:
        """One row per part: its attributions, its own error and its gap to human level.

        Columns: ``attributed`` (forward), ``attributed_reverse``, ``attributed_alone``,
        ``part_error``, and when human levels are given ``human_level``,
        ``gap_to_human`` and ``close_to_human``.

        Examples
        --------
        >>> parts = [("a", lambda xs: xs), ("b", lambda xs: xs)]
        >>> r = analyze_pipeline(parts, [1, 2], [1, 3], oracles={"a": [1, 2], "b": [1, 3]})
        >>> r.table["attributed"].tolist()
        [0.0, 0.5]
        """
        import pandas as pd

        data: dict[str, list[Any]] = {
            "attributed": list(self.attribution_in("forward").values()),
            "attributed_reverse": list(self.attribution_in("reverse").values()),
            "attributed_alone": list(self.attribution_in("alone").values()),
            "part_error": list(self.part_errors),
        }
        gaps = self.gaps_to_human
        if gaps is not None and self.human_level is not None:
            data["human_level"] = list(self.human_level)
            data["gap_to_human"] = list(gaps.values())
            data["close_to_human"] = [gap <= self.tolerance + 1e-12 for gap in gaps.values()]
        return pd.DataFrame(data, index=pd.Index(list(self.parts), name="part"))

    def steps(self, order: str = "forward") -> pd.DataFrame:
        """The cumulative substitutions, one row per step, with the error after each.

        Parameters
        ----------
        order : {"forward", "reverse"}

        Examples
        --------
        >>> parts = [("a", lambda xs: xs), ("b", lambda xs: xs)]
        >>> r = analyze_pipeline(parts, [1, 2], [1, 3], oracles={"a": [1, 2], "b": [1, 3]})
        >>> r.steps()["perfect"].tolist()
        ['nothing', 'a', 'a + b']
        """
        import pandas as pd

        order = check_text(order, "order")
        if order == "forward":
            names, errors = list(self.parts), self.forward
        elif order == "reverse":
            names, errors = list(self.parts[::-1]), self.reverse
        else:
            raise ValueError(f"order must be 'forward' or 'reverse', got {order!r}")
        labels = ["nothing"] + [" + ".join(names[: k + 1]) for k in range(len(names))]
        values = [self.pipeline_error, *errors]
        drops = [0.0] + [_clean(values[k] - values[k + 1]) for k in range(len(names))]
        return pd.DataFrame({"perfect": labels, "error": values, "drop": drops})

    # -- rendering -------------------------------------------------------------------
    def _verdict(self) -> str:
        flawed = self.flawed
        if flawed:
            return ("Flawed pipeline: every part is close to its human level, yet the whole "
                    "is far from human level. Improving a part will not help; change what the "
                    "parts pass to each other (or learn the task end to end).")
        attribution = self.attribution
        top = max(attribution, key=lambda name: attribution[name])
        if attribution[top] <= 0:
            return "No part's substitution lowers the error."
        return f"Most of the error is attributed to {top!r} ({_pct(attribution[top])})."

    def _repr_markdown_(self) -> str:
        lines = [
            "**Error analysis by parts**",
            "",
            f"Pipeline error: {_pct(self.pipeline_error)}; with every part perfect: "
            f"{_pct(self.design_error)}.",
        ]
        if self.whole_human_level is not None:
            lines[-1] += f" Human level on the whole task: {_pct(self.whole_human_level)}."
        lines += ["", "| part | attributed | reverse order | alone | own error |"
                  + (" human level | gap |" if self.human_level is not None else "")]
        lines.append("|---|---:|---:|---:|---:|" + ("---:|---:|" if self.human_level else ""))
        table = self.table
        for name, row in table.iterrows():
            cells = [f"`{name}`", _pct(row["attributed"]), _pct(row["attributed_reverse"]),
                     _pct(row["attributed_alone"]), _pct(row["part_error"])]
            if "human_level" in table:
                cells += [_pct(row["human_level"]), _pct(row["gap_to_human"], signed=True)]
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", self._verdict()]
        forward, reverse = self.attribution_in("forward"), self.attribution_in("reverse")
        if any(abs(forward[n] - reverse[n]) > 1e-9 for n in self.parts):
            lines += ["", "The two orders share the error out differently: the parts' "
                          "mistakes overlap on some examples."]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._repr_markdown_().replace("**", "").replace("`", "")

    def plot(self, ax: Axes | None = None) -> Axes:
        """Bars per part: the error attributed to it, next to its gap to human level.

        When the pipeline is wrong even with every part perfect, a last, hatched bar
        ("design") shows that error, which no part can be blamed for.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is created when omitted.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> parts = [("a", lambda xs: xs), ("b", lambda xs: xs)]
        >>> r = analyze_pipeline(parts, [1, 2], [1, 3], oracles={"a": [1, 2], "b": [1, 3]},
        ...                      human_level={"a": 0.0, "b": 0.0}, whole_human_level=0.0)
        >>> ax = r.plot()
        >>> [round(float(bar.get_height()), 3) for bar in ax.containers[0]]
        [0.0, 50.0]
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6.4, 3.8))
        xs = np.arange(len(self.parts))
        width = 0.38
        attributed = [100 * v for v in self.attribution.values()]
        ax.bar(xs - width / 2, attributed, width, color="C0", label="error attributed")
        gaps = self.gaps_to_human
        if gaps is not None:
            ax.bar(xs + width / 2, [100 * v for v in gaps.values()], width, color="C1",
                   label="gap to human level")
        labels = list(self.parts)
        if self.design_error > 0:  # what no part can fix: the error left with every part perfect
            ax.bar([len(labels)], [100 * self.design_error], width, color="0.6", hatch="//",
                   label="left with every part perfect")
            labels.append("design")
            xs = np.arange(len(labels))
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_xticks(xs, labels)
        ax.set_ylabel("error (percentage points)")
        title = "Error by part"
        if self.flawed:
            title += ": flawed pipeline (parts near human level, whole far)"
        ax.set_title(title)
        ax.legend(frameon=False, fontsize=8)
        return ax


def _clean(value: float) -> float:
    # Round away float noise (0.3 - 0.2 = 0.09999999999999998) so equal drops compare equal.
    return round(float(value), 12) + 0.0


def _pct(value: float, signed: bool = False) -> str:
    text = f"{100 * value:+.1f}" if signed else f"{100 * value:.1f}"
    return text + "%"


# ----------------------------------------------------------------------------- analysis
def analyze_pipeline(
    components: Sequence[tuple[str, Callable[[Any], Any]]],
    inputs: Sequence[Any],
    targets: Sequence[Any],
    oracles: Mapping[str, Any],
    *,
    error: ErrorFunction | None = None,
    part_error: Mapping[str, ErrorFunction] | None = None,
    human_level: Mapping[str, float] | None = None,
    whole_human_level: float | None = None,
    tolerance: float = 0.02,
) -> PipelineAnalysis:
    """Attribute a pipeline's error to its parts by substituting perfect outputs.

    Parameters
    ----------
    components : list of (str, callable)
        The components in pipeline order, as ``(name, function)`` pairs (a dict works
        too). Each function takes the list of the previous component's outputs (the
        inputs, for the first) and returns one output per example. Functions must be
        deterministic: runs that share a prefix of the pipeline reuse its outputs.
    inputs : sequence
        The dev-set inputs, one per example.
    targets : sequence
        The correct final outputs, one per example.
    oracles : dict
        For every component, its perfect outputs: a list (one per example, the output a
        perfect part gives on perfect input) or a function giving the perfect output for
        whatever input the part receives.
    error : callable, optional
        ``error(targets, outputs) -> float``, the pipeline's error; default
        :func:`mismatch_rate` (fraction of examples not exactly right).
    part_error : dict, optional
        Component name -> ``error(perfect_outputs, outputs)`` for that part's own error
        (default :func:`mismatch_rate`), e.g. allowing a located position to be off by
        a pixel.
    human_level : dict, optional
        Component name -> human-level error on that part's task (every part).
    whole_human_level : float, optional
        Human-level error on the whole task.
    tolerance : float, default 0.02
        How far above human level a part may be and still count as close to it.

    Returns
    -------
    PipelineAnalysis
        Errors, attributions in both orders, each part's error against human level,
        and the flawed-pipeline flag; see its :attr:`~PipelineAnalysis.table`.

    Examples
    --------
    >>> parts = [("locate", lambda xs: [x for x in xs]),
    ...          ("read", lambda xs: [x if x != 3 else 8 for x in xs])]
    >>> r = analyze_pipeline(parts, [1, 2, 3, 4], [1, 2, 3, 4],
    ...                      oracles={"locate": [1, 2, 3, 4], "read": [1, 2, 3, 4]})
    >>> r.pipeline_error, r.attribution, r.part_errors
    (0.25, {'locate': 0.0, 'read': 0.25}, (0.0, 0.25))
    """
    parts = _check_components(components)
    names = [name for name, _ in parts]
    n = _length(inputs, "inputs")
    if n == 0:
        raise ValueError("inputs is empty; the analysis needs at least one dev example")
    if _length(targets, "targets") != n:
        raise ValueError(f"inputs and targets must have the same length, got {n} and "
                         f"{len(targets)}")
    table = _check_part_mapping(oracles, names, "oracles")
    missing = [name for name in names if name not in table]
    if missing:
        raise ValueError(f"oracles has no perfect outputs for {missing}; every component "
                         "needs an oracle (a list of outputs or a function)")
    for name in names:
        if not callable(table[name]):
            _outputs_of(name, table[name], n, "the oracle of")
    measure = _check_error_function(error if error is not None else mismatch_rate, "error")
    part_measures = {name: mismatch_rate for name in names}
    if part_error is not None:
        given = _check_part_mapping(part_error, names, "part_error")
        for name, function in given.items():
            part_measures[name] = _check_error_function(function, f"part_error[{name!r}]")
    humans: tuple[float, ...] | None = None
    if human_level is not None:
        levels = _check_part_mapping(human_level, names, "human_level")
        absent = [name for name in names if name not in levels]
        if absent:
            raise ValueError(f"human_level has no value for {absent}; give one for every "
                             "part (0 if a person never gets that step wrong)")
        humans = tuple(check_fraction(levels[name], f"human_level[{name!r}]")
                       for name in names)
    whole = None
    if whole_human_level is not None:
        whole = check_fraction(whole_human_level, "whole_human_level")
    tol = check_fraction(tolerance, "tolerance")

    memo: dict[tuple[Any, ...], Any] = {}

    def error_with(perfect: set[str]) -> float:
        outputs = _run(parts, inputs, n, table, perfect, memo)
        return _clean(_measure(measure, targets, outputs, "error"))

    k = len(parts)
    baseline = error_with(set())
    forward = tuple(error_with(set(names[: i + 1])) for i in range(k))
    reverse = tuple(error_with(set(names[k - 1 - i:])) for i in range(k))
    alone = tuple(error_with({name}) for name in names)

    # Each part on perfect input, against its perfect output.
    own: list[float] = []
    perfect_in: Any = inputs
    for name, function in parts:
        oracle = table[name]
        perfect_out = _outputs_of(name, oracle(perfect_in) if callable(oracle) else oracle,
                                  n, "the oracle of")
        actual = _outputs_of(name, function(perfect_in), n, "component")
        own.append(_clean(_measure(part_measures[name], perfect_out, actual,
                                   f"part_error[{name!r}]")))
        perfect_in = perfect_out

    return PipelineAnalysis(
        parts=tuple(names),
        pipeline_error=baseline,
        design_error=forward[-1],
        forward=forward,
        reverse=reverse,
        alone=alone,
        part_errors=tuple(own),
        human_level=humans,
        whole_human_level=whole,
        tolerance=tol,
    )
