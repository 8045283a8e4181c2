"""Week 2, notebooks 06-10: light enough to run in seconds, no machine-specific run times in
the prose, the lecture's words for transfer learning, and the week's closing section on the
learner's own project."""

from __future__ import annotations

import re

import pytest
from helpers import SOLUTIONS, read

NOTEBOOKS = ["06_addressing_data_mismatch", "07_transfer_learning", "08_multi_task_learning",
             "09_end_to_end_learning", "10_whether_end_to_end"]


def _cells(name: str, kind: str) -> list[str]:
    return [c.source for c in read(SOLUTIONS / "week2" / f"{name}.ipynb").cells
            if c.cell_type == kind]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_one_blas_thread_and_no_run_times_in_the_prose(name):
    assert "use_one_thread()" in _cells(name, "code")[0]
    prose = "\n".join(_cells(name, "markdown")).lower()
    assert not re.search(r"\b(about|around|takes?|in) (a|one|two|three|few|\d+) (or \w+ )?"
                         r"(seconds?|minutes?)\b", prose)
    assert not re.search(r"\(about [^)]*seconds?\)", prose)


def test_transfer_notebook_keeps_fine_tuning_for_retraining_every_layer():
    prose = "\n".join(_cells("07_transfer_learning", "markdown"))
    assert "(**fine-tuning**)" not in prose            # not a name for all training on B
    assert "smaller learning rate" in prose and "retrain only the last layer" in prose
    code = "\n".join(_cells("07_transfer_learning", "code"))
    assert "net.freeze(0)" in code and "learning_rate=3e-4" in code


def test_week2_ends_with_the_learners_own_project_before_the_recap():
    nb = read(SOLUTIONS / "week2" / "10_whether_end_to_end.ipynb")
    heads = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
             and c.source.lstrip().startswith(("## On your own project", "## Recap"))]
    own, recap = heads
    assert nb.cells[own].source.lstrip().startswith("## On your own project") and own < recap
    code = "\n".join(c.source for c in nb.cells[own:recap] if c.cell_type == "code")
    assert "train_dev=" in code and "ErrorTally(" in code and "ceiling" in code
    last_graded = max(i for i, c in enumerate(nb.cells)
                      if c.metadata.get("nbgrader", {}).get("grade"))
    assert last_graded < own
