"""Week 3's flight simulator (scanned forms), checked by hand over many learner ids.

Each oracle re-derives a question's answer with plain arithmetic from the learner's
figures (not with the answer key's code), checks that the numbers sit clearly on one side
of the rule that decides, and that the cases where the right option changes really occur.
The notebook's own solution cells are run for many learners and must be right for each.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from answer_key.flight import solve_scanned_forms
from course_lib import flight
from course_lib.exercises import get_exercise
from course_lib.exercises.selfcheck import evaluate
from course_lib.flight.model import Scenario

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "solutions/week3/07_flight_simulator_scanned_forms.ipynb"
IDS = [f"forms-{i:03d}" for i in range(150)]
WEEK3_LECTURES = {"01_eyeball_blackbox_dev_sets", "02_learning_curves",
                  "03_bias_variance_tradeoff", "04_optimization_verification",
                  "05_error_analysis_by_parts", "06_data_decisions"}


@pytest.fixture(scope="module")
def forms_all():
    return [solve_scanned_forms(i) for i in IDS]


def _text(s, number):
    return s.question(number).options["ABCDEFGH".index(s.answer(number))].text


def _correct_tag(s, number):
    return next(o.tag for o in s.solved(number).options if o.correct)


# ------------------------------------------------------------------ structure
def test_nineteen_questions_linked_to_the_week3_lectures():
    specs = flight.SCANNED_FORMS_QUESTIONS
    assert len(specs) >= 15 and [s.id for s in specs] == [f"q{i:02d}" for i in
                                                          range(1, len(specs) + 1)]
    for spec in specs:
        folder, name = spec.lecture.split("/")[-2:]
        assert folder == "week3" and name.removesuffix(".ipynb") in WEEK3_LECTURES
    assert {s.lecture.split("/")[-1][:2] for s in specs} == {"01", "02", "03", "04", "05",
                                                             "06"}
    kinds = {s.kind for s in specs}
    assert kinds == {"letter", "letters", "number", "choice"}


def test_the_scenario_travels_as_data_without_answers():
    solved = solve_scanned_forms("travel")
    data = solved.scenario.to_data()
    back = Scenario.from_data(data, flight.SCANNED_FORMS_QUESTIONS)
    assert [q.prompt for q in back.questions] == [q.prompt for q in solved.questions]
    assert back.data.versions.equals(solved.data.versions)
    text = repr(data)
    for q in solved.solved_questions:
        assert q.explanation.splitlines()[0] not in text
    public = flight.scanned_forms_scenario("travel")
    assert [q.prompt for q in public.questions] == [q.prompt for q in solved.questions]
    assert not hasattr(public, "solutions")


def test_without_the_key_the_scenario_comes_from_the_course_data_file(monkeypatch):
    from course_lib.flight import scenarios

    solved = solve_scanned_forms("ada")
    data = {"scenarios": {"scanned_forms": {"ada": solved.scenario.to_data()}}}
    monkeypatch.setattr(scenarios, "_solver", lambda: None)
    monkeypatch.setattr(scenarios, "course_file", lambda: data)
    found = scenarios.scanned_forms_scenario(" Ada ")
    assert found.learner_id == " Ada " and found.data.n_dev == solved.data.n_dev
    assert [q.options for q in found.questions] == [q.options for q in solved.questions]
    with pytest.raises(scenarios.ScenarioUnavailable):
        scenarios.scanned_forms_scenario("someone else")


def test_right_options_and_numbers_differ_between_learners(forms_all):
    for number in (2, 4, 7, 8, 10, 13, 16, 17, 18):
        assert len({s.answer(number) for s in forms_all[:60]}) >= 3, number
    for number in (1, 12, 15, 19):
        assert len({round(s.answer(number), 4) for s in forms_all}) >= 20, number
    assert {s.answer(6) for s in forms_all} == {"high bias", "high variance", "both"}
    assert {s.answer(11) for s in forms_all} == {"search", "scoring"}
    assert {s.answer(14) for s in forms_all} == {"locator", "reader", "assembler"}


# ------------------------------------------------------------------ two dev sets
def test_q01_eyeball_size_by_arithmetic(forms_all):
    for s in forms_all:
        e = s.data.dev_error
        assert s.answer(1) == math.ceil(10_000 / e - 1e-9)
        assert s.answer(1) < s.data.n_dev / 2


def test_q02_split_only_when_both_sets_fit(forms_all):
    cases = set()
    for s in forms_all:
        c = s.data.client_dev
        need = math.ceil(10_000 / c["error"] - 1e-9) + c["min_blackbox"]
        fits = c["forms"] >= need
        assert c["forms"] >= 1.2 * need or c["forms"] <= 0.8 * need
        assert _correct_tag(s, 2) == ("split" if fits else "all eyeball")
        cases.add(fits)
    assert cases == {True, False}


def test_q03_only_uses_that_need_no_reading(forms_all):
    for s in forms_all[:40]:
        words = ("tuning hyperparameters", "choosing between", "spotting when")
        assert {s.letter(3, w) for w in words} == set(s.answer(3))


def test_q04_eyeball_overfitting_by_slopes(forms_all):
    cases = set()
    for s in forms_all:
        v = s.data.versions
        steps = np.arange(len(v))
        eye = -np.polyfit(steps, v["eyeball_error"], 1)[0]
        box = -np.polyfit(steps, v["blackbox_error"], 1)[0]
        overfit = eye >= 2 * box and eye > 0
        assert eye >= 3 * box or eye <= 1.4 * box  # clear of the factor 2
        assert _correct_tag(s, 4) == ("refresh" if overfit else "keep")
        sizes = s.data.eyeball_blackbox_sizes
        assert sizes["eyeball"] != s.answer(1)  # question 1's answer is not handed over
        cases.add(overfit)
    assert cases == {True, False}


# ------------------------------------------------------------------ learning curves
def test_q05_averages_fall_while_the_first_subset_rises(forms_all):
    for s in forms_all:
        c = s.data.small_curve
        assert c["first_subset"]["100"] > c["first_subset"]["50"]
        assert np.mean(c["subsets_100"]) < np.mean(c["subsets_50"]) - 1.5
        assert "The rise is noise" in _text(s, 5)


def test_q06_regime_by_arithmetic(forms_all):
    for s in forms_all:
        curve, goal = s.data.curve, s.data.desired_error
        assert list(curve.index) == sorted(curve.index)
        t, d = curve["train_error"].iloc[-1], curve["dev_error"].iloc[-1]
        bias, gap = t - goal, d - t
        assert bias >= 2.9 or bias <= -0.4  # far from the 1-point tolerance
        high_bias = bias > 1
        high_var = gap > 1 and (not high_bias or gap >= 0.5 * bias)
        if high_bias:
            assert gap <= 0.3 * bias or gap >= 0.85 * bias
        expected = ("both" if high_bias and high_var else "high bias" if high_bias
                    else "high variance")
        assert s.answer(6) == expected
        assert all(np.diff(curve["dev_error"]) <= 0)  # dev error falls with more data


def test_q07_more_data_only_without_high_bias(forms_all):
    cases = set()
    for s in forms_all:
        c = s.data.client_curve
        t = c["train_error"].iloc[-1]
        below = t < s.data.client_goal
        assert abs(t - s.data.client_goal) >= 0.5
        last_drop = c["dev_error"].iloc[-2] - c["dev_error"].iloc[-1]
        assert (last_drop >= 2.5 - 1e-9) if below else (last_drop <= 0.4 + 1e-9)
        assert _correct_tag(s, 7) == ("more data" if below else "bias first")
        cases.add(below)
    assert cases == {True, False}


# ------------------------------------------------------------------ bias and variance
BIAS_WORDS = ("bigger network", "train longer", "less regularization")
VARIANCE_WORDS = ("more labelled", "augmentation", "more regularization")


def test_q08_q10_the_larger_gap_decides(forms_all):
    seen = set()
    for s in forms_all:
        r = s.data.amount_reader
        bias, var = r["train"] - r["human"], r["dev"] - r["train"]
        assert max(bias, var) >= 3 * min(bias, var)
        words = BIAS_WORDS if bias > var else VARIANCE_WORDS
        assert {s.letter(8, w) for w in words} == set(s.answer(8))
        r = s.data.date_reader
        bias10, var10 = r["train"] - r["human"], r["dev"] - r["train"]
        assert max(bias10, var10) >= 3 * min(bias10, var10)
        assert _correct_tag(s, 10) == ("training" if bias10 > var10 else "eyeball")
        seen.add((bias > var, bias10 > var10))
    assert len(seen) == 4


def test_q09_a_regularized_network_with_high_bias(forms_all):
    for s in forms_all:
        r = s.data.policy_reader
        assert r["train"] - r["human"] >= 4 * (r["dev"] - r["train"])
        assert _text(s, 9).startswith("Try it, keeping the regularization")


# ------------------------------------------------------------------ search or scoring
def test_q11_to_q13_verification_by_hand(forms_all):
    mains = set()
    for s in forms_all:
        one = s.data.one_form
        assert one["s_star"] != one["s_out"] and abs(one["score_star"] - one["score_out"]) >= 0.5
        assert s.answer(11) == ("search" if one["score_star"] > one["score_out"] else "scoring")
        batch = s.data.verification
        search = int((batch["score_star"] > batch["score_out"]).sum())
        ties = int((batch["score_star"] == batch["score_out"]).sum())
        assert ties >= 1 and s.data.verification_forms >= 10 * len(batch)
        assert s.answer(12) == pytest.approx(100 * search / len(batch))
        share = search / len(batch)
        assert share >= 0.65 or share <= 0.35
        main = "search" if share > 0.5 else "scoring"
        assert _correct_tag(s, 13) == main
        mains.add(main)
    assert mains == {"search", "scoring"}


# ------------------------------------------------------------------ parts of the pipeline
def test_q14_q15_drops_in_pipeline_order(forms_all):
    for s in forms_all:
        e = list(s.data.by_parts.values())
        assert e[-1] == 0 and all(a > b for a, b in zip(e, e[1:], strict=False))
        drops = dict(zip(("locator", "reader", "assembler"),
                         (e[k] - e[k + 1] for k in range(3)), strict=True))
        ordered = sorted(drops.values())
        assert ordered[1] - ordered[0] >= 0.7 and ordered[2] - ordered[1] >= 0.7
        assert s.answer(14) == max(drops, key=drops.get)
        assert s.answer(15) == pytest.approx(drops["reader"], abs=1e-9)


def test_q16_flawed_only_when_every_part_is_close(forms_all):
    cases = set()
    for s in forms_all:
        levels, whole = s.data.part_levels, s.data.whole_task
        gaps = levels["own_error"] - levels["human_level"]
        close = bool((gaps <= 1).all())
        excess = whole["pipeline_error"] - whole["human_level"] - gaps.clip(lower=0).sum()
        assert close or gaps.max() >= 4.9
        flawed = close and excess > 1
        assert excess >= 5.9 if flawed else excess <= 0.6
        assert _correct_tag(s, 16) == ("redesign" if flawed else "improve part")
        if not flawed:
            assert gaps.idxmax() in _text(s, 16)
        cases.add(flawed)
    assert cases == {True, False}


# ------------------------------------------------------------------ data decisions
def test_q17_to_q19_data_decisions(forms_all):
    seen17, seen18 = set(), set()
    for s in forms_all:
        big = s.data.typed_forms["parameters"] >= 1_000_000
        assert s.data.typed_forms["parameters"] >= 20_000_000 or \
            s.data.typed_forms["parameters"] <= 60_000
        assert _correct_tag(s, 17) == ("add all" if big else "leave out")
        same = s.data.partner_forms["layout"] == "same as ours"
        assert _correct_tag(s, 18) == ("leave out" if same else "keep all")
        w = s.data.weighting
        assert s.answer(19) == pytest.approx(w["share"] * w["handwritten"] / w["typed"])
        assert 0 < s.answer(19) < w["share"]
        seen17.add(big)
        seen18.add(same)
    assert seen17 == seen18 == {True, False}


# ------------------------------------------------------------------ the notebook
def _solution_code(source: str) -> str:
    match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S)
    assert match, source
    return match.group(1)


def test_the_notebooks_solutions_are_right_for_every_learner():
    nb = nbformat.read(NOTEBOOK, 4)
    answers = [c for c in nb.cells if c.cell_type == "code"
               and c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_answer")]
    assert len(answers) == len(flight.SCANNED_FORMS_QUESTIONS)
    for learner in IDS[:40]:
        forms = solve_scanned_forms(learner).scenario
        space = {"forms": forms, "math": math, "np": np, "LEARNER_ID": learner}
        for cell in answers:
            exercise_id = cell.metadata["nbgrader"]["grade_id"].removesuffix("_answer")
            exec(_solution_code(cell.source), space)  # noqa: S102 - our own notebook
            exercise = get_exercise(exercise_id)
            name = exercise_id.removeprefix("w3_07_")
            with contextlib.redirect_stdout(io.StringIO()):
                outcome = evaluate(exercise, space[name], exercise.visible(), show_inputs=False,
                                   context={"learner": learner})
            assert outcome.ok, (learner, exercise_id, space[name])


def test_the_notebook_imports_no_week3_tool_outside_the_solutions():
    nb = nbformat.read(NOTEBOOK, 4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "### BEGIN SOLUTION" in cell.source:
            continue
        for module in re.findall(r"from (course_lib[\w.]*) import", cell.source):
            assert module in ("course_lib", "course_lib.exercises", "course_lib.flight"), module


def test_the_notebook_asks_every_question_under_its_title():
    nb = nbformat.read(NOTEBOOK, 4)
    headers = [c.source for c in nb.cells if c.cell_type == "markdown"
               and c.source.startswith("### Question")]
    assert headers == [f"### Question {i} — {spec.title}" for i, spec in
                       enumerate(flight.SCANNED_FORMS_QUESTIONS, start=1)]
