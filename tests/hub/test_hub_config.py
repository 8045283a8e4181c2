"""What each hub user's server is configured with, and the hub's own config (no hub started)."""

from __future__ import annotations

import json
from pathlib import Path

from nbgrader.exchange import ExchangeFactory
from traitlets.config import Config

from autograder.hub import exchange
from autograder.hub.config import configure_hub, write_user_config

NBGRADER = "nbgrader.server_extensions"


def _read(folder: Path) -> tuple[dict, dict, str]:
    server = json.loads((folder / "jupyter_server_config.json").read_text())
    page = json.loads((folder / "labconfig" / "page_config.json").read_text())
    return (server["ServerApp"]["jpserver_extensions"], page["disabledExtensions"],
            (folder / "nbgrader_config.py").read_text())


def test_a_student_gets_validate_and_the_assignment_list_only(tmp_path):
    server, disabled, nbgrader = _read(write_user_config(tmp_path, "student",
                                                         Path("/srv/x/exchange")))
    assert server[f"{NBGRADER}.assignment_list"] is True
    assert server["course_lib.exercises.lab_validate"] is True  # the course's Validate
    for off in ("formgrader", "course_list", "validate_assignment"):
        assert server[f"{NBGRADER}.{off}"] is False, off
    assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
            "@jupyter/nbgrader:course-list"} <= set(disabled)
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    assert "@jupyter/nbgrader:menu" not in disabled  # the Assignment List is opened there
    assert "course_config" not in nbgrader  # a student's config names no course folder
    # the learner's lab settings come along (no news pop-up)
    assert (tmp_path / "lab" / "user-settings").is_dir()


def test_an_instructor_gets_the_instructor_tools(tmp_path):
    server, disabled, nbgrader = _read(write_user_config(
        tmp_path, "instructor", Path("/srv/x/exchange"), Path("/srv/x/course")))
    assert server[f"{NBGRADER}.formgrader"] is True
    assert server[f"{NBGRADER}.assignment_list"] is True
    assert not disabled
    assert "course_config('/srv/x/course')" in nbgrader


def test_the_nbgrader_config_selects_the_private_exchange(tmp_path):
    _, _, text = _read(write_user_config(tmp_path, "student", tmp_path / "exchange"))
    c = Config()
    exec(compile(text, "nbgrader_config.py", "exec"), {"get_config": lambda: c})  # noqa: S102
    factory = ExchangeFactory(config=c)
    assert factory.submit is exchange.PrivateSubmit
    assert factory.release_feedback is exchange.PrivateReleaseFeedback
    assert factory.fetch_feedback is exchange.PrivateFetchFeedback
    assert c.Exchange.root == str(tmp_path / "exchange")
    assert c.CourseDirectory.course_id == "structuring-ml-projects"


def test_the_hub_listens_on_localhost_and_spawns_real_users(tmp_path):
    c = Config()
    configure_hub(c, hub_dir=str(tmp_path), port=8123, hub_port=8124, proxy_port=8125,
                  users={"t": "instructor", "a": "student"}, password="pw")
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == c.Spawner.ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.LocalProcessSpawner"
    assert c.Authenticator.allowed_users == {"t", "a"}
    assert c.Authenticator.admin_users == {"t"}
    assert c.Spawner.cmd[0].endswith("jupyterhub-singleuser")
