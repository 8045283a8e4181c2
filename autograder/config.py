"""The course's nbgrader configuration, built in Python so every tool shares it.

``autograder/nbgrader_config.py`` (read by the ``nbgrader`` command and by
formgrader) and the ``course`` command line both take their settings from
:func:`course_config`.

Environment variables
---------------------
COURSE_GRADEBOOK_URL
    SQLAlchemy URL of the gradebook (e.g. ``postgresql://user@127.0.0.1/course``).
    Default: ``sqlite:///<course dir>/gradebook.db``, in a git-ignored folder.
COURSE_CELL_TIMEOUT
    Seconds one cell may run while grading before it is interrupted (default 60).
COURSE_MEMORY_LIMIT_MB, COURSE_CPU_LIMIT
    Address-space cap (MiB, default 4096) and CPU seconds (default 900) of one grading
    kernel; see :mod:`autograder.zygote`.
COURSE_EXCHANGE
    Root of the nbgrader exchange (default: ``<course dir>/exchange``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from traitlets.config import Config

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"
DEFAULT_COURSE_DIR = REPO / ".course"
COURSE_ID = "structuring-ml-projects"
WEEKS = ("week1", "week2")
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
#: stderr text matching this is dropped before scoring: warnings are not failures.
WARNING_PATTERN = r"(?m)^.*Warning: "


def gradebook_url(course_dir: Path) -> str:
    """The gradebook URL: ``$COURSE_GRADEBOOK_URL`` or a sqlite file in ``course_dir``."""
    default = f"sqlite:///{Path(course_dir) / 'gradebook.db'}"
    return os.environ.get("COURSE_GRADEBOOK_URL") or default


def cell_timeout() -> int:
    """Seconds a cell may run while grading (``$COURSE_CELL_TIMEOUT``, default 60)."""
    raw = os.environ.get("COURSE_CELL_TIMEOUT", "60")
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(
            f"COURSE_CELL_TIMEOUT must be a whole number of seconds, got {raw!r}"
        ) from exc
    if value <= 0:
        raise ValueError(f"COURSE_CELL_TIMEOUT must be positive, got {value}")
    return value


def ensure_tools_on_path() -> None:
    """Put this interpreter's ``bin/`` first on PATH.

    nbgrader shells out to ``alembic`` when it creates a gradebook; when the
    virtual environment's ``bin/`` is not on PATH that fails and leaves a broken
    database behind.
    """
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if not parts or parts[0] != bindir:
        os.environ["PATH"] = os.pathsep.join([bindir, *[p for p in parts if p != bindir]])


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_kernel_threads(threads: int = 1) -> None:
    """Give grading kernels one BLAS thread each unless the environment says otherwise.

    Kernels inherit the environment. Grading runs several kernels side by side, and
    multi-threaded BLAS in each of them makes small fits many times slower on a
    machine with few cores.
    """
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))


def course_config(
    course_dir: Path | str = DEFAULT_COURSE_DIR,
    *,
    source_dir: Path | str = SOLUTIONS,
    release_dir: Path | str | None = None,
    db_url: str | None = None,
) -> Config:
    """The nbgrader ``Config`` of the course.

    Parameters
    ----------
    course_dir : path
        nbgrader's course root: ``submitted/``, ``autograded/`` and ``feedback/``
        live here (a git-ignored ``.course/`` by default).
    source_dir : path
        The source notebooks (``solutions/``).
    release_dir : path, optional
        Where generate_assignment writes the release; ``<course_dir>/release``
        by default, so grading never touches the committed ``notebooks/``.
    db_url : str, optional
        Gradebook URL; see :func:`gradebook_url`.

    Returns
    -------
    traitlets.config.Config
    """
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import ClearHiddenTests, GetGrades

    from autograder.feedback import ScrubTracebacks

    course_dir = Path(course_dir).resolve()
    c = Config()
    c.CourseDirectory.root = str(course_dir)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = str(Path(source_dir).resolve())
    c.CourseDirectory.release_directory = str(
        Path(release_dir).resolve() if release_dir else course_dir / "release"
    )
    c.CourseDirectory.db_url = db_url or gradebook_url(course_dir)
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.db"]
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.enforce_metadata = True
    c.Execute.timeout = cell_timeout()
    c.Execute.interrupt_on_timeout = True
    c.IgnorePattern.pattern = WARNING_PATTERN
    c.IgnorePattern.enabled = True
    # Feedback: strip the hidden tests before the HTML is made (nbgrader keeps them by default).
    c.GenerateFeedback.preprocessors = [
        GetGrades, ClearHiddenTests, ScrubTracebacks, CSSHTMLHeaderPreprocessor,
    ]
    c.ClearHiddenTests.enforce_metadata = False
    c.Exchange.root = os.environ.get("COURSE_EXCHANGE", str(course_dir / "exchange"))
    return c
