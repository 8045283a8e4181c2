"""Warm kernels: a pre-imported Python process forks one fresh IPython kernel per notebook.

Most of the time a light notebook takes to grade is spent before its first line runs: a
new interpreter starts, imports IPython and ipykernel, then the notebook imports NumPy,
pandas, matplotlib and scikit-learn. The *zygote* pays that once. It is a single-threaded
process that imports those modules, then waits for requests on its standard input; each
request makes it ``fork()`` a child that becomes an ordinary ipykernel listening on the
connection file jupyter_client wrote. Every child starts from the same clean, freshly
imported state and runs in its own process (a learner's monkeypatching, globals or crash
never reach another learner's kernel), with

- its own session and process group (interrupts and kills reach its subprocesses too),
- an address-space cap (``COURSE_MEMORY_LIMIT_MB``) and a CPU-time cap
  (``COURSE_CPU_LIMIT``) set with ``setrlimit`` before any learner code runs,
- the random generators re-seeded from the OS, as in a new interpreter.

:class:`ForkingKernelManager` plugs this into jupyter_client, so nbgrader's own
``Execute`` preprocessor (``c.Execute.kernel_manager_class``) runs the notebook exactly
as it would with a kernel started from the command line. A kernelspec that is not a
plain Python ipykernel falls back to a normal launch.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from autograder.kernels import QuickKernelManager, QuickProvisioner
from autograder.limits import cap
from autograder.process import THREAD_VARIABLES
from autograder.settings import cpu_limit_seconds, memory_limit_mb

#: Always imported by a kernel before any cell runs.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "ipykernel.debugger", "IPython", "jupyter_client.session", "sqlite3", "pdb",
                  "http.server", "xmlrpc.server", "tornado.queues", "tornado.locks")
#: Modules that must not be imported before the kernel's shell exists (they hook into it
#: when they are imported).
NEVER_PRELOAD = ("matplotlib_inline", "IPython.display", "ipywidgets", "tqdm")
#: Packages whose lazy imports are preloaded too, when the notebooks import them.
LIBRARIES = ("course_lib",)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


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


def library_imports(package: str) -> list[str]:
    """Every module a package's source imports, also inside functions (lazy imports).

    A notebook that calls ``course_lib.data.datasets.breast_cancer()`` imports scikit-learn's
    dataset loaders on first use, in every kernel; the zygote can import them once.

    Examples
    --------
    >>> "json" in library_imports("autograder")
    True
    """
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return []
    found: dict[str, None] = {}
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).rglob("*.py")):
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, OSError):
                continue
            for node in ast.walk(tree):
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
    for package in sorted({n.split(".")[0] for n in names} & set(LIBRARIES)):
        names += library_imports(package)
    kept = [n for n in dict.fromkeys(names)
            if not any(n == bad or n.startswith(bad + ".") for bad in NEVER_PRELOAD)]
    return kept


# --- the zygote process ------------------------------------------------------------------

def _preload(modules: Sequence[str]) -> list[str]:
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # what ipykernel sets before any cell
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - a module that cannot load is loaded by the cell
            continue
    if any(n == "course_lib" or n.startswith("course_lib.") for n in loaded):
        _preload_course_lib()
    return loaded


def _preload_course_lib() -> None:
    """Import every ``course_lib`` submodule and the exercise registry."""
    import pkgutil

    import course_lib

    for info in pkgutil.walk_packages(course_lib.__path__, "course_lib."):
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001, S112 - an optional submodule may need extras
            continue


def _child(request: dict[str, Any], zygote_pid: int) -> None:
    """Become the kernel described by ``request`` (runs in the forked child; never returns)."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        log = os.open(request.get("log") or os.devnull,
                      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.closerange(3, 65536)
        cap(0, int(request.get("memory_mb") or 0), int(request.get("cpu_seconds") or 0))
        env = dict(request.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(zygote_pid)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(request.get("cwd") or os.getcwd())
        _fresh_state()
        from ipykernel.kernelapp import IPKernelApp

        argv = list(request["argv"])
        sys.argv = [request.get("launcher", "ipykernel_launcher"), *argv]
        app = IPKernelApp.instance()
        app.initialize(argv)
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - report anything, then leave without cleanup
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _fresh_state() -> None:
    """Undo what a shared parent leaves behind that a new interpreter would not have."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        # pandas picks this default at import time: 0 in a terminal, 20 inside a kernel.
        pandas.set_option("display.max_columns", 20)


def serve(address: str, preload: Sequence[str]) -> None:
    """Run the zygote: import ``preload``, then fork a kernel for every request.

    Clients connect to the UNIX socket ``address`` and send JSON lines. A request holds
    ``argv`` (the kernel's arguments after ``-m ipykernel_launcher``), ``env``, ``cwd``,
    and optionally ``memory_mb``, ``cpu_seconds`` and ``log``; the reply is
    ``{"pid": <kernel pid>}``. The zygote writes one ``ready`` line on stdout once it has
    imported everything, and exits when its stdin closes (its owner is gone).
    """
    import selectors
    import socket

    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # like ipykernel_launcher; the kernel puts '' back itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    loaded = _preload(preload)
    zygote_pid = os.getpid()
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") \
        else threading.active_count()
    sys.stdout.write(json.dumps({"ready": True, "pid": zygote_pid, "loaded": loaded,
                                 "threads": threads}) + "\n")
    sys.stdout.flush()

    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin, selectors.EVENT_READ, "owner")
    buffers: dict[socket.socket, bytes] = {}
    while True:
        for key, _ in selector.select():
            if key.data == "owner":
                if not sys.stdin.readline():
                    return
                continue
            if key.data == "accept":
                conn, _ = listener.accept()
                buffers[conn] = b""
                selector.register(conn, selectors.EVENT_READ, "client")
                continue
            conn = key.fileobj
            chunk = conn.recv(1 << 20)
            if not chunk:
                selector.unregister(conn)
                conn.close()
                buffers.pop(conn, None)
                continue
            buffers[conn] += chunk
            while b"\n" in buffers[conn]:
                line, buffers[conn] = buffers[conn].split(b"\n", 1)
                conn.sendall((json.dumps(_handle(line, zygote_pid)) + "\n").encode())


def _handle(line: bytes, zygote_pid: int) -> dict[str, Any]:
    try:
        request = json.loads(line)
        argv = list(request["argv"])
    except (ValueError, KeyError, TypeError) as exc:
        return {"error": f"bad request: {exc}"}
    if not all(isinstance(a, str) for a in argv):
        return {"error": "bad request: argv must be strings"}
    pid = os.fork()
    if pid == 0:
        _child(request, zygote_pid)
    return {"pid": pid}


# --- the client side ---------------------------------------------------------------------

class Zygote:
    """Start and own a zygote process; :meth:`client` connects to it from any process.

    Parameters
    ----------
    preload : sequence of str
        Modules to import before forking (see :func:`preload_list`).
    env : dict, optional
        The zygote's environment (default: this process's).

    Examples
    --------
    >>> with Zygote(["json"]) as zygote:
    ...     "json" in zygote.loaded
    True
    """

    def __init__(self, preload: Sequence[str], env: dict[str, str] | None = None) -> None:
        import tempfile

        self.preload = list(preload)
        self.env = dict(env if env is not None else os.environ)
        # A thread pool (OpenMP, BLAS) started before fork() leaves its locks held in every
        # child: the child hangs. One thread per kernel is right anyway when grading in
        # parallel.
        for name in THREAD_VARIABLES:
            self.env[name] = "1"
        self._dir = tempfile.mkdtemp(prefix="course-zygote-")
        self.address = os.path.join(self._dir, "zygote.sock")
        self._proc: subprocess.Popen[str] | None = None
        self.loaded: list[str] = []

    def launch(self) -> None:
        """Start the zygote process without waiting for its imports (see :meth:`wait_ready`)."""
        if self._proc is None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "autograder.zygote", self.address, *self.preload],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, env=self.env, cwd=self._dir)

    def wait_ready(self) -> None:
        """Wait until the zygote has imported everything and listens."""
        assert self._proc is not None and self._proc.stdout is not None
        if self.loaded:
            return
        ready = self._proc.stdout.readline()
        if not ready:
            raise RuntimeError("the warm kernel process (zygote) could not start")
        info = json.loads(ready)
        if info.get("threads", 1) != 1:
            self.close()
            raise RuntimeError(f"the zygote runs {info['threads']} threads after its imports; "
                               "forking it would not be safe")
        self.loaded = info.get("loaded", [])

    def start(self) -> None:
        """Start the zygote and wait until it is ready."""
        self.launch()
        self.wait_ready()

    def client(self) -> ZygoteClient:
        """A connection to this zygote."""
        return ZygoteClient(self.address)

    def close(self) -> None:
        """Stop the zygote (kernels already forked are not affected)."""
        if self._proc is not None:
            if self._proc.stdin:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout:
                self._proc.stdout.close()
            self._proc = None
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Zygote:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ZygoteClient:
    """A connection to a running zygote; safe to share between threads."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._sock: Any = None
        self._file: Any = None
        self._lock = threading.Lock()

    def fork(self, argv: Sequence[str], *, env: dict[str, str], cwd: str,
             memory_mb: int = 0, cpu_seconds: int = 0, log: str | None = None) -> int:
        """Ask the zygote for a kernel with these arguments; return its pid."""
        import socket

        request = {"argv": list(argv), "env": env, "cwd": cwd, "memory_mb": memory_mb,
                   "cpu_seconds": cpu_seconds, "log": log}
        with self._lock:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self._sock.connect(self.address)
                self._file = self._sock.makefile("rb")
            self._sock.sendall((json.dumps(request) + "\n").encode())
            line = self._file.readline()
        reply = json.loads(line or b"{}")
        if "pid" not in reply:
            raise RuntimeError(f"the zygote could not fork a kernel: {reply.get('error')}")
        return int(reply["pid"])

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            if self._sock is not None:
                self._file.close()
                self._sock.close()
                self._sock = self._file = None


class ForkedProcess:
    """The Popen-like handle jupyter_client expects, for a kernel that is not our child."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (AttributeError, OSError):
            self._fd = None

    def poll(self) -> int | None:
        """None while the kernel runs, else an exit status (-1: unknown)."""
        if self.returncode is not None:
            return self.returncode
        if self._fd is not None:
            ready, _, _ = select.select([self._fd], [], [], 0)
            alive = not ready
        else:
            try:
                os.kill(self.pid, 0)
                alive = True
            except ProcessLookupError:
                alive = False
        if not alive:
            self.returncode = -1
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Block until the kernel has exited."""
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("kernel", timeout or 0)
            time.sleep(0.02)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (it leads its own session)."""
        if self.poll() is not None:
            return
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            pass
        except PermissionError:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


_ZYGOTE: ZygoteClient | None = None


def install_zygote(zygote: ZygoteClient | None) -> None:
    """Make ``zygote`` the one :class:`ForkingKernelManager` uses in this process."""
    global _ZYGOTE
    _ZYGOTE = zygote


def current_zygote() -> ZygoteClient | None:
    """The zygote installed in this process, if any."""
    return _ZYGOTE


def _ipykernel_arguments(cmd: Sequence[str]) -> list[str] | None:
    """The arguments after ``-m ipykernel_launcher`` when ``cmd`` starts a Python ipykernel
    with this interpreter's environment; None otherwise."""
    cmd = list(cmd)
    for i in range(len(cmd) - 1):
        if cmd[i] == "-m" and cmd[i + 1] in ("ipykernel_launcher", "ipykernel"):
            python = Path(cmd[0]).name
            if python.startswith("python") and i == 1:
                return cmd[i + 2:]
    return None


class ZygoteProvisioner(QuickProvisioner):
    """Launch the kernel by forking the warm zygote instead of starting a new interpreter."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):  # noqa: D102
        argv = _ipykernel_arguments(cmd)
        zygote = current_zygote()
        if argv is None or zygote is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
        cwd = str(kwargs.get("cwd") or os.getcwd())
        pid = zygote.fork(argv, env=env, cwd=cwd, memory_mb=memory_limit_mb(),
                          cpu_seconds=cpu_limit_seconds())
        self.process = ForkedProcess(pid)
        self.pid = pid
        self.pgid = pid
        self.cwd = cwd
        return self.connection_info


class ForkingKernelManager(QuickKernelManager):
    """A :class:`~autograder.kernels.QuickKernelManager` whose kernels are forked from the
    process's zygote.

    Use it with nbgrader via ``c.Execute.kernel_manager_class``; call
    :func:`install_zygote` first in the process that grades.
    """

    provisioner_class = ZygoteProvisioner


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
