"""Helpers to write nbgrader source notebooks from Python.

Source notebooks under ``solutions/`` can be edited in JupyterLab (nbgrader's
"Create Assignment" toolbar) or generated with these helpers; either way the
``.ipynb`` file is the single source of truth and is stored without outputs.

Examples
--------
>>> answer = "### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION"
>>> nb = notebook([md("# Title"), solution("w1_99_x", answer)])
>>> nb.cells[1].metadata.nbgrader["grade_id"]
'w1_99_x'
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import nbformat
from nbformat.notebooknode import NotebookNode

from course_lib.contract import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    answer_cell_id,
    test_cell_id,
)

SCHEMA_VERSION = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _clean(text: str) -> str:
    return dedent(text).strip("\n")


def md(text: str, cell_id: str | None = None) -> NotebookNode:
    """A markdown cell (learners may edit it; it is not graded)."""
    cell = nbformat.v4.new_markdown_cell(_clean(text))
    if cell_id:
        cell.metadata["nbgrader"] = _meta(cell_id, grade=False, solution=False, locked=True)
    return cell


def code(source: str) -> NotebookNode:
    """An ordinary code cell (worked examples, set-up)."""
    return nbformat.v4.new_code_cell(_clean(source))


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool,
          points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA_VERSION, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def solution(grade_id: str, source: str) -> NotebookNode:
    """An autograded-answer cell: the code between ``### BEGIN/END SOLUTION`` is removed
    from the release and replaced by ``raise NotImplementedError()``."""
    cell = code(source)
    if BEGIN_SOLUTION not in cell.source:
        raise ValueError(f"solution cell {grade_id!r} has no '{BEGIN_SOLUTION}' region")
    cell.metadata["nbgrader"] = _meta(grade_id, grade=False, solution=True, locked=False)
    return cell


def tests(grade_id: str, source: str, points: float = 1) -> NotebookNode:
    """A locked, graded test cell (visible self-check + ``### BEGIN HIDDEN TESTS`` region)."""
    cell = code(source)
    cell.metadata["nbgrader"] = _meta(grade_id, grade=True, solution=False, locked=True,
                                      points=points)
    return cell


def exercise_tests(exercise_id: str, answer_name: str, points: float = 1) -> NotebookNode:
    """The standard test cell of an exercise: the self-check, then the hidden grade.

    Examples
    --------
    >>> print(exercise_tests("w1_02_f1_score", "f1_score").source)
    check("w1_02_f1_score", f1_score)
    ### BEGIN HIDDEN TESTS
    grade("w1_02_f1_score", f1_score)
    ### END HIDDEN TESTS
    """
    return tests(
        test_cell_id(exercise_id),
        f'check("{exercise_id}", {answer_name})\n{BEGIN_HIDDEN}\n'
        f'grade("{exercise_id}", {answer_name})\n{END_HIDDEN}',
        points,
    )


def decision_cells(exercise_id: str, answer_name: str, solution_code: str,
                   learner: str = "LEARNER_ID") -> list[NotebookNode]:
    """The three cells of a judgement question: show it, answer it, check it.

    ``solution_code`` is the solution's reasoning ending in ``answer_name = ...``; it is
    removed from the release. The notebook must define ``learner`` (``LEARNER_ID =
    learner_id()``) and import ``decision``, ``check`` and ``grade`` above.

    Examples
    --------
    >>> show, answer, test = decision_cells("w1_08_team_plan", "team_plan", 'team_plan = "A"')
    >>> show.source
    'decision("w1_08_team_plan", LEARNER_ID)'
    >>> answer.metadata.nbgrader["grade_id"], test.metadata.nbgrader["grade_id"]
    ('w1_08_team_plan_answer', 'test_w1_08_team_plan')
    """
    show = code(f'decision("{exercise_id}", {learner})')
    answer = solution(answer_cell_id(exercise_id),
                      f'# one letter in quotes, e.g. {answer_name} = "A"\n{BEGIN_SOLUTION}\n'
                      f"{_clean(solution_code)}\n{END_SOLUTION}")
    call = f'("{exercise_id}", {answer_name}, learner={learner})'
    test = tests(test_cell_id(exercise_id),
                 f"check{call}\n{BEGIN_HIDDEN}\ngrade{call}\n{END_HIDDEN}")
    return [show, answer, test]


def insert_cells(nb: NotebookNode, index: int, cells: list[NotebookNode]) -> NotebookNode:
    """Insert ``cells`` at ``index`` of an existing notebook, giving each a new unique id.

    Examples
    --------
    >>> nb = notebook([md("# A"), md("## C")])
    >>> _ = insert_cells(nb, 1, [md("## B")])
    >>> [c.source for c in nb.cells], len({c["id"] for c in nb.cells})
    (['# A', '## B', '## C'], 3)
    """
    taken = {c.get("id") for c in nb.cells}
    for cell in cells:
        n = len(taken)
        while f"cell-{n:02d}" in taken:
            n += 1
        cell["id"] = f"cell-{n:02d}"
        taken.add(cell["id"])
    nb.cells[index:index] = cells
    return nb


def notebook(cells: list[NotebookNode]) -> NotebookNode:
    """A notebook with the course's kernel and language metadata."""
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index:02d}"
    return nb


def write(nb: NotebookNode, path: str | Path) -> Path:
    """Validate and write ``nb`` without outputs; return the path."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path
