"""Exercises of week 2, notebook 02: cleaning up incorrectly labeled data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from course_lib.data import mislabeling
from course_lib.exercises.compare import Number, Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the domains and split; the flips use the seeds below.
SEED = 0
#: flip_random seed of the training labels in the noise experiment.
TRAIN_FLIP_SEED = 0
#: Share of dev labels a tired labeller gets wrong, and the seed of each dev set's slips.
DEV_SLIP_RATE = 0.02
DEV_SLIP_SEEDS = {"web": 1, "phone": 2}


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


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

_OTHER = ("blurry pictures", "pictures taken at night", "partly hidden objects",
          "unusual angles")


def _fix_labels_worth(rng: Any) -> Situation:
    labels_matter = bool(rng.random() < 0.5)
    if labels_matter:
        error = round(float(rng.uniform(0.015, 0.03)), 3)
        wrong_label = int(rng.integers(25, 46))
        other = int(rng.integers(20, 36))
    else:
        error = round(float(rng.uniform(0.08, 0.14)), 3)
        wrong_label = int(rng.integers(3, 9))
        other = int(rng.integers(30, 51))
    other_name = _OTHER[int(rng.integers(len(_OTHER)))]
    n_dev = int(rng.integers(5, 21)) * 1_000
    prompt = (
        f"A team's model has a dev error of **{error:.1%}** on {n_dev:,} dev pictures; the "
        f"test set is as large. In an error analysis of 100 dev mistakes, **{wrong_label}** "
        f"turned out to be right answers marked wrong because the *label* was wrong, and "
        f"**{other}** were {other_name} (the largest other category). The team spends its "
        "days choosing between models whose dev errors differ by a few tenths of a point. "
        "What should it do next?"
    )
    options = {
        "fix_dev_test": "Fix the wrong labels of the dev and the test set now, with the same "
                        "process for both.",
        "fix_dev_only": "Fix the wrong labels of the dev set now; leave the test set as it "
                        "is.",
        "work_on_model": f"Leave the labels for now and work on the {other_name}.",
        "fix_training": "Relabel the training set first: that is what the model learns from.",
    }
    data = {"dev_error": error, "label_mistakes": wrong_label, "other_mistakes": other,
            "other_category": other_name, "n_dev": n_dev}
    return Situation(prompt, options, data)


_HABITS = (("foxes", "dog"), ("wolves", "dog"), ("leopards", "cat"), ("hares", "rabbit"))


def _training_labels(rng: Any) -> Situation:
    systematic = bool(rng.random() < 0.5)
    n_train = int(rng.integers(2, 11)) * 100_000
    checked = 200
    wrong = int(rng.integers(8, 21) if systematic else rng.integers(4, 13))
    seconds = int(rng.integers(5, 16))
    hours = round(n_train * seconds / 3600)
    animal, label = _HABITS[int(rng.integers(len(_HABITS)))]
    if systematic:
        pattern = (f"{wrong - 1} of them are {animal} labelled '{label}', all by the same "
                   "labeller, who labelled a fifth of the training set; the last one is a "
                   "random slip")
    else:
        pattern = ("they are spread over many classes and labellers, with no pattern: "
                   "random slips")
    prompt = (
        f"An animal-photo classifier trains on **{n_train:,}** labelled photos. The team has "
        "just fixed the labels of its dev and test sets. It now checks "
        f"{checked} random training photos by hand: **{wrong}** have a wrong label, and "
        f"{pattern}. Relabelling takes about {seconds} seconds a photo. What should it do "
        "about the training labels?"
    )
    options = {
        "leave_training": "Leave the training labels as they are.",
        "fix_pattern": "Find the training photos that share the pattern of the wrong labels "
                       "(the same classes, the same labeller) and relabel only those.",
        "relabel_all": f"Relabel the whole training set: about {hours:,} hours of work.",
        "undo_dev": "Undo the dev and test fixes, so that their labels match the training "
                    "set's again.",
    }
    data = {"systematic": systematic, "n_train": n_train, "checked": checked,
            "wrong": wrong, "seconds_per_label": seconds, "relabel_hours": hours}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w2_02_fix_labels_worth",
    title="are the wrong labels worth fixing now?",
    build=_fix_labels_worth,
    mistakes=(
        ("share misjudged",
         "compare the error due to wrong labels with the *whole* dev error: what part of the "
         "errors would fixing them remove, and what part is left to the model?"),
        ("dev only",
         "dev and test must keep coming from the same distribution: whatever is fixed in one "
         "is fixed in the other, with the same process."),
        ("training labels first",
         "the training set is usually far larger, and random slips there cost little; the "
         "labels that decide which model you keep are the dev and test labels."),
    ),
    hints=(
        "Turn the 100-mistake tally into points of dev error: how much of the error is due "
        "to wrong labels, and how large is that next to the differences the team measures?",
        "Wrong labels are worth fixing first when they explain a large share of the errors "
        "(they then blur every comparison); when they explain a small share, the model is the "
        "bigger problem.",
    ),
))

register_decision(DecisionSpec(
    id="w2_02_training_labels",
    title="what to do about wrong training labels",
    build=_training_labels,
    mistakes=(
        ("slips and habits confused",
         "ask whether the wrong labels follow a rule: random slips spread over the classes "
         "cost a large training set little, while a labeller's habit teaches the model a "
         "wrong rule."),
        ("relabel everything",
         "count the hours a full relabelling costs, and compare with what the sample says is "
         "actually wrong."),
        ("train must match dev",
         "dev and test must come from the same distribution as each other; the training set "
         "may differ slightly, and learning algorithms cope with that."),
    ),
    hints=(
        "What did the notebook's experiment show about random label errors in the training "
        "set, and what about systematic ones?",
        "Look at the pattern of the wrong labels in the sample, then at the cost of each "
        "option: fix what teaches the model a wrong rule, at the lowest cost.",
    ),
))
