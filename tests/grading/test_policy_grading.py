"""Grading a game policy by replay, and a played game's log (autograder.policy_runner).

The grading kernel records a policy's source only; the grader plays it on hidden games, the
world in its own process and the policy in a sandbox that sees observations and nothing
else. Every hostile policy here ends with a score and a reason, never with a crashed run or
a changed grade; a log is replayed, never trusted.
"""

from __future__ import annotations

import json
import os
import socket
import textwrap
from pathlib import Path

import pytest
from helpers.sandbox import bubblewrap_ready

from autograder.judge import Planner, judge_recorded, write_inbox
from autograder.policy_runner import (
    PolicyLimits,
    SandboxedPolicy,
    judge_log,
    judge_policy,
    play_games,
)
from autograder.unit import ExercisePlan
from course_lib.contract import POLICY_ERROR, POLICY_RECORD, outbox_path
from course_lib.exercises.collect import record_answer
from course_lib.exercises.encoding import encode
from course_lib.exercises.games import GameFault, game_credit, policy_source
from course_lib.exercises.registry import get_exercise
from course_lib.exercises.w3_08_strategy_game import GAME, game_seed
from course_lib.game import diagnostic_policy, naive_policy, play, replay

SECRET = b"the secret of a test course, 32b"
LIMITS = PolicyLimits(decision_seconds=1.0, game_seconds=20.0)


@pytest.fixture(scope="module", autouse=True)
def _sandbox_works():
    bubblewrap_ready()


@pytest.fixture(scope="module")
def planner() -> Planner:
    return Planner(SECRET)


@pytest.fixture(scope="module")
def plan(planner) -> ExercisePlan:
    return planner.plan("w3_08_policy", "ada")


@pytest.fixture(scope="module")
def one_game(plan) -> ExercisePlan:
    return ExercisePlan(plan.exercise, plan.cases[:1], plan.expected[:1])


def record_of(body: str, name: str = "policy") -> dict:
    """A record as a (possibly hostile) grading kernel could write it."""
    source = f"def {name}(observation):\n" + textwrap.indent(textwrap.dedent(body), "    ")
    return {POLICY_RECORD: {"name": name, "source": source, "imports": [], "constants": []}}


# --- the rubric on real policies ------------------------------------------------------------

def test_the_hidden_games_are_large_seeds_from_the_secret(plan, planner):
    seeds = [int(c.args[0]) for c in plan.cases]
    assert len(seeds) == GAME.hidden_games and min(seeds) > 2**60
    assert seeds == [int(c.args[0]) for c in Planner(SECRET).plan("w3_08_policy", "bob").cases]
    assert seeds != [int(c.args[0]) for c in Planner(SECRET + b"!").plan("w3_08_policy",
                                                                         "ada").cases]
    assert not set(seeds) & set(GAME.visible_seeds)


def test_the_diagnostic_policy_gets_full_marks_and_the_naive_one_clearly_less(plan):
    diagnostic = judge_policy(plan, {POLICY_RECORD: policy_source(diagnostic_policy)},
                              limits=LIMITS)
    naive = judge_policy(plan, {POLICY_RECORD: policy_source(naive_policy)}, limits=LIMITS)
    assert diagnostic.total == naive.total == 100 * GAME.hidden_games
    assert diagnostic.passed >= 0.95 * diagnostic.total, diagnostic.message
    assert naive.passed <= 0.1 * naive.total, naive.message
    assert "stopped" not in diagnostic.message + naive.message


def test_the_references_points_are_those_of_play_on_the_same_games(plan):
    for case, (naive, diagnostic) in zip(plan.cases, plan.expected, strict=True):
        seed = int(case.args[0])
        assert naive == play(naive_policy, seed).score().points
        assert diagnostic == play(diagnostic_policy, seed).score().points


def test_the_sandboxed_game_scores_what_play_scores(one_game):
    seed = int(one_game.cases[0].args[0])
    [result] = play_games(policy_source(diagnostic_policy), GAME, [("g", seed)],
                          one_game.expected, limits=LIMITS)
    assert result.reason == "" and result.points == play(diagnostic_policy, seed).score().points
    assert result.decisions == len(play(diagnostic_policy, seed).log)


