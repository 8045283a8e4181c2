"""Answer key of the week-3 flight simulator: every question, for every learner."""

from __future__ import annotations

from answer_key.flight.keys import scenario_keys
from course_lib.flight import SCANNED_FORMS_QUESTIONS

KEYS = scenario_keys("scanned_forms", SCANNED_FORMS_QUESTIONS, "w3_07_")
