"""The learner's JupyterLab: from ``workbook.py lab`` to a usable notebook, in a real browser.

Starts JupyterLab twice, one after the other, on a copy of ``notebooks/``, and times with
Playwright driving Debian's chromium (``/usr/bin/chromium``): the server answering, and the
start notebook rendered in the page.

1. **stock**: ``python -m jupyterlab`` with nbgrader's own Validate extension (what the
   workbook did before: it imports the whole nbgrader package at start);
2. **course**: the README's command as it is now (``workbook.lab_command``: the course's
   Validate extension, which loads nbgrader after start, and no ``rfc3987_syntax`` grammar).

Then, in the course's lab, Run All on week1/02 and Validate, timed the same way.

    .venv/bin/python benchmarks/lab_launch.py [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import workbook  # noqa: E402

TOKEN = "bench"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stock_command(root: Path, port: int) -> tuple[list[str], dict[str, str]]:
    cmd, env = workbook.lab_command(Path(sys.executable), [])
    switches = [f"--ServerApp.jpserver_extensions={name}=False"
                for name in workbook.DISABLED_SERVER_EXTENSIONS
                if not name.endswith("validate_assignment")]
    return ([sys.executable, "-m", "jupyterlab", *switches,
             "--ServerApp.jpserver_extensions=nbgrader.server_extensions.validate_assignment=True",
             f"--LabApp.default_url=/lab/tree/{workbook.START_NOTEBOOK}",
             *_common(root, port)], env)


def _common(root: Path, port: int) -> list[str]:
    return ["--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
            f"--LabApp.workspaces_dir={root.parent / f'ws{port}'}", "--allow-root"]


def _launch(kind: str, root: Path, browser):  # noqa: ANN001, ANN202 - Playwright objects
    port = _port()
    if kind == "stock":
        cmd, env = _stock_command(root, port)
    else:
        cmd, env = workbook.lab_command(Path(sys.executable), _common(root, port)[:-1])
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    server = time.monotonic() - start
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/?token={TOKEN}")
    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=120_000)
    usable = time.monotonic() - start
    return server, usable, proc, base, page


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    root = tmp / "notebooks"
    shutil.copytree(REPO / "notebooks", root)
    figures: dict[str, list[tuple[float, float]]] = {"stock": [], "course": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for _ in range(args.runs):
            for kind in ("stock", "course"):
                server, usable, proc, base, page = _launch(kind, root, browser)
                figures[kind].append((server, usable))
                print(f"  {kind:6s}: server {server:5.1f} s, start notebook usable {usable:5.1f} s",
                      flush=True)
                if kind == "course" and _ == args.runs - 1:
                    page.goto(f"{base}/lab/tree/week1/02_single_number_metric.ipynb?reset")
                    page.wait_for_selector(f"{PANEL} .jp-MarkdownCell h1", timeout=60_000)
                    page.wait_for_function("() => document.body.innerText.includes('| Idle')",
                                           timeout=60_000)
                    started = time.monotonic()
                    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
                    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
                    cells = sum(c["cell_type"] == "code" for c in json.loads(
                        (root / "week1/02_single_number_metric.ipynb").read_text())["cells"])
                    page.wait_for_function(  # every code cell has run: a number in its prompt
                        f"n => [...document.querySelectorAll('{PANEL} .jp-CodeCell "
                        ".jp-InputPrompt')].filter(p => /\\d/.test(p.textContent)).length >= n",
                        arg=cells, timeout=120_000)
                    print(f"  Run All week1/02: {time.monotonic() - started:.1f} s")
                    page.keyboard.press("Control+S")
                    started = time.monotonic()
                    page.locator(f"{PANEL} .jp-Toolbar").get_by_text(
                        "Validate", exact=True).first.click()
                    page.wait_for_selector(".jp-Dialog", timeout=120_000)
                    page.wait_for_function(
                        "() => !document.querySelector('.jp-Dialog').innerText"
                        ".includes('Validating')", timeout=120_000)
                    print(f"  Validate week1/02: {time.monotonic() - started:.1f} s")
                page.close()
                proc.terminate()
                proc.wait(timeout=30)
        browser.close()
    best = {k: min(u for _, u in v) for k, v in figures.items()}
    print(f"\nbest of {args.runs}: stock {best['stock']:.1f} s, course {best['course']:.1f} s "
          f"(stock / course = {best['stock'] / best['course']:.2f})")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
