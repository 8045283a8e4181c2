"""How a game is scored: the test error reached, the budget kept, the decisions' quality.

The score has three parts (:class:`GameScore`):

- **test error**: the shipped model's error on the hidden test set (10,000 client photos,
  judged by the client's goal at the end of the game), in percent;
- **within budget**: the compute used stayed within the compute budget (weeks cannot be
  overspent: the project refuses an action that does not fit);
- **decision quality**: the share of the judged decisions (actions that change the model,
  the data or the dev set) that worked on the biggest problem of the project *at the time*,
  read from the world's true state (:func:`biggest_problem`; a gap within a fifth of the
  biggest counts too, :func:`on_target`). Revealing actions
  (human level, training-dev set, error analysis) and shipping are not judged.

The points combine them::

    progress = clip((start_error - test_error) / (start_error - bayes_error), 0, 1)
    points   = (70 * progress + 30 * decision_quality) * (1 if within_budget else 0.8)

where ``start_error`` is the first model's test error under the same goal: ``progress`` is
the share of the reducible error that the project removed. Points lie in ``[0, 100]``.

Examples
--------
>>> points(progress=0.5, decision_quality=1.0, within_budget=True)
65.0
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from course_lib.game.actions import STALE_DEV
from course_lib.game.world import State, World, gaps_of, true_errors
from course_lib.validation import check_fraction

__all__ = ["NEARLY", "WORTH_WORKING_ON", "GameScore", "biggest_of", "biggest_problem",
           "on_target", "points"]

#: a gap smaller than this (points of error) is not worth an action: shipping is
WORTH_WORKING_ON = 0.5
#: a gap at least this share of the biggest one counts as the biggest (within noise)
NEARLY = 0.8


@dataclass(frozen=True)
class GameScore:
    """The score of one game.

    Attributes
    ----------
    test_error : float
        The shipped model's error on the hidden test set, in percent.
    within_budget : bool
        True when the compute used stayed within the compute budget.
    decision_quality : float
        Share of judged decisions that worked on the biggest problem at the time, in [0, 1]
        (0 when no decision was judged).
    points : float
        The combined score in [0, 100] (see :mod:`course_lib.game.scoring`).
    progress : float
        Share of the reducible test error removed, in [0, 1].
    start_error : float
        The first model's test error under the same goal, in percent.
    weeks_used, compute_used, decisions, on_target : int
        Budget spent; decisions judged and how many of them were on target.

    Examples
    --------
    >>> s = GameScore(5.0, True, 0.5, 50.0, 0.5, 9.0, 30, 60, 10, 5)
    >>> s.as_dict()["points"]
    50.0
    """

    test_error: float
    within_budget: bool
    decision_quality: float
    points: float
    progress: float
    start_error: float
    weeks_used: int
    compute_used: int
    decisions: int
    on_target: int

    def as_dict(self) -> dict[str, Any]:
        """The score as a JSON-able dict.

        Examples
        --------
        >>> GameScore(5.0, True, 0.5, 50.0, 0.5, 9.0, 30, 60, 10, 5).as_dict()["on_target"]
        5
        """
        return asdict(self)

    def __str__(self) -> str:
        budget = "within the compute budget" if self.within_budget else "over the compute budget"
        return (f"{self.points:.1f} points: test error {self.test_error:.2f}% (from "
                f"{self.start_error:.2f}%), {self.on_target} of {self.decisions} decisions on "
                f"the biggest problem, {self.weeks_used} weeks, {budget}")


def points(progress: float, decision_quality: float, within_budget: bool) -> float:
    """The points of a game from its three parts (see the module's formula).

    Parameters
    ----------
    progress : float
        Share of the reducible test error removed, in [0, 1].
    decision_quality : float
        Share of decisions on the biggest problem, in [0, 1].
    within_budget : bool

    Returns
    -------
    float
        Points in [0, 100], rounded to one decimal.

    Examples
    --------
    >>> points(1.0, 1.0, True), points(1.0, 1.0, False)
    (100.0, 80.0)
    """
    p = check_fraction(progress, "progress")
    q = check_fraction(decision_quality, "decision_quality")
    if not isinstance(within_budget, bool):
        raise TypeError(f"within_budget must be True or False, got {type(within_budget).__name__}")
    return round((70.0 * p + 30.0 * q) * (1.0 if within_budget else 0.8), 1)


def biggest_problem(world: World, state: State) -> tuple[str | None, dict[str, float]]:
    """The project's biggest problem right now, from the world's true state.

    The candidates are the four gaps of the error ladder
    (:func:`~course_lib.game.world.true_gaps`) and, once the client's goal has moved, the
    stale dev set / metric (how far the dev error is from the goal's). A stale dev set or
    metric comes first as soon as it is worth working on: until it is fixed the dev numbers
    aim at the wrong goal. Otherwise the largest gap wins; when none reaches
    :data:`WORTH_WORKING_ON` points, the answer is ``None``: nothing is worth working on.

    Parameters
    ----------
    world : World
    state : State

    Returns
    -------
    tuple of (str or None, dict of str to float)
        The problem's name and every candidate's size in points.

    Examples
    --------
    >>> world = World.from_seed(0)
    >>> problem, gaps = biggest_problem(world, world.start())
    >>> problem in gaps
    True
    """
    return biggest_of(true_errors(world, state), state.dev_is_stale)


def biggest_of(rates: Mapping[str, float], stale: bool) -> tuple[str | None, dict[str, float]]:
    """:func:`biggest_problem` from the true rates and whether the dev metric is stale.

    Examples
    --------
    >>> rates = {"human": 1, "train": 5, "train_dev": 6, "dev": 7, "dev_goal": 7, "test": 7}
    >>> biggest_of(rates, stale=False)[0]
    'avoidable bias'
    """
    gaps = gaps_of(rates)
    if stale:
        gaps[STALE_DEV] = rates["dev_goal"] - rates["dev"]
    gaps = {k: round(v, 3) for k, v in gaps.items()}
    if gaps.get(STALE_DEV, 0.0) >= WORTH_WORKING_ON:
        return STALE_DEV, gaps
    name = max(gaps, key=lambda k: gaps[k])
    return (name if gaps[name] >= WORTH_WORKING_ON else None), gaps


def on_target(works_on: str | None, problem: str | None, gaps: dict[str, float]) -> bool:
    """Whether an action that works on ``works_on`` acted on the biggest problem.

    It does when ``works_on`` is the biggest problem, or a gap nearly as big (at least
    :data:`NEARLY` of it: two gaps that close are within the noise of the measured
    ladder). Nothing is on target when no problem is worth working on.

    Examples
    --------
    >>> on_target("variance", "avoidable bias", {"avoidable bias": 3.0, "variance": 2.8})
    True
    >>> on_target("variance", "avoidable bias", {"avoidable bias": 3.0, "variance": 1.0})
    False
    """
    if works_on is None or problem is None:
        return False
    if works_on == problem:
        return True
    if problem == STALE_DEV:
        return False
    return gaps.get(works_on, 0.0) >= NEARLY * gaps[problem]
