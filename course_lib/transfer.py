"""Transfer learning: reuse a network trained on task A as the start for task B.

:func:`transfer_network` does the surgery: copy the pretrained network, give it a new,
randomly initialised output layer for task B, and choose what training may change
(only the new output layer, or every layer). :func:`transfer_makes_sense` states the
course's rule of thumb for when this is worth trying at all.

Words, as in the lecture: with little data for B you **retrain the last layer** (or the
last few) and keep the others frozen; with more data you **fine-tune**: retrain every
weight, starting from A's, usually with a smaller learning rate than A was trained with
(pass it to ``fit``), so B's data adjusts A's features rather than overwriting them.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from course_lib.nn import Network

__all__ = ["DEFAULT_MIN_RATIO", "RETRAIN_CHOICES", "transfer_makes_sense", "transfer_network"]

#: What :func:`transfer_network` can leave trainable.
RETRAIN_CHOICES = ("last", "all")

#: How many times more examples task A needs than task B before this workbook calls it
#: "much more data for A". The course's examples are far beyond it (1,000,000 images
#: for 100 x-rays; 10,000 hours of speech for 1 hour of wake words); 10 is a modest bar.
DEFAULT_MIN_RATIO = 10.0


def transfer_network(
    pretrained: Network,
    n_outputs: int,
    retrain: Literal["last", "all"] = "last",
    output: Literal["softmax", "sigmoid"] | None = None,
    seed: int = 0,
) -> Network:
    """A network for task B built from one trained on task A; ``pretrained`` is unchanged.

    Steps: copy ``pretrained``; replace its output layer by a new one with
    ``n_outputs`` units whose weights are drawn with ``seed``; then

    - ``retrain="last"``: freeze every hidden layer, so training on B changes only the
      new output layer (the usual choice when B has few examples);
    - ``retrain="all"``: freeze nothing, so training on B *fine-tunes* every layer,
      starting from A's weights (the usual choice when B has more examples; train it
      with a smaller learning rate than A's).

    Parameters
    ----------
    pretrained : Network
        The network trained on task A. It is not modified.
    n_outputs : int
        Classes (softmax) or tasks (sigmoid) of task B.
    retrain : {"last", "all"}, default "last"
    output : {"softmax", "sigmoid"} or None, default None
        Output kind for task B; None keeps the pretrained network's kind.
    seed : int, default 0
        Seed of the new output layer's initial weights.

    Returns
    -------
    Network
        A new network, ready for ``fit`` on task B.

    Examples
    --------
    >>> a = Network([64, 32, 16, 10], seed=0)
    >>> b = transfer_network(a, 2, retrain="last", seed=1)
    >>> b.layer_sizes, b.n_frozen, a.layer_sizes
    ((64, 32, 16, 2), 2, (64, 32, 16, 10))
    >>> transfer_network(a, 2, retrain="all").n_frozen
    0
    """
    if not isinstance(pretrained, Network):
        raise TypeError(
            f"pretrained must be a course_lib.nn.Network, got {type(pretrained).__name__}"
        )
    if retrain not in RETRAIN_CHOICES:
        raise ValueError(f"retrain must be 'last' or 'all', got {retrain!r}")
    if pretrained.n_layers < 2:
        raise ValueError(
            "the pretrained network has no hidden layer, so there is nothing to transfer "
            f"(layer_sizes={list(pretrained.layer_sizes)})"
        )
    net = pretrained.copy().replace_output(n_outputs, output, seed=seed)
    net.freeze(net.n_layers - 1 if retrain == "last" else 0)
    return net


def _non_negative(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def transfer_makes_sense(
    input_a: str,
    input_b: str,
    n_a: float,
    n_b: float,
    low_level_features_help: bool,
    min_ratio: float = DEFAULT_MIN_RATIO,
) -> bool:
    """The course's three conditions for transferring from task A to task B.

    Transfer from A to B makes sense when all three hold:

    1. A and B have the same kind of input (``input_a == input_b``, e.g. both
       ``"image"`` or both ``"audio"``);
    2. there is much more data for A than for B: ``n_a >= min_ratio * n_b``;
    3. low-level features learned on A are likely to help with B.

    Parameters
    ----------
    input_a, input_b : str
        Kind of input of each task, such as ``"image"`` or ``"audio"``.
    n_a, n_b : int or float
        Amount of training data for each task, in the same unit (examples, hours).
    low_level_features_help : bool
        Whether what a network learns from A's inputs (edges and shapes, sounds of
        voices) is likely useful for B.
    min_ratio : float, default 10
        How many times more data A must have than B.

    Returns
    -------
    bool

    Examples
    --------
    >>> transfer_makes_sense("image", "image", 1_000_000, 100, True)  # radiology
    True
    >>> transfer_makes_sense("image", "image", 100, 1_000_000, True)  # the other way round
    False
    """
    for name, value in (("input_a", input_a), ("input_b", input_b)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string such as 'image', got {type(value).__name__}")
    if not isinstance(low_level_features_help, (bool, np.bool_)):
        raise TypeError(
            "low_level_features_help must be True or False, "
            f"got {type(low_level_features_help).__name__}"
        )
    a = _non_negative(n_a, "n_a")
    b = _non_negative(n_b, "n_b")
    ratio = _non_negative(min_ratio, "min_ratio")
    return bool(input_a == input_b and a >= ratio * b and low_level_features_help)
