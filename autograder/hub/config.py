"""The JupyterHub of a class, and the Jupyter configuration of each of its users.

- :func:`configure_hub` fills a JupyterHub ``c``: on 127.0.0.1 only, the class's users
  (a password for all: JupyterHub's ``DummyAuthenticator``, fit for a demo or a test, not
  for a real class, where PAM or the school's OAuth takes its place), the default
  ``LocalProcessSpawner`` (each server runs as its own Unix user, in its home) with the
  course's virtual environment, and configurable-http-proxy from npm.
- :func:`write_user_config` writes a user's ``~/.jupyter``: a **student** gets the learner's
  JupyterLab (``workbook.py``'s settings: the course's Validate, no news pop-up), plus
  nbgrader's Assignment List (no formgrader, course list or create-assignment); an
  **instructor** gets nbgrader's instructor tools. Both get an ``nbgrader_config.py`` with the
  course id, the exchange root and the private exchange classes (:mod:`autograder.hub.exchange`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.hub.exchange import CLASSES
from autograder.settings import COURSE_ID, REPO

__all__ = ["INSTRUCTOR", "ROLES", "STUDENT", "configure_hub", "nbgrader_config_text",
           "role_extensions", "write_hub_config", "write_user_config"]

STUDENT = "student"
INSTRUCTOR = "instructor"
ROLES = (STUDENT, INSTRUCTOR)

#: nbgrader's Validate backend is replaced by the course's (same routes) for everyone
_NBGRADER = "nbgrader.server_extensions"
_SERVER = {
    STUDENT: {f"{_NBGRADER}.validate_assignment": False, f"{_NBGRADER}.formgrader": False,
              f"{_NBGRADER}.course_list": False, f"{_NBGRADER}.assignment_list": True,
              "course_lib.exercises.lab_validate": True},
    INSTRUCTOR: {f"{_NBGRADER}.validate_assignment": False, f"{_NBGRADER}.formgrader": True,
                 f"{_NBGRADER}.course_list": True, f"{_NBGRADER}.assignment_list": True,
                 "course_lib.exercises.lab_validate": True},
}
_LAB_DISABLED = {
    STUDENT: ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
              "@jupyter/nbgrader:course-list"),
    INSTRUCTOR: (),
}


def role_extensions(role: str) -> tuple[dict[str, bool], tuple[str, ...]]:
    """The server extensions (name -> enabled) and disabled lab plugins of a role.

    Examples
    --------
    >>> server, disabled = role_extensions("student")
    >>> server["nbgrader.server_extensions.assignment_list"], server[
    ...     "nbgrader.server_extensions.formgrader"]
    (True, False)
    >>> "@jupyter/nbgrader:formgrader" in disabled
    True
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {role!r}")
    return dict(_SERVER[role]), _LAB_DISABLED[role]


def _workbook() -> ModuleType:
    """``workbook.py`` (the learner's lab settings live there)."""
    spec = importlib.util.spec_from_file_location("workbook", REPO / "workbook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nbgrader_config_text(exchange: Path, course_dir: Path | None = None) -> str:
    """The ``nbgrader_config.py`` of a hub user (an instructor's names the course folder).

    Examples
    --------
    >>> text = nbgrader_config_text(Path("/srv/exchange"))
    >>> "c.Exchange.root = '/srv/exchange'" in text and "PrivateSubmit" in text
    True
    """
    lines = ['"""nbgrader settings of this hub user (written by autograder.hub.config)."""',
             "c = get_config()  # noqa: F821", f"c.CourseDirectory.course_id = {COURSE_ID!r}",
             f"c.Exchange.root = {str(exchange)!r}"]
    lines += [f"c.ExchangeFactory.{trait} = {f'{cls.__module__}.{cls.__name__}'!r}"
              for trait, cls in CLASSES.items()]
    if course_dir is not None:  # formgrader and the nbgrader command work on the course
        lines = lines[:2] + ["from autograder.config import course_config",
                             f"c.merge(course_config({str(course_dir)!r}))"] + lines[2:]
    return "\n".join(lines) + "\n"


def write_user_config(config_dir: Path, role: str, exchange: Path,
                      course_dir: Path | None = None) -> Path:
    """Write a hub user's Jupyter config folder (their ``~/.jupyter``); return it."""
    server, disabled = role_extensions(role)
    config_dir = _workbook().write_learner_config(Path(config_dir))
    # formgrader is a page of the lab's own server shown in a frame, which jupyterhub's
    # single-user server forbids by default (frame-ancestors 'none')
    frames = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": server, "tornado_settings": frames},
         "LabApp": {"custom_css": True}}, indent=2))
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in disabled}}, indent=2))
    (config_dir / "nbgrader_config.py").write_text(
        nbgrader_config_text(exchange, course_dir if role == INSTRUCTOR else None))
    return config_dir


def configure_hub(c: Any, *, hub_dir: str, port: int, hub_port: int, proxy_port: int,
                  users: dict[str, str], password: str, python: str = sys.executable) -> None:
    """Fill the JupyterHub config ``c`` for a class (see the module docstring).

    ``users`` maps each Unix user name to its role; servers run ``python``'s
    ``jupyterhub-singleuser``.
    """
    bindir = Path(python).parent
    c.JupyterHub.ip = "127.0.0.1"
    c.JupyterHub.port = port
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = hub_port
    c.JupyterHub.db_url = f"sqlite:///{Path(hub_dir) / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(Path(hub_dir) / "jupyterhub_cookie_secret")
    c.JupyterHub.cleanup_servers = True
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{proxy_port}"
    proxy = shutil.which("configurable-http-proxy")
    if proxy:
        c.ConfigurableHTTPProxy.command = [proxy]
    c.ConfigurableHTTPProxy.pid_file = str(Path(hub_dir) / "jupyterhub-proxy.pid")
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = password
    c.Authenticator.allowed_users = set(users)
    c.Authenticator.admin_users = {u for u, role in users.items() if role == INSTRUCTOR}
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Spawner.cmd = [str(bindir / "jupyterhub-singleuser")]
    c.Spawner.ip = "127.0.0.1"
    c.Spawner.default_url = "/lab"
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180
    c.Spawner.environment = {
        # nbgrader shells out to alembic: the course's bin/ first
        "PATH": os.pathsep.join([str(bindir), "/usr/local/bin", "/usr/bin", "/bin"]),
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",  # plots stay inline
    }


def write_hub_config(hub_dir: Path, **settings: Any) -> Path:
    """Write ``hub_dir/jupyterhub_config.py`` calling :func:`configure_hub`; return its path."""
    hub_dir = Path(hub_dir)
    hub_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(hub_dir, 0o700)  # the hub's database and cookie secret
    settings = {"hub_dir": str(hub_dir), **settings}
    path = hub_dir / "jupyterhub_config.py"
    path.write_text(
        '"""JupyterHub config of the class (written by autograder.hub.config)."""\n'
        "import json\n\nfrom autograder.hub.config import configure_hub\n\n"
        f"configure_hub(get_config(), **json.loads({json.dumps(settings)!r}))  # noqa: F821\n")
    return path
