"""The learner's workspace file: progress and the course-wide learner id survive anything."""

from __future__ import annotations

import json

import pytest

from course_lib.exercises import check, hint, learner_id, set_learner_id
from course_lib.exercises.progress import progress_table
from course_lib.exercises.workspace import load, record, state_file


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBOOK_STATE", str(tmp_path))
    return tmp_path


def test_checks_and_hints_are_counted_per_exercise(workspace, capsys):
    def precision(y_true, y_pred):
        tp = sum(t == p == 1 for t, p in zip(y_true, y_pred, strict=True))
        flagged = sum(y_pred)
        return tp / flagged if flagged else 0.0

    check("w1_02_precision", precision)
    hint("w1_02_recall")
    entry = load()["exercises"]
    assert entry["w1_02_precision"]["checked"] == 1 and entry["w1_02_precision"]["passed"]
    assert entry["w1_02_recall"]["hints"] == 1 and not entry["w1_02_recall"]["passed"]
    table = progress_table()
    assert table.loc["week1/02", ["checked", "passed", "hints"]].tolist() == [1, 1, 1]
    from course_lib.manifest import course

    assert int(table["exercises"].sum()) == len(course().exercise_ids)


def test_a_pass_stays_a_pass_after_a_later_failure(workspace):
    record("w1_02_f1_score", checked=True, passed=True)
    record("w1_02_f1_score", checked=True, passed=False)
    assert load()["exercises"]["w1_02_f1_score"] == {
        **load()["exercises"]["w1_02_f1_score"], "checked": 2, "passed": True}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"exercises": [1]}',
                                     '{"exercises": {"w1_02_x": 3}}', "\udcff"])
def test_a_corrupt_file_is_set_aside_with_a_message(workspace, capsys, content):
    path = state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    record("w1_02_precision", checked=True, passed=False)
    assert "could not be read" in capsys.readouterr().out
    assert list(path.parent.glob("progress.json.corrupt-*"))
    assert json.loads(path.read_text())["exercises"]["w1_02_precision"]["checked"] == 1


def test_the_learner_id_is_set_once_for_the_course(workspace):
    assert learner_id() == ""
    set_learner_id("  ada.lovelace ")
    assert learner_id() == "ada.lovelace"
    with pytest.raises(TypeError, match="string"):
        set_learner_id(42)
    with pytest.raises(ValueError, match="1 to 200"):
        set_learner_id("   ")


def test_the_file_sits_in_the_workspace_found_from_a_notebook_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("WORKBOOK_STATE", raising=False)
    (tmp_path / "week1").mkdir()
    (tmp_path / "00_start_here.ipynb").write_text("{}")
    monkeypatch.chdir(tmp_path / "week1")
    assert state_file() == tmp_path / ".workbook" / "progress.json"


def test_nothing_is_recorded_in_a_grading_kernel(workspace, monkeypatch, tmp_path):
    from course_lib.contract import GRADING_DIR

    (tmp_path / "io").mkdir()
    monkeypatch.setenv(GRADING_DIR, str(tmp_path / "io"))
    record("w1_02_precision", checked=True, passed=True)
    assert not state_file().exists()
