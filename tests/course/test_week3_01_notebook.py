"""Week 3, notebook 01 (eyeball and blackbox dev sets): the worked example shows what the
prose says, grading stubs leave the notebook's library functions alone, the solutions pass
the hidden cases, and the decisions put learners in different cases."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from helpers import SOLUTIONS, cell_sources, notebook_function

from answer_key import key
from autograder.library_view import stubbed_functions
from course_lib import dev_set_design, sizing
from course_lib.exercises import decision, get_exercise
from course_lib.exercises.cases import hidden_cases
from course_lib.exercises.selfcheck import evaluate
from course_lib.experiments.eyeball_experiment import tuning_rounds
from course_lib.manifest import course

PATH = SOLUTIONS / "week3" / "01_eyeball_blackbox_dev_sets.ipynb"
IDS = course().notebook("week3/01_eyeball_blackbox_dev_sets.ipynb").exercises
LEARNERS = [f"learner{k}" for k in range(40)]
N_EYE, N_BOX, ERROR, ROUNDS = 1250, 4750, 0.08, 7


def _cells(kind: str) -> list[str]:
    return cell_sources(PATH, kind)


def test_prose_links_back_and_names_no_run_times():
    prose = "\n".join(_cells("markdown"))
    for link in re.findall(r"\]\((\.\./[^)]+\.ipynb)\)", prose):
        assert (PATH.parent / link).resolve().exists(), link
    assert "../week1/05_size_of_dev_test_sets.ipynb" in prose
    assert not re.search(r"\b\d+(\.\d+)? ?(s|seconds?|minutes?)\b", prose.lower())


def test_grading_stubs_only_the_exercise_wrappers():
    assert stubbed_functions(IDS) == {
        "course_lib/exercises/w3_01_eyeball_blackbox_dev_sets.py": ["eyeball_overfit",
                                                                    "eyeball_size"]}
    code = "\n".join(_cells("code"))
    assert "dev_set_design.split_eyeball_blackbox(" in code
    assert "dev_set_design.eyeball_overfit(" in code


def _solution(name: str):
    return notebook_function(PATH, name, {"np": np, "math": math})


@pytest.mark.parametrize(("exercise_id", "name"), [("w3_01_eyeball_size", "eyeball_size"),
                                                   ("w3_01_eyeball_overfit", "eyeball_overfit")])
def test_the_solution_cells_pass_the_hidden_cases(exercise_id, name):
    exercise = get_exercise(exercise_id)
    outcome = evaluate(exercise, _solution(name), hidden_cases(exercise, seed=11),
                       show_inputs=True)
    assert outcome.ok, outcome.failure


def test_the_split_of_the_worked_example():
    needed = sizing.dev_set_size(ERROR, 0.02)
    eye, box = dev_set_design.split_eyeball_blackbox(6_000, ERROR, min_blackbox=needed, seed=0)
    assert (len(eye), len(box)) == (N_EYE, N_BOX)
    assert N_BOX - N_EYE >= needed  # the blackbox set is still big enough after a refresh
    with pytest.raises(ValueError, match="too small"):
        dev_set_design.split_eyeball_blackbox(3_000, ERROR, min_blackbox=needed)


def _teams():
    a = tuning_rounds(N_EYE, N_BOX, ERROR, ROUNDS, general=0.03, tailored=0.12, seed=0)
    b = tuning_rounds(N_EYE, N_BOX, ERROR, ROUNDS, general=0.03, tailored=0.0, seed=0)
    return a, b


def test_team_a_overfits_its_eyeball_set_and_team_b_does_not():
    a, b = _teams()
    verdict_a = dev_set_design.eyeball_overfit(a["eyeball_error"], a["blackbox_error"],
                                               n_eyeball=N_EYE, n_blackbox=N_BOX)
    verdict_b = dev_set_design.eyeball_overfit(b["eyeball_error"], b["blackbox_error"],
                                               n_eyeball=N_EYE, n_blackbox=N_BOX)
    assert verdict_a and not verdict_b
    assert verdict_a.eyeball_gain > 3 * verdict_a.blackbox_gain
    # "its blackbox error falls no faster than team B's"
    assert verdict_a.blackbox_gain <= verdict_b.blackbox_gain + 0.001
    # "several points better than it is"
    assert a["blackbox_error"].iloc[-1] - a["eyeball_error"].iloc[-1] > 0.03


def test_the_noise_margin_is_one_to_two_points_and_flags_team_a_only():
    a, b = _teams()
    for table, flagged in ((a, True), (b, False)):
        eye, box = table["eyeball_error"].to_numpy(), table["blackbox_error"].to_numpy()
        flags = []
        for k in range(1, ROUNDS + 1):
            margin = 2 * math.sqrt(sizing.standard_error(eye[k], N_EYE) ** 2
                                   + sizing.standard_error(box[k], N_BOX) ** 2)
            assert 0.01 <= margin <= 0.02
            flags.append(bool(dev_set_design.eyeball_overfit(eye[:k + 1], box[:k + 1],
                                                             margin=margin)))
        assert flags[-1] is flagged and (any(flags) is flagged)


def test_a_fresh_eyeball_set_shows_the_model_as_it_is_again():
    table = tuning_rounds(N_EYE, N_BOX, ERROR, 12, general=0.03, tailored=0.12, refresh_at=8,
                          seed=0)
    gap = table["blackbox_error"] - table["eyeball_error"]
    assert gap[8] < gap[7] / 2
    assert table.loc[8, "n_blackbox"] == N_BOX - N_EYE


@pytest.mark.parametrize(("exercise_id", "cases"), [
    ("w3_01_split_plan", {"fit_eyeball", "all_eyeball"}),
    ("w3_01_overfit_rounds", {"new_eyeball", "keep_going"}),
    ("w3_01_small_dev", {"all_eyeball", "all_blackbox"}),
])
def test_learners_land_in_different_cases(exercise_id, cases):
    rights = set()
    for learner in LEARNERS:
        d = decision(exercise_id, learner)
        letter = key(exercise_id).answer(learner=learner)
        rights.add(next(o.key for o in d.options if o.letter == letter))
    assert rights == cases


def test_the_split_decisions_numbers_are_clear_cut():
    for learner in LEARNERS:
        data = decision("w3_01_split_plan", learner).data
        need = dev_set_design.eyeball_size(data["error_rate"])
        total = need + data["min_blackbox"]
        # either comfortably big enough, or too small for the eyeball set and for halves
        assert data["n_dev"] >= 1.5 * total or (data["n_dev"] < need
                                                 and data["n_dev"] / 2 < data["min_blackbox"])
