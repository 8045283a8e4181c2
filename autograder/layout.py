"""Where submissions are: the layout ``DIR/<student>/<week>/*.ipynb`` and the course's weeks.

:func:`discover` maps every (student, week) found to its folder and rejects a layout it
cannot use with a message that says what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from autograder.errors import CourseError
from autograder.settings import SOLUTIONS

__all__ = ["STUDENT_ID", "discover", "weeks_in"]

#: what a student id may look like (it names folders and rows of the grades CSV)
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def weeks_in(source: Path = SOLUTIONS) -> list[str]:
    """The assignments (week folders) of the course, sorted.

    Examples
    --------
    >>> "week1" in weeks_in()
    True
    """
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def discover(submissions: Path, weeks: Sequence[str]) -> dict[tuple[str, str], Path]:
    """Map (student, week) to the submitted folder; reject unusable layouts clearly.

    Raises
    ------
    CourseError
        If ``submissions`` is not a folder, a student folder's name cannot be a student
        id, or nothing at all was found.
    """
    if not submissions.is_dir():
        raise CourseError(f"{submissions} is not a folder of submissions "
                          "(expected DIR/<student>/<week>/*.ipynb)")
    found: dict[tuple[str, str], Path] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        if student_dir.name.startswith("."):
            continue
        if not STUDENT_ID.match(student_dir.name):
            raise CourseError(f"{student_dir.name!r} is not a usable student id (letters, digits, "
                              "'_', '.', '@', '-'; at most 64 characters)")
        for week in weeks:
            if (student_dir / week).is_dir():
                found[(student_dir.name, week)] = student_dir / week
    if not found:
        raise CourseError(f"no submissions found in {submissions}: expected "
                          f"DIR/<student>/<week>/*.ipynb with week in {list(weeks)}")
    return found
