"""Exercises of week 2, notebook 05: bias and variance with mismatched data distributions."""

from __future__ import annotations

from typing import Any

from course_lib import strategy
from course_lib.exercises.compare import LabelSet, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, VARIANCE

#: Seed of the notebook's data, split and models.
DATA_SEED = 0

#: The course's tables (fractions): (human, train, train_dev, dev).
COURSE_TABLES: dict[str, tuple[float, float, float, float]] = {
    "human 0%, train 1%, train-dev 9%, dev 10%": (0.0, 0.01, 0.09, 0.10),
    "human 0%, train 1%, train-dev 1.5%, dev 10%": (0.0, 0.01, 0.015, 0.10),
    "human 0%, train 10%, train-dev 11%, dev 12%": (0.0, 0.10, 0.11, 0.12),
    "human 0%, train 10%, train-dev 11%, dev 20%": (0.0, 0.10, 0.11, 0.20),
    "rear-view mirror: human 4%, train 7%, train-dev 10%, dev 6%": (0.04, 0.07, 0.10, 0.06),
}


def _series(values: dict[str, float]) -> Any:
    import pandas as pd

    return pd.Series(values, dtype=float)


def mismatch_gaps(human: float, train: float, train_dev: float, dev: float) -> Any:
    """Reference: the three gaps of :func:`course_lib.strategy.diagnose`, as a Series."""
    d = strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev)
    return _series({AVOIDABLE_BIAS: d.avoidable_bias, VARIANCE: d.variance,
                    DATA_MISMATCH: d.data_mismatch})


def worth_working_on(human: float, train: float, train_dev: float, dev: float) -> set[str]:
    """Reference: the problems :func:`course_lib.strategy.diagnose` puts in focus."""
    return set(strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev).focus)


def _table_cases() -> list[Case]:
    cases = [Case(f"the course's table: {label}", rates) for label, rates in COURSE_TABLES.items()]
    cases += [
        Case("human 2%, train 3%, train-dev 3%, dev 3%", (0.02, 0.03, 0.03, 0.03)),
        Case("human 1%, train 5%, train-dev 9%, dev 14%", (0.01, 0.05, 0.09, 0.14)),
        Case("a model better than people on the training data: human 5%, train 3%, "
             "train-dev 4%, dev 4.7%", (0.05, 0.03, 0.04, 0.047)),
    ]
    return cases


def _no_train_dev_gaps(h: float, t: float, td: float, d: float) -> Any:
    return _series({AVOIDABLE_BIAS: t - h, VARIANCE: d - t, DATA_MISMATCH: d - td})


register(
    Exercise(
        id="w2_05_gaps",
        title="avoidable bias, variance and data mismatch from four error rates",
        kind="function",
        reference=mismatch_gaps,
        compare=Series(rel=1e-7, abs=1e-9),
        signature="gaps(human, train, train_dev, dev)",
        visible=_table_cases,
        mistakes=(
            Mistake(
                "variance measured up to dev", _no_train_dev_gaps,
                "variance is the step from data the model trained on to *unseen data of the "
                "same distribution*: training-dev - training, not dev - training.",
            ),
            Mistake(
                "mismatch measured from training",
                lambda h, t, td, d: _series({AVOIDABLE_BIAS: t - h, VARIANCE: td - t,
                                             DATA_MISMATCH: d - t}),
                "data mismatch is the step from training-dev to dev (both unseen, different "
                "distributions): dev - training-dev.",
            ),
            Mistake(
                "bias without human level",
                lambda h, t, td, d: _series({AVOIDABLE_BIAS: t, VARIANCE: td - t,
                                             DATA_MISMATCH: d - td}),
                "avoidable bias is training error minus human-level error (the proxy for "
                "Bayes error), not the training error itself.",
            ),
            Mistake(
                "signs flipped",
                lambda h, t, td, d: _series({AVOIDABLE_BIAS: h - t, VARIANCE: t - td,
                                             DATA_MISMATCH: td - d}),
                "each gap is the *higher* rung minus the lower one: e.g. variance = "
                "training-dev - training, positive when the error grows on unseen data.",
            ),
        ),
        hints=(
            "Put the four error rates on a ladder (human, training, training-dev, dev): each gap "
            "is the step between two neighbouring rungs, and each step changes exactly one thing.",
            "Compute each gap as upper rung minus lower rung, with no `abs` and no clipping, and "
            "return a `pd.Series` built from a dict whose keys are exactly the three names of the "
            "task. A dev error below the training-dev error gives a negative third gap.",
        ),
    )
)


