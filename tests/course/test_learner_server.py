"""The README's first command: JupyterLab on the learners' notebooks, for a learner.

Started on 127.0.0.1 with no browser; checked through its REST API: it serves notebooks/,
nbgrader's Validate extension works, the instructor-only extensions are off.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import REPO

sys.path.insert(0, str(REPO))
import workbook  # noqa: E402

TOKEN = "workbook-test-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, data: bytes | None = None, timeout: float = 120) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    request.add_header("Authorization", f"token {TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    cmd, env = workbook.lab_command(Path(sys.executable), [
        "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}", "--ServerApp.port_retries=0"])
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if _get(base + "/api/status", timeout=2)[0] == 200:
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None:
            pytest.fail("JupyterLab exited: " + proc.stderr.read()[-2000:])
        time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start within 90 s")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_serves_the_learners_notebooks(server):
    status, body = _get(server + "/api/contents/week1")
    assert status == 200
    names = {item["name"] for item in json.loads(body)["content"]}
    assert "02_single_number_metric.ipynb" in names
    status, body = _get(server + "/api/contents")
    assert {item["name"] for item in json.loads(body)["content"]} >= {"week1"}


def test_instructor_extensions_are_off(server):
    assert _get(server + "/formgrader")[0] == 404
    assert _get(server + "/formgrader/api/assignments")[0] == 404
    assert _get(server + "/courses")[0] == 404
    status, page = _get(server + "/lab")
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page,
                                  re.S).group(1))
    disabled = set(config["disabledExtensions"])
    assert set(workbook.DISABLED_LAB_PLUGINS) <= disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled


def test_validate_button_backend_validates_a_notebook(server):
    status, body = _get(server + "/nbgrader_version?version=0.9.6")
    assert status == 200 and json.loads(body)["success"] is True
    form = urllib.parse.urlencode({"path": "week1/02_single_number_metric.ipynb"}).encode()
    status, body = _get(server + "/assignments/validate", data=form, timeout=180)
    assert status == 200
    reply = json.loads(body)
    assert reply["success"] is True
    result = json.loads(reply["value"]) if isinstance(reply["value"], str) else reply["value"]
    # an untouched release notebook fails its tests: Validate must say so
    assert result.get("failed"), result


def test_validate_keeps_the_server_answering_and_refuses_paths_outside(server):
    import threading

    form = urllib.parse.urlencode({"path": "week1/03_satisficing_optimizing.ipynb"}).encode()
    replies: list[tuple[int, str]] = []
    worker = threading.Thread(target=lambda: replies.append(
        _get(server + "/assignments/validate", data=form, timeout=180)))
    worker.start()
    time.sleep(1.0)  # the validation is running now
    answered_during = []
    while worker.is_alive() and len(answered_during) < 3:
        status, _ = _get(server + "/api/status", timeout=10)
        answered_during.append(status)
        time.sleep(0.2)
    worker.join(timeout=200)
    assert replies and replies[0][0] == 200 and json.loads(replies[0][1])["success"] is True
    assert answered_during and set(answered_during) == {200}, "the server froze during Validate"
    outside = urllib.parse.urlencode({"path": "../README.md"}).encode()
    assert _get(server + "/assignments/validate", data=outside)[0] == 403
