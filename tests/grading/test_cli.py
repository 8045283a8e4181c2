"""The instructor command line: help everywhere, a real exit code from validate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import RELEASE, SOLUTIONS

COURSE = str(Path(sys.executable).parent / "course")


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["grade", "--help"],
                                  ["collect", "--help"], ["stats", "--help"],
                                  ["validate", "--help"]])
def test_every_subcommand_has_help(args):
    result = subprocess.run([COURSE, *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "usage: course" in result.stdout


def test_grade_refuses_a_folder_without_submissions(tmp_path):
    (tmp_path / "alice" / "week9").mkdir(parents=True)
    result = subprocess.run([COURSE, "grade", str(tmp_path), "--course-dir",
                             str(tmp_path / "c")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no submissions found" in result.stderr


def test_validate_exit_code_reflects_the_tests():
    notebook = "week1/02_single_number_metric.ipynb"
    failing = subprocess.run([COURSE, "validate", str(RELEASE / notebook)],
                             capture_output=True, text=True, timeout=300)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "did not pass" in failing.stdout
    passing = subprocess.run([COURSE, "validate", str(SOLUTIONS / notebook)],
                             capture_output=True, text=True, timeout=300)
    assert passing.returncode == 0, passing.stdout + passing.stderr


def test_grade_refuses_the_course_s_own_submitted_folder(tmp_path):
    own = tmp_path / "c" / "submitted" / "ada" / "week1"
    own.mkdir(parents=True)
    (own / "01_x.ipynb").write_text("{}")
    result = subprocess.run([COURSE, "grade", str(tmp_path / "c" / "submitted"), "--course-dir",
                             str(tmp_path / "c")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "grading rewrites" in result.stderr
    assert (own / "01_x.ipynb").exists()  # nothing was deleted
