"""A hostile class graded by `course grade`: no kernel can give itself points or touch grading.

Every student starts from the solution of the tiny course (01_tiny: precision 2 points and
recall 1; 02_other: the best classifier by F1, 1 point; 03_birds: two simulator questions,
1 point each) and changes only what a learner can change -- their answer cells, other
cells, cell metadata, file names -- to attack the grader one way, or to answer honestly in
an unusual way. The whole class is graded once; each test checks the exact rows of some
students, and what the attack could see from inside its kernel (the answer cells' outputs
stay in the autograded notebooks, which only the instructor sees).
"""

from __future__ import annotations

import copy
import csv
import json
import os
import socket
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import pytest
from helpers import REPO
from helpers.tiny_course import (
    BEST,
    BIRDS,
    OTHER,
    PRECISION,
    RECALL,
    RECALL_PLAIN,
    TINY,
    WEEK,
    make_source,
    read_rows,
    run_grade,
)

from autograder.library_view import LIBRARY, library_hash
from autograder.sandbox import BASE_UID
from course_lib.contract import answer_cell_id, test_cell_id

pytestmark = pytest.mark.slow

FULL = {TINY: 3.0, OTHER: 1.0, BIRDS: 2.0}


def _cells(nb, grade_id):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]


def _set_answer(nb, exercise_id, source):
    _cells(nb, answer_cell_id(exercise_id))[0].source = textwrap.dedent(source).strip("\n")


# --- the attacks and the honest oddities: student -> (notebook -> edit), expected scores ----

ATTACKS: dict[str, tuple[dict, dict[str, float], str]] = {}


def attack(name, expected=None, words=""):
    """Register ``edits(notebooks)`` as student ``name``; ``expected`` overrides full marks."""
    def register(function):
        ATTACKS[name] = (function, {**FULL, **(expected or {})}, words)
        return function
    return register


@attack("hook_forger", {TINY: 1.0})
def _(nbs):
    """IPython hooks print passes and publish a numeric result in every later cell."""
    _set_answer(nbs[TINY], PRECISION, """
        from IPython import get_ipython
        ip = get_ipython()
        ip.events.register("pre_run_cell", lambda info: print("✔ w1_02_precision: passed"))
        ip.events.register("post_run_cell",
                           lambda result: ip.display_pub.publish({"text/plain": "2"}))
        precision = None
    """)


@attack("ast_forger", {TINY: 0.0})
def _(nbs):
    """An AST transformer turns every later cell that calls grade() into the number 2."""
    _set_answer(nbs[TINY], PRECISION, """
        import ast
        from IPython import get_ipython

        class Forge(ast.NodeTransformer):
            def visit_Module(self, node):
                if "grade" in ast.dump(node):
                    return ast.parse("2")
                return node

        get_ipython().ast_transformers.append(Forge())
        def precision(y_true, y_pred):
            return -1.0
    """)


@attack("outbox_forger", {TINY: 0.0})
def _(nbs):
    """Write the answers' file directly, then stop the real recording (of every answer)."""
    _set_answer(nbs[TINY], PRECISION, """
        import json, os, pathlib
        import course_lib.exercises.collect as collect
        root = pathlib.Path(os.environ["COURSE_GRADING_DIR"])
        inbox = json.loads((root / "inbox" / "w1_02_precision.json").read_text())
        fake = {"exercise": "w1_02_precision",
                "outputs": [{"float": 0.123456} for _ in inbox["cases"]]}
        (root / "outbox").mkdir(exist_ok=True)
        (root / "outbox" / "w1_02_precision.json").write_text(json.dumps(fake))
        collect.record_answer = lambda *args, **kwargs: 0
        import course_lib.exercises.selfcheck as selfcheck
        selfcheck.record_answer = collect.record_answer
        precision = None
    """)


@attack("judge_patcher", {TINY: 1.0})
def _(nbs):
    """Patch every in-kernel judgement to say "right", and answer wrong."""
    _set_answer(nbs[TINY], PRECISION, """
        import course_lib.exercises.verdicts as verdicts
        import course_lib.exercises.selfcheck as selfcheck
        verdicts.judge = lambda *args, **kwargs: None
        selfcheck.judge = verdicts.judge
        def precision(y_true, y_pred):
            return -1.0
    """)


