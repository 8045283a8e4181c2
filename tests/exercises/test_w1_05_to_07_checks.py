"""week1/05-07: the self-check holes of week1/05 are modelled mistakes with their own hints, and
week1/05 teaches the dev-set size with power that the birds simulator asks for."""

from __future__ import annotations

import io
import math
import re
from contextlib import redirect_stdout
from pathlib import Path
from statistics import NormalDist

import nbformat
import pytest

from course_lib.exercises import CheckFailed, check
from course_lib.exercises.registry import get_exercise
from course_lib.sizing import dev_set_size

ROOT = Path(__file__).resolve().parents[2]
NB05 = ROOT / "solutions" / "week1" / "05_size_of_dev_test_sets.ipynb"


def _z(confidence):
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _formula(p, m, confidence=0.95, power=0.8):
    q = p + m
    z = _z(confidence) + (0.0 if power is None else NormalDist().inv_cdf(power))
    return (p * (1 - p) + q * (1 - q)) * z**2 / m**2


def _hint(exercise_id, name):
    return next(m.hint for m in get_exercise(exercise_id).mistakes if m.name == name)


def _failure(exercise_id, answer, **context):
    with redirect_stdout(io.StringIO()), pytest.raises(CheckFailed) as info:
        check(exercise_id, answer, **context)
    return str(info.value)


def test_rounding_to_nearest_fails_a_visible_case_with_its_hint():
    def min_dev_size(error_rate, margin, confidence=0.95, power=0.8):
        return round(_formula(error_rate, margin, confidence, power))

    text = _failure("w1_05_min_dev_size", min_dev_size)
    assert _hint("w1_05_min_dev_size", "rounded to nearest") in text
    assert "small dev set" in text  # the case that catches it: a result below 500


def test_a_float_where_an_int_is_asked_fails_with_its_hint():
    def min_dev_size(error_rate, margin, confidence=0.95, power=0.8):
        return float(math.ceil(_formula(error_rate, margin, confidence, power)))

    text = _failure("w1_05_min_dev_size", min_dev_size)
    assert "expected an integer (int), got float" in text
    assert _hint("w1_05_min_dev_size", "float returned") in text


def test_using_p1_twice_gets_its_own_hint_not_the_rounding_one():
    def min_dev_size(error_rate, margin, confidence=0.95, power=0.8):
        z = _z(confidence) + (0.0 if power is None else NormalDist().inv_cdf(power))
        return math.ceil(2 * error_rate * (1 - error_rate) * z**2 / margin**2)

    text = _failure("w1_05_min_dev_size", min_dev_size)
    assert _hint("w1_05_min_dev_size", "p1 twice") in text
    assert "round the formula's result" not in text


def test_forgetting_the_power_term_gets_the_power_hint():
    def min_dev_size(error_rate, margin, confidence=0.95, power=0.8):
        return math.ceil(_formula(error_rate, margin, confidence, None))

    assert _hint("w1_05_min_dev_size", "power ignored") in _failure("w1_05_min_dev_size",
                                                                    min_dev_size)


def test_a_percentage_threshold_gives_nan_and_a_specific_hint():
    text = _failure("w1_05_smallest_reliable_size", float("nan"))
    assert _hint("w1_05_smallest_reliable_size", "percent threshold") in text
    assert "0.9, not 90" in text


def test_the_reference_is_the_library_function_with_confidence_and_power():
    exercise = get_exercise("w1_05_min_dev_size")
    # a wrapper of its own (grading stubs the reference; the notebook's other cells use the
    # library's dev_set_size), with the library function's answers
    assert exercise.reference is not dev_set_size
    for case in exercise.visible():
        assert exercise.reference(*case.args, **case.kwargs) == dev_set_size(*case.args,
                                                                             **case.kwargs)
    assert "power=0.8" in exercise.signature and "confidence=0.95" in exercise.signature
    labels = {case.label: case for case in exercise.visible()}
    birds = next(case for label, case in labels.items() if "1.2%" in label)
    assert dev_set_size(*birds.args, **birds.kwargs) == 42_691


def test_notebook_05_teaches_the_size_with_power_that_the_birds_simulator_uses():
    nb = nbformat.read(NB05, as_version=4)
    text = "\n".join(cell.source for cell in nb.cells)
    assert "(z + z_power)" in text and "80% power" in text
    answer = next(cell for cell in nb.cells
                  if cell.metadata.get("nbgrader", {}).get("grade_id")
                  == "w1_05_min_dev_size_answer")
    space = {"math": math, "NormalDist": NormalDist}
    exec(answer.source, space)  # noqa: S102 - the course's own solution cell
    assert space["min_dev_size"](0.01, 0.002) == 42_691
    assert space["min_dev_size"](0.01, 0.002, power=None) == 20_894
    # the power section simulates the confidence-only size before teaching the power term
    assert re.search(r"simulate_error_estimates\(P1, n_confidence_only", text)
    assert "power_curve(" in text
