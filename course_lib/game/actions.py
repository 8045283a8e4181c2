"""What you can do in the strategy game: each action's cost, parameters, effect and notebook.

:data:`ACTIONS` maps each action's name to an :class:`Action`. An action costs weeks (a hard
limit: the project refuses one that does not fit in the weeks left) and compute units (a
soft one: going over is allowed, and the score counts it). Some actions change the model or
its data and are then judged by the score: did they work on the biggest gap of the error
ladder? Others only reveal information (``measure_human_level``, ``build_train_dev_set``,
``error_analysis``) and are never judged, only paid for.

=======================  ====================  =========================================
action                   works on              notebook
=======================  ====================  =========================================
bigger_network           avoidable bias        week1/08_avoidable_bias
train_longer             avoidable bias        week1/11_improving_model_performance
clean_labels             avoidable bias        week2/02_incorrectly_labeled_data
regularise               variance              week3/03_bias_variance_tradeoff
more_train_data          variance              week1/11_improving_model_performance
collect_target_data      data mismatch         week2/06_addressing_data_mismatch
synthesize               data mismatch         week2/06_addressing_data_mismatch
fix_category             data mismatch         week2/01_error_analysis
grow_dev_set             dev set overfitting   week1/05_size_of_dev_test_sets
update_dev_metric        a stale dev metric    week1/06_change_dev_test_and_metrics
error_analysis           (reveals)             week2/01_error_analysis
measure_human_level      (reveals)             week1/09_understanding_human_level
build_train_dev_set      (reveals)             week2/05_mismatched_bias_variance
ship                     (ends the game)       week2/03_build_first_then_iterate
=======================  ====================  =========================================

Examples
--------
>>> ACTIONS["collect_target_data"].cost(n=3000)
(3, 2)
>>> ACTIONS["synthesize"].check_params({"category": "dark"})
{'category': 'dark', 'n': 20000, 'variety': 'large'}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

from course_lib.game.world import (
    CATEGORIES,
    HUMAN_PANEL_SIZE,
    NEW_USERS,
    SOURCES,
    State,
    World,
    measure,
    true_errors,
)
from course_lib.strategy import AVOIDABLE_BIAS, DATA_MISMATCH, DEV_OVERFITTING, VARIANCE
from course_lib.validation import check_count, check_real, check_text

__all__ = ["ACTIONS", "STALE_DEV", "Action", "Param"]

#: the problem ``update_dev_metric`` works on: the dev set / metric no longer matches the goal
STALE_DEV = "stale dev set / metric"


@dataclass(frozen=True)
class Param:
    """One parameter of an action: its kind, default and allowed values.

    Attributes
    ----------
    name : str
    kind : {"int", "float", "choice"}
    default : int, float or str
    low, high : float, optional
        Inclusive bounds of a number.
    choices : tuple of str
        The allowed values of a ``"choice"``.
    description : str

    Examples
    --------
    >>> Param("n", "int", 100, low=20, high=500).check(50)
    50
    >>> Param("n", "int", 100, low=20, high=500).check(5)
    Traceback (most recent call last):
    ...
    ValueError: n must be at least 20, got 5
    """

    name: str
    kind: str
    default: Any
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    description: str = ""

    def check(self, value: Any) -> Any:
        """Return ``value`` as the plain type of this parameter, or raise a clear error.

        Examples
        --------
        >>> Param("variety", "choice", "large", choices=("small", "large")).check("small")
        'small'
        """
        if self.kind == "int":
            high = None if self.high is None else int(self.high)
            return check_count(value, self.name, low=int(self.low or 0), high=high)
        if self.kind == "float":
            return check_real(value, self.name, low=self.low, high=self.high)
        text = check_text(value, self.name)
        if text not in self.choices:
            raise ValueError(f"{self.name} must be one of {', '.join(map(repr, self.choices))}, "
                             f"got {text!r}")
        return text

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able description (what an observation shows).

        Examples
        --------
        >>> Param("n", "int", 100, low=20, high=500).as_dict()["high"]
        500
        """
        out: dict[str, Any] = {"kind": self.kind, "default": self.default,
                               "description": self.description}
        if self.kind == "choice":
            out["choices"] = list(self.choices)
        else:
            out["low"], out["high"] = self.low, self.high
        return out


