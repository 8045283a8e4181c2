"""Exercises of week 2, notebook 07: transfer learning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib import transfer
from course_lib.exercises.compare import Boolean, describe_type, short_repr
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
    ]


def _wrong_freeze_one(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    net = pretrained.copy().replace_output(n_outputs, output, seed=seed)
    return net.freeze(1 if retrain == "last" else 0)


def _wrong_always_frozen(pretrained, n_outputs, retrain="last", output=None, seed=0):  # noqa: ANN001, ANN202
    net = pretrained.copy().replace_output(n_outputs, output, seed=seed)
    return net.freeze(net.n_layers - 1)


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
            Mistake("always frozen", _wrong_always_frozen,
                    "with retrain='all' nothing may be frozen: fine-tuning changes every layer."),
            Mistake("last and all swapped", _wrong_swapped,
                    "'last' and 'all' seem swapped: 'last' trains only the new output layer, "
                    "'all' trains every layer."),
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
             ("image", "image", 1_000_000, 100, True)),
        Case("wake word: 10,000 hours of speech, then 1 hour", ("audio", "audio", 10_000, 1, True)),
        Case("the amounts the other way round", ("image", "image", 100, 1_000_000, True)),
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
            Mistake("ratio reversed", lambda ia, ib, a, b, f: ia == ib and b >= 10 * a and f,
                    "the data-rich task is the one you transfer *from*: A needs the large "
                    "dataset, B is the small one."),
            Mistake("input ignored", lambda ia, ib, a, b, f: a >= 10 * b and f,
                    "A and B must have the same kind of input (images to images, audio to "
                    "audio)."),
            Mistake("features ignored", lambda ia, ib, a, b, f: ia == ib and a >= 10 * b,
                    "the third condition matters too: low-level features of A must be "
                    "useful for B."),
            Mistake("any condition", lambda ia, ib, a, b, f: ia == ib or a >= 10 * b or f,
                    "all three conditions must hold at once (and, not or)."),
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
