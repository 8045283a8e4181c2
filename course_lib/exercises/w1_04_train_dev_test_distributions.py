"""Exercises of week 1, notebook 04: train/dev/test distributions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import splits
from course_lib.data import regions
from course_lib.exercises.compare import Number, describe_type, short_repr
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: Seed of the notebook's regional pictures and of its two splits.
SEED = 0


# --- a shuffled dev/test split ----------------------------------------------------------------

def dev_test_split(n_examples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Reference: shuffle the indices, the first half (rounded down) is dev, the rest test."""
    half = n_examples // 2
    dev, test = splits.shuffle_split(n_examples, (half, n_examples - half), seed)
    return dev, test


def _as_index_array(value: Any) -> np.ndarray | None:
    if type(value) not in (np.ndarray, list, tuple):
        return None
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        return None
    return arr.astype(np.int64)


@dataclass(frozen=True)
class IndexPair:
    """Accept ``(dev, test)``: two index arrays holding the expected examples (any order)."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (tuple, list) or len(answer) != 2:
            return (f"expected a pair (dev, test) of index arrays, got {describe_type(answer)}: "
                    f"{short_repr(answer)}")
        dev, test = (_as_index_array(part) for part in answer)
        for part, name in ((dev, "dev"), (test, "test")):
            if part is None:
                return f"{name} must be a 1-D NumPy array (or list) of integer indices"
        want_dev, want_test = (np.asarray(part) for part in expected)
        n = len(want_dev) + len(want_test)
        if len(dev) != len(want_dev) or len(test) != len(want_test):
            return (f"dev should hold {len(want_dev)} indices and test {len(want_test)} "
                    f"(n_examples // 2 for dev), got {len(dev)} and {len(test)}")
        both = np.concatenate([dev, test])
        if len(np.unique(both)) != n or both.min(initial=0) < 0 or both.max(initial=0) >= n:
            return f"dev and test together must hold every index 0..{n - 1} exactly once"
        if not np.array_equal(np.sort(dev), np.sort(want_dev)):
            return "dev does not hold the examples of the shuffle described above"
        return None


def _split_cases() -> list[Case]:
    return [
        Case("10 examples, seed 0", (10, 0)),
        Case("an odd number of examples", (9, 1),
             hint="with an odd number, dev gets n_examples // 2 (rounded down), test the rest."),
        Case("1,000 examples, seed 42", (1000, 42)),
        Case("two examples", (2, 7)),
    ]


def _unshuffled(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(n // 2), np.arange(n // 2, n)


def _legacy(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.RandomState(seed).permutation(n)
    return order[: n // 2], order[n // 2:]


def _choice(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    dev = np.random.default_rng(seed).choice(n, size=n // 2, replace=False)
    return dev, np.setdiff1d(np.arange(n), dev)


def _swapped(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return order[n - n // 2:], order[: n - n // 2]


def _ceil_half(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return order[: n - n // 2], order[n - n // 2:]


register(
    Exercise(
        id="w1_04_dev_test_split",
        title="shuffle, then cut into dev and test",
        kind="function",
        reference=dev_test_split,
        compare=IndexPair(),
        signature="dev_test_split(n_examples, seed)",
        visible=_split_cases,
        mistakes=(
            Mistake("no shuffle", _unshuffled,
                    "you cut the examples in their original order. If the data are sorted "
                    "(by region, by date...), dev and test get different kinds of examples: "
                    "shuffle first."),
            Mistake("legacy generator", _legacy,
                    "use the generator the task names: np.random.default_rng(seed), not "
                    "np.random.seed / RandomState."),
            Mistake("choice", _choice,
                    "a random subset is the right idea, but use rng.permutation(n_examples) "
                    "and take its first n_examples // 2 entries, so everyone gets the same "
                    "split for the same seed."),
            Mistake("swapped", _swapped,
                    "dev is the *first* n_examples // 2 shuffled indices, test the rest."),
            Mistake("rounded up", _ceil_half,
                    "with an odd number of examples dev gets n_examples // 2 (rounded down)."),
        ),
        hints=(
            "The safe split is *shuffle first, then cut*: put all the indices in a random order, "
            "then the first part is dev and the rest is test, so both get the same mix.",
            "Follow the three steps of the task exactly so the split can be reproduced: "
            "`np.random.default_rng(seed)`, its `permutation` method, then two slices. When "
            "`n_examples` is odd, dev gets the rounded-down half (integer division `//`).",
        ),
    ),
)


# --- how different are two sets? ---------------------------------------------------------------

def _mix_cases() -> list[Case]:
    exp = regions.region_experiment(SEED)
    region = exp.data.region
    return [
        Case("the same mix, different sizes", (["US", "UK", "US", "UK"], ["UK", "US"])),
        Case("no region in common", (["US", "UK"], ["India", "China", "India"]),
             hint="two sets with no group in common are as different as can be: the distance "
                  "is then 1."),
        Case("partly different", (["US", "US", "US", "UK"], ["US", "UK"])),
        Case("regions that only the second set has",
             (["US", "US"], ["US", "India", "India", "China"])),
        Case("the notebook's split by region (NumPy arrays)",
             (region[exp.region_dev], region[exp.region_test])),
        Case("the notebook's shuffled split (NumPy arrays)",
             (region[exp.shuffled_dev], region[exp.shuffled_test])),
    ]


def _shares(labels: Any) -> dict[Any, float]:
    counts = Counter(np.asarray(labels, dtype=object).tolist())
    total = sum(counts.values())
    return {g: c / total for g, c in counts.items()}


def _no_half(a: Any, b: Any) -> float:
    return 2 * splits.mix_distance(a, b)


def _counts(a: Any, b: Any) -> float:
    ca = Counter(np.asarray(a, dtype=object).tolist())
    cb = Counter(np.asarray(b, dtype=object).tolist())
    return 0.5 * sum(abs(ca[g] - cb[g]) for g in set(ca) | set(cb))


def _only_first(a: Any, b: Any) -> float:
    sa, sb = _shares(a), _shares(b)
    return 0.5 * sum(abs(sa[g] - sb.get(g, 0.0)) for g in sa)


register(
    Exercise(
        id="w1_04_mix_distance",
        title="how differently two sets are made up of regions",
        kind="function",
        reference=splits.mix_distance,
        compare=Number(),
        signature="mix_distance(groups_a, groups_b)",
        visible=_mix_cases,
        mistakes=(
            Mistake("no half", _no_half,
                    "the sum of the differences in shares goes up to 2; halve it so that "
                    "completely different sets give 1."),
            Mistake("counts", _counts,
                    "compare *shares* (count / size of the set), not counts: two sets with the "
                    "same mix but different sizes must be at distance 0."),
            Mistake("only the first set's groups", _only_first,
                    "a group that appears in only one of the two sets counts too (its share in "
                    "the other set is 0): go over the groups of both sets."),
        ),
        hints=(
            "Compare the two sets through their *shares* of each group, not their counts: how "
            "much do the fractions of the two sets differ, group by group? Add those differences "
            "up and halve the total.",
            "`value_counts(normalize=True)` on a pandas Series gives one set's shares. Before "
            "subtracting, line the two results up so a group missing from one set gets share 0 "
            "(`Series.align` or `reindex` with `fill_value=0.0`), and return a plain `float`.",
        ),
    ),
)


# --- what the split by region costs ------------------------------------------------------------

register(
    Exercise(
        id="w1_04_region_gap",
        title="what the region-split dev set promised and what its test set found",
        kind="value",
        reference=None,
        compare=Number(rel=1e-6),
        mistakes=(
            Mistake("percent", None,
                    "give the difference of two error rates as a fraction (0.05 for 5 points), "
                    "like the table."),
            Mistake("sign", None,
                    "subtract the dev error from the test error (test - dev)."),
            Mistake("shuffled split", None,
                    "that is the gap of the *shuffled* split; this question is about the split "
                    "by region."),
            Mistake("best k on test", None,
                    "use the k that the *dev* set picks (lowest dev error): the team never gets "
                    "to choose k by looking at the test set."),
        ),
        hints=(
            "The gap is what the test set found minus what the dev set promised, both for the one "
            "`k` that the region-split dev set would choose.",
            "Find that `k` first: the index label of the lowest value in the `\"dev: regions "
            "1-4\"` column (`idxmin`). Then read both region-split columns at that row with "
            "`.loc` and subtract, keeping the result a fraction.",
        ),
    ),
    Exercise(
        id="w1_04_cost_of_region_dev",
        title="how much the region-split dev set's choice of k costs on the test regions",
        kind="value",
        reference=None,
        compare=Number(rel=1e-6),
        mistakes=(
            Mistake("percent", None,
                    "give it as a fraction (0.05 for 5 points), like the table."),
            Mistake("gap instead", None,
                    "that is test - dev for the chosen k. Here compare two values of k on the "
                    "*test* column: the one the dev set chose against the best one."),
            Mistake("shuffled split", None,
                    "use the split by region: the columns 'dev: regions 1-4' and "
                    "'test: regions 5-8'."),
        ),
        hints=(
            "Stay on the test column only: compare the test error of the `k` the region-split dev "
            "set chose with the best test error that any `k` reaches.",
            "Reuse the dev set's choice of `k` (lowest `\"dev: regions 1-4\"` error), look up its "
            "`\"test: regions 5-8\"` error and subtract the minimum of that same test column; the "
            "result cannot be negative.",
        ),
    ),
)


# --- decisions: which dev set, and is a test set needed? ---------------------------------------

#: The products of the first decision: what the model does when the product moves to new data,
#: the plentiful data, the scarcer data, and what it does when the product keeps the mix of the
#: data it has (None: that product always moves).
PRODUCTS = (
    ("approves loans; the bank is now opening branches in low-income zip codes",
     "past applicants from middle- and high-income zip codes",
     "applicants from low-income zip codes",
     "approves loans in the zip codes the bank already serves; applicants will keep coming "
     "from them in about the proportions of the data"),
    ("transcribes voice notes for farmers, sold to a rural cooperative",
     "recordings of city speakers read in a studio",
     "phone recordings of the cooperative's members", None),
    ("reads the digits on water meters for a utility that is replacing its meters",
     "photos of the old meter model",
     "photos of the new meter model, which the technicians will read from now on",
     None),
    ("reads the digits on water meters; the utility's old and new meter models will stay in use "
     "side by side, in about the proportions of the photos",
     "photos of the old meter model", "photos of the new meter model", None),
)


def _which_dev_set(rng: np.random.Generator) -> Situation:
    moved, plentiful, scarce, stays = PRODUCTS[int(rng.integers(len(PRODUCTS)))]
    if moved.startswith("reads the digits on water meters; "):  # this product keeps its mix
        case, what = "mix", moved
    elif stays is not None and rng.random() < 0.5:
        case, what = "mix", stays
    else:
        case, what = "target", moved
    n_plenty = int(rng.integers(40, 200)) * 1000
    n_scarce = int(rng.integers(4, 20)) * 1000
    prompt = (
        f"A team builds a model that {what}. It has **{n_plenty:,}** labelled {plentiful} and "
        f"**{n_scarce:,}** labelled {scarce}. The team will train on most of the data either "
        "way; the question is only where the dev set (for choosing among ideas for months) and "
        "the test set (for the final estimate) come from. Which plan do you back?"
    )
    options = {
        "target_pool": f"Shuffle the {scarce} and cut both the dev set and the test set from "
                       "them.",
        "plentiful_dev": f"Dev set from the {plentiful} (there are plenty), test set from the "
                         f"{scarce}.",
        "pool_everything": "Pool all the data, shuffle it, then cut the dev set and the test set "
                           "from the pool.",
        "plentiful_test": f"Dev set from the {scarce}, test set from the {plentiful} (a bigger, "
                          "more precise test set).",
    }
    data = {"case": case, "n_plentiful": n_plenty, "n_scarce": n_scarce,
            "plentiful": plentiful, "scarce": scarce}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_04_which_dev_set",
    title="where the dev and test sets come from",
    build=_which_dev_set,
    mistakes=(
        ("dev where data is plentiful",
         "the team would spend months aiming at data that is not what the product will see, "
         "and find out only at the test set. The dev set is the target: put it where you want "
         "to do well."),
        ("same distribution, wrong one",
         "dev and test would share one distribution, but not the one the product will meet "
         "from now on: compare that pool with the data the product will see, group by group."),
        ("test where data is plentiful",
         "the test set must measure the target the team aimed at; a precise estimate of "
         "performance on other data answers a question nobody asked."),
    ),
    hints=(
        "Which data will the product meet from now on: the same mix as the data, or mostly one "
        "part of it? Dev and test should both look like that.",
        "Dev and test must come from the same distribution *and* that distribution must be the "
        "data you care about; the plentiful data can still go into the training set.",
    ),
))


def _no_test_set(rng: np.random.Generator) -> Situation:
    n_ideas = int(rng.integers(15, 60))
    n_dev = int(rng.integers(4, 20)) * 100
    n_data = n_dev + int(rng.integers(40, 120)) * 100
    case = str(rng.choice(["internal", "promise"]))
    if case == "internal":
        who = (
            "The result goes into an internal tool that sorts incoming support tickets for the "
            "team's own colleagues, who can re-sort any ticket in a click; nobody asks how "
            "accurate it is, only which version works best."
        )
    else:
        who = (
            "Before the hospital may use the model to flag scans for urgent review, its safety "
            "board wants a written estimate of the share of urgent scans the final model will "
            "miss."
        )
    prompt = (
        f"A team has **{n_data:,}** labelled examples. It trains on most of them and has tried "
        f"**{n_ideas}** ideas so far, keeping the best on a dev set of **{n_dev:,}** "
        f"examples. {who} A colleague suggests using all the data for training and dev, with "
        "no test set. What do you say?"
    )
    options = {
        "dev_only": "Agreed: train and dev only is fine here; keep choosing on the dev set.",
        "hold_test": "Hold out a test set from the same distribution as the dev set, and use "
                     "it only once, on the final model.",
        "dev_as_estimate": "No test set: give the dev error of the chosen model as the "
                           "estimate, it was measured on examples the model never trained on.",
    }
    data = {"case": case, "n_ideas": n_ideas, "n_dev": n_dev, "n_data": n_data}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_04_no_test_set",
    title="train and dev only, no test set?",
    build=_no_test_set,
    mistakes=(
        ("the dev error as a promise",
         "the model was chosen *because* it did best on the dev set, among many ideas: its dev "
         "error is too optimistic, the more so the more ideas were tried."),
        ("the other case",
         "a test set has one job: an unbiased estimate of the final system's error. Ask "
         "whether anyone here needs that number."),
    ),
    hints=(
        "What is a test set for, that a dev set cannot do once you have chosen on it?",
        "If no one needs an unbiased number for the final model, the dev set alone can do the "
        "choosing; if someone does, the dev error is no longer unbiased after the choice.",
    ),
))


# --- the loan-approval simulation ---------------------------------------------------------------

#: Seed of the notebook's zip-code experiment.
LOAN_SEED = 0

register(
    Exercise(
        id="w1_04_loan_surprise",
        title="what the middle-income dev set promised and the low-income test set found",
        kind="value",
        reference=None,
        compare=Number(rel=1e-6),
        mistakes=(
            Mistake("percent", None,
                    "give the difference of two error rates as a fraction (0.05 for 5 points), "
                    "like the table."),
            Mistake("sign", None,
                    "subtract the dev error from the test error (test - dev): how much more "
                    "error the test set found."),
            Mistake("the second team", None,
                    "that is the gap of the second team, whose dev set is low-income; the "
                    "question is about the first team's middle-income dev set."),
            Mistake("best depth on test", None,
                    "use the depth the *dev* set picks (lowest middle-income dev error): the "
                    "team never gets to choose by looking at the test set."),
        ),
        hints=(
            "The surprise is what the test set found minus what the dev set promised, both at "
            "the one depth the first team's dev set would choose.",
            "Find that depth with `idxmin` on the `\"dev: middle-income\"` column, read the "
            "two columns of that row with `.loc` and subtract (test minus dev), as a fraction.",
        ),
    ),
)
