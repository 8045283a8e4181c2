"""Exercises of week 3, notebook 02: learning curves done right."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib.exercises.compare import Array, Label
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.learning_curve_reading import (
    BOTH,
    FINE,
    HIGH_BIAS,
    HIGH_VARIANCE,
    REGIMES,
    LearningCurveResult,
    read_learning_curve,
    stratified_subset,
)

#: The notebook's data: digits, a dev set of this many images, the rest to train on.
DEV_SIZE = 600
DATA_SEED = 0
#: Training-set sizes, repeats per size, and the error the notebook aims for.
SIZES = (30, 60, 120, 250, 500, 1000)
REPEATS = 5
DESIRED_ERROR = 0.02
#: How many times the team's data the ten-times decision asks about.
DATA_FACTOR = 10


# --- class quotas of a stratified subset -------------------------------------------------------

def class_quotas(y: Any, size: int) -> np.ndarray:
    """Reference: how many examples of each class (in sorted label order) the library's
    :func:`course_lib.learning_curve_reading.stratified_subset` draws (a wrapper of its own,
    so that grading stubs the exercise and not the library function the notebook uses)."""
    labels = np.asarray(y)
    picked = labels[stratified_subset(labels, size, seed=0)]
    return np.array([int(np.sum(picked == c)) for c in np.unique(labels)])


def _counts(y: Any) -> tuple[np.ndarray, np.ndarray]:
    _, counts = np.unique(np.asarray(y), return_counts=True)
    return counts, counts / counts.sum()


def _largest_remainders(exact: np.ndarray, size: int, order: np.ndarray | None = None
                        ) -> np.ndarray:
    quotas = np.floor(exact).astype(int)
    leftover = size - int(quotas.sum())
    if order is None:
        order = np.lexsort((np.arange(len(exact)), -(exact - quotas)))
    quotas[order[:leftover]] += 1
    return quotas


def _at_least_one(quotas: np.ndarray, size: int) -> np.ndarray:
    quotas = quotas.copy()
    if size >= len(quotas):
        for k in np.flatnonzero(quotas == 0):
            donor = int(np.argmax(quotas))
            quotas[donor] -= 1
            quotas[k] = 1
    return quotas


def _floor_only(y: Any, size: int) -> np.ndarray:
    counts, share = _counts(y)
    return _at_least_one(np.floor(size * share).astype(int), size)


def _rounded(y: Any, size: int) -> np.ndarray:
    counts, share = _counts(y)
    return _at_least_one(np.round(size * share).astype(int), size)


def _to_biggest(y: Any, size: int) -> np.ndarray:
    counts, share = _counts(y)
    exact = size * share
    order = np.lexsort((np.arange(len(counts)), -counts))
    return _at_least_one(_largest_remainders(exact, size, order), size)


def _none_left_out_forgotten(y: Any, size: int) -> np.ndarray:
    counts, share = _counts(y)
    return _largest_remainders(size * share, size)


def _order_of_appearance(y: Any, size: int) -> np.ndarray:
    labels = list(np.asarray(y))
    seen = list(dict.fromkeys(labels))
    counts = np.array([labels.count(c) for c in seen])
    exact = size * counts / counts.sum()
    return _at_least_one(_largest_remainders(exact, size), size)


def _quota_cases() -> list[Case]:
    return [
        Case("ten balanced classes, 20 examples", ([d for d in range(10) for _ in range(10)], 20)),
        Case("80% against 20%", ([0] * 80 + [1] * 20, 10)),
        Case("four equal classes, 6 examples", ([0, 1, 2, 3] * 5, 6),
             hint="1.5 each: two classes get 2 and two get 1, the first ones in label order "
                  "on a tie."),
        Case("shares 60/30/10, 5 examples", ([0] * 6 + [1] * 3 + [2], 5)),
        Case("a rare class in a subset of 10", ([0] * 95 + [1] * 3 + [2] * 2, 10),
             hint="when the subset has room for every class, each class gets at least one "
                  "example."),
        Case("string labels, in sorted order", (["dog"] * 5 + ["cat"] * 3 + ["emu"] * 2, 10),
             hint="give the counts in the order np.unique sorts the labels in."),
        Case("fewer examples than classes", ([d for d in range(10) for _ in range(10)], 3)),
        Case("the whole training set", ([2, 2, 1, 0, 1, 2], 6)),
    ]


register(
    Exercise(
        id="w3_02_class_quotas",
        title="how many examples of each class a stratified subset takes",
        kind="function",
        reference=class_quotas,
        compare=Array(),
        signature="class_quotas(y, size)",
        visible=_quota_cases,
        mistakes=(
            Mistake("floor only", _floor_only,
                    "rounding every class down loses examples: the counts must add up to "
                    "`size`. Give the missing ones to the classes with the largest remainders."),
            Mistake("rounded", _rounded,
                    "rounding each class on its own can give one example too many or too few: "
                    "round down first, then hand out what is missing by largest remainder."),
            Mistake("leftovers to the biggest classes", _to_biggest,
                    "the examples left over go to the classes with the largest *fractional "
                    "parts* of size * share, not to the largest classes."),
            Mistake("a class left out", _none_left_out_forgotten,
                    "when `size` is at least the number of classes, a class with a quota of 0 "
                    "gets one example, taken from the class with the largest quota."),
            Mistake("order of appearance", _order_of_appearance,
                    "give the counts in sorted label order (as np.unique returns the classes), "
                    "not in the order the labels first appear."),
        ),
        hints=(
            "A stratified subset keeps the class shares of `y`: class k gets about size * "
            "share_k examples. The work is in turning those fractions into whole numbers that "
            "add up to `size`, without dropping a rare class.",
            "`np.unique(y, return_counts=True)` gives the classes in sorted order and their "
            "counts. Round every `size * share` down, give the leftover examples one each to the "
            "largest fractional parts (`np.lexsort` breaks ties by class order), then, if `size` "
            "is at least the number of classes, give each class at 0 one example taken from the "
            "class with the largest quota (`np.argmax`).",
        ),
    ),
)


# --- reading a learning curve ----------------------------------------------------------------

def curve_regime(train_error: float, dev_error: float, desired_error: float,
                 tolerance: float = 0.01, relative_gap: float = 0.5) -> str:
    """Reference: the regime :func:`course_lib.learning_curve_reading.read_learning_curve`
    names for a curve whose right end has these errors (a wrapper of its own, so that
    grading stubs the exercise and not the library function)."""
    curve = LearningCurveResult.from_errors([1], [train_error], [dev_error])
    return read_learning_curve(curve, desired_error, tolerance=tolerance,
                               relative_gap=relative_gap).regime


def _regime(t: float, d: float, g: float, tol: float, rel: float, *, bias_from: float | None = None,
            relative: bool = True, need_gap: bool = True) -> str:
    b = t - (g if bias_from is None else bias_from)
    v = d - t
    bias = b > tol
    big = (v > tol or not need_gap) and d > g + tol and (not bias or not relative or v >= rel * b)
    return BOTH if bias and big else HIGH_BIAS if bias else HIGH_VARIANCE if big else FINE


def _against_zero(t: float, d: float, g: float, tolerance: float = 0.01,
                  relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, tolerance, relative_gap, bias_from=0.0)


def _no_relative(t: float, d: float, g: float, tolerance: float = 0.01,
                 relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, tolerance, relative_gap, relative=False)


def _no_tolerance(t: float, d: float, g: float, tolerance: float = 0.01,
                  relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, 0.0, relative_gap)


def _fixed_tolerance(t: float, d: float, g: float, tolerance: float = 0.01,
                     relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, 0.01, relative_gap)


def _fixed_relative(t: float, d: float, g: float, tolerance: float = 0.01,
                    relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, tolerance, 0.5)


def _dev_only(t: float, d: float, g: float, tolerance: float = 0.01,
              relative_gap: float = 0.5) -> str:
    return _regime(t, d, g, tolerance, relative_gap, relative=False, need_gap=False)


def _regime_cases() -> list[Case]:
    return [
        Case("both curves high and close", (0.10, 0.12, 0.02)),
        Case("training error 0, dev error far above", (0.0, 0.15, 0.02)),
        Case("training error above the goal, and a big gap", (0.08, 0.20, 0.02)),
        Case("at the goal", (0.02, 0.025, 0.02)),
        Case("training error a little above 0 but near the goal", (0.025, 0.04, 0.02),
             hint="bias is measured from the desired error, not from 0."),
        Case("a gap smaller than half the bias", (0.09, 0.115, 0.02)),
        Case("differences within the tolerance", (0.015, 0.025, 0.01),
             hint="a difference counts only when it is *more* than the tolerance."),
        Case("a wide tolerance", (0.10, 0.12, 0.02), {"tolerance": 0.1}),
        Case("relative_gap=0.25", (0.10, 0.13, 0.02), {"relative_gap": 0.25}),
    ]


register(
    Exercise(
        id="w3_02_curve_regime",
        title="high bias, high variance, both, or fine: read the right end of the curves",
        kind="function",
        reference=curve_regime,
        compare=Label(choices=REGIMES),
        signature="curve_regime(train_error, dev_error, desired_error, tolerance=0.01, "
                  "relative_gap=0.5)",
        visible=_regime_cases,
        mistakes=(
            Mistake("bias measured from zero", _against_zero,
                    "bias is how far the training error sits above the *desired* error: "
                    "train - desired, not the training error itself."),
            Mistake("any gap is variance", _no_relative,
                    "with high bias, the gap counts as big only when it is at least "
                    "relative_gap times the bias gap; a smaller one is left to the bias."),
            Mistake("no tolerance", _no_tolerance,
                    "differences up to the tolerance are noise: compare with `> tolerance`, "
                    "not with `> 0`."),
            Mistake("tolerance fixed", _fixed_tolerance,
                    "use the tolerance argument, not a fixed 0.01."),
            Mistake("relative gap fixed", _fixed_relative,
                    "use the relative_gap argument, not a fixed 0.5."),
            Mistake("dev error against the goal only", _dev_only,
                    "variance is the gap between the dev and the training curve; a dev error "
                    "above the goal can come from bias alone."),
        ),
        hints=(
            "Two gaps decide: how far the training error sits above the desired error (bias), "
            "and how far the dev error sits above the training error (variance). Each counts "
            "only when it is more than the tolerance.",
            "With b = train - desired and v = dev - train: high bias when b > tolerance; a "
            "big gap when v > tolerance, dev > desired + tolerance and, if there is high bias "
            "too, v >= relative_gap * b. Both together give 'both'; neither gives 'fine'.",
        ),
    ),
)


# --- decisions -------------------------------------------------------------------------------

def curve_table(sizes: list[int], train: list[float], dev: list[float]) -> str:
    """A learning curve as a Markdown table (sizes in columns, errors in percent)."""
    head = "| training examples | " + " | ".join(f"{n:,}" for n in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    rows = [f"| {name} | " + " | ".join(f"{100 * v:.1f}%" for v in values) + " |"
            for name, values in (("training error", train), ("dev error", dev))]
    return "\n".join([head, rule, *rows])


ACTION_OPTIONS = {
    "more_data": "Collect more training data.",
    "bigger_model": "Reduce bias: a bigger model, better features or less regularisation; "
                    "more data alone will not do it.",
    "both": "Work on both: reduce bias (bigger model, better features) and variance (more "
            "data, regularisation).",
    "set_goal": "First decide the desired error (for instance, measure how well people do) "
                "and draw it on the plot: the curves alone cannot tell.",
}

_TASKS = ["classifies photos of skin lesions", "reads the amounts on scanned invoices",
          "flags defective parts on a production line", "recognises spoken digits",
          "sorts customer e-mails into departments"]
_CURVE_SIZES = [250, 500, 1_000, 2_000, 4_000]


def _curve(rng: Any, asymptote: float, spread: float, gap_end: float) -> tuple[list, list]:
    """A textbook pair of curves: the training error rises towards, the dev error falls
    towards the asymptote, both flattening as the training set doubles."""
    steps = np.arange(len(_CURVE_SIZES))[::-1].astype(float)  # doublings from the right end
    grow = float(rng.uniform(1.4, 1.8))
    shape = (grow**steps - 1) / (grow ** steps[0] - 1)      # 1 at the left end, 0 at the right
    train_end = asymptote - gap_end * float(rng.uniform(0.3, 0.5))
    dev_end = train_end + gap_end
    train = np.clip(train_end - spread * shape, 0, 1)
    dev = dev_end + (spread + gap_end) * float(rng.uniform(1.0, 2.0)) * shape
    return [round(float(v), 3) for v in train], [round(float(v), 3) for v in np.clip(dev, 0, 1)]


def _curve_action(rng: Any) -> Situation:
    task = _TASKS[int(rng.integers(len(_TASKS)))]
    case = ["high variance", "both", "high bias", "no goal"][int(rng.integers(4))]
    goal = round(float(rng.uniform(0.02, 0.05)), 3)
    wanted = {"high bias": HIGH_BIAS, "high variance": HIGH_VARIANCE, "both": BOTH,
              "no goal": HIGH_BIAS}[case]
    while True:
        if case in ("high bias", "no goal"):
            train, dev = _curve(rng, goal + float(rng.uniform(0.04, 0.09)),
                                float(rng.uniform(0.01, 0.03)), float(rng.uniform(0.005, 0.015)))
        elif case == "high variance":
            train, dev = _curve(rng, goal - float(rng.uniform(0.005, 0.015)),
                                float(rng.uniform(0.005, 0.015)), float(rng.uniform(0.05, 0.12)))
        else:
            train, dev = _curve(rng, goal + float(rng.uniform(0.04, 0.08)),
                                float(rng.uniform(0.01, 0.03)), float(rng.uniform(0.06, 0.12)))
        reading = read_learning_curve(LearningCurveResult.from_errors(_CURVE_SIZES, train, dev),
                                      goal)
        if reading.regime == wanted and min(train) >= 0:
            break
    if case == "no goal":
        ending = ("Nobody has said what error would be good enough, and nobody knows how well "
                  "people do on this task.")
        data = {"sizes": _CURVE_SIZES, "train": train, "dev": dev, "desired_error": None}
    else:
        ending = (f"The product needs a dev error of at most **{goal:.1%}**, about what "
                  "trained people achieve.")
        data = {"sizes": _CURVE_SIZES, "train": train, "dev": dev, "desired_error": goal}
    prompt = (
        f"A team's model {task}. It drew these learning curves, each point averaged over "
        f"several random subsets:\n\n{curve_table(_CURVE_SIZES, train, dev)}\n\n{ending} "
        "What should the team work on?"
    )
    return Situation(prompt, ACTION_OPTIONS, data)


register_decision(DecisionSpec(
    id="w3_02_curve_action",
    title="what these learning curves call for",
    build=_curve_action,
    mistakes=(
        ("more data always helps",
         "more data narrows the gap between the curves, and only that: it cannot bring the "
         "dev error below a training error that rises with every example. Read the training "
         "curve against the desired error first, if there is one."),
        ("mixed up the two gaps",
         "bias is the training error above the desired error (measured from that line, not "
         "from zero); variance is the dev error above the training error. A bigger model "
         "attacks the first, more data the second: check which one is large, and whether "
         "there is a desired error to measure the first from."),
        ("saw two problems",
         "'both' needs a training error clearly above the desired error *and* a gap between "
         "the curves comparable to that excess."),
        ("always wants a goal first",
         "the desired error is given here: draw it as a line and read the curves against "
         "it."),
    ),
    hints=(
        "Read the right end of the curves: where the training error sits against the desired "
        "error, and how far the dev error sits above the training error. Is there a desired "
        "error to compare with at all?",
        "Training error above the goal is bias, which data cannot fix; a large gap with the "
        "training error at the goal is variance, which data can. Without a goal, the training "
        "error's level means nothing yet.",
    ),
))


TEN_X_OPTIONS = {
    "collect": "Collect the data: extrapolated, the dev error gets down to the goal.",
    "not_alone": "Do not count on the data alone: even an optimistic extrapolation leaves the "
                 "dev error above the goal, so change the model as well, or first.",
    "stop": "Stop collecting data altogether: the dev curve has flattened, and more data will "
            "not change anything.",
}

#: Months it takes to label the data the decision asks about.
_MONTHS = (3, 4, 6, 9)


def per_doubling(dev: list[float]) -> float:
    """How much the dev error fell per doubling over the last two doublings (positive)."""
    return (dev[-3] - dev[-1]) / 2


def extrapolate(train: list[float], dev: list[float], factor: float = DATA_FACTOR, *,
                floor: bool = True) -> float:
    """The dev error at ``factor`` times the data, continuing the last two doublings' line on
    a log axis (optimistic, since curves flatten), and never below the training error."""
    projected = dev[-1] - per_doubling(dev) * math.log2(factor)
    return max(projected, train[-1]) if floor else projected


def linear_extrapolation(sizes: list[int], dev: list[float], factor: float = DATA_FACTOR
                         ) -> float:
    """The wrong extrapolation: the last step's gain *per added example*, continued."""
    per_example = (dev[-2] - dev[-1]) / (sizes[-1] - sizes[-2])
    return dev[-1] - per_example * (factor - 1) * sizes[-1]


