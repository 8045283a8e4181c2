"""Exercises of week 1, notebook 08: avoidable bias."""

from __future__ import annotations

from typing import Any

from course_lib.exercises.compare import Array, Label, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, diagnose

#: The notebook's data: digits with 10% of the labels redrawn, as in notebook 07.
NOISE_RATE = 0.1
DATA_SEED = 0
#: A careful person is assumed to misread 1% of the clean digits.
HUMAN_CLEAN_ERROR = 0.01
#: Tree depths of the capacity sweep.
DEPTHS = tuple(range(1, 16))


# --- avoidable bias and variance -----------------------------------------------------------

def avoidable_bias_and_variance(human: float, train: float, dev: float) -> tuple[float, float]:
    """Reference: ``(train - human, dev - train)`` as computed by :func:`diagnose`."""
    d = diagnose(human=human, train=train, dev=dev)
    return (d.avoidable_bias, d.variance)


def _gap_cases() -> list[Case]:
    return [
        Case("cats, human level 1%", (0.01, 0.08, 0.10)),
        Case("cats, human level 7.5% (blurry pictures)", (0.075, 0.08, 0.10)),
        Case("a large dev gap", (0.005, 0.01, 0.12)),
        Case(
            "training error below human level",
            (0.05, 0.03, 0.07),
            hint="keep the sign of each gap: a training error below human level gives a "
                 "negative avoidable bias.",
        ),
        Case("dev error a little below training error", (0.0, 0.10, 0.09)),
    ]


register(
    Exercise(
        id="w1_08_bias_variance",
        title="avoidable bias and variance from human-level, training and dev error",
        kind="function",
        reference=avoidable_bias_and_variance,
        compare=Array(),
        signature="avoidable_bias_and_variance(human, train, dev)",
        visible=_gap_cases,
        mistakes=(
            Mistake(
                "variance measured from human level", lambda h, t, d: (t - h, d - h),
                "variance is the gap between training and dev error (dev - train), not between "
                "human level and dev error.",
            ),
            Mistake(
                "order swapped", lambda h, t, d: (d - t, t - h),
                "return the two gaps in the order asked: (avoidable bias, variance).",
            ),
            Mistake(
                "training error taken as the bias", lambda h, t, d: (t, d - t),
                "the training error is not all avoidable: subtract the human-level error, "
                "the stand-in for Bayes error.",
            ),
            Mistake(
                "reversed signs", lambda h, t, d: (h - t, t - d),
                "each gap is the higher rung minus the lower one: train - human, dev - train.",
            ),
            Mistake(
                "clipped at zero", lambda h, t, d: (max(t - h, 0.0), max(d - t, 0.0)),
                "do not clip the gaps at 0: a negative gap is information (here, a training "
                "error below human level).",
            ),
        ),
        hints=(
            "Picture the three error rates as rungs of a ladder: human level at the bottom, then "
            "training, then dev. Each gap is the distance between two neighbouring rungs.",
            "Avoidable bias is how far the training error sits above the human-level proxy, "
            "variance how far dev sits above training. Return them as a `tuple` in that order, "
            "with no rounding, no `abs` and no clipping: a negative gap stays negative.",
        ),
    )
)


# --- which gap to work on --------------------------------------------------------------------

def focus(human: float, train: float, dev: float) -> str:
    """Reference: the larger of the two gaps (``"avoidable bias"`` on a tie)."""
    return diagnose(human=human, train=train, dev=dev, relative_threshold=1.0).focus[0]


def _ignoring_human(human: float, train: float, dev: float) -> str:
    return AVOIDABLE_BIAS if train >= dev - train else VARIANCE


def _smaller_gap(human: float, train: float, dev: float) -> str:
    # On a tie there is no smaller gap: this reasoning then agrees with the reference, so a
    # tie answered the wrong way gets the tie's own hint, not this one.
    return VARIANCE if train - human > dev - train else AVOIDABLE_BIAS


def _tie_to_variance(human: float, train: float, dev: float) -> str:
    return AVOIDABLE_BIAS if train - human > dev - train else VARIANCE


def _focus_cases() -> list[Case]:
    return [
        Case("cats, human level 1%", (0.01, 0.08, 0.10)),
        Case("cats, human level 7.5% (blurry pictures)", (0.075, 0.08, 0.10)),
        Case("a badly fitted training set", (0.02, 0.15, 0.16)),
        Case("training error below human level", (0.05, 0.03, 0.07)),
        Case("a large dev gap", (0.005, 0.01, 0.12)),
        Case(
            "two equal gaps",
            (0.125, 0.25, 0.375),
            hint="on a tie the exercise asks for 'avoidable bias': fit the training set first.",
        ),
    ]


register(
    Exercise(
        id="w1_08_focus",
        title="which gap to work on first",
        kind="function",
        reference=focus,
        compare=Label(choices=(AVOIDABLE_BIAS, VARIANCE)),
        signature="focus(human, train, dev)",
        visible=_focus_cases,
        mistakes=(
            Mistake(
                "human level ignored", _ignoring_human,
                "compare the *avoidable* bias (train - human) with the variance, not the whole "
                "training error: part of the training error cannot be removed.",
            ),
            Mistake(
                "smaller gap", _smaller_gap,
                "work on the *larger* gap first: that is where there is more error to remove.",
            ),
            Mistake(
                "tie to variance", _tie_to_variance,
                "when the two gaps are equal the exercise asks for 'avoidable bias' (fit the "
                "training set first): compare with `>=`, not `>`.",
            ),
        ),
        hints=(
            "Work on whichever of the two gaps is larger, since that is where more error can "
            "still be removed. Compare the gaps, not the raw error rates.",
            "Get both gaps from your function of exercise 1 and compare them with `>=`, so that a "
            "tie goes to fitting the training set first. Return one of the two label strings, "
            "spelled exactly as in the task.",
        ),
    )
)


