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

:data:`COURSE_CASES` holds the course's examples with rough figures, and
:func:`plot_data_map` draws them on a map of the three regions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "APPROACHES",
    "COURSE_CASES",
    "STATEMENTS",
    "ApproachCase",
    "choose_approach",
    "course_decisions",
    "plot_data_map",
    "statements_of_kind",
]

#: The three possible answers of :func:`choose_approach`.
APPROACHES = ("end-to-end", "pipeline", "collect more data")


def _amount(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number of examples, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


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
        pairs.append((_amount(step[0], f"available examples of step {k}"),
                      _amount(step[1], f"needed examples of step {k}")))
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
    have = _amount(end_to_end_examples, "end_to_end_examples")
    need = _amount(end_to_end_needed, "end_to_end_needed")
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
    >>> COURSE_CASES[0].name
    'turnstile face recognition'
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


#: The course's examples. Figures written in words in the course ("hundreds of
#: millions of face images", 3,000 and 10,000-100,000 hours of speech) are used as
#: given; the others are rough orders of magnitude chosen for this workbook.
COURSE_CASES: tuple[ApproachCase, ...] = (
    ApproachCase(
        name="turnstile face recognition",
        x="camera image at the turnstile", y="identity of the employee",
        end_to_end=(10_000, 10_000_000),
        steps={"find and crop the face": (1_000_000, 100_000),
               "tell who the cropped face is": (200_000_000, 10_000_000)},
        why="few labelled turnstile images; plenty of data for face detection and hundreds "
            "of millions of face images for recognition",
    ),
    ApproachCase(
        name="machine translation",
        x="English sentence", y="French sentence",
        end_to_end=(100_000_000, 10_000_000),
        why="very many (English, French) sentence pairs exist, so the whole mapping can be "
            "learned; no pipeline needs to be weighed",
    ),
    ApproachCase(
        name="bone age from a hand x-ray",
        x="x-ray image of a child's hand", y="age of the child",
        end_to_end=(500, 100_000),
        steps={"segment the bones and measure their lengths": (20_000, 10_000),
               "look up the age for those lengths in statistical tables": (0, 0)},
        why="few x-rays labelled with an age; bone segmentation can be learned from fewer, "
            "simpler labels, and the age lookup uses existing tables",
    ),
    ApproachCase(
        name="autonomous driving",
        x="camera (and radar, lidar) images", y="steering direction",
        end_to_end=(1_000_000, 100_000_000),
        steps={"detect cars and pedestrians": (50_000_000, 1_000_000),
               "plan a route around them (motion planning software)": (0, 0),
               "steer along the route (control software)": (0, 0)},
        why="steering directly from pixels would need a huge amount of driving data; object "
            "detection is learned, planning and control are well-engineered software",
    ),
    ApproachCase(
        name="speech recognition, 3,000 hours",
        x="audio clip", y="transcript", unit="hours of audio",
        end_to_end=(3_000, 10_000),
        steps={"hand-designed audio features (MFCC)": (0, 0),
               "phonemes from the features": (3_000, 1_000),
               "words from phonemes (pronunciation dictionary)": (0, 0)},
        why="with about 3,000 hours the classic pipeline works well",
    ),
    ApproachCase(
        name="speech recognition, 100,000 hours",
        x="audio clip", y="transcript", unit="hours of audio",
        end_to_end=(100_000, 10_000),
        steps={"hand-designed audio features (MFCC)": (0, 0),
               "phonemes from the features": (100_000, 1_000),
               "words from phonemes (pronunciation dictionary)": (0, 0)},
        why="from roughly 10,000 to 100,000 hours the end-to-end approach shines",
    ),
)


#: Statements about end-to-end learning, by letter (notebook 10 asks which are pros
#: and which are cons).
STATEMENTS: dict[str, str] = {
    "A": "It lets the data speak: the network can find its own intermediate representation "
         "instead of being forced through concepts people invented, such as phonemes.",
    "B": "It may need a very large number of labelled (x, y) examples for the whole task.",
    "C": "It works best when you have little labelled data for the whole task.",
    "D": "Less of the system has to be designed by hand, so building it is simpler.",
    "E": "It leaves out hand-designed components that could bring useful knowledge into the "
         "system when data is limited.",
    "F": "It is guaranteed to be more accurate than any pipeline.",
}

# Which statements are advantages ("pro"), drawbacks ("con") or simply untrue ("neither").
_KINDS = {"A": "pro", "B": "con", "C": "neither", "D": "pro", "E": "con", "F": "neither"}


def statements_of_kind(kind: str) -> set[str]:
    """Letters of the :data:`STATEMENTS` of one kind: ``"pro"``, ``"con"`` or ``"neither"``.

    Examples
    --------
    >>> sorted(statements_of_kind("neither"))
    ['C', 'F']
    """
    if kind not in ("pro", "con", "neither"):
        raise ValueError(f"kind must be 'pro', 'con' or 'neither', got {kind!r}")
    return {letter for letter, k in _KINDS.items() if k == kind}


def course_decisions() -> dict[str, str]:
    """The decision for each of :data:`COURSE_CASES`, by name.

    Examples
    --------
    >>> course_decisions()["machine translation"]
    'end-to-end'
    """
    return {case.name: case.decide() for case in COURSE_CASES}


def _ratio(available: float, needed: float) -> float:
    if needed == 0:
        return math.inf
    return available / needed


def plot_data_map(cases: Sequence[ApproachCase] = COURSE_CASES, ax: Any = None) -> Any:
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
    >>> plot_data_map().get_xlabel()
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
