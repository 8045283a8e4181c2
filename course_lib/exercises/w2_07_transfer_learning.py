"""Exercises of week 2, notebook 07: transfer learning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import transfer
from course_lib.exercises.compare import Boolean, describe_type, short_repr
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register
from course_lib.nn import Network

# --- transfer_network: the surgery on a pretrained network --------------------------------


def pretrained_network(
    sizes: tuple[int, ...], seed: int, output: str = "softmax"
) -> Network:
    """A stand-in for a network trained on task A: random weights, moved away from any
    fresh initialisation so that a new ``Network(...)`` cannot reproduce them."""
    net = Network(list(sizes), output=output, seed=seed)  # type: ignore[arg-type]
    rng = np.random.default_rng(10_000 + seed)
    for p in net.parameters():
        p += rng.normal(scale=0.2, size=p.shape).astype(p.dtype)
    return net


@dataclass(frozen=True)
class SameNetwork:
    """Accept a ``course_lib.nn.Network`` with the same structure, frozen layers and
    parameters as the expected one. Messages name what differs, never the values."""

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if _changed(answer) and not _changed(expected):
            return ("the network you return was made by changing `pretrained` itself: the "
                    "task-A network passed in is no longer the one trained on task A")
        if type(answer) is not Network:
            return (
                "expected a course_lib.nn.Network, got "
                f"{describe_type(answer)}: {short_repr(answer)}"
            )
        if answer.layer_sizes[:-1] != expected.layer_sizes[:-1]:
            return (
                f"the new network has layer sizes {list(answer.layer_sizes)}: the input and "
                "hidden layers must stay exactly as in the pretrained network"
            )
        if answer.layer_sizes[-1] != expected.layer_sizes[-1]:
            return (
                f"the output layer has {answer.layer_sizes[-1]} units: it must have one per "
                "class (or task) of task B, i.e. n_outputs"
            )
        if answer.output != expected.output:
            return f"the output kind is {answer.output!r}, which is not the one asked for"
        if answer.n_frozen != expected.n_frozen:
            return (
                f"{answer.n_frozen} of the {answer.n_layers} layers are frozen, which does not "
                "match what retrain asks for"
            )
        params = answer.parameters()
        wanted = expected.parameters()
        if not all(np.array_equal(a, b) for a, b in zip(params[:-2], wanted[:-2], strict=True)):
            return (
                "the hidden layers' weights are not the pretrained ones: the new network must "
                "start from a copy of the pretrained network"
            )
        if not all(np.array_equal(a, b) for a, b in zip(params[-2:], wanted[-2:], strict=True)):
            return "the new output layer does not start from the expected random weights"
        return None


def watched(net: Network) -> Network:
    """The same network, watched for changes in place (see :meth:`Network.watched`)."""
    return net.watched()


def _changed(net: Any) -> bool:
    return isinstance(net, Network) and net.changed_in_place


def _transfer_cases() -> list[Case]:
    deep = (10, 8, 6, 4)
    return [
        Case("one hidden layer, retrain the last layer",
             (pretrained_network((10, 8, 5), 1), 3), {"retrain": "last", "seed": 0}),
        Case("two hidden layers, retrain the last layer",
             (pretrained_network(deep, 2), 2), {"retrain": "last", "seed": 0}),
        Case("two hidden layers, retrain all layers",
             (pretrained_network(deep, 3), 2), {"retrain": "all", "seed": 0}),
        Case("a seed for the new output layer",
             (pretrained_network(deep, 4), 3), {"retrain": "last", "seed": 5}),
        Case("switch from softmax to sigmoid outputs",
             (pretrained_network(deep, 5), 4), {"retrain": "all", "output": "sigmoid", "seed": 2}),
        Case("default arguments (retrain='last', output kept, seed=0)",
             (pretrained_network(deep, 6, output="sigmoid"), 2)),
        Case("the pretrained network must stay as it was",
             (watched(pretrained_network(deep, 7)), 3), {"retrain": "all", "seed": 1}),
    ]


def _wrong_freeze_one(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    net = pretrained.copy().replace_output(n_outputs, output, seed=seed)
    return net.freeze(1 if retrain == "last" else 0)


def _wrong_in_place(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    net = pretrained.replace_output(n_outputs, output, seed=seed)
    return net.freeze(net.n_layers - 1 if retrain == "last" else 0)


def _wrong_swapped(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    other = "all" if retrain == "last" else "last"
    return transfer.transfer_network(pretrained, n_outputs, other, output, seed)


def _wrong_no_seed(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    return transfer.transfer_network(pretrained, n_outputs, retrain, output, 0)


def _wrong_keeps_output_kind(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    return transfer.transfer_network(pretrained, n_outputs, retrain, None, seed)


def _wrong_old_output_layer(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    net = pretrained.copy()
    return net.freeze(net.n_layers - 1 if retrain == "last" else 0)


def _wrong_from_scratch(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    sizes = [*pretrained.layer_sizes[:-1], n_outputs]
    net = Network(sizes, output=output or pretrained.output, seed=seed)
    return net.freeze(net.n_layers - 1 if retrain == "last" else 0)


register(
    Exercise(
        id="w2_07_transfer_network",
        title="a network for task B from a network trained on task A",
        kind="function",
        reference=transfer.transfer_network,
        compare=SameNetwork(),
        signature='transfer_network(pretrained, n_outputs, retrain="last", output=None, seed=0)',
        visible=_transfer_cases,
        mistakes=(
            Mistake("freeze(1)", _wrong_freeze_one,
                    "with retrain='last' *every* hidden layer must be frozen, however many there "
                    "are; freeze(1) freezes only the first one. A network knows its n_layers."),
            Mistake("last and all swapped", _wrong_swapped,
                    "check what each value of retrain freezes: 'last' trains only the new "
                    "output layer (every hidden layer frozen), 'all' trains every layer "
                    "(nothing frozen)."),
            Mistake("pretrained changed in place", _wrong_in_place,
                    "replace_output and freeze change the network they are called on: call "
                    "them on `pretrained.copy()`, never on `pretrained`, or the task-A network "
                    "is lost (and every later experiment in the notebook starts from a changed "
                    "network)."),
            Mistake("seed ignored", _wrong_no_seed,
                    "pass seed on to replace_output, so the new layer's random weights depend "
                    "on it."),
            Mistake("output kind ignored", _wrong_keeps_output_kind,
                    "pass output on to replace_output: task B may need another output kind "
                    "(None keeps the pretrained one)."),
            Mistake("old output layer kept", _wrong_old_output_layer,
                    "the output layer of task A must be replaced by a fresh one for task B."),
            Mistake("new network from scratch", _wrong_from_scratch,
                    "a new Network(...) forgets everything learned on task A: start from "
                    "pretrained.copy()."),
        ),
        hints=(
            "Transfer keeps what task A taught the hidden layers and replaces only the part that "
            "answers A's question. Work on a copy, so the pretrained network stays untouched, "
            "then decide which layers may still learn.",
            "Chain the three `Network` methods the task lists: `copy`, then `replace_output` "
            "(pass `output` and `seed` on), then `freeze`. How many layers to freeze follows from "
            "`retrain`: with `\"last\"` all but the new output layer (use `n_layers`), with "
            "`\"all\"` none.",
        ),
    ),
)


# --- when does transfer make sense? -----------------------------------------------------


def _sense_cases() -> list[Case]:
    return [
        Case("radiology: 1,000,000 images, then 100 x-rays",
             ("image", "image", 1_000_000, 100, True),
             hint="all three conditions hold here. The data-rich task is the one you transfer "
                  "*from*: A needs the large dataset, B is the small one."),
        Case("wake word: 10,000 hours of speech, then 1 hour", ("audio", "audio", 10_000, 1, True)),
        Case("the amounts the other way round", ("image", "image", 100, 1_000_000, True),
             hint="here A has far less data than B, so transfer does not make sense: all three "
                  "conditions must hold at once (and, not or)."),
        Case("audio to images", ("audio", "image", 1_000_000, 100, True)),
        Case("unrelated low-level features", ("image", "image", 1_000_000, 100, False)),
        Case("A has only 3 times more data", ("image", "image", 3_000, 1_000, True)),
        Case("A has exactly 10 times more data", ("image", "image", 1_000, 100, True),
             hint="'at least 10 times more' includes exactly 10 times."),
        Case("as much data for B as for A", ("audio", "audio", 500, 500, True)),
    ]


register(
    Exercise(
        id="w2_07_transfer_makes_sense",
        title="the three conditions for transfer learning",
        kind="function",
        reference=transfer.transfer_makes_sense,
        compare=Boolean(),
        signature="transfer_makes_sense(input_a, input_b, n_a, n_b, low_level_features_help)",
        visible=_sense_cases,
        mistakes=(
            Mistake("more is enough", lambda ia, ib, a, b, f: ia == ib and a > b and f,
                    "A needs *much* more data than B, not just more: at least 10 times as much."),
            Mistake("strict ratio", lambda ia, ib, a, b, f: ia == ib and a > 10 * b and f,
                    "'at least 10 times' includes exactly 10 times: use >=."),
            Mistake("input ignored", lambda ia, ib, a, b, f: a >= 10 * b and f,
                    "A and B must have the same kind of input (images to images, audio to "
                    "audio)."),
            Mistake("features ignored", lambda ia, ib, a, b, f: ia == ib and a >= 10 * b,
                    "the third condition matters too: low-level features of A must be "
                    "useful for B."),
        ),
        hints=(
            "The lecture gives three conditions, and transfer is worth trying only when *all "
            "three* hold: the same kind of input, much more data for A than for B, and A's "
            "low-level features useful for B.",
            "Turn each condition into one boolean test (equal input kinds; the 'at least 10 "
            "times' ratio, where exactly 10 times counts and A is the data-rich side; the flag "
            "itself) and join them with `and`. Return a `bool`.",
        ),
    ),
)


# --- decisions: transfer on new situations, with each learner's numbers --------------------

#: What a team can do with a data-rich task A and the task B it cares about.
TRANSFER_PLANS = {
    "transfer": "Pre-train on task A, then swap the output layer and train on task B's data.",
    "multi_task": "Train one network on A and B at the same time, one output per task.",
    "scratch": "Neither: train a network on task B's data alone.",
}


def _transfer_or_not(rng: Any) -> Situation:
    case = ("transfer", "little_a", "other_input")[int(rng.integers(3))]
    target = [("spotting cracks in photos of bridge pillars", "photos of bridge pillars"),
              ("grading the ripeness of mangoes from photos", "photos of mangoes"),
              ("finding weeds in drone photos of fields", "drone photos")][int(rng.integers(3))]
    n_b = int(rng.integers(2, 9)) * 100
    if case == "transfer":
        source, unit_a = "labelled photos of everyday objects", "photos"
        n_a = int(rng.integers(5, 21)) * 100_000
    elif case == "little_a":
        source, unit_a = "labelled photos of road signs", "photos"
        n_a, n_b = int(rng.integers(2, 6)) * 1_000, int(rng.integers(3, 9)) * 10_000
    else:
        source, unit_a = "hours of transcribed speech", "hours"
        n_a = int(rng.integers(2, 11)) * 1_000
    prompt = (
        f"A team is {target[0]}. It has **{n_b:,}** labelled {target[1]} (task B). Another "
        f"group offers its data: **{n_a:,}** {source} (task A), with their labels. The team "
        "cares only about task B. What should it do with task A's data?"
    )
    return Situation(prompt, TRANSFER_PLANS,
                     {"n_a": n_a, "n_b": n_b, "unit_a": unit_a,
                      "input_a": "audio" if case == "other_input" else "image",
                      "input_b": "image"})


#: How to train task B on top of a network pre-trained on task A.
RETRAIN_PLANS = {
    "retrain_last": "Keep the hidden layers frozen and train only the new output layer on B.",
    "fine_tune_all": "Fine-tune: train every layer on B, starting from A's weights, with a "
                     "smaller learning rate than A was trained with.",
    "scratch": "Start from random weights and train the whole network on B alone.",
}


def _how_to_train_b(rng: Any) -> Situation:
    n_a = int(rng.integers(5, 21)) * 1_000_000
    if rng.random() < 0.5:
        n_b = int(rng.integers(3, 20)) * 10
    else:
        n_b = int(rng.integers(10, 31)) * 10_000
    task = ["reading the dials of gas meters", "sorting photos of recycled plastic by type",
            "recognising bird species in garden-camera photos"][int(rng.integers(3))]
    prompt = (
        f"A network with several hidden layers was trained on **{n_a:,}** labelled photos of "
        f"everyday objects (task A). A team now wants it for {task} (task B), and has "
        f"**{n_b:,}** labelled photos for that. It has already swapped in a new output layer "
        "for task B. How should it train on B?"
    )
    return Situation(prompt, RETRAIN_PLANS, {"n_a": n_a, "n_b": n_b})


register_decision(DecisionSpec(
    id="w2_07_transfer_or_not",
    title="what to do with another task's data",
    build=_transfer_or_not,
    mistakes=(
        ("conditions misjudged",
         "go through the three conditions one by one on these numbers: the same kind of "
         "input for A and B, at least ten times as much data for A, and low-level features "
         "of A that can help B. More data helps B only through what both tasks share."),
        ("multi-task instead",
         "multi-task learning trains several tasks you care about at once, usually with "
         "similar amounts of data each; here only task B matters."),
    ),
    hints=(
        "Check the three conditions of transfer learning on the numbers: the same kind of "
        "input, much more data for A than for B, and low-level features of A that may help B.",
        "If any condition fails, task A's data has little to give; compare the kinds of input "
        "first, then the ratio of the two amounts (at least ten to one).",
    ),
))

register_decision(DecisionSpec(
    id="w2_07_how_to_train_b",
    title="retrain the last layer or fine-tune",
    build=_how_to_train_b,
    mistakes=(
        ("amount of B data misjudged",
         "compare the number of B examples with how many weights your choice lets them "
         "change: a few hundred examples cannot adjust millions of weights without "
         "over-fitting, while tens of thousands can adapt every layer."),
        ("threw away task A",
         "random weights forget what millions of A photos taught the hidden layers, while B "
         "still has far less data than A."),
    ),
    hints=(
        "The more data B has, the more of the network B's data can safely change.",
        "A few hundred examples can fit one output layer on top of ready-made features; tens "
        "of thousands can adjust every layer, gently, from A's weights.",
    ),
))
