"""Fixtures shared by every test; helpers are in the ``helpers`` package."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import matplotlib
import pytest
from helpers import REPO

matplotlib.use("Agg")

# the learner's progress file: never in the repository while tests run
os.environ.setdefault("WORKBOOK_STATE", tempfile.mkdtemp(prefix="workbook-state-"))

# nbgrader shells out to alembic: make sure this interpreter's tools are found.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session", autouse=True)
def _grading_sandbox(request):
    """Every grading test runs `course grade`, whose kernels need bubblewrap's sandbox."""
    if any("tests/grading/" in str(item.path).replace(os.sep, "/")
           for item in request.session.items):
        from helpers.sandbox import bubblewrap_ready

        bubblewrap_ready()
