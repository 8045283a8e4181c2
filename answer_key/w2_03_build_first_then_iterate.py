"""Answer key of week 2, notebook 03: build your first system quickly, then iterate."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from answer_key import keys_by_id
from course_lib import strategy
from course_lib.exercises.keys import Key
from course_lib.exercises.w2_03_build_first_then_iterate import SEED
from course_lib.threads import one_thread


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


# --- when the advice applies less -----------------------------------------------------------

def applies_less() -> set[str]:
    """Reference: the scenarios where a more elaborate first system is reasonable."""
    return {"B", "C"}


def _applies_less_explanation() -> str:
    return (
        "With years of experience on the same kind of product (C), or a large literature "
        "on nearly the same problem (B), you can start from a known, more elaborate design. "
        "For a new problem (A, D) nobody can guess well where the difficulties are: build "
        "something quickly and let the analysis tell you."
    )


KEYS = keys_by_id([
    Key("w2_03_first_errors", answer=first_errors,
        wrong_answers={
            "pixels not scaled": lambda: _series(_errors(scaled=False)),
            "training-dev and dev swapped":
                lambda: _series({**_errors(), "train_dev": _errors()["dev"],
                                 "dev": _errors()["train_dev"]}),
            "accuracy": lambda: _series({k: 1 - v for k, v in _errors().items()}),
        }),
    Key("w2_03_next_step", answer=next_step,
        wrong_answers={"variance from dev - train": _without_train_dev,
                       "avoidable bias": lambda: strategy.AVOIDABLE_BIAS},
        explanation=_next_explanation),
    Key("w2_03_applies_less", answer=applies_less,
        wrong_answers={"literature only": lambda: {"B"},
                       "experience only": lambda: {"C"},
                       "the new problems": lambda: {"A", "D"}},
        explanation=_applies_less_explanation),
])
