"""A flight simulator's score: which questions are right, and what to review for the others.

The summary shows no answer and no explanation: per question only "right", "not yet" or "not
answered", with a link to the lecture notebook to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["ScoreSummary", "SummaryRow"]


# ============================================================================ score summary
def _lecture_label(path: str) -> str:
    from course_lib.manifest import course

    try:
        return course().notebook(path).label
    except KeyError:
        return Path(path).stem


@dataclass(frozen=True)
class SummaryRow:
    """One line of a :class:`ScoreSummary`: a question and whether it was answered right."""

    number: int
    question_id: str
    title: str
    concepts: tuple[str, ...]
    status: Literal["right", "not yet", "not answered", "answered"]
    lecture: str


@dataclass(frozen=True)
class ScoreSummary:
    """The result of :func:`score_summary`: a score and what to review. Shows no answers."""

    title: str
    rows: tuple[SummaryRow, ...]

    @property
    def score(self) -> int:
        """Number of questions answered right."""
        return sum(row.status == "right" for row in self.rows)

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.rows)

    @property
    def to_review(self) -> tuple[SummaryRow, ...]:
        """The rows of the questions not (yet) answered right."""
        return tuple(row for row in self.rows if row.status != "right")

    def _repr_markdown_(self) -> str:
        marks = {"right": "✔ right", "not yet": "✘ not yet", "not answered": "— not answered",
                 "answered": "answered (checked when graded)"}
        lines = [f"### {self.title}: {self.score} / {self.total}", "",
                 "| # | question | tests | result | review |", "|---:|:---|:---|:---|:---|"]
        for row in self.rows:
            review = "" if row.status == "right" else \
                f"[{_lecture_label(row.lecture)}]({row.lecture})"
            lines.append(f"| {row.number} | {row.title} | {', '.join(row.concepts)} | "
                         f"{marks[row.status]} | {review} |")
        if not self.to_review:
            lines += ["", "Every question is right — well flown!"]
        else:
            lines += ["", "For each question not yet right, the last column links to the "
                      "lecture notebook to review; then run its check cell again."]
        return "\n".join(lines)

    def __str__(self) -> str:
        lines = [f"{self.title}: {self.score} / {self.total}"]
        for row in self.rows:
            where = "" if row.status == "right" else f"  -> review {row.lecture}"
            lines.append(f"  Q{row.number:>2} {row.title}: {row.status}{where}")
        return "\n".join(lines)


