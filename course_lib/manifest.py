"""The course's structure: weeks, their notebooks, their titles and the exercises they grade.

One data file, ``course_lib/manifest.toml``, says what the course is; everything that needs
to know reads it through :func:`course`: the exercise registry (which module defines an
exercise), the flight simulators' score summaries (the title of the notebook to review),
``course where`` and the README's table of contents.

Examples
--------
>>> c = course()
>>> [w.id for w in c.weeks][:2]
['week1', 'week2']
>>> c.exercise("w1_05_standard_error").notebook.path
'week1/05_size_of_dev_test_sets.ipynb'
>>> c.exercise("w1_05_standard_error").test_cell
'test_w1_05_standard_error'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from course_lib.contract import answer_cell_id, test_cell_id

__all__ = ["Course", "ExerciseEntry", "NotebookEntry", "WeekEntry", "course"]

MANIFEST = Path(__file__).with_name("manifest.toml")


@dataclass(frozen=True)
class NotebookEntry:
    """One notebook of the course.

    Attributes
    ----------
    week : str
        Its week (``"week1"``), also its folder in ``solutions/`` and ``notebooks/``.
    file : str
        Its file name without ``.ipynb`` (``"05_size_of_dev_test_sets"``).
    title : str
        Its title, as in its first heading.
    exercises : tuple of str
        The ids of the exercises it grades, in order.
    """

    week: str
    file: str
    title: str
    exercises: tuple[str, ...]

    @property
    def number(self) -> str:
        """Its two-digit number in the week (``"05"``)."""
        return self.file[:2]

    @property
    def path(self) -> str:
        """Its path inside ``solutions/`` or ``notebooks/`` (``"week1/05_....ipynb"``)."""
        return f"{self.week}/{self.file}.ipynb"

    @property
    def module(self) -> str:
        """The module that defines its exercises (``"course_lib.exercises.w1_05_..."``)."""
        return f"course_lib.exercises.w{self.week.removeprefix('week')}_{self.file}"

    @property
    def label(self) -> str:
        """How a learner refers to it: ``"week1 · 05 Size of the dev and test sets"``."""
        return f"{self.week} · {self.number} {self.title}"


@dataclass(frozen=True)
class ExerciseEntry:
    """Where one exercise is: its notebook, and the ids of its answer and test cells."""

    id: str
    notebook: NotebookEntry

    @property
    def answer_cell(self) -> str:
        """The nbgrader ``grade_id`` of its answer cell."""
        return answer_cell_id(self.id)

    @property
    def test_cell(self) -> str:
        """The nbgrader ``grade_id`` of its test cell."""
        return test_cell_id(self.id)


@dataclass(frozen=True)
class WeekEntry:
    """One week (an nbgrader assignment) and its notebooks, in order."""

    id: str
    title: str
    notebooks: tuple[NotebookEntry, ...]


@dataclass(frozen=True)
class Course:
    """The whole course, as the manifest describes it."""

    weeks: tuple[WeekEntry, ...]

    @property
    def notebooks(self) -> tuple[NotebookEntry, ...]:
        """Every notebook, week by week."""
        return tuple(nb for week in self.weeks for nb in week.notebooks)

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """Every exercise id, in course order."""
        return tuple(e for nb in self.notebooks for e in nb.exercises)

    def week(self, week_id: str) -> WeekEntry:
        """The week with this id (``"week1"``).

        Raises
        ------
        KeyError
            If the course has no such week; the message lists the weeks.
        """
        for week in self.weeks:
            if week.id == week_id:
                return week
        raise KeyError(f"the course has no week {week_id!r}; its weeks are "
                       f"{', '.join(w.id for w in self.weeks)}")

    def notebook(self, path: str) -> NotebookEntry:
        """A notebook by its path (``"week1/05_size_of_dev_test_sets.ipynb"``), a relative link
        to it (``"../week1/05_size_of_dev_test_sets.ipynb"``) or ``"week1/05_..."``.

        Raises
        ------
        KeyError
            If no notebook of the course has that path.
        """
        parts = Path(path).parts
        wanted = f"{parts[-2]}/{Path(parts[-1]).stem}.ipynb" if len(parts) >= 2 else path
        for nb in self.notebooks:
            if nb.path == wanted:
                return nb
        raise KeyError(f"the course has no notebook {path!r}")

    def exercise(self, exercise_id: str) -> ExerciseEntry:
        """Where an exercise is.

        Raises
        ------
        KeyError
            If no notebook of the course grades that exercise.
        """
        for nb in self.notebooks:
            if exercise_id in nb.exercises:
                return ExerciseEntry(exercise_id, nb)
        raise KeyError(f"no notebook of the course grades an exercise {exercise_id!r}")

    def contents_table(self) -> str:
        """The README's table of contents: one column per week, one row per notebook.

        Examples
        --------
        >>> course().contents_table().splitlines()[2].startswith("| 01 ")
        True
        """
        header = "| " + " | ".join(f"{w.id[:4]} {w.id[4:]} — {w.title}" for w in self.weeks) + " |"
        lines = [header, "|" + "---|" * len(self.weeks)]
        depth = max(len(w.notebooks) for w in self.weeks)
        for i in range(depth):
            cells = [f"{w.notebooks[i].number} {w.notebooks[i].title}" if i < len(w.notebooks)
                     else "" for w in self.weeks]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def course() -> Course:
    """The course described by ``course_lib/manifest.toml`` (read once)."""
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    weeks = []
    for week in data["weeks"]:
        notebooks = tuple(NotebookEntry(week["id"], nb["file"], nb["title"],
                                        tuple(nb.get("exercises", ())))
                          for nb in week["notebooks"])
        weeks.append(WeekEntry(week["id"], week["title"], notebooks))
    return Course(tuple(weeks))
