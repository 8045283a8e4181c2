"""Exercises of week 2, notebook 11: the flight simulator "road signs and traffic lights".

One value exercise per question (``w2_11_q01`` ... ``w2_11_q21``). Every learner has
their own numbers: the test cells pass the learner id, as in
``check("w2_11_q04", q04, learner=LEARNER_ID)``, and the right answer, the typical
mistakes and the explanation are all computed from
:func:`course_lib.flight.road_signs_scenario` for that id.
"""

from __future__ import annotations

from course_lib.exercises.registry import register
from course_lib.exercises.scenario import make_exercises
from course_lib.flight import ROAD_SIGNS_QUESTIONS

register(*make_exercises(ROAD_SIGNS_QUESTIONS, "w2_11_"))
