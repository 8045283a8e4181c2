"""Exercises of week 2, notebook 04: training and testing on different distributions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import splits
from course_lib.exercises.compare import Number, describe_type, short_repr
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import mismatch as mismatch_experiments

#: Seed of the notebook's data, split and models.
DATA_SEED = 0
#: The course's mobile-app example, at full scale.
FULL_WEB, FULL_APP = 200_000, 10_000


# --- expected number of target examples in a shuffled dev set ---------------------------

def _expected_cases() -> list[Case]:
    return [
        Case("a small pool: 30 source + 20 target, dev set of 7", (30, 20, 7)),
        Case("200,000 web + 10,000 app pictures, dev set of 2,500", (200_000, 10_000, 2_500)),
        Case("this notebook's pool: 1,197 web + 600 phone, dev set of 150", (1_197, 600, 150)),
        Case("500,000 h general speech + 20,000 h car speech, dev set of 5,000 h",
             (500_000, 20_000, 5_000)),
        Case("a small pool: 30 source + 10 target, dev set of 8", (30, 10, 8)),
        Case("no target data at all", (1_000, 0, 100),
             hint="with no target example in the pool, none can land in the dev set."),
        Case("only target data", (0, 400, 50),
             hint="when the pool holds only target examples, the whole dev set is target data."),
        Case("the dev set takes the whole pool", (70, 30, 100)),
    ]


def _share_of_source(n_source: int, n_target: int, dev_size: int) -> float:
    return dev_size * n_source / (n_source + n_target)


register(
    Exercise(
        id="w2_04_expected_target_in_dev",
        title="expected number of target examples in a shuffled dev set",
        kind="function",
        reference=splits.expected_target_in_dev,
        compare=Number(rel=1e-9),
        signature="expected_target_in_dev(n_source, n_target, dev_size)",
        visible=_expected_cases,
        mistakes=(
            Mistake(
                "divided by the source size",
                lambda s, t, d: d * t / s,  # raises (and is skipped) when s == 0
                "after shuffling, every dev slot is drawn from the *whole* pool: divide by "
                "n_source + n_target, not by n_source.",
            ),
            Mistake(
                "source count", _share_of_source,
                "that is the number of *source* (web) examples in the dev set; the question "
                "asks for the target ones.",
            ),
            Mistake(
                "fraction instead of count", lambda s, t, d: t / (s + t),
                "that is the *share* of target examples in the pool; multiply it by the dev "
                "set size to get a number of examples.",
            ),
            Mistake(
                "rounded down", lambda s, t, d: d * t // (s + t),
                "an expected value need not be a whole number: do not round it (use /, not //).",
            ),
            Mistake(
                "rounded", lambda s, t, d: round(d * t / (s + t)),
                "an expected value need not be a whole number: do not round it.",
            ),
        ),
        hints=(
            "After shuffling, each dev slot is equally likely to hold any pooled example, so on "
            "average the dev set holds target examples in the same proportion as the whole pool.",
            "Work out the target share of the *whole* pool (source plus target), then scale it to "
            "the dev set's size. Use true division `/` and no rounding: an average need not be "
            "whole. Checks: no target data gives 0.0, an all-target pool gives `dev_size`.",
        ),
    )
)


# --- option 2, as a function -------------------------------------------------------------

@dataclass(frozen=True)
class SplitMatches:
    """Accept ``(train, dev, test)``: three lists/arrays of row numbers equal, as sets, to
    the expected ones; explain structural problems first (sizes, overlaps, missing rows)."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (tuple, list) or len(answer) != 3:
            return (
                "expected a tuple (train, dev, test) of three arrays of row numbers, got "
                f"{describe_type(answer)}: {short_repr(answer)}"
            )
        names = ("train", "dev", "test")
        parts = []
        for name, part in zip(names, answer, strict=True):
            if type(part) not in (np.ndarray, list, tuple):
                return (f"the {name} part must be a NumPy array (or list) of row numbers, got "
                        f"{describe_type(part)}")
            arr = np.asarray(part)
            if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
                return f"the {name} part must be a one-dimensional array of integer row numbers"
            parts.append(arr.astype(np.int64))
        want = [np.asarray(p, dtype=np.int64) for p in expected]
        n = sum(len(p) for p in want)
        for name, got, exp in zip(names, parts, want, strict=True):
            if len(np.unique(got)) != len(got):
                return f"the {name} set lists the same row more than once"
            if len(got) != len(exp):
                return f"the {name} set has {len(got)} rows, expected {len(exp)}"
        every = np.concatenate(parts)
        if len(np.unique(every)) != len(every):
            return "some rows are in two sets at once: train, dev and test must not overlap"
        if set(every.tolist()) != set(np.concatenate(want).tolist()):
            return (f"together the three sets must hold every pooled row once (rows 0 to "
                    f"{n - 1}), with nothing left out")
        for index in (1, 2, 0):  # dev and test first: they decide the training set
            name, got, exp = names[index], parts[index], want[index]
            if set(got.tolist()) != set(exp.tolist()):
                return (
                    f"the {name} set holds other rows than expected; shuffle the target row "
                    "numbers with np.random.default_rng(seed).permutation(...), then take "
                    "dev first and test next"
                )
        return None


