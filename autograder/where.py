"""``course where ID``: everything about one exercise, with the files and lines to open.

Where an exercise is defined, what it is graded against (its reference and comparator),
which notebooks and cells hold it, and the pytest commands that test it.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path

from autograder.settings import RELEASE, REPO, SOLUTIONS

__all__ = ["ExerciseLocation", "locate"]

#: where the tests of a course_lib module are, by the module's package
_TEST_FOLDERS = {"course_lib": "library", "course_lib.data": "data",
                 "course_lib.experiments": "data", "course_lib.flight": "flight",
                 "course_lib.exercises": "exercises"}


@dataclass(frozen=True)
class ExerciseLocation:
    """Where one exercise is, and how it is graded."""

    id: str
    title: str
    kind: str
    defined_at: str
    reference: str
    comparator: str
    source_notebook: str
    release_notebook: str
    answer_cell: str
    test_cell: str
    tests: tuple[str, ...]

    def __str__(self) -> str:
        rows = [("exercise", f"{self.id} ({self.kind}): {self.title}"),
                ("defined at", self.defined_at), ("reference", self.reference),
                ("comparator", self.comparator), ("source notebook", self.source_notebook),
                ("release notebook", self.release_notebook),
                ("cells", f"answer {self.answer_cell}, test {self.test_cell}")]
        rows += [("test with", command) for command in self.tests]
        return "\n".join(f"{name:>16}: {value}" for name, value in rows)


def _relative(path: str | Path) -> str:
    path = Path(path).resolve()
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _definition_line(module: object, exercise_id: str) -> int:
    """The line that gives the exercise its id, else the module's ``register(`` call."""
    try:
        lines, _ = inspect.getsourcelines(module)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return 1
    for needle in (f'id="{exercise_id}"', f"id='{exercise_id}'", "register("):
        for number, line in enumerate(lines, start=1):
            if needle in line:
                return number
    return 1


def _test_files(module_name: str) -> list[str]:
    package, _, leaf = module_name.rpartition(".")
    folder = _TEST_FOLDERS.get(package)
    if folder is None:
        return []
    path = REPO / "tests" / folder / f"test_{leaf}.py"
    return [_relative(path)] if path.exists() else []


def _described(function: object) -> str:
    """``module.name (file:line)`` of a function (without the place when it has none)."""
    name = f"{function.__module__}.{getattr(function, '__qualname__', function)}"
    try:
        ref_file = inspect.getsourcefile(function) or ""  # type: ignore[arg-type]
        ref_line = inspect.getsourcelines(function)[1]  # type: ignore[arg-type]
        return f"{name} ({_relative(ref_file)}:{ref_line})"
    except (OSError, TypeError):
        return name


def locate(exercise_id: str) -> ExerciseLocation:
    """Where exercise ``exercise_id`` is defined, what grades it and what tests it.

    Raises
    ------
    KeyError
        If the course has no such exercise (the message suggests close ids).

    Examples
    --------
    >>> loc = locate("w1_05_standard_error")
    >>> loc.source_notebook, loc.test_cell
    ('solutions/week1/05_size_of_dev_test_sets.ipynb', 'test_w1_05_standard_error')
    >>> loc.reference.split(" ")[0]
    'course_lib.sizing.standard_error'
    >>> locate("w1_02_best_by_f1").reference.split(" ")[0]
    'answer_key.w1_02_single_number_metric.best_by_f1'
    """
    import importlib

    from course_lib.exercises.registry import get_exercise
    from course_lib.manifest import course

    exercise = get_exercise(exercise_id)
    entry = course().exercise(exercise_id)
    module = importlib.import_module(entry.notebook.module)
    defined = f"{_relative(inspect.getsourcefile(module) or '')}:" \
              f"{_definition_line(module, exercise_id)}"
    reference = exercise.reference
    if reference is None:  # a value exercise: its right value is in the answer key
        from course_lib.exercises.keys import find_key

        key = find_key(exercise_id)
        reference = key.answer if key is not None else None
    tests = [f"pytest tests/exercises/test_registry.py -k {exercise_id}"]
    name = "the answer key (not installed here)"
    if reference is not None:
        name = _described(reference)
        tests += [f"pytest {path}" for path in _test_files(reference.__module__)]
    return ExerciseLocation(
        exercise.id, exercise.title, exercise.kind, defined, name, repr(exercise.compare),
        _relative(SOLUTIONS / entry.notebook.path), _relative(RELEASE / entry.notebook.path),
        entry.answer_cell, entry.test_cell, tuple(tests))
