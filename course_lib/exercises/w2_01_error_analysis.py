"""Exercises of week 2, notebook 01: carrying out error analysis."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from course_lib import error_analysis
from course_lib.exercises.compare import Number, Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
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
    small = _frame({"dog": [True, False, True, False, False, False],
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


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

#: The categories of the tally decision and what fixing each would take.
CATEGORIES = {
    "blurry": "pictures taken out of focus",
    "great_cats": "lions, tigers and other great cats",
    "dogs": "dogs that look like cats",
    "filters": "pictures with a photo-app filter",
}

#: The roles a category can play in a learner's tally, with (share of mistakes, weeks to
#: fix, share of all dev pictures) ranges.
_ROLES = {
    "big_slow": ((40, 55), (12, 20), (0.10, 0.20)),
    "mid_quick": ((22, 32), (3, 4), (0.06, 0.15)),
    "small_quickest": ((2, 5), (1, 1), (0.02, 0.06)),
    "common": ((6, 10), (2, 2), (0.35, 0.50)),
}


def _tally_priority(rng: Any) -> Situation:
    error = round(float(rng.uniform(0.08, 0.15)), 3)
    names = list(CATEGORIES)
    roles = [list(_ROLES)[int(i)] for i in rng.permutation(len(_ROLES))]
    table: dict[str, dict[str, float]] = {}
    for name, role in zip(names, roles, strict=True):
        (lo, hi), (w_lo, w_hi), (c_lo, c_hi) = _ROLES[role]
        table[name] = {"mistakes": int(rng.integers(lo, hi + 1)),
                       "weeks": int(rng.integers(w_lo, w_hi + 1)),
                       "dev_share": round(float(rng.uniform(c_lo, c_hi)), 2)}
    rows = "\n".join(
        f"| {name.replace('_', ' ')} ({CATEGORIES[name]}) | {v['mistakes']} | "
        f"{v['dev_share']:.0%} | {v['weeks']} |" for name, v in table.items())
    prompt = (
        f"A cat classifier has a dev error of **{error:.1%}**. The team looked at 100 of its "
        "dev mistakes and ticked every category that applied (a mistake can have several, or "
        "none). For each category they also know how common it is among *all* dev pictures, "
        "and estimated how many weeks a fix would take:\n\n"
        "| category | mistakes (of 100) | share of all dev pictures | weeks to fix |\n"
        "|---|---|---|---|\n" + rows + "\n\n"
        "They will work on one fix at a time and want the dev error to come down as fast as "
        "possible. Which fix first?"
    )
    options = {f"fix_{name}": f"Work first on the mistakes tagged '{name.replace('_', ' ')}'."
               for name in table}
    return Situation(prompt, options, {"dev_error": error, "categories": table})


def _which_examples(rng: Any) -> Situation:
    n_train = int(rng.integers(10, 51)) * 10_000
    train_error = round(float(rng.uniform(0.005, 0.02)), 3)
    n_dev = int(rng.integers(2, 11)) * 1_000
    dev_error = round(float(rng.uniform(0.06, 0.15)), 3)
    train_mistakes = round(n_train * train_error)
    dev_mistakes = round(n_dev * dev_error)
    prompt = (
        f"A team's model has a training error of **{train_error:.1%}** on "
        f"{n_train:,} training examples and a dev error of **{dev_error:.1%}** on {n_dev:,} "
        f"dev examples; the test set also has {n_dev:,} examples. The team has one afternoon "
        "for an error analysis, enough to look at about 100 examples one by one. Which "
        "examples should it look at?"
    )
    options = {
        "dev_mistakes": f"About 100 of the {dev_mistakes:,} dev examples the model gets wrong, "
                        "picked at random.",
        "train_mistakes": f"About 100 of the {train_mistakes:,} training examples it gets "
                          "wrong: there are more of them to choose from.",
        "test_mistakes": "About 100 of the test set's mistakes: the test set is what the final "
                         "system will be judged on.",
        "random_dev": "100 dev examples picked at random, right and wrong alike, to see what "
                      "typical data look like.",
    }
    data = {"n_train": n_train, "train_error": train_error, "n_dev": n_dev,
            "dev_error": dev_error, "train_mistakes": train_mistakes,
            "dev_mistakes": dev_mistakes}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w2_01_tally_priority",
    title="which fix first",
    build=_tally_priority,
    mistakes=(
        ("largest share, cost ignored",
         "that category holds the most mistakes, but its fix takes far longer than the others: "
         "compare how much of the error each fix can remove per week of work."),
        ("cheapest fix",
         "that fix is the quickest, but its ceiling is tiny: it can remove only the few "
         "mistakes it holds."),
        ("common in the dev set",
         "that category is common among all dev pictures, but error analysis counts the "
         "*mistakes*: how many of the 100 carry it?"),
    ),
    hints=(
        "Each fix can at best remove the mistakes of its own category (its ceiling), and each "
        "costs a different number of weeks. Weigh the two.",
        "For each category: best gain = dev error x share of the mistakes; divide by the weeks "
        "it takes. The share of all dev pictures plays no part.",
    ),
))

register_decision(DecisionSpec(
    id="w2_01_which_examples",
    title="which examples to inspect",
    build=_which_examples,
    mistakes=(
        ("more mistakes in training",
         "the training mistakes come from data the model has been fitted on, and the error "
         "the team wants to bring down is the dev error: look where that error is made."),
        ("test set is final",
         "the test set must stay untouched until the end to give an unbiased estimate; what "
         "you learn from its mistakes would steer your choices towards it."),
        ("random dev examples",
         "at this dev error, how many of 100 random dev examples would be mistakes? An error "
         "analysis needs the mistakes themselves."),
    ),
    hints=(
        "Error analysis looks at the mistakes behind the number the team is trying to lower, "
        "without spending any set that must stay untouched.",
        "Think about which set each option uses (training, dev, test) and how many of the "
        "examples it shows are mistakes.",
    ),
))
