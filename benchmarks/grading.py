"""Grading a class: stock ``nbgrader autograde`` against ``course grade``, beside two floors.

A synthetic class (``--students``, default 40) of week-1 submissions is made from the
course's own notebooks: a mix of correct (solutions), wrong (untouched releases),
partial (every other answer left as released) and broken ones (a notebook that is not
JSON, a missing notebook, a ``sys.exit()``). It is then graded several ways, each on
the same machine, one after the other:

1. **stock**: ``nbgrader autograde week1`` (one command for the whole class, the
   course's configuration; nbgrader grades students one after another, in-kernel tests);
2. **course grade**: ``course grade`` as an instructor runs it -- every kernel in the
   bubblewrap sandbox, answers judged by the grader outside the kernels, parallel
   workers, warm forked kernels, feedback, logs and statistics included; figures
   described, not drawn (the default);
3. **course grade --no-sandbox**: the same without the sandbox, to measure what the
   sandbox costs per notebook;
4. **course grade --figures**: sandboxed, drawing every figure as stock nbgrader does;
5. with ``--floors``: **nbclient floor**, the same notebooks executed with nbclient in
   fresh kernels, one worker per core, nothing else; and **compute floor**, the
   notebooks' own code cells run in an already warm process (imports done).

It prints the wall times and the ratios, the sandbox's cost per notebook, and checks that
stock nbgrader and ``course grade`` gave the same score to every notebook both graded.

    python benchmarks/grading.py                  # 40 students, all cores
    python benchmarks/grading.py --students 8     # quicker
    python benchmarks/grading.py --floors         # also the two floors (about 15 min more)

The README gives the figures last measured on the project's machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# everything this run starts (nbgrader, course grade, kernels) uses this checkout's code, even
# where the virtual environment's editable install points at another one (a frozen copy)
os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])

from autograder.process import prepare_process  # noqa: E402
from autograder.run import default_jobs  # noqa: E402
from autograder.settings import SOLUTIONS  # noqa: E402

WEEK = "week1"
BIN = Path(sys.executable).parent


def make_class(root: Path, students: int, seed: int = 0) -> tuple[Path, dict[str, str]]:
    """Write ``root/subs/<student>/week1/*.ipynb``; return the folder and each student's kind."""
    import nbformat

    from autograder.release import generate_release

    release = root / "release"
    generate_release(release)
    sources = sorted((SOLUTIONS / WEEK).glob("*.ipynb"))
    rng = random.Random(seed)
    kinds = {}
    subs = root / "subs"
    for i in range(students):
        student = f"s{i:03d}"
        kind = ("correct", "correct", "wrong", "partial", "partial", "correct", "partial",
                "broken", "correct", "wrong")[i % 10]
        kinds[student] = kind
        folder = subs / student / WEEK
        folder.mkdir(parents=True)
        for n, path in enumerate(sources):
            target = folder / path.name
            if kind == "correct":
                shutil.copy(path, target)
            elif kind == "wrong":
                shutil.copy(release / WEEK / path.name, target)
            elif kind == "partial":
                nb = nbformat.read(str(path), as_version=4)
                stub = nbformat.read(str(release / WEEK / path.name), as_version=4)
                stubs = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source
                         for c in stub.cells}
                answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
                for j, cell in enumerate(answers):
                    if (j + i) % 2:
                        cell.source = stubs.get(cell.metadata["nbgrader"]["grade_id"],
                                                cell.source)
                nbformat.write(nb, str(target))
            else:  # broken: one notebook not JSON, one missing, one exits, rest correct
                choice = (n + rng.randrange(3)) % 3 if n < 3 else 3
                if choice == 0:
                    target.write_text('{"cells": [', encoding="utf-8")
                elif choice == 1:
                    continue
                elif choice == 2:
                    nb = nbformat.read(str(path), as_version=4)
                    nb.cells.insert(1, nbformat.v4.new_code_cell("import sys\nsys.exit(1)",
                                                                 id="bench-exit"))
                    nbformat.write(nb, str(target))
                else:
                    shutil.copy(path, target)
    return subs, kinds


def run_stock(root: Path, subs: Path) -> float:
    """``nbgrader autograde week1`` for the whole class; return the seconds it took."""
    course = root / "stock"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from autograder.config import course_config\n"
        "c = get_config()\n"
        f"c.merge(course_config({str(course)!r}))\n", encoding="utf-8")
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("COURSE_GRADEBOOK_URL", None)
    subprocess.run([str(BIN / "nbgrader"), "generate_assignment", WEEK, "--force"], cwd=course,
                   env=env, capture_output=True, check=True)
    shutil.copytree(subs, course / "submitted")
    start = time.monotonic()
    subprocess.run([str(BIN / "nbgrader"), "autograde", WEEK, "--force"], cwd=course, env=env,
                   capture_output=True)  # exits 1 when a submission is broken: expected
    return time.monotonic() - start


def run_course_grade(root: Path, subs: Path, jobs: int, *extra: str,
                     folder: str = "ours") -> float:
    """``course grade`` for the whole class; return the seconds it took."""
    env = dict(os.environ)
    env.pop("COURSE_GRADEBOOK_URL", None)
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder.cli", "grade", str(subs),
                           "--course-dir", str(root / folder), "-q", "-j", str(jobs), *extra],
                          env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.monotonic() - start
    if done.returncode != 0:  # say why, and keep the other figures
        print(f"  course grade {' '.join(extra)} exited {done.returncode}: "
              f"{done.stderr.strip()[-500:]}", flush=True)
    return seconds


def _readable(subs: Path) -> list[Path]:
    out = []
    for path in sorted(subs.glob(f"*/{WEEK}/*.ipynb")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
            out.append(path)
        except (ValueError, UnicodeDecodeError):
            continue
    return out


def _nbclient_one(path: str) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(Path(path).parent)}}
                   ).execute(stderr=subprocess.DEVNULL)


def run_nbclient_floor(subs: Path, jobs: int) -> float:
    """Execute every readable notebook in a fresh kernel, ``jobs`` at a time."""
    paths = [str(p) for p in _readable(subs)]
    start = time.monotonic()
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_nbclient_one, paths))
    return time.monotonic() - start


def _warm_up(modules: list[str]) -> None:
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - a module a notebook imports but lacks
            continue


def _compute_one(path: str) -> float:
    """Run the code cells of one notebook in this (warm) process; return their seconds."""
    import contextlib
    import io

    import nbformat

    nb = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__main__", "display": lambda *a, **k: None}
    spent = 0.0
    cwd = os.getcwd()
    os.chdir(Path(path).parent)
    try:
        for cell in nb.cells:
            if cell.cell_type != "code" or cell.source.lstrip().startswith(("%", "!")):
                continue
            start = time.perf_counter()
            try:
                with contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    exec(compile(cell.source, "<cell>", "exec"), namespace)  # noqa: S102
            except BaseException:  # noqa: BLE001 - SystemExit and errors are part of the mix
                pass
            spent += time.perf_counter() - start
            import matplotlib.pyplot as plt

            plt.close("all")
    finally:
        os.chdir(cwd)
    return spent


def run_compute_floor(subs: Path, jobs: int, modules: list[str]) -> float:
    """The notebooks' own cells in warm processes, ``jobs`` at a time (imports not counted)."""
    paths = [str(p) for p in _readable(subs)]
    with ProcessPoolExecutor(jobs, initializer=_warm_up, initargs=(modules,)) as pool:
        list(pool.map(_warm_up, [modules] * jobs))  # every worker has imported before timing
        start = time.monotonic()
        list(pool.map(_compute_one, paths))
        return time.monotonic() - start


def compare_scores(root: Path) -> tuple[int, list[tuple[str, str]]]:
    """Scores both graders gave: (notebooks compared, [(student, difference)])."""
    from nbgrader.api import Gradebook

    from autograder.settings import COURSE_ID

    def scores(db: Path) -> dict[tuple[str, str], float]:
        found = {}
        with Gradebook(f"sqlite:///{db}", COURSE_ID) as gb:
            for submission in gb.find_assignment(WEEK).submissions:
                for nb in submission.notebooks:
                    found[(submission.student.id, nb.name)] = float(nb.score)
        return found

    stock = scores(root / "stock" / "gradebook.db")
    diffs = []
    names = {"ours": "course grade", "open": "course grade --no-sandbox",
             "drawn": "course grade --figures"}
    for folder, name in names.items():
        ours = scores(root / folder / "gradebook.db")
        common = sorted(set(stock) & set(ours))
        diffs += [(k[0], f"{k[0]}/{k[1]}: stock {stock[k]:g}, {name} {ours[k]:g}")
                  for k in common if abs(stock[k] - ours[k]) > 1e-9]
    return len(common), diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--floors", action="store_true",
                        help="also time the nbclient and compute floors")
    args = parser.parse_args(argv)
    prepare_process()
    os.environ["PATH"] = f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    root = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        subs, kinds = make_class(root, args.students)
        mix = {k: list(kinds.values()).count(k) for k in sorted(set(kinds.values()))}
        notebooks = len(sorted((SOLUTIONS / WEEK).glob("*.ipynb")))
        print(f"class: {args.students} students x {notebooks} week-1 notebooks {mix}; "
              f"{args.jobs} core(s) used; {os.cpu_count()} on the machine", flush=True)
        from autograder.zygote import notebook_imports

        modules = notebook_imports(sorted((SOLUTIONS / WEEK).glob("*.ipynb")))
        timings = {}
        timings["stock nbgrader autograde"] = run_stock(root, subs)
        print(f"  stock nbgrader autograde: {timings['stock nbgrader autograde']:.1f}s",
              flush=True)
        timings["course grade"] = run_course_grade(root, subs, args.jobs)
        print(f"  course grade: {timings['course grade']:.1f}s", flush=True)
        timings["course grade --no-sandbox"] = run_course_grade(
            root, subs, args.jobs, "--no-sandbox", folder="open")
        print(f"  course grade --no-sandbox: {timings['course grade --no-sandbox']:.1f}s",
              flush=True)
        timings["course grade --figures"] = run_course_grade(root, subs, args.jobs, "--figures",
                                                             folder="drawn")
        print(f"  course grade --figures: {timings['course grade --figures']:.1f}s", flush=True)
        if args.floors:
            timings["nbclient floor"] = run_nbclient_floor(subs, args.jobs)
            print(f"  nbclient, fresh kernels: {timings['nbclient floor']:.1f}s", flush=True)
            timings["compute floor"] = run_compute_floor(subs, args.jobs, modules)
            print(f"  cells in warm processes: {timings['compute floor']:.1f}s", flush=True)
        compared, diffs = compare_scores(root)
        ours = timings["course grade"]
        print("\nresult (wall seconds, lower is better):")
        for name, seconds in timings.items():
            print(f"  {name:28s} {seconds:8.1f}s   {seconds / ours:5.2f} x course grade")
        stock = timings["stock nbgrader autograde"]
        print(f"\nstock nbgrader / course grade = {stock / ours:.2f}")
        print(f"stock nbgrader / course grade --figures = "
              f"{stock / timings['course grade --figures']:.2f}")
        graded = len(_readable(subs))
        cost = (ours - timings["course grade --no-sandbox"]) * args.jobs / graded
        print(f"sandbox cost: {ours - timings['course grade --no-sandbox']:+.1f}s wall for "
              f"{graded} notebooks = {cost:+.2f} core-seconds per notebook "
              f"(course grade --no-sandbox / course grade = "
              f"{timings['course grade --no-sandbox'] / ours:.2f})")
        if args.floors:
            print(f"course grade / nbclient floor  = {ours / timings['nbclient floor']:.2f}")
            print(f"course grade / compute floor   = {ours / timings['compute floor']:.2f}")
        broken = [line for student, line in diffs if kinds[student] == "broken"]
        others = [line for student, line in diffs if kinds[student] != "broken"]
        print(f"scores compared on {compared} notebooks graded by both: {len(others)} "
              f"difference(s) on correct, wrong and partial submissions")
        for line in others[:10]:
            print("  " + line)
        print(f"  and {len(broken)} on broken submissions (both course grade runs counted): "
              "stock nbgrader stops at a notebook it cannot read and leaves the student's "
              "other notebooks at 0")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
