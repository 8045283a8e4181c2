"""Answer key of week 1, notebook 07: why human-level performance?"""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.data import label_noise
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_07_human_level_performance import DATA_SEED, NOISE_RATE


def _random_bayes_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        q = float(rng.uniform(0, 1)) if k % 5 else float(rng.choice([0.0, 1.0]))
        n_classes = int(rng.integers(2, 60))
        cases.append(Case(f"random task #{k + 1}", (q, n_classes)))
    return cases


def _data() -> label_noise.NoisyDigits:
    return label_noise.noisy_digits(NOISE_RATE, seed=DATA_SEED)


def perfect_reader_error() -> float:
    """Reference: dev error of a reader who always names the digit that was really written."""
    data = _data()
    return float(np.mean(data.y_dev_clean != data.y_dev))


def _random_gap_cases(rng: np.random.Generator) -> list[Case]:
    import pandas as pd

    cases = []
    for k in range(12):
        bayes = float(rng.uniform(0, 0.3))
        n = int(rng.integers(1, 10))
        errors = np.clip(bayes + rng.normal(0.1, 0.15, size=n), 0, 1)
        form = k % 3
        arg = errors.tolist() if form == 0 else errors if form == 1 else pd.Series(errors)
        cases.append(Case(f"random errors #{k + 1}", (arg, bayes)))
    return cases


# --- decisions ----------------------------------------------------------------------------

def _tightest_bound(d: Decision) -> str:
    return "bound_model" if d.data["model"] < d.data["team"] else "bound_team"


def _weaker_bound(d: Decision) -> str:
    return "bound_team" if _tightest_bound(d) == "bound_model" else "bound_model"


def _bayes_explanation(d: Decision) -> str:
    team, model, doctor = d.data["team"], d.data["model"], d.data["doctor"]
    best = min(team, model)
    who = "the model" if model < team else "the team of specialists"
    return (
        f"Bayes error is the lowest error any system could reach; since {who} reaches "
        f"{best:.1%}, Bayes error cannot be higher: it is **at most {best:.1%}**, which is "
        f"**{d.letter(_tightest_bound(d))}**. **{d.letter(_weaker_bound(d))}** is true but "
        f"weaker: {max(team, model):.1%} is not the lowest error anyone has reached. "
        f"**{d.letter('equals_team')}** assumes people are optimal; they are only the best "
        + ("so far — and here the model already does better than them. " if model < team
           else "so far; a better system could still beat them. ")
        + f"**{d.letter('about_doctor')}** takes a typical doctor's {doctor:.1%}, a fine "
        "target for deciding whether a system is good enough to use, but far above what "
        "others have already reached, so it says little about the lowest possible error."
    )


def _passed_human(d: Decision) -> bool:
    return d.data["dev_errors"][-1] < d.data["human"]


def _progress_right(d: Decision) -> str:
    return "expect_slow_gains" if _passed_human(d) else "keep_human_tools"


def _progress_other(d: Decision) -> str:
    return "keep_human_tools" if _passed_human(d) else "expect_slow_gains"


def _progress_explanation(d: Decision) -> str:
    human, last = d.data["human"], d.data["dev_errors"][-1]
    first_steps = d.data["dev_errors"][0] - d.data["dev_errors"][2]
    late_steps = d.data["dev_errors"][2] - last
    head = (f"The error fell by {100 * first_steps:.1f} points in the first six months and "
            f"{100 * late_steps:.1f} in the last six: the usual shape as the error nears its "
            "floor. ")
    if _passed_human(d):
        why = (f"The model ({last:.1%}) is now better than the transcribers ({human:.1%}). "
               "Human level is usually not far above Bayes error on perception tasks, so "
               "little avoidable error may be left; and people can no longer label the hard "
               "cases better than the model, explain its mistakes or tell how much bias is "
               f"left. So **{d.letter('expect_slow_gains')}**. "
               f"**{d.letter('keep_human_tools')}** counts on tools that help less once the "
               "model beats the people who provide them. ")
    else:
        why = (f"The model ({last:.1%}) is still worse than the transcribers ({human:.1%}), so "
               "people can still help: label more data, show why they get right what the "
               f"model gets wrong, and set the bias benchmark. So "
               f"**{d.letter('keep_human_tools')}**. **{d.letter('expect_slow_gains')}** "
               "gives up tools that still work while there is a gap to human level. ")
    return (head + why
            + f"**{d.letter('hunt_bug')}** mistakes the usual slowdown for a fault. "
              f"**{d.letter('stop_work')}** claims the floor is reached, but the error is still "
              "falling and nothing measures the Bayes error exactly.")


KEYS = keys_by_id([
    Key("w1_07_bayes_error", hidden=_random_bayes_cases),
    Key("w1_07_perfect_reader", answer=perfect_reader_error,
        wrong_answers={
            "expected value from the formula":
                lambda: label_noise.bayes_error_with_label_noise(NOISE_RATE, 10),
            "accuracy": lambda: 1.0 - perfect_reader_error(),
            "training set": lambda: float(np.mean(_data().y_train_clean != _data().y_train)),
            "share of redrawn labels": lambda: NOISE_RATE,
        }),
    Key("w1_07_gap_to_bayes", hidden=_random_gap_cases),
    decision_key("w1_07_bayes_bound", _tightest_bound,
                 wrong={"humans are the floor": lambda d: "equals_team",
                        "typical human level": lambda d: "about_doctor",
                        "weaker bound": _weaker_bound},
                 explanation=_bayes_explanation),
    decision_key("w1_07_progress_slows", _progress_right,
                 wrong={"expected steady progress": lambda d: "hunt_bug",
                        "floor reached": lambda d: "stop_work",
                        "misplaced the model against human level": _progress_other},
                 explanation=_progress_explanation),
])
