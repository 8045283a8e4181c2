"""The course's own settings file, ``<course dir>/course.toml``: due dates, late policy,
extensions and export options.

Every key is optional; a course without the file has no due dates (so no late penalty).
A mistake (an unknown key or policy, a date that does not parse, a negative penalty) is a
:class:`~autograder.errors.CourseError` naming the key and what it expects, never ignored.

.. code-block:: toml

    [course]
    timezone = "Europe/Paris"          # for dates written without an offset (default: none)

    [weeks.week1]
    due = "2026-12-10T23:59:00+00:00"  # ISO date-time, or a TOML date-time; a date alone
                                       # ("2026-12-10") is due at the end of that day
    title = "Week 1"                   # the assignment's name in the LMS files (default: week1)
    canvas_assignment_id = "12345"     # Canvas's id of the assignment (header "Week 1 (12345)")

    [late]
    policy = "per_day"     # "none" (default), "per_day" or "hard_deadline"
    per_day = 0.1          # per_day: share of the score lost per started day late
    max_penalty = 0.5      # per_day: the most it takes (default 1.0)
    grace_minutes = 15     # up to this late counts as on time (default 0)
    zero_after_days = 7    # per_day: later than this many days scores 0 (default: never)

    [extensions.ada]
    week1 = "2026-12-12T23:59:00+00:00"  # a new due date for ada's week1
    [extensions.bob]
    week1 = 2                            # or extra days (a number, 0.5 = 12 hours)

    [export]
    missing = "zero"            # a roster student without a submission: "zero" or "blank"
    moodle_key = "email"        # Moodle matches students by "email" or "idnumber"
    canvas_student_id = "sis_login_id"   # roster student id in Canvas's "sis_login_id"
                                         # or "sis_user_id" column

Examples
--------
>>> settings = parse_course_settings('[weeks.week1]\\ndue = "2026-12-10T23:59:00Z"\\n'
...                                  '[late]\\npolicy = "hard_deadline"\\n')
>>> settings.due("week1", "ada").isoformat()
'2026-12-10T23:59:00+00:00'
>>> settings.late.policy
'hard_deadline'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from autograder.errors import CourseError

__all__ = ["FILE_NAME", "POLICIES", "CourseSettings", "Extension", "LatePolicy", "WeekSettings",
           "parse_course_settings", "read_course_settings"]

FILE_NAME = "course.toml"
#: the late policies, and what each does
POLICIES = {
    "none": "no penalty (lateness is still reported)",
    "per_day": "per_day share of the score per started day late, at most max_penalty; "
               "0 after zero_after_days when set",
    "hard_deadline": "0 after the due date (and its grace)",
}
_MISSING = ("zero", "blank")
_MOODLE_KEYS = ("email", "idnumber")
_CANVAS_IDS = ("sis_login_id", "sis_user_id")


@dataclass(frozen=True)
class LatePolicy:
    """How a late submission loses points (the ``[late]`` table)."""

    policy: str = "none"
    per_day: float = 0.0
    max_penalty: float = 1.0
    grace_minutes: float = 0.0
    zero_after_days: float | None = None

    def describe(self) -> str:
        """The policy in a few words (for feedback and notes).

        Examples
        --------
        >>> LatePolicy("per_day", 0.1, 0.5).describe()
        '10% per started day late, at most 50%'
        """
        if self.policy == "hard_deadline":
            text = "no credit after the deadline"
        elif self.policy == "per_day":
            text = f"{_percent(self.per_day)} per started day late, at most " \
                   f"{_percent(self.max_penalty)}"
            if self.zero_after_days is not None:
                text += f", no credit after {self.zero_after_days:g} day(s)"
        else:
            text = "no late penalty"
        if self.grace_minutes:
            text += f" ({self.grace_minutes:g} min grace)"
        return text


@dataclass(frozen=True)
class Extension:
    """One student's extension for one week: a new due date, or extra days."""

    due: datetime | None = None
    extra_days: float = 0.0

    def apply(self, due: datetime | None) -> datetime | None:
        """The due date with the extension."""
        if self.due is not None:
            return self.due
        if due is None:
            return None
        return due + timedelta(days=self.extra_days)


