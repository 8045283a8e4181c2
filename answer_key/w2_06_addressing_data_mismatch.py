"""Answer key of week 2, notebook 06: addressing data mismatch."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data.domains import CORRUPTIONS
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_06_addressing_data_mismatch import (
    _AUGMENTATION_TASKS,
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


# --- decisions ----------------------------------------------------------------------------

def _car_noise_plan(d: Decision) -> str:
    return "synthesise" if d.data["cars"] > 1 else "collect"


def _car_noise_explanation(d: Decision) -> str:
    speech, hours, cars, budget = (d.data[k] for k in
                                   ("speech_hours", "noise_hours", "cars", "budget_hours"))
    syn, col, more, clean = (d.letter(k) for k in
                             ("synthesise", "collect", "more_clean", "clean_dev"))
    if cars > 1:
        why = (f"{hours:,.0f} hours of noise from {cars} car models is a varied source: laid "
               f"under {speech:,} hours of speech, each noise hour is reused about "
               f"{speech / hours:.0f} times, across many cars, roads and speeds. Synthesis "
               f"(**{syn}**) turns all {speech:,} hours into in-car speech, far more than the "
               f"{budget} hours the budget can record (**{col}**), which is still worth adding "
               "later, and judging by the dev error.")
    else:
        why = (f"{hours:g} hour{'s' if hours > 1 else ''} of noise from one car would be "
               f"repeated about {speech / hours:,.0f} times under {speech:,} hours of speech. "
               "It sounds like car speech to people, but the model can learn that one clip by "
               f"heart and still fail on other cars: **{syn}** is the trap. Recording "
               f"{budget} hours of real in-car speech (**{col}**) adds the real variety.")
    return why + (f" **{more}** adds more of the clean data the model already has: the "
                  f"mismatch stays. **{clean}** makes the dev set stop looking like what "
                  "users say in their cars, which hides the problem instead of fixing it.")


def _flip_keeps_label(task: str) -> tuple[bool, str]:
    for name, keeps, why in _AUGMENTATION_TASKS:
        if name == task:
            return keeps, why
    raise KeyError(task)


def _augmentation_plan(d: Decision) -> str:
    return "with_flips" if _flip_keeps_label(d.data["task"])[0] else "keep_label"


def _augmentation_explanation(d: Decision) -> str:
    keeps, why = _flip_keeps_label(d.data["task"])
    keep, flips, none = (d.letter(k) for k in ("keep_label", "with_flips", "none"))
    n, gap = d.data["n"], d.data["gap"]
    text = (f"With {n:,} pictures and a {100 * gap:.1f}-point gap between dev and training "
            "error, the model has a variance problem, and augmented copies whose label is "
            f"still true are more training data for free, so **{none}** gives that up. ")
    if keeps:
        return text + (f"Here {why}, so mirror images are label-keeping too, and double the "
                       f"variety once more: **{flips}**. **{keep}** leaves out a change that is "
                       "safe for this task, and so gives up variety for nothing.")
    return text + (f"But {why}: flips would add pictures with wrong labels, as mirrored digits "
                   f"did in the notebook. **{keep}** is right; **{flips}** adds label noise.")


KEYS = keys_by_id([
    Key("w2_06_error_rate_by_tag", hidden=_random_tag_cases),
    Key("w2_06_dev_errors", answer=dev_errors,
        wrong_answers={"accuracy": lambda: 1 - dev_errors(),
                       "scored on the synthetic pictures": _synthetic_instead}),
    decision_key("w2_06_car_noise", _car_noise_plan,
                 wrong={"variety misjudged":
                        lambda d: "collect" if _car_noise_plan(d) == "synthesise" else "synthesise",
                        "more of the same": lambda d: "more_clean",
                        "moved the target": lambda d: "clean_dev"},
                 explanation=_car_noise_explanation),
    decision_key("w2_06_augmentation_choice", _augmentation_plan,
                 wrong={"label kept or not misjudged":
                        lambda d: ("keep_label" if _augmentation_plan(d) == "with_flips"
                                   else "with_flips"),
                        "no augmentation": lambda d: "none"},
                 explanation=_augmentation_explanation),
])
