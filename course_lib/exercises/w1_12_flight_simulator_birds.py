"""Exercises of week 1, notebook 12: the flight simulator "birds over Peacetopia".

One value exercise per question (``w1_12_q01`` ... ``w1_12_q19``). Every learner has
their own numbers: the test cells pass the learner id, as in
``check("w1_12_q03", q03, learner=LEARNER_ID)``, and the right answer, the typical
mistakes and the explanation are all computed from
:func:`course_lib.flight.birds_scenario` for that id.
"""

from __future__ import annotations

from course_lib.exercises.registry import register
from course_lib.exercises.scenario import make_exercises
from course_lib.flight import BIRDS_QUESTIONS

register(*make_exercises(BIRDS_QUESTIONS, "w1_12_"))
