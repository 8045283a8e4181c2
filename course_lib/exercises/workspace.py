"""The learner's workspace file: progress through the course and the course-wide learner id.

One small JSON file, ``.workbook/progress.json``, in the learner's workspace: the folder
that holds ``00_start_here.ipynb`` or the ``week1`` folder, found from the current folder
upwards (a notebook runs in its own folder, e.g. ``notebooks/week1``); else the current
folder. The environment variable ``WORKBOOK_STATE`` names another folder. It records, per
exercise, how many times it was checked, whether it passed and how many hints were asked
for, and the learner id set once for the whole course. A corrupt file is set aside (renamed
``progress.json.corrupt-<time>``) with a message, never a crash; writes are atomic. Nothing
is recorded in a grading kernel.

Examples
--------
>>> import os, tempfile
>>> os.environ["WORKBOOK_STATE"] = tempfile.mkdtemp()
>>> record("w1_02_f1_score", checked=True, passed=False)
>>> load()["exercises"]["w1_02_f1_score"]["checked"]
1
>>> set_learner_id("Ada")
>>> learner_id()
'Ada'
>>> del os.environ["WORKBOOK_STATE"]
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from course_lib.exercises.collect import grading_dir
from course_lib.validation import check_text

__all__ = ["STATE_ENV", "learner_id", "load", "record", "set_learner_id", "state_file"]

#: environment variable naming the folder of the workspace file
STATE_ENV = "WORKBOOK_STATE"
_MARKERS = ("00_start_here.ipynb", "week1")


def state_file() -> Path:
    """Where the workspace file is (it may not exist yet).

    Examples
    --------
    >>> state_file().name
    'progress.json'
    """
    named = os.environ.get(STATE_ENV)
    if named:
        return Path(named) / "progress.json"
    here = Path.cwd()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in _MARKERS):
            return folder / ".workbook" / "progress.json"
    return here / ".workbook" / "progress.json"


def _empty() -> dict[str, Any]:
    return {"version": 1, "learner_id": "", "exercises": {}}


def load() -> dict[str, Any]:
    """The workspace file's content; a fresh one when there is none.

    A file that cannot be read as the workspace file is renamed aside, and a message says so.
    """
    path = state_file()
    if not path.exists():
        return _empty()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("exercises"), dict):
            raise ValueError("not a workspace file")
        if not all(isinstance(v, dict) for v in data["exercises"].values()):
            raise ValueError("not a workspace file")
    except (OSError, ValueError, UnicodeDecodeError):
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.rename(aside)
            where = f"it was set aside as {aside.name}"
        except OSError:
            where = "it could not be moved"
        print(f"note: your progress file {path} could not be read; {where}, and a new one "
              "is started (your answers in the notebooks are not affected).")
        return _empty()
    fresh = _empty()
    fresh.update(data)
    return fresh


def _save(data: dict[str, Any]) -> None:
    path = state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # a read-only workspace: progress is simply not kept


def record(exercise_id: str, *, checked: bool = False, passed: bool | None = None,
           hint: bool = False) -> None:
    """Count a check (and whether it passed) or a hint of ``exercise_id``.

    Raises
    ------
    TypeError
        If ``exercise_id`` is not a string.
    """
    check_text(exercise_id, "the exercise id")
    if grading_dir() is not None:
        return
    data = load()
    entry = data["exercises"].setdefault(exercise_id, {"checked": 0, "passed": False,
                                                       "hints": 0})
    if checked:
        entry["checked"] = int(entry.get("checked", 0)) + 1
        entry["last"] = time.strftime("%Y-%m-%d %H:%M")
    if passed is not None:
        entry["passed"] = bool(entry.get("passed")) or passed
    if hint:
        entry["hints"] = int(entry.get("hints", 0)) + 1
    _save(data)


def set_learner_id(value: str) -> None:
    """Set the learner id once for the whole course (the flight simulators use it).

    Raises
    ------
    TypeError
        If ``value`` is not a string.
    ValueError
        If it is empty or longer than 200 characters.
    """
    if not isinstance(value, str):
        raise TypeError(f"the learner id must be a string (str), got {type(value).__name__}")
    if not value.strip() or len(value) > 200:
        raise ValueError("the learner id must be 1 to 200 characters, e.g. your student id")
    data = load()
    data["learner_id"] = value.strip()
    _save(data)


def learner_id() -> str:
    """The course-wide learner id (``""`` until it is set)."""
    value = load().get("learner_id", "")
    return value if isinstance(value, str) else ""
