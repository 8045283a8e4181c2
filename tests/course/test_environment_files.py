"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

from __future__ import annotations

import re
import tomllib

from helpers import REPO


def _normal(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def _yaml_dependencies() -> tuple[set[tuple[str, str]], str | None]:
    conda, python, section = set(), None, None
    for line in (REPO / "environment.yml").read_text().splitlines():
        header = re.match(r"^([a-z_]+):", line)
        if header:
            section = header.group(1)
            continue
        item = re.match(r"^\s+-\s+(.+?)\s*$", line)
        if section != "dependencies" or not item or item.group(1).startswith("pip"):
            continue
        name, spec = _normal(item.group(1).replace("==", "=").replace("=", "==")
                             .replace(">==", ">=").replace("<==", "<="))
        if name == "python":
            python = spec
        else:
            conda.add((name, spec))
    return conda, python


def test_same_dependencies_in_both_files():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip = {_normal(r) for r in project["dependencies"]}
    pip |= {_normal(r) for r in project["optional-dependencies"]["test"]}
    conda, python = _yaml_dependencies()
    assert conda == pip, f"only in pyproject: {pip - conda}; only in environment.yml: {conda - pip}"
    assert python is not None and "3.11" in python
    assert project["requires-python"] == ">=3.11"


def test_nbgrader_is_pinned():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "nbgrader==0.9.6" in project["dependencies"]
