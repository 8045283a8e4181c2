"""Answer key of week 2, notebook 07: transfer learning."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w2_07_transfer_learning import pretrained_network, watched


def _random_transfer_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(12):
        n_hidden = int(rng.integers(1, 4))
        sizes = (int(rng.integers(3, 12)), *rng.integers(2, 9, size=n_hidden).tolist(),
                 int(rng.integers(2, 6)))
        output = str(rng.choice(["softmax", "sigmoid"]))
        kwargs: dict[str, Any] = {"retrain": str(rng.choice(["last", "all"])),
                                  "seed": int(rng.integers(0, 100))}
        if rng.random() < 0.4:
            kwargs["output"] = str(rng.choice(["softmax", "sigmoid"]))
        n_out = int(rng.integers(2, 7))
        net = pretrained_network(sizes, int(rng.integers(0, 1000)), output)
        if k % 3 == 2:  # must come back unchanged: the check sees a change in place
            net = watched(net)
        cases.append(Case(f"random network #{k + 1} with {n_hidden} hidden layer(s)",
                          (net, n_out), kwargs))
    return cases


def _random_sense_cases(rng: np.random.Generator) -> list[Case]:
    kinds = ["image", "audio", "text"]
    cases = []
    for k in range(30):
        n_b = int(rng.integers(1, 5_000))
        ratio = float(rng.choice([0.1, 1, 5, 9.9, 10, 11, 100, 10_000]))
        n_a = int(round(n_b * ratio))
        a = str(rng.choice(kinds))
        b = a if rng.random() < 0.7 else str(rng.choice(kinds))
        cases.append(Case(f"random pair of tasks #{k + 1}",
                          (a, b, n_a, n_b, bool(rng.random() < 0.75))))
    return cases


KEYS = keys_by_id([
    Key("w2_07_transfer_network", hidden=_random_transfer_cases),
    Key("w2_07_transfer_makes_sense", hidden=_random_sense_cases),
])


# --- decisions ----------------------------------------------------------------------------

def _transfer_plan(d: Decision) -> str:
    ok = d.data["input_a"] == d.data["input_b"] and d.data["n_a"] >= 10 * d.data["n_b"]
    return "transfer" if ok else "scratch"


def _transfer_explanation(d: Decision) -> str:
    n_a, n_b, unit = d.data["n_a"], d.data["n_b"], d.data["unit_a"]
    t, m, s = (d.letter(k) for k in ("transfer", "multi_task", "scratch"))
    if d.data["input_a"] != d.data["input_b"]:
        why = (f"Task A is {n_a:,} {unit} of speech and task B is photos: a network trained on "
               "audio has learned nothing about edges and shapes, so the first condition "
               f"fails. **{s}** is right: neither transfer nor multi-task. **{t}** reasons "
               "that more data always helps; it helps only through features both tasks share.")
    elif n_a < 10 * n_b:
        why = (f"Task A has {n_a:,} photos, task B {n_b:,}: B already has more data than A, "
               f"so A has little to teach B. **{s}** is right: train on B alone. **{t}** "
               "would pre-train on the smaller dataset; transfer pays when A has much more "
               "data than B (at least ten times, in this course's rule of thumb).")
    else:
        why = (f"Both tasks are photos, A has {n_a:,} and B {n_b:,} ({n_a // n_b:,} times "
               "more), and edges, textures and shapes of everyday objects help any photo "
               f"task: all three conditions hold, so **{t}** is right. **{s}** throws away "
               "what a network can learn about photos from A's data, which B's few hundred "
               "photos cannot teach.")
    return why + (f" **{m}** (multi-task) is for several tasks you care about at the same "
                  "time, usually with similar amounts of data each; here only B matters and "
                  "the amounts are far apart.")


def _retrain_plan(d: Decision) -> str:
    return "retrain_last" if d.data["n_b"] < 1_000 else "fine_tune_all"


def _retrain_explanation(d: Decision) -> str:
    n_a, n_b = d.data["n_a"], d.data["n_b"]
    last, all_, s = (d.letter(k) for k in ("retrain_last", "fine_tune_all", "scratch"))
    if n_b < 1_000:
        why = (f"With only {n_b:,} photos for B, retraining only the new output layer "
               f"(**{last}**) is right: a few weights to fit, on features A already made. "
               f"Fine-tuning every layer (**{all_}**) lets {n_b:,} examples move millions of "
               "weights, which over-fits them and can spoil A's features.")
    else:
        why = (f"With {n_b:,} photos for B there is enough data to adapt every layer: "
               f"fine-tuning (**{all_}**) from A's weights, with a smaller learning rate so "
               "they are adjusted rather than wiped out, is right. Retraining only the last "
               f"layer (**{last}**) keeps features made for A, which limits how good B can get.")
    return why + (f" Starting from random weights (**{s}**) throws away what {n_a:,} photos "
                  f"taught the hidden layers, while B has {n_a // n_b:,} times less data.")


KEYS.update(keys_by_id([
    decision_key("w2_07_transfer_or_not", _transfer_plan,
                 wrong={"conditions misjudged":
                        lambda d: "scratch" if _transfer_plan(d) == "transfer" else "transfer",
                        "multi-task instead": lambda d: "multi_task"},
                 explanation=_transfer_explanation),
    decision_key("w2_07_how_to_train_b", _retrain_plan,
                 wrong={"amount of B data misjudged":
                        lambda d: ("fine_tune_all" if _retrain_plan(d) == "retrain_last"
                                   else "retrain_last"),
                        "threw away task A": lambda d: "scratch"},
                 explanation=_retrain_explanation),
]))
