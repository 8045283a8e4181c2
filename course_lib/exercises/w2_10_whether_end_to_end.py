"""Exercises of week 2, notebook 10: whether to use end-to-end learning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import end_to_end
from course_lib.exercises.compare import (
    Label,
    LabelSet,
    describe_type,
    keyed_choice_forms,
    short_repr,
)
from course_lib.exercises.registry import Case, Exercise, Mistake, register

APPROACHES = end_to_end.APPROACHES

# --- the decision rule ---------------------------------------------------------------------


def _rule_cases() -> list[Case]:
    return [
        Case("few end-to-end examples, plenty for every step",
             (10_000, 10_000_000, [(1_000_000, 100_000), (200_000_000, 10_000_000)])),
        Case("plenty of end-to-end examples, a weak step",
             (100_000_000, 10_000_000, [(50, 1_000)])),
        Case("enough data for both approaches",
             (100_000, 10_000, [(5_000, 1_000), (0, 0)])),
        Case("one step short of data", (1_000, 100_000, [(20_000, 10_000), (100, 5_000)])),
        Case("a hand-designed step needs no data", (1_000, 100_000, [(20_000, 10_000), (0, 0)])),
        Case("exactly as many end-to-end examples as needed", (10_000, 10_000, [])),
        Case("no pipeline known and too little data", (100, 10_000, []),
             hint="with no steps there is no pipeline to build."),
    ]


def _pipeline_first(have: float, need: float, steps: list) -> str:
    if steps and all(a >= n for a, n in steps):
        return "pipeline"
    return "end-to-end" if have >= need else "collect more data"


def _strict(have: float, need: float, steps: list) -> str:
    if have > need:
        return "end-to-end"
    if steps and all(a >= n for a, n in steps):
        return "pipeline"
    return "collect more data"


def _any_step(have: float, need: float, steps: list) -> str:
    if have >= need:
        return "end-to-end"
    return "pipeline" if any(a >= n for a, n in steps) else "collect more data"


def _never_collect(have: float, need: float, steps: list) -> str:
    return "end-to-end" if have >= need else "pipeline"


def _empty_is_pipeline(have: float, need: float, steps: list) -> str:
    if have >= need:
        return "end-to-end"
    return "pipeline" if all(a >= n for a, n in steps) else "collect more data"


register(
    Exercise(
        id="w2_10_choose_approach",
        title="end-to-end, pipeline, or collect more data",
        kind="function",
        reference=end_to_end.choose_approach,
        compare=Label(choices=APPROACHES),
        signature="choose_approach(end_to_end_examples, end_to_end_needed, steps)",
        visible=_rule_cases,
        mistakes=(
            Mistake("pipeline first", _pipeline_first,
                    "when there is enough data for the whole mapping, go end-to-end even if a "
                    "pipeline would also work: check the end-to-end data first."),
            Mistake("strict comparison", _strict,
                    "having exactly as many examples as needed is enough: use >=."),
            Mistake("any step", _any_step,
                    "a pipeline is only as good as its weakest step: *every* step needs enough "
                    "data (all, not any)."),
            Mistake("no steps is a pipeline", _empty_is_pipeline,
                    "careful: all(...) of an empty list is True. With no steps there is no "
                    "pipeline."),
            Mistake("never collect", _never_collect,
                    "when neither the whole task nor every step has enough data, the answer is "
                    "'collect more data'."),
        ),
        hints=(
            "Check the options in the order of the rule: first whether the whole task has enough "
            "data, then whether a pipeline is possible, and only then fall back on collecting "
            "more data.",
            "Use `>=` for 'enough' (exactly as many suffices). For the pipeline, `all(...)` over "
            "the `(available, needed)` pairs works, but `all` of an empty list is `True`: check "
            "that there is at least one step. A hand-designed `(0, 0)` step always passes.",
        ),
    ),
)


# --- decisions on the course's cases ----------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    """Accept a dict {case name: approach} equal to the expected one. On a mismatch the
    message says how many decisions are wrong, not which."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) is not dict:
            return (f"expected a dict {{case name: approach}}, got {describe_type(answer)}: "
                    f"{short_repr(answer)}")
        missing = sorted(set(expected) - set(answer))
        extra = sorted(map(str, set(answer) - set(expected)))
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing cases {missing}")
            if extra:
                parts.append(f"unknown cases {extra} (copy the names exactly)")
            return "the dict's keys are not the case names: " + "; ".join(parts)
        for name, value in answer.items():
            if type(value) is not str or value not in APPROACHES:
                options = ", ".join(repr(a) for a in APPROACHES)
                return f"the decision for {name!r} is {short_repr(value)}; use one of {options}"
        wrong = sum(answer[name] != expected[name] for name in expected)
        if wrong:
            return f"{wrong} of the {len(expected)} decisions are not right"
        return None

    def forms(self, value: Any) -> dict[str, list[str]]:
        """Per key, the chosen label (see :mod:`course_lib.exercises.digests`)."""
        return keyed_choice_forms(value)


