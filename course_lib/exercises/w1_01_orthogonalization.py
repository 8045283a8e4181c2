"""Exercises of week 1, notebook 01: orthogonalization and the chain of assumptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import orthogonalization as orth
from course_lib.exercises.compare import LabelSet, describe_type, short_repr
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

STEPS = orth.STEPS

#: The targets of the notebook's simulated projects.
TARGETS = {"train": 0.02, "dev": 0.05, "test": 0.05, "real world": 0.08}


# --- comparators ---------------------------------------------------------------------------

@dataclass(frozen=True)
class StepOrNone:
    """Accept one of the step names (``str``) or ``None``, equal to the expected one."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if answer is not None and type(answer) is not str:
            return (f"expected a step name (str) or None, got {describe_type(answer)}: "
                    f"{short_repr(answer)}")
        if answer is not None and answer not in STEPS:
            options = ", ".join(repr(s) for s in STEPS)
            return f"{answer!r} is not a step name; use one of {options} (or None)"
        if answer is None and expected is not None:
            return "you returned None (every link holds), but a link misses its target here"
        if answer is not None and expected is None:
            return "every link meets its target in this case: the function should return None"
        if answer != expected:
            return "that is not the first link that misses its target"
        return None


# --- first failing step --------------------------------------------------------------------

def _rates(train: float, dev: float, test: float, real: float) -> dict[str, float]:
    return {"train": train, "dev": dev, "test": test, "real world": real}


def _first_failing_cases() -> list[Case]:
    targets = dict(TARGETS)
    return [
        Case("only the dev set misses its target",
             (_rates(0.01, 0.09, 0.05, 0.07), targets)),
        Case("the training set is not fitted, and everything after fails too",
             (_rates(0.10, 0.14, 0.15, 0.20), targets)),
        Case("every link holds", (_rates(0.01, 0.03, 0.04, 0.06), targets),
             hint="when no link misses its target, return None."),
        Case("the training error is just above its target",
             (_rates(0.03, 0.20, 0.21, 0.25), targets)),
        Case("an error exactly on its target meets it",
             (_rates(0.02, 0.05, 0.07, 0.08), targets),
             hint="an error equal to the target meets it: a link fails only when its error "
                  "is above the target."),
        Case("the keys come in another order",
             ({"test": 0.07, "dev": 0.20, "real world": 0.10, "train": 0.03},
              {"real world": 0.08, "test": 0.05, "dev": 0.05, "train": 0.02})),
        Case("good on test, poor in the real world",
             (_rates(0.015, 0.04, 0.045, 0.12), targets)),
    ]


def _failing(results: dict, targets: dict) -> list[str]:
    return [s for s in STEPS if results[s] > targets[s]]


def _last_failing(results: dict, targets: dict) -> str | None:
    failing = _failing(results, targets)
    return failing[-1] if failing else None


def _worst_gap(results: dict, targets: dict) -> str | None:
    failing = _failing(results, targets)
    return max(failing, key=lambda s: results[s] - targets[s]) if failing else None


def _at_or_above(results: dict, targets: dict) -> str | None:
    failing = [s for s in STEPS if results[s] >= targets[s]]
    return failing[0] if failing else None


def _dict_order(results: dict, targets: dict) -> str | None:
    failing = [s for s in results if results[s] > targets[s]]
    return failing[0] if failing else None


register(
    Exercise(
        id="w1_01_first_failing_step",
        title="the first link of the chain that misses its target",
        kind="function",
        reference=orth.first_failing_step,
        compare=StepOrNone(),
        signature="first_failing_step(results, targets)",
        visible=_first_failing_cases,
        mistakes=(
            Mistake("last failing link", _last_failing,
                    "you found *a* failing link, but not the first one along the chain. Until "
                    "the earlier link holds, the later numbers are not worth tuning."),
            Mistake("largest miss", _worst_gap,
                    "you picked the link that misses its target by the most. The order of the "
                    "chain matters, not the size of the miss."),
            Mistake("equal counts as failing", _at_or_above,
                    "an error equal to its target meets it: use a strict 'above' comparison."),
            Mistake("order of the dict", _dict_order,
                    "you followed the order of the dict's keys. Walk through the links in the "
                    "chain's order, STEPS = ('train', 'dev', 'test', 'real world')."),
        ),
        hints=(
            "Walk along the chain in its own order (training set, dev, test, real world) and stop "
            "at the first link whose measured error misses its target: the numbers of later links "
            "will move anyway once that one is fixed.",
            "Loop over `STEPS`, not over the dict (its keys can come in any order), and use a "
            "strict `>`: reaching the target exactly counts as a pass. If the loop finishes "
            "without a miss, every link holds and the function returns `None`.",
        ),
    ),
)


