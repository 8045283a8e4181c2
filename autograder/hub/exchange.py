"""A private nbgrader exchange: a student cannot list, read or change a classmate's submission.

nbgrader's own exchange wants a world-writable root, leaves every submitted file
world-readable (0444) in a world-writable (0777) folder, and hides it only behind an
unguessable folder name; its feedback is named by a hash of the submission's secret, which
sits world-readable in that same folder. The classes here keep nbgrader's layout and protocol
(its Assignment List, ``fetch``/``submit``/``collect``/``release_feedback`` and their
checks work unchanged) and change the permissions:

=============================  =============  ==========================================
path                           mode           who
=============================  =============  ==========================================
``<root>``                     0755           owner: the instructor (or root), group:
                                              the instructors' group; never world-writable
``<root>/<course>``            2775           group: instructors
``.../outbound``, releases     2775, 0644     students read the released notebooks
``.../inbound``                2773           students may create a folder, never list
``.../inbound/<submission>``   2770, 0640     its student and the instructors' group only
``.../feedback``               2771           students may open a file, never list
``.../feedback/<hash>.html``   0644           only who knows the submission's secret
                                              can name it (the secret is in the student's
                                              own cache and in the private submission)
=============================  =============  ==========================================

A submission is written into a folder made 0700 first and opened to the instructors' group
only once it is complete, so no classmate ever sees it, even for a moment, even knowing its
name. Its group comes from the setgid bit of ``inbound``: students are not in that group.

Use :func:`private_exchange` to configure nbgrader with these classes (its
``ExchangeFactory``), :func:`prepare_root` to make the root, and
:func:`release_week`/:func:`release_feedback` for ``course release``/``course feedback``.
"""

from __future__ import annotations

import csv
import grp
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.exchange.default import Exchange as DefaultExchange
from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchAssignment,
    ExchangeFetchFeedback,
    ExchangeList,
    ExchangeReleaseAssignment,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from nbgrader.utils import ignore_patterns
from traitlets.config import Config

from autograder.errors import CourseError

__all__ = [
    "COURSE_MODE", "FEEDBACK_FILE_MODE", "FEEDBACK_MODE", "INBOUND_MODE", "OUTBOUND_MODE",
    "ROOT_MODE", "SUBMISSION_DIR_MODE", "SUBMISSION_FILE_MODE", "FeedbackReleased",
    "PrivateCollect", "PrivateExchange", "PrivateFetchAssignment", "PrivateFetchFeedback",
    "PrivateList", "PrivateReleaseAssignment", "PrivateReleaseFeedback", "PrivateSubmit",
    "prepare_root", "private_exchange", "release_feedback", "release_week",
]

ROOT_MODE = 0o755
COURSE_MODE = 0o2775
OUTBOUND_MODE = 0o2775
INBOUND_MODE = 0o2773
FEEDBACK_MODE = 0o2771
SUBMISSION_DIR_MODE = 0o2770
SUBMISSION_FILE_MODE = 0o640
RELEASE_FILE_MODE = 0o644
FEEDBACK_FILE_MODE = 0o644


class _PrivateRoot:
    """The root must exist and be enterable; it never has to be writable by everyone."""

    root: str

    def ensure_root(self) -> None:
        if not os.path.isdir(self.root) or not os.access(self.root, os.X_OK):
            self.fail(f"The course exchange {self.root} does not exist or cannot be opened; "
                      "please contact your instructor.")


class PrivateExchange(_PrivateRoot, DefaultExchange):
    """nbgrader's exchange base with a root that need not be world-writable."""


class PrivateFetchAssignment(_PrivateRoot, ExchangeFetchAssignment):
    """nbgrader's fetch, from a private exchange."""


class PrivateFetchFeedback(_PrivateRoot, ExchangeFetchFeedback):
    """nbgrader's fetch_feedback, from a private exchange (the feedback folder is 2771)."""


class PrivateList(_PrivateRoot, ExchangeList):
    """nbgrader's list, on a private exchange."""


class PrivateCollect(_PrivateRoot, ExchangeCollect):
    """nbgrader's collect, on a private exchange (the instructors' group reads inbound)."""


def _set_mode(path: str, mode: int, gid: int | None = None) -> None:
    """chmod (and chgrp) ``path`` when this process owns it; leave it alone otherwise."""
    info = os.stat(path)
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        return
    if gid is not None and info.st_gid != gid:
        os.chown(path, -1, gid)
    if stat.S_IMODE(os.stat(path).st_mode) != mode:
        os.chmod(path, mode)


class PrivateReleaseAssignment(ExchangeReleaseAssignment):
    """nbgrader's release, making the course's folders private (see the module's table)."""

    def ensure_root(self) -> None:  # never chmod the root 0777 as nbgrader does
        if not os.path.isdir(self.root):
            self.fail(f"no exchange at {self.root}: create it with `course release` (which "
                      "makes it) or autograder.hub.exchange.prepare_root")

    def init_dest(self) -> None:
        super().init_dest()
        gid = os.stat(self.root).st_gid  # the instructors' group (prepare_root sets it)
        _set_mode(self.course_path, COURSE_MODE, gid)
        _set_mode(self.outbound_path, OUTBOUND_MODE, gid)
        _set_mode(self.inbound_path, INBOUND_MODE, gid)

    def copy_files(self) -> None:
        super().copy_files()
        self.set_perms(self.dest_path, fileperms=RELEASE_FILE_MODE, dirperms=OUTBOUND_MODE)


