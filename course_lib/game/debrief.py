"""The end-of-game debrief: your decisions against the error ladder, and what to revisit.

:func:`write_debrief` turns a project's records (kept by :class:`~course_lib.game.Project`
as it plays, from the world's true state) into Markdown: the score, a table with one row per
decision (the week, the action, the true ladder then, the biggest problem, the verdict), and
a list of the places where another decision would have saved time, each with a link to the
course notebook that teaches the better move. The links are relative to a notebook of any
week folder (``../week1/08_avoidable_bias.ipynb``).

Examples
--------
>>> from course_lib.game import Project
>>> game = Project(seed=0)
>>> _ = game.do("ship")
>>> "Week 0, `ship`" in game.debrief()
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from course_lib.game.actions import ACTIONS, STALE_DEV
from course_lib.game.scoring import GameScore
from course_lib.game.world import notebook_link
from course_lib.manifest import course
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, DEV_OVERFITTING, VARIANCE
from course_lib.validation import check_count

__all__ = ["ADVICE", "write_debrief"]

def _title(notebook: str) -> str:
    """The course's title of a notebook (``"week1/08_avoidable_bias"``), from the manifest."""
    return course().notebook(f"{notebook}.ipynb").title


def _see(notebook: str) -> str:
    return f"[{_title(notebook)}]({notebook_link(notebook)})"


_WORKS_ON: Mapping[str | None, tuple[str, str]] = {
    AVOIDABLE_BIAS: ("bigger_network, train_longer, or clean_labels if error analysis finds "
                     "mislabelled examples", "week1/08_avoidable_bias"),
    VARIANCE: ("more_train_data or regularise", "week1/11_improving_model_performance"),
    DATA_MISMATCH: ("error_analysis, then collect_target_data, synthesize or fix_category",
                    "week2/06_addressing_data_mismatch"),
    DEV_OVERFITTING: ("grow_dev_set", "week1/05_size_of_dev_test_sets"),
    STALE_DEV: ("update_dev_metric", "week1/06_change_dev_test_and_metrics"),
    None: ("ship: no gap was worth another week", "week2/03_build_first_then_iterate"),
}

#: for each problem: (what works on it, notebook, the notebook's title in the course)
ADVICE: Mapping[str | None, tuple[str, str, str]] = {
    problem: (what, notebook, _title(notebook)) for problem, (what, notebook) in _WORKS_ON.items()
}


def _link(problem: str | None) -> str:
    return _see(ADVICE[problem][1])


def _ladder(r: Mapping[str, float]) -> str:
    return (f"human {r['human']:.1f} · train {r['train']:.1f} · train-dev "
            f"{r['train_dev']:.1f} · dev {r['dev']:.1f} · goal {r['dev_goal']:.1f}")


