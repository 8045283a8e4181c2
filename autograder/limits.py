"""Caps on a grading kernel: its address space and its CPU time.

Both come from the environment, so an instructor can change them without code:
``COURSE_MEMORY_LIMIT_MB`` (default 4096 MiB, counting the libraries a kernel has
loaded; 0: no cap) and ``COURSE_CPU_LIMIT`` (default 900 CPU seconds for the whole
notebook; 0: no cap). A kernel that passes the memory cap gets ``MemoryError`` (or
dies, when the allocation happens in C); one that passes the CPU cap is killed by the
operating system. Either way the grading report names the reason.
"""

from __future__ import annotations

import os
import resource

DEFAULT_MEMORY_MB = 4096
DEFAULT_CPU_SECONDS = 900


def memory_limit_mb() -> int:
    """Address-space cap of one grading kernel in MiB (``$COURSE_MEMORY_LIMIT_MB``; 0: none).

    Examples
    --------
    >>> memory_limit_mb() >= 0
    True
    """
    return _positive_env("COURSE_MEMORY_LIMIT_MB", DEFAULT_MEMORY_MB)


def cpu_limit_seconds() -> int:
    """CPU seconds one grading kernel may use in all (``$COURSE_CPU_LIMIT``; 0: none)."""
    return _positive_env("COURSE_CPU_LIMIT", DEFAULT_CPU_SECONDS)


def _positive_env(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < 0:
        raise ValueError(f"{name} must be 0 (no limit) or positive, got {value}")
    return value


def cap(pid: int, memory_mb: int, cpu_seconds: int) -> None:
    """Cap process ``pid`` (0: this process) at ``memory_mb`` MiB and ``cpu_seconds``.

    A value of 0 leaves that resource alone. The CPU cap is soft at ``cpu_seconds``
    (the process gets SIGXCPU) and hard 5 s later (SIGKILL).

    Raises
    ------
    ProcessLookupError
        If the process has already exited.
    """
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds:
        resource.prlimit(pid, resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
