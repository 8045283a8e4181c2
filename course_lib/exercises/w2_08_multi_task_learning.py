"""Exercises of week 2, notebook 08: multi-task learning."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import nn
from course_lib.data import digit_tasks
from course_lib.exercises.compare import Array, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

# --- four yes/no labels per digit ---------------------------------------------------------


def _labels_with(loop: tuple[int, ...] = digit_tasks.CLOSED_LOOP_DIGITS,
                 prime: tuple[int, ...] = digit_tasks.PRIME_DIGITS,
                 greater: int = 4, even: bool = True,
                 order: tuple[int, ...] = (0, 1, 2, 3)) -> Any:
    """A task-label function with one thing changed, to model a typical mistake."""

    def labels(digits: Any) -> np.ndarray:
        d = np.asarray(digits, dtype=np.int64).reshape(-1)
        columns = [(d % 2 == 0) if even else (d % 2 == 1), d > greater, np.isin(d, loop),
                   np.isin(d, prime)]
        return np.stack([columns[k] for k in order], axis=1).astype(float).reshape(len(d), 4)

    return labels


def _label_cases() -> list[Case]:
    return [
        Case("the ten digits in order", (list(range(10)),)),
        Case("a few digits as a NumPy array", (np.array([4, 1, 9, 2, 7]),)),
        Case("the same digit several times", ([8, 8, 8],)),
    ]


register(
    Exercise(
        id="w2_08_task_labels",
        title="four yes/no labels for each digit",
        kind="function",
        reference=digit_tasks.task_labels,
        compare=Array(),
        signature="task_labels(digits)",
        visible=_label_cases,
        mistakes=(
            Mistake("4 has a loop", _labels_with(loop=(0, 4, 6, 8, 9)),
                    "in this notebook 4 does *not* count as having a closed loop (many people "
                    "write it open at the top): the loop digits are 0, 6, 8 and 9."),
            Mistake("1 is prime", _labels_with(prime=(1, 2, 3, 5, 7)),
                    "1 is not a prime number: a prime has exactly two divisors, 1 and itself."),
            Mistake("2 is not prime", _labels_with(prime=(3, 5, 7)),
                    "2 is a prime number (the only even one)."),
            Mistake("4 or more", _labels_with(greater=3),
                    "'greater than 4' starts at 5: 4 itself is not greater than 4."),
            Mistake("odd", _labels_with(even=False),
                    "the first column asks whether the digit is *even* (0, 2, 4, 6, 8)."),
            Mistake("columns swapped", _labels_with(order=(0, 1, 3, 2)),
                    "the columns are in the wrong order: even, greater_than_4, closed_loop, "
                    "prime."),
        ),
        hints=(
            "Each column is one yes/no question about the digit, answered for every entry; the "
            "four columns come in the order of the table, and the answers are floats 1.0 or 0.0.",
            "Make the input a NumPy array and compute one boolean array per question (`%` for "
            "even, a comparison for 'greater than 4', `np.isin` with the notebook's digit lists "
            "for the other two; 4 has no closed loop, 1 is not prime). Put them side by side with "
            "`np.stack` on `axis=1` and convert with `.astype(float)`.",
        ),
    ),
)


# --- the masked multi-task loss -------------------------------------------------------------

NAN = float("nan")


def _entries(y_true: Any, y_prob: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    return t, p, ~np.isnan(t)


def _per_entry(t: np.ndarray, p: np.ndarray, labelled: np.ndarray) -> np.ndarray:
    return -(t[labelled] * np.log(p[labelled]) + (1 - t[labelled]) * np.log(1 - p[labelled]))


def _divide_by_examples(y_true: Any, y_prob: Any) -> float:
    t, p, m = _entries(y_true, y_prob)
    return float(_per_entry(t, p, m).sum() / len(t))


def _divide_by_all_entries(y_true: Any, y_prob: Any) -> float:
    t, p, m = _entries(y_true, y_prob)
    return float(_per_entry(t, p, m).sum() / t.size)


def _missing_as_zero(y_true: Any, y_prob: Any) -> float:
    t, p, _ = _entries(y_true, y_prob)
    t = np.nan_to_num(t, nan=0.0)
    return float(_per_entry(t, p, np.ones_like(t, dtype=bool)).mean())


def _no_minus(y_true: Any, y_prob: Any) -> float:
    return -nn.masked_binary_cross_entropy(y_true, y_prob)


def _only_positive_term(y_true: Any, y_prob: Any) -> float:
    t, p, m = _entries(y_true, y_prob)
    return float(-(t[m] * np.log(p[m])).mean())


def _sum_not_mean(y_true: Any, y_prob: Any) -> float:
    t, p, m = _entries(y_true, y_prob)
    return float(_per_entry(t, p, m).sum())


def _log10(y_true: Any, y_prob: Any) -> float:
    return nn.masked_binary_cross_entropy(y_true, y_prob) / np.log(10)


def _loss_cases() -> list[Case]:
    return [
        Case("no missing label", ([[1, 0], [0, 1]], [[0.8, 0.3], [0.4, 0.9]])),
        Case("one missing label", ([[1, NAN], [0, 1]], [[0.8, 0.3], [0.4, 0.9]]),
             hint="a NaN label adds nothing to the sum and is not counted either."),
        Case("three examples, four tasks, several missing labels",
             (np.array([[1, 0, NAN, 1], [NAN, NAN, 1, 0], [0, 1, 1, NAN]]),
              np.array([[0.7, 0.2, 0.5, 0.6], [0.1, 0.9, 0.8, 0.3], [0.25, 0.65, 0.55, 0.95]]))),
        Case("a single task (1-D arrays)", (np.array([1.0, NAN, 0.0, 1.0]),
                                            np.array([0.6, 0.5, 0.3, 0.9]))),
        Case("a row with no label at all",
             ([[NAN, NAN, NAN], [1, 0, 1]], [[0.2, 0.4, 0.6], [0.35, 0.45, 0.85]])),
    ]


register(
    Exercise(
        id="w2_08_masked_bce",
        title="binary cross-entropy over the labelled entries only",
        kind="function",
        reference=nn.masked_binary_cross_entropy,
        compare=Number(rel=1e-6),
        signature="masked_bce(y_true, y_prob)",
        visible=_loss_cases,
        mistakes=(
            Mistake("divide by examples", _divide_by_examples,
                    "you divided by the number of examples (rows). Here the loss is the mean "
                    "per *labelled entry*: divide by how many labels are not NaN."),
            Mistake("divide by all entries", _divide_by_all_entries,
                    "you divided by every entry, missing ones included: divide only by the "
                    "number of labelled (non-NaN) entries."),
            Mistake("missing as 0", _missing_as_zero,
                    "a missing label is not a 'no': leave NaN entries out of the sum instead of "
                    "treating them as 0."),
            Mistake("no minus sign", _no_minus,
                    "a loss is never negative here: the cross-entropy has a minus sign in front "
                    "of the logs."),
            Mistake("only the y = 1 term", _only_positive_term,
                    "each entry adds y·log(p) + (1 − y)·log(1 − p): the second term is the one "
                    "that counts the 0 labels."),
            Mistake("sum, not mean", _sum_not_mean,
                    "you returned the sum: divide it by the number of labelled entries."),
            Mistake("log base 10", _log10,
                    "use the natural logarithm (np.log), not log10."),
        ),
        hints=(
            "Apply the ordinary logistic loss to every entry, but first leave out the entries "
            "whose label is missing (NaN): they add nothing to the sum and are not counted in the "
            "mean either.",
            "Turn both inputs into float arrays, build a mask of labelled entries with `np.isnan` "
            "and `~`, and index both arrays with it (this flattens them, which is fine). Average "
            "the per-entry losses using the natural `np.log`; mind the minus sign and the `(1 − "
            "y)` term for the 0 labels.",
        ),
    ),
)


# --- decisions: multi-task learning on new situations, with each learner's numbers --------

#: How to learn several yes/no questions about the same input.
SHARING_PLANS = {
    "multi_task": "One network with one sigmoid output per question, trained on every label "
                  "at once.",
    "separate": "One network per question, each trained only on its own labels.",
    "transfer": "Train a network on the question with the most labels, then transfer it to "
                "each of the others in turn.",
}


def _shared_or_separate(rng: Any) -> Situation:
    n_tasks = int(rng.integers(4, 9))
    per_task = int(rng.integers(3, 13)) * 1_000
    case = ("shared", "tiny", "unrelated")[int(rng.integers(3))]
    if case == "unrelated":
        product = "a warehouse system"
        what = (f"{n_tasks} questions: half about the shelf-camera photos (is a box "
                "missing?), half about the temperature and humidity readings of the sensors "
                "(is the fridge failing?)")
    else:
        product = "a shop's shelf camera"
        what = (f"{n_tasks} yes/no questions about each shelf photo (is brand 1 on the shelf? "
                "brand 2? ...)")
    size = ("runs on a tiny chip that loads one network at a time, and a network on it can "
            "have at most **4** hidden units (the chip may run several networks one after "
            "another)" if case == "tiny"
            else "can afford a network as large as the questions need")
    prompt = (
        f"A team builds {product}, with {what}. Each question has about **{per_task:,}** "
        f"labelled examples. The product {size}. How should the team learn the questions?"
    )
    inputs = ("photos", "sensor readings") if case == "unrelated" else ("photos",)
    return Situation(prompt, SHARING_PLANS, {"n_tasks": n_tasks, "per_task": per_task,
                                             "inputs": inputs,
                                             "max_hidden_units": 4 if case == "tiny" else None})


#: What to do with labels that are missing for some tasks of some images.
MISSING_PLANS = {
    "mask": "Keep every image; the loss adds up only the entries that have a label.",
    "drop": "Train only on the images whose four labels are all known.",
    "zero": "Fill each missing label with 0 ('not in the picture'), then train on everything.",
    "separate": "Train one network per object, each on the images labelled for it.",
}


def _missing_labels(rng: Any) -> Situation:
    n = int(rng.integers(5, 21)) * 1_000
    complete = round(float(rng.uniform(0.05, 0.3)), 2)
    present = round(float(rng.uniform(0.2, 0.5)), 2)
    prompt = (
        f"A self-driving team has **{n:,}** street photos labelled for four objects "
        "(pedestrian, car, stop sign, traffic light). The people who labelled them were paid "
        "per object, so many skipped some: only **"
        f"{complete:.0%}** of the photos have all four labels; the others have a '?' for one or "
        f"more objects. Where a label is known, the object is in the photo **{present:.0%}** "
        "of the time. The team wants one network for the four objects. What should it do "
        "with the '?' entries?"
    )
    return Situation(prompt, MISSING_PLANS, {"n": n, "complete": complete, "present": present})


register_decision(DecisionSpec(
    id="w2_08_shared_or_separate",
    title="one shared network or one per question",
    build=_shared_or_separate,
    mistakes=(
        ("sharing misjudged",
         "sharing helps when the questions can use the same low-level features and the "
         "network is big enough for all of them; check both for this product."),
        ("transfer instead",
         "transfer moves what one data-rich task learned to a data-poor one afterwards; "
         "here every question has about the same amount of data and all are needed."),
    ),
    hints=(
        "Multi-task learning pays when the tasks share low-level features, have similar "
        "amounts of data, and one network can be made big enough for all of them.",
        "Ask two things about this product: do all the questions look at the same kind of "
        "input, and is there room for a network big enough for every question?",
    ),
))

register_decision(DecisionSpec(
    id="w2_08_missing_labels",
    title="labels with question marks",
    build=_missing_labels,
    mistakes=(
        ("dropped incomplete photos",
         "keeping only fully labelled photos throws away most of the labels the team paid "
         "for: compute how many photos that leaves."),
        ("a '?' read as 'no'",
         "a '?' means nobody looked, not that the object is absent: filling it with 0 teaches "
         "the network to miss objects that are there."),
        ("one network per object",
         "four separate networks give up what the objects' shared features could teach each "
         "other, and the loss can skip a '?' in one network just as well."),
    ),
    hints=(
        "Multi-task learning does not need every label of every example.",
        "Look at how the multi-task loss is summed: over which (photo, object) entries does "
        "it need a 0 or a 1?",
    ),
))
