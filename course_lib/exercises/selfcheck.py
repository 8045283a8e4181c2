"""Self-checks for learners, from one registry: ``check`` now, ``grade`` on the hidden cases.

``check(exercise_id, answer)`` runs an exercise's visible cases and prints a clear pass,
or raises :class:`CheckFailed` naming the first failing case with a hint -- never the
expected answer. ``grade(exercise_id, answer)`` is what an nbgrader test cell calls inside
``### BEGIN HIDDEN TESTS``; it behaves according to where it runs:

- in a **grading kernel** (see :mod:`course_lib.exercises.collect`) it only records the
  answer, as data, for the grader; ``check`` does nothing there. No verdict is made in a
  grading kernel: the grader judges what was recorded, in its own process;
- in a **self-study** install, which has the answer key, it runs the hidden cases and says
  whether they pass (that is what JupyterLab's Validate button shows);
- in a learner's environment of a **graded course**, which has no answer key, a value
  answer is checked against the salted digests of the course data file
  (:mod:`course_lib.exercises.digests`); a function's hidden cases run when the notebook is
  graded.

Warnings and ``stderr`` output produced by the learner's code while it is being checked are
caught and reported on ``stdout``, so that a right but noisy answer is never scored as an
error by nbgrader.
"""

from __future__ import annotations

import contextlib
import copy
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from course_lib.contract import HINT_PREFIX
from course_lib.exercises.cases import expected_answer, hidden_cases
from course_lib.exercises.collect import grading_dir, record_answer
from course_lib.exercises.compare import describe_type, short_repr
from course_lib.exercises.digests import DigestVerdict, UnknownLearner, check_by_digest
from course_lib.exercises.encoding import Raised
from course_lib.exercises.guard import UsedReference, guarded
from course_lib.exercises.keys import KeyUnavailable, find_key
from course_lib.exercises.registry import Case, Exercise, get_exercise
from course_lib.exercises.verdicts import describe_case, judge

__all__ = ["CheckFailed", "Outcome", "check", "evaluate", "grade"]

PASS_MARK = "\u2714"  # check mark
FAIL_MARK = "\u2718"  # cross mark


class CheckFailed(AssertionError):
    """Raised when an answer fails a check; renders as a short message in Jupyter."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return self.message.splitlines()


@dataclass(frozen=True)
class Outcome:
    """The result of running an answer on a list of cases.

    Attributes
    ----------
    passed : int
        Number of cases passed before the first failure (all of them on success).
    total : int
        Number of cases.
    failure : str or None
        The learner-facing description of the first failing case.
    notes : tuple of str
        Warnings or stderr text the learner's code produced.
    """

    passed: int
    total: int
    failure: str | None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every case passed."""
        return self.failure is None


@contextlib.contextmanager
def _captured(notes: list[str]) -> Iterator[None]:
    """Catch warnings and stderr text from learner code, keeping them as notes."""
    buffer = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.redirect_stderr(buffer):
            try:
                yield
            finally:
                for item in caught:
                    notes.append(f"{item.category.__name__}: {item.message}")
                text = buffer.getvalue().strip()
                if text:
                    notes.append(f"printed to stderr: {text[:300]}")


