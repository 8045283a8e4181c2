"""Validate a notebook as nbgrader's Validate button does, on the course's quick kernels, warm.

nbgrader's Validate runs the whole notebook in a new kernel and reports the test cells that
fail. Most of its wait is not the notebook: a new Python kernel imports NumPy, pandas,
matplotlib and the course library before the first cell runs, and nbgrader itself takes
seconds to import. Here:

- the kernel is one of the course's quick kernels
  (:mod:`course_lib.exercises.quick_kernels`);
- a :class:`WarmKernel` is started *before* it is needed -- in the learner's lab as soon as
  the server is up and again after each validation, in ``course validate`` while nbgrader is
  being imported -- and has already imported the modules the course's notebooks use
  (:data:`PRELOAD`); it is moved to the notebook's folder just before the notebook runs and
  shut down after it, so every validation still runs in a kernel no notebook has touched;
- all of it runs on one worker thread, so the lab's server keeps answering meanwhile.

The verdicts are nbgrader's own (its ``Validator``: checksums, changed cells, failing test
cells); only the kernel differs. :func:`validate_notebook` returns them as nbgrader's
dictionary (what the Validate button shows) inside a :class:`ValidationResult`.

Examples
--------
>>> result = ValidationResult({"failed": [{"source": "check(...)", "error": "x"}]})
>>> result.passed, result.failed_count
(False, 1)
>>> print(result.text())
1 test cell(s) did not pass.
  check(...)
    x
"""

from __future__ import annotations

import concurrent.futures
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PRELOAD", "ValidationResult", "WarmKernel", "validate_notebook"]

#: what a warm kernel imports before it is needed: the modules nearly every notebook uses
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "course_lib",
           "course_lib.exercises", "course_lib.plotting")
#: the arguments nbgrader's Execute gives a Python kernel
KERNEL_ARGUMENTS = ("--HistoryManager.hist_file=:memory:",)
_WORKER = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")


@dataclass(frozen=True)
class ValidationResult:
    """nbgrader's validation results, with the questions a caller asks of them.

    Parameters
    ----------
    results : dict
        What ``nbgrader.validator.Validator.validate`` returns: ``{}`` when every test
        passes, else one of ``"failed"``, ``"changed"``, ``"type_changed"`` (or
        ``"passed"`` with ``invert``), each a list of cells.
    seconds : float
        How long the validation took.
    """

    results: dict[str, Any]
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """Whether every test cell passed and no locked or graded cell was changed."""
        return not any(self.results.get(k) for k in ("failed", "changed", "type_changed"))

    @property
    def failed_count(self) -> int:
        """How many test cells failed (or changed, or changed type)."""
        return sum(len(self.results.get(k) or ()) for k in ("failed", "changed", "type_changed"))

    def text(self, width: int = 2) -> str:
        """The results as plain text, one failing cell per entry (last lines of its error)."""
        if self.passed:
            return "All tests passed."
        if self.results.get("type_changed"):
            return (f"{self.failed_count} cell(s) changed type (code <-> markdown): restore "
                    "them, or fetch the notebook again.")
        if self.results.get("changed"):
            return (f"{self.failed_count} locked or test cell(s) were changed: restore them, or "
                    "fetch the notebook again.")
        lines = [f"{self.failed_count} test cell(s) did not pass."]
        for cell in self.results.get("failed", []):
            lines.append("  " + cell.get("source", "").strip().splitlines()[0])
            error = (cell.get("raw_error") or cell.get("error") or "").strip().splitlines()
            lines += ["    " + line for line in error[-width:]]
        return "\n".join(lines)


