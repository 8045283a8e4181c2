"""The Project API: play the strategy game from Python, a policy, or a replayed log.

A :class:`Project` is one game on one seed. Call :meth:`Project.do` with an action's name
and its parameters; read :meth:`Project.metrics` (the latest measured errors) or
:meth:`Project.observation` (everything a policy may see); finish with ``do("ship")`` and
read :meth:`Project.score` and :meth:`Project.debrief`.

:func:`play` runs a policy (a function from an observation to ``{"action": name, **params}``)
until the game is over; :func:`replay` plays a log again and gives the same project, the
same state and the same score, which is how a grader checks a played game: it never trusts
a score, it replays the log.

Examples
--------
>>> game = Project(seed=7)
>>> out = game.do("measure_human_level")
>>> game.metrics()["human"] == out["revealed"]["human"]
True
>>> replay(game.log, seed=7).metrics() == game.metrics()
True
"""

from __future__ import annotations

import difflib
import functools
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from course_lib.game.actions import ACTIONS
from course_lib.game.scoring import GameScore, biggest_of, on_target, points
from course_lib.game.world import (
    CATEGORIES,
    SOURCES,
    SYNTH_POOL,
    TEST_SIZE,
    TRAIN_DEV_SIZE,
    TRAIN_EVAL_SIZE,
    State,
    World,
    measure,
    true_errors,
)
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, VARIANCE
from course_lib.validation import check_count, check_seed, check_text

__all__ = ["MAX_STEPS", "Policy", "Project", "play", "replay"]

Policy = Callable[[dict[str, Any]], dict[str, Any]]
#: the most actions :func:`play` asks a policy for (every action but ``ship`` costs a week)
MAX_STEPS = 1_000
_TUNING = (AVOIDABLE_BIAS, VARIANCE, DATA_MISMATCH)


