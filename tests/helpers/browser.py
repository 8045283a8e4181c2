"""A real browser for the learner's-screen tests: Playwright driving Debian's chromium.

Playwright comes from PyPI (the ``test`` extra); it drives the system's chromium
(``/usr/bin/chromium``, Debian package ``chromium``), installed here on first use like
bubblewrap, so no browser is downloaded. Where chromium cannot be installed the calling
test is skipped with the reason.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import REPO, apt

#: where the browser tests save their screenshots (git-ignored)
SCREENSHOTS = REPO / ".screenshots"


def chromium() -> str:
    """The path of chromium, installed if needed; skips the calling test if impossible."""
    reason = apt.install("chromium", "chromium")
    if reason is not None:
        pytest.skip(f"the browser tests need chromium: {reason}")
    path = shutil.which("chromium")
    assert path is not None
    return path


def free_port() -> int:
    """A TCP port free on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> float:
    """Wait until ``url`` answers 200; return the seconds it took (fail if ``proc`` dies)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None:
            pytest.fail(f"the server exited (code {proc.returncode})")
        time.sleep(0.25)
    pytest.fail(f"{url} did not answer within {timeout:.0f} s")


def screenshot(page, name: str) -> Path:  # noqa: ANN001 - a Playwright page
    """Save a full-page screenshot as ``.screenshots/<name>.png``; return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
