"""Exercises of week 2, notebook 01: carrying out error analysis."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from course_lib import error_analysis
from course_lib.data.domains import CORRUPTIONS
from course_lib.exercises.compare import Label, Number, Series
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the domains, the split and everything else in the notebook.
SEED = 0


@lru_cache(maxsize=1)
def _dev_analysis() -> tuple[Any, np.ndarray, float]:
    """The notebook's model on the phone dev set: (dev tags, mistakes mask, dev error)."""
    from course_lib.experiments.baseline import fit_baseline, load_web_phone
    from course_lib.metrics import error_rate

    domains, split = load_web_phone(SEED)
    model = fit_baseline(domains.web_X[split.web_train], domains.web_y[split.web_train])
    y_dev = domains.phone_y[split.phone_dev]
    pred = model.predict(domains.phone_X[split.phone_dev])
    tags = domains.phone_tags.iloc[split.phone_dev]
    return tags, pred != y_dev, error_rate(y_dev, pred)


def dev_tags_and_mistakes() -> tuple[Any, np.ndarray]:
    """Copies of the notebook's dev-set corruption tags and mistakes mask."""
    tags, mistakes, _ = _dev_analysis()
    return tags.copy(), mistakes.copy()


# --- the ceiling of a category -------------------------------------------------------------

def _ceiling_cases() -> list[Case]:
    return [
        Case("10% dev error, 5% of the mistakes are dogs", (0.10, 0.05)),
        Case("10% dev error, half of the mistakes are dogs", (0.10, 0.50)),
        Case("this notebook's dev error and its largest category", (0.2767, 0.53)),
        Case("2% dev error, 30% of the mistakes in the category", (0.02, 0.30)),
        Case("a category with no mistakes in it", (0.10, 0.0),
             hint="if no mistake is in the category, fixing it changes nothing."),
        Case("a category that holds every mistake", (0.10, 1.0),
             hint="if every mistake is in the category, fixing it leaves no error at all."),
    ]


register(
    Exercise(
        id="w2_01_ceiling",
        title="the best error left after fixing one category completely",
        kind="function",
        reference=error_analysis.ceiling,
        compare=Number(),
        signature="ceiling(error_rate, fraction_of_errors)",
        visible=_ceiling_cases,
        mistakes=(
            Mistake(
                "the gain", lambda e, f: e * f,
                "that is how much the error would go *down*. The ceiling is the error that "
                "is *left* once the category is fixed.",
            ),
            Mistake(
                "fraction subtracted directly", lambda e, f: e - f,
                "the fraction is a share of the *mistakes*, not of all examples: turn it into "
                "a part of the error rate before you take it away.",
            ),
            Mistake(
                "error rate forgotten", lambda e, f: 1 - f,
                "your answer does not depend on the error rate; the ceiling is an error rate, "
                "so it must shrink when the error rate shrinks.",
            ),
            Mistake(
                "percent", lambda e, f: 100 * e * (1 - f),
                "return a fraction (0.095 for 9.5%), not a percentage.",
            ),
        ),
        hints=(
            "Fixing a category removes only the mistakes in it; all the others stay. What part of "
            "the current error rate is left once that category's share of the mistakes is gone?",
            "`fraction_of_errors` is measured among the *mistakes* only, so scale the error rate "
            "by the part of the mistakes that remains. Check with the lecture's dogs (10% error, "
            "5% dogs) and with the shares 0 and 1.",
        ),
    ),
)


# --- fractions of the mistakes per tag -----------------------------------------------------

def error_fractions(tags: Any, mistakes: Any) -> Any:
    """Reference: share of the mistakes that carry each tag (one entry per tag column)."""
    return error_analysis.tally_errors(tags, np.asarray(mistakes, dtype=bool))[
        "fraction_of_errors"
    ]


def _frame(columns: dict[str, list[bool]], index: Any = None) -> Any:
    import pandas as pd

    return pd.DataFrame(columns, index=index, dtype=bool)


