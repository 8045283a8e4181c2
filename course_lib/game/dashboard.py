"""The strategy game's dashboard: play a project with buttons in JupyterLab.

``Dashboard(project)`` shows, top to bottom:

- the budget: the week, the weeks and compute units left;
- the error ladder over time: the measured training, training-dev and dev errors after
  each action, human-level error once measured, and the events (a matplotlib figure in an
  ``Output`` widget);
- one button per action with its cost (it follows the parameters, set by the small widgets
  beside it), and a message area that says what happened, or why an action was refused;
- the log of decisions so far.

Where widgets cannot render (an HTML export, nbgrader's feedback), the dashboard shows a
static form: the same figure as a picture, the budget and the log (:meth:`Dashboard.
_repr_html_`). Without ipywidgets installed, only that static form exists.

ipywidgets and matplotlib are imported only when a dashboard is made.

Examples
--------
>>> from course_lib.game import Project
>>> board = Dashboard(Project(seed=0))
>>> board.click("bigger_network")["weeks"]
2
>>> "bigger_network" in board._repr_html_()
True
"""

from __future__ import annotations

import base64
import html
import io
from typing import TYPE_CHECKING, Any

from course_lib.game.actions import ACTIONS
from course_lib.game.project import Project

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Dashboard"]

_LINES = (("train", "training", "C0"), ("train_dev", "training-dev", "C1"), ("dev", "dev", "C3"))


def _ipywidgets() -> Any:
    try:
        import ipywidgets
    except ImportError:
        return None
    return ipywidgets


