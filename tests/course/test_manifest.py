"""The course manifest agrees with the notebooks, the registry and the README."""

from __future__ import annotations

import importlib

import pytest
from helpers import RELEASE, REPO, SOLUTIONS, graded_cells, read

from course_lib.exercises.registry import all_exercises
from course_lib.manifest import course

NOTEBOOKS = course().notebooks


def test_the_manifest_lists_exactly_the_source_notebooks():
    listed = {nb.path for nb in NOTEBOOKS}
    found = {str(p.relative_to(SOLUTIONS)) for p in SOLUTIONS.glob("*/*.ipynb")}
    assert listed == found


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda nb: nb.path)
def test_a_notebook_grades_what_the_manifest_says_in_that_order(entry):
    nb = read(SOLUTIONS / entry.path)
    assert nb.cells[0].source.splitlines()[0].endswith(f"— {entry.title}")
    tests = [c.metadata["nbgrader"]["grade_id"] for c in graded_cells(nb)]
    answers = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
               if c.metadata.get("nbgrader", {}).get("solution")]
    exercises = [course().exercise(e) for e in entry.exercises]
    assert tests == [e.test_cell for e in exercises]
    assert answers == [e.answer_cell for e in exercises]
    assert (RELEASE / entry.path).exists()


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda nb: nb.path)
def test_each_notebook_has_its_exercise_module(entry):
    module = importlib.import_module(entry.module)
    assert module.__file__ and module.__file__.endswith(f"{entry.module.rsplit('.', 1)[1]}.py")


def test_the_registry_defines_exactly_the_listed_exercises():
    course_ids = {i for i in all_exercises() if not i.startswith("w1_99_")}  # tests' own
    assert course_ids == set(course().exercise_ids)
    assert len(course().exercise_ids) == len(set(course().exercise_ids))


def test_the_readme_table_of_contents_is_the_manifest():
    assert course().contents_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_lookups_say_what_is_missing():
    with pytest.raises(KeyError, match="no week 'week9'"):
        course().week("week9")
    with pytest.raises(KeyError, match="no notebook"):
        course().notebook("week1/99_nothing.ipynb")
    with pytest.raises(KeyError, match="w1_99_x"):
        course().exercise("w1_99_x")
    assert course().notebook("../week1/08_avoidable_bias.ipynb").title == "Avoidable bias"
