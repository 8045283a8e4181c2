"""What the notebooks, the learner's kernel and the grader agree on, defined once.

The source notebooks mark solutions and hidden tests with nbgrader's markers; the kernel's
self-checks write hints and raise :class:`~course_lib.exercises.selfcheck.CheckFailed`; the
grader reads cells back by their ids and recognises what went wrong in a notebook by the
names of the errors it finds in the outputs. Every such marker, name, prefix and format is
here, and nowhere else: code on either side imports it.

Examples
--------
>>> test_cell_id("w1_02_f1_score"), answer_cell_id("w1_02_f1_score")
('test_w1_02_f1_score', 'w1_02_f1_score_answer')
>>> Event("KernelDied").describe(timeout=60, memory=4096)
'the kernel died (os._exit, a crash, a kill or the memory limit)'
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BEGIN_HIDDEN",
    "BEGIN_SOLUTION",
    "CHECK_FAILED",
    "CODE_STUB",
    "END_HIDDEN",
    "END_SOLUTION",
    "HINT_PREFIX",
    "TRANSCRIPT_MIME",
    "Event",
    "answer_cell_id",
    "test_cell_id",
    "without_hidden_tests",
]

#: nbgrader's markers: what the release removes from an answer cell ...
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
#: ... what it puts there instead ...
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
#: ... and the part of a test cell that only the grader runs.
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"

#: Starts the line of a failing self-check that gives the hint.
HINT_PREFIX = "Hint:"
#: The name of the exception a failing self-check raises.
CHECK_FAILED = "CheckFailed"
#: The MIME type under which a kernel records its answers for the grader.
TRANSCRIPT_MIME = "application/vnd.course.transcript+json"


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
