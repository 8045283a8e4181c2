"""``progress()``: where the learner stands in the whole course, from the workspace file.

Per notebook: its exercises, how many were checked, how many passed, and how many hints
were asked for, as a table and a small bar chart. It reads the workspace file
(:mod:`course_lib.exercises.workspace`) and the course manifest; it never changes either.

Examples
--------
>>> import os, tempfile
>>> os.environ["WORKBOOK_STATE"] = tempfile.mkdtemp()
>>> from course_lib.exercises.workspace import record
>>> record("w1_02_precision", checked=True, passed=True)
>>> table = progress_table()
>>> int(table.loc["week1/02", "passed"]), int(table.loc["week1/02", "checked"])
(1, 1)
>>> del os.environ["WORKBOOK_STATE"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course_lib.exercises.workspace import load
from course_lib.manifest import course

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["progress", "progress_table"]


def progress_table() -> pd.DataFrame:
    """One row per notebook (``week1/02``, ...): title, exercises, checked, passed, hints."""
    import pandas as pd

    done = load()["exercises"]
    rows: dict[str, dict[str, Any]] = {}
    for week in course().weeks:
        for notebook in week.notebooks:
            entries = [done.get(i, {}) for i in notebook.exercises]
            rows[f"{week.id}/{notebook.number}"] = {
                "title": notebook.title,
                "exercises": len(notebook.exercises),
                "checked": sum(1 for e in entries if e.get("checked")),
                "passed": sum(1 for e in entries if e.get("passed")),
                "hints": sum(int(e.get("hints", 0)) for e in entries),
            }
    return pd.DataFrame.from_dict(rows, orient="index")


def progress(plot: bool = True) -> pd.DataFrame:
    """Show the course-wide progress table (and, with ``plot``, a bar chart); return it.

    Parameters
    ----------
    plot : bool, default True
        Also draw the share of exercises passed per notebook.
    """
    if not isinstance(plot, bool):
        raise TypeError(f"plot must be True or False, got {type(plot).__name__}")
    table = progress_table()
    total, passed = int(table["exercises"].sum()), int(table["passed"].sum())
    from course_lib.exercises.report import Report, show

    lines = ["| notebook | exercises | checked | passed | hints |", "|---|---|---|---|---|"]
    for key, row in table.iterrows():
        week, number = str(key).split("/")
        notebook = next(n for n in course().week(week).notebooks if n.number == number)
        mark = " \u2714" if row["passed"] == row["exercises"] else ""
        lines.append(f"| [{week} · {number} {row['title']}]({notebook.path}){mark} | "
                     f"{row['exercises']} | {row['checked']} | {row['passed']} | "
                     f"{row['hints']} |")
    show(Report("note", f"your progress: {passed} of {total} exercises passed, "
                        f"{int(table['hints'].sum())} hint(s) asked for"))
    try:
        from IPython.display import Markdown, display

        display(Markdown("\n".join(lines)))
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        print("\n".join(lines))
    if plot:
        import matplotlib.pyplot as plt

        share = table["passed"] / table["exercises"]
        fig, ax = plt.subplots(figsize=(9, 2.8))
        colours = ["#2e8540" if s == 1 else "#1565c0" if s > 0 else "#bdbdbd" for s in share]
        ax.bar(range(len(table)), 100 * share, color=colours)
        ax.set_xticks(range(len(table)), table.index, rotation=60, ha="right", fontsize=8)
        ax.set_ylim(0, 100)
        ax.set_ylabel("passed (%)")
        ax.set_title("Exercises passed, per notebook")
        fig.tight_layout()
        plt.show()
    return table
