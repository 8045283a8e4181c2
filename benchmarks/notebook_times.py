"""Time every source notebook end to end, as a learner runs it (kernel start included).

Usage::

    .venv/bin/python benchmarks/notebook_times.py [--week week1] [--threads 1]

Each notebook runs in a fresh kernel with nbclient, one at a time. The figure printed
per notebook is the wall time from kernel start to the last cell; the table also gives
a baseline: an empty notebook that only imports numpy, pandas, matplotlib and
course_lib, so the notebook's own cost can be read off as the difference.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
BASELINE = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import numpy, pandas, matplotlib.pyplot as plt\n"
    "import course_lib\nfrom course_lib import check"
)])


def run(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={
        "metadata": {"path": str(cwd)}})
    client.execute()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--week", help="only this week's notebooks (week1 or week2)")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS threads per kernel (default: the library's own choice)")
    args = parser.parse_args()
    if args.threads:
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = str(args.threads)
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    paths = sorted((REPO / "solutions").glob(f"{args.week or 'week*'}/*.ipynb"))
    baseline = run(BASELINE, REPO)
    print(f"{'notebook':45s} {'wall (s)':>9s} {'minus baseline':>15s}")
    print(f"{'(baseline: kernel start + imports)':45s} {baseline:9.1f}")
    total = 0.0
    for path in paths:
        seconds = run(nbformat.read(str(path), as_version=4), path.parent)
        total += seconds
        name = f"{path.parent.name}/{path.stem}"
        print(f"{name:45s} {seconds:9.1f} {seconds - baseline:15.1f}", flush=True)
    print(f"{'total':45s} {total:9.1f}   ({len(paths)} notebooks, load average "
          f"{os.getloadavg()[0]:.1f} at the end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
