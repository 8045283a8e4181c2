"""Week 3, notebook 03 (the bias-variance trade-off and error analysis on the training set): the
experiments show what the prose says, grading stubs only the exercise wrappers, the notebook's
solutions pass the hidden cases and give the key's answers, and learners land in different
cases."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from helpers import SOLUTIONS, cell_sources, notebook_function, read, right_option_keys

from answer_key import key
from autograder.library_view import stubbed_functions
from course_lib.bias_variance_tactics import TECHNIQUES, bigger_model_cost
from course_lib.exercises import decision, get_exercise
from course_lib.exercises.cases import hidden_cases
from course_lib.exercises.selfcheck import evaluate
from course_lib.experiments import training_set_errors as tse
from course_lib.manifest import course

PATH = SOLUTIONS / "week3" / "03_bias_variance_tradeoff.ipynb"
IDS = course().notebook("week3/03_bias_variance_tradeoff.ipynb").exercises
LEARNERS = [f"learner{k}" for k in range(40)]


def _cells(kind: str) -> list[str]:
    return cell_sources(PATH, kind)


def _solution(name: str):
    return notebook_function(PATH, name, {"np": np, "pd": pd, "TECHNIQUES": TECHNIQUES})


def _decision_answer(exercise_id: str, name: str, learner: str) -> str:
    cell = next(c for c in read(PATH).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == f"{exercise_id}_answer")
    space: dict = {"np": np, "decision": decision, "TECHNIQUES": TECHNIQUES,
                   "LEARNER_ID": learner}
    exec(cell.source, space)  # noqa: S102 - the notebook's solution
    return space[name]


@pytest.fixture(scope="module")
def review():
    return tse.training_set_review(hidden_units=40, seed=0)


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


def test_grading_stubs_only_the_exercise_wrappers():
    assert stubbed_functions(IDS) == {
        "course_lib/exercises/w3_03_bias_variance_tradeoff.py": ["error_points",
                                                                 "techniques_to_try"]}
    code = "\n".join(_cells("code"))
    assert "techniques_for(" not in code  # the learner filters the table


@pytest.mark.parametrize(("exercise_id", "name"), [("w3_03_techniques", "techniques_to_try"),
                                                   ("w3_03_error_points", "error_points")])
def test_the_solution_cells_pass_the_hidden_cases(exercise_id, name):
    exercise = get_exercise(exercise_id)
    outcome = evaluate(exercise, _solution(name), hidden_cases(exercise, seed=3),
                       show_inputs=True)
    assert outcome.ok, outcome.failure


def test_the_bigger_model_claims():
    sweep = tse.capacity_sweep(seed=0)
    for setting, regularized, compute_only in (("regularized", True, True),
                                               ("not regularized", False, False)):
        row = sweep.table.loc[(setting, 64)]
        cost = bigger_model_cost(row["train_error"], row["dev_error"], regularized=regularized,
                                 desired_error=0.01)
        assert cost.compute_only is compute_only
    assert cost.variance_risk == "high"


def test_the_tally_shows_what_the_prose_says(review):
    ex = review.examples
    points = _solution("error_points")
    everything = points(ex["tag"], ex["wrong"]).sort_values(ascending=False)
    avoidable = points(ex["tag"], ex["wrong"] & ex["readable"]).sort_values(ascending=False)
    # blurred looks like one of the biggest piles, but most of it is unreadable
    assert "blurred" in everything.index[:2]
    assert avoidable["blurred"] < everything["blurred"] / 2
    # the largest avoidable pile is the clean images
    assert avoidable.index[0] == "clean"
    # bias is the larger gap of the small network
    assert review.train_error - review.human_error > review.dev_error - review.train_error


def test_the_bigger_network_claims(review):
    big = tse.training_set_review(hidden_units=300, seed=0)
    ex = big.examples
    left = ex[ex["wrong"]]
    unreadable_blur_faint = (~left["readable"] & left["tag"].isin(["blurred", "faint"])).mean()
    assert unreadable_blur_faint > 0.5  # what is left is mostly unreadable blurred/faint images
    assert big.train_error < big.human_error
    noisy_gone = ex[(ex["tag"] == "noisy") & ~ex["readable"]]
    assert not noisy_gone["wrong"].any()  # memorised the unreadable noisy images
    assert big.train_error < review.train_error and big.dev_error < review.dev_error
    assert big.dev_error - big.train_error > 0.05


def _right_keys(exercise_id: str) -> set[str]:
    return right_option_keys(exercise_id, LEARNERS)


def test_learners_land_in_different_cases():
    assert _right_keys("w3_03_proposed_technique") == {"go", "go_watch", "wrong_gap"}
    assert _right_keys("w3_03_training_tally") == {"smudged", "faint", "cropped"}


@pytest.mark.parametrize(("exercise_id", "name"), [
    ("w3_03_proposed_technique", "proposed_technique"),
    ("w3_03_training_tally", "training_tally")])
def test_the_notebooks_reasoning_gives_the_keys_answer(exercise_id, name):
    for learner in LEARNERS[:15]:
        assert _decision_answer(exercise_id, name, learner) == key(exercise_id).answer(
            learner=learner)
