"""Access to nbgrader's gradebook: prepare the weeks, read scores, withdraw points.

The gradebook (sqlite by default, PostgreSQL through ``COURSE_GRADEBOOK_URL``) is nbgrader's
single record of grades. Before grading, every week is (re)entered with nbgrader's
``generate_assignment``; each grading unit then reads back the scores of its own
submission (:func:`unit_scores`), so no process has to read another's results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.errors import CourseError

__all__ = ["UnitScores", "max_scores", "prepare_weeks", "repair", "sqlite_ready",
           "unit_scores", "use_wal"]


def sqlite_ready(url: str) -> str:
    """Let many processes share a sqlite gradebook: wait for locks instead of failing.

    Examples
    --------
    >>> sqlite_ready("sqlite:////tmp/g.db")
    'sqlite:////tmp/g.db?timeout=120'
    >>> sqlite_ready("postgresql://u@127.0.0.1/db")
    'postgresql://u@127.0.0.1/db'
    """
    if url.startswith("sqlite:") and "timeout=" not in url:
        return url + ("&" if "?" in url else "?") + "timeout=120"
    return url


def use_wal(url: str) -> None:
    """Switch a sqlite gradebook to write-ahead logging (readers do not block writers)."""
    if not url.startswith("sqlite:"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA journal_mode=WAL"))
    finally:
        engine.dispose()


def _sqlite_file(url: str) -> Path | None:
    if not url.startswith("sqlite:///"):
        return None
    return Path(url[len("sqlite:///"):].split("?", 1)[0])


def repair(url: str) -> str | None:
    """Set a corrupt sqlite gradebook aside (a new one is made); say so, or return None.

    A gradebook is corrupt when sqlite's integrity check fails or it cannot be read at all.
    Nothing is lost: the grades are made again by the run, and every unit's record stays
    in ``records/``. A server gradebook (PostgreSQL) is never touched.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "gradebook.db"
    >>> _ = bad.write_bytes(b"this is not a database" * 100)
    >>> repair(f"sqlite:///{bad}").startswith("the gradebook was corrupt")
    True
    >>> bad.exists()
    False
    """
    import sqlite3
    import time

    path = _sqlite_file(url)
    if path is None or not path.exists():
        return None
    try:
        with sqlite3.connect(path) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        ok = False
    if ok:
        return None
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(aside)
    for extra in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + extra)
        if side.exists():
            side.rename(aside.with_name(aside.name + extra))
    return (f"the gradebook was corrupt: set aside as {aside.name}; a new one was made and "
            "every submission graded again")


def _tail(text: str | None, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


def _reason(log: str | None) -> str:
    """The lines of nbgrader's log that say what was wrong (the exceptions' messages, which
    name the notebook and the cell), else the end of the log."""
    lines = [line.strip() for line in (log or "").splitlines()]
    said = [line for line in lines if line.startswith("[INFO] Converting notebook")
            or ("Error: " in line and not line.startswith("File "))]
    said = list(dict.fromkeys(said))
    return " | ".join(said[:4])[:800] if said else _tail(log, 8)


def prepare_weeks(api: Any, weeks: Sequence[str]) -> None:
    """Enter each week's source notebooks in the gradebook (nbgrader's generate_assignment).

    Raises
    ------
    CourseError
        If nbgrader cannot generate a week (with the end of its log).
    """
    for week in weeks:
        result = api.generate_assignment(week, force=True, create=True)
        if not result.get("success"):
            raise CourseError(f"could not prepare {week} in the gradebook:\n"
                              f"{_reason(result.get('log') or result.get('error'))}")


def max_scores(db_url: str, course_id: str, weeks: Sequence[str]) -> dict[str, dict[str, float]]:
    """Points of every notebook of every week, as the gradebook has them."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        return {week: {nb.name: float(nb.max_score) for nb in gb.find_assignment(week).notebooks}
                for week in weeks}


@dataclass
class UnitScores:
    """The gradebook's scores of one (student, week): per notebook, and per graded code cell."""

    notebooks: dict[str, float] = field(default_factory=dict)
    #: grade id -> (notebook, score, max score)
    questions: dict[str, tuple[str, float, float]] = field(default_factory=dict)


def unit_scores(db_url: str, course_id: str, student: str, week: str) -> UnitScores:
    """Read the scores of one student's week back from the gradebook (empty when ungraded)."""
    from nbgrader.api import Gradebook, MissingEntry

    found = UnitScores()
    with Gradebook(db_url, course_id) as gb:
        try:
            submission = gb.find_submission(week, student)
        except MissingEntry:
            return found
        for nb in submission.notebooks:
            found.notebooks[nb.name] = float(nb.score)
            for grade in nb.grades:
                if grade.cell.cell_type == "code":
                    found.questions[grade.name] = (nb.name, float(grade.score),
                                                   float(grade.max_score))
    return found
