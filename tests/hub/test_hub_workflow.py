"""A week of a class on a real JupyterHub, end to end, with real Unix users.

The instructor releases week1 (``course release``); ada fetches it in her browser (Playwright
+ Debian's chromium: log in, Assignment List, Fetch, answer in the notebook, Submit: her
whole week); bob and cyd fetch and submit with nbgrader's commands run as themselves
(``runuser``), as their servers would, one notebook each: bob twice (a wrong answer, then the
right one), cyd after the due date of ``course.toml``; dan never submits. The instructor
collects, grades with the sandbox on, returns feedback; each student fetches their own
feedback and sees their score (ada in her Assignment List); the
grades CSV and the LMS export hold the expected numbers, the late penalty included; a student
trying to list the inbound folder or read a classmate's submission is refused by the system.
Each phase is timed and the timings printed.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from helpers import REPO
from helpers.browser import chromium, screenshot
from helpers.hub import PASSWORD, as_user, hub_class
from helpers.sandbox import bubblewrap_ready

from autograder.hub.exchange import INBOUND_MODE, SUBMISSION_DIR_MODE, SUBMISSION_FILE_MODE
from autograder.settings import COURSE_ID

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright (the test extra)")

WEEK = "week1"
NOTEBOOK = "02_single_number_metric"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
WRONG = '''def precision(y_true, y_pred):
    """Share of the flagged examples that are positive."""
    return 1.0
'''
RIGHT = '''def precision(y_true, y_pred):
    import numpy as np
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    flagged = np.sum(y_pred == 1)
    return float(np.sum((y_true == 1) & (y_pred == 1)) / flagged) if flagged else 0.0
'''
#: the late policy of the test's course.toml: 20% per started day late, at most 50%
PER_DAY = 0.2
TIMINGS: dict[str, float] = {}


class _Phase:
    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        self.start = time.monotonic()

    def __exit__(self, *exc: object) -> None:
        TIMINGS[self.name] = time.monotonic() - self.start
        print(f"[hub e2e] {self.name}: {TIMINGS[self.name]:.1f} s", flush=True)


def _grade(setup, collected: Path) -> None:
    """``course grade``; once more if the course's source tree was edited meanwhile (the
    command's own advice: in a shared checkout, others may be editing course_lib)."""
    try:
        _course(setup, "grade", str(collected), "-q")
    except AssertionError as exc:
        if "course_lib changed while the class was graded" not in str(exc):
            raise
        print("[hub e2e] course_lib was edited during grading: grading again", flush=True)
        _course(setup, "grade", str(collected), "-q")


def _source(setup) -> Path:
    """The week's source notebooks, copied (only ``NN_name.ipynb``: the course's own)."""
    source = setup.base / "source"
    if not source.exists():
        (source / WEEK).mkdir(parents=True)
        source.chmod(0o700)  # the hidden tests
        for path in (REPO / "solutions" / WEEK).iterdir():
            if re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name) or path.suffix != ".ipynb":
                if path.is_file():
                    shutil.copy2(path, source / WEEK / path.name)
    return source


