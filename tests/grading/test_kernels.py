"""The quick kernel manager runs notebooks exactly like jupyter_client's own."""

from __future__ import annotations

import asyncio
import json
import sys

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from nbclient import NotebookClient

from autograder.kernels import QuickKernelClient, QuickKernelManager, QuickProvisioner

# The first cell prints at once: an output sent before IOPub is subscribed would be lost.
CELLS = ["print('first', flush=True)", "import sys\nprint('err', file=sys.stderr)", "6 * 7",
         "from IPython.display import display\ndisplay({'text/plain': 'shown'}, raw=True)"]


def _run(manager=None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    extra = {"kernel_manager_class": manager} if manager else {}
    NotebookClient(nb, timeout=60, kernel_name="python3", **extra).execute()
    return nb


def _outputs(nb: nbformat.NotebookNode) -> list[dict[str, str]]:
    """Per cell, what matters: the whole text of each stream and each rich output's text.

    A kernel may flush one ``print`` as two stream messages ("err" then "\\n") when the
    machine is busy; the text the learner sees is the same, so it is compared joined.
    """
    found = []
    for cell in nb.cells:
        texts: dict[str, str] = {}
        for o in cell.outputs:
            key = f"stream:{o.name}" if o.output_type == "stream" else o.output_type
            texts[key] = texts.get(key, "") + (o.get("text") or
                                               o.get("data", {}).get("text/plain", ""))
        found.append(texts)
    return found


def test_quick_manager_gives_the_outputs_of_the_stock_one():
    stock = _outputs(_run())
    assert stock[0] == {"stream:stdout": "first\n"}
    for _ in range(4):  # the IOPub race would show as a lost first output, now and then
        assert _outputs(_run(QuickKernelManager)) == stock


def test_quick_manager_uses_the_quick_client_and_provisioner():
    async def start_and_stop():
        km = QuickKernelManager(kernel_name="python3")
        await km.start_kernel()
        try:
            assert isinstance(km.provisioner, QuickProvisioner)
            client = km.client()
            assert isinstance(client, QuickKernelClient)
            client.start_channels()
            await client.wait_for_ready(timeout=30)
            reply = await client.execute_interactive("x = 1", timeout=30)
            assert reply["content"]["status"] == "ok"
            client.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)
        assert not await km.is_alive()

    asyncio.run(start_and_stop())


def _kernelspec(root, name, argv):
    folder = root / "kernels" / name
    folder.mkdir(parents=True)
    spec = {"argv": argv, "display_name": name, "language": "python"}
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(root / "kernels")])


def test_a_kernel_that_dies_at_start_is_reported(tmp_path):
    specs = _kernelspec(tmp_path, "dies", [sys.executable, "-c", "raise SystemExit(3)",
                                           "{connection_file}"])

    async def start():
        km = QuickKernelManager(kernel_name="dies", kernel_spec_manager=specs)
        await km.start_kernel()
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=30)
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    with pytest.raises(RuntimeError, match="died before replying"):
        asyncio.run(start())


def test_a_kernelspec_with_its_own_provisioner_keeps_it():
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    custom = QuickKernelManager(kernel_name="custom")
    custom._kernel_spec = KernelSpec(argv=argv, display_name="custom", language="python",
                                     metadata={"kernel_provisioner": {
                                         "provisioner_name": "someone-elses"}})
    assert custom._custom_provisioner()
    for metadata in ({}, {"kernel_provisioner": {"provisioner_name": "local-provisioner"}}):
        plain = QuickKernelManager(kernel_name="plain")
        plain._kernel_spec = KernelSpec(argv=argv, display_name="plain", language="python",
                                        metadata=metadata)
        assert not plain._custom_provisioner()


def test_new_interpreter_kernels_get_the_memory_and_cpu_caps(monkeypatch):
    monkeypatch.setenv("COURSE_MEMORY_LIMIT_MB", "2500")
    monkeypatch.setenv("COURSE_CPU_LIMIT", "77")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import resource\nprint(resource.getrlimit(resource.RLIMIT_AS),"
        " resource.getrlimit(resource.RLIMIT_CPU))")])
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   kernel_manager_class=QuickKernelManager).execute()
    limit = 2500 * 1024 * 1024
    assert nb.cells[0].outputs[0]["text"] == f"({limit}, {limit}) (77, 82)\n"


def test_a_memory_hog_meets_the_cap_in_a_new_interpreter_kernel(monkeypatch):
    monkeypatch.setenv("COURSE_MEMORY_LIMIT_MB", "1500")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import numpy as np\nhog = []\nwhile True:\n    hog.append(np.ones(50_000_000))")])
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   kernel_manager_class=QuickKernelManager).execute()
    errors = [o for o in nb.cells[0].outputs if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "MemoryError"
