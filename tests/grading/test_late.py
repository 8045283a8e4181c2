"""The late policy on hand-made timestamps, course.toml's errors, the late columns of the grades
CSV and the late note of a feedback page (no grading here; see test_late_grading.py)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest
from dateutil.tz import gettz

from autograder.course_settings import LatePolicy, parse_course_settings, read_course_settings
from autograder.errors import CourseError
from autograder.feedback import add_late_note
from autograder.late import assess, parse_timestamp, penalty_for
from autograder.records import CSV_COLUMNS, Row, write_csv

DUE = datetime(2026, 12, 10, 23, 59, tzinfo=UTC)
PER_DAY = """
[weeks.week1]
due = "2026-12-10T23:59:00+00:00"
[late]
policy = "per_day"
per_day = 0.1
max_penalty = 0.5
"""
HARD = """
[weeks.week1]
due = "2026-12-10T23:59:00+00:00"
[late]
policy = "hard_deadline"
"""


def nbgrader_stamp(moment: datetime, zone: str = "UTC") -> str:
    """A timestamp as nbgrader's exchange writes it (Exchange.set_timestamp)."""
    return moment.astimezone(gettz(zone)).strftime("%Y-%m-%d %H:%M:%S.%f %Z")


def submitted(tmp_path, text: str, student: str = "ada"):
    folder = tmp_path / student / "week1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "timestamp.txt").write_text(text, encoding="utf-8")
    return folder


def late(tmp_path, toml: str, delay: timedelta, student: str = "ada", zone: str = "UTC"):
    folder = submitted(tmp_path, nbgrader_stamp(DUE + delay, zone), student)
    return assess(parse_course_settings(toml), student, "week1", folder)


@pytest.mark.parametrize(("delay", "penalty", "hours"), [
    (timedelta(0), 0.0, 0.0),                       # exactly at the due date
    (-timedelta(hours=3), 0.0, 0.0),                # early
    (timedelta(minutes=1), 0.1, 0.0167),            # one started day
    (timedelta(days=1), 0.1, 24.0),                 # still the first day
    (timedelta(days=1, minutes=1), 0.2, 24.0167),   # the second day has started
    (timedelta(days=4, hours=1), 0.5, 97.0),        # 5 days -> 50%, the cap
    (timedelta(days=30), 0.5, 720.0),               # capped
])
def test_per_day_counts_started_days_up_to_the_cap(tmp_path, delay, penalty, hours):
    found = late(tmp_path, PER_DAY, delay)
    assert found.penalty == penalty
    assert found.late_hours == hours
    assert found.late is (delay > timedelta(0))


def test_zero_after_days(tmp_path):
    toml = PER_DAY + "zero_after_days = 7\n"
    assert late(tmp_path, toml, timedelta(days=7)).penalty == 0.5
    assert late(tmp_path, toml, timedelta(days=7, seconds=1)).penalty == 1.0


def test_hard_deadline(tmp_path):
    assert late(tmp_path, HARD, timedelta(0)).penalty == 0.0
    assert late(tmp_path, HARD, timedelta(seconds=1)).penalty == 1.0
    assert late(tmp_path, HARD, timedelta(days=100)).penalty == 1.0


def test_grace_counts_as_on_time_then_lateness_counts_from_the_due_date(tmp_path):
    toml = PER_DAY + "grace_minutes = 10\n"
    assert late(tmp_path, toml, timedelta(minutes=10)).penalty == 0.0
    assert late(tmp_path, toml, timedelta(minutes=10, seconds=1)).penalty == 0.1
    # 1 day and 5 minutes: the grace does not shift the days
    assert late(tmp_path, toml, timedelta(days=1, minutes=5)).penalty == 0.2
    hard = HARD + "grace_minutes = 10\n"
    assert late(tmp_path, hard, timedelta(minutes=9)).penalty == 0.0
    assert late(tmp_path, hard, timedelta(minutes=11)).penalty == 1.0


