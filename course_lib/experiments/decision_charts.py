"""The decision charts of the week summaries: from the error ladder to the next thing to try.

Each week's one-page summary (``solutions/summary_week1.ipynb``, ``summary_week2.ipynb``,
``summary_week3.ipynb``) shows one flowchart. Its left column is the *error ladder* -- human
level, training error, (training-dev error,) dev error, test error, real world -- and every
pair of neighbouring rungs opens a *gap*: avoidable bias, variance, data mismatch, dev-set
overfitting, eyeball-set overfitting, or a target that misses the goal. Each gap names what
to work on when it is the largest, and points to the tactics the lectures give for it. Every
box names the notebooks that teach it; :meth:`DecisionChart.link_table` turns them into the
links printed under the chart.

The layout and the drawing are separate:

* :func:`decision_chart` returns the layout as plain data -- boxes with their text and
  position (in inches), and the arrows between them -- computed without matplotlib, so it
  can be tested directly;
* :func:`draw_decision_chart` draws a layout (or a week's chart) with matplotlib.

Both are deterministic: the same week always gives the same chart.

Examples
--------
>>> chart = decision_chart("week1")
>>> [box.title for box in chart.rungs]
['human-level error', 'training error', 'dev error', 'test error', 'real world']
>>> chart.box("gap_bias").tags
('w1·08',)
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from course_lib.manifest import course

__all__ = [
    "KINDS",
    "WEEKS",
    "Box",
    "DecisionChart",
    "Edge",
    "decision_chart",
    "draw_decision_chart",
]

WEEKS: tuple[str, ...] = ("week1", "week2", "week3")
"""The weeks that have a decision chart."""

KINDS: tuple[str, ...] = ("heading", "column", "start", "rung", "gap", "tactics", "group",
                          "tool", "note")
"""What a box can be: the chart's heading, a column's heading, a step before the ladder, a
rung of the ladder, a gap between two rungs, the tactics for a gap, a group of tools (a
frame around them), a tool used inside a tactic, or a closing note. Headings and column
headings are drawn without a frame."""

# Typography, in points, and the spacing of the text inside a box, in inches. The layout
# wraps and sizes every box from these numbers, and the drawing uses the same ones.
TITLE_PT = 9.5
BODY_PT = 8.5
TAG_PT = 7.5
HEADING_PT = 11.5
COLUMN_PT = 10.5
LINE = 1.32            # line height, as a multiple of the font size
PAD_X = 0.10           # inches between a box's border and its text
PAD_Y = 0.07
CHAR_EM = 0.53         # a conservative average width of a character, in ems (DejaVu Sans)
BOLD_EM = 0.60

WIDTH = 10.0           # the chart's width, in inches (a notebook's cell width)
MARGIN = 0.15
GAP_Y = 0.28           # vertical room between stacked elements (arrows go there)
BRACKET = 0.22         # a bracket leaves a rung this far (a share of its height) off centre


@dataclass(frozen=True)
class Box:
    """One box of a chart, with its text already wrapped to its width.

    Attributes
    ----------
    key : str
        Its name in the chart (``"gap_bias"``), used by the edges.
    kind : str
        One of :data:`KINDS`.
    title : str
        Its first line, in bold.
    lines : tuple of str
        The text under the title, wrapped to the box's width.
    notebooks : tuple of str
        The notebooks that teach it, as paths inside ``solutions/``
        (``"week1/08_avoidable_bias.ipynb"``); empty for headings.
    x, y : float
        Its lower-left corner, in inches from the chart's lower-left corner.
    width, height : float
        Its size, in inches.
    tone : str
        The colour family it is drawn in (``"bias"``, ``"variance"``, ...).
    """

    key: str
    kind: str
    title: str
    lines: tuple[str, ...]
    notebooks: tuple[str, ...]
    x: float
    y: float
    width: float
    height: float
    tone: str = "neutral"

    @property
    def left(self) -> float:
        return self.x

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def center(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def tags(self) -> tuple[str, ...]:
        """Short names of its notebooks, as printed in the box (``"w1·08"``)."""
        return tuple(_tag(path) for path in self.notebooks)


@dataclass(frozen=True)
class Edge:
    """An arrow of a chart.

    Attributes
    ----------
    sources : tuple of str
        The box it starts from; or two rungs of the ladder, when it starts as a bracket
        that spans the gap between them.
    target : str
        The box it points to.
    via : tuple of (float, float)
        Corners it turns at, in inches; empty for a straight arrow.
    label : str
        A few words written next to it, or ``""``.
    """

    sources: tuple[str, ...]
    target: str
    via: tuple[tuple[float, float], ...] = ()
    label: str = ""


@dataclass(frozen=True)
class DecisionChart:
    """A week's decision chart: its boxes and arrows, laid out on a page in inches.

    Attributes
    ----------
    week : str
        ``"week1"``, ``"week2"`` or ``"week3"``.
    title : str
        The chart's heading.
    width, height : float
        The size of the page, in inches.
    boxes : tuple of Box
    edges : tuple of Edge
    """

    week: str
    title: str
    width: float
    height: float
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    _index: dict[str, Box] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {box.key: box for box in self.boxes})

    def box(self, key: str) -> Box:
        """The box called ``key``.

        Raises
        ------
        KeyError
            If the chart has no such box; the message lists its boxes.
        """
        if key not in self._index:
            raise KeyError(f"the {self.week} chart has no box {key!r}; its boxes are "
                           f"{', '.join(self._index)}")
        return self._index[key]

    @property
    def rungs(self) -> tuple[Box, ...]:
        """The rungs of the error ladder, from top (human level) to bottom."""
        return tuple(b for b in self.boxes if b.kind == "rung")

    @property
    def notebooks(self) -> tuple[str, ...]:
        """Every notebook the chart names, in the order of the course."""
        named = {path for box in self.boxes for path in box.notebooks}
        return tuple(nb.path for nb in course().notebooks if nb.path in named)

    def path(self, edge: Edge) -> list[tuple[float, float]]:
        """The points an arrow goes through, from its start to its tip.

        For a bracket (an edge with two sources) the arrow starts at the bracket's joint;
        :meth:`bracket` gives the lines from the two rungs to that joint.

        Examples
        --------
        >>> chart = decision_chart("week1")
        >>> edge = next(e for e in chart.edges if e.target == "gap_bias")
        >>> start, tip = chart.path(edge)
        >>> tip[0] == chart.box("gap_bias").left and start[1] == tip[1]
        True
        """
        target = self.box(edge.target)
        if len(edge.sources) == 2:
            x_joint = self._joint_x(edge)
            y = target.center[1]
            return [(x_joint, y), (target.left, y)]
        source = self.box(edge.sources[0])
        if edge.via:
            first, last = edge.via[0], edge.via[-1]
            return [_anchor(source, first), *edge.via, _anchor(target, last)]
        return list(_straight(source, target))

    def bracket(self, edge: Edge) -> list[list[tuple[float, float]]]:
        """The lines of a bracket edge: a stub from each rung and the spine joining them.

        Returns an empty list for an edge with one source.
        """
        if len(edge.sources) != 2:
            return []
        upper, lower = (self.box(k) for k in edge.sources)
        x_joint = self._joint_x(edge)
        # below the middle of the upper rung, above the middle of the lower one: the
        # brackets of two neighbouring gaps do not touch
        y_up = upper.center[1] - BRACKET * upper.height
        y_low = lower.center[1] + BRACKET * lower.height
        return [[(upper.right, y_up), (x_joint, y_up)],
                [(lower.right, y_low), (x_joint, y_low)],
                [(x_joint, y_up), (x_joint, y_low)]]

    def _joint_x(self, edge: Edge) -> float:
        return max(self.box(k).right for k in edge.sources) + 0.14

    def link_table(self) -> str:
        """The markdown table printed under the chart: each box and the notebooks that
        teach it, as links relative to the top of ``solutions/`` (or ``notebooks/``).

        Examples
        --------
        >>> table = decision_chart("week1").link_table().splitlines()
        >>> table[0]
        '| box in the chart | taught in |'
        >>> any("[week1 · 08 Avoidable bias](week1/08_avoidable_bias.ipynb)" in row
        ...     for row in table)
        True
        """
        entries = {nb.path: nb for nb in course().notebooks}
        rows = ["| box in the chart | taught in |", "|---|---|"]
        for box in self.boxes:
            if not box.notebooks:
                continue
            links = ", ".join(f"[{entries[p].label}]({p})" for p in box.notebooks)
            rows.append(f"| **{box.title}** | {links} |")
        return "\n".join(rows)


# ---------------------------------------------------------------------------- geometry


def _anchor(box: Box, toward: tuple[float, float]) -> tuple[float, float]:
    """Where an arrow leaves (or enters) ``box`` on its way to (or from) a point."""
    x, y = toward
    if x >= box.right:
        return (box.right, _clamp(y, box.bottom, box.top))
    if x <= box.left:
        return (box.left, _clamp(y, box.bottom, box.top))
    if y <= box.bottom:
        return (x, box.bottom)
    return (x, box.top)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _straight(source: Box, target: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    """A straight arrow between two boxes, horizontal or vertical where they overlap."""
    low, high = max(source.bottom, target.bottom), min(source.top, target.top)
    if target.left >= source.right and low < high:
        y = (low + high) / 2
        return (source.right, y), (target.left, y)
    if target.right <= source.left and low < high:
        y = (low + high) / 2
        return (source.left, y), (target.right, y)
    left, right = max(source.left, target.left), min(source.right, target.right)
    if left < right:
        x = (left + right) / 2
        if target.top <= source.bottom:
            return (x, source.bottom), (x, target.top)
        return (x, source.top), (x, target.bottom)
    return source.center, target.center


# ---------------------------------------------------------------------------- text


def _tag(path: str) -> str:
    week, name = path.split("/")
    return f"w{week.removeprefix('week')}·{name[:2]}"


def _notebook(week: int, number: int) -> str:
    """The path of a notebook of the course, checked against the manifest."""
    wanted = f"week{week}/{number:02d}_"
    for nb in course().notebooks:
        if nb.path.startswith(wanted):
            return nb.path
    raise LookupError(f"the course has no notebook {wanted}*")  # pragma: no cover


def _chars(width: float, points: float, em: float) -> int:
    """How many characters of a font fit on one line of a box ``width`` inches wide."""
    return max(8, int((width - 2 * PAD_X) * 72 / (points * em)))


def _wrap(items: tuple[str, ...], width: float) -> tuple[str, ...]:
    """Wrap the text of a box: items starting with ``"• "`` are bullets (hanging indent)."""
    n = _chars(width, BODY_PT, CHAR_EM)
    lines: list[str] = []
    for item in items:
        if item.startswith("• "):
            lines += textwrap.wrap(item, n, subsequent_indent="   ")
        else:
            lines += textwrap.wrap(item, n)
    return tuple(lines)


def _title_pt(kind: str) -> float:
    return {"heading": HEADING_PT, "column": COLUMN_PT, "group": COLUMN_PT}.get(kind, TITLE_PT)


def _title_lines(title: str, width: float, points: float = TITLE_PT) -> list[str]:
    return textwrap.wrap(title, _chars(width, points, BOLD_EM))


def _box_height(title: str, lines: tuple[str, ...], tagged: bool, width: float,
               kind: str = "gap") -> float:
    """The height a box needs for its text, in inches (the drawing stacks it the same way)."""
    title_pt = _title_pt(kind)
    height = 2 * PAD_Y + len(_title_lines(title, width, title_pt)) * title_pt * LINE / 72
    height += len(lines) * BODY_PT * LINE / 72
    if tagged:
        height += TAG_PT * LINE / 72 + 0.03
    return round(height, 3)


@dataclass
class _Spec:
    """A box before it is placed: its text, and the notebooks that teach it."""

    key: str
    kind: str
    title: str
    items: tuple[str, ...] = ()
    notebooks: tuple[str, ...] = ()
    tone: str = "neutral"

    def place(self, x: float, top: float, width: float, height: float | None = None) -> Box:
        lines = _wrap(self.items, width)
        need = _box_height(self.title, lines, bool(self.notebooks), width, self.kind)
        height = need if height is None else max(height, need)
        return Box(self.key, self.kind, self.title, lines, self.notebooks,
                   round(x, 3), round(top - height, 3), round(width, 3), round(height, 3),
                   self.tone)

    def height(self, width: float) -> float:
        return _box_height(self.title, _wrap(self.items, width), bool(self.notebooks), width,
                          self.kind)


# ---------------------------------------------------------------------------- the weeks


def _w(week: int, *numbers: int) -> tuple[str, ...]:
    return tuple(_notebook(week, n) for n in numbers)


def _week1_content() -> dict[str, Any]:
    start = [
        _Spec("target", "start", "Set the target before you measure", (
            "• one optimizing metric to rank models by (e.g. F1, the harmonic mean of "
            "precision and recall); every other need becomes a satisficing limit",
            "• dev and test sets from one distribution, the data you expect to face; each "
            "just big enough to tell your ideas apart",
        ), _w(1, 2, 3, 4, 5), "start"),
        _Spec("orthogonalization", "start", "Orthogonalization", (
            "• one knob per problem, so a diagnosis says which knob to turn",
            "• fix the first link of the chain that breaks, from the top down",
            "• early stopping moves two links at once: harder to reason about",
        ), _w(1, 1), "start"),
    ]
    rungs = [
        _Spec("rung_human", "rung", "human-level error",
              ("the best person or team: stand-in for Bayes error",), _w(1, 7, 9)),
        _Spec("rung_train", "rung", "training error", ("fit the training set",), _w(1, 1)),
        _Spec("rung_dev", "rung", "dev error", ("do well on the dev set",), _w(1, 1)),
        _Spec("rung_test", "rung", "test error", ("do well on the test set",), _w(1, 1)),
        _Spec("rung_world", "rung", "real world", ("do well for the users",), _w(1, 1, 6)),
    ]
    gaps = [
        _Spec("gap_bias", "gap", "avoidable bias", (
            "= training − human-level error", "large: fit the training set better",
        ), _w(1, 8), "bias"),
        _Spec("gap_variance", "gap", "variance", (
            "= dev − training error", "large: generalise better",
        ), _w(1, 8), "variance"),
        _Spec("gap_devfit", "gap", "dev-set overfitting", (
            "= test − dev error", "large: you tuned to the dev set",
        ), _w(1, 6), "devfit"),
        _Spec("gap_goal", "gap", "target misses the goal", (
            "= good on test, poor for the users", "so the metric or dev/test set is off",
        ), _w(1, 6), "goal"),
    ]
    tactics = [
        _Spec("do_bias", "tactics", "Reduce avoidable bias", (
            "• a bigger model",
            "• train longer, or with a better optimizer (momentum, RMSprop, Adam)",
            "• another architecture, or a hyperparameter search",
        ), _w(1, 11), "bias"),
        _Spec("do_variance", "tactics", "Reduce variance", (
            "• more training data",
            "• regularization: L2, dropout, data augmentation",
            "• another architecture, or a hyperparameter search",
        ), _w(1, 11), "variance"),
        _Spec("do_devfit", "tactics", "Get a bigger dev set", (
            "• a fresh, larger dev set: the one you have was tuned to",
            "• size it by the differences it must detect",
        ), _w(1, 5, 6), "devfit"),
        _Spec("do_goal", "tactics", "Move the target", (
            "• change the metric, e.g. a weighted error in which unacceptable mistakes "
            "count more",
            "• change the dev/test set so it looks like your users' data",
        ), _w(1, 6), "goal"),
    ]
    note = _Spec("loop", "note", "4. Change one thing, then measure the ladder again", (
        "A fix for one gap can open another. Close to the best human level progress slows, "
        "and once the training error is below it, avoidable bias can no longer be measured.",
    ), _w(1, 10, 11), "note")
    return {"title": "Week 1 · from the error ladder to what to try next", "start": start,
            "start_edges": [], "into_ladder": "target", "rungs": rungs, "gaps": gaps,
            "tactics": tactics, "tools": [], "note": note}


def _week2_content() -> dict[str, Any]:
    start = [
        _Spec("aim", "start", "Aim at the target distribution", (
            "• dev and test sets only from the data the product will see",
            "• all other data, e.g. web images, may go into training",
        ), _w(2, 4), "start"),
        _Spec("first_system", "start", "Build a first system quickly", (
            "• a quick and dirty model, then iterate",
            "• start more carefully only with much prior experience or literature",
        ), _w(2, 3), "start"),
        _Spec("mistakes", "start", "Look at its dev-set mistakes", (
            "• error analysis: tag ~100 mistakes; ceiling = error × (1 − share)",
            "• wrong labels: fix dev and test together when they explain a large share",
        ), _w(2, 1, 2), "start"),
    ]
    rungs = [
        _Spec("rung_human", "rung", "human-level error", ("stand-in for Bayes error",),
              _w(1, 7, 9)),
        _Spec("rung_train", "rung", "training error", ("on data it learned from",), _w(1, 1)),
        _Spec("rung_traindev", "rung", "training-dev error",
              ("same distribution as training, not trained on",), _w(2, 5)),
        _Spec("rung_dev", "rung", "dev error", ("target data; compare ideas",), _w(2, 4)),
        _Spec("rung_test", "rung", "test error", ("target data; final check",), _w(2, 4)),
    ]
    gaps = [
        _Spec("gap_bias", "gap", "avoidable bias", (
            "= training − human-level error", "large: fit the training set better",
        ), _w(1, 8), "bias"),
        _Spec("gap_variance", "gap", "variance", (
            "= training-dev − training error", "large: generalise to new examples",
        ), _w(2, 5), "variance"),
        _Spec("gap_mismatch", "gap", "data mismatch", (
            "= dev − training-dev error", "large: the dev data differ from the training data",
        ), _w(2, 5), "mismatch"),
        _Spec("gap_devfit", "gap", "dev-set overfitting", (
            "= test − dev error", "large: you tuned to the dev set",
        ), _w(2, 5), "devfit"),
    ]
    tactics = [
        _Spec("do_bias", "tactics", "Reduce avoidable bias", (
            "• a bigger model; train longer or with a better optimizer",
            "• another architecture, or a hyperparameter search",
        ), _w(1, 11), "bias"),
        _Spec("do_variance", "tactics", "Reduce variance", (
            "• more data from the training distribution",
            "• regularization: L2, dropout, data augmentation",
            "• another architecture, or a hyperparameter search",
        ), _w(1, 11), "variance"),
        _Spec("do_mismatch", "tactics", "Make training data look like dev data", (
            "• error analysis on the dev set (never the test set): how do the data differ?",
            "• collect more training data like the dev data",
            "• synthesise it, from many distinct sources: from a few, the model learns them",
        ), _w(2, 6), "mismatch"),
        _Spec("do_devfit", "tactics", "Get a bigger dev set", (
            "• a fresh, larger dev set from the target distribution",
        ), _w(1, 1, 5), "devfit"),
    ]
    tools = [
        _Spec("transfer", "tool", "Transfer learning", (
            "• pre-train on a task A with the same input and much more data",
            "• new output layer; retrain it alone (little data) or fine-tune every layer",
        ), _w(2, 7), "tool"),
        _Spec("multitask", "tool", "Multi-task learning", (
            "• one network, one output per task, missing labels left out of the loss",
            "• helps when tasks share features and the network is big enough",
        ), _w(2, 8), "tool"),
        _Spec("end_to_end", "tool", "End-to-end or a pipeline?", (
            "• one network from x to y needs lots of (x, y) data",
            "• otherwise a pipeline of steps that each have data",
        ), _w(2, 9, 10), "tool"),
    ]
    return {"title": "Week 2 · the ladder with a training-dev set, and where the data come from",
            "start": start, "start_edges": [("aim", "first_system"),
                                            ("first_system", "mistakes")],
            "into_ladder": "first_system", "into_tactics": ("mistakes", "which kind first"),
            "rungs": rungs, "gaps": gaps, "tactics": tactics, "tools": tools,
            "tools_title": "When the tactic is more data or another architecture",
            "note": None}


def _week3_content() -> dict[str, Any]:
    start = [
        _Spec("split_dev", "start", "Split the dev set in two", (
            "• an eyeball set you look at: enough of its mistakes to see their kinds",
            "• a blackbox set you only measure: big enough to rank your ideas",
        ), _w(3, 1), "start"),
        _Spec("curves", "start", "Draw learning curves", (
            "• dev and training error against training-set size, with the desired level",
            "• from small data: average several class-balanced subsets per size",
        ), _w(3, 2), "start"),
        _Spec("train_mistakes", "start", "Look at training-set mistakes too", (
            "• when the training error is high, tag what it gets wrong there",
            "• a kind people cannot read either is part of the unavoidable error",
        ), _w(3, 3), "start"),
    ]
    rungs = [
        _Spec("rung_human", "rung", "desired or human level",
              ("where the curves should end up",), _w(3, 2)),
        _Spec("rung_train", "rung", "training error", ("rises as the set grows",), _w(3, 2)),
        _Spec("rung_blackbox", "rung", "blackbox dev error",
              ("measured, never looked at",), _w(3, 1)),
        _Spec("rung_eyeball", "rung", "eyeball dev error",
              ("the mistakes you read",), _w(3, 1)),
    ]
    gaps = [
        _Spec("gap_bias", "gap", "avoidable bias", (
            "= training − desired error", "curves flat and close: data will not help",
        ), _w(3, 2), "bias"),
        _Spec("gap_variance", "gap", "variance", (
            "= dev − training error", "a wide gap, dev still falling: data helps",
        ), _w(3, 2), "variance"),
        _Spec("gap_eyeball", "gap", "eyeball-set overfitting", (
            "= blackbox − eyeball error", "large or growing: you tuned to what you read",
        ), _w(3, 1), "devfit"),
    ]
    tactics = [
        _Spec("do_bias", "tactics", "Reduce avoidable bias", (
            "• a bigger model, regularization kept: it costs only compute",
            "• better features or architecture, less regularization",
            "• error analysis on the training set",
        ), _w(3, 3), "bias"),
        _Spec("do_variance", "tactics", "Reduce variance", (
            "• more data, if the dev curve still falls",
            "• regularization, early stopping, fewer features",
            "• a smaller model only as a last resort: it adds bias",
        ), _w(3, 2, 3), "variance"),
        _Spec("do_eyeball", "tactics", "Refresh the eyeball set", (
            "• move blackbox examples into a new eyeball set",
            "• let the blackbox set, not the eyeball set, decide",
        ), _w(3, 1), "devfit"),
    ]
    tools = [
        _Spec("verification", "tool", "Search or scoring?", (
            "• Score(S*) > Score(S_out): the search failed, search harder",
            "• otherwise the scoring function is wrong: fix the model",
        ), _w(3, 4), "tool"),
        _Spec("by_parts", "tool", "Error analysis by parts", (
            "• give each part perfect input in turn: whose fix helps most?",
            "• every part near human level, the whole far off: redesign",
        ), _w(3, 5), "tool"),
        _Spec("data_decisions", "tool", "Which data, with what weight", (
            "• other-distribution data help a big model, can hurt a small one",
            "• drop inconsistent examples; weigh other data down",
        ), _w(3, 6), "tool"),
    ]
    note = _Spec("loop", "note", "4. Practise the whole loop", (
        "The flight simulator asks these decisions on one project; the strategy game lets you "
        "make a whole project's worth of them on a budget and see what each one cost.",
    ), _w(3, 7, 8), "note")
    return {"title": "Week 3 · curves, eyeball sets, and systems that search or come in parts",
            "start": start, "start_edges": [("split_dev", "curves"),
                                            ("curves", "train_mistakes")],
            "into_ladder": "curves", "into_tactics": None,
            "rungs": rungs, "gaps": gaps, "tactics": tactics, "tools": tools,
            "tools_title": "When the system searches, comes in parts, or has data from elsewhere",
            "note": note}


_CONTENT = {"week1": _week1_content, "week2": _week2_content, "week3": _week3_content}

# the columns of the ladder section: (left, width), in inches
LADDER = (MARGIN, 1.95)
GAPS = (2.48, 2.62)
TACTICS = (5.50, 3.98)
RAIL = 9.70            # the vertical line the arrows to the week-2 tools run down
SPACING = 0.45         # between boxes side by side


def _text_width(text: str, points: float) -> float:
    """A generous estimate of the width of one line of bold text, box padding included."""
    return round(len(text) * points * BOLD_EM / 72 + 2 * PAD_X + 0.05, 3)


def _row(specs: list[_Spec], left: float, top: float, widths: list[float]) -> list[Box]:
    """Boxes side by side, all as tall as the tallest."""
    height = max(s.height(w) for s, w in zip(specs, widths, strict=True))
    boxes, x = [], left
    for spec, w in zip(specs, widths, strict=True):
        boxes.append(spec.place(x, top, w, height))
        x += w + SPACING
    return boxes


def _layout(week: str) -> DecisionChart:
    """Place a week's boxes from the top of the page down, then shift them onto the page."""
    content = _CONTENT[week]()
    inner = WIDTH - 2 * MARGIN
    boxes: list[Box] = []
    edges: list[Edge] = []

    def get(key: str) -> Box:
        return next(b for b in boxes if b.key == key)

    top = -MARGIN
    boxes.append(_Spec("heading", "heading", content["title"]).place(MARGIN, top, inner))
    top = boxes[-1].bottom - 0.10

    # the steps before the ladder, side by side
    start: list[_Spec] = content["start"]
    if len(start) == 2:   # a wide step over the first two columns, a principle beside it
        wide = GAPS[0] + GAPS[1] - MARGIN
        widths = [wide, inner - wide - SPACING]
    else:
        widths = [(inner - (len(start) - 1) * SPACING) / len(start)] * len(start)
    boxes += _row(start, MARGIN, top, widths)
    edges += [Edge((a,), b) for a, b in content["start_edges"]]
    start_bottom = min(b.bottom for b in boxes)

    # the column headings; the arrow into the ladder runs down left of the first one
    x_in = LADDER[0] + 0.22
    top = start_bottom - 0.45
    heads = [("head_ladder", "1. the error ladder", x_in + 0.08),
             ("head_gaps", "2. which gap is largest?", GAPS[0]),
             ("head_tactics", "3. work on it with these tactics", TACTICS[0])]
    for key, title, left in heads:
        boxes.append(_Spec(key, "column", title).place(left, top, _text_width(title, COLUMN_PT)))
    top = min(b.bottom for b in boxes) - 0.14

    # the ladder: rungs on the boundaries of bands, one band per gap
    rungs: list[_Spec] = content["rungs"]
    gaps: list[_Spec] = content["gaps"]
    tactics: list[_Spec] = content["tactics"]
    rung_h = [r.height(LADDER[1]) for r in rungs]
    rows = [max(g.height(GAPS[1]), t.height(TACTICS[1]))
            for g, t in zip(gaps, tactics, strict=True)]
    centers = [top - rung_h[0] / 2]
    for i, row in enumerate(rows):
        band = max(row + GAP_Y, rung_h[i] / 2 + rung_h[i + 1] / 2 + 0.34)
        centers.append(centers[-1] - band)
    for spec, h, c in zip(rungs, rung_h, centers, strict=True):
        boxes.append(spec.place(LADDER[0], c + h / 2, LADDER[1]))
    edges += [Edge((a.key,), b.key) for a, b in zip(rungs, rungs[1:], strict=False)]
    for i, (gap, tactic, row) in enumerate(zip(gaps, tactics, rows, strict=True)):
        mid = (centers[i] + centers[i + 1]) / 2
        boxes.append(gap.place(GAPS[0], mid + row / 2, GAPS[1], row))
        boxes.append(tactic.place(TACTICS[0], mid + row / 2, TACTICS[1], row))
        edges.append(Edge((rungs[i].key, rungs[i + 1].key), gap.key))
        edges.append(Edge((gap.key,), tactic.key))

    # into the ladder from the steps above it
    source = get(content["into_ladder"])
    first = get(rungs[0].key)
    if source.left <= x_in <= source.right:
        via: tuple[tuple[float, float], ...] = ((x_in, start_bottom - 0.2),)
    else:
        y_turn = start_bottom - 0.2
        via = ((source.center[0], y_turn), (x_in, y_turn))
    edges.append(Edge((source.key,), first.key, via=via))
    if content.get("into_tactics"):
        key, label = content["into_tactics"]
        head = get("head_tactics")
        src = get(key)
        x = (max(src.left, head.left) + min(src.right, head.right)) / 2
        edges.append(Edge((key,), "head_tactics", via=((x, src.bottom - 0.1),), label=label))
    top = min(b.bottom for b in boxes) - 0.40

    # week 2: the tools used inside two of the tactics, in a group under the ladder
    tools: list[_Spec] = content["tools"]
    if tools:
        title = content["tools_title"]
        group_top = top
        n = len(tools)
        w = (inner - 2 * PAD_X - (n - 1) * SPACING) / n
        title_h = COLUMN_PT * LINE / 72 + 2 * PAD_Y
        members = _row(tools, MARGIN + PAD_X, group_top - title_h, [w] * n)
        bottom = min(b.bottom for b in members) - PAD_X
        boxes.append(Box("tools", "group", title, (), (), MARGIN, round(bottom, 3), inner,
                         round(group_top - bottom, 3), "tool"))
        boxes += members
        for key in ("do_bias", "do_variance"):
            y = get(key).center[1]
            edges.append(Edge((key,), "tools", via=((RAIL, y),)))
        top = bottom - 0.2
    note: _Spec | None = content["note"]
    if note is not None:
        boxes.append(note.place(MARGIN, top, inner))
        top = boxes[-1].bottom
    bottom = top - MARGIN

    # shift everything up so that the page runs from y = 0 to its height
    def up(y: float) -> float:
        return round(y - bottom, 3)

    boxes = [Box(b.key, b.kind, b.title, b.lines, b.notebooks, b.x, up(b.y), b.width,
                 b.height, b.tone) for b in boxes]
    edges = [Edge(e.sources, e.target, tuple((x, up(y)) for x, y in e.via), e.label)
             for e in edges]
    return DecisionChart(week, content["title"], WIDTH, round(-bottom, 3), tuple(boxes),
                         tuple(edges))


