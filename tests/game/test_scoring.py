"""The score's formula, the judging of decisions, and the debrief's links."""

from __future__ import annotations

import re

import pytest
from helpers import REPO

from course_lib.game import ACTIONS, Project, diagnostic_policy, naive_policy, play
from course_lib.game.actions import STALE_DEV
from course_lib.game.scoring import biggest_problem, on_target, points
from course_lib.game.world import World, true_gaps
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, VARIANCE


def test_points_follow_the_documented_formula():
    assert points(0.0, 0.0, True) == 0.0
    assert points(1.0, 1.0, True) == 100.0
    assert points(0.5, 0.5, True) == 50.0
    assert points(1.0, 0.0, False) == 56.0
    with pytest.raises(ValueError, match="progress must be a fraction"):
        points(1.5, 0.5, True)
    with pytest.raises(TypeError, match="within_budget must be True or False"):
        points(0.5, 0.5, "yes")


def test_a_score_is_made_of_its_parts():
    for seed in range(10):
        s = play(diagnostic_policy, seed).score()
        # (progress and quality are stored rounded to 4 decimals)
        assert s.points == pytest.approx(points(s.progress, s.decision_quality,
                                                s.within_budget), abs=0.1)
        assert s.decision_quality == pytest.approx(s.on_target / s.decisions, abs=1e-4)


def test_the_biggest_problem_is_the_largest_true_gap():
    for seed in range(50):
        world = World.from_seed(seed)
        problem, gaps = biggest_problem(world, world.start())
        truth = true_gaps(world, world.start())
        assert problem == max(truth, key=truth.get)
        assert gaps[problem] == pytest.approx(truth[problem], abs=1e-3)


def test_a_stale_dev_metric_comes_first_and_only_its_update_is_on_target():
    gaps = {AVOIDABLE_BIAS: 3.0, VARIANCE: 1.0, DATA_MISMATCH: 4.0, STALE_DEV: 1.0}
    assert on_target(STALE_DEV, STALE_DEV, gaps)
    assert not on_target(DATA_MISMATCH, STALE_DEV, gaps)
    assert not on_target(AVOIDABLE_BIAS, None, gaps)  # nothing was worth working on
    assert on_target(AVOIDABLE_BIAS, DATA_MISMATCH, gaps) is False
    assert on_target(AVOIDABLE_BIAS, DATA_MISMATCH, {**gaps, AVOIDABLE_BIAS: 3.5})


def test_shipping_at_once_keeps_the_first_model():
    game = Project(seed=2)
    game.do("ship")
    s = game.score()
    assert s.progress < 0.05 and s.decisions == 0 and s.decision_quality == 0.0
    assert s.test_error == pytest.approx(s.start_error, abs=0.6)  # 10,000 test photos


LINK = re.compile(r"\]\((\.\./week\d/[0-9a-z_]+\.ipynb)\)")


def test_the_debrief_names_where_another_decision_would_have_saved_time():
    text = play(naive_policy, seed=1).debrief()
    assert text.startswith("## Debrief")
    assert "off target" in text and "Where another decision would have saved time" in text
    assert "You never measured human-level error" in text
    assert "[Improving your model's performance](../week1/11_improving_model_performance.ipynb)" \
        in text
    assert re.search(r"Decisions off target cost \*\*\d+ weeks\*\*", text)


def test_every_debrief_link_is_relative_and_points_at_a_course_notebook():
    found = set()
    for seed in range(20):
        for policy in (naive_policy, diagnostic_policy):
            for link in LINK.findall(play(policy, seed).debrief()):
                found.add(link)
                assert (REPO / "notebooks" / link[3:]).exists(), link
    assert len(found) >= 4


def test_the_debrief_flags_the_synthesis_trap():
    game = Project(seed=0)
    for _ in range(4):
        out = game.do("synthesize", category="dark", n=10_000, variety="small")
    assert "memorise" in out["message"]
    assert "from a small pool" in game.debrief()


def test_the_debrief_of_good_decisions_has_nothing_to_regret():
    # play the world's own biggest problem each time, reading the hidden state (a cheat
    # only a test may use): every judged decision is then on target
    fixes = {AVOIDABLE_BIAS: "bigger_network", VARIANCE: "more_train_data",
             DATA_MISMATCH: "collect_target_data", STALE_DEV: "update_dev_metric"}
    game = Project(seed=1, budget_weeks=12)
    game.do("measure_human_level")
    game.do("build_train_dev_set")
    while True:
        problem, _ = biggest_problem(game._world, game._state)
        name = fixes.get(problem, "ship")
        if problem is None or ACTIONS[name].cost()[0] > game.weeks_left:
            game.do("ship")
            break
        game.do(name)
    assert game.score().decision_quality == 1.0
    text = game.debrief()
    assert "off target" not in text

