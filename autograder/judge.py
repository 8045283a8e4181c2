"""The grader's verdicts: the answers a grading kernel recorded, judged with the answer key.

Nothing a grading kernel prints, displays or returns is a verdict. Before a notebook runs,
the grader decides which cases each exercise is graded on (the visible ones and hidden ones
drawn from the course secret, :mod:`answer_key.seeds`), computes their expected answers
with the answer key, and gives the kernel only the cases' inputs (:func:`write_inbox`).
After it ran, :class:`Judge` -- an nbgrader preprocessor -- reads what the kernel recorded
(:mod:`course_lib.exercises.collect`), compares each answer with the expected one using the
exercise's type-strict comparator, and replaces every test cell's outputs with the
grader's own message. The score of a test cell is its points times the share of its checks
passed (rounded to 0.01); nbgrader's ``SaveAutoGrades`` reads it from those outputs, so the
gradebook holds the grader's verdict and nothing the kernel wrote. A game exercise's answer is
played here instead (:mod:`autograder.policy_runner`): a policy's recorded source in a sandbox
of its own on hidden games, a game's log replayed on the learner's own game.

Examples
--------
>>> score(2, passed=13, total=26)
1.0
>>> score(1, passed=0, total=1), score(3, passed=5, total=5)
(0.0, 3.0)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from answer_key.seeds import course_seed
from autograder.unit import ExercisePlan, Verdict, current_unit
from course_lib.contract import CHECK_FAILED, MAX_ANSWER_CHARS, inbox_path, outbox_path
from course_lib.exercises.cases import expected_answer, hidden_cases
from course_lib.exercises.encoding import Opaque, decode, encode
from course_lib.exercises.registry import GAME_KINDS, Case, Exercise, get_exercise
from course_lib.exercises.report import MARKS
from course_lib.exercises.verdicts import judge
from course_lib.flight.ids import normalize_learner_id

__all__ = ["ExercisePlan", "Judge", "Planner", "Verdict", "judge_recorded", "score",
           "write_inbox"]

PASS_MARK, FAIL_MARK, NONE_MARK = MARKS["pass"], MARKS["fail"], "\u2014"


def score(points: float, *, passed: int, total: int) -> float:
    """A test cell's score: its points times the share of checks passed, to 0.01."""
    if total <= 0 or passed <= 0:
        return 0.0
    if passed >= total:
        return float(points)
    return round(float(points) * passed / total, 2)


class Planner:
    """Plans the grading of exercises in one course; expected answers are computed once.

    Parameters
    ----------
    secret : bytes
        The course secret the hidden cases are drawn from.
    """

    def __init__(self, secret: bytes) -> None:
        self.secret = secret
        self._functions: dict[str, ExercisePlan] = {}
        self._values: dict[tuple[str, str], Any] = {}

    def plan(self, exercise_id: str, learner: str) -> ExercisePlan:
        """The plan of one exercise for the learner ``learner`` (the roster's student id)."""
        exercise = get_exercise(exercise_id)
        if exercise.kind in GAME_KINDS:
            return self._game_plan(exercise, learner)
        if exercise.kind == "function":
            if exercise_id not in self._functions:
                cases = hidden_cases(exercise, course_seed(self.secret, exercise_id))
                expected = [expected_answer(exercise, case, {}) for case in cases]
                self._functions[exercise_id] = ExercisePlan(exercise, cases, expected)
            return self._functions[exercise_id]
        context = {"learner": learner} if exercise.sample_context.get("learner") else {}
        key = (exercise_id, json.dumps(context, sort_keys=True))
        case = exercise.visible()[0]
        if key not in self._values:
            self._values[key] = expected_answer(exercise, case, context)
        return ExercisePlan(exercise, [case], [self._values[key]], context)

    def _game_plan(self, exercise: Exercise, learner: str) -> ExercisePlan:
        """A game exercise's plan: its games (a policy's hidden ones, drawn from the secret;
        a log's, the learner's own) and the reference policies' points on each, computed
        here. The games never go to the kernel: a policy is played by the grader."""
        from autograder.policy_runner import reference_points

        spec = exercise.game
        if exercise.kind == "policy":
            key = (exercise.id, "")
            seeds = spec.hidden_seeds(np.random.default_rng(course_seed(self.secret,
                                                                        exercise.id)))
            cases = [Case(f"hidden game {k}", (seed,)) for k, seed in enumerate(seeds, start=1)]
            context: dict[str, Any] = {}
        else:
            key = (exercise.id, normalize_learner_id(learner))
            cases = [Case("your game", (spec.learner_seed(learner),))]
            context = {"learner": learner}
        if key not in self._values:
            self._values[key] = [reference_points(spec, int(c.args[0])) for c in cases]
        return ExercisePlan(exercise, cases, self._values[key], context)


