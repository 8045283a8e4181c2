"""Grade a whole class in parallel with nbgrader's own autograde.

:func:`grade_class` is what ``course grade`` runs. Per run:

1. the week's source notebooks are (re)entered in the gradebook with nbgrader's
   ``generate_assignment`` (the gradebook is the single record of grades);
2. each student's folder is taken in (:mod:`autograder.intake`): unreadable, missing,
   renamed or damaged notebooks are found and explained before nbgrader sees them;
3. a pool of worker processes (one per core by default) runs nbgrader's ``Autograde``
   and ``GenerateFeedback`` in-process (``NbGraderAPI``, no command-line start per
   student); their kernels are forked from one warm *zygote* that has already imported
   the course's libraries (:mod:`autograder.zygote`), each kernel a fresh process with a
   memory and CPU cap, run by :class:`autograder.execute.SafeExecute` (dead kernels,
   stuck cells and output floods become recorded errors, not lost students) and
   driven without jupyter_client's fixed waits (:mod:`autograder.kernels`); figures
   are described, not drawn, unless ``figures=True`` (:func:`grading_config`);
4. the scores are read back from the gradebook and written with the reasons to one
   record per student and week (``<course>/records/``), a log per student
   (``<course>/logs/``), the grades CSV and the per-question statistics.

Re-running grades everything again and rewrites the same files (idempotent);
``student=`` re-grades one student and keeps the others' records. Every expected
notebook of every student found gets a row: ``graded``, ``missing``, ``error`` (with the
reason) or ``pending`` (found but never graded, after a ``--student`` run).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from autograder.config import (
    DEFAULT_COURSE_DIR,
    SOLUTIONS,
    cell_timeout,
    course_config,
    ensure_tools_on_path,
    limit_kernel_threads,
)
from autograder.errors import CourseError

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
CSV_COLUMNS = ["student_id", "week", "notebook", "score", "max_score", "status", "message"]
#: error names SafeExecute and Python put in outputs, and what they mean for a notebook.
EVENTS = {
    "KernelDied": "the kernel died (os._exit, a crash, a kill or the memory limit)",
    "CellDidNotStop": "a cell ignored the interrupt at the time limit; its kernel was killed",
    "CellTimeoutError": "a cell hit the time limit ({timeout} s) and was interrupted",
    "MemoryError": "a cell ran out of memory (limit {memory} MiB)",
    "SystemExit": "the notebook called sys.exit()",
}


@dataclass
class Row:
    """One line of the grades CSV."""

    student_id: str
    week: str
    notebook: str
    score: float
    max_score: float
    status: str
    message: str = ""


@dataclass
class Record:
    """What one grading run found for one student's week (stored as JSON)."""

    student_id: str
    week: str
    rows: list[Row]
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    graded_at: float = 0.0

    @classmethod
    def load(cls, path: Path) -> Record:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["rows"] = [Row(**r) for r in data["rows"]]
        return cls(**data)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")
        os.replace(tmp, path)


def weeks_in(source: Path = SOLUTIONS) -> list[str]:
    """The assignments (week folders) of the course, sorted."""
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def discover(submissions: Path, weeks: Sequence[str]) -> dict[tuple[str, str], Path]:
    """Map (student, week) to the submitted folder; reject unusable layouts clearly."""
    if not submissions.is_dir():
        raise CourseError(f"{submissions} is not a folder of submissions "
                          "(expected DIR/<student>/<week>/*.ipynb)")
    found: dict[tuple[str, str], Path] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        if student_dir.name.startswith("."):
            continue
        if not STUDENT_ID.match(student_dir.name):
            raise CourseError(f"{student_dir.name!r} is not a usable student id (letters, digits, "
                              "'_', '.', '@', '-'; at most 64 characters)")
        for week in weeks:
            if (student_dir / week).is_dir():
                found[(student_dir.name, week)] = student_dir / week
    if not found:
        raise CourseError(f"no submissions found in {submissions}: expected "
                          f"DIR/<student>/<week>/*.ipynb with week in {list(weeks)}")
    return found


def default_jobs() -> int:
    """Worker processes by default: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _tail(text: str | None, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


def sqlite_ready(url: str) -> str:
    """Let many processes share a sqlite gradebook: wait for locks instead of failing.

    Examples
    --------
    >>> sqlite_ready("sqlite:////tmp/g.db")
    'sqlite:////tmp/g.db?timeout=120'
    >>> sqlite_ready("postgresql://u@127.0.0.1/db")
    'postgresql://u@127.0.0.1/db'
    """
    if url.startswith("sqlite:") and "timeout=" not in url:
        return url + ("&" if "?" in url else "?") + "timeout=120"
    return url


def _use_wal(url: str) -> None:
    if not url.startswith("sqlite:"):
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA journal_mode=WAL"))
    finally:
        engine.dispose()


def _quiet_warnings() -> None:
    """Silence nbgrader's known harmless SQLAlchemy warning on a first autograde."""
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")


