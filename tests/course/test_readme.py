"""The README tells the truth: the library it lists, the settings, the commands."""

from __future__ import annotations

import re

from helpers import REPO

import course_lib
from autograder.cli import build_parser
from autograder.settings import ENVIRONMENT

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(title)
    end = README.index("\n#", start + len(title))
    return README[start:end]


def test_the_library_to_keep_is_the_public_api():
    section = _section("### A library to keep")
    named = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", section))
    public = set(course_lib.__all__) - {"check", "grade"}
    assert public <= named, f"not in the README: {sorted(public - named)}"
    for name in named - public - {"course_lib"}:
        # the rest are modules of the library
        assert not name[0].isupper(), name


def test_every_public_name_resolves():
    for name in course_lib.__all__:
        assert getattr(course_lib, name) is not None, name


def test_every_setting_is_documented():
    for name in ENVIRONMENT:
        assert f"`{name}`" in README, f"{name} is read by autograder.settings, not in README"
    mentioned = set(re.findall(r"COURSE_[A-Z_]+", README))
    assert mentioned <= set(ENVIRONMENT), sorted(mentioned - set(ENVIRONMENT))


def test_every_course_command_in_the_readme_exists():
    choices = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    used = set(re.findall(r"\.venv/bin/course ([a-z][a-z-]*)", README))
    assert used and used <= set(choices), sorted(used - set(choices))
