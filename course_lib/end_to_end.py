"""Choosing between an end-to-end network and a pipeline of steps, from the data you have.

The key question is: *do you have enough data to learn a function of the complexity
needed to map x to y?* :func:`choose_approach` turns it into a rule that compares,
for the whole task and for each step of a pipeline, how many labelled examples you
have with how many learning that mapping would need:

1. enough (x, y) examples for the whole mapping -> ``"end-to-end"`` (let the data
   speak, less hand-designing);
2. otherwise, a pipeline whose every step has enough data -> ``"pipeline"``; a step
   designed by hand (a lookup table, arithmetic, planning software) needs no data;
3. otherwise -> ``"collect more data"``: neither approach can be trained well yet.

:class:`ApproachCase` describes one such decision with rough figures, and
:func:`plot_data_map` draws cases on a map of the three regions
(:mod:`course_lib.data.end_to_end_cases` holds the course's examples).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course_lib.validation import check_real

__all__ = ["APPROACHES", "ApproachCase", "choose_approach", "plot_data_map"]

#: The three possible answers of :func:`choose_approach`.
APPROACHES = ("end-to-end", "pipeline", "collect more data")


def _steps(steps: Any) -> list[tuple[float, float]]:
    if isinstance(steps, (str, bytes, Mapping)) or not isinstance(steps, Sequence):
        raise TypeError(
            "steps must be a list of (available, needed) pairs, one per step of the pipeline, "
            f"got {type(steps).__name__}"
        )
    pairs = []
    for k, step in enumerate(steps):
        if isinstance(step, (str, bytes)) or not isinstance(step, Sequence) or len(step) != 2:
            raise TypeError(f"step {k} must be a pair (available, needed), got {step!r}")
        pairs.append((check_real(step[0], f"available examples of step {k}", low=0),
                      check_real(step[1], f"needed examples of step {k}", low=0)))
    return pairs


def choose_approach(
    end_to_end_examples: float, end_to_end_needed: float, steps: Sequence[Sequence[float]]
) -> str:
    """Pick ``"end-to-end"``, ``"pipeline"`` or ``"collect more data"``.

    Parameters
    ----------
    end_to_end_examples : int or float
        Labelled (x, y) examples you have for the whole task.
    end_to_end_needed : int or float
        Examples a network would need to learn the whole mapping from x to y well
        (the more complex the mapping, the more it needs).
    steps : sequence of (available, needed) pairs
        One pair per step of the best pipeline you know: labelled examples you have
        for that step, and examples needed to learn it. A hand-designed step has
        ``needed = 0``. An empty list means you know no pipeline.

    Returns
    -------
    str
        ``"end-to-end"`` if ``end_to_end_examples >= end_to_end_needed``; else
        ``"pipeline"`` if there is at least one step and every step has
        ``available >= needed``; else ``"collect more data"``.

    Examples
    --------
    >>> # turnstile: few (camera image, identity) pairs, lots of data for each step
    >>> choose_approach(10_000, 10_000_000, [(1_000_000, 100_000), (10**8, 10**7)])
    'pipeline'
    >>> choose_approach(10**8, 10**7, [])  # translation: plenty of sentence pairs
    'end-to-end'
    """
    have = check_real(end_to_end_examples, "end_to_end_examples", low=0)
    need = check_real(end_to_end_needed, "end_to_end_needed", low=0)
    pairs = _steps(steps)
    if have >= need:
        return "end-to-end"
    if pairs and all(available >= needed for available, needed in pairs):
        return "pipeline"
    return "collect more data"


@dataclass(frozen=True)
class ApproachCase:
    """One of the course's examples, with rough figures for the decision.

    Attributes
    ----------
    name : str
        Short name, used as a key.
    x, y : str
        The input and the output of the whole task.
    end_to_end : tuple (available, needed)
        Labelled (x, y) examples available, and needed for the whole mapping.
    steps : dict of str -> tuple (available, needed)
        The pipeline's steps in order; ``(0, 0)`` marks a hand-designed step.
    unit : str
        What the amounts count (examples, hours of audio).
    why : str
        One sentence on where the figures come from.

    Examples
    --------
    >>> ApproachCase("toy", "x", "y", end_to_end=(10, 1_000), steps={"a": (10, 5)}).decide()
    'pipeline'
    """

    name: str
    x: str
    y: str
    end_to_end: tuple[float, float]
    steps: dict[str, tuple[float, float]] = field(default_factory=dict)
    unit: str = "examples"
    why: str = ""

    def decide(self) -> str:
        """:func:`choose_approach` applied to this case's figures."""
        return choose_approach(*self.end_to_end, list(self.steps.values()))


def _ratio(available: float, needed: float) -> float:
    if needed == 0:
        return math.inf
    return available / needed


def plot_data_map(cases: Sequence[ApproachCase], ax: Any = None) -> Any:
    """Place cases on a map: data for the whole task vs data for the weakest step.

    The horizontal axis is ``available / needed`` for the end-to-end mapping, the
    vertical one the same ratio for the pipeline step that is shortest of data
    (hand-designed steps need none). Both are on log scales, clipped to
    ``[1/1000, 1000]``; the shaded regions show what :func:`choose_approach` picks.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> case = ApproachCase("toy", "x", "y", end_to_end=(10, 1_000), steps={"a": (10, 5)})
    >>> plot_data_map([case]).get_xlabel()
    'data for the whole task: available / needed'
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 5.5))
    low, high = 1e-3, 1e3
    ax.axvspan(1, high, color="tab:purple", alpha=0.10)
    ax.fill_between([low, 1], 1, high, color="tab:green", alpha=0.10)
    ax.fill_between([low, 1], low, 1, color="tab:red", alpha=0.08)
    ax.text(30, 0.05, "end-to-end", color="tab:purple", ha="center", fontsize=11)
    ax.text(0.03, 400, "pipeline", color="tab:green", ha="center", va="top", fontsize=11)
    ax.text(0.03, 2e-3, "collect more data", color="tab:red", ha="center", fontsize=11)
    for case in cases:
        x = _ratio(*case.end_to_end)
        y = min((_ratio(*s) for s in case.steps.values()), default=0.0)
        x, y = float(np.clip(x, low * 1.5, high / 1.5)), float(np.clip(y, low * 1.5, high / 1.5))
        ax.plot(x, y, "o", color="black")
        right = x > 1  # label to the left of points on the right half, to stay inside
        ax.annotate(case.name, (x, y), xytext=(-6, 6) if right else (6, 4),
                    textcoords="offset points", ha="right" if right else "left", fontsize=9)
    ax.axvline(1, color="grey", linewidth=0.8)
    ax.plot([low, 1], [1, 1], color="grey", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_xlabel("data for the whole task: available / needed")
    ax.set_ylabel("data for the weakest pipeline step: available / needed")
    ax.set_title("Where each case falls (log scales; hand-designed steps need no data)")
    return ax
