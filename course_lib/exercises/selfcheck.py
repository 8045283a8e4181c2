"""Self-checks for learners and hidden grading for nbgrader, from one registry.

``check(exercise_id, answer)`` runs an exercise's visible cases and prints a clear
pass, or raises :class:`CheckFailed` naming the first failing case with a hint.
``grade(exercise_id, answer)`` does the same on the hidden, randomized cases; the
nbgrader test cells call it inside ``### BEGIN HIDDEN TESTS``.

Neither ever shows the reference answer. Warnings and ``stderr`` output produced by
the learner's code while it is being checked are caught and reported on
``stdout``, because nbgrader scores any ``stderr`` output in a test cell as a
failure even when the answer is right.
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
from course_lib.exercises import transcript
from course_lib.exercises.cases import hidden_cases, reference_answer, silenced
from course_lib.exercises.compare import describe_type, short_repr, summarize
from course_lib.exercises.guard import UsedReference, guarded
from course_lib.exercises.registry import Case, Exercise, get_exercise

__all__ = ["CheckFailed", "check", "grade", "evaluate"]

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


def _call(answer: Any, case: Case, notes: list[str]) -> Any:
    with _captured(notes):
        return answer(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))


def _matching_hint(exercise: Exercise, case: Case, output: Any, expected: Any,
                   context: dict[str, Any]) -> str | None:
    """The hints of every typical mistake whose output equals the learner's output."""
    hints: list[str] = []
    for mistake in exercise.mistakes:
        try:
            with silenced():
                if exercise.kind == "value":
                    wrong = mistake.wrong(**context)
                else:
                    wrong = mistake.wrong(*copy.deepcopy(case.args),
                                          **copy.deepcopy(case.kwargs))
        except Exception:  # noqa: BLE001 - a mistake model that cannot run simply does not match
            continue
        if exercise.compare(wrong, expected) is None:
            continue  # this mistake gives the right answer on this case: it cannot be told
        if exercise.compare(output, wrong) is None:
            hints.append(mistake.hint)
    if not hints:
        return case.hint
    return hints[0] if len(hints) == 1 else "\n  or: ".join(hints)


def _describe_args(case: Case) -> str:
    parts = [summarize(a) for a in case.args]
    parts += [f"{k}={summarize(v)}" for k, v in case.kwargs.items()]
    return ", ".join(parts)


def _run_one(exercise: Exercise, answer: Any, case: Case, notes: list[str],
             show_inputs: bool, context: dict[str, Any],
             record: list[Any] | None = None) -> str | None:
    """Return None when the case passes, else a learner-facing description.

    When ``record`` is a list, the answer's output on the case is appended to it.
    """
    where = f"case \u201c{case.label}\u201d"
    if show_inputs and exercise.kind == "function":
        where += f" \u2014 inputs: {_describe_args(case)}"
    expected = reference_answer(exercise, case, context)
    if exercise.kind == "function":
        error: Exception | None = None
        with guarded(exercise.reference) as guard:
            try:
                output = _call(answer, case, notes)
            except Exception as exc:  # noqa: BLE001 - the learner's code may raise anything
                error = exc
        if guard.used:
            if record is not None:
                record.append(transcript.Raised(UsedReference.__name__))
            return f"{where}\n  {guard.message}.\n  {HINT_PREFIX} {guard.hint}."
        if isinstance(error, NotImplementedError):
            if record is not None:
                record.append(transcript.Raised("NotImplementedError"))
            return (
                f"{exercise.signature or 'your function'} is not implemented yet: replace "
                "`raise NotImplementedError()` with your code, run that cell, then this one."
            )
        if error is not None:
            if record is not None:
                record.append(transcript.Raised(type(error).__name__))
            message = short_repr(str(error), 200)
            hint = case.hint or "read the error, then try your function by hand on this input."
            raised = f"your function raised {type(error).__name__}: {message}"
            return f"{where}\n  {raised}\n  {HINT_PREFIX} {hint}"
    else:
        output = answer
    if record is not None:
        record.append(output)
    problem = exercise.compare(output, expected)
    if problem is None:
        return None
    text = f"{where}\n  {problem}"
    if exercise.kind == "function" or problem.startswith("expected"):
        text += f"\n  your answer: {short_repr(output)} ({describe_type(output)})"
    hint = _matching_hint(exercise, case, output, expected, context)
    if hint:
        text += f"\n  {HINT_PREFIX} {hint}"
    return text


