"""The world responds to actions as the course says it should (properties over many seeds)."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest
from helpers import REPO

from course_lib.game import ACTIONS
from course_lib.game.world import (
    CATEGORIES,
    EFFECTS,
    SOURCES,
    SYNTH_POOL,
    World,
    measure,
    synthesis_factor,
    true_errors,
    true_gaps,
)
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, VARIANCE, diagnose

SEEDS = range(200)


def after(world, state, name, **params):
    """The state after an action's effect (on a copy; the original is left alone)."""
    new = state.copy()
    ACTIONS[name].effect(world, new, ACTIONS[name].check_params(params),
                         np.random.default_rng(0))
    return new


def parts(world, state):
    r = true_errors(world, state)
    return {AVOIDABLE_BIAS: r["train"] - r["human"], VARIANCE: r["variance"],
            DATA_MISMATCH: r["mismatch"]}


def test_the_ladder_is_ordered_and_its_gaps_are_its_parts():
    for seed in SEEDS:
        world = World.from_seed(seed)
        r = true_errors(world, world.start())
        assert 0 < r["bayes"] < r["human"]
        assert r["bayes"] < r["train"] <= r["train_dev"] <= r["dev"] <= r["test"] + 1e-9
        assert r["train"] == pytest.approx(r["bayes"] + r["bias"] + r["label_noise"])
        assert r["dev"] - r["train_dev"] == pytest.approx(r["mismatch"])


def test_diagnose_on_the_true_ladder_names_the_gap_the_world_has_by_construction():
    largest = set()
    for seed in SEEDS:
        world = World.from_seed(seed)
        state = world.start()
        r = true_errors(world, state)
        by_construction = max(parts(world, state).items(), key=lambda kv: kv[1])[0]
        reading = diagnose(human=r["human"], train=r["train"], train_dev=r["train_dev"],
                           dev=r["dev"], unit="percent")
        assert reading.focus[0] == by_construction, seed
        largest.add(by_construction)
    assert largest == {AVOIDABLE_BIAS, VARIANCE, DATA_MISMATCH}  # every problem comes up


def test_diagnose_on_the_measured_ladder_names_a_clear_gap_despite_sampling_noise():
    from course_lib.game import Project

    right = total = 0
    for seed in SEEDS:
        game = Project(seed)
        game.do("measure_human_level")
        game.do("build_train_dev_set")
        sizes = sorted(parts(game._world, game._state).items(), key=lambda kv: -kv[1])
        if sizes[0][1] - sizes[1][1] < 2.0:
            continue  # two gaps too close for a 2,500-example dev set to tell apart
        m = game.metrics()
        total += 1
        right += diagnose(**m, unit="percent").focus[0] == sizes[0][0]
    assert total >= 60 and right / total >= 0.95


def test_a_bigger_network_lowers_bias_and_raises_variance_unless_there_is_more_data():
    for seed in range(50):
        world = World.from_seed(seed)
        start = world.start()
        bigger = after(world, start, "bigger_network")
        before, now = true_errors(world, start), true_errors(world, bigger)
        assert now["bias"] < before["bias"]
        assert now["variance"] > before["variance"]
        with_data = after(world, bigger, "more_train_data", n=200_000)
        assert true_errors(world, with_data)["variance"] < before["variance"]


def test_regularisation_lowers_variance_at_a_small_cost_in_bias():
    for seed in range(50):
        world = World.from_seed(seed)
        start = world.start()
        before = true_errors(world, start)
        now = true_errors(world, after(world, start, "regularise", strength=0.5))
        assert now["variance"] < before["variance"]
        assert 0 < now["bias"] - before["bias"] < 0.5


def test_training_longer_lowers_bias_with_diminishing_returns():
    world = World.from_seed(11)
    state = world.start()
    biases = []
    for _ in range(6):
        biases.append(true_errors(world, state)["bias"])
        state = after(world, state, "train_longer")
    steps = -np.diff(biases)
    assert (steps > 0).all() and (np.diff(steps) < 0).all()


def test_more_training_data_lowers_variance_only():
    for seed in range(50):
        world = World.from_seed(seed)
        start = world.start()
        before = true_errors(world, start)
        now = true_errors(world, after(world, start, "more_train_data", n=100_000))
        assert now["variance"] < before["variance"]
        assert now["bias"] == pytest.approx(before["bias"])
        assert now["mismatch"] == pytest.approx(before["mismatch"])


def test_target_data_shrinks_the_mismatch_the_more_the_better():
    for seed in range(50):
        world = World.from_seed(seed)
        state = world.start()
        mismatch = [true_errors(world, state)["mismatch"]]
        for _ in range(3):
            state = after(world, state, "collect_target_data", n=5000)
            mismatch.append(true_errors(world, state)["mismatch"])
        assert (np.diff(mismatch) < 0).all()


