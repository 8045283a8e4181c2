"""The flight simulators: per-learner scenarios, unambiguous answers, summary, learner ids.

The answers of the scenarios are computed by course_lib's public functions; the tests
here re-derive them with plain arithmetic (an independent oracle) over hundreds of
learner ids, and check that no answer sits near a decision threshold and that every
typical mistake is well separated from the answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math

import nbformat
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answer_key.flight import solve_birds, solve_road_signs, solve_scanned_forms
from autograder.learner_ids import learner_id_assignments, learner_id_in_notebook
from course_lib import flight
from course_lib.exercises import CheckFailed, check, get_exercise, selfcheck
from course_lib.exercises.keys import find_key
from course_lib.exercises.scenario import score_summary
from course_lib.exercises.selfcheck import evaluate
from course_lib.sizing import dev_set_size

N_LEARNERS = 250
IDS = [f"learner-{i:03d}" for i in range(N_LEARNERS)]
SCENARIOS = {"birds": (solve_birds, flight.BIRDS_QUESTIONS, "w1_12_"),
             "road": (solve_road_signs, flight.ROAD_SIGNS_QUESTIONS, "w2_11_"),
             "forms": (solve_scanned_forms, flight.SCANNED_FORMS_QUESTIONS, "w3_07_")}
WEEK1_LECTURES = {"01_orthogonalization", "02_single_number_metric", "03_satisficing_optimizing",
                  "04_train_dev_test_distributions", "05_size_of_dev_test_sets",
                  "06_change_dev_test_and_metrics", "07_human_level_performance",
                  "08_avoidable_bias", "09_understanding_human_level",
                  "10_surpassing_human_level", "11_improving_model_performance"}
WEEK2_LECTURES = {"01_error_analysis", "02_incorrectly_labeled_data",
                  "03_build_first_then_iterate", "04_different_distributions",
                  "05_mismatched_bias_variance", "06_addressing_data_mismatch",
                  "07_transfer_learning", "08_multi_task_learning", "09_end_to_end_learning",
                  "10_whether_end_to_end"}


@pytest.fixture(scope="module")
def birds_all():
    return [solve_birds(i) for i in IDS]


@pytest.fixture(scope="module")
def road_all():
    return [solve_road_signs(i) for i in IDS]


def _correct_tag(question):
    tags = [o.tag for o in question.solution.options if o.correct]
    assert len(tags) == 1, (question.id, tags)
    return tags[0]


# ------------------------------------------------------------------ learner ids and seeds
def test_seed_is_a_stable_hash_of_scenario_and_normalized_id():
    expected = int.from_bytes(hashlib.sha256(b"birds\x00ada lovelace").digest()[:8], "big")
    assert flight.learner_seed("  Ada   LOVELACE ", "birds") == expected
    assert flight.learner_seed("ada", "birds") != flight.learner_seed("ada", "road_signs")


@pytest.mark.parametrize("bad", [12345, None, b"ada", ["ada"]])
def test_learner_id_must_be_a_string(bad):
    with pytest.raises(TypeError, match="in quotes"):
        solve_birds(bad)


def test_overlong_learner_id_is_refused():
    with pytest.raises(ValueError, match="at most"):
        flight.normalize_learner_id("x" * 201)


def test_same_id_same_numbers_and_case_and_spaces_do_not_matter():
    a, b = solve_birds("Grace.Hopper"), solve_birds("  grace.hopper ")
    assert a.seed == b.seed
    assert [q.answer for q in a.solved_questions] == [q.answer for q in b.solved_questions]
    assert a.data.models.equals(b.data.models)
    assert b.learner_id == "  grace.hopper "  # kept as written, for the checks


def test_empty_id_is_the_default_scenario():
    assert solve_birds().seed == solve_birds("").seed
    assert solve_birds("   ").seed == solve_birds("").seed
    assert "default numbers" in solve_birds("")._repr_markdown_()


def test_learners_see_different_tables_and_option_orders(birds_all, road_all):
    tables = {tuple(map(tuple, s.data.models.to_numpy())) for s in birds_all[:50]}
    assert len(tables) == 50
    ladders = {tuple(s.data.ladder.values()) for s in road_all[:50]}
    assert len(ladders) > 40
    for scenarios in (birds_all, road_all):
        for number in (1, 4, 7):
            assert len({s.answer(number) for s in scenarios[:60]}) >= 3


@pytest.mark.parametrize("name", ["birds", "road", "forms"])
def test_copying_another_learners_answers_fails_most_questions(name):
    make, specs, prefix = SCENARIOS[name]
    shared = []
    for i in range(30):
        mine, theirs = make(f"me-{i}"), make(f"friend-{i}")
        right = 0
        for q in mine.questions:
            exercise = get_exercise(prefix + q.id)
            outcome = evaluate(exercise, theirs.answer(q.id), exercise.visible(),
                               show_inputs=False, context={"learner": mine.learner_id})
            right += outcome.ok
        shared.append(right)
    assert max(shared) < len(specs)
    assert np.mean(shared) < 0.6 * len(specs)


# ------------------------------------------------------------------ structure of every question
def _check_structure(scenario, specs):
    assert [q.id for q in scenario.questions] == [s.id for s in specs]
    assert [q.number for q in scenario.questions] == list(range(1, len(specs) + 1))
    for q in scenario.solved_questions:
        spec = q.spec
        assert q.prompt.strip() and q.explanation.strip()
        assert sorted(q.wrong) == sorted(m.role for m in spec.mistakes)
        if spec.kind == "letter":
            assert q.answer in spec.choices
            if q.options:
                assert [o.letter for o in q.options] == list(spec.choices)
                assert len({o.text for o in q.options}) == len(q.options)
                assert [o.letter for o in q.options if o.correct] == [q.answer]
        elif spec.kind == "letters":
            assert q.answer and set(q.answer) < set(spec.choices)
            assert {o.letter for o in q.options if o.correct} == set(q.answer)
        elif spec.kind == "choice":
            assert q.answer in spec.choices
        else:
            assert isinstance(q.answer, float) and math.isfinite(q.answer)


def _check_mistakes(scenario, prefix):
    for q in scenario.solved_questions:
        exercise = get_exercise(prefix + q.id)
        values = list(q.wrong.values())
        for role, value in q.wrong.items():
            assert exercise.compare(value, q.answer) is not None, (q.id, role)
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                assert exercise.compare(a, b) is not None, (q.id, q.wrong)
        if q.spec.kind == "number":
            # an answer rounded too coarsely is close to the right one by nature: it must only
            # stay clear of the tolerance (and of the other mistakes)
            coarse = q.wrong.get("rounded coarsely")
            values = [v for role, v in q.wrong.items() if role != "rounded coarsely"]
            gap = max(0.02, 10 * q.spec.tolerance)
            assert all(abs(v - q.answer) >= gap for v in values), (q.id, q.answer, q.wrong)
            assert all(abs(a - b) >= gap for i, a in enumerate(values) for b in values[i + 1:])
            if coarse is not None:
                # beyond the tolerance, and beyond the digests' grid (two cells of it)
                assert abs(coarse - q.answer) >= 3 * q.spec.tolerance, (q.id, q.wrong)
                assert all(abs(coarse - v) >= 0.01 for v in values), (q.id, q.wrong)


def test_birds_questions_are_well_formed_for_every_learner(birds_all):
    for s in birds_all:
        _check_structure(s, flight.BIRDS_QUESTIONS)
        _check_mistakes(s, "w1_12_")


def test_road_questions_are_well_formed_for_every_learner(road_all):
    for s in road_all:
        _check_structure(s, flight.ROAD_SIGNS_QUESTIONS)
        _check_mistakes(s, "w2_11_")


def test_forms_questions_are_well_formed_for_every_learner():
    for learner in IDS:
        s = solve_scanned_forms(learner)
        _check_structure(s, flight.SCANNED_FORMS_QUESTIONS)
        _check_mistakes(s, "w3_07_")


def test_lecture_links_point_to_existing_lecture_names():
    for spec in flight.BIRDS_QUESTIONS:
        folder, name = spec.lecture.split("/")[-2:]
        assert folder == "week1" and name.removesuffix(".ipynb") in WEEK1_LECTURES
        assert spec.lecture.startswith("../week1/")
    for spec in flight.ROAD_SIGNS_QUESTIONS:
        folder, name = spec.lecture.split("/")[-2:]
        assert folder == "week2" and name.removesuffix(".ipynb") in WEEK2_LECTURES


# ------------------------------------------------------------------ week 1, independent oracles
def test_b_q02_one_model_meets_both_limits_and_wins_clearly(birds_all):
    for s in birds_all:
        ms, mb = s.data.max_runtime_ms, s.data.max_memory_mb
        rows = list(s.data.models.itertuples())
        for r in rows:  # nobody on the edge of a limit
            assert abs(r.runtime_ms - ms) >= 0.09 * ms and abs(r.memory_mb - mb) >= 0.09 * mb
        ok = sorted((r for r in rows if r.runtime_ms <= ms and r.memory_mb <= mb),
                    key=lambda r: -r.accuracy)
        assert len(ok) >= 2 and ok[0].accuracy - ok[1].accuracy >= 0.2 - 1e-9
        assert s.answer(2) == ok[0].Index
        best_overall = max(rows, key=lambda r: r.accuracy)
        assert best_overall.Index != s.answer(2)  # the trap exists


def test_b_q03_exactly_one_split_is_big_enough_and_keeps_most_training_data(birds_all):
    for s in birds_all:
        needed = dev_set_size(s.data.sizing_error, s.data.sizing_margin)
        splits = s.data.splits
        assert all(sum(v) == s.data.n_images for v in splits.values())
        enough = {k: v for k, v in splits.items() if min(v[1:]) >= needed}
        best = max(enough, key=lambda k: enough[k][0])
        assert best == s.answer(3)
        assert enough[best][1] >= 1.2 * needed
        # the formula without power (z_power dropped) picks another split: the mistake
        # "no power term", the week-1/05 formula a learner may remember
        p1, p2 = s.data.sizing_error, s.data.sizing_error + s.data.sizing_margin
        unpowered = math.ceil((p1 * (1 - p1) + p2 * (1 - p2)) * 1.959964 ** 2
                              / s.data.sizing_margin ** 2)
        assert dev_set_size(p1, s.data.sizing_margin, power=None) == pytest.approx(unpowered,
                                                                                 rel=1e-3)
        loose = {k: v for k, v in splits.items() if min(v[1:]) >= unpowered}
        unpowered_pick = max(loose, key=lambda k: loose[k][0])
        assert unpowered_pick != best and unpowered_pick == s.wrong_answer(3, "no power term")
        for _, dev, _ in splits.values():
            assert (dev >= 1.2 * needed or dev <= unpowered / 1.25
                    or 1.1 * unpowered <= dev <= needed / 1.1), (dev, needed)
        assert sum(1 for v in enough.values() if v[0] >= enough[best][0]) == 1


def test_b_q06_q07_q08_by_arithmetic(birds_all):
    for s in birds_all:
        bayes = min(s.data.human_errors.values())
        assert s.answer(6) == pytest.approx(bayes)
        bias = s.data.train_error - bayes
        variance = s.data.dev_error - s.data.train_error
        assert s.answer(7) == pytest.approx(bias, abs=1e-9)
        larger, smaller = max(bias, variance), min(bias, variance)
        assert smaller <= 0.35 * larger + 1e-9  # far from diagnose's 0.5 threshold
        assert s.answer(8) == ("avoidable bias" if bias > variance else "variance")


BIAS_FRAGMENTS = ("bigger network", "train longer")
VARIANCE_FRAGMENTS = ("more training data", "regularisation")


def test_b_q09_actions_match_the_diagnosis(birds_all):
    for s in birds_all:
        q = s.solved(9)
        wanted = BIAS_FRAGMENTS if s.answer(8) == "avoidable bias" else VARIANCE_FRAGMENTS
        letters = {o.letter for o in q.options if any(f in o.text.lower() for f in wanted)}
        assert letters == set(q.answer) and len(letters) == 2


def test_b_q10_variance_rows_by_arithmetic(birds_all):
    for s in birds_all:
        bayes = min(s.data.human_errors.values())
        want = set()
        for name, row in s.data.snapshots.iterrows():
            bias, var = row.train_error - bayes, row.dev_error - row.train_error
            assert min(bias, var) <= 0.35 * max(bias, var) + 1e-9
            if var > bias:
                want.add(name)
        assert want == set(s.answer(10)) and 1 <= len(want) <= 4


def test_b_q11_reads_the_comparison_with_the_best_human(birds_all):
    for s in birds_all:
        bayes = min(s.data.human_errors.values())
        train = s.data.late_train_error
        assert abs(train - bayes) >= 0.04 - 1e-9
        text = s.question(11).options["ABCD".index(s.answer(11))].text
        assert ("fewer training mistakes" in text) == (train < bayes)


def test_b_q12_test_minus_dev_dominates(birds_all):
    for s in birds_all:
        e = s.data.tuned_errors
        bayes = min(s.data.human_errors.values())
        overfit = e["test"] - e["dev"]
        assert max(e["train"] - bayes, e["dev"] - e["train"]) <= 0.35 * overfit + 1e-9
        assert "bigger dev set" in s.question(12).options["ABCD".index(s.answer(12))].text


def test_b_q13_weighted_error_by_formula(birds_all):
    for s in birds_all:
        w = s.data.weighted
        models = s.data.weighted_models
        weighted = ((models.other_mistakes + w["weight"] * models.critical_mistakes)
                    / (w["n_other"] + w["weight"] * w["n_critical"]))
        plain = (models.other_mistakes + models.critical_mistakes)
        ordered = weighted.sort_values()
        assert ordered.index[0] == s.answer(13)
        assert ordered.iloc[1] >= 1.1 * ordered.iloc[0]
        assert plain.idxmin() != s.answer(13)


STEP_KNOB = {"train": "bigger network", "dev": "regularisation", "test": "bigger dev set",
             "real world": "cost function"}


def test_b_q15_first_broken_link_by_hand(birds_all):
    for s in birds_all:
        results, targets = s.data.dashboard["results"], s.data.dashboard["targets"]
        failing = next(k for k in ("train", "dev", "test", "real world")
                       if results[k] > targets[k])
        assert results[failing] >= 1.3 * targets[failing] - 1e-9
        steps = ["train", "dev", "test", "real world"]
        for k in steps[:steps.index(failing)]:
            assert results[k] <= 0.85 * targets[k] + 1e-9
        text = s.question(15).options["ABCD".index(s.answer(15))].text.lower()
        assert STEP_KNOB[failing] in text


def test_b_conceptual_answers_are_the_intended_options(birds_all):
    fragments = {1: "optimize accuracy", 4: "shuffle", 5: "keep them out of the test set",
                 14: "put these images into the dev and test sets"}
    for s in birds_all[:60]:
        for number, fragment in fragments.items():
            assert s.letter(number, fragment) == s.answer(number)


# ------------------------------------------------------------------ week 2, independent oracles
def test_r_q03_q04_error_analysis_by_arithmetic(road_all):
    for s in road_all:
        counts, n, e = s.data.error_counts, s.data.n_inspected, s.data.dev_error
        ordered = sorted(counts.values(), reverse=True)
        assert ordered[0] - ordered[1] >= 0.08 * n
        assert s.answer(3) == max(counts, key=counts.get)
        asked = s.data.asked_category
        assert asked != s.answer(3)
        assert s.answer(4) == pytest.approx(e * (1 - counts[asked] / n), abs=1e-9)


def test_r_q05_label_noise_against_the_gap_between_models(road_all):
    for s in road_all:
        lab = s.data.label_check
        noise = lab["dev_error"] * lab["wrong_labels"] / lab["n_inspected"]
        gap = lab["rival_dev_error"] - lab["dev_error"]
        assert max(noise, gap) >= 1.8 * min(noise, gap) - 1e-9
        text = s.question(5).options["ABCD".index(s.answer(5))].text
        assert text.startswith("Yes") == (noise > gap)


def test_r_q08_q09_ladder_by_arithmetic(road_all):
    for s in road_all:
        ladder = s.data.ladder
        gaps = {"avoidable bias": ladder["train"] - ladder["human"],
                "variance": ladder["train_dev"] - ladder["train"],
                "data mismatch": ladder["dev"] - ladder["train_dev"]}
        ordered = sorted(gaps.values())
        assert ordered[1] <= 0.35 * ordered[2] + 1e-9
        assert s.answer(8) == max(gaps, key=gaps.get)
        assert s.answer(9) == pytest.approx(gaps["data mismatch"], abs=1e-9)


def test_r_q12_loss_by_hand(road_all):
    for s in road_all:
        total = 0.0
        for y, p in zip(s.data.mtl_labels, s.data.mtl_probs, strict=True):
            if y is not None:
                total += -math.log(p) if y == 1 else -math.log(1 - p)
        assert s.answer(12) == pytest.approx(total, rel=1e-9)
        assert any(y is None for y in s.data.mtl_labels)


def test_r_branching_questions_follow_the_data(road_all):
    for s in road_all:
        small = s.data.n_new_task < 10_000
        assert s.data.n_new_task <= 1500 or s.data.n_new_task >= 150_000
        assert _correct_tag(s.solved(14)) == ("last layer" if small else "all layers")
        direct = s.data.n_pairs > 1_000_000
        assert s.data.n_pairs <= 40_000 or s.data.n_pairs >= 2_000_000
        assert _correct_tag(s.solved(15)) == ("end to end" if direct else "in steps")
    tags = {_correct_tag(s.solved(14)) for s in road_all} | \
        {_correct_tag(s.solved(15)) for s in road_all}
    assert tags == {"last layer", "all layers", "end to end", "in steps"}


def test_r_sets_are_the_true_statements(road_all):
    for s in road_all[:60]:
        q6 = {s.letter(6, f) for f in ("same correction process", "acceptable to correct",
                                        "ideally, also look")}
        q10 = {s.letter(10, f) for f in ("dev-set mistakes", "more like the dev data",
                                         "many different sources")}
        assert q6 == set(s.answer(6)) and q10 == set(s.answer(10))


# ------------------------------------------------------------------ grading, hints, explanations
@pytest.mark.parametrize("name", ["birds", "road", "forms"])
def test_right_answers_pass_and_each_mistake_shows_its_hint(name):
    make, specs, prefix = SCENARIOS[name]
    for learner in ("ada", "Bob Smith", ""):
        s = make(learner)
        for q, spec in zip(s.solved_questions, specs, strict=True):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                check(prefix + q.id, q.answer, learner=learner)
            assert "your answer is right" in out.getvalue()
            assert "Why:" in out.getvalue()  # the explanation comes once it is right
            for m in spec.mistakes:
                with pytest.raises(CheckFailed) as info:
                    check(prefix + q.id, q.wrong[m.role], learner=learner)
                assert m.hint in str(info.value)


def test_explanation_appears_after_three_failed_tries():
    s = solve_birds("tries")
    wrong = s.wrong_answer(1, "case by case")
    selfcheck._FAILED_ATTEMPTS.pop("w1_12_q01", None)
    messages = []
    for _ in range(3):
        with pytest.raises(CheckFailed) as info:
            check("w1_12_q01", wrong, learner="tries")
        messages.append(str(info.value))
    assert "Why" not in messages[0] and "Why" not in messages[1]
    assert "Why:" in messages[2]
    assert "Why not the others" in messages[2]
    selfcheck._FAILED_ATTEMPTS.pop("w1_12_q01", None)


def test_explanations_follow_the_learners_numbers():
    a, b = solve_birds("x1"), solve_birds("x2")
    exercise = get_exercise("w1_12_q07")
    key = find_key(exercise.id)
    assert key.explanation(learner="x1") != key.explanation(learner="x2")
    assert f"{a.data.train_error:g}" in key.explanation(learner="x1")
    assert f"{b.data.train_error:g}" in key.explanation(learner="x2")
    assert "**" not in key.explanation(learner="x1")  # printed as plain text


def test_the_learners_id_decides_what_is_right():
    a, b = solve_birds("p1"), solve_birds("p2")
    assert a.answer(7) != b.answer(7)
    with pytest.raises(CheckFailed):
        check("w1_12_q07", a.answer(7), learner="p2")


# ------------------------------------------------------------------ figures and questions API
def test_figures_are_read_only_and_tables_are_fresh_copies():
    s = solve_birds("ro")
    answer = s.answer(2)
    table = s.data.models
    table["accuracy"] = 0.0
    assert s.data.models["accuracy"].max() > 90
    with pytest.raises(AttributeError, match="read-only"):
        s.data.n_images = 1
    with pytest.raises(TypeError):
        s.data.human_errors["anyone"] = 0.0
    with pytest.raises(AttributeError, match="no figure called"):
        _ = s.data.not_a_figure
    assert solve_birds("ro").answer(2) == answer
    assert "models" in dir(s.data) and "n_images" in s.data.names


def test_question_lookup_and_letter_of():
    s = solve_birds("look")
    assert s.question(3) is s.question("q03") is s.question(" Q03 ")
    with pytest.raises(KeyError, match="q01, q02"):
        s.question(99)
    with pytest.raises(TypeError):
        s.question(True)
    q = s.question(1)
    assert q.letter_of("OPTIMIZE ACCURACY") == s.answer(1)
    with pytest.raises(ValueError, match="options"):
        q.letter_of("the")  # in several options
    with pytest.raises(ValueError, match="no option"):
        q.letter_of("zebra")
    with pytest.raises(ValueError, match="no lettered options"):
        s.question(6).letter_of("x")


def test_displays_show_prompts_but_never_answers_or_explanations():
    for s in (solve_birds("show"), solve_road_signs("show"), solve_scanned_forms("show")):
        assert "Scenario generated for learner id `show`" in s._repr_markdown_()
        for q in s.solved_questions:
            shown, plain = q.question._repr_markdown_(), str(q.question)
            assert f"Question {q.number}" in shown and "Your answer" in plain
            assert q.explanation.splitlines()[0] not in shown
            assert "Why not" not in shown and "** is right" not in shown
            assert "**" not in plain and "`" not in plain
            assert "answer=" not in repr(q.question) and "correct=" not in repr(q.question.options)


# ------------------------------------------------------------------ score summary
def test_score_summary_counts_right_wrong_and_missing_without_revealing_answers(capsys):
    s = solve_road_signs("sum")
    answers = {q.id: q.answer for q in s.solved_questions}
    answers["q04"] = answers["q04"] + 1.0
    del answers["q09"]
    answers["q02"] = object()  # something odd is simply "not yet"
    before = dict(selfcheck._FAILED_ATTEMPTS)
    summary = score_summary(s.scenario, answers)
    assert capsys.readouterr().out == ""
    assert dict(selfcheck._FAILED_ATTEMPTS) == before
    total = len(flight.ROAD_SIGNS_QUESTIONS)
    assert (summary.score, summary.total) == (total - 3, total)
    status = {row.question_id: row.status for row in summary.rows}
    assert status["q04"] == status["q02"] == "not yet" and status["q09"] == "not answered"
    text = summary._repr_markdown_()
    assert "(../week2/01_error_analysis.ipynb)" in text
    assert "(../week2/05_mismatched_bias_variance.ipynb)" in text
    assert text.count("](../week2/") == 3
    for q in s.solved_questions:
        assert q.explanation.splitlines()[0] not in text
    assert f"{s.answer(9):.1f}" not in text and f"{s.answer(4):.2f}" not in text
    assert f"{total - 3} / {total}" in str(summary)


def test_score_summary_accepts_a_notebook_namespace():
    s = solve_birds("")
    namespace = {"LEARNER_ID": "", "birds": s, **{q.id: q.answer for q in s.solved_questions}}
    summary = score_summary(s.scenario, namespace)
    assert summary.score == summary.total == len(flight.BIRDS_QUESTIONS)
    assert not summary.to_review
    assert "well flown" in summary._repr_markdown_()
    with pytest.raises(TypeError):
        score_summary("birds", namespace)
    with pytest.raises(TypeError):
        score_summary(s.scenario, [1, 2])


# ------------------------------------------------------------------ learner id in a notebook
def _nb(*sources, kind="code"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) if kind == "code" else
                nbformat.v4.new_markdown_cell(src) for src in sources]
    return nb


def test_learner_id_is_read_from_a_file_without_running_anything(tmp_path):
    marker = tmp_path / "ran.txt"
    nb = _nb("%matplotlib inline\nimport numpy as np",
             f'open({str(marker)!r}, "w").write("x")\nLEARNER_ID = "ada.l"  # my id',
             "!ls\nraise SystemExit(1)")
    path = tmp_path / "12_flight.ipynb"
    nbformat.write(nb, str(path))
    assert learner_id_in_notebook(path) == "ada.l"
    assert learner_id_in_notebook(str(path)) == "ada.l"
    assert learner_id_in_notebook(nb) == "ada.l"
    assert learner_id_in_notebook(json.loads(path.read_text())) == "ada.l"
    assert not marker.exists()


@pytest.mark.parametrize(("sources", "expected"), [
    (['LEARNER_ID = ""'], ""),
    (["x = 1"], None),
    (['LEARNER_ID = "a"', 'LEARNER_ID = "b"'], "b"),
    (['LEARNER_ID = "a"', "LEARNER_ID = friend"], None),
    (["LEARNER_ID = 12345"], None),
    (['LEARNER_ID: str = "typed"'], "typed"),
    (['LEARNER_ID = ("con" "cat")'], "concat"),
    (['LEARNER_ID, other = "a", "b"'], None),
    (['def f():\n    LEARNER_ID = "inside"\nLEARNER_ID = "outside"'], "outside"),
    (['if True:\n    LEARNER_ID = "nested"'], "nested"),
    (['LEARNER_ID = "ok"\nthis is not python ('], "ok"),
    (['print(LEARNER_ID)'], None),
])
def test_learner_id_cases(sources, expected):
    assert learner_id_in_notebook(_nb(*sources)) == expected


def test_learner_id_ignores_markdown_and_lists_all_assignments():
    nb = _nb('LEARNER_ID = "md"', kind="markdown")
    nb.cells += _nb('LEARNER_ID = "a"', 'LEARNER_ID = "b"').cells
    assert learner_id_assignments(nb) == ["a", "b"]
    raw = {"cells": [{"cell_type": "code", "source": ["LEARNER_ID = ", "\"split\""]}]}
    assert learner_id_in_notebook(raw) == "split"


def test_learner_id_reader_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        learner_id_in_notebook(tmp_path / "missing.ipynb")
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(ValueError, match="not a notebook"):
        learner_id_in_notebook(bad)
    with pytest.raises(ValueError, match="no list of cells"):
        learner_id_in_notebook({"metadata": {}})
    with pytest.raises(TypeError):
        learner_id_in_notebook(42)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_text_id_gives_a_consistent_scenario(learner):
    for make in (solve_birds, solve_road_signs, solve_scanned_forms):
        s = make(learner)
        assert s.seed == flight.learner_seed(learner, s.name)
        assert all(q.answer is not None for q in s.solved_questions)
    nb = {"cells": [{"cell_type": "code", "source": f"LEARNER_ID = {learner!r}"}]}
    assert learner_id_in_notebook(nb) == learner


def test_an_unmodelled_wrong_answer_gets_the_questions_general_hint():
    s = solve_road_signs("hint")
    unmodelled = next(c for c in flight.CATEGORIES
                      if c != s.answer(3) and c not in s.solved(3).wrong.values())
    with pytest.raises(CheckFailed) as info:
        check("w2_11_q03", unmodelled, learner="hint")
    assert "largest share" in str(info.value)
    prefixes = {"w1_12_": flight.BIRDS_QUESTIONS, "w2_11_": flight.ROAD_SIGNS_QUESTIONS,
                "w3_07_": flight.SCANNED_FORMS_QUESTIONS}
    for prefix, specs in prefixes.items():
        for spec in specs:
            assert spec.hint, spec.id
            exercise = get_exercise(prefix + spec.id)
            assert all("*" not in m.hint for m in exercise.mistakes)