# --- worker processes --------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


#: kernel option that turns matplotlib's figures into their text description, undrawn
NO_FIGURES = "--InlineBackend.figure_formats=[]"


def grading_config(course_dir: Path, source: Path, db_url: str, figures: bool = False):
    """The nbgrader config workers grade with: the course's, plus the safety settings.

    Unless ``figures`` is true, the kernels do not draw matplotlib figures: a figure's
    output is its one-line text description (``<Figure size 640x480 with 1 Axes>``).
    Figures never count for the score, and drawing each one to a PNG was a quarter of
    a notebook's grading time; a learner's own ``savefig`` still draws.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        IgnorePattern,
        LimitOutput,
        SaveAutoGrades,
    )

    from autograder.execute import SafeExecute

    config = course_config(course_dir, source_dir=source, db_url=db_url)
    config.Autograde.autograde_preprocessors = [
        SafeExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata,
    ]
    config.OverwriteCells.add_missing_cells = True
    config.Execute.shutdown_kernel = "immediate"
    config.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    if not figures:
        config.Execute.extra_arguments.append(NO_FIGURES)
    # warm kernels: SafeExecute forks them when a zygote is installed (see _init_worker)
    return config


def _init_worker(course_dir: str, source: str, db_url: str, zygote: str | None,
                 figures: bool = False) -> None:
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_tools_on_path()
    limit_kernel_threads()
    _quiet_warnings()
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    config = grading_config(Path(course_dir), Path(source), db_url, figures)
    if os.environ.get("COURSE_NO_SPEEDUPS") != "1":
        from autograder import speedups

        speedups.install()
    if zygote is not None:
        from autograder.zygote import ZygoteClient, install_zygote

        install_zygote(ZygoteClient(zygote))
    coursedir = CourseDirectory(config=config)
    _WORKER["api"] = NbGraderAPI(coursedir=coursedir, config=config)
    _WORKER["course_dir"] = Path(course_dir)


def _cell_outcomes(path: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Per test cell: its failure (if any); and notebook-level events, from an autograded nb."""
    import nbformat

    from autograder.execute import NOT_RUN, OUTPUT_CUT
    from autograder.limits import memory_limit_mb

    failures: dict[str, dict[str, str]] = {}
    events: list[str] = []
    cut = OUTPUT_CUT.split("{")[0]
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception:  # noqa: BLE001 - nothing to learn from an unreadable result
        return failures, events
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and cut in output.get("text", ""):
                events.append(f"output of cell {index} was cut (too long)")
            if output.get("output_type") != "error":
                continue
            ename = output.get("ename", "")
            if ename in EVENTS:
                text = EVENTS[ename].format(timeout=cell_timeout(), memory=memory_limit_mb())
                events.append(f"cell {index}: {text}")
            if meta.get("grade") and meta.get("grade_id") and ename != NOT_RUN:
                failures.setdefault(meta["grade_id"], _failure(output))
            elif meta.get("grade") and meta.get("grade_id"):
                failures.setdefault(meta["grade_id"], {"hint": "not run", "error": NOT_RUN})
    return failures, list(dict.fromkeys(events))


def _failure(output: dict[str, Any]) -> dict[str, str]:
    evalue = str(output.get("evalue", ""))
    hint = ""
    for line in evalue.splitlines():
        if line.strip().startswith("Hint:"):
            hint = line.strip()[len("Hint:"):].strip()
            break
    first = next((line.strip() for line in evalue.splitlines() if line.strip()), "")
    hint = hint or f"{output.get('ename')}: {first}"
    return {"error": output.get("ename", ""), "hint": hint[:200]}