def _mask_case(label: str, mask: np.ndarray, dev: int, test: int, seed: int,
               as_list: bool = False) -> Case:
    arg = mask.tolist() if as_list else mask
    return Case(label, (arg, dev, test), {"seed": seed})


def _split_cases() -> list[Case]:
    pool = mismatch_experiments.pooled_digits(DATA_SEED)
    rng = np.random.default_rng(4)
    mixed = rng.random(40) < 0.3
    return [
        _mask_case("6 web then 4 phone pictures, dev 1, test 1",
                   np.array([False] * 6 + [True] * 4), 1, 1, 0, as_list=True),
        _mask_case("phone pictures scattered through the pool", mixed, 3, 4, 7),
        _mask_case("this notebook's pool, dev 150, test 150", pool.is_target.copy(), 150, 150,
                   DATA_SEED),
        _mask_case("every target example goes to dev or test",
                   np.array([True, False, True, False, False, True]), 2, 1, 3),
        _mask_case("target examples first", np.array([True] * 5 + [False] * 5), 2, 2, 1),
        _mask_case("an empty test set", np.array([False, True, True, True, False]), 2, 0, 5),
    ]


def _option1(is_target: Any, dev_size: int, test_size: int, seed: int = 0) -> tuple:
    n = len(is_target)
    order = np.random.default_rng(seed).permutation(n)
    dev = np.sort(order[:dev_size])
    test = np.sort(order[dev_size:dev_size + test_size])
    return np.sort(order[dev_size + test_size:]), dev, test


def _no_shuffle(is_target: Any, dev_size: int, test_size: int, seed: int = 0) -> tuple:
    mask = np.asarray(is_target, dtype=bool)
    target = np.flatnonzero(mask)
    dev, test = target[:dev_size], target[dev_size:dev_size + test_size]
    rest = np.setdiff1d(np.arange(len(mask)), np.concatenate([dev, test]))
    return rest, dev, test


def _source_only_train(is_target: Any, dev_size: int, test_size: int, seed: int = 0) -> tuple:
    _, dev, test = splits.mismatched_split(is_target, dev_size, test_size, seed)
    return np.flatnonzero(~np.asarray(is_target, dtype=bool)), dev, test


register(
    Exercise(
        id="w2_04_mismatched_split",
        title="option 2: dev and test from the target distribution only",
        kind="function",
        reference=splits.mismatched_split,
        compare=SplitMatches(),
        signature="mismatched_split(is_target, dev_size, test_size, seed)",
        visible=_split_cases,
        mistakes=(
            Mistake(
                "option 1", _option1,
                "you shuffled the whole pool, so web rows end up in dev and test (option 1). "
                "Draw dev and test from the target rows only.",
            ),
            Mistake(
                "no shuffle", _no_shuffle,
                "you took the first target rows in pool order; shuffle the target rows with "
                "the seed first, so dev and test are random samples of the target data.",
            ),
            Mistake(
                "leftover target rows dropped", _source_only_train,
                "the target rows that are neither in dev nor in test belong to the training "
                "set (in the course: 200,000 web + 5,000 app pictures).",
            ),
        ),
        hints=(
            "Option 2: dev and test are drawn at random from the target rows only; everything "
            "else (all the source rows *and* the target rows left over) goes to training.",
            "Get the target row numbers from the mask with `np.flatnonzero`, shuffle *those* with "
            "`np.random.default_rng(seed).permutation`, slice dev first and test next. For "
            "training, keep every row that is in neither (`np.setdiff1d`, or a boolean array you "
            "mark).",
        ),
    )
)


