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

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "STEPS",
    "KNOBS",
    "LESS_ORTHOGONAL",
    "first_failing_step",
    "simulate_projects",
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


def _as_rate(value: Any, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an error rate (a number), got {type(value).__name__}")
    rate = float(value)
    if math.isnan(rate) or not 0.0 <= rate <= 1.0:
        hint = f" (if you meant {rate:g}%, write {rate / 100:g})" if 1 < rate <= 100 else ""
        raise ValueError(f"{name} must be an error rate between 0 and 1, got {rate:g}{hint}")
    return rate


def _as_step_rates(values: Any, name: str) -> dict[str, float]:
    """Turn a mapping (dict, pandas Series) of step -> rate into a checked dict."""
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
    return {step: _as_rate(out[step], f"{name}[{step!r}]") for step in STEPS}


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
    measured = _as_step_rates(results, "results")
    if isinstance(targets, numbers.Real) and not isinstance(targets, (bool, np.bool_)):
        limit = _as_rate(targets, "targets")
        wanted = dict.fromkeys(STEPS, limit)
    else:
        wanted = _as_step_rates(targets, "targets")
    for step in STEPS:
        if measured[step] > wanted[step]:
            return step
    return None


def simulate_projects(
    targets: Mapping[str, float], n_projects: int = 8, seed: int = 0
) -> pd.DataFrame:
    """Simulated results of several projects, each failing (or not) at a random link.

    Each project draws the link where its chain first breaks (one of :data:`STEPS`,
    or none, all equally likely). Links before it meet their target (an error
    between 30 % and 100 % of it); the failing link misses it (130 % to 300 %).
    Links after the failing one miss their target with probability 0.7 and meet it
    otherwise, so "the first failing link" and "a failing link" usually differ.
    Rates are rounded to 0.1 percentage point.

    Parameters
    ----------
    targets : dict
        Highest acceptable error rate of each step (keys exactly :data:`STEPS`), each
        between 0.002 and 0.3.
    n_projects : int, default 8
        Number of projects (rows), 1 to 1,000.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        One row per project (index ``"project 1"``, ...), one column per step.

    Examples
    --------
    >>> t = {"train": 0.02, "dev": 0.05, "test": 0.05, "real world": 0.08}
    >>> table = simulate_projects(t, n_projects=3, seed=1)
    >>> list(table.columns), len(table)
    (['train', 'dev', 'test', 'real world'], 3)
    """
    import pandas as pd

    wanted = _as_step_rates(targets, "targets")
    for step, value in wanted.items():
        if not 0.002 <= value <= 0.3:
            raise ValueError(f"targets[{step!r}] must be between 0.002 and 0.3, got {value:g}")
    if isinstance(n_projects, bool) or not isinstance(n_projects, numbers.Integral):
        raise TypeError(f"n_projects must be a whole number, got {type(n_projects).__name__}")
    if not 1 <= n_projects <= 1000:
        raise ValueError(f"n_projects must be between 1 and 1000, got {n_projects}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(int(seed))
    rows = []
    for _ in range(int(n_projects)):
        breaks_at = int(rng.integers(0, len(STEPS) + 1))  # len(STEPS) means "no failure"
        row = []
        for k, step in enumerate(STEPS):
            target = wanted[step]
            fails = k == breaks_at or (k > breaks_at and rng.random() < 0.7)
            factor = rng.uniform(1.3, 3.0) if fails else rng.uniform(0.3, 1.0)
            rate = min(target * factor, 1.0)
            rate = round(rate, 3)
            if not fails:
                rate = min(rate, target)  # rounding must never push a met target over it
            elif rate <= target:
                rate = target + 0.001
            row.append(rate)
        rows.append(row)
    index = [f"project {i + 1}" for i in range(int(n_projects))]
    return pd.DataFrame(rows, index=index, columns=list(STEPS))
