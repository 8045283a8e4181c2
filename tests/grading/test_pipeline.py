"""The real nbgrader pipeline, end to end, on a temporary course with its own gradebook.

Per week: solution copies must score full marks, untouched release copies 0, a hand-made
partial submission exactly its partial points; feedback is produced for every graded
notebook and shows no hidden test; the grades CSV lists every student.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest
from helpers import RELEASE, SOLUTIONS, graded_cells, read

from autograder.feedback import hidden_snippets, leaks

pytestmark = pytest.mark.slow

WEEKS = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
PARTIAL_NOTEBOOK = "02_single_number_metric"
# Cells replaced in the partial submission, and the test cells that must then fail.
# The F1 answer is right but noisy (a warning and stderr output): it must keep its points.
PARTIAL_ANSWERS = {
    "w1_02_f1_score_answer": (
        "import sys, warnings\n"
        "def f1_score(y_true, y_pred):\n"
        "    warnings.warn('a harmless warning from the learner', UserWarning)\n"
        "    print('debugging output', file=sys.stderr)\n"
        "    p, r = precision(y_true, y_pred), recall(y_true, y_pred)\n"
        "    return 2 * p * r / (p + r) if p + r > 0 else 0.0\n"
        "warnings.warn('a warning at definition time', DeprecationWarning)"
    ),
    "w1_02_best_by_f1_answer": 'best_model = "naive Bayes"',
    "w1_02_average_error_answer": (
        "def average_error(results):\n"
        "    totals = results.groupby('algorithm')[['n_errors', 'n_examples']].sum()\n"
        "    return totals['n_errors'] / totals['n_examples']"
    ),
}
PARTIAL_FAILS = {"test_w1_02_best_by_f1", "test_w1_02_average_error"}


def _partial_submission(target: Path) -> float:
    """Write the partial notebook to ``target``; return the points it must score."""
    nb = read(SOLUTIONS / "week1" / f"{PARTIAL_NOTEBOOK}.ipynb")
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in PARTIAL_ANSWERS:
            cell.source = PARTIAL_ANSWERS[grade_id]
    nbformat.write(nb, str(target))
    return float(sum(c.metadata["nbgrader"]["points"] for c in graded_cells(nb)
                     if c.metadata["nbgrader"]["grade_id"] not in PARTIAL_FAILS))


def _max_points(path: Path) -> float:
    return float(sum(c.metadata["nbgrader"]["points"] for c in graded_cells(read(path))))


@pytest.mark.parametrize("week", WEEKS)
def test_grading_a_class(week, tmp_path):
    subs = tmp_path / "submissions"
    sources = sorted((SOLUTIONS / week).glob("*.ipynb"))
    for student, origin in (("alice", SOLUTIONS), ("bob", RELEASE)):
        (subs / student / week).mkdir(parents=True)
        for path in sources:
            shutil.copy(origin / week / path.name, subs / student / week / path.name)
    partial_points = None
    if week == "week1":
        (subs / "carol" / week).mkdir(parents=True)
        partial_points = _partial_submission(subs / "carol" / week / f"{PARTIAL_NOTEBOOK}.ipynb")

    course_dir = tmp_path / "course"
    out = tmp_path / "grades.csv"
    # The venv's bin/ is deliberately NOT on PATH: the command must still find alembic.
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    env["PATH"] = "/usr/bin:/bin"
    course = Path(sys.executable).parent / "course"
    result = subprocess.run([str(course), "grade", str(subs), "--course-dir", str(course_dir),
                             "--out", str(out)], capture_output=True, text=True, env=env,
                            timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr

    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_key = {(r["student_id"], r["notebook"]): r for r in rows}
    students = {"alice", "bob"} | ({"carol"} if week == "week1" else set())
    assert {r["student_id"] for r in rows} == students
    for path in sources:
        alice, bob = by_key[("alice", path.stem)], by_key[("bob", path.stem)]
        full = _max_points(path)
        assert alice["status"] == "graded", alice
        assert float(alice["score"]) == full == float(alice["max_score"]), alice
        assert bob["status"] == "graded" and float(bob["score"]) == 0.0, bob
    if week == "week1":
        carol = by_key[("carol", PARTIAL_NOTEBOOK)]
        assert float(carol["score"]) == partial_points, carol
        others = [r for r in rows
                  if r["student_id"] == "carol" and r["notebook"] != PARTIAL_NOTEBOOK]
        assert all(r["status"] == "missing" and float(r["score"]) == 0 for r in others)

    snippets = hidden_snippets(sources)
    assert snippets, "the source notebooks have hidden tests"
    for student in ("alice", "bob"):
        for path in sources:
            page = course_dir / "feedback" / student / week / f"{path.stem}.html"
            assert page.exists(), f"no feedback for {student}/{path.stem}"
            html = page.read_text(encoding="utf-8")
            assert not leaks(html, snippets)
            text = unescape(re.sub(r"<[^>]+>", "", html))
            assert 'check("' in text  # the visible self-check is still shown
    # no gradebook may be committed: git must neither track one nor be able to add one
    repo = Path(__file__).resolve().parent.parent
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=repo, capture_output=True, text=True, check=True).stdout
    assert not [f for f in listed.splitlines() if f.endswith(".db")], "a database is committable"
