"""The hidden world of the strategy game: a task, its data, a model and how its errors respond.

The game simulates a project the way the course describes one. A client wants a classifier
for the photos its users take (the **target distribution**); you train on web images and
other sources (the **training distribution**). Nothing is trained for real: a few numbers
describe the project, and the error rates follow from them by the formulas below, so a
whole game runs in milliseconds and every seed gives the same game.

The error ladder (every rate in percent)
----------------------------------------
========================  ==================================================================
rung                      formula
========================  ==================================================================
Bayes error               ``bayes`` (hidden; nothing can do better)
human-level error         ``human >= bayes`` (known only once measured)
training error            ``bayes + bias + label_noise``
training-dev error        ``training + variance``
dev error                 ``training-dev + mismatch`` (as the *dev metric* weighs it)
test error                ``training-dev + mismatch`` (as the *client's goal* weighs it)
                          ``+ dev_overfitting``
========================  ==================================================================

How each part responds, and the notebook that says so (:data:`EFFECTS`):

- ``bias = bias0 * 0.65**size * (0.55 + 0.45 * 0.7**epochs) + 0.5 * reg``: a bigger network
  (``size``) and training longer (``epochs``) lower it; regularisation (``reg``) costs a
  little of it.
- ``variance = var0 * (1 + 0.25 * size) * sqrt(n0 / n_data) * exp(-1.2 * reg)``: a bigger
  network raises it unless there is more data; more data and regularisation lower it.
- ``label_noise``: the sum over the training sources of their noise floor; cleaning a
  source's labels removes three quarters of its share.
- ``mismatch``: one share per error category of the target photos (``blurry``, ``dark``,
  ``small object``, and ``new users`` once a new population appears). Target-distribution
  data added to training shrinks every share by ``1 / (1 + n_target / 4000)``; synthesis
  shrinks its category, up to a point (:func:`synthesis_factor`: a small synthetic pool is
  memorised, and past it the gain reverses); fixing a category (after error analysis)
  halves its share. The new users' share shrinks only with client photos collected after
  they appear, by ``1 / (1 + n_new / 3000)``.
- ``dev_overfitting = 0.15 * sqrt(evaluations) * sqrt(2500 / dev_size)``: every model
  judged on the dev set tunes to it a little; a bigger, fresh dev set undoes it.

Drawing a world (:meth:`World.from_seed`): Bayes error 0.5-2.5 %, human-level error 0.3-1.2
points above it; one of avoidable bias, variance and data mismatch (chosen at random) starts
at 5-9 points, the other two at 0.8-3.5; in 4 worlds out of 10 one training source has a
label-noise floor of 1.5-3.5 points; the client changes the metric (weeks 8-30) in 3 worlds
out of 4, and a new user population appears (weeks 10-36) in 3 out of 5.

Measured rates are sampled: an error on a set of ``n`` examples is a binomial count over
``n`` (:func:`measure`), so small sets give noisy readings.

Examples
--------
>>> world = World.from_seed(3)
>>> state = world.start()
>>> rates = true_errors(world, state)
>>> rates["bayes"] <= rates["human"] and rates["train"] <= rates["train_dev"] <= rates["dev"]
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from course_lib.validation import check_count, check_rng, check_seed

__all__ = [
    "CATEGORIES",
    "EFFECTS",
    "gaps_of",
    "NEW_USERS",
    "SOURCES",
    "SYNTH_POOL",
    "Event",
    "State",
    "World",
    "measure",
    "notebook_link",
    "synthesis_factor",
    "true_errors",
    "true_gaps",
]

#: the error categories of the target photos that the training data lack
CATEGORIES: tuple[str, ...] = ("blurry", "dark", "small object")
#: the category a new user population brings (it appears with an event)
NEW_USERS = "new users"
#: the training sources, each with its own (hidden) label-noise floor
SOURCES: tuple[str, ...] = ("web_crawl", "stock_photos", "crowd_labelled")
#: distinct examples in a "small" synthesis pool: past it the model memorises the pool
SYNTH_POOL = 20_000

#: what each part of the world does, and the course notebook that says so
EFFECTS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "bigger network": ("lowers avoidable bias; raises variance unless there is more data",
                       "week1/08_avoidable_bias"),
    "train longer": ("lowers avoidable bias, with diminishing returns",
                     "week1/11_improving_model_performance"),
    "regularisation": ("lowers variance at a small cost in bias",
                       "week3/03_bias_variance_tradeoff"),
    "more training data": ("lowers variance", "week1/11_improving_model_performance"),
    "target data": ("shrinks the data mismatch (and, as more data, the variance)",
                    "week2/06_addressing_data_mismatch"),
    "synthesis": ("shrinks one category's mismatch; a small pool is memorised and the gain "
                  "stops, then reverses", "week2/06_addressing_data_mismatch"),
    "clean labels": ("lowers the noise floor of a noisy source",
                     "week2/02_incorrectly_labeled_data"),
    "fix a category": ("removes half of a category's share, once error analysis found it",
                       "week2/01_error_analysis"),
    "error analysis": ("shows the categories' shares of 100 dev mistakes, with sampling noise",
                       "week2/01_error_analysis"),
    "human level": ("measures human-level error, the proxy for Bayes error",
                    "week1/09_understanding_human_level"),
    "training-dev set": ("separates variance from data mismatch",
                         "week2/05_mismatched_bias_variance"),
    "metric change": ("when the client changes the goal, the dev set and metric stop "
                      "predicting the test error until they are updated",
                      "week1/06_change_dev_test_and_metrics"),
    "dev set size": ("a small dev set tuned on too often overfits; a bigger fresh one fixes it",
                     "week1/05_size_of_dev_test_sets"),
})

# sizes of the sets the metrics are measured on
TRAIN_EVAL_SIZE = 10_000
TRAIN_DEV_SIZE = 2_500
DEV_SIZE = 2_500
HUMAN_PANEL_SIZE = 1_000
TEST_SIZE = 10_000
TARGET_SCALE = 4_000
NEW_USERS_SCALE = 3_000


def notebook_link(notebook: str) -> str:
    """The relative link, from a notebook of any week, to a course notebook.

    Parameters
    ----------
    notebook : str
        ``"week<k>/<file>"`` as in :data:`EFFECTS`.

    Returns
    -------
    str

    Examples
    --------
    >>> notebook_link("week1/08_avoidable_bias")
    '../week1/08_avoidable_bias.ipynb'
    """
    return f"../{notebook}.ipynb"


@dataclass(frozen=True)
class Event:
    """Something that happens to the project at a given week, whatever the learner does.

    Attributes
    ----------
    week : int
        The week it happens (it is applied after the first action that reaches it).
    kind : str
        ``"metric_change"`` (the client weighs one category's mistakes more) or
        ``"new_population"`` (a new user population, unlike any dev photo).
    category : str
        The category concerned (``NEW_USERS`` for a new population).
    size : float
        The new weight (metric change) or the new mismatch share in points (population).

    Examples
    --------
    >>> Event(12, "metric_change", "dark", 3.0).message()[:30]
    'Week 12: the client changes th'
    """

    week: int
    kind: str
    category: str
    size: float

    def message(self) -> str:
        """What the learner is told when the event happens.

        Examples
        --------
        >>> Event(20, "new_population", NEW_USERS, 2.0).message()[:39]
        'Week 20: a new user population appears:'
        """
        if self.kind == "metric_change":
            return (f"Week {self.week}: the client changes the metric: a mistake on a "
                    f"{self.category} photo now counts {self.size:g} times. Your dev set and "
                    "metric still measure the old goal.")
        return (f"Week {self.week}: a new user population appears: customers in a new region "
                "send phone photos unlike any in your dev set.")


@dataclass
class State:
    """The project's current state: the model, the data, what the learner knows.

    Made by :meth:`World.start`; actions change a copy (:meth:`copy`) and the project keeps
    it only when the action succeeds.

    Examples
    --------
    >>> state = World.from_seed(0).start()
    >>> state.week, state.size, state.train_dev_built
    (0, 0, False)
    """

    week: int = 0
    compute_used: int = 0
    size: int = 0
    epochs: int = 0
    reg: float = 0.0
    n_train: int = 0
    n_target: int = 0
    n_target_new: int = 0
    synth_small: dict[str, int] = field(default_factory=dict)
    synth_large: dict[str, int] = field(default_factory=dict)
    fixes: dict[str, int] = field(default_factory=dict)
    noise: dict[str, float] = field(default_factory=dict)
    cleaned: dict[str, int] = field(default_factory=dict)
    dev_weights: dict[str, float] = field(default_factory=dict)
    goal_weights: dict[str, float] = field(default_factory=dict)
    dev_has_new: bool = False
    goal_has_new: bool = False
    dev_size: int = DEV_SIZE
    dev_evaluations: int = 0
    human_known: float | None = None
    train_dev_built: bool = False
    analyses: list[dict[str, Any]] = field(default_factory=list)
    events_seen: list[dict[str, Any]] = field(default_factory=list)
    shipped: bool = False

    def copy(self) -> State:
        """A copy that shares nothing mutable with this state.

        Examples
        --------
        >>> a = World.from_seed(0).start()
        >>> b = a.copy()
        >>> b.noise["web_crawl"] = 0.0
        >>> a.noise["web_crawl"] == b.noise["web_crawl"]
        False
        """
        out = State(**{name: getattr(self, name) for name in self.__dataclass_fields__})
        for name in ("synth_small", "synth_large", "fixes", "noise", "cleaned", "dev_weights",
                     "goal_weights"):
            setattr(out, name, dict(getattr(self, name)))
        out.analyses = [dict(a) for a in self.analyses]
        out.events_seen = [dict(e) for e in self.events_seen]
        return out

    @property
    def dev_is_stale(self) -> bool:
        """True when the client's goal has changed and the dev set / metric has not.

        Examples
        --------
        >>> World.from_seed(0).start().dev_is_stale
        False
        """
        return self.dev_weights != self.goal_weights or self.dev_has_new != self.goal_has_new


@dataclass(frozen=True)
class World:
    """The hidden facts of one project, drawn from a seed.

    Build it with :meth:`from_seed`. Nothing here is shown to the learner; the game shows
    measured error rates only.

    Attributes
    ----------
    bayes, human : float
        Bayes error and human-level error, in percent (``human >= bayes``).
    bias0, var0 : float
        Avoidable bias (above Bayes) and variance of the starting model, in points.
    n0 : int
        Training examples at the start.
    mismatch0 : dict of str to float
        Each category's share of the data mismatch at the start, in points.
    noise0 : dict of str to float
        Each training source's label-noise floor, in points.
    events : tuple of Event
        What happens, and when.

    Examples
    --------
    >>> World.from_seed(5) == World.from_seed(5)
    True
    """

    bayes: float
    human: float
    bias0: float
    var0: float
    n0: int
    mismatch0: dict[str, float]
    noise0: dict[str, float]
    new_users: float
    events: tuple[Event, ...]

    @classmethod
    def from_seed(cls, seed: int) -> World:
        """Draw a world: one of bias, variance or mismatch is large, the others smaller.

        Parameters
        ----------
        seed : int
            Any non-negative integer; the same seed gives the same world.

        Returns
        -------
        World

        Examples
        --------
        >>> world = World.from_seed(1)
        >>> world.bayes < world.human
        True
        """
        seed = check_seed(seed)
        rng = np.random.default_rng([seed, 0])
        bayes = float(rng.uniform(0.5, 2.5))
        human = bayes + float(rng.uniform(0.3, 1.2))
        big = int(rng.integers(0, 3))  # 0 bias, 1 variance, 2 mismatch
        parts = [float(rng.uniform(5.0, 9.0)) if k == big else float(rng.uniform(0.8, 3.5))
                 for k in range(3)]
        bias0 = parts[0] + (human - bayes)
        shares = rng.dirichlet(np.full(len(CATEGORIES), 2.0))
        mismatch0 = {c: float(parts[2] * s) for c, s in zip(CATEGORIES, shares, strict=True)}
        noise0 = {s: float(rng.uniform(0.0, 0.25)) for s in SOURCES}
        if rng.random() < 0.4:
            noise0[SOURCES[int(rng.integers(0, len(SOURCES)))]] = float(rng.uniform(1.5, 3.5))
        n0 = int(rng.integers(20, 81)) * 1000
        events: list[Event] = []
        if rng.random() < 0.75:
            events.append(Event(int(rng.integers(8, 31)), "metric_change",
                                CATEGORIES[int(rng.integers(0, len(CATEGORIES)))],
                                float(rng.choice([2.0, 2.5, 3.0, 3.5, 4.0]))))
        new_users = float(rng.uniform(1.5, 4.0))
        if rng.random() < 0.6:
            events.append(Event(int(rng.integers(10, 37)), "new_population", NEW_USERS,
                                new_users))
        events.sort(key=lambda e: e.week)
        return cls(bayes=bayes, human=human, bias0=bias0, var0=parts[1], n0=n0,
                   mismatch0=mismatch0, noise0=noise0, new_users=new_users, events=tuple(events))

    def start(self) -> State:
        """The state at week 0: the first model, trained on the web data only.

        Examples
        --------
        >>> World.from_seed(2).start().n_train == World.from_seed(2).n0
        True
        """
        ones = dict.fromkeys(CATEGORIES, 1.0)
        return State(n_train=self.n0, noise=dict(self.noise0), dev_weights=dict(ones),
                     goal_weights=dict(ones), synth_small=dict.fromkeys(CATEGORIES, 0),
                     synth_large=dict.fromkeys(CATEGORIES, 0), fixes=dict.fromkeys(CATEGORIES, 0),
                     cleaned=dict.fromkeys(SOURCES, 0))


def synthesis_factor(n_small: int, n_large: int) -> float:
    """What is left of a category's mismatch after synthesising examples of it.

    Examples from a varied (``"large"``) pool always help, with diminishing returns.
    Examples from a small pool help only up to :data:`SYNTH_POOL`: the network then
    memorises the pool (week 2's car-noise warning), and every further example makes the
    category *worse*.

    Parameters
    ----------
    n_small, n_large : int
        Synthetic examples made from a small pool and from a varied one.

    Returns
    -------
    float
        The factor on the category's share: below 1 helps, above 1 hurts.

    Examples
    --------
    >>> synthesis_factor(0, 0)
    1.0
    >>> synthesis_factor(20_000, 0) < 1 < synthesis_factor(60_000, 0)
    True
    """
    return _synthesis(check_count(n_small, "n_small"), check_count(n_large, "n_large"))


def _synthesis(n_small: int, n_large: int) -> float:
    useful = min(n_small, SYNTH_POOL) + n_large
    gain = 0.65 * useful / (useful + 15_000)
    trap = 0.6 * max(0, n_small - SYNTH_POOL) / SYNTH_POOL
    return 1.0 - gain + trap


def _contributions(world: World, state: State) -> dict[str, float]:
    """Each mismatch category's share in points, before any metric weighs it."""
    target = 1.0 / (1.0 + state.n_target / TARGET_SCALE)
    out = {c: world.mismatch0[c] * target * 0.5 ** state.fixes[c]
           * _synthesis(state.synth_small[c], state.synth_large[c]) for c in CATEGORIES}
    out[NEW_USERS] = world.new_users / (1.0 + state.n_target_new / NEW_USERS_SCALE)
    return out


def _parts(world: World, state: State) -> dict[str, float]:
    n_data = state.n_train + state.n_target
    bias = world.bias0 * 0.65 ** state.size * (0.55 + 0.45 * 0.7 ** state.epochs)
    return {
        "bias": bias + 0.5 * state.reg,
        "variance": world.var0 * (1 + 0.25 * state.size) * math.sqrt(world.n0 / n_data)
        * math.exp(-1.2 * state.reg),
        "label_noise": sum(state.noise.values()),
        "dev_overfitting": 0.15 * math.sqrt(state.dev_evaluations)
        * math.sqrt(DEV_SIZE / state.dev_size),
    }


def true_errors(world: World, state: State) -> dict[str, float]:
    """The world's true error rates (percent) for a state: what big enough sets would show.

    Parameters
    ----------
    world : World
    state : State

    Returns
    -------
    dict of str to float
        ``bayes``, ``human``, ``train``, ``train_dev``, ``dev`` (as the current dev set and
        metric measure it), ``dev_goal`` (as the client's goal would) and ``test``, plus the
        parts: ``bias``, ``variance``, ``label_noise``, ``mismatch`` (dev metric),
        ``mismatch_goal`` and ``dev_overfitting``; and ``share:<category>`` for each
        mismatch category as the dev metric weighs it.

    Examples
    --------
    >>> world = World.from_seed(4)
    >>> r = true_errors(world, world.start())
    >>> round(r["train_dev"] - r["train"], 9) == round(r["variance"], 9)
    True
    """
    parts = _parts(world, state)
    contrib = _contributions(world, state)
    dev_shares = {c: state.dev_weights[c] * contrib[c] for c in CATEGORIES}
    goal_shares = {c: state.goal_weights[c] * contrib[c] for c in CATEGORIES}
    if state.dev_has_new:
        dev_shares[NEW_USERS] = contrib[NEW_USERS]
    if state.goal_has_new:
        goal_shares[NEW_USERS] = contrib[NEW_USERS]
    train = world.bayes + parts["bias"] + parts["label_noise"]
    train_dev = train + parts["variance"]
    dev = train_dev + sum(dev_shares.values())
    dev_goal = train_dev + sum(goal_shares.values())
    out = {"bayes": world.bayes, "human": world.human, "train": train, "train_dev": train_dev,
           "dev": dev, "dev_goal": dev_goal, "test": dev_goal + parts["dev_overfitting"],
           "mismatch": dev - train_dev, "mismatch_goal": dev_goal - train_dev, **parts}
    out.update({f"share:{c}": v for c, v in dev_shares.items()})
    return {k: min(float(v), 100.0) for k, v in out.items()}


def true_gaps(world: World, state: State) -> dict[str, float]:
    """The four gaps of the course's error ladder, from the true rates (points).

    Human-level error stands in for Bayes error, as in the course; data mismatch and dev
    set overfitting are read against the client's goal, which is what the project is for.

    Examples
    --------
    >>> world = World.from_seed(4)
    >>> sorted(true_gaps(world, world.start()))
    ['avoidable bias', 'data mismatch', 'dev set overfitting', 'variance']
    """
    return gaps_of(true_errors(world, state))


def gaps_of(r: Mapping[str, float]) -> dict[str, float]:
    """The four gaps of a ladder given as :func:`true_errors` gives it.

    Examples
    --------
    >>> world = World.from_seed(4)
    >>> gaps_of(true_errors(world, world.start())) == true_gaps(world, world.start())
    True
    """
    return {"avoidable bias": r["train"] - r["human"], "variance": r["train_dev"] - r["train"],
            "data mismatch": r["dev_goal"] - r["train_dev"],
            "dev set overfitting": r["test"] - r["dev_goal"]}


def measure(rate: float, n: int, rng: Any) -> float:
    """An error rate as a set of ``n`` examples measures it: a binomial count, in percent.

    Parameters
    ----------
    rate : float
        The true error rate in percent.
    n : int
        Examples in the set (at least 1).
    rng : numpy.random.Generator or int

    Returns
    -------
    float
        The measured rate in percent, rounded to 2 decimals.

    Examples
    --------
    >>> measure(10.0, 1000, 0) == measure(10.0, 1000, 0)
    True
    >>> 5 < measure(10.0, 1000, 1) < 15
    True
    """
    n = check_count(n, "n", low=1)
    generator = check_rng(rng, "rng")
    p = min(max(rate / 100.0, 0.0), 1.0)
    return round(100.0 * int(generator.binomial(n, p)) / n, 2)
