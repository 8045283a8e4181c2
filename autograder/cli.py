"""``course``: the instructor's command line.

Subcommands
-----------
build
    Regenerate the learners' ``notebooks/`` from ``solutions/`` with nbgrader
    (deterministic; ``--check`` only reports whether ``notebooks/`` is stale).
grade DIR
    Autograde a folder of submissions laid out as ``DIR/<student>/<week>/*.ipynb``,
    write feedback (without hidden tests) and a grades CSV.
validate NOTEBOOK
    Run a notebook's tests like nbgrader's Validate button, with a real exit code.

Run ``course <subcommand> --help`` for the options of each.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.config import (
    DEFAULT_COURSE_DIR,
    RELEASE,
    SOLUTIONS,
    course_config,
    ensure_tools_on_path,
    limit_kernel_threads,
)

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
CSV_COLUMNS = ["student_id", "week", "notebook", "score", "max_score", "status", "message"]


class CourseError(Exception):
    """A problem the instructor must fix; printed without a traceback."""


def _api(config):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    ensure_tools_on_path()
    limit_kernel_threads()
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


def weeks_in(source: Path = SOLUTIONS) -> list[str]:
    """The assignments (week folders) of the course, sorted."""
    return sorted(p.name for p in source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


# --- build -------------------------------------------------------------------------------

def generate_release(target: Path, source: Path = SOLUTIONS) -> list[Path]:
    """Generate the release of every week into ``target`` with nbgrader; return the files."""
    with tempfile.TemporaryDirectory(prefix="course-build-") as tmp:
        config = course_config(Path(tmp), source_dir=source, release_dir=target,
                               db_url=f"sqlite:///{Path(tmp) / 'build.db'}")
        api = _api(config)
        for week in weeks_in(source):
            result = api.generate_assignment(week, force=True, create=True)
            if not result.get("success"):
                raise CourseError(f"nbgrader could not generate {week}:\n{result.get('log', '')}"
                                  f"\n{result.get('error', '')}")
    return sorted(p for p in target.rglob("*") if p.is_file())


def _relative_files(root: Path) -> set[Path]:
    if not root.exists():
        return set()
    return {p.relative_to(root) for p in root.rglob("*")
            if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts}


def stale_files(built: Path, committed: Path = RELEASE) -> list[str]:
    """Files that differ between a fresh build and ``committed`` (missing, extra, changed)."""
    new, old = _relative_files(built), _relative_files(committed)
    problems = [f"missing: {p}" for p in sorted(new - old)]
    problems += [f"extra (no source): {p}" for p in sorted(old - new)]
    problems += [f"changed: {p}" for p in sorted(new & old)
                 if not filecmp.cmp(built / p, committed / p, shallow=False)]
    return problems


def cmd_build(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        built = Path(args.out).resolve() if args.out else Path(tmp) / "notebooks"
        generate_release(built)
        if args.out:
            print(f"release written to {built} (notebooks/ untouched)")
            return 0
        problems = stale_files(built, RELEASE)
        if args.check:
            if problems:
                print("notebooks/ is stale; run `course build`:\n  " + "\n  ".join(problems))
                return 1
            print("notebooks/ is up to date.")
            return 0
        if RELEASE.exists():
            shutil.rmtree(RELEASE)
        shutil.copytree(built, RELEASE)
    print(f"built notebooks/ from solutions/ ({len(problems)} file(s) changed)")
    for line in problems:
        print("  " + line)
    return 0


# --- grade -------------------------------------------------------------------------------

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


def discover(submissions: Path, weeks: Sequence[str]) -> dict[tuple[str, str], Path]:
    """Map (student, week) to the submitted folder; reject unusable layouts clearly."""
    if not submissions.is_dir():
        raise CourseError(f"{submissions} is not a folder of submissions "
                          "(expected DIR/<student>/<week>/*.ipynb)")
    found: dict[tuple[str, str], Path] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
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


def _tail(text: str, lines: int = 3) -> str:
    kept = [line for line in (text or "").strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])[:500]


def grade_submissions(submissions: Path, course_dir: Path = DEFAULT_COURSE_DIR,
                      out: Path | None = None, source: Path = SOLUTIONS) -> list[Row]:
    """Autograde every submission, write feedback and the grades CSV; return the rows."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.feedback import hidden_snippets, leaks

    course_dir = course_dir.resolve()
    course_dir.mkdir(parents=True, exist_ok=True)
    weeks = weeks_in(source)
    found = discover(submissions, weeks)
    config = course_config(course_dir, source_dir=source)
    api = _api(config)
    for week in sorted({w for _, w in found}):
        result = api.generate_assignment(week, force=True, create=True)
        if not result.get("success"):
            raise CourseError(f"could not prepare {week} in the gradebook:\n{result.get('error')}")

    rows: list[Row] = []
    for (student, week), folder in sorted(found.items()):
        target = course_dir / "submitted" / student / week
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(folder, target)
        result = api.autograde(week, student, force=True, create=True)
        error = "" if result.get("success") else _tail(result.get("error") or result.get("log"))
        if not error:
            feedback = api.generate_feedback(week, student, force=True)
            if not feedback.get("success"):
                error = "feedback failed: " + _tail(feedback.get("error") or feedback.get("log"))
        expected = sorted(p.stem for p in (source / week).glob("*.ipynb"))
        with Gradebook(config.CourseDirectory.db_url, config.CourseDirectory.course_id) as gb:
            for notebook in expected:
                max_score = gb.find_notebook(notebook, week).max_score
                if not (folder / f"{notebook}.ipynb").exists():
                    rows.append(Row(student, week, notebook, 0.0, max_score, "missing",
                                    "notebook not submitted"))
                    continue
                try:
                    nb = gb.find_submission_notebook(notebook, week, student)
                    score = float(nb.score)
                except MissingEntry:
                    score = 0.0
                status = "error" if error else "graded"
                rows.append(Row(student, week, notebook, score, max_score, status, error))

    snippets = hidden_snippets(source.glob("*/*.ipynb"))
    for page in (course_dir / "feedback").rglob("*.html"):
        leaked = leaks(page.read_text(encoding="utf-8"), snippets)
        if leaked:
            page.unlink()
            raise CourseError(f"feedback {page} showed hidden tests ({leaked[0]!r}); removed it")

    out = out or course_dir / "grades.csv"
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow([row.student_id, row.week, row.notebook, f"{row.score:g}",
                             f"{row.max_score:g}", row.status, row.message])
    return rows


