"""Exercises of week 3, notebook 01: eyeball and blackbox dev sets."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from course_lib import dev_set_design
from course_lib.exercises.compare import Boolean, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments.eyeball_experiment import tuning_rounds

#: The notebook's dev set: its size and the starting model's error rate.
DEV_SIZE = 6_000
START_ERROR = 0.08
#: Rounds of work the simulated teams do, and the simulation's seed.
ROUNDS = 7
SEED = 0
#: The smallest blackbox set the decisions accept for tuning.
MIN_BLACKBOX = 1_000


# --- eyeball set size ----------------------------------------------------------------------

def eyeball_size(error_rate: float, mistakes_to_see: int = 100) -> int:
    """Reference: :func:`course_lib.dev_set_design.eyeball_size` (a wrapper of its own, so
    that grading this notebook stubs the exercise and not the library function the notebook's
    later cells use)."""
    return dev_set_design.eyeball_size(error_rate, mistakes_to_see)


def _size_cases() -> list[Case]:
    return [
        Case("5% error, 100 mistakes", (0.05,)),
        Case("10% error, only 10 mistakes wanted", (0.10, 10),
             hint="use the mistakes_to_see argument: 100 is only its default."),
        Case("3% error: 100 / 0.03 is not a whole number", (0.03,),
             hint="a share of a mistake is not enough: round the size *up*."),
        Case("a coin flip: 50% error", (0.5,)),
        Case("1% error, 50 mistakes", (0.01, 50)),
        Case("7% error", (0.07,)),
        Case("a model wrong on everything", (1.0,)),
    ]


register(
    Exercise(
        id="w3_01_eyeball_size",
        title="how many eyeball examples give enough mistakes to read",
        kind="function",
        reference=eyeball_size,
        compare=Number(integer=True),
        signature="eyeball_size(error_rate, mistakes_to_see=100)",
        visible=_size_cases,
        mistakes=(
            Mistake("rounded down", lambda e, m=100: int(m / e),
                    "int() drops the fraction, and then the set holds a little fewer mistakes "
                    "than wanted on average: round up with math.ceil."),
            Mistake("rounded to nearest", lambda e, m=100: round(m / e),
                    "round() sometimes goes down; a size that must be *at least* something is "
                    "rounded up, with math.ceil."),
            Mistake("multiplied", lambda e, m=100: math.ceil(m * e),
                    "that is how many mistakes m examples hold; you want the examples that hold "
                    "m mistakes: divide by the error rate."),
            Mistake("default ignored", lambda e, m=100: math.ceil(100 / e),
                    "use the mistakes_to_see argument instead of a fixed 100."),
            Mistake("float returned", lambda e, m=100: float(math.ceil(m / e)),
                    "a number of examples is an int: math.ceil returns one, a float such as "
                    "2000.0 is not."),
        ),
        hints=(
            "A model with error rate e gets about e * n of n examples wrong. Turn that around: "
            "how many examples must you look at to meet `mistakes_to_see` mistakes?",
            "Divide the number of mistakes wanted by the error rate, then round *up* to a whole "
            "number of examples with `math.ceil` (it returns an `int`).",
        ),
    ),
)


# --- is the eyeball set overfit? -------------------------------------------------------------

def eyeball_overfit(eyeball_errors: Any, blackbox_errors: Any, ratio: float = 2.0,
                    margin: float = 0.01) -> bool:
    """Reference: :func:`course_lib.dev_set_design.eyeball_overfit` as a plain bool (a wrapper
    of its own, so that grading stubs the exercise and not the library function)."""
    return bool(dev_set_design.eyeball_overfit(eyeball_errors, blackbox_errors, ratio=ratio,
                                               margin=margin))


def _gain(values: Any) -> float:
    v = np.asarray(values, dtype=float)
    return float(-np.polyfit(np.arange(len(v)), v, 1)[0])


def _end_gain(values: Any) -> float:
    v = np.asarray(values, dtype=float)
    return float((v[0] - v[-1]) / (len(v) - 1))


def _rule(eye_gain: float, box_gain: float, widening: float, ratio: float, margin: float,
          *, falls: bool = True, use_ratio: bool = True, use_margin: bool = True) -> bool:
    ok = eye_gain > 0 if falls else True
    faster = eye_gain >= ratio * box_gain if use_ratio else eye_gain > box_gain
    real = widening > margin if use_margin else True
    return bool(ok and faster and real)


def _by_slopes(eye: Any, box: Any, ratio: float, margin: float, **rules: bool) -> bool:
    e, b = _gain(eye), _gain(box)
    return _rule(e, b, (e - b) * (len(eye) - 1), ratio, margin, **rules)


def _endpoints(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    e, b = _end_gain(eye), _end_gain(box)
    return _rule(e, b, (e - b) * (len(eye) - 1), ratio, margin)


def _no_margin(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    return _by_slopes(eye, box, ratio, margin, use_margin=False)


def _no_fall(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    return _by_slopes(eye, box, ratio, margin, falls=False)


def _no_ratio(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    return _by_slopes(eye, box, ratio, margin, use_ratio=False)


def _fixed_ratio(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    return _by_slopes(eye, box, 2.0, margin)


def _fixed_margin(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    return _by_slopes(eye, box, ratio, 0.01)


def _last_gap(eye: Any, box: Any, ratio: float = 2.0, margin: float = 0.01) -> bool:
    e, b = _gain(eye), _gain(box)
    gap = float(np.asarray(box, dtype=float)[-1] - np.asarray(eye, dtype=float)[-1])
    return _rule(e, b, gap, ratio, margin)


def _overfit_cases() -> list[Case]:
    return [
        Case("the eyeball error falls five times as fast",
             ([0.10, 0.08, 0.06, 0.04], [0.10, 0.096, 0.092, 0.088])),
        Case("both errors fall together", ([0.10, 0.08, 0.06], [0.11, 0.09, 0.07])),
        Case("one lucky version, then back up",
             ([0.08, 0.05, 0.05, 0.06, 0.065], [0.08, 0.079, 0.078, 0.077, 0.076]),
             hint="fit a straight line through all the versions (np.polyfit with degree 1): "
                  "the first and last values alone are noisy."),
        Case("faster, but the gap grew less than the margin",
             ([0.08, 0.078, 0.076], [0.08, 0.0795, 0.079])),
        Case("both errors rise, the blackbox error faster",
             ([0.05, 0.051, 0.052], [0.05, 0.06, 0.07])),
        Case("1.5 times as fast, the default ratio is 2",
             ([0.10, 0.085, 0.07, 0.055], [0.10, 0.09, 0.08, 0.07])),
        Case("1.5 times as fast, with ratio=1.5",
             ([0.10, 0.085, 0.07, 0.055], [0.10, 0.09, 0.08, 0.07]), {"ratio": 1.5}),
        Case("five times as fast, but margin=0.05",
             ([0.10, 0.08, 0.06, 0.04], [0.10, 0.096, 0.092, 0.088]), {"margin": 0.05}),
        Case("a gap that was there from the start",
             ([0.06, 0.058, 0.056], [0.08, 0.0795, 0.079])),
    ]


register(
    Exercise(
        id="w3_01_eyeball_overfit",
        title="does the eyeball error fall clearly faster than the blackbox error?",
        kind="function",
        reference=eyeball_overfit,
        compare=Boolean(),
        signature="eyeball_overfit(eyeball_errors, blackbox_errors, ratio=2.0, margin=0.01)",
        visible=_overfit_cases,
        mistakes=(
            Mistake("first and last only", _endpoints,
                    "the trend of a set is the slope of a least-squares line through *all* its "
                    "versions, not the change from the first to the last one."),
            Mistake("margin ignored", _no_margin,
                    "two finite sets never move exactly together: the gap must also have grown "
                    "by more than the margin over the run."),
            Mistake("rising errors", _no_fall,
                    "when the eyeball error does not fall at all, nothing is being fitted to "
                    "it: require an eyeball gain above 0."),
            Mistake("faster is enough", _no_ratio,
                    "a little faster is noise: require the eyeball gain to be at least `ratio` "
                    "times the blackbox gain."),
            Mistake("ratio fixed", _fixed_ratio,
                    "use the ratio argument, not a fixed 2."),
            Mistake("margin fixed", _fixed_margin,
                    "use the margin argument, not a fixed 0.01."),
            Mistake("gap instead of its growth", _last_gap,
                    "a gap the sets had from the start is just chance in drawing them: compare "
                    "how much the gap *grew* over the run, from the two fitted slopes, with the "
                    "margin."),
        ),
        hints=(
            "Summarise each list by how fast it falls per version, from a straight line fitted "
            "through all its values. Overfitting means three things at once: the eyeball error "
            "falls, it falls at least `ratio` times as fast as the blackbox error, and the gap "
            "between the two sets grew by more than `margin`.",
            "`np.polyfit(np.arange(len(errors)), errors, 1)[0]` is a slope; the gain is minus "
            "the slope. The gap grew by (eyeball gain - blackbox gain) * (number of versions - "
            "1). Return a plain `bool`.",
        ),
    ),
)


# --- decisions -------------------------------------------------------------------------------

def _nice(x: float) -> int:
    """``x`` rounded to two significant digits."""
    digits = max(0, int(math.floor(math.log10(x))) - 1)
    return int(round(x / 10**digits) * 10**digits)


SPLIT_OPTIONS = {
    "fit_eyeball": "An eyeball set just big enough to hold about 100 of the model's mistakes; "
                   "every other example goes to the blackbox set.",
    "hundred_examples": "An eyeball set of 100 examples (the ones the team will read); the "
                        "rest goes to the blackbox set.",
    "halves": "Two equal halves: one eyeball set, one blackbox set.",
    "all_eyeball": "No split: the whole dev set becomes the eyeball set, read freely, "
                   "knowing that its error will turn optimistic.",
}

_HUMAN_TASKS = ["reading handwritten amounts on cheques", "spotting cracked tiles in photos",
                "transcribing short voice commands", "sorting product photos into categories",
                "reading licence plates from camera images"]


def _split_plan(rng: Any) -> Situation:
    task = _HUMAN_TASKS[int(rng.integers(len(_HUMAN_TASKS)))]
    error = float(rng.choice([0.02, 0.025, 0.04, 0.05, 0.08, 0.10]))
    need = dev_set_design.eyeball_size(error)
    if rng.random() < 0.5:
        n_dev = _nice((need + MIN_BLACKBOX) * float(rng.uniform(1.6, 4.0)))
    else:
        n_dev = _nice(min(need, 1_900) * float(rng.uniform(0.4, 0.95)))
    prompt = (
        f"A team is {task}, a task people do well. Its dev set has **{n_dev:,}** examples "
        f"and its model gets about **{error:.1%}** of them wrong. The team wants about 100 "
        "mistakes to read in its error analysis, and its hyperparameter choices need a "
        f"blackbox set of at least **{MIN_BLACKBOX:,}** examples to be worth having. How "
        "should it use its dev set?"
    )
    return Situation(prompt, SPLIT_OPTIONS, {"n_dev": n_dev, "error_rate": error,
                                             "mistakes_to_see": 100,
                                             "min_blackbox": MIN_BLACKBOX})


register_decision(DecisionSpec(
    id="w3_01_split_plan",
    title="how to split this dev set",
    build=_split_plan,
    mistakes=(
        ("counted examples, not mistakes",
         "the team reads *mistakes*, and only a share of the eyeball examples are mistakes: "
         "100 examples hold just a handful of them."),
        ("split in halves",
         "the eyeball set has one job, to hold enough mistakes to read; size it for that, "
         "not as a share of the dev set."),
        ("misjudged what the dev set can hold",
         "add up what the two sets need (the eyeball set for about 100 mistakes at this "
         "error rate, the blackbox set its minimum) and compare with the dev set's size."),
    ),
    hints=(
        "Work out how many examples hold about 100 mistakes at this error rate, and what is "
        "left for the blackbox set after that.",
        "If the dev set holds both sets, size the eyeball set for the mistakes and give the "
        "rest to the blackbox set. If it cannot, ask which of the two a team doing a task "
        "people do well can least do without.",
    ),
))


OVERFIT_OPTIONS = {
    "keep_going": "Carry on as now: read the eyeball set's mistakes, measure on the blackbox "
                  "set.",
    "new_eyeball": "Build a fresh eyeball set from examples moved out of the blackbox set (or "
                   "newly labelled), and stop reading the old one.",
    "old_into_blackbox": "Move the old eyeball examples into the blackbox set so that it gets "
                         "bigger, and keep reading the same mistakes.",
    "trust_eyeball": "Choose between model versions by their eyeball error from now on: it "
                     "reacts faster to the team's ideas.",
}


def _round_table(eye: list[float], box: list[float]) -> str:
    head = "| round | " + " | ".join(str(r) for r in range(len(eye))) + " |"
    rule = "|---|" + "---|" * len(eye)
    rows = [f"| {name} | " + " | ".join(f"{100 * v:.2f}%" for v in values) + " |"
            for name, values in (("eyeball error", eye), ("blackbox error", box))]
    return "\n".join([head, rule, *rows])


def _overfit_rounds(rng: Any) -> Situation:
    overfit = bool(rng.random() < 0.5)
    n_eye = int(rng.choice([1_000, 1_500, 2_000]))
    n_box = int(rng.choice([4_000, 6_000, 8_000]))
    error = round(float(rng.uniform(0.06, 0.10)), 3)
    rounds = int(rng.integers(5, 8))
    while True:
        table = tuning_rounds(n_eye, n_box, error, rounds,
                              general=float(rng.uniform(0.02, 0.05)),
                              tailored=float(rng.uniform(0.1, 0.2)) if overfit else 0.0,
                              seed=rng)
        eye = [round(float(v), 4) for v in table["eyeball_error"]]
        box = [round(float(v), 4) for v in table["blackbox_error"]]
        verdict = dev_set_design.eyeball_overfit(eye, box, n_eyeball=n_eye, n_blackbox=n_box)
        if bool(verdict) == overfit:
            break
    prompt = (
        f"A team reads the mistakes of its eyeball dev set of **{n_eye:,}** examples after "
        f"every round of work, and measures each new model on a blackbox set of "
        f"**{n_box:,}** examples. Over the last **{rounds}** rounds its eyeball error went "
        f"from **{eye[0]:.2%}** to **{eye[-1]:.2%}** and its blackbox error from "
        f"**{box[0]:.2%}** to **{box[-1]:.2%}**:\n\n{_round_table(eye, box)}\n\n"
        "What should the team do next?"
    )
    return Situation(prompt, OVERFIT_OPTIONS, {"eyeball_errors": eye, "blackbox_errors": box,
                                               "n_eyeball": n_eye, "n_blackbox": n_box})


register_decision(DecisionSpec(
    id="w3_01_overfit_rounds",
    title="after several rounds of error analysis",
    build=_overfit_rounds,
    mistakes=(
        ("misread the two trends",
         "compare how fast each error falls per round, and whether the gap between the "
         "two sets grew by more than the noise of sets this size."),
        ("a bigger blackbox set is always better",
         "examples the team has read are no longer blind: in the blackbox set they would make "
         "its error optimistic too, and reading the same mistakes again fits them further."),
        ("the eyeball set reacts faster",
         "the eyeball error reacts to ideas fitted to the examples the team read; the "
         "blackbox error is the honest measure of progress."),
    ),
    hints=(
        "Which set shows how much the team's ideas help on examples nobody has looked at? "
        "Compare its trend with the other one's.",
        "If the eyeball error falls clearly faster than the blackbox error (you can run the "
        "notebook's test on the numbers in `.data`), the eyeball set is used up; if both "
        "fall together, it is still doing its job.",
    ),
))


SMALL_OPTIONS = {
    "all_eyeball": "Use the whole dev set as the eyeball set: read its mistakes, and expect "
                   "its error to turn optimistic over time.",
    "all_blackbox": "Use the whole dev set as a blackbox set: measure only, and spend the "
                    "effort on metrics and experiments instead of reading examples.",
    "split_anyway": "Split it anyway, half eyeball set and half blackbox set.",
    "read_test": "Read the mistakes on the test set, and keep the whole dev set as a blackbox "
                 "set.",
}

#: Tasks where a person reading an example sees why the model failed, and tasks where not.
SMALL_TASKS = {
    "human": ["recognising the species of a bird in a photo",
              "reading the digits of handwritten postcodes",
              "telling a cracked weld from a sound one in X-ray images"],
    "opaque": ["predicting from usage logs which customers will cancel their subscription",
               "predicting from 40 numeric sensor readings whether a pump fails this month",
               "predicting from an applicant's table of numbers whether a loan is repaid"],
}


def _small_dev(rng: Any) -> Situation:
    kind = "human" if rng.random() < 0.5 else "opaque"
    task = SMALL_TASKS[kind][int(rng.integers(3))]
    n_dev = int(rng.choice([300, 400, 500, 600, 800]))
    error = round(float(rng.uniform(0.12, 0.25)), 2)
    prompt = (
        f"A small team is {task}. It has only **{n_dev:,}** dev examples (and a test set of "
        f"the same size that it has not touched); its model gets about **{error:.0%}** of "
        f"the dev examples wrong, about {round(n_dev * error)} mistakes. More labelled data "
        "will not come for months. How should it use the dev set?"
    )
    return Situation(prompt, SMALL_OPTIONS, {"kind": kind, "n_dev": n_dev,
                                             "error_rate": error})


register_decision(DecisionSpec(
    id="w3_01_small_dev",
    title="a dev set too small to split",
    build=_small_dev,
    mistakes=(
        ("misjudged what reading gives",
         "ask whether a person looking at one of these examples can see why the model got it "
         "wrong: that decides whether reading mistakes is worth an optimistic dev error."),
        ("split at any size",
         "two halves of a small dev set each do their job badly: too few mistakes to read, "
         "too few examples to measure small differences."),
        ("the test set is spare",
         "reading the test set's mistakes and fixing them makes the test error optimistic, "
         "and then nothing gives an honest final number."),
    ),
    hints=(
        "With this little data the dev set can do only one of the two jobs well. Which one "
        "matters more depends on the task.",
        "Reading mistakes pays off when a person looking at an example can tell what went "
        "wrong; when nobody can, the examples are better spent on measuring.",
    ),
))
