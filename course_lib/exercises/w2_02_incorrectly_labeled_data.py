"""Exercises of week 2, notebook 02: cleaning up incorrectly labeled data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from course_lib.data import mislabeling
from course_lib.exercises.compare import Label, Number, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the domains and split; the flips use the seeds below.
SEED = 0
#: flip_random seed of the training labels in the noise experiment.
TRAIN_FLIP_SEED = 0
#: Share of dev labels a tired labeller gets wrong, and the seed of each dev set's slips.
DEV_SLIP_RATE = 0.02
DEV_SLIP_SEEDS = {"web": 1, "phone": 2}
#: A dev set's labels are worth fixing first when they explain at least this share of its errors.
LARGE_SHARE = 0.2


@lru_cache(maxsize=1)
def _data() -> tuple[Any, Any]:
    from course_lib.experiments.baseline import load_web_phone

    return load_web_phone(SEED)


@lru_cache(maxsize=1)
def _clean_model() -> Any:
    from course_lib.experiments.baseline import fit_baseline

    domains, split = _data()
    return fit_baseline(domains.web_X[split.web_train], domains.web_y[split.web_train])


register(
    Exercise(
        id="w2_02_noise_errors",
        title="held-out error after training on clean, randomly wrong and systematically "
              "wrong labels",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "random and systematic swapped", None,
                "your 'random' and 'systematic' numbers are swapped.",
            ),
            Mistake(
                "10% random noise", None,
                "for a fair comparison the random flip must make *as many* labels wrong as the "
                "systematic one: compute that share first, then pass it as the rate.",
            ),
            Mistake(
                "training error", None,
                "measure each model on the held-out web images (`X_heldout`, `y_heldout`), not "
                "on the images it was trained on.",
            ),
        ),
        hints=(
            "Train the same baseline three times, changing only the training labels, and measure "
            "all three models on the same held-out web images. The random and the systematic "
            "versions must hold the *same number* of wrong labels.",
            "Make the systematic labels first (`flip_systematic`, every 7 written as 1), measure "
            "the share of labels it changed (the mean of a `!=` comparison with `y_train`) and "
            "pass that share as the rate to `flip_random` with `seed=0`. Then build a `pd.Series` "
            "with exactly the three index names.",
        ),
    ),
)


# --- share of the dev errors due to incorrect labels --------------------------------------

@lru_cache(maxsize=1)
def _dev_label_numbers() -> dict[str, tuple[float, float]]:
    """(dev error measured against the given labels, error due to wrong labels) per dev set."""
    domains, split = _data()
    model = _clean_model()
    sets = {
        "web": (domains.web_X[split.web_heldout], domains.web_y[split.web_heldout]),
        "phone": (domains.phone_X[split.phone_dev], domains.phone_y[split.phone_dev]),
    }
    out = {}
    for name, (X, y) in sets.items():
        given = mislabeling.flip_random(y, DEV_SLIP_RATE, seed=DEV_SLIP_SEEDS[name])
        wrong = model.predict(X) != given
        out[name] = (float(wrong.mean()), float(np.mean(wrong & (given != y))))
    return out


def _share_cases() -> list[Case]:
    web_error, web_due = _dev_label_numbers()["web"]
    return [
        Case("10% dev error, 0.6% of it due to wrong labels", (0.10, 0.006)),
        Case("2% dev error, 0.6% of it due to wrong labels", (0.02, 0.006)),
        Case("the web dev set of this notebook", (web_error, web_due)),
        Case("no wrong labels among the errors", (0.05, 0.0)),
        Case("every error due to a wrong label", (0.04, 0.04),
             hint="if every error comes from a wrong label, the share is all of them."),
    ]


register(
    Exercise(
        id="w2_02_label_error_share",
        title="share of the dev errors caused by incorrect labels",
        kind="function",
        reference=mislabeling.label_error_share,
        compare=Number(),
        signature="label_error_share(dev_error, label_error)",
        visible=_share_cases,
        mistakes=(
            Mistake(
                "divided by the algorithm's part",
                lambda d, e: e / (d - e) if d != e else float("inf"),
                "you divided by the errors that are *not* due to labels. The share is taken "
                "of all the dev errors.",
            ),
            Mistake(
                "the algorithm's share", lambda d, e: (d - e) / d,
                "that is the share of the errors due to the algorithm; the question is about "
                "the share due to wrong labels.",
            ),
            Mistake(
                "percent", lambda d, e: 100 * e / d,
                "return a fraction (0.06 for 6%), not a percentage.",
            ),
            Mistake(
                "product", lambda d, e: d * e,
                "a share of the errors is a ratio: which number is the part, which the whole?",
            ),
        ),
        hints=(
            "A share of the errors is a part divided by a whole: here the part is the error "
            "caused by wrong labels, and the whole is all of the dev error.",
            "Both arguments are rates on the same scale (fractions of all dev examples), so no "
            "conversion is needed. Return a fraction between 0 and 1, not a percentage; the "
            "lecture's 0.6 points of a 10% error should give 6% of the errors.",
        ),
    ),
)


# --- which dev set to relabel first ---------------------------------------------------------

CHOICES = ("web", "phone", "both", "neither")


register(
    Exercise(
        id="w2_02_relabel_first",
        title="which dev set needs its labels fixed first",
        kind="value",
        reference=None,
        compare=Label(choices=CHOICES),
        visible=lambda: [Case(
            "the answer",
            hint="compute, for each dev set, the share of its errors due to wrong labels and "
                 "compare it with 20%.",
        )],
        mistakes=(
            Mistake(
                "counted label errors, not their share", None,
                "both dev sets have about the same number of wrong labels; what differs is the "
                "share of each set's *errors* they explain.",
            ),
            Mistake(
                "the set with the larger error", None,
                "that dev set has the larger error, but its wrong labels explain only a small "
                "part of it: the model is the bigger problem there.",
            ),
        ),
        hints=(
            "Judge each dev set by the *share* of its errors that wrong labels explain, not by "
            "how many wrong labels it holds: a large share means the labels blur every comparison "
            "made on that set.",
            "Use the `share_of_errors` column of `table`: mark each dev set whose share is at "
            "least 0.2 (the limit counts as large), then turn the marks into one of the four "
            "allowed strings: all marked, none marked, or the name of the single marked set.",
        ),
    ),
)
