"""Answer key of the week-2 flight simulator: every question, for every learner."""

from __future__ import annotations

from answer_key.flight.keys import scenario_keys
from course_lib.flight import ROAD_SIGNS_QUESTIONS

KEYS = scenario_keys("road_signs", ROAD_SIGNS_QUESTIONS, "w2_11_")
