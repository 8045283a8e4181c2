"""What the notebooks, the learner's kernel and the grader agree on, defined once.

The source notebooks mark solutions and hidden tests with nbgrader's markers; the kernel's
self-checks write hints and raise :class:`~course_lib.exercises.selfcheck.CheckFailed`; a
grading kernel reads the inputs of the graded cases from its inbox and writes its answers to
its outbox, and the grader judges them there; the grader reads cells back by their ids and
recognises what went wrong in a notebook by the names of the errors it finds in the
outputs. Every such marker, name, prefix, path and format is here, and nowhere else: code
on either side imports it.

Examples
--------
>>> test_cell_id("w1_02_f1_score"), answer_cell_id("w1_02_f1_score")
('test_w1_02_f1_score', 'w1_02_f1_score_answer')
>>> Event("KernelDied").describe(timeout=60, memory=4096)
'the kernel died (os._exit, a crash, a kill or the memory limit)'
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

__all__ = [
    "BEGIN_HIDDEN",
    "BEGIN_SOLUTION",
    "CASE_SECONDS",
    "CHECK_FAILED",
    "CODE_STUB",
    "RUN_ALL_TAG",
    "COURSE_DATA",
    "END_HIDDEN",
    "END_SOLUTION",
    "GRADING_DIR",
    "HINT_PREFIX",
    "MAX_ANSWER_CHARS",
    "POLICY_DECISION_SECONDS",
    "POLICY_ERROR",
    "POLICY_GAME_SECONDS",
    "POLICY_MAX_DECISIONS",
    "POLICY_RECORD",
    "Event",
    "answer_cell_id",
    "inbox_path",
    "outbox_path",
    "test_cell_id",
    "without_hidden_tests",
]

#: nbgrader's markers: what the release removes from an answer cell ...
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
#: ... what it puts there instead ...
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
#: the cell tag with which JupyterLab's Run All and nbclient go past a cell's error; every
#: code cell of a release notebook has it (autograder.release_tags)
RUN_ALL_TAG = "raises-exception"
#: ... and the part of a test cell that only the grader runs.
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

#: Starts the line of a failing self-check that gives the hint.
HINT_PREFIX = "Hint:"
#: The name of the exception a failing self-check raises.
CHECK_FAILED = "CheckFailed"
#: Set in a grading kernel's environment: the folder its answers go to.
GRADING_DIR = "COURSE_GRADING_DIR"
#: Set in a kernel's environment: a JSON file of the learner's course data (their flight
#: simulator scenarios), for kernels that have no answer key.
COURSE_DATA = "COURSE_DATA"
#: Seconds a learner's function may take on one case while it is graded.
CASE_SECONDS = 20
#: Characters of answers one exercise may record; more is refused as too large.
MAX_ANSWER_CHARS = 20_000_000
#: What a grading kernel records for a game policy: its source code, as data (the grader
#: runs it, in a sandbox of its own) ...
POLICY_RECORD = "policy"
#: ... or, when the policy has no source the grader can run, why not.
POLICY_ERROR = "policy_error"
#: Seconds a graded game policy may take to choose one decision ...
POLICY_DECISION_SECONDS = 2.0
#: ... and to play one whole game (its start included).
POLICY_GAME_SECONDS = 60.0
#: Decisions after which a game that is not over is stopped (a policy that loops).
POLICY_MAX_DECISIONS = 500


def inbox_path(grading_dir: str | Path, exercise_id: str) -> Path:
    """Where the grader puts the inputs of an exercise's cases for the kernel.

    Examples
    --------
    >>> inbox_path("/g", "w1_02_recall").as_posix()
    '/g/inbox/w1_02_recall.json'
    """
    return Path(grading_dir) / "inbox" / f"{exercise_id}.json"


def outbox_path(grading_dir: str | Path, exercise_id: str) -> Path:
    """Where a grading kernel writes its answers to an exercise.

    Examples
    --------
    >>> outbox_path("/g", "w1_02_recall").as_posix()
    '/g/outbox/w1_02_recall.json'
    """
    return Path(grading_dir) / "outbox" / f"{exercise_id}.json"


def answer_cell_id(exercise_id: str) -> str:
    """The nbgrader ``grade_id`` of an exercise's answer cell.

    Examples
    --------
    >>> answer_cell_id("w1_05_standard_error")
    'w1_05_standard_error_answer'
    """
    return f"{exercise_id}_answer"


def test_cell_id(exercise_id: str) -> str:
    """The nbgrader ``grade_id`` of an exercise's test cell.

    Examples
    --------
    >>> test_cell_id("w1_05_standard_error")
    'test_w1_05_standard_error'
    """
    return f"test_{exercise_id}"


test_cell_id.__test__ = False  # type: ignore[attr-defined]  # a name, not a pytest test


def without_hidden_tests(source: str) -> str:
    """A cell's source without its hidden-test region (the markers removed too).

    Examples
    --------
    >>> without_hidden_tests(f"check(1)\\n{BEGIN_HIDDEN}\\ngrade(1)\\n{END_HIDDEN}")
    'check(1)'
    """
    kept, inside = [], False
    for line in source.splitlines():
        if BEGIN_HIDDEN in line:
            inside = True
        elif END_HIDDEN in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept).strip()


class Event(StrEnum):
    """What can go wrong while a notebook is graded, by the error name the grader writes.

    The grader puts an error output with one of these names on the cell where it happened;
    the grading report reads them back and says what happened in plain words.
    """

    KERNEL_DIED = "KernelDied"
    CELL_STUCK = "CellDidNotStop"
    NOT_RUN = "NotRun"
    CELL_TIMEOUT = "CellTimeoutError"
    MEMORY = "MemoryError"
    EXIT = "SystemExit"

    def describe(self, *, timeout: int, memory: int) -> str:
        """The event in plain words, with the time limit (s) and memory limit (MiB)."""
        return {
            Event.KERNEL_DIED: "the kernel died (os._exit, a crash, a kill or the memory limit)",
            Event.CELL_STUCK: "a cell ignored the interrupt at the time limit; its kernel was "
                              "killed",
            Event.NOT_RUN: "not run: an earlier cell stopped the notebook",
            Event.CELL_TIMEOUT: f"a cell hit the time limit ({timeout} s) and was interrupted",
            Event.MEMORY: f"a cell ran out of memory (limit {memory} MiB)",
            Event.EXIT: "the notebook called sys.exit()",
        }[self]
