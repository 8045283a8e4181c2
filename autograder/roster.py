"""A class roster: the student ids a course's learner package and grades are made for.

A roster is a CSV file with a header row, one student per row. The student id is the
column named ``student_id`` (or ``id``, ``username``, ``student``; case and spaces do not
matter), else the first column. Other columns (name, email, LMS id, section) are kept as
they are. A plain text file with one id per line, without header, is read too.

:func:`read_roster` gives the ids only (what the learner package needs);
:func:`read_roster_entries` reads every column ``course roster`` imports (header names
matched loosely, see :data:`FIELD_NAMES`) and reports every problem of the file at once:
a duplicate or empty id, an id with a ``/``, a malformed e-mail address. ``course roster``
writes the result as ``<course dir>/roster.csv`` with the columns :data:`ROSTER_COLUMNS`
(:func:`write_roster`) and enters the students in nbgrader's gradebook
(:func:`update_gradebook`).

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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from autograder.errors import CourseError

__all__ = ["FIELD_NAMES", "ID_COLUMNS", "ROSTER_COLUMNS", "GradebookUpdate", "RosterEntry",
           "RosterFile", "load_roster", "read_roster", "read_roster_entries",
           "update_gradebook", "write_roster"]

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


#: the columns of ``<course dir>/roster.csv``
ROSTER_COLUMNS = ("student_id", "first_name", "last_name", "email", "lms_id", "section")
#: field -> header names recognised for it (compared lower case, letters and digits only:
#: "First Name", "first_name" and "FIRSTNAME" are one name)
FIELD_NAMES = {
    "first_name": ("firstname", "first", "givenname", "given", "forename"),
    "last_name": ("lastname", "last", "surname", "familyname", "family"),
    "name": ("name", "fullname", "studentname", "displayname"),
    "email": ("email", "emailaddress", "mail", "courriel"),
    "lms_id": ("lmsid", "lmsuserid", "canvasid", "canvasuserid", "moodleid", "idnumber",
               "lms"),
    "section": ("section", "sections", "group", "groups", "class", "cohort"),
}
#: more header names taken as the student id when none of :data:`ID_COLUMNS` is there
MORE_ID_COLUMNS = ("userid", "loginid", "sisloginid", "studentnumber", "studentno", "netid",
                   "user", "matriculation")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")


@dataclass(frozen=True)
class RosterEntry:
    """One student of a roster (a row of ``roster.csv``).

    Examples
    --------
    >>> RosterEntry("ada", "Ada", "Lovelace").display_name
    'Lovelace, Ada'
    """

    student_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_id: str = ""
    section: str = ""

    @property
    def display_name(self) -> str:
        """``Last, First`` (as Canvas lists students), or whatever part is known, or the id."""
        if self.first_name and self.last_name:
            return f"{self.last_name}, {self.first_name}"
        return self.last_name or self.first_name or self.student_id


@dataclass
class RosterFile:
    """What :func:`read_roster_entries` read: the students, and the problems found."""

    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: the recognised columns: field -> header as written in the file
    columns: dict[str, str] = field(default_factory=dict)


def _plain(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.strip().lower())


def _split_name(full: str) -> tuple[str, str]:
    """``"Lovelace, Ada"`` or ``"Ada Lovelace"`` -> (first, last).

    Examples
    --------
    >>> _split_name("Lovelace, Ada"), _split_name("Ada King Lovelace"), _split_name("Ada")
    (('Ada', 'Lovelace'), ('Ada King', 'Lovelace'), ('Ada', ''))
    """
    full = " ".join(full.split())
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    first, _, last = full.rpartition(" ")
    return (first, last) if first else (last, "")


def read_roster_entries(path: Path | str) -> RosterFile:
    """Every student of a roster file with their name, e-mail, LMS id and section.

    The id column is found as :func:`read_roster` finds it (a file without header is a plain
    list of ids). Every problem is listed in ``problems`` with its line number; nothing is
    dropped silently.

    Raises
    ------
    CourseError
        If the file cannot be read or holds no row at all.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = path.write_text('Username,Full Name,E-mail\\nada,"Lovelace, Ada",ada@x.org\\n',
    ...                     encoding="utf-8")
    >>> read_roster_entries(path).entries
    [RosterEntry(student_id='ada', first_name='Ada', last_name='Lovelace', \
email='ada@x.org', lms_id='', section='')]
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CourseError(f"cannot read the roster {path}: {exc}") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    # a spreadsheet saved with ";" (a comma-decimal locale) or tabs is read as such
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    lines = list(csv.reader(text.splitlines(), delimiter=delimiter))
    numbered = [(n, row) for n, row in enumerate(lines, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise CourseError(f"the roster {path} holds no student")
    found = RosterFile()
    header = numbered[0][1]
    id_column = _column(header)
    if id_column is None:
        plain_header = [_plain(h) for h in header]
        more = [plain_header.index(n) for n in MORE_ID_COLUMNS if n in plain_header]
        id_column = more[0] if more else None
        known = {n for names in FIELD_NAMES.values() for n in names}
        if id_column is None and known & set(plain_header):
            raise CourseError(f"the roster {path} has a header ({', '.join(header)}) but no "
                              f"student id column; name one of: {', '.join(ID_COLUMNS)}")
    columns: dict[str, int] = {}
    if id_column is not None:
        numbered = numbered[1:]
        found.columns["student_id"] = header[id_column]
        plain = [_plain(h) for h in header]
        for name, options in FIELD_NAMES.items():
            for option in options:
                if option in plain and plain.index(option) != id_column:
                    columns[name] = plain.index(option)
                    found.columns[name] = header[plain.index(option)]
                    break
    elif len(header) > 1 and _plain(header[0]) in {"name", "email", ""}:
        raise CourseError(f"the roster {path} has a header but no student id column; name "
                          f"one of: {', '.join(ID_COLUMNS)}")
    seen: dict[str, int] = {}
    for number, row in numbered:
        def cell(name: str, row: Sequence[str] = row) -> str:
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        column = id_column or 0
        student = row[column].strip() if column < len(row) else ""
        where = f"line {number}"
        if not student:
            found.problems.append(f"{where}: no student id ({', '.join(row)})")
            continue
        if "/" in student or "\0" in student:
            found.problems.append(f"{where}: {student!r} cannot be a student id (it has a '/')")
            continue
        if student in seen:
            found.problems.append(f"{where}: student id {student!r} again (first on line "
                                  f"{seen[student]})")
            continue
        seen[student] = number
        first, last = cell("first_name"), cell("last_name")
        if not (first or last) and cell("name"):
            first, last = _split_name(cell("name"))
        email = cell("email")
        if email and not _EMAIL.match(email):
            found.problems.append(f"{where}: {email!r} is not an e-mail address (student "
                                  f"{student})")
        found.entries.append(RosterEntry(student, first, last, email, cell("lms_id"),
                                         cell("section")))
    if not found.entries and not found.problems:
        found.problems.append("no student id in the file")
    return found


def write_roster(entries: Iterable[RosterEntry], out: Path) -> None:
    """Write ``roster.csv`` (columns :data:`ROSTER_COLUMNS`), atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ROSTER_COLUMNS)
        for entry in entries:
            writer.writerow([getattr(entry, name) for name in ROSTER_COLUMNS])
    tmp.replace(out)


def load_roster(path: Path) -> list[RosterEntry]:
    """The students of a ``roster.csv`` written by :func:`write_roster` (or any roster).

    Raises
    ------
    CourseError
        If there is no such file, or it has problems.
    """
    if not Path(path).is_file():
        raise CourseError(f"no roster at {path}: import one with `course roster FILE`")
    found = read_roster_entries(path)
    if found.problems:
        raise CourseError(f"the roster {path} has problems:\n  " + "\n  ".join(found.problems))
    return found.entries


@dataclass
class GradebookUpdate:
    """What :func:`update_gradebook` did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: students of the gradebook that the roster does not list (kept, never deleted)
    not_in_roster: list[str] = field(default_factory=list)


def update_gradebook(entries: Sequence[RosterEntry], db_url: str,
                     course_id: str) -> GradebookUpdate:
    """Add or update every roster student in nbgrader's gradebook (its ``Student`` table).

    A student is entered under the id nbgrader grades them with
    (:func:`autograder.layout.nbgrader_id`: the id itself when nbgrader can use it).
    """
    from nbgrader.api import Gradebook

    from autograder.layout import nbgrader_id
    from autograder.process import prepare_process

    prepare_process()  # nbgrader runs alembic to create a new gradebook
    done = GradebookUpdate()
    with Gradebook(db_url, course_id) as gb:
        known = {s.id for s in gb.students}
        for entry in entries:
            student = nbgrader_id(entry.student_id)
            gb.update_or_create_student(student, first_name=entry.first_name or None,
                                        last_name=entry.last_name or None,
                                        email=entry.email or None,
                                        lms_user_id=entry.lms_id or None)
            (done.updated if student in known else done.added).append(student)
        wanted = {nbgrader_id(e.student_id) for e in entries}
        done.not_in_roster = sorted(known - wanted)
    return done
