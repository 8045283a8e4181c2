"""Exercises of week 2, notebook 03: build your first system quickly, then iterate."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from course_lib import strategy
from course_lib.exercises.compare import Label, LabelSet, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.threads import one_thread

#: Seed of the domains and of the split used in the notebook.
SEED = 0


@lru_cache(maxsize=2)
def _errors(scaled: bool = True) -> dict[str, float]:
    """Training, training-dev and dev error of the notebook's first model."""
    from sklearn.linear_model import LogisticRegression

    from course_lib.experiments.baseline import fit_baseline, load_web_phone
    from course_lib.metrics import error_rate

    domains, split = load_web_phone(SEED)
    X_train, y_train = domains.web_X[split.web_train], domains.web_y[split.web_train]
    sets = {
        "train": (X_train, y_train),
        "train_dev": (domains.web_X[split.web_heldout], domains.web_y[split.web_heldout]),
        "dev": (domains.phone_X[split.phone_dev], domains.phone_y[split.phone_dev]),
    }
    if scaled:
        model = fit_baseline(X_train, y_train)
    else:  # the typical slip: raw 0..16 pixels into a default LogisticRegression
        import warnings

        with one_thread(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = LogisticRegression().fit(X_train, y_train)
    return {name: error_rate(y, model.predict(X)) for name, (X, y) in sets.items()}


def first_errors() -> Any:
    """Reference: the first model's errors on the training, training-dev and dev sets."""
    import pandas as pd

    return pd.Series(_errors())


def _series(values: dict[str, float]) -> Any:
    import pandas as pd

    return pd.Series(values)


register(
    Exercise(
        id="w2_03_first_errors",
        title="training, training-dev and dev error of the first model",
        kind="value",
        reference=first_errors,
        compare=Series(),
        mistakes=(
            Mistake(
                "pixels not scaled", lambda: _series(_errors(scaled=False)),
                "these look like a model trained on the raw 0-16 pixels. Use fit_baseline, or "
                "divide the pixels by 16 before training *and* before predicting.",
            ),
            Mistake(
                "training-dev and dev swapped",
                lambda: _series({**_errors(), "train_dev": _errors()["dev"],
                                 "dev": _errors()["train_dev"]}),
                "your 'train_dev' and 'dev' numbers are swapped: the training-dev set is the "
                "held-out *web* images, the dev set the phone pictures.",
            ),
            Mistake(
                "accuracy", lambda: _series({k: 1 - v for k, v in _errors().items()}),
                "those are accuracies; the metric is the error rate (share of wrong answers).",
            ),
        ),
    ),
)


# --- the next step --------------------------------------------------------------------------

def next_step() -> str:
    """Reference: the largest problem the diagnosis of the first model points at."""
    errors = _errors()
    return strategy.diagnose(train=errors["train"], train_dev=errors["train_dev"],
                             dev=errors["dev"]).focus[0]


def _without_train_dev() -> str:
    errors = _errors()
    return strategy.diagnose(train=errors["train"], dev=errors["dev"]).focus[0]


def _next_explanation() -> str:
    e = _errors()
    return (
        f"Training error {e['train']:.1%}, training-dev error {e['train_dev']:.1%}: the model "
        f"does almost as well on web images it has never seen, so variance is small (a gap "
        f"of {100 * (e['train_dev'] - e['train']):.1f} points). The jump to {e['dev']:.1%} on "
        f"the phone pictures ({100 * (e['dev'] - e['train_dev']):.1f} points) is data "
        "mismatch: the model is fine on "
        "the kind of data it was trained on and poor on the kind users send. Without the "
        "training-dev set, that jump would have looked like variance, and more web data or "
        "more regularisation would have been the (wrong) next step."
    )


register(
    Exercise(
        id="w2_03_next_step",
        title="the problem to work on after the first model",
        kind="value",
        reference=next_step,
        compare=Label(choices=strategy.PROBLEMS),
        visible=lambda: [Case(
            "the answer",
            hint="compare the gaps between the rungs of the error ladder (training, "
                 "training-dev, dev); the largest gap is the problem to work on.",
        )],
        mistakes=(
            Mistake(
                "variance from dev - train", _without_train_dev,
                "did you leave out the training-dev error? Then the whole dev - training gap "
                "is counted as variance, although the model does well on held-out web images.",
            ),
            Mistake(
                "avoidable bias", lambda: strategy.AVOIDABLE_BIAS,
                "the training error is small, and without a human-level error avoidable bias "
                "cannot even be measured here. Which gap is the largest?",
            ),
        ),
        explanation=_next_explanation,
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


def applies_less() -> set[str]:
    """Reference: the scenarios where a more elaborate first system is reasonable."""
    return {"B", "C"}


register(
    Exercise(
        id="w2_03_applies_less",
        title="the projects where 'build quickly, then iterate' applies less",
        kind="value",
        reference=applies_less,
        compare=LabelSet(),
        visible=lambda: [Case(
            "the answer",
            hint="the advice applies less only in two situations: much prior experience with "
                 "this very kind of application, or a large literature on nearly the same "
                 "problem.",
        )],
        mistakes=(
            Mistake(
                "literature only", lambda: {"B"},
                "right about the literature; but the team's own experience is the other "
                "reason the advice applies less. Look again at the scenarios.",
            ),
            Mistake(
                "experience only", lambda: {"C"},
                "right about experience; a large published literature on nearly the same "
                "problem is the other reason. Look again at the scenarios.",
            ),
            Mistake(
                "the new problems", lambda: {"A", "D"},
                "these are the projects where the advice applies *most*: nobody knows yet which "
                "problems will matter, so a quick system that shows them is worth the most.",
            ),
        ),
        explanation=lambda: (
            "With years of experience on the same kind of product (C), or a large literature "
            "on nearly the same problem (B), you can start from a known, more elaborate design. "
            "For a new problem (A, D) nobody can guess well where the difficulties are: build "
            "something quickly and let the analysis tell you."
        ),
    ),
)
