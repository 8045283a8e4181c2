"""One week's grades as the file an LMS imports: Canvas, Moodle, or a plain CSV table.

:func:`export_week` reads the grades CSV ``course grade`` wrote (its ``final_score``: after
the late penalty, :mod:`autograder.late`), sums each student's notebooks of the week, and
writes one row per student of the roster (``<course dir>/roster.csv``, from ``course
roster``). Nobody is dropped:

- a roster student without a submission gets 0 or a blank (``--missing``, default
  ``[export] missing`` of ``course.toml``, else ``zero``);
- a graded student the roster does not list ("unknown") is reported and still written:
  in the table for ``csv``, in a companion ``<out stem>.unknown.csv`` for Canvas and Moodle
  (whose import would reject the row);
- a student whose week is not fully graded (``pending`` or ``error`` rows) is reported.

Formats
-------
``canvas``
    Canvas's gradebook import: ``Student,ID,SIS User ID,SIS Login ID,Section,<Week title>
    (<canvas_assignment_id>)`` (without ``(id)`` when course.toml gives none: Canvas then
    makes a new assignment), a ``Points Possible`` row, then a row per student:
    ``Last, First``, the roster's LMS id as Canvas ``ID``, the student id as ``SIS Login ID``
    (or ``SIS User ID``: ``[export] canvas_student_id``), the section, the score.
``moodle``
    Moodle's CSV grade import: the key column first (``Email address``, or ``ID number``
    from the roster's LMS id: ``[export] moodle_key``), ``ID number`` / ``Email address``,
    ``First name``, ``Last name``, then the grade item (the week's title). In Moodle:
    *Import > CSV file*, map from that column to ``useremail`` / ``useridnumber``.
``csv``
    A plain table: the roster columns, score (after penalty), max score, the score before
    the penalty, penalty, lateness, status and whether the student is in the roster.

Scores are written with a dot decimal, no thousands separator, at most 2 decimals.

Examples
--------
>>> format_number(2.7000000000000002), format_number(3.0), format_number(1234.567)
('2.7', '3', '1234.57')
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course_settings import CourseSettings, read_course_settings
from autograder.errors import CourseError
from autograder.roster import RosterEntry, load_roster

__all__ = ["FORMATS", "PLAIN_COLUMNS", "Export", "StudentWeek", "export_week", "format_number",
           "read_grades", "week_totals"]

FORMATS = ("canvas", "moodle", "csv")
PLAIN_COLUMNS = ["student_id", "first_name", "last_name", "email", "lms_id", "section", "week",
                 "score", "max_score", "score_before_penalty", "penalty", "late_by_hours",
                 "submitted_at", "status", "in_roster"]
_NEEDED = ("student_id", "week", "notebook", "score", "max_score", "status", "penalty",
           "final_score", "late_by_hours", "submitted_at")
NO_SUBMISSION = "no submission"


def format_number(value: float) -> str:
    """A score as LMSs read it: dot decimal, no thousands separator, at most 2 decimals."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class StudentWeek:
    """One student's week, summed over its notebooks."""

    student_id: str
    score: float = 0.0
    raw_score: float = 0.0
    max_score: float = 0.0
    penalty: float = 0.0
    late_by_hours: str = ""
    submitted_at: str = ""
    statuses: set[str] = field(default_factory=set)

    @property
    def status(self) -> str:
        """``graded``, or the statuses of its notebooks (e.g. ``graded+missing``)."""
        return "+".join(sorted(self.statuses)) or NO_SUBMISSION


def read_grades(path: Path) -> list[dict[str, str]]:
    """The rows of a grades CSV written by ``course grade``.

    Raises
    ------
    CourseError
        If there is no such file, or it lacks the late policy's columns (an older run).
    """
    if not path.is_file():
        raise CourseError(f"no grades at {path}: run `course grade` first")
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _NEEDED if c not in (reader.fieldnames or [])]
        if missing:
            raise CourseError(f"{path} has no column {', '.join(missing)}: it was written by "
                              "an older `course grade`; grade again")
        return list(reader)


