"""Where submissions are: the layout ``DIR/<student>/<week>/*.ipynb`` and the course's weeks.

:func:`discover` finds every (student, week) of a submissions folder. Any student folder
name is taken -- spaces, quotes, accents, a leading dot, two hundred characters: the folder
name is the student's id in the grades CSV, and nbgrader, which needs a plain id, gets a
stable one made from it (:func:`nbgrader_id`). Week folders are matched without regard to
case (``Week1/`` is ``week1``). What cannot be graded is reported, never silently dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.errors import CourseError
from autograder.settings import SOLUTIONS

__all__ = ["STUDENT_ID", "Found", "Submission", "discover", "nbgrader_id", "weeks_in"]

#: what nbgrader accepts as a student id as it is
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
#: folders that are never a student's (made by tools, not by students)
JUNK = frozenset({".ipynb_checkpoints", "__MACOSX", "__pycache__", ".DS_Store", ".git"})


def weeks_in(source: Path = SOLUTIONS) -> list[str]:
    """The assignments (week folders) of the course, sorted.

    Examples
    --------
    >>> "week1" in weeks_in()
    True
    """
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader_id(name: str) -> str:
    """The id nbgrader grades a student folder under: the name itself when nbgrader can use
    it, else a readable prefix and a hash of the whole name (stable, and unique).

    Examples
    --------
    >>> nbgrader_id("ada")
    'ada'
    >>> nbgrader_id("o'brien")
    'obrien-65b87174'
    >>> nbgrader_id("José Ñúñez") == nbgrader_id("José Ñúñez") != nbgrader_id("Jose Nunez")
    True
    """
    if STUDENT_ID.match(name):
        return name
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    prefix = re.sub(r"[^A-Za-z0-9_.@-]", "", plain).lstrip("._@-")[:40] or "student"
    return f"{prefix}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Submission:
    """One student's week: where it is, the student's name and nbgrader's id for it."""

    student: str
    week: str
    folder: Path

    @property
    def nbgrader_id(self) -> str:
        """The id nbgrader grades it under."""
        return nbgrader_id(self.student)


@dataclass
class Found:
    """What a submissions folder holds."""

    submissions: dict[tuple[str, str], Submission] = field(default_factory=dict)
    #: (folder, why it is not graded) for folders and files that are not submissions
    skipped: list[tuple[str, str]] = field(default_factory=list)


def discover(submissions: Path, weeks: Sequence[str]) -> Found:
    """Every (student, week) in ``submissions``, and what was left out, with the reason.

    Raises
    ------
    CourseError
        If ``submissions`` is not a folder, or holds no submission at all.
    """
    if not submissions.is_dir():
        raise CourseError(f"{submissions} is not a folder of submissions "
                          "(expected DIR/<student>/<week>/*.ipynb)")
    found = Found()
    by_id: dict[str, str] = {}
    for entry in sorted(submissions.iterdir(), key=lambda p: p.name):
        if entry.name in JUNK:
            continue
        if entry.is_symlink() or not entry.is_dir():
            found.skipped.append((entry.name, "not a student folder (a file or a link)"))
            continue
        student = entry.name
        other = by_id.setdefault(nbgrader_id(student), student)
        if other != student:
            found.skipped.append((student, f"its id collides with {other!r}'s"))
            continue
        folders = {p.name.lower(): p for p in sorted(entry.iterdir(), reverse=True)
                   if p.is_dir() and not p.is_symlink()}
        exact = {p.name: p for p in entry.iterdir() if p.is_dir()}
        matched = False
        for week in weeks:
            folder = exact.get(week) or folders.get(week.lower())
            if folder is not None:
                found.submissions[(student, week)] = Submission(student, week, folder)
                matched = True
        if not matched:
            found.skipped.append((student, f"no week folder ({', '.join(weeks)}) inside"))
    if not found.submissions:
        raise CourseError(f"no submissions found in {submissions}: expected "
                          f"DIR/<student>/<week>/*.ipynb with week in {list(weeks)}")
    return found
