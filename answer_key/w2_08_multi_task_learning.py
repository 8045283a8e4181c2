"""Answer key of week 2, notebook 08: multi-task learning."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_08_multi_task_learning import NAN


def _random_label_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        digits = rng.integers(0, 10, size=int(rng.integers(1, 40)))
        cases.append(Case(f"random digits #{k + 1}", (digits if k % 2 else digits.tolist(),)))
    return cases


def _random_loss_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(25):
        n, tasks = int(rng.integers(1, 30)), int(rng.integers(1, 6))
        y = (rng.random((n, tasks)) < 0.5).astype(float)
        y[rng.random((n, tasks)) < rng.uniform(0, 0.7)] = NAN
        if np.isnan(y).all():
            y[0, 0] = 1.0
        p = rng.uniform(0.02, 0.98, size=(n, tasks))
        if tasks == 1 and k % 2:
            y, p = y[:, 0], p[:, 0]
        cases.append(Case(f"random labels #{k + 1} ({n} examples, {tasks} task(s))", (y, p)))
    return cases


KEYS = keys_by_id([
    Key("w2_08_task_labels", hidden=_random_label_cases),
    Key("w2_08_masked_bce", hidden=_random_loss_cases),
])


# --- decisions ----------------------------------------------------------------------------

def _shares_features(d: Decision) -> bool:
    return len(d.data["inputs"]) == 1


def _big_network(d: Decision) -> bool:
    return d.data["max_hidden_units"] is None


def _sharing_plan(d: Decision) -> str:
    return "multi_task" if _shares_features(d) and _big_network(d) else "separate"


def _sharing_explanation(d: Decision) -> str:
    mt, sep, tr = (d.letter(k) for k in ("multi_task", "separate", "transfer"))
    k, per_task = d.data["n_tasks"], d.data["per_task"]
    if not _shares_features(d):
        why = (f"Half of the {k} questions are about photos and half about sensor readings: "
               "the two halves have nothing in their low-level features to share, so **"
               f"{sep}** is right. A shared network (**{mt}**) would only make them compete "
               "for its hidden units.")
    elif not _big_network(d):
        why = (f"With at most 4 hidden units per network, one shared network would squeeze "
               f"what {k} questions need into 4 numbers, and the questions would compete for "
               f"them, as in the notebook's small network. Separate networks (**{sep}**), each "
               f"with 4 units of its own, are right. **{mt}** would be right with a network big "
               "enough for every question.")
    else:
        why = (f"The {k} questions are about the same shelf photos, so they share low-level "
               f"features; each has about {per_task:,} examples, so each gets the features "
               f"learned from {(k - 1) * per_task:,} examples of the others; and the network "
               f"can be big enough. **{mt}** is right. Separate networks (**{sep}**) learn the "
               "same features again and again, each from its own labels only.")
    return why + (f" **{tr}** (transfer) is for a data-rich task helping a data-poor one "
                  "afterwards; here all questions have similar amounts of data and are "
                  "learned for their own sake.")


def _missing_explanation(d: Decision) -> str:
    n, complete, present = d.data["n"], d.data["complete"], d.data["present"]
    m, dr, z, sep = (d.letter(k) for k in ("mask", "drop", "zero", "separate"))
    return (
        f"**{m}** is right: the multi-task loss sums over the labelled (photo, object) entries "
        "only, so every label the team paid for is used and a '?' adds nothing. **"
        f"{dr}** keeps only {complete:.0%} of the photos, about {round(n * complete):,} of "
        f"{n:,}, and throws away all the labels of the others. **{z}** turns 'nobody looked' "
        f"into 'not there': where labels are known, objects are there {present:.0%} of the "
        "time, so many of those zeros are wrong and teach the network to miss objects. **"
        f"{sep}** could also skip the '?'s, but gives up the features the four objects share "
        "(edges, shapes, road scenes), which is what one network learns from all the labels "
        "together."
    )


KEYS.update(keys_by_id([
    decision_key("w2_08_shared_or_separate", _sharing_plan,
                 wrong={"sharing misjudged":
                        lambda d: "separate" if _sharing_plan(d) == "multi_task" else "multi_task",
                        "transfer instead": lambda d: "transfer"},
                 explanation=_sharing_explanation),
    decision_key("w2_08_missing_labels", lambda d: "mask",
                 wrong={"dropped incomplete photos": lambda d: "drop",
                        "a '?' read as 'no'": lambda d: "zero",
                        "one network per object": lambda d: "separate"},
                 explanation=_missing_explanation),
]))