class PrivateReleaseFeedback(_PrivateRoot, ExchangeReleaseFeedback):
    """nbgrader's release_feedback into a feedback folder students cannot list."""

    def init_dest(self) -> None:
        super().init_dest()
        _set_mode(self.outbound_feedback_path, FEEDBACK_MODE, os.stat(self.root).st_gid)

    def copy_files(self) -> None:
        super().copy_files()
        for page in Path(self.dest_path).glob("*.html"):
            _set_mode(str(page), FEEDBACK_FILE_MODE)


class PrivateSubmit(_PrivateRoot, ExchangeSubmit):
    """nbgrader's submit, writing a submission only its student and the instructors see."""

    def init_dest(self) -> None:
        super().init_dest()
        if stat.S_IMODE(os.stat(self.inbound_path).st_mode) & stat.S_IROTH:
            self.fail("The course's inbound folder can be listed by everyone, so it is not "
                      "private; please contact your instructor.")

    def _copy_private(self, src: str, dest: str) -> None:
        size = self.get_size(src)
        if size > 1000 * self.coursedir.max_dir_size:
            raise RuntimeError(f"Directory size is too big. Size is {size}, maximum size is "
                               f"{1000 * self.coursedir.max_dir_size}")
        stock = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                                max_file_size=self.coursedir.max_file_size, log=self.log)

        def ignore(folder: str, names: list[str]) -> set[str]:
            skipped = set(stock(folder, names))
            if os.path.samefile(folder, src):  # the exchange writes these two, not the student
                skipped |= {"timestamp.txt", "submission_secret.txt"} & set(names)
            return skipped

        shutil.copytree(src, dest, dirs_exist_ok=True, ignore=ignore)

    def copy_files(self) -> None:
        import secrets

        self.init_release()
        submission_secret = secrets.token_hex(64)
        dest_path = os.path.join(self.inbound_path, self.assignment_filename)
        name = (self.assignment_filename.rsplit("+", 1)[0] if self.add_random_string
                else self.assignment_filename)
        cache_path = os.path.join(self.cache_path, name)
        inbound_gid = os.stat(self.inbound_path).st_gid
        self.log.info("Source: %s", self.src_path)
        self.log.info("Destination: %s", dest_path)
        self.check_filename_diff()
        os.mkdir(dest_path, 0o700)  # nobody else may enter while it is written
        # written first: the folder still has inbound's setgid group (copying resets its mode)
        for name, text in (("timestamp.txt", self.timestamp),
                           ("submission_secret.txt", submission_secret)):
            with open(os.path.join(dest_path, name), "w") as fh:
                fh.write(text)
        self._copy_private(self.src_path, dest_path)
        if os.stat(dest_path).st_gid != inbound_gid or inbound_gid == os.getegid():
            shutil.rmtree(dest_path, ignore_errors=True)
            self.fail("The course's inbound folder is not set up for private submissions "
                      "(setgid, group of the instructors); please contact your instructor.")
        self.set_perms(dest_path, fileperms=SUBMISSION_FILE_MODE, dirperms=SUBMISSION_DIR_MODE)
        os.makedirs(self.cache_path, exist_ok=True)
        self.do_copy(self.src_path, cache_path)
        for name, text in (("timestamp.txt", self.timestamp),
                           ("submission_secret.txt", submission_secret)):
            with open(os.path.join(cache_path, name), "w") as fh:
                fh.write(text)
        self.log.info("Submitted as: %s %s %s", self.coursedir.course_id,
                      self.coursedir.assignment_id, self.timestamp)


#: nbgrader's ExchangeFactory traits -> the private classes
CLASSES = {
    "exchange": PrivateExchange,
    "fetch_assignment": PrivateFetchAssignment,
    "fetch_feedback": PrivateFetchFeedback,
    "release_assignment": PrivateReleaseAssignment,
    "release_feedback": PrivateReleaseFeedback,
    "list": PrivateList,
    "submit": PrivateSubmit,
    "collect": PrivateCollect,
}


def private_exchange(config: Config | None = None, root: str | Path | None = None) -> Config:
    """Configure nbgrader to use the private exchange (at ``root`` if given); return the config.

    Examples
    --------
    >>> c = private_exchange(root="/srv/exchange")
    >>> c.ExchangeFactory.submit
    'autograder.hub.exchange.PrivateSubmit'
    >>> c.Exchange.root
    '/srv/exchange'
    """
    config = config if config is not None else Config()
    for trait, cls in CLASSES.items():
        setattr(config.ExchangeFactory, trait, f"{cls.__module__}.{cls.__name__}")
    if root is not None:
        config.Exchange.root = str(root)
    config.ExchangeReleaseAssignment.force = True  # `course release` again replaces the release
    return config


