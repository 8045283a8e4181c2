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
        hints=(
            "This is the complement of the error-analysis tally: for each tag, look only at the "
            "pictures that carry it and ask what share of *them* the model got wrong.",
            "For each column, use the column as a boolean mask on `wrong` and average what it "
            "selects. The `\"none\"` entry needs the rows where *no* column is set "
            "(`DataFrame.any(axis=1)` and `~` help). Collect the rates in a `pd.Series`.",
        ),
    )
)


# --- the hardest corruption ----------------------------------------------------------------

register(
    Exercise(
        id="w2_06_hardest_corruption",
        title="the corruption that hurts the web model most",
        kind="value",
        reference=None,
        compare=Label(choices=CORRUPTIONS),
        mistakes=(
            Mistake(
                "easiest", None,
                "that corruption has the *lowest* error rate of the five.",
            ),
            Mistake(
                "most frequent", None,
                "that is the most frequent corruption among the dev pictures, not the one the "
                "model gets wrong most often.",
            ),
        ),
        hints=(
            "'Hurts most' means the highest *error rate* among the pictures carrying that "
            "corruption, not how often the corruption occurs and not its share of the mistakes.",
            "Work from `rates`, the output of your `error_rate_by_tag`: remove the `\"none\"` "
            "entry first (`Series.drop`), then take the label of the largest value with `idxmax`.",
        ),
    )
)


# --- collecting vs synthesising --------------------------------------------------------------

register(
    Exercise(
        id="w2_06_dev_errors",
        title="phone dev error of four training sets",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "accuracy", None,
                "those are accuracies; the table holds error rates on the phone dev pictures.",
            ),
            Mistake(
                "scored on the synthetic pictures", None,
                "the synthetic models must be scored on the *real* phone dev pictures "
                "(`X[dev]`), not on their own synthetic training pictures.",
            ),
        ),
        hints=(
            "Four models that differ only in their training data, all scored on the same real "
            "phone dev pictures: the dev set never changes between them.",
            "Write the helper once (fit on `X_train / 16`, predict on `X[dev] / 16`, return the "
            "error rate) and call it four times. For the synthetic sets, stack the images with "
            "`np.vstack` and repeat the web labels with `np.concatenate`, so images and labels "
            "have the same length; keep the four index names in order.",
        ),
    )
)


register(
    Exercise(
        id="w2_06_best_training_set",
        title="the training set to keep",
        kind="value",
        reference=None,
        compare=Label(choices=TRAINING_SETS),
        mistakes=(
            Mistake(
                "one pattern", None,
                "the one-pattern pictures look like phone pictures to us, but the model has "
                "learnt that one pattern: compare the dev errors.",
            ),
            Mistake(
                "collected", None,
                "real phone pictures are the safest data to add, but here there are only 200 "
                "of them: compare the dev errors.",
            ),
            Mistake(
                "web only", None,
                "that training set has the *highest* phone dev error.",
            ),
        ),
        hints=(
            "Judge synthetic data only by the error on *real* target data: keep the training set "
            "whose model does best on the phone dev pictures, however its pictures look to you.",
            "Take the index label of the smallest value of `dev_errors` with `idxmin` rather than "
            "typing the long name. A low error on the synthetic pictures themselves proves "
            "nothing.",
        ),
    )
)
