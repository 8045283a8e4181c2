"""Exercises of week 3, notebook 08: the strategy game, a project run on a budget.

- ``w3_08_played_game``: the log of the learner's own game (its seed comes from their
  learner id, :func:`game_seed`), replayed by the grader on that game;
- ``w3_08_policy``: a policy ``policy(observation) -> {"action": name, **params}``; the
  grader plays its source on hidden games drawn from the course secret, in a sandbox;
- two decisions on situations of the game, with each learner's numbers.

Both game exercises are scored by :func:`course_lib.exercises.games.game_credit`: a game's
points against the naive and the diagnostic policies' points on the same game.

Examples
--------
>>> game_seed("Ada") == game_seed(" ada")
True
>>> print(played_log_code([{"action": "ship", "params": {}}]))
played_log = [
    {"action": "ship", "params": {}},
]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.games import GameSpec, Played
from course_lib.exercises.registry import Case, Exercise, register
from course_lib.flight.ids import learner_seed

__all__ = ["GAME", "game_seed", "played_log_code"]

#: the visible games of the policy's self-check
VISIBLE_SEEDS = (11, 12, 13)
#: the hidden games its grading plays
HIDDEN_GAMES = 5


def _game() -> Any:
    import course_lib.game as game  # the game is loaded only when a game is played

    return game


def _new(seed: int) -> Any:
    return _game().Project(seed)


def _replay(log: Sequence[dict[str, Any]], seed: int) -> Any:
    return _game().replay(list(log), seed)


def _naive(observation: dict[str, Any]) -> dict[str, Any]:
    return _game().naive_policy(observation)


def _diagnostic(observation: dict[str, Any]) -> dict[str, Any]:
    return _game().diagnostic_policy(observation)


def game_seed(learner_id: str) -> int:
    """The seed of a learner's own game: ``Project(seed=game_seed(LEARNER_ID))``.

    Every learner gets their own project world; the grader replays a learner's log on
    the game of the learner id it grades.

    Examples
    --------
    >>> game_seed("ada") != game_seed("bob")
    True
    """
    return learner_seed(learner_id, "strategy_game")


GAME = GameSpec(new=_new, replay=_replay, references={"naive": _naive,
                                                      "diagnostic": _diagnostic},
                visible_seeds=VISIBLE_SEEDS, hidden_games=HIDDEN_GAMES,
                learner_seed=game_seed)


def played_log_code(log: Any) -> str:
    """A game's log as a line of Python to paste in the answer cell: ``played_log = [...]``.

    A graded notebook runs again from the start, without the clicks of the dashboard: the
    log pasted in the cell is what is handed in.

    Parameters
    ----------
    log : list of dict, or a Project
        ``game.log`` (or the game itself).

    Examples
    --------
    >>> print(played_log_code([]))
    played_log = [
    ]
    """
    entries = getattr(log, "log", log)
    if not isinstance(entries, list):
        raise TypeError(f"expected game.log (a list), got {type(entries).__name__}")
    lines = ["played_log = ["]
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("params", {}), dict):
            raise TypeError(f"a log entry is a dict with a dict of params, got {entry!r:.80}")
        params = ", ".join(f"{json.dumps(str(k))}: {_literal(v)}"
                           for k, v in sorted(entry.get("params", {}).items()))
        lines.append(f'    {{"action": {_literal(entry.get("action"))}, "params": {{{params}}}}},')
    lines.append("]")
    return "\n".join(lines)


def _literal(value: Any) -> str:
    """A parameter value as Python source (text in double quotes, like the rest)."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


_GAME_HINTS = (
    "Read the error ladder before every decision: human level, training, training-dev and "
    "dev error. The largest gap between two neighbouring rungs is the problem to work on; an "
    "action that works on another one costs weeks for little.",
    "A gap you cannot see yet is not zero: measure human level and build a training-dev set "
    "early (they only reveal), then pick the action of the largest gap -- a bigger network "
    "or longer training for avoidable bias, regularisation or more training data for "
    "variance, target-distribution data for data mismatch -- and ship when no gap is worth "
    "a week.",
)

