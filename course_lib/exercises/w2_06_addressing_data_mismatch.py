"""Exercises of week 2, notebook 06: addressing data splits."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import error_analysis
from course_lib.data.domains import CORRUPTIONS
from course_lib.exercises.compare import Label, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import mismatch as mismatch_experiments

#: Seeds of the notebook's data/split/models and of the synthetic corruptions.
DATA_SEED = 0
SYNTH_SEED = 0

TRAINING_SETS: tuple[str, ...] = (
    "web only",
    "web + collected phone",
    "web + synthetic, one pattern",
    "web + synthetic, many patterns",
)


# --- error rate per tag ----------------------------------------------------------------

def _frame(columns: dict[str, list[bool]]) -> Any:
    import pandas as pd

    return pd.DataFrame(columns)


def _tag_cases() -> list[Case]:
    tags, wrong = mismatch_experiments.phone_dev_mistakes(DATA_SEED)
    return [
        Case("six pictures, two tags",
             (_frame({"blur": [True, True, False, False, False, True],
                      "noise": [False, True, True, False, False, False]}),
              np.array([True, False, True, False, True, True]))),
        Case("a tag the model never gets wrong",
             (_frame({"rotation": [True, True, False, False, False],
                      "occlusion": [False, False, True, True, False]}),
              np.array([False, False, True, False, True]))),
        Case("pictures with several tags each",
             (_frame({"a": [True, True, False, True, False], "b": [True, False, False, True, False],
                      "c": [True, True, True, False, False]}),
              np.array([True, False, False, True, False]))),
        Case("the phone dev pictures and the web model's mistakes", (tags, wrong)),
    ]


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


def _share_of_mistakes(tags: Any, wrong: Any) -> Any:
    wrong = np.asarray(wrong, dtype=bool)
    values = {str(c): float((tags[c].to_numpy(bool) & wrong).sum() / wrong.sum())
              for c in tags.columns}
    untagged = ~tags.to_numpy(bool).any(axis=1)
    values[error_analysis.NO_TAG] = float((untagged & wrong).sum() / wrong.sum())
    return _series(values)


def _none_is_overall(tags: Any, wrong: Any) -> Any:
    rates = error_analysis.error_rate_by_tag(tags, wrong)
    rates[error_analysis.NO_TAG] = float(np.mean(wrong))
    return rates


def _series(values: dict[str, float]) -> Any:
    import pandas as pd

    return pd.Series(values, dtype=float)


register(
    Exercise(
        id="w2_06_error_rate_by_tag",
        title="error rate of the pictures carrying each tag",
        kind="function",
        reference=error_analysis.error_rate_by_tag,
        compare=Series(),
        signature="error_rate_by_tag(tags, wrong)",
        visible=_tag_cases,
        hidden=_random_tag_cases,
        mistakes=(
            Mistake(
                "share of the mistakes", _share_of_mistakes,
                "that is the share of the *mistakes* that carry each tag (the error-analysis "
                "tally). Here we want, among the pictures with a tag, the share the model gets "
                "wrong.",
            ),
            Mistake(
                "overall error for 'none'", _none_is_overall,
                "the 'none' entry is the error rate of the pictures with *no* tag at all, not "
                "of every picture.",
            ),
            Mistake(
                "accuracy", lambda t, w: 1 - error_analysis.error_rate_by_tag(t, w),
                "those are the shares the model gets *right*; return error rates.",
            ),
        ),
    )
)


# --- the hardest corruption ----------------------------------------------------------------

def _tag_rates() -> Any:
    return error_analysis.error_rate_by_tag(*mismatch_experiments.phone_dev_mistakes(DATA_SEED))


def hardest_corruption() -> str:
    """Reference: the corruption whose phone dev pictures the web model gets wrong most often."""
    return str(_tag_rates().drop(error_analysis.NO_TAG).idxmax())


register(
    Exercise(
        id="w2_06_hardest_corruption",
        title="the corruption that hurts the web model most",
        kind="value",
        reference=hardest_corruption,
        compare=Label(choices=CORRUPTIONS),
        mistakes=(
            Mistake(
                "easiest", lambda: str(_tag_rates().drop(error_analysis.NO_TAG).idxmin()),
                "that corruption has the *lowest* error rate of the five.",
            ),
            Mistake(
                "most frequent", lambda: str(
                    mismatch_experiments.phone_dev_mistakes(DATA_SEED)[0].sum().idxmax()),
                "that is the most frequent corruption among the dev pictures, not the one the "
                "model gets wrong most often.",
            ),
        ),
    )
)


# --- collecting vs synthesising --------------------------------------------------------------

def dev_errors() -> Any:
    """Reference: phone dev error of each training set (course_lib's experiment)."""
    table = mismatch_experiments.synthesis_experiment(DATA_SEED, SYNTH_SEED)
    return table["dev_error"].rename(None)


def _synthetic_instead() -> Any:
    table = mismatch_experiments.synthesis_experiment(DATA_SEED, SYNTH_SEED)
    out = table["dev_error"].copy()
    for name in TRAINING_SETS[2:]:
        out[name] = table.loc[name, "synthetic_error"]
    return out.rename(None)


register(
    Exercise(
        id="w2_06_dev_errors",
        title="phone dev error of four training sets",
        kind="value",
        reference=dev_errors,
        compare=Series(),
        mistakes=(
            Mistake(
                "accuracy", lambda: 1 - dev_errors(),
                "those are accuracies; the table holds error rates on the phone dev pictures.",
            ),
            Mistake(
                "scored on the synthetic pictures", _synthetic_instead,
                "the synthetic models must be scored on the *real* phone dev pictures "
                "(`X[dev]`), not on their own synthetic training pictures.",
            ),
        ),
    )
)


def best_training_set() -> str:
    """Reference: the training set with the lowest phone dev error."""
    return str(dev_errors().idxmin())


register(
    Exercise(
        id="w2_06_best_training_set",
        title="the training set to keep",
        kind="value",
        reference=best_training_set,
        compare=Label(choices=TRAINING_SETS),
        mistakes=(
            Mistake(
                "one pattern", lambda: ("web + synthetic, one pattern"),
                "the one-pattern pictures look like phone pictures to us, but the model has "
                "learnt that one pattern: compare the dev errors.",
            ),
            Mistake(
                "collected", lambda: ("web + collected phone"),
                "real phone pictures are the safest data to add, but here there are only 200 "
                "of them: compare the dev errors.",
            ),
            Mistake(
                "web only", lambda: ("web only"),
                "that training set has the *highest* phone dev error.",
            ),
        ),
    )
)
