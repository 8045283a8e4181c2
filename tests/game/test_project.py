"""The Project API: its contract, determinism, replay, the observation, refused actions."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from course_lib.game import (
    ACTIONS,
    GameScore,
    Project,
    diagnostic_policy,
    naive_policy,
    play,
    replay,
)
from course_lib.game.world import World


def random_policy(seed):
    """A seeded policy that tries anything, with random parameters (valid ones)."""
    rng = np.random.default_rng(seed)

    def policy(obs):
        names = [n for n, a in obs["actions"].items() if a["available"] and a["affordable"]]
        name = names[int(rng.integers(len(names)))]
        choice = {"action": name}
        for p, spec in obs["actions"][name]["params"].items():
            if spec["kind"] == "choice":
                choice[p] = spec["choices"][int(rng.integers(len(spec["choices"])))]
            elif spec["kind"] == "int":
                choice[p] = int(rng.integers(spec["low"], spec["high"] + 1))
            else:
                choice[p] = float(rng.uniform(spec["low"], spec["high"]))
        return choice

    return policy


def snapshot(game):
    return (json.dumps(game.observation(), sort_keys=True), json.dumps(game.log),
            json.dumps(game.metrics()), game._rng.bit_generator.state["state"]["state"])


def test_a_whole_game_from_plain_python():
    game = Project(seed=42)
    assert game.metrics()["train_dev"] is None and game.metrics()["human"] is None
    assert "test" not in game.metrics()
    out = game.do("measure_human_level")
    assert out["revealed"]["human"] == game.metrics()["human"] > 0
    game.do("build_train_dev_set")
    assert game.metrics()["train_dev"] is not None
    out = game.do("collect_target_data", n=3000)
    assert out["weeks"] == 3 and out["compute"] == 2 and out["week"] == 6
    json.dumps(out)
    assert not game.over
    game.do("ship")
    assert game.over
    assert [e["action"] for e in game.log] == ["measure_human_level", "build_train_dev_set",
                                               "collect_target_data", "ship"]
    score = game.score()
    assert isinstance(score, GameScore)
    assert 0 <= score.points <= 100 and 0 <= score.decision_quality <= 1
    assert score.test_error > 0 and score.within_budget


@pytest.mark.parametrize("name", ["naive", "diagnostic", "random"])
def test_the_same_seed_gives_the_same_game(name):
    def policy(seed):
        return {"naive": naive_policy, "diagnostic": diagnostic_policy}.get(name) or \
            random_policy(seed)

    for seed in range(10):
        a, b = play(policy(seed), seed), play(policy(seed), seed)
        assert a.log == b.log and a.score() == b.score()
        assert a.observation() == b.observation()
        assert a.debrief() == b.debrief()


def test_different_seeds_give_different_games():
    scores = {play(diagnostic_policy, seed).score().test_error for seed in range(10)}
    assert len(scores) == 10


@pytest.mark.parametrize("name", ["naive", "diagnostic", "random"])
def test_replaying_a_log_gives_the_same_state_and_score(name):
    for seed in range(15):
        policy = {"naive": naive_policy, "diagnostic": diagnostic_policy,
                  "random": random_policy(seed)}[name]
        game = play(policy, seed)
        log = json.loads(json.dumps(game.log))  # a log travels as JSON
        again = replay(log, seed)
        assert again.log == game.log
        assert again.score() == game.score()
        assert again.observation() == game.observation()
        assert again.debrief() == game.debrief()


def test_replay_on_another_seed_is_another_game_and_bad_logs_say_which_entry():
    game = play(diagnostic_policy, 5)
    assert replay(game.log, 6).score() != game.score()
    with pytest.raises(ValueError, match="log entry 1 .*unknown action 'fly'"):
        replay([{"action": "train_longer"}, {"action": "fly", "params": {}}], 0)
    with pytest.raises(TypeError, match="log must be a list"):
        replay("train_longer", 0)
    with pytest.raises(TypeError, match="log entry 0 must be a dict"):
        replay([["train_longer"]], 0)
    with pytest.raises(ValueError, match="log entry 1 .*game is over"):
        replay([{"action": "ship"}, {"action": "train_longer"}], 0)


def test_the_observation_is_plain_json_with_no_seed_and_no_hidden_state():
    for seed in (0, 1234567, 99):
        game = play(diagnostic_policy, seed)
        obs = game.observation()
        text = json.dumps(obs)
        assert json.loads(text) == obs  # only str, int, float, bool, None, list, dict
        assert "seed" not in text
        if seed > 1000:
            assert str(seed) not in text
        world = World.from_seed(seed)
        hidden = [world.bayes, world.human, world.bias0, world.var0,
                  *world.mismatch0.values(), *world.noise0.values()]
        for value in hidden:  # no hidden number, at full precision, anywhere
            assert repr(value) not in text
        for key in ("bayes", "bias0", "var0", "mismatch0", "noise0", "goal_weights",
                    "dev_weights", "test"):
            assert f'"{key}"' not in text
        # events not yet reached are not announced
        assert all(e["week"] <= obs["week"] for e in obs["events"])


def test_the_observation_lists_the_actions_with_their_costs():
    obs = Project(0).observation()
    assert set(obs["actions"]) == set(ACTIONS)
    for name, entry in obs["actions"].items():
        assert (entry["weeks"], entry["compute"]) == ACTIONS[name].cost()
        assert entry["notebook"] and entry["description"]
    assert obs["actions"]["fix_category"]["available"] is False
    assert obs["budget"] == {"weeks": 52, "compute": 130, "weeks_left": 52, "compute_left": 130}


def test_events_arrive_at_their_week_and_are_reported():
    for seed in range(30):
        world = World.from_seed(seed)
        if not world.events:
            continue
        game = Project(seed)
        reported = []
        while not game.over:
            reported += game.do("train_longer")["events"]
            assert [e["week"] for e in game.observation()["events"]] == \
                [e.week for e in world.events if e.week <= game.week]
        assert [e["week"] for e in reported] == [e.week for e in world.events]
        assert all(e["message"].startswith(f"Week {e['week']}:") for e in reported)


BAD = [
    (("fly",), {}, ValueError, "unknown action 'fly'"),
    (("bigger_netwrok",), {}, ValueError, "did you mean 'bigger_network'"),
    ((3,), {}, TypeError, "action must be a string"),
    (("more_train_data",), {"n": 10}, ValueError, "n must be at least 1000"),
    (("more_train_data",), {"n": 5000.0}, TypeError, "n must be an integer"),
    (("regularise",), {"strength": "a lot"}, TypeError, "strength must be a number"),
    (("regularise",), {"lambda": 0.1}, TypeError, "unknown one: lambda"),
    (("synthesize",), {"category": "foggy"}, ValueError, "category must be one of"),
    (("clean_labels",), {"source": "web"}, ValueError, "source must be one of"),
    (("fix_category",), {"category": "dark"}, ValueError, "needs an error analysis first"),
    (("more_train_data",), {"n": 200_000}, ValueError, "costs 4 weeks but only 3 are left"),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "words"), BAD)
def test_a_refused_action_says_why_and_changes_nothing(args, kwargs, error, words):
    game = Project(seed=3, budget_weeks=4)
    game.do("train_longer")
    before = snapshot(game)
    with pytest.raises(error, match=words):
        game.do(*args, **kwargs)
    assert snapshot(game) == before
    # the next action gives what it gives on a project that was never refused anything
    fresh = Project(seed=3, budget_weeks=4)
    fresh.do("train_longer")
    assert game.do("error_analysis") == fresh.do("error_analysis")


def test_an_action_after_the_end_is_refused():
    game = Project(seed=1)
    game.do("ship")
    with pytest.raises(ValueError, match="the game is over .*model is shipped"):
        game.do("train_longer")
    game = Project(seed=1, budget_weeks=4)
    for _ in range(4):
        game.do("train_longer")
    assert game.over
    with pytest.raises(ValueError, match="weeks are spent"):
        game.do("ship")


def test_bad_project_arguments_say_what_was_wrong():
    with pytest.raises(TypeError, match="seed must be a non-negative integer"):
        Project(seed="7")
    with pytest.raises(ValueError, match="budget_weeks must be at least 4"):
        Project(seed=0, budget_weeks=2)
    with pytest.raises(TypeError, match="policy must be a function"):
        play("naive", 0)


@pytest.mark.parametrize(("policy", "words"), [
    (lambda obs: {"action": "dance"}, "step 1: unknown action 'dance'"),
    (lambda obs: "ship", "must return a dict"),
    (lambda obs: {"action": "more_train_data", "n": -5}, "n must be at least"),
    (lambda obs: 1 / 0, "the policy raised ZeroDivisionError"),
])
def test_a_policy_that_fails_ends_its_game_with_the_reason(policy, words):
    game = play(policy, seed=2)
    assert game.over and words in game.error
    assert game.log == []
    assert 0 <= game.score().points <= 100  # scored as it stands: no crash, no loop


def test_a_game_that_fails_midway_keeps_its_log_and_replays_to_the_same_score():
    def policy(obs):
        return {"action": "bigger_network"} if obs["week"] < 6 else {"action": "nope"}

    game = play(policy, seed=4)
    assert len(game.log) == 3 and "nope" in game.error
    assert replay(game.log, seed=4).score() == game.score()


def test_a_policy_that_never_ships_stops_at_the_deadline():
    game = play(lambda obs: {"action": "error_analysis", "n": 20}, seed=0)
    assert game.over and game.error is None and game.weeks_left == 0
    assert len(game.log) == 52


def test_overspending_compute_is_allowed_but_counted():
    game = Project(seed=0)
    while game.compute_left >= 0:
        out = game.do("train_longer")
    assert "over the compute budget" in out["message"]
    assert game.score().within_budget is False
    assert "over the compute budget" in game.debrief()


def test_information_actions_do_not_change_the_model():
    game = Project(seed=6)
    before = game.metrics()
    game.do("error_analysis")
    game.do("measure_human_level")
    after = game.metrics()
    assert {k: v for k, v in after.items() if k != "human"} == \
        {k: v for k, v in before.items() if k != "human"}
    assert game.score().decisions == 0


def test_a_whole_game_simulates_in_well_under_50_ms():
    # CPU time, not wall time: the machine running the tests may be busy with other work
    times = []
    for seed in range(20):
        start = time.process_time()
        game = play(diagnostic_policy, seed)
        game.score()
        times.append(time.process_time() - start)
    assert len(game.log) >= 15
    assert float(np.median(times)) < 0.05


def test_score_and_debrief_work_before_the_end_too():
    game = Project(seed=8)
    game.do("bigger_network")
    assert not game.over
    assert game.score().decisions == 1
    assert "| 0 | `bigger_network` |" in game.debrief()


def test_a_log_played_on_one_seed_replays_on_any_other():
    # whether an action is allowed depends on the log alone (costs, order), never on the
    # hidden world: a grader can replay a learner's log on seeds the learner never saw
    for policy in (naive_policy, diagnostic_policy):
        log = play(policy, seed=0).log
        for seed in range(1, 30):
            assert replay(log, seed).log == log