def decision_chart(week: str) -> DecisionChart:
    """The layout of a week's decision chart: its boxes, their text and the arrows.

    Parameters
    ----------
    week : str
        ``"week1"``, ``"week2"`` or ``"week3"`` (see :data:`WEEKS`).

    Returns
    -------
    DecisionChart
        Plain data, in inches: draw it with :func:`draw_decision_chart`.

    Raises
    ------
    TypeError
        If ``week`` is not a string.
    ValueError
        If the course has no chart for ``week``.

    Examples
    --------
    >>> chart = decision_chart("week2")
    >>> [box.title for box in chart.boxes if box.kind == "gap"]
    ['avoidable bias', 'variance', 'data mismatch', 'dev-set overfitting']
    >>> chart.box("gap_mismatch").lines[0]
    '= dev − training-dev error'
    >>> decision_chart("week2") == chart  # deterministic
    True
    """
    if not isinstance(week, str):
        raise TypeError(f"week must be a string such as 'week1', got {type(week).__name__}")
    if week not in WEEKS:
        raise ValueError(f"week must be one of {', '.join(map(repr, WEEKS))}, got {week!r}")
    return _layout(week)


# ---------------------------------------------------------------------------- drawing

TONES: dict[str, tuple[str, str]] = {
    # tone: (face colour, edge colour)
    "neutral": ("#ffffff", "#444444"),
    "start": ("#eef3fa", "#4a6fa5"),
    "bias": ("#fff1e3", "#d9711c"),
    "variance": ("#f4ecf8", "#8a55a8"),
    "mismatch": ("#e6f5f3", "#1f8a7d"),
    "devfit": ("#f3ede7", "#8a6240"),
    "goal": ("#fbe9e9", "#c23b3b"),
    "tool": ("#eaf5e6", "#3f8a36"),
    "note": ("#fbf7e0", "#a38a1c"),
}


