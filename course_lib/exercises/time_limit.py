"""A time limit on a block of the learner's code, in the kernel that runs it.

Examples
--------
>>> import time
>>> try:
...     with time_limit(0.05):
...         time.sleep(1)
... except OutOfTime:
...     print("stopped")
stopped
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["OutOfTime", "time_limit"]


class OutOfTime(Exception):
    """The block ran longer than its limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` in this thread after ``seconds``.

    Only the main thread can receive the alarm signal; elsewhere the block runs without a
    limit.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise OutOfTime

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
