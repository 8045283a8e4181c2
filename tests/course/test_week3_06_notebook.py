"""Week 3, notebook 06 (data decisions): the prose's claims hold for the experiments it runs,
grading stubs only the exercise wrapper, the notebook's solution passes the hidden cases and
its reasoning gives the key's answers, and learners land in different cases."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import SOLUTIONS, cell_sources, notebook_function, read, right_option_keys

from answer_key import key
from autograder.library_view import stubbed_functions
from course_lib.exercises import decision, get_exercise
from course_lib.exercises.cases import hidden_cases
from course_lib.exercises.selfcheck import evaluate
from course_lib.experiments import data_decisions as dd
from course_lib.manifest import course

PATH = SOLUTIONS / "week3" / "06_data_decisions.ipynb"
IDS = course().notebook("week3/06_data_decisions.ipynb").exercises
LEARNERS = [f"learner{k}" for k in range(40)]


def _cells(kind: str) -> list[str]:
    return cell_sources(PATH, kind)


def _solution(name: str):
    return notebook_function(PATH, name, {"np": np})


def _decision_answer(exercise_id: str, name: str, learner: str) -> str:
    cell = next(c for c in read(PATH).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == f"{exercise_id}_answer")
    space: dict = {"np": np, "decision": decision, "LEARNER_ID": learner}
    exec(cell.source, space)  # noqa: S102 - the notebook's solution
    return space[name]


def test_one_blas_thread_links_and_no_run_times():
    assert "use_one_thread()" in _cells("code")[0]
    prose = "\n".join(_cells("markdown"))
    for link in re.findall(r"\]\(([^)]+\.ipynb)\)", prose):
        assert (PATH.parent / link).resolve().exists(), link
    assert not re.search(r"\b\d+(\.\d+)? ?(s|seconds?|minutes?)\b", prose.lower())


def test_the_exercises_appear_in_the_manifests_order():
    graded = [c.metadata["nbgrader"]["grade_id"] for c in read(PATH).cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded == [f"test_{i}" for i in IDS]


def test_grading_stubs_only_the_exercise_wrapper():
    assert stubbed_functions(IDS) == {"course_lib/exercises/w3_06_data_decisions.py":
                                      ["mix_weights"]}
    code = "\n".join(_cells("code"))
    for experiment in ("capacity_experiment(", "inconsistent_experiment(",
                       "weighting_experiment("):
        assert experiment in code


def test_the_solution_cell_passes_the_hidden_cases():
    exercise = get_exercise("w3_06_mix_weights")
    outcome = evaluate(exercise, _solution("mix_weights"), hidden_cases(exercise, seed=3),
                       show_inputs=True)
    assert outcome.ok, outcome.failure


def test_the_numbers_in_the_prose():
    prose = "\n".join(_cells("markdown"))
    s = dd.digit_sources(seed=0)
    assert f"{len(s.y_other):,} images in all" in prose and "only 100 of them" in prose
    assert f"{len(dd.digit_sources(seed=0).y_dev)} for a dev set" in prose
    ratio = (len(s.y_train) + len(s.y_other)) / len(s.y_train)
    assert f"about {round(ratio)} times as many examples" in prose
    s50 = dd.digit_sources(n_target=50, seed=0)
    assert f"about {5 * round(len(s50.y_other) / 50 / 5)} times as much" in prose
    assert "1,197 digits not used above" in prose


def test_the_claims_about_the_experiments():
    capacity = dd.capacity_experiment(seed=0)
    assert capacity.change.loc[4] > 0.05 and capacity.change.loc[16] > 0.05
    assert (capacity.change.loc[[64, 256]] < 0).all()  # "here they even get a little better"
    inconsistent = dd.inconsistent_experiment(seed=0)
    t = inconsistent.table
    assert (t.loc[[0.3, 0.4], "kept"] > inconsistent.target_only).all()
    assert (t.loc[[0.1, 0.2], "kept"] < inconsistent.target_only).all()  # "from about 30% on"
    weighting = dd.weighting_experiment(seed=0)
    w = weighting.table
    assert 0 < weighting.best_beta < 1
    assert w["train_error"].idxmin() == 0.0 and w["other_error"].idxmin() == 1.0


def _right_keys(exercise_id: str) -> set[str]:
    return right_option_keys(exercise_id, LEARNERS)


def test_learners_land_in_different_cases():
    assert _right_keys("w3_06_add_other_data") == {"add_all", "add_weighted", "target_only"}
    assert _right_keys("w3_06_inconsistent") == {"keep_all", "drop_inconsistent", "drop_source"}
    assert len(_right_keys("w3_06_tune_beta")) >= 3  # the best beta differs by learner


def test_the_beta_sweeps_have_one_clear_minimum_inside():
    for learner in LEARNERS:
        data = decision("w3_06_tune_beta", learner).data
        dev = np.asarray(data["dev_error"])
        i = int(np.argmin(dev))
        assert 0 < i < len(dev) - 1 and (np.sort(dev)[1] - dev[i]) > 0


@pytest.mark.parametrize(("exercise_id", "name"), [
    ("w3_06_add_other_data", "add_other_data"), ("w3_06_tune_beta", "tune_beta"),
    ("w3_06_inconsistent", "inconsistent")])
def test_the_notebooks_reasoning_gives_the_keys_answer(exercise_id, name):
    for learner in LEARNERS[:15]:
        assert _decision_answer(exercise_id, name, learner) == key(exercise_id).answer(
            learner=learner)