@attack("key_importer", {OTHER: 0.0})
def _(nbs):
    """Import the answer key, or find it through the public registry."""
    _set_answer(nbs[OTHER], BEST, """
        found = []
        try:
            from answer_key.w1_02_single_number_metric import best_by_f1
            found.append(best_by_f1())
        except Exception as exc:
            print("import:", type(exc).__name__)
        from course_lib.exercises.keys import find_key
        from course_lib.exercises.registry import get_exercise
        key = find_key("w1_02_best_by_f1")
        print("key:", key, "reference:", get_exercise("w1_02_best_by_f1").reference)
        best_model = found[0] if found else (key.answer() if key else "naive Bayes")
    """)


@attack("key_searcher", {OTHER: 0.0})
def _(nbs):
    """Walk the whole filesystem for the answer key, the secret, the gradebook, solutions."""
    _set_answer(nbs[OTHER], BEST, """
        import json, os
        wanted = {"answer_key", "course.secret", "gradebook.db", "solutions", "grades.csv",
                  "autograder", "records", "submitted", "views", "course-views"}
        found = []
        for top, dirs, files in os.walk("/"):
            dirs[:] = [d for d in dirs if not (top == "/" and d in ("proc", "sys", "dev"))]
            found += [os.path.join(top, n) for n in dirs + files if n in wanted]
        print("FOUND " + json.dumps(found))
        best_model = "naive Bayes"
    """)


@attack("scenario_reader", {BIRDS: 1.0})
def _(nbs):
    """Look for the simulator's answers on the scenario object and in memory."""
    _set_answer(nbs[BIRDS], "w1_12_q01", """
        import gc
        hits = [n for n in dir(birds) if "answer" in n or "solution" in n or "explan" in n]
        kinds = sorted({type(o).__name__ for o in gc.get_objects()
                        if "olved" in type(o).__name__ or "Key" == type(o).__name__})
        print("HITS " + repr(hits) + " " + repr(kinds))
        try:
            q01 = birds.answer(1)
        except AttributeError:
            q01 = "Z"
    """)


@attack("lookup_table", {TINY: 1.0})
def _(nbs):
    """Rebuild the hidden cases from the public exercise id, answer from a table."""
    _set_answer(nbs[TINY], PRECISION, """
        from course_lib.exercises.cases import hidden_cases
        from course_lib.exercises.registry import get_exercise
        try:
            cases = hidden_cases(get_exercise("w1_02_precision"), 0)
            table = {repr(c.args): 0.5 for c in cases}
        except Exception as exc:
            print("hidden cases:", type(exc).__name__)
            table = {}
        def precision(y_true, y_pred):
            return table.get(repr((y_true, y_pred)), -1.0)
    """)


@attack("reference_importer", {TINY: 1.0})
def _(nbs):
    _set_answer(nbs[TINY], PRECISION, "from course_lib.metrics import precision")


@attack("code_cloner", {TINY: 1.0})
def _(nbs):
    _set_answer(nbs[TINY], PRECISION, """
        import types
        import course_lib.metrics as m
        precision = types.FunctionType(m.precision.__code__, m.precision.__globals__,
                                       "precision")
    """)


@attack("source_copier", {TINY: 1.0})
def _(nbs):
    _set_answer(nbs[TINY], PRECISION, """
        import importlib.util, inspect, sys
        import course_lib.metrics as m
        namespace = dict(vars(m))
        exec(inspect.getsource(m.precision), namespace)
        candidates = [namespace["precision"]]
        for folder in sys.path:  # any other copy of the library's file
            for path in (__import__("glob").glob(f"{folder}/course_lib/metrics.py")
                         + __import__("glob").glob(f"{folder}/*/course_lib/metrics.py")):
                spec = importlib.util.spec_from_file_location("copy", path)
                module = importlib.util.module_from_spec(spec)
                try:
                    spec.loader.exec_module(module)
                    candidates.append(module.precision)
                except Exception:
                    pass
        def precision(y_true, y_pred):
            for candidate in candidates:
                try:
                    return candidate(y_true, y_pred)
                except Exception:
                    continue
            return -1.0
    """)


