"""The guides at the top of ``solutions/``: the two one-page summaries and the glossary.

Their links lead to notebooks that exist, every glossary term is taught where it links to,
the summaries run in a fresh kernel and show their decision chart, and the chart's layout
(:mod:`course_lib.experiments.decision_charts`) is sound: boxes on the page and apart,
arrows that run between boxes without crossing any, text inside its box.
"""

from __future__ import annotations

import os
import re
from itertools import combinations

import matplotlib
import matplotlib.pyplot as plt
import pytest
from helpers import SOLUTIONS, read
from nbclient import NotebookClient

from course_lib.experiments.decision_charts import (
    KINDS,
    WEEKS,
    DecisionChart,
    decision_chart,
    draw_decision_chart,
)
from course_lib.manifest import course

matplotlib.use("Agg")

SUMMARIES = {week: SOLUTIONS / f"summary_{week}.ipynb" for week in WEEKS}
GLOSSARY = SOLUTIONS / "glossary.ipynb"
GUIDES = [*SUMMARIES.values(), GLOSSARY]
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
ENTRY = re.compile(r"^- \*\*(?P<term>[^*]+)\*\* — (?P<definition>.+) "
                   r"\[(?P<label>week\d · \d\d)\]\((?P<path>[^)\s]+)\)$")


def markdown(path) -> str:
    return "\n".join(c.source for c in read(path).cells if c.cell_type == "markdown")


def notebook_text(path) -> str:
    """Every cell of a notebook, lower case, with runs of white space made one space."""
    return re.sub(r"\s+", " ", "\n".join(c.source for c in read(path).cells)).lower()


def glossary_entries() -> list[re.Match]:
    lines = [line for line in markdown(GLOSSARY).splitlines() if line.startswith("- ")]
    entries = [ENTRY.match(line) for line in lines]
    bad = [line[:70] for line, entry in zip(lines, entries, strict=True) if entry is None]
    assert not bad, f"glossary lines not of the form '- **term** — definition [link]': {bad}"
    return entries


def sort_key(term: str) -> str:
    """Dictionary order: letters and digits only, case ignored."""
    return re.sub(r"[^a-z0-9]", "", term.lower())


# ------------------------------------------------------------------ the notebooks


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_a_guide_is_a_plain_notebook_without_outputs(path):
    nb = read(path)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for cell in nb.cells:
        assert "nbgrader" not in cell.metadata, "a top-level notebook cannot be graded"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.stem)
def test_every_link_of_a_guide_leads_to_a_notebook_that_exists(path):
    links = [target for _, target in LINK.findall(markdown(path))]
    assert links, "a guide links to the notebooks"
    for target in links:
        assert target.endswith(".ipynb") and not target.startswith(("/", "http")), target
        assert (SOLUTIONS / target).is_file(), f"{path.name} links to a missing {target}"


def test_the_start_notebook_links_the_three_guides():
    targets = {target for _, target in LINK.findall(markdown(SOLUTIONS / "00_start_here.ipynb"))}
    assert {p.name for p in GUIDES} <= targets


@pytest.mark.parametrize("week", WEEKS)
def test_a_summary_links_every_notebook_its_chart_names(week):
    chart = decision_chart(week)
    text = markdown(SUMMARIES[week])
    assert chart.link_table() in text, "the table under the chart is stale: rebuild it"
    linked = {target for _, target in LINK.findall(text)}
    assert set(chart.notebooks) <= linked


def test_the_glossary_has_35_to_65_unique_terms_in_alphabetical_order():
    terms = [entry["term"] for entry in glossary_entries()]
    assert 35 <= len(terms) <= 65, len(terms)
    assert len({t.lower() for t in terms}) == len(terms), "a term appears twice"
    assert terms == sorted(terms, key=sort_key), "terms must be in alphabetical order"
    assert f"The {len(terms)} terms" in markdown(GLOSSARY)


def test_each_glossary_term_is_taught_in_the_notebook_it_links_to():
    entries = {nb.path: nb for nb in course().notebooks}
    for entry in glossary_entries():
        path = entry["path"]
        assert path in entries, f"{entry['term']}: {path} is not a notebook of the course"
        assert entry["label"] == f"{entries[path].week} · {entries[path].number}"
        term = re.escape(entry["term"].lower()).replace(r"\ ", " ")
        assert re.search(rf"(?<![a-z]){term}(s|es)?(?![a-z])", notebook_text(SOLUTIONS / path)), \
            f"{entry['term']!r} does not appear in {path}"


def test_each_glossary_definition_is_a_sentence_or_two():
    for entry in glossary_entries():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", entry["definition"]) if s]
        assert 1 <= len(sentences) <= 2, entry["term"]
        assert entry["definition"].endswith("."), entry["term"]