class WarmKernel:
    """A quick kernel started ahead of time, with :data:`PRELOAD` imported.

    Start one with :meth:`start` (it returns at once: the kernel starts on the validation
    thread); :func:`validate_notebook` takes it, runs one notebook in it and shuts it
    down. A kernel that died or is not ready in time is replaced by a new one.

    Parameters
    ----------
    root : path
        The folder the kernel starts in.
    preload : sequence of str
        Modules to import in it before it is used.
    keep_warm : bool
        Start the next kernel as soon as one is used (the lab); ``False`` for a one-off
        validation (``course validate``).
    """

    def __init__(self, root: str | os.PathLike[str] = ".",
                 preload: Sequence[str] = PRELOAD, *, keep_warm: bool = True) -> None:
        self.root = str(root)
        self.preload = tuple(preload)
        self.keep_warm = keep_warm
        self._future: concurrent.futures.Future[Any] | None = None
        self._lock = threading.Lock()

    def start(self) -> WarmKernel:
        """Start the kernel in the background (no-op if one is starting or ready)."""
        with self._lock:
            if self._future is None:
                self._future = _WORKER.submit(self._start)
        return self

    def _start(self) -> Any:
        from jupyter_core.utils import run_sync

        from course_lib.exercises.quick_kernels import QuickKernelManager

        km = QuickKernelManager(kernel_name="python3")
        run_sync(km.start_kernel)(cwd=self.root, extra_arguments=list(KERNEL_ARGUMENTS))
        if self.preload:
            _run_code(km, "\n".join(f"import {name}" for name in self.preload))
        return km

    def take(self) -> Any | None:
        """The started kernel manager (``None`` if none is ready or it failed).

        Called on the validation thread: a kernel still queued behind the caller is
        cancelled (the caller starts its own).
        """
        with self._lock:
            future, self._future = self._future, None
        if future is None or (not future.done() and future.cancel()):
            return None
        try:
            return future.result(timeout=60)
        except Exception:  # noqa: BLE001 - a kernel that failed to start: start a new one
            return None


def _run_code(km: Any, code: str, timeout: float = 60) -> None:
    """Run ``code`` in the kernel with a short-lived client; raise if it fails."""
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        reply = kc.execute_interactive(code, store_history=False, timeout=timeout,
                                       output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the warm kernel could not run {code!r}: "
                               f"{reply['content'].get('ename')}")
    finally:
        kc.stop_channels()


def _validator(km: Any, notebook_dir: str) -> Any:
    """nbgrader's Validator whose Execute step runs in ``km`` (or a new quick kernel)."""
    from nbgrader.preprocessors import CheckCellMetadata, ClearOutput, Execute
    from nbgrader.validator import Validator

    from course_lib.exercises.quick_kernels import QuickKernelManager

    class WarmExecute(Execute):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            kwargs["kernel_manager_class"] = QuickKernelManager
            super().__init__(**kwargs)

        def preprocess(self, nb: Any, resources: Any = None, km: Any = None) -> Any:
            if km is None and warm is not None:
                _run_code(warm, f"import os; os.chdir({notebook_dir!r})")
                km = warm
            return super().preprocess(nb, resources, km=km)

    warm = km
    validator = Validator(config=_nbgrader_config())
    validator.preprocessors = [CheckCellMetadata, ClearOutput, WarmExecute]
    return validator


def _nbgrader_config() -> Any:
    """nbgrader's configuration as its own Validate handler loads it."""
    from jupyter_core.paths import jupyter_config_path
    from nbgrader.apps import NbGrader

    app = NbGrader()
    app.config_file_paths.append([os.getcwd(), *jupyter_config_path()])
    app.load_config_file()
    return app.config


def _shutdown(km: Any) -> None:
    from jupyter_core.utils import run_sync

    try:
        run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - already gone
        pass


def _validate(path: Path, warm: WarmKernel | None) -> ValidationResult:
    began = time.perf_counter()
    km = warm.take() if warm is not None else None
    try:
        results = _validator(km, str(path.parent)).validate(str(path))
    finally:
        if km is not None:
            _shutdown(km)
        if warm is not None and warm.keep_warm:
            warm.start()  # the next validation's kernel, started now
    return ValidationResult(dict(results), time.perf_counter() - began)


def validate_notebook(path: str | os.PathLike[str], *,
                      warm: WarmKernel | None = None) -> ValidationResult:
    """Validate one notebook: run it in a fresh quick kernel and report nbgrader's verdicts.

    Parameters
    ----------
    path : path
        The notebook (``.ipynb``).
    warm : WarmKernel, optional
        A kernel started ahead of time; it is used up, and a new one started for next time.
        Without one, a new quick kernel is started.

    Returns
    -------
    ValidationResult

    Raises
    ------
    FileNotFoundError
        If the notebook does not exist.
    ValueError
        If the path is not an ``.ipynb`` file.
    """
    path = Path(path).resolve()
    if path.suffix != ".ipynb":
        raise ValueError(f"validate a notebook (.ipynb file), got {path.name!r}")
    if not path.is_file():
        raise FileNotFoundError(f"no notebook at {path}")
    import nbgrader.validator  # noqa: F401 - imported here while the kernel starts there

    return _WORKER.submit(_validate, path, warm).result()
