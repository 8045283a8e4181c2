"""A class on a real JupyterHub for the tests: Unix users, the private exchange, the hub.

:func:`hub_class` installs what is missing (:func:`autograder.hub.launcher.install_parts`:
jupyterhub from PyPI, Debian's nodejs/npm, configurable-http-proxy from npm), creates an
instructors' group, an instructor and students as real local Unix users (names with a random
suffix, so runs side by side never meet), the exchange root, and starts the hub on 127.0.0.1;
everything is removed afterwards. The calling test is skipped, with the reason, only where a
part cannot be had (not root, no ``useradd``, nothing to install with).

:func:`as_user` runs a command as one of the users, with their home and the course's
``bin/`` on PATH, as their own single-user server would.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.hub.exchange import prepare_root
from autograder.hub.launcher import Hub, install_parts
from autograder.hub.users import HubClass, create_class, home_of, remove_class

PASSWORD = "hub-test-password"


@dataclass
class HubSetup:
    """Where the test class lives: its folders, users and hub."""

    base: Path
    exchange: Path
    course_dir: Path
    hub: Hub
    people: HubClass
    suffix: str

    def user(self, short: str) -> str:
        """The Unix name of ``short`` (e.g. ``"ada"``)."""
        return f"{short}{self.suffix}"


def unavailable() -> str | None:
    """Why a hub with real users cannot be had here, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "creating Unix users and starting JupyterHub's spawner needs root"
    for command in ("useradd", "userdel", "groupadd", "runuser"):
        if shutil.which(command) is None:
            return f"`{command}` is missing"
    return install_parts(sys.executable)


@contextmanager
def hub_class(students: list[str], instructor: str = "ins") -> Iterator[HubSetup]:
    """A running hub with ``instructor`` and ``students`` (short names); skips if impossible."""
    reason = unavailable()
    if reason:
        pytest.skip(f"no JupyterHub with real users here: {reason}")
    suffix = secrets.token_hex(2)
    base = Path(tempfile.mkdtemp(prefix="course-hub-", dir="/tmp"))
    base.chmod(0o755)  # students reach the exchange through it
    exchange, course_dir = base / "exchange", base / "course"
    course_dir.mkdir(mode=0o700)  # the gradebook holds the hidden tests
    users = {f"{instructor}{suffix}": "instructor"}
    users.update({f"{s}{suffix}": "student" for s in students})
    people = create_class(f"teach{suffix}", users, exchange, course_dir)
    hub = None
    try:
        prepare_root(exchange, people.group)
        hub = Hub(base / "hub", users, PASSWORD).start()
        yield HubSetup(base, exchange, course_dir, hub, people, suffix)
    finally:
        if hub is not None:
            hub.stop()
        remove_class(people)
        shutil.rmtree(base, ignore_errors=True)


def as_user(user: str, *cmd: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` as ``user`` in their home (``runuser``), like their own server would."""
    home = home_of(user)
    env = {"HOME": str(home), "USER": user, "LOGNAME": user,
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"])}
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i",
                           *(f"{k}={v}" for k, v in env.items()), *cmd],
                          cwd=home, capture_output=True, text=True, timeout=timeout)
