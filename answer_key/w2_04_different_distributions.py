"""Answer key of week 2, notebook 04: training and testing on different distributions."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import splits
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_04_different_distributions import _mask_case


def _random_expected_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        n_source = int(rng.integers(0, 300_000))
        n_target = int(rng.integers(1 if n_source == 0 else 0, 50_000))
        dev = int(rng.integers(0, n_source + n_target + 1))
        cases.append(Case(f"random pool #{k + 1}", (n_source, n_target, dev)))
    return cases


def _random_split_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n = int(rng.integers(5, 400))
        mask = rng.random(n) < rng.uniform(0.05, 0.9)
        n_target = int(mask.sum())
        if n_target < 2:
            mask[:2] = True
            n_target = int(mask.sum())
        dev = int(rng.integers(0, n_target // 2 + 1))
        test = int(rng.integers(0, n_target - dev + 1))
        cases.append(_mask_case(f"random pool #{k + 1}", mask, dev, test,
                                int(rng.integers(0, 10_000)), as_list=k % 3 == 0))
    return cases


def _random_shuffled_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        n_source = int(rng.integers(0, 500_000))
        n_target = int(rng.integers(1 if n_source == 0 else 0, 100_000))
        e_s, e_t = (float(v) for v in rng.uniform(0, 1, size=2).round(4))
        cases.append(Case(f"random model and pool #{k + 1}", (e_s, e_t, n_source, n_target)))
    return cases


# --- decisions ----------------------------------------------------------------------------

def _split_explanation(d: Decision) -> str:
    v = d.data
    expected = splits.expected_target_in_dev(v["n_source"], v["n_target"], v["dev_size"])
    return (
        f"**{d.letter('target_dev_test')}**: dev and test both come from the data the product "
        "will see, so the team aims at the right target and is judged on the same one, and "
        f"every other example still helps in training. Shuffling (**{d.letter('shuffle_all')}**) "
        f"would leave only about {expected:,.0f} product examples in a dev set of "
        f"{v['dev_size']:,}: the team would spend its time improving on the other source. "
        f"Dropping the {v['n_source']:,} other examples (**{d.letter('target_only')}**) "
        "keeps train and dev alike but throws away most of the data a large model learns "
        "from; a training set that differs from dev is the smaller price. A dev set from the "
        f"other source (**{d.letter('source_dev')}**) has the team tune for one distribution "
        "and be tested on another: dev and test must come from the same distribution."
    )


def _ship_explanation(d: Decision) -> str:
    v = d.data
    share = v["n_target"] / (v["n_target"] + v["n_source"])
    return (
        f"Only {share:.1%} of the pool is product data, so the shuffled dev error is almost "
        f"the other source's error: X's {v['a_source']:.1%} against Y's {v['b_source']:.1%} "
        f"decides it, while Y is {100 * (v['a_target'] - v['b_target']):.1f} points better "
        f"on the data users send ({v['b_target']:.1%} against {v['a_target']:.1%}). So "
        f"**{d.letter('ship_y')}**, and a dev set made of product data, so that the next "
        f"choice is made on the right target. Shipping X (**{d.letter('ship_x')}**) trusts a "
        f"dev set aimed at the wrong distribution. A bigger shuffled dev set "
        f"(**{d.letter('bigger_shuffled')}**) still holds {share:.1%} product data and would "
        "confirm the same wrong choice more precisely. The two are "
        f"{100 * (v['b_mix'] - v['a_mix']):.2f} points apart only on the mix "
        f"(**{d.letter('either')}**); on the product's data they are far apart."
    )


KEYS = keys_by_id([
    Key("w2_04_expected_target_in_dev", hidden=_random_expected_cases),
    Key("w2_04_mismatched_split", hidden=_random_split_cases),
    Key("w2_04_shuffled_dev_error", hidden=_random_shuffled_cases),
    decision_key("w2_04_split_plan", lambda d: "target_dev_test",
                 wrong={"one distribution everywhere": lambda d: "shuffle_all",
                        "training must match dev": lambda d: "target_only",
                        "dev and test from different distributions": lambda d: "source_dev"},
                 explanation=_split_explanation),
    decision_key("w2_04_ship_choice", lambda d: "ship_y",
                 wrong={"trusted the shuffled dev set": lambda d: "ship_x",
                        "bigger shuffled dev set": lambda d: "bigger_shuffled",
                        "within noise": lambda d: "either"},
                 explanation=_ship_explanation),
])
