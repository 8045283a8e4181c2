"""Grade a whole class: find the units of work, grade them in parallel, write the grades CSV.

:func:`grade_class` is what ``course grade`` runs:

1. find every (student, week) in the submissions folder (:mod:`autograder.layout`);
2. enter the weeks' source notebooks in the gradebook (:mod:`autograder.gradebook`);
3. start the warm zygote that forks the grading kernels (:mod:`autograder.zygote`) and a
   pool of worker processes (one per core by default), and grade every unit
   (:func:`autograder.worker.grade_unit`); a worker that crashes is replaced and its unit
   tried once more, then recorded as an error;
4. write the grades CSV from every unit's record (a ``pending`` row for a student found but
   not graded in this run, e.g. after ``--student``).

Re-running grades everything again and rewrites the same files (idempotent).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from autograder.config import course_config
from autograder.errors import CourseError
from autograder.gradebook import prepare_weeks, sqlite_ready, use_wal
from autograder.intake import SourceNotebook
from autograder.layout import discover, weeks_in
from autograder.process import prepare_process
from autograder.records import Record, Row, RowStatus, write_csv
from autograder.settings import DEFAULT_COURSE_DIR, SOLUTIONS
from autograder.worker import Unit, UnitResult, WorkerSetup, grade_unit, start_worker

__all__ = ["Options", "Report", "default_jobs", "grade_class", "summary"]


@dataclass
class Options:
    """How :func:`grade_class` runs."""

    course_dir: Path = DEFAULT_COURSE_DIR
    source: Path = SOLUTIONS
    out: Path | None = None
    jobs: int = 0
    student: str | None = None
    warm: bool = True
    figures: bool = False
    progress: TextIO | None = None


@dataclass
class Report:
    """What a grading run produced."""

    rows: list[Row]
    graded: list[tuple[str, str]]
    seconds: float
    csv_path: Path
    records: list[Record]
    phases: dict[str, float] = field(default_factory=dict)
    #: problems of the course itself (e.g. a feedback page that showed hidden tests)
    problems: list[str] = field(default_factory=list)


def default_jobs() -> int:
    """Worker processes by default: every core this process may use.

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _progress_printer(stream: TextIO | None, total: int) -> Callable[[str], None]:
    done = {"n": 0}
    started = time.monotonic()
    tty = bool(stream) and hasattr(stream, "isatty") and stream.isatty()

    def step(label: str) -> None:
        done["n"] += 1
        if stream is None:
            return
        n = done["n"]
        elapsed = time.monotonic() - started
        eta = elapsed / n * (total - n)
        width = 24
        filled = int(width * n / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        line = f"[{bar}] {n}/{total} {label}  ({elapsed:.0f}s, ~{eta:.0f}s left)"
        if tty:
            stream.write("\r\x1b[K" + line + ("\n" if n == total else ""))
        else:
            stream.write(line + "\n")
        stream.flush()

    return step


def _unit_record(student: str, week: str, source: Path, status: RowStatus,
                 message: str) -> Record:
    """A record with the same row for every expected notebook (a crash, or not graded)."""
    notebooks = [SourceNotebook.read(p) for p in sorted((source / week).glob("*.ipynb"))]
    return Record(student, week, [Row(student, week, nb.name, 0.0, nb.points, status, message)
                                  for nb in notebooks], graded_at=0.0)


def _run_pool(units: Sequence[Unit], jobs: int, setup: WorkerSetup,
              step: Callable[[str], None]) -> dict[tuple[str, str], UnitResult]:
    results: dict[tuple[str, str], UnitResult] = {}
    pending = list(units)
    attempts: dict[tuple[str, str], int] = {}
    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context,
                                 initializer=start_worker, initargs=(setup,)) as pool:
            futures: dict[Future, Unit] = {pool.submit(grade_unit, u): u for u in pending}
            pending = []
            for future in as_completed(futures):
                unit = futures[future]
                key = (unit.student, unit.week)
                try:
                    results[key] = future.result()
                    step(f"{unit.student}/{unit.week} ({results[key].record.seconds:.1f}s)")
                    continue
                except BrokenProcessPool:
                    attempts[key] = attempts.get(key, 0) + 1
                    if attempts[key] < 2:
                        pending.append(unit)
                        continue
                    message = "the grading process crashed twice on this submission"
                except Exception as exc:  # noqa: BLE001 - record, never lose a student
                    message = f"grading failed: {type(exc).__name__}: {exc}"
                record = _unit_record(unit.student, unit.week, setup.source, RowStatus.ERROR,
                                      message)
                record.save(setup.course_dir / "records" / unit.week / f"{unit.student}.json")
                results[key] = UnitResult(record)
                step(f"{unit.student}/{unit.week}: ERROR")
    return results


