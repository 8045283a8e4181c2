"""The grader's quick kernels: the course's own, with the caps of :mod:`autograder.limits`.

:mod:`course_lib.exercises.quick_kernels` removes jupyter_client's fixed waits (Validate and
``course validate`` use it too); here the provisioner also sets the memory and CPU caps on
each new kernel process before ``launch_kernel`` returns, so before any cell is sent to it
(``benchmarks/grading.py`` measures what the waits cost).
"""

from __future__ import annotations

from typing import Any

from autograder.limits import cap_from_settings
from autograder.patches import require_pinned
from course_lib.exercises import quick_kernels
from course_lib.exercises.quick_kernels import EXIT_POLL, QuickKernelClient

require_pinned("jupyter_client")

__all__ = ["EXIT_POLL", "QuickKernelClient", "QuickKernelManager", "QuickProvisioner"]


class QuickProvisioner(quick_kernels.QuickProvisioner):
    """A quick provisioner that caps its kernels (:func:`autograder.limits.cap_from_settings`)."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):  # noqa: D102
        info = await super().launch_kernel(cmd, **kwargs)
        try:
            cap_from_settings(self.pid)
        except ProcessLookupError:
            pass  # it died already: wait_for_ready reports that
        return info


class QuickKernelManager(quick_kernels.QuickKernelManager):
    """The course's quick kernel manager whose kernels are capped.

    Examples
    --------
    >>> from nbclient import NotebookClient
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> client = NotebookClient(nb, kernel_manager_class=QuickKernelManager)
    >>> client.execute().cells[0].outputs[0]["data"]["text/plain"]
    '2'
    """

    provisioner_class = QuickProvisioner
