"""Answer key of week 1, notebook 04: train/dev/test distributions."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.data import regions
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_04_train_dev_test_distributions import LOAN_SEED, SEED
from course_lib.experiments.loan_targets import LOW_DEV, LOW_TEST, MIDDLE_DEV, zip_code_experiment


def _random_split_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random size #{k + 1}", (int(rng.integers(2, 5000)), int(rng.integers(0, 10**6))))
            for k in range(12)]


def _random_mix_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    names = np.array(regions.REGIONS)
    for k in range(15):
        n_groups = int(rng.integers(1, len(names) + 1))
        pa, pb = rng.dirichlet(np.ones(n_groups)), rng.dirichlet(np.ones(n_groups))
        a = rng.choice(names[:n_groups], size=int(rng.integers(1, 300)), p=pa)
        b = rng.choice(names[:n_groups], size=int(rng.integers(1, 300)), p=pb)
        args = (a.tolist(), b.tolist()) if k % 2 else (a, b)
        cases.append(Case(f"random sets #{k + 1}", args))
    return cases


def _errors() -> Any:
    return regions.region_experiment(SEED).errors


def _pick(column: str) -> int:
    return int(_errors()[column].idxmin())


def region_gap() -> float:
    """Reference: test error minus dev error of the k the region-split dev set picks."""
    errors = _errors()
    k = _pick("dev: regions 1-4")
    return float(errors.loc[k, "test: regions 5-8"] - errors.loc[k, "dev: regions 1-4"])


def cost_of_region_dev() -> float:
    """Reference: how much worse, on the test regions, the region-dev pick is than the best k."""
    errors = _errors()
    k = _pick("dev: regions 1-4")
    test = errors["test: regions 5-8"]
    return float(test.loc[k] - test.min())


def _shuffled_gap() -> float:
    errors = _errors()
    k = _pick("dev: shuffled")
    return float(errors.loc[k, "test: shuffled"] - errors.loc[k, "dev: shuffled"])


def _loan_gap(dev: str, chooser: str | None = None) -> float:
    errors = zip_code_experiment(LOAN_SEED).errors
    depth = errors[chooser or dev].idxmin()
    return float(errors.loc[depth, LOW_TEST] - errors.loc[depth, dev])


def loan_surprise() -> float:
    """Reference: test minus dev error at the depth the middle-income dev set picks."""
    return _loan_gap(MIDDLE_DEV)


# --- decisions ----------------------------------------------------------------------------

def _dev_set_right(d: Decision) -> str:
    return "target_pool" if d.data["case"] == "target" else "pool_everything"


def _dev_set_same_but_wrong(d: Decision) -> str:
    return "pool_everything" if d.data["case"] == "target" else "target_pool"


def _dev_set_explanation(d: Decision) -> str:
    data = d.data
    n_all = data["n_plentiful"] + data["n_scarce"]
    if data["case"] == "target":
        why = (
            f"The product will meet {data['scarce']} from now on, so the target — dev set and "
            f"test set alike — is made of them: shuffle the {data['n_scarce']:,} and cut both "
            f"sets from them (**{d.letter('target_pool')}**); the {data['n_plentiful']:,} "
            f"{data['plentiful']} can still go into the training set. "
            f"**{d.letter('pool_everything')}** gives dev and test the same distribution, but "
            f"one made mostly ({data['n_plentiful'] / n_all:.0%}) of {data['plentiful']}: the "
            "right procedure aimed at the wrong target."
        )
    else:
        why = (
            "The product will keep meeting both kinds of data, in about the proportions of the "
            "data the team has, so the pool of all of it is the target: shuffle it and cut dev "
            f"and test from it (**{d.letter('pool_everything')}**). Dev and test from the "
            f"{data['scarce']} only (**{d.letter('target_pool')}**) share a distribution, but "
            f"one that covers only {data['n_scarce'] / n_all:.0%} of what the product will see."
        )
    return (
        f"{why} **{d.letter('plentiful_dev')}** is the zip-code mistake: months of tuning on "
        "one kind of data, then a test on another, and the surprise comes at the very end. "
        f"**{d.letter('plentiful_test')}** tests on other data than the team aimed at: a precise "
        "answer to the wrong question."
    )


def _no_test_right(d: Decision) -> str:
    return "dev_only" if d.data["case"] == "internal" else "hold_test"


def _no_test_other(d: Decision) -> str:
    return "hold_test" if d.data["case"] == "internal" else "dev_only"


def _no_test_explanation(d: Decision) -> str:
    data = d.data
    if data["case"] == "internal":
        why = ("Nobody needs an unbiased estimate of the final error — only the best version, "
               "which the dev set picks. Without a test set the team keeps more data for "
               f"training and dev: **{d.letter('dev_only')}**. A test set "
               f"(**{d.letter('hold_test')}**) would answer a question nobody asks here.")
    else:
        why = ("The safety board needs an unbiased estimate of the final model's error, which "
               f"only data never used for a choice can give: **{d.letter('hold_test')}**. "
               f"Train and dev only (**{d.letter('dev_only')}**) leaves no such data.")
    return (
        f"{why} **{d.letter('dev_as_estimate')}** is the trap: the chosen model won a contest "
        f"of {data['n_ideas']} ideas on the same {data['n_dev']:,} dev examples, so its dev "
        "error is lower than what it will get on new data. (Teams that work this way often "
        "call the dev set their 'test set'; the name does not make its error unbiased.)"
    )


KEYS = keys_by_id([
    Key("w1_04_dev_test_split", hidden=_random_split_cases),
    Key("w1_04_mix_distance", hidden=_random_mix_cases),
    Key("w1_04_region_gap", answer=region_gap,
        wrong_answers={
            "percent": lambda: 100 * region_gap(),
            "sign": lambda: -region_gap(),
            "shuffled split": _shuffled_gap,
            "best k on test": lambda: float(
                _errors().loc[_pick("test: regions 5-8"), "test: regions 5-8"]
                - _errors().loc[_pick("test: regions 5-8"), "dev: regions 1-4"]),
        }),
    Key("w1_04_cost_of_region_dev", answer=cost_of_region_dev,
        wrong_answers={
            "percent": lambda: 100 * cost_of_region_dev(),
            "gap instead": region_gap,
            "shuffled split": lambda: float(
                _errors().loc[_pick("dev: shuffled"), "test: shuffled"]
                - _errors()["test: shuffled"].min()),
        }),
    decision_key("w1_04_which_dev_set", _dev_set_right,
                 wrong={"dev where data is plentiful": lambda d: "plentiful_dev",
                        "same distribution, wrong one": _dev_set_same_but_wrong,
                        "test where data is plentiful": lambda d: "plentiful_test"},
                 explanation=_dev_set_explanation),
    decision_key("w1_04_no_test_set", _no_test_right,
                 wrong={"the dev error as a promise": lambda d: "dev_as_estimate",
                        "the other case": _no_test_other},
                 explanation=_no_test_explanation),
    Key("w1_04_loan_surprise", answer=loan_surprise,
        wrong_answers={"percent": lambda: 100 * loan_surprise(),
                       "sign": lambda: -loan_surprise(),
                       "the second team": lambda: _loan_gap(LOW_DEV),
                       "best depth on test": lambda: _loan_gap(MIDDLE_DEV, LOW_TEST)}),
])
