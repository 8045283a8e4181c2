"""`course grade` applies course.toml's late policy from each submission's timestamp.txt: the
late columns of the grades CSV, the note on the feedback page, then `course roster` and
`course export` on the graded class."""

from __future__ import annotations

import csv
import subprocess

import pytest
from helpers.tiny_course import (
    COURSE,
    OTHER,
    TINY,
    WEEK,
    grading_env,
    make_source,
    make_submission,
    read_rows,
    run_grade,
)

pytestmark = pytest.mark.slow

TOML = """
[weeks.week1]
due = "2026-12-10T23:59:00+00:00"
title = "Week 1"
[late]
policy = "per_day"
per_day = 0.1
max_penalty = 0.5
[extensions.extended]
week1 = 3
"""
#: student -> (variant, timestamp.txt as nbgrader writes it, or None)
CLASS = {
    "ontime": ("good", "2026-12-10 23:58:59.999999 UTC"),
    "late": ("good", "2026-12-12 00:00:00.000000 UTC"),        # 1 day 1 min: 20%
    "late_wrong": ("wrong", "2026-12-11 02:59:00.000000 +0100"),  # 2 h: 10%
    "extended": ("good", "2026-12-12 00:00:00.000000 UTC"),    # 3 extra days: on time
    "nostamp": ("good", None),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("late-class")
    source = make_source(root / "source")
    subs = root / "submissions"
    for student, (variant, stamp) in CLASS.items():
        make_submission(source, subs / student, variant)
        if stamp is not None:
            (subs / student / WEEK / "timestamp.txt").write_text(stamp, encoding="utf-8")
    course = root / "course"
    course.mkdir()
    (course / "course.toml").write_text(TOML, encoding="utf-8")
    # a generous cell time limit: this test is about dates, not about slow imports
    result = run_grade(subs, course, source, "-j", "2",
                       env=grading_env(COURSE_CELL_TIMEOUT="60"))
    return {"course": course, "rows": read_rows(course / "grades.csv"), "subs": subs,
            "source": source, "root": root, "stdout": result.stdout}


@pytest.mark.parametrize(("student", "penalty", "hours", "tiny_final", "other_final"), [
    ("ontime", "0", "0", "3", "1"),
    ("late", "0.2", "24.0167", "2.4", "0.8"),
    ("late_wrong", "0.1", "2", "1.8", "0.9"),
    ("extended", "0", "0", "3", "1"),
])
def test_the_grades_csv_has_the_late_columns(graded, student, penalty, hours, tiny_final,
                                             other_final):
    tiny, other = graded["rows"][(student, TINY)], graded["rows"][(student, OTHER)]
    assert tiny["status"] == other["status"] == "graded", tiny
    assert (tiny["penalty"], tiny["late_by_hours"], tiny["final_score"]) == \
        (penalty, hours, tiny_final), tiny
    assert (other["penalty"], other["final_score"]) == (penalty, other_final), other
    assert tiny["submitted_at"].endswith("+00:00")


def test_the_penalty_is_on_top_of_the_score(graded):
    late = graded["rows"][("late", TINY)]
    assert (late["score"], late["max_score"]) == ("3", "3")  # the raw score is kept
    assert "1 day 1 min late" in late["late_note"] and "-20%" in late["late_note"]
    assert "with extension" in graded["rows"][("extended", TINY)]["late_note"]
    assert "late: 2 submission(s): late/week1 -20%, late_wrong/week1 -10%" in graded["stdout"]


def test_without_timestamp_there_is_no_penalty_and_the_note_says_why(graded):
    row = graded["rows"][("nostamp", TINY)]
    assert (row["submitted_at"], row["penalty"], row["final_score"]) == ("", "0", "3")
    assert "no timestamp.txt" in row["late_note"]


def test_the_feedback_of_a_late_submission_says_how_late_and_the_scores(graded):
    feedback = graded["course"] / "feedback"
    page = (feedback / "late" / WEEK / f"{TINY}.html").read_text(encoding="utf-8")
    assert "Submitted late: 1 day 1 min after the due date" in page
    assert "Late penalty: 20% of the score" in page
    assert "score 3 / 3 before the penalty, 2.4 / 3 after it" in page
    wrong = (feedback / "late_wrong" / WEEK / f"{TINY}.html").read_text(encoding="utf-8")
    assert "score 2 / 3 before the penalty, 1.8 / 3 after it" in wrong
    for student in ("ontime", "extended", "nostamp"):
        page = (feedback / student / WEEK / f"{TINY}.html").read_text(encoding="utf-8")
        assert "course-late-note" not in page, student


def test_roster_then_export_of_the_graded_class(graded):
    course = graded["course"]
    roster = graded["root"] / "roster.csv"
    roster.write_text("Username,Name,Email,LMS ID\n"
                      "ontime,Ona Time,ona@uni.edu,1\nlate,Lee Late,lee@uni.edu,2\n"
                      "late_wrong,Wes Wrong,wes@uni.edu,3\nextended,Ed Tended,ed@uni.edu,4\n"
                      "absent,Abe Sent,abe@uni.edu,5\n", encoding="utf-8")
    env = grading_env()
    result = subprocess.run([COURSE, "roster", str(roster), "--course-dir", str(course)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    out = course / "canvas.csv"
    result = subprocess.run([COURSE, "export", "--format", "canvas", WEEK, "--course-dir",
                             str(course), "--out", str(out)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    with open(out, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[:2] == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 1"],
                         ["Points Possible", "", "", "", "", "4"]]
    scores = {row[3]: row[5] for row in table[2:]}
    assert scores == {"ontime": "4", "late": "3.2", "late_wrong": "2.7", "extended": "4",
                      "absent": "0"}
    with open(course / "canvas.unknown.csv", newline="", encoding="utf-8") as handle:
        unknown = list(csv.DictReader(handle))
    assert [(r["student_id"], r["score"]) for r in unknown] == [("nostamp", "4")]
    assert "without a submission: absent" in result.stderr
    assert "nostamp" in result.stderr


def test_a_bad_course_toml_stops_grading_before_it_starts(graded, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "course.toml").write_text('[late]\npolicy = "per_day"\nper_day = 0.1\n'
                                        'max_penalty = -0.5\n', encoding="utf-8")
    result = subprocess.run([COURSE, "grade", str(graded["subs"]), "--course-dir", str(course),
                             "--source", str(graded["source"])], capture_output=True,
                            text=True, env=grading_env(), timeout=300)
    assert result.returncode == 2
    assert "late.max_penalty must be a number between 0 and 1, got -0.5" in result.stderr
    assert not (course / "grades.csv").exists()