@attack("helper_wrapper", {TINY: 1.0})
def _(nbs):
    """Get precision through a library helper that uses it internally."""
    _set_answer(nbs[TINY], PRECISION, """
        from course_lib.exercises.w1_02_single_number_metric import scoreboard
        def precision(y_true, y_pred):
            return float(scoreboard(y_true, {"m": y_pred}).loc["m", "precision"])
    """)


@attack("intruder")
def _(nbs):
    """As the kernel's user, try to reach everything grading owns; then answer honestly."""
    _set_answer(nbs[TINY], RECALL, textwrap.dedent("""
        import json, os, signal, subprocess, sys
        COURSE = os.environ.get("HOSTILE_COURSE", "@COURSE@")
        tries = {}
        def attempt(name, action):
            try:
                result = action()
                tries[name] = "done"
                tries[name + " (result)"] = repr(result)[:300]
            except BaseException as exc:
                tries[name] = type(exc).__name__
        attempt("write gradebook", lambda: open(f"{COURSE}/gradebook.db", "ab").write(b"x"))
        attempt("write grades", lambda: open(f"{COURSE}/grades.csv", "a").write("x,1\\n"))
        attempt("write feedback", lambda: open(f"{COURSE}/feedback/good/x.html", "w"))
        attempt("write library", lambda: open("@LIBRARY@/metrics.py", "a").write("#"))
        units = os.path.dirname(os.path.dirname(os.environ["HOME"]))  # HOME: <unit>/home
        attempt("read units", lambda: os.listdir(units))
        attempt("read classmates", lambda: os.listdir(f"{COURSE}/submitted"))
        attempt("kill zygote", lambda: os.kill(1, signal.SIGKILL))
        attempt("connect host", lambda: __import__("socket").create_connection(
            ("127.0.0.1", @PORT@), timeout=2))
        # a detached grandchild that would edit the grades after the command ends
        code = ("import time, os; time.sleep(4); "
                f"open('{COURSE}/grades.csv', 'a').write('late,1\\\\n')")
        child = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
        tries["detached"] = child.pid
        tries["cwd"] = os.getcwd()
        print("TRIES " + json.dumps(tries))
    """) + RECALL_PLAIN)


@attack("forker", {TINY: 2.0})
def _(nbs):
    """Start hundreds of processes (the process limit stops it), leave them running."""
    _set_answer(nbs[TINY], RECALL, """
        import subprocess
        started = 0
        try:
            for _ in range(400):
                subprocess.Popen(["sleep", "600"])
                started += 1
        except OSError as exc:
            print("STOPPED", started, type(exc).__name__)
        raise SystemExit("no recall here")
    """)


@attack("noisy_honest")
def _(nbs):
    """Right answers that print 5 KB per call, warn, time themselves and return numpy
    scalars; comments that quote the grading markers."""
    _set_answer(nbs[TINY], PRECISION, """
        # ### BEGIN HIDDEN TESTS  (a learner's note: grade("w1_02_precision", precision))
        # ### END HIDDEN TESTS
        import warnings
        import numpy as np
        def precision(y_true, y_pred):
            print("x" * 5000)
            warnings.warn("just a warning")
            y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
            tp = np.sum((y_true == 1) & (y_pred == 1))
            fp = np.sum((y_true == 0) & (y_pred == 1))
            return np.float64(tp / (tp + fp)) if tp + fp > 0 else np.float64(0.0)
        %time precision([1, 0], [1, 1])
    """)
    _set_answer(nbs[OTHER], BEST, """
        import numpy as np
        best_model = np.str_("logistic regression")  # worked out by hand
    """)
    nbs[TINY].cells.append(nbformat.v4.new_markdown_cell(
        "My notes: the test cell runs `grade(\"w1_02_recall\", recall)` inside "
        "### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS."))