def test_extensions_new_due_date_or_extra_days(tmp_path):
    toml = PER_DAY + """
[extensions.ada]
week1 = "2026-12-12T23:59:00+00:00"
[extensions.bob]
week1 = 2
"""
    two_days = timedelta(days=2)
    assert late(tmp_path, toml, two_days, "ada").penalty == 0.0
    assert late(tmp_path, toml, two_days + timedelta(minutes=1), "ada").penalty == 0.1
    assert late(tmp_path, toml, two_days, "bob").penalty == 0.0
    assert late(tmp_path, toml, two_days + timedelta(hours=25), "bob").penalty == 0.2
    # carol has no extension
    assert late(tmp_path, toml, two_days, "carol").penalty == 0.2
    note = late(tmp_path, toml, two_days + timedelta(minutes=1), "ada").note
    assert "with extension" in note and "1 min late" in note


def test_time_zones_of_timestamps_and_due_dates(tmp_path):
    # nbgrader writes the exchange's time zone: 00:30 in Paris is 23:30 UTC, on time
    assert late(tmp_path, HARD, -timedelta(minutes=29), zone="Europe/Paris").penalty == 0.0
    folder = submitted(tmp_path, "2026-12-11 00:30:00.000000 +0100")
    assert assess(parse_course_settings(HARD), "ada", "week1", folder).penalty == 0.0
    folder = submitted(tmp_path, "2026-12-11 01:00:00.000000 +0100")  # 00:00 UTC: late
    assert assess(parse_course_settings(HARD), "ada", "week1", folder).penalty == 1.0
    # a due date without offset, in the course's time zone: 23:59 Paris = 22:59 UTC
    paris = ('[course]\ntimezone = "Europe/Paris"\n[weeks.week1]\n'
             'due = "2026-12-10T23:59:00"\n[late]\npolicy = "hard_deadline"\n')
    folder = submitted(tmp_path, "2026-12-10 23:30:00.000000 UTC")
    found = assess(parse_course_settings(paris), "ada", "week1", folder)
    assert (found.penalty, found.late_hours) == (1.0, round(31 / 60, 4))
    # a date alone is due at the end of that day
    day = '[course]\ntimezone = "UTC"\n[weeks.week1]\ndue = "2026-12-10"\n'
    assert parse_course_settings(day).due("week1", "ada") == datetime(2026, 12, 10, 23, 59, 59,
                                                                      tzinfo=UTC)


@pytest.mark.parametrize("text", [
    "2026-12-10 23:59:00.123456 UTC", "2026-12-11 00:59:00.123456 CET",
    "2026-12-10 18:59:00.123456 EST", "2026-12-10 23:59:00.123456", "2026-12-10T23:59:00Z",
])
def test_timestamps_are_read_as_nbgrader_reads_them(text):
    from nbgrader.utils import parse_utc  # nbgrader's own reader: naive UTC

    assert parse_timestamp(text) == parse_utc(text).replace(tzinfo=UTC)


def test_a_numeric_offset_is_hours_and_minutes():
    # nbgrader 0.9.6's parse_utc takes "-0500" as -500 seconds (19:07:20 UTC): not followed
    expected = datetime(2026, 12, 10, 23, 59, 0, 123456, tzinfo=UTC)
    assert parse_timestamp("2026-12-10 18:59:00.123456 -0500") == expected
    assert parse_timestamp("2026-12-11 05:29:00.123456 +05:30") == expected


def test_no_due_date_or_no_timestamp_means_no_penalty(tmp_path):
    no_due = '[late]\npolicy = "hard_deadline"\n'
    found = late(tmp_path, no_due, timedelta(days=3))
    assert (found.penalty, found.note) == (0.0, "no due date")
    assert found.submitted_at == DUE + timedelta(days=3)
    folder = tmp_path / "bob" / "week1"
    folder.mkdir(parents=True)
    found = assess(parse_course_settings(HARD), "bob", "week1", folder)
    assert found.penalty == 0.0 and found.submitted_at is None and "no timestamp.txt" in found.note
    folder = submitted(tmp_path, "yesterday-ish", "carol")
    found = assess(parse_course_settings(HARD), "carol", "week1", folder)
    assert found.penalty == 0.0 and "unreadable" in found.note
    assert read_course_settings(tmp_path).late == LatePolicy()  # no course.toml at all


