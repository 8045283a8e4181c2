"""Exercises of week 3, notebook 03: the bias-variance trade-off and error analysis on the
training set."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.bias_variance_tactics import TECHNIQUES, techniques_for
from course_lib.exercises.compare import LabelSet, Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.experiments import training_set_errors

# --- which techniques to try -------------------------------------------------------------------


def _larger_gap(human: float, train: float, dev: float) -> str:
    return "bias" if train - human >= dev - train else "variance"


def techniques_to_try(human: float, train: float, dev: float) -> list[str]:
    """Reference: names of :func:`course_lib.bias_variance_tactics.techniques_for` for the larger
    gap, without the trade-offs."""
    kind = _larger_gap(human, train, dev)
    return [t.name for t in techniques_for(kind, include_trade_offs=False)]


def _names(kind: str, *, trade_offs: bool = False, own_only: bool = False) -> list[str]:
    found = techniques_for(kind, include_trade_offs=trade_offs)
    return [t.name for t in found if not own_only or t.category == kind]


def _human_ignored(human: float, train: float, dev: float) -> list[str]:
    return _names("bias" if train >= dev - train else "variance")


def _with_trade_offs(human: float, train: float, dev: float) -> list[str]:
    return _names(_larger_gap(human, train, dev), trade_offs=True)


def _smaller_gap(human: float, train: float, dev: float) -> list[str]:
    return _names("variance" if _larger_gap(human, train, dev) == "bias" else "bias")


def _own_category_only(human: float, train: float, dev: float) -> list[str]:
    return _names(_larger_gap(human, train, dev), own_only=True)


def _tie_to_variance(human: float, train: float, dev: float) -> list[str]:
    return _names("bias" if train - human > dev - train else "variance")


def _technique_cases() -> list[Case]:
    return [
        Case("a badly fitted training set", (0.02, 0.15, 0.16)),
        Case("a large dev gap", (0.01, 0.02, 0.12)),
        Case("a high human level: the training error is nearly as good as it gets",
             (0.07, 0.08, 0.11),
             hint="judge the training error against human level: only train - human is "
                  "avoidable."),
        Case("both gaps equal", (0.125, 0.25, 0.375),
             hint="on a tie the exercise asks for the bias techniques: fit the training set "
                  "first."),
    ]


register(
    Exercise(
        id="w3_03_techniques",
        title="the techniques to try for the larger gap, without the trade-offs",
        kind="function",
        reference=techniques_to_try,
        compare=LabelSet(),
        signature="techniques_to_try(human, train, dev)",
        visible=_technique_cases,
        mistakes=(
            Mistake("human level ignored", _human_ignored,
                    "avoidable bias is train - human, not the whole training error: part of "
                    "the training error cannot be removed."),
            Mistake("trade-offs included", _with_trade_offs,
                    "leave out the techniques of category 'trade-off': they lower one gap by "
                    "raising the other."),
            Mistake("smaller gap", _smaller_gap,
                    "list the techniques for the *larger* of the two gaps."),
            Mistake("own category only", _own_category_only,
                    "the techniques of category 'both' reduce bias and variance, so they belong "
                    "to either list: keep every technique whose `reduces` names the problem."),
            Mistake("tie to variance", _tie_to_variance,
                    "when the two gaps are equal the exercise asks for the bias techniques: "
                    "compare with `>=`."),
        ),
        hints=(
            "Two steps: find the larger gap (avoidable bias = train - human, variance = dev - "
            "train), then go through `TECHNIQUES` and keep those that reduce that problem, "
            "leaving out the trade-offs.",
            "Name the larger gap `\"bias\"` or `\"variance\"` (bias on a tie). Each technique "
            "`t` has `t.reduces` (a tuple of those names) and `t.category`; keep `t.name` when "
            "the problem is in `t.reduces` and the category is not `\"trade-off\"`.",
        ),
    ),
)


# --- points of training error per tag ----------------------------------------------------------

def error_points(tags: Any, wrong: Any) -> Any:
    """Reference: :func:`course_lib.experiments.training_set_errors.error_points` (a wrapper of
    its own, so that grading this notebook stubs the exercise and not the library function)."""
    return training_set_errors.error_points(tags, wrong)


def _frame(tags: Any, wrong: Any) -> Any:
    import pandas as pd

    return pd.DataFrame({"tag": list(tags), "wrong": np.asarray(wrong, dtype=bool)})


def _share_of_errors(tags: Any, wrong: Any) -> Any:
    f = _frame(tags, wrong)
    return (f.groupby("tag")["wrong"].sum() / max(int(f["wrong"].sum()), 1)).astype(float)


def _rate_within(tags: Any, wrong: Any) -> Any:
    return _frame(tags, wrong).groupby("tag")["wrong"].mean().astype(float)


def _counts(tags: Any, wrong: Any) -> Any:
    return _frame(tags, wrong).groupby("tag")["wrong"].sum()


def _missing_zero_tags(tags: Any, wrong: Any) -> Any:
    f = _frame(tags, wrong)
    return (f[f["wrong"]]["tag"].value_counts() / len(f)).astype(float)


def _points_cases() -> list[Case]:
    return [
        Case("four examples", (["clean", "blurred", "clean", "noisy"], [True, True, False, True])),
        Case("a tag without errors", (["clean", "faint", "clean", "faint", "blurred"],
                                      [True, False, False, False, True]),
             hint="every tag that occurs gets an entry, 0.0 when none of its examples is "
                  "wrong."),
        Case("NumPy arrays", (np.array(["noisy", "clean", "noisy", "clean", "clean", "clean"]),
                              np.array([True, False, True, True, False, False]))),
        Case("no errors at all", (["clean", "blurred"], [False, False])),
    ]


register(
    Exercise(
        id="w3_03_error_points",
        title="how many points of training error each tag accounts for",
        kind="function",
        reference=error_points,
        compare=Series(),
        signature="error_points(tags, wrong)",
        visible=_points_cases,
        mistakes=(
            Mistake("share of the errors", _share_of_errors,
                    "divide by the number of *examples*, not by the number of errors: the "
                    "values should add up to the error rate, not to 1."),
            Mistake("error rate within the tag", _rate_within,
                    "that is how often the model fails on examples with the tag; the question "
                    "is how much of the *whole* training error the tag accounts for, so divide "
                    "by the number of all examples."),
            Mistake("counts", _counts,
                    "return shares of all examples (floats between 0 and 1), not counts."),
            Mistake("tags without errors left out", _missing_zero_tags,
                    "list every tag that occurs, with 0.0 for a tag none of whose examples is "
                    "wrong."),
        ),
        hints=(
            "If the model got every example with a given tag right, by how much would the "
            "training error fall? That drop is the tag's entry: the misclassified examples "
            "with the tag, as a share of all examples.",
            "Put `tags` and `wrong` in a two-column `DataFrame`, group by the tag column, sum "
            "the boolean column (True counts 1) and divide by the number of *rows*. Return "
            "the resulting `Series`, indexed by tag.",
        ),
    ),
)


# --- decisions ---------------------------------------------------------------------------------

#: The proposals a team may make, by technique name (no "both" technique: see the key).
PROPOSALS = tuple(t.name for t in TECHNIQUES if t.category != "both")

PROPOSAL_OPTIONS = {
    "go": "Go ahead: it attacks the larger gap, and its only cost is the one in the table.",
    "go_watch": "Go ahead, but watch the other gap: this technique will push it up, so prefer "
                "one without that side effect if there is one.",
    "wrong_gap": "Do not: it attacks the smaller gap; pick a technique for the larger one.",
}


def _proposed_technique(rng: Any) -> Situation:
    task = ["sorts parcels by the postcode on the label", "detects potholes in dash-cam photos",
            "flags fraudulent card payments", "transcribes meeting audio"][int(rng.integers(4))]
    if rng.random() < 0.5:
        human = round(float(rng.uniform(0.005, 0.02)), 3)
        train = round(human + float(rng.uniform(0.04, 0.08)), 3)
        dev = round(train + float(rng.uniform(0.005, 0.02)), 3)
    else:
        human = round(float(rng.uniform(0.005, 0.03)), 3)
        train = round(human + float(rng.uniform(0.003, 0.012)), 3)
        dev = round(train + float(rng.uniform(0.04, 0.08)), 3)
    proposal = PROPOSALS[int(rng.integers(len(PROPOSALS)))]
    prompt = (
        f"A team {task}. People get **{human:.1%}** wrong; the team's model has a training "
        f"error of **{train:.1%}** and a dev error of **{dev:.1%}**. An engineer proposes: "
        f"*'{proposal}'*. What do you say? (Use the technique table of the notebook.)"
    )
    return Situation(prompt, PROPOSAL_OPTIONS, {"human": human, "train": train, "dev": dev,
                                                "proposal": proposal})


register_decision(DecisionSpec(
    id="w3_03_proposed_technique",
    title="does the proposed technique attack the right gap?",
    build=_proposed_technique,
    mistakes=(
        ("the smaller gap",
         "compare the two gaps first (train - human, dev - train): the team should attack "
         "the larger one, and the proposal must reduce *that* one."),
        ("side effects misjudged",
         "look up the technique's row, both what it reduces and what it *may raise*: only the "
         "trade-offs push the other gap up, the techniques of the categories 'bias' and "
         "'variance' do not. And a technique for the wrong gap is not worth it at any cost."),
    ),
    hints=(
        "Three questions, in order: which gap is larger? Does the proposed technique reduce "
        "that gap? Does it raise the other one?",
        "Find the proposal in the notebook's technique table: its `reduces` and `may_raise` "
        "columns answer the last two questions once you know which gap is larger.",
    ),
))


#: Categories of training-set mistakes in the tally decision.
TALLY_CATEGORIES = {
    "smudged": "smudged by ink",
    "faint": "faint (pale pencil)",
    "cropped": "cut off at the edge",
}

TALLY_OPTIONS = {
    **{key: f"Work on the {text} images first (e.g. features or model changes for them)."
       for key, text in TALLY_CATEGORIES.items()},
    "more_data": "Collect more training data: the training error is too high.",
}


def _training_tally(rng: Any) -> Situation:
    keys = list(TALLY_CATEGORIES)
    while True:
        n = int(rng.choice([20_000, 40_000, 60_000]))
        sizes = rng.integers(1_000, 6_000, size=3)
        wrong = np.minimum(rng.integers(150, 1_200, size=3), sizes // 2)
        unreadable = (wrong * rng.uniform(0.05, 0.9, size=3)).astype(int)
        avoidable = wrong - unreadable
        picks = {int(np.argmax(avoidable)), int(np.argmax(wrong)), int(np.argmax(wrong / sizes))}
        distinct = len({*avoidable.tolist()}) == 3 and len({*wrong.tolist()}) == 3
        if distinct and len(picks) == 3 and len(set((wrong / sizes).round(6))) == 3:
            break
    rows = "\n".join(
        f"| {TALLY_CATEGORIES[k]} | {int(s):,} | {int(w):,} | {int(u):,} |"
        for k, s, w, u in zip(keys, sizes, wrong, unreadable, strict=True))
    total = int(wrong.sum() + rng.integers(200, 600))
    prompt = (
        f"A team reads handwritten postcodes. Its training set holds **{n:,}** images; the "
        f"model gets **{total:,}** of them wrong, far more than people would, while its dev "
        "error is only a little higher than its training error. The team sorts the misread "
        "training images into categories (the rest fit none) and, for each, asks two "
        "colleagues whether they can read it:\n\n"
        "| category | training images in it | misread by the model | of those, unreadable "
        "for people |\n|---|---:|---:|---:|\n" + rows + "\n\nWhat should the team work on "
        "first?"
    )
    return Situation(prompt, TALLY_OPTIONS, {
        "n_train": n, "n_wrong": total, "categories": tuple(keys),
        "sizes": tuple(int(s) for s in sizes), "wrong": tuple(int(w) for w in wrong),
        "unreadable": tuple(int(u) for u in unreadable)})


register_decision(DecisionSpec(
    id="w3_03_training_tally",
    title="which training-set errors to work on first?",
    build=_training_tally,
    mistakes=(
        ("unreadable ones counted",
         "an image nobody can read is an error no model can be expected to fix: subtract "
         "the unreadable ones before you compare the categories."),
        ("rate within the category",
         "a category where the model fails often but which holds few images can remove only "
         "a few errors; compare how many avoidable errors each category holds."),
        ("more data for a bias problem",
         "the training error is far above human level while the dev error is close to it: "
         "that is bias, and more data does not lower the training error."),
    ),
    hints=(
        "Error analysis on the training set: the category worth working on is the one whose "
        "fix would remove the most errors a person would not make.",
        "For each category, count the misread images that people *can* read. Then check "
        "whether the problem is bias or variance before considering more data.",
    ),
))
