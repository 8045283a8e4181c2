"""The kernel/grader contract is defined once: no other module re-types its literals."""

from __future__ import annotations

import ast

import pytest
from helpers import REPO

from course_lib import contract
from course_lib.exercises.selfcheck import CheckFailed

LITERALS = [contract.BEGIN_HIDDEN, contract.END_HIDDEN, contract.BEGIN_SOLUTION,
            contract.END_SOLUTION, contract.GRADING_DIR, contract.COURSE_DATA, "Hint:",
            "YOUR CODE HERE",
            *[event.value for event in contract.Event if event.value not in
              ("MemoryError", "SystemExit")]]
SOURCES = [p for package in ("course_lib", "autograder") for p in (REPO / package).rglob("*.py")
           if p.name != "contract.py"]


def code_strings(path) -> list[str]:
    """The string constants of a file's code (docstrings, which only explain, left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


STRINGS = {str(p.relative_to(REPO)): code_strings(p) for p in SOURCES}


@pytest.mark.parametrize("literal", LITERALS)
def test_a_contract_literal_appears_in_the_contract_only(literal):
    found = [path for path, strings in STRINGS.items() if any(literal in s for s in strings)]
    assert not found, f"{literal!r} re-typed in {found}; import it from course_lib.contract"


def test_the_self_check_exception_has_the_contract_name():
    assert CheckFailed.__name__ == contract.CHECK_FAILED


def test_every_event_has_words():
    for event in contract.Event:
        assert event.describe(timeout=5, memory=100)