def draw_decision_chart(chart: DecisionChart | str, ax: Any = None) -> Any:
    """Draw a decision chart with matplotlib.

    Parameters
    ----------
    chart : DecisionChart or str
        A layout from :func:`decision_chart`, or a week (``"week1"``) to lay out first.
    ax : matplotlib Axes, optional
        Where to draw. When omitted, a new figure of the chart's size (in inches) is made,
        so that the text has the sizes the layout was wrapped for.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    TypeError
        If ``chart`` is neither a :class:`DecisionChart` nor a string, or ``ax`` is not a
        matplotlib Axes.
    ValueError
        If ``chart`` is a string that names no chart.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> chart = decision_chart("week1")
    >>> ax = draw_decision_chart(chart)
    >>> tuple(ax.figure.get_size_inches()) == (chart.width, chart.height)
    True
    >>> len([t for t in ax.texts if t.get_gid() == "text:gap_bias"])  # title, 2 lines, tag
    4
    >>> plt.close(ax.figure)
    """
    if isinstance(chart, str):
        chart = decision_chart(chart)
    elif not isinstance(chart, DecisionChart):
        raise TypeError("chart must be a DecisionChart (from decision_chart) or a week such "
                        f"as 'week1', got {type(chart).__name__}")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    if ax is None:
        fig = plt.figure(figsize=(chart.width, chart.height))
        ax = fig.add_axes((0, 0, 1, 1))
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    ax.set_xlim(0, chart.width)
    ax.set_ylim(0, chart.height)
    ax.set_axis_off()

    for box in chart.boxes:
        face, edge = TONES.get(box.tone, TONES["neutral"])
        if box.kind not in ("heading", "column"):
            group = box.kind == "group"
            patch = FancyBboxPatch((box.x, box.y), box.width, box.height,
                                   boxstyle="round,pad=0,rounding_size=0.06",
                                   facecolor="#fbfdfa" if group else face, edgecolor=edge,
                                   linestyle="--" if group else "-",
                                   linewidth=1.6 if box.kind == "gap" else 1.0,
                                   zorder=0 if group else 2)
            patch.set_gid(f"box:{box.key}")
            ax.add_patch(patch)
        _draw_text(ax, box, edge)

    arrow = {"arrowstyle": "-|>", "mutation_scale": 11, "color": "#555555", "lw": 1.1,
             "shrinkA": 0, "shrinkB": 1, "zorder": 1}
    for edge in chart.edges:
        for line in chart.bracket(edge):
            (x0, y0), (x1, y1) = line
            ax.plot([x0, x1], [y0, y1], color="#555555", lw=1.1, zorder=1,
                    solid_capstyle="butt")
        points = chart.path(edge)
        for (x0, y0), (x1, y1) in zip(points[:-2], points[1:-1], strict=False):
            ax.plot([x0, x1], [y0, y1], color="#555555", lw=1.1, zorder=1)
        ax.add_patch(FancyArrowPatch(points[-2], points[-1], **arrow))
        if edge.label:
            (x0, y0), (x1, y1) = points[0], points[1]
            text = ax.text((x0 + x1) / 2 + 0.06, (y0 + y1) / 2, edge.label, fontsize=TAG_PT,
                           style="italic", color="#555555", va="center", ha="left", zorder=3)
            text.set_gid(f"label:{edge.target}")
    return ax


def _draw_text(ax: Any, box: Box, colour: str) -> None:
    """Stack a box's title, lines and tags from its top, the way :func:`_box_height` counts."""
    title_pt = _title_pt(box.kind)
    y = box.top - PAD_Y
    x = box.x + PAD_X
    for line in _title_lines(box.title, box.width, title_pt):
        t = ax.text(x, y, line, fontsize=title_pt, fontweight="bold", va="top", ha="left",
                    color="#1d2b44" if box.kind in ("heading", "column", "group")
                    else "#222222", zorder=3)
        t.set_gid(f"text:{box.key}")
        y -= title_pt * LINE / 72
    for line in box.lines:
        t = ax.text(x, y, line, fontsize=BODY_PT, va="top", ha="left", color="#222222",
                    zorder=3)
        t.set_gid(f"text:{box.key}")
        y -= BODY_PT * LINE / 72
    if box.tags:
        t = ax.text(box.right - PAD_X, box.y + PAD_Y, "  ".join(box.tags), fontsize=TAG_PT,
                    style="italic", va="bottom", ha="right", color=colour, zorder=3)
        t.set_gid(f"text:{box.key}")

