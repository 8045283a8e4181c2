"""The flight simulators' answer key: each learner's scenario, solved.

:func:`solved_scenario` generates one learner's scenario with the solution of every
question. ``course_lib.flight`` reaches it through the ``course_lib.scenarios`` entry
point, and keeps only the scenario (what the learner sees); the grader also takes the
solutions.

Examples
--------
>>> solved = solved_scenario("birds", "ada")
>>> solved.scenario.name, solved.answer("q01") in "ABCD"
('birds', True)
"""

from __future__ import annotations

from answer_key.flight.birds import solve_birds
from answer_key.flight.model import SolvedScenario
from answer_key.flight.road_signs import solve_road_signs
from answer_key.flight.scanned_forms import solve_scanned_forms

__all__ = ["SOLVERS", "solve_birds", "solve_road_signs", "solve_scanned_forms",
           "solved_scenario"]

#: scenario name -> the function that generates and solves it for a learner id
SOLVERS = {"birds": solve_birds, "road_signs": solve_road_signs,
           "scanned_forms": solve_scanned_forms}


def solved_scenario(name: str, learner_id: str) -> SolvedScenario:
    """Scenario ``name`` for ``learner_id``, with the solution of each question.

    Raises
    ------
    KeyError
        If there is no scenario of that name.
    """
    if name not in SOLVERS:
        raise KeyError(f"there is no scenario {name!r}; the scenarios are {', '.join(SOLVERS)}")
    return SOLVERS[name](learner_id)
