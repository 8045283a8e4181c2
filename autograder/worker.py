"""Grade one unit of work: one student's week, from the submitted folder to its record.

A grading worker is a process with nbgrader's API loaded once (:func:`start_worker`). For
each unit, :func:`grade_unit`

1. takes in the submitted folder (:mod:`autograder.intake`): damaged notebooks are found
   and explained before nbgrader sees them;
2. runs nbgrader's ``Autograde`` on the notebooks that can be graded, each in a fresh
   kernel run by :class:`autograder.execute.SafeExecute` (forked from the warm zygote of
   :mod:`autograder.zygote` when one is running);
3. re-checks every passing hidden test outside the kernel (:mod:`autograder.rejudge`) and
   withdraws the points of a faked pass in the gradebook;
4. makes the feedback pages and checks them for hidden tests (:mod:`autograder.feedback`);
5. reads its own scores back from the gradebook and writes the unit's record and log
   (:mod:`autograder.records`).

A unit is independent and idempotent: grading it again gives the same record.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.config import course_config
from autograder.feedback import hidden_snippets, leaks
from autograder.gradebook import unit_scores, withdraw
from autograder.intake import Intake, IntakeStatus, SourceNotebook, extra_files, take_in
from autograder.outcomes import Failure, NotebookOutcome, read_outcome
from autograder.process import prepare_process
from autograder.records import QuestionGrade, Record, Row, RowStatus, write_log
from autograder.rejudge import faked_passes
from autograder.settings import speedups_enabled

__all__ = ["NO_FIGURES", "Unit", "UnitResult", "WorkerSetup", "grade_unit", "grading_config",
           "start_worker"]

#: kernel option that turns matplotlib's figures into their text description, undrawn
NO_FIGURES = "--InlineBackend.figure_formats=[]"


@dataclass(frozen=True)
class WorkerSetup:
    """What every grading worker of a run shares."""

    course_dir: Path
    source: Path
    db_url: str
    zygote: str | None = None
    figures: bool = False


@dataclass(frozen=True)
class Unit:
    """One unit of work: a student's week, submitted in ``folder``."""

    student: str
    week: str
    folder: Path


def grading_config(course_dir: Path, source: Path, db_url: str, figures: bool = False) -> Any:
    """The nbgrader config workers grade with: the course's, plus the safety settings.

    Unless ``figures`` is true, the kernels do not draw matplotlib figures: a figure's
    output is its one-line text description (``<Figure size 640x480 with 1 Axes>``).
    Figures never count for the score, and drawing them is slow; a learner's own
    ``savefig`` still draws.
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
    return config


_WORKER: dict[str, Any] = {}


def start_worker(setup: WorkerSetup) -> None:
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
    if setup.zygote is not None:
        from autograder.zygote import ZygoteClient, install_zygote

        install_zygote(ZygoteClient(setup.zygote))
    _WORKER["api"] = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    _WORKER["setup"] = setup
    _WORKER["sources"] = {}
    _WORKER["snippets"] = hidden_snippets(sorted(setup.source.glob("*/*.ipynb")))


def _tail(text: str | None, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


def _sources(week: str) -> dict[str, SourceNotebook]:
    cache = _WORKER["sources"]
    if week not in cache:
        source: Path = _WORKER["setup"].source
        cache[week] = {p.stem: SourceNotebook.read(p)
                       for p in sorted((source / week).glob("*.ipynb"))}
    return cache[week]


@dataclass
class _Autograded:
    """What nbgrader's steps did for one unit."""

    errors: dict[str, str] = field(default_factory=dict)
    feedback_error: str = ""
    withdrawn: dict[str, dict[str, str]] = field(default_factory=dict)
    leaked: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


def _autograde(unit: Unit, notebooks: Sequence[str]) -> _Autograded:
    from nbgrader.apps.api import temp_attrs

    api = _WORKER["api"]
    course_dir = _WORKER["setup"].course_dir
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
    for name in notebooks:
        path = course_dir / "autograded" / unit.student / unit.week / f"{name}.ipynb"
        if name in done.errors or not path.exists():
            continue
        found = faked_passes(path)
        if found:
            withdraw(api.coursedir.db_url, api.coursedir.course_id, unit.week, unit.student,
                     name, list(found))
            done.withdrawn[name] = found
    feedback = api.generate_feedback(unit.week, unit.student, force=True)
    done.log.append(feedback.get("log") or "")
    if not feedback.get("success"):
        done.feedback_error = _tail(feedback.get("error") or feedback.get("log"))
    pages = course_dir / "feedback" / unit.student / unit.week
    for page in sorted(pages.glob("*.html")):
        leaked = leaks(page.read_text(encoding="utf-8"), _WORKER["snippets"])
        if leaked:
            page.unlink()
            done.leaked.append(f"feedback {page} showed hidden tests ({leaked[0]!r}); removed it")
    return done


def _outcome(path: Path, withdrawn: dict[str, str]) -> NotebookOutcome:
    outcome = read_outcome(path)
    for grade_id, reason in withdrawn.items():
        outcome.failures[grade_id] = Failure("Rejudged", reason)
        outcome.events.append(f"{grade_id}: points withdrawn, the hidden tests failed when "
                              f"re-checked outside the kernel ({reason})")
    return outcome


@dataclass
class UnitResult:
    """A graded unit: its record, and problems of the course (not of the submission)."""

    record: Record
    problems: list[str] = field(default_factory=list)


def grade_unit(unit: Unit) -> UnitResult:
    """Grade one student's week; write its record and log; return them.

    Runs in a worker started with :func:`start_worker`. A feedback page that shows hidden
    tests is removed and reported in :attr:`UnitResult.problems`.
    """
    setup: WorkerSetup = _WORKER["setup"]
    start = time.monotonic()
    sources = _sources(unit.week)
    target = setup.course_dir / "submitted" / unit.student / unit.week
    intakes = take_in(unit.folder, sources, target)
    (setup.course_dir / "autograded" / unit.student / unit.week).mkdir(parents=True,
                                                                      exist_ok=True)
    graded = [i.notebook for i in intakes if i.status is IntakeStatus.OK]
    done = _autograde(unit, graded) if graded else _Autograded()
    api = _WORKER["api"]
    scores = unit_scores(setup.db_url, api.coursedir.course_id, unit.student, unit.week)
    record = Record(unit.student, unit.week, [], {}, 0.0)
    for intake in intakes:
        path = setup.course_dir / "autograded" / unit.student / unit.week / \
            f"{intake.notebook}.ipynb"
        outcome = (_outcome(path, done.withdrawn.get(intake.notebook, {}))
                   if intake.status is IntakeStatus.OK else NotebookOutcome())
        _add_rows(record, intake, sources[intake.notebook].points, done, scores, outcome)
    record.seconds = time.monotonic() - start
    record.save(setup.course_dir / "records" / unit.week / f"{unit.student}.json")
    write_log(setup.course_dir / "logs" / unit.student / f"{unit.week}.log", record,
              extra_files(unit.folder, intakes), "\n".join(x for x in done.log if x),
              "\n".join(done.leaked))
    return UnitResult(record, done.leaked)


def _add_rows(record: Record, intake: Intake, max_score: float, done: _Autograded,
              scores: Any, outcome: NotebookOutcome) -> None:
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
        failure = outcome.failures.get(grade_id)
        record.questions[grade_id] = QuestionGrade(
            notebook, points, most,
            (failure.hint if failure else "") if points < most else None)
