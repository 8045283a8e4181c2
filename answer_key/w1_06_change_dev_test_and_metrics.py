"""Answer key of week 1, notebook 06: when to change the dev/test sets and the metric."""

from __future__ import annotations

from typing import Any

import numpy as np

from answer_key import keys_by_id
from course_lib import metrics
from course_lib.data import cat_app
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_06_change_dev_test_and_metrics import FILTER_SEED, WEIGHT


def _random_weighted_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(20):
        n = int(rng.integers(1, 80))
        y = rng.integers(0, 2, size=n)
        pred = np.where(rng.random(n) < rng.uniform(0, 0.5), 1 - y, y)
        weights = np.where(rng.random(n) < 0.2, 10.0, 1.0) if k % 2 else rng.uniform(0.1, 5, n)
        args = (y.tolist(), pred.tolist(), weights.tolist()) if k % 3 == 0 else (y, pred, weights)
        cases.append(Case(f"random labels and weights #{k + 1}", args))
    return cases


def _filter_dev() -> Any:
    return cat_app.filter_predictions(FILTER_SEED)


def _errors_at(weight: float) -> tuple[float, float]:
    dev = _filter_dev()
    weights = np.where(dev["unacceptable"], weight, 1.0)
    return (metrics.weighted_error(dev["is_cat"], dev["pred_A"], weights),
            metrics.weighted_error(dev["is_cat"], dev["pred_B"], weights))


def break_even_weight() -> int:
    """Reference: the smallest whole weight at which B's weighted error is below A's.

    Raises
    ------
    RuntimeError
        If B does not win below weight 1000 (not the case with the notebook's data).
    """
    for weight in range(1, 1001):
        a, b = _errors_at(weight)
        if b < a:
            return weight
    raise RuntimeError("B never wins below weight 1000")  # not reached with the notebook's data


# --- decisions ----------------------------------------------------------------------------

def _target_right(d: Decision) -> str:
    """The metric when some mistakes are far worse than others; else the dev set when its
    pictures are not the users'."""
    if d.data["offensive_shown_by_A"] > 0:
        return "reweight"
    return "new_dev" if d.data["dev_source"] != "users' uploads" else "reweight"


def _target_other(d: Decision) -> str:
    return "new_dev" if _target_right(d) == "reweight" else "reweight"


def _target_explanation(d: Decision) -> str:
    a, b = d.data["error_A"], d.data["error_B"]
    if _target_right(d) == "reweight":
        why = (f"The dev set already holds the users' own pictures; what is wrong is what the "
               f"metric counts. A's {a:.1%} treats its {d.data['offensive_shown_by_A']} "
               "offensive pictures like any other mistake, while users (and the company) find "
               f"them far worse than B's extra {100 * (b - a):.1f} points of ordinary errors. So "
               f"**{d.letter('reweight')}**: a weighted error (say weight 10 for an offensive "
               f"picture let through). **{d.letter('new_dev')}** changes pictures that already "
               "look like the users'.")
    else:
        why = ("The metric is not the problem here — no mistake is worse than another — but the "
               "pictures are: the dev set's sharp web images are not what the users upload, so "
               f"its {a:.1%} against {b:.1%} ranks the models on the wrong data. So "
               f"**{d.letter('new_dev')}**: dev and test sets drawn from users' photos. "
               f"**{d.letter('reweight')}** reweights mistakes that all cost the same.")
    return (why + f" **{d.letter('ship_lower')}** keeps optimizing a number the users disagree "
            f"with. **{d.letter('retrain_weighted')}** works on hitting the target before it is "
            "in the right place: first fix the target, then, as a separate step, aim at it.")


def _gap_noise(d: Decision) -> tuple[float, float]:
    dev, test = d.data["dev_error"], d.data["test_error"]
    se = float(np.sqrt(dev * (1 - dev) / d.data["dev_size"]
                       + test * (1 - test) / d.data["test_size"]))
    return test - dev, se


def _overfit_right(d: Decision) -> str:
    gap, se = _gap_noise(d)
    return "bigger_dev" if gap > 2 * se else "keep_going"


def _overfit_other(d: Decision) -> str:
    return "keep_going" if _overfit_right(d) == "bigger_dev" else "bigger_dev"


def _overfit_explanation(d: Decision) -> str:
    gap, se = _gap_noise(d)
    ideas, n = d.data["ideas"], d.data["dev_size"]
    head = (f"The gap is {d.data['test_error']:.1%} - {d.data['dev_error']:.1%} = "
            f"{100 * gap:.1f} points; the standard error of such a difference is about "
            f"{100 * se:.2f} points, so the gap is {gap / se:.1f} standard errors. ")
    if _overfit_right(d) == "bigger_dev":
        why = (f"After {ideas} ideas picked on only {n:,} dev examples, the kept idea was "
               "partly lucky on those examples: the dev set is overfit, as in the notebook's "
               f"experiment. So **{d.letter('bigger_dev')}**. **{d.letter('keep_going')}** "
               "would keep choosing by a number that no longer predicts the test error. ")
    else:
        why = (f"With {n:,} dev examples and only {ideas} ideas, that is chance, not "
               f"overfitting, so **{d.letter('keep_going')}**. **{d.letter('bigger_dev')}** "
               "spends effort on a dev set that is doing its job. ")
    return (head + why
            + f"**{d.letter('regularise')}** mixes up the gaps: variance is training against dev "
              f"error. **{d.letter('tune_on_test')}** turns the test set into a second dev set, "
              "which will then be overfit too.")


KEYS = keys_by_id([
    Key("w1_06_weighted_error", hidden=_random_weighted_cases),
    Key("w1_06_break_even_weight", answer=break_even_weight,
        wrong_answers={"one too low": lambda: break_even_weight() - 1,
                       "the course's 10": lambda: WEIGHT}),
    decision_key("w1_06_metric_or_dev_set", _target_right,
                 wrong={"trusted the number": lambda d: "ship_lower",
                        "aimed before placing the target": lambda d: "retrain_weighted",
                        "fixed the wrong part of the target": _target_other},
                 explanation=_target_explanation),
    decision_key("w1_06_overfit_dev", _overfit_right,
                 wrong={"gap read as variance": lambda d: "regularise",
                        "test set for tuning": lambda d: "tune_on_test",
                        "misjudged the noise": _overfit_other},
                 explanation=_overfit_explanation),
])
