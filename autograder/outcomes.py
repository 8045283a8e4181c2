"""What an autograded notebook says about itself: which test cells failed, and why.

After nbgrader's autograde, each test cell that did not pass carries an error output: the
self-check's :data:`~course_lib.contract.CHECK_FAILED` message (with its hint),
the learner's own exception, or one of the grader's
:class:`~course_lib.contract.Event` errors (a dead kernel, a stuck cell, ...).
:func:`read_outcome` collects the per-question failure and the notebook-level events in
plain words, for the grades CSV, the log and the per-question statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.execute import OUTPUT_CUT
from autograder.settings import cell_timeout, memory_limit_mb
from course_lib.contract import HINT_PREFIX, Event

__all__ = ["Failure", "NotebookOutcome", "read_outcome"]

#: events named in the report (a cell "not run" after an earlier stop is not news)
_REPORTED = {e.value for e in Event} - {Event.NOT_RUN.value}


@dataclass
class Failure:
    """Why one test cell did not pass: the error's name and the hint (or its first line)."""

    error: str
    hint: str


@dataclass
class NotebookOutcome:
    """The failures by test cell (grade id), and what happened to the notebook as a whole."""

    failures: dict[str, Failure] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)


def _failure(output: dict[str, Any]) -> Failure:
    evalue = str(output.get("evalue", ""))
    hint = ""
    for line in evalue.splitlines():
        if line.strip().startswith(HINT_PREFIX):
            hint = line.strip()[len(HINT_PREFIX):].strip()
            break
    first = next((line.strip() for line in evalue.splitlines() if line.strip()), "")
    hint = hint or f"{output.get('ename')}: {first}"
    return Failure(output.get("ename", ""), hint[:200])


def read_outcome(path: Path) -> NotebookOutcome:
    """Per test cell: its failure (if any); and notebook-level events, from an autograded nb.

    An unreadable file gives an empty outcome (nothing can be learned from it).
    """
    import nbformat

    outcome = NotebookOutcome()
    cut = OUTPUT_CUT.split("{")[0]
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception:  # noqa: BLE001 - nothing to learn from an unreadable result
        return outcome
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        graded = bool(meta.get("grade") and meta.get("grade_id"))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and cut in output.get("text", ""):
                outcome.events.append(f"output of cell {index} was cut (too long)")
            if output.get("output_type") != "error":
                continue
            ename = output.get("ename", "")
            if ename in _REPORTED:
                text = Event(ename).describe(timeout=cell_timeout(), memory=memory_limit_mb())
                outcome.events.append(f"cell {index}: {text}")
            if graded and ename != Event.NOT_RUN.value:
                outcome.failures.setdefault(meta["grade_id"], _failure(output))
            elif graded:
                outcome.failures.setdefault(meta["grade_id"], Failure(Event.NOT_RUN.value,
                                                                      "not run"))
    outcome.events = list(dict.fromkeys(outcome.events))
    return outcome
