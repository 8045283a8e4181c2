"""The course data file: what a class's instructor ships to the learners' installs.

Where the answer key is not installed -- a grading sandbox, or a learner's install in a
graded course -- what depends on it comes from one JSON file written by the instructor's
tools (``course learner-package``, or the grader for its kernels):

- ``"scenarios"``: each roster learner's flight-simulator figures, without answers;
- ``"digests"``: salted digests of the right values of the value exercises, which the
  self-checks compare a learner's answer with (:mod:`course_lib.exercises.digests`).

The file is the one the environment variable :data:`~course_lib.contract.COURSE_DATA`
names, else ``course_data.json`` packaged next to this module (a learner package puts it
there), else there is none.

Examples
--------
>>> isinstance(course_file(), dict)
True
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from course_lib.contract import COURSE_DATA

__all__ = ["PACKAGED_FILE", "course_file", "course_file_path"]

#: where a learner package puts the course data file
PACKAGED_FILE = Path(__file__).with_name("course_data.json")


def course_file_path() -> Path | None:
    """The course data file in use here, or ``None`` when there is none.

    Examples
    --------
    >>> course_file_path() is None or course_file_path().name.endswith(".json")
    True
    """
    named = os.environ.get(COURSE_DATA)
    if named:
        return Path(named)
    return PACKAGED_FILE if PACKAGED_FILE.is_file() else None


@lru_cache(maxsize=4)
def _read(path: str, stamp: float) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def course_file() -> dict[str, Any]:
    """The content of the course data file (``{}`` when there is none or it is unreadable).

    The file is read again when it changes.
    """
    path = course_file_path()
    if path is None:
        return {}
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return {}
    return _read(str(path), stamp)