def write_inbox(plans: Iterable[ExercisePlan], grading_dir: Path) -> None:
    """Give a grading kernel the inputs of every function exercise's cases, as data."""
    for plan in plans:
        if plan.exercise.kind != "function":
            continue
        path = inbox_path(grading_dir, plan.exercise.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        cases = [{"label": c.label, "args": encode(tuple(c.args)), "kwargs": encode(dict(c.kwargs))}
                 for c in plan.cases]
        path.write_text(json.dumps({"exercise": plan.exercise.id, "cases": cases}),
                        encoding="utf-8")


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_ANSWER_CHARS + 1000:
            return {"too_large": path.stat().st_size}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _header(verdict_id: str, passed: int, total: int) -> str:
    if passed == total:
        return f"{PASS_MARK} {verdict_id}: all {total} checks passed."
    return f"{FAIL_MARK} {verdict_id}: {passed} of {total} checks passed."


def judge_recorded(plan: ExercisePlan, grading_dir: Path) -> Verdict:
    """Judge what a grading kernel recorded for one exercise.

    A case that was not recorded (the cell stopped half-way) counts as failed; hidden
    cases are named by their label, never by their inputs.
    """
    exercise = plan.exercise
    total = len(plan.cases)
    record = _read(outbox_path(grading_dir, exercise.id))
    if record is None:
        return Verdict(exercise.id, 0, total, f"{NONE_MARK} {exercise.id}: not answered: no "
                       "answer was recorded for it (its test cell did not run to its end, or "
                       "an earlier cell stopped the notebook).", answered=False)
    if "too_large" in record:
        return Verdict(exercise.id, 0, total, f"{FAIL_MARK} {exercise.id}: the answer is too "
                       "large to be graded.")
    if exercise.kind in GAME_KINDS:  # played here: the policy in a sandbox, a log replayed
        from autograder.policy_runner import judge_log, judge_policy

        return (judge_policy if exercise.kind == "policy" else judge_log)(plan, record)
    if exercise.kind == "value":
        output = decode(record.get("value")) if "value" in record else Opaque("missing")
        problem = judge(exercise, plan.cases[0], output, expected=plan.expected[0],
                        show_inputs=False, context=plan.context)
        if problem is None:
            return Verdict(exercise.id, 1, 1, f"{PASS_MARK} {exercise.id}: your answer is right.")
        return Verdict(exercise.id, 0, 1, f"{FAIL_MARK} {exercise.id}: not right.\n{problem}")
    if "not_callable" in record:
        return Verdict(exercise.id, 0, total, f"{FAIL_MARK} {exercise.id}: expected a function "
                       f"{exercise.signature}, got {record['not_callable']}: pass the function "
                       "itself, without calling it.")
    outputs = record.get("outputs")
    outputs = outputs if isinstance(outputs, list) else []
    passed, first = 0, None
    for index, case in enumerate(plan.cases):
        if index >= len(outputs):
            problem = (f"case \u201c{case.label}\u201d\n  no answer was recorded: the cell "
                       "stopped before this case (too slow, or the kernel died)")
        else:
            problem = judge(exercise, case, decode(outputs[index]),
                            expected=plan.expected[index], show_inputs=index < plan.visible,
                            context=plan.context)
        if problem is None:
            passed += 1
        elif first is None:
            first = problem
    message = _header(exercise.id, passed, total)
    if first is not None:
        message += "\n" + first
    return Verdict(exercise.id, passed, total, message)


def _stream(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text.rstrip() + "\n")


def cell_outputs(points: float, verdicts: Sequence[Verdict]) -> tuple[list[NotebookNode], float]:
    """The outputs a test cell gets, so that nbgrader scores it as the grader decided."""
    passed = sum(v.passed for v in verdicts)
    total = sum(v.total for v in verdicts)
    earned = score(points, passed=passed, total=total)
    text = "\n\n".join(v.message for v in verdicts)
    if earned >= points and total:
        return [_stream(text)], earned
    if earned <= 0:
        return [NotebookNode(output_type="error", ename=CHECK_FAILED, evalue=text,
                             traceback=text.splitlines())], 0.0
    text += f"\n\n{earned:g} of {points:g} points."
    partial = NotebookNode(output_type="execute_result", execution_count=None, metadata={},
                           data={"text/plain": f"{earned:g}"})
    return [partial, _stream(text)], earned


class Judge(NbGraderPreprocessor):
    """Give every test cell the grader's verdict, from the answers the kernel recorded.

    Runs after the notebook executed in the sandbox; the unit being graded
    (:func:`autograder.zygote.current_unit`) says which exercises each test cell grades
    and how.
    """

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 - nbconvert API
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
            return cell, resources
        run = current_unit()
        ids = run.test_cells.get(meta.get("grade_id"), ())
        verdicts = [judge_recorded(run.plans[e], run.grading_dir) for e in ids]
        if not verdicts:
            verdicts = [Verdict(str(meta.get("grade_id")), 0, 1, f"{FAIL_MARK} this test cell "
                                "grades no course exercise, so the grader cannot judge it.")]
        cell.outputs, earned = cell_outputs(float(meta.get("points", 0) or 0), verdicts)
        run.verdicts[meta.get("grade_id")] = verdicts
        return cell, resources