class Dashboard:
    """Buttons, the error ladder over time, the budget and the log of one project.

    Parameters
    ----------
    project : Project
        The game to play; the dashboard calls its :meth:`~Project.do`.

    Attributes
    ----------
    project : Project
    widget : ipywidgets.VBox or None
        The whole dashboard (``None`` without ipywidgets).
    buttons : dict of str to ipywidgets.Button
        One per action.
    controls : dict of str to dict of str to widget
        Each action's parameter widgets, by parameter name.
    message : ipywidgets.HTML or None
        What the last click did.
    png : bytes
        The current figure, as a PNG picture.

    Examples
    --------
    >>> from course_lib.game import Project
    >>> board = Dashboard(Project(seed=1))
    >>> sorted(board.controls["synthesize"])
    ['category', 'n', 'variety']
    """

    def __init__(self, project: Project) -> None:
        if not isinstance(project, Project):
            raise TypeError(f"project must be a course_lib.game.Project, got "
                            f"{type(project).__name__}")
        self.project = project
        self.buttons: dict[str, Any] = {}
        self.controls: dict[str, dict[str, Any]] = {}
        self.last_message = ""
        self.png = b""
        self.widget: Any = None
        self.message: Any = None
        widgets = _ipywidgets()
        if widgets is not None:
            self._build(widgets)
        self.refresh()

    # ------------------------------------------------------------------------- building
    def _build(self, widgets: Any) -> None:
        self.status = widgets.HTML()
        self.plot = widgets.Output(layout=widgets.Layout(min_height="300px"))
        self.message = widgets.HTML(value="<i>Choose an action.</i>")
        self.log_view = widgets.HTML()
        rows = []
        for name, action in ACTIONS.items():
            controls = {}
            for p in action.params:
                if p.kind == "int":
                    control = widgets.BoundedIntText(value=p.default, min=int(p.low),
                                                     max=int(p.high), description=p.name,
                                                     layout=widgets.Layout(width="12em"))
                elif p.kind == "float":
                    control = widgets.FloatSlider(value=p.default, min=p.low, max=p.high,
                                                  step=0.05, description=p.name,
                                                  layout=widgets.Layout(width="18em"))
                else:
                    control = widgets.Dropdown(options=list(p.choices), value=p.default,
                                               description=p.name,
                                               layout=widgets.Layout(width="16em"))
                control.style.description_width = "5em"
                control.observe(self._relabel, names="value")
                controls[p.name] = control
            button = widgets.Button(tooltip=f"{action.description} ({action.notebook})",
                                    layout=widgets.Layout(width="19em"))
            button.on_click(lambda _button, name=name: self.click(name))
            self.buttons[name] = button
            self.controls[name] = controls
            rows.append(widgets.HBox([button, *controls.values()]))
        self.widget = widgets.VBox([
            self.status, self.plot,
            widgets.HTML("<b>Actions</b> (cost: weeks, compute units)"), *rows,
            self.message, widgets.HTML("<b>Decisions</b>"), self.log_view,
        ])

    def _params(self, name: str) -> dict[str, Any]:
        return {p: control.value for p, control in self.controls.get(name, {}).items()}

    def _relabel(self, change: Any = None) -> None:
        over = self.project.over
        for name, button in self.buttons.items():
            try:
                weeks, compute = ACTIONS[name].cost(**self._params(name))
                cost = f"{weeks} wk, {compute} cu"
            except (TypeError, ValueError):
                cost = "?"
            button.description = f"{name} ({cost})"
            button.disabled = over

    # ------------------------------------------------------------------------- acting
    def click(self, name: str) -> dict[str, Any] | None:
        """Do an action with the parameters its widgets show, as its button does.

        Parameters
        ----------
        name : str
            The action's name.

        Returns
        -------
        dict or None
            The outcome of :meth:`Project.do`, or ``None`` when the project refused the
            action (the message area then says why, and nothing changed).

        Examples
        --------
        >>> from course_lib.game import Project
        >>> board = Dashboard(Project(seed=2))
        >>> board.click("fix_category") is None
        True
        >>> board.last_message[:33]
        'fix_category needs an error analy'
        """
        if name not in ACTIONS:
            raise ValueError(f"unknown action {name!r}; the actions are: {', '.join(ACTIONS)}")
        try:
            outcome = self.project.do(name, **self._params(name))
        except (TypeError, ValueError) as exc:
            self.last_message = str(exc)
            if self.message is not None:
                self.message.value = f'<span style="color:#b00">{html.escape(str(exc))}</span>'
            return None
        text = [outcome["message"]] + [e["message"] for e in outcome["events"]]
        if self.project.over:
            text += [f"Score: {self.project.score()}.",
                     "For the debrief, run Markdown(game.debrief()) in a cell (from "
                     "IPython.display import Markdown)."]
        self.last_message = " ".join(text)
        if self.message is not None:
            self.message.value = "<br>".join(html.escape(t) for t in text)
        self.refresh()
        return outcome

    # ------------------------------------------------------------------------- showing
    def figure(self) -> Figure:
        """The error ladder over time: measured errors after each action, and the events.

        Examples
        --------
        >>> from course_lib.game import Project
        >>> Dashboard(Project(seed=0)).figure().axes[0].get_xlabel()
        'week'
        """
        from matplotlib.figure import Figure

        obs = self.project.observation()
        fig = Figure(figsize=(8.5, 3.4), dpi=90, layout="constrained")
        ax = fig.subplots()
        history = obs["history"]
        for key, label, color in _LINES:
            points = [(h["week"], h[key]) for h in history if h[key] is not None]
            if points:
                weeks, values = zip(*points, strict=True)
                ax.plot(weeks, values, "o-", ms=3, lw=1.6, color=color, label=label)
        if obs["human_level"] is not None:
            ax.axhline(obs["human_level"], color="0.4", ls="--", lw=1, label="human-level")
        for event in obs["events"]:
            ax.axvline(event["week"], color="tab:purple", ls=":", lw=1.2)
            ax.annotate(event["kind"].replace("_", " "), (event["week"], 1.0),
                        xycoords=("data", "axes fraction"), fontsize=8, color="tab:purple",
                        ha="left", va="top", rotation=90)
        ax.set_xlim(-0.5, obs["budget"]["weeks"] + 0.5)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("week")
        ax.set_ylabel("measured error (%)")
        ax.set_title("The error ladder over time", fontsize=10)
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        return fig

    def _status_html(self) -> str:
        obs = self.project.observation()
        b = obs["budget"]
        state = "over" if obs["over"] else "running"
        m = obs["metrics"]
        shown = ", ".join(f"{k} {v:.2f}%" for k, v in m.items() if v is not None)
        return (f"<p><b>Week {obs['week']}</b> of {b['weeks']} ({state}) &middot; weeks left "
                f"<b>{b['weeks_left']}</b> &middot; compute left <b>{b['compute_left']}</b> of "
                f"{b['compute']} &middot; latest: {html.escape(shown)}</p>")

    def _log_html(self) -> str:
        decisions = self.project.observation()["decisions"]
        if not decisions:
            return "<p><i>No decision yet.</i></p>"
        rows = "".join(
            f"<tr><td>{d['week']}</td><td><code>{html.escape(d['action'])}</code></td>"
            f"<td>{html.escape(', '.join(f'{k}={v}' for k, v in d['params'].items()))}</td></tr>"
            for d in decisions)
        return ("<table><thead><tr><th>week</th><th>action</th><th>parameters</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>")

    def refresh(self) -> None:
        """Redraw the figure, the budget, the log and the buttons' costs.

        Examples
        --------
        >>> from course_lib.game import Project
        >>> board = Dashboard(Project(seed=0))
        >>> _ = board.project.do("train_longer")  # played outside the dashboard
        >>> board.refresh()
        >>> "Week 1" in board._repr_html_()
        True
        """
        buffer = io.BytesIO()
        self.figure().savefig(buffer, format="png")
        self.png = buffer.getvalue()
        if self.widget is None:
            return
        self.status.value = self._status_html()
        self.log_view.value = self._log_html()
        self.plot.outputs = ({"output_type": "display_data", "metadata": {},
                              "data": {"image/png": base64.b64encode(self.png).decode("ascii"),
                                       "text/plain": "the error ladder over time"}},)
        self._relabel()

    def _repr_html_(self) -> str:
        picture = base64.b64encode(self.png).decode("ascii")
        costs = "".join(
            f"<li><code>{name}</code> ({'{} wk, {} cu'.format(*a.cost())}): "
            f"{html.escape(a.description)}</li>" for name, a in ACTIONS.items())
        return (f'<div class="course-game">{self._status_html()}'
                f'<img src="data:image/png;base64,{picture}" alt="the error ladder over time">'
                f"<p><b>Decisions</b></p>{self._log_html()}"
                f"<details><summary>Actions and their costs</summary><ul>{costs}</ul></details>"
                "</div>")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        # JupyterLab shows the live widget; an HTML export or a terminal shows the rest
        data: dict[str, Any] = {}
        if self.widget is not None:
            data.update(self.widget._repr_mimebundle_(**kwargs) or {})
        data["text/html"] = self._repr_html_()
        data["text/plain"] = repr(self.project)
        return data
