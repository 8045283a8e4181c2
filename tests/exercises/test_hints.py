"""Hints on demand: every exercise has at least two tiers, none gives its answer away, and
``hint()`` walks through the tiers and counts them in the workspace file."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Mapping
from numbers import Integral, Real
from typing import Any

import pandas as pd
import pytest

from course_lib.contract import GRADING_DIR
from course_lib.exercises.hints import hint, hint_text
from course_lib.exercises.keys import find_key
from course_lib.exercises.registry import Exercise, all_exercises
from course_lib.exercises.workspace import STATE_ENV, load

EXERCISES = all_exercises()
COURSE_IDS = [i for i in EXERCISES if not i.startswith("w1_99_")]
VALUE_IDS = [i for i in COURSE_IDS if EXERCISES[i].kind == "value"]
FUNCTION_IDS = [i for i in COURSE_IDS if EXERCISES[i].kind == "function"]
#: learners whose numbers a per-learner (flight simulator) answer is computed for
LEARNERS = ("ada", "bob", "chen", "dee")

def _contexts(exercise: Exercise) -> list[dict[str, Any]]:
    if "learner" in exercise.sample_context:
        return [{**exercise.sample_context, "learner": name} for name in LEARNERS]
    return [dict(exercise.sample_context)]


def _quoted(text: str) -> list[str]:
    return [f"'{text}'", f'"{text}"', f"`{text}`"]


def _number_forms(value: float) -> list[str]:
    if isinstance(value, Integral):
        return [str(int(value)), f"{int(value):,}"]
    return [f"{value:g}", f"{value:.3f}", f"{100 * value:.1f}%"]


def _number_in(value: float, text: str) -> str | None:
    for form in _number_forms(value):
        # a whole number, not a piece of another one ("6" is not found in "16" or "0.6")
        if re.search(rf"(?<![\w.]){re.escape(form)}(?![\w]|\.\d)", text):
            return form
    return None


def _string_leak(answer: str, text: str, *, substring: bool) -> str | None:
    for form in _quoted(answer):
        if form in text:
            return form
    if substring and len(answer) > 1 and answer.lower() in text.lower():
        return answer
    return None


def _pair_forms(key: Any, value: Any) -> Iterator[str]:
    shown = ([f"{value:g}", f"{value:.3f}"] if isinstance(value, Real)
             and not isinstance(value, bool) else [str(value)])
    for v in shown:
        for k_form in (repr(key), f'"{key}"', str(key), f"`{key}`"):
            for v_form in (repr(v) if isinstance(value, str) else v, f'"{v}"', v, f"`{v}`"):
                for sep in (": ", " → ", " -> ", " = ", ":"):
                    yield f"{k_form}{sep}{v_form}"


def _leak(answer: Any, text: str) -> str | None:
    """The part of ``answer`` that ``text`` gives away, or ``None`` (a link's target -- the
    file name of the notebook that teaches the topic -- is not read)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        return _string_leak(answer, text, substring=True)
    if isinstance(answer, Real):
        return _number_in(answer, text)
    if isinstance(answer, (set, frozenset)):
        labels = sorted(answer, key=str)
        forms = [repr(labels), "{" + ", ".join(repr(x) for x in labels) + "}",
                 "{" + ", ".join(f'"{x}"' for x in labels) + "}"]
        for form in forms:
            if form in text:
                return form
        for label in labels:
            found = _string_leak(str(label), text, substring=False)
            if found:
                return found
        return None
    if isinstance(answer, (Mapping, pd.Series)):
        for key, value in answer.items():
            for form in _pair_forms(key, value):
                if form in text:
                    return form
        return None
    raise AssertionError(f"no leak check for answers of type {type(answer).__name__}")


# --- every exercise has hints ------------------------------------------------------------------

def test_every_exercise_is_checked():
    assert len(COURSE_IDS) >= 100
    assert len(FUNCTION_IDS) >= 30 and len(VALUE_IDS) >= 60


@pytest.mark.parametrize("exercise_id", COURSE_IDS)
def test_at_least_two_distinct_non_empty_hints(exercise_id):
    hints = EXERCISES[exercise_id].hints
    assert len(hints) >= 2, f"{exercise_id} has {len(hints)} hint(s)"
    assert all(isinstance(h, str) and h.strip() for h in hints)
    assert len({h.strip() for h in hints}) == len(hints), "two hints are the same"


