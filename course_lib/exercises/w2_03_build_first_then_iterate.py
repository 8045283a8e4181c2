"""Exercises of week 2, notebook 03: build your first system quickly, then iterate."""

from __future__ import annotations

from course_lib import strategy
from course_lib.exercises.compare import Label, LabelSet, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the domains and of the split used in the notebook.
SEED = 0


register(
    Exercise(
        id="w2_03_first_errors",
        title="training, training-dev and dev error of the first model",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "pixels not scaled", None,
                "these look like a model trained on the raw 0-16 pixels. Use fit_baseline, or "
                "divide the pixels by 16 before training *and* before predicting.",
            ),
            Mistake(
                "training-dev and dev swapped", None,
                "your 'train_dev' and 'dev' numbers are swapped: the training-dev set is the "
                "held-out *web* images, the dev set the phone pictures.",
            ),
            Mistake(
                "accuracy", None,
                "those are accuracies; the metric is the error rate (share of wrong answers).",
            ),
        ),
        hints=(
            "Measure the same quick model on three sets: the images it trained on, the held-out "
            "web images (training-dev: same distribution, never trained on) and the phone dev "
            "pictures.",
            "Fit with `fit_baseline`, so the pixel scaling is handled for you, and compute each "
            "error with `error_rate` on that set's labels and the model's predictions for that "
            "set's images. Put the three numbers in a `pd.Series` indexed by exactly the three "
            "names of the task.",
        ),
    ),
)


# --- the next step --------------------------------------------------------------------------

register(
    Exercise(
        id="w2_03_next_step",
        title="the problem to work on after the first model",
        kind="value",
        reference=None,
        compare=Label(choices=strategy.PROBLEMS),
        visible=lambda: [Case(
            "the answer",
            hint="compare the gaps between the rungs of the error ladder (training, "
                 "training-dev, dev); the largest gap is the problem to work on.",
        )],
        mistakes=(
            Mistake(
                "variance from dev - train", None,
                "did you leave out the training-dev error? Then the whole dev - training gap "
                "is counted as variance, although the model does well on held-out web images.",
            ),
            Mistake(
                "avoidable bias", None,
                "the training error is small, and without a human-level error avoidable bias "
                "cannot even be measured here. Which gap is the largest?",
            ),
        ),
        hints=(
            "Read the error ladder rung by rung (training, then training-dev, then dev) and find "
            "the biggest step. Each step between two rungs has its own name and its own remedies.",
            "Pass the three values of `first_errors` to `diagnose` as `train=`, `train_dev=` and "
            "`dev=` (no `human`) and take the first entry of its `focus`. Ask what differs "
            "between the two rungs of the big step: only 'seen or unseen', or also 'web or "
            "phone'?",
        ),
    ),
)


# --- when the advice applies less -----------------------------------------------------------

#: The scenarios of the exercise, by letter.
SCENARIOS = {
    "A": "A start-up builds the first app that reads handwritten amounts on photographed "
         "cheques; nobody in the team has worked on handwriting before.",
    "B": "A team builds face recognition for office doors; there is a large research "
         "literature on almost exactly this problem.",
    "C": "A speech team that has built speech recognisers for ten years starts another one "
         "for a product much like its previous ones.",
    "D": "A hospital team trains the first model to spot a rare disease on a new kind of scan "
         "that nobody has published about.",
}


register(
    Exercise(
        id="w2_03_applies_less",
        title="the projects where 'build quickly, then iterate' applies less",
        kind="value",
        reference=None,
        compare=LabelSet(),
        visible=lambda: [Case(
            "the answer",
            hint="the advice applies less only in two situations: much prior experience with "
                 "this very kind of application, or a large literature on nearly the same "
                 "problem.",
        )],
        mistakes=(
            Mistake(
                "literature only", None,
                "right about the literature; but the team's own experience is the other "
                "reason the advice applies less. Look again at the scenarios.",
            ),
            Mistake(
                "experience only", None,
                "right about experience; a large published literature on nearly the same "
                "problem is the other reason. Look again at the scenarios.",
            ),
            Mistake(
                "the new problems", None,
                "these are the projects where the advice applies *most*: nobody knows yet which "
                "problems will matter, so a quick system that shows them is worth the most.",
            ),
        ),
        hints=(
            "'Build quickly, then iterate' exists because nobody knows in advance which problems "
            "will matter. It applies *less* when that knowledge already exists before the first "
            "model.",
            "The lecture names two sources of such prior knowledge: a team that has built many "
            "systems like this one before, and a big body of research on nearly the same problem. "
            "Check each project for either one; the answer is a `set` of letters.",
        ),
    ),
)
