"""Answer key of week 2, notebook 01: carrying out error analysis."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_01_error_analysis import _frame


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


# --- decisions ----------------------------------------------------------------------------

def _gain(d: Decision, name: str) -> float:
    """Best-case points of dev error a category's fix removes (its share x the dev error)."""
    return 100 * d.data["dev_error"] * d.data["categories"][name]["mistakes"] / 100


def _rate(d: Decision, name: str) -> float:
    return _gain(d, name) / d.data["categories"][name]["weeks"]


def _best_rate(d: Decision) -> str:
    return "fix_" + max(d.data["categories"], key=lambda n: _rate(d, n))


def _by(d: Decision, field: str, pick: object = max) -> str:
    cats = d.data["categories"]
    return "fix_" + pick(cats, key=lambda n: cats[n][field])  # type: ignore[operator]


def _label(name: str) -> str:
    return name.removeprefix("fix_").replace("_", " ")


def _tally_explanation(d: Decision) -> str:
    cats, error = d.data["categories"], d.data["dev_error"]
    lines = "; ".join(
        f"{_label(n)}: {error:.1%} x {v['mistakes']}% = {_gain(d, n):.2f} points in "
        f"{v['weeks']} week{'s' if v['weeks'] > 1 else ''} ({_rate(d, n):.2f} a week)"
        for n, v in cats.items())
    right = _best_rate(d)
    big, quick, common = _by(d, "mistakes"), _by(d, "weeks", min), _by(d, "dev_share")
    return (
        f"Best case per fix — {lines}. **{d.letter(right)}** ({_label(right)}) removes the "
        f"most error per week, so the dev error falls fastest if it comes first. "
        f"**{d.letter(big)}** ({_label(big)}) has the highest ceiling but takes "
        f"{cats[big.removeprefix('fix_')]['weeks']} weeks: the biggest category is not "
        "automatically the priority when its fix costs far more; it can come next, or go to "
        f"a second person. **{d.letter(quick)}** ({_label(quick)}) is quick but holds only "
        f"{cats[quick.removeprefix('fix_')]['mistakes']} of the 100 mistakes. "
        f"**{d.letter(common)}** ({_label(common)}) is on "
        f"{cats[common.removeprefix('fix_')]['dev_share']:.0%} of all dev pictures but on "
        f"only {cats[common.removeprefix('fix_')]['mistakes']} of the mistakes: the model "
        "already copes with most of them. Every gain here is a ceiling, a best case."
    )


def _examples_explanation(d: Decision) -> str:
    v = d.data
    expected = 100 * v["dev_error"]
    return (
        f"**{d.letter('dev_mistakes')}**: the dev error ({v['dev_error']:.1%}) is what the "
        f"team wants to lower, and its {v['dev_mistakes']:,} mistakes are where that error is "
        "made; about 100 of them, picked at random, give shares precise enough to rank the "
        f"categories. The {v['train_mistakes']:,} training mistakes "
        f"(**{d.letter('train_mistakes')}**) come from examples the model was fitted on, with "
        f"a training error of only {v['train_error']:.1%}: they say little about why unseen "
        "dev examples fail (and if training and dev data differ, they are not even the right "
        f"kind of data). The test set (**{d.letter('test_mistakes')}**) must stay untouched "
        "to give an unbiased final estimate; choosing fixes from its mistakes would tune the "
        f"system to it. 100 random dev examples (**{d.letter('random_dev')}**) would hold "
        f"only about {expected:.0f} mistakes at a {v['dev_error']:.1%} error: an afternoon "
        "spent mostly on examples the model gets right."
    )


KEYS = keys_by_id([
    Key("w2_01_ceiling", hidden=_random_ceiling_cases),
    Key("w2_01_error_fractions", hidden=_random_fraction_cases),
    decision_key("w2_01_tally_priority", _best_rate,
                 wrong={"largest share, cost ignored": lambda d: _by(d, "mistakes"),
                        "cheapest fix": lambda d: _by(d, "weeks", min),
                        "common in the dev set": lambda d: _by(d, "dev_share")},
                 explanation=_tally_explanation),
    decision_key("w2_01_which_examples", lambda d: "dev_mistakes",
                 wrong={"more mistakes in training": lambda d: "train_mistakes",
                        "test set is final": lambda d: "test_mistakes",
                        "random dev examples": lambda d: "random_dev"},
                 explanation=_examples_explanation),
])
