"""Read the learner id a submitted notebook declares, without running anything.

The flight simulators draw each learner's numbers from ``LEARNER_ID``. The grader reads the
value from the source of the cell that assigns it, with :mod:`ast` (IPython magics and
shell lines are skipped), so it can report a submission whose learner id is not the
student's.
"""

from __future__ import annotations

import ast
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["learner_id_assignments", "learner_id_in_notebook"]


# ===================================================================== learner ids in notebooks
_VARIABLE = "LEARNER_ID"


_IPYTHON_LINE = re.compile(r"^(\s*)([%!?].*|.*\?\s*)$")


def _read_notebook(notebook: str | os.PathLike[str] | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(notebook, Mapping):
        return notebook
    if isinstance(notebook, (str, os.PathLike)):
        path = Path(notebook)
        if not path.is_file():
            raise FileNotFoundError(f"no notebook at {path}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not a notebook (invalid JSON: {exc})") from exc
    raise TypeError(f"give a notebook path or a notebook dict, got {type(notebook).__name__}")


def _cell_source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _python_only(source: str) -> str:
    """Blank out IPython-only lines (magics, shell escapes, help) so ast can parse the rest."""
    return "\n".join(match.group(1) + "pass" if (match := _IPYTHON_LINE.match(line)) else line
                     for line in source.splitlines())


class _Assignments(ast.NodeVisitor):
    """Collect what module-level code assigns to ``LEARNER_ID`` (literal str, or None)."""

    def __init__(self) -> None:
        self.found: list[str | None] = []

    def _target(self, target: ast.AST, value: ast.AST | None) -> None:
        if isinstance(target, ast.Name) and target.id == _VARIABLE:
            literal = value.value if isinstance(value, ast.Constant) else None
            self.found.append(literal if isinstance(literal, str) else None)
        elif isinstance(target, (ast.Tuple, ast.List, ast.Starred)):
            elements = target.elts if not isinstance(target, ast.Starred) else [target.value]
            for element in elements:
                self._target(element, None)

    def visit_Assign(self, node: ast.Assign) -> None:  # noqa: N802 - ast API
        for target in node.targets:
            self._target(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:  # noqa: N802 - ast API
        if node.value is not None:
            self._target(node.target, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)

    def visit_For(self, node: ast.For) -> None:  # noqa: N802 - ast API
        self._target(node.target, None)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802 - ast API
        return None  # assignments inside a function do not set the notebook's variable

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815 - ast API

    def visit_ClassDef(self, node: ast.ClassDef) -> None:  # noqa: N802 - ast API
        return None

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802 - ast API
        return None


def learner_id_assignments(
    notebook: str | os.PathLike[str] | Mapping[str, Any],
) -> list[str | None]:
    """Every assignment to ``LEARNER_ID`` in a notebook's code cells, in order.

    Each entry is the string literal assigned, or ``None`` when the assigned value is
    not a plain string literal (an expression, a variable, a number, an unpacking...).
    The notebook is only parsed with :mod:`ast`; no code is ever executed.

    Parameters
    ----------
    notebook : path or mapping
        A path to an ``.ipynb`` file, or the notebook as a dict / ``nbformat`` node.

    Returns
    -------
    list of (str or None)

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "code", "source": 'LEARNER_ID = "ada"'},
    ...                 {"cell_type": "code", "source": "LEARNER_ID = name.lower()"}]}
    >>> learner_id_assignments(nb)
    ['ada', None]
    """
    data = _read_notebook(notebook)
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise ValueError("the notebook has no list of cells (is it an .ipynb file?)")
    found: list[str | None] = []
    for cell in cells:
        if not isinstance(cell, Mapping) or cell.get("cell_type") != "code":
            continue
        source = _cell_source(cell)
        if _VARIABLE not in source:
            continue
        visitor = _Assignments()
        try:
            visitor.visit(ast.parse(_python_only(source)))
        except SyntaxError:
            # A cell that does not parse as a whole: read its lines one by one.
            for line in source.splitlines():
                try:
                    visitor.visit(ast.parse(line.strip()))
                except SyntaxError:
                    continue
        found.extend(visitor.found)
    return found


def learner_id_in_notebook(notebook: str | os.PathLike[str] | Mapping[str, Any]) -> str | None:
    """The learner id a notebook declares, read from the cell that assigns ``LEARNER_ID``.

    The flight-simulator notebooks ask the learner to write ``LEARNER_ID = "..."`` once,
    at the top; their numbers and their grading depend on it. A grader compares the id
    found here with the student id of the submission (after
    :func:`normalize_learner_id`, since case and spaces do not change the numbers) and
    reports submissions that differ. The notebook is parsed with :mod:`ast`; nothing in
    it is executed.

    Parameters
    ----------
    notebook : path or mapping
        A path to an ``.ipynb`` file, or the notebook as a dict / ``nbformat`` node.

    Returns
    -------
    str or None
        The string literal of the *last* assignment (the one in force for the cells
        after it), exactly as written (``""`` when left empty). ``None`` when the
        notebook never assigns ``LEARNER_ID`` or its last assignment is not a plain
        string literal. Use :func:`learner_id_assignments` to see every assignment,
        e.g. to flag notebooks that assign several different ids.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    ValueError
        If the file is not a notebook.
    TypeError
        If ``notebook`` is neither a path nor a mapping.

    Notes
    -----
    Only literal assignments in code cells are seen; code that sets the variable
    indirectly (``globals()["LEARNER_ID"] = ...``, ``exec``) is not, so a grader should
    treat ``None`` as "could not be determined".

    Examples
    --------
    >>> nb = {"cells": [{"cell_type": "markdown", "source": "LEARNER_ID = 'not code'"},
    ...                 {"cell_type": "code", "source": '%matplotlib inline\\nLEARNER_ID = "Ada"'}]}
    >>> learner_id_in_notebook(nb)
    'Ada'
    >>> learner_id_in_notebook({"cells": []}) is None
    True
    """
    found = learner_id_assignments(notebook)
    return found[-1] if found else None