def week_totals(rows: Sequence[dict[str, str]], week: str) -> tuple[dict[str, StudentWeek],
                                                                     float]:
    """Each student's week summed over its notebooks, and the week's points possible.

    Examples
    --------
    >>> rows = [dict(student_id="ada", week="w1", notebook="a", score="2", max_score="2",
    ...              final_score="1.8", penalty="0.1", status="graded", late_by_hours="3",
    ...              submitted_at="x"),
    ...         dict(student_id="ada", week="w1", notebook="b", score="1", max_score="1",
    ...              final_score="0.9", penalty="0.1", status="graded", late_by_hours="3",
    ...              submitted_at="x")]
    >>> totals, points = week_totals(rows, "w1")
    >>> round(totals["ada"].score, 6), totals["ada"].raw_score, points
    (2.7, 3.0, 3.0)
    """
    totals: dict[str, StudentWeek] = {}
    most: dict[str, float] = {}
    for row in rows:
        if row["week"] != week:
            continue
        try:
            score, top = float(row["final_score"]), float(row["max_score"])
            raw, penalty = float(row["score"]), float(row["penalty"] or 0)
        except ValueError:
            raise CourseError(f"the grades CSV has a row that is not numbers: {row}") from None
        entry = totals.setdefault(row["student_id"], StudentWeek(row["student_id"]))
        entry.score += score
        entry.raw_score += raw
        entry.max_score += top
        entry.penalty = max(entry.penalty, penalty)
        entry.late_by_hours = entry.late_by_hours or row["late_by_hours"]
        entry.submitted_at = entry.submitted_at or row["submitted_at"]
        entry.statuses.add(row["status"])
        most[row["notebook"]] = max(most.get(row["notebook"], 0.0), top)
    return totals, sum(most.values())


@dataclass
class Export:
    """What :func:`export_week` wrote and what the instructor must know."""

    out: Path
    rows: int
    unknown_out: Path | None = None
    #: graded students the roster does not list (written to the table or the companion file)
    unknown: list[str] = field(default_factory=list)
    #: roster students without a submission (0 or blank)
    without_submission: list[str] = field(default_factory=list)
    #: students whose week is not fully graded: (student, statuses)
    incomplete: list[tuple[str, str]] = field(default_factory=list)
    #: roster students the LMS cannot match (no e-mail / LMS id where it is the key)
    unmatchable: list[str] = field(default_factory=list)
    #: late students: (student, penalty)
    late: list[tuple[str, float]] = field(default_factory=list)

    def report(self) -> list[str]:
        """The lines ``course export`` prints on stderr."""
        lines = []
        if self.without_submission:
            lines.append(f"{len(self.without_submission)} roster student(s) without a "
                         f"submission: {', '.join(self.without_submission)}")
        if self.unknown:
            where = self.unknown_out or self.out
            lines.append(f"{len(self.unknown)} graded student(s) not in the roster (written to "
                         f"{where}): {', '.join(self.unknown)}")
        for student, statuses in self.incomplete:
            lines.append(f"{student}: not fully graded ({statuses}); see the grades CSV")
        if self.unmatchable:
            lines.append("the LMS cannot match these students (their key is empty in the "
                         f"roster): {', '.join(self.unmatchable)}")
        return lines


def _plain_row(entry: RosterEntry | None, student: str, week: str, total: StudentWeek | None,
               points: float, missing: str, in_roster: bool) -> list[str]:
    person = [getattr(entry, c) if entry else "" for c in
              ("first_name", "last_name", "email", "lms_id", "section")]
    if total is None:
        score = "0" if missing == "zero" else ""
        return [student, *person, week, score, format_number(points), "", "", "", "",
                NO_SUBMISSION, "yes" if in_roster else "no"]
    return [student, *person, week, format_number(total.score), format_number(points),
            format_number(total.raw_score), f"{total.penalty:g}", total.late_by_hours,
            total.submitted_at, total.status, "yes" if in_roster else "no"]