@pytest.fixture(scope="module", params=WEEKS)
def executed(request, tmp_path_factory):
    nb = read(SUMMARIES[request.param])
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the inline backend
    env["WORKBOOK_STATE"] = str(tmp_path_factory.mktemp("state"))
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(SOLUTIONS)}}).execute(env=env)
    return nb


def test_a_summary_runs_in_a_fresh_kernel_and_shows_one_image(executed):
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 1


# ------------------------------------------------------------------ the charts: input


@pytest.mark.parametrize("bad, error", [(1, TypeError), (None, TypeError), (b"week1", TypeError),
                                        ("week4", ValueError), ("Week1", ValueError),
                                        ("", ValueError)])
def test_decision_chart_rejects_a_bad_week(bad, error):
    with pytest.raises(error, match="week"):
        decision_chart(bad)


def test_draw_decision_chart_rejects_bad_input():
    with pytest.raises(TypeError, match="DecisionChart"):
        draw_decision_chart(42)
    with pytest.raises(ValueError, match="week"):
        draw_decision_chart("week9")
    with pytest.raises(TypeError, match="Axes"):
        draw_decision_chart("week1", ax="the left half")


def test_an_unknown_box_says_which_boxes_there_are():
    with pytest.raises(KeyError, match="gap_bias"):
        decision_chart("week1").box("gap_nothing")


# ------------------------------------------------------------------ the charts: layout

CHARTS = {week: decision_chart(week) for week in WEEKS}


def overlap(a, b, margin: float = 0.0) -> bool:
    return (a.left < b.right + margin and b.left < a.right + margin
            and a.bottom < b.top + margin and b.bottom < a.top + margin)


def inside(inner, outer) -> bool:
    return (outer.left <= inner.left and inner.right <= outer.right
            and outer.bottom <= inner.bottom and inner.top <= outer.top)


@pytest.mark.parametrize("week", WEEKS)
def test_the_layout_is_deterministic(week):
    assert decision_chart(week) == CHARTS[week]


def test_the_ladders_rungs_and_gaps():
    one, two = CHARTS["week1"], CHARTS["week2"]
    assert [b.title for b in one.rungs] == ["human-level error", "training error", "dev error",
                                            "test error", "real world"]
    assert [b.title for b in two.rungs] == ["human-level error", "training error",
                                            "training-dev error", "dev error", "test error"]
    gaps = {w: [b.title for b in CHARTS[w].boxes if b.kind == "gap"] for w in WEEKS}
    assert gaps["week1"] == ["avoidable bias", "variance", "dev-set overfitting",
                             "target misses the goal"]
    assert gaps["week2"] == ["avoidable bias", "variance", "data mismatch",
                             "dev-set overfitting"]
    assert [b.title for b in CHARTS["week3"].rungs] == [
        "desired or human level", "training error", "blackbox dev error", "eyeball dev error"]
    assert gaps["week3"] == ["avoidable bias", "variance", "eyeball-set overfitting"]
    assert two.box("gap_variance").lines[0] == "= training-dev − training error"
    assert one.box("gap_variance").lines[0] == "= dev − training error"


@pytest.mark.parametrize("week", WEEKS)
def test_each_gap_spans_two_neighbouring_rungs_and_leads_to_its_tactics(week):
    chart = CHARTS[week]
    rungs = [b.key for b in chart.rungs]
    gaps = [b for b in chart.boxes if b.kind == "gap"]
    assert len(gaps) == len(rungs) - 1
    for i, gap in enumerate(gaps):
        into = [e for e in chart.edges if e.target == gap.key]
        assert [e.sources for e in into] == [(rungs[i], rungs[i + 1])]
        upper, lower = chart.box(rungs[i]), chart.box(rungs[i + 1])
        assert lower.center[1] < gap.center[1] < upper.center[1]  # between the two rungs
        out = [chart.box(e.target) for e in chart.edges if e.sources == (gap.key,)]
        assert [(b.kind, b.tone) for b in out] == [("tactics", gap.tone)]
    assert [e.sources[0] for e in chart.edges if e.target in rungs[1:]] == rungs[:-1]


@pytest.mark.parametrize("week", WEEKS)
def test_every_box_is_on_the_page_and_apart_from_the_others(week):
    chart = CHARTS[week]
    assert chart.width == 10.0 and 8 < chart.height < 12
    assert len({b.key for b in chart.boxes}) == len(chart.boxes)
    for box in chart.boxes:
        assert box.kind in KINDS
        assert 0 < box.left < box.right < chart.width and 0 < box.bottom < box.top < chart.height
    for a, b in combinations(chart.boxes, 2):
        if "group" in (a.kind, b.kind):
            group, other = (a, b) if a.kind == "group" else (b, a)
            assert inside(other, group) or not overlap(group, other, 0.1), (a.key, b.key)
        else:
            assert not overlap(a, b, 0.1), f"{a.key} and {b.key} are closer than 0.1 inch"