# --- the knob that moves two links ----------------------------------------------------------

register(
    Exercise(
        id="w1_01_early_stopping",
        title="the links that early stopping moves",
        kind="value",
        reference=None,
        compare=LabelSet(),
        mistakes=(
            Mistake("dev only", None,
                    "early stopping is often sold as a regularizer (dev), but what does "
                    "stopping early do to the training error?"),
            Mistake("train only", None,
                    "stopping early does fit the training set less well; why do people use "
                    "it anyway? Look at the dev curve of the plot."),
            Mistake("train and test", None,
                    "early stopping is decided by looking at a held-out error during training: "
                    "which set is that, in this chain?"),
        ),
        hints=(
            "The third panel of the plot is your evidence: when you stop training earlier or "
            "later, which curves move?",
            "Think about which set gradient descent is fitting and which held-out set you watch "
            "to decide when to stop. A link belongs in your answer when its error changes with "
            "the stopping point; answer with a `set` of names from `STEPS`.",
        ),
    ),
)


# --- decisions: which knob for this team? ------------------------------------------------------

#: The knobs a decision offers, named by what they do (the answer key says which is right).
KNOB_OPTIONS = {
    "bigger_network": "Train a bigger network, or switch to a better optimiser such as Adam.",
    "regularise": "Add regularisation (L2, dropout) or collect a bigger training set.",
    "bigger_dev_set": "Collect a bigger dev set.",
    "change_target": "Change the dev/test sets or the cost function.",
    "early_stopping": "Stop training earlier (early stopping).",
}

#: The knob of each link (the right knob when that link is the first to miss its target).
KNOB_OF_LINK = {"train": "bigger_network", "dev": "regularise", "test": "bigger_dev_set",
                "real world": "change_target"}

_TASKS = (
    "reads meter values from photos taken by field technicians",
    "flags fraudulent card payments",
    "tags the species of bird in camera-trap pictures",
    "detects a cough in phone recordings",
)


def _chain_numbers(rng: np.random.Generator, first: str, jump: str
                   ) -> tuple[dict[str, float], dict[str, float]]:
    """Targets and errors whose first miss is ``first`` and whose biggest rise is at ``jump``."""
    order = list(STEPS)
    for _ in range(20_000):
        base = float(rng.uniform(0.01, 0.12))
        steps = [base, float(rng.uniform(0.01, 0.08)), float(rng.uniform(0.0, 0.02)),
                 float(rng.uniform(0.01, 0.03))]
        targets = dict(zip(order, np.round(np.cumsum(steps), 3).tolist(), strict=True))
        rises = [float(rng.uniform(0.004, 0.03)) for _ in order]
        rises[order.index(jump)] = float(rng.uniform(0.06, 0.12))
        errors = dict(zip(order, np.round(np.cumsum(rises), 3).tolist(), strict=True))
        i = order.index(first)
        fails = [errors[s] > targets[s] + 0.004 for s in order]
        holds = [errors[s] < targets[s] - 0.004 for s in order]
        shown = [errors["train"]] + [errors[b] - errors[a]
                                     for a, b in zip(order, order[1:], strict=False)]
        biggest = int(np.argmax(shown[:3]))
        if (all(holds[:i]) and all(fails[i:]) and order[biggest] == jump
                and sorted(shown[:3])[-1] - sorted(shown[:3])[-2] >= 0.02):
            return targets, errors
    raise RuntimeError("no chain found")  # pragma: no cover - the ranges always allow one


def _first_knob(rng: np.random.Generator) -> Situation:
    first = str(rng.choice(["train", "dev", "test"]))
    jump = str(rng.choice([s for s in ("train", "dev", "test") if s != first]))
    targets, errors = _chain_numbers(rng, first, jump)
    task = _TASKS[int(rng.integers(len(_TASKS)))]
    rows = "\n".join(f"| {s} | {errors[s]:.1%} | {targets[s]:.1%} |" for s in STEPS)
    prompt = (
        f"A team's model {task}. For each link of the chain the team wrote down the highest "
        "error it can accept (for the training set: about what careful people get wrong on "
        "this task), then measured the model. 'Real world' is the error on a sample of the "
        "users' own cases, checked by hand.\n\n"
        "| link | measured error | target (highest acceptable) |\n|---|---|---|\n"
        f"{rows}\n\nThe team has a month for one knob. Which one do you turn first?"
    )
    options = {k: KNOB_OPTIONS[k] for k in (KNOB_OF_LINK[first], KNOB_OF_LINK[jump],
                                             "change_target", "early_stopping")}
    return Situation(prompt, options, {"targets": targets, "errors": errors})


