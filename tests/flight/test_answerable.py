"""Every flight-simulator question is answerable with what the notebooks before it teach.

Two checks, each with a test that shows it can fail:

- each question's ``lecture`` link points at a lecture notebook that comes *before* the
  simulator in the course manifest's order (never forward, never the simulator itself);
- each course_lib function a solution cell of the simulator uses is taught in some lecture
  notebook at or before that question's lecture -- the notebook's code imports or calls it,
  or one of its exercises has the learner build it (the exercise is checked against that
  function) -- with every keyword argument the solution passes (question 3 calls
  ``dev_set_size(..., confidence=..., power=...)``: week 1 · 05 must teach ``power``).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from course_lib import flight
from course_lib.manifest import course

ROOT = Path(__file__).resolve().parents[2]
SIMULATORS = {"w1_12_": ("week1/12_flight_simulator_birds.ipynb", flight.BIRDS_QUESTIONS),
              "w2_11_": ("week2/11_flight_simulator_road_signs.ipynb",
                         flight.ROAD_SIGNS_QUESTIONS),
              "w3_07_": ("week3/07_flight_simulator_scanned_forms.ipynb",
                         flight.SCANNED_FORMS_QUESTIONS)}
#: modules of the notebooks' machinery (checks, scenarios, plots), not taught tools
MACHINERY = ("course_lib.flight", "course_lib.exercises", "course_lib.plotting")


def _order() -> list[str]:
    return [nb.path for nb in course().notebooks]


def _path_of(link: str) -> str:
    return course().notebook(link).path


# ------------------------------------------------------------------ what code uses
class _Uses(ast.NodeVisitor):
    """course_lib functions a piece of code uses, as {(module, name): {keywords}}."""

    def __init__(self, bound: dict[str, tuple[str, str | None]]) -> None:
        # local name -> (module, function) for `from m import f`, (module, None) for modules
        self.bound = bound
        self.uses: dict[tuple[str, str], set[str]] = {}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module.startswith("course_lib"):
            for alias in node.names:
                local = alias.asname or alias.name
                if module == "course_lib" and alias.name not in ("check", "grade"):
                    self.bound[local] = (f"course_lib.{alias.name}", None)  # a module
                else:
                    self.bound[local] = (module, alias.name)
                    self.uses.setdefault((module, alias.name), set())

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.startswith("course_lib") and alias.asname:
                self.bound[alias.asname] = (alias.name, None)

    def _target(self, func: ast.expr) -> tuple[str, str] | None:
        if isinstance(func, ast.Name) and func.id in self.bound:
            module, name = self.bound[func.id]
            return (module, name) if name else None
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            module, name = self.bound.get(func.value.id, ("", ""))
            if module and name is None:
                return module, func.attr
        return None

    def visit_Call(self, node: ast.Call) -> None:
        target = self._target(node.func)
        if target:
            self.uses.setdefault(target, set()).update(k.arg for k in node.keywords if k.arg)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        target = self._target(node)
        if target:
            self.uses.setdefault(target, set())
        self.generic_visit(node)


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    nb = nbformat.read(path, 4)
    return [c for c in nb.cells if c.cell_type == "code"]


def _parse(source: str) -> ast.Module:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.parse("")


def notebook_uses(path: Path) -> dict[tuple[str, str], set[str]]:
    """Every course_lib function a solution notebook imports or calls, with the keywords."""
    visitor = _Uses({})
    for cell in _code_cells(path):
        visitor.visit(_parse(cell.source))
    return visitor.uses


def taught_in(entry) -> dict[tuple[str, str], set[str]]:
    """What a lecture notebook teaches: the course_lib functions its code uses, and the ones
    its exercises have the learner build (checked against that function, so the learner
    writes every one of its parameters)."""
    from course_lib.exercises import get_exercise

    taught = notebook_uses(ROOT / "solutions" / entry.path)
    for exercise_id in entry.exercises:
        reference = get_exercise(exercise_id).reference
        module = getattr(reference, "__module__", "") or ""
        if reference is None or not module.startswith("course_lib"):
            continue
        params = set(inspect.signature(reference).parameters)
        taught.setdefault((module, reference.__name__), set()).update(params)
    return taught


def answer_uses(path: Path, prefix: str) -> dict[str, dict[tuple[str, str], set[str]]]:
    """Per question id, the taught functions its answer cell uses (names bound earlier in the
    notebook included), machinery left out."""
    bound: dict[str, tuple[str, str | None]] = {}
    out = {}
    for cell in _code_cells(path):
        visitor = _Uses(bound)
        visitor.visit(_parse(cell.source))
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith(prefix) and grade_id.endswith("_answer"):
            qid = grade_id.removeprefix(prefix).removesuffix("_answer")
            out[qid] = {k: v for k, v in visitor.uses.items()
                        if not k[0].startswith(MACHINERY)}
    return out


# ------------------------------------------------------------------ the two checks
def forward_links(specs: Sequence[flight.QuestionSpec], simulator: str) -> list[str]:
    """Questions whose lecture is not a notebook before the simulator in course order."""
    order = _order()
    problems = []
    for spec in specs:
        try:
            where = order.index(_path_of(spec.lecture))
        except (KeyError, ValueError):
            problems.append(f"{spec.id}: {spec.lecture} is not a notebook of the course")
            continue
        if where >= order.index(simulator):
            problems.append(f"{spec.id}: {spec.lecture} does not come before {simulator}")
    return problems


def untaught_tools(specs: Sequence[flight.QuestionSpec], simulator: str,
                   prefix: str) -> list[str]:
    """Functions (and keywords) a solution uses that no notebook up to its lecture uses."""
    order = _order()
    taught = {nb.path: taught_in(nb) for nb in course().notebooks
              if (ROOT / "solutions" / nb.path).exists()}
    needs = answer_uses(ROOT / "solutions" / simulator, prefix)
    problems = []
    for spec in specs:
        lecture = _path_of(spec.lecture)
        before = order[:order.index(lecture) + 1]
        for (module, name), keywords in needs.get(spec.id, {}).items():
            seen = [taught[p][(module, name)] for p in before
                    if p in taught and (module, name) in taught[p]]
            if not seen:
                problems.append(f"{spec.id} uses {module}.{name}, which no notebook up to "
                                f"{lecture} uses")
                continue
            missing = keywords - set().union(*seen)
            if missing:
                problems.append(f"{spec.id} calls {module}.{name} with {sorted(missing)}, which "
                                f"no notebook up to {lecture} passes")
    return problems


@pytest.mark.parametrize("prefix", sorted(SIMULATORS))
def test_every_lecture_link_points_back_in_the_course(prefix):
    simulator, specs = SIMULATORS[prefix]
    assert forward_links(specs, simulator) == []


@pytest.mark.parametrize("prefix", sorted(SIMULATORS))
def test_every_tool_a_solution_uses_is_taught_at_or_before_its_lecture(prefix):
    simulator, specs = SIMULATORS[prefix]
    needs = answer_uses(ROOT / "solutions" / simulator, prefix)
    assert set(needs) == {s.id for s in specs}  # every question has its answer cell
    assert untaught_tools(specs, simulator, prefix) == []


def test_every_solution_tool_is_found_by_the_parser():
    """The checks see the tools the solutions use (so an empty problem list means
    something)."""
    birds = answer_uses(ROOT / "solutions" / SIMULATORS["w1_12_"][0], "w1_12_")
    assert birds["q03"][("course_lib.sizing", "dev_set_size")] >= {"confidence", "power"}
    assert ("course_lib.strategy", "diagnose") in birds["q08"] or \
        ("course_lib.strategy", "diagnose") in birds["q07"]
    assert ("course_lib.orthogonalization", "first_failing_step") in birds["q15"]
    road = answer_uses(ROOT / "solutions" / SIMULATORS["w2_11_"][0], "w2_11_")
    assert ("course_lib.error_analysis", "ceiling") in road["q03"]


def test_a_forward_link_or_an_untaught_tool_is_reported():
    simulator, specs = SIMULATORS["w1_12_"]
    # a link forward (to week 2) and a link to the simulator itself
    ahead = [replace(specs[0], lecture="../week2/01_error_analysis.ipynb"),
             replace(specs[1], lecture="../week1/12_flight_simulator_birds.ipynb")]
    assert len(forward_links(ahead, simulator)) == 2
    # question 15 uses first_failing_step (taught in week1/01): sent to a notebook before it
    # that never uses it... there is none before 01, so send question 3 (dev_set_size, taught
    # in week1/05) back to week1/02, which never uses it
    early = [replace(next(s for s in specs if s.id == "q03"),
                     lecture="../week1/02_single_number_metric.ipynb")]
    found = untaught_tools(early, simulator, "w1_12_")
    assert any("dev_set_size" in p for p in found), found
    # week 2's error-analysis ceiling is not taught anywhere in week 1
    road_sim, road_specs = SIMULATORS["w2_11_"]
    moved = [replace(next(s for s in road_specs if s.id == "q03"),
                     lecture="../week1/11_improving_model_performance.ipynb")]
    assert any("ceiling" in p for p in untaught_tools(moved, road_sim, "w2_11_"))
