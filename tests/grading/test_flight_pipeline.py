"""The flight simulators through the real pipeline, for several learner ids.

Each learner's numbers come from the id written in the notebook; solution copies must get
full marks whatever the id, the release copy 0, and the grades CSV must flag a submission
whose learner id is not its student id.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import RELEASE, SOLUTIONS, graded_cells, read

pytestmark = pytest.mark.slow

FLIGHTS = sorted(SOLUTIONS.glob("week*/*flight_simulator*.ipynb"))
# student id -> the LEARNER_ID literal written in the submission (None: release copy)
STUDENTS = {"ada": "ada", "grace": "  Grace ", "linus": "", "eve": None, "mallory": "ada"}
ID_LINE = re.compile(r'^LEARNER_ID\s*=.*$', re.M)


def _with_learner_id(path: Path, learner_id: str, target: Path) -> None:
    nb = read(path)
    cells = [c for c in nb.cells if c.cell_type == "code" and ID_LINE.search(c.source)]
    assert len(cells) == 1, "the notebook assigns LEARNER_ID in exactly one cell"
    cells[0].source = ID_LINE.sub(f"LEARNER_ID = {learner_id!r}".replace("'", '"'),
                                  cells[0].source)
    nbformat.write(nb, str(target))


def test_flight_simulators_grade_right_for_every_learner(tmp_path):
    assert [p.parent.name for p in FLIGHTS] == ["week1", "week2", "week3"]
    subs = tmp_path / "subs"
    for student, learner_id in STUDENTS.items():
        for path in FLIGHTS:
            week = path.parent.name
            (subs / student / week).mkdir(parents=True, exist_ok=True)
            target = subs / student / week / path.name
            if learner_id is None:
                shutil.copy(RELEASE / week / path.name, target)
            else:
                _with_learner_id(path, learner_id, target)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    out = tmp_path / "grades.csv"
    course = Path(sys.executable).parent / "course"
    result = subprocess.run([str(course), "grade", str(subs), "--course-dir",
                             str(tmp_path / "course"), "--out", str(out)],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    with open(out, newline="") as handle:
        rows = {(r["student_id"], r["notebook"]): r for r in csv.DictReader(handle)}
    for path in FLIGHTS:
        full = sum(c.metadata["nbgrader"]["points"] for c in graded_cells(read(path)))
        for student, learner_id in STUDENTS.items():
            row = rows[(student, path.stem)]
            expected = 0.0 if learner_id is None else float(full)
            assert float(row["score"]) == expected, (student, row)
            flagged = "learner id" in row["message"]
            # ada and grace wrote their own id (case and spaces do not matter); linus left
            # it empty, mallory copied ada's notebook. eve handed in the untouched release,
            # whose LEARNER_ID = learner_id() reads the course-wide id of her own workspace:
            # nothing the grader can compare, so nothing is flagged (and she scores 0).
            assert flagged == (student in ("linus", "mallory")), (student, row)
