"""Answer key of week 2, notebook 02: cleaning up incorrectly labeled data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data import mislabeling
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_02_incorrectly_labeled_data import (
    LARGE_SHARE,
    TRAIN_FLIP_SEED,
    _clean_model,
    _data,
    _dev_label_numbers,
)


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


# --- share of the dev errors due to incorrect labels --------------------------------------

def _random_share_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        dev = round(float(rng.uniform(0.005, 0.4)), 4)
        due = round(float(dev * rng.uniform(0.0, 1.0)), 5)
        cases.append(Case(f"random case #{k + 1}", (dev, due)))
    return cases


# --- which dev set to relabel first ---------------------------------------------------------

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


KEYS = keys_by_id([
    Key("w2_02_noise_errors", answer=noise_errors,
        wrong_answers={
            "random and systematic swapped":
                lambda: _series(_heldout_error("clean"), _heldout_error("systematic"),
                                _heldout_error("random")),
            "10% random noise":
                lambda: _series(_heldout_error("clean"), _heldout_error("random", "fixed"),
                                _heldout_error("systematic")),
            "training error":
                lambda: _series(*(_heldout_error(k, measure_on="train")
                                  for k in ("clean", "random", "systematic"))),
        },
        explanation=_noise_explanation),
    Key("w2_02_label_error_share", hidden=_random_share_cases),
    Key("w2_02_relabel_first", answer=relabel_first,
        wrong_answers={
            "counted label errors, not their share": _more_wrong_labels,
            "the set with the larger error":
                lambda: max(_dev_label_numbers(), key=lambda k: _dev_label_numbers()[k][0]),
        },
        explanation=_relabel_explanation),
])
