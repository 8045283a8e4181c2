"""The learner's screen, in a real browser: the README's ``lab`` command in chromium.

JupyterLab is started as ``python3 workbook.py lab`` starts it (on 127.0.0.1, on a copy of
the learners' notebooks), and Playwright drives Debian's chromium: the start notebook opens
first, with no news pop-up and no empty menu; Run All on a fresh notebook runs every cell and
shows "not answered yet" boxes, never a traceback; a wrong answer then a right one get a red
then a green box; Validate's dialog reads as plain words. Screenshots are saved to
``.screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from helpers import REPO
from helpers.browser import chromium, free_port, screenshot, wait_for_http

sys.path.insert(0, str(REPO))
import workbook  # noqa: E402

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright (the test extra)")

TOKEN = "browser-test-token"
#: the notebook on screen (other open notebooks stay in the page, hidden)
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
NOTEBOOK = "week1/02_single_number_metric.ipynb"
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
RECALL = '''def recall(y_true, y_pred):
    import numpy as np
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    actual = np.sum(y_true == 1)
    return float(np.sum((y_true == 1) & (y_pred == 1)) / actual) if actual else 0.0
'''
F1 = '''def f1_score(y_true, y_pred):
    p, r = precision(y_true, y_pred), recall(y_true, y_pred)
    return 2 * p * r / (p + r) if p + r else 0.0
'''


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    browser_path = chromium()
    root = tmp_path_factory.mktemp("learner")
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    port = free_port()
    cmd, env = workbook.lab_command(Path(sys.executable), [
        "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root / 'notebooks'}",
        f"--LabApp.workspaces_dir={root / 'workspaces'}"])  # a first start: no saved layout
    env["WORKBOOK_STATE"] = str(root / "state")
    # the learner's config, in a folder of its own: what the test changes (the theme) stays here
    env["JUPYTER_CONFIG_DIR"] = str(workbook.write_learner_config(root / "config"))
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for_http(f"{base}/api/status?token={TOKEN}", proc)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, headless=True,
                                    args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/?token={TOKEN}")  # where the README's command sends the browser
        try:
            page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=120_000)
        except playwright.Error:
            screenshot(page, "00_launch_failed")
            raise
        launch = time.monotonic() - started
        yield {"page": page, "base": base, "launch": launch, "root": root}
        browser.close()
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_idle(page, timeout: float = 120) -> None:
    """Wait until the kernel is idle and no cell is queued or running (no ``[*]`` prompt)."""
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => document.body.innerText.includes('| Idle') && "
        f"![...document.querySelectorAll('{PANEL} .jp-InputPrompt')]"
        ".some(p => p.textContent.includes('*'))", timeout=timeout * 1000)


def _wait_all_ran(page, cells: int, timeout: float = 180) -> None:
    """Wait until ``cells`` code cells show an execution count."""
    page.wait_for_function(
        f"n => [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')]"
        ".filter(p => /\\d/.test(p.textContent)).length >= n", arg=cells,
        timeout=timeout * 1000)


def _accept_kernel_dialog(page, seconds: float = 5) -> None:
    """Answer a "Select Kernel" dialog with its default (the course's Python 3), if one shows.

    JupyterLab asks when it restores a page holding several notebooks whose kernels it
    cannot all reconnect at once (a busy machine).
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count():
            dialog.locator("button, jp-button", has_text="Select").last.click()
            page.wait_for_timeout(500)
            return
        page.wait_for_timeout(250)


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def test_the_lab_opens_on_the_start_notebook_without_popups(lab):
    page = lab["page"]
    screenshot(page, "01_start_here")
    assert page.url.endswith("/lab/tree/00_start_here.ipynb")
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").first
    assert "00_start_here" in tab.inner_text()
    assert "Start here" in page.locator(f"{PANEL} .jp-MarkdownCell h1").first.inner_text()
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Nbgrader" not in menus
    assert not page.locator("text=Get notified about").count()
    print(f"launch to a usable notebook: {lab['launch']:.1f} s")


def test_run_all_shows_every_question_without_a_traceback(lab):
    page = lab["page"]
    page.goto(f"{lab['base']}/lab/tree/{NOTEBOOK}?reset&token={TOKEN}")
    try:
        page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
    except playwright.Error:
        screenshot(page, "02_open_failed")
        raise
    _wait_idle(page)  # the kernel has started
    code_cells = sum(c.cell_type == "code" for c in
                     nbformat.read(lab["root"] / "notebooks" / NOTEBOOK, as_version=4).cells)
    started = time.monotonic()
    _menu(page, "Run", "Run All Cells")
    _wait_all_ran(page, code_cells)
    _wait_idle(page)
    print(f"Run All: {time.monotonic() - started:.1f} s")
    screenshot(page, "02_run_all")
    prompts = page.locator(f"{PANEL} .jp-CodeCell .jp-InputPrompt").all_inner_texts()
    assert prompts and all(any(ch.isdigit() for ch in p) for p in prompts), prompts
    outputs = " ".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
    assert "Traceback" not in outputs and "most recent call last" not in outputs
    assert page.locator(f"{PANEL} .course-check-todo").count() >= 7  # every exercise shows its box
    # the plain-text twin of a box is hidden in the learner's lab
    hidden = page.locator(f"{PANEL} .jp-OutputArea-child:has(.course-check-todo) ~ "
                          ".jp-OutputArea-child:has([data-mime-type$=stderr])")
    assert hidden.count() and not hidden.first.is_visible()


def _answer(page, marker: str, source: str) -> None:
    cell = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text=marker).first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")  # run the answer cell
    page.keyboard.press("Shift+Enter")  # and the check under it
    _wait_idle(page)


