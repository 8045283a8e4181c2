"""Answer key of the week-1 flight simulator: every question, for every learner."""

from __future__ import annotations

from answer_key.flight.keys import scenario_keys
from course_lib.flight import BIRDS_QUESTIONS

KEYS = scenario_keys("birds", BIRDS_QUESTIONS, "w1_12_")