def _grade_task(student: str, week: str, notebooks: list[str]) -> dict[str, Any]:
    """Autograde and make feedback for one student's week (runs in a worker)."""
    from nbgrader.apps.api import temp_attrs

    api = _WORKER["api"]
    course_dir: Path = _WORKER["course_dir"]
    start = time.monotonic()
    logs: list[str] = []
    errors: dict[str, str] = {}
    result = api.autograde(week, student, force=True, create=True)
    logs.append(result.get("log") or "")
    if not result.get("success"):
        # one notebook must not take the others down: grade them one at a time
        logs.append("autograde of the whole week failed; grading each notebook alone\n"
                    + (result.get("error") or ""))
        for name in notebooks:
            with temp_attrs(api.coursedir, notebook_id=name):
                single = api.autograde(week, student, force=True, create=True)
            logs.append(single.get("log") or "")
            if not single.get("success"):
                errors[name] = _tail(single.get("error") or single.get("log"))
    overrides = _rejudge(api, course_dir, student, week, notebooks, errors)
    feedback = api.generate_feedback(week, student, force=True)
    logs.append(feedback.get("log") or "")
    feedback_error = "" if feedback.get("success") else _tail(feedback.get("error")
                                                              or feedback.get("log"))
    outcomes = {}
    for name in notebooks:
        path = course_dir / "autograded" / student / week / f"{name}.ipynb"
        failures, events = _cell_outcomes(path)
        for grade_id, reason in overrides.get(name, {}).items():
            failures[grade_id] = {"error": "Rejudged", "hint": reason}
            events.append(f"{grade_id}: points withdrawn, the hidden tests failed when "
                          f"re-checked outside the kernel ({reason})")
        outcomes[name] = {"failures": failures, "events": events}
    return {"student": student, "week": week, "errors": errors, "feedback_error": feedback_error,
            "outcomes": outcomes, "log": "\n".join(x for x in logs if x),
            "seconds": time.monotonic() - start}


def _rejudge(api, course_dir: Path, student: str, week: str, notebooks: list[str],
             errors: dict[str, str]) -> dict[str, dict[str, str]]:
    """Re-check the transcripts of passing hidden tests here, where no learner code ran."""
    from autograder.rejudge import faked_passes, withdraw

    overrides: dict[str, dict[str, str]] = {}
    for name in notebooks:
        path = course_dir / "autograded" / student / week / f"{name}.ipynb"
        if name in errors or not path.exists():
            continue
        found = faked_passes(path)
        if found:
            withdraw(api.coursedir.db_url, api.coursedir.course_id, week, student, name, found)
            overrides[name] = found
    return overrides


# --- the run -----------------------------------------------------------------------------

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


def _prepare_gradebook(api, weeks: Sequence[str]) -> None:
    for week in weeks:
        result = api.generate_assignment(week, force=True, create=True)
        if not result.get("success"):
            raise CourseError(f"could not prepare {week} in the gradebook:\n"
                              f"{_tail(result.get('error') or result.get('log'), 8)}")


