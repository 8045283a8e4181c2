"""The grading sandbox: kernels forked there behave like fresh ones, and reach nothing else.

Each test runs small notebooks with nbclient in one sandbox (autograder.sandbox), the way
`course grade` runs them: SandboxKernelManager asks the zygote to fork each kernel, with the
unit's uid, limits and view of the course library.
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest
from helpers.sandbox import bubblewrap_ready
from nbclient import NotebookClient

from autograder.library_view import LIBRARY, build_view
from autograder.sandbox import VIEWS_MOUNT, Sandbox, hidden_packages, probe
from autograder.unit import UnitRun, install_unit
from autograder.zygote import SandboxKernelManager, notebook_imports, preload_list

pytestmark = pytest.mark.slow

CELLS = [
    "import os, resource, sys\nimport numpy as np\nimport pandas as pd\n"
    "import matplotlib.pyplot as plt",
    "print('hello')",
    "pd.DataFrame({'a': [1, 2]})",
    "plt.plot([1, 2, 3]);",
    "import warnings\nwarnings.warn('careful')",
    "print(round(float(np.random.rand()), 12))",
    "print(pd.get_option('display.max_columns'))",
]


#: as root, kernels get a uid of their own; without root (or asked), a user namespace
MODES = ["own uid", "user namespace"] if os.geteuid() == 0 else ["user namespace"]


@pytest.fixture(scope="module", params=MODES)
def box(request, tmp_path_factory):
    bubblewrap_ready()
    root = tmp_path_factory.mktemp("sandbox")
    views = root / "views"
    stubbed = build_view(["w1_02_precision"], views)
    plain = build_view([], views)
    sandbox = Sandbox(root / "state", preload_list(), library=(LIBRARY, views),
                      hidden=hidden_packages(),
                      user_namespace=request.param == "user namespace").start()
    yield {"sandbox": sandbox, "views": {"stubbed": stubbed, "plain": plain}, "root": root}
    sandbox.close()


_UNITS = iter(range(1, 1000))


def run_cells(box, cells, view="plain", limits=None, unit=None):
    """Run ``cells`` in a fresh kernel of a new unit; return the notebook and the unit."""
    sandbox: Sandbox = box["sandbox"]
    number = unit or next(_UNITS)
    uid = sandbox.kernel_uid(1, number)
    folder = sandbox.units / f"unit{number}"
    for sub in ("work", "home", "io/inbox", "io/outbox"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    if sandbox.as_root:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, uid, uid)
        os.chmod(folder, 0o700)
    run = UnitRun(sandbox, folder, uid, {}, limits=limits or {"as": 3000 << 20, "nproc": 200},
                  views={"nb": box["views"][view]}, notebook="nb")
    run.env = run.kernel_env()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(textwrap.dedent(c))
                                         for c in cells])
    install_unit(run)
    try:
        NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                       kernel_manager_class=SandboxKernelManager).execute()
    finally:
        install_unit(None)
        sandbox.sweep(uid)
    return nb, run


def text(nb, index):
    return "".join(o.get("text", "") or o.get("evalue", "") for o in nb.cells[index].outputs)


def _shape(nb):
    shapes = []
    for cell in nb.cells:
        kinds = [(o.output_type, o.get("name"), sorted(o.get("data", {}))) for o in cell.outputs]
        shapes.append([k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]])
    return shapes


def test_probe_says_the_sandbox_works_here():
    bubblewrap_ready()
    status = probe()
    assert status.works, status
    assert "bubblewrap works" in status.summary


def test_forked_kernels_give_the_outputs_of_fresh_ones(box, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)  # a fresh kernel as JupyterLab starts it
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    first, _ = run_cells(box, CELLS)
    second, _ = run_cells(box, CELLS)
    assert _shape(first) == _shape(nb)
    assert _shape(second) == _shape(nb)
    assert text(first, 1) == "hello\n" and "careful" in text(first, 4)
    assert text(first, 5) != text(second, 5)  # each fork re-seeds NumPy from the OS
    assert text(first, 6) == text(nb, 6) == "20\n"  # pandas' kernel default


def test_a_kernel_has_no_privilege_and_its_own_uid(box):
    nb, run = run_cells(box, ["""
        import os
        status = dict(line.split(":", 1) for line in open("/proc/self/status"))
        print(status["CapEff"].strip(), status["NoNewPrivs"].strip(), os.getuid())
    """])
    caps, no_new_privs, uid = text(nb, 0).split()
    assert int(caps, 16) == 0 and no_new_privs == "1"
    assert int(uid) == run.uid
    if box["sandbox"].as_root:
        assert run.uid != 0


def test_a_kernel_sees_its_view_of_the_library_and_no_other(box):
    probe_cells = ["""
        import course_lib.metrics as m
        try:
            m.precision([1, 0], [1, 1])
            print("real")
        except RuntimeError as exc:
            print("stub:", exc)
    """, f"""
        import os
        print(os.path.exists({str(VIEWS_MOUNT)!r}) and os.listdir({str(VIEWS_MOUNT)!r}))
    """, f"""
        try:
            open({str(LIBRARY / "metrics.py")!r}, "a").write("# changed")
            print("written")
        except OSError as exc:
            print(type(exc).__name__)
    """, """
        import importlib.util
        print([importlib.util.find_spec(n) is None for n in ("answer_key", "autograder")])
    """, """
        import os
        seen = []
        for pid in (p for p in os.listdir("/proc") if p.isdigit()):
            try:
                seen += os.listdir(f"/proc/{pid}/root/run/course-views")
            except OSError:
                pass
        print(seen)
    """]
    stubbed, _ = run_cells(box, probe_cells, view="stubbed")
    plain, _ = run_cells(box, probe_cells, view="plain")
    assert text(stubbed, 0).startswith("stub: course_lib.metrics.precision is what an exercise")
    assert text(plain, 0) == "real\n"
    for nb in (stubbed, plain):
        assert text(nb, 1).strip() in ("False", "[]")  # the other views are out of sight
        assert text(nb, 2).strip() == "OSError" or "Error" in text(nb, 2)
        assert text(nb, 3).strip() == "[True, True]"  # neither answer key nor grader
        assert text(nb, 4).strip() == "[]"  # nor the views through another process's root


def test_a_kernel_reaches_neither_the_grader_nor_the_network(box):
    nb, run = run_cells(box, [f"""
        import json, os
        seen = {{}}
        for path in ({str(LIBRARY.parent)!r}, {str(box["root"])!r},
                     {str(box["sandbox"].units)!r}, {str(box["sandbox"].state / "ctl")!r}):
            try:
                seen[path] = sorted(os.listdir(path))
            except OSError as exc:
                seen[path] = type(exc).__name__
        print(json.dumps(seen))
    """, """
        import socket
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=2)
            print("connected")
        except OSError as exc:
            print("no network:", type(exc).__name__)
    """])
    seen = json.loads(text(nb, 0))
    repository = set(seen[str(LIBRARY.parent)])
    assert "course_lib" in repository
    assert not repository & {"answer_key", "autograder", "solutions", "tests", "notebooks"}
    assert seen[str(box["root"])] == ["state"]  # not the views, not anything else
    if box["sandbox"].as_root:  # other units' folders and the zygote's socket are closed
        assert seen[str(box["sandbox"].units)] == "PermissionError"
        assert seen[str(box["sandbox"].state / "ctl")] == "PermissionError"
    assert "no network" in text(nb, 1)


def test_nothing_a_notebook_starts_outlives_it(box):
    nb, run = run_cells(box, ["""
        import subprocess, sys
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"],
                                 start_new_session=True)
        print(child.pid)
    """])
    pid = int(text(nb, 0))
    reply = box["sandbox"].client.request(op="sweep", uid=run.uid)
    assert reply["killed"] == 0  # already swept after the notebook, as course grade does
    check, _ = run_cells(box, [f"""
        import os
        print(os.path.exists("/proc/{pid}"))
    """])
    assert text(check, 0).strip() == "False"


def test_limits_hold_in_a_kernel(box):
    nb, _ = run_cells(box, ["""
        import numpy as np
        try:
            hog = np.ones(600_000_000)
            print("allocated")
        except MemoryError:
            print("MemoryError")
    """], limits={"as": 1500 << 20, "nproc": 50, "fsize": 1 << 20})
    assert text(nb, 0).strip() == "MemoryError"


def test_what_the_zygote_preloads(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import numpy as np\nfrom sklearn.linear_model import Ridge\nfrom . import x\n%time 1"),
        nbformat.v4.new_code_cell("import matplotlib_inline, json\nimport course_lib.metrics")])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    (tmp_path / "broken.ipynb").write_text("{")
    assert notebook_imports([path, tmp_path / "broken.ipynb"]) == \
        ["matplotlib_inline", "json", "course_lib.metrics"]  # the first cell has a magic
    names = preload_list([path])
    assert "ipykernel.kernelapp" in names and "json" in names
    assert "matplotlib_inline" not in names  # hooks into the shell when imported
    assert "course_lib.metrics" not in names  # each kernel imports its own view


def test_a_sandbox_that_cannot_mount_views_refuses_to_start(tmp_path, monkeypatch):
    """Without the capability to mount (a container that refuses it, say), grading stops
    with the reason instead of running kernels that would see the whole library."""
    bubblewrap_ready()
    import autograder.sandbox as sandbox_module

    real = sandbox_module.bwrap_command

    def without_capability(spec, inner):
        args = real(spec, inner)
        at = args.index("CAP_SYS_ADMIN")
        return args[:at - 1] + args[at + 1:]

    monkeypatch.setattr(sandbox_module, "bwrap_command", without_capability)
    views = tmp_path / "views"
    build_view([], views)
    sandbox = Sandbox(tmp_path / "state", ["json"], library=(LIBRARY, views))
    with pytest.raises(RuntimeError, match="view of the course library"):
        sandbox.start()
    assert not sandbox.alive()


def test_a_kernel_cannot_stop_the_zygote(box):
    nb, _ = run_cells(box, ["""
        import os, signal
        for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGSTOP):
            try:
                os.kill(1, sig)
                print("sent")
            except OSError as exc:
                print(type(exc).__name__)
    """])
    assert box["sandbox"].alive()
    after, _ = run_cells(box, ["print('still forking')"])  # the next kernel still starts
    assert text(after, 0) == "still forking\n"


def test_emptying_tmp_between_units_keeps_the_sandboxs_own_folders(tmp_path):
    """The state folder may be bound under /tmp; wiping /tmp must not reach into it."""
    bubblewrap_ready()
    state = Path("/tmp") / f"course-test-{os.getpid()}" / "state"
    sandbox = Sandbox(state, ["json"]).start()
    try:
        marker = sandbox.units / "keep-me"
        marker.mkdir()
        sandbox.wipe()
        assert marker.exists() and (sandbox.state / "ctl").exists()
        assert sandbox.client.request(op="ping")["pid"] == 1
    finally:
        sandbox.close()
        shutil.rmtree(state.parent, ignore_errors=True)
