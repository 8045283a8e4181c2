"""Exercises of week 2, notebook 06: addressing data mismatch."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import error_analysis
from course_lib.exercises.compare import Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import mismatch as mismatch_experiments

#: Seeds of the notebook's data/split/models and of the synthetic corruptions.
DATA_SEED = 0
SYNTH_SEED = 0

TRAINING_SETS: tuple[str, ...] = (
    "web only",
    "web + collected phone",
    "web + synthetic, one pattern",
    "web + synthetic, many patterns",
)


# --- error rate per tag ----------------------------------------------------------------

def _frame(columns: dict[str, list[bool]]) -> Any:
    import pandas as pd

    return pd.DataFrame(columns)


def _tag_cases() -> list[Case]:
    tags, wrong = mismatch_experiments.phone_dev_mistakes(DATA_SEED)
    return [
        Case("six pictures, two tags",
             (_frame({"blur": [True, True, False, False, False, True],
                      "noise": [False, True, True, False, False, False]}),
              np.array([True, False, True, False, True, True]))),
        Case("a tag the model never gets wrong",
             (_frame({"rotation": [True, True, False, False, False],
                      "occlusion": [False, False, True, True, False]}),
              np.array([False, False, True, False, True]))),
        Case("pictures with several tags each",
             (_frame({"a": [True, True, False, True, False], "b": [True, False, False, True, False],
                      "c": [True, True, True, False, False]}),
              np.array([True, False, False, True, False]))),
        Case("the phone dev pictures and the web model's mistakes", (tags, wrong)),
    ]


def _share_of_mistakes(tags: Any, wrong: Any) -> Any:
    wrong = np.asarray(wrong, dtype=bool)
    values = {str(c): float((tags[c].to_numpy(bool) & wrong).sum() / wrong.sum())
              for c in tags.columns}
    untagged = ~tags.to_numpy(bool).any(axis=1)
    values[error_analysis.NO_TAG] = float((untagged & wrong).sum() / wrong.sum())
    return _series(values)


def _none_is_overall(tags: Any, wrong: Any) -> Any:
    rates = error_analysis.error_rate_by_tag(tags, wrong)
    rates[error_analysis.NO_TAG] = float(np.mean(wrong))
    return rates


def _series(values: dict[str, float]) -> Any:
    import pandas as pd

    return pd.Series(values, dtype=float)


register(
    Exercise(
        id="w2_06_error_rate_by_tag",
        title="error rate of the pictures carrying each tag",
        kind="function",
        reference=error_analysis.error_rate_by_tag,
        compare=Series(),
        signature="error_rate_by_tag(tags, wrong)",
        visible=_tag_cases,
        mistakes=(
            Mistake(
                "share of the mistakes", _share_of_mistakes,
                "that is the share of the *mistakes* that carry each tag (the error-analysis "
                "tally). Here we want, among the pictures with a tag, the share the model gets "
                "wrong.",
            ),
            Mistake(
                "overall error for 'none'", _none_is_overall,
                "the 'none' entry is the error rate of the pictures with *no* tag at all, not "
                "of every picture.",
            ),
            Mistake(
                "accuracy", lambda t, w: 1 - error_analysis.error_rate_by_tag(t, w),
                "those are the shares the model gets *right*; return error rates.",
            ),
        ),
        hints=(
            "This is the complement of the error-analysis tally: for each tag, look only at the "
            "pictures that carry it and ask what share of *them* the model got wrong.",
            "For each column, use the column as a boolean mask on `wrong` and average what it "
            "selects. The `\"none\"` entry needs the rows where *no* column is set "
            "(`DataFrame.any(axis=1)` and `~` help). Collect the rates in a `pd.Series`.",
        ),
    )
)


# --- collecting vs synthesising --------------------------------------------------------------

register(
    Exercise(
        id="w2_06_dev_errors",
        title="phone dev error of four training sets",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "accuracy", None,
                "those are accuracies; the table holds error rates on the phone dev pictures.",
            ),
            Mistake(
                "scored on the synthetic pictures", None,
                "the synthetic models must be scored on the *real* phone dev pictures "
                "(`X[dev]`), not on their own synthetic training pictures.",
            ),
        ),
        hints=(
            "Four models that differ only in their training data, all scored on the same real "
            "phone dev pictures: the dev set never changes between them.",
            "Write the helper once (fit on `X_train / 16`, predict on `X[dev] / 16`, return the "
            "error rate) and call it four times. For the synthetic sets, stack the images with "
            "`np.vstack` and repeat the web labels with `np.concatenate`, so images and labels "
            "have the same length; keep the four index names in order.",
        ),
    )
)


# --- decisions: data mismatch on new situations, with each learner's numbers --------------

#: What a speech team can do about car noise it lacks in training.
CAR_NOISE_PLANS = {
    "synthesise": "Mix the recorded car noise into all the clean speech and train on that.",
    "collect": "Record real speech in cars with the budget, and add it to training.",
    "more_clean": "Buy more clean speech: more data lowers the dev error.",
    "clean_dev": "Make the dev set from clean speech too, so dev and training match.",
}


def _car_noise(rng: Any) -> Situation:
    speech = int(rng.integers(5, 21)) * 1_000
    if rng.random() < 0.5:  # one short recording: the trap
        noise_hours = float(rng.choice([0.5, 1.0, 2.0]))
        noise = (f"**{noise_hours:g} hour{'s' if noise_hours > 1 else ''}** of noise "
                 "recorded in one car on one drive")
        cars = 1
    else:
        cars = int(rng.integers(3, 9)) * 100
        noise_hours = float(cars * int(rng.integers(2, 6)))
        noise = (f"**{noise_hours:,.0f} hours** of noise recorded in **{cars}** different "
                 "car models, on all kinds of roads and speeds")
    budget = int(rng.integers(2, 9)) * 10
    prompt = (
        f"A voice assistant for cars is trained on **{speech:,} hours** of clean speech; its "
        "dev set is speech recorded in cars, and error analysis on the dev set shows that "
        f"car noise causes most of its mistakes. The team has {noise}. Its budget pays for "
        f"**{budget} hours** of new in-car speech. What should it do first?"
    )
    return Situation(prompt, CAR_NOISE_PLANS, {"speech_hours": speech, "noise_hours": noise_hours,
                                               "cars": cars, "budget_hours": budget})


register_decision(DecisionSpec(
    id="w2_06_car_noise",
    title="synthesise car noise or record in cars",
    build=_car_noise,
    mistakes=(
        ("variety misjudged",
         "synthesis is only as varied as its source: compare how much *different* car noise "
         "the team has with the hours of speech it would be laid under."),
        ("more of the same",
         "more clean speech makes the training data larger, not more like the in-car dev "
         "data: the mismatch stays."),
        ("moved the target",
         "the dev set must look like what users will say in their cars; making it clean "
         "hides the problem instead of fixing it."),
    ),
    hints=(
        "A data mismatch is fixed by making the training data more like the dev data, not by "
        "more of the same data or a different dev set.",
        "Synthesis turns every clean hour into an in-car hour, but only with as much variety "
        "as the noise it starts from; a model can learn a short noise clip by heart.",
    ),
))


#: Which augmentations a team adds to its training pictures.
AUGMENTATION_PLANS = {
    "keep_label": "Small shifts, noise and cutout, but no mirror images.",
    "with_flips": "Small shifts, noise and cutout, and mirror images (left-right flips) too.",
    "none": "No augmentation: made-up pictures can only mislead the model.",
}

_AUGMENTATION_TASKS = (
    ("reading handwritten capital letters on parcel labels", False,
     "most mirrored capitals (B, C, D, E, F, G, J, K, L, N, P, R, S, Z) are not letters "
     "any more"),
    ("spotting cats versus dogs in holiday photos", True,
     "a cat seen in a mirror is still a cat"),
    ("finding leaf disease in photos of single leaves", True,
     "a mirrored diseased leaf is still a diseased leaf"),
    ("reading the digits of house numbers on doors", False,
     "a mirrored 2, 3, 4, 5, 7 or 9 is not a digit, or is another one"),
    ("telling left-turn arrows from right-turn arrows on road signs", False,
     "a mirrored left-turn arrow is a right-turn arrow: the flip changes the label"),
)


def _augmentation_choice(rng: Any) -> Situation:
    task, _, _ = _AUGMENTATION_TASKS[int(rng.integers(len(_AUGMENTATION_TASKS)))]
    n = int(rng.integers(2, 10)) * 100
    gap = round(float(rng.uniform(0.08, 0.2)), 3)
    prompt = (
        f"A team is {task}. It has only **{n:,}** labelled training pictures, and its model "
        f"is **{100 * gap:.1f} points** worse on the dev set than on the training set. It "
        "wants to add augmented copies of its training pictures. Which augmentations?"
    )
    return Situation(prompt, AUGMENTATION_PLANS, {"task": task, "n": n, "gap": gap})


register_decision(DecisionSpec(
    id="w2_06_augmentation_choice",
    title="which augmentations to add",
    build=_augmentation_choice,
    mistakes=(
        ("label kept or not misjudged",
         "ask of every change: is the changed picture still an example of the *same* label? "
         "Picture the mirror image of a few training examples of this task."),
        ("no augmentation",
         "a dev error far above the training error with few pictures is variance, and "
         "augmented copies that keep their labels are more data, for free."),
    ),
    hints=(
        "Augmentation helps when each new picture is something the model could meet, with "
        "the label still true.",
        "Shifts, a little noise and a hidden patch keep almost any label. A mirror image "
        "keeps the label only where the task does not care about left and right.",
    ),
))
