"""Judgement questions: per-learner numbers, a key that decides from them, hints that fit,
explanations that cover every option, for many learner ids."""

from __future__ import annotations

import re

import pytest

from course_lib.exercises import CheckFailed, all_exercises, check, decision
from course_lib.exercises.decisions import DecisionSpec, Situation, decision_ids
from course_lib.exercises.keys import find_key
from course_lib.manifest import course

all_exercises()  # imports every notebook's module, which registers its decisions
DECISIONS = decision_ids()
LEARNERS = ["", "ada", "bob", "x7", "grace.hopper", "learner-42", "zoë", "m.curie", "q", "42"]


def test_there_are_decisions():
    assert len(DECISIONS) >= 2


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_numbers_are_per_learner_and_reproducible(exercise_id):
    shown = {lid: str(decision(exercise_id, lid)) for lid in LEARNERS}
    assert shown["ada"] == str(decision(exercise_id, " Ada "))
    assert len(set(shown.values())) >= len(LEARNERS) // 2, "learners should see different numbers"


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_the_right_letter_passes_and_every_other_letter_fails_with_a_hint(exercise_id, capsys):
    key = find_key(exercise_id)
    for lid in LEARNERS:
        d = decision(exercise_id, lid)
        right = key.answer(learner=lid)
        assert right in d.letters
        check(exercise_id, right.lower(), learner=lid)  # any case
        wrong_by_letter: dict[str, list[str]] = {}
        for name, wrong in key.wrong_answers.items():
            wrong_by_letter.setdefault(wrong(learner=lid), []).append(name)
        hints = {m.name: m.hint for m in all_exercises()[exercise_id].mistakes}
        for letter in d.letters:
            if letter == right:
                continue
            with pytest.raises(CheckFailed) as info:
                check(exercise_id, letter, learner=lid)
            names = wrong_by_letter.get(letter, [])
            if names:  # a modelled reasoning leads there: its hint is shown
                assert any(hints[n] in str(info.value) for n in names), (lid, letter, names)
    capsys.readouterr()


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_every_option_is_reached_by_a_modelled_mistake_or_is_the_answer(exercise_id):
    """Each wrong option stands for a reasoning the exercise can answer with a fitting hint."""
    key = find_key(exercise_id)
    for lid in LEARNERS:
        d = decision(exercise_id, lid)
        reached = {key.answer(learner=lid)} | {w(learner=lid) for w in key.wrong_answers.values()}
        assert reached == set(d.letters), (lid, sorted(set(d.letters) - reached))


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_the_explanation_says_why_for_every_option_with_the_learners_numbers(exercise_id):
    key = find_key(exercise_id)
    assert key.explanation is not None
    for lid in LEARNERS:
        d = decision(exercise_id, lid)
        text = key.explanation(learner=lid)
        named = set(re.findall(r"\*\*([A-H])\*\*", text))
        assert named == set(d.letters), (lid, text)


@pytest.mark.parametrize("exercise_id", DECISIONS)
def test_hints_are_general_then_specific_and_never_name_a_letter(exercise_id):
    exercise = all_exercises()[exercise_id]
    assert len(exercise.hints) >= 2
    for text in [*exercise.hints, *(m.hint for m in exercise.mistakes)]:
        assert not re.search(r"\b(option|answer) [A-H]\b", text), text


def test_every_decision_is_listed_in_the_manifest():
    listed = set(course().exercise_ids)
    assert set(DECISIONS) <= listed


def test_a_spec_that_forgets_its_options_gets_a_clear_message():
    spec = DecisionSpec("w1_99_bad", "bad", build=lambda rng: Situation("?", {"only": "one"}),
                        hints=("a", "b"))
    with pytest.raises(TypeError, match="at least two options"):
        spec.question("ada")


def test_an_unknown_or_non_decision_id_is_refused():
    with pytest.raises(KeyError, match="not a decision"):
        decision("w1_08_focus", "ada")
    with pytest.raises(TypeError, match="exercise_id must be a string"):
        decision(8, "ada")
    with pytest.raises(TypeError, match="learner id must be a string"):
        decision("w1_08_team_plan", 42)
