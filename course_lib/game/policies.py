"""Two ready-made policies: a naive one and one that reads the error ladder as the course does.

A policy is a function ``policy(observation) -> {"action": name, **params}``; it sees only
:meth:`~course_lib.game.Project.observation`, never the hidden world.

- :func:`naive_policy` always trains a bigger network, while the budget allows, then ships.
- :func:`diagnostic_policy` measures human-level error, builds a training-dev set, reads
  the measured ladder with :func:`course_lib.strategy.diagnose`, and works on the biggest
  gap: bigger network or longer training for avoidable bias (or clean labels, when error
  analysis finds many mislabelled examples), more data or regularisation for variance,
  error analysis then the largest category for data mismatch; it updates the dev set and
  metric after the client changes the goal, and ships when no gap is worth a week.

Examples
--------
>>> from course_lib.game import play
>>> play(naive_policy, seed=0).log[0]["action"]
'bigger_network'
>>> play(diagnostic_policy, seed=0).log[0]["action"]
'measure_human_level'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_lib.strategy import AVOIDABLE_BIAS, VARIANCE, diagnose

__all__ = ["MIN_GAP", "diagnostic_policy", "naive_policy"]

#: the diagnostic policy ignores gaps up to this size (points): within a dev set's noise
MIN_GAP = 1.0
_SHIP = {"action": "ship"}


def _check_observation(observation: Any) -> Mapping[str, Any]:
    if not isinstance(observation, Mapping):
        raise TypeError(f"observation must be a dict (Project.observation()), got "
                        f"{type(observation).__name__}")
    missing = [k for k in ("actions", "metrics", "weeks_left", "compute_left")
               if k not in observation]
    if missing:
        raise ValueError(f"observation lacks {', '.join(missing)}: pass Project.observation()")
    return observation


def _fits(obs: Mapping[str, Any], name: str, *, compute: bool = True) -> bool:
    entry = obs["actions"][name]
    ok = entry["available"] and entry["weeks"] <= obs["weeks_left"]
    return ok and (not compute or entry["compute"] <= obs["compute_left"])


def naive_policy(observation: dict[str, Any]) -> dict[str, Any]:
    """Always a bigger network, while the weeks and compute allow; then ship.

    Parameters
    ----------
    observation : dict
        :meth:`~course_lib.game.Project.observation`.

    Returns
    -------
    dict
        ``{"action": "bigger_network"}`` or ``{"action": "ship"}``.

    Examples
    --------
    >>> from course_lib.game import Project
    >>> naive_policy(Project(seed=0).observation())
    {'action': 'bigger_network'}
    """
    obs = _check_observation(observation)
    return {"action": "bigger_network"} if _fits(obs, "bigger_network") else dict(_SHIP)


def _times_done(obs: Mapping[str, Any], action: str, **params: Any) -> int:
    return sum(1 for d in obs.get("decisions", ()) if d["action"] == action
               and all(d["params"].get(k) == v for k, v in params.items()))


def _stale(obs: Mapping[str, Any]) -> bool:
    """An event happened after the last update of the dev set and metric."""
    events = obs.get("events", ())
    if not events:
        return False
    last_event = max(e["week"] for e in events)
    updates = [d["week"] for d in obs.get("decisions", ()) if d["action"] == "update_dev_metric"]
    return not updates or max(updates) < last_event


def _latest_analysis(obs: Mapping[str, Any]) -> Mapping[str, Any] | None:
    analyses = obs.get("error_analyses", ())
    return analyses[-1] if analyses else None


def _mismatch_moves_since(obs: Mapping[str, Any], week: int) -> int:
    moves = ("collect_target_data", "synthesize", "fix_category", "update_dev_metric")
    return sum(1 for d in obs.get("decisions", ()) if d["action"] in moves and d["week"] >= week)


def _first_that_fits(obs: Mapping[str, Any], *choices: dict[str, Any]) -> dict[str, Any]:
    for choice in choices:
        if _fits(obs, choice["action"]):
            return choice
    return dict(_SHIP)


def _bias_move(obs: Mapping[str, Any]) -> dict[str, Any]:
    analysis = _latest_analysis(obs)
    if analysis is not None and analysis["shares"].get("mislabelled", 0.0) >= 0.2:
        by_source = analysis["mislabelled_by_source"]
        source = max(by_source, key=lambda s: by_source[s])
        if by_source[source] > 0 and _times_done(obs, "clean_labels", source=source) == 0:
            return _first_that_fits(obs, {"action": "clean_labels", "source": source},
                                    {"action": "bigger_network"})
    bigger, longer = _times_done(obs, "bigger_network"), _times_done(obs, "train_longer")
    if longer < 2 and bigger > 2 * longer:
        return _first_that_fits(obs, {"action": "train_longer"}, {"action": "bigger_network"})
    return _first_that_fits(obs, {"action": "bigger_network"}, {"action": "train_longer"})


def _variance_move(obs: Mapping[str, Any]) -> dict[str, Any]:
    more = {"action": "more_train_data", "n": 50_000}
    regularise = {"action": "regularise", "strength": 0.5}
    if _times_done(obs, "more_train_data") <= 2 * _times_done(obs, "regularise"):
        return _first_that_fits(obs, more, regularise)
    return _first_that_fits(obs, regularise, more)


def _mismatch_move(obs: Mapping[str, Any]) -> dict[str, Any]:
    analysis = _latest_analysis(obs)
    if analysis is None or _mismatch_moves_since(obs, analysis["week"]) >= 2:
        if _fits(obs, "error_analysis"):
            return {"action": "error_analysis", "n": 100}
    if analysis is None:
        return _first_that_fits(obs, {"action": "collect_target_data", "n": 3_000})
    shares = analysis["shares"]
    categories = [c for c in obs["categories"] if c in shares]
    top = max(categories + (["new users"] if "new users" in shares else []),
              key=lambda c: shares[c])
    target = {"action": "collect_target_data", "n": 3_000}
    if top == "new users":
        return _first_that_fits(obs, target)
    if _times_done(obs, "fix_category", category=top) == 0:
        return _first_that_fits(obs, {"action": "fix_category", "category": top}, target)
    if _times_done(obs, "synthesize", category=top) == 0:
        return _first_that_fits(obs, {"action": "synthesize", "category": top, "n": 20_000,
                                      "variety": "large"}, target)
    return _first_that_fits(obs, target)


def diagnostic_policy(observation: dict[str, Any]) -> dict[str, Any]:
    """Read the ladder as the course does and work on its biggest gap; ship when none is left.

    In order: measure human-level error; build a training-dev set; update the dev set and
    metric after an event; then :func:`~course_lib.strategy.diagnose` the latest measured
    errors (gaps up to :data:`MIN_GAP` points ignored) and work on the largest gap. It uses
    only the observation.

    Parameters
    ----------
    observation : dict
        :meth:`~course_lib.game.Project.observation`.

    Returns
    -------
    dict
        ``{"action": name, **params}``.

    Examples
    --------
    >>> from course_lib.game import Project
    >>> game = Project(seed=0)
    >>> diagnostic_policy(game.observation())
    {'action': 'measure_human_level'}
    """
    obs = _check_observation(observation)
    m = obs["metrics"]
    if m["human"] is None and _fits(obs, "measure_human_level"):
        return {"action": "measure_human_level"}
    if m["train_dev"] is None and _fits(obs, "build_train_dev_set"):
        return {"action": "build_train_dev_set"}
    if _stale(obs) and _fits(obs, "update_dev_metric"):
        return {"action": "update_dev_metric"}
    reading = diagnose(human=m["human"], train=m["train"], train_dev=m["train_dev"],
                       dev=m["dev"], unit="percent", min_gap=MIN_GAP)
    if not reading.focus:
        return dict(_SHIP)
    problem = reading.focus[0]
    if problem == AVOIDABLE_BIAS:
        if _latest_analysis(obs) is None and _fits(obs, "error_analysis"):
            return {"action": "error_analysis", "n": 100}
        return _bias_move(obs)
    if problem == VARIANCE:
        return _variance_move(obs)
    return _mismatch_move(obs)