def evaluate(
    exercise: Exercise, answer: Any, cases: list[Case], *, show_inputs: bool,
    context: dict[str, Any] | None = None, record: list[Any] | None = None,
) -> Outcome:
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
        Keyword arguments for a value exercise's reference (e.g. the learner id).
    record : list, optional
        When given, the answer's output on each case run is appended to it (what
        :mod:`course_lib.exercises.transcript` records for a clean re-check).

    Returns
    -------
    Outcome

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
        failure = _run_one(exercise, answer, case, notes, show_inputs, context, record)
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


def _explain(exercise: Exercise, context: dict[str, Any]) -> None:
    if exercise.explanation is not None:
        print("\nWhy:\n" + exercise.explanation(**context).strip())


def check(exercise_id: str, answer: Any, **context: Any) -> None:
    """Self-check an answer on the exercise's visible cases.

    Prints a pass line, or raises :class:`CheckFailed` with the first failing
    case and a hint. It never shows the reference answer.

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
    cases = exercise.visible()
    outcome = evaluate(exercise, answer, cases, show_inputs=True, context=context)
    if not outcome.ok:
        _print_notes(outcome.notes)
        tries = _FAILED_ATTEMPTS[exercise_id] = _FAILED_ATTEMPTS.get(exercise_id, 0) + 1
        message = (f"{FAIL_MARK} {exercise_id}: not yet ({outcome.passed} of {outcome.total} "
                   f"checks passed)\n{outcome.failure}")
        if exercise.explanation is not None:
            if tries >= exercise.reveal_after:
                message += "\n\nWhy (shown after several tries):\n"
                message += exercise.explanation(**context).strip()
            else:
                left = exercise.reveal_after - tries
                message += f"\n  (the explanation appears after {left} more attempt(s))"
        raise CheckFailed(message)
    what = "your answer is right" if exercise.kind == "value" else f"all {outcome.total} checks"
    print(f"{PASS_MARK} {exercise_id}: {what} passed." if exercise.kind == "function"
          else f"{PASS_MARK} {exercise_id}: {what}.")
    _print_notes(outcome.notes)
    _explain(exercise, context)


def grade(exercise_id: str, answer: Any, **context: Any) -> None:
    """Grade an answer on the hidden, randomized cases (used by nbgrader test cells).

    Raises :class:`CheckFailed` on the first failing case; the message names the
    case and a hint but not the hidden inputs' expected results. When every case
    passes inside a Jupyter kernel, it also displays a transcript of the answer's
    outputs (:mod:`course_lib.exercises.transcript`), which ``course grade`` re-checks
    in a process where no learner code ran: a pass faked inside the kernel (a patched
    comparison or reference) does not survive grading.

    Examples
    --------
    >>> def recall(y_true, y_pred):
    ...     tp = sum(t == p == 1 for t, p in zip(y_true, y_pred))
    ...     return tp / sum(y_true) if sum(y_true) else 0.0
    >>> grade("w1_02_recall", recall)  # doctest: +ELLIPSIS
    ✔ w1_02_recall: hidden tests passed (...).
    """
    exercise = get_exercise(exercise_id)
    cases = hidden_cases(exercise)
    outputs: list[Any] = []
    outcome = evaluate(exercise, answer, cases, show_inputs=False, context=context,
                       record=outputs)
    if not outcome.ok:
        raise CheckFailed(
            f"{FAIL_MARK} {exercise_id}: a hidden test failed "
            f"({outcome.passed} of {outcome.total} passed)\n{outcome.failure}"
        )
    transcript.emit(transcript.record(exercise_id, outputs, context))
    print(f"{PASS_MARK} {exercise_id}: hidden tests passed ({outcome.total} cases).")
    _print_notes(outcome.notes)
