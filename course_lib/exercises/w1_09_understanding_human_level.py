"""Exercises of week 1, notebook 09: understanding human-level performance."""

from __future__ import annotations

import statistics
from typing import Any

from course_lib.exercises.compare import Label, LabelSet, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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
        Case(
            "a novice among the readers: train 6%, dev 7.5%",
            ({"novice": 0.10, "annotator": 0.02, "team of annotators": 0.01}, 0.06, 0.075),
        ),
    ] + [
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


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

#: Tasks of the decisions: (what is read, who reads it, the readers' plural).
_TASKS = (
    ("chest X-rays for pneumonia", "radiologist", "radiologists"),
    ("skin photos for melanoma", "dermatologist", "dermatologists"),
    ("heart traces (ECGs) for arrhythmia", "cardiologist", "cardiologists"),
    ("retina scans for diabetic eye disease", "ophthalmologist", "ophthalmologists"),
)


def _readers(rng: Any) -> tuple[tuple[str, str, str], dict[str, float]]:
    """A task and its four readers' error rates, in tenths of a point (exact fractions)."""
    task = _TASKS[int(rng.integers(len(_TASKS)))]
    panel = int(rng.integers(3, 9))                 # 0.3% .. 0.8%
    expert = panel + int(rng.integers(2, 6))        # + 0.2 .. 0.5 points
    typical = expert + int(rng.integers(4, 11))     # + 0.4 .. 1.0 points
    layperson = typical + int(rng.integers(15, 40))
    levels = {"layperson": layperson, "typical": typical, "expert": expert, "panel": panel}
    return task, {name: tenths / 1000 for name, tenths in levels.items()}


def _reader_table(task: tuple[str, str, str], levels: dict[str, float]) -> str:
    _, one, many = task
    rows = [
        ("a person with no medical training", levels["layperson"]),
        (f"a typical {one}", levels["typical"]),
        (f"an experienced {one}", levels["expert"]),
        (f"a panel of three experienced {many} who discuss each case", levels["panel"]),
    ]
    return "\n".join(["| reader | error |", "|---|---|"]
                     + [f"| {who} | {rate:.1%} |" for who, rate in rows])


#: Why the team needs a human level: the purpose decides which one.
PURPOSES = {
    "diagnose": "to decide whether its next month goes to avoidable bias or to variance",
    "deploy": "to tell the hospital whether the system is at least as accurate as the "
              "{many} who read these cases there today, so that it can be used for a first "
              "reading",
}


def _purpose_level(rng: Any) -> Situation:
    task, levels = _readers(rng)
    what, one, many = task
    purpose = "diagnose" if rng.random() < 0.5 else "deploy"
    prompt = (
        f"A team is building a system that reads {what}. It measured these error rates on "
        f"the same cases:\n\n{_reader_table(task, levels)}\n\nThe team needs one "
        f"human-level error {PURPOSES[purpose].format(many=many)}. Which should it use?"
    )
    options = {
        "panel": f"The panel's {levels['panel']:.1%}.",
        "expert": f"The experienced {one}'s {levels['expert']:.1%}.",
        "typical": f"The typical {one}'s {levels['typical']:.1%}.",
        "average": f"The average of the four readers, "
                   f"{sum(levels.values()) / len(levels):.2%}.",
    }
    return Situation(prompt, options, {**levels, "purpose": purpose})


def _between_levels(rng: Any) -> Situation:
    task, levels = _readers(rng)
    what, one, many = task
    panel, typical = round(1000 * levels["panel"]), round(1000 * levels["typical"])
    # The training error sits between the panel and a typical reader, in tenths of a point.
    train = int(rng.integers(panel + 2, typical))
    bias = train - panel
    if rng.random() < 0.65 and bias >= 3:  # the panel reveals a bias larger than the variance
        variance = int(rng.integers(1, bias - 1))
    else:                                   # the variance is larger whichever level is used
        variance = bias + int(rng.integers(3, 12))
    dev = train + variance
    human = {k: levels[k] for k in ("typical", "expert", "panel")}
    prompt = (
        f"A team reads {what}. The error rates of three kinds of reader:\n\n"
        + "\n".join(["| reader | error |", "|---|---|",
                     f"| a typical {one} | {human['typical']:.1%} |",
                     f"| an experienced {one} | {human['expert']:.1%} |",
                     f"| a panel of three experienced {many} | {human['panel']:.1%} |"])
        + f"\n\nIts model has a training error of **{train / 1000:.1%}** and a dev error of "
        f"**{dev / 1000:.1%}**. The team lead writes: *'We already beat a typical {one} on the "
        "training set.'* What should the team work on next?"
    )
    options = {
        "bigger_model": "Avoidable bias: a bigger model, or longer training.",
        "regularise": "Variance: regularisation, or more training data.",
        "stop": "Nothing: the model is as good as the doctors, so the work is done.",
        "cannot_tell": "No one can say: once a model beats human level, bias and variance "
                       "cannot be told apart.",
    }
    return Situation(prompt, options,
                     {**human, "train": train / 1000, "dev": dev / 1000})


register_decision(DecisionSpec(
    id="w1_09_purpose_level",
    title="which human level, for which purpose",
    build=_purpose_level,
    mistakes=(
        ("purposes swapped",
         "the two purposes need different levels. Standing in for Bayes error is the job of "
         "the lowest error anyone reaches; deciding whether the system can do people's work "
         "is a comparison with those people. Which of the two does this team need?"),
        ("one expert as the benchmark",
         "a single experienced reader is neither the best anyone reaches (a group does "
         "better) nor the reader the hospital relies on today."),
        ("averaged the readers",
         "an average of readers has no meaning for either purpose: it is not a bound on Bayes "
         "error, and no one in the hospital works at that level."),
    ),
    hints=(
        "First ask what the number will be used for: estimating the best error possible, or "
        "comparing with the people whose work the system would do.",
        "For bias and variance, Bayes error is what matters, and every reader's error is an "
        "upper bound on it. For a decision to use the system, the benchmark is the level of "
        "the people it would stand in for.",
    ),
))

register_decision(DecisionSpec(
    id="w1_09_focus_between_levels",
    title="a training error between the human levels",
    build=_between_levels,
    mistakes=(
        ("the smaller gap",
         "measured against the best readers (the panel), that remedy treats the smaller of "
         "the two gaps. A typical reader as human level hides part of the avoidable bias."),
        ("beating one reader is the end",
         "the model's dev error is still above what the best readers achieve: there is error "
         "left to remove."),
        ("beating one reader means not knowing",
         "the training error is not below *every* reader: the panel still does better, so "
         "its error still bounds Bayes error and the two gaps can be compared."),
    ),
    hints=(
        "Which of the three readers is the best stand-in for Bayes error? Use that one for "
        "avoidable bias, then compare the two gaps.",
        "Avoidable bias = training error - the panel's error; variance = dev - training "
        "error. A model that beats a typical reader has not passed the best human level.",
    ),
))