def cmd_grade(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    rows = grade_submissions(Path(args.submissions), Path(args.course_dir), out)
    students = sorted({r.student_id for r in rows})
    errors = [r for r in rows if r.status == "error"]
    total = sum(r.score for r in rows)
    print(f"graded {len(students)} student(s), {len(rows)} notebook(s); "
          f"{len(errors)} with errors; points awarded: {total:g}")
    print(f"grades: {out or Path(args.course_dir) / 'grades.csv'}")
    print(f"feedback: {Path(args.course_dir) / 'feedback'}")
    return 0


# --- validate ----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from nbgrader.validator import Validator

    ensure_tools_on_path()
    validator = Validator()
    results = validator.validate(str(args.notebook))
    failed = results.get("failed", []) or results.get("changed", [])
    if results.get("passed") or results.get("changed") is None and not failed:
        print(f"{args.notebook}: all tests passed.")
        return 0
    print(f"{args.notebook}: {len(failed)} test cell(s) did not pass.")
    for item in failed:
        print("  " + _tail(item.get("error", "") or item.get("source", ""), 2))
    return 1


# --- entry point -------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Instructor tools for Structuring ML Projects - the workbook.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="regenerate notebooks/ from solutions/ with nbgrader",
                       description="Regenerate the learners' notebooks/ from the nbgrader "
                                   "source notebooks in solutions/.")
    p.add_argument("--check", action="store_true",
                   help="only report whether notebooks/ is stale (exit 1 if so)")
    p.add_argument("--out", metavar="DIR",
                   help="write the release to DIR instead of notebooks/ (for previews)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("grade", help="autograde DIR/<student>/<week>/*.ipynb",
                       description="Autograde a folder of submissions, write per-student "
                                   "feedback HTML (without hidden tests) and a grades CSV.")
    p.add_argument("submissions", metavar="DIR", help="folder laid out as DIR/<student>/<week>/")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="nbgrader working folder (gradebook, autograded/, feedback/); "
                        "default: %(default)s")
    p.add_argument("--out", help="grades CSV path (default: <course-dir>/grades.csv)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("validate", help="run a notebook's tests with a real exit code",
                       description="Validate one notebook like nbgrader's Validate button; "
                                   "exit 1 when a test fails (nbgrader validate exits 0).")
    p.add_argument("notebook", type=Path)
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``course`` command line."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CourseError as exc:
        print(f"course: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