@attack("metadata_tamperer", words="found by their cell id")
def _(nbs):
    """Rename an answer's grade id, demote a test cell, add a graded cell worth 100."""
    nb = nbs[TINY]
    _cells(nb, answer_cell_id(RECALL))[0].metadata["nbgrader"]["grade_id"] = "mine"
    _cells(nb, test_cell_id(PRECISION))[0].metadata["nbgrader"].update(grade=False, points=0)
    extra = nbformat.v4.new_code_cell("assert True", id="extra")
    extra.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 100,
                                  "locked": False, "schema_version": 3, "solution": False}
    nb.cells.append(extra)


@attack("id_changer", words="graded with 'id_changer'")
def _(nbs):
    """Declare another learner's id in the simulator: graded with the roster's id."""
    cell = next(c for c in nbs[BIRDS].cells if c.source.startswith("LEARNER_ID"))
    cell.source = 'LEARNER_ID = "somebody.else"'


ODD_NAMES = ["o'brien", "two words", "zoë", ".dotted", "x" * 200]


# --- the class ------------------------------------------------------------------------------

def _solution_notebooks(source: Path) -> dict:
    return {name: nbformat.read(str(source / WEEK / f"{name}.ipynb"), as_version=4)
            for name in FULL}


def _write(folder: Path, nbs: dict, week: str = WEEK) -> None:
    (folder / week).mkdir(parents=True, exist_ok=True)
    for name, nb in nbs.items():
        nbformat.write(nb, str(folder / week / f"{name}.ipynb"))


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    source = make_source(root / "source", birds=True)
    subs, course = root / "submissions", root / "course"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    connections = []

    def watch():
        while not stop.is_set():
            try:
                connections.append(listener.accept())
            except OSError:
                continue

    stop = threading.Event()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    for name, (edit, _, _) in ATTACKS.items():
        nbs = _solution_notebooks(source)
        edit(nbs)
        for nb in nbs.values():
            for cell in nb.cells:
                cell.source = (cell.source.replace("@COURSE@", str(course))
                               .replace("@LIBRARY@", str(LIBRARY))
                               .replace("@PORT@", str(listener.getsockname()[1])))
        _write(subs / name, nbs)
    for name in ODD_NAMES:
        _write(subs / name, _solution_notebooks(source))
    _write(subs / "capital_week", _solution_notebooks(source), week="Week1")
    linked = subs / "linker" / WEEK
    _write(subs / "linker", _solution_notebooks(source))
    (linked / f"{OTHER}.ipynb").unlink()
    (linked / f"{OTHER}.ipynb").symlink_to(source / WEEK / f"{OTHER}.ipynb")

    before = library_hash()
    result = run_grade(subs, course, source, "-j", "2")
    csv_text = (course / "grades.csv").read_text(encoding="utf-8")
    time.sleep(6)  # longer than the detached grandchild of `intruder` would wait
    stop.set()
    watcher.join()
    listener.close()
    return {"course": course, "rows": read_rows(course / "grades.csv"), "result": result,
            "csv_before": csv_text, "library_before": before, "connections": connections}


def _parent_and_name(pid: str) -> tuple[str, str]:
    with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
        stat = handle.read()
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    return stat[stat.rindex(")") + 2:].split()[1], name


def _sandbox_of(pid: str) -> str | None:
    """The command line of the bubblewrap process ``pid`` runs under (None: under none)."""
    seen = 0
    while pid not in ("0", "1") and seen < 64:
        parent, name = _parent_and_name(pid)
        if name == "bwrap":
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                return handle.read().replace(b"\0", b" ").decode(errors="replace")
        pid, seen = parent, seen + 1
    return None


def _kernel_processes(course: Path | None = None) -> list[str]:
    """Processes of the uids grading gives kernels, on the whole machine: those of the
    sandboxes of ``course`` (whose views are bound from it) and any outside every sandbox.
    The sandboxes of other tests running at the same time are not counted."""
    left = []
    for entry in os.listdir("/proc"):
        try:
            if not entry.isdigit() or os.stat(f"/proc/{entry}").st_uid < BASE_UID:
                continue
            sandbox = _sandbox_of(entry)
        except OSError:
            continue
        if sandbox is None or course is None or str(course) in sandbox:
            left.append(entry)
    return left


