"""What a grading kernel does with an answer: record it for the grader, judge nothing.

While a notebook is graded, its kernel runs in a sandbox with the environment variable
:data:`~course_lib.contract.GRADING_DIR` set. The grader has put there, for each function
exercise of the notebook, the inputs of the cases it will grade (the visible ones and hidden
ones drawn from the course's secret). When a test cell's ``grade(...)`` runs,
:func:`record_answer` calls the learner's function on each of those inputs -- at most
:data:`~course_lib.contract.CASE_SECONDS` each -- and writes the outputs as data
(:mod:`course_lib.exercises.encoding`) to the outbox; for a value exercise it writes the
value; for a game policy, its source (:func:`course_lib.exercises.games.policy_source`),
never running it; for a played game, its log as data. It says nothing about right or
wrong: the grader, in its own process, compares what was recorded with its answer key.

Examples
--------
>>> grading_dir() is None  # not in a grading kernel
True
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from course_lib.contract import (
    CASE_SECONDS,
    GRADING_DIR,
    MAX_ANSWER_CHARS,
    POLICY_ERROR,
    POLICY_RECORD,
    inbox_path,
    outbox_path,
)
from course_lib.exercises.encoding import Raised, decode, encode
from course_lib.exercises.registry import Exercise
from course_lib.exercises.time_limit import OutOfTime, time_limit

__all__ = ["grading_dir", "record_answer"]


def grading_dir() -> Path | None:
    """The folder of this grading kernel's inbox and outbox; ``None`` outside grading."""
    value = os.environ.get(GRADING_DIR)
    if not value or not Path(value).is_dir():
        return None
    return Path(value)


def _inputs(root: Path, exercise_id: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(inbox_path(root, exercise_id).read_text(encoding="utf-8"))
        return list(data["cases"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _write(root: Path, exercise_id: str, record: dict[str, Any]) -> None:
    path = outbox_path(root, exercise_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record)
    if len(text) > MAX_ANSWER_CHARS:
        text = json.dumps({"exercise": exercise_id, "too_large": len(text)})
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def record_answer(exercise: Exercise, answer: Any, root: Path) -> int:
    """Record ``answer`` to ``exercise`` in the outbox of ``root``; return the cases recorded.

    A function is called on a fresh copy of each case's inputs; what it returns is
    recorded, or :class:`~course_lib.exercises.encoding.Raised` when it raises or runs out
    of time. The record is written even when the cell is interrupted half-way.
    """
    record: dict[str, Any] = {"exercise": exercise.id}
    if exercise.kind == "policy":
        from course_lib.exercises.games import PolicyError, policy_source

        try:  # the source only: the grader plays it, in a sandbox of its own
            record[POLICY_RECORD] = policy_source(answer)
        except PolicyError as error:
            record[POLICY_ERROR] = str(error)
        except Exception as exc:  # noqa: BLE001 - a hostile object may raise anything
            record[POLICY_ERROR] = f"this answer cannot be read as a policy ({type(exc).__name__})"
        _write(root, exercise.id, record)
        return 1
    if exercise.kind in ("value", "game_log"):  # a game's log is data, replayed by the grader
        record["value"] = encode(answer)
        _write(root, exercise.id, record)
        return 1
    outputs: list[Any] = []
    record["outputs"] = outputs
    try:
        if not callable(answer):
            record["not_callable"] = type(answer).__name__
            return 0
        for case in _inputs(root, exercise.id):
            args = decode(case.get("args", {"tuple": []}))
            kwargs = decode(case.get("kwargs", {"dict": []}))
            try:
                with time_limit(CASE_SECONDS):
                    output = answer(*args, **kwargs)
            except OutOfTime:
                output = Raised("TimeoutError", f"took more than {CASE_SECONDS} s on this case")
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
                output = Raised(type(exc).__name__, str(exc).splitlines()[0] if str(exc) else "")
            outputs.append(encode(output))
        return len(outputs)
    finally:
        _write(root, exercise.id, record)
