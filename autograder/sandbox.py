"""Grading kernels in a sandbox made by bubblewrap, a packaged tool (Debian's ``bubblewrap``).

Each grading worker runs one sandbox at a time. The sandbox is a fresh filesystem view in
new mount, pid, network, IPC, UTS and cgroup namespaces, made with ``bwrap``, that holds

- read-only: the operating system (``/usr``, ``/etc``), the Python installation and the
  virtual environment, and the *views* of ``course_lib`` -- copies where the functions a
  notebook asks its learners to write are replaced by a stub
  (:mod:`autograder.library_view`). Where ``course_lib`` is installed there is only an
  empty folder: each kernel binds its own notebook's view there, in a mount namespace of
  its own, and then loses sight of the other views;
- read-write: the current unit's folder (the student's files, the kernel's home, the inbox
  and outbox of :mod:`course_lib.exercises.collect`) and private ``/tmp`` and ``/dev/shm``;
- nothing else: not the gradebook, the course folder, the answer key, the grader, the
  source notebooks, other students' files or the network (only a loopback of its own).

In it runs the zygote (:mod:`autograder.zygote_server`), which forks the notebooks'
kernels. When the grader runs as root, the zygote keeps root inside the sandbox and each
unit's kernels run as a uid of their own with no capabilities: a kernel cannot touch the
zygote, and after a unit every process of its uid is killed and ``/tmp`` emptied, so the
next unit starts clean in the same sandbox. Without root, the sandbox uses an unprivileged
user namespace, kernels share the zygote's uid, and the sandbox is restarted after every
unit instead. The sandbox dies with its worker (``--die-with-parent``), and with it every
process inside.

:func:`probe` says whether the sandbox works here and why not; ``course doctor`` prints it.

Examples
--------
>>> status = probe()
>>> isinstance(status.works, bool) and bool(status.summary)
True
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["VIEWS_MOUNT", "Sandbox", "SandboxStatus", "ZygoteClient", "hidden_packages", "probe"]

SERVER = Path(__file__).with_name("zygote_server.py")
#: the first uid given to kernels (each worker and unit gets its own above it)
BASE_UID = 1_600_000  # far above login users, nobody (65534) and the usual subuid ranges
#: the capabilities the zygote keeps when the grader runs as root (plus CAP_SYS_ADMIN, to
#: mount the kernels' views); its kernels keep none
ROOT_CAPABILITIES = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_FOWNER", "CAP_DAC_OVERRIDE",
                     "CAP_CHOWN")
#: where the folder of the library's views is mounted inside the sandbox
VIEWS_MOUNT = Path("/run/course-views")


@dataclass(frozen=True)
class SandboxStatus:
    """Whether grading kernels can be sandboxed here, and how."""

    works: bool
    as_root: bool
    bwrap: str | None
    summary: str
    details: tuple[str, ...] = ()


def _bwrap() -> str | None:
    return shutil.which("bwrap")


def _system_binds() -> list[str]:
    """Bind the operating system read-only, mirroring /bin, /lib... symlinks as they are."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args


def _parents(path: Path, made: set[str]) -> list[str]:
    """``--dir`` for every missing parent of ``path``, traversable by anyone."""
    args = []
    for parent in reversed(path.parents):
        text = str(parent)
        if text in ("/", "/usr", "/etc") or text in made or text.startswith("/usr/"):
            continue
        made.add(text)
        args += ["--perms", "0755", "--dir", text]
    return args