def _verdict(record: Mapping[str, Any]) -> str:
    if not record["judged"]:
        return "reveals" if record["action"] != "ship" else "ships"
    return "on target" if record["on_target"] else "off target"


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def _off_target_notes(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """One note per run of consecutive off-target decisions with the same action and problem."""
    runs: list[list[Mapping[str, Any]]] = []
    for r in records:
        if not r["judged"] or r["on_target"]:
            continue
        if runs and runs[-1][-1]["action"] == r["action"] and \
                runs[-1][-1]["biggest"] == r["biggest"] and \
                records.index(runs[-1][-1]) == records.index(r) - 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    notes = []
    for run in runs:
        first, problem = run[0], run[0]["biggest"]
        weeks = sum(r["weeks"] for r in run)
        when = (f"Week {first['week']}" if len(run) == 1
                else f"Weeks {first['week']}-{run[-1]['week']}")
        times = "" if len(run) == 1 else f" x{len(run)}"
        did = ACTIONS[first["action"]].problem
        if problem is None:
            what = ("no gap was worth working on any more: shipping then would have saved "
                    f"{_weeks(weeks)}")
        else:
            what = (f"the biggest problem was **{problem}** ({first['gaps'][problem]:.1f} "
                    f"points), not {did}; {ADVICE[problem][0]} would have worked on it")
        notes.append(f"- {when}, `{first['action']}`{times} ({_weeks(weeks)}): {what}. "
                     f"See {_link(problem)}.")
    return notes


def write_debrief(records: Sequence[Mapping[str, Any]], score: GameScore,
                  events: Sequence[Mapping[str, Any]] = (), *,
                  compute_budget: int | None = None) -> str:
    """The Markdown debrief of a game.

    Parameters
    ----------
    records : list of dict
        One per action, as :class:`~course_lib.game.Project` keeps them: ``week``,
        ``weeks_left``, ``action``, ``weeks``, ``works_on``, ``biggest``, ``gaps``, ``judged``,
        ``on_target``, ``ladder``, ``stale``, ``trap``, ``human_known``,
        ``train_dev_known``.
    score : GameScore
    events : list of dict, optional
        The events that happened (``week``, ``kind``, ``message``).
    compute_budget : int, optional
        The compute budget, to say how far it was overspent.

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from course_lib.game import play, naive_policy
    >>> text = play(naive_policy, seed=1).debrief()
    >>> "off target" in text and "](../week" in text
    True
    """
    if not isinstance(score, GameScore):
        raise TypeError(f"score must be a GameScore, got {type(score).__name__}")
    if compute_budget is not None:
        compute_budget = check_count(compute_budget, "compute_budget")
    lines = ["## Debrief", "", f"**{score.points:.1f} points.** Test error "
             f"{score.test_error:.2f}% (the first model had {score.start_error:.2f}%); "
             f"{score.on_target} of {score.decisions} decisions worked on the biggest problem "
             f"of the moment; {score.weeks_used} weeks and {score.compute_used} compute units "
             "used" + ("." if score.within_budget else ", over the compute budget."), ""]
    if not records:
        return "\n".join([*lines, "No action was taken: the first model was shipped as it was."])
    lines += ["The ladder is the world's true one (percent), which you saw only through "
              "measured, noisy numbers.", "",
              "| week | action | true ladder before | biggest problem | verdict |",
              "|---:|---|---|---|---|"]
    for r in records:
        biggest = r["biggest"] or "nothing worth working on"
        size = r["gaps"].get(r["biggest"], 0.0) if r["biggest"] else 0.0
        shown = f"{biggest} ({size:.1f})" if r["biggest"] else biggest
        lines.append(f"| {r['week']} | `{r['action']}` | {_ladder(r['ladder'])} | {shown} | "
                     f"{_verdict(r)} |")
    lines += ["", "### Where another decision would have saved time", ""]
    notes = _off_target_notes(records)
    wasted = sum(r["weeks"] for r in records if r["judged"] and not r["on_target"])
    for r in records:
        if r["trap"]:
            notes.append(f"- Week {r['week']}, `synthesize` from a small pool: past its size the "
                         "network memorises the pool and the category gets worse; use a varied "
                         f"pool. See {_link(DATA_MISMATCH)}.")
    last = records[-1]
    if last["action"] == "ship" and last["biggest"] is not None and \
            last.get("weeks_left", 0) >= 3:
        problem = last["biggest"]
        notes.append(f"- Week {last['week']}, `ship`: {problem} was still "
                     f"{last['gaps'][problem]:.1f} points with {last['weeks_left']} weeks left; "
                     f"{ADVICE[problem][0]} would have worked on it. See {_link(problem)}.")
    judged = [r for r in records if r["judged"]]
    if judged and not any(r["human_known"] for r in judged):
        notes.append("- You never measured human-level error: without it avoidable bias is "
                     "unknown, not zero. See "
                     f"{_see('week1/09_understanding_human_level')}.")
    if judged and not any(r["train_dev_known"] for r in judged):
        notes.append("- You never built a training-dev set: the dev - train gap mixed variance "
                     "with data mismatch. See "
                     f"{_see('week2/05_mismatched_bias_variance')}.")
    if any(r["stale"] for r in records) and events:
        first = min(e["week"] for e in events)
        fixed = [r for r in records if r["action"] == "update_dev_metric" and r["stale"]]
        if not fixed:
            notes.append(f"- The client's goal changed (week {first}) and the dev set and metric "
                         "were never updated: the dev numbers stopped predicting the test error. "
                         f"See {_link(STALE_DEV)}.")
    if not score.within_budget and compute_budget is not None:
        notes.append(f"- The project used {score.compute_used} compute units for a budget of "
                     f"{compute_budget}: the points were cut by a fifth.")
    if notes:
        lines += notes
        if wasted:
            lines += ["", f"Decisions off target cost **{_weeks(wasted)}** in all."]
    elif not judged:
        lines.append("No decision was judged: nothing changed the model before it shipped.")
    else:
        lines.append("Nothing: every decision worked on the biggest problem of its moment.")
    return "\n".join(lines)
