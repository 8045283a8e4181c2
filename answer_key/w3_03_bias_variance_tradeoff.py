"""Answer key of week 3, notebook 03: the bias-variance trade-off and error analysis on the
training set."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.bias_variance_tactics import TECHNIQUES
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w3_03_bias_variance_tradeoff import TALLY_CATEGORIES


def _random_rates(rng: np.random.Generator) -> tuple[float, float, float]:
    human = float(rng.uniform(0, 0.1))
    train = human + float(rng.uniform(0, 0.15))
    dev = train + float(rng.uniform(0, 0.15))
    return round(human, 4), round(train, 4), round(dev, 4)


def _random_technique_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 24:
        human, train, dev = _random_rates(rng)
        if abs((train - human) - (dev - train)) < 1e-3:
            continue  # near-ties are float noise, not a question
        cases.append(Case(f"random error rates #{len(cases) + 1}", (human, train, dev)))
    return cases


def _random_points_cases(rng: np.random.Generator) -> list[Case]:
    names = ["clean", "blurred", "noisy", "faint", "rotated", "cropped"]
    cases = []
    for k in range(20):
        n = int(rng.integers(1, 60))
        tags = rng.choice(names[: int(rng.integers(1, len(names) + 1))], size=n)
        wrong = rng.random(n) < float(rng.uniform(0, 0.6))
        args = (tags.tolist(), wrong.tolist()) if k % 2 else (tags, wrong)
        cases.append(Case(f"random tags #{k + 1}", args))
    return cases


# --- the proposed technique ----------------------------------------------------------------

_BY_NAME = {t.name: t for t in TECHNIQUES}


def _larger(d: Decision) -> str:
    bias = d.data["train"] - d.data["human"]
    variance = d.data["dev"] - d.data["train"]
    return "bias" if bias >= variance else "variance"


def _verdict(kind: str, name: str) -> str:
    t = _BY_NAME[name]
    if kind not in t.reduces:
        return "wrong_gap"
    return "go_watch" if t.category == "trade-off" else "go"


def _proposal_right(d: Decision) -> str:
    return _verdict(_larger(d), d.data["proposal"])


def _proposal_smaller_gap(d: Decision) -> str:
    return _verdict("variance" if _larger(d) == "bias" else "bias", d.data["proposal"])


def _proposal_side_effects(d: Decision) -> str:
    right = _proposal_right(d)
    if right != "wrong_gap":
        return "go_watch" if right == "go" else "go"
    return "go" if _BY_NAME[d.data["proposal"]].category == "trade-off" else "go_watch"


def _proposal_explanation(d: Decision) -> str:
    human, train, dev = d.data["human"], d.data["train"], d.data["dev"]
    t = _BY_NAME[d.data["proposal"]]
    kind = _larger(d)
    other = "variance" if kind == "bias" else "bias"
    head = (f"Avoidable bias = {train:.1%} - {human:.1%} = {100 * (train - human):.1f} points; "
            f"variance = {dev:.1%} - {train:.1%} = {100 * (dev - train):.1f} points: the larger "
            f"gap is {kind}. '{t.name}' is in the table's {t.category!r} row: it reduces "
            f"{' and '.join(t.reduces)}"
            + (f" and may raise {', '.join(t.may_raise)}" if t.may_raise else "")
            + f"; its cost: {t.cost}. ")
    right = _proposal_right(d)
    go, watch, wrong = (d.letter(k) for k in ("go", "go_watch", "wrong_gap"))
    if right == "go":
        why = (f"It attacks the {kind} gap without touching {other}, so **{go}**. **{watch}** "
               f"sees a side effect the table does not list for it; **{wrong}** mixes up the "
               "two gaps.")
    elif right == "go_watch":
        why = (f"It attacks the {kind} gap but pushes {other} up, so **{watch}**: go ahead "
               f"and measure both gaps after it (or prefer a {kind} technique without that "
               f"price). **{go}** ignores the side effect; **{wrong}** mixes up the two gaps.")
    else:
        why = (f"It does not reduce {kind}, the larger gap, so **{wrong}**: whatever it costs, "
               f"it works on the smaller problem. **{go}** and **{watch}** would both spend "
               "the team's time on the gap that matters less.")
    return head + why


# --- the training-set tally ----------------------------------------------------------------

def _tally(d: Decision) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    wrong = np.asarray(d.data["wrong"])
    unreadable = np.asarray(d.data["unreadable"])
    return wrong, wrong - unreadable, wrong / np.asarray(d.data["sizes"])


def _tally_right(d: Decision) -> str:
    return d.data["categories"][int(np.argmax(_tally(d)[1]))]


def _tally_raw(d: Decision) -> str:
    return d.data["categories"][int(np.argmax(_tally(d)[0]))]


def _tally_rate(d: Decision) -> str:
    return d.data["categories"][int(np.argmax(_tally(d)[2]))]


def _tally_explanation(d: Decision) -> str:
    wrong, avoidable, rate = _tally(d)
    cats = d.data["categories"]
    names = [TALLY_CATEGORIES[c] for c in cats]
    i, j, k = (int(np.argmax(a)) for a in (avoidable, wrong, rate))
    parts = ", ".join(f"{n} {int(a):,}" for n, a in zip(names, avoidable, strict=True))
    return (f"Errors a person would not make, per category ({d.data['n_wrong']:,} misread "
            f"images in all): {parts}. The most avoidable ones are the {names[i]} images, so "
            f"**{d.letter(cats[i])}**. **{d.letter(cats[j])}** has the most misread images, "
            f"but {d.data['unreadable'][j]:,} of its {wrong[j]:,} are unreadable even for "
            "people: no model can be expected to read them, that part is unavoidable. "
            f"**{d.letter(cats[k])}** fails most often *within* its category "
            f"({rate[k]:.0%} of its images), but holds only {int(avoidable[k]):,} avoidable "
            f"errors. **{d.letter('more_data')}** treats a bias problem (training error far "
            "above human level, dev error close to it) with a variance remedy: more data does "
            "not lower the training error.")


KEYS = keys_by_id([
    Key("w3_03_techniques", hidden=_random_technique_cases),
    Key("w3_03_error_points", hidden=_random_points_cases),
    decision_key("w3_03_proposed_technique", _proposal_right,
                 wrong={"the smaller gap": _proposal_smaller_gap,
                        "side effects misjudged": _proposal_side_effects},
                 explanation=_proposal_explanation),
    decision_key("w3_03_training_tally", _tally_right,
                 wrong={"unreadable ones counted": _tally_raw,
                        "rate within the category": _tally_rate,
                        "more data for a bias problem": lambda d: "more_data"},
                 explanation=_tally_explanation),
])
