"""Week 3, notebook 04 (the optimization verification test): the worked example shows what the
prose says, grading can stub the references without breaking later cells, and the decisions'
right options really vary between learners."""

from __future__ import annotations

import re

import pytest
from helpers import SOLUTIONS, read

from course_lib.data.sequence_task import (
    exact_transcriptions,
    make_transcription_task,
    transcribe,
)
from course_lib.exercises.keys import find_key
from course_lib.exercises.w3_04_optimization_verification import (
    WIDTHS,
    ScoreTable,
    fault_of,
    search_share,
)

NOTEBOOK = SOLUTIONS / "week3" / "04_optimization_verification.ipynb"
IDS = ["w3_04_fault_of", "w3_04_search_share", "w3_04_team_counts", "w3_04_double_beam",
       "w3_04_wider_worse"]


def _faults(task, outputs) -> list[str]:
    return [fault_of(task.scorer(i), task.truth[i], out) for i, out in enumerate(outputs)]


@pytest.fixture(scope="module")
def task():
    return make_transcription_task(n_examples=150, seed=0)


@pytest.fixture(scope="module")
def by_width(task):
    table = {w: _faults(task, transcribe(task, w)) for w in WIDTHS}
    table["exact"] = _faults(task, exact_transcriptions(task))
    return table


def test_the_template_and_the_manifest():
    nb = read(NOTEBOOK)
    assert nb.cells[0].source.startswith("# Week 3 · 04 — The optimization verification test")
    imports = nb.cells[1].source
    assert "use_one_thread()" in imports
    assert imports.rstrip().endswith("LEARNER_ID = learner_id()  # set once in 00_start_here; "
                                     "or yours in quotes")
    graded = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded == [f"test_{i}" for i in IDS]
    assert any(c.source.startswith("## Recap") for c in nb.cells if c.cell_type == "markdown")


def test_no_cell_uses_the_references_instead_of_the_learners_functions():
    """Grading stubs fault_of and search_share of the exercises module: the notebook must use
    the learner's own definitions (made in its solution cells) and never import those."""
    from autograder.library_view import stubbed_functions

    stubbed = stubbed_functions(IDS)
    assert stubbed == {"course_lib/exercises/w3_04_optimization_verification.py":
                       ["fault_of", "search_share"]}
    nb = read(NOTEBOOK)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for name in ("fault_of", "search_share"):
        assert not re.search(rf"import[^\n]*\b{name}\b", code)
        assert re.search(rf"^def {name}\(", code, re.M)


def test_the_first_greedy_mistake_is_a_scoring_fault_and_a_search_fault_follows(task):
    greedy = transcribe(task, 1)
    labels = _faults(task, greedy)
    wrong = [i for i, label in enumerate(labels) if label != "correct"]
    assert labels[wrong[0]] == "scoring"
    assert "search" in labels


def test_a_wider_beam_removes_search_faults_and_never_scoring_faults(task, by_width):
    search = [by_width[w].count("search") for w in WIDTHS]
    scoring = [by_width[w].count("scoring") for w in WIDTHS]
    assert search == sorted(search, reverse=True) and search[-1] == 0 and search[0] > 40
    assert scoring == sorted(scoring)  # never fewer: some even turn up
    assert by_width[6] == by_width["exact"]  # from width 6 on, as good as an exact search
    # a reading that is a scoring fault at some width is wrong at every wider width
    for k, width in enumerate(WIDTHS):
        for i, label in enumerate(by_width[width]):
            if label == "scoring":
                assert all(by_width[w][i] != "correct" for w in WIDTHS[k:]), (width, i)
                assert by_width["exact"][i] != "correct"
    # with the greedy search most mistakes are the search's; at the end none is
    cases = [(task.scorer(i), task.truth[i], out) for i, out in enumerate(transcribe(task, 1))]
    assert search_share(cases) > 0.5


def test_a_heavy_language_model_makes_scoring_faults_that_no_beam_fixes():
    heavy = make_transcription_task(n_examples=150, seed=0, lm_weight=3.0)
    labels = {w: _faults(heavy, transcribe(heavy, w)) for w in (1, 4, 8)}
    assert labels[1].count("scoring") > labels[1].count("search")
    wrong = {w: len(labels[w]) - labels[w].count("correct") for w in labels}
    assert wrong[8] > wrong[4] > 75  # more than half wrong, and a wider beam adds some


def test_the_best_language_model_weight_is_one():
    errors = {}
    for weight in (0.0, 0.5, 1.0, 2.0, 3.0):
        candidate = make_transcription_task(n_examples=150, seed=0, lm_weight=weight)
        labels = _faults(candidate, exact_transcriptions(candidate))
        assert "search" not in labels  # an exact search makes no search fault
        errors[weight] = 1 - labels.count("correct") / 150
    assert min(errors, key=errors.get) == 1.0


def test_score_table_treats_lists_and_tuples_alike():
    table = ScoreTable({(1, 2): -1.0})
    assert table([1, 2]) == table((1, 2)) == -1.0
    with pytest.raises(KeyError, match="no entry"):
        table((2, 1))


def test_the_right_option_of_the_counts_decision_varies_between_learners():
    key = find_key("w3_04_team_counts")
    from course_lib.exercises import decision

    rights = set()
    for n in range(30):
        d = decision("w3_04_team_counts", f"learner{n}")
        right = key.answer(learner=f"learner{n}")
        rights.add(next(o.key for o in d.options if o.letter == right))
        assert d.data["n_search_test"] + d.data["n_scoring_test"] == d.data["n_errors"]
    assert rights == {"widen_beam", "improve_score"}


def test_the_beam_decision_always_has_most_faults_on_the_score():
    from course_lib.exercises import decision

    for n in range(20):
        d = decision("w3_04_double_beam", f"learner{n}")
        assert d.data["n_scoring"] >= 0.8 * d.data["n_errors"]


def test_the_wider_beam_decision_adds_up():
    from course_lib.exercises import decision

    for n in range(20):
        data = decision("w3_04_wider_worse", f"learner{n}").data
        assert data["errors_after"] > data["errors_before"]
        assert data["search_before"] + data["scoring_before"] == data["errors_before"]
        assert data["scoring_after"] == data["errors_after"] and data["wide"] > data["narrow"]
