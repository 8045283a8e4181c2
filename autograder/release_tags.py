"""Release notebooks whose Run All never stops: every code cell tagged ``raises-exception``.

A fresh release notebook is full of unanswered exercises, whose cells raise (the answer
stub, and the check under it). JupyterLab's Run All and nbclient stop at the first error,
unless the cell carries the ``raises-exception`` tag: then they show it and go on. The
learner sees a "not answered yet" box there (:mod:`course_lib.exercises.notebook_hooks`),
nbgrader still sees the error, so an unanswered check still scores 0 and fails Validate.

This preprocessor runs last in ``generate_assignment`` (after the checksums, which do not
cover tags).

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1/0")])
>>> nb, _ = RunAllTags().preprocess(nb, {})
>>> nb.cells[0].metadata.tags
['raises-exception']
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from course_lib.contract import RUN_ALL_TAG

__all__ = ["RunAllTags"]


class RunAllTags(NbGraderPreprocessor):
    """Tag every code cell of a release notebook so Run All goes past its errors."""

    def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any], index: int
                        ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type == "code":
            tags = list(cell.metadata.get("tags", []))
            if RUN_ALL_TAG not in tags:
                cell.metadata["tags"] = [*tags, RUN_ALL_TAG]
        return cell, resources
