"""Answer key of week 1, notebook 05: size of the dev and test sets."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import sizing
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_05_size_of_dev_test_sets import (
    ERROR_A,
    ERROR_B,
    SEED,
    SIZES,
    TRIALS,
    fraction_ranked_right,
)


def _random_se_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random rate and size #{k + 1}",
                 (float(rng.uniform(0, 1)), int(10 ** rng.uniform(0, 7))))
            for k in range(20)]


def _random_size_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(20):
        p = float(rng.uniform(0.01, 0.4))
        m = float(rng.uniform(0.001, 0.05)) if k % 4 else float(rng.uniform(0.1, 0.3))
        kwargs: dict[str, Any] = {}
        if k % 3 == 0:
            kwargs["confidence"] = float(rng.choice([0.9, 0.95, 0.99]))
        if k % 5 in (1, 3):
            kwargs["power"] = [None, 0.5, 0.8, 0.9, 0.95][int(rng.integers(5))]
        cases.append(Case(f"random rates #{k + 1}", (p, m), kwargs))
    return cases


def _random_ranked_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        n = int(rng.integers(20, 2000))
        trials = int(rng.integers(1, 500))
        a = rng.binomial(n, 0.1, size=trials) / n
        b = rng.binomial(n, 0.11, size=trials) / n
        cases.append(Case(f"random trials #{k + 1}", (a.tolist(), b) if k % 2 else (a, b)))
    return cases


def ranking_table() -> Any:
    """The notebook's simulation: share of dev sets ranking A (10.0%) before B (10.1%), by size."""
    import pandas as pd

    rows = {}
    for k, n in enumerate(SIZES):
        a = sizing.simulate_error_estimates(ERROR_A, n, TRIALS, seed=SEED + 2 * k)
        b = sizing.simulate_error_estimates(ERROR_B, n, TRIALS, seed=SEED + 2 * k + 1)
        rows[n] = fraction_ranked_right(a, b)
    return pd.Series(rows, name="ranked right")


def smallest_reliable_size() -> int:
    """Reference: the smallest simulated size that ranks the models right in >= 90% of trials."""
    table = ranking_table()
    return int(table[table >= 0.9].index.min())


def _last_below_the_bar() -> int:
    table = ranking_table()
    return int(table[table < 0.9].index.max())


# --- decisions ----------------------------------------------------------------------------

#: A planned dev set more than this many times the size needed wastes training examples.
WASTE_FACTOR = 4


def _verdict(n_dev: float, needed: int) -> str:
    if n_dev < needed:
        return "grow_dev"
    return "shrink_dev" if n_dev > WASTE_FACTOR * needed else "keep_plan"


def _plan_numbers(d: Decision) -> tuple[int, int, int]:
    """(dev examples of the plan, size needed with 80 % power, size without power)."""
    n_dev = int(round(d.data["total"] * d.data["dev_share"]))
    needed = sizing.dev_set_size(d.data["error_rate"], d.data["margin"])
    just_significant = sizing.dev_set_size(d.data["error_rate"], d.data["margin"], power=None)
    return n_dev, needed, just_significant


def _split_right(d: Decision) -> str:
    n_dev, needed, _ = _plan_numbers(d)
    return _verdict(n_dev, needed)


def _split_without_power(d: Decision) -> str:
    n_dev, _, just_significant = _plan_numbers(d)
    return _verdict(n_dev, just_significant)


def _split_on_total(d: Decision) -> str:
    _, needed, _ = _plan_numbers(d)
    return _verdict(d.data["total"], needed)


def _split_misjudged(d: Decision) -> str:
    return "grow_dev" if _split_right(d) != "grow_dev" else "shrink_dev"


