"""Is an answer right on a case, and if not, what to tell the learner.

The same judgement serves the learner's self-check (in their kernel, on the visible cases)
and the grader (in its own process, on the answers a grading kernel recorded): the output
is compared with the expected one by the exercise's type-strict comparator, and a failure
is described in plain words -- the case, what was wrong, the learner's answer and its type,
and the hint of the typical mistake it matches -- never the expected value. On a hidden
case (``show_inputs=False``) neither the inputs nor anything the learner's function made of
them (its answer, its error message) is repeated: feedback must not carry hidden inputs out.

Examples
--------
>>> from course_lib.exercises.registry import get_exercise
>>> exercise = get_exercise("w1_02_recall")
>>> case = exercise.visible()[0]
>>> print(judge(exercise, case, 2.0, expected=0.5, show_inputs=False).splitlines()[1])
  the number is not the expected one
"""

from __future__ import annotations

from typing import Any

from course_lib.contract import HINT_PREFIX
from course_lib.exercises.cases import wrong_answer
from course_lib.exercises.compare import describe_type, short_repr, summarize
from course_lib.exercises.encoding import Raised
from course_lib.exercises.keys import KeyUnavailable
from course_lib.exercises.registry import Case, Exercise

__all__ = ["describe_case", "judge", "matching_hint", "not_implemented"]


def describe_case(exercise: Exercise, case: Case, show_inputs: bool) -> str:
    """How a failure names its case: its label, and its inputs when they may be shown."""
    where = f"case \u201c{case.label}\u201d"
    if show_inputs and exercise.kind == "function":
        parts = [summarize(a) for a in case.args]
        parts += [f"{k}={summarize(v)}" for k, v in case.kwargs.items()]
        where += f" \u2014 inputs: {', '.join(parts)}"
    return where


def not_implemented(exercise: Exercise) -> str:
    """What to say when the learner's function still raises ``NotImplementedError``."""
    return (f"{exercise.signature or 'your function'} is not implemented yet: replace "
            "`raise NotImplementedError()` with your code, run that cell, then this one.")


def matching_hint(exercise: Exercise, case: Case, output: Any, expected: Any,
                  context: dict[str, Any]) -> str | None:
    """The hints of every typical mistake whose answer equals the learner's output.

    A mistake that gives the right answer on this case cannot be told from a right answer
    and is skipped; one whose wrong answer cannot be known here (its key is not installed)
    does not match. Without a match, the case's own hint (if any).
    """
    hints: list[str] = []
    for mistake in exercise.mistakes:
        try:
            wrong = wrong_answer(exercise, mistake, case, context)
        except KeyUnavailable:
            continue
        except Exception:  # noqa: BLE001 - a mistake model that cannot run does not match
            continue
        if exercise.compare(wrong, expected) is None:
            continue
        if exercise.compare(output, wrong) is None:
            hints.append(mistake.hint)
    if not hints:
        return case.hint
    return hints[0] if len(hints) == 1 else "\n  or: ".join(hints)


def judge(exercise: Exercise, case: Case, output: Any, *, expected: Any, show_inputs: bool,
          context: dict[str, Any] | None = None) -> str | None:
    """``None`` when ``output`` is right on ``case``, else the learner-facing description.

    ``output`` is what the learner's function returned (or, for a value exercise, the
    value); a :class:`~course_lib.exercises.encoding.Raised` when the function raised.
    """
    context = context or {}
    where = describe_case(exercise, case, show_inputs)
    if type(output) is Raised:
        if output.error == "NotImplementedError":
            return not_implemented(exercise)
        hint = case.hint or "read the error, then try your function by hand on this input."
        detail = f": {short_repr(output.message, 200)}" if output.message and show_inputs else ""
        return (f"{where}\n  your function raised {output.error}{detail}\n"
                f"  {HINT_PREFIX} {hint}")
    problem = exercise.compare(output, expected)
    if problem is None:
        return None
    text = f"{where}\n  {problem}"
    if exercise.kind == "function" and not show_inputs:
        text += f"\n  your answer's type: {describe_type(output)}"
    elif exercise.kind == "function" or problem.startswith("expected"):
        text += f"\n  your answer: {short_repr(output)} ({describe_type(output)})"
    hint = matching_hint(exercise, case, output, expected, context)
    if hint:
        text += f"\n  {HINT_PREFIX} {hint}"
    return text
