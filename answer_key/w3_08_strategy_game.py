"""Answer key of week 3, notebook 08: the strategy game.

The game exercises need no hidden cases here: the grader draws the hidden games' seeds
from the course secret (:meth:`course_lib.exercises.games.GameSpec.hidden_seeds`) and plays
the reference policies on them itself. Their "right answers" are the reference play: the
diagnostic policy, and the log it plays on a learner's own game.
"""

from __future__ import annotations

from typing import Any

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.w3_08_strategy_game import game_seed


def _diagnostic_policy() -> Any:
    from course_lib.game import diagnostic_policy

    return diagnostic_policy


def _diagnostic_log(learner: str = "") -> list[dict[str, Any]]:
    from course_lib.game import diagnostic_policy, play

    return play(diagnostic_policy, game_seed(learner)).log


# --- decisions ----------------------------------------------------------------------------

def _gaps(d: Decision) -> dict[str, float]:
    x = d.data
    return {"bigger_network": x["train"] - x["human"],
            "regularise": x["train_dev"] - x["train"],
            "collect_target_data": x["dev"] - x["train_dev"]}


def _largest_gap(d: Decision) -> str:
    gaps = _gaps(d)
    return max(gaps, key=gaps.__getitem__)


def _second_gap(d: Decision) -> str:
    gaps = _gaps(d)
    return sorted(gaps, key=gaps.__getitem__)[-2]


def _smallest_gap(d: Decision) -> str:
    gaps = _gaps(d)
    return min(gaps, key=gaps.__getitem__)


def _next_action_explanation(d: Decision) -> str:
    gaps = _gaps(d)
    names = {"bigger_network": "avoidable bias", "regularise": "variance",
             "collect_target_data": "data mismatch"}
    listed = ", ".join(f"{names[k]} {v:.1f} points" for k, v in gaps.items())
    right, second, smallest = _largest_gap(d), _second_gap(d), _smallest_gap(d)
    return (f"The gaps: {listed}. The largest is {names[right]}, so **{d.letter(right)}** "
            f"({right}) is the action. **{d.letter(second)}** works on {names[second]}, "
            f"{gaps[second]:.1f} points, and **{d.letter(smallest)}** on {names[smallest]}, "
            f"{gaps[smallest]:.1f}: smaller gaps, less to gain for the same weeks. "
            f"**{d.letter('ship')}** leaves {gaps[right]:.1f} points of {names[right]} on "
            "the table.")


def _rubric_answer(d: Decision) -> str:
    x = d.data
    if x["points"] >= max(x["naive"], x["diagnostic"]):
        return "full"
    return "share" if x["points"] > x["naive"] else "zero"


def _points_as_credit(d: Decision) -> str:
    return "zero" if _rubric_answer(d) != "zero" else "share"


def _top_band(d: Decision) -> str:
    return "share" if _rubric_answer(d) == "full" else "full"


def _rubric_explanation(d: Decision) -> str:
    from course_lib.exercises.games import game_credit

    x = d.data
    credit = game_credit(x["points"], naive=x["naive"], diagnostic=x["diagnostic"])
    letters = {band: d.letter(band) for band in ("zero", "share", "full")}
    right = _rubric_answer(d)
    others = " and ".join(f"**{letters[b]}**" for b in letters if b != right)
    return (f"{x['points']:.1f} points against naive {x['naive']:.1f} and diagnostic "
            f"{x['diagnostic']:.1f}: the rubric gives {credit} of 100, option "
            f"**{letters[right]}**. The naive policy's points (or fewer) earn 0, the "
            "diagnostic's (or more) 100, and in between the share of the way; so "
            f"{others} name the wrong band for these points.")


KEYS = keys_by_id([
    Key("w3_08_played_game", answer=_diagnostic_log),
    Key("w3_08_policy", answer=_diagnostic_policy),
    decision_key("w3_08_next_action", _largest_gap,
                 wrong={"the second gap": _second_gap, "the smallest gap": _smallest_gap,
                        "stopped early": lambda d: "ship"},
                 explanation=_next_action_explanation),
    decision_key("w3_08_rubric", _rubric_answer,
                 wrong={"points as credit": _points_as_credit, "misread the top band": _top_band},
                 explanation=_rubric_explanation),
])
