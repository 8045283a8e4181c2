"""The late policy: when a submission came in, how late it was, and the share of points it loses.

The submission time is nbgrader's ``timestamp.txt`` in the collected folder
(``<student>/<week>/timestamp.txt``, written by the exchange when the student pressed
*Submit*, e.g. ``2026-12-10 23:59:00.123456 UTC``). The due date is the week's ``due`` in
``course.toml``, moved by the student's extension (:mod:`autograder.course_settings`).
No due date, or no timestamp, means no penalty (and the note says why).

The policies (``[late] policy``):

``none``
    No penalty; lateness is still reported.
``per_day``
    ``per_day`` of the score per *started* day late (1 minute late is one day, 1 day and
    1 minute is two), at most ``max_penalty``; with ``zero_after_days``, a submission later
    than that many days scores 0.
``hard_deadline``
    A late submission scores 0.

``grace_minutes`` (both policies): a submission at most that late counts as on time; past
the grace, lateness counts from the due date itself.
The penalty is a share of the score: ``final_score = score * (1 - penalty)``.

Examples
--------
>>> from autograder.course_settings import LatePolicy
>>> penalty_for(timedelta(days=1, minutes=1), LatePolicy("per_day", 0.1, 0.5))
0.2
>>> parse_timestamp("2026-12-10 23:59:00.123456 UTC").isoformat()
'2026-12-10T23:59:00.123456+00:00'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from autograder.course_settings import CourseSettings, LatePolicy

__all__ = ["TIMESTAMP_FILE", "Lateness", "assess", "final_score", "format_delay",
           "parse_timestamp", "penalty_for", "read_submission_time"]

TIMESTAMP_FILE = "timestamp.txt"


def parse_timestamp(text: str) -> datetime:
    """An nbgrader timestamp as an aware UTC date-time.

    Reads what nbgrader writes (``%Y-%m-%d %H:%M:%S.%f %Z``: a zone name such as ``UTC`` or
    ``CET``, or a numeric offset such as ``+0100``) and ISO 8601; a time without zone is
    taken as UTC, as nbgrader does.

    Raises
    ------
    ValueError
        If the text is not a date-time.

    Examples
    --------
    >>> parse_timestamp("2026-12-11 00:30:00.000000 +0100").isoformat()
    '2026-12-10T23:30:00+00:00'
    >>> parse_timestamp("2026-12-10T23:59:00Z").isoformat()
    '2026-12-10T23:59:00+00:00'
    """
    import dateutil.parser
    import dateutil.tz

    text = text.strip()
    if not text:
        raise ValueError("empty timestamp")
    parts = text.split(" ")
    try:
        if len(parts) == 3:  # nbgrader's "<date> <time> <zone>"
            zone_name = parts[2]
            zone = dateutil.tz.tzutc() if zone_name.upper() in ("UTC", "GMT", "Z") else None
            if zone is None:
                try:
                    zone = dateutil.tz.tzoffset(None, _offset_seconds(zone_name))
                except ValueError:
                    zone = dateutil.tz.gettz(zone_name)
            if zone is None:
                raise ValueError(f"unknown time zone {zone_name!r}")
            value = dateutil.parser.parse(" ".join(parts[:2])).replace(tzinfo=zone)
        else:
            value = dateutil.parser.parse(text)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a timestamp: {text!r} ({exc})") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _offset_seconds(text: str) -> int:
    """``+0100`` / ``-05:30`` -> seconds east of UTC."""
    digits = text[1:].replace(":", "")
    if text[:1] not in "+-" or len(digits) != 4 or not digits.isdigit():
        raise ValueError(text)
    seconds = int(digits[:2]) * 3600 + int(digits[2:]) * 60
    return seconds if text[0] == "+" else -seconds


def read_submission_time(folder: Path) -> datetime | None:
    """The time in ``folder/timestamp.txt`` (None when there is no such file).

    Raises
    ------
    ValueError
        If the file is there but does not hold a timestamp.
    """
    path = Path(folder) / TIMESTAMP_FILE
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(f"cannot read {TIMESTAMP_FILE}: {exc}") from None
    return parse_timestamp(text)


def penalty_for(late_by: timedelta, policy: LatePolicy) -> float:
    """The share of the score lost by a submission ``late_by`` after its due date.

    Examples
    --------
    >>> policy = LatePolicy("per_day", 0.1, 0.5, grace_minutes=10)
    >>> [penalty_for(timedelta(minutes=m), policy) for m in (0, 10, 11)]
    [0.0, 0.0, 0.1]
    >>> penalty_for(timedelta(days=30), policy)
    0.5
    >>> penalty_for(timedelta(seconds=1), LatePolicy("hard_deadline"))
    1.0
    """
    if late_by <= timedelta(0) or late_by <= timedelta(minutes=policy.grace_minutes):
        return 0.0
    if policy.policy == "hard_deadline":
        return 1.0
    if policy.policy != "per_day":
        return 0.0
    if policy.zero_after_days is not None and late_by > timedelta(days=policy.zero_after_days):
        return 1.0
    days = math.ceil(late_by / timedelta(days=1))
    return round(min(policy.max_penalty, policy.per_day * days), 6)


def final_score(score: float, penalty: float) -> float:
    """The score after the penalty.

    Examples
    --------
    >>> final_score(3.0, 0.1)
    2.7
    """
    return round(score * (1.0 - penalty), 6)


def format_delay(delay: timedelta) -> str:
    """A delay for people.

    Examples
    --------
    >>> format_delay(timedelta(days=1, minutes=1))
    '1 day 1 min'
    >>> format_delay(timedelta(seconds=42))
    '42 s'
    """
    seconds = int(delay.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}" if days else "",
             f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    text = " ".join(p for p in parts if p)
    return text or f"{seconds} s"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip() or moment.isoformat()


@dataclass(frozen=True)
class Lateness:
    """When one (student, week) was submitted against its due date, and the penalty."""

    submitted_at: datetime | None = None
    due: datetime | None = None
    late_by: timedelta = timedelta(0)
    penalty: float = 0.0
    note: str = ""

    @property
    def late(self) -> bool:
        """Whether it came in after the due date (grace or not)."""
        return self.late_by > timedelta(0)

    @property
    def late_hours(self) -> float:
        """How late, in hours (0 when on time)."""
        return round(self.late_by.total_seconds() / 3600, 4)


def assess(settings: CourseSettings, student: str, week: str, folder: Path | None) -> Lateness:
    """Apply the course's late policy to one submitted folder (``None``: no submission).

    Examples
    --------
    >>> import tempfile
    >>> from autograder.course_settings import parse_course_settings
    >>> settings = parse_course_settings('[weeks.week1]\\ndue = "2026-12-10T23:59:00Z"\\n'
    ...     '[late]\\npolicy = "per_day"\\nper_day = 0.1\\n')
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "timestamp.txt").write_text("2026-12-11 00:00:00.000000 UTC")
    >>> found = assess(settings, "ada", "week1", folder)
    >>> found.penalty, found.late_hours
    (0.1, 0.0167)
    """
    due = settings.due(week, student)
    extended = (student, week) in settings.extensions
    if folder is None:
        return Lateness(due=due, note="no submission")
    try:
        submitted = read_submission_time(folder)
    except ValueError as exc:
        return Lateness(due=due, note=f"{TIMESTAMP_FILE} unreadable ({exc}): no late penalty")
    if due is None:
        return Lateness(submitted, None, note="no due date" if submitted else "")
    if submitted is None:
        return Lateness(None, due, note=f"no {TIMESTAMP_FILE} (submission time unknown): no "
                                        "late penalty")
    late_by = max(submitted - due, timedelta(0))
    penalty = penalty_for(late_by, settings.late)
    due_text = f"due {_when(due.astimezone(UTC))}" + (" with extension" if extended
                                                               else "")
    if not late_by:
        return Lateness(submitted, due, late_by, 0.0, f"on time ({due_text})")
    note = f"{format_delay(late_by)} late ({due_text})"
    if penalty:
        note += f": -{100 * penalty:g}% ({settings.late.describe()})"
    else:
        note += ": no penalty" + (" (grace)" if settings.late.policy != "none" else "")
    return Lateness(submitted, due, late_by, penalty, note)