class Project:
    """One game of the strategy game: a project on a budget, on a seeded hidden world.

    Parameters
    ----------
    seed : int
        Chooses the hidden world (Bayes error, the gaps, the events) and the sampling noise.
    budget_weeks : int, default 52
        Weeks until the deadline (4 to 520). The compute budget is ``ceil(2.5 * weeks)``.

    Attributes
    ----------
    log : list of dict
        ``{"action": name, "params": {...}}`` for every action done, in order (JSON-able).
    error : str or None
        Why the game ended early when :func:`play`'s policy failed.

    Examples
    --------
    >>> game = Project(seed=1, budget_weeks=20)
    >>> game.observation()["budget"]["weeks_left"]
    20
    >>> game.do("ship")["over"]
    True
    """

    def __init__(self, seed: int, budget_weeks: int = 52) -> None:
        self._seed = check_seed(seed)
        self.budget_weeks = check_count(budget_weeks, "budget_weeks", low=4, high=520)
        self.budget_compute = math.ceil(2.5 * self.budget_weeks)
        self._world = World.from_seed(self._seed)
        self._state = self._world.start()
        self._start = self._state.copy()
        self._rng = np.random.default_rng([self._seed, 1])
        self.log: list[dict[str, Any]] = []
        self.error: str | None = None
        self._records: list[dict[str, Any]] = []
        self._latest = self._measure(self._state)
        self._history = [{"week": 0, "action": None, **self._latest}]

    # ------------------------------------------------------------------------- reading
    @property
    def over(self) -> bool:
        """True once the model is shipped, the weeks are spent, or a policy failed.

        Examples
        --------
        >>> Project(seed=0).over
        False
        """
        return self._state.shipped or self.weeks_left == 0 or self.error is not None

    @property
    def week(self) -> int:
        """Weeks spent so far.

        Examples
        --------
        >>> game = Project(seed=0)
        >>> _ = game.do("train_longer")
        >>> game.week
        1
        """
        return self._state.week

    @property
    def weeks_left(self) -> int:
        """Weeks until the deadline.

        Examples
        --------
        >>> Project(seed=0, budget_weeks=30).weeks_left
        30
        """
        return self.budget_weeks - self._state.week

    @property
    def compute_left(self) -> int:
        """Compute units left (negative once overspent).

        Examples
        --------
        >>> game = Project(seed=0)
        >>> _ = game.do("bigger_network")
        >>> game.compute_left
        124
        """
        return self.budget_compute - self._state.compute_used

    def metrics(self) -> dict[str, float | None]:
        """The latest measured error rates in percent.

        Returns
        -------
        dict
            ``train`` and ``dev`` (always), ``train_dev`` (``None`` until
            ``build_train_dev_set``) and ``human`` (``None`` until ``measure_human_level``).
            The test error stays hidden until :meth:`score`.

        Examples
        --------
        >>> sorted(Project(seed=0).metrics())
        ['dev', 'human', 'train', 'train_dev']
        """
        return dict(self._latest)

    def observation(self) -> dict[str, Any]:
        """Everything a policy may see, as plain JSON-able values (no seed, no hidden state).

        Returns
        -------
        dict
            ``week``, ``weeks_left``, ``compute_left``, ``budget``, ``metrics`` (latest),
            ``history`` (metrics after each action), ``human_level``, ``train_dev_built``,
            ``error_analyses``, ``events`` (those that happened), ``decisions`` (the log
            with the week each action started), ``data`` (your data set sizes),
            ``categories``, ``sources``, ``actions`` (each with its cost for the default
            parameters, whether it is available and affordable) and ``over``.

        Examples
        --------
        >>> import json
        >>> obs = Project(seed=0).observation()
        >>> json.loads(json.dumps(obs)) == obs
        True
        """
        s = self._state
        actions = json.loads(_actions_table())  # a fresh copy the policy may change
        for name, entry in actions.items():
            requires = ACTIONS[name].requires
            entry["available"] = requires is None or requires(s) is None
            entry["affordable"] = entry["weeks"] <= self.weeks_left
        return {
            "week": s.week,
            "weeks_left": self.weeks_left,
            "compute_left": self.compute_left,
            "budget": {"weeks": self.budget_weeks, "compute": self.budget_compute,
                       "weeks_left": self.weeks_left, "compute_left": self.compute_left},
            "metrics": self.metrics(),
            "history": [dict(h) for h in self._history],
            "human_level": s.human_known,
            "train_dev_built": s.train_dev_built,
            "error_analyses": [{**a, "shares": dict(a["shares"]),
                                "mislabelled_by_source": dict(a["mislabelled_by_source"])}
                               for a in s.analyses],
            "events": [dict(e) for e in s.events_seen],
            "decisions": [{"week": r["week"], "action": r["action"], "params": dict(r["params"])}
                          for r in self._records],
            "data": {"web_images": s.n_train, "client_photos_in_training": s.n_target,
                     "synthetic_small_pool": dict(s.synth_small),
                     "synthetic_large_pool": dict(s.synth_large),
                     "dev_set_size": s.dev_size, "labels_cleaned": dict(s.cleaned),
                     "categories_fixed": dict(s.fixes)},
            "categories": list(CATEGORIES),
            "sources": list(SOURCES),
            "actions": actions,
            "over": self.over,
        }

    # ------------------------------------------------------------------------- acting
    def do(self, action: str, **params: Any) -> dict[str, Any]:
        """Do one action: pay its cost, change the project, measure again.

        Parameters
        ----------
        action : str
            A name of :data:`~course_lib.game.actions.ACTIONS`.
        **params
            The action's parameters (defaults for those omitted).

        Returns
        -------
        dict
            JSON-able: ``action``, ``params``, ``week`` (after), ``weeks`` and ``compute``
            (paid), ``message``, ``revealed`` (what was learnt), ``events`` (what happened
            meanwhile), ``metrics`` and ``over``.

        Raises
        ------
        TypeError
            If the name is not a string or a parameter has the wrong type or name.
        ValueError
            If the game is over, the action is unknown or not available yet, a parameter is
            out of range, or the action does not fit in the weeks left. Nothing changes.

        Examples
        --------
        >>> game = Project(seed=2)
        >>> game.do("bigger_network")["weeks"]
        2
        >>> game.do("bigger_netwrok")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown action 'bigger_netwrok' (did you mean 'bigger_network'?); the ...
        """
        if self.over:
            why = self.error or ("the model is shipped" if self._state.shipped
                                 else "the weeks are spent")
            raise ValueError(f"the game is over ({why}): start a new Project to play again")
        name = check_text(action, "action")
        if name not in ACTIONS:
            close = difflib.get_close_matches(name, list(ACTIONS), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown action {name!r}{hint}; the actions are: "
                             f"{', '.join(ACTIONS)}")
        spec = ACTIONS[name]
        checked = spec.check_params(params)
        weeks, compute = spec.weeks(checked), spec.compute(checked)
        if weeks > self.weeks_left:
            raise ValueError(f"{name} costs {weeks} weeks but only {self.weeks_left} are left "
                             "before the deadline: choose a cheaper action, or ship")
        if spec.requires is not None and (reason := spec.requires(self._state)) is not None:
            raise ValueError(reason)
        saved = self._rng.bit_generator.state
        try:
            outcome = self._apply(name, checked, weeks, compute)
        except Exception:
            self._rng.bit_generator.state = saved
            raise
        return outcome

    def _apply(self, name: str, params: dict[str, Any], weeks: int,
               compute: int) -> dict[str, Any]:
        spec = ACTIONS[name]
        before = self._state
        rates = true_errors(self._world, before)
        problem, gaps = biggest_of(rates, before.dev_is_stale)
        state = before.copy()
        message, revealed = spec.effect(self._world, state, params, self._rng)
        state.week += weeks
        state.compute_used += compute
        if spec.problem in _TUNING:
            state.dev_evaluations += 1
        events = self._events(state)
        latest = self._measure(state) if spec.changes_model else {**self._latest,
                                                                   "human": state.human_known}
        trap = (name == "synthesize" and params["variety"] == "small"
                and state.synth_small[params["category"]] > SYNTH_POOL)
        if trap:
            message += (" Careful: this pool is small, and the network starts to memorise "
                        "it.")
        if state.compute_used > self.budget_compute >= before.compute_used:
            message += " You are now over the compute budget: the score will count it."
        record = {"week": before.week, "weeks_left": self.weeks_left, "action": name,
                  "params": dict(params), "weeks": weeks, "compute": compute,
                  "works_on": spec.problem, "biggest": problem,
                  "gaps": gaps, "judged": spec.problem is not None,
                  "on_target": on_target(spec.problem, problem, gaps),
                  "ladder": {k: round(rates[k], 2) for k in ("human", "train", "train_dev",
                                                              "dev", "dev_goal", "test")},
                  "stale": before.dev_is_stale, "trap": trap,
                  "human_known": before.human_known is not None,
                  "train_dev_known": before.train_dev_built}
        # commit: nothing above changed the project
        self._state = state
        self._latest = latest
        self._records.append(record)
        self.log.append({"action": name, "params": dict(params)})
        self._history.append({"week": state.week, "action": name, **latest})
        return {"action": name, "params": dict(params), "week": state.week, "weeks": weeks,
                "compute": compute, "message": message, "revealed": _plain(revealed),
                "events": events, "metrics": dict(latest), "over": self.over}

    def _events(self, state: State) -> list[dict[str, Any]]:
        happened = []
        seen = {(e["week"], e["kind"]) for e in state.events_seen}
        for event in self._world.events:
            if event.week <= state.week and (event.week, event.kind) not in seen:
                if event.kind == "metric_change":
                    state.goal_weights[event.category] = event.size
                else:
                    state.goal_has_new = True
                entry = {"week": event.week, "kind": event.kind, "message": event.message()}
                state.events_seen.append(entry)
                happened.append(dict(entry))
        return happened

    def _measure(self, state: State) -> dict[str, float | None]:
        r = true_errors(self._world, state)
        return {"train": measure(r["train"], TRAIN_EVAL_SIZE, self._rng),
                "train_dev": (measure(r["train_dev"], TRAIN_DEV_SIZE, self._rng)
                              if state.train_dev_built else None),
                "dev": measure(r["dev"], state.dev_size, self._rng),
                "human": state.human_known}

    # ------------------------------------------------------------------------- the end
    def score(self) -> GameScore:
        """The score (see :mod:`course_lib.game.scoring`); a game not over is scored as if
        shipped now.

        Examples
        --------
        >>> game = Project(seed=3)
        >>> _ = game.do("ship")
        >>> s = game.score()
        >>> 0 <= s.points <= 100 and s.decisions == 0
        True
        """
        world, state = self._world, self._state
        final = true_errors(world, state)["test"]
        start = self._start.copy()
        start.goal_weights, start.goal_has_new = dict(state.goal_weights), state.goal_has_new
        start_error = true_errors(world, start)["test"]
        test_error = measure(final, TEST_SIZE, np.random.default_rng([self._seed, 2]))
        reducible = start_error - world.bayes
        progress = min(max((start_error - test_error) / reducible, 0.0), 1.0)
        judged = [r for r in self._records if r["judged"]]
        on_target = sum(r["on_target"] for r in judged)
        quality = on_target / len(judged) if judged else 0.0
        within = state.compute_used <= self.budget_compute
        return GameScore(test_error=test_error, within_budget=within,
                         decision_quality=round(quality, 4),
                         points=points(progress, quality, within), progress=round(progress, 4),
                         start_error=round(start_error, 2), weeks_used=state.week,
                         compute_used=state.compute_used, decisions=len(judged),
                         on_target=on_target)

    def debrief(self) -> str:
        """A Markdown debrief: the decisions against the error ladder, and what to revisit.

        Examples
        --------
        >>> game = Project(seed=3)
        >>> _ = game.do("bigger_network")
        >>> game.debrief().startswith("## Debrief")
        True
        """
        from course_lib.game.debrief import write_debrief

        return write_debrief(self._records, self.score(), self._state.events_seen,
                             compute_budget=self.budget_compute)

    def _end_with_error(self, message: str) -> None:
        self.error = message

    def __repr__(self) -> str:
        return (f"Project(week {self.week} of {self.budget_weeks}, {len(self.log)} actions, "
                f"{'over' if self.over else 'running'})")