def _write(path: Path, rows: Sequence[Sequence[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    tmp.replace(path)


def _score(total: StudentWeek | None, missing: str) -> str:
    if total is None:
        return "0" if missing == "zero" else ""
    return format_number(total.score)


def _canvas(roster: Sequence[RosterEntry], totals: dict[str, StudentWeek], points: float,
            settings: CourseSettings, week: str, missing: str) -> list[list[str]]:
    info = settings.week(week)
    title = info.display_name + (f" ({info.canvas_assignment_id})"
                                 if info.canvas_assignment_id else "")
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title],
            ["Points Possible", "", "", "", "", format_number(points)]]
    for entry in roster:
        sis_user, sis_login = ((entry.student_id, "") if settings.canvas_student_id ==
                               "sis_user_id" else ("", entry.student_id))
        rows.append([entry.display_name, entry.lms_id, sis_user, sis_login, entry.section,
                     _score(totals.get(entry.student_id), missing)])
    return rows


def _moodle(roster: Sequence[RosterEntry], totals: dict[str, StudentWeek],
            settings: CourseSettings, week: str, missing: str) -> list[list[str]]:
    keys = ["Email address", "ID number"]
    if settings.moodle_key == "idnumber":
        keys.reverse()
    rows = [[*keys, "First name", "Last name", settings.week(week).display_name]]
    for entry in roster:
        values = {"Email address": entry.email, "ID number": entry.lms_id}
        rows.append([values[keys[0]], values[keys[1]], entry.first_name, entry.last_name,
                     _score(totals.get(entry.student_id), missing)])
    return rows


def export_week(course_dir: Path, week: str, fmt: str, out: Path | None = None,
                missing: str | None = None, grades: Path | None = None) -> Export:
    """Write ``week``'s grades for an LMS (``fmt``: one of :data:`FORMATS`).

    Parameters
    ----------
    course_dir : Path
        The course folder: ``roster.csv``, ``course.toml``, ``grades.csv``.
    out : Path, optional
        Default: ``<course dir>/exports/<week>-<fmt>.csv``.
    missing : {"zero", "blank"}, optional
        A roster student without a submission; default ``[export] missing``.
    grades : Path, optional
        The grades CSV (default ``<course dir>/grades.csv``).

    Raises
    ------
    CourseError
        If the format is unknown, there is no roster or grades, or no grade of ``week``.
    """
    if fmt not in FORMATS:
        raise CourseError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    course_dir = Path(course_dir)
    settings = read_course_settings(course_dir)
    missing = missing or settings.missing
    if missing not in ("zero", "blank"):
        raise CourseError(f"--missing must be zero or blank, got {missing!r}")
    roster = load_roster(course_dir / "roster.csv")
    rows = read_grades(grades or course_dir / "grades.csv")
    totals, points = week_totals(rows, week)
    if not totals:
        weeks = sorted({r["week"] for r in rows})
        raise CourseError(f"no grades of {week!r} in the grades CSV (it has: "
                          f"{', '.join(weeks) or 'nothing'}); run `course grade` on that week")
    out = Path(out) if out else course_dir / "exports" / f"{week}-{fmt}.csv"
    listed = {e.student_id for e in roster}
    unknown = sorted(s for s in totals if s not in listed)
    result = Export(out, len(roster), unknown=unknown)
    result.without_submission = [e.student_id for e in roster if e.student_id not in totals]
    result.incomplete = [(s, t.status) for s, t in sorted(totals.items())
                         if t.statuses & {"pending", "error"}]
    result.late = [(s, t.penalty) for s, t in sorted(totals.items()) if t.penalty]
    plain_unknown = [_plain_row(None, s, week, totals[s], points, missing, False)
                     for s in unknown]
    if fmt == "csv":
        table = [PLAIN_COLUMNS] + [_plain_row(e, e.student_id, week, totals.get(e.student_id),
                                              points, missing, True) for e in roster]
        _write(out, table + plain_unknown)
        result.rows += len(unknown)
        return result
    if fmt == "canvas":
        table = _canvas(roster, totals, points, settings, week, missing)
    else:
        table = _moodle(roster, totals, settings, week, missing)
        key = "email" if settings.moodle_key == "email" else "lms_id"
        result.unmatchable = [e.student_id for e in roster if not getattr(e, key)]
    _write(out, table)
    unknown_out = out.with_name(f"{out.stem}.unknown.csv")
    if unknown:
        _write(unknown_out, [PLAIN_COLUMNS, *plain_unknown])
        result.unknown_out = unknown_out
    elif unknown_out.exists():
        unknown_out.unlink()  # from an earlier export: it would say students are missing
    return result
