"""A simulated evaluation of wake-word detectors ("Hey device", "Okay device", ...).

A wake-word detector listens all day and must wake up when someone says the word
(its **accuracy**: the share of spoken wake words it catches) while almost never
waking up by itself (its **false positives per 24 hours**). The two pull against
each other through the detector's threshold; a typical product requirement is
"as accurate as possible, with at most one false wake-up a day" -- one optimizing
and one satisficing metric.

This is a simulation, not recorded audio. Each detector gives every one-second
window of audio a score: background windows score like a standard normal
variable, windows holding a wake word score ``separation`` higher. A detector
fires when the score is above its ``threshold``. The evaluation then *measures*
the detector like a team would: ``n_wake_words`` recorded wake words and
``days`` of background audio, so both columns carry sampling noise.
"""

from __future__ import annotations

import numbers
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from course_lib.validation import check_count

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SECONDS_PER_DAY", "simulate_detectors"]

#: Decisions per day: one per second of audio.
SECONDS_PER_DAY = 86_400

_NORMAL = NormalDist()


def simulate_detectors(
    n_detectors: int = 6,
    seed: int = 0,
    *,
    n_wake_words: int = 2_000,
    days: int = 30,
) -> pd.DataFrame:
    """Measured accuracy and false wake-ups per day of ``n_detectors`` simulated detectors.

    Each detector draws a separation (how much higher wake words score, uniform in
    [5, 7]) and a threshold (uniform in [3.8, 4.8]). Its true accuracy is
    ``P(score of a wake word > threshold)`` and its true false-positive rate per
    second ``P(background score > threshold)``. The table holds the *measured*
    values: caught wake words out of ``n_wake_words`` (binomial) and false wake-ups
    over ``days`` days of background audio (Poisson) divided by ``days``.

    Parameters
    ----------
    n_detectors : int, default 6
        Number of detectors, named ``"A"``, ``"B"``, ... (2 to 26).
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.
    n_wake_words : int, keyword-only, default 2000
        Recorded wake words in the evaluation (100 to 1,000,000).
    days : int, keyword-only, default 30
        Days of background audio in the evaluation (1 to 3,650).

    Returns
    -------
    pandas.DataFrame
        Index: detector name. Columns ``accuracy`` (fraction of wake words caught)
        and ``false_positives_per_24h`` (false wake-ups per day, a multiple of
        ``1 / days``).

    Examples
    --------
    >>> table = simulate_detectors(4, seed=0)
    >>> list(table.index), list(table.columns)
    (['A', 'B', 'C', 'D'], ['accuracy', 'false_positives_per_24h'])
    """
    import pandas as pd

    n = check_count(n_detectors, "n_detectors", low=2, high=26)
    n_words = check_count(n_wake_words, "n_wake_words", low=100, high=1_000_000)
    n_days = check_count(days, "days", low=1, high=3_650)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    rng = np.random.default_rng(int(seed))
    rows = {}
    for k in range(n):
        separation = rng.uniform(5.0, 7.0)
        threshold = rng.uniform(3.8, 4.8)
        p_catch = 1.0 - _NORMAL.cdf(threshold - separation)
        p_false = 1.0 - _NORMAL.cdf(threshold)
        caught = rng.binomial(n_words, p_catch)
        false_wakes = rng.poisson(p_false * SECONDS_PER_DAY * n_days)
        rows[chr(ord("A") + k)] = {
            "accuracy": caught / n_words,
            "false_positives_per_24h": false_wakes / n_days,
        }
    return pd.DataFrame.from_dict(rows, orient="index")
