"""The course secret: what makes a course's graded hidden cases its own.

Created once, the first time a course folder grades, as ``<course dir>/course.secret``
(32 random bytes, readable by the instructor only; the default course folder ``.course/``
is git-ignored). Every run that uses the same course folder draws the same hidden cases
(:func:`answer_key.seeds.course_seed`); keep the file to keep them, and never hand it out.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["SECRET_FILE", "course_secret"]

SECRET_FILE = "course.secret"


def course_secret(course_dir: Path) -> bytes:
    """The secret of the course kept in ``course_dir``, created on first use.

    Raises
    ------
    ValueError
        If the file exists but does not hold a secret (it is never silently replaced:
        that would change every student's hidden cases).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> course_secret(folder) == course_secret(folder) and len(course_secret(folder)) == 32
    True
    """
    path = Path(course_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) < 16:
        raise ValueError(f"{path} does not hold a course secret (hex digits); restore it from "
                         "a backup, or delete it to start a course with new hidden cases")
    return value