def _split_explanation(d: Decision) -> str:
    n_dev, needed, just_significant = _plan_numbers(d)
    p, m = d.data["error_rate"], d.data["margin"]
    right = _split_right(d)
    head = (f"The plan gives 15% of {d.data['total']:,} = **{n_dev:,}** dev examples. Telling "
            f"{p:.0%} from {p + m:.1%} with 95% confidence and 80% power takes "
            f"`dev_set_size({p}, {m})` = **{needed:,}** examples "
            f"({just_significant:,} without the power term). ")
    if right == "grow_dev":
        why = (f"The plan's dev set is short of that, so **{d.letter('grow_dev')}**: give it "
               f"at least {needed:,} examples. **{d.letter('keep_plan')}** trusts a "
               "share of the data instead of the job the dev set must do"
               + (f"; it looks fine only if you forget the power term ({n_dev:,} is more than "
                  f"{just_significant:,}), and then a real {100 * m:.1f}-point difference is "
                  "missed about half of the time" if n_dev >= just_significant else "")
               + f". **{d.letter('shrink_dev')}** makes a set that is already too small even "
               "smaller.")
    elif right == "keep_plan":
        why = (f"The plan's dev set is about {n_dev / needed:.1f} times that: big enough, and "
               f"not so big that moving examples to training would change much, so "
               f"**{d.letter('keep_plan')}**. **{d.letter('grow_dev')}** adds examples the "
               f"comparison does not need; **{d.letter('shrink_dev')}** (1% would be "
               f"{d.data['total'] // 100:,} examples) would leave too few to see the margin.")
    else:
        why = (f"The plan's dev set is about {n_dev / needed:.0f} times that, and the test set "
               "as big: hundreds of thousands of examples the training set could use. So "
               f"**{d.letter('shrink_dev')}**: dev and test sets of about {needed:,} "
               "examples each would do, and the rest can go to training. "
               f"**{d.letter('keep_plan')}** follows a rule of thumb made for small data sets; "
               f"**{d.letter('grow_dev')}** takes even more examples from training.")
    return head + why


#: The situations in which someone relies on an unbiased estimate of the final error.
NEEDS_AN_UNBIASED_NUMBER = frozenset({"hospital", "contract", "regulator"})


def _needs_number(d: Decision) -> bool:
    return d.data["situation"] in NEEDS_AN_UNBIASED_NUMBER


def _no_test_right(d: Decision) -> str:
    return "keep_test" if _needs_number(d) else "drop_test"


def _no_test_explanation(d: Decision) -> str:
    ideas, dev, best = d.data["ideas"], d.data["dev_size"], d.data["best_dev_error"]
    noise = 1.96 * sizing.standard_error(best, dev)
    optimism = (f"The {best:.1%} dev error is the lowest of {ideas} noisy measurements on "
                f"{dev:,} examples (each one moves by up to about ±{noise:.1%} by chance), "
                "so it is optimistic: the chosen model will probably do worse on new "
                "data. ")
    if _needs_number(d):
        verdict = (f"Someone will rely on the error figure, so **{d.letter('keep_test')}**: "
                   "an untouched test set, used once, gives an unbiased estimate. "
                   f"**{d.letter('drop_test')}** leaves no honest number to give. ")
    else:
        verdict = ("Nobody needs an unbiased estimate of the final error here, only the choice "
                   f"of model, so **{d.letter('drop_test')}** is acceptable: the course's "
                   "'train and dev only' option, with a bigger dev set for the comparisons. "
                   f"**{d.letter('keep_test')}** spends {dev:,} examples on a number nobody "
                   "will use, while the comparisons of ideas need them. ")
    return (optimism + verdict
            + f"**{d.letter('report_dev')}** promises that optimistic number as if it were "
              f"unbiased. **{d.letter('tune_on_test')}** turns the test set into a second dev "
              "set, which then becomes optimistic as well.")



KEYS = keys_by_id([
    Key("w1_05_standard_error", hidden=_random_se_cases),
    Key("w1_05_min_dev_size", hidden=_random_size_cases),
    Key("w1_05_fraction_ranked_right", hidden=_random_ranked_cases),
    Key("w1_05_smallest_reliable_size", answer=smallest_reliable_size,
        wrong_answers={"largest": lambda: int(ranking_table().index.max()),
                       "percent threshold": lambda: float("nan"),
                       "first below the bar": _last_below_the_bar}),
    decision_key("w1_05_split_plan", _split_right,
                 wrong={"trusted the percentages": lambda d: "keep_plan",
                        "power ignored": _split_without_power,
                        "compared the whole data set": _split_on_total,
                        "misjudged the size": _split_misjudged},
                 explanation=_split_explanation),
    decision_key("w1_05_no_test_set", _no_test_right,
                 wrong={"misread who needs the number":
                            lambda d: "drop_test" if _needs_number(d) else "keep_test",
                        "dev error is unbiased": lambda d: "report_dev",
                        "test set for choosing": lambda d: "tune_on_test"},
                 explanation=_no_test_explanation),
])
