"""The course library as a grading sandbox sees it: without the functions being graded.

A function exercise is checked against a function of the course's library -- the learner
writes ``precision``, the library has ``course_lib.metrics.precision``. In a grading
sandbox, an answer that calls it, imports a copy of it, rebuilds it from its source or its
code object, or calls a library helper that needs it would score as if it were the
learner's own work. So the sandbox mounts a *view* of ``course_lib`` in which every
function a week's exercises ask for is replaced by a stub that raises, saying why: the
real code is not in the kernel's reach at all. :func:`build_view` makes the view of one
notebook: only that notebook's exercises are stubbed, so a case study may still use the
library functions an earlier notebook asked for. Everything else is the real library.

Examples
--------
>>> stubbed_functions(["w1_02_precision", "w1_02_best_by_f1"])
{'course_lib/metrics.py': ['precision']}
"""

from __future__ import annotations

import ast
import compileall
import hashlib
import inspect
import os
import py_compile
import shutil
from collections.abc import Iterable
from pathlib import Path

import course_lib
from course_lib.exercises.registry import get_exercise

__all__ = ["LIBRARY", "build_view", "library_hash", "stubbed_functions"]

LIBRARY = Path(course_lib.__file__).resolve().parent


def _files() -> list[Path]:
    return sorted(p for p in LIBRARY.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def library_hash() -> str:
    """A SHA-256 of every file of ``course_lib`` (names and contents), as hex.

    Examples
    --------
    >>> len(library_hash())
    64
    """
    digest = hashlib.sha256()
    for path in _files():
        digest.update(str(path.relative_to(LIBRARY)).encode() + b"\x00")
        digest.update(path.read_bytes() + b"\x00")
    return digest.hexdigest()


def stubbed_functions(exercise_ids: Iterable[str]) -> dict[str, list[str]]:
    """``{file relative to the package's parent: [function names]}`` that a view for these
    exercises replaces: the references of the function exercises among them."""
    found: dict[str, set[str]] = {}
    for exercise_id in exercise_ids:
        exercise = get_exercise(exercise_id)
        if exercise.kind != "function" or exercise.reference is None:
            continue
        reference = exercise.reference
        if "." in reference.__qualname__:
            continue  # not a module-level function: nothing a learner can import
        source = Path(inspect.getsourcefile(reference) or "").resolve()
        if not source.is_relative_to(LIBRARY):
            continue
        rel = str(Path(LIBRARY.name) / source.relative_to(LIBRARY))
        found.setdefault(rel, set()).add(reference.__name__)
    return {path: sorted(names) for path, names in sorted(found.items())}


def _stub(text: str, names: set[str], module: str) -> str:
    """``text`` with the body of each module-level function in ``names`` replaced."""
    lines = text.splitlines(keepends=True)
    nodes = [n for n in ast.parse(text).body
             if isinstance(n, ast.FunctionDef) and n.name in names]
    for node in sorted(nodes, key=lambda n: n.lineno, reverse=True):
        first = node.body[0].lineno - 1
        indent = " " * node.body[0].col_offset
        message = (f"{module}.{node.name} is what an exercise of this notebook asks you to write: "
                   "it is not available while your notebook is graded; use your own function")
        lines[first:node.end_lineno] = [f"{indent}raise RuntimeError({message!r})\n"]
    return "".join(lines)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _base(views: Path, library: str) -> Path:
    """The whole library, compiled, under ``views`` (made once per library hash)."""
    target = views / f"base-{library[:16]}" / LIBRARY.name
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.copytree(LIBRARY, target, ignore=shutil.ignore_patterns("__pycache__", ".*"))
    compileall.compile_dir(str(target), quiet=1, ddir=str(LIBRARY))
    (target / ".complete").write_text(library, encoding="utf-8")
    return target


def build_view(exercise_ids: Iterable[str], views: Path) -> Path:
    """The view of ``course_lib`` for a notebook that grades these exercises, made under
    ``views`` if it is not there yet (cached by the library's hash and the stubs).

    The view shares every unchanged file with a compiled copy of the whole library (hard
    links where the filesystem allows); only the stubbed modules are rewritten. With no
    stub, the view is that copy. Returns the view's package folder, to be mounted where
    ``course_lib`` is.

    Examples
    --------
    >>> import tempfile
    >>> views = Path(tempfile.mkdtemp())
    >>> view = build_view(["w1_02_precision"], views)
    >>> "raise RuntimeError" in (view / "metrics.py").read_text()
    True
    >>> build_view([], views) == build_view(["w1_02_precision"], views)
    False
    """
    views = Path(views)
    views.mkdir(parents=True, exist_ok=True)
    library = library_hash()
    base = _base(views, library)
    stubs = stubbed_functions(exercise_ids)
    if not stubs:
        return base
    digest = hashlib.sha256((library + repr(stubs)).encode()).hexdigest()[:16]
    target = views / digest / LIBRARY.name
    if (target / ".complete").exists():
        return target
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.copytree(base, target, copy_function=_link_or_copy,
                    ignore=shutil.ignore_patterns(".complete"))
    for rel, names in stubs.items():
        path = target.parent / rel
        module = rel.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        text = _stub(path.read_text(encoding="utf-8"), set(names), module)
        for cached in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
            cached.unlink()  # a hard link to the base's: never write through it
        path.unlink()
        path.write_text(text, encoding="utf-8")
        py_compile.compile(str(path), dfile=str(LIBRARY / Path(rel).relative_to(LIBRARY.name)),
                           doraise=True)
    (target / ".complete").write_text(digest, encoding="utf-8")
    return target