def _row(graded, student, notebook):
    return graded["rows"][(student, notebook)]


def _answer_output(graded, student, notebook, exercise_id):
    nb = nbformat.read(str(graded["course"] / "autograded" / student / WEEK /
                           f"{notebook}.ipynb"), as_version=4)
    cell = _cells(nb, answer_cell_id(exercise_id))[0]
    return "".join(o.get("text", "") for o in cell.outputs)


@pytest.mark.parametrize("student", list(ATTACKS))
def test_each_submission_gets_exactly_the_points_of_its_answers(graded, student):
    _, expected, words = ATTACKS[student]
    for notebook, score in expected.items():
        row = _row(graded, student, notebook)
        assert row["status"] == "graded", (student, row)
        assert float(row["score"]) == score, (student, notebook, row)
    messages = " ".join(_row(graded, student, n)["message"] for n in expected)
    assert words in messages, (student, messages)


def test_what_the_attacks_saw_from_inside(graded):
    key = _answer_output(graded, "key_importer", OTHER, BEST)
    assert "import: ModuleNotFoundError" in key and "key: None reference: None" in key
    searched = _answer_output(graded, "key_searcher", OTHER, BEST)
    found = json.loads(searched.split("FOUND ", 1)[1].splitlines()[0])
    secret = [p for p in found if "answer_key" in p or "course.secret" in p
              or p.startswith(str(graded["course"])) or p.startswith(str(REPO / "solutions"))
              or p.startswith(str(REPO / "autograder"))]
    assert secret == [], secret
    hits = _answer_output(graded, "scenario_reader", BIRDS, "w1_12_q01")
    assert "HITS [] []" in hits
    table = _answer_output(graded, "lookup_table", TINY, PRECISION)
    assert "hidden cases: KeyUnavailable" in table
    tries = json.loads(_answer_output(graded, "intruder", TINY, RECALL)
                       .split("TRIES ", 1)[1].splitlines()[0])
    assert {k: v for k, v in tries.items() if v == "done"} == {}, tries
    assert tries["cwd"].endswith("/work")
    forks = _answer_output(graded, "forker", TINY, RECALL)
    assert forks.startswith("STOPPED") and int(forks.split()[1]) < 400


def test_nothing_outside_the_sandbox_changed_or_survived(graded):
    assert library_hash() == graded["library_before"]
    assert (graded["course"] / "grades.csv").read_text(encoding="utf-8") == graded["csv_before"]
    assert graded["connections"] == []
    left = _kernel_processes(graded["course"])
    assert left == [], f"processes of kernel uids outlived grading: {left}"
    assert not any(graded["course"].rglob("x.html"))


def test_odd_folder_names_and_week_case_are_graded(graded):
    for student in [*ODD_NAMES, "capital_week"]:
        for notebook, score in FULL.items():
            row = _row(graded, student, notebook)
            assert (row["status"], float(row["score"])) == ("graded", score), (student, row)


def test_a_symlink_is_refused_with_its_reason(graded):
    row = _row(graded, "linker", OTHER)
    assert row["status"] == "missing" and "symbolic link" in row["message"]
    assert float(_row(graded, "linker", TINY)["score"]) == FULL[TINY]