register_decision(DecisionSpec(
    id="w1_01_first_knob",
    title="which knob first",
    build=_first_knob,
    mistakes=(
        ("the biggest jump",
         "you chose the knob for the biggest jump between two neighbouring numbers. Compare "
         "each error with *its own target* instead, walking along the chain from the training "
         "set: a big jump can sit on a link that meets its target, or after one that misses."),
        ("the users' number",
         "the real-world number misses its target, but so does an earlier link. While that "
         "one fails, the users' number cannot be trusted to say anything about the target."),
        ("early stopping",
         "early stopping changes the training fit and the dev error at the same time, so "
         "after turning it you cannot tell which link it fixed (or broke)."),
    ),
    hints=(
        "Walk the chain in its order (training set, dev, test, real world) and compare each "
        "error with its own target, not with the others.",
        "The first link whose error is above its target decides; each link has knobs that act "
        "on it and barely on the others. Early stopping acts on two links at once.",
    ),
))


def _unhappy_users(rng: np.random.Generator) -> Situation:
    target = round(float(rng.uniform(0.03, 0.06)), 3)
    train = round(target * float(rng.uniform(0.2, 0.5)), 3)
    dev = round(target * float(rng.uniform(0.7, 0.9)), 3)
    test = round(dev + float(rng.uniform(0.0, 0.006)), 3)
    case = str(rng.choice(["dev_set", "metric"]))
    if case == "dev_set":
        users = int(rng.integers(55, 85))
        dev_share = int(rng.integers(2, 9))
        story = (
            f"A survey of the complaints shows that **{users} %** of the pictures the users "
            "upload are dim, blurry phone snapshots; the team's dev and test sets were cut "
            f"from a collection of sharp web pictures, of which **{dev_share} %** look like "
            "that. The users say the app is wrong much more often than the team's numbers "
            "suggest."
        )
        data = {"case": case, "users_blurry": users / 100, "dev_blurry": dev_share / 100}
    else:
        per_10k = int(rng.integers(3, 12))
        story = (
            "A survey of the complaints shows that the users see the app wrong about as often "
            "as the team's numbers say. What makes them leave is that it shows about "
            f"**{per_10k} in 10,000** of them a violent or pornographic picture tagged as "
            "'cat'. The team's dev metric, the error rate, counts such a mistake like any "
            "other: one error."
        )
        data = {"case": case, "offensive_per_10k": per_10k}
    prompt = (
        f"A cat-picture app ships a model with a training error of **{train:.1%}**, a dev error "
        f"of **{dev:.1%}** and a test error of **{test:.1%}**; the team's target for dev and "
        f"test was **{target:.1%}**. A month later the users are unhappy. {story} What should "
        "the team do next?"
    )
    options = {
        "change_dev_set": "Build new dev and test sets from the kind of pictures the users "
                          "upload, and aim at those.",
        "change_metric": "Change the evaluation metric so that it counts what the users "
                         "complain about (for example, weigh some mistakes much more).",
        "bigger_dev_set": "Collect a bigger dev set from the same collection and tune more "
                          "carefully on it.",
        "regularise": "Regularise the model or give it more training data, so that it "
                      "generalises better.",
    }
    data.update(train=train, dev=dev, test=test, target=target)
    return Situation(prompt, options, data)


register_decision(DecisionSpec(
    id="w1_01_unhappy_users",
    title="a good test score and unhappy users",
    build=_unhappy_users,
    mistakes=(
        ("same target, more carefully",
         "the test error already meets its target, so the dev set was not over-tuned. A "
         "bigger dev set from the same collection aims just as precisely at the same, wrong, "
         "target."),
        ("the other half of the target",
         "both knobs move the target, but they fix different things: the data you measure on, "
         "or what the metric counts. Reread the complaint: which of the two is wrong here?"),
        ("generalise better",
         "the dev and test errors meet their target, so the model carries its training fit "
         "over to data like the dev set. The trouble is after the test link."),
    ),
    hints=(
        "Find the first link of the chain that fails: train, dev and test all meet their "
        "targets. What is left?",
        "When a good test score does not mean happy users, the target itself is off: either "
        "the dev/test data are not the data you care about, or the metric does not count what "
        "you care about. The complaint tells you which.",
    ),
))