def test_synthesis_from_a_small_pool_stops_helping_then_hurts():
    world = World.from_seed(3)
    start = world.start()
    share = {}
    for variety in ("small", "large"):
        state, share[variety] = start, [true_errors(world, start)["share:dark"]]
        for _ in range(6):
            state = after(world, state, "synthesize", category="dark", n=10_000, variety=variety)
            share[variety].append(true_errors(world, state)["share:dark"])
    small, large = np.array(share["small"]), np.array(share["large"])
    best = int(np.argmin(small))
    assert best == SYNTH_POOL // 10_000  # the gain stops where the pool is used up
    assert small[-1] > small[best]  # ... and reverses past it
    assert small[-1] > small[0]  # with enough of it, the category is worse than at the start
    assert (np.diff(large) < 0).all()  # a varied pool keeps helping
    assert synthesis_factor(SYNTH_POOL, 0) < 1 < synthesis_factor(3 * SYNTH_POOL, 0)


def test_cleaning_labels_lowers_the_noise_floor_of_a_noisy_source():
    for seed in range(50):
        world = World.from_seed(seed)
        start = world.start()
        noisiest = max(SOURCES, key=lambda s: world.noise0[s])
        before = true_errors(world, start)
        now = true_errors(world, after(world, start, "clean_labels", source=noisiest))
        assert now["label_noise"] < before["label_noise"]
        assert before["train"] - now["train"] == pytest.approx(0.75 * world.noise0[noisiest])


def test_fixing_a_category_removes_half_of_its_share():
    world = World.from_seed(8)
    start = world.start()
    start.analyses.append({"week": 0})
    for category in CATEGORIES:
        fixed = after(world, start, "fix_category", category=category)
        assert true_errors(world, fixed)[f"share:{category}"] == pytest.approx(
            0.5 * true_errors(world, start)[f"share:{category}"])


def test_error_analysis_shows_the_true_shares_with_sampling_noise():
    world = World.from_seed(5)
    state = world.start()
    r = true_errors(world, state)
    rng = np.random.default_rng(1)
    runs = []
    for _ in range(400):
        copy = state.copy()
        _, revealed = ACTIONS["error_analysis"].effect(world, copy, {"n": 100}, rng)
        runs.append(revealed["error_analysis"]["shares"])
    for category in CATEGORIES:
        values = np.array([run[category] for run in runs])
        assert values.mean() == pytest.approx(r[f"share:{category}"] / r["dev"], abs=0.01)
        assert values.std() > 0.005  # 100 mistakes are a sample, not the truth
    assert np.mean([run["mislabelled"] for run in runs]) == pytest.approx(
        r["label_noise"] / r["dev"], abs=0.01)


def test_after_a_metric_change_the_dev_set_stops_predicting_test_until_updated():
    from course_lib.game import Project

    drifts = []
    for seed in range(80):
        world = World.from_seed(seed)
        change = [e for e in world.events if e.kind == "metric_change"]
        if not change:
            continue
        game = Project(seed)
        while game.week < change[0].week:
            game.do("train_longer")
        r = true_errors(world, game._state)
        assert game._state.dev_is_stale
        assert r["test"] > r["dev"]  # the dev number misses mistakes the client now counts
        drifts.append(r["test"] - r["dev"])
        game.do("update_dev_metric")
        if not game._state.dev_is_stale:  # (another event may have come meanwhile)
            r = true_errors(world, game._state)
            assert r["dev_goal"] == pytest.approx(r["dev"])
    assert len(drifts) >= 30 and np.mean(drifts) > 1.0


def test_measured_errors_are_noisier_on_smaller_sets():
    rng = np.random.default_rng(0)
    small = [measure(10.0, 200, rng) for _ in range(300)]
    large = [measure(10.0, 20_000, rng) for _ in range(300)]
    assert np.std(small) > 5 * np.std(large)
    assert np.mean(large) == pytest.approx(10.0, abs=0.1)


def test_the_gaps_at_the_start_match_the_parts():
    world = World.from_seed(1)
    gaps = true_gaps(world, world.start())
    assert gaps[VARIANCE] == pytest.approx(world.var0)
    assert gaps[DATA_MISMATCH] == pytest.approx(sum(world.mismatch0.values()))


def test_every_effect_and_action_names_a_notebook_of_the_course():
    manifest = tomllib.loads((REPO / "course_lib" / "manifest.toml").read_text())
    notebooks = {f"{week['id']}/{nb['file']}" for week in manifest["weeks"]
                 for nb in week["notebooks"]}
    for what, (_, notebook) in EFFECTS.items():
        assert notebook in notebooks, what
    for name, action in ACTIONS.items():
        assert action.notebook in notebooks, name


def test_the_same_seed_gives_the_same_world_and_seeds_differ():
    assert World.from_seed(9) == World.from_seed(9)
    assert len({World.from_seed(s).bayes for s in range(20)}) == 20
    with pytest.raises(ValueError, match="non-negative"):
        World.from_seed(-1)
