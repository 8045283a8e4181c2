"""Week 1, notebooks 08-11: a modelled mistake is met by its own hint first, the hints of
notebook 10 do not hand over the answer, and the "own project" section of notebook 11 runs on
its defaults and on edge cases without raising."""

from __future__ import annotations

import re

import matplotlib
import pytest
from helpers import SOLUTIONS, read

from course_lib.contract import HINT_PREFIX
from course_lib.exercises import CheckFailed, all_exercises, check
from course_lib.exercises.w1_10_surpassing_human_level import PROBLEMS

matplotlib.use("Agg")

EXERCISES = all_exercises()
FUNCTION_MISTAKES = [
    (exercise_id, k)
    for exercise_id, exercise in EXERCISES.items()
    if exercise_id.startswith(("w1_08_", "w1_09_", "w1_10_", "w1_11_"))
    and exercise.kind == "function"
    for k in range(len(exercise.mistakes))
]


def _first_hint(message: str) -> str:
    line = next(line for line in message.splitlines() if line.strip().startswith(HINT_PREFIX))
    return line.strip()[len(HINT_PREFIX):].strip()


@pytest.mark.parametrize(("exercise_id", "index"), FUNCTION_MISTAKES)
def test_a_modelled_mistake_gets_its_own_hint_first(exercise_id, index):
    mistake = EXERCISES[exercise_id].mistakes[index]
    with pytest.raises(CheckFailed) as info:
        check(exercise_id, mistake.wrong)
    assert _first_hint(str(info.value)) == mistake.hint, str(info.value)


def test_a_tie_resolved_the_wrong_way_gets_the_tie_hint():
    """w1_08_focus: '>' instead of '>=' fails only on the tie, and is told about ties."""

    def focus(human, train, dev):
        return "avoidable bias" if train - human > dev - train else "variance"

    with pytest.raises(CheckFailed) as info:
        check("w1_08_focus", focus)
    message = str(info.value)
    assert "two equal gaps" in message
    assert "or:" not in message
    assert "equal" in _first_hint(message) and "larger" not in _first_hint(message)


def test_the_hints_of_machine_territory_point_at_no_row():
    exercise = EXERCISES["w1_10_machine_territory"]
    texts = [*exercise.hints, *(m.hint for m in exercise.mistakes)]
    for text in texts:
        assert not re.search(r"\b(problem|letter|row) [A-J]\b", text), text
        assert "few hundred" not in text, text
        for _, problem, _, n in PROBLEMS:
            assert problem not in text and f"{n:,}" not in text, text
    # the specific hint guides, it does not dictate the code
    assert "`&`" not in exercise.hints[-1]


def _own_project_cell() -> str:
    cells = read(SOLUTIONS / "week1" / "11_improving_model_performance.ipynb").cells
    heading = next(i for i, c in enumerate(cells)
                   if c.cell_type == "markdown" and c.source.startswith("## On your own project"))
    cell = next(c for c in cells[heading + 1:] if c.cell_type == "code")
    assert "nbgrader" not in cell.metadata or not cell.metadata["nbgrader"].get("grade")
    return cell.source


def _run(source: str, **numbers: object) -> dict:
    import matplotlib.pyplot as plt

    from course_lib.strategy import diagnose

    for name, value in numbers.items():
        source, count = re.subn(rf"^{name} = .*$", f"{name} = {value!r}", source, flags=re.M)
        assert count == 1, name
    namespace = {"diagnose": diagnose, "plt": plt}
    exec(compile(source, "own_project", "exec"), namespace)
    plt.close("all")
    return namespace


def test_the_own_project_cell_runs_on_its_defaults(capsys):
    namespace = _run(_own_project_cell())
    out = capsys.readouterr().out
    assert "Focus:" in out and "dev examples" in out
    assert namespace["mine"].focus  # the defaults show a problem worth working on


@pytest.mark.parametrize("numbers", [
    {"MY_TRAIN_ERROR": 0.01, "MY_DEV_ERROR": 0.08},          # past human level, variance clear
    {"MY_TRAIN_ERROR": 0.02, "MY_DEV_ERROR": 0.025},         # past human level, unclear
    {"MY_DEV_ERROR": 0.041, "IMPROVEMENT": 0.05},            # improvement larger than dev error
    {"MY_HUMAN_ERRORS": {"me": 0.04}, "MY_TRAIN_ERROR": 0.04, "MY_DEV_ERROR": 0.04},
    {"MY_DEV_SIZE": 1_000_000},
])
def test_the_own_project_cell_handles_other_numbers(numbers, capsys):
    _run(_own_project_cell(), **numbers)
    out = capsys.readouterr().out
    if numbers.get("MY_TRAIN_ERROR", 1) < 0.03:
        assert "below the best human level" in out