# --- the error a shuffled dev set reports -------------------------------------------------

def _shuffled_cases() -> list[Case]:
    return [
        Case("1% on web, 30% on app pictures, 200,000 + 10,000 pooled",
             (0.01, 0.30, 200_000, 10_000)),
        Case("3% on web, 20% on app pictures, 200,000 + 10,000 pooled",
             (0.03, 0.20, 200_000, 10_000)),
        Case("this notebook's pool (1,197 web + 600 phone)", (0.02, 0.35, 1_197, 600)),
        Case("equal pools", (0.10, 0.30, 500, 500)),
        Case("no target data pooled", (0.04, 0.50, 1_000, 0)),
        Case("only target data pooled", (0.04, 0.50, 0, 1_000)),
    ]


register(
    Exercise(
        id="w2_04_shuffled_dev_error",
        title="the error a shuffled (option 1) dev set reports",
        kind="function",
        reference=splits.shuffled_dev_error,
        compare=Number(),
        signature="shuffled_dev_error(source_error, target_error, n_source, n_target)",
        visible=_shuffled_cases,
        mistakes=(
            Mistake(
                "plain average", lambda es, et, ns, nt: (es + et) / 2,
                "a shuffled dev set does not hold the two kinds of picture half and half: "
                "weight each error by how many examples of that kind are in the pool.",
            ),
            Mistake(
                "weights swapped",
                lambda es, et, ns, nt: (nt * es + ns * et) / (ns + nt),
                "the weights are swapped: the source error should count in proportion to "
                "n_source, the target error in proportion to n_target.",
            ),
            Mistake(
                "percent",
                lambda es, et, ns, nt: 100 * (ns * es + nt * et) / (ns + nt),
                "return a fraction like the error rates you were given (0.02 for 2%), not a "
                "percentage.",
            ),
            Mistake(
                "target error only", lambda es, et, ns, nt: et,
                "that is what an option-2 dev set (target only) would report; a shuffled dev "
                "set mixes both kinds of example.",
            ),
        ),
        hints=(
            "A shuffled dev set holds each kind of example in the pool's proportions, so the "
            "error it reports is a *weighted* average of the two error rates, not a plain one.",
            "Weight each error rate by the number of pooled examples of its own kind and divide "
            "by the size of the pool. Check the edge cases where one count is 0: you must get the "
            "other error rate back.",
        ),
    )
)


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

_PRODUCTS = (
    ("a plant-identification app", "photos users take in gardens",
     "photos from botanical websites", "photos"),
    ("voice commands for a car's dashboard", "clips recorded in cars",
     "clips of general speech", "clips"),
    ("a receipt reader in a banking app", "receipts photographed by customers",
     "scanned receipts from an archive", "receipts"),
    ("a bird-song recogniser for hikers", "recordings made on phones outdoors",
     "studio recordings from a sound library", "recordings"),
)


def _split_plan(rng: Any) -> Situation:
    product, target, source, noun = _PRODUCTS[int(rng.integers(len(_PRODUCTS)))]
    n_target = int(rng.integers(6, 21)) * 1_000
    n_source = int(rng.integers(15, 51)) * 10_000
    dev = n_target // 4
    total = n_target + n_source
    prompt = (
        f"A team builds {product}. It has **{n_target:,}** {target} (what the product will "
        f"see) and **{n_source:,}** {source}. It wants dev and test sets of {dev:,} {noun} "
        "each. How should it split the data?"
    )
    options = {
        "target_dev_test": f"Dev and test: {dev:,} + {dev:,} of the {target}. Training: all "
                           f"{n_source:,} {source} plus the other {n_target - 2 * dev:,} "
                           f"{target}.",
        "shuffle_all": f"Shuffle all {total:,} {noun} together; cut {dev:,} for dev, {dev:,} "
                       "for test and keep the rest for training.",
        "target_only": f"Use only the {n_target:,} {target}: {n_target - 2 * dev:,} for "
                       f"training, {dev:,} for dev, {dev:,} for test; leave the others out.",
        "source_dev": f"Dev: {dev:,} of the {source} (there are plenty). Test: {dev:,} of the "
                      f"{target}. Training: all the rest.",
    }
    data = {"n_target": n_target, "n_source": n_source, "dev_size": dev}
    return Situation(prompt, options, data)


