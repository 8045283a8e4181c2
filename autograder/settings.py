"""Where the course lives, and every setting an instructor can change from the environment.

Every ``COURSE_*`` environment variable the grader reads is read here, and only here; the
README lists them (a test checks the two agree).

Environment variables
---------------------
COURSE_GRADEBOOK_URL
    SQLAlchemy URL of the gradebook (e.g. ``postgresql://user@127.0.0.1/course``).
    Default: ``sqlite:///<course dir>/gradebook.db``, in a git-ignored folder.
COURSE_CELL_TIMEOUT
    Seconds one cell may run while grading before it is interrupted (default 60).
COURSE_MEMORY_LIMIT_MB
    Address-space cap of one grading kernel in MiB, counting the libraries it has loaded
    (default 4096; 0: no cap).
COURSE_CPU_LIMIT
    CPU seconds one grading kernel may use in all (default 900; 0: no cap).
COURSE_PROCESS_LIMIT
    Processes (and threads) the kernels of one student may run at once (default 256).
COURSE_UNIT_TIMEOUT
    Seconds one student's week may take to grade in all before its sandbox is stopped
    (default 1800).
COURSE_EXCHANGE
    Root of the nbgrader exchange (default: ``<course dir>/exchange``).
COURSE_NO_SPEEDUPS
    ``1`` grades with nbgrader exactly as shipped, without :mod:`autograder.patches` (to
    compare, or to rule the patches out when something looks wrong).

Examples
--------
>>> cell_timeout() > 0
True
>>> sorted(ENVIRONMENT)[:2]
['COURSE_CELL_TIMEOUT', 'COURSE_CPU_LIMIT']
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "COURSE_ID",
    "DEFAULT_COURSE_DIR",
    "ENVIRONMENT",
    "RELEASE",
    "REPO",
    "SOLUTIONS",
    "cell_timeout",
    "cpu_limit_seconds",
    "exchange_root",
    "gradebook_url",
    "memory_limit_mb",
    "process_limit",
    "speedups_enabled",
    "unit_timeout",
]

REPO = Path(__file__).resolve().parent.parent
#: the nbgrader source notebooks (solutions and hidden tests)
SOLUTIONS = REPO / "solutions"
#: the learners' notebooks, generated from SOLUTIONS
RELEASE = REPO / "notebooks"
#: where grading keeps its state by default (git-ignored)
DEFAULT_COURSE_DIR = REPO / ".course"
COURSE_ID = "structuring-ml-projects"

#: every environment variable the grader reads, with what it sets
ENVIRONMENT = {
    "COURSE_GRADEBOOK_URL": "SQLAlchemy URL of the gradebook (default: sqlite in the course "
                            "folder)",
    "COURSE_CELL_TIMEOUT": "seconds a cell may run while grading (default 60)",
    "COURSE_MEMORY_LIMIT_MB": "address-space cap of one grading kernel, MiB (default 4096; "
                              "0: none)",
    "COURSE_CPU_LIMIT": "CPU seconds of one grading kernel (default 900; 0: none)",
    "COURSE_PROCESS_LIMIT": "processes one student's kernels may run at once (default 256)",
    "COURSE_UNIT_TIMEOUT": "seconds one student's week may take to grade (default 1800)",
    "COURSE_EXCHANGE": "root of the nbgrader exchange (default: <course dir>/exchange)",
    "COURSE_NO_SPEEDUPS": "1: grade with nbgrader as shipped, without autograder.patches",
}


def _whole_number(name: str, default: int, *, allow_zero: bool) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0 or (value == 0 and not allow_zero):
        wanted = "0 (no limit) or positive" if allow_zero else "positive"
        raise ValueError(f"{name} must be {wanted}, got {value}")
    return value


def gradebook_url(course_dir: Path) -> str:
    """The gradebook URL: ``$COURSE_GRADEBOOK_URL`` or a sqlite file in ``course_dir``.

    Examples
    --------
    >>> gradebook_url(Path("/tmp/c")).startswith(("sqlite:///", "postgresql"))
    True
    """
    default = f"sqlite:///{Path(course_dir) / 'gradebook.db'}"
    return os.environ.get("COURSE_GRADEBOOK_URL") or default


def cell_timeout() -> int:
    """Seconds a cell may run while grading (``$COURSE_CELL_TIMEOUT``, default 60)."""
    return _whole_number("COURSE_CELL_TIMEOUT", 60, allow_zero=False)


def memory_limit_mb() -> int:
    """Address-space cap of one grading kernel in MiB (``$COURSE_MEMORY_LIMIT_MB``; 0: none)."""
    return _whole_number("COURSE_MEMORY_LIMIT_MB", 4096, allow_zero=True)


def cpu_limit_seconds() -> int:
    """CPU seconds one grading kernel may use in all (``$COURSE_CPU_LIMIT``; 0: none)."""
    return _whole_number("COURSE_CPU_LIMIT", 900, allow_zero=True)


def process_limit() -> int:
    """Processes one student's kernels may run at once (``$COURSE_PROCESS_LIMIT``)."""
    return _whole_number("COURSE_PROCESS_LIMIT", 256, allow_zero=False)


def unit_timeout() -> int:
    """Seconds one student's week may take to grade in all (``$COURSE_UNIT_TIMEOUT``)."""
    return _whole_number("COURSE_UNIT_TIMEOUT", 1800, allow_zero=False)


def exchange_root(course_dir: Path) -> str:
    """Root of the nbgrader exchange (``$COURSE_EXCHANGE``, default ``<course dir>/exchange``)."""
    return os.environ.get("COURSE_EXCHANGE") or str(Path(course_dir) / "exchange")


def speedups_enabled() -> bool:
    """Whether :mod:`autograder.patches` is applied (unless ``$COURSE_NO_SPEEDUPS`` is 1)."""
    return os.environ.get("COURSE_NO_SPEEDUPS") != "1"
