"""`course export`: every row of the Canvas, Moodle and plain CSV files of a hand-made course
(no grading): a late student, a roster student without a submission, an unknown student, a
week not fully graded; and the command's exit codes and messages on bad input."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.exports import export_week

COURSE = str(Path(sys.executable).parent / "course")

ROSTER = """student_id,first_name,last_name,email,lms_id,section
ada,Ada,Lovelace,ada@uni.edu,101,A
bob,Bob,Kahn,bob@uni.edu,102,B
carol,Carol,Shaw,carol@uni.edu,103,A
erin,Erin,,erin@uni.edu,,B
"""
HEADER = ("student_id,week,notebook,score,max_score,status,message,submitted_at,late_by_hours,"
          "penalty,final_score,late_note")
# bob is 30 h late (20% off); dave is graded but not in the roster; erin's 01_tiny is pending
GRADES = f"""{HEADER}
ada,week1,01_tiny,3,3,graded,,2026-12-10T20:00:00+00:00,0,0,3,on time
ada,week1,02_other,1,1,graded,,2026-12-10T20:00:00+00:00,0,0,1,on time
ada,week2,01_next,5,5,graded,,,,0,5,
bob,week1,01_tiny,2,3,graded,,2026-12-12T05:59:00+00:00,30,0.2,1.6,1 day 6 h late
bob,week1,02_other,1,1,graded,,2026-12-12T05:59:00+00:00,30,0.2,0.8,1 day 6 h late
dave,week1,01_tiny,1.5,3,graded,,,,0,1.5,no due date
dave,week1,02_other,0,1,missing,not submitted,,,0,0,no due date
erin,week1,01_tiny,0,3,pending,being graded,,,0,0,
erin,week1,02_other,1,1,graded,,,,0,1,
"""
TOML = """
[weeks.week1]
due = "2026-12-10T23:59:00+00:00"
title = "Week 1"
canvas_assignment_id = "4242"
[late]
policy = "per_day"
per_day = 0.1
"""


@pytest.fixture
def course_dir(tmp_path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (folder / "grades.csv").write_text(GRADES, encoding="utf-8")
    (folder / "course.toml").write_text(TOML, encoding="utf-8")
    return folder


def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def course(*args: str):
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    return subprocess.run([COURSE, *args], capture_output=True, text=True, env=env, timeout=120)


PLAIN_HEADER = ["student_id", "first_name", "last_name", "email", "lms_id", "section", "week",
                "score", "max_score", "score_before_penalty", "penalty", "late_by_hours",
                "submitted_at", "status", "in_roster"]
DAVE = ["dave", "", "", "", "", "", "week1", "1.5", "4", "1.5", "0", "", "", "graded+missing",
        "no"]


def test_canvas(course_dir):
    result = course("export", "--format", "canvas", "week1", "--course-dir", str(course_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    out = course_dir / "exports" / "week1-canvas.csv"
    assert rows(out) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 1 (4242)"],
        ["Points Possible", "", "", "", "", "4"],
        ["Lovelace, Ada", "101", "", "ada", "A", "4"],
        ["Kahn, Bob", "102", "", "bob", "B", "2.4"],
        ["Shaw, Carol", "103", "", "carol", "A", "0"],
        ["Erin", "", "", "erin", "B", "1"],
    ]
    assert out.read_bytes().startswith(  # the bytes: RFC 4180 line ends, plain numbers
        b"Student,ID,SIS User ID,SIS Login ID,Section,Week 1 (4242)\r\nPoints Possible,,,,,4\r\n")
    unknown = course_dir / "exports" / "week1-canvas.unknown.csv"
    assert rows(unknown) == [PLAIN_HEADER, DAVE]
    assert "without a submission: carol" in result.stderr
    assert "not in the roster" in result.stderr and "dave" in result.stderr
    assert "erin: not fully graded (graded+pending)" in result.stderr
    assert "bob -20%" in result.stdout and str(unknown) in result.stdout


def test_canvas_with_blanks_and_sis_user_id_and_no_assignment_id(course_dir, tmp_path):
    (course_dir / "course.toml").write_text(
        '[weeks.week1]\ntitle = "Week 1"\n[export]\nmissing = "blank"\n'
        'canvas_student_id = "sis_user_id"\n', encoding="utf-8")
    out = tmp_path / "canvas.csv"
    export_week(course_dir, "week1", "canvas", out)
    table = rows(out)
    assert table[0][-1] == "Week 1"  # no id: Canvas makes a new assignment
    assert table[2] == ["Lovelace, Ada", "101", "ada", "", "A", "4"]
    assert table[4] == ["Shaw, Carol", "103", "carol", "", "A", ""]


def test_moodle_by_email_and_by_idnumber(course_dir, tmp_path):
    result = course("export", "--format", "moodle", "week1", "--course-dir", str(course_dir),
                    "--out", str(tmp_path / "m.csv"), "--missing", "blank")
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(tmp_path / "m.csv") == [
        ["Email address", "ID number", "First name", "Last name", "Week 1"],
        ["ada@uni.edu", "101", "Ada", "Lovelace", "4"],
        ["bob@uni.edu", "102", "Bob", "Kahn", "2.4"],
        ["carol@uni.edu", "103", "Carol", "Shaw", ""],
        ["erin@uni.edu", "", "Erin", "", "1"],
    ]
    assert rows(tmp_path / "m.unknown.csv") == [PLAIN_HEADER, DAVE]
    (course_dir / "course.toml").write_text('[export]\nmoodle_key = "idnumber"\n',
                                            encoding="utf-8")
    found = export_week(course_dir, "week1", "moodle", tmp_path / "m2.csv")
    assert rows(tmp_path / "m2.csv")[:2] == [
        ["ID number", "Email address", "First name", "Last name", "week1"],
        ["101", "ada@uni.edu", "Ada", "Lovelace", "4"]]
    assert rows(tmp_path / "m2.csv")[3][-1] == "0"  # missing: zero by default
    assert found.unmatchable == ["erin"]  # no LMS id: Moodle cannot match her by idnumber
    assert any("erin" in line and "cannot match" in line for line in found.report())


def test_plain_csv_holds_everyone(course_dir):
    result = course("export", "--format", "csv", "week1", "--course-dir", str(course_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert rows(course_dir / "exports" / "week1-csv.csv") == [
        PLAIN_HEADER,
        ["ada", "Ada", "Lovelace", "ada@uni.edu", "101", "A", "week1", "4", "4", "4", "0", "0",
         "2026-12-10T20:00:00+00:00", "graded", "yes"],
        ["bob", "Bob", "Kahn", "bob@uni.edu", "102", "B", "week1", "2.4", "4", "3", "0.2", "30",
         "2026-12-12T05:59:00+00:00", "graded", "yes"],
        ["carol", "Carol", "Shaw", "carol@uni.edu", "103", "A", "week1", "0", "4", "", "", "",
         "", "no submission", "yes"],
        ["erin", "Erin", "", "erin@uni.edu", "", "B", "week1", "1", "4", "1", "0", "", "",
         "graded+pending", "yes"],
        DAVE,
    ]
    assert not (course_dir / "exports" / "week1-csv.unknown.csv").exists()


def test_an_old_companion_file_is_removed_when_nobody_is_unknown(course_dir, tmp_path):
    export_week(course_dir, "week1", "canvas", tmp_path / "c.csv")
    assert (tmp_path / "c.unknown.csv").exists()
    (course_dir / "roster.csv").write_text(ROSTER + "dave,Dave,,,,\n", encoding="utf-8")
    found = export_week(course_dir, "week1", "canvas", tmp_path / "c.csv")
    assert found.unknown == [] and not (tmp_path / "c.unknown.csv").exists()
    assert rows(tmp_path / "c.csv")[-1] == ["Dave", "", "", "dave", "", "1.5"]


@pytest.mark.parametrize(("setup", "args", "words"), [
    (None, ["--format", "canvas", "week9"], ["no grades of 'week9'", "week1, week2"]),
    ("no roster", ["--format", "canvas", "week1"], ["no roster", "course roster FILE"]),
    ("no grades", ["--format", "csv", "week1"], ["no grades at", "course grade"]),
    ("old grades", ["--format", "csv", "week1"], ["final_score", "grade again"]),
    ("bad toml", ["--format", "moodle", "week1"], ["late.max_penalty", "between 0 and 1"]),
    (None, ["--format", "excel", "week1"], ["invalid choice: 'excel'"]),
    (None, ["--format", "csv", "week1", "--missing", "nan"], ["invalid choice: 'nan'"]),
])
def test_bad_input_exits_2_with_a_clear_message(course_dir, setup, args, words):
    if setup == "no roster":
        (course_dir / "roster.csv").unlink()
    elif setup == "no grades":
        (course_dir / "grades.csv").unlink()
    elif setup == "old grades":
        old = "\n".join(",".join(line.split(",")[:7]) for line in GRADES.splitlines())
        (course_dir / "grades.csv").write_text(old + "\n", encoding="utf-8")
    elif setup == "bad toml":
        (course_dir / "course.toml").write_text(TOML + "max_penalty = -1\n", encoding="utf-8")
    result = course("export", *args, "--course-dir", str(course_dir))
    assert result.returncode == 2, result.stdout + result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert not (course_dir / "exports").exists()