def _python_paths() -> list[Path]:
    """The interpreter's installation and the virtual environment (real paths)."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(),
             Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted(paths)


@dataclass
class _Spec:
    state: Path
    library: tuple[Path, Path] | None  # (course_lib's path, the folder of its views)
    hidden: tuple[Path, ...]
    tmp_mb: int
    as_root: bool
    extra_ro: tuple[Path, ...] = field(default_factory=tuple)


def bwrap_command(spec: _Spec, inner: Sequence[str]) -> list[str]:
    """The ``bwrap`` command line that runs ``inner`` in the sandbox of ``spec``."""
    made: set[str] = set()
    # --as-pid-1: the zygote is the sandbox's init (no bwrap reaper, which a kernel of the
    # same uid could look through); it reaps every orphan itself
    args = [_bwrap() or "bwrap", "--die-with-parent", "--new-session", "--as-pid-1"]
    if spec.as_root:
        # no user namespace: the zygote keeps root, so that it can give each unit's kernels
        # a uid of their own (a user namespace would map only one uid)
        args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                 "--unshare-cgroup"]
    else:
        args += ["--unshare-all", "--unshare-user", "--uid", str(os.getuid()),
                 "--gid", str(os.getgid())]
    args += ["--hostname", "grader", "--tmpfs", "/"]
    args += _system_binds()
    args += ["--dev", "/dev", "--proc", "/proc",
             "--perms", "1777", "--size", str(spec.tmp_mb << 20), "--tmpfs", "/tmp",
             "--perms", "1777", "--size", str(64 << 20), "--tmpfs", "/dev/shm"]
    for path in [*_python_paths(), *spec.extra_ro]:
        args += _parents(path, made) + ["--ro-bind", str(path), str(path)]
    if spec.library is not None:
        # the zygote needs CAP_SYS_ADMIN to bind each kernel's view; kernels drop it
        target, views = spec.library
        args += _parents(target, made) + ["--perms", "0755", "--tmpfs", str(target)]
        args += _parents(VIEWS_MOUNT, made) + ["--ro-bind", str(views), str(VIEWS_MOUNT)]
        args += ["--cap-add", "CAP_SYS_ADMIN"]
    if spec.as_root:
        # as root bwrap keeps every capability: keep only what the zygote uses (to give
        # kernels their uid, to kill what they leave, to empty /tmp of their files)
        args[1:1] = ["--cap-drop", "ALL", *[a for cap in ROOT_CAPABILITIES
                                            for a in ("--cap-add", cap)]]
    for path in spec.hidden:
        args += ["--tmpfs", str(path)]
    args += _parents(spec.state, made) + ["--bind", str(spec.state), str(spec.state)]
    args += ["--chdir", str(spec.state), "--clearenv",
             "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
             "--setenv", "HOME", str(spec.state), "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "OPENBLAS_NUM_THREADS", "1",
             "--setenv", "MKL_NUM_THREADS", "1", "--setenv", "MPLBACKEND",
             "module://matplotlib_inline.backend_inline"]
    return [*args, "--", *inner]


def hidden_packages() -> tuple[Path, ...]:
    """Installed folders of the answer key and the grader, to hide inside the sandbox
    (an editable install keeps them in the repository, which the sandbox does not mount)."""
    import importlib.util

    hidden = []
    prefixes = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
    for name in ("answer_key", "autograder"):
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            path = Path(folder).resolve()
            if any(path.is_relative_to(p) for p in prefixes):
                hidden.append(path)
    return tuple(hidden)


def probe() -> SandboxStatus:
    """Whether bubblewrap is installed and can make a sandbox here; if not, why."""
    path = _bwrap()
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if path is None:
        return SandboxStatus(False, as_root, None, "bubblewrap is not installed", (
            "install Debian's package: apt-get install bubblewrap",
            "or grade without a sandbox: course grade --no-sandbox (not safe with "
            "untrusted submissions)"))
    import tempfile

    with tempfile.TemporaryDirectory(prefix="course-probe-") as tmp:
        spec = _Spec(Path(tmp), None, (), 16, as_root)
        command = bwrap_command(spec, [sys.executable, "-c", "import os; print(os.getpid())"])
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SandboxStatus(False, as_root, path, f"bwrap could not run: {exc}")
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        hint = ("unprivileged user namespaces may be off (sysctl "
                "kernel.unprivileged_userns_clone=1), or run as root" if not as_root else
                "the kernel may refuse new namespaces in this container")
        return SandboxStatus(False, as_root, path, f"bwrap failed: {reason}", (hint,))
    mode = ("as root: kernels run as their own unprivileged uid; one sandbox serves many "
            "students, cleaned between them" if as_root else
            "without root: an unprivileged user namespace; one sandbox per student")
    return SandboxStatus(True, as_root, path, f"bubblewrap works ({mode})",
                         (f"bwrap: {path}", f"pid inside the sandbox: {done.stdout.strip()}"))


class ZygoteClient:
    """Requests to a zygote server over its UNIX socket; safe to share between threads."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._sock: socket.socket | None = None
        self._file: Any = None
        self._lock = threading.Lock()

    def request(self, **request: Any) -> dict[str, Any]:
        """Send one request; return the reply (``RuntimeError`` if the zygote is gone)."""
        with self._lock:
            try:
                if self._sock is None:
                    self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self._sock.connect(self.address)
                    self._file = self._sock.makefile("rb")
                self._sock.sendall((json.dumps(request) + "\n").encode())
                line = self._file.readline()
            except OSError as exc:
                self._reset()
                raise RuntimeError(f"the sandbox's zygote is gone ({exc})") from exc
        if not line:
            self._reset()
            raise RuntimeError("the sandbox's zygote is gone")
        reply = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"the zygote refused a request: {reply['error']}")
        return reply

    def _reset(self) -> None:
        if self._sock is not None:
            try:
                self._file.close()
                self._sock.close()
            except OSError:
                pass
        self._sock = self._file = None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._reset()


