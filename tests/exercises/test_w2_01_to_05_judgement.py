"""Week 2, notebooks 01-05: the two edges of the 'worth working on' rule are caught with their
own hints, each modelled mistake of a function exercise is met by its own hint first, the
decisions put different learners in different cases, and the look-up exercises they replace
are gone."""

from __future__ import annotations

import pytest

from course_lib.contract import HINT_PREFIX
from course_lib.exercises import CheckFailed, all_exercises, check, decision
from course_lib.exercises.keys import find_key
from course_lib.manifest import course

EXERCISES = all_exercises()
PREFIXES = ("w2_01_", "w2_02_", "w2_03_", "w2_04_", "w2_05_")
FUNCTION_MISTAKES = [
    (exercise_id, k)
    for exercise_id, exercise in EXERCISES.items()
    if exercise_id.startswith(PREFIXES) and exercise.kind == "function"
    for k in range(len(exercise.mistakes))
]
LEARNERS = [f"learner-{k}" for k in range(40)]


def _hints(message: str) -> list[str]:
    return [line.strip()[len(HINT_PREFIX):].strip() for line in message.splitlines()
            if line.strip().startswith(HINT_PREFIX)]


def _gaps(h, t, td, d):
    return {"avoidable bias": t - h, "variance": td - t, "data mismatch": d - td}


def test_worth_working_on_without_a_positivity_test_fails_with_its_hint():
    def worth_working_on(human, train, train_dev, dev):
        g = _gaps(human, train, train_dev, dev)
        return {p for p, x in g.items() if x >= 0.5 * max(g.values())}

    with pytest.raises(CheckFailed) as info:
        check("w2_05_worth_working_on", worth_working_on)
    message = str(info.value)
    assert "nothing left to gain" in message
    assert _hints(message)[0].startswith("when every gap is 0 or below"), message
    assert "or:" not in message


def test_worth_working_on_with_a_strict_comparison_fails_with_its_hint():
    def worth_working_on(human, train, train_dev, dev):
        g = _gaps(human, train, train_dev, dev)
        return {p for p, x in g.items() if x > 0 and x > 0.5 * max(g.values())}

    with pytest.raises(CheckFailed) as info:
        check("w2_05_worth_working_on", worth_working_on)
    message = str(info.value)
    assert "exactly half the largest" in message
    assert "`>=`, not `>`" in _hints(message)[0], message
    assert "or:" not in message


def test_the_plain_rule_written_with_floats_passes(capsys):
    def worth_working_on(human, train, train_dev, dev):
        g = _gaps(human, train, train_dev, dev)
        top = max(g.values())
        return {p for p, x in g.items() if x > 0 and x >= 0.5 * top}

    check("w2_05_worth_working_on", worth_working_on)
    capsys.readouterr()


@pytest.mark.parametrize(("exercise_id", "index"), FUNCTION_MISTAKES)
def test_a_modelled_mistake_gets_its_own_hint_first(exercise_id, index):
    mistake = EXERCISES[exercise_id].mistakes[index]
    with pytest.raises(CheckFailed) as info:
        check(exercise_id, mistake.wrong)
    assert _hints(str(info.value))[0].startswith(mistake.hint.split("\n")[0]), str(info.value)


@pytest.mark.parametrize("exercise_id", ["w2_02_fix_labels_worth", "w2_02_training_labels",
                                         "w2_03_iteration_plan", "w2_03_first_system",
                                         "w2_05_team_plan", "w2_01_tally_priority"])
def test_learners_meet_different_cases(exercise_id):
    """Which option is right depends on the learner's numbers, not only its letter."""
    key = find_key(exercise_id)
    right = {decision(exercise_id, lid).text(key.answer(learner=lid)) for lid in LEARNERS}
    assert len(right) >= 2, right


def test_the_look_up_exercises_are_replaced():
    gone = {"w2_01_work_on_first", "w2_02_relabel_first", "w2_03_next_step",
            "w2_03_applies_less", "w2_04_option1_pick", "w2_04_option2_pick",
            "w2_05_real_focus"}
    assert not gone & set(EXERCISES)
    assert not gone & set(course().exercise_ids)


def test_the_tally_priority_is_not_always_the_largest_category():
    """The biggest category is never the priority here: its fix costs far more per point."""
    for lid in LEARNERS[:10]:
        d = decision("w2_01_tally_priority", lid)
        cats = d.data["categories"]
        biggest = max(cats, key=lambda n: cats[n]["mistakes"])
        assert find_key("w2_01_tally_priority").answer(learner=lid) != d.letter(f"fix_{biggest}")
