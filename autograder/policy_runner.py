"""Grading a game policy by replay: the world in the grader, the policy in a sandbox.

A grading kernel records a policy's *source* (:func:`course_lib.exercises.games.
policy_source`), never a verdict. The grader judges it here, in its own process:

1. it checks the record's shape (:func:`course_lib.exercises.games.check_record`);
2. for each hidden game (seeds drawn from the course secret, :mod:`answer_key.seeds`), it
   makes the game world **in this process** and starts the policy in a **separate
   process**, :mod:`autograder.policy_child`, inside a bubblewrap sandbox
   (:func:`sandbox_command`): no network, no other process in sight, a read-only view of
   the system, the Python installation and ``course_lib`` without ``course_lib/game`` (the
   reference policies are the answer), no answer key, no grader, no course folder (so no
   course secret), an empty environment, a 16 MiB private ``/tmp``, uid ``nobody`` with no
   capabilities, no new process or thread (a seccomp filter, on x86-64); CPU-time,
   address-space, file-size and open-file limits (:class:`PolicyLimits`);
3. the policy sees observations only, one JSON line each on its stdin, and answers one
   JSON line per decision on its stdout, within :data:`~course_lib.contract.
   POLICY_DECISION_SECONDS` per decision and :data:`~course_lib.contract.
   POLICY_GAME_SECONDS` per game; the grader validates every answer before the game gets
   it (:func:`course_lib.exercises.games.play_policy`);
4. a policy that crashes, loops, prints garbage, times out or makes a decision the game
   refuses ends that game with 0 points and a recorded reason; the other games go on, and
   grading never stops for it. The process is killed at the end of every game, with
   everything it started (its pid namespace dies with it).

The score is the games' credit as a whole
(:func:`course_lib.exercises.games.overall_credit`): the policy's mean points against the
naive and the diagnostic reference policies' mean points on the same games, computed here
too. A played game's log is judged here as well
(:func:`judge_log`): replayed on the learner's own game, never trusted.

Examples
--------
>>> PolicyLimits().decision_seconds == POLICY_DECISION_SECONDS
True
>>> "--unshare-net" in sandbox_command(["python"]) or "--unshare-all" in sandbox_command(["python"])
True
"""

from __future__ import annotations

import functools
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.errors import CourseError
from autograder.unit import ExercisePlan, Verdict
from course_lib.contract import (
    HINT_PREFIX,
    POLICY_DECISION_SECONDS,
    POLICY_ERROR,
    POLICY_GAME_SECONDS,
    POLICY_MAX_DECISIONS,
    POLICY_RECORD,
)
from course_lib.exercises.encoding import Opaque, decode
from course_lib.exercises.games import (
    FULL_SHARE,
    GameFault,
    GameResult,
    GameSpec,
    PolicyError,
    check_record,
    overall_credit,
    play_policy,
    policy_source,
    replay_log,
    results_table,
)
from course_lib.exercises.report import MARKS

__all__ = ["CHILD", "PolicyLimits", "SandboxedPolicy", "judge_log", "judge_policy",
           "play_games", "reference_points", "sandbox_command", "seccomp_filter"]

CHILD = Path(__file__).with_name("policy_child.py")
#: where the child script is mounted inside the sandbox
CHILD_MOUNT = Path("/run/policy/policy_child.py")
#: the uid and gid the policy runs as inside its sandbox (``nobody``)
NOBODY = 65534


@dataclass(frozen=True)
class PolicyLimits:
    """The limits of a graded policy's process.

    Attributes
    ----------
    decision_seconds : float
        Wall-clock seconds for one decision.
    game_seconds : float
        Wall-clock seconds for one whole game, the start included.
    start_seconds : float
        Wall-clock seconds for the sandbox to start and the policy to be made.
    cpu_seconds : int
        CPU seconds of the process in all (``RLIMIT_CPU``).
    memory_mb : int
        Address space of the process, MiB (``RLIMIT_AS``).
    reply_chars : int
        Characters one answer may have.
    max_decisions : int
        Decisions after which a game that is not over is stopped.
    """

    decision_seconds: float = POLICY_DECISION_SECONDS
    game_seconds: float = POLICY_GAME_SECONDS
    start_seconds: float = 30.0
    cpu_seconds: int = 60
    memory_mb: int = 1024
    reply_chars: int = 100_000
    max_decisions: int = POLICY_MAX_DECISIONS


