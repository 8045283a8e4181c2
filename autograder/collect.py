"""Collect submissions into the layout ``course grade`` reads: ``DIR/<student>/<week>/``.

Submissions come from two places:

- the **nbgrader exchange** (students pressed *Submit* in JupyterLab):
  :func:`collect_exchange` runs nbgrader's own ``collect`` (latest submission of each
  student, with its ``timestamp.txt``, so late penalties still work);
- a **folder of downloaded notebooks**, e.g. an LMS export where every file is named
  ``<student>_<file>.ipynb`` (a ``.zip`` of such files works too):
  :func:`collect_lms`. A file is matched to the expected notebook whose name ends it;
  a file the student renamed keeps its name and is matched later by its cells
  (:mod:`autograder.intake`). Files that cannot be assigned to a student are listed with
  the reason, never dropped silently.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from autograder.errors import CourseError
from autograder.layout import STUDENT_ID


@dataclass
class Collected:
    """What a collection did.

    Attributes
    ----------
    students : dict
        Student id -> the files written to ``<dest>/<student>/<week>/``.
    skipped : list of (str, str)
        Files that were not collected, with the reason.
    """

    students: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def split_lms_name(filename: str, expected: Iterable[str]) -> tuple[str, str] | None:
    """Split ``<student>_<file>.ipynb`` into (student, file name).

    The longest expected notebook name that ends the file name wins (both may contain
    ``_``); otherwise the student id is what comes before the first ``_``.

    Examples
    --------
    >>> split_lms_name("ada_lovelace_02_metrics.ipynb", ["02_metrics", "03_other"])
    ('ada_lovelace', '02_metrics.ipynb')
    >>> split_lms_name("bob_Copy of 02_metrics.ipynb", ["03_other"])
    ('bob', 'Copy of 02_metrics.ipynb')
    >>> split_lms_name("notes.ipynb", []) is None
    True
    """
    if not filename.endswith(".ipynb"):
        return None
    for name in sorted(expected, key=len, reverse=True):
        suffix = f"_{name}.ipynb"
        if filename.endswith(suffix) and len(filename) > len(suffix):
            return filename[: -len(suffix)], f"{name}.ipynb"
    student, sep, rest = filename.partition("_")
    if not sep or not student or rest == ".ipynb":
        return None
    return student, rest


def collect_lms(export: Path, week: str, dest: Path, expected: Iterable[str]) -> Collected:
    """Sort an LMS export (folder or ``.zip``) into ``dest/<student>/<week>/``.

    Parameters
    ----------
    export : Path
        The downloaded folder (searched recursively) or zip file.
    week : str
        The assignment the files belong to, e.g. ``"week1"``.
    dest : Path
        The submissions folder ``course grade`` will read.
    expected : iterable of str
        The week's notebook names (without ``.ipynb``).
    """
    expected = list(expected)
    if not export.exists():
        raise CourseError(f"{export} does not exist")
    with tempfile.TemporaryDirectory(prefix="course-lms-") as tmp:
        if export.is_file():
            if not zipfile.is_zipfile(export):
                raise CourseError(f"{export} is neither a folder nor a zip file")
            with zipfile.ZipFile(export) as archive:
                archive.extractall(tmp)
            export = Path(tmp)
        result = Collected()
        files = sorted(p for p in export.rglob("*") if p.is_file()
                       and ".ipynb_checkpoints" not in p.parts and "__MACOSX" not in p.parts)
        for path in files:
            split = split_lms_name(path.name, expected)
            if split is None:
                result.skipped.append((path.name, "not named <student>_<file>.ipynb"))
                continue
            student, name = split
            if not STUDENT_ID.match(student):
                result.skipped.append((path.name, f"{student!r} is not a usable student id"))
                continue
            target = dest / student / week / name
            if name in result.students.get(student, []):
                result.skipped.append((path.name, f"{student} already has a {name}"))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            result.students.setdefault(student, []).append(name)
    return result


def collect_exchange(week: str, dest: Path, exchange_root: Path | None = None) -> Collected:
    """Collect the latest exchange submission of every student into ``dest/<student>/<week>``.

    Uses nbgrader's own ``collect`` (``Exchange.root`` is ``exchange_root``, else
    ``$COURSE_EXCHANGE`` or the course folder's ``exchange/``).
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.config import course_config
    from autograder.process import prepare_process

    prepare_process()
    with tempfile.TemporaryDirectory(prefix="course-collect-") as tmp:
        config = course_config(Path(tmp), db_url=f"sqlite:///{Path(tmp) / 'collect.db'}")
        if exchange_root is not None:
            config.Exchange.root = str(Path(exchange_root).resolve())
        inbound = Path(config.Exchange.root) / config.CourseDirectory.course_id / "inbound"
        if not inbound.is_dir():
            raise CourseError(f"no exchange inbound folder at {inbound}")
        config.ExchangeCollect.check_owner = False  # student ids are not Unix users here
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        outcome = api.collect(week, update=True)
        if not outcome.get("success"):
            raise CourseError(f"nbgrader could not collect {week}: "
                              f"{outcome.get('error') or outcome.get('log')}")
        result = Collected()
        submitted = Path(tmp) / "submitted"
        for folder in sorted(submitted.glob(f"*/{week}")):
            student = folder.parent.name
            if not STUDENT_ID.match(student):
                result.skipped.append((student, "not a usable student id"))
                continue
            target = dest / student / week
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(folder, target)
            result.students[student] = sorted(p.name for p in target.iterdir())
    return result
