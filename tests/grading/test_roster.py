"""`course roster`: loose headers, every problem reported, roster.csv and nbgrader's gradebook."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.errors import CourseError
from autograder.roster import ROSTER_COLUMNS, read_roster, read_roster_entries

COURSE = str(Path(sys.executable).parent / "course")


def course(*args: str, env_extra: dict[str, str] | None = None):
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    env.update(env_extra or {})
    return subprocess.run([COURSE, *args], capture_output=True, text=True, env=env, timeout=300)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def gradebook_students(url: str) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(url, "structuring-ml-projects") as gb:
        return {s.id: (s.first_name, s.last_name, s.email, s.lms_user_id) for s in gb.students}


def test_loose_header_names(tmp_path):
    path = write(tmp_path / "r.csv",
                 "Username,Full Name,Email Address,LMS User ID,Group\n"
                 'ada,"Lovelace, Ada",ada@uni.edu,101,A\n'
                 "bob,Bob van Kahn,bob@uni.edu,,B\n"
                 "cy,Cy,,,\n")
    found = read_roster_entries(path)
    assert found.problems == []
    assert [(e.student_id, e.first_name, e.last_name, e.email, e.lms_id, e.section)
            for e in found.entries] == [("ada", "Ada", "Lovelace", "ada@uni.edu", "101", "A"),
                                        ("bob", "Bob van", "Kahn", "bob@uni.edu", "", "B"),
                                        ("cy", "Cy", "", "", "", "")]
    other = write(tmp_path / "o.csv", "Section,E-Mail,Surname,Given Name,Student ID,Canvas ID\n"
                                      "S1,x@y.org,Kahn,Bob,bob,77\n")
    entry = read_roster_entries(other).entries[0]
    assert (entry.student_id, entry.first_name, entry.last_name, entry.email, entry.lms_id,
            entry.section) == ("bob", "Bob", "Kahn", "x@y.org", "77", "S1")
    assert read_roster(other) == ["bob"]  # the ids-only reader agrees


def test_semicolons_and_tabs_as_spreadsheets_save_them(tmp_path):
    for delimiter in (";", "\t"):
        path = write(tmp_path / "r.csv", delimiter.join(["Student ID", "Name", "Email"]) + "\n"
                     + delimiter.join(["ada", "Ada Lovelace", "ada@uni.edu"]) + "\n")
        entry, = read_roster_entries(path).entries
        assert (entry.student_id, entry.last_name, entry.email) == ("ada", "Lovelace",
                                                                    "ada@uni.edu")


def test_a_plain_list_of_ids_still_works(tmp_path):
    path = write(tmp_path / "ids.txt", "ada\n\nbob\ncy\n")
    assert [e.student_id for e in read_roster_entries(path).entries] == ["ada", "bob", "cy"]
    assert read_roster(path) == ["ada", "bob", "cy"]


def test_every_problem_is_reported_with_its_line(tmp_path):
    path = write(tmp_path / "r.csv", "student_id,name,email\n"
                                     "ada,Ada,ada@uni.edu\n"
                                     ",Nobody,nobody@uni.edu\n"
                                     "bob,Bob,bob(at)uni.edu\n"
                                     "ada,Ada again,ada2@uni.edu\n"
                                     "x/y,Slash,\n"
                                     "cy,Cy,cy@uni\n")
    problems = read_roster_entries(path).problems
    assert problems == [
        "line 3: no student id (, Nobody, nobody@uni.edu)",
        "line 4: 'bob(at)uni.edu' is not an e-mail address (student bob)",
        "line 5: student id 'ada' again (first on line 2)",
        "line 6: 'x/y' cannot be a student id (it has a '/')",
        "line 7: 'cy@uni' is not an e-mail address (student cy)",
    ]


def test_a_header_without_an_id_column_is_refused(tmp_path):
    path = write(tmp_path / "r.csv", "Name,Email\nAda,ada@uni.edu\n")
    with pytest.raises(CourseError, match="no student id column"):
        read_roster_entries(path)


def test_course_roster_writes_roster_csv_and_the_gradebook(tmp_path):
    course_dir = tmp_path / "course"
    path = write(tmp_path / "r.csv", "Student ID,First Name,Last Name,E-mail,LMS ID,Section\n"
                                     "ada,Ada,Lovelace,ada@uni.edu,101,A\n"
                                     "bob,Bob,Kahn,bob@uni.edu,102,B\n")
    result = course("roster", str(path), "--course-dir", str(course_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 student(s) written" in result.stdout and "2 added, 0 updated" in result.stdout
    with open(course_dir / "roster.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [list(ROSTER_COLUMNS), ["ada", "Ada", "Lovelace", "ada@uni.edu", "101", "A"],
                    ["bob", "Bob", "Kahn", "bob@uni.edu", "102", "B"]]
    url = f"sqlite:///{course_dir / 'gradebook.db'}"
    assert gradebook_students(url) == {"ada": ("Ada", "Lovelace", "ada@uni.edu", "101"),
                                       "bob": ("Bob", "Kahn", "bob@uni.edu", "102")}

    # a new roster: bob's e-mail changed, cy added; ada kept in the gradebook and reported
    path = write(tmp_path / "r2.csv", "username,email,first name,last name\n"
                                      "bob,bob@new.edu,Bob,Kahn\ncy,cy@uni.edu,Cy,Young\n")
    result = course("roster", str(path), "--course-dir", str(course_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 added, 1 updated" in result.stdout
    assert "not in this roster (kept): ada" in result.stderr
    students = gradebook_students(url)
    assert students["bob"] == ("Bob", "Kahn", "bob@new.edu", None)
    assert students["cy"] == ("Cy", "Young", "cy@uni.edu", None) and "ada" in students


def test_course_roster_uses_the_course_gradebook_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    path = write(tmp_path / "ids.txt", "ada\nbob\n")
    result = course("roster", str(path), "--course-dir", str(tmp_path / "c"),
                    env_extra={"COURSE_GRADEBOOK_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(gradebook_students(url)) == {"ada", "bob"}
    assert not (tmp_path / "c" / "gradebook.db").exists()


def test_course_roster_with_problems_imports_nothing(tmp_path):
    course_dir = tmp_path / "course"
    path = write(tmp_path / "r.csv", "id,email\nada,ada@uni.edu\nada,x@uni.edu\nbob,nope\n")
    result = course("roster", str(path), "--course-dir", str(course_dir))
    assert result.returncode == 2
    assert "2 problem(s); nothing was imported" in result.stderr
    assert "line 3: student id 'ada' again" in result.stderr
    assert "'nope' is not an e-mail address" in result.stderr
    assert not (course_dir / "roster.csv").exists()
    assert not (course_dir / "gradebook.db").exists()
    missing = course("roster", str(tmp_path / "none.csv"), "--course-dir", str(course_dir))
    assert missing.returncode == 2 and "cannot read the roster" in missing.stderr
    assert course("roster", "--help").returncode == 0