def _course(setup, *args: str, course_dir: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the instructor's ``course`` command (as root: the sandbox gives kernels own uids)."""
    env = dict(os.environ, COURSE_EXCHANGE=str(setup.exchange))
    where = ["--course-dir", str(setup.course_dir)] if course_dir else []
    if args[0] in ("release", "collect", "grade", "feedback"):
        where += ["--source", str(_source(setup))]
    done = subprocess.run([str(Path(sys.executable).parent / "course"), *args, *where],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=600)
    assert done.returncode == 0, f"course {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done


def _points(setup, exercise_test: str) -> float:
    """The points of a test cell of the week's source notebook (what the course gives)."""
    nb = nbformat.read(_source(setup) / WEEK / f"{NOTEBOOK}.ipynb", as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == exercise_test:
            return float(meta["points"])
    raise AssertionError(f"no {exercise_test} in the source notebook")


def _answer_file(path: Path, source: str) -> None:
    """Write ``source`` into the precision answer cell of a fetched notebook."""
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and "def precision(" in c.source
             and c.metadata.get("nbgrader", {}).get("solution")]
    assert len(cells) == 1
    cells[0].source = source
    nbformat.write(nb, str(path))


def _fetch(setup, short: str) -> None:
    """``nbgrader fetch_assignment`` as that Unix user, as their server's Fetch does."""
    done = as_user(setup.user(short), str(Path(sys.executable).parent / "nbgrader"),
                   "fetch_assignment", WEEK)
    assert done.returncode == 0, done.stderr


def _cli_student(setup, short: str, *steps: str) -> None:
    """For each answer in ``steps``: answer and submit, as that Unix user (after :func:`_fetch`).

    These students did one notebook this week: they submit it alone (the others are
    missing from their submission, and graded as such).
    """
    user = setup.user(short)
    folder = Path(f"/home/{user}") / WEEK
    for path in folder.glob("*.ipynb"):
        if path.stem != NOTEBOOK:
            path.unlink()
    for source in steps:
        _answer_file(folder / f"{NOTEBOOK}.ipynb", source)  # as root: keeps the owner
        done = as_user(user, str(Path(sys.executable).parent / "nbgrader"), "submit", WEEK)
        assert done.returncode == 0, done.stderr
        time.sleep(1.1)  # nbgrader's timestamps: two submissions never share one


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def _assignment_list(page) -> None:
    _menu(page, "Nbgrader", "Assignment List")
    page.locator("#nbgrader-assignment-list").get_by_text("Released assignments").first.wait_for(
        timeout=60_000)


def _browser_student(page, base: str, user: str) -> None:
    """ada, in chromium: log in, fetch in the Assignment List, answer, save, submit."""
    page.goto(f"{base}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    try:
        page.wait_for_selector(".lm-MenuBar-itemLabel", timeout=240_000)  # spawn + lab
    except playwright.Error:
        screenshot(page, "hub_00_spawn_failed")
        raise
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first.click()
    tools = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    assert "Assignment List" in tools
    assert not {"Formgrader", "Formgrader (local)", "Course List"} & set(tools), tools
    _assignment_list(page)
    fetch = page.locator("button", has_text=re.compile(r"^\s*Fetch\s*$")).first
    fetch.wait_for(timeout=60_000)
    screenshot(page, "hub_01_assignment_list")
    fetch.click()
    page.locator("button", has_text=re.compile(r"^\s*Submit\s*$")).first.wait_for(
        timeout=60_000)
    page.goto(f"{base}/user/{user}/lab/tree/{WEEK}/{NOTEBOOK}.ipynb")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=120_000)
    assert page.locator(f"{PANEL} .jp-Toolbar").get_by_text("Validate", exact=True).count()
    cell = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="def precision(").first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(RIGHT)
    page.keyboard.press("Control+S")
    page.wait_for_timeout(1500)
    changed = page.locator(".jp-Dialog", has_text="File Changed")
    if changed.count():
        changed.locator("button, jp-button", has_text="Overwrite").first.click()
        page.wait_for_timeout(1000)
    screenshot(page, "hub_02_answered")
    _assignment_list(page)
    submit = page.locator("button", has_text=re.compile(r"^\s*Submit\s*$")).first
    submit.wait_for(timeout=60_000)
    submit.click()
    page.get_by_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")).first.wait_for(
        timeout=60_000)  # the submission's timestamp in "Submitted assignments"
    screenshot(page, "hub_03_submitted")


def _feedback_score(html: str) -> str:
    """The score nbgrader's feedback page shows at its top (``Score: 1.0 / 8.0``)."""
    text = re.sub(r"<[^>]+>", " ", html)
    match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", text)
    assert match, "the feedback page shows no score"
    return match.group(1)


