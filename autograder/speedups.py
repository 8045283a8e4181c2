"""Remove work nbgrader repeats for every notebook, inside a grading worker.

Measured on a one-notebook submission (cProfile of a worker): nbgrader opens the
gradebook about ten times per notebook, and each ``Gradebook(...)`` makes a new SQLAlchemy
engine, reflects the schema and runs ``create_all`` (about 35 ms each on sqlite, more on
PostgreSQL); and every feedback page compiles nbconvert's Jinja templates from scratch
(about 0.7 s per student). :func:`install` makes a worker process

- keep one engine per gradebook URL, and skip the schema check once the gradebook is
  known to exist (the main process created it before starting the workers);
- keep compiled templates in memory (Jinja's bytecode cache, keyed by the template's
  source checksum, so an edited template is recompiled).

Nothing else changes: the same nbgrader code reads and writes the same gradebook.
"""

from __future__ import annotations

from typing import Any

_ENGINES: dict[str, Any] = {}
_INSTALLED = {"done": False}


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
    _reuse_gradebook_connections()
    _cache_templates()
    _INSTALLED["done"] = True
