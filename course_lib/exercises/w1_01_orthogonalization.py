"""Exercises of week 1, notebook 01: orthogonalization and the chain of assumptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import orthogonalization as orth
from course_lib.exercises.compare import LabelSet, describe_type, keyed_choice_forms, short_repr
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


_KNOB_QUESTION = (
    "ask which number this knob is meant to change: the training error itself, the gap "
    "from training to dev, the gap from dev to test, or the gap between a good test score "
    "and happy users."
)


@dataclass(frozen=True)
class KnobLinks:
    """Accept a dict knob -> step equal to the expected one, with a hint on the first error."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) is not dict:
            return (f"expected a dict {{knob: step}}, got {describe_type(answer)}: "
                    f"{short_repr(answer)}")
        missing = [k for k in expected if k not in answer]
        extra = [k for k in answer if k not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing knobs {missing}")
            if extra:
                parts.append("unknown knobs [" + ", ".join(short_repr(k, 40) for k in extra) + "]")
            return "the dict's keys must be exactly the knobs listed above: " + "; ".join(parts)
        options = ", ".join(repr(s) for s in STEPS)
        for knob in expected:
            value = answer[knob]
            if type(value) is not str or value not in STEPS:
                return f"the link for {knob!r} must be one of {options}, got {short_repr(value)}"
        wrong = [k for k in expected if answer[k] != expected[k]]
        if wrong:
            first = wrong[0]
            return (f"{len(wrong)} of the {len(expected)} knobs point to the wrong link. "
                    f"Look again at {first!r}: {_KNOB_QUESTION}")
        return None

    def forms(self, value: Any) -> dict[str, list[str]]:
        """Per key, the chosen label (see :mod:`course_lib.exercises.digests`)."""
        return keyed_choice_forms(value)


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


# --- which knob fixes which link -----------------------------------------------------------

register(
    Exercise(
        id="w1_01_knob_links",
        title="match each knob to the link of the chain it fixes",
        kind="value",
        reference=None,
        compare=KnobLinks(),
        hints=(
            "Orthogonalization: each knob in the list is designed to act on one link of the "
            "chain. For every knob, ask which single number it is meant to move.",
            "Sort the knobs by what they change: how well the model fits the data it learns from; "
            "the gap between training and dev error; having tuned too closely to a small dev set; "
            "or *what* you aim at (the data or the metric), when a good test score does not "
            "please the users.",
        ),
    ),
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
