"""Exercises of week 1, notebook 07: why human-level performance?"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.data import label_noise
from course_lib.exercises.compare import Array, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The notebook's data: digits with 10% of the labels redrawn at random.
NOISE_RATE = 0.1
DATA_SEED = 0


# --- Bayes error of a task with known label noise ---------------------------------------

def _bayes_cases() -> list[Case]:
    return [
        Case("10% of the labels of a 10-class task redrawn", (0.1, 10)),
        Case("yes/no labels, 20% redrawn", (0.2, 2)),
        Case("three classes, 30% redrawn", (0.3, 3)),
        Case("no noise at all", (0.0, 5),
             hint="with no redrawn label the clean labels can be predicted perfectly."),
        Case("every label redrawn (pure guessing)", (1.0, 4)),
        Case("100 classes, half of the labels redrawn", (0.5, 100)),
    ]


register(
    Exercise(
        id="w1_07_bayes_error",
        title="Bayes error of a task whose labels are redrawn at a known rate",
        kind="function",
        reference=label_noise.bayes_error_with_label_noise,
        compare=Number(),
        signature="bayes_error_with_label_noise(noise_rate, n_classes)",
        visible=_bayes_cases,
        mistakes=(
            Mistake(
                "noise rate itself", lambda q, k: float(q),
                "a redrawn label is drawn from *all* the classes, so some redraws land on the "
                "right class by luck and cost nothing. What share of the redraws is wrong?",
            ),
            Mistake(
                "lucky share instead of unlucky share", lambda q, k: q / k,
                "q / K is the share of labels that are redrawn *and* land on the right class; "
                "the Bayes error counts the redrawn labels that land on a wrong class.",
            ),
            Mistake(
                "forgot to divide by K", lambda q, k: q * (k - 1),
                "the result must be a rate between 0 and 1: each redrawn label hits one of the "
                "K classes with probability 1/K each.",
            ),
            Mistake(
                "accuracy instead of error", lambda q, k: 1 - q * (k - 1) / k,
                "that is the best possible *accuracy*; the exercise asks for the error rate.",
            ),
        ),
        hints=(
            "The best classifier always names the clean label. It is scored wrong only on a label "
            "that was redrawn *and* landed on another class, so think of two chances in a row.",
            "Multiply the share of labels that get redrawn by the chance that a uniform redraw "
            "misses the clean class (only one of the `n_classes` classes is a lucky hit). Check: "
            "no noise gives 0.0, and redrawing every label gives the error of pure guessing.",
        ),
    )
)


# --- the perfect reader on this dev set ---------------------------------------------------

register(
    Exercise(
        id="w1_07_perfect_reader",
        title="error of a perfect reader on the noisy dev set",
        kind="value",
        reference=None,
        compare=Number(),
        mistakes=(
            Mistake(
                "expected value from the formula", None,
                "that is the *expected* Bayes error from the formula. The exercise asks for the "
                "error measured on this particular dev set, which differs a little by chance.",
            ),
            Mistake(
                "accuracy", None,
                "that is the share of dev labels the perfect reader gets *right*.",
            ),
            Mistake(
                "training set", None,
                "that is measured on the training set; use the dev set.",
            ),
            Mistake(
                "share of redrawn labels", None,
                "10% of the labels were redrawn, but not every redrawn label changed: compare the "
                "clean and the noisy dev labels.",
            ),
        ),
        hints=(
            "A perfect reader always names the clean label, so on this dev set it is wrong "
            "exactly where the noisy label differs from the clean one. Measure it; do not use the "
            "formula.",
            "Both dev label arrays are there (`data.y_dev_clean` and `data.y_dev`): the error is "
            "the share of positions where they disagree, a fraction between 0 and 1. Use the dev "
            "arrays, not the training ones, and not the share of redrawn labels (some redraws "
            "land on the right digit).",
        ),
    )
)


# --- gap to Bayes error -------------------------------------------------------------------

def gap_to_bayes(errors: Any, bayes_error: float) -> np.ndarray:
    """Reference: how far each error rate is above the Bayes error (negative when below)."""
    return np.asarray(errors, dtype=float) - float(bayes_error)


def _gap_cases() -> list[Case]:
    import pandas as pd

    return [
        Case("a short learning curve", ([0.5, 0.2, 0.12], 0.09)),
        Case("errors given as a NumPy array", (np.array([0.31, 0.08, 0.05, 0.04]), 0.03)),
        Case("errors given as a pandas Series",
             (pd.Series([0.4, 0.25, 0.15], index=[100, 200, 400], name="dev_error"), 0.1)),
        Case(
            "one error measured just below Bayes error",
            ([0.3, 0.088], 0.09),
            hint="keep the sign: an error measured on a small dev set can land a little below "
                 "Bayes error by chance, and a negative gap is how you notice it.",
        ),
        Case("a single error rate", ([0.25], 0.0)),
    ]


register(
    Exercise(
        id="w1_07_gap_to_bayes",
        title="gap between measured errors and Bayes error",
        kind="function",
        reference=gap_to_bayes,
        compare=Array(),
        signature="gap_to_bayes(errors, bayes_error)",
        visible=_gap_cases,
        mistakes=(
            Mistake(
                "reversed sign", lambda e, b: float(b) - np.asarray(e, dtype=float),
                "the gap is error - Bayes error: positive while the model is above the floor.",
            ),
            Mistake(
                "clipped at zero", lambda e, b: np.maximum(np.asarray(e, dtype=float) - b, 0.0),
                "do not clip negative gaps to 0: a measured error below Bayes error is a warning "
                "sign (a small or lucky dev set) that you want to see.",
            ),
            Mistake(
                "ratio", lambda e, b: np.asarray(e, dtype=float) / b if b else None,
                "the gap is a difference (error - Bayes error), not a ratio.",
            ),
            Mistake(
                "relative gap",
                lambda e, b: (np.asarray(e, dtype=float) - b) / np.asarray(e, dtype=float),
                "you divided by the error; the gap is just the difference, in error-rate units.",
            ),
        ),
        hints=(
            "The gap is the part of each error that can still be removed: each error minus the "
            "floor, element by element, with its sign kept.",
            "Make `errors` a float NumPy array first (`np.asarray` with a `dtype`), so a list or "
            "a pandas Series gives back an `np.ndarray`; broadcasting subtracts one number from "
            "every entry. Do not clip: a negative gap is information.",
        ),
    )
)


# --- decisions: the idea on new situations, with each learner's numbers -------------------

def _bayes_bound(rng: Any) -> Situation:
    task, people = [("reading chest X-rays", "radiologists"),
                    ("grading photos of the retina for diabetic eye disease", "eye doctors"),
                    ("classifying photos of skin lesions", "dermatologists"),
                    ("spotting tumours in mammograms", "radiologists")][int(rng.integers(4))]
    novice = round(float(rng.uniform(0.08, 0.15)), 3)
    doctor = round(float(rng.uniform(0.03, 0.06)), 3)
    specialist = round(float(rng.uniform(0.012, 0.025)), 3)
    team = round(float(rng.uniform(0.005, 0.011)), 3)
    if rng.random() < 0.5:  # the model has beaten the team
        model = round(team - float(rng.uniform(0.001, 0.003)), 3)
    else:
        model = round(float(rng.uniform(specialist, doctor)), 3)
    prompt = (
        f"A company is {task}. Measured on the same images: an untrained person gets "
        f"**{novice:.1%}** wrong, a typical doctor **{doctor:.1%}**, an experienced specialist "
        f"among the {people} **{specialist:.1%}**, and a team of specialists who discuss each "
        f"case **{team:.1%}**. The company's model, measured on a test set of 50,000 images, has "
        f"**{model:.1%}** error. What is the most these numbers tell you about the Bayes error "
        "of the task?"
    )
    options = {
        "bound_team": f"Bayes error is at most {team:.1%}, the team of specialists' error.",
        "bound_model": f"Bayes error is at most {model:.1%}, the model's error.",
        "equals_team": f"Bayes error is {team:.1%}: the best human performance *is* the Bayes "
                       "error.",
        "about_doctor": f"Bayes error is about {doctor:.1%}: a typical doctor's error is the "
                        "human level.",
    }
    return Situation(prompt, options, {"novice": novice, "doctor": doctor,
                                       "specialist": specialist, "team": team, "model": model})


register_decision(DecisionSpec(
    id="w1_07_bayes_bound",
    title="what the best human error says about Bayes error",
    build=_bayes_bound,
    mistakes=(
        ("humans are the floor",
         "nothing says that people are optimal: a system could do better than the best of "
         "them. Their error only shows how low the error *can* go."),
        ("typical human level",
         "the typical doctor's error is a useful target for other questions; as an estimate "
         "of the lowest error possible it is far too high, since others already do better."),
        ("weaker bound",
         "every error that someone or something has reached bounds the Bayes error from above; "
         "the lowest of them bounds it most tightly."),
    ),
    hints=(
        "Bayes error is the lowest error any system could reach. If someone reaches an error "
        "of x, what does that prove about the lowest possible error?",
        "Each measured error is an upper bound on Bayes error, not its value; look for the "
        "tightest bound among the numbers given.",
    ),
))


def _progress(rng: Any) -> Situation:
    human = round(float(rng.uniform(0.02, 0.06)), 3)
    past = bool(rng.random() < 0.5)
    if past:  # the model passed human level a few months ago
        errors = [human - float(rng.uniform(0.004, 0.009))]
        errors.insert(0, human - float(rng.uniform(0.0, 0.003)))
        errors.insert(0, human + float(rng.uniform(0.002, 0.006)))
    else:  # still worse than people
        errors = [human + float(rng.uniform(0.008, 0.015))]
        errors.insert(0, errors[0] + float(rng.uniform(0.002, 0.005)))
        errors.insert(0, errors[0] + float(rng.uniform(0.005, 0.01)))
    errors.insert(0, errors[0] + float(rng.uniform(0.03, 0.05)))
    errors.insert(0, errors[0] + float(rng.uniform(0.08, 0.12)))
    errors = [round(e, 3) for e in errors]
    months = (1, 3, 6, 9, 12)
    history = ", ".join(f"month {m}: **{e:.1%}**" for m, e in zip(months, errors, strict=True))
    prompt = (
        "A team has worked for a year on a speech-transcription model (word error rate on its "
        f"dev set). Careful human transcribers get **{human:.1%}** of the words wrong. The "
        f"model's dev error over the year — {history}. The team lead asks why progress has "
        "slowed so much, and what the plan for the coming months should assume."
    )
    options = {
        "keep_human_tools": "Keep using what people can give: more human labels, a look at the "
                            "dev mistakes people get right, and human level as the benchmark "
                            "for bias/variance.",
        "expect_slow_gains": "Expect slow gains from here: little avoidable error may be left, "
                             "and the tools that rely on people doing better than the model "
                             "help less now.",
        "hunt_bug": "Look for a bug: progress should not slow down like this.",
        "stop_work": "Stop: the model has reached the lowest error possible.",
    }
    return Situation(prompt, options, {"human": human, "months": months,
                                       "dev_errors": tuple(errors)})


register_decision(DecisionSpec(
    id="w1_07_progress_slows",
    title="why progress slows near human level",
    build=_progress,
    mistakes=(
        ("expected steady progress",
         "fast progress at first and slower progress near human level is the usual shape of a "
         "project's curve, not a sign of a bug."),
        ("floor reached",
         "the error is still falling, and nothing shows it has reached Bayes error: a slowdown "
         "means less room left, not none."),
        ("misplaced the model against human level",
         "compare the model's latest dev error with the human level: while people still do "
         "better, their labels, their insight into mistakes and their error as a benchmark all "
         "help; once the model is better, they help less."),
    ),
    hints=(
        "Two things slow a project down near human level: how much error is left to remove, "
        "and which tools still work. Where is the model now, compared with people?",
        "Look at the last month's dev error against the transcribers' error: above it, the "
        "tools that rely on people still apply; below it, they fade and gains come slowly.",
    ),
))