def grade_class(submissions: Path, options: Options | None = None) -> Report:
    """Grade every submission in ``submissions`` (``DIR/<student>/<week>/*.ipynb``).

    Returns the :class:`Report`; writes the CSV, records, logs and feedback under
    ``options.course_dir``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.zygote import Zygote, preload_list

    options = options or Options()
    started = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = time.monotonic() - started - sum(phases.values())

    course_dir = options.course_dir.resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    source = options.source.resolve()
    found = discover(submissions, weeks_in(source))
    todo = found
    if options.student is not None:
        todo = {k: v for k, v in found.items() if k[0] == options.student}
        if not todo:
            raise CourseError(f"no submission of student {options.student!r} in {submissions}")
    prepare_process()

    zygote = None
    if options.warm:
        zygote = Zygote(preload_list(sorted(source.glob("*/*.ipynb"))))
        zygote.launch()  # imports while the gradebook is prepared
    try:
        config = course_config(course_dir, source_dir=source)
        db_url = sqlite_ready(config.CourseDirectory.db_url)
        config.CourseDirectory.db_url = db_url
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        phase("start")
        prepare_weeks(api, sorted({w for _, w in todo}))
        use_wal(db_url)
        phase("gradebook (generate_assignment)")
        if zygote is not None:
            try:
                zygote.wait_ready()
            except RuntimeError as exc:
                if options.progress is not None:
                    options.progress.write(f"warm kernels unavailable ({exc}); "
                                           "starting a new interpreter per notebook\n")
                zygote.close()
                zygote = None
            phase("waiting for the zygote")
        setup = WorkerSetup(course_dir, source, db_url, zygote.address if zygote else None,
                            options.figures)
        units = [Unit(student, week, folder) for (student, week), folder in sorted(todo.items())]
        step = _progress_printer(options.progress, len(units))
        results = _run_pool(units, options.jobs or default_jobs(), setup, step)
        phase("grading (workers)")
    finally:
        if zygote is not None:
            zygote.close()

    records = []
    for student, week in sorted(found):
        path = course_dir / "records" / week / f"{student}.json"
        result = results.get((student, week))
        if result is not None:
            record = result.record
        elif path.exists():
            record = Record.load(path)
        else:
            record = _unit_record(student, week, source, RowStatus.PENDING,
                                  "not graded yet: run `course grade` without --student")
        records.append(record)
    rows = [row for record in records for row in record.rows]
    out = options.out or course_dir / "grades.csv"
    write_csv(rows, out)
    phase("records, logs, CSV")
    problems = [p for r in results.values() for p in r.problems]
    return Report(rows, sorted(todo), time.monotonic() - started, out, records, phases, problems)


def summary(report: Report) -> str:
    """A few lines for the instructor at the end of a run."""
    rows = report.rows
    students = sorted({r.student_id for r in rows})
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row.status.value] = by_status.get(row.status.value, 0) + 1
    graded = [r for r in rows if r.status is RowStatus.GRADED]
    mean = (sum(r.score for r in graded) / sum(r.max_score for r in graded)
            if graded and sum(r.max_score for r in graded) else 0.0)
    parts = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
    lines = [f"graded {len(report.graded)} submission(s) in {report.seconds:.1f}s; "
             f"{len(students)} student(s), {len(rows)} notebook row(s): {parts}",
             f"class average on graded notebooks: {100 * mean:.0f}%"]
    if report.phases:
        lines.append("time: " + ", ".join(f"{name} {seconds:.1f}s"
                                          for name, seconds in report.phases.items()))
    problems = [r for r in rows if r.status in (RowStatus.ERROR, RowStatus.PENDING)]
    for row in problems[:10]:
        lines.append(f"  {row.status.value}: {row.student_id}/{row.week}/{row.notebook}: "
                     f"{row.message}")
    if len(problems) > 10:
        lines.append(f"  ... and {len(problems) - 10} more (see the CSV)")
    return "\n".join(lines)
