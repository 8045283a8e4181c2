"""Week 3, notebook 02 (learning curves done right): the three trees show the three regimes
the prose reads, small-data curves behave as claimed, the extrapolation is optimistic,
grading stubs leave the library alone, and the decisions vary by learner."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from helpers import SOLUTIONS, cell_sources, notebook_function, right_option_keys

from answer_key import key
from autograder.library_view import stubbed_functions
from course_lib.exercises import decision, get_exercise
from course_lib.exercises.cases import hidden_cases
from course_lib.exercises.selfcheck import evaluate
from course_lib.exercises.w3_02_learning_curves import extrapolate
from course_lib.learning_curve_reading import (
    BOTH,
    HIGH_BIAS,
    HIGH_VARIANCE,
    averaged_learning_curve,
    read_learning_curve,
)
from course_lib.manifest import course

PATH = SOLUTIONS / "week3" / "02_learning_curves.ipynb"
IDS = course().notebook("week3/02_learning_curves.ipynb").exercises
LEARNERS = [f"learner{k}" for k in range(40)]
SIZES, REPEATS, DESIRED = [30, 60, 120, 250, 500, 1000], 5, 0.02


def _cells(kind: str) -> list[str]:
    return cell_sources(PATH, kind)


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    data = load_digits()
    return train_test_split(data.data / 16, data.target, test_size=600, stratify=data.target,
                            random_state=0)


@pytest.fixture(scope="module")
def trees(digits):
    from sklearn.tree import DecisionTreeClassifier

    X_train, X_dev, y_train, y_dev = digits
    return {depth: averaged_learning_curve(DecisionTreeClassifier(max_depth=depth,
                                                                  random_state=0),
                                           X_train, y_train, X_dev, y_dev, SIZES,
                                           repeats=REPEATS, seed=0)
            for depth in (4, 7, None)}


def test_one_blas_thread_links_and_no_run_times():
    assert "use_one_thread()" in _cells("code")[0]
    prose = "\n".join(_cells("markdown"))
    for link in re.findall(r"\]\((\.\./[^)]+\.ipynb)\)", prose):
        assert (PATH.parent / link).resolve().exists(), link
    assert not re.search(r"\b\d+(\.\d+)? ?(s|seconds?|minutes?)\b", prose.lower())


def test_grading_stubs_only_the_exercise_wrappers():
    assert stubbed_functions(IDS) == {
        "course_lib/exercises/w3_02_learning_curves.py": ["class_quotas", "curve_regime"]}
    code = "\n".join(_cells("code"))
    assert "averaged_learning_curve(" in code and "stratified_subset(" in code
    assert "read_learning_curve(" in code


def _solution(name: str):
    return notebook_function(PATH, name, {"np": np, "math": math})


@pytest.mark.parametrize(("exercise_id", "name"), [("w3_02_curve_regime", "curve_regime"),
                                                   ("w3_02_class_quotas", "class_quotas")])
def test_the_solution_cells_pass_the_hidden_cases(exercise_id, name):
    exercise = get_exercise(exercise_id)
    outcome = evaluate(exercise, _solution(name), hidden_cases(exercise, seed=5),
                       show_inputs=True)
    assert outcome.ok, outcome.failure


def test_the_three_trees_show_the_three_regimes(trees):
    regimes = {depth: read_learning_curve(c, DESIRED).regime for depth, c in trees.items()}
    assert regimes == {4: HIGH_BIAS, 7: BOTH, None: HIGH_VARIANCE}
    shallow = trees[4].table
    # "a training error of about 41% and a dev error only a few points higher"
    assert shallow["train_error"].iloc[-1] == pytest.approx(0.41, abs=0.01)
    assert 0 < shallow["dev_error"].iloc[-1] - shallow["train_error"].iloc[-1] < 0.05
    # "climbs from 60 examples on"
    assert shallow.loc[60:, "train_error"].is_monotonic_increasing
    full = trees[None].table
    assert (full["train_error"] == 0).all()
    assert full["dev_error"].is_monotonic_decreasing
    assert full["dev_error"].iloc[-1] == pytest.approx(0.15, abs=0.01)
    middle = trees[7].table.iloc[-1]
    assert middle["train_error"] == pytest.approx(0.10, abs=0.01)
    assert middle["dev_error"] - middle["train_error"] > 0.05


def test_the_extrapolation_of_the_full_tree_is_optimistic(trees):
    extrapolated_dev = _solution("extrapolated_dev")
    known = trees[None].table.loc[:250]
    guess = extrapolated_dev(list(known.index), list(known["dev_error"]),
                             list(known["train_error"]), 4)
    assert guess < trees[None].table.loc[1000, "dev_error"]


def test_balanced_subsets_measure_lower_and_steadier_errors_at_small_sizes(digits):
    from sklearn.neighbors import KNeighborsClassifier

    X_train, X_dev, y_train, y_dev = digits
    nearest = KNeighborsClassifier(n_neighbors=1, algorithm="brute")
    plain, balanced = (averaged_learning_curve(nearest, X_train, y_train, X_dev, y_dev,
                                               [10, 20, 40], repeats=12, stratify=s, seed=1)
                       for s in (False, True))
    assert (balanced.table["dev_error"] < plain.table["dev_error"]).all()
    assert (balanced.table.loc[[10, 20], "dev_std"] < plain.table.loc[[10, 20], "dev_std"]).all()
    # the plain random subset shown misses some digits
    rng = np.random.default_rng(0)
    counts = np.bincount(y_train[rng.choice(len(y_train), size=20, replace=False)], minlength=10)
    assert (counts == 0).sum() == 2


def _right_keys(exercise_id: str) -> set[str]:
    return right_option_keys(exercise_id, LEARNERS)


def test_learners_land_in_different_cases():
    assert _right_keys("w3_02_curve_action") == {"more_data", "bigger_model", "both",
                                                 "set_goal"}
    assert _right_keys("w3_02_ten_x") == {"collect", "not_alone"}


def test_the_notebooks_reasoning_gives_the_keys_answer():
    curve_regime = _solution("curve_regime")
    extrapolated_dev = _solution("extrapolated_dev")
    action = {"high bias": "bigger_model", "high variance": "more_data", "both": "both"}
    for learner in LEARNERS:
        d = decision("w3_02_curve_action", learner)
        if d.data["desired_error"] is None:
            mine = "set_goal"
        else:
            mine = action[curve_regime(d.data["train"][-1], d.data["dev"][-1],
                                       d.data["desired_error"])]
        assert d.letter(mine) == key("w3_02_curve_action").answer(learner=learner)
        t = decision("w3_02_ten_x", learner)
        projected = extrapolated_dev(t.data["sizes"], t.data["dev"], t.data["train"],
                                     t.data["factor"])
        assert projected == pytest.approx(extrapolate(t.data["train"], t.data["dev"]))
        mine = "collect" if projected <= t.data["desired_error"] else "not_alone"
        assert t.letter(mine) == key("w3_02_ten_x").answer(learner=learner)


def test_the_ten_x_curves_flatten_and_sit_clear_of_the_goal():
    for learner in LEARNERS:
        data = decision("w3_02_ten_x", learner).data
        drops = -np.diff(data["dev"])
        assert (drops > 0).all() and (np.diff(drops) <= 1e-9).all()
        assert (np.diff(data["train"]) >= 0).all()
        assert abs(extrapolate(data["train"], data["dev"]) - data["desired_error"]) >= 0.003
