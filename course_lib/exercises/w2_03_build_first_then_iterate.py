"""Exercises of week 2, notebook 03: build your first system quickly, then iterate."""

from __future__ import annotations

from typing import Any

from course_lib.exercises.compare import Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Exercise, Mistake, register

#: Seed of the domains and of the split used in the notebook.
SEED = 0


register(
    Exercise(
        id="w2_03_first_errors",
        title="training, training-dev and dev error of the first model",
        kind="value",
        reference=None,
        compare=Series(),
        mistakes=(
            Mistake(
                "pixels not scaled", None,
                "these look like a model trained on the raw 0-16 pixels. Use fit_baseline, or "
                "divide the pixels by 16 before training *and* before predicting.",
            ),
            Mistake(
                "training-dev and dev swapped", None,
                "your 'train_dev' and 'dev' numbers are swapped: the training-dev set is the "
                "held-out *web* images, the dev set the phone pictures.",
            ),
            Mistake(
                "accuracy", None,
                "those are accuracies; the metric is the error rate (share of wrong answers).",
            ),
        ),
        hints=(
            "Measure the same quick model on three sets: the images it trained on, the held-out "
            "web images (training-dev: same distribution, never trained on) and the phone dev "
            "pictures.",
            "Fit with `fit_baseline`, so the pixel scaling is handled for you, and compute each "
            "error with `error_rate` on that set's labels and the model's predictions for that "
            "set's images. Put the three numbers in a `pd.Series` indexed by exactly the three "
            "names of the task.",
        ),
    ),
)


# --- decisions: the lecture's idea on new situations, with each learner's numbers ----------

#: Ideas a plan confirms on the full data before choosing.
CONFIRMED = 3


def _iteration_plan(rng: Any) -> Situation:
    task = ["a speech recogniser for voice search", "a product-photo classifier for a shop",
            "a spam filter for a large e-mail service",
            "a model that reads receipts for an expense app"][int(rng.integers(4))]
    budget = int(rng.integers(40, 71)) * 10          # GPU hours this month
    full = int(rng.integers(24, 61))                 # hours per experiment on all the data
    share = float(rng.choice([0.05, 0.1]))
    subset = round(full * share, 1)
    agrees = bool(rng.random() < 0.5)
    rho = round(float(rng.uniform(0.85, 0.95) if agrees else rng.uniform(-0.1, 0.3)), 2)
    n_full = budget // full
    n_subset = int(budget // subset)
    n_screen = int((budget - CONFIRMED * full) // subset)
    prompt = (
        f"A team is improving {task}. This month it has **{budget} GPU hours**. One "
        f"experiment on all its training data takes **{full} hours**; on a random "
        f"**{share:.0%} subset** it takes **{subset:g} hours**. Last month the team ran ten "
        "ideas both ways: the subset's ranking of those ideas had a rank correlation of "
        f"**{rho:.2f}** with the full data's ranking (1 = the same order, 0 = unrelated). The "
        "team wants the lowest dev error at the end of the month. Which plan?"
    )
    options = {
        "full_runs": f"Run every idea on the full data: about {n_full} ideas this month.",
        "screen_then_confirm": f"Try ideas on the subset (about {n_screen} of them), then "
                               f"rerun the best {CONFIRMED} on the full data and keep the best "
                               "of those.",
        "subset_only": f"Run everything on the subset (about {n_subset} ideas) and keep the "
                       "subset's favourite without ever training it on the full data.",
        "one_big_run": "Spend the whole budget on one long run of the most ambitious idea, "
                       "on the full data.",
    }
    data = {"budget_hours": budget, "full_hours": full, "subset_share": share,
            "subset_hours": subset, "rank_correlation": rho, "ideas_full": n_full,
            "ideas_screened": n_screen, "ideas_subset": n_subset}
    return Situation(prompt, options, data)


_NEW_PROJECTS = (
    "reading water-meter dials from customers' photos",
    "spotting weeds in drone pictures of vineyards",
    "recognising birds from their song in a hiking app",
    "finding cracks in bridge-inspection videos",
)
_KNOWN_PROJECTS = (
    "its ninth speech recogniser, for a car maker, much like the eight it built before",
    "face recognition for office doors, a problem with a large research literature and "
    "published designs that work well",
    "another handwritten-postcode reader for a postal service, after building five of them "
    "for other countries",
)


def _first_system(rng: Any) -> Situation:
    new = bool(rng.random() < 0.5)
    project = (_NEW_PROJECTS[int(rng.integers(len(_NEW_PROJECTS)))] if new
               else _KNOWN_PROJECTS[int(rng.integers(len(_KNOWN_PROJECTS)))])
    people = int(rng.integers(3, 9))
    issues = int(rng.integers(6, 15))
    weeks = int(rng.integers(8, 21))
    months = int(rng.integers(3, 7))
    who = ("Nobody in the team has worked on this kind of data before, and nothing has been "
           "published about it." if new else "")
    prompt = (
        f"A team of {people} starts {project}. {who} In the planning meeting they list "
        f"**{issues} difficulties** the system might run into. How should they spend the next "
        "few weeks?"
    ).replace("  ", " ")
    options = {
        "quick_first": "Set up dev and test sets and a metric, train a simple system within "
                       "a week or two, then let bias/variance and error analysis of its "
                       "mistakes choose what to work on.",
        "design_all": f"Spend {weeks} weeks designing a system that handles all {issues} "
                      "difficulties, then train it.",
        "collect_first": f"Spend {months} months collecting more data before training "
                         "anything.",
        "known_design": "Start from a design known to work on this very kind of problem (an "
                        "earlier system of theirs or a published one), then iterate on it.",
    }
    data = {"new_problem": new, "issues": issues, "design_weeks": weeks,
            "collect_months": months, "people": people}
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w2_03_iteration_plan",
    title="a month of GPU hours",
    build=_iteration_plan,
    mistakes=(
        ("agreement ignored",
         "look again at the rank correlation the team measured: it says whether a cheap "
         "experiment's verdict carries over to the full data, and so whether the cheap "
         "experiments are worth running."),
        ("subset trusted blindly",
         "the subset only stands in for the full data; even when it ranks ideas well, "
         "close ideas can swap places, so the final choice deserves a run on the full data."),
        ("one long run",
         "one experiment a month teaches the team one thing. Count how many ideas each plan "
         "lets them try."),
    ),
    hints=(
        "Two things decide: how many ideas a plan can try within the budget, and how far "
        "the results of the cheap experiments can be trusted.",
        "Divide the budget by the cost of one experiment for each plan. Then use the rank "
        "correlation: near 1, the subset orders ideas almost as the full data does; near 0, "
        "its ranking says almost nothing about the full data's.",
    ),
))

register_decision(DecisionSpec(
    id="w2_03_first_system",
    title="how to start a project",
    build=_first_system,
    mistakes=(
        ("design everything first",
         "before a first system exists nobody can tell which of the listed difficulties "
         "matter; most of the weeks spent on the others would be wasted."),
        ("data first",
         "more data is the remedy for one kind of problem (variance). Without a first system "
         "nobody knows whether that is the problem here."),
        ("prior knowledge misjudged",
         "ask whether this team already knows where the difficulties will be: years of "
         "building this very kind of system, or a large literature on nearly the same "
         "problem."),
    ),
    hints=(
        "Building quickly and iterating exists because nobody can guess in advance which "
        "difficulties will matter. Does that hold for this team?",
        "The lecture names two situations where the advice applies less: much experience "
        "with this very kind of application, and a large literature on nearly the same "
        "problem. Is this team in one of them?",
    ),
))
