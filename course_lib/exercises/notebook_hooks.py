"""No traceback in the normal flow of a notebook: "not answered yet" instead.

A released answer cell holds ``raise NotImplementedError()`` until the learner answers it,
and a later cell that uses the answer's name then raises ``NameError``. Both are the normal
state of a fresh notebook, not bugs, so in a learner's kernel they are shown as a short grey
"not answered yet" box (and the same words as plain text, which is what nbgrader's Validate
and a terminal show) instead of a traceback. The cell still counts as failed, so an
unanswered exercise scores 0; the release notebooks' code cells carry the
``raises-exception`` tag, so Run All goes on to the next question.

Only the errors of that normal flow are shown this way: a ``NameError`` raised by a cell's
own code, a ``NotImplementedError`` raised by a cell or by a function written in a cell (an
unwritten answer that a later cell calls). Any other error -- a ``NameError`` inside the
learner's function, anything raised in a library -- keeps its traceback: that one is worth
reading. The
hook is installed when :mod:`course_lib.exercises` is imported in an IPython kernel, never
in a grading kernel.

Examples
--------
>>> message_for(NameError("name 'best_model' is not defined", name="best_model")).title
'best_model is not defined yet'
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import Any

from course_lib.exercises.collect import grading_dir
from course_lib.exercises.report import Report, in_ipython, show

__all__ = ["install", "message_for"]

_INSTALLED = {"done": False}


def message_for(error: BaseException, function: str | None = None) -> Report:
    """The "not answered yet" report of an error of the normal flow (see the module).

    ``function`` names the learner's unwritten function that raised, if the cell called one.
    """
    if isinstance(error, NameError):
        found = re.search(r"'([^']+)'", str(error))
        name = getattr(error, "name", None) or (found.group(1) if found else "a name")
        return Report("todo", f"{name} is not defined yet", body=(
            f"`{name}` is set by a cell above: an exercise not answered yet, or a cell not "
            "run yet. Answer it (or run it), then run this cell again."))
    if function:
        return Report("todo", f"{function} is not written yet", body=(
            f"This cell uses `{function}`, an exercise above that is not answered yet. "
            "Write it, run its cell, then run this one again."))
    return Report("todo", "not answered yet", body=(
        "Replace `raise NotImplementedError()` in this cell with your answer, then run it "
        "and the check below it."))


def _in_cell(frame_code: Any) -> bool:
    name = frame_code.co_filename
    return name.startswith("<ipython-input") or "ipykernel_" in name


def _frames(tb: TracebackType | None) -> list[Any]:
    codes: list[Any] = []
    while tb is not None:
        codes.append(tb.tb_frame.f_code)
        tb = tb.tb_next
    return codes


def _normal_flow(error: BaseException, tb: TracebackType | None) -> Report | None:
    """The report for an error of a fresh notebook's normal flow, or ``None``.

    A ``NameError`` raised by the cell's own code (its only notebook frame is the cell's);
    a ``NotImplementedError`` raised in a cell's code (the cell itself, or an unwritten
    answer function it called, directly or through a library).
    """
    codes = _frames(tb)
    in_cells = [c for c in codes if _in_cell(c)]
    if not in_cells or not _in_cell(codes[-1]):
        return None
    if isinstance(error, NameError):
        return message_for(error) if len(in_cells) == 1 else None
    innermost = codes[-1].co_name
    return message_for(error, None if innermost == "<module>" else innermost)


def _handler(shell: Any, etype: type[BaseException], value: BaseException,
             tb: TracebackType | None, tb_offset: int | None = None) -> list[str]:
    report = _normal_flow(value, tb)
    if report is not None:
        show(report)
        stb = report.text().splitlines()
    else:
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    if _SHOWS_ITSELF:
        shell._showtraceback(etype, value, stb)  # noqa: SLF001 - IPython >= 9 leaves it to us
    return stb


def _ipython_major() -> int:
    try:
        import IPython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return 0
    return int(IPython.__version__.split(".")[0])


#: IPython 9 no longer shows what a custom exception handler returns; 8 does
_SHOWS_ITSELF = _ipython_major() >= 9


def install() -> bool:
    """Install the hook in the running IPython kernel (once); whether it is installed."""
    if _INSTALLED["done"]:
        return True
    if not in_ipython() or grading_dir() is not None:
        return False
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or shell.custom_exceptions:  # someone else's hook: leave it alone
        return False
    shell.set_custom_exc((NotImplementedError, NameError), _handler)
    _INSTALLED["done"] = True
    return True
