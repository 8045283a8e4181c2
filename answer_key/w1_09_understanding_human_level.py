"""Answer key of week 1, notebook 09: understanding human-level performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_09_understanding_human_level import RADIOLOGY, SITUATIONS
from course_lib.strategy import diagnose


def _random_proxy_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(20):
        n = int(rng.integers(1, 7))
        levels = {f"reader {j + 1}": float(rng.uniform(0.001, 0.2)) for j in range(n)}
        cases.append(Case(f"random readers #{k + 1}", (levels,)))
    return cases


def _random_focus_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 25:
        n = int(rng.integers(1, 6))
        levels = {f"reader {j + 1}": float(rng.uniform(0.001, 0.1)) for j in range(n)}
        train = float(rng.uniform(0.0, 0.15))
        dev = float(min(train + rng.uniform(0.0, 0.1), 0.99))
        bias, variance = train - min(levels.values()), dev - train
        if abs(bias - variance) < 1e-3 or max(bias, variance) <= 0:
            continue  # no near-ties (float noise), and something to work on
        cases.append(Case(f"random situation #{len(cases) + 1}", (levels, train, dev)))
    return cases


def choice_matters(readers: dict[str, float] | None = None,
                   situations: dict[str, tuple[float, float]] | None = None) -> set[str]:
    """Reference: situations whose larger gap depends on which reader is taken as human level."""
    readers = dict(RADIOLOGY) if readers is None else readers
    situations = dict(SITUATIONS) if situations is None else situations
    out = set()
    for name, (train, dev) in situations.items():
        answers = {
            diagnose(human=level, train=train, dev=dev, relative_threshold=1.0).focus[0]
            for level in readers.values()
        }
        if len(answers) > 1:
            out.add(name)
    return out


def _all_situations() -> set[str]:
    return set(SITUATIONS)


def _closest_to_human() -> set[str]:
    # Mistaking "close to the human levels" for "the decision changes": B and C.
    return {name for name, (train, _) in SITUATIONS.items() if train <= 0.01}


# --- decisions ----------------------------------------------------------------------------

def _purpose_right(d: Decision) -> str:
    return "panel" if d.data["purpose"] == "diagnose" else "typical"


def _purpose_explanation(d: Decision) -> str:
    panel, expert, typical = (d.data[k] for k in ("panel", "expert", "typical"))
    letter = d.letter
    if d.data["purpose"] == "diagnose":
        why = (
            f"For the bias/variance decision the human level stands in for Bayes error. Every "
            f"reader's error shows that such an error can be reached, so Bayes error is at most "
            f"the lowest of them: the panel's {panel:.1%} (**{letter('panel')}**). With the "
            f"typical reader's {typical:.1%} (**{letter('typical')}**) or the experienced "
            f"reader's {expert:.1%} (**{letter('expert')}**) as human level, up to "
            f"{100 * (typical - panel):.1f} points of avoidable bias would hide below the line."
        )
    else:
        why = (
            f"The hospital's question is whether the system does the job of the readers it has "
            f"today, so the benchmark is a typical reader's {typical:.1%} "
            f"(**{letter('typical')}**). The panel's {panel:.1%} (**{letter('panel')}**) is the "
            "right stand-in for Bayes error, but no hospital has such a panel on every case; "
            f"the experienced reader's {expert:.1%} (**{letter('expert')}**) sets a bar the "
            "system does not need to clear to be useful here."
        )
    return why + (
        f" The average of the four readers (**{letter('average')}**) mixes in a person with no "
        "training: it is neither a bound on Bayes error nor anyone's level of work."
    )


def _between_gaps(d: Decision) -> tuple[float, float]:
    return d.data["train"] - d.data["panel"], d.data["dev"] - d.data["train"]


def _between_right(d: Decision) -> str:
    bias, variance = _between_gaps(d)
    return "bigger_model" if bias >= variance else "regularise"


def _between_smaller(d: Decision) -> str:
    return "regularise" if _between_right(d) == "bigger_model" else "bigger_model"


def _between_explanation(d: Decision) -> str:
    panel, typical, train, dev = (d.data[k] for k in ("panel", "typical", "train", "dev"))
    bias, variance = _between_gaps(d)
    right = _between_right(d)
    larger = "avoidable bias" if right == "bigger_model" else "variance"
    text = (
        f"The panel's {panel:.1%} is the best stand-in for Bayes error. Against it, avoidable "
        f"bias = {train:.1%} - {panel:.1%} = {100 * bias:.1f} points and variance = "
        f"{dev:.1%} - {train:.1%} = {100 * variance:.1f} points: the larger gap is {larger}, "
        f"so **{d.letter(right)}**. **{d.letter(_between_smaller(d))}** treats the smaller gap"
    )
    if right == "bigger_model":
        text += (
            f" — the one that looks like the only problem when the typical reader's "
            f"{typical:.1%} is taken as human level: against that level the avoidable bias "
            f"would be {100 * (train - typical):.1f} points, and the real {100 * bias:.1f} "
            "points would go unseen."
        )
    else:
        text += "; here the choice of human level does not change the decision."
    return text + (
        f" **{d.letter('stop')}** gives up {100 * (dev - panel):.1f} points between dev error "
        f"and the panel. **{d.letter('cannot_tell')}** would hold if the training error were "
        "below the *best* human level; it is still above the panel's, so both gaps can be "
        "measured."
    )


KEYS = keys_by_id([
    decision_key("w1_09_purpose_level", _purpose_right,
                 wrong={"purposes swapped":
                            lambda d: "typical" if _purpose_right(d) == "panel" else "panel",
                        "one expert as the benchmark": lambda d: "expert",
                        "averaged the readers": lambda d: "average"},
                 explanation=_purpose_explanation),
    decision_key("w1_09_focus_between_levels", _between_right,
                 wrong={"the smaller gap": _between_smaller,
                        "beating one reader is the end": lambda d: "stop",
                        "beating one reader means not knowing": lambda d: "cannot_tell"},
                 explanation=_between_explanation),
    Key("w1_09_bayes_proxy", hidden=_random_proxy_cases),
    Key("w1_09_focus_with_proxy", hidden=_random_focus_cases),
    Key("w1_09_choice_matters", answer=choice_matters,
        wrong_answers={"every situation": _all_situations,
                       "nothing changes": lambda: set(),
                       "training error at most 1%": _closest_to_human}),
])