#: system calls the policy's process may not make (x86-64 numbers): clone, fork, vfork,
#: clone3 -- no subprocess, no thread, no fork bomb
_NO_PROCESSES = (56, 57, 58, 435)


def seccomp_filter() -> bytes | None:
    """A seccomp program (classic BPF, as ``bwrap --seccomp`` reads it) that refuses new
    processes and threads with ``EPERM``; ``None`` on machines other than x86-64.

    Examples
    --------
    >>> program = seccomp_filter()
    >>> program is None or len(program) % 8 == 0
    True
    """
    import platform
    import struct

    if platform.machine() != "x86_64":
        return None
    load, equal, at_least, ret = 0x20, 0x15, 0x35, 0x06
    allow, kill, refuse = 0x7FFF0000, 0x80000000, 0x00050000 | 1  # EPERM
    program = [(load, 0, 0, 4), (equal, 1, 0, 0xC000003E),  # the x86-64 ABI only
               (ret, 0, 0, kill), (load, 0, 0, 0),
               (at_least, 0, 1, 0x40000000), (ret, 0, 0, kill)]  # no x32 system calls
    for index, number in enumerate(_NO_PROCESSES):
        program.append((equal, len(_NO_PROCESSES) - index, 0, number))
    program += [(ret, 0, 0, allow), (ret, 0, 0, refuse)]
    return b"".join(struct.pack("<HBBI", *instruction) for instruction in program)


def sandbox_command(inner: Sequence[str], seccomp_fd: int | None = None) -> list[str]:
    """The ``bwrap`` command line that runs ``inner`` in a policy's sandbox.

    The sandbox has the system, the Python installation and ``course_lib`` read-only,
    with ``course_lib/game`` and any installed answer key or grader hidden by empty
    read-only folders; the child script at :data:`CHILD_MOUNT`; a private 16 MiB ``/tmp``;
    no network, IPC, UTS or pid namespace shared with the grader; uid and gid ``nobody``
    with no capabilities; an empty environment but ``PATH``, ``HOME`` and one thread per
    numerical library; with ``seccomp_fd`` (a file descriptor to read
    :func:`seccomp_filter` from), no new process or thread.
    """
    import course_lib
    from autograder.sandbox import _bwrap, _parents, _python_paths, _system_binds, hidden_packages

    library = Path(course_lib.__file__).resolve().parent
    made: set[str] = set()
    args = [_bwrap() or "bwrap", "--die-with-parent", "--new-session", "--unshare-all",
            "--unshare-user", "--uid", str(NOBODY), "--gid", str(NOBODY), "--cap-drop", "ALL",
            "--hostname", "policy", "--tmpfs", "/"]
    args += _system_binds()
    args += ["--dev", "/dev", "--proc", "/proc",
             "--perms", "1777", "--size", str(16 << 20), "--tmpfs", "/tmp"]
    for path in _python_paths():
        args += _parents(path, made) + ["--ro-bind", str(path), str(path)]
    args += _parents(library, made) + ["--ro-bind", str(library), str(library)]
    for hidden in (library / "game", *hidden_packages()):
        if hidden.is_dir():
            args += ["--tmpfs", str(hidden), "--remount-ro", str(hidden)]
    args += _parents(CHILD_MOUNT, made) + ["--ro-bind", str(CHILD), str(CHILD_MOUNT)]
    args += ["--remount-ro", "/", "--chdir", "/tmp", "--clearenv",
             "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
             "--setenv", "HOME", "/tmp", "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
             "--setenv", "OMP_NUM_THREADS", "1", "--setenv", "OPENBLAS_NUM_THREADS", "1",
             "--setenv", "MKL_NUM_THREADS", "1"]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    return [*args, "--", *inner]


def _limits(limits: PolicyLimits) -> str:
    """The child's resource limits, as the JSON argument of :mod:`autograder.policy_child`
    (which sets them before the policy's code runs)."""
    return json.dumps({"as": limits.memory_mb << 20, "cpu": limits.cpu_seconds,
                       "fsize": 1 << 20, "nofile": 64, "core": 0})


