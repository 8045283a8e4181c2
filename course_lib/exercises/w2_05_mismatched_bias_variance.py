"""Exercises of week 2, notebook 05: bias and variance with mismatched data distributions."""

from __future__ import annotations

from typing import Any

from course_lib import strategy
from course_lib.exercises.compare import LabelSet, Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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


def _threshold_cases() -> list[Case]:
    """The course's tables plus the two edges of the rule: a zero gap, an exactly-half gap."""
    return _table_cases() + [
        Case("nothing left to gain: human 3%, train 3%, train-dev 3%, dev 2.5%",
             (0.03, 0.03, 0.03, 0.025),
             hint="a gap of 0 (or below) is nothing to work on, even when it is the largest "
                  "of the three: keep only gaps above 0."),
        Case("a gap of exactly half the largest: human 1%, train 5%, train-dev 13%, dev 19%",
             (0.01, 0.05, 0.13, 0.19),
             hint="a gap of exactly half the largest one counts: compare with `>=`."),
    ]


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
                "percent",
                lambda h, t, td, d: _series({AVOIDABLE_BIAS: 100 * (t - h),
                                             VARIANCE: 100 * (td - t),
                                             DATA_MISMATCH: 100 * (d - td)}),
                "keep the gaps as fractions like the error rates you were given (0.08 for "
                "8 points), not percentages.",
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


def _without_positivity(h: float, t: float, td: float, d: float) -> set[str]:
    gaps = {AVOIDABLE_BIAS: t - h, VARIANCE: td - t, DATA_MISMATCH: d - td}
    top = max(gaps.values())
    return {p for p, g in gaps.items() if g >= 0.5 * top}