def prepare_root(root: Path, group: str | None = None) -> Path:
    """Make the exchange root (mode 0755, group ``group``: the instructors); return it.

    Run by whoever sets the hub up (root), or by the instructor for a root they own.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    gid = grp.getgrnam(group).gr_gid if group else None
    _set_mode(str(root), ROOT_MODE, gid)
    return root


def _api(course_dir: Path, source: Path, root: str | Path | None):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from autograder.config import course_config
    from autograder.gradebook import sqlite_ready
    from autograder.process import prepare_process

    prepare_process()
    config = course_config(course_dir, source_dir=source)
    config.CourseDirectory.db_url = sqlite_ready(config.CourseDirectory.db_url)
    private_exchange(config, root)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config), config


def _failed(what: str, result: dict) -> CourseError:
    """A CourseError with the lines of nbgrader's log that say what went wrong."""
    lines = [line.strip() for line in str(result.get("log") or result.get("error") or "")
             .splitlines() if line.strip()]
    said = [line for line in lines if "[ERROR]" in line or "[CRITICAL]" in line
            or "Error" in line] or lines[-4:]
    return CourseError(f"{what}: {' | '.join(said)[:800]}")


def release_week(week: str, course_dir: Path, source: Path,
                 root: str | Path | None = None) -> list[Path]:
    """Generate ``week``'s release (nbgrader generate_assignment) and release it to the exchange.

    Returns the released files (in the exchange's ``outbound/<week>/``).

    Raises
    ------
    CourseError
        If the week has no source notebooks or nbgrader cannot generate or release it.
    """
    from autograder.gradebook import prepare_weeks
    from autograder.layout import weeks_in

    course_dir, source = Path(course_dir).resolve(), Path(source).resolve()
    if week not in weeks_in(source):
        raise CourseError(f"no week {week!r} in {source}: the weeks are "
                          f"{', '.join(weeks_in(source))}")
    course_dir.mkdir(parents=True, exist_ok=True)
    api, config = _api(course_dir, source, root)
    exchange = Path(config.Exchange.root)
    if not exchange.is_dir():
        prepare_root(exchange)
    prepare_weeks(api, [week])
    result = api.release_assignment(week)
    if not result.get("success"):
        raise _failed(f"nbgrader could not release {week} to the exchange at {exchange}", result)
    released = exchange / config.CourseDirectory.course_id / "outbound" / week
    return sorted(p for p in released.rglob("*") if p.is_file())


@dataclass
class FeedbackReleased:
    """What :func:`release_feedback` did.

    Attributes
    ----------
    released : dict
        Student id -> the notebooks whose feedback page was released.
    not_released : list of (str, str)
        (student, reason) for every graded student whose feedback could not be released.
    """

    released: dict[str, list[str]] = field(default_factory=dict)
    not_released: list[tuple[str, str]] = field(default_factory=list)


def _graded(csv_path: Path, week: str) -> dict[str, list[str]]:
    """Student -> notebooks graded in ``week``, from the grades CSV of ``course grade``."""
    graded: dict[str, list[str]] = {}
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row.get("week") == week and row.get("status") == "graded":
                graded.setdefault(row["student_id"], []).append(row["notebook"])
    return graded


def release_feedback(week: str, course_dir: Path, source: Path,
                     root: str | Path | None = None) -> FeedbackReleased:
    """Release the feedback of every graded submission of ``week`` to the exchange.

    The pages are the course's feedback written by ``course grade``
    (``<course dir>/feedback/<student>/<week>/*.html``: the grader's verdicts, never a hidden
    test; :mod:`autograder.feedback`); nbgrader's release_feedback names each by the hash of
    its submission's secret, so only its student's Assignment List finds it. Every graded
    student is in the result: released, or with the reason it was not.
    """
    from autograder.layout import nbgrader_id

    course_dir, source = Path(course_dir).resolve(), Path(source).resolve()
    csv_path = course_dir / "grades.csv"
    if not csv_path.is_file():
        raise CourseError(f"no grades in {csv_path}: run `course grade` first")
    graded = _graded(csv_path, week)
    if not graded:
        raise CourseError(f"no graded submission of {week} in {csv_path}: run `course grade`")
    api, config = _api(course_dir, source, root)
    done = FeedbackReleased()
    for student, notebooks in sorted(graded.items()):
        folder = course_dir / "feedback" / nbgrader_id(student) / week
        missing = [nb for nb in notebooks if not (folder / f"{nb}.html").is_file()]
        if missing:
            done.not_released.append((student, "no feedback page for " + ", ".join(missing)
                                      + ": run `course grade` again"))
            continue
        if not (folder / "submission_secret.txt").is_file():
            done.not_released.append((student, "not submitted through the exchange (no "
                                      "submission secret): give the feedback pages by hand"))
            continue
        result = api.release_feedback(week, student_id=nbgrader_id(student))
        if not result.get("success"):
            done.not_released.append((student, str(_failed("nbgrader failed", result))))
            continue
        done.released[student] = sorted(notebooks)
    return done