class SandboxedPolicy:
    """One recorded policy running in its sandbox, for one game.

    Parameters
    ----------
    record : dict
        The recorded policy (checked with :func:`~course_lib.exercises.games.check_record`).
    limits : PolicyLimits
    sandboxed : bool
        ``False`` runs the child as a plain process (``course grade --no-sandbox``: not
        safe with untrusted submissions), with the same limits and an empty environment.
    """

    def __init__(self, record: dict[str, Any], limits: PolicyLimits, *,
                 sandboxed: bool = True) -> None:
        self.record = check_record(record)
        self.limits = limits
        self.sandboxed = sandboxed
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._deadline = 0.0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> None:
        """Start the process and give it the policy.

        Raises
        ------
        GameFault
            If the sandbox cannot start or the policy cannot be made (the reason is safe
            to show: it comes before any observation).
        """
        self._deadline = time.monotonic() + self.limits.game_seconds
        inner = [sys.executable, "-I", str(CHILD_MOUNT if self.sandboxed else CHILD),
                 _limits(self.limits)]
        env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": "/tmp",
               "PYTHONDONTWRITEBYTECODE": "1", "OMP_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        cwd, program, fds = None, seccomp_filter(), ()
        if self.sandboxed:
            if program is not None:
                read, write = os.pipe()
                os.write(write, program)
                os.close(write)
                fds = (read,)
            command = sandbox_command(inner, fds[0] if fds else None)
        else:
            command = inner
            self._tmp = tempfile.TemporaryDirectory(prefix="policy-")
            cwd = self._tmp.name
        try:
            self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, env=env, cwd=cwd,
                                          start_new_session=True, pass_fds=fds)
        except OSError as exc:
            raise GameFault(f"the policy's sandbox could not start ({exc})") from None
        finally:
            for fd in fds:
                os.close(fd)
        self._send(self.record, min(self._deadline, time.monotonic() + self.limits.start_seconds))
        reply = self._receive(min(self._deadline,
                                  time.monotonic() + self.limits.start_seconds), "start")
        if reply.get("ready") is not True:
            if "error" in reply:
                raise GameFault(f"your policy could not be made from its source: "
                                f"{reply.get('error')}: {str(reply.get('message', ''))[:300]}")
            raise GameFault("your policy's process did not start properly")

    def decide(self, observation: dict[str, Any]) -> Any:
        """The policy's decision on ``observation`` (a :class:`GameFault` if it fails)."""
        now = time.monotonic()
        if now >= self._deadline:
            raise self._game_time()
        deadline = min(self._deadline, now + self.limits.decision_seconds)
        self._send(observation, deadline)
        reply = self._receive(deadline, "decision")
        if "decision" in reply and len(reply) == 1:
            return reply["decision"]
        error = reply.get("error")
        if isinstance(error, str) and error.isidentifier():
            message = str(reply.get("message", ""))[:200]
            raise GameFault(f"your policy raised {error}" + (f": {message}" if message else ""),
                            f"your policy raised {error}")
        raise GameFault("your policy's answer was not a decision")

    def _game_time(self) -> GameFault:
        return GameFault(f"your policy's game took more than {self.limits.game_seconds:g} s "
                         "in all")

    def _ended(self) -> GameFault:
        assert self._proc is not None
        try:
            code = self._proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            code = None
        why = "it exited or crashed"
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            why = {"SIGXCPU": f"it used more than {self.limits.cpu_seconds} s of CPU",
                   "SIGKILL": "it was killed (the memory or CPU limit)",
                   "SIGSEGV": "it crashed"}.get(name, f"it was stopped by {name}")
        elif code not in (None, 0, 1):
            why = f"it exited with status {code}"
        return GameFault(f"your policy's process ended before the game did ({why}; limits: "
                         f"{self.limits.memory_mb} MiB of memory, {self.limits.cpu_seconds} s "
                         "of CPU)")

    def _send(self, message: Any, deadline: float) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        data = (json.dumps(message) + "\n").encode()
        fd = self._proc.stdin.fileno()
        os.set_blocking(fd, False)
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._timeout(deadline)
            try:
                _, ready, _ = select.select([], [fd], [], left)
                if ready:
                    data = data[os.write(fd, data):]
            except (BrokenPipeError, ConnectionResetError):
                raise self._ended() from None

    def _timeout(self, deadline: float) -> GameFault:
        if deadline >= self._deadline:
            return self._game_time()
        return GameFault(f"your policy took more than {self.limits.decision_seconds:g} s to "
                         "choose a decision")

    def _receive(self, deadline: float, what: str) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            if len(self._buffer) > self.limits.reply_chars:
                raise GameFault(f"your policy wrote more than {self.limits.reply_chars} "
                                "characters for one decision")
            left = deadline - time.monotonic()
            if left <= 0:
                if what == "start":
                    raise GameFault("your policy's sandbox did not start in "
                                    f"{self.limits.start_seconds:g} s")
                raise self._timeout(deadline)
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise self._ended()
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        if len(line) > self.limits.reply_chars:
            raise GameFault(f"your policy wrote more than {self.limits.reply_chars} characters "
                            "for one decision")
        try:
            reply = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise GameFault("your policy's process wrote something that is not an answer") \
                from None
        if type(reply) is not dict:
            raise GameFault("your policy's process wrote something that is not an answer")
        return reply

    def close(self) -> None:
        """Kill the process and everything it started."""
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._proc.kill()
            self._proc.wait()
            for stream in (self._proc.stdin, self._proc.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            self._proc = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SandboxedPolicy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def reference_points(spec: GameSpec, seed: int) -> tuple[float, float]:
    """The naive and the diagnostic policies' points on game ``seed`` (in this process)."""
    from course_lib.exercises.games import _reference_points

    return _reference_points(spec, seed)


def play_games(record: dict[str, Any], spec: GameSpec, games: Sequence[tuple[str, int]],
               references: Sequence[tuple[float, float]], *,
               limits: PolicyLimits = PolicyLimits(), sandboxed: bool = True,
               hidden: bool = True) -> list[GameResult]:
    """Play a recorded policy on each game ``(label, seed)``, each in a fresh sandbox.

    ``references`` holds the naive and diagnostic points of each game. A game that fails
    scores 0 with its reason -- on a ``hidden`` game, a reason without the policy's or the
    game's messages, which could carry the hidden world out in the feedback.
    """
    results = []
    for (label, seed), (naive, diagnostic) in zip(games, references, strict=True):
        start, made, reason, points = time.monotonic(), 0, "", 0.0
        project = spec.new(seed)
        policy = SandboxedPolicy(record, limits, sandboxed=sandboxed)
        try:
            policy.start()
            made = play_policy(policy.decide, project, max_decisions=limits.max_decisions)
            points = float(project.score().points)
        except GameFault as fault:
            reason = fault.hidden_reason if hidden else fault.reason
        except Exception as exc:  # noqa: BLE001 - the grading run never stops for a policy
            reason = f"the game could not be played ({type(exc).__name__})"
        finally:
            policy.close()
        results.append(GameResult(label, points, naive, diagnostic, reason, made,
                                  time.monotonic() - start))
    return results


def _verdict(exercise_id: str, results: Sequence[GameResult], what: str,
             hint: str) -> Verdict:
    credit = overall_credit(results)
    passed, total = credit * len(results), 100 * len(results)
    mark = MARKS["pass"] if passed == total else MARKS["fail"]
    lines = [f"{mark} {exercise_id}: {credit} of 100 on {what} (the mean points against the "
             "naive and the diagnostic policies' mean points on the same games: the share of "
             f"the way from naive, 0, to {FULL_SHARE:.0%} of the way to diagnostic, 100).",
             results_table(results)]
    stopped = [r for r in results if r.reason]
    if stopped:  # what to fix first: a game that stops scores 0, however well it went
        hint = (f"{stopped[0].reason}: a game that stops early scores 0, so fix that first "
                "(the check in your notebook plays the visible games the same way).")
    if passed < total and hint:
        lines.append(f"  {HINT_PREFIX} {hint}")
    return Verdict(exercise_id, passed, total, "\n".join(lines))


def _sandboxed() -> bool:
    from autograder.unit import current_unit_or_none

    run = current_unit_or_none()
    return True if run is None else bool(run.sandbox.enabled)


def _probe_policy(observation: dict[str, Any]) -> dict[str, Any]:
    """The policy the sandbox is tried with before any learner's: it ships at once."""
    return {"action": "ship"}


@functools.lru_cache(maxsize=4)
def sandbox_problem(limits: PolicyLimits = PolicyLimits(), *,
                    sandboxed: bool = True) -> str | None:
    """Why the policy process cannot play a trivial policy on this machine (``None``: it can).

    Tried once per grading process, before any learner's policy is played: a sandbox that
    cannot start (no user namespaces, bwrap refused, a missing seccomp filter) must be
    reported as the course's problem, not scored as every learner's policy failing.
    """
    policy = SandboxedPolicy(policy_source(_probe_policy), limits, sandboxed=sandboxed)
    try:
        policy.start()
        decision = policy.decide({"week": 0})
    except GameFault as fault:
        return fault.reason
    finally:
        policy.close()
    return None if decision == {"action": "ship"} else f"it answered {decision!r:.80}"


def judge_policy(plan: ExercisePlan, record: dict[str, Any], *,
                 limits: PolicyLimits = PolicyLimits(), sandboxed: bool | None = None) -> Verdict:
    """The grader's verdict on a recorded policy: its credit on the plan's hidden games.

    ``plan.cases`` hold the hidden games (their seeds as the only argument) and
    ``plan.expected`` the references' points on each. The verdict counts 100 checks per
    game, of which the games' credit as a whole (:func:`overall_credit`) pass.
    """
    exercise = plan.exercise
    total = 100 * len(plan.cases)
    hint = exercise.hints[0] if exercise.hints else ""
    if POLICY_ERROR in record:
        return Verdict(exercise.id, 0, total, f"{MARKS['fail']} {exercise.id}: your policy "
                       f"could not be graded: {str(record[POLICY_ERROR])[:500]}\n  "
                       f"{HINT_PREFIX} define it with def policy(observation): ... in a cell, "
                       "self-contained, and pass the function itself.")
    try:
        policy = check_record(record.get(POLICY_RECORD))
    except PolicyError:
        return Verdict(exercise.id, 0, total, f"{MARKS['fail']} {exercise.id}: no policy was "
                       "recorded (the record is malformed).")
    games = [(case.label, int(case.args[0])) for case in plan.cases]
    sandboxed = _sandboxed() if sandboxed is None else sandboxed
    problem = sandbox_problem(limits, sandboxed=sandboxed)
    if problem is not None:
        raise CourseError(f"the process that plays game policies does not work on this "
                          f"machine ({problem}); no policy was graded. `course doctor` says "
                          "whether the sandbox works here.")
    results = play_games(policy, exercise.game, games, plan.expected, limits=limits,
                         sandboxed=sandboxed)
    return _verdict(exercise.id, results, f"{len(results)} hidden games", hint)


def judge_log(plan: ExercisePlan, record: dict[str, Any]) -> Verdict:
    """The grader's verdict on a recorded game log, replayed on the learner's own game.

    Only each entry's action and parameters are read; the game's points come from the
    replay (the world is made here, from the learner's seed), never from the record.
    """
    exercise = plan.exercise
    log = decode(record["value"]) if "value" in record else Opaque("missing")
    (naive, diagnostic), seed = plan.expected[0], int(plan.cases[0].args[0])
    try:
        project = replay_log(exercise.game, log, seed)
    except GameFault as fault:
        return Verdict(exercise.id, 0, 100, f"{MARKS['fail']} {exercise.id}: your game's log "
                       f"cannot be replayed: {fault.reason}\n  {HINT_PREFIX} hand in game.log "
                       "of the game made with your learner id's seed, unchanged.")
    if not project.over:
        return Verdict(exercise.id, 0, 100, f"{MARKS['fail']} {exercise.id}: your game is not "
                       f"over ({project.weeks_left} weeks left).\n  {HINT_PREFIX} play until "
                       "you ship or the weeks are spent, then hand in game.log.")
    result = GameResult(plan.cases[0].label, float(project.score().points), naive, diagnostic,
                        decisions=len(log))
    return _verdict(exercise.id, [result], "your game, replayed",
                    exercise.hints[0] if exercise.hints else "")
