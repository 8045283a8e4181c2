"""Grade one unit of work: one student's week, from the submitted folder to its record.

A grading worker is a process with nbgrader's API loaded once (:func:`start_worker`), a
:class:`~autograder.planner`-style cache of expected answers, and a running sandbox
(:mod:`autograder.sandbox`). For each unit, :func:`grade_unit`

1. takes in the submitted folder (:mod:`autograder.intake`): each expected notebook is
   rebuilt from the released one and the student's answer cells;
2. plans the grading (:class:`autograder.judge.Planner`): which cases each exercise is
   graded on, with their expected answers, computed here from the answer key; the kernels
   get only the inputs (the inbox) and the student's scenario data;
3. runs nbgrader's ``Autograde``: each notebook in a fresh kernel forked in the sandbox
   (:class:`autograder.execute.SafeExecute`), then :class:`autograder.judge.Judge` turns
   the answers the kernel recorded into the grader's verdicts, which nbgrader saves;
4. makes the feedback pages (:mod:`autograder.feedback`) -- the grader's messages, never
   the kernel's outputs -- and checks them for hidden tests;
5. reads its own scores back from the gradebook and writes the unit's record and log
   (:mod:`autograder.records`), then cleans the sandbox for the next unit.

A unit is independent and idempotent: grading it again gives the same record.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.config import course_config
from autograder.feedback import add_late_note, hidden_snippets
from autograder.gradebook import unit_scores
from autograder.intake import Intake, IntakeStatus, SourceNotebook, take_in
from autograder.judge import Planner, write_inbox
from autograder.late import Lateness
from autograder.outcomes import NotebookOutcome, read_outcome
from autograder.process import prepare_process
from autograder.records import QuestionGrade, Record, Row, RowStatus, write_log
from autograder.sandbox import Sandbox
from autograder.settings import (
    cpu_limit_seconds,
    memory_limit_mb,
    process_limit,
    speedups_enabled,
    unit_timeout,
)
from autograder.unit import UnitRun, Verdict, install_unit
from course_lib.contract import HINT_PREFIX

__all__ = ["NO_FIGURES", "Unit", "UnitResult", "WorkerSetup", "grade_unit", "grading_config",
           "start_worker", "stop_worker"]

#: kernel option that turns matplotlib's figures into their text description, undrawn
NO_FIGURES = "--InlineBackend.figure_formats=[]"


@dataclass(frozen=True)
class WorkerSetup:
    """What every grading worker of a run shares."""

    course_dir: Path
    source: Path
    db_url: str
    secret: bytes
    #: a short folder for the sandboxes' sockets and the units' folders
    runtime: Path
    preload: tuple[str, ...] = ()
    #: (where course_lib is, the folder of its views), for the sandbox
    library: tuple[Path, Path] | None = None
    #: (week, notebook) -> the view of course_lib that notebook's kernel sees
    views: dict[tuple[str, str], Path] = field(default_factory=dict)
    hidden: tuple[Path, ...] = ()
    sandbox: bool = True
    figures: bool = False


@dataclass(frozen=True)
class Unit:
    """One unit of work: a student's week, submitted in ``folder``.

    ``student`` is the id graded with (the roster's, always usable by nbgrader);
    ``label`` is how the student appears in the grades CSV (the folder's own name).
    """

    student: str
    week: str
    folder: Path
    label: str = ""
    #: the late policy's verdict on this submission (shown in its feedback)
    lateness: Lateness | None = None


@dataclass
class UnitResult:
    """A graded unit: its record, and problems of the course (not of the submission)."""

    record: Record
    problems: list[str] = field(default_factory=list)


def grading_config(course_dir: Path, source: Path, db_url: str, figures: bool = False) -> Any:
    """The nbgrader config workers grade with: the course's, with the grader's preprocessors.

    Kernels run in the sandbox (:class:`~autograder.execute.SafeExecute`); the judge
    replaces the test cells' outputs by its verdicts before nbgrader saves the grades.
    Unless ``figures`` is true, kernels do not draw matplotlib figures (a figure's output
    is its one-line description): figures never count for the score.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import (
        AssignLatePenalties,
        CheckCellMetadata,
        LimitOutput,
        SaveAutoGrades,
    )

    from autograder.execute import SafeExecute
    from autograder.judge import Judge

    config = course_config(course_dir, source_dir=source, db_url=db_url)
    config.Autograde.autograde_preprocessors = [
        SafeExecute, Judge, ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades,
        AssignLatePenalties, CheckCellMetadata,
    ]
    config.OverwriteCells.add_missing_cells = True
    config.Execute.shutdown_kernel = "immediate"
    config.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    if not figures:
        config.Execute.extra_arguments.append(NO_FIGURES)
    return config


_WORKER: dict[str, Any] = {}


def start_worker(setup: WorkerSetup, index: int = 0) -> None:
    """Load nbgrader's API in this process (the initializer of a grading worker)."""
    import logging

    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    prepare_process()
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    config = grading_config(setup.course_dir, setup.source, setup.db_url, setup.figures)
    if speedups_enabled():
        from autograder import patches

        patches.install()
    _WORKER.update(api=NbGraderAPI(coursedir=CourseDirectory(config=config), config=config),
                   setup=setup, sources={}, planner=Planner(setup.secret),
                   snippets=hidden_snippets(sorted(setup.source.glob("*/*.ipynb"))),
                   index=index, units=0, sandbox=None)


def stop_worker() -> None:
    """Stop this worker's sandbox (at the end of a run)."""
    sandbox = _WORKER.get("sandbox")
    if sandbox is not None:
        sandbox.close()
        _WORKER["sandbox"] = None


def _sources(week: str) -> dict[str, SourceNotebook]:
    cache = _WORKER["sources"]
    if week not in cache:
        source: Path = _WORKER["setup"].source
        cache[week] = {p.stem: SourceNotebook.read(p)
                       for p in sorted((source / week).glob("*.ipynb"))}
    return cache[week]


def _sandbox() -> Sandbox:
    """The worker's sandbox, started (again) when needed."""
    setup: WorkerSetup = _WORKER["setup"]
    sandbox: Sandbox | None = _WORKER["sandbox"]
    if sandbox is not None and (not sandbox.alive() or not sandbox.isolates_units):
        sandbox.close()
        sandbox = None
    if sandbox is None:
        state = setup.runtime / f"worker-{_WORKER['index']}"
        sandbox = Sandbox(state, setup.preload, library=setup.library,
                          hidden=setup.hidden, enabled=setup.sandbox).start()
        _WORKER.update(sandbox=sandbox)
    return sandbox


def _prepare_folder(run: UnitRun, taken: Path, learner: str) -> None:
    """Make the unit's folder: the student's other files, the kernels' home, the inbox."""
    shutil.rmtree(run.folder, ignore_errors=True)
    for sub in ("work", "home", "io/inbox", "io/outbox"):
        (run.folder / sub).mkdir(parents=True, exist_ok=True)
    for item in taken.rglob("*"):
        if item.is_file() and item.suffix != ".ipynb":
            rel = item.relative_to(taken)
            (run.work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item, run.work / rel)
    write_inbox(run.plans.values(), run.grading_dir)
    from answer_key.flight import SOLVERS, solved_scenario
    from course_lib.flight.ids import normalize_learner_id

    data = {"scenarios": {name: {normalize_learner_id(learner): solved_scenario(name, learner)
                                 .scenario.to_data()} for name in SOLVERS}}
    (run.folder / "course_data.json").write_text(json.dumps(data), encoding="utf-8")
    if run.sandbox.as_root:
        for path in [run.folder, *run.folder.rglob("*")]:
            os.chown(path, run.uid, run.uid)
        os.chmod(run.folder, 0o700)


@dataclass
class _Autograded:
    """What nbgrader's steps did for one unit."""

    errors: dict[str, str] = field(default_factory=dict)
    feedback_error: str = ""
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    #: why grading the unit was stopped before its end ("" when it was not)
    stopped: str = ""


def _tail(text: str | None, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


def _autograde(unit: Unit, notebooks: list[str]) -> _Autograded:
    from nbgrader.apps.api import temp_attrs

    api = _WORKER["api"]
    done = _Autograded()
    result = api.autograde(unit.week, unit.student, force=True, create=True)
    done.log.append(result.get("log") or "")
    if not result.get("success"):
        # one notebook must not take the others down: grade them one at a time
        done.log.append("autograde of the whole week failed; grading each notebook alone\n"
                        + (result.get("error") or ""))
        for name in notebooks:
            with temp_attrs(api.coursedir, notebook_id=name):
                single = api.autograde(unit.week, unit.student, force=True, create=True)
            done.log.append(single.get("log") or "")
            if not single.get("success"):
                done.errors[name] = _tail(single.get("error") or single.get("log"))
    feedback = api.generate_feedback(unit.week, unit.student, force=True)
    done.log.append(feedback.get("log") or "")
    if not feedback.get("success"):
        done.feedback_error = _tail(feedback.get("error") or feedback.get("log"))
    return done


def grade_unit(unit: Unit) -> UnitResult:
    """Grade one student's week; write its record and log; return them.

    Runs in a worker started with :func:`start_worker`.
    """
    setup: WorkerSetup = _WORKER["setup"]
    start = time.monotonic()
    sources = _sources(unit.week)
    target = setup.course_dir / "submitted" / unit.student / unit.week
    releases = {name: setup.course_dir / "release" / unit.week / f"{name}.ipynb"
                for name in sources}
    learner = unit.label or unit.student  # the roster's id: what a learner id must be
    taken = take_in(unit.folder, sources, releases, target, learner)
    (setup.course_dir / "autograded" / unit.student / unit.week).mkdir(parents=True,
                                                                      exist_ok=True)
    graded = [i.notebook for i in taken.intakes if i.status is IntakeStatus.OK]
    done = _Autograded()
    run = None
    if graded:
        sandbox = _sandbox()
        _WORKER["units"] += 1
        uid = sandbox.kernel_uid(_WORKER["index"], _WORKER["units"])
        run = UnitRun(sandbox, sandbox.units / f"unit{_WORKER['units']}", uid, {},
                      limits={"as": memory_limit_mb() << 20, "cpu": cpu_limit_seconds(),
                              "nproc": process_limit(), "fsize": 256 << 20,
                              "nofile": 1024})
        planner: Planner = _WORKER["planner"]
        for name in graded:
            for test_id, exercises in sources[name].test_exercises.items():
                run.test_cells[test_id] = exercises
                for exercise_id in exercises:
                    run.plans[exercise_id] = planner.plan(exercise_id, learner)
        _prepare_folder(run, target, learner)
        run.env = run.kernel_env(run.folder / "course_data.json")
        run.snippets = _WORKER["snippets"]
        run.views = {name: setup.views[(unit.week, name)] for name in graded
                     if (unit.week, name) in setup.views}
        install_unit(run)
        limit = unit_timeout()
        fired = threading.Event()

        def stop_unit() -> None:
            fired.set()
            sandbox.kill()

        watchdog = threading.Timer(limit, stop_unit)
        watchdog.daemon = True
        watchdog.start()
        try:
            done = _autograde(unit, graded)
            done.problems.extend(run.problems)
        finally:
            watchdog.cancel()
            if fired.is_set():
                done.stopped = (f"grading was stopped: the week took more than {limit} s in "
                                "all (COURSE_UNIT_TIMEOUT); notebooks not graded by then "
                                "score 0")
            install_unit(None)
            sandbox.sweep(uid)
            sandbox.wipe()
            shutil.rmtree(run.folder, ignore_errors=True)
    api = _WORKER["api"]
    scores = unit_scores(setup.db_url, api.coursedir.course_id, unit.student, unit.week)
    record = Record(unit.label or unit.student, unit.week, [], {}, 0.0)
    for intake in taken.intakes:
        path = setup.course_dir / "autograded" / unit.student / unit.week / \
            f"{intake.notebook}.ipynb"
        outcome = read_outcome(path) if intake.status is IntakeStatus.OK else NotebookOutcome()
        _add_rows(record, intake, sources[intake.notebook].points, done, scores, outcome,
                  run.verdicts if run is not None else {})
    if unit.lateness is not None and unit.lateness.late:
        feedback = setup.course_dir / "feedback" / unit.student / unit.week
        for row in record.rows:
            page = feedback / f"{row.notebook}.html"
            if row.status is RowStatus.GRADED and page.is_file():
                add_late_note(page, unit.lateness, row.score, row.max_score)
    record.seconds = time.monotonic() - start
    record.save(setup.course_dir / "records" / unit.week / f"{unit.student}.json")
    write_log(setup.course_dir / "logs" / unit.student / f"{unit.week}.log", record,
              taken.notes, "\n".join(x for x in done.log if x), "\n".join(done.problems))
    return UnitResult(record, done.problems)


def _failure(verdicts: list[Verdict]) -> str:
    """The hint (or the first line) of a test cell's first failing verdict."""
    for verdict in verdicts:
        if verdict.complete:
            continue
        for line in verdict.message.splitlines():
            if line.strip().startswith(HINT_PREFIX):
                return line.strip()[len(HINT_PREFIX):].strip()[:200]
        lines = verdict.message.splitlines()
        return (lines[1].strip() if len(lines) > 1 else lines[0])[:200]
    return ""


def _add_rows(record: Record, intake: Intake, max_score: float, done: _Autograded,
              scores: Any, outcome: NotebookOutcome,
              verdicts: dict[str, list[Verdict]]) -> None:
    name = intake.notebook
    student, week = record.student_id, record.week
    notes = list(intake.notes)
    if intake.status is IntakeStatus.MISSING:
        record.rows.append(Row(student, week, name, 0.0, max_score, RowStatus.MISSING,
                               "; ".join(notes)))
        return
    if intake.status is IntakeStatus.UNREADABLE:
        record.rows.append(Row(student, week, name, 0.0, max_score, RowStatus.ERROR,
                               "; ".join(notes)))
        return
    error = done.errors.get(name)
    if done.stopped:
        notes.append(done.stopped)
    notes.extend(outcome.events)
    if done.feedback_error:
        notes.append("feedback failed: " + done.feedback_error)
    score = scores.notebooks.get(name)
    if error or score is None:
        record.rows.append(Row(student, week, name, 0.0, max_score, RowStatus.ERROR, "; ".join(
            [*notes, f"nbgrader could not grade it: {error or '?'}"])))
        return
    record.rows.append(Row(student, week, name, score, max_score, RowStatus.GRADED,
                           "; ".join(notes)))
    for grade_id, (notebook, points, most) in scores.questions.items():
        if notebook != name:
            continue
        failure = _failure(verdicts.get(grade_id, []))
        if not failure and grade_id in outcome.failures:
            failure = outcome.failures[grade_id].hint
        record.questions[grade_id] = QuestionGrade(notebook, points, most,
                                                   failure if points < most else None)
