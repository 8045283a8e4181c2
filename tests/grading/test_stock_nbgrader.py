"""Stock nbgrader, with the course's configuration, grades week 3 as the course does: the
solutions full marks, the untouched releases 0.

Week 3 brings exercise kinds the first two weeks do not have (game policies and played
logs); in a plain ``nbgrader autograde`` there is no grader outside the kernel, so their
tests run in the kernel. Weeks 1 and 2 are compared with stock nbgrader, notebook by
notebook, by ``benchmarks/grading.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import RELEASE, REPO, SOLUTIONS, graded_cells, read
from nbgrader.api import Gradebook

from autograder.settings import COURSE_ID

pytestmark = pytest.mark.slow

WEEK = "week3"


def test_stock_nbgrader_gives_solutions_full_marks_and_releases_zero(tmp_path):
    course = tmp_path / "stock"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from autograder.config import course_config\n"
        "c = get_config()\n"
        f"c.merge(course_config({str(course)!r}))\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("COURSE_GRADEBOOK_URL", None)
    nbgrader = str(bin_dir / "nbgrader")
    subprocess.run([nbgrader, "generate_assignment", WEEK, "--force"], cwd=course, env=env,
                   capture_output=True, check=True, timeout=600)
    for student, origin in (("alice", SOLUTIONS), ("bob", RELEASE)):
        shutil.copytree(origin / WEEK, course / "submitted" / student / WEEK)
    done = subprocess.run([nbgrader, "autograde", WEEK, "--force"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        scores = {(s.student.id, nb.name): (float(nb.score), float(nb.max_score))
                  for s in gb.find_assignment(WEEK).submissions for nb in s.notebooks}
    sources = sorted((SOLUTIONS / WEEK).glob("*.ipynb"))
    assert sources
    for path in sources:
        full = float(sum(c.metadata["nbgrader"]["points"] for c in graded_cells(read(path))))
        assert scores[("alice", path.stem)] == (full, full), path.stem
        assert scores[("bob", path.stem)] == (0.0, full), path.stem
