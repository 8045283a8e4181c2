"""``course``: the instructor's command line.

Subcommands
-----------
build
    Regenerate the learners' ``notebooks/`` from ``solutions/`` with nbgrader
    (deterministic; ``--check`` only reports whether ``notebooks/`` is stale).
collect --exchange [ROOT] | --lms-folder PATH --week WEEK --to DIR
    Gather one week's submissions into ``DIR/<student>/<week>/``: from the nbgrader
    exchange (nbgrader's own collect) or from a folder or zip of downloaded notebooks
    named ``<student>_<file>.ipynb`` (:mod:`autograder.collect`).
grade DIR [--student ID] [-j N] [--no-sandbox] [--figures]
    Autograde ``DIR/<student>/<week>/*.ipynb`` with nbgrader, many students at once, each
    notebook in a kernel forked inside a bubblewrap sandbox, judged outside it; progress
    bar, per-student logs, feedback without hidden tests, the grades CSV (a row for every
    expected notebook: graded, missing or error, with the reason), per-question statistics
    (:mod:`autograder.run`).
export --format canvas|moodle|csv WEEK [--out FILE] [--missing zero|blank]
    One week's grades (after the late penalty) as the file an LMS imports, one row per
    roster student; unknown students and students without a submission are reported
    (:mod:`autograder.exports`).
roster FILE
    Import a roster CSV (student id, name, e-mail, LMS id, section) into
    ``<course dir>/roster.csv`` and nbgrader's gradebook (:mod:`autograder.roster`).
release WEEK
    Generate one week's release with nbgrader and release it to the course's exchange
    (``$COURSE_EXCHANGE``), where students fetch it in their Assignment List
    (:mod:`autograder.hub.exchange`).
feedback WEEK
    Release the feedback pages of every graded submission of a week to the exchange, so
    each student fetches their own in the Assignment List (:mod:`autograder.hub.exchange`).
doctor
    Say whether the grading sandbox works here, and if not why (:mod:`autograder.sandbox`).
stats
    Print and plot the per-question statistics of the last grading
    (:mod:`autograder.stats`).
validate NOTEBOOK
    Run a notebook's tests like nbgrader's Validate button, with a real exit code.
where ID
    Where an exercise is defined, what it is graded against, which notebooks and cells
    hold it, and the pytest commands that test it (:mod:`autograder.where`).

Environment: the ``COURSE_*`` variables of :mod:`autograder.settings` (``course --help``
lists them).

Run ``course <subcommand> --help`` for the options of each.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from autograder.errors import CourseError
from autograder.settings import DEFAULT_COURSE_DIR, ENVIRONMENT, RELEASE, SOLUTIONS

# --- build -------------------------------------------------------------------------------







def cmd_build(args: argparse.Namespace) -> int:
    from autograder.release import generate_release, stale_files

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



def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.run import Options, grade_class, summary
    from autograder.stats import format_table, question_stats, write_stats

    course_dir = Path(args.course_dir)
    source = Path(args.source)
    if args.no_sandbox:
        print("course: warning: --no-sandbox: the submissions' code runs with your rights and "
              "sees your files; use it only for trusted notebooks", file=sys.stderr)
    else:
        from autograder.sandbox import probe

        status = probe()
        if not status.works:
            raise CourseError(f"the grading sandbox does not work here: {status.summary}; "
                              "`course doctor` says more (or grade trusted notebooks with "
                              "--no-sandbox)")
    options = Options(course_dir=course_dir, source=source,
                      out=Path(args.out) if args.out else None, jobs=args.jobs,
                      student=args.student, sandbox=not args.no_sandbox, figures=args.figures,
                      progress=None if args.quiet else sys.stderr)
    report = grade_class(Path(args.submissions), options)
    stats = question_stats(report.records)
    table, plot = write_stats(stats, course_dir / "stats")
    print(summary(report))
    hardest = sorted(stats, key=lambda s: s.mean_fraction)[:5]
    if hardest:
        print("hardest questions:\n" + format_table(hardest))
    print(f"grades: {report.csv_path}")
    print(f"feedback: {course_dir / 'feedback'}   logs: {course_dir / 'logs'}")
    print(f"per-question statistics: {table} and {plot}")
    if report.problems:
        raise CourseError("\n".join(report.problems))
    return 0


# --- collect and stats ---------------------------------------------------------------------

def cmd_collect(args: argparse.Namespace) -> int:
    from autograder.collect import collect_exchange, collect_lms

    dest = Path(args.to)
    if args.lms_folder:
        expected = [p.stem for p in sorted((Path(args.source) / args.week).glob("*.ipynb"))]
        if not expected:
            raise CourseError(f"no source notebooks for {args.week} in {args.source}")
        result = collect_lms(Path(args.lms_folder), args.week, dest, expected)
    else:
        root = Path(args.exchange) if args.exchange not in (None, "") else None
        result = collect_exchange(args.week, dest, root)
    for student, files in sorted(result.students.items()):
        print(f"{student}: {', '.join(files)}")
    for name, reason in result.skipped:
        print(f"skipped {name}: {reason}", file=sys.stderr)
    print(f"collected {len(result.students)} student(s) into {dest}/<student>/{args.week}/"
          + (f"; {len(result.skipped)} file(s) skipped" if result.skipped else ""))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from autograder.hub.exchange import release_week

    course_dir = Path(args.course_dir)
    files = release_week(args.week, course_dir, Path(args.source))
    notebooks = [p for p in files if p.suffix == ".ipynb"]
    where = files[0].parent if files else "the exchange"
    print(f"released {args.week}: {len(notebooks)} notebook(s), {len(files)} file(s) in {where}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from autograder.hub.exchange import release_feedback

    done = release_feedback(args.week, Path(args.course_dir), Path(args.source))
    for student, notebooks in sorted(done.released.items()):
        print(f"{student}: {len(notebooks)} feedback page(s)")
    for student, reason in done.not_released:
        print(f"not released for {student}: {reason}", file=sys.stderr)
    print(f"feedback of {args.week} released for {len(done.released)} student(s)"
          + (f"; {len(done.not_released)} not released" if done.not_released else ""))
    return 1 if done.not_released else 0


def cmd_stats(args: argparse.Namespace) -> int:
    from autograder.records import Record
    from autograder.stats import format_table, question_stats, write_stats

    course_dir = Path(args.course_dir)
    paths = sorted((course_dir / "records").glob("*/*.json"))
    if args.week:
        paths = [p for p in paths if p.parent.name == args.week]
    if not paths:
        raise CourseError(f"no grading records in {course_dir / 'records'}: run `course grade`")
    stats = question_stats(Record.load(p) for p in paths)
    table, plot = write_stats(stats, course_dir / "stats")
    print(format_table(stats))
    print(f"\ntable: {table}\nplot: {plot}")
    return 0


# --- validate ----------------------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from autograder.process import prepare_process
    from course_lib.exercises.notebook_validation import WarmKernel, validate_notebook

    prepare_process()
    path = Path(args.notebook)
    if not path.is_file():
        raise CourseError(f"no notebook at {path}")
    warm = WarmKernel(path.resolve().parent, keep_warm=False).start()  # starts while nbgrader loads
    try:
        result = validate_notebook(path, warm=warm)
    except ValueError as exc:
        raise CourseError(str(exc)) from None
    if result.passed:
        print(f"{path}: all tests passed.")
        return 0
    print(f"{path}: {result.text()}")
    return 1


# --- doctor --------------------------------------------------------------------------------

def cmd_doctor(args: argparse.Namespace) -> int:
    import tempfile

    from autograder.library_view import LIBRARY, build_view, library_hash
    from autograder.sandbox import Sandbox, probe

    status = probe()
    print(f"sandbox: {status.summary}")
    for line in status.details:
        print(f"  {line}")
    works = status.works
    if works:
        with tempfile.TemporaryDirectory(prefix="course-doctor-", dir="/tmp") as tmp:
            views = Path(tmp) / "views"
            build_view([], views)
            try:
                Sandbox(Path(tmp) / "state", ["json"], library=(LIBRARY, views)).start().close()
                print("  kernels: each sees only its notebook's view of course_lib, with no "
                      "capability left")
            except RuntimeError as exc:
                works = False
                print(f"  kernels: cannot be sandboxed: {exc}")
    print(f"course_lib: sha256 {library_hash()}")
    if not works:
        print("grade only trusted notebooks here (course grade --no-sandbox), or fix the above")
    return 0 if works else 1


# --- where ---------------------------------------------------------------------------------

def cmd_learner_package(args: argparse.Namespace) -> int:
    from autograder.learner_package import build_learner_package
    from autograder.roster import read_roster
    from autograder.secret import course_secret

    try:
        learners = read_roster(args.roster)
        secret = course_secret(Path(args.course_dir))
    except ValueError as exc:
        raise CourseError(str(exc)) from None
    package = build_learner_package(learners, secret, Path(args.out))
    print(f"learner package for {package.learners} learners: {package.wheel}")
    print(f"  (its course data file alone: {package.data_file})")
    print(f"learners install it with: pip install {package.wheel.name}")
    return 0


def cmd_where(args: argparse.Namespace) -> int:
    from autograder.where import locate

    try:
        print(locate(args.exercise))
    except KeyError as exc:
        raise CourseError(exc.args[0]) from None
    return 0


# --- roster and export --------------------------------------------------------------------

def cmd_roster(args: argparse.Namespace) -> int:
    from autograder.roster import read_roster_entries, update_gradebook, write_roster
    from autograder.settings import COURSE_ID, gradebook_url

    course_dir = Path(args.course_dir).resolve()
    found = read_roster_entries(args.file)
    if found.problems:
        raise CourseError(f"the roster {args.file} has {len(found.problems)} problem(s); "
                          "nothing was imported. Fix them and run `course roster` again:\n  "
                          + "\n  ".join(found.problems))
    recognised = ", ".join(f"{k} <- {v!r}" for k, v in found.columns.items())
    print(f"columns: {recognised or 'none (a plain list of ids)'}")
    out = course_dir / "roster.csv"
    write_roster(found.entries, out)
    done = update_gradebook(found.entries, gradebook_url(course_dir), COURSE_ID)
    print(f"{len(found.entries)} student(s) written to {out}")
    print(f"gradebook: {len(done.added)} added, {len(done.updated)} updated")
    if done.not_in_roster:
        print(f"in the gradebook but not in this roster (kept): {', '.join(done.not_in_roster)}",
              file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from autograder.exports import export_week

    result = export_week(Path(args.course_dir), args.week, args.format,
                         Path(args.out) if args.out else None, args.missing)
    for line in result.report():
        print(f"course: {line}", file=sys.stderr)
    late = ", ".join(f"{s} -{100 * p:g}%" for s, p in result.late)
    print(f"{args.format} export of {args.week}: {result.rows} student(s) in {result.out}"
          + (f"; late penalties: {late}" if late else ""))
    if result.unknown_out:
        print(f"students not in the roster: {result.unknown_out}")
    return 0


# --- entry point -------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Instructor tools for Structuring ML Projects - the workbook.",
        epilog="environment: " + "; ".join(f"{k}: {v}" for k, v in ENVIRONMENT.items()))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="regenerate notebooks/ from solutions/ with nbgrader",
                       description="Regenerate the learners' notebooks/ from the nbgrader "
                                   "source notebooks in solutions/.")
    p.add_argument("--check", action="store_true",
                   help="only report whether notebooks/ is stale (exit 1 if so)")
    p.add_argument("--out", metavar="DIR",
                   help="write the release to DIR instead of notebooks/ (for previews)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("grade", help="autograde DIR/<student>/<week>/*.ipynb in parallel",
                       description="Autograde a folder of submissions with nbgrader, in "
                                   "parallel; write per-student feedback HTML (without hidden "
                                   "tests), a log per student, the grades CSV and "
                                   "per-question statistics. Re-running is idempotent.")
    p.add_argument("submissions", metavar="DIR", help="folder laid out as DIR/<student>/<week>/")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="nbgrader working folder (gradebook, autograded/, feedback/, logs/, "
                        "records/, stats/); default: %(default)s")
    p.add_argument("--out", help="grades CSV path (default: <course-dir>/grades.csv)")
    p.add_argument("--student", metavar="ID",
                   help="re-grade only this student (the CSV still lists everyone)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="students graded at the same time (default: all cores)")
    p.add_argument("--no-sandbox", action="store_true",
                   help="run the kernels without the bubblewrap sandbox (only where user "
                        "namespaces are missing, and only for trusted notebooks)")
    p.add_argument("--figures", action="store_true",
                   help="draw the notebooks' matplotlib figures into the graded notebooks and "
                        "the feedback (slower; by default a figure shows as its one-line text "
                        "description, which never changes a score)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument("--source", default=str(SOLUTIONS), metavar="DIR",
                   help="the nbgrader source notebooks, DIR/<week>/*.ipynb; default: %(default)s")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("collect", help="gather submissions into DIR/<student>/<week>/",
                       description="Collect one week's submissions from the nbgrader exchange "
                                   "or from a folder (or zip) of downloaded notebooks named "
                                   "<student>_<file>.ipynb, into the layout `course grade` "
                                   "reads.")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--exchange", nargs="?", const="", metavar="ROOT",
                       help="collect from the nbgrader exchange at ROOT (default: "
                            "$COURSE_EXCHANGE or <course-dir>/exchange)")
    where.add_argument("--lms-folder", metavar="PATH",
                       help="collect from a folder or .zip of <student>_<file>.ipynb files")
    p.add_argument("--week", required=True, help="the assignment, e.g. week1")
    p.add_argument("--to", required=True, metavar="DIR", help="the submissions folder to fill")
    p.add_argument("--source", default=str(SOLUTIONS), metavar="DIR",
                   help="the nbgrader source notebooks (to recognise file names); "
                        "default: %(default)s")
    p.set_defaults(func=cmd_collect)

    p = sub.add_parser("release", help="generate a week's release and release it to the "
                                       "exchange",
                       description="Generate WEEK's release from the source notebooks with "
                                   "nbgrader and release it to the course's exchange "
                                   "($COURSE_EXCHANGE), with the private exchange's "
                                   "permissions; releasing again replaces the release.")
    p.add_argument("week", metavar="WEEK", help="the assignment, e.g. week1")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the course folder (gradebook, release/); default: %(default)s")
    p.add_argument("--source", default=str(SOLUTIONS), metavar="DIR",
                   help="the nbgrader source notebooks, DIR/<week>/*.ipynb; default: %(default)s")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("feedback", help="release a week's feedback to the exchange",
                       description="Release the feedback pages `course grade` wrote for every "
                                   "graded submission of WEEK to the exchange, where each "
                                   "student fetches their own in the Assignment List; lists "
                                   "the graded students whose feedback could not be released "
                                   "(exit 1).")
    p.add_argument("week", metavar="WEEK", help="the assignment, e.g. week1")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the folder `course grade` used; default: %(default)s")
    p.add_argument("--source", default=str(SOLUTIONS), metavar="DIR",
                   help="the nbgrader source notebooks; default: %(default)s")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("stats", help="per-question statistics of the last grading",
                       description="Per question: mean score, share of full marks and the "
                                   "most common failure hint, over every graded student; "
                                   "printed and written as stats/questions.csv and .png.")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the folder `course grade` used; default: %(default)s")
    p.add_argument("--week", help="only this week")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("roster", help="import a roster CSV into the course and the gradebook",
                       description="Read a roster CSV (student id, first/last or full name, "
                                   "e-mail, LMS id, section; header names matched loosely; a "
                                   "plain list of ids works too), report every problem "
                                   "(duplicate or empty ids, bad e-mails) and import nothing "
                                   "if there is one, else write <course-dir>/roster.csv and "
                                   "add or update the students in nbgrader's gradebook.")
    p.add_argument("file", type=Path, metavar="FILE", help="the roster CSV")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the course folder; default: %(default)s")
    p.set_defaults(func=cmd_roster)

    p = sub.add_parser("export", help="one week's grades as a Canvas, Moodle or CSV file",
                       description="Write one week's grades (summed over its notebooks, after "
                                   "the late penalty of course.toml) with one row per roster "
                                   "student. Students without a submission get 0 or a blank; "
                                   "graded students not in the roster are reported and written "
                                   "(csv: in the table; canvas/moodle: <out>.unknown.csv).")
    p.add_argument("week", metavar="WEEK", help="the assignment, e.g. week1")
    p.add_argument("--format", required=True, choices=["canvas", "moodle", "csv"],
                   help="canvas: gradebook import CSV; moodle: grade import CSV; csv: table")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the course folder (roster.csv, course.toml, grades.csv); "
                        "default: %(default)s")
    p.add_argument("--out", metavar="FILE",
                   help="the file to write (default: <course-dir>/exports/WEEK-FORMAT.csv)")
    p.add_argument("--missing", choices=["zero", "blank"],
                   help="a roster student without a submission gets 0 or a blank (default: "
                        "[export] missing of course.toml, else zero)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("doctor", help="does the grading sandbox work here?",
                       description="Check that bubblewrap can sandbox grading kernels here; "
                                   "exit 1 with the reason when it cannot.")
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("learner-package", help="the learners' wheel of a graded course",
                       description="Build the wheel learners of a graded course install: "
                                   "course_lib without the answer key, with the roster's "
                                   "flight-simulator figures and salted digests for the "
                                   "self-checks of value answers.")
    p.add_argument("--roster", required=True, type=Path, metavar="FILE",
                   help="CSV with a student_id column (or one id per line)")
    p.add_argument("--out", required=True, metavar="DIR", help="where to write the wheel")
    p.add_argument("--course-dir", default=str(DEFAULT_COURSE_DIR),
                   help="the course folder holding course.secret; default: %(default)s")
    p.set_defaults(func=cmd_learner_package)

    p = sub.add_parser("where", help="where an exercise is defined, graded and tested",
                       description="Show an exercise's definition (file:line), its reference "
                                   "and comparator, its source and release notebooks and cell "
                                   "ids, and the pytest commands that test it.")
    p.add_argument("exercise", metavar="ID", help="an exercise id, e.g. w1_02_f1_score")
    p.set_defaults(func=cmd_where)

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
