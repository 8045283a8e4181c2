"""course_lib: the reference library of *Structuring ML Projects - the workbook*.

Importing the package is cheap: heavy dependencies (pandas, matplotlib,
scikit-learn) are imported only by the submodules that need them, and
``check``/``grade`` are loaded on first use.

Examples
--------
>>> from course_lib import check          # the learner's self-check
>>> from course_lib.metrics import f1_score
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["check", "grade"]


def __getattr__(name: str) -> Any:
    if name in ("check", "grade"):
        from course_lib.exercises import selfcheck

        return getattr(selfcheck, name)
    raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
