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