def test_a_wrong_then_a_right_answer_get_red_then_green(lab):
    page = lab["page"]
    _answer(page, "def precision(", WRONG)
    check_cell = page.locator(f"{PANEL} .jp-CodeCell").filter(
        has_text='check("w1_02_precision"').first
    check_cell.locator(".course-check-fail").wait_for(timeout=30_000)
    text = check_cell.locator(".course-check-fail").inner_text()
    screenshot(page, "03_wrong_answer")
    assert "not yet" in text and "your answer: 1.0 (float)" in text
    _answer(page, "def precision(", RIGHT)
    check_cell.locator(".course-check-pass").wait_for(timeout=30_000)
    screenshot(page, "04_right_answer")
    assert "checks passed" in check_cell.locator(".course-check-pass").inner_text()


def test_validate_reads_as_plain_words(lab):
    page = lab["page"]
    page.keyboard.press("Control+S")
    page.wait_for_timeout(1000)
    changed = page.locator(".jp-Dialog", has_text="File Changed")  # an autosave raced us
    if changed.count():
        changed.locator("button, jp-button", has_text="Overwrite").first.click()
        page.wait_for_timeout(1000)
    started = time.monotonic()
    page.locator(f"{PANEL} .jp-Toolbar").get_by_text("Validate", exact=True).first.click()
    dialog = page.locator(".jp-Dialog", has_text=re.compile("Validat"))
    dialog.wait_for(timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-Dialog')].some("
        "d => d.innerText.includes('Validation Results') || d.innerText.includes('Success'))",
        timeout=120_000)
    print(f"Validate: {time.monotonic() - started:.1f} s")
    screenshot(page, "05_validate")
    text = dialog.inner_text()
    assert "\x1b[" not in text and "Traceback" not in text
    assert "w1_02_recall" in text and "not answered yet" in text


def test_check_boxes_are_readable_in_the_dark_theme(lab):
    page = lab["page"]
    page.keyboard.press("Escape")  # the Validate dialog, if still open
    _menu(page, "Settings", "Theme")
    page.locator(".lm-Menu-itemLabel", has_text="JupyterLab Dark").first.click()
    page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'",
                           timeout=30_000)
    box = page.locator(f"{PANEL} .course-check-pass").first
    box.scroll_into_view_if_needed()
    screenshot(page, "06_dark_theme")
    colour = box.evaluate("e => getComputedStyle(e).color")
    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    assert red + green + blue > 3 * 150, colour  # light text on the dark background


