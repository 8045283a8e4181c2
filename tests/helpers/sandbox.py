"""Bubblewrap for the grading tests: `course grade` runs every kernel in its sandbox.

The tool comes from Debian's ``bubblewrap`` package. When it is missing and this process
may install packages (root, ``apt-get`` present), :func:`install` installs it with
``apt-get install -y bubblewrap`` (after ``apt-get update`` if the first try fails).
:func:`bubblewrap_ready` makes a test fail, with the reason in plain words, where the
sandbox cannot work: grading without it is not what the course promises.
"""

from __future__ import annotations

import pytest

from helpers import apt


def install() -> str | None:
    """Install bubblewrap if it is missing; return why it could not be, or ``None``."""
    return apt.install("bubblewrap", "bwrap")


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
