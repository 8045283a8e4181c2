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
from course_lib.exercises.games import game_outcome
from course_lib.exercises.guard import UsedReference, guarded
from course_lib.exercises.keys import KeyUnavailable, find_key
from course_lib.exercises.registry import GAME_KINDS, Case, Exercise, get_exercise
from course_lib.exercises.report import Report, in_ipython, show, wrap
from course_lib.exercises.verdicts import describe_case, judge
from course_lib.exercises.workspace import record

__all__ = ["CheckFailed", "Outcome", "check", "evaluate", "grade"]



class CheckFailed(AssertionError):
    """Raised when an answer fails a check; renders as a short message in Jupyter."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return wrap(self.message).splitlines()


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
    unanswered : bool
        The answer is still the released stub (it raised ``NotImplementedError``, or is
        ``...``).
    """

    passed: int
    total: int
    failure: str | None
    notes: tuple[str, ...] = ()
    unanswered: bool = False

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
    if answer is Ellipsis:
        return Outcome(0, len(cases), not_answered(exercise), (), unanswered=True)
    if exercise.kind in GAME_KINDS:
        played = game_outcome(exercise, answer, context, hidden=not show_inputs)
        passed = sum(not r.reason for r in played.results)
        return Outcome(passed if played.ok else 0, max(1, len(played.results)),
                       None if played.ok else f"{played.title}\n{played.details}",
                       unanswered=played.unanswered)
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
        if done == 0 and type(output) is Raised and output.error == "NotImplementedError":
            return Outcome(0, len(cases), not_answered(exercise), tuple(notes), unanswered=True)
        failure = judge(exercise, case, output, expected=expected, show_inputs=show_inputs,
                        context=context)
        if failure is not None:
            return Outcome(done, len(cases), failure, tuple(notes))
    return Outcome(len(cases), len(cases), None, tuple(notes))


def not_answered(exercise: Exercise) -> str:
    """What a still-unanswered exercise's check says: what to do, in one sentence."""
    if exercise.kind == "game_log":
        return ("Play your game to its end, paste the `played_log = [...]` that the cell above "
                "prints into the answer cell (in place of `raise NotImplementedError()`), run "
                "that cell, then this one.")
    if exercise.kind in ("function", "policy"):
        return (f"Write `{exercise.signature or 'the function'}` in the answer cell above "
                "(replace `raise NotImplementedError()` with your code), run that cell, then "
                "this one.")
    return ("Set your answer in the answer cell above (replace the `...`), run that cell, "
            "then this one.")


def _split_hint(failure: str) -> tuple[str, str]:
    """A failure description without its hint line(s), and the hint."""
    details, _, hint = failure.partition(f"\n  {HINT_PREFIX} ")
    return details, hint.replace("\n  or: ", "\n- or: ")


def _notes_text(notes: tuple[str, ...]) -> str:
    if not notes:
        return ""
    shown = list(dict.fromkeys(notes))[:3]
    return ("\n  note: your code produced warnings while being checked (they do not cost "
            "points):\n" + "\n".join(f"    {note}" for note in shown))


_FAILED_ATTEMPTS: dict[str, int] = {}


def _explanation(exercise: Exercise, context: dict[str, Any]) -> str | None:
    key = find_key(exercise.id)
    if key is None or key.explanation is None:
        return None
    return key.explanation(**context).strip()


def _fail(report: Report) -> None:
    """Show a failing report and raise, so nbgrader and Validate count the check as failed
    (JupyterLab shows the box; the learner's lab hides the duplicate plain text; a terminal
    shows the exception's text only)."""
    if in_ipython():
        show(report)
    raise CheckFailed(report.text(width=None))


def _digest_verdict(exercise: Exercise, answer: Any,
                    context: dict[str, Any]) -> DigestVerdict | None:
    """The digest check of a value answer where the key is not installed; ``None`` (after
    saying why) when there is nothing to check it against here."""
    if exercise.kind != "function":
        try:
            return check_by_digest(exercise, answer, context)
        except UnknownLearner as missing:
            show(Report("note", f"{exercise.id}: cannot be checked here", body=str(missing)))
            return None
        except KeyUnavailable:
            pass
    show(Report("note", f"{exercise.id}: your answer is recorded",
                body="It is checked when your notebook is graded."))
    return None