def _ship_choice(rng: Any) -> Situation:
    product, target, source, noun = _PRODUCTS[int(rng.integers(len(_PRODUCTS)))]
    n_target = int(rng.integers(5, 13)) * 1_000
    n_source = int(rng.integers(20, 41)) * 10_000
    a_source = round(float(rng.uniform(0.01, 0.02)), 3)
    b_source = round(a_source + float(rng.uniform(0.008, 0.015)), 3)
    a_target = round(float(rng.uniform(0.15, 0.25)), 3)
    b_target = round(a_target - float(rng.uniform(0.05, 0.09)), 3)
    pool = n_source + n_target
    a_mix = (n_source * a_source + n_target * a_target) / pool
    b_mix = (n_source * b_source + n_target * b_target) / pool
    prompt = (
        f"A team building {product} pooled its {n_target:,} {target} with {n_source:,} "
        f"{source}, shuffled them and cut its dev set from the pool. On that dev set model X "
        f"scores **{a_mix:.2%}** error and model Y **{b_mix:.2%}**. A colleague then scored "
        "both models on each kind of data separately:\n\n"
        f"| model | error on {source} | error on {target} |\n|---|---|---|\n"
        f"| X | {a_source:.1%} | {a_target:.1%} |\n| Y | {b_source:.1%} | {b_target:.1%} |"
        "\n\nWhich model should the team ship, and what should it change?"
    )
    options = {
        "ship_x": "Ship X: it has the lower error on the team's dev set.",
        "ship_y": f"Ship Y, and rebuild the dev and test sets from {target}.",
        "bigger_shuffled": "Make the shuffled dev set ten times bigger and compare again.",
        "either": f"Either: their dev errors differ by only {100 * (b_mix - a_mix):.2f} points.",
    }
    data = {"n_target": n_target, "n_source": n_source, "a_source": a_source,
            "b_source": b_source, "a_target": a_target, "b_target": b_target,
            "a_mix": a_mix, "b_mix": b_mix}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w2_04_split_plan",
    title="how to split data from two sources",
    build=_split_plan,
    mistakes=(
        ("one distribution everywhere",
         "after shuffling, how many of the dev examples would come from the product? Work "
         "out the product data's share of the pool and scale it to the dev set."),
        ("training must match dev",
         "the other data are many times the product data; a large model learns a lot from "
         "them, and a training set that differs from dev is a price worth paying."),
        ("dev and test from different distributions",
         "the dev set is the target the team aims at every day; a dev set unlike the test set "
         "has the team aim at one thing and be judged on another."),
    ),
    hints=(
        "The dev set tells the team where to aim: every idea is kept or dropped by its dev "
        "error. Which data should that target be made of?",
        "Check three things for each option: what the dev set is made of (is it what the "
        "product will see?), whether dev and test share a distribution, and how much data is "
        "left for training.",
    ),
))

register_decision(DecisionSpec(
    id="w2_04_ship_choice",
    title="what a shuffled dev set chose",
    build=_ship_choice,
    mistakes=(
        ("trusted the shuffled dev set",
         "the shuffled dev set is mostly made of the other source; which model is better on "
         "the data the product will see?"),
        ("bigger shuffled dev set",
         "a bigger shuffled dev set keeps the same small share of product data: it measures "
         "the same mix more precisely, and the mix is the problem."),
        ("within noise",
         "the two models are close only on the mix; compare them on the product's data, "
         "where users will meet them."),
    ),
    hints=(
        "Ask what the team's dev error is an average of, and in what proportions.",
        "Work out the share of product data in the pool: the dev error weights each model's "
        "two errors by those shares. Then compare the models on the product's data alone.",
    ),
))
