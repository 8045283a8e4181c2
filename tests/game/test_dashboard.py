"""The dashboard: it builds, its buttons act, and it has a static form."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_lib.game import ACTIONS, Project
from course_lib.game.dashboard import Dashboard


@pytest.fixture
def widgets():
    return pytest.importorskip("ipywidgets")


def test_the_dashboard_has_one_button_per_action_with_its_cost(widgets):
    board = Dashboard(Project(seed=0))
    assert isinstance(board.widget, widgets.VBox)
    assert set(board.buttons) == set(ACTIONS)
    for name, button in board.buttons.items():
        weeks, compute = ACTIONS[name].cost()
        assert button.description == f"{name} ({weeks} wk, {compute} cu)"
        assert ACTIONS[name].notebook in button.tooltip
    assert set(board.controls["synthesize"]) == {"category", "n", "variety"}
    assert isinstance(board.plot, widgets.Output) and board.plot.outputs
    assert board.png.startswith(b"\x89PNG")


def test_clicking_a_button_does_the_action_with_the_widgets_parameters(widgets):
    game = Project(seed=1)
    board = Dashboard(game)
    board.controls["collect_target_data"]["n"].value = 6000
    assert board.buttons["collect_target_data"].description.endswith("(5 wk, 3 cu)")
    picture = board.png
    board.buttons["collect_target_data"].click()  # the button's own click handler
    assert game.log == [{"action": "collect_target_data", "params": {"n": 6000}}]
    assert "6,000" in board.message.value
    assert "collect_target_data" in board.log_view.value
    assert "Week 5" in board.status.value
    assert board.png != picture  # the ladder was redrawn with the new point


def test_a_refused_click_says_why_and_changes_nothing(widgets):
    game = Project(seed=1)
    board = Dashboard(game)
    board.buttons["fix_category"].click()
    assert game.log == []
    assert "needs an error analysis first" in board.message.value
    board.buttons["error_analysis"].click()
    board.buttons["fix_category"].click()
    assert [e["action"] for e in game.log] == ["error_analysis", "fix_category"]


def test_after_shipping_the_buttons_are_disabled(widgets):
    board = Dashboard(Project(seed=2))
    board.buttons["measure_human_level"].click()
    board.buttons["ship"].click()
    assert board.project.over
    assert all(button.disabled for button in board.buttons.values())


def test_the_figure_shows_the_ladder_over_time_and_the_events():
    game = Project(seed=0)
    board = Dashboard(game)
    while not game.over and game.week < 40:
        game.do("train_longer")
    board.click("build_train_dev_set")
    ax = board.figure().axes[0]
    labels = [line.get_label() for line in ax.get_lines()]
    assert {"training", "training-dev", "dev"} <= set(labels)
    assert ax.get_xlabel() == "week"


def test_the_static_form_has_the_picture_the_budget_and_the_log(widgets):
    board = Dashboard(Project(seed=3))
    board.click("bigger_network")
    page = board._repr_html_()
    assert 'src="data:image/png;base64,' in page
    assert "weeks left" in page and "<code>bigger_network</code>" in page
    bundle = board._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == page


def test_without_ipywidgets_the_dashboard_is_static(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # `import ipywidgets` now fails
    board = Dashboard(Project(seed=4))
    assert board.widget is None
    assert board.click("train_longer")["weeks"] == 1
    assert "train_longer" in board._repr_html_()
    assert "application/vnd.jupyter.widget-view+json" not in board._repr_mimebundle_()


def test_bad_dashboard_inputs_say_what_was_expected():
    with pytest.raises(TypeError, match="project must be a course_lib.game.Project"):
        Dashboard("game")
    with pytest.raises(ValueError, match="unknown action 'fly'"):
        Dashboard(Project(seed=0)).click("fly")


def test_importing_the_game_loads_neither_ipywidgets_nor_matplotlib():
    code = ("import sys, course_lib.game; from course_lib.game import play, naive_policy; "
            "play(naive_policy, 0).debrief(); "
            "print(sorted(m for m in ('ipywidgets', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