def _largest_only(h: float, t: float, td: float, d: float) -> set[str]:
    gaps = {AVOIDABLE_BIAS: t - h, VARIANCE: td - t, DATA_MISMATCH: d - td}
    top = max(gaps.values())
    return {p for p, g in gaps.items() if g == top and g > 0}


def _every_positive(h: float, t: float, td: float, d: float) -> set[str]:
    gaps = {AVOIDABLE_BIAS: t - h, VARIANCE: td - t, DATA_MISMATCH: d - td}
    return {p for p, g in gaps.items() if g > 0}


def _focus_without_train_dev(h: float, t: float, td: float, d: float) -> set[str]:
    return set(strategy.diagnose(human=h, train=t, dev=d).focus)


register(
    Exercise(
        id="w2_05_worth_working_on",
        title="which problems are worth working on",
        kind="function",
        reference=worth_working_on,
        compare=LabelSet(),
        signature="worth_working_on(human, train, train_dev, dev)",
        visible=_table_cases,
        mistakes=(
            Mistake(
                "largest gap only", _largest_only,
                "keep every problem whose gap is positive and at least half of the largest "
                "gap, not only the largest one: two problems can both be big.",
            ),
            Mistake(
                "every positive gap", _every_positive,
                "a small positive gap is not worth your time when another is far bigger: keep "
                "only gaps of at least half the largest gap.",
            ),
            Mistake(
                "no training-dev set", _focus_without_train_dev,
                "that is what you would conclude without a training-dev set; use all four "
                "numbers, so variance and data mismatch are told apart.",
            ),
        ),
        hints=(
            "Get the three gaps first (reuse your function of exercise 1), then keep a problem "
            "only when its gap is positive *and* large compared with the largest gap.",
            "Find the largest gap with `Series.max`, then go through `Series.items()` and keep "
            "the names whose gap is above 0 and at least half of that largest one. Return a "
            "`set`, which may be empty.",
        ),
    )
)


# --- the real model's ladder --------------------------------------------------------------

register(
    Exercise(
        id="w2_05_ladder",
        title="the measured error ladder of the web-trained model",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "trained on the training-dev set too", None,
                "the model must not train on the training-dev rows: fit it on `web_train` "
                "only, or the training-dev error is no longer an error on unseen data.",
            ),
            Mistake(
                "accuracy", None,
                "those look like accuracies; the ladder holds error rates (the fraction of "
                "wrong predictions).",
            ),
            Mistake(
                "dev and test swapped", None,
                "dev and test are swapped: `dev` is measured on the `dev` rows.",
            ),
        ),
        hints=(
            "The ladder is one model measured on five rungs: the human-level stand-in, the rows "
            "it trained on, the held-out web rows (training-dev), then the phone dev and test "
            "rows. Train once, on `web_train` only.",
            "Divide the pixels by 16 both when fitting and when predicting; a small helper that "
            "returns the fitted model's error rate on an array of rows saves writing the same "
            "line four times. Build the `pd.Series` with the five index names of the task, "
            "`human_proxy` first.",
        ),
    )
)


register(
    Exercise(
        id="w2_05_real_focus",
        title="what to work on for the real model",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake(
                "variance", None,
                "the model does almost as well on the training-dev pictures as on its training "
                "pictures, so variance is small; look at where the error jumps.",
            ),
            Mistake(
                "avoidable bias", None,
                "the training error is close to the human-level stand-in: avoidable bias is "
                "small here.",
            ),
            Mistake(
                "everything", None,
                "keep only the problems whose gap is at least half of the largest one.",
            ),
        ),
        hints=(
            "Apply the rule of exercise 2 to the measured ladder: a gap counts only when it is "
            "positive and no smaller than half the biggest gap. The test error plays no part.",
            "Call your function of exercise 2 with the `human`, `train`, `train_dev` and `dev` "
            "entries of `ladder` and use the set it returns; before you accept it, look at where "
            "on the ladder the error jumps the most.",
        ),
    )
)
