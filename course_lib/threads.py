"""Run small numerical work on one CPU thread.

The course's models are small: a logistic regression on 1,797 digits, a network with a
hidden layer of 64 units. For work that size, a multi-threaded BLAS spends more time
handing the work to its threads than doing it, and several notebooks or grading kernels
running side by side on a machine with few cores slow each other down. :func:`one_thread`
limits the BLAS and OpenMP thread pools (through ``threadpoolctl``) while a block runs, and
restores them afterwards; :func:`use_one_thread` limits them for the rest of the session
(the first cell of a notebook that trains small models).

Examples
--------
>>> import numpy as np
>>> with one_thread():
...     product = np.ones((50, 50)) @ np.ones((50, 50))
>>> float(product[0, 0])
50.0
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from course_lib.validation import check_count

__all__ = ["limit_threads", "one_thread", "use_one_thread"]


@contextlib.contextmanager
def limit_threads(threads: int) -> Iterator[None]:
    """Limit the BLAS and OpenMP thread pools to ``threads`` while the block runs.

    Parameters
    ----------
    threads : int
        The number of threads each pool may use (at least 1).

    Examples
    --------
    >>> with limit_threads(2):
    ...     pass
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=check_count(threads, "threads", low=1)):
        yield


def one_thread() -> contextlib.AbstractContextManager[None]:
    """Limit the BLAS and OpenMP thread pools to one thread while the block runs.

    Examples
    --------
    >>> with one_thread():
    ...     pass
    """
    return limit_threads(1)


_SESSION_LIMIT: list[object] = []


def use_one_thread() -> None:
    """Limit the BLAS and OpenMP thread pools to one thread from now on, in this process.

    Call it once at the top of a notebook whose cells train small models.

    Examples
    --------
    >>> use_one_thread()
    """
    from threadpoolctl import threadpool_limits

    _SESSION_LIMIT.append(threadpool_limits(limits=1))
