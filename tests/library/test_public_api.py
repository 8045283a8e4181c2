"""``course_lib`` itself is the library: its names, and a fast import."""

from __future__ import annotations

import importlib
import subprocess
import sys

import course_lib


def test_every_name_comes_from_the_module_that_defines_it():
    for module, names in course_lib._LIBRARY.items():  # noqa: SLF001
        mod = importlib.import_module(f"course_lib.{module}")
        for name in names:
            assert getattr(course_lib, name) is getattr(mod, name), name
            assert name in getattr(mod, "__all__", [name]), f"{name} not in {module}.__all__"


def test_the_public_names_are_the_callables_of_the_library_modules():
    for module in course_lib._LIBRARY:  # noqa: SLF001
        if module.startswith("exercises"):
            continue
        mod = importlib.import_module(f"course_lib.{module}")
        callables = {n for n in mod.__all__ if callable(getattr(mod, n))
                     and n not in ("check_step_rates",)}
        assert callables <= set(course_lib.__all__), (module, callables - set(course_lib.__all__))


def test_importing_course_lib_loads_no_heavy_library():
    code = ("import sys, course_lib; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'sklearn', 'numpy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_an_unknown_name_says_so():
    try:
        course_lib.not_a_function  # noqa: B018
    except AttributeError as exc:
        assert "not_a_function" in str(exc)
    else:
        raise AssertionError("no AttributeError")
