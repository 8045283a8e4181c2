"""A team that reads its eyeball dev set round after round: how that set gets overfit.

Week 3, notebook 01. The simulation follows every dev example: is the team's current model
right or wrong on it? The dev set is split into an eyeball set and a blackbox set. Each
*round* of work, the team reads up to ``read`` of the eyeball set's mistakes and changes its
model. A change does two kinds of good:

- **general** fixes: a share ``general`` of *all* the model's mistakes, in both sets, are
  fixed (an idea about a whole error category, such as "blurry images", helps everywhere);
- **tailored** fixes: a share ``tailored`` of the mistakes the team *read* are fixed, and
  only those (a rule written for the examples in front of you, a threshold nudged until
  they come out right).

It also breaks a share ``breakage`` of the examples it got right, in both sets. Tailored
fixes make the eyeball error fall faster than the blackbox error: the eyeball set is being
overfit. Optionally, at round ``refresh_at`` the team draws a fresh eyeball set from the
blackbox set (which shrinks by as much) and stops reading the old one.

Examples
--------
>>> table = tuning_rounds(n_eyeball=1250, n_blackbox=4750, error=0.08, rounds=6, seed=0)
>>> list(table.columns)
['eyeball_error', 'blackbox_error', 'n_eyeball', 'n_blackbox', 'refreshed']
>>> bool(table["eyeball_error"].iloc[-1] < table["blackbox_error"].iloc[-1])
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib.validation import check_count, check_fraction, check_rng

__all__ = ["tuning_rounds"]


def tuning_rounds(n_eyeball: int = 1250, n_blackbox: int = 4750, error: float = 0.08,
                  rounds: int = 10, *, read: int = 100, general: float = 0.03,
                  tailored: float = 0.3, breakage: float = 0.001,
                  refresh_at: int | None = None, seed: Any = 0) -> Any:
    """Eyeball and blackbox error of a team's model, round after round of error analysis.

    Parameters
    ----------
    n_eyeball, n_blackbox : int
        Sizes of the two dev sets (at least 1 each).
    error : float, default 0.08
        The starting model's error rate: each dev example starts wrong with this probability.
    rounds : int, default 10
        Rounds of work (at least 1); the table has ``rounds + 1`` rows, round 0 being the
        start.
    read : int, default 100
        Eyeball mistakes the team reads each round (at least 1; all of them if fewer).
    general : float, default 0.03
        Share of all current mistakes (both sets) each round fixes.
    tailored : float, default 0.3
        Share of the mistakes read that each round fixes on top (eyeball set only).
    breakage : float, default 0.001
        Share of the correctly handled examples (both sets) each round breaks.
    refresh_at : int, optional
        The round (1 .. ``rounds``) at whose start a fresh eyeball set of ``n_eyeball``
        examples is drawn from the blackbox set; ``None``: never.
    seed : int or numpy.random.Generator, default 0
        Seeds every draw.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``round``: ``eyeball_error`` and ``blackbox_error`` (fractions) measured
        after the round's changes, the two sets' sizes, and ``refreshed`` (True in the round
        whose eyeball set is new).

    Raises
    ------
    TypeError
        If a size or count is not an integer or a share not a number.
    ValueError
        If a share is outside [0, 1], a size is below 1, or the blackbox set is too small to
        give a fresh eyeball set and keep one example.

    Examples
    --------
    >>> table = tuning_rounds(1000, 3000, 0.1, rounds=4, tailored=0.0, seed=1)
    >>> table.shape
    (5, 5)
    >>> bool(table["n_blackbox"].eq(3000).all())
    True
    """
    import pandas as pd

    n_eye = check_count(n_eyeball, "n_eyeball", low=1)
    n_box = check_count(n_blackbox, "n_blackbox", low=1)
    start = check_fraction(error, "error")
    k = check_count(rounds, "rounds", low=1)
    per_round = check_count(read, "read", low=1)
    fix_all = check_fraction(general, "general")
    fix_read = check_fraction(tailored, "tailored")
    breaks = check_fraction(breakage, "breakage")
    if refresh_at is not None:
        refresh = check_count(refresh_at, "refresh_at", low=1, high=k)
        if n_eye >= n_box:
            raise ValueError(f"a fresh eyeball set of {n_eye} examples must come from the "
                             f"blackbox set of {n_box} and leave some behind: make the "
                             "blackbox set bigger")
    else:
        refresh = None
    rng = check_rng(seed)

    wrong = rng.random(n_eye + n_box) < start
    eyeball = np.arange(n_eye)
    blackbox = np.arange(n_eye, n_eye + n_box)
    rows = [(float(wrong[eyeball].mean()), float(wrong[blackbox].mean()), n_eye, n_box, False)]
    for r in range(1, k + 1):
        fresh = r == refresh
        if fresh:
            moved = rng.permutation(blackbox)
            eyeball, blackbox = np.sort(moved[:n_eye]), np.sort(moved[n_eye:])
        mistakes = eyeball[wrong[eyeball]]
        seen = rng.permutation(mistakes)[:per_round]
        in_sets = np.concatenate([eyeball, blackbox])
        before = wrong.copy()
        general_fixed = in_sets[before[in_sets] & (rng.random(len(in_sets)) < fix_all)]
        broken = in_sets[~before[in_sets] & (rng.random(len(in_sets)) < breaks)]
        tailored_fixed = seen[rng.random(len(seen)) < fix_read]
        wrong[general_fixed] = False
        wrong[tailored_fixed] = False
        wrong[broken] = True
        rows.append((float(wrong[eyeball].mean()), float(wrong[blackbox].mean()),
                     len(eyeball), len(blackbox), fresh))
    table = pd.DataFrame(rows, columns=["eyeball_error", "blackbox_error", "n_eyeball",
                                        "n_blackbox", "refreshed"])
    table.index.name = "round"
    return table
