"""Debian packages the tests need (bubblewrap, chromium), installed on first use.

When a command is missing and this process may install packages (root, ``apt-get``
present), :func:`install` runs ``apt-get install -y PACKAGE`` (after ``apt-get update`` if
the first try fails) and says why it could not, in plain words, otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess


def install(package: str, command: str) -> str | None:
    """Install ``package`` unless ``command`` is on PATH; return why it could not be, or
    ``None`` when the command is there."""
    if shutil.which(command):
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return f"{package} is not installed and installing it needs root (apt-get)"
    if shutil.which("apt-get") is None:
        return f"{package} is not installed and there is no apt-get to install it"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install_cmd = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    failed = None
    for commands in ([install_cmd], [["apt-get", "update"], install_cmd]):
        failed = None
        for cmd in commands:
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1200)
            except (OSError, subprocess.TimeoutExpired) as exc:
                failed = f"`{' '.join(cmd)}` failed: {exc}"
                break
            if done.returncode != 0:
                tail = " ".join(done.stderr.strip().splitlines()[-2:])
                failed = f"`{' '.join(cmd)}` failed (exit {done.returncode}): {tail}"
                break
        if failed is None and shutil.which(command):
            return None
    return failed or f"{package} was installed but `{command}` is not on PATH"
