"""Notice an answer that simply calls the course's own answer to the exercise.

Every exercise is graded against a reference implementation that ships with the course
(``course_lib.metrics.precision`` for the precision exercise, ...), so a learner could
"answer" with ``from course_lib.metrics import precision``. While ``check`` and ``grade``
run the learner's function, :func:`guarded` swaps the reference's code for a tripwire:

- a call that comes from the learner's code (a notebook cell, or ``check``/``grade``
  themselves when the answer *is* the reference) fails with :class:`UsedReference`, and
  the failure stands even if the learner's code catches the exception;
- a call from inside the course's library (a helper the learner may use that needs the
  reference internally, or a typical-mistake model built on it) runs the real code.

The reference is restored as soon as the learner's function returns. Only plain Python
functions without a closure can be guarded (every reference of this course is one);
anything else is run unguarded. A learner who digs the code object out of the function
beforehand is not stopped: this catches the direct call, not every determined cheat.

Examples
--------
>>> from course_lib.metrics import precision
>>> def answer(y_true, y_pred):
...     return precision(y_true, y_pred)
>>> with guarded(precision) as guard:
...     try:
...         answer([1, 0], [1, 1])
...     except UsedReference:
...         pass
>>> guard.used
True
>>> guard.message
"your function calls course_lib.metrics.precision, the course's own answer to this exercise"
>>> precision([1, 0], [1, 1])  # restored
0.5
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LIBRARY = str(Path(__file__).resolve().parent.parent)  # course_lib/


@functools.lru_cache(maxsize=1)
def _course_code() -> tuple[str, ...]:
    """The folders of the course's own code: course_lib, and the answer key where installed."""
    import importlib.util

    folders = [_LIBRARY]
    spec = importlib.util.find_spec("answer_key")
    if spec is not None and spec.submodule_search_locations:
        folders += [str(Path(p).resolve()) for p in spec.submodule_search_locations]
    return tuple(folders)
#: where ``check`` and ``grade`` call the answer: a call from there is the learner's
_CALL_SITE = str(Path(__file__).resolve().parent / "selfcheck.py")
_active: Guard | None = None


class UsedReference(Exception):
    """The learner's function called the course's reference implementation."""


@dataclass
class Guard:
    """What :func:`guarded` saw: whether the learner's code called the reference."""

    name: str = ""
    original: Callable[..., Any] | None = None
    used: bool = False

    @property
    def message(self) -> str:
        """What to tell the learner when :attr:`used` is true."""
        return f"your function calls {self.name}, the course's own answer to this exercise"

    @property
    def hint(self) -> str:
        """What to do instead."""
        return (f"do not call {self.name}: write the computation yourself (NumPy and "
                "Python's standard library are fine)")


def _tripwire(*args: Any, **kwargs: Any) -> Any:
    # Runs as the reference's code, with the reference module's globals: builtins only.
    return __import__("course_lib.exercises.guard", fromlist=["_tripped"])._tripped(
        args, kwargs)


@functools.lru_cache(maxsize=256)
def _library_file(filename: str) -> bool:
    """True for a file of the course's code other than the call of the answer."""
    if not filename:
        return False
    resolved = str(Path(filename).resolve())
    return resolved.startswith(_course_code()) and resolved != _CALL_SITE


def _tripped(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    guard = _active
    if guard is None or guard.original is None:  # pragma: no cover - cannot happen
        raise UsedReference("the course's reference implementation is not available here")
    caller = sys._getframe(2)  # 0: here, 1: the tripwire, 2: whoever called the reference
    if _library_file(caller.f_code.co_filename):
        return guard.original(*args, **kwargs)
    guard.used = True
    raise UsedReference(guard.message)


def _guardable(function: Any) -> bool:
    return (isinstance(function, types.FunctionType) and not function.__closure__
            and _active is None)


@contextlib.contextmanager
def guarded(reference: Callable[..., Any]) -> Iterator[Guard]:
    """Run the block with ``reference`` replaced by a tripwire; yield its :class:`Guard`.

    Parameters
    ----------
    reference : callable
        The exercise's reference implementation.

    Yields
    ------
    Guard
        Its ``used`` becomes True once the learner's code calls the reference.
    """
    global _active
    if not _guardable(reference):
        yield Guard()
        return
    code = reference.__code__
    original = types.FunctionType(code, reference.__globals__, reference.__name__,
                                  reference.__defaults__, None)
    original.__kwdefaults__ = reference.__kwdefaults__
    guard = Guard(f"{reference.__module__}.{reference.__qualname__}", original)
    _active = guard
    reference.__code__ = _tripwire.__code__
    try:
        yield guard
    finally:
        reference.__code__ = code
        _active = None
