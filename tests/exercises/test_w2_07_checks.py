"""Week 2 · 07: the self-checks of the transfer exercises catch the typical mistakes, each
with one hint that fits (no "or:" lists), including a `pretrained` changed in place."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib import transfer
from course_lib.exercises import CheckFailed, all_exercises, check
from course_lib.exercises.cases import hidden_cases
from course_lib.exercises.encoding import decode, encode
from course_lib.exercises.selfcheck import evaluate
from course_lib.exercises.w2_07_transfer_learning import pretrained_network, watched
from course_lib.nn import Network

EXERCISES = all_exercises()


def _in_place(pretrained, n_outputs, retrain="last", output=None, seed=0):
    net = pretrained.replace_output(n_outputs, output, seed=seed)
    return net.freeze(net.n_layers - 1 if retrain == "last" else 0)


def _in_place_then_copied(pretrained, n_outputs, retrain="last", output=None, seed=0):
    return _in_place(pretrained, n_outputs, retrain, output, seed).copy()


def _always_frozen(pretrained, n_outputs, retrain="last", output=None, seed=0):
    net = pretrained.copy().replace_output(n_outputs, output, seed=seed)
    return net.freeze(net.n_layers - 1)


def _failure(exercise_id, answer):
    with pytest.raises(CheckFailed) as info:
        check(exercise_id, answer)
    return str(info.value)


@pytest.mark.parametrize("wrong", [_in_place, _in_place_then_copied])
def test_changing_pretrained_in_place_fails_the_check_with_its_own_hint(wrong, capsys):
    text = _failure("w2_07_transfer_network", wrong)
    assert "pretrained.copy()" in text and "or:" not in text
    exercise = EXERCISES["w2_07_transfer_network"]
    outcome = evaluate(exercise, wrong, hidden_cases(exercise), show_inputs=False)
    assert not outcome.ok  # the hidden grading catches it too
    capsys.readouterr()


def test_a_watched_network_is_left_alone_by_the_reference():
    net = watched(pretrained_network((6, 5, 4, 3), 1))
    new = transfer.transfer_network(net, 2, "all", seed=3)
    assert type(new) is Network and not net.changed_in_place and not new.changed_in_place
    assert net.layer_sizes == (6, 5, 4, 3)
    assert np.array_equal(net.weights[0], new.weights[0])


def test_the_watch_survives_the_trip_to_a_grading_kernel_and_back():
    inbox = encode(watched(pretrained_network((6, 5, 4, 3), 2)))
    net = decode(inbox)
    assert not net.changed_in_place
    assert decode(encode(_in_place(net, 2))).changed_in_place           # the outbox
    fine = decode(encode(transfer.transfer_network(decode(inbox), 2)))
    assert not fine.changed_in_place


@pytest.mark.parametrize("exercise_id", ["w2_07_transfer_network", "w2_07_transfer_makes_sense"])
def test_every_modelled_mistake_gets_one_hint_not_a_list(exercise_id, capsys):
    for mistake in EXERCISES[exercise_id].mistakes:
        text = _failure(exercise_id, mistake.wrong)
        assert mistake.hint in text and "or:" not in text, (mistake.name, text)
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "words"), [
    (_always_frozen, "'all' trains every layer"),
])
def test_freezing_mistakes_get_a_fitting_hint(wrong, words, capsys):
    text = _failure("w2_07_transfer_network", wrong)
    assert words in text and "or:" not in text
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "words"), [
    (lambda ia, ib, a, b, f: ia == ib and b >= 10 * a and f, "transfer *from*"),
    (lambda ia, ib, a, b, f: ia == ib or a >= 10 * b or f, "and, not or"),
])
def test_rule_mistakes_without_a_model_get_the_case_hint(wrong, words, capsys):
    text = _failure("w2_07_transfer_makes_sense", wrong)
    assert words in text and "or:" not in text
    capsys.readouterr()
