"""Install and start a class's JupyterHub on 127.0.0.1 (``python3 workbook.py hub``, the tests).

:func:`install_parts` installs what is missing: ``jupyterhub`` from PyPI into the course's
virtual environment, Debian's ``nodejs`` and ``npm`` with apt, and ``configurable-http-proxy``
from npm; it returns why a part cannot be installed, in plain words, or ``None``.
:class:`Hub` writes the hub's config (:mod:`autograder.hub.config`) into a folder of its own,
starts ``jupyterhub`` on free ports and stops it (and every server it spawned).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from autograder.hub.config import write_hub_config

__all__ = ["Hub", "free_port", "install_parts"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], timeout: float = 1200) -> str | None:
    """Run an install command; return why it failed, or None."""
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`{' '.join(cmd)}` failed: {exc}"
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-2:])
        return f"`{' '.join(cmd)}` failed (exit {done.returncode}): {tail}"
    return None


def _apt(*packages: str) -> str | None:
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    if _run(install) is None:
        return None
    return _run(["apt-get", "update"]) or _run(install)


def install_parts(python: str = sys.executable) -> str | None:
    """Install jupyterhub, nodejs/npm and configurable-http-proxy where missing.

    Returns why a part cannot be installed here, or ``None`` when all are there.
    """
    bindir = Path(python).parent
    if not (bindir / "jupyterhub").exists():
        failed = _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                       "jupyterhub>=5,<7"])
        if failed:
            return f"jupyterhub could not be installed from PyPI: {failed}"
    if shutil.which("configurable-http-proxy"):
        return None
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if shutil.which("npm") is None:
        if not root or shutil.which("apt-get") is None:
            return "npm is missing and installing Debian's nodejs and npm needs root and apt-get"
        failed = _apt("nodejs", "npm")
        if failed:
            return f"Debian's nodejs/npm could not be installed: {failed}"
    failed = _run(["npm", "install", "--global", "configurable-http-proxy"])
    if failed:
        return f"configurable-http-proxy could not be installed from npm: {failed}"
    if shutil.which("configurable-http-proxy") is None:
        return "npm installed configurable-http-proxy but it is not on PATH"
    return None


class Hub:
    """A JupyterHub for a class, on 127.0.0.1: :meth:`start`, :attr:`url`, :meth:`stop`.

    Parameters
    ----------
    hub_dir : Path
        The hub's own folder (config, database, cookie secret, log); made 0700.
    users : dict
        Unix user name -> ``"student"`` or ``"instructor"`` (the users must exist).
    password : str
        Everyone's password (JupyterHub's DummyAuthenticator: a demo or a test only).
    port : int, optional
        The public port (a free one by default).
    """

    def __init__(self, hub_dir: Path, users: dict[str, str], password: str,
                 port: int | None = None, python: str = sys.executable) -> None:
        self.hub_dir = Path(hub_dir)
        self.port = port or free_port()
        self.python = python
        self.config = write_hub_config(self.hub_dir, port=self.port, hub_port=free_port(),
                                       proxy_port=free_port(), users=users, password=password,
                                       python=python)
        self.log_path = self.hub_dir / "jupyterhub.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The hub's address, e.g. ``http://127.0.0.1:8000``."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> Hub:
        """Start jupyterhub; return self once its API answers (RuntimeError with its log if not)."""
        bindir = Path(self.python).parent
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(bindir), env.get("PATH", "")])
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(bindir / "jupyterhub"), "-f", str(self.config)], cwd=self.hub_dir,
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited (code {self.process.returncode}):\n"
                                   + self.log_tail())
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s:\n"
                           + self.log_tail())

    def log_tail(self, lines: int = 30) -> str:
        """The end of the hub's log."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the hub; it stops the servers it spawned and its proxy (cleanup_servers)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)  # the hub's own session: itself and its proxy
            self.process.wait(timeout=10)
