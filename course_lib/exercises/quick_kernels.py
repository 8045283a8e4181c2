"""jupyter_client's kernel manager and client without their fixed waits: the course's quick kernels.

A notebook run (Validate in the learner's lab, ``course validate``, grading) pays three
fixed waits of jupyter_client that do not matter in JupyterLab but add up:

- the client connects before the new kernel has bound its ports, and ZeroMQ retries
  a refused connection only every 100 ms;
- ``wait_for_ready`` ends by reading the IOPub channel until it has been silent for
  0.2 s, so every kernel start costs at least 0.2 s of nothing;
- ``shutdown_kernel`` polls every 0.1 s (twice over: the manager, then the provisioner)
  whether the killed kernel has gone.

:class:`QuickKernelClient` retries its connections every 5 ms and is ready as soon as
the kernel has answered ``kernel_info`` on the shell channel *and* its IOPub messages for
that request have arrived (proof that the IOPub subscription is connected, which is
what the silent period was waiting for); any later stray message is ignored by
nbclient, which reads only the messages answering its own requests.
:class:`QuickProvisioner` and :class:`QuickKernelManager` poll the exiting kernel every
5 ms. nbgrader's ``Execute`` takes :class:`QuickKernelManager` as its
``kernel_manager_class``; the grader's version (:mod:`autograder.kernels`) also caps its
kernels' memory and CPU.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

__all__ = ["EXIT_POLL", "QuickKernelClient", "QuickKernelManager", "QuickProvisioner"]

#: how often a killed kernel is checked for having exited (seconds)
EXIT_POLL = 0.005
#: how long IOPub may stay silent after a ``kernel_info`` reply before it is asked again
IOPUB_WAIT = 0.02
#: ZeroMQ's reconnection interval for the client's sockets (milliseconds)
RECONNECT_MS = 5
_CLIENT = "course_lib.exercises.quick_kernels.QuickKernelClient"


class QuickKernelClient(AsyncKernelClient):
    """An asynchronous kernel client whose ``wait_for_ready`` does not idle."""

    def start_channels(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102
        # The client usually connects before the new kernel has bound its ports; ZeroMQ
        # then retries every 100 ms by default. Retry every few milliseconds instead.
        self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        super().start_channels(*args, **kwargs)

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        asked: set[str] = set()
        while True:
            asked.add(self.kernel_info())
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if (reply is not None and reply["msg_type"] == "kernel_info_reply"
                    and await self._iopub_answered(asked)):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    async def _iopub_answered(self, asked: set[str]) -> bool:
        """Read IOPub until the kernel reports idle after one of ``asked``; False if silent."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=IOPUB_WAIT)
            except Empty:
                return False  # not subscribed yet: the caller asks again
            parent = msg.get("parent_header", {}).get("msg_id")
            if (msg["msg_type"] == "status" and parent in asked
                    and msg["content"].get("execution_state") == "idle"):
                return True

    # AsyncKernelClient binds the public name to the base class's coroutine: rebind it
    wait_for_ready = _async_wait_for_ready


class QuickProvisioner(LocalProvisioner):
    """A local provisioner that notices its kernel's exit within milliseconds."""

    async def wait(self) -> int | None:  # noqa: D102 - jupyter_client API
        if self.process is None:
            return 0
        while await self.poll() is None:
            await asyncio.sleep(EXIT_POLL)
        return await super().wait()


class QuickKernelManager(AsyncKernelManager):
    """``AsyncKernelManager`` with :class:`QuickKernelClient` and :class:`QuickProvisioner`.

    Examples
    --------
    >>> from nbclient import NotebookClient
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    >>> client = NotebookClient(nb, kernel_manager_class=QuickKernelManager)
    >>> client.execute().cells[0].outputs[0]["data"]["text/plain"]
    '2'
    """

    client_class = DottedObjectName(_CLIENT, config=True)
    client_factory = Type(klass=_CLIENT, config=True)
    #: the provisioner made for a kernelspec that does not ask for another one
    provisioner_class: type[LocalProvisioner] = QuickProvisioner

    async def _async_pre_start_kernel(self, **kw: Any):  # noqa: D102 - jupyter_client API
        if self.provisioner is None and not self._custom_provisioner():
            import uuid

            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = self.provisioner_class(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)

    def _custom_provisioner(self) -> bool:
        metadata = getattr(self.kernel_spec, "metadata", None) or {}
        name = metadata.get("kernel_provisioner", {}).get("provisioner_name")
        return bool(name) and name != "local-provisioner"

    async def _async_wait(self, pollinterval: float = EXIT_POLL) -> None:
        await super()._async_wait(pollinterval=pollinterval)
