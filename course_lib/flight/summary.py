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
_LECTURE_TITLES = {
    "01_orthogonalization": "Orthogonalization",
    "02_single_number_metric": "Single number evaluation metric",
    "03_satisficing_optimizing": "Satisficing and optimizing metrics",
    "04_train_dev_test_distributions": "Train/dev/test distributions",
    "05_size_of_dev_test_sets": "Size of the dev and test sets",
    "06_change_dev_test_and_metrics": "When to change dev/test sets and metrics",
    "07_human_level_performance": "Comparing to human-level performance",
    "08_avoidable_bias": "Avoidable bias",
    "09_understanding_human_level": "Understanding human-level performance",
    "10_surpassing_human_level": "Surpassing human-level performance",
    "11_improving_model_performance": "Improving your model's performance",
    "01_error_analysis": "Carrying out error analysis",
    "02_incorrectly_labeled_data": "Cleaning up incorrectly labelled data",
    "03_build_first_then_iterate": "Build your first system quickly, then iterate",
    "04_different_distributions": "Training and testing on different distributions",
    "05_mismatched_bias_variance": "Bias and variance with mismatched distributions",
    "06_addressing_data_mismatch": "Addressing data mismatch",
    "07_transfer_learning": "Transfer learning",
    "08_multi_task_learning": "Multi-task learning",
    "09_end_to_end_learning": "What is end-to-end learning?",
    "10_whether_end_to_end": "Whether to use end-to-end learning",
}


def _lecture_label(path: str) -> str:
    stem = Path(path).stem
    week = Path(path).parent.name
    title = _LECTURE_TITLES.get(stem, stem)
    return f"{week} · {stem[:2]} {title}"


@dataclass(frozen=True)
class SummaryRow:
    """One line of a :class:`ScoreSummary`: a question and whether it was answered right."""

    number: int
    question_id: str
    title: str
    concepts: tuple[str, ...]
    status: Literal["right", "not yet", "not answered"]
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
        marks = {"right": "✔ right", "not yet": "✘ not yet", "not answered": "— not answered"}
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


