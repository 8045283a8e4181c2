"""Caps on a grading kernel: its address space and its CPU time.

The values come from :mod:`autograder.settings` (``COURSE_MEMORY_LIMIT_MB``,
``COURSE_CPU_LIMIT``). A kernel that passes the memory cap gets ``MemoryError`` (or dies,
when the allocation happens in C); one that passes the CPU cap is killed by the operating
system. Either way the grading report names the reason.
"""

from __future__ import annotations

import resource

from autograder.settings import cpu_limit_seconds, memory_limit_mb

__all__ = ["cap", "cap_from_settings"]


def cap(pid: int, memory_mb: int, cpu_seconds: int) -> None:
    """Cap process ``pid`` (0: this process) at ``memory_mb`` MiB and ``cpu_seconds``.

    A value of 0 leaves that resource alone. The CPU cap is soft at ``cpu_seconds``
    (the process gets SIGXCPU) and hard 5 s later (SIGKILL).

    Raises
    ------
    ProcessLookupError
        If the process has already exited.

    Examples
    --------
    >>> cap(0, 0, 0)  # no cap at all: nothing changes
    """
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds:
        resource.prlimit(pid, resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def cap_from_settings(pid: int) -> None:
    """Cap process ``pid`` with the limits the environment sets (see :mod:`autograder.settings`)."""
    cap(pid, memory_limit_mb(), cpu_limit_seconds())
