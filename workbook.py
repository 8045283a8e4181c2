#!/usr/bin/env python3
"""Set up the workbook and open it, or run its tests: the README's two commands.

    python3 workbook.py lab     # set up .venv/ and open the learners' notebooks in JupyterLab
    python3 workbook.py test    # set up .venv/ and run the whole test suite
    python3 workbook.py hub     # (root) a demo class on JupyterHub at http://127.0.0.1:8000

Needs only Python 3.11+ with pip (no conda). Both commands are idempotent: the
virtual environment is (re)installed only when ``pyproject.toml`` changed.
Extra arguments after ``test`` go to pytest; after ``lab``, to JupyterLab
(e.g. ``python3 workbook.py lab --no-browser --port 8899``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".workbook-installed"
LEARNER_CONFIG = ROOT / ".jupyter-learner"

#: nbgrader parts a learner working alone must not see (instructor tools, and the
#: assignment list, which needs an instructor's exchange).
DISABLED_SERVER_EXTENSIONS = (
    # nbgrader's own Validate backend imports all of nbgrader at start (~5 s): the course's
    # serves the same routes and loads nbgrader later (course_lib.exercises.lab_validate)
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.assignment_list",
)
DISABLED_LAB_PLUGINS = (
    "@jupyter/nbgrader:menu",  # an empty "Nbgrader" menu once the tools below are off
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:assignment-list",
)
ENABLED_SERVER_EXTENSIONS = ("course_lib.exercises.lab_validate",)
#: imports the learner's server does without: a format checker jupyter_events never needs for
#: its schemas (its grammar takes ~3 s to build at import)
SKIPPED_IMPORTS = ("rfc3987_syntax",)
#: JupyterLab settings of the learner's lab: no news pop-up, no update check (offline)
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    # every cell rendered (after the visible ones): browser search finds every question
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "defer"},
}
#: the learner's lab opens on the start notebook
START_NOTEBOOK = "00_start_here.ipynb"
#: in the learner's lab, a failed check shows its styled box only: the same words as plain
#: text (the error output that makes nbgrader count the check as failed) are hidden there
CUSTOM_CSS = """\
.jp-OutputArea-child:has(.course-check-fail, .course-check-todo)
  ~ .jp-OutputArea-child:has([data-mime-type="application/vnd.jupyter.stderr"]) {
  display: none;
}
"""


def venv_python() -> Path:
    """The virtual environment's interpreter."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> Path:
    """Create ``.venv`` and install the project (with test tools) unless already current."""
    python = venv_python()
    if not python.exists():
        print("workbook: creating .venv/ ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return python
    print("workbook: installing the course and its dependencies into .venv/ ...", flush=True)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())
    return python


def write_learner_config(config_dir: Path = LEARNER_CONFIG) -> Path:
    """Write the Jupyter config a learner's JupyterLab runs with; return the folder."""
    (config_dir / "labconfig").mkdir(parents=True, exist_ok=True)
    server = {name: False for name in DISABLED_SERVER_EXTENSIONS}
    server.update({name: True for name in ENABLED_SERVER_EXTENSIONS})
    (config_dir / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": server}}, indent=2))
    (config_dir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in DISABLED_LAB_PLUGINS}},
                   indent=2))
    for name, settings in LAB_SETTINGS.items():  # defaults: a learner's own changes stay
        path = config_dir / "lab" / "user-settings" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings, indent=2))
    (config_dir / "custom").mkdir(exist_ok=True)
    (config_dir / "custom" / "custom.css").write_text(CUSTOM_CSS)
    return config_dir


def lab_command(python: Path, extra: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that open the learners' notebooks."""
    env = dict(os.environ)
    # plots show inline in the notebooks: a matplotlib backend chosen for a shell (e.g. Agg,
    # which the test command sets for doctests) would make every plt.show() draw nothing
    env.pop("MPLBACKEND", None)
    env["JUPYTER_CONFIG_DIR"] = str(write_learner_config())
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
    switches = [f"--ServerApp.jpserver_extensions={name}={value}"
                for names, value in ((DISABLED_SERVER_EXTENSIONS, False),
                                     (ENABLED_SERVER_EXTENSIONS, True)) for name in names]
    defaults = {"--ServerApp.root_dir": str(ROOT / "notebooks"),
                "--LabApp.default_url": f"/lab/tree/{START_NOTEBOOK}",
                "--LabApp.custom_css": "True"}
    given = {arg.split("=", 1)[0] for arg in extra}
    start = (f"import sys; sys.modules.update(dict.fromkeys({SKIPPED_IMPORTS!r})); "
             "from jupyterlab.labapp import main; sys.exit(main())")
    cmd = [str(python), "-c", start,
           *(f"{k}={v}" for k, v in defaults.items() if k not in given), *switches, *extra]
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        cmd.append("--allow-root")  # containers and CI run as root
    return cmd, env


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("lab", "test", "hub"):
        print(__doc__)
        return 2
    python = ensure_venv()
    if argv[0] == "test":
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.setdefault(name, "1")  # tests run side by side: one BLAS thread each
        env.setdefault("MPLBACKEND", "Agg")  # doctests draw figures without a screen
        workers = os.environ.get("WORKBOOK_TEST_WORKERS", "auto")
        cmd = [str(python), "-m", "pytest", "-n", workers, *argv[1:]]
        return subprocess.call(cmd, cwd=ROOT, env=env)
    if argv[0] == "hub":  # autograder.hub.demo: users, exchange, week1 released, the hub
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", "")])
        return subprocess.call([str(python), "-m", "autograder.hub.demo", *argv[1:]],
                               cwd=ROOT, env=env)
    cmd, env = lab_command(python, argv[1:])
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
