"""The one exception the ``course`` command prints without a traceback."""

from __future__ import annotations


class CourseError(Exception):
    """A problem the instructor must fix (a bad folder, a missing gradebook, ...)."""
