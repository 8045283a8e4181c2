"""Answer key of week 1, notebook 08: avoidable bias."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from answer_key import keys_by_id
from course_lib import learning_curves
from course_lib.data import label_noise
from course_lib.exercises.decisions import Decision, decision_key
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


# --- decisions ----------------------------------------------------------------------------

def _gaps(d: Decision) -> tuple[float, float]:
    return d.data["train"] - d.data["human"], d.data["dev"] - d.data["train"]


def _remedy_of_larger_gap(d: Decision) -> str:
    bias, variance = _gaps(d)
    return "bigger_model" if bias >= variance else "regularise"


def _remedy_ignoring_human(d: Decision) -> str:
    return "bigger_model" if d.data["train"] >= _gaps(d)[1] else "regularise"


def _remedy_of_smaller_gap(d: Decision) -> str:
    return "regularise" if _remedy_of_larger_gap(d) == "bigger_model" else "bigger_model"


def _team_plan_explanation(d: Decision) -> str:
    bias, variance = _gaps(d)
    human, train, dev = (d.data[k] for k in ("human", "train", "dev"))
    larger = "avoidable bias" if bias >= variance else VARIANCE
    right, other = d.letter(_remedy_of_larger_gap(d)), d.letter(_remedy_of_smaller_gap(d))
    return (
        f"Avoidable bias = {train:.1%} - {human:.1%} = {100 * bias:.1f} points; variance = "
        f"{dev:.1%} - {train:.1%} = {100 * variance:.1f} points. The larger gap is {larger}, "
        f"so **{right}** is the week's work. **{other}** attacks the smaller gap. "
        f"**{d.letter('stop')}** gives up {100 * (dev - human):.1f} points between dev error "
        "and human level. Judging the training error against 0 % instead of against the "
        f"{human:.1%} people get wrong is what makes {train:.1%} look "
        + ("poor when it is nearly as good as it gets." if larger == VARIANCE
           else "like the only problem; here it is, but because of the human level, not 0 %.")
    )


def _claim_explanation(d: Decision) -> str:
    human, train, dev = (d.data[k] for k in ("human", "train", "dev"))
    return (
        f"Variance is {dev:.1%} - {train:.1%} = {100 * (dev - train):.1f} points, the whole "
        f"problem; avoidable bias is negative ({100 * (train - human):.1f} points): the network "
        "has memorised part of its training labels, wrong ones included, which is why it "
        f"'beats' the radiologists there. So **{d.letter('regularise')}**. A bigger network "
        f"(**{d.letter('bigger_model')}**) memorises even more and widens the gap; shipping "
        f"(**{d.letter('stop')}**) gives users the {dev:.1%} dev error, far worse than the "
        f"radiologists' {human:.1%}; and nothing points at the human-level estimate "
        f"(**{d.letter('new_labels')}**): a training error below it is what label noise plus "
        "memorisation look like."
    )


KEYS = keys_by_id([
    decision_key("w1_08_team_plan", _remedy_of_larger_gap,
                 wrong={"human level ignored": _remedy_ignoring_human,
                        "the smaller gap": _remedy_of_smaller_gap,
                        "stopped early": lambda d: "stop"},
                 explanation=_team_plan_explanation),
    decision_key("w1_08_superhuman_claim", lambda d: "regularise",
                 wrong={"believed the training error": lambda d: "bigger_model",
                        "shipped": lambda d: "stop",
                        "doubted the humans": lambda d: "new_labels"},
                 explanation=_claim_explanation),
    Key("w1_08_bias_variance", hidden=_random_gap_cases),
    Key("w1_08_focus", hidden=_random_focus_cases),
    Key("w1_08_switch_depth", answer=switch_depth,
        wrong_answers={"lowest dev error": _best_dev_depth,
                       "training error below human": _first_below_human,
                       "last depth of the bias regime": _last_bias_depth}),
])
