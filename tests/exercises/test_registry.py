"""Every registered exercise is consistent with its key: the right answer passes, each
typical mistake is caught with its hint, and the key holds what the grader needs."""

from __future__ import annotations

import copy
import types

import pytest
from helpers.functions import copy_of

from course_lib.exercises import CheckFailed, all_exercises, check
from course_lib.exercises.cases import expected_answer, hidden_cases, wrong_answer
from course_lib.exercises.keys import find_key
from course_lib.exercises.registry import ID_PATTERN
from course_lib.exercises.selfcheck import evaluate

EXERCISES = all_exercises()


def _course_ids():
    return [i for i in EXERCISES if not i.startswith("w1_99_")]


def test_there_are_exercises():
    assert len(_course_ids()) >= 7


@pytest.mark.parametrize("exercise_id", _course_ids())
def test_reference_passes_visible_and_hidden_cases(exercise_id):
    exercise = EXERCISES[exercise_id]
    assert ID_PATTERN.match(exercise_id)
    context = dict(exercise.sample_context)
    answer = (copy_of(exercise.reference) if exercise.kind == "function"
              else find_key(exercise_id).answer(**context))
    outcome = evaluate(exercise, answer, hidden_cases(exercise), show_inputs=False,
                       context=context)
    assert outcome.ok, outcome.failure
    assert exercise.visible(), "an exercise needs at least one visible case"


@pytest.mark.parametrize("exercise_id", _course_ids())
def test_the_key_holds_what_grading_needs(exercise_id):
    exercise = EXERCISES[exercise_id]
    key = find_key(exercise_id)
    assert key is not None and key.exercise_id == exercise_id
    if exercise.kind == "function":
        assert key.hidden is not None and key.answer is None and not key.wrong_answers
    else:
        assert key.answer is not None and key.hidden is None
        assert set(key.wrong_answers) == {m.name for m in exercise.mistakes}


@pytest.mark.parametrize("exercise_id", [i for i in _course_ids()
                                         if EXERCISES[i].kind == "function"])
def test_hidden_cases_are_deterministic_and_differ_by_seed(exercise_id):
    exercise = EXERCISES[exercise_id]
    first = [c.label for c in hidden_cases(exercise, seed=1)]
    assert first == [c.label for c in hidden_cases(exercise, seed=1)]
    assert len(first) > len(exercise.visible())


MISTAKES = [(i, k) for i in _course_ids() for k in range(len(EXERCISES[i].mistakes))]


@pytest.mark.parametrize(("exercise_id", "index"), MISTAKES)
def test_each_typical_mistake_fails_the_visible_check_with_its_hint(exercise_id, index):
    exercise = EXERCISES[exercise_id]
    mistake = exercise.mistakes[index]
    context = dict(exercise.sample_context)
    if exercise.kind == "function":
        answer = mistake.wrong
        differs = any(
            exercise.compare(mistake.wrong(*copy.deepcopy(c.args), **copy.deepcopy(c.kwargs)),
                             exercise.reference(*copy.deepcopy(c.args),
                                                **copy.deepcopy(c.kwargs))) is not None
            for c in exercise.visible()
        )
    else:
        case = exercise.visible()[0]
        answer = wrong_answer(exercise, mistake, case, context)
        differs = exercise.compare(answer, expected_answer(exercise, case, context)) is not None
    assert differs, f"no visible case tells mistake {mistake.name!r} from the right answer"
    with pytest.raises(CheckFailed) as info:
        check(exercise_id, answer, **context)
    assert mistake.hint in str(info.value)


@pytest.mark.parametrize("exercise_id", [i for i in _course_ids()
                                         if EXERCISES[i].kind == "function"])
def test_the_reference_itself_is_not_accepted_as_an_answer(exercise_id):
    exercise = EXERCISES[exercise_id]
    assert isinstance(exercise.reference, types.FunctionType) and not exercise.reference.__closure__
    outcome = evaluate(exercise, exercise.reference, exercise.visible(), show_inputs=True)
    assert not outcome.ok and "the course's own answer" in outcome.failure
