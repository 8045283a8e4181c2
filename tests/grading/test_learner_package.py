"""The learners' package of a graded course: no answer key, self-checks by digest, the
roster's scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.roster import read_roster
from course_lib.exercises.keys import find_key
from course_lib.flight.scenarios import birds_scenario

ROSTER = "Student ID,Name,Email\nada,Ada L.,ada@example.org\nZoë B,Zoë,zoe@example.org\n" \
         "bob,Bob,bob@example.org\nada,Ada again,\n"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root = tmp_path_factory.mktemp("learner")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert main(["learner-package", "--roster", str(root / "roster.csv"), "--out",
                 str(root / "dist"), "--course-dir", str(root / "course")]) == 0
    wheel = next((root / "dist").glob("course_lib-*.whl"))
    target = root / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True)
    return {"root": root, "wheel": wheel, "target": target}


def learner_python(package, code: str) -> str:
    """Run ``code`` as a learner's install would: the wheel and the third-party packages,
    neither the repository nor the project's own (editable) install."""
    site = sysconfig.get_paths()["purelib"]
    prelude = f"import sys; sys.path[:0] = [{str(package['target'])!r}, {site!r}]\n"
    done = subprocess.run([sys.executable, "-S", "-c", prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, cwd=package["root"], timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_wheel_holds_course_lib_and_the_class_data_only(package):
    names = zipfile.ZipFile(package["wheel"]).namelist()
    assert not [n for n in names if n.startswith(("answer_key", "autograder", "solutions"))]
    assert "course_lib/data/course_data.json" in names
    repo = Path(__file__).resolve().parents[2]
    for name in names:
        if name.startswith("course_lib/") and name.endswith(".py"):
            assert zipfile.ZipFile(package["wheel"]).read(name) == (repo / name).read_bytes()
    metadata = zipfile.ZipFile(package["wheel"]).read(
        next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: scikit-learn" in metadata and "psycopg2" not in metadata
    assert not [n for n in names if n.endswith("entry_points.txt")]


def test_no_answer_key_in_the_learners_install(package):
    out = learner_python(package, """
        import importlib.util
        from course_lib.exercises.keys import find_key, key_installed
        print(importlib.util.find_spec("answer_key") is None, key_installed(),
              find_key("w1_12_q01") is None)
        from course_lib.exercises.registry import get_exercise
        print(get_exercise("w1_12_q01").reference is None)
    """)
    assert out.split() == ["True", "False", "True", "True"]


def test_value_answers_are_checked_by_digest_for_roster_learners(package):
    right = find_key("w1_12_q01").answer(learner="ada")
    wrong = next(o for o in "ABCD" if o != right)
    number = find_key("w1_05_smallest_reliable_size").answer()
    out = learner_python(package, f"""
        from course_lib.exercises.selfcheck import check, CheckFailed
        check("w1_12_q01", {right!r}, learner="ada")
        try:
            check("w1_12_q01", {wrong!r}, learner="ada")
        except CheckFailed as failed:
            print("FAILED", failed.message)
        check("w1_12_q01", {right!r}, learner="nobody")
        check("w1_05_smallest_reliable_size", {number!r})
    """)
    assert "✔ w1_12_q01: your answer is right." in out
    assert "Why:" in out  # the explanation opens for the right answer
    assert "FAILED ✘ w1_12_q01: not yet" in out and "Hint:" in out
    assert "'nobody' is not on this course's roster" in out
    assert "✔ w1_05_smallest_reliable_size: your answer is right." in out


def test_the_roster_learners_get_their_scenarios(package):
    expected = birds_scenario("Zoë B").to_data()
    out = learner_python(package, """
        import json
        from course_lib.flight.scenarios import birds_scenario, ScenarioUnavailable
        print(json.dumps(birds_scenario(" zoë b ").to_data()))
        try:
            birds_scenario("stranger")
        except ScenarioUnavailable as missing:
            print("MISSING", missing)
    """)
    first, second = out.splitlines()[:2]
    assert json.loads(first)["data"] == json.loads(json.dumps(expected))["data"]
    assert second.startswith("MISSING") and "'stranger'" in second


def test_the_class_data_names_each_roster_learner_once(package):
    data = json.loads((package["root"] / "dist" / "course_data.json").read_text())
    assert sorted(data["scenarios"]["birds"]) == ["ada", "bob", "zoë b"]
    assert sorted(data["digests"]["exercises"]["w1_12_q01"]) == ["ada", "bob", "zoë b"]


def test_the_same_course_secret_gives_the_same_package(package, tmp_path):
    again = tmp_path / "again"
    main(["learner-package", "--roster", str(package["root"] / "roster.csv"), "--out",
          str(again), "--course-dir", str(package["root"] / "course")])
    assert (again / "course_data.json").read_bytes() == \
        (package["root"] / "dist" / "course_data.json").read_bytes()
    assert next(again.glob("*.whl")).read_bytes() == package["wheel"].read_bytes()


def test_a_roster_without_ids_is_refused_with_a_reason(tmp_path, capsys):
    (tmp_path / "empty.csv").write_text("Student ID,Name\n,\n", encoding="utf-8")
    assert main(["learner-package", "--roster", str(tmp_path / "empty.csv"), "--out",
                 str(tmp_path / "out"), "--course-dir", str(tmp_path / "c")]) == 2
    assert "holds no student id" in capsys.readouterr().err


def test_rosters_are_read_by_their_id_column_or_first_column(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("ada\n\nbob\nada\n", encoding="utf-8")
    assert read_roster(plain) == ["ada", "bob"]
    named = tmp_path / "named.csv"
    named.write_text("name,username\nAda,ada1\nBob,bob2\n", encoding="utf-8")
    assert read_roster(named) == ["ada1", "bob2"]
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id\nx/y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be a student id"):
        read_roster(bad)
