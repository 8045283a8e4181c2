"""Exercises of week 1, notebook 11: improving your model's performance."""

from __future__ import annotations

import warnings
from functools import lru_cache

from course_lib import learning_curves
from course_lib.data import label_noise
from course_lib.exercises.compare import Label, LabelSet, Number
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


_KNOB_CHOICES = tuple(sorted(KNOBS))

register(
    Exercise(
        id="w1_11_first_tactic",
        title="the tactic for the small network",
        kind="value",
        reference=None,
        compare=Label(choices=_KNOB_CHOICES),
        mistakes=(
            Mistake(
                "regularisation first", None,
                "look at the diagnosis: which gap is the larger one? Regularisation treats "
                "variance.",
            ),
        ),
        hints=(
            "Diagnose the tiny network first: compare its training error with human level, and "
            "its dev error with its training error. The tactic to turn is the one that treats the "
            "larger gap.",
            "Feed the tiny network's diagnosis to your `choose_tactics` and keep only the tactics "
            "that are keys of `KNOBS` (a set intersection): one string should be left. Answer "
            "with that string, spelled as in `KNOBS`.",
        ),
    ),
    Exercise(
        id="w1_11_second_tactic",
        title="the tactic for the bigger network",
        kind="value",
        reference=None,
        compare=Label(choices=_KNOB_CHOICES),
        mistakes=(
            Mistake(
                "even bigger", None,
                "the bigger network already fits its training set better than people do: its "
                "problem is no longer bias. Which gap is larger now?",
            ),
        ),
        hints=(
            "Diagnose the bigger network the same way. A tactic that closes one gap often opens "
            "the other, so check which gap is the larger one *now*.",
            "Run your `choose_tactics` on the bigger network's diagnosis (`second`) and keep only "
            "the tactics that are keys of `KNOBS`, as for the first tactic; check the result "
            "against the two gaps shown in the table.",
        ),
    ),
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