register(
    Exercise(
        id="w2_10_course_decisions",
        title="pipeline or end-to-end for the course's examples",
        kind="value",
        reference=None,
        compare=Decisions(),
        mistakes=(
            Mistake("end-to-end everywhere", None,
                    "end-to-end is not always the answer: where is the end-to-end data short?"),
            Mistake("pipeline everywhere", None,
                    "a pipeline is not always the answer: where is there plenty of data for the "
                    "whole mapping?"),
            Mistake("speech ignores the hours", None,
                    "the two speech cases differ only in the amount of audio: compare each with "
                    "the roughly 10,000 hours end-to-end needs."),
        ),
        hints=(
            "For each case, ask the key question: is there enough labelled data for the *whole* "
            "mapping from x to y? If not, does every step of the pipeline have enough data of its "
            "own (hand-designed steps need none)?",
            "Let your `choose_approach` do the work: for every `case` in `COURSE_CASES`, pass the "
            "two numbers of `case.end_to_end` and the list of `case.steps.values()`, and key the "
            "dict by `case.name` so the names match exactly.",
        ),
    ),
)


# --- pros and cons ----------------------------------------------------------------------------

register(
    Exercise(
        id="w2_10_end_to_end_pros",
        title="the advantages of end-to-end learning",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake("the drawbacks", None,
                    "those are drawbacks of end-to-end learning; which statements are "
                    "advantages?"),
            Mistake("pros and a false one", None,
                    "is end-to-end learning really at its best with *little* data?"),
            Mistake("pros and a guarantee", None,
                    "nothing guarantees that an end-to-end network beats every pipeline."),
        ),
        hints=(
            "The lecture names two advantages of end-to-end learning, both about what you no "
            "longer have to impose or build by hand. Keep only the statements that are true "
            "advantages.",
            "Set aside the statements that describe a cost (data needs, lost components), which "
            "are drawbacks, and the ones that are simply false: does 'little data' or a "
            "'guarantee' fit what you saw in notebook 09? The answer is a `set` of letter "
            "strings.",
        ),
    ),
    Exercise(
        id="w2_10_end_to_end_cons",
        title="the drawbacks of end-to-end learning",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake("the advantages", None,
                    "those are advantages of end-to-end learning; which statements are "
                    "drawbacks?"),
            Mistake("cons and a false one", None,
                    "one statement in your set is not a drawback at all: is it even true?"),
        ),
        hints=(
            "The lecture names two drawbacks of going end-to-end: one about how much labelled "
            "data it may need, one about the knowledge you give up. Keep only statements that are "
            "both true and a cost.",
            "A false statement is neither a pro nor a con, so test each one against notebooks 09 "
            "and 10 before sorting it; what end-to-end saves you belongs with the advantages. "
            "Answer with a `set` of letter strings.",
        ),
    ),
)
