"""The policy's side of a graded game: run inside the policy's sandbox, never in the grader.

:mod:`autograder.policy_runner` starts this script (``python -I policy_child.py``) in a
sandbox of its own and talks to it in JSON lines. The first line it sends is the recorded
policy (:func:`course_lib.exercises.games.policy_source`); the script makes the function
again (:func:`course_lib.exercises.games.build_policy`) and answers ``{"ready": true}`` or
``{"error": ..., "message": ...}``. Then each line is an observation, and each answer one
line: ``{"decision": ...}``, or ``{"error": name, "message": first line}`` when the policy
raised or returned something that is not JSON.

The protocol runs on private copies of stdin and stdout: the policy's own ``print``,
``input`` and anything a subprocess would write see ``/dev/null``.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _plain(value: Any) -> Any:
    """JSON for NumPy scalars (a policy often returns ``numpy.int64`` counts)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    raise TypeError(f"a {type(value).__name__} is not plain data")


def _error(exc: BaseException) -> dict[str, str]:
    try:
        text = str(exc).splitlines()[0] if str(exc) else ""
    except Exception:  # noqa: BLE001 - an exception whose str() fails
        text = ""
    return {"error": type(exc).__name__[:80], "message": text[:300]}


def _limit(limits: dict[str, int]) -> None:
    """Set this process's resource limits (soft = hard: the policy cannot raise them)."""
    import resource

    names = {"as": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU,
             "fsize": resource.RLIMIT_FSIZE, "nofile": resource.RLIMIT_NOFILE,
             "core": resource.RLIMIT_CORE}
    for name, value in limits.items():
        resource.setrlimit(names[name], (int(value), int(value)))


def main() -> int:
    """Serve one policy until the grader closes the pipe; return the exit status.

    ``sys.argv[1]``, when given, holds the resource limits as JSON (``{"as": bytes, "cpu":
    seconds, ...}``), set before anything of the policy runs.
    """
    if len(sys.argv) > 1:
        _limit(json.loads(sys.argv[1]))
    wire_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    wire_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the process' life
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

    def send(message: dict[str, Any]) -> None:
        wire_out.write(json.dumps(message, default=_plain) + "\n")
        wire_out.flush()

    try:
        record = json.loads(wire_in.readline())
        from course_lib.exercises.games import build_policy

        policy = build_policy(record)
    except BaseException as exc:  # noqa: BLE001 - report why, whatever it is
        send(_error(exc))
        return 1
    send({"ready": True})
    for line in wire_in:
        try:
            observation = json.loads(line)
        except ValueError:
            return 1
        try:
            text = json.dumps({"decision": policy(observation)}, default=_plain)
        except BaseException as exc:  # noqa: BLE001 - SystemExit, RecursionError, anything
            text = json.dumps(_error(exc))
        wire_out.write(text + "\n")
        wire_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
