"""nbgrader's ``Execute`` preprocessor, made safe for broken submissions.

Stock nbgrader stops grading a notebook (and reports no score for it) when its kernel dies
(``sys.exit`` is harmless, but ``os._exit``, a segfault, the memory cap or a ``kill`` are
not) or when a cell ignores the interrupt sent at the time limit. :class:`SafeExecute`
turns each of these into an error *output* on the cell where it happened, marks the cells
after it as not run, and lets the rest of nbgrader's pipeline score the notebook: the
test cells that ran keep their points, the others score 0, and the reason is in the
notebook and in the grading log.

It also keeps at most ``max_output_chars`` characters of output per cell while the cell
runs (a flood of ``print`` would otherwise fill the grader's memory); error outputs are
always kept, so a failing test still shows why.
"""

from __future__ import annotations

from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

from autograder.patches import require_pinned
from course_lib.contract import Event

require_pinned("nbgrader", "nbclient")

__all__ = ["OUTPUT_CUT", "SafeExecute"]

OUTPUT_CUT = "[output cut by the grader: more than {limit} characters in this cell]\n"


def _error(event: Event, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=event.value, evalue=evalue,
                        traceback=[f"{event.value}: {evalue}"])


def _size(msg: dict[str, Any]) -> int:
    content = msg.get("content", {})
    if "text" in content:
        return len(content["text"])
    data = content.get("data") or {}
    return sum(len(v) if isinstance(v, str) else len(str(v)) for v in data.values())


class SafeExecute(Execute):
    """``Execute`` that survives dead kernels, stuck cells and output floods."""

    max_output_chars = Integer(
        200_000, help="Characters of output kept per cell while it runs (errors always kept)."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from autograder.zygote import SandboxKernelManager

        # nbgrader's Execute passes kernel_manager_class as an argument, which beats config
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):  # noqa: D102 - nbconvert API
        from autograder.unit import current_unit

        self._stopped: str | None = None
        self._chars: dict[int, int] = {}
        current_unit().notebook = str((resources or {}).get("unique_key") or "")
        try:
            return super().preprocess(nb, resources, km)
        except (DeadKernelError, CellTimeoutError, RuntimeError) as exc:
            if self._stopped is None:
                raise
            # the kernel was already gone when the client shut it down
            self.log.warning("ignored while shutting down a stopped kernel: %s", exc)
            return self.nb, self.resources
        finally:
            run = current_unit()
            run.sandbox.sweep(run.uid)  # nothing the notebook started outlives it

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 - nbconvert API
        if self._stopped is not None:
            if cell.cell_type == "code":
                cell.outputs = [_error(Event.NOT_RUN, f"not run: {self._stopped}")]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop(cell, Event.KERNEL_DIED, "the kernel died while this cell ran (os._exit, a "
                       "crash, a kill, or the memory limit); later cells were not run",
                       "the kernel died in an earlier cell")
        except CellTimeoutError:
            self._stop(cell, Event.CELL_STUCK, "this cell ran past the time limit and did not stop "
                       "when interrupted, so the kernel was killed; later cells were not run",
                       "an earlier cell did not stop at the time limit")
        return cell, resources

    def _stop(self, cell: NotebookNode, event: Event, evalue: str, later: str) -> None:
        self.log.error("%s: %s", event.value, evalue)
        cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"]
        cell.outputs.append(_error(event, evalue))
        self._stopped = later
        self._kill_now()

    def _kill_now(self) -> None:
        """Kill the kernel's process group at once (it may already be gone)."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()

    def output(self, outs, msg, display_id, cell_index):  # noqa: D102 - nbclient API
        if msg.get("msg_type") != "error":
            used = self._chars.get(cell_index, 0)
            if used > self.max_output_chars:
                return None
            used += _size(msg)
            self._chars[cell_index] = used
            if used > self.max_output_chars:
                note = NotebookNode(output_type="stream", name="stdout",
                                    text=OUTPUT_CUT.format(limit=self.max_output_chars))
                outs.append(note)
                return None
        return super().output(outs, msg, display_id, cell_index)
