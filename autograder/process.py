"""Make this process ready to drive nbgrader: its tools on PATH, one BLAS thread per kernel.

Every entry point that runs nbgrader from Python (the ``course`` command, a grading worker,
``nbgrader_config.py``) calls :func:`prepare_process` first.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

__all__ = ["THREAD_VARIABLES", "prepare_process"]

#: environment variables that size the BLAS and OpenMP thread pools of a new process
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _tools_on_path() -> None:
    # nbgrader shells out to ``alembic`` when it creates a gradebook; when the virtual
    # environment's bin/ is not on PATH that fails and leaves a broken database behind.
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if not parts or parts[0] != bindir:
        os.environ["PATH"] = os.pathsep.join([bindir, *[p for p in parts if p != bindir]])


def prepare_process(*, kernel_threads: int = 1) -> None:
    """Put this interpreter's ``bin/`` first on PATH and size the kernels' thread pools.

    Kernels inherit the environment. Grading runs several kernels side by side, and a
    multi-threaded BLAS in each of them makes small fits many times slower on a machine
    with few cores, so each kernel gets ``kernel_threads`` threads unless the environment
    already says otherwise. nbgrader's known harmless SQLAlchemy warning on a first
    autograde is silenced.

    Examples
    --------
    >>> prepare_process()
    >>> os.environ["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    True
    """
    _tools_on_path()
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(kernel_threads))
    warnings.filterwarnings("ignore", message=".*not in session.*")
