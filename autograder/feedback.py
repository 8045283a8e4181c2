"""Feedback pages that show the grader's verdicts and never the hidden tests.

nbgrader's feedback HTML shows every cell as it was graded, with its outputs. The course's
feedback is made with :class:`CourseFeedback` instead of nbgrader's ``ClearHiddenTests``:

- a test cell shows its visible part only (the hidden region is cut from the course's test
  cells, never from a learner's cell, whatever the learner wrote in it) and its outputs,
  which are the grader's messages (:mod:`autograder.judge`);
- every other cell shows its code without outputs: what a kernel printed or displayed
  while it was graded goes nowhere, not even back to the student;
- the course's own cells are checked for hidden-test lines (:func:`leaks`); should one
  show any, it is withheld and reported -- a learner's text never causes that.

:class:`ScrubTracebacks` shortens any other error in a test cell to its last line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from course_lib.contract import BEGIN_HIDDEN, CHECK_FAILED, END_HIDDEN, without_hidden_tests

if TYPE_CHECKING:
    from autograder.late import Lateness

__all__ = ["CourseFeedback", "ScrubTracebacks", "add_late_note", "hidden_snippets", "leaks",
           "late_note_html"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
WITHHELD = "(withheld: this cell showed a hidden test; your instructor has been told)"


def hidden_snippets(source_notebooks: Iterable[Path]) -> list[str]:
    """Every non-blank line of hidden tests in the given source notebooks."""
    snippets: list[str] = []
    for path in source_notebooks:
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            inside = False
            for line in cell.source.splitlines():
                if BEGIN_HIDDEN in line:
                    inside = True
                elif END_HIDDEN in line:
                    inside = False
                elif inside and line.strip():
                    snippets.append(line.strip())
    return snippets


def leaks(text: str, snippets: Iterable[str]) -> list[str]:
    """The hidden-test lines that appear in ``text`` (HTML or plain; empty when none does).

    Examples
    --------
    >>> leaks("<pre>grade(&quot;x&quot;, f)</pre>", ['grade("x", f)'])
    ['grade("x", f)']
    """
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [s for s in dict.fromkeys(snippets) if s in plain]


class CourseFeedback(NbGraderPreprocessor):
    """Make a graded notebook fit to show: test cells' visible part and verdicts, no kernel
    outputs, and no hidden test anywhere in the course's own cells."""

    def preprocess(self, nb, resources):  # noqa: D102 - nbconvert API
        from autograder.unit import current_unit_or_none

        run = current_unit_or_none()
        self._snippets = run.snippets if run is not None else []
        self._problems = run.problems if run is not None else []
        self._name = resources.get("unique_key", "notebook")
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 - nbconvert API
        meta = cell.metadata.get("nbgrader", {})
        is_test = cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
        is_answer = bool(meta.get("solution"))
        if is_test:
            cell.source = without_hidden_tests(cell.source)
        elif cell.cell_type == "code":
            cell.outputs = []
        if not is_answer:
            shown = cell.source + "".join(str(o.get("text", "")) + str(o.get("evalue", ""))
                                          for o in cell.get("outputs", []))
            found = leaks(shown, self._snippets)
            if found:
                cell.source, cell.outputs = WITHHELD, []
                self._problems.append(f"feedback of {self._name}: a course cell showed a hidden "
                                      f"test line ({found[0]!r}); the cell was withheld")
        return cell, resources


class ScrubTracebacks(NbGraderPreprocessor):
    """Replace the traceback of errors in graded cells by the error's own message."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 - nbconvert API
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = _ANSI.sub("", "\n".join(output.get("traceback", [])))
                    if output.get("ename") != CHECK_FAILED:
                        message = f"{output.get('ename')}: {output.get('evalue')}"
                    output["traceback"] = [message]
        return cell, resources


LATE_NOTE_ID = "course-late-note"


def late_note_html(lateness: Lateness, score: float, max_score: float) -> str:
    """The box a late submission's feedback page starts with: how late, the penalty, the
    score before and after it.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from autograder.late import Lateness
    >>> due = datetime(2026, 12, 10, 23, 59, tzinfo=timezone.utc)
    >>> late = Lateness(due + timedelta(hours=2), due, timedelta(hours=2), 0.1, "2 h late")
    >>> "score 3 / 3 before the penalty, 2.7 / 3 after it" in late_note_html(late, 3, 3)
    True
    """
    from autograder.late import final_score, format_delay

    due = lateness.due.strftime("%Y-%m-%d %H:%M %Z") if lateness.due else "?"
    submitted = (lateness.submitted_at.strftime("%Y-%m-%d %H:%M %Z")
                 if lateness.submitted_at else "?")
    after = final_score(score, lateness.penalty)
    text = (f"Submitted late: {format_delay(lateness.late_by)} after the due date "
            f"({submitted}; due {due}). Late penalty: {100 * lateness.penalty:g}% of the "
            f"score; score {score:g} / {max_score:g} before the penalty, {after:g} / "
            f"{max_score:g} after it.")
    return (f'<div id="{LATE_NOTE_ID}" style="border:2px solid #c60;padding:0.6em;'
            f'margin:0.6em;background:#fff4e5"><strong>{html.escape(text)}</strong>'
            f"<br><small>{html.escape(lateness.note)}</small></div>")


def add_late_note(page: Path, lateness: Lateness, score: float, max_score: float) -> None:
    """Put :func:`late_note_html` at the top of a feedback page (once, even when run again)."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(rf'<div id="{LATE_NOTE_ID}".*?</div>', "", text, flags=re.S)
    note = late_note_html(lateness, score, max_score)
    match = re.search(r"<body[^>]*>", text)
    at = match.end() if match else 0
    page.write_text(text[:at] + note + text[at:], encoding="utf-8")
