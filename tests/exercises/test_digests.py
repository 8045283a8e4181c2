"""Digest self-checks agree with the answer key, and the digest book gives nothing away."""

from __future__ import annotations

import base64
import inspect
import json
import math
import re

import pytest

from course_lib.exercises.cases import expected_answer
from course_lib.exercises.digests import (
    ANY_LEARNER,
    UnknownLearner,
    build_digests,
    check_by_digest,
    learner_dependent,
)
from course_lib.exercises.keys import KeyUnavailable, find_key
from course_lib.exercises.registry import all_exercises
from course_lib.exercises.verdicts import judge

LEARNERS = ["ada", "Bob ", "learner-07"]
VALUE_IDS = [i for i, ex in all_exercises().items() if ex.kind != "function"]


@pytest.fixture(scope="module")
def book():
    return build_digests(VALUE_IDS, LEARNERS, salt="test-salt")


def _contexts(exercise_id):
    key = find_key(exercise_id)
    if learner_dependent(key):
        return [{"learner": learner} for learner in LEARNERS]
    return [{}]


def _key_hint(exercise, output, expected, context):
    text = judge(exercise, exercise.visible()[0], output, expected=expected, show_inputs=False,
                 context=context) or ""
    found = re.search(r"Hint: (.*)", text, re.S)
    return found.group(1).split("\n  or: ") if found else []


def test_there_are_value_exercises_of_every_comparator():
    kinds = {type(all_exercises()[i].compare).__name__ for i in VALUE_IDS}
    assert {"Label", "Number", "LabelSet", "Series", "Decisions"} <= kinds
    assert len(VALUE_IDS) >= 60


@pytest.mark.parametrize("exercise_id", VALUE_IDS)
def test_right_answers_pass_and_typical_mistakes_get_the_keys_hint(book, exercise_id):
    exercise = all_exercises()[exercise_id]
    key = find_key(exercise_id)
    checked = []
    for context in _contexts(exercise_id):
        right = expected_answer(exercise, exercise.visible()[0], context)
        verdict = check_by_digest(exercise, right, context, book=book)
        assert verdict.ok, verdict.failure
        if key.explanation is not None:
            assert verdict.explanation == key.explanation(**context).strip()
        for mistake in exercise.mistakes:
            make = key.wrong_answers.get(mistake.name)
            if make is None:
                continue
            wrong = make(**context)
            if exercise.compare(wrong, wrong) is not None or \
                    exercise.compare(wrong, right) is None:
                continue
            verdict = check_by_digest(exercise, wrong, context, book=book)
            assert not verdict.ok and verdict.explanation is None
            key_hints = _key_hint(exercise, wrong, right, context)
            if key_hints:  # one of the hints the key-based check gives
                assert any(hint in verdict.failure for hint in key_hints), verdict.failure
                checked.append(mistake.name)
    if any(find_key(exercise_id).wrong_answers.values()):
        assert checked, "no typical mistake of this exercise was tried"


@pytest.mark.parametrize("exercise_id", [i for i in VALUE_IDS
                                         if type(all_exercises()[i].compare).__name__
                                         == "Number"])
def test_numbers_are_accepted_within_the_tolerance_and_refused_outside(book, exercise_id):
    exercise = all_exercises()[exercise_id]
    compare = exercise.compare
    for context in _contexts(exercise_id):
        right = expected_answer(exercise, exercise.visible()[0], context)
        if compare.integer:
            near, far = int(right), int(right) + 1
        else:
            width = max(compare.abs, compare.rel * abs(right))
            near, far = right + 0.5 * width, right + 5 * width
        assert check_by_digest(exercise, near, context, book=book).ok
        assert not check_by_digest(exercise, far, context, book=book).ok
        assert compare(far, right) is not None  # the key agrees it is wrong


def test_wrong_types_get_the_comparators_message(book):
    exercise = all_exercises()["w1_05_smallest_reliable_size"]
    verdict = check_by_digest(exercise, "1000", {}, book=book)
    assert "expected an integer (int), got str" in verdict.failure
    verdict = check_by_digest(exercise, math.nan, {}, book=book)
    assert not verdict.ok


def test_keyed_answers_say_how_many_entries_are_wrong(book):
    exercise = all_exercises()["w2_10_course_decisions"]
    right = find_key(exercise.id).answer()
    changed = dict(right)
    first = next(iter(changed))
    options = {"pipeline", "end-to-end"}
    changed[first] = (options - {changed[first]}).pop()
    verdict = check_by_digest(exercise, changed, {}, book=book)
    assert "1 of the" in verdict.failure and first not in verdict.failure
    missing = {k: v for k, v in right.items() if k != first}
    assert "1 key(s) missing" in check_by_digest(exercise, missing, {}, book=book).failure
    extra = {**right, "teleport": "pipeline"}
    assert "teleport" in check_by_digest(exercise, extra, {}, book=book).failure


def test_the_book_holds_digests_and_sealed_text_only(book):
    for exercise_id, entries in book["exercises"].items():
        key = find_key(exercise_id)
        for learner, entry in entries.items():
            for digest in entry["right"] + entry.get("keys", []):
                assert re.fullmatch(r"[0-9a-f]{32}", digest)
            for digests in entry["wrong"].values():
                assert all(re.fullmatch(r"[0-9a-f]{32}", d) for d in digests)
            if "explanation" in entry:
                context = {} if learner == ANY_LEARNER else {"learner": learner}
                words = key.explanation(**context).split()[:6]
                sealed = base64.b64decode(entry["explanation"])
                assert " ".join(words).encode() not in sealed
    text = json.dumps(book)
    assert "answer" not in text and "reference" not in text


def test_digests_belong_to_one_course_and_one_learner(book):
    exercise = all_exercises()["w1_12_q01"]
    right = find_key(exercise.id).answer(learner="ada")
    other_course = build_digests(["w1_12_q01"], LEARNERS, salt="another-course")
    assert check_by_digest(exercise, right, {"learner": "ada"}, book=book).ok
    assert book["exercises"]["w1_12_q01"]["ada"]["right"] != \
        other_course["exercises"]["w1_12_q01"]["ada"]["right"]
    with pytest.raises(UnknownLearner, match="not on this course's roster"):
        check_by_digest(exercise, right, {"learner": "zed"}, book=book)
    with pytest.raises(UnknownLearner, match="learner=LEARNER_ID"):
        check_by_digest(exercise, right, {}, book=book)
    with pytest.raises(KeyUnavailable):
        check_by_digest(exercise, right, {"learner": "ada"}, book={})


def test_learner_ids_are_matched_as_the_notebooks_match_them(book):
    exercise = all_exercises()["w1_12_q02"]
    right = find_key(exercise.id).answer(learner="bob")
    assert check_by_digest(exercise, right, {"learner": "  BOB"}, book=book).ok


def test_only_exercises_with_a_learner_parameter_are_per_learner(book):
    for exercise_id in VALUE_IDS:
        params = inspect.signature(find_key(exercise_id).answer).parameters
        entries = book["exercises"][exercise_id]
        assert (ANY_LEARNER in entries) == ("learner" not in params)


def test_a_salt_is_required():
    with pytest.raises(TypeError, match="salt"):
        build_digests(VALUE_IDS[:1], [], salt="")
