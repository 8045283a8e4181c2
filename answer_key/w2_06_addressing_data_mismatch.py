"""Answer key of week 2, notebook 06: addressing data mismatch."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import error_analysis
from course_lib.data.domains import CORRUPTIONS
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_06_addressing_data_mismatch import (
    DATA_SEED,
    SYNTH_SEED,
    TRAINING_SETS,
    _frame,
)
from course_lib.experiments import mismatch as mismatch_experiments
from course_lib.experiments.mismatch import _synthetic_fit, _web_model
from course_lib.validation import check_seed


def _random_tag_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 25:
        n = int(rng.integers(4, 150))
        k = int(rng.integers(1, 6))
        names = [str(name) for name in rng.choice(list(CORRUPTIONS) + ["dark", "glare"], k,
                                                    replace=False)]
        table = rng.random((n, k)) < rng.uniform(0.1, 0.6)
        if not table.any(axis=0).all() or table.any(axis=1).all():
            continue  # every tag used at least once, and some untagged pictures
        wrong = rng.random(n) < rng.uniform(0.05, 0.7)
        cases.append(Case(f"random tags #{len(cases) + 1} ({n} pictures, {k} tags)",
                          (_frame({c: table[:, j].tolist() for j, c in enumerate(names)}),
                           wrong)))
    return cases


# --- the hardest corruption ----------------------------------------------------------------

def _tag_rates() -> Any:
    return error_analysis.error_rate_by_tag(*mismatch_experiments.phone_dev_mistakes(DATA_SEED))


def hardest_corruption() -> str:
    """Reference: the corruption whose phone dev pictures the web model gets wrong most often."""
    return str(_tag_rates().drop(error_analysis.NO_TAG).idxmax())


def _easiest_corruption() -> str:
    return str(_tag_rates().drop(error_analysis.NO_TAG).idxmin())


def _most_frequent_corruption() -> str:
    return str(mismatch_experiments.phone_dev_mistakes(DATA_SEED)[0].sum().idxmax())


# --- collecting vs synthesising --------------------------------------------------------------

@lru_cache(maxsize=8)
def _synthesis_experiment(seed: int, synth_seed: int) -> Any:
    import pandas as pd

    pool = mismatch_experiments.pooled_digits(seed)
    rows = mismatch_experiments.ladder_rows(seed)
    train, dev = rows["train"], rows["dev"]
    X_dev, y_dev = pool.X[dev], pool.y[dev]
    nan = float("nan")
    table = {"web only": (mismatch_experiments.logistic_error(_web_model(seed), X_dev, y_dev),
                          nan)}
    model = mismatch_experiments.fit_logistic(pool.X[train], pool.y[train])
    table["web + collected phone"] = (mismatch_experiments.logistic_error(model, X_dev, y_dev),
                                      nan)
    table["web + synthetic, one pattern"] = _synthetic_fit(seed, 1, synth_seed)
    table["web + synthetic, many patterns"] = _synthetic_fit(seed, None, synth_seed)
    out = pd.DataFrame.from_dict(table, orient="index", columns=["dev_error", "synthetic_error"])
    out.index.name = "training set"
    return out


def synthesis_experiment(seed: int = 0, synth_seed: int = 0) -> Any:
    """Notebook 06: phone dev error after adding collected or synthesised training data.

    Four logistic regressions, scored on the 200 phone dev pictures of
    :func:`course_lib.experiments.mismatch.ladder_rows`:

    * ``"web only"`` -- the web pictures of the training set (rows in pool order);
    * ``"web + collected phone"`` -- the whole option-2 training set (web + 200 phone);
    * ``"web + synthetic, one pattern"`` -- the web pictures, then
      ``synthesize(web_images, n_patterns=1, seed=synth_seed)`` of them;
    * ``"web + synthetic, many patterns"`` -- the same with ``n_patterns=None``.

    Returns
    -------
    pandas.DataFrame
        Index: the four training sets; columns ``dev_error`` and ``synthetic_error``
        (error on the model's own synthetic training pictures; NaN without them).

    Examples
    --------
    >>> table = synthesis_experiment(0, 0)
    >>> bool(table.loc["web + synthetic, many patterns", "dev_error"]
    ...      < table.loc["web only", "dev_error"])
    True
    """
    return _synthesis_experiment(check_seed(seed), check_seed(synth_seed)).copy()


def dev_errors() -> Any:
    """Reference: phone dev error of each training set (the notebook's experiment)."""
    table = synthesis_experiment(DATA_SEED, SYNTH_SEED)
    return table["dev_error"].rename(None)


def _synthetic_instead() -> Any:
    table = synthesis_experiment(DATA_SEED, SYNTH_SEED)
    out = table["dev_error"].copy()
    for name in TRAINING_SETS[2:]:
        out[name] = table.loc[name, "synthetic_error"]
    return out.rename(None)


def best_training_set() -> str:
    """Reference: the training set with the lowest phone dev error."""
    return str(dev_errors().idxmin())


KEYS = keys_by_id([
    Key("w2_06_error_rate_by_tag", hidden=_random_tag_cases),
    Key("w2_06_hardest_corruption", answer=hardest_corruption,
        wrong_answers={"easiest": _easiest_corruption,
                       "most frequent": _most_frequent_corruption}),
    Key("w2_06_dev_errors", answer=dev_errors,
        wrong_answers={"accuracy": lambda: 1 - dev_errors(),
                       "scored on the synthetic pictures": _synthetic_instead}),
    Key("w2_06_best_training_set", answer=best_training_set,
        wrong_answers={"one pattern": lambda: "web + synthetic, one pattern",
                       "collected": lambda: "web + collected phone",
                       "web only": lambda: "web only"}),
])
