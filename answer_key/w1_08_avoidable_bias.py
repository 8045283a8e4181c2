"""Answer key of week 1, notebook 08: avoidable bias."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from answer_key import keys_by_id
from course_lib import learning_curves
from course_lib.data import label_noise
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_08_avoidable_bias import (
    DATA_SEED,
    DEPTHS,
    HUMAN_CLEAN_ERROR,
    NOISE_RATE,
    focus,
)
from course_lib.strategy import VARIANCE


def _random_rates(rng: np.random.Generator) -> tuple[float, float, float]:
    human = float(rng.uniform(0, 0.2))
    train = float(rng.uniform(0, 0.35))
    dev = float(train + rng.uniform(-0.02, 0.3))
    return human, train, float(min(max(dev, 0.0), 0.99))


def _random_gap_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random error rates #{k + 1}", _random_rates(rng)) for k in range(30)]


def _random_focus_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 30:
        human, train, dev = _random_rates(rng)
        bias, variance = train - human, dev - train
        if abs(bias - variance) < 1e-3 or max(bias, variance) <= 0:
            continue  # skip near-ties (float noise) and cases with nothing to work on
        cases.append(Case(f"random error rates #{len(cases) + 1}", (human, train, dev)))
    return cases


def human_level() -> float:
    """Human-level error on the noisy digits: a reader who misreads 1% of the clean images."""
    return label_noise.error_under_label_noise(HUMAN_CLEAN_ERROR, NOISE_RATE, 10)


@lru_cache(maxsize=1)
def depth_sweep() -> tuple[tuple[int, float, float], ...]:
    """(depth, training error, dev error) of one decision tree per depth on the noisy digits."""
    from sklearn.tree import DecisionTreeClassifier

    data = label_noise.noisy_digits(NOISE_RATE, seed=DATA_SEED)
    table = learning_curves.validation_curve(
        lambda depth: DecisionTreeClassifier(max_depth=depth, random_state=0),
        DEPTHS, data.X_train, data.y_train, data.X_dev, data.y_dev, name="max_depth",
    )
    return tuple(
        (int(depth), float(row.train_error), float(row.dev_error))
        for depth, row in zip(table.index, table.itertuples(), strict=True)
    )


def switch_depth() -> int:
    """Reference: the smallest depth whose larger gap is variance."""
    human = human_level()
    return next(
        depth for depth, train, dev in depth_sweep() if focus(human, train, dev) == VARIANCE
    )


def _best_dev_depth() -> int:
    return min(depth_sweep(), key=lambda row: row[2])[0]


def _first_below_human() -> int:
    return next(depth for depth, train, _ in depth_sweep() if train < human_level())


def _last_bias_depth() -> int:
    return switch_depth() - 1


KEYS = keys_by_id([
    Key("w1_08_bias_variance", hidden=_random_gap_cases),
    Key("w1_08_focus", hidden=_random_focus_cases),
    Key("w1_08_switch_depth", answer=switch_depth,
        wrong_answers={"lowest dev error": _best_dev_depth,
                       "training error below human": _first_below_human,
                       "last depth of the bias regime": _last_bias_depth}),
])
