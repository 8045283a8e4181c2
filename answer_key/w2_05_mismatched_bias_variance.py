"""Answer key of week 2, notebook 05: bias and variance with mismatched data distributions."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import strategy
from course_lib.data.corruptions import PIXEL_MAX
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_05_mismatched_bias_variance import DATA_SEED, _series
from course_lib.experiments import mismatch as mismatch_experiments
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, VARIANCE
from course_lib.threads import one_thread
from course_lib.validation import check_seed


def _random_rates(rng: np.random.Generator) -> tuple[float, float, float, float]:
    human = rng.uniform(0, 0.1)
    train = human + rng.uniform(-0.02, 0.15)
    train_dev = train + rng.uniform(-0.02, 0.15)
    dev = train_dev + rng.uniform(-0.06, 0.2)
    rates = np.clip(np.round([human, train, train_dev, dev], 3), 0.0, 0.95)
    return tuple(float(r) for r in rates)  # type: ignore[return-value]


def _near_threshold(rates: tuple[float, float, float, float]) -> bool:
    h, t, td, d = rates
    gaps = [t - h, td - t, d - td]
    top = max(gaps)
    return any(abs(g) < 1e-6 or abs(g - 0.5 * top) < 1e-6 for g in gaps)


def _random_table_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 40:
        rates = _random_rates(rng)
        if _near_threshold(rates):
            continue
        cases.append(Case(f"random error rates #{len(cases) + 1}", rates))
    return cases


# --- the real model's ladder --------------------------------------------------------------

_LEVELS = ("human", "train", "train_dev", "dev", "test")


@lru_cache(maxsize=8)
def _error_ladder(seed: int) -> Any:
    import pandas as pd
    from sklearn.svm import SVC

    pool = mismatch_experiments.pooled_digits(seed)
    rows = mismatch_experiments.ladder_rows(seed)
    model = mismatch_experiments.fit_logistic(pool.X[rows["web_train"]], pool.y[rows["web_train"]])
    with one_thread():
        strong = SVC(C=10).fit(pool.X[rows["web_train"]] / PIXEL_MAX, pool.y[rows["web_train"]])
        human = float(np.mean(
            strong.predict(pool.X[rows["train_dev"]] / PIXEL_MAX) != pool.y[rows["train_dev"]]
        ))
    values = {"human": human}
    for level, part in (("train", "web_train"), ("train_dev", "train_dev"), ("dev", "dev"),
                        ("test", "test")):
        values[level] = mismatch_experiments.logistic_error(model, pool.X[rows[part]],
                                                            pool.y[rows[part]])
    return pd.Series(values, name="error")


def error_ladder(seed: int = 0) -> Any:
    """Notebook 05: human-proxy, training, training-dev, dev and test error of a web model.

    The logistic regression trains on the web rows of
    :func:`course_lib.experiments.mismatch.ladder_rows` (training minus the training-dev
    set).  There are no human labellers here, so ``human`` is a stand-in: the training-dev
    error of a stronger model (an RBF support vector machine, ``SVC(C=10)``) trained on the
    same pictures.

    Returns
    -------
    pandas.Series
        Index ``human``, ``train``, ``train_dev``, ``dev``, ``test``; error rates.

    Examples
    --------
    >>> ladder = error_ladder(0)
    >>> list(ladder.index)
    ['human', 'train', 'train_dev', 'dev', 'test']
    >>> bool(ladder["dev"] > 5 * ladder["train_dev"])
    True
    """
    return _error_ladder(check_seed(seed)).copy()


def real_ladder() -> Any:
    """Reference: the measured error ladder of the notebook's web-trained model."""
    return error_ladder(DATA_SEED)


def _ladder_trained_on_everything() -> Any:
    pool = mismatch_experiments.pooled_digits(DATA_SEED)
    rows = mismatch_experiments.ladder_rows(DATA_SEED)
    web = np.concatenate([rows["web_train"], rows["train_dev"]])
    model = mismatch_experiments.fit_logistic(pool.X[web], pool.y[web])
    values = {"human": float(real_ladder()["human"])}
    for level, part in (("train", rows["web_train"]), ("train_dev", rows["train_dev"]),
                        ("dev", rows["dev"]), ("test", rows["test"])):
        values[level] = mismatch_experiments.logistic_error(model, pool.X[part], pool.y[part])
    return _series(values)


def _ladder_accuracy() -> Any:
    ladder = real_ladder().copy()
    ladder[list(_LEVELS[1:])] = 1 - ladder[list(_LEVELS[1:])]
    return ladder


def _ladder_dev_test_swapped() -> Any:
    ladder = real_ladder().copy()
    ladder["dev"], ladder["test"] = ladder["test"], ladder["dev"]
    return ladder


def real_focus() -> set[str]:
    """Reference: the problems worth working on for the notebook's real model."""
    ladder = real_ladder()
    return set(strategy.diagnose(**{k: float(ladder[k]) for k in _LEVELS}).focus)


KEYS = keys_by_id([
    Key("w2_05_gaps", hidden=_random_table_cases),
    Key("w2_05_worth_working_on", hidden=_random_table_cases),
    Key("w2_05_ladder", answer=real_ladder,
        wrong_answers={"trained on the training-dev set too": _ladder_trained_on_everything,
                       "accuracy": _ladder_accuracy,
                       "dev and test swapped": _ladder_dev_test_swapped}),
    Key("w2_05_real_focus", answer=real_focus,
        wrong_answers={"variance": lambda: {VARIANCE},
                       "avoidable bias": lambda: {AVOIDABLE_BIAS},
                       "everything": lambda: {AVOIDABLE_BIAS, VARIANCE, DATA_MISMATCH}}),
])
