"""Access to nbgrader's gradebook: prepare the weeks, read scores, withdraw points.

The gradebook (sqlite by default, PostgreSQL through ``COURSE_GRADEBOOK_URL``) is nbgrader's
single record of grades. Before grading, every week is (re)entered with nbgrader's
``generate_assignment``; each grading unit then reads back the scores of its own
submission (:func:`unit_scores`), so no process has to read another's results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from autograder.errors import CourseError

__all__ = ["UnitScores", "max_scores", "prepare_weeks", "sqlite_ready", "unit_scores",
           "use_wal", "withdraw"]


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


def _tail(text: str | None, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


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
                              f"{_tail(result.get('error') or result.get('log'), 8)}")


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


def withdraw(db_url: str, course_id: str, week: str, student: str, notebook: str,
             grade_ids: Sequence[str]) -> None:
    """Set the automatic score of these test cells to 0 in the gradebook."""
    from nbgrader.api import Gradebook

    if not grade_ids:
        return
    with Gradebook(db_url, course_id) as gb:
        for grade_id in grade_ids:
            grade = gb.find_grade(grade_id, notebook, week, student)
            grade.auto_score = 0.0
            grade.needs_manual_grade = False
        gb.db.commit()
