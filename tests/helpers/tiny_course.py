"""A tiny nbgrader course made by the tests themselves: fast to grade, easy to break.

It grades real exercises of the course, so the grader judges it with the real answer key.
``week1`` has two notebooks. ``01_tiny`` asks for ``precision`` (2 points) and ``recall``
(1 point); ``02_other`` asks for the name of the best classifier by F1 (a value, 1 point).
Each ``variant`` below is a way a real submission goes wrong, applied to ``01_tiny``.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.authoring import code, exercise_tests, notebook, solution, write
from course_lib.contract import answer_cell_id, test_cell_id

COURSE = str(Path(sys.executable).parent / "course")
WEEK = "week1"
TINY, OTHER = "01_tiny", "02_other"
POINTS = {TINY: 3.0, OTHER: 1.0}
PRECISION, RECALL, BEST = "w1_02_precision", "w1_02_recall", "w1_02_best_by_f1"

PRECISION_CODE = """def precision(y_true, y_pred):
    ### BEGIN SOLUTION
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    return float(tp / (tp + fp)) if tp + fp > 0 else 0.0
    ### END SOLUTION"""
RECALL_CODE = """def recall(y_true, y_pred):
    ### BEGIN SOLUTION
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    return float(tp / (tp + fn)) if tp + fn > 0 else 0.0
    ### END SOLUTION"""
#: recall as a learner writes it from the solution, without the markers
RECALL_PLAIN = "\n".join(line for line in RECALL_CODE.splitlines() if "###" not in line)
#: 02_other's solution: the classifier with the best F1, computed as the notebook would
BEST_CODE = """### BEGIN SOLUTION
from course_lib.data import datasets
from course_lib.metrics import f1_score

y_dev = datasets.breast_cancer(seed=0).y_dev
zoo = datasets.classifier_zoo(seed=0)
best_model = max(zoo, key=lambda name: f1_score(y_dev, zoo[name]))
### END SOLUTION"""


BIRDS = "03_birds"
#: the birds notebook: two simulator questions, numbers drawn from the learner id
BIRDS_CELLS = [
    ("code", 'LEARNER_ID = ""  # your learner id'),
    ("code", "from course_lib import check, grade\nfrom course_lib.flight import birds_scenario\n"
             "from course_lib.metrics import pick_best\n\nbirds = birds_scenario(LEARNER_ID)"),
    ("answer", "w1_12_q01", '### BEGIN SOLUTION\nq01 = birds.letter(1, "Optimize accuracy")\n'
                            "### END SOLUTION"),
    ("test", "w1_12_q01", "q01"),
    ("answer", "w1_12_q02", '### BEGIN SOLUTION\nlimits = {"runtime_ms": ("<=", '
                            'birds.data.max_runtime_ms),\n          "memory_mb": ("<=", '
                            'birds.data.max_memory_mb)}\nq02 = pick_best(birds.data.models, '
                            '"accuracy", limits)\n### END SOLUTION'),
    ("test", "w1_12_q02", "q02"),
]


def _birds_notebook():
    cells = []
    for kind, *rest in BIRDS_CELLS:
        if kind == "code":
            cells.append(code(rest[0]))
        elif kind == "answer":
            cells.append(solution(answer_cell_id(rest[0]), rest[1]))
        else:
            exercise_id, name = rest
            cell = exercise_tests(exercise_id, name, points=1)
            cell.source = cell.source.replace(f"{name})", f"{name}, learner=LEARNER_ID)")
            cells.append(cell)
    return notebook(cells)


def make_source(root: Path, birds: bool = False) -> Path:
    """Write the source notebooks to ``root/week1`` (with ``birds``, also ``03_birds``);
    return ``root``."""
    write(notebook([
        code("import numpy as np\nfrom course_lib import check, grade"),
        solution(answer_cell_id(PRECISION), PRECISION_CODE),
        exercise_tests(PRECISION, "precision", points=2),
        solution(answer_cell_id(RECALL), RECALL_CODE),
        exercise_tests(RECALL, "recall", points=1),
    ]), root / WEEK / f"{TINY}.ipynb")
    write(notebook([
        code("from course_lib import check, grade"),
        solution(answer_cell_id(BEST), BEST_CODE),
        exercise_tests(BEST, "best_model", points=1),
    ]), root / WEEK / f"{OTHER}.ipynb")
    if birds:
        write(_birds_notebook(), root / WEEK / f"{BIRDS}.ipynb")
    return root


def _read(source: Path, name: str):
    return nbformat.read(str(source / WEEK / f"{name}.ipynb"), as_version=4)


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _answer(nb, exercise_id: str, body: str):
    _cell(nb, answer_cell_id(exercise_id)).source = body
    return nb


