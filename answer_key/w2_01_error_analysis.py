"""Answer key of week 2, notebook 01: carrying out error analysis."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import error_analysis
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_01_error_analysis import _dev_analysis, _frame


def _random_ceiling_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        error_rate = round(float(rng.uniform(0.001, 0.6)), 4)
        fraction = round(float(rng.uniform(0.0, 1.0)), 3)
        cases.append(Case(f"random case #{k + 1}", (error_rate, fraction)))
    return cases


def _random_fraction_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        n = int(rng.integers(3, 120))
        n_tags = int(rng.integers(1, 6))
        columns = {f"tag_{j}": (rng.random(n) < rng.uniform(0.05, 0.7)).tolist()
                   for j in range(n_tags)}
        mistakes = rng.random(n) < rng.uniform(0.1, 0.6)
        mistakes[int(rng.integers(n))] = True  # at least one mistake
        index = None if k % 2 == 0 else rng.permutation(n) + 1000
        cases.append(Case(f"random tally #{k + 1} ({n} examples, {n_tags} tags)",
                          (_frame(columns, index), mistakes)))
    return cases


def work_on_first() -> str:
    """Reference: the corruption tag that covers the largest share of the dev mistakes."""
    tags, mistakes, _ = _dev_analysis()
    return str(error_analysis.tally_errors(tags, mistakes).index[0])


def _most_common_tag() -> str:
    tags, _, _ = _dev_analysis()
    return str(tags.mean().idxmax())


def _smallest_share() -> str:
    tags, mistakes, _ = _dev_analysis()
    return str(error_analysis.tally_errors(tags, mistakes).index[-1])


def _first_explanation() -> str:
    tags, mistakes, error = _dev_analysis()
    summary = error_analysis.tally_errors(tags, mistakes)
    best, common = summary.index[0], _most_common_tag()
    share = summary.loc[best, "fraction_of_errors"]
    return (
        f"'{best}' is on {share:.0%} of the {int(mistakes.sum())} mistakes, the largest share, "
        f"so it has the lowest ceiling: fixing it completely would take the dev error from "
        f"{error:.1%} down to {summary.loc[best, 'ceiling']:.1%} at best. "
        f"'{common}' is the corruption the dev pictures have most often "
        f"({tags[common].mean():.0%} of them), but it is on only "
        f"{summary.loc[common, 'fraction_of_errors']:.0%} of the mistakes: what counts is how "
        "many mistakes a category explains, not how common it is."
    )


KEYS = keys_by_id([
    Key("w2_01_ceiling", hidden=_random_ceiling_cases),
    Key("w2_01_error_fractions", hidden=_random_fraction_cases),
    Key("w2_01_work_on_first", answer=work_on_first,
        wrong_answers={"most common corruption": _most_common_tag,
                       "smallest share": _smallest_share},
        explanation=_first_explanation),
])
