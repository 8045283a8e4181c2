"""Exercises of week 3, notebook 07: the flight simulator "a start-up reading scanned forms".

One value exercise per question (``w3_07_q01`` ... ``w3_07_q19``). Every learner has
their own numbers: the test cells pass the learner id, as in
``check("w3_07_q12", q12, learner=LEARNER_ID)``, and the right answer, the typical
mistakes and the explanation are all computed from
:func:`course_lib.flight.scanned_forms_scenario` for that id.
"""

from __future__ import annotations

from course_lib.exercises.registry import register
from course_lib.exercises.scenario import make_exercises
from course_lib.flight import SCANNED_FORMS_QUESTIONS

register(*make_exercises(SCANNED_FORMS_QUESTIONS, "w3_07_"))