#: variant -> (what it does to 01_tiny, expected status, expected score, words in message)
VARIANTS: dict[str, tuple[str, str, float, str]] = {
    "good": ("the solution", "graded", 3.0, ""),
    "wrong": ("recall is wrong", "graded", 2.0, ""),
    "invalid_json": ("01_tiny is not JSON", "error", 0.0, "not a readable notebook"),
    "missing": ("01_tiny not submitted", "missing", 0.0, "not submitted"),
    "renamed": ("01_tiny saved as 'Copy of 01_tiny.ipynb'", "graded", 3.0, "submitted as"),
    "old_schema": ("nbgrader metadata of schema 1", "graded", 3.0, "schema 1"),
    "deleted_test": ("recall's test cell deleted", "graded", 3.0, "deleted, put back"),
    "deleted_answer": ("recall's answer cell deleted", "graded", 2.0,
                       "answer cell(s) not found, graded as unanswered"),
    "edited_test": ("wrong precision, its test replaced by `pass`", "graded", 1.0,
                    "edited, graded as released"),
    "duplicated": ("precision's test cell duplicated", "graded", 3.0, "duplicated"),
    "inserted": ("cells inserted between the exercises", "graded", 3.0, ""),
    "infinite_loop": ("`while True: pass` in recall's cell", "graded", 2.0, "time limit"),
    "stubborn_loop": ("a loop that swallows KeyboardInterrupt", "graded", 0.0, "interrupt"),
    "memory_hog": ("recall's cell allocates until the memory cap", "graded", 2.0, "memory"),
    "sys_exit": ("sys.exit() in recall's cell", "graded", 2.0, "sys.exit"),
    "killed_kernel": ("recall's cell kills its own kernel", "graded", 2.0, "kernel died"),
    "output_flood": ("recall's cell prints 12 MB", "graded", 3.0, "output"),
}


def make_submission(source: Path, folder: Path, variant: str) -> None:
    """Write one student's ``week1`` folder: ``02_other`` correct, ``01_tiny`` per variant."""
    week = folder / WEEK
    week.mkdir(parents=True, exist_ok=True)
    nbformat.write(_read(source, OTHER), str(week / f"{OTHER}.ipynb"))
    nb = _read(source, TINY)
    target = week / f"{TINY}.ipynb"
    cells = nb.cells
    if variant == "missing":
        return
    if variant == "invalid_json":
        target.write_text('{"cells": [', encoding="utf-8")
        return
    if variant == "wrong":
        _answer(nb, RECALL, "def recall(y_true, y_pred):\n    return -1.0")
    elif variant == "renamed":
        target = week / f"Copy of {TINY}.ipynb"
    elif variant == "old_schema":
        for cell in cells:
            meta = cell.metadata.get("nbgrader")
            if meta:
                meta["schema_version"] = 1
                meta.pop("cell_type", None)
    elif variant == "deleted_test":
        nb.cells = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id")
                    != test_cell_id(RECALL)]
    elif variant == "deleted_answer":
        nb.cells = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id")
                    != answer_cell_id(RECALL)]
    elif variant == "edited_test":
        _answer(nb, PRECISION, "def precision(y_true, y_pred):\n    return -1.0")
        _cell(nb, test_cell_id(PRECISION)).source = "pass"
    elif variant == "duplicated":
        index = cells.index(_cell(nb, test_cell_id(PRECISION)))
        twin = copy.deepcopy(cells[index])
        twin["id"] = "twin"
        cells.insert(index + 1, twin)
    elif variant == "inserted":
        extra = [nbformat.v4.new_code_cell("scratch = [i * i for i in range(10)]", id="ins1"),
                 nbformat.v4.new_markdown_cell("my notes", id="ins2")]
        index = cells.index(_cell(nb, answer_cell_id(RECALL)))
        nb.cells = cells[:index] + extra + cells[index:]
    elif variant == "infinite_loop":
        _answer(nb, RECALL, "while True:\n    pass")
    elif variant == "stubborn_loop":
        _answer(nb, PRECISION, "import time\nwhile True:\n    try:\n"
                "        time.sleep(0.05)\n    except KeyboardInterrupt:\n        pass")
    elif variant == "memory_hog":
        # np.zeros maps pages lazily: without the cap this loop would run until the time limit
        _answer(nb, RECALL, "import numpy as np\nhog = []\nwhile True:\n"
                "    hog.append(np.zeros(50_000_000))")
    elif variant == "sys_exit":
        _answer(nb, RECALL, "import sys\nsys.exit(3)")
    elif variant == "killed_kernel":
        _answer(nb, RECALL, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    elif variant == "output_flood":
        _answer(nb, RECALL, RECALL_PLAIN + "\nfor i in range(3000):\n    print('spam' * 1000)")
    elif variant != "good":
        raise ValueError(f"unknown variant {variant!r}")
    target.write_text(json.dumps(nb), encoding="utf-8")


def grading_env(**extra: str) -> dict[str, str]:
    """The environment `course grade` runs with in the tests: short time and memory limits."""
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    env.update({"COURSE_CELL_TIMEOUT": "6", "COURSE_MEMORY_LIMIT_MB": "1200"}, **extra)
    return env


def run_grade(subs: Path, course: Path, source: Path, *args: str, env=None):
    """Run `course grade`; fail with its output when it does not exit 0."""
    result = subprocess.run(
        [COURSE, "grade", str(subs), "--course-dir", str(course), "--source", str(source),
         *args], capture_output=True, text=True, env=env or grading_env(), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def read_rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The grades CSV by (student, notebook)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {(r["student_id"], r["notebook"]): r for r in csv.DictReader(handle)}
