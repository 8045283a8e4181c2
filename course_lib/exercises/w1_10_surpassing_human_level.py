"""Exercises of week 1, notebook 10: surpassing human-level performance."""

from __future__ import annotations

from typing import Any

from course_lib.exercises.compare import Label, LabelSet
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, bayes_proxy, diagnose, surpassed_human

UNCLEAR = "unclear"

#: The course's two examples: a team of experts at 0.5%, one expert at 1%.
EXPERTS = {"team of humans": 0.005, "one human": 0.01}


# --- what to work on once the model may have passed human level --------------------------------

def next_focus(human_errors: dict[str, float], train: float, dev: float) -> str:
    """Reference: "avoidable bias", "variance" or "unclear".

    Below the best human level: the larger gap, with the best human error as human level
    (bias on a tie). Once the training error is below the best human level, avoidable
    bias can no longer be estimated; it is at most the training error itself (Bayes
    error is never negative), so variance is still the answer when it exceeds the
    training error, and otherwise the answer is "unclear".
    """
    human = bayes_proxy(human_errors)
    if surpassed_human(train, human):
        variance = diagnose(train=train, dev=dev).variance
        return VARIANCE if variance > train else UNCLEAR
    return diagnose(human=human, train=train, dev=dev, relative_threshold=1.0).focus[0]


def _larger_gap(human: float, train: float, dev: float) -> str:
    return AVOIDABLE_BIAS if train - human >= dev - train else VARIANCE


def _surpassing_ignored(h: dict[str, float], train: float, dev: float) -> str:
    return _larger_gap(min(h.values()), train, dev)


def _always_unclear(h: dict[str, float], train: float, dev: float) -> str:
    best = min(h.values())
    return UNCLEAR if train < best else _larger_gap(best, train, dev)


def _with_worst(h: dict[str, float], train: float, dev: float) -> str:
    worst = max(h.values())
    if train < worst:
        return VARIANCE if dev - train > train else UNCLEAR
    return _larger_gap(worst, train, dev)


def _not_strict(h: dict[str, float], train: float, dev: float) -> str:
    best = min(h.values())
    if train <= best:
        return VARIANCE if dev - train > train else UNCLEAR
    return _larger_gap(best, train, dev)


def _focus_cases() -> list[Case]:
    experts = dict(EXPERTS)
    return [
        Case("course example 1: train 0.6%, dev 0.8%", (experts, 0.006, 0.008)),
        Case("course example 2: train 0.3%, dev 0.4%", (experts, 0.003, 0.004)),
        Case("far from human level: train 5%, dev 6%", (experts, 0.05, 0.06)),
        Case("beyond human level on training data, dev far behind", (experts, 0.002, 0.015)),
        Case("training error exactly at the best human level", (experts, 0.005, 0.009)),
        Case(
            "beyond human level, small gaps",
            ({"single annotator": 0.04, "panel of annotators": 0.02}, 0.012, 0.018),
        ),
    ]


register(
    Exercise(
        id="w1_10_next_focus",
        title="what to work on, including once the model passed human level",
        kind="function",
        reference=next_focus,
        compare=Label(choices=(AVOIDABLE_BIAS, VARIANCE, UNCLEAR)),
        signature="next_focus(human_errors, train, dev)",
        visible=_focus_cases,
        mistakes=(
            Mistake(
                "surpassing ignored", _surpassing_ignored,
                "once the training error is below the best human level, train - human is "
                "negative and says nothing about how much bias is left: Bayes error could be "
                "anywhere below the training error. Check for that case first.",
            ),
            Mistake(
                "always unclear beyond human level", _always_unclear,
                "beyond human level the avoidable bias is unknown, but it can never exceed the "
                "training error itself (Bayes error is at least 0). When the variance is larger "
                "than the whole training error, variance is the larger gap whatever Bayes is.",
            ),
            Mistake(
                "worst human level", _with_worst,
                "compare with the *best* human level (the lowest error, here the team's), as in "
                "notebook 09.",
            ),
            Mistake(
                "equal counts as surpassed", _not_strict,
                "a training error *equal* to the best human level has not passed it: avoidable "
                "bias is then 0, and you can still compare the two gaps.",
            ),
        ),
        hints=(
            "First decide which regime you are in: is the training error below the best human "
            "error or not? Below it, human level no longer estimates Bayes error, and the usual "
            "comparison of the two gaps breaks down.",
            "Check the 'passed human level' case first, with a strict `<` (equal has not passed). "
            "There, the only safe bound is that avoidable bias cannot exceed the training error "
            "itself, so compare the variance with the training error; otherwise fall back on the "
            "larger-gap rule of notebook 09.",
        ),
    )
)


# --- which problems are machines already better at? ----------------------------------------------

#: (letter, problem, kind of input, labelled examples a team can learn from)
PROBLEMS: tuple[tuple[str, str, str, int], ...] = (
    ("A", "which ad will a visitor click?", "structured", 2_000_000_000),
    ("B", "which product will a shopper buy next?", "structured", 300_000_000),
    ("C", "how long will a parcel take to arrive?", "structured", 50_000_000),
    ("D", "will this loan be paid back?", "structured", 3_000_000),
    ("E", "is there a cat in this photo?", "image", 10_000_000),
    ("F", "what words were said in this recording?", "audio", 5_000_000),
    ("G", "will this rare-disease patient respond to treatment?", "structured", 400),
    ("H", "will this subscriber cancel next month?", "structured", 8_000_000),
    ("I", "is the speaker in this recording angry?", "audio", 200_000),
    ("J", "is this handwritten digit a 7?", "image", 60_000),
)

#: "Lots of data": far more examples than a person could ever study.
LOTS_OF_DATA = 1_000_000


def problem_table() -> Any:
    """The problems of the notebook as a DataFrame indexed by letter."""
    import pandas as pd

    return pd.DataFrame(
        [(problem, kind, n) for _, problem, kind, n in PROBLEMS],
        index=pd.Index([letter for letter, *_ in PROBLEMS], name="letter"),
        columns=["problem", "input", "n_examples"],
    )


register(
    Exercise(
        id="w1_10_machine_territory",
        title="the problems where machines already beat people most easily",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake(
                "data size ignored", None,
                "one of your problems has structured data but only a few hundred examples: "
                "a specialist who has seen such cases can still do better. The third condition "
                "is lots of data.",
            ),
            Mistake(
                "perception included", None,
                "images and sound are natural perception, where people are very good; machines "
                "can get there, but it is much harder. Keep only structured-data problems.",
            ),
            Mistake(
                "everything", None,
                "not every problem qualifies: check both the kind of input and the amount of "
                "data.",
            ),
        ),
        hints=(
            "Use the traits the lecture lists: structured data, not natural perception, and lots "
            "of data. A problem belongs in the set only when it passes *both* checks you can read "
            "from the table.",
            "Filter the rows of `problems` on two columns at once (combine the conditions with "
            "`&`; 'lots of data' means at least a million examples, the limit included), then "
            "collect the letters from the index of the rows that remain into a `set`.",
        ),
    )
)
