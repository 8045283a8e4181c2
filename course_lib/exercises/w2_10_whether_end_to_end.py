"""Exercises of week 2, notebook 10: whether to use end-to-end learning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import end_to_end
from course_lib.exercises.compare import (
    Label,
    describe_type,
    keyed_choice_forms,
    short_repr,
)
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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


# --- decisions: end-to-end or not on new situations, with each learner's numbers ----------

def _speech_translation(rng: Any) -> Situation:
    case = ("pipeline", "end_to_end", "collect")[int(rng.integers(3))]
    need_pairs = int(rng.integers(2, 9)) * 10_000            # hours of (audio, translation)
    need_asr, need_mt = int(rng.integers(5, 16)) * 1_000, int(rng.integers(2, 9)) * 1_000_000
    have_asr = need_asr * int(rng.integers(3, 11))
    have_mt = need_mt * int(rng.integers(3, 11))
    have_pairs = need_pairs // int(rng.integers(10, 51))
    language = ["Swahili", "Icelandic", "Quechua", "Welsh", "Basque"][int(rng.integers(5))]
    if case == "end_to_end":
        have_pairs = need_pairs * int(rng.integers(2, 5))
    elif case == "collect":
        have_mt = need_mt // int(rng.integers(20, 101))
    prompt = (
        f"A team wants spoken {language} turned into English text. That is two large "
        "problems in one: recognising the speech, and translating it. Its data: **"
        f"{have_pairs:,}** hours of {language} audio with an English translation; **"
        f"{have_asr:,}** hours of {language} audio with a {language} transcript; **"
        f"{have_mt:,}** {language}-English sentence pairs. Its learning curves say one network "
        f"from {language} audio straight to English text would need about **{need_pairs:,}** "
        f"hours of translated audio; a {language} speech recogniser about **{need_asr:,}** "
        f"hours of transcribed audio; a translator about **{need_mt:,}** sentence pairs. What "
        "should the team build?"
    )
    options = {
        "end_to_end": "One network from the audio straight to the English text.",
        "pipeline": f"Two steps: a speech recogniser to {language} text, then a translator.",
        "collect": "Neither yet: collect more data first.",
    }
    data = {"have_pairs": have_pairs, "need_pairs": need_pairs, "have_asr": have_asr,
            "need_asr": need_asr, "have_mt": have_mt, "need_mt": need_mt, "language": language}
    return Situation(prompt, options, data)


def _hand_designed(rng: Any) -> Situation:
    n_whole = int(rng.integers(2, 10)) * 100
    n_masks = int(rng.integers(5, 21)) * 1_000
    species = ["tomato", "wheat", "sunflower", "basil"][int(rng.integers(4))]
    prompt = (
        f"A greenhouse wants to estimate how many days old each {species} seedling is from a "
        f"photo. It has **{n_whole:,}** photos of seedlings with their known age. Botanists "
        "have a growth table that gives the age from the length of the leaves, and the team "
        f"has **{n_masks:,}** photos with every leaf outlined, enough to learn to measure "
        "leaves well. An engineer says: *'End-to-end lets the data speak: train one network "
        "from the photo to the age and drop the table.'* What do you answer?"
    )
    options = {
        "end_to_end": "Agreed: one network from the photo to the age.",
        "pipeline": "Two steps: a network measures the leaves, the botanists' table gives the "
                    "age.",
        "collect": "Build nothing yet: collect tens of thousands of photos of known age first.",
        "table_only": "Skip learning: measure the leaves by hand and use the table.",
    }
    return Situation(prompt, options, {"n_whole": n_whole, "n_masks": n_masks})


register_decision(DecisionSpec(
    id="w2_10_two_problems",
    title="two large problems at once",
    build=_speech_translation,
    mistakes=(
        ("whole-task data misjudged",
         "start with the key question: are there enough hours of *translated* audio for one "
         "network to learn both problems at once? Compare them with what it would need."),
        ("steps misjudged",
         "a pipeline is only as good as its weakest step: check the data of *each* step "
         "against what that step needs."),
    ),
    hints=(
        "One network for both problems must learn the whole mapping from the (audio, "
        "translation) pairs alone; each step of a pipeline can use its own, often much "
        "larger, data.",
        "Compare each amount of data with what it is needed for: first the whole task, then "
        "every step of the pipeline.",
    ),
))

register_decision(DecisionSpec(
    id="w2_10_hand_designed",
    title="keep a hand-designed component or not",
    build=_hand_designed,
    mistakes=(
        ("the data will speak",
         "data can speak only if there is enough of it for the whole mapping; compare the "
         "photos of known age with what a network from photo to age would need."),
        ("waiting for data",
         "nothing forces the team to wait: is there an approach whose every part already has "
         "the data (or the design) it needs?"),
        ("no learning at all",
         "measuring every leaf by hand does not scale to a greenhouse, and the outlined "
         "photos are enough to learn that step."),
    ),
    hints=(
        "A learning system has two sources of knowledge: data, and what people built in by "
        "design. Which one is plentiful here, for which part of the task?",
        "Count the data each option needs: one network from photo to age needs many photos "
        "of known age; a leaf-measuring step needs outlined leaves; a table needs none.",
    ),
))
