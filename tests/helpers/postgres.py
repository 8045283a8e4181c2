"""A private PostgreSQL server for the tests, on 127.0.0.1 and a free port.

Used by the ``postgres_url`` fixture (tests/test_postgres.py) and runnable by hand::

    python tests/services/postgres.py      # start one, print its URL, stop on Enter

The server binaries come from Debian's ``postgresql`` package; when they are missing and
this process may install packages (root, ``apt-get`` present), they are installed with
``apt-get update && apt-get install -y postgresql``. A throw-away cluster is made with
``initdb`` in a temporary folder (as the ``postgres`` user when running as root, since
PostgreSQL refuses to run as root), started with ``pg_ctl`` listening on 127.0.0.1 only,
and a database ``course`` is created. :func:`unavailable` says in plain words why a
server cannot be had here, for a clear skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DATABASE = "course"
SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` (newest Debian version first), if any."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                        reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def install() -> str | None:
    """Install Debian's PostgreSQL if it is missing; return why it could not be, or None."""
    if find_bindir() is not None:
        return None
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "PostgreSQL is not installed and installing it needs root (apt-get)"
    if shutil.which("apt-get") is None:
        return "PostgreSQL is not installed and there is no apt-get to install it"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "-q", "postgresql"]):
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"`{' '.join(cmd)}` failed: {exc}"
        if result.returncode != 0:
            tail = " ".join(result.stderr.strip().splitlines()[-2:])
            return f"`{' '.join(cmd)}` failed (exit {result.returncode}): {tail}"
    if find_bindir() is None:
        return "apt-get installed postgresql but initdb/pg_ctl were not found"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One throw-away PostgreSQL cluster. Use :meth:`start`, :attr:`url`, :meth:`stop`."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="course-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = hasattr(os, "geteuid") and os.geteuid() == 0

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the test database."""
        return f"postgresql+psycopg2://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                cwd=self.root)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {result.stdout}\n{result.stderr}")
        return result

    def start(self) -> Server:
        """Create the cluster and the database; return self once it accepts connections."""
        if self.bindir is None:
            raise RuntimeError("PostgreSQL binaries not found; call install() first")
        if self.as_root:
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
                   "-c fsync=off -c full_page_writes=off -c synchronous_commit=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")
        for _ in range(50):
            try:
                self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                          SUPERUSER, DATABASE)
                break
            except RuntimeError:
                time.sleep(0.2)
        else:
            raise RuntimeError("could not create the test database")
        return self

    def stop(self) -> None:
        """Stop the server and delete the cluster."""
        if self.data.exists():
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
            except (RuntimeError, subprocess.TimeoutExpired, OSError):
                pass
        shutil.rmtree(self.root, ignore_errors=True)


def unavailable() -> str | None:
    """Why no test server can be had here (after trying to install one), or None."""
    reason = install()
    if reason:
        return reason
    try:
        import psycopg2  # noqa: F401 - the driver SQLAlchemy uses for the URL above
    except ImportError:
        return "the psycopg2 driver is not installed (pip install psycopg2-binary)"
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: PostgreSQL cannot be started as root"
    return None


if __name__ == "__main__":
    problem = unavailable()
    if problem:
        raise SystemExit(f"no PostgreSQL here: {problem}")
    server = Server().start()
    print(server.url, flush=True)
    try:
        input("PostgreSQL is running; press Enter to stop it. ")
    finally:
        server.stop()
