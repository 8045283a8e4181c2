"""Run All on a fresh release notebook: every cell runs, every question shows, no traceback.

Each release notebook runs in a fresh kernel as JupyterLab's Run All does (nbclient, which
honours the ``raises-exception`` tag like JupyterLab). Unanswered exercises must show their
"not answered yet" box -- never a Python traceback -- and still count as failed (an error
output in the cell), so an untouched notebook scores 0.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from helpers import REPO
from nbclient import NotebookClient

from course_lib.contract import RUN_ALL_TAG

pytestmark = pytest.mark.slow

RELEASES = sorted(p for p in (REPO / "notebooks").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|\x1b\[")


def _name(path):
    return path.relative_to(REPO / "notebooks").with_suffix("").as_posix()


@pytest.fixture(scope="module", params=RELEASES, ids=_name)
def ran(request, tmp_path_factory):
    nb = nbformat.read(request.param, as_version=4)
    state = tmp_path_factory.mktemp("workspace")
    NotebookClient(nb, timeout=120, kernel_name="python3",  # allow_errors: False, as Run All
                   resources={"metadata": {"path": str(request.param.parent)}}).execute(
        env={"WORKBOOK_STATE": str(state), "MPLBACKEND": "Agg"})
    return nb


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_both_weeks_and_the_start_notebook_are_released():
    names = {p.relative_to(REPO / "notebooks").as_posix() for p in RELEASES}
    assert "00_start_here.ipynb" in names
    assert sum(n.startswith("week1/") for n in names) >= 12
    assert sum(n.startswith("week2/") for n in names) >= 11


def test_the_start_notebook_shows_the_map_and_progress(tmp_path):
    nb = nbformat.read(REPO / "notebooks" / "00_start_here.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute(
        env={"WORKBOOK_STATE": str(tmp_path), "MPLBACKEND": "Agg"})
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in _code_cells(nb)
                    for o in c.outputs)
    assert "week1/02_single_number_metric.ipynb" in shown and "week2/11" in shown
    from course_lib.manifest import course

    assert f"0 of {len(course().exercise_ids)} exercises passed" in "".join(
        o.get("data", {}).get("text/plain", "") for c in _code_cells(nb) for o in c.outputs)


def test_every_code_cell_of_a_release_carries_the_run_all_tag():
    for path in RELEASES:
        nb = nbformat.read(path, as_version=4)
        untagged = [i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and RUN_ALL_TAG not in c.metadata.get("tags", [])]
        assert not untagged, f"{path.name}: cells {untagged}"


def test_run_all_runs_every_cell(ran):
    assert all(c.execution_count is not None for c in _code_cells(ran))


def test_no_traceback_and_every_check_shows_a_box(ran):
    for cell in _code_cells(ran):
        for output in cell.outputs:
            if output.output_type == "error":
                text = "\n".join(output.traceback)
                assert not TRACEBACK.search(text), f"{cell.source[:60]!r}:\n{text[:400]}"
                assert output.ename in {"CheckFailed", "NotImplementedError", "NameError"}
        if "check(" in cell.source and cell.metadata.get("nbgrader", {}).get("grade"):
            html = [o for o in cell.outputs if "text/html" in o.get("data", {})]
            assert html and "course-check" in html[0]["data"]["text/html"], cell.source[:60]


def test_unanswered_checks_still_fail(ran):
    tests = [c for c in _code_cells(ran) if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in tests:
        assert any(o.output_type == "error" for o in cell.outputs), cell.source[:60]
