"""Week 1's flight simulator: detecting birds over the city of Peacetopia.

A city council wants an alarm that detects birds in security-camera images, with millions
of labelled images and limits on running time and memory. Nineteen questions walk through a
year of decisions; each learner's figures come from their learner id. The answers are
computed with the library's public functions (:func:`course_lib.metrics.pick_best`,
:func:`course_lib.sizing.dev_set_size`, :func:`course_lib.strategy.diagnose`, ...); a figure
that lands close to a decision threshold is drawn again, so no answer sits on a knife edge.

This module draws the brief and questions 1-11 and assembles the scenario; questions
12-15 are in :mod:`answer_key.flight.birds_later`, 16-19 in
:mod:`answer_key.flight.birds_more`.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from answer_key.flight.birds_later import b_q12, b_q13, b_q14, b_q15
from answer_key.flight.birds_more import more_birds_questions
from answer_key.flight.draw import (
    LETTERS,
    Draw,
    Item,
    check_roles,
    explain_letter,
    letter_by_tag,
    letter_question,
    letters_question,
    make_options,
    separated,
    set_roles,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, SolvedOption, SolvedScenario, solved
from course_lib import metrics, sizing, strategy
from course_lib.flight.birds_questions import BIRDS_QUESTIONS
from course_lib.flight.ids import DEFAULT_LEARNER, learner_seed, normalize_learner_id
from course_lib.flight.model import Figures, Scenario, table
from course_lib.flight.text import (
    count,
    md_table,
    num,
    points_text,
    rounded,
)

__all__ = ["solve_birds"]

_BIAS, _VAR = strategy.AVOIDABLE_BIAS, strategy.VARIANCE
_MISMATCH, _OVERFIT = strategy.DATA_MISMATCH, strategy.DEV_OVERFITTING


_BIRD_SPECS = spec_index(BIRDS_QUESTIONS)

_DISTRICTS = ("Harbour", "Old Town", "Riverside", "Hillcrest", "Market", "Northgate",
              "Parkside", "Eastfield")


def _b_q01(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q01"]
    ms, mb = fig["max_runtime_ms"], num(fig["max_memory_mb"], 1)
    prompt = (
        f"The council's wishes, in its own words: *\"as accurate as possible; one image must be "
        f"processed in at most {ms} ms; the program must fit in {mb} MB of memory.\"* "
        "Your team will try dozens of ideas. How do you set up the evaluation?"
    )
    items = [
        Item("optimize accuracy", f"Optimize accuracy, and treat \"at most {ms} ms\" and "
              f"\"at most {mb} MB\" as satisficing limits: among the models under both limits, "
              "the most accurate one wins.", True,
              "The wishes already say which number to push (accuracy) and which only need to be "
              "good enough (running time and memory, with their limits). That gives a single "
              "rule to rank any set of models in seconds."),
        Item("case by case", "Track accuracy, running time and memory side by side, and decide "
              "for each pair of models which one is better overall.", False,
              "Three numbers with no rule to combine them turn every comparison into a debate "
              "and slow the team down."),
        Item("optimize speed", f"Optimize running time: the fastest model that fits in {mb} MB "
              "wins, provided its accuracy is acceptable.", False,
              f"Once an image takes less than {ms} ms, the council gains nothing from more "
              "speed; what it wants as high as possible is accuracy."),
        Item("better on all three", "Call a model better only if it is more accurate, faster "
              "and smaller than the other.", False,
              "Most pairs of models would then be impossible to rank, because each wins on "
              "something."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "optimize accuracy")
    roles = {"case by case": "case by case", "optimize speed": "optimize speed",
             "better on all three": "better on all three"}
    return letter_question(spec, 1, prompt, options, answer, roles)


def _b_models(draw: Draw, ms: int, mb: float) -> list[tuple[str, float, int, float]]:
    """Five candidate models with one role each; returns (role, accuracy, ms, MB) rows."""
    base = draw.grid(96.5, 98.5, 0.1)
    rows = [
        ("best", base, draw.integer(int(0.55 * ms), int(0.9 * ms)),
         draw.grid(round(0.5 * mb, 1), round(0.9 * mb, 1), 0.1)),
        ("most accurate overall", rounded(base + draw.grid(0.5, 0.9, 0.1), 1),
         draw.integer(int(1.15 * ms) + 1, 2 * ms), draw.grid(round(0.45 * mb, 1),
                                                             round(0.9 * mb, 1), 0.1)),
        ("too big", rounded(base + draw.grid(0.1, 0.4, 0.1), 1), draw.integer(int(0.5 * ms),
                                                                          int(0.9 * ms)),
         draw.grid(round(1.15 * mb, 1) + 0.1, round(2.0 * mb, 1), 0.1)),
        ("fastest", rounded(base - draw.grid(0.5, 1.5, 0.1), 1),
         draw.integer(max(2, int(0.2 * ms)), int(0.45 * ms)),
         draw.grid(round(0.5 * mb, 1), round(0.9 * mb, 1), 0.1)),
        ("smallest", rounded(base - draw.grid(0.3, 1.2, 0.1), 1), draw.integer(int(0.5 * ms),
                                                                           int(0.9 * ms)),
         draw.grid(round(0.2 * mb, 1), round(0.4 * mb, 1), 0.1)),
    ]
    return rows


def _b_q02(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q02"]
    ms, mb = fig["max_runtime_ms"], fig["max_memory_mb"]
    roles = draw.shuffled(_b_models(draw, ms, mb))
    table_rows = tuple((LETTERS[i], acc, t, m) for i, (_, acc, t, m) in enumerate(roles))
    by_role = {role: LETTERS[i] for i, (role, *_rest) in enumerate(roles)}

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in table_rows], index=[r[0] for r in table_rows],
                             columns=["accuracy", "runtime_ms", "memory_mb"])
        frame.index.name = "model"
        return frame

    limits = {"runtime_ms": ("<=", ms), "memory_mb": ("<=", mb)}
    answer = str(metrics.pick_best(table(), "accuracy", limits))
    if answer != by_role["best"]:
        raise RuntimeError("q02: pick_best disagrees with the constructed table")
    md = md_table(["model", "accuracy (%)", "running time (ms)", "memory (MB)"],
                   [(n, num(a, 1), t, num(m, 1)) for n, a, t, m in table_rows])
    prompt = (
        f"After a few weeks, five candidate models are ready (`birds.data.models`):\n\n{md}\n\n"
        f"With the council's limits ({ms} ms per image, {num(mb, 1)} MB of memory), which "
        "model do you pick? Answer with its letter."
    )
    qualifying = [r for r in table_rows if r[2] <= ms and r[3] <= mb]
    why = {
        "best": f"Model {answer} meets both limits, and among the models that do "
                f"({', '.join(r[0] for r in qualifying)}) it has the highest accuracy.",
    }
    items = []
    for name, acc, t, m in table_rows:
        role = next(r for r, n in by_role.items() if n == name)
        if role == "best":
            text = why["best"]
        elif t > ms:
            text = (f"its accuracy ({num(acc, 1)} %) is the highest of all, but it needs {t} ms "
                    f"per image, above the {ms} ms limit, so it is out.")
        elif m > mb:
            text = (f"it needs {num(m, 1)} MB, above the {num(mb, 1)} MB limit, so it is out "
                    "however accurate it is.")
        elif role == "fastest":
            text = (f"it is the fastest ({t} ms), but speed below the limit earns nothing; its "
                    f"accuracy ({num(acc, 1)} %) is lower than model {answer}'s.")
        else:
            text = (f"it uses the least memory ({num(m, 1)} MB), but that earns nothing once "
                    f"under the limit; its accuracy ({num(acc, 1)} %) is lower than model "
                    f"{answer}'s.")
        items.append(SolvedOption(name, f"model {name}", role, role == "best", text))
    options = tuple(items)
    wrong = {role: letter for role, letter in by_role.items() if role != "best"}
    check_roles(spec, wrong)
    question = solved(spec, 2, prompt, (), answer, explain_letter(options), wrong)
    return question, table_rows


_SPLIT_SHARES = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0,
                 5.0, 6.0)
#: the confidence and power question 3 asks for
_CONFIDENCE, _POWER = 0.95, 0.8


def _b_q03(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q03"]
    n = fig["n_images"]

    def pick() -> tuple[float, float, int, int, float, float, float]:
        p = draw.pick((0.01, 0.015, 0.02, 0.025, 0.03))
        m = draw.pick((0.001, 0.0015, 0.002))
        needed = sizing.dev_set_size(p, m, confidence=_CONFIDENCE, power=_POWER)
        unpowered = sizing.dev_set_size(p, m, confidence=_CONFIDENCE, power=None)
        ok = [s for s in _SPLIT_SHARES if s * n / 100 >= 1.25 * needed]
        between = [s for s in _SPLIT_SHARES
                   if 1.15 * unpowered <= s * n / 100 <= needed / 1.15]
        small = [s for s in _SPLIT_SHARES if s * n / 100 <= unpowered / 1.3]
        return (p, m, needed, unpowered, min(ok) if ok else -1.0,
                max(between) if between else -1.0, max(small) if small else -1.0)

    p, m, needed, unpowered, share, half, tiny = until(
        pick, lambda v: min(v[4:]) > 0, "a sizing problem")
    fig["sizing_error"], fig["sizing_margin"] = p, m

    def split(train_pct: float, dev_pct: float, test_pct: float) -> tuple[int, int, int]:
        dev, test = round(n * dev_pct / 100), round(n * test_pct / 100)
        return n - dev - test, dev, test

    def label(s: float) -> str:
        return f"{num(100 - 2 * s)} % / {num(s)} % / {num(s)} %"

    plans = {
        "right size": (label(share), split(100 - 2 * share, share, share)),
        "no power term": (label(half), split(100 - 2 * half, half, half)),
        "too small": (label(tiny), split(100 - 2 * tiny, tiny, tiny)),
        "classic split": ("60 % / 20 % / 20 %", split(60, 20, 20)),
        "no dev set": ("70 % / 0 % / 30 % (no dev set: tune on the test set)", split(70, 0, 30)),
    }
    order = draw.shuffled(list(plans))
    splits = {LETTERS[i]: plans[tag][1] for i, tag in enumerate(order)}
    # The answer, computed: the most training data among the splits whose dev and test
    # sets are both at least the size dev_set_size asks for.
    big_enough = [k for k, (_, dev, test) in splits.items() if dev >= needed and test >= needed]
    answer = max(big_enough, key=lambda k: splits[k][0])
    fig["splits"] = MappingProxyType(splits)
    half_dev = plans["no power term"][1][1]
    whys = {
        "right size": f"Its dev and test sets ({count(plans['right size'][1][1])} images each) "
                      f"are both above the {count(needed)} images needed, and every other "
                      "image goes to training, where a deep network needs them most.",
        "no power term": f"Its dev set ({count(half_dev)} images) passes the size without the "
                         f"power term ({count(unpowered)}), but not the {count(needed)} needed "
                         "for 80 % power: a real difference of "
                         f"{num(100 * m, 2)} points would be missed more often than one time "
                         f"in five (at {count(unpowered)} images, half of the time).",
        "too small": f"Its dev set has {count(plans['too small'][1][1])} images, fewer than the "
                     f"{count(needed)} needed: differences of {num(100 * m, 2)} points would "
                     "drown in noise.",
        "classic split": f"It keeps {count(plans['classic split'][1][1])} images for dev and as "
                         "many for test — far more than needed — and takes them from training.",
        "no dev set": "With no dev set, the team would tune on the test set; the final test "
                      "error would then be optimistic.",
    }
    items = [Item(tag, f"{plans[tag][0]} → {count(splits[LETTERS[i]][0])} / "
                   f"{count(splits[LETTERS[i]][1])} / {count(splits[LETTERS[i]][2])} images",
                   tag == "right size", whys[tag]) for i, tag in enumerate(order)]
    options = make_options(draw, items, shuffle=False)
    lead = (f"`dev_set_size({num(p, 3)}, {num(m, 4)}, confidence=0.95, power=0.8)` = "
            f"{count(needed)} images (without the power term, `power=None`, it would be "
            f"{count(unpowered)}: enough for a measured difference to be just significant, "
            "which catches a real one only about half of the time). The rule for big data: "
            "dev and test sets just big enough for their purpose, the rest for training.")
    prompt = (
        f"Time to split the {count(n)} images into training / dev / test sets. To compare "
        f"ideas, the dev set must be able to tell apart two models with error rates of "
        f"{num(100 * p, 1)} % and {num(100 * (p + m), 2)} % (a difference of "
        f"{num(100 * m, 2)} points) with **95 % confidence** (a two-sided test at the 5 % "
        "level) and **80 % power** (a real difference of that size is detected 4 times out "
        "of 5); `course_lib.sizing.dev_set_size` takes both. The test set should be as "
        "large as the dev set. Which split do you choose? (The counts are also in "
        "`birds.data.splits`: letter → (train, dev, test).)"
    )
    roles = {"classic split": "classic split", "too small": "too small",
             "no dev set": "no dev set", "no power term": "no power term"}
    return letter_question(spec, 3, prompt, options, answer, roles, lead)


def _b_q04(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q04"]
    names = sorted(draw.sample(_DISTRICTS, draw.integer(4, 6)), key=_DISTRICTS.index)
    weights = draw.gen.dirichlet(np.full(len(names), 3.0))
    counts = np.floor(weights * fig["n_images"] / 1000).astype(int) * 1000
    counts[-1] += fig["n_images"] - int(counts.sum())
    districts = dict(zip(names, (int(c) for c in counts), strict=True))
    fig["districts"] = MappingProxyType(districts)
    largest = max(districts, key=districts.__getitem__)
    first, second = draw.sample([d for d in names if d != largest], 2)
    md = md_table(["district", "images"], [(d, count(c)) for d, c in districts.items()])
    prompt = (
        f"The images come from cameras in {len(names)} districts, and the alarm will run in "
        f"all of them:\n\n{md}\n\nHow do you build the dev and test sets?"
    )
    items = [
        Item("shuffle", f"Shuffle the images of all {len(names)} districts together, then draw "
              "the dev set and the test set at random from that mix.", True,
              "Dev and test sets then come from the same distribution, and that distribution "
              "is the one the alarm will face: images from every district."),
        Item("by district", f"Dev set: the images of {first} and {second}; test set: the "
              "images of the other districts.", False,
              "The dev and test sets would come from different districts, so the team would "
              "tune for one target and be graded on another."),
        Item("largest district", f"Dev and test sets from {largest} only, the district with "
              "the most images, since its numbers are the most reliable.", False,
              "The alarm runs in every district; dev and test sets drawn from one district do "
              "not measure how it will do elsewhere."),
        Item("training as test", "Skip a separate test set and report the training error: it "
              "is measured on by far the most images.", False,
              "The training error is measured on images the model has learnt from; it says "
              "little about new images."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "shuffle")
    roles = {"by district": "by district", "largest district": "largest district",
             "training as test": "training as test"}
    return letter_question(spec, 4, prompt, options, answer, roles)


def _b_q05(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q05"]
    k = draw.integer(500_000, 2_000_000, 100_000)
    fig["resident_images"] = k
    prompt = (
        f"The council has received {count(k)} bird pictures taken by residents with their "
        "phones: close-ups, other angles, other light — quite unlike the security cameras. "
        "A teammate suggests adding them to the test set. What do you say?"
    )
    items = [
        Item("not test", "Keep them out of the test set: it would no longer come from the same "
              "distribution as the dev set. Adding them to the training set is fine.", True,
              "The dev and test sets must come from the same distribution — the cameras' "
              "images, which the alarm will process. Training on somewhat different images is "
              "acceptable and can even help."),
        Item("more test data", "Add them: a bigger test set always gives a more precise "
              "estimate of the error.", False,
              "A bigger test set is more precise only about the distribution it comes from; "
              "these photos would pull the test set away from the dev set and the cameras."),
        Item("dev only", "Add them to the dev set only, since the dev set is what the team "
              "tunes on.", False,
              "The dev set would then differ from the test set, and neither would reflect the "
              "cameras' images any more."),
        Item("discard", "Throw them away: a network must never be trained on images that "
              "differ from the cameras'.", False,
              "Training on images from a somewhat different distribution is common and often "
              "helps; only the dev and test sets must match the target."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "not test")
    roles = {"more test data": "more test data", "dev only": "dev only", "discard": "discard"}
    return letter_question(spec, 5, prompt, options, answer, roles)


_HUMANS = ("a resident of Peacetopia", "a security guard who watches the feeds",
           "an ornithologist", "a panel of ornithologists deciding together")


def _b_q06(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q06"]

    def pick() -> dict[str, float]:
        return {_HUMANS[0]: draw.grid(1.5, 3.0, 0.1), _HUMANS[1]: draw.grid(0.8, 1.4, 0.1),
                _HUMANS[2]: draw.grid(0.4, 0.7, 0.05), _HUMANS[3]: draw.grid(0.1, 0.3, 0.05)}

    def ok(h: dict[str, float]) -> bool:
        mean = sum(h.values()) / 4
        return separated([*h.values(), mean, h[_HUMANS[3]] / 100], 0.05)

    humans = until(pick, ok, "human error levels")
    order = draw.shuffled(list(humans))
    shown = {name: humans[name] for name in order}
    fig["human_errors"] = MappingProxyType(shown)
    answer = strategy.bayes_proxy(shown, unit="percent")
    best = min(shown, key=shown.__getitem__)
    mean = sum(shown.values()) / len(shown)
    fig["bayes_estimate"] = answer
    md = md_table(["who labels the image", "error (%)"],
                   [(name, num(v)) for name, v in shown.items()])
    prompt = (
        "To know how good the alarm could become, you measure how well people label a sample "
        f"of camera images (`birds.data.human_errors`, in percent):\n\n{md}\n\n"
        "What is your best estimate of Bayes error, in percent?"
    )
    wrong = {"typical person": humans[_HUMANS[0]], "single expert": humans[_HUMANS[2]],
             "average": rounded(mean, 6), "fraction": rounded(answer / 100, 6)}
    check_roles(spec, wrong)
    explanation = (
        f"**{num(answer)} %**, the error of {best}. Nobody can beat Bayes error, so the lowest "
        "error any person or group reaches is the tightest upper bound we know for it: "
        f"`bayes_proxy(human_errors, unit=\"percent\")` = {num(answer)}.\n"
        f"- {num(humans[_HUMANS[0]])} (a typical resident) or {num(humans[_HUMANS[2]])} (one "
        "ornithologist) are human levels too, but higher ones: using them would make the "
        "avoidable bias look smaller than it may be.\n"
        f"- The average ({num(mean, 3)}) mixes good and poor labellers; Bayes error is "
        "bounded by the best of them.\n"
        "- (For a different purpose, such as deciding whether the alarm is good enough to "
        "deploy, a typical person's level may be the right benchmark.)"
    )
    return solved(spec, 6, prompt, (), answer, explanation, wrong)


def _b_q07_q08(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, Solved]:
    s7, s8 = _BIRD_SPECS["q07"], _BIRD_SPECS["q08"]
    t = fig["bayes_estimate"]
    humans = fig["human_errors"]
    typical, expert = humans[_HUMANS[0]], humans[_HUMANS[2]]
    case = draw.pick((_BIAS, _VAR))

    def pick() -> tuple[float, float]:
        if case == _BIAS:
            bias = draw.grid(0.8, 2.0, 0.1)
            var = draw.grid(0.1, round(0.3 * bias, 1), 0.1)
        else:
            bias = draw.grid(0.1, 0.4, 0.1)
            var = draw.grid(max(1.0, round(bias / 0.3 + 0.05, 1)), 3.0, 0.1)
        train = rounded(t + bias)
        return train, rounded(train + var)

    def ok(v: tuple[float, float]) -> bool:
        train, dev = v
        d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
        gaps = sorted([d.avoidable_bias, d.variance])
        wrong = [train - typical, train - expert, dev - t, dev - train, d.avoidable_bias / 100]
        return (d.focus == (case,) and gaps[0] <= 0.35 * gaps[1]
                and separated([d.avoidable_bias, *wrong], 0.05))

    train, dev = until(pick, ok, "a first model's errors")
    fig["train_error"], fig["dev_error"] = train, dev
    d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
    bias = d.avoidable_bias
    prompt7 = (
        f"Your first model has a training error of {num(train)} % and a dev error of "
        f"{num(dev)} % (`birds.data.train_error`, `birds.data.dev_error`). Using your estimate "
        "of Bayes error from question 6, how large is the avoidable bias, in percentage points?"
    )
    wrong7 = {"typical person": rounded(train - typical, 6),
              "single expert": rounded(train - expert, 6),
              "dev instead of training": rounded(dev - t, 6), "variance": rounded(dev - train, 6),
              "fraction": rounded(bias / 100, 6)}
    check_roles(s7, wrong7)
    expl7 = (
        f"**{points_text(bias)}**: training error minus the Bayes estimate, {num(train)} − "
        f"{num(t)}. It is the part of the training error that a better fit could still remove.\n"
        f"- {num(dev)} − {num(t)} = {num(dev - t)} mixes in the variance; avoidable bias "
        "looks at the training set only.\n"
        f"- {num(dev)} − {num(train)} = {num(dev - train)} is the variance, the other gap.\n"
        f"- Measuring from a typical resident ({num(typical)} %) or a single ornithologist "
        f"({num(expert)} %) instead of the best human level understates what is avoidable."
    )
    q7 = solved(s7, 7, prompt7, (), bias, expl7, wrong7)
    other = _VAR if case == _BIAS else _BIAS
    prompt8 = (
        "With the same numbers (Bayes estimate, training error, dev error), which problem "
        "should the team work on first?"
    )
    wrong8 = {"the smaller gap": other, "data mismatch": _MISMATCH,
              "dev set overfitting": _OVERFIT}
    check_roles(s8, wrong8)
    expl8 = (
        f"**{case}**. Avoidable bias = {num(train)} − {num(t)} = {points_text(d.avoidable_bias)}"
        f"; variance = {num(dev)} − {num(train)} = {points_text(d.variance)}. The "
        f"larger gap is {case}, so that is where the biggest gain is "
        f"(`diagnose(human={num(t)}, train={num(train)}, dev={num(dev)}, "
        "unit=\"percent\").focus`).\n"
        f"- {other}: the smaller gap; reducing it to zero would gain less.\n"
        "- data mismatch and dev set overfitting cannot even be measured here: there is no "
        "training-dev set and no test error."
    )
    q8 = solved(s8, 8, prompt8, (), case, expl8, wrong8)
    fig["first_focus"] = case
    return q7, q8


_ACTIONS = {
    _BIAS: (("bigger", "Train a bigger network (more layers or more hidden units)."),
            ("longer", "Train longer, or switch to a better optimiser such as Adam.")),
    _VAR: (("more data", "Get more training data (label more camera images)."),
           ("regularise", "Add regularisation, such as L2 weight decay or dropout.")),
}
_UNRELATED = (("bigger dev", "Get a bigger dev set.",
               "a bigger dev set makes measurements more precise; it does not change the "
               "model's bias or variance."),
              ("f1", "Switch the metric from accuracy to the F1 score.",
               "changing the metric changes what you measure, not how well the model fits or "
               "generalises."))


def _b_q09(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q09"]
    train, dev, t = fig["train_error"], fig["dev_error"], fig["bayes_estimate"]
    focus = strategy.diagnose(human=t, train=train, dev=dev, unit="percent").focus[0]
    other = _VAR if focus == _BIAS else _BIAS
    unrelated = draw.pick(_UNRELATED)
    what = {_BIAS: "helps the model fit the training set better, which reduces avoidable bias",
            _VAR: "helps the model carry what it learnt over to new images, which reduces "
                  "variance"}
    items = [Item(tag, text, problem == focus,
                   f"it {what[problem]}" + ("." if problem == focus else
                                            f" — but {focus} is the larger gap now."))
             for problem in (_BIAS, _VAR) for tag, text in _ACTIONS[problem]]
    items.append(Item(unrelated[0], unrelated[1], False, unrelated[2]))
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.tag in dict(_ACTIONS[focus]))
    mine, theirs = [tag for tag, _ in _ACTIONS[focus]], [tag for tag, _ in _ACTIONS[other]]
    wrong = set_roles(options, answer,
                       add={"other problem 1": theirs[0], "other problem 2": theirs[1],
                            "unrelated": unrelated[0]},
                       drop={"missing 1": mine[0], "missing 2": mine[1]})
    prompt = (
        "Given what you found in question 8, which of these actions are likely to help now? "
        "Answer with the set of letters of every action that addresses the problem to work on "
        "first."
    )
    lead = f"Solved 8 found that {focus} is the larger gap."
    return letters_question(spec, 9, prompt, options, answer, wrong, lead)


def _b_q10(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q10"]
    t = fig["bayes_estimate"]

    def row(case: str) -> tuple[float, float]:
        if case == _BIAS:
            bias = draw.grid(0.6, 2.5, 0.1)
            var = draw.grid(0.1, round(0.3 * bias, 1), 0.1)
        else:
            bias = draw.grid(0.1, 0.6, 0.1)
            var = draw.grid(max(0.5, round(bias / 0.3 + 0.05, 1)), 3.0, 0.1)
        train = rounded(t + bias)
        return train, rounded(train + var)

    def pick() -> tuple[tuple[str, float, float], ...]:
        n_var = draw.integer(1, 4)
        cases = draw.shuffled([_VAR] * n_var + [_BIAS] * (5 - n_var))
        return tuple((case, *row(case)) for case in cases)

    def ok(rows: tuple[tuple[str, float, float], ...]) -> bool:
        seen = set()
        for case, train, dev in rows:
            d = strategy.diagnose(human=t, train=train, dev=dev, unit="percent")
            gaps = sorted([d.avoidable_bias, d.variance])
            if d.focus != (case,) or gaps[0] > 0.35 * gaps[1] or (train, dev) in seen:
                return False
            seen.add((train, dev))
        return True

    rows = until(pick, ok, "five models' errors")
    table_rows = tuple((LETTERS[i], train, dev) for i, (_, train, dev) in enumerate(rows))

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in table_rows], index=[r[0] for r in table_rows],
                             columns=["train_error", "dev_error"])
        frame.index.name = "model"
        return frame

    answer = frozenset(
        name for name, train, dev in table_rows
        if strategy.diagnose(human=t, train=train, dev=dev, unit="percent").focus[0] == _VAR
    )
    md = md_table(["model", "training error (%)", "dev error (%)"],
                   [(n, num(a), num(b)) for n, a, b in table_rows])
    prompt = (
        "Over the months the team trained five quite different models (`birds.data.snapshots`, "
        "errors in percent); the human levels of question 6 still hold.\n\n"
        f"{md}\n\n"
        "For which models is **variance** the larger problem (larger than avoidable bias)? "
        "Answer with a set of letters."
    )
    letters = frozenset(LETTERS[:5])
    wrong = {"swapped": letters - answer, "every model": letters}
    items = []
    for name, train, dev in table_rows:
        b, v = rounded(train - t), rounded(dev - train)
        is_var = name in answer
        verdict = "variance is larger" if is_var else "avoidable bias is larger"
        items.append(SolvedOption(name, f"model {name}", _VAR if is_var else _BIAS, is_var,
                            f"avoidable bias {num(train)} − {num(t)} = {num(b)}, variance "
                            f"{num(dev)} − {num(train)} = {num(v)}: {verdict}."))
    question = letters_question(spec, 10, prompt, tuple(items), answer, wrong)
    return question, table_rows


def _b_q11(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q11"]
    t = fig["bayes_estimate"]
    panel = _HUMANS[3]
    surpassed = draw.chance()

    def pick() -> tuple[float, float]:
        if surpassed:
            train = rounded(t * draw.grid(0.4, 0.7, 0.05))
        else:
            train = rounded(t + draw.grid(0.3, 0.8, 0.05))
        return train, rounded(train + draw.grid(0.05, 0.2, 0.05))

    def ok(v: tuple[float, float]) -> bool:
        return v[0] > 0 and abs(v[0] - t) >= 0.04

    train, dev = until(pick, ok, "a late model's errors")
    fig["late_train_error"], fig["late_dev_error"] = train, dev
    beaten = strategy.surpassed_human(train=train, human=t, unit="percent")
    prompt = (
        f"Many months later, the best model has a training error of {num(train)} % and a dev "
        f"error of {num(dev)} %; {panel} still reaches {num(t)} % "
        "(`birds.data.late_train_error`, `birds.data.late_dev_error`). Which statement is right?"
    )
    items = [
        Item("surpassed", "The model now makes fewer training mistakes than the best human "
              "level; human-level error no longer tells you how much avoidable bias is left, "
              "and further progress is likely to be slower.", beaten,
              f"Training error {num(train)} % is below the panel's {num(t)} %: the human "
              "level has been passed, so it is no longer a useful upper bound for Bayes error, "
              "and tools that rely on people doing better than the model help less."
              if beaten else
              f"Training error {num(train)} % is still above the panel's {num(t)} %: the "
              "human level has not been passed yet."),
        Item("not yet", "The model is not yet as good as the best human level; the gap between "
              "its training error and the panel's error is avoidable bias that is still worth "
              "reducing.", not beaten,
              f"Training error {num(train)} % is above the panel's {num(t)} %: there are "
              f"{points_text(train - t)} of avoidable bias left, and people can still help "
              "(labels, error analysis)." if not beaten else
              f"Training error {num(train)} % is already below the panel's {num(t)} %."),
        Item("bayes is zero", "Bayes error must be 0 % here, so keep going until the training "
              "error is 0 %.", False,
              "Bayes error depends on the images (some are ambiguous even to experts); a "
              "good model does not make it 0."),
        Item("smaller network", "The model has learnt the training set too well; make the "
              "network smaller.", False,
              "A low training error is not a reason to shrink a network; variance is read from "
              "the gap between dev and training error, which is small here."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "surpassed" if beaten else "not yet")
    roles = {"opposite reading": "not yet" if beaten else "surpassed",
             "bayes is zero": "bayes is zero", "smaller network": "smaller network"}
    return letter_question(spec, 11, prompt, options, answer, roles)


#: what the generator works out for itself and never shows: answers (questions 6 and 8).
#: A learner's figures are data only; tests/flight/test_no_leaks.py holds this.
_PRIVATE = ("bayes_estimate", "first_focus")


@lru_cache(maxsize=256)
def _birds(normalized: str) -> SolvedScenario:
    seed = learner_seed(normalized, "birds")
    draw = Draw(seed)
    fig: dict[str, Any] = {
        "n_images": draw.integer(5_000_000, 20_000_000, 500_000),
        "max_runtime_ms": draw.pick((50, 80, 100, 120, 150, 200)),
        "max_memory_mb": float(draw.pick((5, 8, 10, 12, 16, 20))),
    }
    q01 = _b_q01(draw, fig)
    q02, model_rows = _b_q02(draw, fig)
    questions = [q01, q02, _b_q03(draw, fig), _b_q04(draw, fig), _b_q05(draw, fig),
                 _b_q06(draw, fig)]
    questions += list(_b_q07_q08(draw, fig))
    questions.append(_b_q09(draw, fig))
    q10, snapshot_rows = _b_q10(draw, fig)
    questions += [q10, _b_q11(draw, fig), b_q12(draw, fig)]
    q13, weighted_rows = b_q13(draw, fig)
    questions += [q13, b_q14(draw, fig), b_q15(draw, fig)]
    questions += more_birds_questions(draw, fig)

    tables = {
        "models": table(model_rows, ["accuracy", "runtime_ms", "memory_mb"]),
        "snapshots": table(snapshot_rows, ["train_error", "dev_error"]),
        "weighted_models": table(weighted_rows, ["other_mistakes", "critical_mistakes"]),
    }
    story = (
        "## The brief: birds over Peacetopia\n\n"
        "Peacetopia was a quiet city until flocks of birds started crossing it. The city council "
        "wants an alarm: a program that looks at each image from the city's security cameras "
        "and says whether a bird is in it (y = 1) or not (y = 0). Over the years the cameras "
        f"have produced **{count(fig['n_images'])} images**, each labelled by the council's "
        "staff.\n\n"
        "The council's requirements:\n\n"
        "- the alarm should be as accurate as possible;\n"
        f"- it must process one image in at most **{fig['max_runtime_ms']} ms**, since the "
        "cameras send images all the time;\n"
        f"- it must fit in **{num(fig['max_memory_mb'], 1)} MB** of memory, because it runs on "
        "the cameras' small computers.\n\n"
        "You lead the machine learning team. The questions follow about a year of the project; "
        "each one asks for a decision. The figures are in `birds.data` "
        "(e.g. `birds.data.n_images`)."
    )
    public = {k: v for k, v in fig.items() if k not in _PRIVATE}
    scenario = Scenario("birds", "Bird recognition in the city of Peacetopia", normalized,
                        "w1_12_", story, Figures(public, tables),
                        tuple(s.question for s in questions))
    return SolvedScenario(scenario, {s.question.id: s.solution for s in questions})


def solve_birds(learner_id: str = DEFAULT_LEARNER) -> SolvedScenario:
    """The week-1 flight simulator for one learner: birds over Peacetopia, with its solutions.

    Parameters
    ----------
    learner_id : str, default ""
        The learner id; ``""`` gives the default numbers. Case and surrounding spaces do
        not matter.

    Returns
    -------
    SolvedScenario
        The learner's scenario (what they see) and the solution of each question.

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string.

    Examples
    --------
    >>> birds = solve_birds("ada")
    >>> [q.id for q in birds.questions][:3]
    ['q01', 'q02', 'q03']
    >>> birds.data.n_images == solve_birds(" ADA ").data.n_images
    True
    >>> from course_lib.metrics import pick_best
    >>> limits = {"runtime_ms": ("<=", birds.data.max_runtime_ms),
    ...           "memory_mb": ("<=", birds.data.max_memory_mb)}
    >>> pick_best(birds.data.models, "accuracy", limits) == birds.answer("q02")
    True
    """
    found = _birds(normalize_learner_id(learner_id))
    return SolvedScenario(found.scenario.with_learner_id(learner_id), found.solutions)