@dataclass(frozen=True)
class WeekSettings:
    """One ``[weeks.<week>]`` table."""

    name: str
    due: datetime | None = None
    title: str = ""
    canvas_assignment_id: str = ""

    @property
    def display_name(self) -> str:
        """The assignment's name in the LMS files."""
        return self.title or self.name


@dataclass(frozen=True)
class CourseSettings:
    """Everything ``course.toml`` says (defaults where it says nothing)."""

    weeks: dict[str, WeekSettings] = field(default_factory=dict)
    late: LatePolicy = LatePolicy()
    #: (student id, week) -> extension
    extensions: dict[tuple[str, str], Extension] = field(default_factory=dict)
    missing: str = "zero"
    moodle_key: str = "email"
    canvas_student_id: str = "sis_login_id"
    source: str = ""

    def week(self, name: str) -> WeekSettings:
        """The settings of a week (an empty one when the file does not name it)."""
        return self.weeks.get(name) or WeekSettings(name)

    def due(self, week: str, student: str) -> datetime | None:
        """The due date of ``student``'s ``week``, extension included (None: no due date)."""
        due = self.week(week).due
        extension = self.extensions.get((student, week))
        return extension.apply(due) if extension is not None else due


def _percent(share: float) -> str:
    return f"{100 * share:g}%"


def _fail(source: str, key: str, expected: str, got: Any) -> CourseError:
    return CourseError(f"{source}: {key} must be {expected}, got {got!r}")


def _check_keys(source: str, prefix: str, table: dict[str, Any], known: tuple[str, ...]) -> None:
    for key in table:
        if key not in known:
            raise CourseError(f"{source}: unknown key {prefix}{key} (known: "
                              f"{', '.join(prefix + k for k in known)})")


def _table(source: str, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(source, key, "a table", value)
    return value


def _number(source: str, key: str, value: Any, *, most: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (
            most is not None and value > most):
        limit = f" between 0 and {most:g}" if most is not None else " (0 or more)"
        raise _fail(source, key, f"a number{limit}", value)
    return float(value)


def _choice(source: str, key: str, value: Any, options: tuple[str, ...]) -> str:
    if value not in options:
        raise _fail(source, key, "one of " + ", ".join(f'"{o}"' for o in options), value)
    return str(value)


def _datetime(source: str, key: str, value: Any, zone: tzinfo | None) -> datetime:
    """A due date: aware, from a TOML date-time or an ISO string (a date alone: its end)."""
    expected = 'a date-time with its offset, e.g. "2026-12-10T23:59:00+00:00"'
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip()) if "T" in value or " " in \
                value.strip() else date.fromisoformat(value.strip())
        except ValueError:
            raise _fail(source, key, expected, value) from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59))
    if not isinstance(value, datetime):
        raise _fail(source, key, expected, value)
    if value.tzinfo is None:
        if zone is None:
            raise CourseError(f"{source}: {key} = {value.isoformat()} has no time zone: add "
                              "its offset (e.g. +01:00) or set [course] timezone")
        value = value.replace(tzinfo=zone)
    return value