def test_a_policy_that_calls_the_games_own_policy_finds_no_game_in_the_sandbox(one_game):
    record = record_of("from course_lib.game import diagnostic_policy\n"
                       "return diagnostic_policy(observation)")
    verdict = judge_policy(one_game, record, limits=LIMITS)
    assert verdict.passed == 0 and "raised ModuleNotFoundError" in verdict.message \
        or "raised ImportError" in verdict.message, verdict.message


# --- hostile policies: a score and a reason each, never a crash ------------------------------

HOSTILE = {
    "infinite loop": ("while True:\n    pass", "took more than 1 s"),
    "raises": ("raise ValueError('leak ' + repr(observation['metrics']))",
               "your policy raised ValueError"),
    "returns garbage": ("return 42", "a decision must be a dict"),
    "returns a bad action": ("return {'action': 'dance'}", "refused by the game"),
    "huge output": ("print('x' * 10**7)\nreturn {'action': 'x' * 10**6}", "wrote more than"),
    "exits": ("import os\nos._exit(3)", "process ended"),
    "sys.exit": ("import sys\nsys.exit(0)", "raised SystemExit"),
    "eats memory": ("return {'action': 'x', 'blob': bytearray(8 << 30)}",
                    "raised MemoryError"),
    "imports the answer key": ("import answer_key\nreturn {'action': 'ship'}",
                               "raised ModuleNotFoundError"),
    "imports the grader": ("import autograder.secret\nreturn {'action': 'ship'}",
                           "raised ModuleNotFoundError"),
    "forks": ("import os\nwhile True:\n    os.fork()", "raised PermissionError"),
    "os.system": ("import os\nif os.system('echo x > /tmp/x') != 0:\n"
                  "    raise OSError('no shell')\nreturn {'action': 'ship'}", "raised OSError"),
    "not JSON": ("return {'action': 'ship', 'x': object()}", "raised TypeError"),
    "recursion": ("def f(n):\n    return f(n + 1)\nreturn f(0)", "raised RecursionError"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_policy_scores_zero_with_a_reason(one_game, name):
    body, reason = HOSTILE[name]
    verdict = judge_policy(one_game, record_of(body), limits=LIMITS)
    assert verdict.passed == 0 and verdict.total == 100, verdict.message
    assert reason in verdict.message, verdict.message
    assert "leak" not in verdict.message  # a hidden game's messages stay in the grader


def test_a_policy_that_reads_files_finds_nothing_of_the_grader(tmp_path, one_game):
    secret = tmp_path / "course.secret"
    secret.write_bytes(SECRET)
    for path in (secret, Path("/work/main/answer_key/__init__.py"),
                 Path(__file__).resolve().parents[2] / "answer_key" / "seeds.py"):
        verdict = judge_policy(one_game, record_of(f"open({str(path)!r}).read()"),
                               limits=LIMITS)
        assert verdict.passed == 0 and "raised FileNotFoundError" in verdict.message, \
            verdict.message


def test_a_policy_cannot_write_where_grades_are_made(tmp_path, one_game):
    outbox = outbox_path(tmp_path, "w3_08_policy")
    outbox.parent.mkdir(parents=True)
    outbox.write_text("{}", encoding="utf-8")
    body = (f"open({str(outbox)!r}, 'w').write('forged')\n"
            "return {'action': 'ship'}")
    verdict = judge_policy(one_game, record_of(body), limits=LIMITS)
    assert verdict.passed == 0 and "raised" in verdict.message
    assert outbox.read_text(encoding="utf-8") == "{}"


def test_the_sandbox_shows_the_policy_nothing_but_its_observations():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    os.environ["COURSE_TEST_PRIVATE"] = "grader-only"
    body = f"""
    import importlib.util, os, socket
    import course_lib
    found = {{"uid": os.getuid(), "env": sorted(os.environ),
             "answer_key": importlib.util.find_spec("answer_key") is not None,
             "game": os.listdir(os.path.join(os.path.dirname(course_lib.__file__), "game"))}}
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=1)
        found["network"] = True
    except OSError:
        found["network"] = False
    try:
        open(os.path.join(os.path.dirname(course_lib.__file__), "x.py"), "w")
        found["writes library"] = True
    except OSError:
        found["writes library"] = False
    try:
        os.fork()
        found["forks"] = True
    except OSError:
        found["forks"] = False
    return found
    """
    try:
        with SandboxedPolicy(record_of(body)[POLICY_RECORD], LIMITS) as policy:
            policy.start()
            found = policy.decide({"metrics": {}})
    finally:
        del os.environ["COURSE_TEST_PRIVATE"]
        listener.close()
    assert found["uid"] == 65534 and not found["answer_key"] and found["game"] == []
    assert "COURSE_TEST_PRIVATE" not in found["env"]
    assert set(found["env"]) <= {"PATH", "HOME", "PYTHONDONTWRITEBYTECODE", "OMP_NUM_THREADS",
                                 "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "LC_CTYPE", "PWD"}
    assert not found["network"] and not found["writes library"] and not found["forks"]


def test_a_malformed_record_or_one_without_a_policy_scores_zero(plan):
    for record in ({POLICY_RECORD: {"name": "os.system"}}, {POLICY_RECORD: "def p(o): ..."},
                   {}, {POLICY_ERROR: "a lambda cannot be graded"}):
        verdict = judge_policy(plan, record, limits=LIMITS)
        assert verdict.passed == 0 and verdict.total == 500, verdict.message


def test_a_source_that_does_not_define_its_name_cannot_start(one_game):
    record = {POLICY_RECORD: {"name": "policy", "source": "x = 1\n", "imports": [],
                              "constants": []}}
    verdict = judge_policy(one_game, record, limits=LIMITS)
    assert verdict.passed == 0 and "could not be made from its source" in verdict.message


# --- the kernel records the source only; the hidden games never reach it ---------------------

def _records_only(observation):
    raise AssertionError("a grading kernel never calls the policy")


def test_a_grading_kernel_records_the_source_without_running_the_policy(tmp_path):
    exercise = get_exercise("w3_08_policy")
    record_answer(exercise, _records_only, tmp_path)
    record = json.loads(outbox_path(tmp_path, exercise.id).read_text(encoding="utf-8"))
    assert record[POLICY_RECORD]["name"] == "_records_only"
    assert "never calls the policy" in record[POLICY_RECORD]["source"]
    seen = []

    def closure(observation):
        seen.append(observation)
        return {"action": "ship"}

    for answer, why in ((lambda observation: {"action": "ship"}, "lambda"), (len, "function"),
                        ("def policy(o): ...", "function"), (closure, "enclosing function")):
        record_answer(exercise, answer, tmp_path)
        record = json.loads(outbox_path(tmp_path, exercise.id).read_text(encoding="utf-8"))
        assert POLICY_RECORD not in record and why in record[POLICY_ERROR]


def test_a_recorded_policy_is_judged_from_the_outbox(tmp_path, one_game):
    record_answer(get_exercise("w3_08_policy"), diagnostic_policy, tmp_path)
    verdict = judge_recorded(one_game, tmp_path)
    assert verdict.passed == verdict.total == 100, verdict.message
    record_answer(get_exercise("w3_08_policy"), lambda observation: {}, tmp_path)
    verdict = judge_recorded(one_game, tmp_path)
    assert verdict.passed == 0 and "could not be graded" in verdict.message


def test_the_grading_kernel_never_receives_the_hidden_games(tmp_path, plan):
    write_inbox([plan], tmp_path)
    written = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())
    assert not any(str(case.args[0]) in written for case in plan.cases)
    assert not (tmp_path / "inbox" / "w3_08_policy.json").exists()


# --- a played game's log: replayed, never trusted ---------------------------------------------

def _log_record(log) -> dict:
    return {"exercise": "w3_08_played_game", "value": encode(log)}


def test_a_replayed_log_gets_exactly_the_score_of_replay(planner):
    plan = planner.plan("w3_08_played_game", "ada")
    seed = game_seed("ada")
    assert int(plan.cases[0].args[0]) == seed
    for policy in (diagnostic_policy, naive_policy):
        log = play(policy, seed).log
        points = replay(log, seed).score().points
        naive, diagnostic = plan.expected[0]
        verdict = judge_log(plan, _log_record(log))
        assert verdict.passed == game_credit(points, naive=naive, diagnostic=diagnostic)
        assert f"{points:.1f} points" in verdict.message


def test_a_forged_score_in_the_log_is_ignored(planner):
    plan = planner.plan("w3_08_played_game", "ada")
    forged = [{"action": "ship", "params": {}, "score": 100, "points": 100.0}]
    record = {**_log_record(forged), "score": 100, "points": 100}
    verdict = judge_log(plan, record)
    assert verdict.passed == game_credit(replay([{"action": "ship", "params": {}}],
                                                game_seed("ada")).score().points,
                                         naive=plan.expected[0][0],
                                         diagnostic=plan.expected[0][1])
    assert verdict.passed < 100


def test_a_log_is_replayed_on_the_graded_learners_game(planner):
    log = play(diagnostic_policy, game_seed("bob")).log
    mine = judge_log(planner.plan("w3_08_played_game", "bob"), _log_record(log))
    theirs = judge_log(planner.plan("w3_08_played_game", "ada"), _log_record(log))
    assert mine.passed == 100 and theirs.passed < 100


@pytest.mark.parametrize(("log", "words"), [
    ({"log": []}, "a game's log is a list"),
    ([{"action": "dance", "params": {}}], "entry 1 of the log ('dance') was refused"),
    (["ship"], "entry 1 of the log is not a dict"),
    ([{"action": "ship", "params": {"n": object}}], "cannot be replayed"),
    ([{"action": "bigger_network", "params": {}}], "not over"),
    ([{"action": "ship", "params": {}}, {"action": "ship", "params": {}}], "entry 2"),
])
def test_an_invalid_log_gets_a_clear_message(planner, log, words):
    plan = planner.plan("w3_08_played_game", "ada")
    record = {"exercise": plan.exercise.id, "value": encode(log)}
    verdict = judge_log(plan, record)
    assert verdict.passed == 0 and words in verdict.message, verdict.message


def test_a_kernel_records_a_log_as_data(tmp_path, planner):
    plan = planner.plan("w3_08_played_game", "ada")
    log = play(diagnostic_policy, game_seed("ada")).log
    record_answer(get_exercise("w3_08_played_game"), log, tmp_path)
    assert judge_recorded(plan, tmp_path).passed == 100


def test_a_game_fault_keeps_hidden_messages_apart():
    fault = GameFault("your policy raised KeyError: 'secret'", "your policy raised KeyError")
    assert "secret" not in fault.hidden_reason and "secret" in fault.reason


def test_a_stopped_game_gives_its_reason_as_the_hint(one_game):
    verdict = judge_policy(one_game, record_of("return 42"), limits=LIMITS)
    hint = next(line for line in verdict.message.splitlines() if "Hint:" in line)
    assert "a decision must be a dict" in hint


def test_without_the_sandbox_the_policy_still_runs_in_a_process_of_its_own(one_game):
    seed = int(one_game.cases[0].args[0])
    record = record_of("import os\nreturn {'action': 'ship'} if os.getpid() != "
                       f"{os.getpid()} else {{}}")[POLICY_RECORD]
    [result] = play_games(record, GAME, [("g", seed)], one_game.expected, limits=LIMITS,
                          sandboxed=False)
    assert result.reason == "" and result.decisions == 1


# --- what a kernel records of a policy ---------------------------------------------------------

LIMIT = 1.0
SHIP = {"action": "ship"}


def _helper_gap(metrics):
    return metrics["dev"] - metrics["train"]


def _policy_with_helpers(observation):
    import math

    if _helper_gap(observation["metrics"]) < LIMIT or math.isnan(LIMIT):
        return dict(SHIP)
    return {"action": "regularise"}


def test_the_record_holds_helpers_constants_and_imports_and_builds_the_same_policy():
    from course_lib.exercises.games import build_policy

    record = policy_source(_policy_with_helpers)
    assert "def _helper_gap" in record["source"] and "def _policy_with_helpers" in record["source"]
    assert sorted(name for name, _ in record["constants"]) == ["LIMIT", "SHIP"]
    rebuilt = build_policy(json.loads(json.dumps(record)))  # through JSON, as the grader gets it
    for metrics in ({"dev": 5.0, "train": 4.5}, {"dev": 9.0, "train": 2.0}):
        observation = {"metrics": metrics}
        assert rebuilt(observation) == _policy_with_helpers(observation)


def _uses_the_game(observation):
    from course_lib.game import diagnostic_policy

    return diagnostic_policy(observation)


def _uses_an_object(observation):
    return {"action": "ship", "n": len(GAME.visible_seeds)}


@pytest.mark.parametrize(("policy", "words"), [
    (_uses_the_game, "imports course_lib.game"),
    (_uses_an_object, "uses GAME, a GameSpec"),
])
def test_a_policy_that_is_not_self_contained_is_refused_with_a_clear_message(policy, words):
    from course_lib.exercises.games import PolicyError

    with pytest.raises(PolicyError, match=words):
        policy_source(policy)


@pytest.mark.slow
def test_course_grade_plays_a_scripted_policy_and_replays_a_played_log(tmp_path):
    """The real pipeline: a solution copy and a hostile copy (a looping policy, a log with a
    forged score) of the notebook, graded by `course grade` in the sandbox."""
    import csv
    import shutil
    import subprocess
    import sys

    import nbformat
    from helpers import SOLUTIONS

    source = tmp_path / "source" / "week3"
    source.mkdir(parents=True)
    shutil.copy(SOLUTIONS / "week3" / "08_strategy_game.ipynb", source)
    hostile = {"w3_08_policy_answer": "def policy(observation):\n    while True:\n        pass\n",
               "w3_08_played_game_answer":
                   'played_log = [{"action": "ship", "params": {}, "score": 100}]\n'}
    for student, edits in (("ada", {}), ("eve", hostile)):
        nb = nbformat.read(str(source / "08_strategy_game.ipynb"), as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            cell.source = edits.get(grade_id, cell.source)
        (tmp_path / "subs" / student / "week3").mkdir(parents=True)
        nbformat.write(nb, str(tmp_path / "subs" / student / "week3" / "08_strategy_game.ipynb"))
    env = {k: v for k, v in os.environ.items() if k != "COURSE_GRADEBOOK_URL"}
    out = tmp_path / "grades.csv"
    done = subprocess.run([str(Path(sys.executable).parent / "course"), "grade",
                           str(tmp_path / "subs"), "--course-dir", str(tmp_path / "course"),
                           "--out", str(out), "--source", str(tmp_path / "source"), "-q"],
                          capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out, newline="") as handle:
        scores = {r["student_id"]: float(r["score"]) for r in csv.DictReader(handle)}
    assert scores["ada"] >= 3.8 and scores["eve"] == 2.0, scores
    page = (tmp_path / "course" / "feedback" / "eve" / "week3" / "08_strategy_game.html")
    text = page.read_text(encoding="utf-8")
    assert "took more than 2 s to choose a decision" in text


def test_the_cpu_limit_stops_a_policy_that_the_wall_clock_would_not(one_game):
    limits = PolicyLimits(decision_seconds=20.0, game_seconds=30.0, cpu_seconds=2)
    verdict = judge_policy(one_game, record_of("while True:\n    pass"), limits=limits)
    assert verdict.passed == 0 and "process ended" in verdict.message, verdict.message
    assert "2 s of CPU" in verdict.message


def test_a_sandbox_that_cannot_start_is_the_courses_problem_not_the_learners(monkeypatch,
                                                                            one_game):
    """When the policy's sandbox is broken, no learner scores 0 for it: grading stops with
    the instructor's error (the unit is recorded as an error, never as a grade)."""
    import autograder.policy_runner as runner
    from autograder.errors import CourseError

    broken = PolicyLimits(decision_seconds=1.0, game_seconds=19.0)  # its own cache entry
    monkeypatch.setattr(runner, "sandbox_command", lambda inner, fd=None: ["/bin/false"])
    assert runner.sandbox_problem(broken, sandboxed=True)
    with pytest.raises(CourseError, match="does not work on this machine"):
        judge_policy(one_game, {POLICY_RECORD: policy_source(diagnostic_policy)},
                     limits=broken, sandboxed=True)
    monkeypatch.undo()
    runner.sandbox_problem.cache_clear()
    assert runner.sandbox_problem(broken, sandboxed=True) is None  # the real one works