@pytest.mark.parametrize("exercise_id", COURSE_IDS)
def test_hints_do_not_repeat_a_mistake_hint(exercise_id):
    exercise = EXERCISES[exercise_id]
    mistake_hints = {m.hint.strip() for m in exercise.mistakes}
    assert not mistake_hints & {h.strip() for h in exercise.hints}


# --- no hint gives a value exercise's answer ---------------------------------------------------

VALUE_CASES = [pytest.param(i, c, id="-".join([i, *c.values()]))
               for i in VALUE_IDS for c in _contexts(EXERCISES[i])]


@pytest.mark.parametrize(("exercise_id", "context"), VALUE_CASES)
def test_no_hint_of_a_value_exercise_holds_its_answer(exercise_id, context):
    key = find_key(exercise_id)
    assert key is not None and key.answer is not None
    answer = key.answer(**context)
    for number, text in enumerate(EXERCISES[exercise_id].hints, start=1):
        found = _leak(answer, text)
        assert found is None, f"hint {number} of {exercise_id} ({context}) gives away {found!r}"


def test_the_leak_check_finds_answers():
    assert _leak("B", "the answer is `B`.") == "`B`"
    assert _leak("B", "B-trees are balanced") is None
    assert _leak("logistic regression", "Logistic Regression wins") == "logistic regression"
    assert _leak(6, "from weight 6 on") == "6"
    assert _leak(6, "divide by 16, or 0.6") is None
    assert _leak(0.03991596638655462, "about 0.039916") == "0.039916"
    assert _leak(0.0816, "about 8.2% less") == "8.2%"
    assert _leak(frozenset({"C", "B"}), "set it to ['B', 'C']") == "['B', 'C']"
    assert _leak({"C"}, 'the letter "C"') == '"C"'
    assert _leak({"bigger network": "train"}, '"bigger network": "train"') is not None
    assert _leak(pd.Series({"dev": 0.25}), "dev: 0.25") is not None


# --- no hint writes the function for the learner -----------------------------------------------

def _def_lines(exercise: Exercise) -> list[str]:
    source = inspect.getsource(exercise.reference)
    lines = [line.strip().rstrip(":") for line in source.splitlines()
             if line.strip().startswith("def ")][:1]
    return lines + [f"def {exercise.signature}"]


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_no_hint_of_a_function_exercise_writes_its_function(exercise_id):
    exercise = EXERCISES[exercise_id]
    names = {exercise.reference.__name__, exercise.signature.split("(", 1)[0]}
    for number, text in enumerate(exercise.hints, start=1):
        for line in _def_lines(exercise):
            assert line not in text, f"hint {number} holds the def line {line!r}"
        for name in names:
            assert f"{name}(" not in text, f"hint {number} calls {name}(...)"
        assert not re.search(r"\bdef \w+\(", text), f"hint {number} defines a function"


# --- hint_text and hint() ----------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id", COURSE_IDS)
def test_hint_text_numbers_the_tiers(exercise_id):
    hints = EXERCISES[exercise_id].hints
    first = hint_text(exercise_id, 1)
    assert first.startswith(f"Hint 1 of {len(hints)}")
    assert first.endswith(hints[0])
    last = hint_text(exercise_id, 99)
    assert last.startswith(f"Hint {len(hints)} of {len(hints)} (the last one)")
    assert last.endswith(hints[-1])


@pytest.mark.parametrize("exercise_id", ["w1_02_f1_score", "w1_05_smallest_reliable_size",
                                         "w2_10_choose_approach"])
def test_hint_advances_and_is_counted(exercise_id, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(STATE_ENV, str(tmp_path))
    monkeypatch.delenv(GRADING_DIR, raising=False)
    hints = EXERCISES[exercise_id].hints

    hint(exercise_id)
    first = capsys.readouterr().out
    hint(exercise_id)
    second = capsys.readouterr().out

    assert "Hint 1 of" in first and "Hint 2 of" in second
    assert hints[0].split()[0] in first and hints[1].split()[0] in second
    assert load()["exercises"][exercise_id]["hints"] == 2
    assert (tmp_path / "progress.json").is_file()


def test_hint_after_the_last_tier_repeats_the_last(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(STATE_ENV, str(tmp_path))
    monkeypatch.delenv(GRADING_DIR, raising=False)
    exercise_id = "w2_08_masked_bce"
    n = len(EXERCISES[exercise_id].hints)
    for _ in range(n + 1):
        hint(exercise_id)
    out = capsys.readouterr().out
    assert out.count(f"Hint {n} of {n} (the last one)") == 2
    assert load()["exercises"][exercise_id]["hints"] == n + 1
