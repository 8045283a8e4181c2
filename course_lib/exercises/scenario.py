"""The graded questions of the flight simulators, and their quiet score summary.

Each question of a case study becomes a value exercise whose context is the learner id
(``check("w1_12_q03", q03, learner=LEARNER_ID)``): its right answer, every typical mistake
and the explanation follow that learner's numbers (they are in the answer key).
:func:`score_summary` re-runs every question's self-check without printing anything and
lists what to review.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from course_lib.flight.model import QuestionSpec, Scenario
from course_lib.flight.summary import ScoreSummary, SummaryRow

__all__ = ["make_exercises", "score_summary"]


def make_exercises(specs: Sequence[QuestionSpec], prefix: str) -> tuple[Any, ...]:
    """The graded exercises of a flight simulator, one per question, for the registry.

    Each exercise is a value exercise whose context is the learner id
    (``check("w1_12_q03", q03, learner=LEARNER_ID)``); its right answer, the value of each
    typical mistake and the explanation follow that learner's numbers and are in the
    answer key. Letters and short choices are compared without regard to case; numbers
    within the question's tolerance.

    Parameters
    ----------
    specs : sequence of QuestionSpec
        The questions, e.g. :data:`~course_lib.flight.BIRDS_QUESTIONS`.
    prefix : str
        The exercise-id prefix, e.g. ``"w1_12_"``.

    Returns
    -------
    tuple of course_lib.exercises.registry.Exercise

    Examples
    --------
    >>> from course_lib.flight import BIRDS_QUESTIONS
    >>> exercises = make_exercises(BIRDS_QUESTIONS, "w1_12_")
    >>> exercises[0].id, exercises[0].kind
    ('w1_12_q01', 'value')
    """
    from course_lib.exercises.compare import Label, LabelSet, Number
    from course_lib.exercises.registry import Case, Exercise, Mistake

    def compare_for(spec: QuestionSpec) -> Any:
        if spec.kind == "letters":
            return LabelSet()
        if spec.kind == "number":
            return Number(rel=0.0, abs=spec.tolerance)
        return Label(choices=spec.choices, case_sensitive=False)

    def build(number: int, spec: QuestionSpec) -> Any:
        mistakes = tuple(Mistake(m.role, None, m.hint) for m in spec.mistakes)
        case = Case(f"your answer to question {number}", hint=spec.hint or None)
        *_, week, name = ["", *spec.lecture.split("/")]
        label = f"{week.replace('week', 'week ')}, notebook {name[:2]}" if week else name
        review = (f"Re-read the notebook that teaches this ({label}: [open it]"
                  f"({spec.lecture})). Work the question out from this scenario's own figures, "
                  "step by step, before picking.")
        hints = (review, spec.hint) if spec.hint else (review,)
        return Exercise(
            id=f"{prefix}{spec.id}", title=f"question {number}: {spec.title}", kind="value",
            reference=None, compare=compare_for(spec), mistakes=mistakes,
            visible=lambda: [case], reveal_after=3, sample_context={"learner": "ada"},
            hints=hints,
        )

    return tuple(build(i + 1, spec) for i, spec in enumerate(specs))


def score_summary(scenario: Scenario, answers: Mapping[str, Any]) -> ScoreSummary:
    """Re-run every question's self-check quietly and list what to review.

    Nothing is printed and no explanation is revealed: for each question the summary
    says only "right", "not yet" or "not answered", with a link to the lecture
    notebook to review for the ones not yet right. Failed attempts counted here do not
    bring the explanations of :func:`course_lib.check` closer.

    Parameters
    ----------
    scenario : Scenario
        The learner's scenario (its ``learner_id`` is used for the checks).
    answers : mapping of str to Any
        The answers by question id (``{"q01": "B", ...}``); in a notebook, pass
        ``globals()``. Missing ids count as "not answered".

    Returns
    -------
    ScoreSummary
        Displays as a Markdown table in a notebook.

    Examples
    --------
    >>> from answer_key.flight import solved_scenario
    >>> from course_lib.flight import birds_scenario
    >>> birds = birds_scenario("ada")
    >>> right = solved_scenario("birds", "ada").answer("q01")
    >>> summary = score_summary(birds, {"q01": right, "q02": "Z"})
    >>> summary.score, summary.rows[1].status, summary.rows[2].status
    (1, 'not yet', 'not answered')
    """
    from course_lib.exercises.keys import KeyUnavailable
    from course_lib.exercises.registry import get_exercise
    from course_lib.exercises.selfcheck import evaluate

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a Scenario (e.g. birds_scenario(LEARNER_ID)), got "
                        f"{type(scenario).__name__}")
    if not isinstance(answers, Mapping):
        raise TypeError(f"answers must be a mapping such as globals() or "
                        f"{{'q01': 'B'}}, got {type(answers).__name__}")
    rows = []
    context = {"learner": scenario.learner_id}
    for q in scenario.questions:
        if q.id not in answers:
            status = "not answered"
        else:
            exercise = get_exercise(scenario.exercise_prefix + q.id)
            try:
                outcome = evaluate(exercise, answers[q.id], exercise.visible(),
                                   show_inputs=False, context=context)
                status = "right" if outcome.ok else "not yet"
            except KeyUnavailable:
                status = "answered"
            except Exception:  # noqa: BLE001 - whatever an answer does, it is not right
                status = "not yet"
        rows.append(SummaryRow(q.number, q.id, q.title, q.spec.concepts, status, q.spec.lecture))
    return ScoreSummary(scenario.title, tuple(rows))
