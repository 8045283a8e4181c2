"""Patches of pinned nbgrader, nbconvert, nbclient and jupyter_client internals, in one place.

The grader relies on internals of the exact versions it was written against; every such
reliance is either a monkeypatch below or a subclass that overrides a private method
(:mod:`autograder.kernels`, :mod:`autograder.execute`), and each of those modules calls
:func:`require_pinned` when it is imported, so a different version stops with a clear
message instead of grading wrongly.

The monkeypatches remove work nbgrader repeats for every notebook inside a grading worker:
it opens the gradebook about ten times per notebook, and each ``Gradebook(...)`` makes a new
SQLAlchemy engine, reflects the schema and runs ``create_all``; and every feedback page
compiles nbconvert's Jinja templates from scratch. :func:`install` makes a worker process

- keep one engine per gradebook URL, and skip the schema check once the gradebook is
  known to exist (the main process created it before starting the workers);
- keep compiled templates in memory (Jinja's bytecode cache, keyed by the template's
  source checksum, so an edited template is recompiled).

Nothing else changes: the same nbgrader code reads and writes the same gradebook.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

__all__ = ["PINNED", "install", "require_pinned", "skip_slow_format_checker"]

#: the versions whose internals this package relies on: a prefix each must start with
PINNED = {"nbgrader": "0.9.6", "nbconvert": "7.", "nbclient": "0.1", "jupyter_client": "8."}
_ENGINES: dict[str, Any] = {}
_INSTALLED = {"done": False}


def require_pinned(*packages: str) -> None:
    """Raise ``RuntimeError`` unless each package is installed in its pinned version.

    Examples
    --------
    >>> require_pinned("nbgrader")
    """
    for name in packages or tuple(PINNED):
        found = version(name)
        if not found.startswith(PINNED[name]):
            raise RuntimeError(
                f"the course's grader was written for {name} {PINNED[name]}*, found {found}; "
                "install the versions pyproject.toml pins, or review autograder.patches")


def skip_slow_format_checker() -> None:
    """Keep ``rfc3987_syntax`` from loading (it compiles a grammar for seconds at import).

    jsonschema, which nbformat and jupyter_events import, loads it only to check the
    ``iri`` string formats, which no notebook, gradebook or event schema of nbgrader uses.
    Blocking the import makes every process that reads a notebook start seconds faster.
    Called when :mod:`autograder` is imported; it has no effect once jsonschema is loaded.

    Examples
    --------
    >>> skip_slow_format_checker()
    """
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _engine(db_url: str) -> Any:
    from sqlalchemy import create_engine

    if db_url not in _ENGINES:
        _ENGINES[db_url] = create_engine(db_url, echo=False, future=True)
    return _ENGINES[db_url]


def _reuse_gradebook_connections() -> None:
    import nbgrader.api as api
    from sqlalchemy.orm import scoped_session, sessionmaker

    original_init = api.Gradebook.__init__
    original_close = api.Gradebook.close
    ready: set[str] = set()

    def init(self, db_url: str, course_id: str = "default_course", authenticator=None):
        if db_url not in ready:
            original_init(self, db_url, course_id, authenticator)
            self.engine.dispose()
            ready.add(db_url)
        self.engine = _engine(db_url)
        self.db = scoped_session(sessionmaker(autoflush=True, bind=self.engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    def close(self):
        if any(self.engine is engine for engine in _ENGINES.values()):
            self.db.remove()  # keep the pooled connection for the next notebook
        else:
            original_close(self)

    api.Gradebook.__init__ = init
    api.Gradebook.close = close


def _cache_templates() -> None:
    import jinja2
    from nbconvert.exporters.templateexporter import TemplateExporter

    class MemoryBytecodeCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.store: dict[str, bytes] = {}

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            code = self.store.get(bucket.key)
            if code is not None:
                bucket.bytecode_from_string(code)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            self.store[bucket.key] = bucket.bytecode_to_string()

    cache = MemoryBytecodeCache()
    original = TemplateExporter._create_environment

    def create_environment(self):
        environment = original(self)
        environment.bytecode_cache = cache
        return environment

    TemplateExporter._create_environment = create_environment


def install() -> None:
    """Apply both speed-ups in this process (idempotent)."""
    if _INSTALLED["done"]:
        return
    require_pinned("nbgrader", "nbconvert")
    _reuse_gradebook_connections()
    _cache_templates()
    _INSTALLED["done"] = True
