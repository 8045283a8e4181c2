"""Exercises of week 3, notebook 06: data decisions -- how much, which, and with what weight."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.exercises.compare import Array
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import data_decisions

# --- the sample-weight vector of a mix -------------------------------------------------------


def mix_weights(is_target: Any, beta: float, normalize: bool = False) -> np.ndarray:
    """Reference: :func:`course_lib.experiments.data_decisions.sample_weights` (a wrapper of its
    own, so that grading this notebook stubs the exercise and not the function the weighting
    experiment uses)."""
    return data_decisions.sample_weights(is_target, beta, normalize=normalize)


def _raw(t: Any, beta: float) -> np.ndarray:
    return np.where(np.asarray(t, dtype=bool), 1.0, float(beta))


def _swapped(t: Any, beta: float, normalize: bool = False) -> np.ndarray:
    w = np.where(np.asarray(t, dtype=bool), float(beta), 1.0)
    return w / w.mean() if normalize and w.sum() > 0 else w


def _one_minus(t: Any, beta: float, normalize: bool = False) -> np.ndarray:
    w = np.where(np.asarray(t, dtype=bool), 1.0, 1.0 - float(beta))
    return w / w.mean() if normalize and w.sum() > 0 else w


def _by_sum(t: Any, beta: float, normalize: bool = False) -> np.ndarray:
    w = _raw(t, beta)
    return w / w.sum() if normalize else w


def _normalize_ignored(t: Any, beta: float, normalize: bool = False) -> np.ndarray:
    return _raw(t, beta)


def _by_target_count(t: Any, beta: float, normalize: bool = False) -> np.ndarray:
    w = _raw(t, beta)
    return w / np.asarray(t, dtype=bool).mean() if normalize else w


def _mix_cases() -> list[Case]:
    return [
        Case("two target, three other examples", ([True, True, False, False, False], 0.1)),
        Case("a NumPy mask, beta = 0.5", (np.array([False, True, False, True]), 0.5)),
        Case("beta = 0: the other examples are ignored", ([True, False, True], 0.0)),
        Case("normalized weights average 1", ([True, False, False, False], 0.2),
             {"normalize": True},
             hint="normalize=True divides every weight by the *mean* weight, so that the "
                  "weights average 1 and their ratio stays beta."),
        Case("only target examples, normalized", ([True, True], 0.3), {"normalize": True}),
        Case("one in ten is a target example, normalized",
             ([True] + [False] * 9, 0.05), {"normalize": True}),
    ]


register(
    Exercise(
        id="w3_06_mix_weights",
        title="the sample weights of a mix of target and other-distribution examples",
        kind="function",
        reference=mix_weights,
        compare=Array(),
        signature="mix_weights(is_target, beta, normalize=False)",
        visible=_mix_cases,
        mistakes=(
            Mistake("weights swapped", _swapped,
                    "beta is the weight of the *other* examples; every target example keeps "
                    "weight 1."),
            Mistake("one minus beta", _one_minus,
                    "an other example's weight is beta itself, not 1 - beta: beta = 0 must "
                    "switch the other data off."),
            Mistake("divided by the sum", _by_sum,
                    "normalized weights should *average* 1: divide by their mean, not by "
                    "their sum (which makes them add up to 1)."),
            Mistake("normalize ignored", _normalize_ignored,
                    "with normalize=True, divide the weights by their mean before returning "
                    "them."),
            Mistake("divided by the target share", _by_target_count,
                    "divide by the mean of the *weights*, not by the share of target "
                    "examples: the other examples' weights count in the mean too."),
        ),
        hints=(
            "Each training example gets one weight: 1 if it comes from the distribution you "
            "care about, beta if it comes from the other one. With those weights the fit "
            "minimises the target loss plus beta times the other loss.",
            "Turn `is_target` into a boolean NumPy array and use `np.where` to pick 1.0 or "
            "beta per example. For `normalize=True`, divide that array by its own `.mean()` "
            "(not its sum). Return a float array of the same length as the mask.",
        ),
    ),
)


# --- decisions -------------------------------------------------------------------------------

#: What a team can do with a large source of other-distribution data.
ADD_OPTIONS = {
    "add_all": "Add all the other examples to the training set, with the same weight as the "
               "target examples.",
    "add_weighted": "Add the other examples with a small weight beta in the loss, and tune "
                    "beta on the target dev set.",
    "target_only": "Leave the other examples out and train on the target examples only.",
}

#: The teams' situations: what their model is like, and what the other data are.
ADD_CASES = ("big", "small", "irrelevant")

_ADD_TASKS = (
    ("reads handwritten amounts on cheques for a bank", "cheque scans from its own branches",
     "handwritten digits scanned from old tax forms"),
    ("recognises spoken commands in a car", "recordings made in its test cars",
     "commands recorded with phones in quiet rooms"),
    ("classifies photos of skin lesions taken by patients", "patients' phone photos",
     "dermatoscope images from hospitals"),
)

_IRRELEVANT = (
    "typed (printed) digits cut out of invoices",
    "synthetic beeps and tones from a sound library",
    "photos of fabric patterns from an online shop",
)


def _add_other_data(rng: Any) -> Situation:
    which = int(rng.integers(len(_ADD_TASKS)))
    task, target, other = _ADD_TASKS[which]
    case = ADD_CASES[int(rng.integers(len(ADD_CASES)))]
    n_target = int(rng.choice([2_000, 3_000, 5_000, 8_000, 10_000]))
    ratio = int(rng.choice([20, 30, 40, 60]))
    n_other = n_target * ratio
    if case == "irrelevant":
        other = _IRRELEVANT[which]
    if case == "small":
        model = (f"Its model must run on a cheap embedded chip: **{int(rng.integers(20, 60))}"
                 " thousand** parameters at most, and it already uses them all. On the "
                 "target data its training error is close to its dev error.")
    else:
        model = (f"Its model is a large network (**{int(rng.integers(20, 90))} million** "
                 "parameters, well regularized) trained on a rented GPU cluster; training on "
                 "much more data is affordable.")
    prompt = (
        f"A start-up {task}. It has **{n_target:,}** labelled {target} (the distribution "
        f"its users produce) and could add **{n_other:,}** labelled {other}. {model} What "
        "should it do with the other examples?"
    )
    return Situation(prompt, ADD_OPTIONS, {"case": case, "n_target": n_target,
                                           "n_other": n_other})


register_decision(DecisionSpec(
    id="w3_06_add_other_data",
    title="add all of the other data?",
    build=_add_other_data,
    mistakes=(
        ("capacity misjudged",
         "the model's size decides how much other data it can absorb: a big, regularized "
         "network can learn from all of it without losing the target, while a small one "
         "spends its few parameters on whatever dominates the loss."),
        ("relevance misjudged",
         "ask whether the other images show the same task (the same kind of input, the same "
         "meaning of the labels): related data can help even from another distribution, "
         "unrelated data cannot, whatever its weight."),
    ),
    hints=(
        "Two questions decide it: do the other images share what the target task needs (the "
        "same kind of input and the same meaning of the labels)? And how much capacity does "
        "the model have to spare?",
        "Recall the notebook's capacity experiment: the same extra images hurt a small "
        "network and not a big one. And a weight only decides how much the model listens to "
        "data; it cannot turn data about something else into data about your task.",
    ),
))


#: The betas a team tried (the decision's sweep).
SWEEP_BETAS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def _beta_key(beta: float) -> str:
    return f"beta={beta:g}"


def _sweep(rng: Any) -> tuple[int, list[float], list[float], list[float]]:
    """(index of the best beta, dev, training and other-data errors), distinct choices."""
    n = len(SWEEP_BETAS)
    while True:
        best = int(rng.integers(1, n - 2))
        floor = float(rng.uniform(0.03, 0.08))
        depth_left = float(rng.uniform(0.015, 0.04))
        depth_right = float(rng.uniform(0.04, 0.09))
        dev = []
        for i in range(n):
            if i <= best:
                dev.append(floor + depth_left * (best - i) / best)
            else:
                dev.append(floor + depth_right * ((i - best) / (n - 1 - best)) ** 1.5)
        dev = [round(d + float(rng.normal(0, 0.002)), 3) for d in dev]
        train = [round(0.005 + 0.06 * (i / (n - 1)) ** 2 + float(rng.uniform(0, 0.002)), 3)
                 for i in range(n)]
        other = [round(0.30 - 0.22 * (1 - np.exp(-0.6 * i)) + float(rng.uniform(0, 0.004)), 3)
                 for i in range(n)]
        mean = [(d + o) / 2 for d, o in zip(dev, other, strict=True)]
        picks = {int(np.argmin(dev)), int(np.argmin(train)), int(np.argmin(other)),
                 int(np.argmin(mean))}
        if (int(np.argmin(dev)) == best and len(picks) == 4
                and sorted(dev).count(min(dev)) == 1):
            return best, dev, train, other


def _tune_beta(rng: Any) -> Situation:
    n_target = int(rng.choice([3_000, 5_000, 8_000]))
    n_other = n_target * int(rng.choice([25, 40, 50]))
    best, dev, train, other = _sweep(rng)
    rows = "\n".join(f"| {b:g} | {100 * t:.1f}% | {100 * d:.1f}% | {100 * o:.1f}% |"
                     for b, t, d, o in zip(SWEEP_BETAS, train, dev, other, strict=True))
    prompt = (
        f"A team trains on **{n_target:,}** target images (weight 1) and **{n_other:,}** "
        "images from another distribution (weight beta). It tried seven values of beta and "
        "measured three errors each: on its target training images, on a target dev set, and "
        "on held-out images of the other distribution.\n\n"
        "| beta | target training error | target dev error | other-distribution error |\n"
        "|---:|---:|---:|---:|\n" + rows + "\n\nWhich beta should it keep?"
    )
    mean = [(d + o) / 2 for d, o in zip(dev, other, strict=True)]
    picks = {int(np.argmin(dev)), int(np.argmin(train)), int(np.argmin(other)),
             int(np.argmin(mean))}
    options = {_beta_key(SWEEP_BETAS[i]): f"Keep beta = {SWEEP_BETAS[i]:g}."
               for i in sorted(picks)}
    return Situation(prompt, options, {"betas": SWEEP_BETAS, "train_error": tuple(train),
                                       "dev_error": tuple(dev), "other_error": tuple(other),
                                       "n_target": n_target, "n_other": n_other})


register_decision(DecisionSpec(
    id="w3_06_tune_beta",
    title="which weight for the other data?",
    build=_tune_beta,
    mistakes=(
        ("chose by training error",
         "the training error is measured on images the model was fitted to; it falls as the "
         "other data get less weight whatever happens on new images. Choose on data the model "
         "did not train on, from the distribution you care about."),
        ("chose by the other distribution",
         "the other distribution's error says how well the model serves *those* images; the "
         "product has to work on the target distribution."),
        ("averaged the two distributions",
         "averaging the target and other errors gives the other distribution a say in the "
         "choice; the users only ever see target images."),
    ),
    hints=(
        "beta is a hyperparameter like any other: which set does the course tune "
        "hyperparameters on, and from which distribution must it come?",
        "Only one column of the table is measured on the distribution you care about, on "
        "images the model was not trained on. Read that column and nothing else.",
    ),
))


#: What a team can do about examples that contradict its labelling.
INCONSISTENT_OPTIONS = {
    "keep_all": "Keep the whole second source as it is: the other examples are worth more "
                "than the damage.",
    "drop_inconsistent": "Drop the contradicting examples and keep the rest of the second "
                         "source.",
    "drop_source": "Drop the whole second source and train on the team's own data only.",
}

#: How the contradicting examples show up.
INCONSISTENT_CASES = ("tagged", "scattered_few", "scattered_many")
#: Above this share of contradictions, keeping a source that cannot be cleaned does more harm
#: than good (the notebook's experiment; a rule of thumb, not a law).
MANY_CONTRADICTIONS = 0.1


def _inconsistent(rng: Any) -> Situation:
    case = INCONSISTENT_CASES[int(rng.integers(len(INCONSISTENT_CASES)))]
    n_own = int(rng.choice([4_000, 6_000, 10_000]))
    n_second = int(rng.choice([50_000, 80_000, 120_000]))
    if case == "scattered_few":
        share = round(float(rng.uniform(0.01, 0.04)), 3)
    else:
        share = round(float(rng.uniform(0.35, 0.5)), 3)
    if case == "tagged":
        share = round(float(rng.uniform(0.02, 0.35)), 3)
        bad = int(round(share * n_second))
        how = (f"All {bad:,} of them come from one subcontractor, whose batches are tagged in "
               "the metadata, so they can be removed with one filter.")
    else:
        how = ("They are spread over all batches and labellers; finding them would mean "
               f"re-checking all {n_second:,} labels by hand, which the team cannot afford.")
    prompt = (
        f"A team reads handwritten digits on delivery notes. Besides its own **{n_own:,}** "
        f"labelled images it has a second source of **{n_second:,}** labelled images of the "
        f"same kind. An audit of a sample finds that about **{share:.1%}** of the second "
        "source's labels follow another convention (their '1' is the team's '7', a "
        f"crossed '7' is labelled '4', ...): the same kind of image, another label. {how} "
        "What should the team do?"
    )
    return Situation(prompt, INCONSISTENT_OPTIONS, {"case": case, "share": share,
                                                    "n_own": n_own, "n_second": n_second})


register_decision(DecisionSpec(
    id="w3_06_inconsistent",
    title="keep or drop examples that contradict your labels?",
    build=_inconsistent,
    mistakes=(
        ("findability ignored",
         "whether the contradicting examples can be *found* changes everything: if a filter "
         "finds them, removing them is free; if nobody can tell which they are, removing them "
         "is not an option."),
        ("share ignored",
         "how many contradictions there are matters: a few cost the model little, while a "
         "large share teaches it the wrong mapping and can make the source worse than none."),
    ),
    hints=(
        "Contradicting examples teach the model a mapping from input to label that is not "
        "yours. Two facts decide what to do: can you find them, and how large a share are "
        "they?",
        "Recall the notebook's experiment: dropping the inconsistent examples is always at "
        "least as good as keeping them; keeping a small share costs little, a large share "
        "can make the whole source worse than none.",
    ),
))
