"""The course's nbgrader configuration, built in Python so every tool shares it.

``autograder/nbgrader_config.py`` (read by the ``nbgrader`` command and by formgrader)
and the ``course`` command line both take their nbgrader settings from
:func:`course_config`; the values an instructor may change come from
:mod:`autograder.settings`.
"""

from __future__ import annotations

from pathlib import Path

from traitlets.config import Config

from autograder.settings import (
    COURSE_ID,
    DEFAULT_COURSE_DIR,
    SOLUTIONS,
    cell_timeout,
    exchange_root,
    gradebook_url,
)
from course_lib.contract import CODE_STUB

__all__ = ["WARNING_PATTERN", "course_config"]

#: stderr text matching this is dropped before scoring: warnings are not failures.
WARNING_PATTERN = r"(?m)^.*Warning: "


def course_config(
    course_dir: Path | str = DEFAULT_COURSE_DIR,
    *,
    source_dir: Path | str = SOLUTIONS,
    release_dir: Path | str | None = None,
    db_url: str | None = None,
) -> Config:
    """The nbgrader ``Config`` of the course.

    Parameters
    ----------
    course_dir : path
        nbgrader's course root: ``submitted/``, ``autograded/`` and ``feedback/``
        live here (a git-ignored ``.course/`` by default).
    source_dir : path
        The source notebooks (``solutions/``).
    release_dir : path, optional
        Where generate_assignment writes the release; ``<course_dir>/release``
        by default, so grading never touches the committed ``notebooks/``.
    db_url : str, optional
        Gradebook URL; see :func:`autograder.settings.gradebook_url`.

    Returns
    -------
    traitlets.config.Config

    Examples
    --------
    >>> course_config("/tmp/course").CourseDirectory.course_id
    'structuring-ml-projects'
    """
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import GetGrades

    from autograder.feedback import CourseFeedback, ScrubTracebacks
    from autograder.release_tags import RunAllTags

    course_dir = Path(course_dir).resolve()
    c = Config()
    c.CourseDirectory.root = str(course_dir)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = str(Path(source_dir).resolve())
    c.CourseDirectory.release_directory = str(
        Path(release_dir).resolve() if release_dir else course_dir / "release"
    )
    c.CourseDirectory.db_url = db_url or gradebook_url(course_dir)
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "*.db"]
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    stock = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = [*stock, RunAllTags]
    c.ClearSolutions.enforce_metadata = True
    c.Execute.timeout = cell_timeout()
    c.Execute.interrupt_on_timeout = True
    c.IgnorePattern.pattern = WARNING_PATTERN
    c.IgnorePattern.enabled = True
    # Feedback: the grader's verdicts, no hidden test, no kernel output (autograder.feedback).
    c.GenerateFeedback.preprocessors = [
        GetGrades, CourseFeedback, ScrubTracebacks, CSSHTMLHeaderPreprocessor,
    ]
    c.Exchange.root = exchange_root(course_dir)
    return c
