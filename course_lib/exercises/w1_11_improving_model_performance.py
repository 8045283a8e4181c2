"""Exercises of week 1, notebook 11: improving your model's performance."""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

from course_lib import learning_curves
from course_lib.data import label_noise
from course_lib.exercises.compare import LabelSet, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, Diagnosis, diagnose

#: Short names of the course's tactics, per problem (the notebook shows the same dict).
TACTIC_NAMES: dict[str, frozenset[str]] = {
    AVOIDABLE_BIAS: frozenset(
        {"bigger model", "train longer", "better optimizer", "architecture search"}
    ),
    VARIANCE: frozenset({"more data", "regularization", "architecture search"}),
}
ALL_TACTICS = TACTIC_NAMES[AVOIDABLE_BIAS] | TACTIC_NAMES[VARIANCE]


# --- from a diagnosis to tactics -----------------------------------------------------------------

def choose_tactics(diagnosis: Diagnosis) -> set[str]:
    """Reference: the tactics of every problem in ``diagnosis.focus``."""
    chosen: set[str] = set()
    for problem in diagnosis.focus:
        chosen |= TACTIC_NAMES.get(problem, frozenset())
    return chosen


def _swapped(diagnosis: Diagnosis) -> set[str]:
    swap = {AVOIDABLE_BIAS: VARIANCE, VARIANCE: AVOIDABLE_BIAS}
    chosen: set[str] = set()
    for problem in diagnosis.focus:
        chosen |= TACTIC_NAMES[swap[problem]]
    return chosen


def _first_only(diagnosis: Diagnosis) -> set[str]:
    return set(TACTIC_NAMES[diagnosis.focus[0]]) if diagnosis.focus else set()


def _everything(diagnosis: Diagnosis) -> set[str]:
    return set(ALL_TACTICS)


def _tactic_cases() -> list[Case]:
    return [
        Case("cats, clear photos", (diagnose(human=0.01, train=0.08, dev=0.10),)),
        Case("cats, blurry photos", (diagnose(human=0.075, train=0.08, dev=0.10),)),
        Case("two gaps worth working on", (diagnose(human=0.0, train=0.10, dev=0.16),)),
        Case(
            "nothing stands out",
            (diagnose(human=0.05, train=0.05, dev=0.05),),
            hint="when diagnosis.focus is empty there is no tactic to pick: return an empty set.",
        ),
        Case("rates given in percent", (diagnose(human=0.5, train=0.7, dev=2.0, unit="percent"),)),
    ]


register(
    Exercise(
        id="w1_11_choose_tactics",
        title="tactics worth trying, given a diagnosis",
        kind="function",
        reference=choose_tactics,
        compare=LabelSet(),
        signature="choose_tactics(diagnosis)",
        visible=_tactic_cases,
        mistakes=(
            Mistake(
                "tactics swapped", _swapped,
                "those tactics treat the other problem: bias calls for a bigger model or better "
                "training, variance for more data or regularisation.",
            ),
            Mistake(
                "only the first problem", _first_only,
                "diagnosis.focus can name two problems; give the tactics for every one of them.",
            ),
            Mistake(
                "every tactic", _everything,
                "only the tactics of the problems in diagnosis.focus are worth trying.",
            ),
        ),
        hints=(
            "Each problem named in `diagnosis.focus` has its own tactics in `TACTICS`: collect "
            "the tactics of *every* problem named there, and nothing else.",
            "Start from an empty `set()` and add each problem's tactics with a set union (`|=` or "
            "`set.update`), so a tactic listed for both problems appears once. An empty `focus` "
            "gives an empty set; return a `set`, not a frozenset of one problem.",
        ),
    )
)


# --- the experiment: a small network, a bigger one, a regularised one ---------------------------

NOISE_RATE = 0.1
HUMAN_CLEAN_ERROR = 0.01
START = {"hidden_units": 2, "alpha": 1e-4}
#: What each tactic changes in the network's settings (the notebook shows the same dict).
KNOBS = {"bigger model": {"hidden_units": 64}, "regularization": {"alpha": 1.0}}