class Sandbox:
    """One running sandbox with its zygote, for a grading worker.

    Parameters
    ----------
    state : Path
        The worker's folder: the zygote's socket goes in ``state/ctl`` (private to the
        zygote when it runs as root) and each unit's files in ``state/units``.
    preload : sequence of str
        Modules the zygote imports before it forks kernels.
    library : tuple of (Path, Path), optional
        Where ``course_lib`` is, and the folder of its views (made by
        :func:`autograder.library_view.build_view`): each kernel sees only the view it is
        given (:meth:`view_request`), and without one, no ``course_lib`` at all.
    hidden : sequence of Path
        Folders inside the mounted trees to hide (an installed answer key or grader).
    enabled : bool
        ``False``: no sandbox; the zygote runs as a plain process (``course grade
        --no-sandbox``), kernels keep the grader's uid and see its files.
    user_namespace : bool, optional
        Use an unprivileged user namespace (one uid for the zygote and its kernels; the
        sandbox serves one unit). The default: only when the grader is not root.
    """

    def __init__(self, state: Path, preload: Sequence[str], *,
                 library: tuple[Path, Path] | None = None, hidden: Sequence[Path] = (),
                 enabled: bool = True, tmp_mb: int = 256,
                 user_namespace: bool | None = None) -> None:
        self.state = Path(state)
        self.preload = list(preload)
        self.enabled = enabled
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        if user_namespace is None:
            user_namespace = not root
        self.as_root = enabled and root and not user_namespace
        self._spec = _Spec(self.state, library, tuple(hidden), tmp_mb, self.as_root)
        self._proc: subprocess.Popen[str] | None = None
        self.client: ZygoteClient | None = None
        self.loaded: list[str] = []

    @property
    def isolates_units(self) -> bool:
        """Whether units can share this sandbox (kernels get a uid of their own)."""
        return self.as_root

    @property
    def units(self) -> Path:
        """Where the units' folders are."""
        return self.state / "units"

    def launch(self) -> None:
        """Start the sandbox and its zygote (the imports go on; see :meth:`wait_ready`)."""
        ctl = self.state / "ctl"
        shutil.rmtree(self.state, ignore_errors=True)
        ctl.mkdir(parents=True)
        self.units.mkdir()
        os.chmod(ctl, 0o700)
        os.chmod(self.units, 0o711)
        if self._spec.library is not None and self.as_root:
            os.chmod(self._spec.library[1], 0o700)  # kernels' uids cannot look into it
        shutil.copy(SERVER, ctl / SERVER.name)
        (ctl / "preload.json").write_text(json.dumps(self.preload), encoding="utf-8")
        inner = [sys.executable, str(ctl / SERVER.name), str(ctl / "zygote.sock"),
                 str(ctl / "preload.json")]
        if self.enabled:
            command = bwrap_command(self._spec, inner)
            env = None
        else:
            command = inner
            env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1"}
        self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=open(ctl / "zygote.log", "w"),  # noqa: SIM115
                                      text=True, cwd=self.state, env=env)

    def wait_ready(self) -> None:
        """Wait until the zygote has imported everything and listens.

        Raises
        ------
        RuntimeError
            If the sandbox or the zygote could not start (with the end of its log).
        """
        assert self._proc is not None and self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            log = (self.state / "ctl" / "zygote.log").read_text(errors="replace")
            tail = " | ".join(log.strip().splitlines()[-3:])
            raise RuntimeError(f"the grading sandbox could not start: {tail or 'no output'}")
        info = json.loads(line)
        if info.get("threads", 1) != 1:
            self.close()
            raise RuntimeError(f"the zygote runs {info['threads']} threads after its imports; "
                               "forking it would not be safe")
        self.loaded = info.get("loaded", [])
        self.client = ZygoteClient(str(self.state / "ctl" / "zygote.sock"))

    def start(self) -> Sandbox:
        """Start the sandbox and wait until it is ready; return it.

        Raises
        ------
        RuntimeError
            If it could not start, or a kernel could not be given a view of the library.
        """
        self.launch()
        self.wait_ready()
        if self.enabled and self._spec.library is not None and self.client is not None:
            views = self._spec.library[1]
            sample = next((p for p in sorted(views.glob("*/*")) if p.is_dir()), None)
            if sample is not None:
                reply = self.client.request(op="check_view", view=self.view_request(sample))
                if not reply.get("ok"):
                    self.close()
                    raise RuntimeError("the grading sandbox cannot give a kernel its view of "
                                       f"the course library: {reply.get('reason')}")
        return self

    def view_request(self, view: Path | None) -> dict[str, str] | None:
        """What a ``fork`` request says to mount the view ``view`` (a package folder under
        the folder of views) where ``course_lib`` is; ``None`` without a sandbox.

        Raises
        ------
        RuntimeError
            If the sandbox has views of the library and ``view`` is not one of them.
        """
        if not self.enabled or self._spec.library is None:
            return None
        target, views = self._spec.library
        if view is None or not Path(view).is_relative_to(views):
            raise RuntimeError(f"no view of the course library for this notebook ({view})")
        source = VIEWS_MOUNT / Path(view).relative_to(views)
        return {"source": str(source), "target": str(target), "hide": str(VIEWS_MOUNT)}

    def alive(self) -> bool:
        """Whether the sandbox (and its zygote) still runs."""
        return self._proc is not None and self._proc.poll() is None

    def kernel_uid(self, worker: int, unit: int) -> int:
        """The uid the kernels of a unit run as: their own as root, else the zygote's."""
        return BASE_UID + 1000 * worker + unit % 1000 if self.as_root else os.getuid()

    def sweep(self, uid: int) -> None:
        """Kill every process of ``uid`` in the sandbox but the zygote (what a notebook left)."""
        if self.client is not None and self.alive() and self.enabled:
            self.client.request(op="sweep", uid=uid)

    def wipe(self) -> None:
        """Empty the sandbox's ``/tmp`` and ``/dev/shm`` (between units), never the
        sandbox's own state folder, which may be bound somewhere under them."""
        if self.client is not None and self.alive() and self.enabled:
            self.client.request(op="wipe", paths=["/tmp", "/dev/shm"], keep=[str(self.state)])

    def kill(self) -> None:
        """Kill the sandbox at once (from any thread): every process inside dies with it."""
        process = self._proc
        if process is not None and process.poll() is None:
            try:
                process.kill()
            except OSError:
                pass

    def close(self) -> None:
        """Stop the sandbox: the zygote exits and every process inside dies with it."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._proc is not None:
            if self._proc.stdin:
                try:
                    self._proc.stdin.close()
                except OSError:
                    pass
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout:
                self._proc.stdout.close()
            self._proc = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
