"""The Validate button's server side in the learner's JupyterLab, loaded in milliseconds.

nbgrader's own ``validate_assignment`` server extension imports the whole ``nbgrader``
package (its formgrader, database layer and exporters) when the server starts: about five
seconds before a learner's lab can open. This extension answers the same two routes the
Validate button calls, ``/assignments/validate`` and ``/nbgrader_version``, with nbgrader's
own validation, but imports nbgrader only in the background once the server is up (and at
the latest on the first click). ``python3 workbook.py lab`` enables it instead of nbgrader's.

Examples
--------
>>> [point["module"] for point in _jupyter_server_extension_points()]
['course_lib.exercises.lab_validate']
"""

from __future__ import annotations

import json
import threading
from importlib.metadata import version
from typing import Any

__all__ = ["ROUTES"]

#: the routes nbgrader's Validate button calls, relative to the server's base URL
ROUTES = ("/assignments/validate", "/nbgrader_version")
_WARM_UP_AFTER_S = 8.0


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "course_lib.exercises.lab_validate"}]


def _nbgrader_handler() -> Any:
    from nbgrader.server_extensions.validate_assignment.handlers import (
        ValidateAssignmentHandler,
    )

    return ValidateAssignmentHandler


def _handlers() -> list[tuple[str, Any]]:
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class ValidateHandler(JupyterHandler):  # type: ignore[misc]
        """POST a notebook path; nbgrader's Validator answers, as nbgrader's handler does."""

        @property
        def root_dir(self) -> str:
            return self.settings["root_dir"]

        def load_config(self) -> Any:
            return _nbgrader_handler().load_config(self)

        @web.authenticated
        def post(self) -> None:
            try:
                path = self.get_argument("path")
            except web.MissingArgumentError:
                path = self.get_json_body()["path"]
            self.finish(json.dumps(_nbgrader_handler().validate_notebook(self, path)))

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
        threading.Thread(target=_nbgrader_handler, name="nbgrader-import", daemon=True).start()

    IOLoop.current().call_later(_WARM_UP_AFTER_S, warm_up)
    server_app.log.info("course_lib: the Validate button is served (nbgrader loads later)")