@functools.cache
def _actions_table() -> str:
    """Every action's description and default cost, as JSON (they never change)."""
    return json.dumps({name: action.as_dict() for name, action in ACTIONS.items()})


def _plain(value: Any) -> Any:
    """``value`` with NumPy numbers turned into Python ones (JSON-able)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def play(policy: Policy, seed: int, budget_weeks: int = 52) -> Project:
    """Run a policy on a new project until the game is over.

    The policy gets :meth:`Project.observation` and returns ``{"action": name, **params}``.
    If it raises, returns something else, or picks an action the project refuses, the game
    records why in :attr:`Project.error` and ends there (the model is judged as it is).

    Parameters
    ----------
    policy : callable
        ``policy(observation) -> {"action": name, **params}``.
    seed : int
    budget_weeks : int, default 52

    Returns
    -------
    Project
        The finished project.

    Examples
    --------
    >>> game = play(lambda obs: {"action": "ship"}, seed=0)
    >>> game.over, game.log
    (True, [{'action': 'ship', 'params': {}}])
    >>> play(lambda obs: {"action": "dance"}, seed=0).error[:34]
    "step 1: unknown action 'dance'; th"
    """
    if not callable(policy):
        raise TypeError(f"policy must be a function observation -> dict, got "
                        f"{type(policy).__name__}")
    project = Project(seed, budget_weeks)
    for step in range(1, MAX_STEPS + 1):
        if project.over:
            break
        try:
            choice = policy(project.observation())
        except Exception as exc:  # noqa: BLE001 - a learner's policy may fail in any way
            project._end_with_error(f"step {step}: the policy raised "
                                    f"{type(exc).__name__}: {exc}")
            break
        if not isinstance(choice, dict) or not isinstance(choice.get("action"), str):
            project._end_with_error(f"step {step}: the policy must return a dict like "
                                    f"{{'action': 'ship'}}, got {choice!r:.80}")
            break
        params = {k: v for k, v in choice.items() if k != "action"}
        try:
            project.do(choice["action"], **params)
        except (TypeError, ValueError) as exc:
            project._end_with_error(f"step {step}: {exc}")
            break
    else:
        project._end_with_error(f"the policy took more than {MAX_STEPS} actions")
    return project


def replay(log: Sequence[dict[str, Any]], seed: int, budget_weeks: int = 52) -> Project:
    """Play a log again on a new project: the same seed gives the same state and score.

    Parameters
    ----------
    log : list of dict
        ``{"action": name, "params": {...}}`` entries, as :attr:`Project.log` holds them.
    seed : int
    budget_weeks : int, default 52

    Returns
    -------
    Project

    Raises
    ------
    TypeError
        If the log or an entry has the wrong shape.
    ValueError
        If an entry cannot be played (unknown action, bad parameter, over budget, after
        the game is over); the message names the entry.

    Examples
    --------
    >>> game = play(lambda obs: {"action": "bigger_network"}, seed=4)
    >>> replay(game.log, seed=4).score() == game.score()
    True
    """
    if isinstance(log, (str, bytes, dict)) or not isinstance(log, Sequence):
        raise TypeError(f"log must be a list of {{'action': ..., 'params': {{...}}}} entries, "
                        f"got {type(log).__name__}")
    project = Project(seed, budget_weeks)
    for i, entry in enumerate(log):
        if not isinstance(entry, dict) or not isinstance(entry.get("action"), str):
            raise TypeError(f"log entry {i} must be a dict with an 'action' name, got "
                            f"{entry!r:.80}")
        params = entry.get("params", {})
        if not isinstance(params, dict):
            raise TypeError(f"log entry {i}: 'params' must be a dict, got "
                            f"{type(params).__name__}")
        try:
            project.do(entry["action"], **params)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"log entry {i} ({entry['action']}) cannot be replayed: "
                            f"{exc}") from exc
    return project
