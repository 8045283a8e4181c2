"""Instructor tooling: nbgrader configuration, the ``course`` command line, authoring helpers."""
