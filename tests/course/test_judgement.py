"""Every lecture notebook asks for judgement: at least two decisions on new situations, each
with the learner's own numbers, shown, answered and checked in the notebook."""

from __future__ import annotations

import pytest
from helpers import SOLUTIONS, read

from course_lib.exercises import all_exercises
from course_lib.exercises.decisions import decision_ids
from course_lib.manifest import course

all_exercises()
LECTURES = [nb for nb in course().notebooks if "flight_simulator" not in nb.file]


@pytest.mark.parametrize("entry", LECTURES, ids=lambda e: e.path)
def test_each_lecture_notebook_has_two_decisions_with_the_learners_numbers(entry):
    decisions = [i for i in entry.exercises if i in decision_ids()]
    assert len(decisions) >= 2, f"{entry.path} has {len(decisions)} decision question(s)"
    sources = [c.source for c in read(SOLUTIONS / entry.path).cells if c.cell_type == "code"]
    assert any("LEARNER_ID = learner_id()" in s for s in sources), "no course-wide learner id"
    for exercise_id in decisions:
        shown = [s for s in sources if f'decision("{exercise_id}", LEARNER_ID)' in s]
        checked = [s for s in sources
                   if f'check("{exercise_id}",' in s and "learner=LEARNER_ID" in s]
        assert shown and checked, f"{exercise_id} is not shown and checked with the learner id"