def test_the_threshold_explorer_redraws_when_its_slider_moves(lab):
    page = lab["page"]
    page.keyboard.press("Escape")
    _answer(page, "def recall(", RECALL)  # the explorer runs on the learner's own metrics
    _answer(page, "def f1_score(", F1)
    cell = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="threshold_explorer(data").first
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    _wait_idle(page)
    explorer = cell.locator(".widget-slider").first
    explorer.wait_for(timeout=120_000)
    explorer.scroll_into_view_if_needed()
    image = cell.locator("img").first  # the figure the explorer draws under its slider
    image.wait_for(timeout=60_000)
    readout = explorer.locator(".widget-readout")
    before_value, before_image = readout.inner_text(), image.get_attribute("src")
    explorer.locator(".noUi-handle, .slider-container").first.click()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    while image.get_attribute("src") == before_image and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert image.get_attribute("src") != before_image, "the figure was not redrawn"
    screenshot(page, "07_threshold_explorer")
    assert readout.inner_text() != before_value


def test_the_glossary_links_open_the_notebook_that_teaches_a_term(lab):
    page = lab["page"]
    page.goto(f"{lab['base']}/lab/tree/glossary.ipynb?token={TOKEN}")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
    screenshot(page, "08_glossary")
    page.locator(f"{PANEL} .jp-MarkdownCell a", has_text="week1 · 08").first.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#jp-main-dock-panel .lm-TabBar-tab')]"
        ".some(t => t.innerText.includes('08_avoidable_bias'))", timeout=60_000)


def test_the_week_summary_draws_its_decision_chart(lab):
    page = lab["page"]
    page.goto(f"{lab['base']}/lab/tree/summary_week1.ipynb?token={TOKEN}")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
    _accept_kernel_dialog(page)
    _wait_idle(page)
    cell = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="draw_decision_chart").first
    chart = cell.locator(".jp-OutputArea-output img").first
    for attempt in range(2):  # again if a kernel dialog swallowed the first run
        cell.locator(".cm-content").click()
        page.keyboard.press("Shift+Enter")  # the chart's cell (the others are markdown)
        _accept_kernel_dialog(page, seconds=3)
        try:
            chart.wait_for(timeout=60_000)
            break
        except playwright.Error:
            if attempt:
                screenshot(page, "09_summary_failed")
                raise
    _wait_idle(page)
    chart.scroll_into_view_if_needed()
    screenshot(page, "09_summary_week1")
    width = chart.evaluate("img => img.naturalWidth")
    assert width >= 800, f"the decision chart is {width} px wide: too small to read"
    outputs = " ".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
    assert "Traceback" not in outputs


def test_a_decision_explains_itself_after_a_right_answer(lab):
    from course_lib.exercises.decisions import decision
    from course_lib.exercises.keys import find_key

    page = lab["page"]
    page.goto(f"{lab['base']}/lab/tree/week1/08_avoidable_bias.ipynb?token={TOKEN}")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
    _accept_kernel_dialog(page)
    _wait_idle(page)
    shown = page.locator(f"{PANEL} .jp-OutputArea-output", has_text="a week for one line")
    for attempt in range(2):  # a second Run All if a kernel dialog swallowed the first
        _menu(page, "Run", "Run All Cells")
        _accept_kernel_dialog(page, seconds=3)
        _wait_idle(page)
        try:
            shown.first.wait_for(timeout=45_000)
            break
        except playwright.Error:
            if attempt:
                screenshot(page, "10_decision_failed")
                raise
    right = find_key("w1_08_team_plan").answer(learner="")  # no learner id set in this lab
    wrong = next(x for x in decision("w1_08_team_plan", "").letters if x != right)
    check_cell = page.locator(f"{PANEL} .jp-CodeCell").filter(
        has_text='check("w1_08_team_plan"').first
    _answer(page, "team_plan = ", f'team_plan = "{wrong}"')
    check_cell.locator(".course-check-fail").wait_for(timeout=30_000)
    _answer(page, "team_plan = ", f'team_plan = "{right}"')
    box = check_cell.locator(".course-check-pass")
    box.wait_for(timeout=30_000)
    box.scroll_into_view_if_needed()
    summary = box.locator("summary, details")
    if summary.count():
        summary.first.click()  # the explanation may be folded
    screenshot(page, "10_decision_explained")
    text = box.inner_text()
    assert "right" in text and "Avoidable bias" in text, text
    assert "**" not in text  # the explanation's markdown is rendered, not shown raw


