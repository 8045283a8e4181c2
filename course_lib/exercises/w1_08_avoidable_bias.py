"""Exercises of week 1, notebook 08: avoidable bias."""

from __future__ import annotations

from course_lib.exercises.compare import Array, Label, Number
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
    return VARIANCE if train - human >= dev - train else AVOIDABLE_BIAS


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
                "on a tie the exercise asks for 'avoidable bias'.",
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
