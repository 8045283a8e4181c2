"""The two policies: a diagnostic reading of the ladder clearly beats always a bigger model."""

from __future__ import annotations

import json

import numpy as np
import pytest

from course_lib.game import ACTIONS, Project, diagnostic_policy, naive_policy, play

SEEDS = range(60)


@pytest.fixture(scope="module")
def games():
    return {name: [play(policy, seed) for seed in SEEDS]
            for name, policy in (("naive", naive_policy), ("diagnostic", diagnostic_policy))}


def test_the_diagnostic_policy_scores_clearly_better_on_average(games):
    points = {name: np.array([g.score().points for g in played])
              for name, played in games.items()}
    assert points["diagnostic"].mean() >= points["naive"].mean() + 40
    assert points["diagnostic"].mean() >= 60
    assert (points["diagnostic"] > points["naive"]).mean() >= 0.9


def test_the_diagnostic_policy_decides_better_and_reaches_a_lower_test_error(games):
    quality = {name: np.mean([g.score().decision_quality for g in played])
               for name, played in games.items()}
    error = {name: np.mean([g.score().test_error for g in played])
             for name, played in games.items()}
    assert quality["diagnostic"] > quality["naive"] + 0.4
    assert error["diagnostic"] < error["naive"]


def test_neither_policy_ever_makes_an_invalid_move(games):
    for played in games.values():
        assert all(g.error is None and g.over for g in played)


def test_the_naive_policy_only_grows_the_network_then_ships(games):
    for g in games["naive"]:
        actions = [e["action"] for e in g.log]
        assert set(actions[:-1]) == {"bigger_network"} and actions[-1] == "ship"


def test_the_diagnostic_policy_looks_before_it_acts(games):
    for g in games["diagnostic"]:
        actions = [e["action"] for e in g.log]
        assert actions[:2] == ["measure_human_level", "build_train_dev_set"]
        if "fix_category" in actions:
            assert actions.index("error_analysis") < actions.index("fix_category")


def test_the_diagnostic_policy_reacts_to_the_metric_change(games):
    reacted = 0
    for g in games["diagnostic"]:
        events = g.observation()["events"]
        if events:
            weeks = [d["week"] for d in g.observation()["decisions"]
                     if d["action"] == "update_dev_metric"]
            assert weeks and max(weeks) >= max(e["week"] for e in events)
            reacted += 1
    assert reacted >= 30


def test_the_policies_read_only_the_observation():
    # a policy gets the same answer from a JSON copy of the observation: no object, no
    # hidden state rides along
    for seed in range(10):
        game = play(diagnostic_policy, seed)
        replayed = Project(seed)
        for entry in game.log:
            obs = replayed.observation()
            choice = diagnostic_policy(json.loads(json.dumps(obs)))
            name = choice.pop("action")
            assert (name, ACTIONS[name].check_params(choice)) == (entry["action"],
                                                                  entry["params"])
            replayed.do(entry["action"], **entry["params"])


def test_bad_observations_say_what_was_expected():
    with pytest.raises(TypeError, match="observation must be a dict"):
        naive_policy("week 3")
    with pytest.raises(ValueError, match="observation lacks"):
        diagnostic_policy({"week": 3})
