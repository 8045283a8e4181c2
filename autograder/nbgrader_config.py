"""nbgrader configuration of the course (read by ``nbgrader`` run from this folder).

The settings live in :mod:`autograder.config`; prefer the ``course`` command, which
also handles nbgrader's snags (alembic on PATH, validate's exit code, hidden tests
in feedback).
"""

from autograder.config import course_config
from autograder.process import prepare_process

prepare_process()
c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file
c.merge(course_config())