def _scores(db_url: str, course_id: str, tasks: Sequence[tuple[str, str]]
            ) -> dict[tuple[str, str], dict[str, Any]]:
    """Per (student, week): notebook scores and per-question grades, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    found: dict[tuple[str, str], dict[str, Any]] = {}
    with Gradebook(db_url, course_id) as gb:
        for student, week in tasks:
            entry: dict[str, Any] = {"notebooks": {}, "questions": {}}
            try:
                submission = gb.find_submission(week, student)
            except MissingEntry:
                found[(student, week)] = entry
                continue
            for nb in submission.notebooks:
                entry["notebooks"][nb.name] = float(nb.score)
                for grade in nb.grades:
                    if grade.cell.cell_type != "code":
                        continue
                    entry["questions"][grade.name] = {
                        "notebook": nb.name, "score": float(grade.score),
                        "max_score": float(grade.max_score)}
            found[(student, week)] = entry
    return found


def _max_scores(db_url: str, course_id: str, weeks: Sequence[str]) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        return {week: {nb.name: float(nb.max_score) for nb in gb.find_assignment(week).notebooks}
                for week in weeks}


def grade_class(submissions: Path, options: Options | None = None) -> Report:
    """Grade every submission in ``submissions`` (``DIR/<student>/<week>/*.ipynb``).

    Returns the :class:`Report`; writes the CSV, records, logs and feedback under
    ``options.course_dir``.
    """
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.intake import SourceNotebook, extra_files, take_in
    from autograder.zygote import Zygote, preload_list

    options = options or Options()
    started = time.monotonic()
    phases: dict[str, float] = {}
    course_dir = options.course_dir.resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    source = options.source.resolve()
    weeks = weeks_in(source)
    found = discover(submissions, weeks)
    if options.student is not None:
        mine = {k: v for k, v in found.items() if k[0] == options.student}
        if not mine:
            raise CourseError(f"no submission of student {options.student!r} in {submissions}")
        todo = mine
    else:
        todo = found
    ensure_tools_on_path()
    limit_kernel_threads()
    _quiet_warnings()

    zygote = None
    if options.warm:
        zygote = Zygote(preload_list(sorted(source.glob("*/*.ipynb"))))
        zygote.launch()  # imports while the gradebook is prepared
    try:
        config = course_config(course_dir, source_dir=source)
        db_url = sqlite_ready(config.CourseDirectory.db_url)
        config.CourseDirectory.db_url = db_url
        course_id = config.CourseDirectory.course_id
        api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        weeks_used = sorted({w for _, w in todo})
        phases["start"] = time.monotonic() - started
        _prepare_gradebook(api, weeks_used)
        _use_wal(db_url)
        phases["gradebook (generate_assignment)"] = time.monotonic() - started - sum(
            phases.values())
        sources = {w: {p.stem: SourceNotebook.read(p) for p in sorted((source / w).glob("*.ipynb"))}
                   for w in weeks_used}
        max_scores = _max_scores(db_url, course_id, weeks_used)

        intakes = {}
        logs_dir = course_dir / "logs"
        for (student, week), folder in sorted(todo.items()):
            target = course_dir / "submitted" / student / week
            intakes[(student, week)] = take_in(folder, sources[week], target)
            (course_dir / "autograded" / student / week).mkdir(parents=True, exist_ok=True)
        runnable = [k for k in sorted(todo) if any(i.status == "ok" for i in intakes[k])]
        phases["intake"] = time.monotonic() - started - sum(phases.values())

        results: dict[tuple[str, str], dict[str, Any]] = {}
        step = _progress_printer(options.progress, len(todo))
        for key in sorted(set(todo) - set(runnable)):
            step(f"{key[0]}/{key[1]}: nothing to grade")
        if runnable:
            if zygote is not None:
                try:
                    zygote.wait_ready()
                    phases["waiting for the zygote"] = (time.monotonic() - started
                                                        - sum(phases.values()))
                except RuntimeError as exc:
                    if options.progress is not None:
                        options.progress.write(f"warm kernels unavailable ({exc}); "
                                               "starting a new interpreter per notebook\n")
                    zygote.close()
                    zygote = None
            jobs = options.jobs or default_jobs()
            results = _run_pool(runnable, intakes, jobs, course_dir, source, db_url,
                                zygote.address if zygote else None, step, options.figures)
            phases["grading (workers)"] = time.monotonic() - started - sum(phases.values())
    finally:
        if zygote is not None:
            zygote.close()

    scores = _scores(db_url, course_id, runnable)
    records: dict[tuple[str, str], Record] = {}
    for key in sorted(todo):
        student, week = key
        record = _make_record(student, week, intakes[key], results.get(key),
                              scores.get(key, {}), max_scores[week])
        record.save(course_dir / "records" / week / f"{student}.json")
        records[key] = record
        _write_log(logs_dir / student / f"{week}.log", record, intakes[key], results.get(key),
                   extra_files(todo[key], intakes[key]))

    all_records = []
    rows: list[Row] = []
    for key in sorted(found):
        student, week = key
        record = records.get(key)
        path = course_dir / "records" / week / f"{student}.json"
        if record is None and path.exists():
            record = Record.load(path)
        if record is None:
            notebooks = [SourceNotebook.read(p) for p in sorted((source / week).glob("*.ipynb"))]
            record = Record(student, week, [
                Row(student, week, nb.name, 0.0, nb.points, "pending",
                    "not graded yet: run `course grade` without --student")
                for nb in notebooks])
        all_records.append(record)
        rows.extend(record.rows)
    out = options.out or course_dir / "grades.csv"
    write_csv(rows, out)
    phases["records, logs, CSV"] = time.monotonic() - started - sum(phases.values())
    return Report(rows, sorted(todo), time.monotonic() - started, out, all_records, phases)


def _run_pool(runnable, intakes, jobs, course_dir, source, db_url, zygote_address, step,
              figures: bool = False) -> dict[tuple[str, str], dict[str, Any]]:
    results: dict[tuple[str, str], dict[str, Any]] = {}
    pending = list(runnable)
    attempts: dict[tuple[str, str], int] = {}
    context = multiprocessing.get_context("spawn")
    while pending:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pending)), mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(str(course_dir), str(source), db_url,
                                           zygote_address, figures)) as pool:
            futures: dict[Future, tuple[str, str]] = {}
            for key in pending:
                names = [i.notebook for i in intakes[key] if i.status == "ok"]
                futures[pool.submit(_grade_task, key[0], key[1], names)] = key
            pending = []
            from concurrent.futures import as_completed

            broken = False
            for future in as_completed(futures):
                key = futures[future]
                try:
                    results[key] = future.result()
                except BrokenProcessPool:
                    attempts[key] = attempts.get(key, 0) + 1
                    broken = True
                    if attempts[key] < 2:
                        pending.append(key)
                        continue
                    results[key] = {"crash": "the grading process crashed twice on this "
                                             "submission"}
                except Exception as exc:  # noqa: BLE001 - record, never lose a student
                    results[key] = {"crash": f"grading failed: {type(exc).__name__}: {exc}"}
                step(_label(key, results[key]))
            if broken:
                pending = sorted(set(pending))
    return results