def human_level() -> float:
    """Human-level error on the noisy digits (a reader who misreads 1% of the clean images)."""
    return label_noise.error_under_label_noise(HUMAN_CLEAN_ERROR, NOISE_RATE, 10)


@lru_cache(maxsize=8)
def errors(hidden_units: int, alpha: float) -> tuple[float, float]:
    """(training error, dev error) of the notebook's network with these settings."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    data = label_noise.noisy_digits(NOISE_RATE, seed=0)
    model = MLPClassifier(hidden_layer_sizes=(hidden_units,), alpha=alpha,
                          learning_rate_init=0.01, max_iter=80, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return learning_curves.train_dev_errors(model, data.X_train, data.y_train,
                                             data.X_dev, data.y_dev)


register(
    Exercise(
        id="w1_11_variance_removed",
        title="how much variance regularisation removed",
        kind="value",
        reference=None,
        compare=Number(),
        mistakes=(
            Mistake(
                "wrong sign", None,
                "subtract the regularised network's variance from the bigger network's: the "
                "answer is positive when the gap shrank.",
            ),
            Mistake(
                "in percent", None,
                "give the answer as a fraction, like the error rates (0.05 for 5 points).",
            ),
            Mistake(
                "dev error difference", None,
                "that is the change in dev error; the question asks for the change in variance "
                "(dev - training error).",
            ),
        ),
        hints=(
            "Variance is the gap between dev and training error. Compare that gap for the bigger "
            "network and for the regularised one: the answer is how much it shrank.",
            "Each diagnosis has a `.variance` attribute, so there is nothing to recompute from "
            "the error rates. Order the subtraction so that a gap that shrank gives a positive "
            "number, and keep the result as a fraction, not in points.",
        ),
    ),
)


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

#: Tactics of the first decision, by the gap they shrink (texts name what each one does).
BIAS_TACTICS = {
    "bigger_model": "Add layers and hidden units to the network.",
    "train_longer": "Train for more epochs, and switch from plain gradient descent to Adam.",
    "less_regularisation": "Lower the L2 penalty and the dropout rate.",
}
VARIANCE_TACTICS = {
    "more_data": "Collect more labelled training images.",
    "more_regularisation": "Raise the L2 penalty and the dropout rate.",
    "augment": "Add data augmentation: random crops, small rotations and colour changes.",
}
_IMAGE_TASKS = (
    "recognises plant diseases from photos of leaves",
    "reads licence plates from car-park cameras",
    "spots potholes in dashboard-camera images",
    "sorts recycling photos into paper, glass and plastic",
)


def _tactic_for_table(rng: Any) -> Situation:
    task = _IMAGE_TASKS[int(rng.integers(len(_IMAGE_TASKS)))]
    human = int(rng.integers(5, 31))                   # tenths of a point: 0.5% .. 3%
    bias_case = bool(rng.random() < 0.5)
    large, small = int(rng.integers(30, 81)), int(rng.integers(5, 16))
    bias, variance = (large, small) if bias_case else (small, large)
    train, dev = human + bias, human + bias + variance
    right_pool, other_pool = ((BIAS_TACTICS, VARIANCE_TACTICS) if bias_case
                              else (VARIANCE_TACTICS, BIAS_TACTICS))
    right = list(right_pool)[int(rng.integers(len(right_pool)))]
    other = list(other_pool)[int(rng.integers(len(other_pool)))]
    n_dev = int(rng.integers(4, 11)) * 1000
    prompt = (
        f"A team's network {task}; it is trained with an L2 penalty and dropout. People "
        f"get **{human / 10:.1f}%** of the images wrong. The network's training error is "
        f"**{train / 10:.1f}%** and its error on a dev set of {n_dev:,} images is "
        f"**{dev / 10:.1f}%**. The team has listed things to try next. Which one attacks the "
        "problem it has?"
    )
    options = {
        right: right_pool[right],
        other: other_pool[other],
        "bigger_dev_set": "Collect a bigger dev set, to measure the errors more precisely.",
        "stop": "Leave the model as it is: it cannot get much better than this.",
    }
    data = {"human": human / 1000, "train": train / 1000, "dev": dev / 1000,
            "n_dev": n_dev, "tactics": tuple(options)}
    return Situation(prompt, options, data)


def _after_a_tactic(rng: Any) -> Situation:
    human = int(rng.integers(10, 41))                  # tenths of a point: 1% .. 4%
    bias_1, var_1 = int(rng.integers(90, 141)), int(rng.integers(5, 16))
    if rng.random() < 0.5:   # the bigger network still underfits
        bias_2 = int(rng.integers(25, 41))
        var_2 = int(rng.integers(var_1 + 3, bias_2 - 2))
    else:                    # the bigger network fits and now overfits
        bias_2 = int(rng.integers(3, 16))
        var_2 = int(rng.integers(max(var_1 + 3, bias_2 + 10), bias_2 + 41))
    train_1, dev_1 = human + bias_1, human + bias_1 + var_1
    train_2, dev_2 = human + bias_2, human + bias_2 + var_2
    prompt = (
        "A team's speech-command recogniser: people mishear "
        f"**{human / 10:.1f}%** of the commands. Its first network had a training error of "
        f"**{train_1 / 10:.1f}%** and a dev error of **{dev_1 / 10:.1f}%**, so the team "
        "trained a network four times as large. The new one has a training error of "
        f"**{train_2 / 10:.1f}%** and a dev error of **{dev_2 / 10:.1f}%**. What should the "
        "team do next?"
    )
    options = {
        "bigger_again": "Make the network bigger still, or train it longer.",
        "regularise": "Keep the bigger network and regularise it, or get more training data.",
        "undo": "Go back to the first network: the bigger one widened the gap between "
                "training and dev error.",
        "stop": "Stop here: the bigger network has fixed the problem the team diagnosed.",
    }
    data = {"human": human / 1000, "train_before": train_1 / 1000, "dev_before": dev_1 / 1000,
            "train": train_2 / 1000, "dev": dev_2 / 1000}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_11_tactic_for_table",
    title="which proposed tactic attacks the problem",
    build=_tactic_for_table,
    mistakes=(
        ("the other gap",
         "that tactic works on the other gap. Measure avoidable bias (training against human "
         "level) and variance (dev against training): fitting the training set more closely "
         "and generalising better are different knobs."),
        ("measuring instead of treating",
         "a bigger dev set makes the measured errors more precise, but lowers neither of them; "
         "with gaps of several points on thousands of dev images, precision is not what is "
         "missing."),
        ("stopped early",
         "the dev error is still several points above human level: the right tactic has "
         "error to remove."),
    ),
    hints=(
        "Find the larger gap first, then ask of each proposal: does it help the network fit "
        "its training set, or help what it learned carry over to new images?",
        "Capacity, longer or better training, and *less* regularisation all let the network "
        "fit its training set more closely; more data, more regularisation and augmentation "
        "make it generalise better.",
    ),
))

register_decision(DecisionSpec(
    id="w1_11_after_a_tactic",
    title="diagnose again after a tactic",
    build=_after_a_tactic,
    mistakes=(
        ("the old diagnosis",
         "the last diagnosis was made on the first network. Compute both gaps again from the "
         "new network's numbers and treat the larger one, whichever gap the last tactic "
         "treated."),
        ("undid a tactic that helped",
         "the dev error, the number users see, went down with the bigger network. A wider "
         "gap between training and dev error is something to treat next, not a reason to go "
         "back."),
        ("one tactic per diagnosis",
         "one tactic rarely ends the work: the dev error is still well above human level. "
         "Diagnose the new network and keep going."),
    ),
    hints=(
        "Treat the new network as a new patient: its own avoidable bias and variance decide "
        "the next step, not the first network's.",
        "Avoidable bias = the new training error - human level; variance = the new dev error "
        "- the new training error. A tactic that shrinks one gap often widens the other.",
    ),
))
