"""How a check result looks: a styled box in JupyterLab, wrapped plain text elsewhere.

A :class:`Report` is displayed with both forms in one output: ``text/html`` (a box with a
coloured edge -- green for a pass, red for "not yet", grey for "not answered yet", blue
for a hint or a note -- readable in light and dark themes, its hint and explanation
rendered from markdown) and ``text/plain`` (wrapped to 88 columns, for terminals, nbgrader
feedback and the Validate dialog).

Examples
--------
>>> report = Report("fail", "w1_02_precision: not yet (0 of 2 checks passed)",
...                 "case “no positives”\\n  the number is not the expected one",
...                 hint="what is TP / (TP + FP) when nothing is predicted positive?")
>>> print(report.text().splitlines()[0])
✘ w1_02_precision: not yet (0 of 2 checks passed)
>>> "course-check-fail" in report._repr_html_()
True
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass
from typing import Literal

from course_lib.contract import HINT_PREFIX

__all__ = ["MARKS", "Report", "in_ipython", "markdown_html", "show", "show_markdown", "wrap"]

Status = Literal["pass", "fail", "todo", "hint", "note"]

#: the first character of a report's plain-text form, by status
MARKS = {"pass": "\u2714", "fail": "\u2718", "todo": "\u25cb", "hint": "?", "note": "i"}
_COLOURS = {"pass": "#2e8540", "fail": "#c62828", "todo": "#7a7a7a", "hint": "#1565c0",
            "note": "#1565c0"}
WIDTH = 88


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap each line of ``text`` at ``width``, keeping its indentation; words never break.

    Examples
    --------
    >>> print(wrap("  Note: " + "scikit-learn " * 8, 40))
      Note: scikit-learn scikit-learn
      scikit-learn scikit-learn scikit-learn
      scikit-learn scikit-learn scikit-learn
    """
    out: list[str] = []
    for line in text.splitlines() or [""]:
        indent = line[: len(line) - len(line.lstrip())]
        out += textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False,
                             break_on_hyphens=False) or [""]
    return "\n".join(out)


def _inline(text: str) -> str:
    escaped = html.escape(text, quote=False)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
    escaped = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"<em>\1</em>", escaped)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)",
                  lambda m: f'<a href="{html.escape(m.group(2))}" target="_blank">'
                            f"{m.group(1)}</a>", escaped)


def markdown_html(text: str) -> str:
    """The small markdown of hints and explanations as HTML: paragraphs, ``-`` bullets,
    `` `code` ``, ``**bold**``, ``*emphasis*`` and links; everything else is escaped.

    Examples
    --------
    >>> markdown_html("Use `math.ceil`:\\n- up\\n- not *round*")
    '<p>Use <code>math.ceil</code>:</p><ul><li>up</li><li>not <em>round</em></li></ul>'
    """
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append("<p>" + _inline(" ".join(paragraph)) + "</p>")
            paragraph.clear()
        if items:
            parts.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "* ")):
            if paragraph:
                parts.append("<p>" + _inline(" ".join(paragraph)) + "</p>")
                paragraph.clear()
            items.append(line[2:])
        elif items and raw.startswith("  "):
            items[-1] += " " + line
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "".join(parts)


@dataclass(frozen=True)
class Report:
    """One check result (or hint, or note) as the learner sees it.

    Parameters
    ----------
    status : {"pass", "fail", "todo", "hint", "note"}
    title : str
        One line, e.g. ``"w1_02_f1_score: all 4 checks passed."``.
    details : str
        What was checked and what was wrong, as plain lines (indentation kept).
    hint : str
        The hint of the typical mistake the answer matches (markdown).
    explanation : str
        Why the right answer is right (markdown).
    body : str
        Any other text (markdown), shown under the title.
    """

    status: Status
    title: str
    details: str = ""
    hint: str = ""
    explanation: str = ""
    body: str = ""

    def text(self, width: int | None = WIDTH) -> str:
        """The plain-text form, wrapped at ``width`` columns (``None``: not wrapped)."""
        lines = [f"{MARKS[self.status]} {self.title}"]
        if self.details:
            lines.append(self.details)
        if self.hint:
            lines.append(f"  {HINT_PREFIX} {self.hint}")
        if self.body:
            lines.append(self.body)
        if self.explanation:
            lines.append("\nWhy:\n" + self.explanation)
        text = "\n".join(lines)
        return text if width is None else wrap(text, width)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        body = ""
        if self.details:
            body += ("<pre style='white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;"
                     "margin:.4em 0;font-size:.95em;background:transparent;color:inherit'>"
                     f"{html.escape(self.details.strip(chr(10)))}</pre>")
        if self.hint:
            body += (f"<div style='margin-top:.3em'><strong>{HINT_PREFIX}</strong> "
                     f"{markdown_html(self.hint)}</div>")
        if self.body:
            body += markdown_html(self.body)
        if self.explanation:
            body += (f"<details open style='margin-top:.4em'><summary><strong>Why</strong>"
                     f"</summary>{markdown_html(self.explanation)}</details>")
        return (f"<div class='course-check course-check-{self.status}' style='border-left:"
                f"5px solid {colour};background:color-mix(in srgb, {colour} 9%, transparent);"
                "padding:.45em .8em;margin:.2em 0;border-radius:3px;color:inherit;"
                "line-height:1.45;max-width:60em'>"
                f"<div style='font-weight:600;color:{colour}'>{MARKS[self.status]} "
                f"{html.escape(self.title)}</div>{body}</div>")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        return {"text/plain": self.text(), "text/html": self._repr_html_()}


def in_ipython() -> bool:
    """Whether this runs in IPython (a Jupyter kernel), where reports are displayed."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return False
    return get_ipython() is not None


def show(report: Report) -> None:
    """Display ``report`` (rich in Jupyter, its plain text elsewhere)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        print(report.text())
        return
    if get_ipython() is None:
        print(report.text())
    else:
        display(report)


def show_markdown(text: str, kind: Status = "note") -> None:
    """Display a short markdown text -- a title line, a blank line, then its body -- in a
    box of its kind (a hint, a note)."""
    title, _, body = text.strip().partition("\n\n")
    show(Report(kind, title, body=body))
