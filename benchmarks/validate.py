"""Validate, stock and course, against the notebook's own run time, side by side.

For each notebook (release versions, as a learner validates them), in one run:

- **own run**: the notebook executed top to bottom in a new kernel (nbclient, stock kernel
  manager) -- the time Validate cannot go below by much;
- **button, stock**: nbgrader's ``Validator`` in a process that has nbgrader loaded (what
  nbgrader's Validate button does in the server);
- **button, course**: :func:`course_lib.exercises.notebook_validation.validate_notebook` with
  a warm kernel started beforehand (what the course's Validate button does once the lab is
  up);
- **cli, stock / course**: ``nbgrader validate FILE`` and ``course validate FILE`` as
  commands, from process start to exit.

    .venv/bin/python benchmarks/validate.py [--runs 2] [NOTEBOOK ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = ["week1/02_single_number_metric.ipynb", "week1/08_avoidable_bias.ipynb",
           "week2/01_error_analysis.ipynb"]


def _own_run(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    began = time.perf_counter()
    NotebookClient(nb, timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - began


def _button_stock(path: Path) -> float:
    from nbgrader.validator import Validator

    began = time.perf_counter()
    Validator().validate(str(path))
    return time.perf_counter() - began


def _button_course(path: Path) -> float:
    from course_lib.exercises.notebook_validation import WarmKernel, validate_notebook

    warm = WarmKernel(path.parent, keep_warm=False).start()
    time.sleep(6.0)
    began = time.perf_counter()
    validate_notebook(path, warm=warm)
    return time.perf_counter() - began


def _command(cmd: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("notebooks", nargs="*", default=DEFAULT)
    args = parser.parse_args()
    os.environ.setdefault("WORKBOOK_STATE", "/tmp/benchmark-validate-state")
    bindir = Path(sys.executable).parent
    print(f"{'notebook':40} {'own run':>8} {'btn stock':>10} {'btn course':>11} "
          f"{'cli stock':>10} {'cli course':>11}")
    for name in args.notebooks:
        path = REPO / "notebooks" / name
        rows: dict[str, list[float]] = {k: [] for k in
                                        ("own", "bstock", "bcourse", "cstock", "ccourse")}
        for _ in range(args.runs):
            rows["own"].append(_own_run(path))
            rows["bstock"].append(_button_stock(path))
            rows["bcourse"].append(_button_course(path))
            rows["cstock"].append(_command([str(bindir / "nbgrader"), "validate", str(path)]))
            rows["ccourse"].append(_command([str(bindir / "course"), "validate", str(path)]))
        med = {k: statistics.median(v) for k, v in rows.items()}
        print(f"{name:40} {med['own']:7.1f}s {med['bstock']:9.1f}s {med['bcourse']:10.1f}s "
              f"{med['cstock']:9.1f}s {med['ccourse']:10.1f}s")
        print(f"{'':40} button: course - own run = {med['bcourse'] - med['own']:+.1f} s, "
              f"stock/course = {med['bstock'] / med['bcourse']:.2f}x; "
              f"cli: stock/course = {med['cstock'] / med['ccourse']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