@pytest.mark.parametrize(("toml", "words"), [
    ('[late]\npolicy = "weekly"', ["late.policy", '"per_day"', "'weekly'"]),
    ('[late]\npolicy = "per_day"\nper_day = -0.1', ["late.per_day", "between 0 and 1", "-0.1"]),
    ('[late]\npolicy = "per_day"\nper_day = 0.1\nmax_penalty = 1.5', ["late.max_penalty"]),
    ('[late]\npolicy = "per_day"', ["late.per_day", "needs"]),
    ('[late]\npolicy = "hard_deadline"\nper_day = 0.1', ["late.per_day", "per_day"]),
    ('[late]\npolicy = "per_day"\nper_days = 0.1', ["unknown key late.per_days", "late.per_day"]),
    ('[weeks.week1]\ndue = "10/12/2026"', ["weeks.week1.due", "2026-12-10T23:59:00+00:00"]),
    ('[weeks.week1]\ndue = "2026-12-10T23:59:00"', ["weeks.week1.due", "time zone"]),
    ('[course]\ntimezone = "Mars/Olympus"', ["course.timezone", "Mars/Olympus"]),
    ('[extensions.ada]\nweek1 = -2', ["extensions.ada.week1", "0 or more"]),
    ('[extensions.ada]\nweek1 = "soon"', ["extensions.ada.week1"]),
    ('[export]\nmissing = "nothing"', ["export.missing", '"zero"', '"blank"']),
    ("[late\npolicy=1", ["not valid TOML"]),
])
def test_a_bad_course_toml_names_the_key_and_what_is_expected(tmp_path, toml, words):
    (tmp_path / "course.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(CourseError) as caught:
        read_course_settings(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "course.toml") in message
    for word in words:
        assert word in message, message


def test_penalty_for_rounds_shares():
    policy = LatePolicy("per_day", 0.1, 1.0)
    assert [penalty_for(timedelta(days=d, seconds=1), policy) for d in range(3, 6)] == \
        [0.4, 0.5, 0.6]


def test_grades_csv_appends_the_late_columns(tmp_path):
    assert CSV_COLUMNS[:7] == ["student_id", "week", "notebook", "score", "max_score", "status",
                               "message"]
    folder = submitted(tmp_path, nbgrader_stamp(DUE + timedelta(hours=30)))
    lateness = {("ada", "week1"): assess(parse_course_settings(PER_DAY), "ada", "week1", folder)}
    out = tmp_path / "grades.csv"
    write_csv([Row("ada", "week1", "01_x", 3.0, 3.0, "graded"),
               Row("ada", "week1", "02_y", 0.0, 1.0, "missing", "not submitted"),
               Row("bob", "week1", "01_x", 1.5, 3.0, "graded")], out, lateness)
    with open(out, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == CSV_COLUMNS
        rows = list(reader)
    ada = rows[0]
    assert ada["submitted_at"] == "2026-12-12T05:59:00+00:00"
    assert (ada["late_by_hours"], ada["penalty"], ada["final_score"]) == ("30", "0.2", "2.4")
    assert "6 h late" in ada["late_note"] and "-20%" in ada["late_note"]
    assert (rows[1]["penalty"], rows[1]["final_score"]) == ("0.2", "0")
    bob = rows[2]  # no lateness known: no penalty
    assert (bob["submitted_at"], bob["penalty"], bob["final_score"]) == ("", "0", "1.5")


def test_feedback_of_a_late_submission_says_how_late_and_the_scores(tmp_path):
    folder = submitted(tmp_path, nbgrader_stamp(DUE + timedelta(days=1, hours=2)))
    lateness = assess(parse_course_settings(PER_DAY), "ada", "week1", folder)
    page = tmp_path / "01_x.html"
    page.write_text("<html><head></head><body class='x'><h1>Score: 3.0 / 3.0</h1></body>"
                    "</html>", encoding="utf-8")
    add_late_note(page, lateness, 3.0, 3.0)
    add_late_note(page, lateness, 3.0, 3.0)  # grading again: still one note
    html = page.read_text(encoding="utf-8")
    assert html.count("course-late-note") == 1
    assert html.index("course-late-note") < html.index("<h1>")
    assert "1 day 2 h after the due date" in html
    assert "20% of the score" in html
    assert "3 / 3 before the penalty, 2.4 / 3 after it" in html