@pytest.mark.parametrize("week", WEEKS)
def test_every_box_names_the_notebooks_that_teach_it(week):
    chart = CHARTS[week]
    paths = {nb.path for nb in course().notebooks}
    for box in chart.boxes:
        if box.kind in ("heading", "column", "group"):
            assert box.notebooks == ()
            continue
        assert box.notebooks and set(box.notebooks) <= paths, box.key
        assert all(re.fullmatch(r"w[1-9]·\d\d", tag) for tag in box.tags)
    rows = chart.link_table().splitlines()[2:]
    assert len(rows) == sum(bool(b.notebooks) for b in chart.boxes)


def test_each_chart_covers_its_weeks_notebooks():
    for week, last in (("week1", 11), ("week2", 10), ("week3", 8)):
        named = {p for p in CHARTS[week].notebooks if p.startswith(week)}
        lessons = {nb.path for nb in course().week(week).notebooks if int(nb.number) <= last}
        assert lessons <= named, sorted(lessons - named)


def crosses(start, end, box, margin: float = 0.02) -> bool:
    """Whether a horizontal or vertical segment passes through a box (or within ``margin``)."""
    (x0, y0), (x1, y1) = start, end
    left, right, low, high = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return (left < box.right + margin and box.left - margin < right
            and low < box.top + margin and box.bottom - margin < high)


def segments(chart: DecisionChart, edge):
    points = chart.path(edge)
    lines = [*zip(points, points[1:], strict=False)]
    return lines + [tuple(line) for line in chart.bracket(edge)]


@pytest.mark.parametrize("week", WEEKS)
def test_arrows_run_straight_between_boxes_and_cross_none(week):
    chart = CHARTS[week]
    for edge in chart.edges:
        ends = {*edge.sources, edge.target}
        points = chart.path(edge)
        start, tip = points[0], points[-1]
        target = chart.box(edge.target)
        on_border = (target.left - 1e-6 <= tip[0] <= target.right + 1e-6
                     and target.bottom - 1e-6 <= tip[1] <= target.top + 1e-6)
        assert on_border, f"the arrow to {edge.target} does not end on it"
        assert points[-2] != tip, f"the arrow to {edge.target} has no length"
        assert start != tip
        for (x0, y0), (x1, y1) in segments(chart, edge):
            assert x0 == x1 or y0 == y1, f"a slanted segment on the way to {edge.target}"
            for box in chart.boxes:
                if box.key not in ends and box.kind != "group":
                    assert not crosses((x0, y0), (x1, y1), box), \
                        f"the arrow to {edge.target} crosses {box.key}"


@pytest.fixture(scope="module", params=WEEKS)
def drawn(request):
    chart = CHARTS[request.param]
    ax = draw_decision_chart(chart)
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_data = ax.transData.inverted()
    extents = []
    for text in ax.texts:
        (x0, y0), (x1, y1) = to_data.transform(text.get_window_extent(renderer).get_points())
        extents.append((text.get_gid(), text.get_text(), x0, y0, x1, y1))
    plt.close(fig)
    return chart, extents


def test_the_drawing_has_the_text_of_every_box(drawn):
    chart, extents = drawn
    for box in chart.boxes:
        shown = [t for gid, t, *_ in extents if gid == f"text:{box.key}"]
        expected = len(box.lines) + bool(box.tags)
        assert len(shown) >= expected + 1, box.key  # at least a title line
        assert list(box.lines) == shown[len(shown) - expected:len(shown) - bool(box.tags)]


def test_text_stays_inside_its_box_and_clear_of_other_text(drawn):
    chart, extents = drawn
    eps = 0.01
    for gid, text, x0, y0, x1, y1 in extents:
        assert 0 <= x0 and x1 <= chart.width and 0 <= y0 and y1 <= chart.height, text
        if gid.startswith("text:"):
            box = chart.box(gid.removeprefix("text:"))
            assert box.left - eps <= x0 and x1 <= box.right + eps, f"{text!r} sticks out"
            assert box.bottom - eps <= y0 and y1 <= box.top + eps, f"{text!r} sticks out"
    for a, b in combinations(extents, 2):
        if a[0] == b[0] and a[0].startswith("text:"):
            continue  # lines of one box are stacked by construction
        apart = a[4] <= b[2] or b[4] <= a[2] or a[5] <= b[3] or b[5] <= a[3]
        assert apart, f"{a[1]!r} overlaps {b[1]!r}"
