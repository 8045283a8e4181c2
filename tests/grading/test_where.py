"""``course where ID`` points at files and lines that exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

from autograder.where import locate
from course_lib.manifest import course

COURSE = str(Path(sys.executable).parent / "course")


@pytest.mark.parametrize("exercise_id", [course().exercise_ids[0], "w1_05_standard_error",
                                         course().exercise_ids[-1]])
def test_every_location_exists(exercise_id):
    where = locate(exercise_id)
    path, line = where.defined_at.rsplit(":", 1)
    source = (REPO / path).read_text(encoding="utf-8").splitlines()
    assert 1 <= int(line) <= len(source)
    assert (REPO / where.source_notebook).exists() and (REPO / where.release_notebook).exists()
    assert where.test_cell == f"test_{exercise_id}"
    for command in where.tests:
        assert (REPO / command.split()[1]).exists(), command


def test_a_library_reference_points_at_its_tests():
    where = locate("w1_02_f1_score")
    assert where.reference.startswith("course_lib.metrics.f1_score (course_lib/metrics.py:")
    assert "pytest tests/library/test_metrics.py" in where.tests


def test_the_command_prints_it_and_an_unknown_id_gets_suggestions():
    out = subprocess.run([COURSE, "where", "w1_05_standard_error"], capture_output=True,
                         text=True, check=True).stdout
    assert "solutions/week1/05_size_of_dev_test_sets.ipynb" in out and "pytest" in out
    bad = subprocess.run([COURSE, "where", "w1_05_standard_eror"], capture_output=True, text=True)
    assert bad.returncode == 2 and "w1_05_standard_error" in bad.stderr
