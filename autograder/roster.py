"""A class roster: the student ids a course's learner package and grades are made for.

A roster is a CSV file with a header row, one student per row. The student id is the
column named ``student_id`` (or ``id``, ``username``, ``student``; case and spaces do not
matter), else the first column. Other columns (name, email, LMS id, section) are kept as
they are. A plain text file with one id per line, without header, is read too.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "roster.csv"
>>> _ = path.write_text("Student ID,Name\\nada,Ada L.\\nbob,Bob K.\\n", encoding="utf-8")
>>> read_roster(path)
['ada', 'bob']
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["ID_COLUMNS", "read_roster"]

#: header names recognised as the student id column (normalized: lower case, "_" for spaces)
ID_COLUMNS = ("student_id", "id", "username", "student", "login")


def _column(header: list[str]) -> int | None:
    names = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    for wanted in ID_COLUMNS:
        if wanted in names:
            return names.index(wanted)
    return None


def read_roster(path: Path | str) -> list[str]:
    """The student ids of a roster file, in file order, without blanks or repeats.

    Raises
    ------
    ValueError
        If the file cannot be read, or holds no student id, or an id has a ``/``.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the roster {path}: {exc}") from None
    rows = [row for row in csv.reader(text.splitlines()) if any(c.strip() for c in row)]
    if not rows:
        raise ValueError(f"the roster {path} holds no student")
    column = _column(rows[0])
    if column is not None:
        rows = rows[1:]
    elif len(rows[0]) > 1 and rows[0][0].strip().lower() in {"name", "email", "#"}:
        raise ValueError(f"the roster {path} has a header but no student id column; name "
                         f"one of: {', '.join(ID_COLUMNS)}")
    ids: list[str] = []
    for number, row in enumerate(rows, start=2 if column is not None else 1):
        value = row[column or 0].strip() if len(row) > (column or 0) else ""
        if not value:
            continue
        if "/" in value or "\0" in value:
            raise ValueError(f"the roster {path}, line {number}: {value!r} cannot be a "
                             "student id (it has a '/')")
        if value not in ids:
            ids.append(value)
    if not ids:
        raise ValueError(f"the roster {path} holds no student id")
    return ids