Effect = Callable[[World, State, dict[str, Any], np.random.Generator], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Action:
    """One thing the learner can do: cost, parameters, effect, and where the course teaches it.

    Attributes
    ----------
    name : str
    description : str
        What it does, in plain words.
    notebook : str
        The course notebook it comes from (``"week1/08_avoidable_bias"``).
    problem : str or None
        The ladder's gap it works on (``None`` for actions that only reveal or ship).
    params : tuple of Param
    changes_model : bool
        True when the metrics are measured again afterwards (a new model or dev set).

    Examples
    --------
    >>> a = ACTIONS["bigger_network"]
    >>> a.problem, a.cost()
    ('avoidable bias', (2, 6))
    """

    name: str
    description: str
    notebook: str
    problem: str | None
    params: tuple[Param, ...]
    weeks: Callable[[dict[str, Any]], int]
    compute: Callable[[dict[str, Any]], int]
    effect: Effect
    changes_model: bool = True
    requires: Callable[[State], str | None] | None = None

    def check_params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Validate parameters and fill in defaults; unknown names are refused.

        Examples
        --------
        >>> ACTIONS["regularise"].check_params({"strength": 0.3})
        {'strength': 0.3}
        >>> ACTIONS["regularise"].check_params({"lambda": 0.3})
        Traceback (most recent call last):
        ...
        TypeError: regularise takes the parameters: strength; got an unknown one: lambda
        """
        known = {p.name for p in self.params}
        unknown = sorted(set(params) - known)
        if unknown:
            takes = ", ".join(p.name for p in self.params) or "no parameters"
            raise TypeError(f"{self.name} takes the parameters: {takes}; got an unknown one: "
                            f"{', '.join(unknown)}")
        return {p.name: p.check(params[p.name] if p.name in params else p.default)
                for p in self.params}

    def cost(self, **params: Any) -> tuple[int, int]:
        """``(weeks, compute units)`` for these parameters (defaults when omitted).

        Examples
        --------
        >>> ACTIONS["more_train_data"].cost(n=100_000)
        (2, 5)
        """
        checked = self.check_params(params)
        return self.weeks(checked), self.compute(checked)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able description, with the cost of the default parameters.

        Examples
        --------
        >>> ACTIONS["error_analysis"].as_dict()["notebook"]
        'week2/01_error_analysis'
        """
        weeks, compute = self.cost()
        return {"description": self.description, "notebook": self.notebook,
                "works_on": self.problem, "weeks": weeks, "compute": compute,
                "params": {p.name: p.as_dict() for p in self.params}}


# ----------------------------------------------------------------------------- effects
def _bigger(world: World, state: State, p: dict[str, Any],
            rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.size += 1
    return (f"You train a bigger network (size {state.size}): more layers and hidden units."), {}


def _longer(world: World, state: State, p: dict[str, Any],
            rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.epochs += 1
    return f"You train for longer with a better optimiser (round {state.epochs}).", {}


def _regularise(world: World, state: State, p: dict[str, Any],
                rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.reg = round(state.reg + p["strength"], 6)
    return (f"You add regularisation (dropout, weight decay) of strength {p['strength']:g}; "
            f"total strength {state.reg:g}."), {}


def _more_data(world: World, state: State, p: dict[str, Any],
               rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.n_train += p["n"]
    return (f"You add {p['n']:,} web images to the training set "
            f"({state.n_train:,} in all)."), {}


def _target_data(world: World, state: State, p: dict[str, Any],
                 rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.n_target += p["n"]
    if state.goal_has_new:
        state.n_target_new += p["n"]
    return (f"You collect and label {p['n']:,} of the client's photos and add them to the "
            f"training set ({state.n_target:,} client photos in training)."), {}


def _synthesize(world: World, state: State, p: dict[str, Any],
                rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    pool = state.synth_small if p["variety"] == "small" else state.synth_large
    pool[p["category"]] += p["n"]
    where = ("a small pool of effects (quick, but the network may memorise it)"
             if p["variety"] == "small" else "a large, varied pool of effects")
    return (f"You synthesise {p['n']:,} {p['category']} training images from {where}."), {}


def _clean(world: World, state: State, p: dict[str, Any],
           rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.noise[p["source"]] *= 0.25
    state.cleaned[p["source"]] += 1
    return f"You review and correct the labels of the {p['source']} source.", {}


def _fix(world: World, state: State, p: dict[str, Any],
         rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.fixes[p["category"]] += 1
    return (f"You work on the {p['category']} photos (targeted augmentation and "
            "preprocessing)."), {}


def _analysis(world: World, state: State, p: dict[str, Any],
              rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    r = true_errors(world, state)
    cats = [*CATEGORIES] + ([NEW_USERS] if state.dev_has_new else [])
    weights = {c: r[f"share:{c}"] for c in cats}
    weights["mislabelled"] = r["label_noise"]
    weights["other"] = r["dev"] - sum(weights.values())
    names = list(weights)
    probs = np.maximum(np.array([weights[k] for k in names]), 0.0)
    counts = rng.multinomial(p["n"], probs / probs.sum())
    shares = {k: round(int(c) / p["n"], 4) for k, c in zip(names, counts, strict=True)}
    noise = np.array([state.noise[s] for s in SOURCES])
    mislabelled = int(counts[names.index("mislabelled")])
    by_source = rng.multinomial(mislabelled, noise / noise.sum()) if mislabelled else \
        np.zeros(len(SOURCES), dtype=int)
    revealed = {"week": state.week, "n": p["n"], "shares": shares,
                "mislabelled_by_source": {s: int(k) for s, k in zip(SOURCES, by_source,
                                                                   strict=True)}}
    state.analyses.append(revealed)
    top = max(shares, key=lambda k: shares[k])
    return (f"You look at {p['n']} dev mistakes by hand: the largest category is {top} "
            f"({shares[top]:.0%})."), {"error_analysis": revealed}


def _human(world: World, state: State, p: dict[str, Any],
           rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.human_known = measure(world.human, HUMAN_PANEL_SIZE, rng)
    return (f"A panel of experts labels {HUMAN_PANEL_SIZE:,} client photos: human-level error "
            f"is {state.human_known:.2f}%."), {"human": state.human_known}


def _train_dev(world: World, state: State, p: dict[str, Any],
               rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.train_dev_built = True
    return ("You hold out a training-dev set: training-distribution data the model does not "
            "train on. Its error now shows in the metrics."), {}


def _update_dev(world: World, state: State, p: dict[str, Any],
                rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    stale = state.dev_is_stale
    state.dev_weights = dict(state.goal_weights)
    state.dev_has_new = state.goal_has_new
    if not stale:
        return "Your dev set and metric already matched the client's goal: nothing changed.", {}
    return ("You update the dev set and the metric to the client's current goal: dev numbers "
            "predict the test error again."), {}


def _grow_dev(world: World, state: State, p: dict[str, Any],
              rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.dev_size += p["n"]
    state.dev_evaluations = 0
    return (f"You add {p['n']:,} fresh client photos to the dev set ({state.dev_size:,} in "
            "all)."), {}


def _ship(world: World, state: State, p: dict[str, Any],
          rng: np.random.Generator) -> tuple[str, dict[str, Any]]:
    state.shipped = True
    return "You ship the model to the client. The game is over: see the score.", {}


def _needs_analysis(state: State) -> str | None:
    if not state.analyses:
        return ("fix_category needs an error analysis first: run error_analysis to find which "
                "categories the dev mistakes fall into")
    return None


def _needs_no_train_dev(state: State) -> str | None:
    return "the training-dev set is already built" if state.train_dev_built else None


def _fixed(weeks: int, compute: int) -> tuple[Callable[[dict[str, Any]], int], ...]:
    return (lambda p: weeks), (lambda p: compute)


_N = "how many examples"
_ACTIONS = [
    Action("bigger_network", "Train a bigger network: more layers, more hidden units.",
           "week1/08_avoidable_bias", AVOIDABLE_BIAS, (), *_fixed(2, 6), _bigger),
    Action("train_longer", "Train longer, or with a better optimiser (Adam, momentum).",
           "week1/11_improving_model_performance", AVOIDABLE_BIAS, (), *_fixed(1, 5), _longer),
    Action("clean_labels", "Review and correct the labels of one training source.",
           "week2/02_incorrectly_labeled_data", AVOIDABLE_BIAS,
           (Param("source", "choice", SOURCES[0], choices=SOURCES,
                  description="the training source to clean"),), *_fixed(3, 1), _clean),
    Action("regularise", "Add regularisation: dropout, L2 weight decay, data augmentation.",
           "week3/03_bias_variance_tradeoff", VARIANCE,
           (Param("strength", "float", 0.5, low=0.05, high=1.0,
                  description="how much regularisation to add"),), *_fixed(1, 2), _regularise),
    Action("more_train_data", "Add more web images (training distribution) to training.",
           "week1/11_improving_model_performance", VARIANCE,
           (Param("n", "int", 50_000, low=1_000, high=200_000, description=_N),),
           lambda p: math.ceil(p["n"] / 50_000), lambda p: 1 + math.ceil(p["n"] / 25_000),
           _more_data),
    Action("collect_target_data", "Collect and label the client's photos; add them to training.",
           "week2/06_addressing_data_mismatch", DATA_MISMATCH,
           (Param("n", "int", 3_000, low=500, high=10_000, description=_N),),
           lambda p: 1 + math.ceil(p["n"] / 1_500), lambda p: 1 + math.ceil(p["n"] / 5_000),
           _target_data),
    Action("synthesize", "Synthesise training images like one category of the client's photos.",
           "week2/06_addressing_data_mismatch", DATA_MISMATCH,
           (Param("category", "choice", CATEGORIES[0], choices=CATEGORIES,
                  description="the category to imitate"),
            Param("n", "int", 20_000, low=1_000, high=100_000, description=_N),
            Param("variety", "choice", "large", choices=("small", "large"),
                  description="a small pool of effects (1 week) or a large, varied one "
                              "(3 weeks)")),
           lambda p: 1 if p["variety"] == "small" else 3,
           lambda p: (1 if p["variety"] == "small" else 2) + math.ceil(p["n"] / 20_000),
           _synthesize),
    Action("fix_category", "Work on one category of dev mistakes that error analysis found.",
           "week2/01_error_analysis", DATA_MISMATCH,
           (Param("category", "choice", CATEGORIES[0], choices=CATEGORIES,
                  description="the category to fix"),), *_fixed(3, 2), _fix,
           requires=_needs_analysis),
    Action("grow_dev_set", "Add fresh client photos to the dev set.",
           "week1/05_size_of_dev_test_sets", DEV_OVERFITTING,
           (Param("n", "int", 2_500, low=500, high=10_000, description=_N),),
           lambda p: math.ceil(p["n"] / 2_500), lambda p: 0, _grow_dev),
    Action("update_dev_metric", "Change the dev set and metric to match the client's goal.",
           "week1/06_change_dev_test_and_metrics", STALE_DEV, (), *_fixed(2, 0), _update_dev),
    Action("error_analysis", "Look at dev mistakes by hand and count them by category.",
           "week2/01_error_analysis", None,
           (Param("n", "int", 100, low=20, high=500, description="how many dev mistakes"),),
           lambda p: 1 if p["n"] <= 150 else 2, lambda p: 0, _analysis, changes_model=False),
    Action("measure_human_level", "Have experts label client photos: human-level error.",
           "week1/09_understanding_human_level", None, (), *_fixed(2, 0), _human,
           changes_model=False),
    Action("build_train_dev_set", "Hold out a training-dev set to separate variance from "
           "data mismatch.", "week2/05_mismatched_bias_variance", None, (), *_fixed(1, 1),
           _train_dev, requires=_needs_no_train_dev),
    Action("ship", "Ship the model to the client: the game ends.",
           "week2/03_build_first_then_iterate", None, (), *_fixed(0, 0), _ship,
           changes_model=False),
]

#: every action by name (read-only)
ACTIONS: Mapping[str, Action] = MappingProxyType({a.name: a for a in _ACTIONS})