def _output(exercise: Exercise, answer: Any, case: Case, notes: list[str]) -> Any:
    """The learner's function's output on ``case``, or :class:`Raised`; raises
    :class:`UsedReference` when it called the course's own answer."""
    with guarded(exercise.reference) as guard:
        try:
            with _captured(notes):
                output = answer(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
            output = Raised(type(exc).__name__, str(exc))
    if guard.used:
        raise UsedReference(f"{guard.message}.\n  {HINT_PREFIX} {guard.hint}.")
    return output


def evaluate(exercise: Exercise, answer: Any, cases: list[Case], *, show_inputs: bool,
             context: dict[str, Any] | None = None) -> Outcome:
    """Run ``answer`` on ``cases`` and stop at the first failure.

    Parameters
    ----------
    exercise : Exercise
        The exercise definition.
    answer : Any
        The learner's function (``kind="function"``) or value (``kind="value"``).
    cases : list of Case
        The cases to run, in order.
    show_inputs : bool
        Whether a failure message shows the case's inputs.
    context : dict, optional
        What a value exercise's right answer depends on (e.g. the learner id).

    Raises
    ------
    KeyUnavailable
        For a value exercise, when no answer key is installed here.

    Examples
    --------
    >>> from course_lib.exercises.registry import get_exercise
    >>> ex = get_exercise("w1_02_precision")
    >>> evaluate(ex, lambda t, p: 1.0, ex.visible(), show_inputs=True).ok
    False
    """
    notes: list[str] = []
    context = dict(context or {})
    if exercise.kind == "function" and not callable(answer):
        return Outcome(0, len(cases), (
            f"expected a function {exercise.signature or ''}, got {describe_type(answer)}: "
            f"{short_repr(answer)}. Pass the function itself, without calling it."
        ).replace("  ", " "), ())
    for done, case in enumerate(cases):
        expected = expected_answer(exercise, case, context)
        if exercise.kind == "function":
            try:
                output = _output(exercise, answer, case, notes)
            except UsedReference as used:
                failure = f"{describe_case(exercise, case, show_inputs)}\n  {used}"
                return Outcome(done, len(cases), failure, tuple(notes))
        else:
            output = answer
        failure = judge(exercise, case, output, expected=expected, show_inputs=show_inputs,
                        context=context)
        if failure is not None:
            return Outcome(done, len(cases), failure, tuple(notes))
    return Outcome(len(cases), len(cases), None, tuple(notes))


def _print_notes(notes: tuple[str, ...]) -> None:
    if notes:
        shown = list(dict.fromkeys(notes))[:3]
        print("  note: your code produced warnings while being checked (they do not cost points):")
        for note in shown:
            print(f"    {note}")


_FAILED_ATTEMPTS: dict[str, int] = {}


def _explanation(exercise: Exercise, context: dict[str, Any]) -> str | None:
    key = find_key(exercise.id)
    if key is None or key.explanation is None:
        return None
    return key.explanation(**context).strip()


def _digest_verdict(exercise: Exercise, answer: Any,
                    context: dict[str, Any]) -> DigestVerdict | None:
    """The digest check of a value answer where the key is not installed; ``None`` (after
    saying why) when there is nothing to check it against here."""
    if exercise.kind != "function":
        try:
            return check_by_digest(exercise, answer, context)
        except UnknownLearner as missing:
            print(f"{exercise.id}: {missing}")
            return None
        except KeyUnavailable:
            pass
    print(f"{exercise.id}: your answer is recorded; it is checked when your notebook is "
          "graded.")
    return None


def check(exercise_id: str, answer: Any, **context: Any) -> None:
    """Self-check an answer on the exercise's visible cases.

    Prints a pass line, or raises :class:`CheckFailed` with the first failing case and a
    hint. It never shows the expected answer. In a grading kernel it does nothing (the
    grader judges the recorded answers).

    Parameters
    ----------
    exercise_id : str
        The exercise id written above the exercise, e.g. ``"w1_02_f1_score"``.
    answer : function or value
        Your function (pass the function itself: ``f1_score``, not ``f1_score()``)
        or your value.
    **context
        What a per-learner exercise depends on, e.g. ``learner="ada"``.

    Examples
    --------
    >>> def f1_score(y_true, y_pred):
    ...     tp = sum(t == p == 1 for t, p in zip(y_true, y_pred))
    ...     return 2 * tp / (sum(y_true) + sum(y_pred)) if tp else 0.0
    >>> check("w1_02_f1_score", f1_score)  # doctest: +ELLIPSIS
    ✔ w1_02_f1_score: ... passed.

    An answer that calls the course's own reference implementation fails, with a message
    that says so (:mod:`course_lib.exercises.guard`).
    """
    exercise = get_exercise(exercise_id)
    if grading_dir() is not None:
        return
    try:
        outcome = evaluate(exercise, answer, exercise.visible(), show_inputs=True,
                           context=context)
    except KeyUnavailable:
        verdict = _digest_verdict(exercise, answer, context)
        if verdict is None:
            return
        if not verdict.ok:
            raise CheckFailed(f"{FAIL_MARK} {exercise_id}: not yet\n{verdict.failure}") from None
        print(f"{PASS_MARK} {exercise_id}: your answer is right.")
        if verdict.explanation:
            print("\nWhy:\n" + verdict.explanation)
        return
    explanation = _explanation(exercise, context)
    if not outcome.ok:
        _print_notes(outcome.notes)
        tries = _FAILED_ATTEMPTS[exercise_id] = _FAILED_ATTEMPTS.get(exercise_id, 0) + 1
        message = (f"{FAIL_MARK} {exercise_id}: not yet ({outcome.passed} of {outcome.total} "
                   f"checks passed)\n{outcome.failure}")
        if explanation is not None:
            if tries >= exercise.reveal_after:
                message += "\n\nWhy (shown after several tries):\n" + explanation
            else:
                left = exercise.reveal_after - tries
                message += f"\n  (the explanation appears after {left} more attempt(s))"
        raise CheckFailed(message)
    if exercise.kind == "function":
        print(f"{PASS_MARK} {exercise_id}: all {outcome.total} checks passed.")
    else:
        print(f"{PASS_MARK} {exercise_id}: your answer is right.")
    _print_notes(outcome.notes)
    if explanation is not None:
        print("\nWhy:\n" + explanation)


def grade(exercise_id: str, answer: Any, **context: Any) -> None:
    """What an nbgrader test cell calls after ``check``: the hidden cases.

    In a grading kernel it records the answer for the grader and prints one line. In a
    self-study install it runs the hidden cases and raises :class:`CheckFailed` on the
    first failing one (naming the case and a hint, not its inputs). Elsewhere it says the
    hidden cases run when the notebook is graded.

    Examples
    --------
    >>> def recall(y_true, y_pred):
    ...     tp = sum(t == p == 1 for t, p in zip(y_true, y_pred))
    ...     return tp / sum(y_true) if sum(y_true) else 0.0
    >>> grade("w1_02_recall", recall)  # doctest: +ELLIPSIS
    ✔ w1_02_recall: hidden tests passed (...).
    """
    exercise = get_exercise(exercise_id)
    root = grading_dir()
    if root is not None:
        record_answer(exercise, answer, root)
        print(f"{exercise_id}: answer recorded for the grader.")
        return
    try:
        cases = hidden_cases(exercise)
        outcome = evaluate(exercise, answer, cases, show_inputs=False, context=context)
    except KeyUnavailable:
        verdict = None
        if exercise.kind != "function":
            with contextlib.suppress(KeyUnavailable):
                verdict = check_by_digest(exercise, answer, context)
        if verdict is None:
            print(f"{exercise_id}: the hidden tests run when your notebook is graded.")
            return
        if not verdict.ok:
            raise CheckFailed(f"{FAIL_MARK} {exercise_id}: a hidden test failed (0 of 1 "
                              f"passed)\n{verdict.failure}") from None
        print(f"{PASS_MARK} {exercise_id}: hidden tests passed (1 case).")
        return
    if not outcome.ok:
        raise CheckFailed(
            f"{FAIL_MARK} {exercise_id}: a hidden test failed "
            f"({outcome.passed} of {outcome.total} passed)\n{outcome.failure}"
        )
    print(f"{PASS_MARK} {exercise_id}: hidden tests passed ({outcome.total} cases).")
    _print_notes(outcome.notes)
