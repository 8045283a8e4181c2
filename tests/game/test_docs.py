"""Every public name of the game has a docstring with an example, and the layers hold."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["world", "actions", "project", "scoring", "debrief", "policies", "dashboard"]


def public_members(module):
    for name in module.__all__:
        value = getattr(module, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        yield name, value
        if inspect.isclass(value):
            for attr, member in vars(value).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member) or isinstance(member, classmethod):
                    yield f"{name}.{attr}", getattr(member, "__func__", member)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_function_and_method_has_an_example(module_name):
    module = importlib.import_module(f"course_lib.game.{module_name}")
    assert ">>>" in (module.__doc__ or "")
    missing = [name for name, value in public_members(module) if ">>>" not in (value.__doc__ or "")]
    assert not missing, missing


def test_the_game_imports_no_exercise_flight_or_grading_code():
    import ast
    from pathlib import Path

    import course_lib.game

    for path in Path(course_lib.game.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("course_lib.exercises", "course_lib.flight",
                                            "autograder", "answer_key")), (path.name, name)
