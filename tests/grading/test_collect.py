"""`course collect`: exchange and LMS export into DIR/<student>/<week>."""

from __future__ import annotations

import subprocess
import zipfile

from helpers.tiny_course import COURSE, OTHER, TINY, WEEK, make_source

from autograder.collect import split_lms_name


def test_lms_names_are_split_on_the_expected_notebook_name():
    expected = [TINY, OTHER, "1_x"]
    assert split_lms_name(f"jean_luc_{TINY}.ipynb", expected) == ("jean_luc", f"{TINY}.ipynb")
    assert split_lms_name("ada_1_x.ipynb", expected) == ("ada", "1_x.ipynb")
    assert split_lms_name(f"ada_Copy of {TINY}.ipynb", expected) == ("ada", f"Copy of {TINY}.ipynb")
    assert split_lms_name(f"{TINY}.ipynb", expected) == ("01", "tiny.ipynb")  # best effort
    assert split_lms_name("readme.txt", expected) is None


def test_collect_an_lms_zip(tmp_path):
    source = make_source(tmp_path / "source")
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr(f"alice_{TINY}.ipynb", "{}")
        archive.writestr(f"alice_{OTHER}.ipynb", "{}")
        archive.writestr(f"bob_Copy of {TINY}.ipynb", "{}")
        archive.writestr("instructions.pdf", "x")
        archive.writestr(f"bad name!_{TINY}.ipynb", "{}")
    dest = tmp_path / "subs"
    result = subprocess.run([COURSE, "collect", "--lms-folder", str(export), "--week", WEEK,
                             "--to", str(dest), "--source", str(source)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (dest / "alice" / WEEK).iterdir()) == \
        sorted([f"{TINY}.ipynb", f"{OTHER}.ipynb"])
    assert (dest / "bob" / WEEK / f"Copy of {TINY}.ipynb").exists()
    assert "instructions.pdf" in result.stderr and "bad name!" in result.stderr
    assert "collected 2 student(s)" in result.stdout


def test_collect_from_the_exchange_takes_each_students_latest(tmp_path):
    source = make_source(tmp_path / "source")
    inbound = tmp_path / "exchange" / "structuring-ml-projects" / "inbound"
    for student, stamp, text in (("alice", "2026-11-20 10:00:00.000000 UTC", "old"),
                                 ("alice", "2026-11-21 09:30:00.000000 UTC", "new"),
                                 ("bob", "2026-11-20 11:00:00.000000 UTC", "only")):
        folder = inbound / f"{student}+{WEEK}+{stamp}+{text}"
        folder.mkdir(parents=True)
        (folder / f"{TINY}.ipynb").write_text(text)
        (folder / "timestamp.txt").write_text(stamp)
    dest = tmp_path / "subs"
    result = subprocess.run([COURSE, "collect", "--exchange", str(tmp_path / "exchange"),
                             "--week", WEEK, "--to", str(dest), "--source", str(source)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (dest / "alice" / WEEK / f"{TINY}.ipynb").read_text() == "new"
    assert (dest / "alice" / WEEK / "timestamp.txt").read_text().startswith("2026-11-21")
    assert (dest / "bob" / WEEK / f"{TINY}.ipynb").read_text() == "only"
