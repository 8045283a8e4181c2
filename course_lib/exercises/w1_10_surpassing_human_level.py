"""Exercises of week 1, notebook 10: surpassing human-level performance."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.exercises.compare import Label, LabelSet
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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
        Case(
            "training error exactly at the human level",
            ({"panel of annotators": 0.02}, 0.02, 0.03),
        ),
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
            "Past human level, ask what you still know about Bayes error: it cannot be below 0. "
            "What does that say about the largest avoidable bias there could be, and when does "
            "a variance win against every possible value? Before that point, the rule of "
            "notebook 09 still holds; a training error equal to the best human error has not "
            "passed it.",
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
                "you kept every structured-data problem. The traits include lots of data too: "
                "with few examples, a specialist who has seen similar cases can still do "
                "better than a model.",
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
            "Each trait is a condition on one column of `problems`, and a problem must meet all "
            "of them (mind whether the million itself counts). Build the answer from the table "
            "with pandas, not by reading letters off it, so that it is right for any table.",
        ),
    )
)


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

_PAST_TASKS = (
    ("flags fraudulent card payments", "a panel of fraud analysts"),
    ("grades the ripeness of fruit on a sorting line", "a panel of experienced graders"),
    ("spots cracks in photos of aircraft parts", "a panel of senior inspectors"),
    ("tags the topic of customer e-mails", "a panel of senior support agents"),
)


def _past_human(rng: Any) -> Situation:
    task, panel_name = _PAST_TASKS[int(rng.integers(len(_PAST_TASKS)))]
    # Rates in hundredths of a point, so that the shown numbers are the exact ones.
    human = int(rng.integers(40, 101))
    train = human - int(rng.integers(10, 31))
    if rng.random() < 0.5:   # the variance exceeds the whole training error
        variance = train + int(rng.integers(25, 81))
    else:                    # the variance is smaller than the training error
        variance = int(rng.integers(5, train - 4))
    dev = train + variance
    human_f, train_f, dev_f = human / 10_000, train / 10_000, dev / 10_000
    prompt = (
        f"A team's model {task}. {panel_name.capitalize()}, the best people at this job, get "
        f"**{human_f:.2%}** of the cases wrong. The model has a training error of "
        f"**{train_f:.2%}** and a dev error of **{dev_f:.2%}**. The team asks you where its "
        "next month should go."
    )
    options = {
        "bigger_model": "Avoidable bias: a bigger model, or longer training.",
        "regularise": "Variance: regularisation, or more training data.",
        "cannot_tell": "These numbers cannot say which gap is larger; a bias/variance verdict "
                       "would be a guess here.",
        "stop": "Nowhere: the model already beats the best people, so there is nothing left "
                "to gain.",
    }
    return Situation(prompt, options, {"human": human_f, "train": train_f, "dev": dev_f})


#: Projects of the second decision: (key, the job[, kind of input]).
_STRUCTURED = (
    ("forecast_deliveries", "predict how many days each parcel will take to arrive"),
    ("score_loans", "predict which small-business loans will be repaid"),
    ("rank_products", "choose which products each shopper sees first in the web shop"),
    ("predict_churn", "predict which subscribers will cancel next month"),
)
_PERCEPTION = (
    ("read_scans", "find tumours on CT scans", "images"),
    ("transcribe_calls", "transcribe customers' phone calls", "sound"),
    ("sort_photos", "tell damaged parcels from intact ones in warehouse photos", "images"),
    ("read_handwriting", "read handwritten insurance claim forms", "images"),
    ("spot_birdsong", "name the bird species singing in field recordings", "sound"),
)


def _where_machines_win(rng: Any) -> Situation:
    structured = [_STRUCTURED[i] for i in rng.permutation(len(_STRUCTURED))[:2]]
    perception = [_PERCEPTION[i] for i in rng.permutation(len(_PERCEPTION))[:2]]
    big = [int(rng.integers(2, 60)) * 1_000_000 for _ in range(2)]
    small = [int(rng.integers(3, 30)) * 100 for _ in range(2)]
    # human error of each project, in tenths of a point; the small perception project is the
    # hardest for people, the one that looks like it has "the most room"
    errors = sorted(int(v) for v in rng.choice(np.arange(20, 90), size=3, replace=False))
    hardest = int(rng.integers(errors[-1] + 10, 160))
    shuffled = [errors[i] for i in rng.permutation(3)]
    projects = [
        (*structured[0], "a table", big[0], shuffled[0]),
        (*structured[1], "a table", small[0], shuffled[1]),
        (*perception[0], big[1], shuffled[2]),
        (*perception[1], small[1], hardest),
    ]
    lines = []
    options = {}
    for key, job, kind, n, err in projects:
        options[key] = f"{job[0].upper()}{job[1:]}."
        lines.append(f"| {job} | {kind} | {n:,} | {err / 10:.1f}% |")
    order = rng.permutation(len(lines))
    table = "\n".join(["| project | input | labelled examples | error of the staff today |",
                       "|---|---|---|---|"] + [lines[i] for i in order])
    prompt = (
        "A company can fund one of four machine-learning projects this year. The board wants "
        "the one most likely to end with a system that makes **fewer mistakes than the staff "
        f"who do the job now**.\n\n{table}\n\nWhich project do you recommend?"
    )
    data = {key: {"input": kind, "n_examples": n, "staff_error": err / 1000}
            for key, _, kind, n, err in projects}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_10_past_human",
    title="a model past the best human level",
    build=_past_human,
    mistakes=(
        ("the bound not used",
         "past human level the avoidable bias is unknown, but not unbounded: it is at most "
         "the training error, because Bayes error cannot be below 0. Set the variance against "
         "that largest possible bias before you decide."),
        ("bias assumed larger",
         "a bigger model pays off only when avoidable bias is the larger gap. Here it is at "
         "most the training error and could be close to 0; nothing shows it beating the "
         "variance."),
        ("beating people is the end",
         "beating the best people does not mean reaching Bayes error: the model can still "
         "improve, there is just less to steer by."),
    ),
    hints=(
        "Once a model beats the best people on its training set, what do you still know about "
        "Bayes error, and so about the avoidable bias that is left?",
        "Bayes error lies somewhere between 0 and the best human error, so the avoidable bias "
        "is at most the training error itself, and may be close to 0. Does the variance beat "
        "even the largest avoidable bias there could be?",
    ),
))

register_decision(DecisionSpec(
    id="w1_10_where_machines_win",
    title="where a model is most likely to beat people",
    build=_where_machines_win,
    mistakes=(
        ("most room to improve",
         "a high error of the staff leaves room, but it also says the task is hard; what "
         "decides whether a model gets past people is the kind of input and how much data "
         "it can learn from."),
        ("structured data is enough",
         "a table is a good start, but with a few thousand examples at most a model has seen "
         "fewer cases than an experienced member of staff: machines beat people by learning "
         "from far more examples than anyone could study."),
        ("lots of data is enough",
         "plenty of data helps, but images and sound are natural perception, where people "
         "are very good: beating them there is possible but much harder."),
    ),
    hints=(
        "Think of the problems on which machines already beat people: what kind of input do "
        "they have, and how much data?",
        "Ads, recommendations, delivery times and loans share some traits. Which of them can "
        "you read from the table, and which project has all of them?",
    ),
))
