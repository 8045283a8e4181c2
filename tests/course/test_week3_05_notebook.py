"""Week 3, notebook 05 (error analysis by parts): the worked example shows what the prose says,
grading can stub the references without breaking later cells, and the decisions' numbers and
right options vary between learners and agree with the library's flawed-pipeline rule."""

from __future__ import annotations

import re

import pytest
from helpers import SOLUTIONS, read

from course_lib.data.digit_pipeline import digit_pipeline
from course_lib.exercises import decision
from course_lib.exercises.keys import find_key
from course_lib.exercises.w3_05_error_analysis_by_parts import attribution, error_with_perfect
from course_lib.pipeline_analysis import PipelineAnalysis

NOTEBOOK = SOLUTIONS / "week3" / "05_error_analysis_by_parts.ipynb"
IDS = ["w3_05_error_with_perfect", "w3_05_attribution", "w3_05_which_part", "w3_05_end_to_end"]
LEARNERS = [f"learner{n}" for n in range(30)]


@pytest.fixture(scope="module")
def weak_locate():
    return digit_pipeline(n=200, weak="locate", seed=0)


def test_the_template_and_the_manifest():
    nb = read(NOTEBOOK)
    assert nb.cells[0].source.startswith("# Week 3 · 05 — Error analysis by parts of a pipeline")
    imports = nb.cells[1].source
    assert "use_one_thread()" in imports
    assert imports.rstrip().endswith("LEARNER_ID = learner_id()  # set once in 00_start_here; "
                                     "or yours in quotes")
    graded = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded == [f"test_{i}" for i in IDS]
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "../week2/10_whether_end_to_end.ipynb" in prose


def test_no_cell_uses_the_references_instead_of_the_learners_functions():
    from autograder.library_view import stubbed_functions

    assert stubbed_functions(IDS) == {
        "course_lib/exercises/w3_05_error_analysis_by_parts.py":
            ["attribution", "error_with_perfect"]}
    code = "\n".join(c.source for c in read(NOTEBOOK).cells if c.cell_type == "code")
    for name in ("attribution", "error_with_perfect"):
        assert not re.search(rf"import[^\n]*\b{name}\b", code)
        assert re.search(rf"^def {name}\(", code, re.M)


def test_the_substitutions_match_the_library_and_show_the_overlap(weak_locate):
    case = weak_locate
    parts = [name for name, _ in case.components]
    pipeline = (list(case.components), case.canvases, case.targets, dict(case.oracles))
    forward = [error_with_perfect(*pipeline, parts[:k]) for k in range(4)]
    reverse = [error_with_perfect(*pipeline, parts[3 - k:]) for k in range(4)]
    analysis = case.analyze()
    assert forward[0] == pytest.approx(analysis.pipeline_error)
    assert forward[1:] == pytest.approx(list(analysis.forward))
    assert reverse[1:] == pytest.approx(list(analysis.reverse))
    shares = attribution(parts, forward[0], forward[1:])
    assert shares.to_dict() == pytest.approx(analysis.attribution)
    # the prose: a perfect locator removes most of the error, the reader the rest, combine none
    assert shares["locate"] > shares["read"] > 0 and shares["combine"] == 0 and forward[2] == 0
    # in reverse order, a perfect combine changes nothing and the reader gets more credit
    assert reverse[1] == reverse[0]
    assert analysis.attribution_in("reverse")["read"] > shares["read"]
    # the locator's own error is much larger than the error it causes the pipeline
    own = dict(zip(parts, analysis.part_errors, strict=True))
    assert own["locate"] > 2 * shares["locate"]
    gaps = analysis.gaps_to_human
    assert gaps["locate"] > 0.2 and 0 < gaps["read"] <= 0.03
    assert analysis.flawed is False


def test_sorting_the_digits_makes_a_flawed_pipeline():
    flawed = digit_pipeline(n=200, design="sorted", seed=0).analyze()
    assert flawed.flawed is True
    assert flawed.pipeline_error > 0.5 and flawed.design_error > 0.5
    assert max(flawed.attribution.values()) < 0.03
    assert all(gap <= flawed.tolerance for gap in flawed.gaps_to_human.values())


def _right_key(exercise_id: str, learner: str) -> str:
    d = decision(exercise_id, learner)
    letter = find_key(exercise_id).answer(learner=learner)
    return next(o.key for o in d.options if o.letter == letter)


def test_which_part_varies_and_agrees_with_the_librarys_rule():
    rights = set()
    for learner in LEARNERS:
        d = decision("w3_05_which_part", learner)
        right = _right_key("w3_05_which_part", learner)
        rights.add("redesign" if right == "redesign" else "a part")
        data = d.data
        analysis = PipelineAnalysis(
            parts=tuple(data["parts"]), pipeline_error=data["pipeline_error"],
            design_error=data["left_with_all_perfect"], forward=(0.0, 0.0), reverse=(0.0, 0.0),
            alone=(0.0, 0.0), part_errors=tuple(data["own_error"]),
            human_level=tuple(data["human_level"]),
            whole_human_level=data["whole_human_level"], tolerance=0.01)
        assert (right == "redesign") == analysis.flawed, learner
        assert data["pipeline_error"] == pytest.approx(
            sum(data["attributed"]) + data["left_with_all_perfect"])
        if right != "redesign":  # the weak part is not the one with the largest raw error
            weak = right.removeprefix("improve_")
            hard = data["parts"][max(range(2), key=lambda k: data["own_error"][k])]
            assert weak != hard
    assert rights == {"redesign", "a part"}


def test_the_end_to_end_answer_depends_on_the_data_of_the_whole_task():
    seen = {}
    for learner in LEARNERS:
        d = decision("w3_05_end_to_end", learner)
        seen.setdefault(_right_key("w3_05_end_to_end", learner), []).append(
            d.data["n_whole_task"])
    assert set(seen) == {"go_end_to_end", "fix_interface"}
    assert min(seen["go_end_to_end"]) > 100 * max(seen["fix_interface"])
