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


@lru_cache(maxsize=8)
def _heldout_error(kind: str, rate_kind: str = "matched", measure_on: str = "heldout") -> float:
    """Error of the baseline trained on clean / randomly / systematically wrong labels."""
    from course_lib.experiments.baseline import fit_baseline
    from course_lib.metrics import error_rate

    domains, split = _data()
    X, y = domains.web_X[split.web_train], domains.web_y[split.web_train]
    systematic = mislabeling.flip_systematic(y, 7, 1)
    if kind == "clean":
        labels = y
    elif kind == "systematic":
        labels = systematic
    else:
        rate = float(np.mean(systematic != y)) if rate_kind == "matched" else 0.1
        labels = mislabeling.flip_random(y, rate, seed=TRAIN_FLIP_SEED)
    model = _clean_model() if kind == "clean" else fit_baseline(X, labels)
    if measure_on == "train":
        return error_rate(y, model.predict(X))
    held_X, held_y = domains.web_X[split.web_heldout], domains.web_y[split.web_heldout]
    return error_rate(held_y, model.predict(held_X))


def noise_errors() -> Any:
    """Reference: held-out web error after training on clean, random and systematic labels."""
    import pandas as pd

    return pd.Series({kind: _heldout_error(kind) for kind in ("clean", "random", "systematic")})


def _series(clean: float, random: float, systematic: float) -> Any:
    import pandas as pd

    return pd.Series({"clean": clean, "random": random, "systematic": systematic})


def _noise_explanation() -> str:
    errors = noise_errors()
    return (
        f"The same number of wrong training labels costs very different amounts. Spread at "
        f"random, they raise the held-out error from {errors['clean']:.1%} to "
        f"{errors['random']:.1%}: every class still has mostly right labels, and the model "
        f"follows the majority. All 7s labelled 1 take it to {errors['systematic']:.1%}: the "
        "labels now *agree* on a wrong rule, and the model learns that rule."
    )


register(
    Exercise(
        id="w2_02_noise_errors",
        title="held-out error after training on clean, randomly wrong and systematically "
              "wrong labels",
        kind="value",
        reference=noise_errors,
        compare=Series(),
        mistakes=(
            Mistake(
                "random and systematic swapped",
                lambda: _series(_heldout_error("clean"), _heldout_error("systematic"),
                                _heldout_error("random")),
                "your 'random' and 'systematic' numbers are swapped.",
            ),
            Mistake(
                "10% random noise",
                lambda: _series(_heldout_error("clean"), _heldout_error("random", "fixed"),
                                _heldout_error("systematic")),
                "for a fair comparison the random flip must make *as many* labels wrong as the "
                "systematic one: compute that share first, then pass it as the rate.",
            ),
            Mistake(
                "training error",
                lambda: _series(*(_heldout_error(k, measure_on="train")
                                  for k in ("clean", "random", "systematic"))),
                "measure each model on the held-out web images (`X_heldout`, `y_heldout`), not "
                "on the images it was trained on.",
            ),
        ),
        explanation=_noise_explanation,
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


def _random_share_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        dev = round(float(rng.uniform(0.005, 0.4)), 4)
        due = round(float(dev * rng.uniform(0.0, 1.0)), 5)
        cases.append(Case(f"random case #{k + 1}", (dev, due)))
    return cases


register(
    Exercise(
        id="w2_02_label_error_share",
        title="share of the dev errors caused by incorrect labels",
        kind="function",
        reference=mislabeling.label_error_share,
        compare=Number(),
        signature="label_error_share(dev_error, label_error)",
        visible=_share_cases,
        hidden=_random_share_cases,
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
    ),
)


# --- which dev set to relabel first ---------------------------------------------------------

CHOICES = ("web", "phone", "both", "neither")


def _answer(large: dict[str, bool]) -> str:
    if large["web"] and large["phone"]:
        return "both"
    if large["web"]:
        return "web"
    if large["phone"]:
        return "phone"
    return "neither"


def relabel_first() -> str:
    """Reference: the dev set(s) whose wrong labels explain a large share of the errors."""
    shares = {name: mislabeling.label_error_share(error, due)
              for name, (error, due) in _dev_label_numbers().items()}
    return _answer({name: share >= LARGE_SHARE for name, share in shares.items()})


def _more_wrong_labels() -> str:
    """The set with more label-caused mistakes in absolute terms (or 'both' on a tie)."""
    numbers = _dev_label_numbers()
    web, phone = numbers["web"][1], numbers["phone"][1]
    return "both" if np.isclose(web, phone) else ("web" if web > phone else "phone")


def _relabel_explanation() -> str:
    numbers = _dev_label_numbers()
    parts = []
    for name, (error, due) in numbers.items():
        share = mislabeling.label_error_share(error, due)
        parts.append(f"{name}: {due:.1%} of a {error:.1%} dev error, {share:.0%} of the errors")
    return (
        "Both dev sets have the same share of wrong labels, yet " + "; ".join(parts) + ". "
        "On the phone dev set the model's own mistakes dwarf the label problem: work on the "
        "model. On the web dev set the wrong labels are a large part of what you measure, so "
        "they blur every comparison between models: fix them first."
    )


register(
    Exercise(
        id="w2_02_relabel_first",
        title="which dev set needs its labels fixed first",
        kind="value",
        reference=relabel_first,
        compare=Label(choices=CHOICES),
        visible=lambda: [Case(
            "the answer",
            hint="compute, for each dev set, the share of its errors due to wrong labels and "
                 "compare it with 20%.",
        )],
        mistakes=(
            Mistake(
                "counted label errors, not their share", _more_wrong_labels,
                "both dev sets have about the same number of wrong labels; what differs is the "
                "share of each set's *errors* they explain.",
            ),
            Mistake(
                "the set with the larger error",
                lambda: max(_dev_label_numbers(), key=lambda k: _dev_label_numbers()[k][0]),
                "that dev set has the larger error, but its wrong labels explain only a small "
                "part of it: the model is the bigger problem there.",
            ),
        ),
        explanation=_relabel_explanation,
    ),
)
