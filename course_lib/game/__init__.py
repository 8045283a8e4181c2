"""The strategy game: run a machine-learning project on a budget, and live with the decisions.

A client wants a classifier for its users' photos; you have web images, a deadline and some
compute. Each action (a bigger network, more data, the client's own photos, error analysis,
measuring human-level error, ...) costs weeks and compute, and the project's errors respond
as the course says they should. Events happen: the client changes the metric; a new user
population appears. At the end, the hidden test set judges the model, and a debrief says
where another decision would have saved time.

- :class:`Project` -- one game: ``do(action, **params)``, ``metrics()``, ``observation()``,
  ``score()``, ``debrief()``;
- :data:`ACTIONS` -- every action, with its cost, parameters and notebook;
- :func:`play` / :func:`replay` -- run a policy, or play a log again;
- :func:`naive_policy`, :func:`diagnostic_policy` -- two policies to compare with yours;
- :class:`GameScore` -- the score;
- :class:`Dashboard` -- ``Dashboard(project)``, the ipywidgets dashboard (ipywidgets and
  matplotlib load only when one is made).

The world's formulas are in :mod:`course_lib.game.world`, the score's in
:mod:`course_lib.game.scoring`.

Examples
--------
>>> from course_lib.game import Project
>>> game = Project(seed=42)
>>> _ = game.do("collect_target_data", n=3000)
>>> sorted(k for k, v in game.metrics().items() if v is not None)
['dev', 'train']
>>> _ = game.do("ship")
>>> game.over
True
"""

from __future__ import annotations

from course_lib.game.actions import ACTIONS, Action, Param
from course_lib.game.dashboard import Dashboard
from course_lib.game.policies import diagnostic_policy, naive_policy
from course_lib.game.project import Project, play, replay
from course_lib.game.scoring import GameScore

__all__ = [
    "ACTIONS",
    "Action",
    "Dashboard",
    "GameScore",
    "Param",
    "Project",
    "diagnostic_policy",
    "naive_policy",
    "play",
    "replay",
]