def _fraction_cases() -> list[Case]:
    small = _frame({"dog": [True, False, True, False, False, True],
                    "blurry": [True, True, False, False, True, False]})
    small_mistakes = np.array([True, True, True, False, False, False])
    several = _frame(
        {"dog": [True, True, False, False, False, False, True, False],
         "great_cat": [False, True, True, False, False, False, False, True],
         "blurry": [True, True, True, False, True, True, False, False]},
        index=[101, 102, 103, 104, 105, 106, 107, 108],
    )
    several_mistakes = np.array([True, True, True, True, False, False, False, False])
    absent = _frame({"rotation": [False, False, True, True], "noise": [True, False, True, False]})
    absent_mistakes = np.array([True, True, False, False])
    tags, mistakes = dev_tags_and_mistakes()
    return [
        Case("six examples, three mistakes", (small, small_mistakes)),
        Case("mistakes with several tags and one with none", (several, several_mistakes),
             hint="a mistake with two tags counts once for each tag, and one with no tag "
                  "still counts among the mistakes."),
        Case("a tag that no mistake carries", (absent, absent_mistakes),
             hint="a tag that none of the mistakes carries gets 0.0; keep it in the result."),
        Case("the phone dev set of this notebook", (tags, mistakes)),
    ]


def _counts(tags: Any, mistakes: Any) -> Any:
    return tags[np.asarray(mistakes, dtype=bool)].sum()


register(
    Exercise(
        id="w2_01_error_fractions",
        title="the share of the mistakes that carry each tag",
        kind="function",
        reference=error_fractions,
        compare=Series(),
        signature="error_fractions(tags, mistakes)",
        visible=_fraction_cases,
        mistakes=(
            Mistake(
                "divided by all examples",
                lambda t, m: _counts(t, m) / len(t),
                "you divided by the number of *all* examples. The tally asks which share of "
                "the *mistakes* carry the tag: divide by the number of mistakes.",
            ),
            Mistake(
                "how common the tag is", lambda t, m: t.mean(),
                "that is how common each tag is among all examples, right or wrong. Count only "
                "the mistakes.",
            ),
            Mistake(
                "error rate inside the category",
                lambda t, m: _counts(t, m) / t.sum(),
                "that is the error rate *inside* each category (mistakes with the tag / "
                "examples with the tag). The tally needs mistakes with the tag / all mistakes.",
            ),
            Mistake(
                "shares forced to add up to 1",
                lambda t, m: _counts(t, m) / _counts(t, m).sum(),
                "you divided by the total number of ticks, so the shares add up to 1. A "
                "mistake can carry several tags (or none): divide by the number of mistakes.",
            ),
            Mistake(
                "counts", _counts,
                "those are counts; turn them into shares of the mistakes.",
            ),
        ),
        hints=(
            "Only the rows where the model was wrong matter: for each tag column, what share of "
            "*those* rows carry the tag? The denominator is the number of mistakes, whatever the "
            "tags.",
            "Use the boolean mask (`np.asarray(mistakes, dtype=bool)`) to keep only the mistake "
            "rows of `tags`; summing a boolean DataFrame column by column counts the ticks of "
            "each tag. Divide by how many mistake rows there are, not by the total of ticks: one "
            "mistake may carry two tags, or none.",
        ),
    ),
)


# --- the category to work on first ---------------------------------------------------------

register(
    Exercise(
        id="w2_01_work_on_first",
        title="the corruption to work on first",
        kind="value",
        reference=None,
        compare=Label(choices=CORRUPTIONS),
        visible=lambda: [Case(
            "the answer",
            hint="work first on the category whose complete fix would lower the dev error "
                 "the most: the one with the lowest ceiling.",
        )],
        mistakes=(
            Mistake(
                "most common corruption", None,
                "that corruption is the most common one on the dev pictures, but is it on the "
                "most *mistakes*? Compare the shares of the mistakes.",
            ),
            Mistake(
                "smallest share", None,
                "that category holds the *smallest* share of the mistakes, so it has the "
                "highest ceiling: fixing it gains the least.",
            ),
        ),
        hints=(
            "Error analysis ranks ideas by how much of the *error* they could remove at best, "
            "that is, by their share of the mistakes, not by how common a corruption is in the "
            "dev pictures.",
            "In `table`, the corruption to start with is the one whose complete fix leaves the "
            "lowest error: read the `ceiling` column and take the index label of its smallest "
            "value with `idxmin` instead of typing a name.",
        ),
    ),
)
