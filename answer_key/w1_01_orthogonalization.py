"""Answer key of week 1, notebook 01: orthogonalization and the chain of assumptions."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib import orthogonalization as orth
from course_lib.data.projects import simulate_projects
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_01_orthogonalization import KNOB_OF_LINK, STEPS


def _random_first_failing(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(6):
        targets = {s: round(float(rng.uniform(0.01, 0.1)), 3) for s in STEPS}
        table = simulate_projects(targets, n_projects=6, seed=int(rng.integers(0, 10**6)))
        for name, row in table.iterrows():
            results = {s: float(row[s]) for s in STEPS}
            if k % 2:  # shuffle the key order half of the time
                order = rng.permutation(len(STEPS))
                results = {STEPS[i]: results[STEPS[i]] for i in order}
            cases.append(Case(f"random project set #{k + 1}, {name}", (results, targets)))
    return cases


def early_stopping_links() -> set[str]:
    """Reference: the links that early stopping moves at the same time."""
    return set(orth.LESS_ORTHOGONAL["early stopping"])


def _early_explanation() -> str:
    return (
        "Stopping gradient descent early leaves the training set less well fitted (link "
        "'train') and, for that very reason, often lowers the dev error (link 'dev'). One "
        "knob, two effects: you cannot turn one without the other, which is why it is less "
        "orthogonal than a bigger network (train) or L2 regularization (dev)."
    )


# --- decisions ----------------------------------------------------------------------------

def _first_miss(d: Decision) -> str:
    errors, targets = d.data["errors"], d.data["targets"]
    return next(s for s in STEPS if errors[s] > targets[s])


def _first_knob(d: Decision) -> str:
    return KNOB_OF_LINK[_first_miss(d)]


def _rises(d: Decision) -> dict[str, float]:
    errors = d.data["errors"]
    return {"train": errors["train"], "dev": errors["dev"] - errors["train"],
            "test": errors["test"] - errors["dev"]}


def _biggest_jump(d: Decision) -> str:
    rises = _rises(d)
    return max(rises, key=rises.__getitem__)


def _biggest_jump_knob(d: Decision) -> str:
    return KNOB_OF_LINK[_biggest_jump(d)]


def _first_knob_explanation(d: Decision) -> str:
    errors, targets = d.data["errors"], d.data["targets"]
    first, jump = _first_miss(d), _biggest_jump(d)
    walk = "; ".join(
        f"{s}: {errors[s]:.1%} {'misses' if errors[s] > targets[s] else 'meets'} "
        f"{targets[s]:.1%}" for s in STEPS[:STEPS.index(first) + 1])
    rise = _rises(d)[jump]
    if STEPS.index(jump) < STEPS.index(first):
        why_jump = (f"the {jump} link has the biggest rise ({100 * rise:.1f} points), but it "
                    "meets its target: its knob would improve a number that is already good "
                    "enough")
    else:
        why_jump = (f"the {jump} link has the biggest rise ({100 * rise:.1f} points), but an "
                    f"earlier link ({first}) already misses; the {jump} number will move once "
                    "that is fixed, so working on it now is guesswork")
    es = {"train": "it would make the training fit worse, the very link that fails",
          "dev": "it may lower the dev error, but only by fitting the training set less, so "
                 "you trade one link against the other and cannot tell which moved",
          "test": "it changes the training fit and the dev error, while the trouble is the "
                  "gap from dev to test"}[first]
    return (
        f"Walk the chain: {walk}. The first broken link is '{first}', so "
        f"**{d.letter(_first_knob(d))}** is the knob that acts on it. "
        f"**{d.letter(_biggest_jump_knob(d))}**: {why_jump}. "
        f"**{d.letter('change_target')}**: the real-world number ({errors['real world']:.1%}) "
        "misses too, but nothing shows the target is wrong; it fails because an earlier link "
        f"does. **{d.letter('early_stopping')}**: early stopping moves two links at once; "
        f"here {es}."
    )


def _target_knob(d: Decision) -> str:
    return "change_dev_set" if d.data["case"] == "dev_set" else "change_metric"


def _other_target_knob(d: Decision) -> str:
    return "change_metric" if d.data["case"] == "dev_set" else "change_dev_set"


def _unhappy_explanation(d: Decision) -> str:
    data = d.data
    right, other = d.letter(_target_knob(d)), d.letter(_other_target_knob(d))
    if data["case"] == "dev_set":
        why = (f"{data['users_blurry']:.0%} of the users' pictures are dim phone snapshots, "
               f"against {data['dev_blurry']:.0%} of the dev and test pictures: the team aimed "
               "at the wrong data. New dev and test sets from the users' pictures "
               f"(**{right}**) move the target where the users are. The metric "
               f"(**{other}**) is not the problem: the complaint is about how often the app "
               "is wrong, which the error rate does count.")
    else:
        why = ("the users see about as many mistakes as the metric counts; what they cannot "
               f"stand is a rare kind of mistake ({data['offensive_per_10k']} in 10,000) "
               "that the error rate weighs like any other. A metric that weighs those "
               f"mistakes heavily (**{right}**) moves the target. New dev/test data "
               f"(**{other}**) would not help: the pictures are the right ones, the count is "
               "not.")
    return (
        f"Train {data['train']:.1%}, dev {data['dev']:.1%} and test {data['test']:.1%} all meet "
        f"the {data['target']:.1%} target: the chain breaks after the test link. Here {why} "
        f"**{d.letter('bigger_dev_set')}** tunes more precisely on the same, wrong, target; "
        f"**{d.letter('regularise')}** works on the dev link, which already holds."
    )


KEYS = keys_by_id([
    Key("w1_01_first_failing_step", hidden=_random_first_failing),
    decision_key("w1_01_first_knob", _first_knob,
                 wrong={"the biggest jump": _biggest_jump_knob,
                        "the users' number": lambda d: "change_target",
                        "early stopping": lambda d: "early_stopping"},
                 explanation=_first_knob_explanation),
    decision_key("w1_01_unhappy_users", _target_knob,
                 wrong={"same target, more carefully": lambda d: "bigger_dev_set",
                        "the other half of the target": _other_target_knob,
                        "generalise better": lambda d: "regularise"},
                 explanation=_unhappy_explanation),
    Key("w1_01_early_stopping", answer=early_stopping_links,
        wrong_answers={"dev only": lambda: {"dev"},
                       "train only": lambda: {"train"},
                       "train and test": lambda: {"train", "test"}},
        explanation=_early_explanation),
])
