"""Learner-facing objects of the flight simulators expose data, never derived answers.

- no figure of a scenario (``birds.data``, ``road.data``) is named like an answer, and none
  holds a question's right answer as a value for most learners (a chance equality for one
  learner is not a leak; an answer written into a figure is one for every learner);
- the notebooks hand no answering tool to the learner before the question it answers: a
  course_lib function imported outside the SOLUTION regions comes only after the first
  question whose solution uses it.
"""

from __future__ import annotations

import ast
import math
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from answer_key.flight import solve_birds, solve_road_signs, solve_scanned_forms

ROOT = Path(__file__).resolve().parents[2]
LEARNERS = ["", "ada", "Bob Smith", "zoë", *(f"leak-{i}" for i in range(8))]
SOLVERS = {"birds": solve_birds, "road_signs": solve_road_signs,
           "scanned_forms": solve_scanned_forms}
NOTEBOOKS = {"birds": ROOT / "solutions/week1/12_flight_simulator_birds.ipynb",
             "road_signs": ROOT / "solutions/week2/11_flight_simulator_road_signs.ipynb",
             "scanned_forms": ROOT / "solutions/week3/07_flight_simulator_scanned_forms.ipynb"}
#: words that name a derived value, never raw data
ANSWER_WORDS = ("answer", "estimate", "focus", "solution", "correct", "right", "verdict",
                "best", "needed", "diagnos")
#: (scenario, question) -> figure whose values include the answer because the question is
#: to pick it out of them (question 6: the lowest of the human levels it lists)
PICKED_FROM = {("birds", "q06"): "human_errors"}
#: modules of the notebook's machinery, not tools that answer questions
MACHINERY = ("course_lib.flight", "course_lib.exercises", "course_lib.plotting")
MACHINERY_NAMES = {"check", "grade"}


def _leaves(value, path):
    """(path, value) of every scalar inside a figure (mappings, sequences, table cells)."""
    if hasattr(value, "to_numpy") and hasattr(value, "columns"):  # a DataFrame
        for label, row in value.iterrows():
            for column in value.columns:
                yield f"{path}[{label!r}, {column!r}]", row[column]
        return
    if hasattr(value, "items"):
        for key, item in value.items():
            yield from _leaves(item, f"{path}[{key!r}]")
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
        return
    yield path, value


def _equal(leaf, answer) -> bool:
    if isinstance(answer, frozenset):
        return isinstance(leaf, (set, frozenset, tuple)) and set(leaf) == set(answer)
    if isinstance(answer, str):
        return isinstance(leaf, str) and leaf.strip().lower() == answer.strip().lower()
    if isinstance(leaf, bool) or not isinstance(leaf, (int, float)) or leaf is None:
        return False
    return math.isfinite(float(leaf)) and abs(float(leaf) - float(answer)) < 1e-9


def leaks(name: str, learners=LEARNERS) -> list[str]:
    """Every figure of scenario ``name`` that is named like an answer or holds one."""
    found = []
    hits = defaultdict(int)
    for learner in learners:
        solved = SOLVERS[name](learner)
        figures = solved.scenario.data
        for figure in figures.names:
            if any(word in figure.lower() for word in ANSWER_WORDS):
                found.append(f"{name}.data.{figure} is named like a derived answer")
            value = getattr(figures, figure)
            for q in solved.solved_questions:
                if PICKED_FROM.get((name, q.id)) == figure:
                    continue
                for path, leaf in _leaves(value, figure):
                    if _equal(leaf, q.answer):
                        # a table's cells count per column; other figures per entry
                        where = path.rsplit("[", 1)[0] if hasattr(value, "columns") else path
                        hits[(q.id, where)] += 1
    # an equality that holds for many learners is an answer written into the figures
    found += [f"{name}.data.{path} equals the answer of {qid} for {n} of {len(learners)} "
              "learners" for (qid, path), n in sorted(hits.items()) if n > len(learners) // 3]
    return sorted(set(found))


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_no_figure_is_named_like_an_answer_or_holds_one(name):
    assert leaks(name) == []


def test_the_leak_check_finds_an_answer_written_into_the_figures(monkeypatch):
    """The check is real: answers added to the figures (as birds once had
    ``bayes_estimate`` and ``first_focus``) are found, by name and by value."""
    from dataclasses import replace

    from course_lib.flight.model import Figures

    def leaky_birds(learner=""):
        solved = solve_birds(learner)
        data = solved.scenario.data.to_data()
        data["values"]["bayes_estimate"] = solved.answer("q06")
        data["values"]["plan"] = solved.answer("q08")
        scenario = replace(solved.scenario, data=Figures.from_data(data))
        return type(solved)(scenario, solved.solutions)

    monkeypatch.setitem(SOLVERS, "birds", leaky_birds)
    found = leaks("birds")
    assert "birds.data.bayes_estimate is named like a derived answer" in found
    assert any(f.startswith("birds.data.bayes_estimate equals the answer of q06") for f in found)
    assert any(f.startswith("birds.data.plan equals the answer of q08") for f in found)


# ------------------------------------------------------------------ notebooks
def _strip_solutions(source: str) -> str:
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            inside = True
        elif line.strip() == "### END SOLUTION":
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _tool_imports(source: str) -> set[str]:
    """course_lib functions a piece of code imports (machinery left out)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_lib"):
            if node.module.startswith(MACHINERY):
                continue
            names |= {a.name for a in node.names if a.name not in MACHINERY_NAMES}
    return names


def handed_tools(nb) -> list[str]:
    """Tools imported outside the SOLUTION regions before the first question that uses them."""
    first_use: dict[str, int] = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            for name in _tool_imports(cell.source):
                first_use.setdefault(name, i)
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for name in _tool_imports(_strip_solutions(cell.source)):
            if i < first_use.get(name, len(nb.cells)):
                problems.append(f"cell {i} hands the learner {name} before the question it "
                                "answers")
    return problems


@pytest.mark.parametrize("name", sorted(NOTEBOOKS))
def test_the_notebook_pre_imports_no_answering_tool(name):
    nb = nbformat.read(NOTEBOOKS[name], 4)
    assert handed_tools(nb) == []
    first_code = next(c for c in nb.cells if c.cell_type == "code" and "_scenario(" in c.source)
    assert _tool_imports(first_code.source) == set()


def test_the_notebook_check_finds_a_pre_imported_tool():
    nb = nbformat.read(NOTEBOOKS["birds"], 4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "birds_scenario(" in c.source)
    cell.source = "from course_lib.strategy import diagnose\n" + cell.source
    assert any("diagnose" in p for p in handed_tools(nb))