def _ten_x(rng: Any) -> Situation:
    case = ["reach", "short", "floor"][int(rng.integers(3))]
    n0 = int(rng.choice([500, 1_000, 2_500]))
    sizes = [n0 * 2**k for k in range(4)]
    goal = round(float(rng.uniform(0.02, 0.06)), 3)
    log10x = math.log2(DATA_FACTOR)
    while True:
        if case == "short":
            s = float(rng.uniform(0.003, 0.01))
            end = goal + log10x * s + float(rng.uniform(0.012, 0.04))
            t = goal - float(rng.uniform(0.005, 0.02))
        else:
            s = float(rng.uniform(0.012, 0.025))
            if case == "reach":
                end = float(rng.uniform(goal + s + 0.006, goal - 0.009 + log10x * s))
                t = goal - float(rng.uniform(0.01, 0.02))
            else:
                t = float(rng.uniform(goal + 0.012, goal - 0.017 + log10x * s))
                end = float(rng.uniform(max(t + 0.01, goal + s + 0.006),
                                        max(t + 0.011, goal - 0.006 + log10x * s)))
        shrink = float(rng.uniform(1.1, 1.4))
        last = 2 * s / (1 + shrink)           # the last two drops average s
        drops = [last * shrink**2, last * shrink, last]
        dev = [end + sum(drops[k:]) for k in range(3)] + [end]
        rise = float(rng.uniform(0.002, 0.008))
        train = [max(0.0, t - rise * (3 - k)) for k in range(4)]
        dev = [round(v, 3) for v in dev]
        train = [round(v, 3) for v in train]
        projected = extrapolate(train, dev)
        naive = extrapolate(train, dev, floor=False)
        one_step = extrapolate(train, dev, 2)
        ok = {"reach": projected <= goal - 0.005 and one_step > goal + 0.003,
              "short": projected >= goal + 0.008,
              "floor": train[-1] >= goal + 0.008 and naive <= goal - 0.003}[case]
        if case != "reach":
            ok = ok and linear_extrapolation(sizes, dev) <= goal - 0.003
        if ok and t >= 0 and dev[-1] > train[-1]:
            break
    months = int(rng.choice(_MONTHS))
    prompt = (
        f"A team has **{sizes[-1]:,}** labelled examples. Its learning curves, each point "
        f"averaged over several random subsets:\n\n{curve_table(sizes, train, dev)}\n\n"
        f"It aims for a dev error of **{goal:.1%}**. Labelling {DATA_FACTOR} times as much "
        f"data (**{DATA_FACTOR * sizes[-1]:,}** examples in all) would take **{months}** "
        "months. What do you advise?"
    )
    return Situation(prompt, TEN_X_OPTIONS, {"sizes": sizes, "train": train, "dev": dev,
                                             "desired_error": goal, "factor": DATA_FACTOR,
                                             "months": months})


register_decision(DecisionSpec(
    id="w3_02_ten_x",
    title="is ten times the data worth it?",
    build=_ten_x,
    mistakes=(
        ("misread the extrapolation",
         "ten times the data is log2(10), about 3.3 doublings: continue the last two "
         "doublings' drop that far (an optimistic figure, since curves flatten), stop at the "
         "training error, and compare the result with the goal."),
        ("linear in the number of examples",
         "the dev error falls by roughly the same amount per *doubling*, not per added "
         "example; per example, the gains shrink fast."),
        ("training curve ignored",
         "the dev error stays above the training error, and the training error rises with "
         "more data: the extrapolated dev error cannot go below it."),
        ("flat means finished",
         "the dev curve is still falling at the right end; it flattens, but more data still "
         "buys something."),
    ),
    hints=(
        "On a log axis of training examples, continue the dev curve from its last two "
        "doublings. Ten times the data is a little over three doublings. Then remember the "
        "training curve.",
        "Extrapolating the last steps is optimistic, since curves flatten: if even that misses "
        "the goal, data alone will not reach it. And the dev error cannot drop below the "
        "training error, which is still rising.",
    ),
))
