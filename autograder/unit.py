"""The unit being graded in this process: one student's week, and how it is run and judged.

A grading worker handles one unit at a time. While nbgrader's autograde runs for it, the
worker's :class:`UnitRun` is installed here (:func:`install_unit`): the kernel manager
(:mod:`autograder.zygote`) starts the unit's kernels from it, and the judge
(:mod:`autograder.judge`) grades its test cells from it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course_lib.contract import COURSE_DATA, GRADING_DIR
from course_lib.exercises.registry import Case, Exercise

if TYPE_CHECKING:
    from autograder.sandbox import Sandbox

__all__ = ["ExercisePlan", "UnitRun", "Verdict", "current_unit", "current_unit_or_none",
           "install_unit"]


@dataclass
class ExercisePlan:
    """How one exercise of one submission is graded: its cases and their expected answers."""

    exercise: Exercise
    cases: list[Case]
    expected: list[Any]
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def visible(self) -> int:
        """How many of the cases are visible ones (their inputs may be shown)."""
        return len(self.exercise.visible())


@dataclass(frozen=True)
class Verdict:
    """The grader's judgement of one exercise of one submission."""

    exercise_id: str
    passed: int
    total: int
    message: str
    answered: bool = True

    @property
    def complete(self) -> bool:
        """Every check passed."""
        return self.answered and self.passed == self.total


@dataclass
class UnitRun:
    """How the kernels of the unit being graded are started.

    Attributes
    ----------
    sandbox : Sandbox
        The worker's running sandbox.
    folder : Path
        The unit's folder (visible in the sandbox at the same path).
    uid : int
        The uid its kernels run as.
    env : dict
        The kernels' whole environment.
    limits : dict
        Resource limits of each kernel (see :mod:`autograder.zygote_server`).
    """

    sandbox: Sandbox
    folder: Path
    uid: int
    env: dict[str, str]
    limits: dict[str, int] = field(default_factory=dict)
    #: exercise id -> how it is graded, for every exercise of the unit's notebooks
    plans: dict[str, ExercisePlan] = field(default_factory=dict)
    #: test cell grade id -> the exercises it grades
    test_cells: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: test cell grade id -> the judge's verdicts on it
    verdicts: dict[str, list[Verdict]] = field(default_factory=dict)
    #: the hidden-test lines no feedback page may show
    snippets: list[str] = field(default_factory=list)
    #: problems of the course itself found while grading (not of the submission)
    problems: list[str] = field(default_factory=list)
    #: notebook name -> the view of course_lib its kernel sees (autograder.library_view)
    views: dict[str, Path] = field(default_factory=dict)
    #: the notebook being run (set by the executor before its kernel starts)
    notebook: str = ""
    kernels: int = 0

    @property
    def work(self) -> Path:
        """The kernels' working folder (the student's other submitted files)."""
        return self.folder / "work"

    def next_kernel(self) -> Path:
        """A fresh path prefix for the next kernel's connection file and sockets."""
        self.kernels += 1
        return self.folder / f"kernel{self.kernels}"

    @property
    def grading_dir(self) -> Path:
        """The folder of the kernels' inbox and outbox."""
        return self.folder / "io"

    def kernel_env(self, data_file: Path | None = None) -> dict[str, str]:
        """The whole environment of the unit's kernels (nothing of the grader's): their home
        in the unit's folder, one thread per library, the inline figure backend, and where
        the inbox and outbox and the course data file are."""
        home = self.folder / "home"
        env = {"HOME": str(home), "IPYTHONDIR": str(home / ".ipython"),
               "MPLCONFIGDIR": str(home / ".matplotlib"), "TMPDIR": "/tmp",
               "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
               "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",
               GRADING_DIR: str(self.grading_dir), "JPY_PARENT_PID": "1"}
        if data_file is not None:
            env[COURSE_DATA] = str(data_file)
        return env


_UNIT: dict[str, Any] = {"run": None}


def install_unit(run: UnitRun | None) -> None:
    """Make ``run`` the unit being graded in this process (``None``: no unit)."""
    _UNIT["run"] = run


def current_unit_or_none() -> UnitRun | None:
    """The unit being graded in this process, if any."""
    return _UNIT["run"]


def current_unit() -> UnitRun:
    """The unit being graded in this process.

    Raises
    ------
    RuntimeError
        If no unit is installed (a kernel may only start for a unit).
    """
    run = _UNIT["run"]
    if run is None:
        raise RuntimeError("no unit is being graded: a sandboxed kernel needs one")
    return run
