"""Instructor tooling: nbgrader configuration, grading at class scale, the ``course`` command.

See CONTRIBUTING.md for which module does what. Importing the package keeps a slow, unused
JSON-schema format checker from loading (:func:`.patches.skip_slow_format_checker`).
"""

from autograder.patches import skip_slow_format_checker

skip_slow_format_checker()