register(
    Exercise(
        id="w3_08_played_game",
        title="your own game, played to its end",
        kind="game_log",
        reference=None,
        compare=Played(),
        visible=lambda: [Case("your game")],
        sample_context={"learner": "ada"},
        hints=_GAME_HINTS,
        game=GAME,
    ),
    Exercise(
        id="w3_08_policy",
        title="a policy that runs the project",
        kind="policy",
        reference=None,
        compare=Played(),
        visible=lambda: [Case(f"game {seed}", (seed,)) for seed in VISIBLE_SEEDS],
        signature="policy(observation)",
        hints=_GAME_HINTS + (
            "Your policy gets the observation as a dict (`observation[\"metrics\"]`, "
            "`observation[\"weeks_left\"]`, `observation[\"actions\"]`, ...) and returns a "
            "dict like `{\"action\": \"collect_target_data\", \"n\": 5000}`. Use only its "
            "argument and what you import inside it: the grader runs its source alone.",
        ),
        game=GAME,
    ),
)


# --- decisions: situations of the game, with each learner's numbers --------------------------

#: what a team can do next, named by what it does (the key decides which is right)
NEXT_ACTIONS = {
    "bigger_network": "Train a bigger network (`bigger_network`).",
    "regularise": "Add regularisation (`regularise`).",
    "collect_target_data": "Collect target-distribution data for training "
                           "(`collect_target_data`).",
    "ship": "Ship now: nothing left is worth a week.",
}


def _ladder(rng: Any) -> Situation:
    human = round(float(rng.uniform(1.0, 4.0)), 1)
    gaps = [float(rng.uniform(0.5, 2.0)) for _ in range(3)]
    gaps[int(rng.integers(3))] += float(rng.uniform(3.0, 6.0))
    train = round(human + gaps[0], 1)
    train_dev = round(train + gaps[1], 1)
    dev = round(train_dev + gaps[2], 1)
    weeks = int(rng.integers(12, 30))
    prompt = (
        f"Week {52 - weeks} of a game: {weeks} weeks left. The dashboard's error ladder reads "
        f"human level **{human:.1f} %**, training **{train:.1f} %**, training-dev "
        f"**{train_dev:.1f} %** and dev **{dev:.1f} %**. Which action next?"
    )
    return Situation(prompt, NEXT_ACTIONS, {"human": human, "train": train,
                                            "train_dev": train_dev, "dev": dev,
                                            "weeks_left": weeks})


def _reading(rng: Any) -> Situation:
    naive = round(float(rng.uniform(2.0, 20.0)), 1)
    diagnostic = round(naive + float(rng.uniform(40.0, 60.0)), 1)
    mine = round(float(rng.uniform(naive - 2.0, diagnostic + 5.0)), 1)
    prompt = (
        f"Your policy scores **{mine:.1f}** points on a hidden game; on the same game the "
        f"naive policy scores **{naive:.1f}** and the diagnostic one **{diagnostic:.1f}**. "
        "What credit (of 100) does the grading rubric give that game?"
    )
    options = {
        "zero": "0: it plays no better than the naive policy.",
        "share": "Between 1 and 99: the share of the way from the naive policy's points to "
                 "the diagnostic's.",
        "full": "100: as good as the diagnostic policy, or better.",
    }
    return Situation(prompt, options, {"points": mine, "naive": naive,
                                       "diagnostic": diagnostic})


register_decision(DecisionSpec(
    id="w3_08_next_action",
    title="the next action of a game",
    build=_ladder,
    mistakes=(
        ("the second gap",
         "you picked the remedy of a gap that is not the largest; a week is better spent "
         "where more error can still be removed."),
        ("the smallest gap",
         "you picked the remedy of the smallest of the three gaps: compare all three before "
         "you choose."),
        ("stopped early",
         "one gap is still several points wide: an action can close part of it before the "
         "deadline."),
    ),
    hints=(
        "Compute the three gaps: training - human (avoidable bias), training-dev - training "
        "(variance), dev - training-dev (data mismatch).",
        "The largest gap decides: a bigger network for avoidable bias, regularisation for "
        "variance, target-distribution data for data mismatch.",
    ),
))

register_decision(DecisionSpec(
    id="w3_08_rubric",
    title="the grading rubric of a policy",
    build=_reading,
    mistakes=(
        ("points as credit",
         "the credit is not the points themselves: it places them between the naive "
         "policy's points (0) and the diagnostic policy's (100)."),
        ("misread the top band",
         "100 takes the diagnostic policy's points or more; between the naive and the "
         "diagnostic policy the credit is the share of the way."),
    ),
    hints=(
        "The rubric has three bands: below the naive policy, between the naive and the "
        "diagnostic policy, and at or above the diagnostic policy.",
        "The naive policy's points (or fewer) earn 0 of 100, the diagnostic policy's (or "
        "more) 100; in between, the share of the way from one to the other.",
    ),
))
