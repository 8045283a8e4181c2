"""Source and release notebooks: structure, no leaks, and notebooks/ up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import RELEASE, SOLUTIONS, graded_cells, read, source_notebooks

from autograder.release import generate_release, stale_files
from course_lib.exercises import get_exercise

SOURCES = source_notebooks()
IDS = [f"{p.parent.name}/{p.stem}" for p in SOURCES]
CALL = re.compile(r'^(check|grade)\("([a-z0-9_]+)", ([A-Za-z_][A-Za-z0-9_]*)(, .*)?\)$')


def test_both_weeks_have_notebooks_in_order():
    assert SOURCES, "no source notebooks found"
    for week in sorted({p.parent for p in SOURCES}):
        numbers = [int(p.name[:2]) for p in sorted(week.glob("*.ipynb"))]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), week


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_source_notebook_is_stored_without_outputs(path):
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_source_notebook_follows_the_template(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# Week")
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    assert "recap" in text or "summary" in text
    tests = graded_cells(nb)
    assert len(tests) >= 2, "each notebook has at least two graded parts"
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                 if "nbgrader" in c.metadata and "grade_id" in c.metadata["nbgrader"]]
    assert len(grade_ids) == len(set(grade_ids)), "grade ids must be unique"


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_each_test_cell_is_one_check_and_one_hidden_grade(path):
    nb = read(path)
    prefix = f"w{path.parent.name[-1]}_{path.name[:2]}_"
    solution_ids = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in graded_cells(nb):
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert lines[1:2] == ["### BEGIN HIDDEN TESTS"] and lines[-1] == "### END HIDDEN TESTS", \
            f"test cell {cell.metadata['nbgrader']['grade_id']} must be check + hidden grade"
        visible, hidden = CALL.match(lines[0]), CALL.match(lines[2])
        assert visible and hidden and len(lines) == 4, cell.source
        assert visible.group(1) == "check" and hidden.group(1) == "grade"
        assert visible.group(2) == hidden.group(2) and visible.group(3) == hidden.group(3)
        exercise_id = visible.group(2)
        assert exercise_id.startswith(prefix)
        get_exercise(exercise_id)  # registered
        assert cell.metadata["nbgrader"]["grade_id"] == f"test_{exercise_id}"
        assert cell.metadata["nbgrader"]["points"] > 0
        assert f"{exercise_id}_answer" in solution_ids, f"no solution cell for {exercise_id}"


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory) -> Path:
    return Path(tmp_path_factory.mktemp("release")) / "notebooks"


def test_notebooks_folder_is_up_to_date(fresh_release):
    generate_release(fresh_release)
    problems = stale_files(fresh_release, RELEASE)
    assert not problems, "notebooks/ is stale - run `course build`:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", SOURCES, ids=IDS)
def test_release_has_no_solution_and_no_hidden_tests(path):
    release = RELEASE / path.relative_to(SOLUTIONS)
    assert release.exists(), f"{release} is missing: run `course build`"
    nb = read(release)
    source = read(path)
    text = "\n".join(c.source for c in nb.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "grade("):
        assert marker not in text
    solution_lines, outside = [], []
    for cell in source.cells:
        body, inside = [], False
        for line in cell.source.splitlines():
            if "### BEGIN SOLUTION" in line or "### BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "### END SOLUTION" in line or "### END HIDDEN TESTS" in line:
                inside = False
            elif inside:
                solution_lines.append(line.strip())
            else:
                body.append(line)
        outside.append("\n".join(body))
    outside_text = "\n".join(outside)
    for line in dict.fromkeys(solution_lines):
        if len(line) > 12:
            # a line may legitimately appear elsewhere (a worked example): only more copies leak
            assert text.count(line) <= outside_text.count(line), f"solution line leaked: {line}"
    assert text.count("raise NotImplementedError()") >= 2