def _check_game(exercise: Exercise, answer: Any, context: dict[str, Any], *,
                hidden: bool) -> None:
    """The self-check of a game exercise: play the policy (or replay the log) here."""
    if answer is Ellipsis:
        _fail(Report("todo", f"{exercise.id}: not answered yet", body=not_answered(exercise)))
    played = game_outcome(exercise, answer, context, hidden=hidden)
    if played.unanswered:
        _fail(Report("todo", f"{exercise.id}: not answered yet", body=not_answered(exercise)))
    where = ("the check" if not hidden else "replayed as the grader will"
             if exercise.kind == "game_log" else "hidden games of self-study")
    if not hidden:
        record(exercise.id, checked=True, passed=played.ok)
    if not played.ok:
        more = f" `hint({exercise.id!r})` gives a hint on demand." if exercise.hints else ""
        _fail(Report("fail", f"{exercise.id}: not yet: {played.title}", played.details,
                     played.hint, body=more.strip()))
    show(Report("pass", f"{exercise.id}: {played.title} ({where}).", played.details))


def check(exercise_id: str, answer: Any, **context: Any) -> None:
    """Self-check an answer on the exercise's visible cases.

    Shows a pass, or shows what failed -- the first failing case with its inputs, your
    answer and its type, and a hint -- and raises :class:`CheckFailed` (so the check
    counts as failed). It never shows the expected answer. An exercise still unanswered
    says so. In a grading kernel it does nothing (the grader judges the recorded answers).

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
    if exercise.kind in GAME_KINDS:
        _check_game(exercise, answer, context, hidden=False)
        return
    try:
        outcome = evaluate(exercise, answer, exercise.visible(), show_inputs=True,
                           context=context)
    except KeyUnavailable:
        verdict = _digest_verdict(exercise, answer, context)
        if verdict is None:
            return
        record(exercise_id, checked=True, passed=verdict.ok)
        if not verdict.ok:
            details, hint = _split_hint(verdict.failure or "")
            _fail(Report("fail", f"{exercise_id}: not yet", details, hint))
        show(Report("pass", f"{exercise_id}: your answer is right.",
                    explanation=verdict.explanation or ""))
        return
    record(exercise_id, checked=True, passed=outcome.ok)
    if outcome.unanswered:
        _fail(Report("todo", f"{exercise_id}: not answered yet", body=outcome.failure or ""))
    explanation = _explanation(exercise, context)
    notes = _notes_text(outcome.notes)
    if not outcome.ok:
        tries = _FAILED_ATTEMPTS[exercise_id] = _FAILED_ATTEMPTS.get(exercise_id, 0) + 1
        details, hint = _split_hint(outcome.failure or "")
        shown = ""
        if explanation is not None:
            if tries >= exercise.reveal_after:
                shown = explanation
            else:
                left = exercise.reveal_after - tries
                details += f"\n  (the explanation appears after {left} more attempt(s))"
        more = f" `hint({exercise_id!r})` gives a hint on demand." if exercise.hints else ""
        _fail(Report("fail", f"{exercise_id}: not yet ({outcome.passed} of {outcome.total} "
                             "checks passed)", details + notes, hint, shown,
                     body=more.strip()))
    if exercise.kind == "function":
        title = f"{exercise_id}: all {outcome.total} checks passed."
    else:
        title = f"{exercise_id}: your answer is right."
    show(Report("pass", title, notes.strip("\n"), explanation=explanation or ""))


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
    if exercise.kind in GAME_KINDS:
        _check_game(exercise, answer, context, hidden=True)
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
            show(Report("note", f"{exercise_id}: the hidden tests run when your notebook is "
                                "graded."))
            return
        if not verdict.ok:
            details, hint = _split_hint(verdict.failure or "")
            _fail(Report("fail", f"{exercise_id}: a hidden test failed (0 of 1 passed)",
                         details, hint))
        show(Report("pass", f"{exercise_id}: hidden tests passed (1 case)."))
        return
    if outcome.unanswered:
        _fail(Report("todo", f"{exercise_id}: hidden tests not run (not answered yet)"))
    if not outcome.ok:
        details, hint = _split_hint(outcome.failure or "")
        _fail(Report("fail", f"{exercise_id}: a hidden test failed ({outcome.passed} of "
                             f"{outcome.total} passed)", details + _notes_text(outcome.notes),
                     hint))
    show(Report("pass", f"{exercise_id}: hidden tests passed ({outcome.total} cases).",
                _notes_text(outcome.notes).strip("\n")))
