"""The gradebook on a real PostgreSQL server: `course grade` with COURSE_GRADEBOOK_URL.

The server is Debian's PostgreSQL, installed by tests/services/postgres.py when missing,
started privately on 127.0.0.1; the test is skipped (with the reason) only where it
cannot be installed.
"""

from __future__ import annotations

import pytest
from helpers.postgres import Server, unavailable
from helpers.tiny_course import (
    OTHER,
    TINY,
    WEEK,
    grading_env,
    make_source,
    make_submission,
    read_rows,
    run_grade,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def postgres_url():
    reason = unavailable()
    if reason:
        pytest.skip(f"no PostgreSQL server for this test: {reason}")
    server = Server().start()
    try:
        yield server.url
    finally:
        server.stop()


def test_grading_with_a_postgresql_gradebook(postgres_url, tmp_path):
    from nbgrader.api import Gradebook

    source = make_source(tmp_path / "source")
    subs = tmp_path / "submissions"
    variants = ("good", "wrong", "killed_kernel", "invalid_json")
    for variant in variants:
        make_submission(source, subs / variant, variant)
    course = tmp_path / "course"
    env = grading_env(COURSE_GRADEBOOK_URL=postgres_url)
    run_grade(subs, course, source, "-j", "2", env=env)
    rows = read_rows(course / "grades.csv")
    assert float(rows[("good", TINY)]["score"]) == 3.0
    assert float(rows[("wrong", TINY)]["score"]) == 2.0
    assert float(rows[("killed_kernel", TINY)]["score"]) == 2.0
    assert rows[("invalid_json", TINY)]["status"] == "error"
    assert all(float(rows[(v, OTHER)]["score"]) == 1.0 for v in variants)
    assert not list(course.glob("*.db")), "no sqlite gradebook when a URL is given"

    # the scores live in PostgreSQL, where nbgrader itself reads them
    with Gradebook(postgres_url, "structuring-ml-projects") as gb:
        assert sorted(s.id for s in gb.students) == sorted(variants)
        assert gb.find_submission_notebook(TINY, WEEK, "wrong").score == 2.0

    # re-grading one student changes only that student's rows
    make_submission(source, subs / "wrong", "good")
    run_grade(subs, course, source, "--student", "wrong", env=env)
    again = read_rows(course / "grades.csv")
    assert float(again[("wrong", TINY)]["score"]) == 3.0
    assert {k: v for k, v in again.items() if k[0] != "wrong"} == \
        {k: v for k, v in rows.items() if k[0] != "wrong"}
    with Gradebook(postgres_url, "structuring-ml-projects") as gb:
        assert len(gb.find_assignment(WEEK).submissions) == len(variants)
