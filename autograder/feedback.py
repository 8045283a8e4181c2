"""Feedback that never shows hidden tests.

nbgrader's feedback HTML copies the test cells as they were graded, hidden tests
included, and an error's traceback can quote the line that raised. The course's
configuration removes the ``### BEGIN/END HIDDEN TESTS`` regions
(:class:`nbgrader.preprocessors.ClearHiddenTests`); :class:`ScrubTracebacks` also
shortens every error in a graded cell to its last line, and :func:`leaks` lets the
grader verify the produced HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from course_lib.contract import BEGIN_HIDDEN, CHECK_FAILED, END_HIDDEN

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


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


def leaks(feedback_html: str, snippets: Iterable[str]) -> list[str]:
    """The hidden-test lines that appear in a feedback page (empty when none does).

    The page is compared as text: tags removed and entities decoded.

    Examples
    --------
    >>> leaks("<pre>grade(&quot;x&quot;, f)</pre>", ['grade("x", f)'])
    ['grade("x", f)']
    """
    text = html.unescape(re.sub(r"<[^>]+>", "", feedback_html))
    return [s for s in dict.fromkeys(snippets) if s in text]
