"""What grading found, per student and week: rows of the grades CSV, records and logs.

One (student, week) is graded as one unit. Its :class:`Record` holds a :class:`Row` per
expected notebook (``graded`` with the score, ``missing``, ``error`` with the reason, or
``pending``) and the grade of each question; it is saved as JSON in
``<course>/records/<week>/<student>.json``, with a readable log beside it in
``<course>/logs/<student>/<week>.log``. The grades CSV is the rows of every record.
"""

from __future__ import annotations

import csv
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autograder.late import Lateness

__all__ = ["CSV_COLUMNS", "QuestionGrade", "Record", "Row", "RowStatus", "write_csv",
           "write_log"]

#: the grades CSV's columns; the last five are the late policy's (:mod:`autograder.late`):
#: when it was submitted (ISO, UTC), how many hours late, the share lost, the score after it,
#: and why (on time, how late, no due date, no timestamp.txt)
CSV_COLUMNS = ["student_id", "week", "notebook", "score", "max_score", "status", "message",
               "submitted_at", "late_by_hours", "penalty", "final_score", "late_note"]


class RowStatus(StrEnum):
    """What happened to one expected notebook of one student."""

    GRADED = "graded"
    MISSING = "missing"
    ERROR = "error"
    PENDING = "pending"


@dataclass
class Row:
    """One line of the grades CSV.

    Examples
    --------
    >>> Row("ada", "week1", "01_x", 2.0, 3.0, RowStatus.GRADED).status.value
    'graded'
    """

    student_id: str
    week: str
    notebook: str
    score: float
    max_score: float
    status: RowStatus
    message: str = ""

    def __post_init__(self) -> None:
        self.status = RowStatus(self.status)


@dataclass
class QuestionGrade:
    """The grade of one question (a graded test cell) of one submission."""

    notebook: str
    score: float
    max_score: float
    failure: str | None = None

    @property
    def full_marks(self) -> bool:
        """Whether the question got all its points."""
        return self.score >= self.max_score


@dataclass
class Record:
    """What one grading run found for one student's week (stored as JSON).

    Examples
    --------
    >>> import tempfile
    >>> record = Record("ada", "week1", [Row("ada", "week1", "01_x", 1.0, 1.0, "graded")],
    ...                 {"test_q": QuestionGrade("01_x", 1.0, 1.0)})
    >>> path = Path(tempfile.mkdtemp()) / "ada.json"
    >>> record.save(path)
    >>> Record.load(path) == record
    True
    """

    student_id: str
    week: str
    rows: list[Row]
    questions: dict[str, QuestionGrade] = field(default_factory=dict)
    seconds: float = 0.0
    graded_at: float = field(default_factory=time.time)

    @classmethod
    def load(cls, path: Path) -> Record:
        """Read a record saved by :meth:`save`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        data["rows"] = [Row(**r) for r in data["rows"]]
        data["questions"] = {k: QuestionGrade(**q) for k, q in data["questions"].items()}
        return cls(**data)

    def save(self, path: Path) -> None:
        """Write the record as JSON, atomically (a reader never sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = asdict(self)
        for row in data["rows"]:
            row["status"] = RowStatus(row["status"]).value
        for grade in data["questions"].values():
            if grade["failure"] is None:
                del grade["failure"]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, path)


def write_csv(rows: Iterable[Row], out: Path,
              lateness: Mapping[tuple[str, str], Lateness] | None = None) -> None:
    """Write the grades CSV (columns :data:`CSV_COLUMNS`).

    ``lateness`` maps (student id, week) to its :class:`~autograder.late.Lateness`; a row
    without one has no penalty (``final_score`` is its ``score``).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "grades.csv"
    >>> write_csv([Row("ada", "week1", "01_x", 2.0, 3.0, "graded")], out)
    >>> out.read_text().splitlines()[1]
    'ada,week1,01_x,2,3,graded,,,,0,2,'
    """
    from autograder.late import final_score

    lateness = lateness or {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            late = lateness.get((row.student_id, row.week))
            submitted = late.submitted_at.isoformat() if late and late.submitted_at else ""
            hours = f"{late.late_hours:g}" if late and late.submitted_at and late.due else ""
            penalty = late.penalty if late else 0.0
            writer.writerow([row.student_id, row.week, row.notebook, f"{row.score:g}",
                             f"{row.max_score:g}", row.status.value, row.message, submitted,
                             hours, f"{penalty:g}", f"{final_score(row.score, penalty):g}",
                             late.note if late else ""])


def write_log(path: Path, record: Record, extra_files: Sequence[str], nbgrader_log: str,
              crash: str = "") -> None:
    """Write the readable log of one graded unit: its rows, failures and nbgrader's log."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {record.student_id} / {record.week}", ""]
    for row in record.rows:
        lines.append(f"{row.notebook}: {row.status.value} {row.score:g}/{row.max_score:g}"
                     + (f" - {row.message}" if row.message else ""))
    if extra_files:
        lines.append(f"not graded (not an expected notebook): {', '.join(extra_files)}")
    for grade_id, q in sorted(record.questions.items()):
        if q.failure is not None:
            lines.append(f"  {grade_id}: {q.score:g}/{q.max_score:g} - {q.failure}")
    if nbgrader_log or crash:
        lines += ["", "## nbgrader log", nbgrader_log or "(empty)"]
        if crash:
            lines += ["", crash]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