def parse_course_settings(text: str, source: str = FILE_NAME) -> CourseSettings:
    """Read the text of a ``course.toml`` (see the module's documentation).

    Raises
    ------
    CourseError
        If the text is not TOML or a key is unknown or wrong, naming the key.

    Examples
    --------
    >>> parse_course_settings("[late]\\npolicy = 'weekly'")
    Traceback (most recent call last):
    ...
    autograder.errors.CourseError: course.toml: late.policy must be one of "none", \
"per_day", "hard_deadline", got 'weekly'
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CourseError(f"{source} is not valid TOML: {exc}") from None
    _check_keys(source, "", data, ("course", "weeks", "late", "extensions", "export"))
    course = _table(source, "course", data.get("course", {}))
    _check_keys(source, "course.", course, ("timezone",))
    zone: tzinfo | None = None
    if "timezone" in course:
        name = course["timezone"]
        try:
            zone = UTC if name in ("UTC", "utc") else ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError):
            raise _fail(source, "course.timezone", 'a time zone name such as "Europe/Paris"',
                        name) from None

    weeks: dict[str, WeekSettings] = {}
    for name, table in _table(source, "weeks", data.get("weeks", {})).items():
        prefix = f"weeks.{name}."
        table = _table(source, f"weeks.{name}", table)
        _check_keys(source, prefix, table, ("due", "title", "canvas_assignment_id"))
        due = _datetime(source, prefix + "due", table["due"], zone) if "due" in table else None
        for key in ("title", "canvas_assignment_id"):
            if key in table and not isinstance(table[key], str | int):
                raise _fail(source, prefix + key, "a string", table[key])
        weeks[name] = WeekSettings(name, due, str(table.get("title", "")),
                                   str(table.get("canvas_assignment_id", "")))

    late = _table(source, "late", data.get("late", {}))
    _check_keys(source, "late.", late, ("policy", "per_day", "max_penalty", "grace_minutes",
                                        "zero_after_days"))
    policy = _choice(source, "late.policy", late.get("policy", "none"), tuple(POLICIES))
    if policy == "per_day" and "per_day" not in late:
        raise CourseError(f"{source}: late.policy = \"per_day\" needs late.per_day, the share "
                          "of the score lost per started day late (e.g. 0.1)")
    for key in ("per_day", "max_penalty", "zero_after_days"):
        if key in late and policy != "per_day":
            raise CourseError(f"{source}: late.{key} applies to late.policy = \"per_day\" only "
                              f"(the policy is \"{policy}\")")
    zero_after = late.get("zero_after_days")
    policy_value = LatePolicy(
        policy,
        _number(source, "late.per_day", late.get("per_day", 0.0), most=1.0),
        _number(source, "late.max_penalty", late.get("max_penalty", 1.0), most=1.0),
        _number(source, "late.grace_minutes", late.get("grace_minutes", 0.0)),
        None if zero_after is None else _number(source, "late.zero_after_days", zero_after))

    extensions: dict[tuple[str, str], Extension] = {}
    for student, table in _table(source, "extensions", data.get("extensions", {})).items():
        for week, value in _table(source, f"extensions.{student}", table).items():
            key = f"extensions.{student}.{week}"
            if isinstance(value, int | float) and not isinstance(value, bool):
                extensions[(student, week)] = Extension(extra_days=_number(source, key, value))
            else:
                extensions[(student, week)] = Extension(due=_datetime(source, key, value, zone))

    export = _table(source, "export", data.get("export", {}))
    _check_keys(source, "export.", export, ("missing", "moodle_key", "canvas_student_id"))
    return CourseSettings(
        weeks, policy_value, extensions,
        _choice(source, "export.missing", export.get("missing", "zero"), _MISSING),
        _choice(source, "export.moodle_key", export.get("moodle_key", "email"), _MOODLE_KEYS),
        _choice(source, "export.canvas_student_id",
                export.get("canvas_student_id", "sis_login_id"), _CANVAS_IDS),
        source)


def read_course_settings(course_dir: Path) -> CourseSettings:
    """The settings in ``course_dir/course.toml`` (the defaults when there is no such file).

    Examples
    --------
    >>> import tempfile
    >>> read_course_settings(Path(tempfile.mkdtemp())).late.policy
    'none'
    """
    path = Path(course_dir) / FILE_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return CourseSettings(source=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"cannot read {path}: {exc}") from None
    return parse_course_settings(text, str(path))
