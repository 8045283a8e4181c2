"""`course grade` on a class of broken submissions: none stops the batch, none vanishes.

One class of small notebooks on real exercises (tests/helpers/tiny_course.py) is graded
once, in parallel, in the sandbox; every way a submission breaks must end as a score
with its reason in the CSV, or as an explicit error row.
"""

from __future__ import annotations

import csv

import pytest
from helpers.tiny_course import (
    BEST,
    OTHER,
    POINTS,
    PRECISION,
    RECALL,
    TINY,
    VARIANTS,
    WEEK,
    make_source,
    make_submission,
    read_rows,
    run_grade,
)

from autograder.feedback import leaks
from course_lib import contract

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken-class")
    source = make_source(root / "source")
    subs = root / "submissions"
    for variant in VARIANTS:
        make_submission(source, subs / variant, variant)
    course = root / "course"
    result = run_grade(subs, course, source, "-j", "2")
    return {"root": root, "course": course, "source": source, "subs": subs,
            "rows": read_rows(course / "grades.csv"), "stdout": result.stdout,
            "stderr": result.stderr}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_each_broken_submission_ends_as_a_score_with_its_reason(graded, variant):
    what, status, score, words = VARIANTS[variant]
    row = graded["rows"][(variant, TINY)]
    assert row["status"] == status, (what, row)
    assert float(row["score"]) == score, (what, row)
    assert float(row["max_score"]) == POINTS[TINY]
    assert words.lower() in row["message"].lower(), (what, row)


def test_the_rest_of_a_broken_submission_is_still_graded(graded):
    for variant in VARIANTS:
        row = graded["rows"][(variant, OTHER)]
        assert (row["status"], float(row["score"])) == ("graded", 1.0), (variant, row)


def test_every_student_and_notebook_has_exactly_one_row(graded):
    with open(graded["course"] / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keys = [(r["student_id"], r["week"], r["notebook"]) for r in rows]
    assert len(keys) == len(set(keys)) == 2 * len(VARIANTS)
    assert {k[0] for k in keys} == set(VARIANTS)


def test_logs_feedback_and_summary(graded):
    course = graded["course"]
    for variant in VARIANTS:
        log = course / "logs" / variant / f"{WEEK}.log"
        assert log.exists(), variant
    killed = (course / "logs" / "killed_kernel" / f"{WEEK}.log").read_text()
    assert "kernel died" in killed
    page = course / "feedback" / "good" / WEEK / f"{TINY}.html"
    html = page.read_text(encoding="utf-8")
    assert leaks(html, [f'check("{PRECISION}", precision)'])  # the visible test is shown
    assert not leaks(html, [f'grade("{PRECISION}", precision)'])  # the hidden one is not
    assert "your function is right" in html or "checks passed" in html
    assert "error" in graded["stdout"] and "graded" in graded["stdout"]
    assert f"/{len(VARIANTS)}" in graded["stderr"]  # the progress bar counted every student


def test_per_question_statistics_show_where_the_class_fails(graded):
    with open(graded["course"] / "stats" / "questions.csv", newline="") as handle:
        stats = {r["question"]: r for r in csv.DictReader(handle)}
    double, half, triple = (contract.test_cell_id(e) for e in (PRECISION, RECALL, BEST))
    assert set(stats) == {double, half, triple}
    assert float(stats[triple]["mean_fraction"]) == 1.0
    half, double = stats[half], stats[double]
    graded_tiny = [r for (s, n), r in graded["rows"].items()
                   if n == TINY and r["status"] == "graded"]
    assert int(half["graded"]) == len(graded_tiny)
    assert float(half["mean_fraction"]) < float(double["mean_fraction"]) < 1.0
    assert half["most_common_failure"]
    assert (graded["course"] / "stats" / "questions.png").stat().st_size > 1000


def test_regrading_is_idempotent_and_one_student_can_be_regraded(graded):
    """Runs last in this file: re-grades `good` only, on the class graded above."""
    from nbgrader.api import Gradebook

    course, csv_path = graded["course"], graded["course"] / "grades.csv"
    before = csv_path.read_text(encoding="utf-8")
    run_grade(graded["subs"], course, graded["source"], "--student", "good")
    assert csv_path.read_text(encoding="utf-8") == before
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "structuring-ml-projects") as gb:
        assert len(gb.find_assignment(WEEK).submissions) == len(VARIANTS)
    # a student who appears after the last full run is listed as pending, not left out
    make_submission(graded["source"], graded["subs"] / "latecomer", "good")
    result = run_grade(graded["subs"], course, graded["source"], "--student", "good")
    rows = read_rows(csv_path)
    assert rows[("latecomer", TINY)]["status"] == "pending"
    assert "pending" in result.stdout
    assert {k: v for k, v in rows.items() if k[0] != "latecomer"} == graded["rows"]