# --- trees of growing depth on noisy digits ----------------------------------------------------

register(
    Exercise(
        id="w1_08_switch_depth",
        title="the depth at which variance becomes the larger gap",
        kind="value",
        reference=None,
        compare=Number(integer=True),
        mistakes=(
            Mistake(
                "lowest dev error", None,
                "that is the depth with the lowest dev error; the question is where the *larger "
                "gap* changes from avoidable bias to variance.",
            ),
            Mistake(
                "training error below human", None,
                "that is the first depth whose training error is below human level; variance "
                "becomes the larger gap earlier than that.",
            ),
            Mistake(
                "last depth of the bias regime", None,
                "at that depth avoidable bias is still the larger gap: give the first depth where "
                "variance is larger.",
            ),
        ),
        hints=(
            "Go through the depths from the smallest tree up and watch the `focus` column of "
            "`report`: you want the first depth at which the larger gap is no longer avoidable "
            "bias.",
            "Filter `report` with a boolean condition on its `\"focus\"` column and read the "
            "depth from the *index* of the first row that remains: not a row position, and not "
            "where the dev error is lowest.",
        ),
    )
)


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

#: The remedies a team can pick, named by what they do (the key decides which is right).
REMEDIES = {
    "bigger_model": "Train a bigger model, or train longer with a better optimiser.",
    "regularise": "Add regularisation, or collect more training data.",
    "stop": "Stop here: the model is already as good as this task allows.",
}


def _team_plan(rng: Any) -> Situation:
    task, noun = [("reading street numbers from photos", "photos"),
                  ("spotting defects on circuit boards", "board images"),
                  ("classifying bird calls", "recordings"),
                  ("reading handwritten postcodes", "scans")][int(rng.integers(4))]
    if rng.random() < 0.5:  # a high human level: the training error looks poor but is not
        human = round(float(rng.uniform(0.05, 0.09)), 3)
        train = round(human + float(rng.uniform(0.002, 0.008)), 3)
        dev = round(train + float(rng.uniform(0.02, 0.04)), 3)
    else:  # a low human level: the training error is far above it
        human = round(float(rng.uniform(0.005, 0.012)), 3)
        train = round(human + float(rng.uniform(0.04, 0.07)), 3)
        dev = round(train + float(rng.uniform(0.008, 0.018)), 3)
    prompt = (
        f"A team is {task}. On these {noun} careful people get **{human:.1%}** wrong. The "
        f"team's model has a training error of **{train:.1%}** and a dev error of "
        f"**{dev:.1%}**. It has a week for one line of work. Which one?"
    )
    return Situation(prompt, REMEDIES, {"human": human, "train": train, "dev": dev})


def _superhuman(rng: Any) -> Situation:
    human = round(float(rng.uniform(0.02, 0.05)), 3)
    train = round(human - float(rng.uniform(0.005, 0.015)), 3)
    dev = round(human + float(rng.uniform(0.03, 0.08)), 3)
    prompt = (
        "A team labels X-ray images as 'fracture' or 'no fracture'. A panel of radiologists "
        f"disagrees with the recorded label on **{human:.1%}** of the images (some labels are "
        f"simply wrong). The team's deep network has a training error of **{train:.1%}** and a "
        f"dev error of **{dev:.1%}**. The team lead writes: *'Our training error is below "
        "the radiologists' — the model is superhuman; let's make the network even bigger to "
        "push the dev error down too.'* What do you answer?"
    )
    options = {
        "bigger_model": "Agreed: a bigger network is the way to lower the dev error.",
        "regularise": "The dev error is the problem, not the training error: regularise or "
                      "get more data.",
        "stop": "Ship it: a model that beats radiologists on its training data is done.",
        "new_labels": "The radiologists' error must be wrong: measure human level again first.",
    }
    return Situation(prompt, options, {"human": human, "train": train, "dev": dev})


register_decision(DecisionSpec(
    id="w1_08_team_plan",
    title="a week for one line of work",
    build=_team_plan,
    mistakes=(
        ("human level ignored",
         "you judged the training error against 0 %. Part of it cannot be removed: measure "
         "how far training error sits above the human level first."),
        ("the smaller gap",
         "you picked the remedy for the smaller of the two gaps; a week is better spent where "
         "more error can still be removed."),
        ("stopped early",
         "there is still a gap between dev error and human level that a remedy can close."),
    ),
    hints=(
        "Compute both gaps from the three numbers before reading the options: avoidable bias "
        "(training above human level) and variance (dev above training).",
        "The larger gap decides. A bigger model or longer training attacks avoidable bias; "
        "regularisation or more data attack variance.",
    ),
))

register_decision(DecisionSpec(
    id="w1_08_superhuman_claim",
    title="a training error below human level",
    build=_superhuman,
    mistakes=(
        ("believed the training error",
         "a training error below the people's error on noisy labels means the model has "
         "memorised some wrong labels; look at the *dev* error instead."),
        ("shipped",
         "users see the dev (and test) error, not the training error: is the dev error "
         "below human level?"),
        ("doubted the humans",
         "nothing here suggests the radiologists' error is wrong; the numbers fit a model "
         "that has learned its training labels, noise included."),
    ),
    hints=(
        "Two gaps again: training error against human level, and dev error against training "
        "error. Which one is large, and which one is even negative?",
        "A negative avoidable bias only says there is no bias left to remove: the work is "
        "on the other gap, and a bigger network makes that gap worse, not better.",
    ),
))