def _label(key: tuple[str, str], result: dict[str, Any]) -> str:
    if "crash" in result:
        return f"{key[0]}/{key[1]}: ERROR"
    return f"{key[0]}/{key[1]} ({result.get('seconds', 0):.1f}s)"


def _make_record(student: str, week: str, intakes, result: dict[str, Any] | None,
                 scores: dict[str, Any], max_scores: dict[str, float]) -> Record:
    rows = []
    questions: dict[str, dict[str, Any]] = {}
    result = result or {}
    outcomes = result.get("outcomes", {})
    for intake in intakes:
        name = intake.notebook
        max_score = max_scores.get(name, 0.0)
        notes = list(intake.notes)
        if intake.status == "missing":
            rows.append(Row(student, week, name, 0.0, max_score, "missing", "; ".join(notes)))
            continue
        if intake.status == "unreadable":
            rows.append(Row(student, week, name, 0.0, max_score, "error", "; ".join(notes)))
            continue
        if "crash" in result:
            rows.append(Row(student, week, name, 0.0, max_score, "error",
                            "; ".join([*notes, result["crash"]])))
            continue
        error = result.get("errors", {}).get(name)
        outcome = outcomes.get(name, {})
        notes.extend(outcome.get("events", []))
        if result.get("feedback_error"):
            notes.append("feedback failed: " + result["feedback_error"])
        score = scores.get("notebooks", {}).get(name)
        if error or score is None:
            rows.append(Row(student, week, name, 0.0, max_score, "error",
                            "; ".join([*notes, f"nbgrader could not grade it: {error or '?'}"])))
            continue
        rows.append(Row(student, week, name, score, max_score, "graded", "; ".join(notes)))
        failures = outcome.get("failures", {})
        for grade_id, q in scores.get("questions", {}).items():
            if q["notebook"] != name:
                continue
            entry = dict(q)
            if q["score"] < q["max_score"]:
                entry["failure"] = failures.get(grade_id, {}).get("hint", "")
            questions[grade_id] = entry
    return Record(student, week, rows, questions, float(result.get("seconds", 0.0)), time.time())


def _write_log(path: Path, record: Record, intakes, result, extra: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {record.student_id} / {record.week}", ""]
    for row in record.rows:
        lines.append(f"{row.notebook}: {row.status} {row.score:g}/{row.max_score:g}"
                     + (f" - {row.message}" if row.message else ""))
    if extra:
        lines.append(f"not graded (not an expected notebook): {', '.join(extra)}")
    for grade_id, q in sorted(record.questions.items()):
        if q.get("failure") is not None:
            lines.append(f"  {grade_id}: {q['score']:g}/{q['max_score']:g} - {q['failure']}")
    if result:
        lines += ["", "## nbgrader log", result.get("log", "") or "(empty)"]
        if "crash" in result:
            lines += ["", result["crash"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_csv(rows: Sequence[Row], out: Path) -> None:
    """Write the grades CSV (columns :data:`CSV_COLUMNS`)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([row.student_id, row.week, row.notebook, f"{row.score:g}",
                             f"{row.max_score:g}", row.status, row.message])


def summary(report: Report) -> str:
    """A few lines for the instructor at the end of a run."""
    rows = report.rows
    students = sorted({r.student_id for r in rows})
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    graded = [r for r in rows if r.status == "graded"]
    mean = (sum(r.score for r in graded) / sum(r.max_score for r in graded)
            if graded and sum(r.max_score for r in graded) else 0.0)
    parts = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
    lines = [f"graded {len(report.graded)} submission(s) in {report.seconds:.1f}s; "
             f"{len(students)} student(s), {len(rows)} notebook row(s): {parts}",
             f"class average on graded notebooks: {100 * mean:.0f}%"]
    if report.phases:
        lines.append("time: " + ", ".join(f"{name} {seconds:.1f}s"
                                          for name, seconds in report.phases.items()))
    problems = [r for r in rows if r.status in ("error", "pending")]
    for row in problems[:10]:
        lines.append(f"  {row.status}: {row.student_id}/{row.week}/{row.notebook}: {row.message}")
    if len(problems) > 10:
        lines.append(f"  ... and {len(problems) - 10} more (see the CSV)")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - for debugging: python -m autograder.batch DIR
    report = grade_class(Path(sys.argv[1]), Options(progress=sys.stderr))
    print(summary(report))
