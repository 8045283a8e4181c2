"""What the tests share: the course's paths and small notebook helpers.

Test modules import from here (``from helpers import SOLUTIONS``); fixtures are in
``tests/conftest.py``. ``helpers.tiny_course`` builds a tiny nbgrader course to grade and
break; ``helpers.postgres`` runs a private PostgreSQL server for the gradebook tests;
``helpers.sandbox`` installs bubblewrap, which the grading sandbox needs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent.parent
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"


def source_notebooks() -> list[Path]:
    """Every nbgrader source notebook, sorted."""
    return sorted(SOLUTIONS.glob("week*/*.ipynb"))


def graded_cells(nb) -> list:
    """The graded test cells of a notebook."""
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and c.cell_type == "code"]


def read(path: Path):
    """Read a notebook (nbformat 4)."""
    return nbformat.read(str(path), as_version=4)


def cell_sources(path: Path, kind: str) -> list[str]:
    """The sources of a notebook's cells of one kind (``"code"`` or ``"markdown"``)."""
    return [c.source for c in read(path).cells if c.cell_type == kind]


def notebook_function(path: Path, name: str, namespace: dict | None = None):
    """The notebook's function ``name``, defined alone from the code cell that starts with
    its ``def`` (the rest of that cell is not run), with ``namespace`` as its globals."""
    import ast

    source = next(s for s in cell_sources(path, "code") if s.startswith(f"def {name}("))
    node = next(n for n in ast.parse(source).body
                if isinstance(n, ast.FunctionDef) and n.name == name)
    space = dict(namespace or {})
    exec(compile(ast.Module([node], []), name, "exec"), space)  # noqa: S102 - notebook code
    return space[name]


def right_option_keys(exercise_id: str, learners) -> set[str]:
    """The keys of the right options of a decision over ``learners``: which cases they get."""
    from answer_key import key
    from course_lib.exercises.decisions import decision

    rights = set()
    for learner in learners:
        letter = key(exercise_id).answer(learner=learner)
        rights.add(next(o.key for o in decision(exercise_id, learner).options
                        if o.letter == letter))
    return rights