def test_a_week_on_jupyterhub():
    bubblewrap_ready()
    browser_path = chromium()
    with ExitStack() as stack:
        with _Phase("setup: install, users, hub"):
            setup = stack.enter_context(hub_class(["ada", "bob", "cyd", "dan"]))
        _run_week(setup, browser_path)
    print("[hub e2e] timings: " + json.dumps({k: round(v, 1) for k, v in TIMINGS.items()}))


def _run_week(setup, browser_path: str) -> None:
    ada, bob, cyd, dan = (setup.user(s) for s in ("ada", "bob", "cyd", "dan"))
    course = setup.exchange / COURSE_ID
    with _Phase("course release week1"):
        _course(setup, "release", WEEK)
    released = sorted(p.name for p in (course / "outbound" / WEEK).glob("*.ipynb"))
    assert released == sorted(p.name for p in (_source(setup) / WEEK).glob("*.ipynb"))
    assert len(released) >= 10
    assert (os.stat(course / "inbound").st_mode & 0o7777) == INBOUND_MODE

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, headless=True,
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with _Phase("ada in the browser: log in, fetch, answer, submit (bob, cyd fetch)"):
            fetching = ThreadPoolExecutor(1)  # meanwhile, bob and cyd fetch by nbgrader
            fetched = fetching.submit(lambda: [_fetch(setup, s) for s in ("bob", "cyd")])
            _browser_student(page, setup.hub.url, ada)
            fetched.result()
            fetching.shutdown()
        with _Phase("bob submits twice, by nbgrader as bob"):
            _cli_student(setup, "bob", WRONG, RIGHT)
        due = datetime.now(UTC)
        (setup.course_dir / "course.toml").write_text(
            f'[weeks.{WEEK}]\ndue = "{due.isoformat()}"\n\n'
            f'[late]\npolicy = "per_day"\nper_day = {PER_DAY}\nmax_penalty = 0.5\n')
        time.sleep(1.5)
        with _Phase("cyd submits late, by nbgrader as cyd"):
            _cli_student(setup, "cyd", RIGHT)

        with _Phase("privacy checks as the students"):
            inbound = course / "inbound"
            submissions = {d.name.split("+")[0]: d for d in inbound.iterdir()}
            assert sorted(submissions) == sorted([ada, bob, cyd])  # dan never submitted
            assert len([d for d in inbound.iterdir() if d.name.startswith(f"{bob}+")]) == 2
            for folder in inbound.iterdir():
                assert os.stat(folder).st_mode & 0o7777 & ~0o2000 == \
                    SUBMISSION_DIR_MODE & ~0o2000
                for path in folder.iterdir():
                    assert os.stat(path).st_mode & 0o777 == SUBMISSION_FILE_MODE, path
                    assert os.stat(path).st_gid == os.stat(inbound).st_gid, path
            ada_nb = submissions[ada] / f"{NOTEBOOK}.ipynb"
            for intruder in (bob, dan):
                listing = as_user(intruder, "ls", str(inbound))
                assert listing.returncode != 0 and "Permission denied" in listing.stderr
                reading = as_user(intruder, "cat", str(ada_nb))
                assert reading.returncode != 0 and "Permission denied" in reading.stderr
                secret = as_user(intruder, "cat", str(submissions[ada] / "submission_secret.txt"))
                assert secret.returncode != 0
                tamper = as_user(intruder, "rm", "-rf", str(submissions[ada]))
                assert tamper.returncode != 0 and ada_nb.exists()
            # the owner still reads her own submission; the instructor's group reads all
            assert as_user(ada, "cat", str(ada_nb)).returncode == 0
            assert as_user(setup.user("ins"), "cat", str(ada_nb)).returncode == 0
            assert as_user(setup.user("ins"), "ls", str(inbound)).returncode == 0

        collected = setup.base / "collected"
        with _Phase("course collect"):
            out = _course(setup, "collect", "--exchange", "--week", WEEK, "--to",
                          str(collected), course_dir=False).stdout
        assert sorted(p.name for p in collected.iterdir()) == sorted([ada, bob, cyd]), out
        bob_nb = nbformat.read(collected / bob / WEEK / f"{NOTEBOOK}.ipynb", as_version=4)
        assert any("np.sum((y_true == 1)" in c.source for c in bob_nb.cells)  # his second one

        with _Phase("course grade (sandbox on)"):
            _grade(setup, collected)
        with open(setup.course_dir / "grades.csv", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["week"] == WEEK]
        by = {(r["student_id"], r["notebook"]): r for r in rows}
        right = _points(setup, "test_w1_02_precision")
        for student in (ada, bob, cyd):
            row = by[(student, NOTEBOOK)]
            assert row["status"] == "graded", row
            assert float(row["score"]) == pytest.approx(right), row
            others = [r for (s, n), r in by.items() if s == student and n != NOTEBOOK]
            assert len(others) == len(released) - 1
            assert all(float(r["score"]) == 0 for r in others), student
            assert {r["status"] for r in others} == ({"graded"} if student == ada
                                                     else {"missing"})
        assert float(by[(ada, NOTEBOOK)]["penalty"]) == 0
        assert float(by[(bob, NOTEBOOK)]["penalty"]) == 0
        assert float(by[(cyd, NOTEBOOK)]["penalty"]) == pytest.approx(PER_DAY)
        assert float(by[(cyd, NOTEBOOK)]["final_score"]) == pytest.approx(right * (1 - PER_DAY))

        with _Phase("course roster + course export"):
            roster = setup.base / "roster.csv"
            roster.write_text("student id,name,email\n" + "".join(
                f"{u},{u.title()} Test,{u}@example.org\n" for u in (ada, bob, cyd, dan)))
            _course(setup, "roster", str(roster))
            export = setup.base / "export.csv"
            _course(setup, "export", "--format", "csv", WEEK, "--out", str(export))
        with open(export, newline="") as fh:
            exported = {r["student_id"]: r for r in csv.DictReader(fh)}
        assert float(exported[ada]["score"]) == pytest.approx(right)
        assert float(exported[bob]["score"]) == pytest.approx(right)
        assert float(exported[cyd]["score"]) == pytest.approx(right * (1 - PER_DAY))
        assert exported[dan]["score"] in ("0", "0.0")  # in the roster, never submitted

        with _Phase("course feedback week1"):
            _course(setup, "feedback", WEEK)
        pages = list((course / "feedback").glob("*.html"))
        assert len(pages) == len(released) + 2  # ada's whole week, bob's and cyd's notebook
        assert as_user(bob, "ls", str(course / "feedback")).returncode != 0  # cannot list

        with _Phase("students fetch their feedback"):
            _assignment_list(page)
            page.locator("#refresh_assignments_list").first.click()
            fetch = page.locator("button", has_text="Fetch Feedback").first
            fetch.wait_for(timeout=60_000)
            fetch.click()
            page.get_by_text("(view feedback)").first.wait_for(timeout=60_000)
            screenshot(page, "hub_04_feedback")
            for student in (bob, cyd):
                done = as_user(student, str(Path(sys.executable).parent / "nbgrader"),
                               "fetch_feedback", WEEK)
                assert done.returncode == 0, done.stderr
        browser.close()

    for student, expected in ((ada, right), (bob, right), (cyd, right)):
        fetched = sorted(Path(f"/home/{student}/{WEEK}/feedback").glob(f"*/{NOTEBOOK}.html"))
        assert fetched, f"{student} fetched no feedback for {NOTEBOOK}"
        html = fetched[-1].read_text()
        assert float(_feedback_score(html)) == pytest.approx(expected)
        assert "BEGIN HIDDEN TESTS" not in html
    assert not (Path(f"/home/{dan}") / WEEK).exists()
