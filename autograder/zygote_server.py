"""The warm process inside a grading sandbox: it forks one fresh kernel per notebook.

A new interpreter spends seconds importing IPython, ipykernel, NumPy, pandas, matplotlib and
scikit-learn before a notebook's first line runs. This process pays that once per sandbox:
it imports them, then serves requests on a UNIX socket. Each ``fork`` request makes it fork
a child that becomes an ordinary ipykernel, listening on the connection file the grader
wrote. Before the child runs anything of the learner's it

- leads its own session and process group,
- when the request names a *view* of the course library: enters a mount namespace of its
  own, binds that view (read-only) where the library is, and unmounts the folder of all
  views, so that it sees the one library its notebook may use and no other
  (:mod:`autograder.library_view`); this needs the ``CAP_SYS_ADMIN`` the sandbox gives the
  server, which the child then drops with every other capability,
- when the server runs as root: drops to the request's unprivileged uid and gid (no
  supplementary groups, no capabilities, ``no_new_privs``), so a kernel can neither signal
  nor trace the server nor read what the server keeps,
- gets its resource limits: address space, CPU time, number of processes, file size, open
  files (``setrlimit``),
- re-seeds its random generators from the OS, as a new interpreter would.

The server reaps its children and answers ``poll`` and ``signal`` requests for them (the
grader, outside the sandbox's pid namespace, cannot see them), and ``sweep`` kills every
process of a uid: nothing a notebook started outlives it.

This file runs inside the sandbox, where the ``autograder`` package is not mounted: it
imports only the standard library (and, when asked, the modules it preloads).

Protocol: one JSON object per line, one reply per request::

    {"op": "fork", "argv": [...], "env": {...}, "cwd": "...", "uid": 61001, "gid": 61001,
     "limits": {"as": bytes, "cpu": seconds, "nproc": n, "fsize": bytes}, "log": path,
     "view": {"source": path, "target": path, "hide": path}}
        -> {"pid": 12}
    {"op": "check_view", "view": {...}} -> {"ok": true} or {"ok": false, "reason": "..."}
    {"op": "poll", "pid": 12}            -> {"code": null} while it runs, else its exit status
    {"op": "signal", "pid": 12, "sig": 2} -> {"ok": true}
    {"op": "sweep", "uid": 61001}        -> {"killed": 3}   (every process of that uid)
    {"op": "wipe", "paths": ["/tmp"], "keep": ["/tmp/x"]} -> {"ok": true}
                                         (empties those folders, but for what leads to keep)
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import resource
import shutil
import signal
import sys
import time
from typing import Any

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_DUMPABLE = 4
_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL = 47, 4
_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18
_MNT_DETACH = 2
_CAP_VERSION_3 = 0x20080522
_LIMITS = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU,
           "nproc": resource.RLIMIT_NPROC, "fsize": resource.RLIMIT_FSIZE,
           "nofile": resource.RLIMIT_NOFILE}
#: exit statuses of children already reaped, by pid
_EXITED: dict[int, int] = {}
_CHILDREN: set[int] = set()


def _preload(modules: list[str]) -> list[str]:
    """Import ``modules`` (those that fail are left to the notebook); return those loaded."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
            loaded.append(name)
        except Exception:  # noqa: BLE001 - a module that cannot load is loaded by the cell
            continue
    return loaded


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount_view(view: dict[str, Any]) -> None:
    """In a mount namespace of this process's own: bind ``view["source"]`` read-only on
    ``view["target"]``, then unmount ``view["hide"]`` (the folder of every view)."""
    libc = _libc()
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                           ctypes.c_ulong, ctypes.c_void_p]
    source, target = os.fsencode(view["source"]), os.fsencode(view["target"])
    _check(libc.unshare(_CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _check(libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "make mounts private")
    _check(libc.mount(source, target, None, _MS_BIND | _MS_REC, None), "bind the view")
    if not os.statvfs(target).f_flag & os.ST_RDONLY:
        _check(libc.mount(None, target, None, _MS_BIND | _MS_REMOUNT | _MS_RDONLY, None),
               "make the view read-only")
    if view.get("hide"):
        _check(libc.umount2(os.fsencode(view["hide"]), _MNT_DETACH), "unmount the views")
    if not os.statvfs(target).f_flag & os.ST_RDONLY:
        raise OSError("the view of the library is not read-only")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_capabilities() -> None:
    """Drop every capability (ambient, effective, permitted, inheritable) of this process."""
    libc = _libc()
    libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)()
    _check(libc.capset(ctypes.byref(header), data), "capset")


def _drop_privileges(uid: int | None, gid: int | None) -> None:
    """Become ``uid``/``gid`` (when root and given), with no capability and no way to gain
    one (``no_new_privs``)."""
    if os.getuid() == 0 and uid:
        os.setgroups([])
        os.setresgid(gid or uid, gid or uid, gid or uid)
        os.setresuid(uid, uid, uid)
    _drop_capabilities()
    _check(_libc().prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")


def _capabilities() -> int:
    """This process's effective capability set, as a bit mask (0 outside Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("CapEff:"):
                    return int(line.split()[1], 16)
    except OSError:
        pass
    return 0


def _fresh_state() -> None:
    """Undo what a shared parent leaves behind that a new interpreter would not have."""
    import random

    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        pandas.set_option("display.max_columns", 20)  # its default inside a kernel


def _child(request: dict[str, Any]) -> None:
    """Become the kernel described by ``request`` (runs in the forked child; never returns)."""
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDWR)
        log = os.open(request.get("log") or os.devnull,
                      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.closerange(3, 65536)
        if request.get("view"):
            _mount_view(request["view"])
        uid = request.get("uid")
        _drop_privileges(int(uid) if uid else None,
                         int(request.get("gid") or uid) if uid else None)
        for name, value in (request.get("limits") or {}).items():
            if value:
                resource.setrlimit(_LIMITS[name], (int(value), int(value)))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in (request.get("env") or {}).items()})
        os.chdir(request.get("cwd") or "/")
        _fresh_state()
        from ipykernel.kernelapp import IPKernelApp

        argv = [str(a) for a in request["argv"]]
        sys.argv = ["ipykernel_launcher", *argv]
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


def _reap() -> None:
    """Collect every child that has exited: the kernels (their status is kept for ``poll``)
    and, as the sandbox's init, any orphan a notebook left behind."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        if not pid:
            break
        if pid in _CHILDREN:
            _CHILDREN.discard(pid)
            _EXITED[pid] = os.waitstatus_to_exitcode(status)
    for pid in list(_CHILDREN):  # gone without a status we saw: not running either
        if not os.path.exists(f"/proc/{pid}"):
            _CHILDREN.discard(pid)
            _EXITED.setdefault(pid, -1)


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (1, os.getpid()):
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    found.append(int(entry))
            except OSError:
                continue
    return found


def _sweep(uid: int) -> int:
    """Kill every process of ``uid`` until none is left (a forking process cannot outrun it)."""
    killed = 0
    for _ in range(200):
        pids = _processes_of(uid)
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        time.sleep(0.005)
        _reap()
    return killed


def _wipe(paths: list[str], keep: list[str]) -> None:
    """Empty the folders ``paths``, except entries on the way to a path of ``keep`` (the
    grader's own folders, bound inside the sandbox, which must never be touched): those
    are descended into and emptied around the kept path."""
    kept = [os.path.normpath(k) for k in keep]
    for path in paths:
        if not os.path.isdir(path) or os.path.islink(path):
            continue
        for entry in os.listdir(path):
            target = os.path.join(path, entry)
            if any(k == target for k in kept):
                continue
            if any(k.startswith(target + os.sep) for k in kept):
                if os.path.isdir(target) and not os.path.islink(target):
                    _wipe([target], kept)
                continue
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target, ignore_errors=True)
            else:
                try:
                    os.unlink(target)
                except OSError:
                    pass


def _check_view(view: dict[str, Any]) -> dict[str, Any]:
    """Fork a child that mounts ``view`` and drops its privileges, as a kernel would."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        message = b""
        try:
            _mount_view(view)
            _drop_privileges(None, None)
            if _capabilities():
                message = b"capabilities are left after dropping them"
            elif os.path.exists(view.get("hide") or "/nonexistent/none"):
                if os.listdir(view["hide"]):
                    message = b"the folder of views is still visible"
        except BaseException as exc:  # noqa: BLE001 - report it to the parent
            message = str(exc).encode()[:500] or b"failed"
        os.write(write, message)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode(errors="replace")
    os.waitpid(pid, 0)
    return {"ok": not message, "reason": message}


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Answer one request (see the module's protocol)."""
    op = request.get("op")
    _reap()
    if op == "fork":
        if not isinstance(request.get("argv"), list):
            return {"error": "bad request: argv must be a list"}
        pid = os.fork()
        if pid == 0:
            _child(request)
        _CHILDREN.add(pid)
        return {"pid": pid}
    if op == "check_view":
        return _check_view(request.get("view") or {})
    if op == "poll":
        pid = int(request["pid"])
        if pid in _EXITED:
            return {"code": _EXITED[pid]}
        return {"code": None if pid in _CHILDREN else -1}
    if op == "signal":
        pid = int(request["pid"])
        if pid in _CHILDREN:
            try:
                os.killpg(pid, int(request["sig"]))
            except OSError:
                try:
                    os.kill(pid, int(request["sig"]))
                except OSError:
                    pass
        return {"ok": True}
    if op == "sweep":
        return {"killed": _sweep(int(request["uid"]))}
    if op == "wipe":
        _wipe([str(p) for p in request.get("paths") or []],
              [str(p) for p in request.get("keep") or []])
        return {"ok": True}
    if op == "ping":
        return {"pid": os.getpid(), "uid": os.getuid()}
    return {"error": f"unknown request {op!r}"}


def serve(address: str, preload: list[str]) -> None:
    """Import ``preload``, listen on ``address``, answer requests until stdin closes.

    Writes one ``ready`` line on stdout (with what it loaded and how many threads it runs:
    forking a process with threads is unsafe, so the caller checks it is one).
    """
    import selectors
    import socket

    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # like ipykernel_launcher; the kernel puts '' back itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # not dumpable: a kernel of the same uid (in a user namespace) can neither trace this
    # process nor look through /proc/<pid>/root at the mounts it keeps (every view)
    _check(_libc().prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    os.chmod(address, 0o600)
    listener.listen(64)
    loaded = _preload(preload)
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    sys.stdout.write(json.dumps({"ready": True, "pid": os.getpid(), "loaded": loaded,
                                 "threads": threads}) + "\n")
    sys.stdout.flush()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin, selectors.EVENT_READ, "owner")
    buffers: dict[Any, bytes] = {}
    while True:
        for key, _ in selector.select(timeout=1.0):
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
                try:
                    reply = handle(json.loads(line))
                except (ValueError, KeyError, TypeError) as exc:
                    reply = {"error": f"bad request: {exc}"}
                conn.sendall((json.dumps(reply) + "\n").encode())
        _reap()


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as handle_:
        serve(sys.argv[1], json.load(handle_))
