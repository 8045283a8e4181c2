"""Answer key of week 2, notebook 02: cleaning up incorrectly labeled data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data import mislabeling
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_02_incorrectly_labeled_data import (
    TRAIN_FLIP_SEED,
    _clean_model,
    _data,
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


# --- decisions ----------------------------------------------------------------------------

#: Wrong labels explaining at least this share of the dev errors are worth fixing first.
LARGE_SHARE = 0.2


def _fix_first(d: Decision) -> str:
    return ("fix_dev_test" if d.data["label_mistakes"] / 100 >= LARGE_SHARE
            else "work_on_model")


def _other_call(d: Decision) -> str:
    return "work_on_model" if _fix_first(d) == "fix_dev_test" else "fix_dev_test"


def _worth_explanation(d: Decision) -> str:
    v = d.data
    error, share = v["dev_error"], v["label_mistakes"] / 100
    due, rest = error * share, error * (1 - share)
    other_pts = error * v["other_mistakes"] / 100
    numbers = (f"Wrong labels explain {v['label_mistakes']} of the 100 mistakes: "
               f"{100 * due:.2f} points of the {error:.1%} dev error, and the model's own "
               f"mistakes the other {100 * rest:.2f} points ({v['other_category']} alone "
               f"{100 * other_pts:.2f}).")
    if _fix_first(d) == "fix_dev_test":
        why = (f"A share of {share:.0%} is large: {100 * due:.2f} points of noise in a dev "
               "error the team uses to choose between models a few tenths of a point apart "
               "makes those choices unreliable. So fix the labels now, dev and test together: "
               f"**{d.letter('fix_dev_test')}**. Working on the model first "
               f"(**{d.letter('work_on_model')}**) would mean judging its progress with a "
               "ruler that is off by more than the differences it measures.")
    else:
        why = (f"A share of {share:.0%} is small: even perfect labels would move the dev "
               f"error by only {100 * due:.2f} points, while {v['other_category']} alone "
               f"could be worth up to {100 * other_pts:.2f}. So "
               f"**{d.letter('work_on_model')}**. Fixing the dev and test labels now "
               f"(**{d.letter('fix_dev_test')}**) is worth doing one day, but not before "
               "the model's own, much larger problems.")
    return (
        f"{numbers} {why} Fixing the dev set alone (**{d.letter('fix_dev_only')}**) would "
        "leave dev and test measuring different things; they must come from the same "
        "distribution, so they are fixed together with the same process. Relabelling the "
        f"training set (**{d.letter('fix_training')}**) is the most expensive option and "
        "the least useful one: random slips in a large training set cost little."
    )


def _training_call(d: Decision) -> str:
    return "fix_pattern" if d.data["systematic"] else "leave_training"


def _other_training_call(d: Decision) -> str:
    return "leave_training" if d.data["systematic"] else "fix_pattern"


def _training_explanation(d: Decision) -> str:
    v = d.data
    rate = v["wrong"] / v["checked"]
    if v["systematic"]:
        why = (f"{v['wrong']} of {v['checked']} photos ({rate:.0%}) have a wrong label, nearly "
               "all from one labeller's habit. A habit is a rule, and the model learns it, as "
               "the 7-written-as-1 experiment showed. So relabel what that habit touched: "
               f"**{d.letter('fix_pattern')}**. Leaving the labels "
               f"(**{d.letter('leave_training')}**) would keep teaching the wrong rule.")
    else:
        why = (f"{v['wrong']} of {v['checked']} photos ({rate:.0%}) have a wrong label, with no "
               "pattern: random slips, which a model trained on a large set largely shrugs "
               "off, as the random-slips curve showed. So "
               f"**{d.letter('leave_training')}**. There is no pattern to chase "
               f"(**{d.letter('fix_pattern')}**): the wrong labels are scattered.")
    return (
        f"{why} Relabelling everything (**{d.letter('relabel_all')}**) costs about "
        f"{v['relabel_hours']:,} hours to fix a few percent of labels, most of which do no "
        f"harm. Undoing the dev and test fixes (**{d.letter('undo_dev')}**) throws away the "
        "labels that decide which model you keep: dev and test must match each other, while "
        "a training set from a slightly different distribution is something learning "
        "algorithms tolerate well."
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
    decision_key("w2_02_fix_labels_worth", _fix_first,
                 wrong={"share misjudged": _other_call,
                        "dev only": lambda d: "fix_dev_only",
                        "training labels first": lambda d: "fix_training"},
                 explanation=_worth_explanation),
    decision_key("w2_02_training_labels", _training_call,
                 wrong={"slips and habits confused": _other_training_call,
                        "relabel everything": lambda d: "relabel_all",
                        "train must match dev": lambda d: "undo_dev"},
                 explanation=_training_explanation),
])
