"""Re-check hidden tests outside the learner's kernel, and find faked passes.

A test cell's ``grade(...)`` call passes or fails *inside* the learner's kernel, where
the learner's own code ran first and may have replaced a comparison, the reference
library or ``grade`` itself. When it passes, ``grade`` leaves a transcript of the
answer's outputs in the cell (:mod:`course_lib.exercises.transcript`). After nbgrader's
autograde, the grading worker -- a process where no learner code ever ran -- reads each
passing test cell that calls ``grade``, re-checks its transcript against the reference
implementation, and reports the cell as faked when

- the transcript's outputs are wrong (the pass was faked), or
- there is no transcript for an exercise the cell grades (``grade`` was replaced).

The test cells' source comes from the gradebook (nbgrader restores locked cells), so a
learner cannot remove the ``grade`` call itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from course_lib.contract import TRANSCRIPT_MIME
from course_lib.exercises.transcript import rejudge

__all__ = ["faked_passes"]

GRADE_CALL = re.compile(r"""(?m)^\s*grade\(\s*["'](w\d_\d\d_[a-z0-9_]+)["']""")


def faked_passes(path: Path) -> dict[str, str]:
    """Test cells of an autograded notebook whose pass does not survive a clean re-check.

    Returns ``{grade_id: reason}``.
    """
    nb = nbformat.read(str(path), as_version=4)
    found: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or not meta.get("grade_id"):
            continue
        outputs = cell.get("outputs", [])
        if any(o.get("output_type") == "error" for o in outputs):
            continue  # already scored 0 by nbgrader
        exercises = GRADE_CALL.findall(cell.source)
        if not exercises:
            continue
        records = {}
        for output in outputs:
            data = output.get("data", {}) if output.get("output_type") == "display_data" else {}
            transcript = data.get(TRANSCRIPT_MIME)
            if isinstance(transcript, dict):
                records.setdefault(str(transcript.get("exercise")), transcript)
        for exercise_id in exercises:
            if exercise_id not in records:
                reason = "grade() left no record of the answers (it was replaced or skipped)"
            else:
                reason = rejudge(records[exercise_id])
            if reason:
                found[meta["grade_id"]] = f"{exercise_id}: {reason}"
                break
    return found