def _strictly_above_half(h: float, t: float, td: float, d: float) -> set[str]:
    gaps = {AVOIDABLE_BIAS: t - h, VARIANCE: td - t, DATA_MISMATCH: d - td}
    top = max(gaps.values())
    return {p for p, g in gaps.items() if g > 0 and g > 0.5 * top}


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
        visible=_threshold_cases,
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
                "no positivity test", _without_positivity,
                "when every gap is 0 or below, the largest gap is 0 and half of it is 0 too: "
                "a gap must also be above 0 to be worth working on.",
            ),
            Mistake(
                "strictly more than half", _strictly_above_half,
                "a gap of exactly half the largest one is worth working on too: the rule says "
                "'at least half', so compare with `>=`, not `>`.",
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


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

_TASKS = (("a voice assistant for cars", "recordings"),
          ("a street-sign reader for a map service", "photos"),
          ("a skin-lesion classifier for a dermatology app", "pictures"),
          ("a transcriber for doctors' dictations", "dictations"))


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _team_plan(rng: Any) -> Situation:
    task, noun = _TASKS[int(rng.integers(len(_TASKS)))]
    variance = bool(rng.random() < 0.5)
    human = round(float(rng.uniform(0.04, 0.07)), 3)
    train = round(human + float(rng.uniform(0.003, 0.008)), 3)
    small, big = float(rng.uniform(0.003, 0.01)), float(rng.uniform(0.04, 0.07))
    train_dev = round(train + (big if variance else small), 3)
    dev = round(train_dev + (small if variance else big), 3)
    test = round(dev + float(rng.uniform(0.001, 0.004)), 3)
    prompt = (
        f"A team is building {task}. Its training data come mostly from other sources; its "
        f"dev and test sets are {noun} from the product. Careful people get "
        f"**{_pct(human)}** of these {noun} wrong.\n\n"
        "| human level | training | training-dev | dev | test |\n|---|---|---|---|---|\n"
        f"| {_pct(human)} | {_pct(train)} | {_pct(train_dev)} | {_pct(dev)} | {_pct(test)} |"
        f"\n\nThe team lead: *'Training {_pct(train)}, dev {_pct(dev)}: the model does not "
        "generalise. Next month we regularise and add more training data of the kind we "
        "have.'* What do you answer?"
    )
    options = {
        "regularise": "Agreed: regularise and add more training data of the kind they have.",
        "mismatch_work": "Look at dev mistakes to learn how dev data differ from the training "
                         "data, then make training data more like them (collect or "
                         "synthesise).",
        "bigger_model": "Neither: a training error that far from 0 calls for a bigger model "
                        "first.",
        "bigger_dev": "Get a bigger dev set first: the test error is above the dev error.",
    }
    data = {"human": human, "train": train, "train_dev": train_dev, "dev": dev, "test": test}
    return Situation(prompt, options, data)


def _dev_overfit(rng: Any) -> Situation:
    task, noun = _TASKS[int(rng.integers(len(_TASKS)))]
    human = round(float(rng.uniform(0.005, 0.015)), 3)
    train = round(human + float(rng.uniform(0.005, 0.012)), 3)
    train_dev = round(train + float(rng.uniform(0.005, 0.012)), 3)
    dev = round(train_dev + float(rng.uniform(0.01, 0.02)), 3)
    test = round(dev + float(rng.uniform(0.04, 0.07)), 3)
    n_dev = int(rng.integers(3, 9)) * 100
    ideas = int(rng.integers(10, 31)) * 10
    prompt = (
        f"A team building {task} has spent six months trying **{ideas} ideas**, keeping "
        f"each one that lowered the error on its dev set of **{n_dev} {noun}**. Today it "
        "measured the test set (same distribution as dev, never used before) for the first "
        "time:\n\n"
        "| human level | training | training-dev | dev | test |\n|---|---|---|---|---|\n"
        f"| {_pct(human)} | {_pct(train)} | {_pct(train_dev)} | {_pct(dev)} | {_pct(test)} |"
        "\n\nWhat should the team do next?"
    )
    options = {
        "bigger_dev": "Get a bigger, fresh dev set from the product's data and measure ideas "
                      "on it from now on.",
        "mismatch_work": "Work on data mismatch: of the gaps between human level, training, "
                         "training-dev and dev, it is the largest.",
        "report_dev": f"Report the dev error, {_pct(dev)}, as the error to expect: the test "
                      "set was an unlucky draw.",
        "tune_on_test": "Keep tuning, now on the test set as well, so that its error comes "
                        "down too.",
    }
    data = {"human": human, "train": train, "train_dev": train_dev, "dev": dev, "test": test,
            "dev_size": n_dev, "ideas": ideas}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w2_05_team_plan",
    title="a team lead's reading of the error table",
    build=_team_plan,
    mistakes=(
        ("one step for two",
         "the step from training to dev changes two things at once: new examples, and another "
         "distribution. Compare training-dev with training, then dev with training-dev, and "
         "see which step is the big one."),
        ("human level ignored",
         "judge the training error against the human level, not against 0: how much of it "
         "can a better fit still remove?"),
        ("test gap over-read",
         "compare the test - dev gap with the other gaps: is it the problem that stands out?"),
    ),
    hints=(
        "Put the five numbers on a ladder and compute each step: training above human level, "
        "training-dev above training, dev above training-dev, test above dev.",
        "Each step has its own remedy: a bigger model for avoidable bias, regularisation or "
        "more data like the training data for variance, making training data more like dev "
        "data for data mismatch, a bigger dev set for dev-set overfitting. The largest step "
        "decides.",
    ),
))

register_decision(DecisionSpec(
    id="w2_05_dev_overfit",
    title="a test error far above the dev error",
    build=_dev_overfit,
    mistakes=(
        ("test rung ignored",
         "the ladder has one more rung: how far does the test error sit above the dev error, "
         "compared with the other steps?"),
        ("trusted the dev error",
         "an error measured on a set that chose hundreds of ideas is no longer an unbiased "
         "estimate; the test set, untouched until today, is."),
        ("tuned on the test set",
         "a test set you tune on stops being a test set: nothing would be left to tell the "
         "team how the system does on new data."),
    ),
    hints=(
        "Every gap of the ladder counts, the last one too: what does it mean when the error "
        "on a set nobody tuned on is much higher than on the set every idea was chosen by?",
        "A dev set that has chosen many ideas is partly fitted by those choices: the dev error "
        "looks better than the truth. Which option deals with that, and which ones build on "
        "the flawed number?",
    ),
))
