"""Answer key of week 2, notebook 05: bias and variance with mismatched data distributions."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data.corruptions import PIXEL_MAX
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_05_mismatched_bias_variance import DATA_SEED, _series
from course_lib.experiments import mismatch as mismatch_experiments
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, DEV_OVERFITTING, VARIANCE
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


def _worth_cases(rng: np.random.Generator) -> list[Case]:
    """Random tables plus the edges of the rule (a largest gap of 0, gaps of exactly half)."""
    edges = [
        Case("every gap 0 or below: human 2%, train 2%, train-dev 1.5%, dev 1.5%",
             (0.02, 0.02, 0.015, 0.015)),
        Case("two gaps of exactly half the largest: human 0%, train 2%, train-dev 4%, dev 8%",
             (0.0, 0.02, 0.04, 0.08)),
        Case("one gap of exactly half the largest: human 5%, train 10%, train-dev 20%, "
             "dev 26%", (0.05, 0.1, 0.2, 0.26)),
    ]
    return edges + _random_table_cases(rng)


# --- decisions ----------------------------------------------------------------------------

def _steps(d: Decision) -> dict[str, float]:
    v = d.data
    return {AVOIDABLE_BIAS: v["train"] - v["human"], VARIANCE: v["train_dev"] - v["train"],
            DATA_MISMATCH: v["dev"] - v["train_dev"], DEV_OVERFITTING: v["test"] - v["dev"]}


_REMEDY = {AVOIDABLE_BIAS: "bigger_model", VARIANCE: "regularise",
           DATA_MISMATCH: "mismatch_work", DEV_OVERFITTING: "bigger_dev"}


def _largest_remedy(d: Decision) -> str:
    steps = _steps(d)
    return _REMEDY[max(steps, key=lambda p: steps[p])]


def _one_step_for_two(d: Decision) -> str:
    return "mismatch_work" if _largest_remedy(d) == "regularise" else "regularise"


def _points(x: float) -> str:
    return f"{100 * x:.1f} points"


def _team_plan_explanation(d: Decision) -> str:
    s = _steps(d)
    right = _largest_remedy(d)
    gaps = (f"Avoidable bias {_points(s[AVOIDABLE_BIAS])}, variance {_points(s[VARIANCE])}, "
            f"data mismatch {_points(s[DATA_MISMATCH])}, dev-set overfitting "
            f"{_points(s[DEV_OVERFITTING])}.")
    if right == "regularise":
        why = (f"The big step is from training to training-dev, two sets of the *same* "
               "distribution: the model does not generalise to examples it has not seen. The "
               f"lead is right, **{d.letter('regularise')}**. Working on mismatch "
               f"(**{d.letter('mismatch_work')}**) attacks a step of only "
               f"{_points(s[DATA_MISMATCH])}.")
    else:
        why = ("The model does about as well on unseen training-distribution examples "
               "(training-dev) as on its training set; the big step is from training-dev to "
               "dev, where only the distribution changes: data mismatch, "
               f"**{d.letter('mismatch_work')}**. The lead read the whole training-to-dev gap "
               f"as variance; regularising or adding more of the same data "
               f"(**{d.letter('regularise')}**) attacks a step of only {_points(s[VARIANCE])}.")
    return (
        f"{gaps} {why} A bigger model (**{d.letter('bigger_model')}**) would work on the "
        f"{_points(s[AVOIDABLE_BIAS])} between training error and human level: the training "
        "error only looks poor against 0 %. The test error sits just "
        f"{_points(s[DEV_OVERFITTING])} above dev, so there is no sign of dev-set overfitting "
        f"that a bigger dev set (**{d.letter('bigger_dev')}**) would fix."
    )


def _overfit_explanation(d: Decision) -> str:
    s, v = _steps(d), d.data
    return (
        f"Test {_pct(v['test'])} against dev {_pct(v['dev'])}: "
        f"{_points(s[DEV_OVERFITTING])} of dev-set overfitting, the largest step by far "
        f"(data mismatch is {_points(s[DATA_MISMATCH])}, variance {_points(s[VARIANCE])}, "
        f"avoidable bias {_points(s[AVOIDABLE_BIAS])}). Choosing {v['ideas']} ideas by their "
        f"error on only {v['dev_size']} examples has fitted the dev set: some ideas were kept "
        "because they happened to suit those particular examples. So "
        f"**{d.letter('bigger_dev')}**: a fresh, bigger dev set is harder to fit by choosing. "
        f"Data mismatch (**{d.letter('mismatch_work')}**) is real but smaller, and the "
        "team cannot even measure progress on it with the old dev set. Reporting "
        f"{_pct(v['dev'])} (**{d.letter('report_dev')}**) promises an error the untouched "
        "test set has just shown to be too optimistic. Tuning on the test set "
        f"(**{d.letter('tune_on_test')}**) would overfit it the same way and leave no "
        "unbiased estimate at all."
    )


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


KEYS = keys_by_id([
    Key("w2_05_gaps", hidden=_random_table_cases),
    Key("w2_05_worth_working_on", hidden=_worth_cases),
    Key("w2_05_ladder", answer=real_ladder,
        wrong_answers={"trained on the training-dev set too": _ladder_trained_on_everything,
                       "accuracy": _ladder_accuracy,
                       "dev and test swapped": _ladder_dev_test_swapped}),
    decision_key("w2_05_team_plan", _largest_remedy,
                 wrong={"one step for two": _one_step_for_two,
                        "human level ignored": lambda d: "bigger_model",
                        "test gap over-read": lambda d: "bigger_dev"},
                 explanation=_team_plan_explanation),
    decision_key("w2_05_dev_overfit", lambda d: "bigger_dev",
                 wrong={"test rung ignored": lambda d: "mismatch_work",
                        "trusted the dev error": lambda d: "report_dev",
                        "tuned on the test set": lambda d: "tune_on_test"},
                 explanation=_overfit_explanation),
])
