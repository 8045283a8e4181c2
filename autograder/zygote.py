"""Kernels forked in the grading sandbox, driven by nbgrader's own ``Execute``.

The worker grades one unit (a student's week) at a time. Before it runs nbgrader's
autograde for the unit it installs a :class:`~autograder.unit.UnitRun`: the sandbox, the
unit's folder, the uid and the environment its kernels get. :class:`SandboxKernelManager`
-- nbgrader's ``Execute`` takes it as its kernel manager -- then starts every notebook's
kernel by asking the sandbox's zygote (:mod:`autograder.zygote_server`) to fork one, over
ZeroMQ's IPC transport (sockets in the unit's folder: the sandbox has no network), and
:class:`SandboxedProcess` is the handle jupyter_client polls and signals it through.

:func:`preload_list` chooses what the zygote imports: the kernel's own modules and what the
course's notebooks import.
"""

from __future__ import annotations

import ast
import os
import signal
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from autograder.kernels import QuickKernelManager, QuickProvisioner
from autograder.unit import UnitRun, current_unit

__all__ = ["KERNEL_MODULES", "SandboxKernelManager", "SandboxProvisioner", "SandboxedProcess",
           "notebook_imports", "preload_list"]

#: Always imported by a kernel before any cell runs.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "ipykernel.debugger", "IPython", "jupyter_client.session", "sqlite3", "pdb",
                  "http.server", "xmlrpc.server", "tornado.queues", "tornado.locks")
#: Modules that must not be imported before the kernel's shell exists (they hook into it
#: when they are imported), and the course's own packages: each kernel imports the view of
#: ``course_lib`` its notebook may use (:mod:`autograder.library_view`), never the zygote's.
NEVER_PRELOAD = ("matplotlib_inline", "IPython.display", "ipywidgets", "tqdm", "course_lib",
                 "answer_key", "autograder")


def notebook_imports(notebooks: Iterable[Path]) -> list[str]:
    """The modules imported at the top level of the code cells of ``notebooks``.

    Cells that do not parse (IPython magics, learners' typos) are skipped.

    Examples
    --------
    >>> import nbformat, tempfile
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "import numpy as np\\nfrom sklearn.linear_model import Ridge")])
    >>> path = Path(tempfile.mkdtemp()) / "a.ipynb"
    >>> nbformat.write(nb, str(path))
    >>> notebook_imports([path])
    ['numpy', 'sklearn.linear_model']
    """
    import nbformat

    found: dict[str, None] = {}
    for path in notebooks:
        try:
            nb = nbformat.read(str(path), as_version=4)
        except Exception:  # noqa: BLE001 - a broken notebook simply contributes nothing
            continue
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    found.update({alias.name: None for alias in node.names})
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[node.module] = None
    return list(found)


def preload_list(notebooks: Iterable[Path] = ()) -> list[str]:
    """What the zygote imports: the kernel's modules and what the notebooks import.

    Examples
    --------
    >>> "ipykernel.kernelapp" in preload_list()
    True
    """
    names = [*KERNEL_MODULES, *notebook_imports(notebooks)]
    return [n for n in dict.fromkeys(names)
            if not any(n == bad or n.startswith(bad + ".") for bad in NEVER_PRELOAD)]


class SandboxedProcess:
    """The Popen-like handle jupyter_client expects, for a kernel inside the sandbox."""

    def __init__(self, run: UnitRun, pid: int) -> None:
        self.run = run
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        """None while the kernel runs, else its exit status (-1 when unknown)."""
        if self.returncode is None:
            client = self.run.sandbox.client
            try:
                code = client.request(op="poll", pid=self.pid)["code"] if client else -1
            except RuntimeError:
                code = -1
            self.returncode = code
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Block until the kernel has exited."""
        import subprocess

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            time.sleep(0.01)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group, through the zygote."""
        if self.poll() is not None or self.run.sandbox.client is None:
            return
        try:
            self.run.sandbox.client.request(op="signal", pid=self.pid, sig=int(signum))
        except RuntimeError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _ipykernel_arguments(cmd: Sequence[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` when ``cmd`` starts a Python ipykernel."""
    cmd = list(cmd)
    for i in range(len(cmd) - 1):
        if cmd[i] == "-m" and cmd[i + 1] in ("ipykernel_launcher", "ipykernel"):
            if Path(cmd[0]).name.startswith("python") and i == 1:
                return cmd[i + 2:]
    return None


class SandboxProvisioner(QuickProvisioner):
    """Launch the kernel by asking the sandbox's zygote to fork it."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):  # noqa: D102
        run = current_unit()
        argv = _ipykernel_arguments(cmd)
        if argv is None or run.sandbox.client is None:
            raise RuntimeError("a grading kernel must be a Python ipykernel")
        connection = Path(self.parent.connection_file)
        if run.uid is not None:
            os.chown(connection, run.uid, run.uid)
        view = run.sandbox.view_request(run.views.get(run.notebook))
        pid = run.sandbox.client.request(
            op="fork", argv=argv, env=run.env, cwd=str(run.work), uid=run.uid, gid=run.uid,
            limits=run.limits, log=str(run.folder / "kernels.log"), view=view)["pid"]
        self.process = SandboxedProcess(run, int(pid))  # type: ignore[assignment]
        self.pid = int(pid)
        self.pgid = int(pid)
        self.cwd = str(run.work)
        return self.connection_info

    async def kill(self, restart: bool = False) -> None:  # noqa: D102 - jupyter_client API
        if self.process is not None:
            self.process.kill()

    async def send_signal(self, signum: int) -> None:  # noqa: D102 - jupyter_client API
        if self.process is not None:
            self.process.send_signal(signum)

    async def terminate(self, restart: bool = False) -> None:  # noqa: D102
        if self.process is not None:
            self.process.terminate()


class SandboxKernelManager(QuickKernelManager):
    """A :class:`~autograder.kernels.QuickKernelManager` whose kernels are forked in the
    sandbox of the current unit, reached over IPC sockets in the unit's folder."""

    provisioner_class = SandboxProvisioner

    async def _async_pre_start_kernel(self, **kw: Any):  # noqa: D102 - jupyter_client API
        prefix = current_unit().next_kernel()
        self.transport = "ipc"
        self.ip = str(prefix)
        self.connection_file = f"{prefix}.json"
        return await super()._async_pre_start_kernel(**kw)
