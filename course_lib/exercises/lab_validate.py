"""The Validate button's server side in the learner's JupyterLab: fast to load, fast to answer.

nbgrader's own ``validate_assignment`` server extension imports the whole ``nbgrader``
package (its formgrader, database layer and exporters) when the server starts -- about five
seconds before a learner's lab can open -- and then validates in a new kernel, blocking the
server while the notebook runs. This extension answers the same two routes the Validate
button calls, ``/assignments/validate`` and ``/nbgrader_version``, with nbgrader's own
verdicts (:mod:`course_lib.exercises.notebook_validation`), but

- imports nbgrader in the background once the server is up (at the latest on the first
  click), and starts a warm kernel then, so the first Validate does not wait for one;
- runs each validation on a worker thread: the lab keeps answering meanwhile.

``python3 workbook.py lab`` enables it instead of nbgrader's.

Examples
--------
>>> [point["module"] for point in _jupyter_server_extension_points()]
['course_lib.exercises.lab_validate']
"""

from __future__ import annotations

import asyncio
import json
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any

__all__ = ["ROUTES"]

#: the routes nbgrader's Validate button calls, relative to the server's base URL
ROUTES = ("/assignments/validate", "/nbgrader_version")
_WARM_UP_AFTER_S = 8.0


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "course_lib.exercises.lab_validate"}]


_WARM: dict[str, Any] = {}


def _warm_kernel(root: Path) -> Any:
    """The lab's warm kernel (one per server), started on first use."""
    from course_lib.exercises.notebook_validation import WarmKernel

    if "kernel" not in _WARM:
        _WARM["kernel"] = WarmKernel(root).start()
    return _WARM["kernel"]


def _answer(target: Path, warm: Any) -> dict[str, Any]:
    """What the Validate button expects: ``{"success": ..., "value": results or message}``."""
    from course_lib.exercises.notebook_validation import validate_notebook

    try:
        return {"success": True, "value": validate_notebook(target, warm=warm).results}
    except Exception as exc:  # noqa: BLE001 - the dialog shows the message, not a crash
        name = type(exc).__name__
        if name in ("SchemaTooOldError", "SchemaTooNewError"):
            message = (f"The notebook {target.name} was made for another version of nbgrader. "
                       "Back it up, then fetch the assignment again.")
        else:
            message = f"The notebook {target.name} could not be validated: {name}: {exc}"
        return {"success": False, "value": message}


def _warm_up(root: Path) -> None:
    import nbgrader.validator  # noqa: F401 - the import the first click would wait for

    _warm_kernel(root)


def _handlers() -> list[tuple[str, Any]]:
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class ValidateHandler(JupyterHandler):  # type: ignore[misc]
        """POST a notebook path; answer with nbgrader's verdicts, as nbgrader's handler does."""

        @web.authenticated
        async def post(self) -> None:
            try:
                path = self.get_argument("path")
            except web.MissingArgumentError:
                path = self.get_json_body()["path"]
            root = Path(self.settings["root_dir"]).resolve()
            target = (root / path).resolve()
            if not target.is_relative_to(root):
                raise web.HTTPError(403, "Access denied: path outside allowed directory")
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(None, _answer, target, _warm_kernel(root))
            self.finish(json.dumps(answer))

    class VersionHandler(JupyterHandler):  # type: ignore[misc]
        """Tell the Validate button whether its version matches the installed nbgrader."""

        @web.authenticated
        def get(self) -> None:
            installed = version("nbgrader")
            if self.get_argument("version") == installed:
                self.finish(json.dumps({"success": True}))
            else:
                self.finish(json.dumps({"success": False, "message": (
                    f"the Validate button ({self.get_argument('version')}) does not match "
                    f"the installed nbgrader ({installed}): reinstall the course")}))

    return [(ROUTES[0], ValidateHandler), (ROUTES[1], VersionHandler)]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from jupyter_server.utils import url_path_join
    from tornado.ioloop import IOLoop

    web_app = server_app.web_app
    web_app.settings["root_dir"] = server_app.root_dir
    base = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base, route), handler)
                                 for route, handler in _handlers()])

    def warm_up() -> None:
        threading.Thread(target=_warm_up, args=(Path(server_app.root_dir),),
                         name="validate-warm-up", daemon=True).start()

    IOLoop.current().call_later(_WARM_UP_AFTER_S, warm_up)
    server_app.log.info("course_lib: the Validate button is served (nbgrader and a warm kernel "
                        "load after start)")
