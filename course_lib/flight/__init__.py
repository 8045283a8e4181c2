"""Flight simulators: the case studies that close each week, with numbers for every learner.

A pilot learns a lot in a simulator because it packs years of situations into hours. These
case studies do the same for a machine learning project: a scenario gives the figures of one
project, each question asks for one decision, and the explanation says why the right choice
is right -- and why each of the other options is not.

- :func:`birds_scenario` -- week 1: detecting birds over the city of Peacetopia;
- :func:`road_signs_scenario` -- week 2: road signs and traffic lights for a driving start-up;
- :func:`scanned_forms_scenario` -- week 3: an insurance start-up reading scanned claim forms;

The score summary (:func:`course_lib.exercises.score_summary`) says which questions are
right so far, and what to review.

Examples
--------
>>> from course_lib.flight import birds_scenario
>>> birds_scenario("ada").questions[0].id
'q01'
"""

from __future__ import annotations

from course_lib.flight.birds_questions import BIRDS_QUESTIONS
from course_lib.flight.ids import DEFAULT_LEARNER, learner_seed, normalize_learner_id
from course_lib.flight.model import Figures, MistakeSpec, Option, Question, QuestionSpec, Scenario
from course_lib.flight.road_signs_questions import CATEGORIES, ROAD_SIGNS_QUESTIONS
from course_lib.flight.scanned_forms_questions import SCANNED_FORMS_QUESTIONS
from course_lib.flight.scenarios import (
    ScenarioUnavailable,
    birds_scenario,
    road_signs_scenario,
    scanned_forms_scenario,
)
from course_lib.flight.summary import ScoreSummary, SummaryRow

__all__ = [
    "BIRDS_QUESTIONS",
    "CATEGORIES",
    "DEFAULT_LEARNER",
    "ROAD_SIGNS_QUESTIONS",
    "SCANNED_FORMS_QUESTIONS",
    "Figures",
    "MistakeSpec",
    "Option",
    "Question",
    "QuestionSpec",
    "Scenario",
    "ScenarioUnavailable",
    "ScoreSummary",
    "SummaryRow",
    "birds_scenario",
    "learner_seed",
    "normalize_learner_id",
    "road_signs_scenario",
    "scanned_forms_scenario",
]
