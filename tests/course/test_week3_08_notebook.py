"""Week 3, notebook 08 (the strategy game): the template, a solution policy that plays well
from its source alone, a pasted log that replays, an unwritten policy that says "not
answered yet", and a solution notebook that runs in seconds."""

from __future__ import annotations

import importlib.util
import textwrap
import time

import pytest
from helpers import SOLUTIONS, read
from nbclient import NotebookClient

from course_lib.contract import BEGIN_SOLUTION, CODE_STUB, END_SOLUTION, answer_cell_id
from course_lib.exercises import CheckFailed, check
from course_lib.exercises.games import game_outcome, policy_source
from course_lib.exercises.registry import get_exercise
from course_lib.exercises.w3_08_strategy_game import game_seed, played_log_code
from course_lib.game import diagnostic_policy, naive_policy, play
from course_lib.manifest import course

NOTEBOOK = SOLUTIONS / "week3" / "08_strategy_game.ipynb"
IDS = ["w3_08_played_game", "w3_08_policy", "w3_08_next_action", "w3_08_rubric"]


def _answer(exercise_id: str, release: bool = False) -> str:
    """An answer cell's source: the solution, or (``release``) what learners get."""
    cell = next(c for c in read(NOTEBOOK).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == answer_cell_id(exercise_id))
    lines, inside = [], False
    for line in cell.source.splitlines():
        if BEGIN_SOLUTION in line:
            inside = True
            if release:  # nbgrader indents the stub like the marker
                lines.append(textwrap.indent(CODE_STUB, line[:len(line) - len(line.lstrip())]))
        elif END_SOLUTION in line:
            inside = False
        elif not inside or not release:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _module(tmp_path, name: str, source: str):
    """``source`` as a module in a file, so that its functions have a source to record."""
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_template_and_the_manifest():
    nb = read(NOTEBOOK)
    assert nb.cells[0].source.startswith(
        "# Week 3 · 08 — Capstone: run a project on a budget (the strategy game)")
    imports = nb.cells[1].source
    assert "use_one_thread()" in imports and "from course_lib.game import" in imports
    assert imports.rstrip().endswith("LEARNER_ID = learner_id()  # set once in 00_start_here; "
                                     "or yours in quotes")
    graded = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    assert graded == [f"test_{i}" for i in IDS]
    assert list(course().notebook("week3/08_strategy_game").exercises) == IDS
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for words in ("## Recap", "Dashboard(game)", 'game.do("collect_target_data", n=5000)',
                  "game.metrics()", "self-contained", "hidden"):
        assert words in prose


def test_the_solution_policy_plays_well_from_its_source_alone(tmp_path):
    module = _module(tmp_path, "solution_policy", _answer("w3_08_policy"))
    record = policy_source(module.policy)
    assert record["imports"] == [] and record["constants"] == []  # self-contained
    exercise = get_exercise("w3_08_policy")
    visible = game_outcome(exercise, module.policy, {})
    hidden = game_outcome(exercise, module.policy, {}, hidden=True)
    assert visible.ok and hidden.ok
    assert visible.credit >= 85 and hidden.credit >= 85, (visible.details, hidden.details)


def test_the_naive_policy_does_not_pass_the_check(tmp_path):
    with pytest.raises(CheckFailed, match="no better than the naive one"):
        check("w3_08_policy", naive_policy)


def test_the_released_policy_is_not_answered_yet(tmp_path):
    module = _module(tmp_path, "released_policy", _answer("w3_08_policy", release=True))
    with pytest.raises(CheckFailed, match="not answered yet"):
        check("w3_08_policy", module.policy)


def test_a_pasted_log_replays_to_the_same_game():
    log = play(diagnostic_policy, game_seed("ada")).log
    namespace: dict = {}
    exec(played_log_code(log), namespace)  # noqa: S102 - what the learner pastes
    assert namespace["played_log"] == log
    check("w3_08_played_game", namespace["played_log"], learner="ada")
    with pytest.raises(CheckFailed, match="not over"):
        check("w3_08_played_game", log[:2], learner="ada")
    with pytest.raises(CheckFailed, match="which game"):
        check("w3_08_played_game", log)


def test_the_decisions_right_options_vary_between_learners():
    from course_lib.exercises.keys import find_key

    for exercise_id in ("w3_08_next_action", "w3_08_rubric"):
        key = find_key(exercise_id)
        right = {key.answer(learner=f"learner-{k}") for k in range(30)}
        assert len(right) >= 2, exercise_id


def test_the_solution_notebook_runs_in_seconds(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STATE", str(tmp_path))
    nb = read(NOTEBOOK)
    start = time.monotonic()
    NotebookClient(nb, timeout=60, allow_errors=True,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    seconds = time.monotonic() - start
    errors = [(i, o.get("ename"), o.get("evalue", "")[:200]) for i, c in enumerate(nb.cells)
              if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert seconds < 20, f"the solution notebook took {seconds:.1f} s"
