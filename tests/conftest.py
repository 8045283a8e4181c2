"""Shared fixtures: paths of the course, and helpers to make submissions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
RELEASE = REPO / "notebooks"

# nbgrader shells out to alembic: make sure this interpreter's tools are found.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])


def source_notebooks() -> list[Path]:
    """Every nbgrader source notebook, sorted."""
    return sorted(SOLUTIONS.glob("week*/*.ipynb"))


def graded_cells(nb) -> list:
    """The graded test cells of a notebook."""
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
            and c.cell_type == "code"]


def read(path: Path):
    return nbformat.read(str(path), as_version=4)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
