"""The questions the simulators gained for the quiz ideas they missed, checked by hand.

Birds 16-19 (no human level yet, Bayes error below the best human, the regularisation knob
in both directions, slow experiments) and road signs 16-21 (no training-dev set, cost of a
fix, which images to inspect, transfer/multi-task/neither, what end to end means, two large
gaps), plus question 3's power term, the road questions' rounding hint and the fog
question's stance. Each oracle re-derives the answer with plain arithmetic or the option
texts, over many learner ids.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from answer_key.flight import solve_birds, solve_road_signs
from course_lib.exercises import CheckFailed, check
from course_lib.flight.road_signs_questions import HINT_ROUNDING

IDS = [f"more-{i:03d}" for i in range(120)]


@pytest.fixture(scope="module")
def birds_all():
    return [solve_birds(i) for i in IDS]


@pytest.fixture(scope="module")
def road_all():
    return [solve_road_signs(i) for i in IDS]


def _text(s, number):
    q = s.question(number)
    return q.options["ABCDEFGH".index(s.answer(number))].text


# ------------------------------------------------------------------ birds
def test_b_q03_asks_for_power_and_models_the_formula_without_it(birds_all):
    for s in birds_all[:40]:
        prompt = s.question(3).prompt
        assert "95 % confidence" in prompt and "80 % power" in prompt
        assert s.wrong_answer(3, "no power term") != s.answer(3)
    hint = next(m.hint for m in s.question(3).spec.mistakes if m.role == "no power term")
    assert "power" in hint and "notebook 05" in hint


def test_b_q16_without_a_human_level_the_numbers_cannot_decide(birds_all):
    for s in birds_all:
        e = s.data.infrared_errors
        assert e["dev"] > e["train"] > 0
        assert _text(s, 16).startswith("Not enough to say")
        assert "nobody has yet measured" in s.question(16).prompt
    assert len({tuple(s.data.infrared_errors.values()) for s in birds_all}) > 20
    assert len({s.answer(16) for s in birds_all}) == 4


def test_b_q17_the_best_human_level_is_an_upper_bound(birds_all):
    for s in birds_all:
        best = min(s.data.species_human_errors.values())
        text = _text(s, 17)
        assert "at most" in text and f"{best:g} %" in text
        assert f"{best:g} %" in s.question(17).prompt


def test_b_q18_the_regularisation_knob_turns_both_ways(birds_all):
    directions = set()
    for s in birds_all:
        r = s.data.infrared_regularised
        bias, variance = r["train"] - r["human"], r["dev"] - r["train"]
        assert max(bias, variance) >= 3 * min(bias, variance)
        down = bias > variance
        assert ("regularisation down" in _text(s, 18)) == down
        assert ("regularisation up" in _text(s, 18)) == (not down)
        assert (r["l2_weight"] >= 0.1) == down  # a strong penalty when bias is the problem
        directions.add(down)
    assert directions == {True, False}


def test_b_q19_few_full_runs_fit_before_the_deadline(birds_all):
    for s in birds_all:
        it = s.data.iteration
        full_runs = 7 * it["weeks_left"] // it["days_per_full_run"]
        assert full_runs <= 12
        assert "subset" in _text(s, 19)
        assert f"only {full_runs} full runs" in s.explanation(19)


# ------------------------------------------------------------------ road signs
def test_r_q07_relates_to_the_warning_on_synthetic_data(road_all):
    for s in road_all[:30]:
        assert "nobody in the team can tell" in s.question(7).prompt
        assert "however real the results look to people" in _text(s, 7)
        reuse = s.data.n_clear_images // s.data.n_fog_photos
        assert f"{reuse:,}" in s.explanation(7) and "tiny" in s.explanation(7)
        assert "count of times" not in s.explanation(7)


def test_r_q16_without_a_training_dev_set_the_gap_cannot_be_split(road_all):
    for s in road_all:
        c = s.data.new_country
        assert c["dev"] - c["train"] >= 2.0 and "train_dev" not in c
        assert _text(s, 16).startswith("We cannot tell yet")


def test_r_q17_the_best_fix_in_time_not_the_biggest_category(road_all):
    for s in road_all:
        a = s.data.later_analysis
        in_time = {c: k for c, k in a["mistakes"].items()
                   if a["weeks_to_fix"][c] <= a["weeks_left"]}
        best = max(in_time, key=in_time.get)
        assert s.answer(17) == best
        biggest = max(a["mistakes"], key=a["mistakes"].get)
        assert biggest != best and a["weeks_to_fix"][biggest] > a["weeks_left"]
        ordered = sorted(in_time.values(), reverse=True)
        assert ordered[0] >= 1.3 * ordered[1] - 1  # a clear winner (counts are rounded)


def test_r_q18_inspect_dev_mistakes(road_all):
    for s in road_all:
        assert "dev images the system gets wrong" in _text(s, 18)


def test_r_q19_transfer_only_from_the_same_input_and_more_data(road_all):
    seen = set()
    for s in road_all:
        t = s.data.other_tasks
        transfer = t["transfer_source"] == "road images" and \
            t["source_size"] > 10 * t["target_images"]
        assert _text(s, 19).startswith("Transfer learning" if transfer else "Neither")
        seen.add(transfer)
    assert seen == {True, False}


def test_r_q20_a_pipeline_of_learned_steps_is_not_end_to_end(road_all):
    for s in road_all:
        text = _text(s, 20)
        team = text.split("'s system is end to end")[0]
        assert f"{team} trains one network" in s.question(20).prompt


def test_r_q21_every_large_gap_by_arithmetic(road_all):
    pairs = set()
    for s in road_all:
        e = s.data.two_gaps
        gaps = {"avoidable bias": e["train"] - e["human"], "variance": e["train_dev"] - e["train"],
                "data mismatch": e["dev"] - e["train_dev"],
                "dev set overfitting": e["test"] - e["dev"]}
        largest = max(gaps.values())
        large = {p for p, g in gaps.items() if g >= 0.5 * largest}
        assert len(large) == 2
        assert all(g <= 0.25 * largest for p, g in gaps.items() if p not in large)
        letters = {s.letter(21, p) for p in large}
        assert letters == set(s.answer(21))
        pairs.add(frozenset(large))
    assert len(pairs) == 3


@pytest.mark.parametrize(("number", "decimals"), [(4, 1), (12, 1)])
def test_r_an_answer_rounded_too_coarsely_gets_the_rounding_hint(road_all, number, decimals):
    for s in road_all[:15]:
        coarse = round(s.answer(number), decimals)
        with pytest.raises(CheckFailed) as info:
            with contextlib.redirect_stdout(io.StringIO()):
                check(f"w2_11_q{number:02d}", coarse, learner=s.learner_id)
        assert HINT_ROUNDING in str(info.value)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):  # rounded as asked, it is right
            check(f"w2_11_q{number:02d}", round(s.answer(number), 3 if number == 12 else 2),
                  learner=s.learner_id)
        assert "your answer is right" in out.getvalue()
