"""Bubblewrap for the grading tests: `course grade` runs every kernel in its sandbox.

The tool comes from Debian's ``bubblewrap`` package. When it is missing and this process
may install packages (root, ``apt-get`` present), :func:`install` installs it with
``apt-get install -y bubblewrap`` (after ``apt-get update`` if the first try fails).
:func:`bubblewrap_ready` makes a test fail, with the reason in plain words, where the
sandbox cannot work: grading without it is not what the course promises.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def install() -> str | None:
    """Install bubblewrap if it is missing; return why it could not be, or ``None``."""
    if shutil.which("bwrap"):
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "bubblewrap is not installed and installing it needs root (apt-get)"
    if shutil.which("apt-get") is None:
        return "bubblewrap is not installed and there is no apt-get to install it"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install_cmd = ["apt-get", "install", "-y", "-q", "bubblewrap"]
    for commands in ([install_cmd], [["apt-get", "update"], install_cmd]):
        failed = None
        for cmd in commands:
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            except (OSError, subprocess.TimeoutExpired) as exc:
                failed = f"`{' '.join(cmd)}` failed: {exc}"
                break
            if done.returncode != 0:
                tail = " ".join(done.stderr.strip().splitlines()[-2:])
                failed = f"`{' '.join(cmd)}` failed (exit {done.returncode}): {tail}"
                break
        if failed is None and shutil.which("bwrap"):
            return None
    return failed or "bubblewrap was installed but `bwrap` is not on PATH"


def bubblewrap_ready() -> None:
    """Make sure the grading sandbox works here, or fail the calling test saying why."""
    reason = install()
    if reason is not None:
        pytest.fail(f"the grading sandbox needs bubblewrap: {reason}", pytrace=False)
    from autograder.sandbox import probe

    status = probe()
    if not status.works:
        pytest.fail(f"the grading sandbox does not work here: {status.summary} "
                    f"({'; '.join(status.details)})", pytrace=False)