def test_the_strategy_game_plays_through_its_dashboard(lab):
    """A whole game through the widgets: the diagnostic policy's moves on this learner's
    project, each clicked with its parameters set in the page; the budget, the log and the
    ladder update; after shipping the buttons are off, and the printed log, pasted into the
    answer cell, is replayed by the check."""
    from course_lib.exercises.w3_08_strategy_game import game_seed
    from course_lib.game import ACTIONS, diagnostic_policy, play

    page = lab["page"]
    page.goto(f"{lab['base']}/lab/tree/week3/08_strategy_game.ipynb?token={TOKEN}")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
    _accept_kernel_dialog(page)
    _wait_idle(page)
    board = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="Dashboard(game)").last
    button = board.locator(".widget-button", has_text="measure_human_level (")
    for attempt in range(2):  # a second Run All if a kernel dialog swallowed the first
        _menu(page, "Run", "Run All Cells")
        _accept_kernel_dialog(page, seconds=3)
        _wait_idle(page)
        try:
            button.wait_for(timeout=60_000)
            break
        except playwright.Error:
            if attempt:
                screenshot(page, "11_game_failed")
                raise
    status = board.locator(".widget-html", has_text="weeks left").first
    assert "Week 0" in status.inner_text()

    moves = play(diagnostic_policy, game_seed("")).log  # no learner id set in this lab
    for i, move in enumerate(moves):
        name, params = move["action"], move["params"]
        row = board.locator(".widget-hbox").filter(
            has=page.locator(".widget-button", has_text=f"{name} (")).first
        for param in ACTIONS[name].params:
            value = params.get(param.name, param.default)
            control = row.locator(".widget-inline-hbox", has_text=param.name).first
            if param.kind == "choice":
                control.locator("select").select_option(str(value))
            elif param.kind == "int":
                field = control.locator("input")
                field.fill(str(value))
                field.press("Enter")
            else:
                assert value == param.default, "a slider value the test cannot set"
        row.locator(".widget-button", has_text=f"{name} (").click()
        board.locator("table tbody tr").nth(i).wait_for(timeout=30_000)
    board.locator(".widget-html", has_text="(over)").first.wait_for(timeout=30_000)
    board.scroll_into_view_if_needed()
    screenshot(page, "11_game_dashboard")
    assert board.locator("table tbody tr").count() == len(moves)
    assert all(b.is_disabled() for b in board.locator(".widget-button").all())
    assert board.locator(".widget-output img").count()  # the error ladder over time
    assert "Score:" in board.inner_text()  # shipping says how the project ended

    printer = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="played_log_code(game)").first
    printer.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    _wait_idle(page)
    pasted = printer.locator(".jp-OutputArea-output").first.inner_text().strip()
    assert pasted.startswith("played_log = [")
    check_cell = page.locator(f"{PANEL} .jp-CodeCell").filter(
        has_text='check("w3_08_played_game"').first
    _answer(page, "paste what it prints here", pasted)
    check_cell.locator(".course-check-pass").wait_for(timeout=60_000)
    screenshot(page, "12_game_log_checked")
    outputs = " ".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
    assert "Traceback" not in outputs
