"""Grade a whole class: find the units of work, grade them in parallel, write the grades CSV.

:func:`grade_class` is what ``course grade`` runs:

1. find every (student, week) in the submissions folder (:mod:`autograder.layout`);
2. check the gradebook (a corrupt sqlite file is set aside and rebuilt), enter the weeks'
   source notebooks in it (:mod:`autograder.gradebook`), read the course secret
   (:mod:`autograder.secret`) and make each notebook's view of the library for the
   sandbox (:mod:`autograder.library_view`);
3. start a pool of worker processes (one per core by default), each with its own sandbox,
   and grade every unit (:func:`autograder.worker.grade_unit`); a worker that crashes is
   replaced and its unit tried once more, then recorded as an error;
4. write the grades CSV after every unit that finishes, from every unit's record (a
   ``pending`` row for a student found but not yet graded), so a crash keeps what was done.

Once grading has started nothing stops the batch: every student found ends with rows.
Re-running grades everything again and rewrites the same files (idempotent).
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from autograder.config import course_config
from autograder.course_settings import read_course_settings
from autograder.errors import CourseError
from autograder.gradebook import prepare_weeks, repair, sqlite_ready, use_wal
from autograder.intake import SourceNotebook
from autograder.late import Lateness, assess
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
    sandbox: bool = True
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
    #: problems of the course itself that need the instructor (a withheld feedback cell,
    #: course_lib changed during the run): `course grade` exits 1 with them
    problems: list[str] = field(default_factory=list)
    #: folders of the submissions folder that were not graded, with the reason
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: SHA-256 of the course_lib that graded (checked unchanged at the end)
    library: str = ""
    #: what the run handled by itself but the instructor should know (a corrupt gradebook
    #: set aside and rebuilt)
    notices: list[str] = field(default_factory=list)
    #: (student, week) -> the late policy's verdict on its submission (autograder.late)
    lateness: dict[tuple[str, str], Lateness] = field(default_factory=dict)


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


def _unit_record(label: str, week: str, source: Path, status: RowStatus,
                 message: str) -> Record:
    """A record with the same row for every expected notebook (a crash, or not graded)."""
    notebooks = [SourceNotebook.read(p) for p in sorted((source / week).glob("*.ipynb"))]
    return Record(label, week, [Row(label, week, nb.name, 0.0, nb.points, status, message)
                                for nb in notebooks], graded_at=0.0)


_SLOT: dict[str, Any] = {}


def _start(setup: WorkerSetup) -> None:
    """Initializer of a worker: claim a free slot number (its sandbox folder and uids)."""
    slots = setup.runtime
    slots.mkdir(parents=True, exist_ok=True)
    for index in range(1, 500):
        handle = open(slots / f"slot-{index}.lock", "w")  # noqa: SIM115 - held for life
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        _SLOT["lock"] = handle
        start_worker(setup, index)
        return
    raise RuntimeError("no free sandbox slot")


def _run_pool(units: Sequence[Unit], jobs: int, setup: WorkerSetup,
              step: Callable[[str], None],
              finished: Callable[[Unit, UnitResult], None]) -> dict[tuple[str, str], UnitResult]:
    results: dict[tuple[str, str], UnitResult] = {}
    pending = list(units)
    attempts: dict[tuple[str, str], int] = {}
    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context,
                                 initializer=_start, initargs=(setup,)) as pool:
            futures: dict[Future, Unit] = {pool.submit(grade_unit, u): u for u in pending}
            pending = []
            for future in as_completed(futures):
                unit = futures[future]
                key = (unit.label, unit.week)
                try:
                    results[key] = future.result()
                    step(f"{unit.label}/{unit.week} ({results[key].record.seconds:.1f}s)")
                    finished(unit, results[key])
                    continue
                except BrokenProcessPool:
                    attempts[key] = attempts.get(key, 0) + 1
                    if attempts[key] < 2:
                        pending.append(unit)
                        continue
                    message = "the grading process crashed twice on this submission"
                except Exception as exc:  # noqa: BLE001 - record, never lose a student
                    message = f"grading failed: {type(exc).__name__}: {exc}"
                record = _unit_record(unit.label, unit.week, setup.source, RowStatus.ERROR,
                                      message)
                record.save(setup.course_dir / "records" / unit.week / f"{unit.student}.json")
                results[key] = UnitResult(record)
                step(f"{unit.label}/{unit.week}: ERROR")
                finished(unit, results[key])
    return results


def _graded_exercises(week: str, notebooks: Sequence[SourceNotebook]) -> dict[str, list[str]]:
    """The exercises each notebook's test cells grade; every test cell must grade one.

    Raises
    ------
    CourseError
        If a test cell grades no exercise of the course (``course grade`` judges answers
        outside the kernel, with the answer key: it cannot judge a plain ``assert``).
    """
    from course_lib.exercises.registry import get_exercise

    found: dict[str, list[str]] = {}
    wrong = []
    for nb in notebooks:
        found[nb.name] = []
        for test_id, ids in nb.test_exercises.items():
            if not ids:
                wrong.append(f"{week}/{nb.name}: {test_id} calls no grade(\"<exercise id>\", ...)")
            for exercise_id in ids:
                try:
                    get_exercise(exercise_id)
                except KeyError:
                    wrong.append(f"{week}/{nb.name}: {test_id} grades {exercise_id!r}, which is "
                                 "not an exercise of the course")
                found[nb.name].append(exercise_id)
    if wrong:
        raise CourseError("the grader judges answers against the course's answer key; these "
                          "test cells cannot be judged:\n  " + "\n  ".join(wrong))
    return found


def _short_folder() -> str | None:
    """A writable folder with a short path for the run's sockets (``None``: the default)."""
    for folder in ("/var/tmp", "/tmp"):
        if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def grade_class(submissions: Path, options: Options | None = None) -> Report:
    """Grade every submission in ``submissions`` (``DIR/<student>/<week>/*.ipynb``).

    Returns the :class:`Report`; writes the CSV, records, logs and feedback under
    ``options.course_dir``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.library_view import LIBRARY, build_view, library_hash
    from autograder.sandbox import hidden_packages
    from autograder.secret import course_secret
    from autograder.zygote import preload_list

    options = options or Options()
    started = time.monotonic()
    phases: dict[str, float] = {}
    problems: list[str] = []
    notices: list[str] = []

    def phase(name: str) -> None:
        phases[name] = time.monotonic() - started - sum(phases.values())

    course_dir = options.course_dir.resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    source = options.source.resolve()
    settings = read_course_settings(course_dir)  # a bad course.toml stops before grading
    own = (course_dir / "submitted").resolve()
    given = Path(submissions).resolve()
    if given == own or own in given.parents:
        raise CourseError(
            f"{submissions} is (or holds) the course's own working folder {own}, which grading "
            "rewrites: collect the submissions somewhere else (e.g. `course collect WEEK --to "
            "submissions/`) and grade that folder")
    found = discover(submissions, weeks_in(source))
    everyone = found.submissions
    # the late policy (autograder.late), from each folder's timestamp.txt
    lateness = {key: assess(settings, key[0], key[1], sub.folder)
                for key, sub in everyone.items()}
    todo = everyone
    if options.student is not None:
        todo = {k: v for k, v in everyone.items() if k[0] == options.student}
        if not todo:
            raise CourseError(f"no submission of student {options.student!r} in {submissions}")
    prepare_process()
    library = library_hash()
    config = course_config(course_dir, source_dir=source)
    db_url = sqlite_ready(config.CourseDirectory.db_url)
    config.CourseDirectory.db_url = db_url
    repaired = repair(db_url)
    if repaired:
        notices.append(repaired)
        todo = everyone  # the new gradebook must hold every student again, not only one
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    weeks = sorted({w for _, w in todo})
    phase("start")
    prepare_weeks(api, weeks)
    use_wal(db_url)
    phase("gradebook (generate_assignment)")
    sources = {week: [SourceNotebook.read(p) for p in sorted((source / week).glob("*.ipynb"))]
               for week in weeks}
    exercises = {week: _graded_exercises(week, sources[week]) for week in weeks}
    views = {(week, name): build_view(ids, course_dir / "views")
             for week in weeks for name, ids in exercises[week].items()}
    # the sandboxes' sockets live here: a UNIX socket's path must be short (108 bytes); not
    # in /tmp, which each sandbox has a private one of
    runtime = Path(tempfile.mkdtemp(prefix="course-grade-", dir=_short_folder()))
    setup = WorkerSetup(course_dir, source, db_url, course_secret(course_dir), runtime,
                        tuple(preload_list(sorted(source.glob("*/*.ipynb")))),
                        (LIBRARY, course_dir / "views"), views, hidden_packages(),
                        options.sandbox, options.figures)
    phase("library views")

    out = options.out or course_dir / "grades.csv"
    records: dict[tuple[str, str], Record] = {}
    for (student, week), sub in sorted(everyone.items()):
        path = course_dir / "records" / week / f"{sub.nbgrader_id}.json"
        if (student, week) not in todo and path.exists():
            records[(student, week)] = Record.load(path)
        else:
            records[(student, week)] = _unit_record(
                student, week, source, RowStatus.PENDING,
                "not graded yet: run `course grade` without --student"
                if (student, week) not in todo else "being graded")

    def finished(unit: Unit, result: UnitResult) -> None:
        records[(unit.label, unit.week)] = result.record
        problems.extend(result.problems)
        write_csv([row for key in sorted(records) for row in records[key].rows], out, lateness)

    units = [Unit(sub.nbgrader_id, week, sub.folder, student, lateness[(student, week)])
             for (student, week), sub in sorted(todo.items())]
    step = _progress_printer(options.progress, len(units))
    try:
        _run_pool(units, options.jobs or default_jobs(), setup, step, finished)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    phase("grading (workers)")
    rows = [row for key in sorted(records) for row in records[key].rows]
    write_csv(rows, out, lateness)
    if library_hash() != library:
        problems.append("course_lib changed while the class was graded: grade again")
    phase("records, logs, CSV")
    return Report(rows, sorted(todo), time.monotonic() - started, out,
                  [records[k] for k in sorted(records)], phases, problems, found.skipped,
                  library, notices, lateness)


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
    late = sorted((key, x) for key, x in report.lateness.items() if x.late)
    if late:
        lines.append(f"late: {len(late)} submission(s): " + ", ".join(
            f"{student}/{week} -{100 * x.penalty:g}%" for (student, week), x in late[:10])
            + (" ..." if len(late) > 10 else "") + " (the CSV's late_note says why)")
    for name, why in report.skipped:
        lines.append(f"  not graded: {name!r}: {why}")
    problems = [r for r in rows if r.status in (RowStatus.ERROR, RowStatus.PENDING)]
    for row in problems[:10]:
        lines.append(f"  {row.status.value}: {row.student_id}/{row.week}/{row.notebook}: "
                     f"{row.message}")
    if len(problems) > 10:
        lines.append(f"  ... and {len(problems) - 10} more (see the CSV)")
    for notice in report.notices:
        lines.append(f"  note: {notice}")
    for problem in report.problems:
        lines.append(f"  course problem: {problem}")
    return "\n".join(lines)
