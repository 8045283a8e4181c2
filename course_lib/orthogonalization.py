"""The chain of assumptions behind a supervised learning system, and one knob per link.

A system is only useful if four things hold, in this order:

1. ``"train"`` -- it fits the **training set** well on the cost function;
2. ``"dev"`` -- it then does well on the **dev set**;
3. ``"test"`` -- it then does well on the **test set**;
4. ``"real world"`` -- and doing well on the test set means it does well for its users.

When a link fails, there are knobs that act (mostly) on that link alone, so you can
fix it without upsetting the others; :data:`KNOBS` lists them. Some popular knobs
move two links at once -- early stopping fits the training set less well *and*
changes the dev performance -- which makes them harder to reason about
(:data:`LESS_ORTHOGONAL`).

All results and targets here are **error rates** (fractions in ``[0, 1]``, lower is
better). The "real world" number is whatever error you measure once the system is
used, e.g. the share of users' photos it gets wrong. A link *holds* when its error is
at most its target.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from course_lib.validation import check_fraction

__all__ = [
    "STEPS",
    "KNOBS",
    "LESS_ORTHOGONAL",
    "check_step_rates",
    "first_failing_step",
]

#: The links of the chain, in the order they must hold.
STEPS: tuple[str, ...] = ("train", "dev", "test", "real world")

#: Knob -> the link it is meant to fix (read-only).
KNOBS: Mapping[str, str] = MappingProxyType(
    {
        "bigger network": "train",
        "better optimizer (e.g. Adam)": "train",
        "regularization": "dev",
        "bigger training set": "dev",
        "bigger dev set": "test",
        "change the dev set": "real world",
        "change the cost function": "real world",
    }
)

#: Knobs that move more than one link at once -> the links they move (read-only).
LESS_ORTHOGONAL: Mapping[str, frozenset[str]] = MappingProxyType(
    {"early stopping": frozenset({"train", "dev"})}
)


def check_step_rates(values: Any, name: str) -> dict[str, float]:
    """Turn a mapping (dict, pandas Series) of step -> error rate into a checked dict.

    Raises
    ------
    TypeError
        If ``values`` is not a mapping, or a rate is not a number.
    ValueError
        If the keys are not exactly :data:`STEPS` or a rate is outside ``[0, 1]``.

    Examples
    --------
    >>> check_step_rates({"train": 0.01, "dev": 0.02, "test": 0.02, "real world": 0.03}, "r")
    {'train': 0.01, 'dev': 0.02, 'test': 0.02, 'real world': 0.03}
    """
    if not hasattr(values, "items") or isinstance(values, (str, bytes)):
        raise TypeError(
            f"{name} must be a dict {{step: error rate}} with the steps {list(STEPS)}, "
            f"got {type(values).__name__}"
        )
    out = dict(values.items())
    unknown = [k for k in out if k not in STEPS]
    missing = [s for s in STEPS if s not in out]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(f"missing {missing}")
        if unknown:
            parts.append(f"unknown {unknown}")
        raise ValueError(
            f"{name} must have exactly the steps {list(STEPS)}: " + "; ".join(parts)
        )
    return {step: check_fraction(out[step], f"{name}[{step!r}]") for step in STEPS}


def first_failing_step(results: Any, targets: Any) -> str | None:
    """The first link of the chain whose error is above its target, or ``None``.

    The links are checked in the order of :data:`STEPS` whatever the order of the
    keys, because a later link cannot be judged while an earlier one fails: a poor
    dev error says little about regularization if the training set is not fitted.

    Parameters
    ----------
    results : dict or pandas.Series
        Measured error rate of each step: keys exactly :data:`STEPS`.
    targets : dict, pandas.Series or float
        Highest acceptable error rate of each step (same keys), or one number used
        for every step. An error equal to its target meets it.

    Returns
    -------
    str or None
        The name of the first failing step, or ``None`` when every link holds.

    Raises
    ------
    TypeError
        If an argument is not a mapping (or a number for ``targets``) of numbers.
    ValueError
        If the keys are not exactly the four steps or a rate is outside ``[0, 1]``.

    Examples
    --------
    >>> first_failing_step({"train": 0.01, "dev": 0.09, "test": 0.10, "real world": 0.2},
    ...                    {"train": 0.02, "dev": 0.05, "test": 0.05, "real world": 0.05})
    'dev'
    >>> print(first_failing_step({"train": 0.01, "dev": 0.02, "test": 0.02, "real world": 0.03},
    ...                          0.05))
    None
    """
    measured = check_step_rates(results, "results")
    if isinstance(targets, numbers.Real) and not isinstance(targets, (bool, np.bool_)):
        limit = check_fraction(targets, "targets")
        wanted = dict.fromkeys(STEPS, limit)
    else:
        wanted = check_step_rates(targets, "targets")
    for step in STEPS:
        if measured[step] > wanted[step]:
            return step
    return None