def test_every_student_has_one_row_per_notebook_and_a_feedback_page(graded):
    with open(graded["course"] / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    students = {*ATTACKS, *ODD_NAMES, "capital_week", "linker"}
    keys = [(r["student_id"], r["notebook"]) for r in rows]
    assert len(keys) == len(set(keys)) == len(students) * len(FULL)
    assert {r["student_id"] for r in rows} == students
    pages = list((graded["course"] / "feedback").rglob("*.html"))
    assert len(pages) >= (len(students) - 1) * len(FULL)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "noisy_honest" not in page.parts:  # whose own comment quotes the grade() call
            assert 'grade("w1_02_precision"' not in html  # hidden test lines never shown
        # nor what a kernel printed (only the learner's own code is shown)
        assert "FileNotFoundError" not in html and "HITS [" not in html


def test_feedback_says_what_failed_without_hidden_inputs(graded):
    page = (graded["course"] / "feedback" / "judge_patcher" / WEEK / f"{TINY}.html")
    html = page.read_text(encoding="utf-8")
    assert "w1_02_precision" in html and "checks passed" in html
    assert "inputs:" in html  # a visible case shows its inputs ...
    record = json.loads((graded["course"] / "records" / WEEK / "judge_patcher.json")
                        .read_text(encoding="utf-8"))
    assert record["questions"][test_cell_id(PRECISION)]["failure"]


def test_a_corrupt_gradebook_is_set_aside_and_rebuilt(tmp_path):
    source = make_source(tmp_path / "source")
    subs, course = tmp_path / "subs", tmp_path / "course"
    nbs = {name: nbformat.read(str(source / WEEK / f"{name}.ipynb"), as_version=4)
           for name in (TINY, OTHER)}
    _write(subs / "ann", copy.deepcopy(nbs))
    course.mkdir()
    (course / "gradebook.db").write_bytes(b"this is not a database" * 100)
    result = run_grade(subs, course, source, "-q")
    rows = read_rows(course / "grades.csv")
    assert float(rows[("ann", TINY)]["score"]) == 3.0
    assert "gradebook" in (result.stdout + result.stderr).lower()
    assert any(p.name.startswith("gradebook.db.corrupt") for p in course.iterdir())


def test_a_week_that_runs_too_long_is_stopped_and_recorded(tmp_path):
    source = make_source(tmp_path / "source")
    subs, course = tmp_path / "subs", tmp_path / "course"
    nbs = {name: nbformat.read(str(source / WEEK / f"{name}.ipynb"), as_version=4)
           for name in (TINY, OTHER)}
    slow = "import time\ntime.sleep(5)\n"
    _set_answer(nbs[TINY], PRECISION, slow + "precision = None")
    _set_answer(nbs[TINY], RECALL, slow + RECALL_PLAIN)
    _write(subs / "slowpoke", nbs)
    from helpers.tiny_course import grading_env

    run_grade(subs, course, source, "-q", env=grading_env(COURSE_UNIT_TIMEOUT="7"))
    rows = read_rows(course / "grades.csv")
    assert rows[("slowpoke", TINY)]["status"] in ("graded", "error")
    assert float(rows[("slowpoke", TINY)]["score"]) == 0.0
    assert "COURSE_UNIT_TIMEOUT" in rows[("slowpoke", TINY)]["message"]
    assert ("slowpoke", OTHER) in rows


def test_a_crashed_run_keeps_the_rows_it_finished(tmp_path):
    """The CSV is written after every student: killing the command loses no finished row,
    and the next run completes the class."""
    import signal
    import subprocess

    from helpers.tiny_course import COURSE, grading_env

    source = make_source(tmp_path / "source")
    subs, course = tmp_path / "subs", tmp_path / "course"
    students = [f"s{i}" for i in range(6)]
    for student in students:
        _write(subs / student, {name: nbformat.read(str(source / WEEK / f"{name}.ipynb"),
                                                     as_version=4) for name in (TINY, OTHER)})
    run = subprocess.Popen([COURSE, "grade", str(subs), "--course-dir", str(course), "--source",
                            str(source), "-j", "1", "-q"], env=grading_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)
    csv_path = course / "grades.csv"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if csv_path.exists() and csv_path.read_text().count(",graded,") >= 2:
            break
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    time.sleep(2)
    assert _kernel_processes(course) == []  # the sandboxes died with their workers
    rows = read_rows(csv_path)
    assert {s for s, _ in rows} == set(students)  # every student has rows ...
    statuses = {row["status"] for row in rows.values()}
    assert "graded" in statuses and statuses <= {"graded", "pending"}  # ... none is lost
    graded = {s for (s, _), row in rows.items() if row["status"] == "graded"}
    run_grade(subs, course, source, "-q")
    again = read_rows(csv_path)
    assert all(row["status"] == "graded" for row in again.values())
    for student in graded:
        assert again[(student, TINY)]["score"] == rows[(student, TINY)]["score"]
