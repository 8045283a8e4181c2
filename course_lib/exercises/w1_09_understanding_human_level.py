"""Exercises of week 1, notebook 09: understanding human-level performance."""

from __future__ import annotations

import statistics

from course_lib.exercises.compare import Label, LabelSet, Number
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, bayes_proxy, diagnose

#: The course's radiology example: error rates of four kinds of human reader (fractions).
RADIOLOGY = {
    "typical human": 0.03,
    "typical doctor": 0.01,
    "experienced doctor": 0.007,
    "team of experienced doctors": 0.005,
}

#: The three situations of the course: (training error, dev error).
SITUATIONS = {"A": (0.05, 0.06), "B": (0.01, 0.05), "C": (0.007, 0.008)}


# --- the Bayes proxy --------------------------------------------------------------------------

def _proxy(human_errors: dict[str, float]) -> float:
    return bayes_proxy(human_errors)


def _proxy_cases() -> list[Case]:
    return [
        Case("the radiology readers", (dict(RADIOLOGY),)),
        Case(
            "best reader listed first",
            ({"team of annotators": 0.02, "one annotator": 0.035, "crowd worker": 0.08},),
        ),
        Case("a single human level", ({"typical person": 0.015},)),
        Case(
            "two readers equally good",
            ({"expert A": 0.004, "expert B": 0.004, "novice": 0.05},),
        ),
    ]


register(
    Exercise(
        id="w1_09_bayes_proxy",
        title="the best human error, used as a proxy for Bayes error",
        kind="function",
        reference=_proxy,
        compare=Number(),
        signature="bayes_proxy(human_errors)",
        visible=_proxy_cases,
        mistakes=(
            Mistake(
                "average of the readers", lambda h: statistics.fmean(h.values()),
                "an average of the readers mixes in people who do worse than the best one. "
                "Bayes error is at most the *best* error anyone achieved.",
            ),
            Mistake(
                "worst reader", lambda h: max(h.values()),
                "that is the worst reader. Anyone's error is an upper bound on Bayes error, so "
                "the tightest bound is the lowest one.",
            ),
        ),
        hints=(
            "Any reader's error shows that this error can be reached, so Bayes error is at most "
            "that. Of all the readers, which one gives the tightest such bound?",
            "Only the error rates matter, not the reader descriptions: work on the dict's "
            "`.values()` and pick the extreme one with a built-in, returning a `float`. Averaging "
            "mixes in readers who do worse.",
        ),
    )
)


# --- focus with the right human level ------------------------------------------------------------

def focus_with_proxy(human_errors: dict[str, float], train: float, dev: float) -> str:
    """Reference: the larger gap, with the best human error as human level (bias on a tie)."""
    human = bayes_proxy(human_errors)
    return diagnose(human=human, train=train, dev=dev, relative_threshold=1.0).focus[0]


def _focus_given(human: float, train: float, dev: float) -> str:
    return AVOIDABLE_BIAS if train - human >= dev - train else VARIANCE


def _with_mean(h: dict[str, float], train: float, dev: float) -> str:
    return _focus_given(statistics.fmean(h.values()), train, dev)


def _with_worst(h: dict[str, float], train: float, dev: float) -> str:
    return _focus_given(max(h.values()), train, dev)


def _with_zero(h: dict[str, float], train: float, dev: float) -> str:
    return _focus_given(0.0, train, dev)


def _focus_cases() -> list[Case]:
    readers = dict(RADIOLOGY)
    return [
        Case(f"radiology, situation {name} (train {t:.1%}, dev {d:.1%})", (readers, t, d))
        for name, (t, d) in SITUATIONS.items()
    ] + [
        Case(
            "annotators: train 3%, dev 5%",
            ({"one annotator": 0.04, "team of annotators": 0.025}, 0.03, 0.05),
        ),
        Case(
            "two gaps of the same size",
            ({"expert": 0.125, "novice": 0.3}, 0.25, 0.375),
            hint="on a tie, answer 'avoidable bias' (as in notebook 08).",
        ),
    ]


register(
    Exercise(
        id="w1_09_focus_with_proxy",
        title="which gap to work on, with the best human level as Bayes proxy",
        kind="function",
        reference=focus_with_proxy,
        compare=Label(choices=(AVOIDABLE_BIAS, VARIANCE)),
        signature="focus_with_proxy(human_errors, train, dev)",
        visible=_focus_cases,
        mistakes=(
            Mistake(
                "average reader", _with_mean,
                "with the average reader as human level, part of the avoidable bias disappears "
                "from view. Use the best human error (your bayes_proxy).",
            ),
            Mistake(
                "worst reader", _with_worst,
                "with the worst reader as human level, the avoidable bias looks smaller than it "
                "is. Use the best human error.",
            ),
            Mistake(
                "human level ignored", _with_zero,
                "you compared the whole training error with the variance; subtract the human "
                "level (the best human error) first.",
            ),
        ),
        hints=(
            "This is the decision of notebook 08 with one extra step first: turn the dict of "
            "readers into a single human-level error, the one that best stands in for Bayes "
            "error.",
            "Take the human level from your `bayes_proxy`, then compute avoidable bias against it "
            "and variance, and compare them so that a tie goes to fitting the training set. "
            "Return one of the two label strings exactly as spelled in the task.",
        ),
    )
)


# --- when does the choice matter? -----------------------------------------------------------------

register(
    Exercise(
        id="w1_09_choice_matters",
        title="the situations where the choice of human level changes the decision",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake(
                "every situation", None,
                "in some situations one gap is so much larger that every human level gives the "
                "same decision. Check each situation with each of the four levels.",
            ),
            Mistake(
                "nothing changes", None,
                "look again at the situation whose training error is closest to the doctors' "
                "error: there the small differences between human levels decide.",
            ),
            Mistake(
                "training error at most 1%", None,
                "a training error of 1% is near human level, but in that situation the dev gap "
                "is so large that every human level gives the same decision.",
            ),
        ),
        hints=(
            "For each situation, make the bias-or-variance decision once per reader of the table. "
            "The choice of human level *matters* only where those decisions disagree.",
            "Loop over `situations`; for each, collect the decisions you get across "
            "`readers.values()` in a `set` (larger gap, tie to avoidable bias) and keep the "
            "situation when not all readers lead to the same decision. The answer is a `set` of "
            "letters.",
        ),
    )
)
