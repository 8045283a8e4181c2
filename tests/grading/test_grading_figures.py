"""Figures are not drawn while grading unless asked for; the scores do not change."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from helpers.tiny_course import PRECISION, PRECISION_CODE, WEEK, read_rows, run_grade

from autograder.authoring import code, exercise_tests, notebook, solution, write
from course_lib.contract import answer_cell_id

pytestmark = pytest.mark.slow

PLOT = "fig, ax = plt.subplots()\nax.plot([1, 2, 3])\nax.set_title('a line')"


def _outputs(course, student):
    nb = nbformat.read(str(course / "autograded" / student / WEEK / "01_plot.ipynb"),
                       as_version=4)
    plot = next(c for c in nb.cells if c.cell_type == "code" and "ax.plot" in c.source)
    return [o for o in plot.outputs if o.output_type == "display_data"]


def test_figures_are_described_not_drawn_unless_asked(tmp_path):
    source = tmp_path / "source"
    write(notebook([code("import matplotlib.pyplot as plt\nimport numpy as np\n"
                         "from course_lib import check, grade"),
                    solution(answer_cell_id(PRECISION), PRECISION_CODE), code(PLOT),
                    exercise_tests(PRECISION, "precision", points=2)]),
          source / WEEK / "01_plot.ipynb")
    subs = tmp_path / "subs"
    (subs / "ann" / WEEK).mkdir(parents=True)
    shutil.copy(source / WEEK / "01_plot.ipynb", subs / "ann" / WEEK / "01_plot.ipynb")

    plain, drawn = tmp_path / "plain", tmp_path / "drawn"
    run_grade(subs, plain, source, "-q")
    run_grade(subs, drawn, source, "-q", "--figures")

    described = _outputs(plain, "ann")
    assert len(described) == 1
    assert set(described[0].data) == {"text/plain"}
    assert "Figure size" in described[0].data["text/plain"]
    pictures = _outputs(drawn, "ann")
    assert len(pictures) == 1 and "image/png" in pictures[0].data
    for course in (plain, drawn):
        row = read_rows(course / "grades.csv")[("ann", "01_plot")]
        assert (row["status"], row["score"], row["max_score"]) == ("graded", "2", "2")
    for course in (plain, drawn):
        # feedback shows the grader's verdicts, not what the learner's cells printed
        page = (course / "feedback" / "ann" / WEEK / "01_plot.html").read_text(encoding="utf-8")
        assert "Figure size" not in page and "data:image/png" not in page
        assert PRECISION in page
