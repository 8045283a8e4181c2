"""Per-question statistics of a graded class: which exercise does the class struggle with?

For each graded test cell (one exercise) over every graded submission: the mean score as
a fraction of its points, the fraction of students with full marks, and the most common
failure hint (the hint of the self-check's ``CheckFailed`` message, or the error's first
line when there is no hint). Written as a CSV table and a bar chart.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.records import Record

STATS_COLUMNS = ["week", "notebook", "question", "graded", "max_score", "mean_score",
                 "mean_fraction", "full_marks_fraction", "most_common_failure",
                 "failure_count"]


@dataclass(frozen=True)
class QuestionStat:
    """Statistics of one question (a graded test cell) over the class."""

    week: str
    notebook: str
    question: str
    graded: int
    max_score: float
    mean_score: float
    full_marks_fraction: float
    most_common_failure: str
    failure_count: int

    @property
    def mean_fraction(self) -> float:
        """Mean score divided by the question's points."""
        return self.mean_score / self.max_score if self.max_score else 0.0


def question_stats(records: Iterable[Record]) -> list[QuestionStat]:
    """Aggregate the per-question grades of :class:`autograder.records.Record` objects.

    Only notebooks that were graded count (missing or broken ones have their own rows in
    the grades CSV).

    Examples
    --------
    >>> from autograder.records import QuestionGrade, Record
    >>> a = Record("a", "week1", [], {"test_q": QuestionGrade("n", 1.0, 1.0)})
    >>> b = Record("b", "week1", [], {"test_q": QuestionGrade("n", 0.0, 1.0, "read it")})
    >>> s = question_stats([a, b])[0]
    >>> (s.graded, s.mean_fraction, s.full_marks_fraction, s.most_common_failure)
    (2, 0.5, 0.5, 'read it')
    """
    scores: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    failures: dict[tuple[str, str, str], Counter] = {}
    for record in records:
        for question, q in record.questions.items():
            key = (record.week, q.notebook, question)
            scores.setdefault(key, []).append((q.score, q.max_score))
            failures.setdefault(key, Counter())
            if not q.full_marks:
                failures[key][q.failure or "(no message)"] += 1
    stats = []
    for key in sorted(scores):
        values = scores[key]
        max_score = max(m for _, m in values)
        mean = sum(s for s, _ in values) / len(values)
        full = sum(1 for s, m in values if s >= m) / len(values)
        common, count = (failures[key].most_common(1) or [("", 0)])[0]
        stats.append(QuestionStat(*key, len(values), max_score, mean, full, common, count))
    return stats


def write_stats(stats: list[QuestionStat], folder: Path) -> tuple[Path, Path]:
    """Write ``questions.csv`` and ``questions.png`` into ``folder``; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / "questions.csv"
    with open(table, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(STATS_COLUMNS)
        for s in stats:
            writer.writerow([s.week, s.notebook, s.question, s.graded, f"{s.max_score:g}",
                             f"{s.mean_score:.3f}", f"{s.mean_fraction:.3f}",
                             f"{s.full_marks_fraction:.3f}", s.most_common_failure,
                             s.failure_count])
    plot = folder / "questions.png"
    plot_stats(stats).figure.savefig(plot, dpi=110, bbox_inches="tight")
    return table, plot


def plot_stats(stats: list[QuestionStat]):
    """A horizontal bar chart: mean score and share of full marks per question.

    Returns the matplotlib Axes.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    labels = [f"{s.week} {s.question}" for s in stats] or ["(no graded question)"]
    means = [s.mean_fraction for s in stats] or [0.0]
    fulls = [s.full_marks_fraction for s in stats] or [0.0]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.5))
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], means, height=0.4, color="tab:blue", label="mean score")
    ax.barh([i - 0.2 for i in y], fulls, height=0.4, color="tab:green",
            label="students with full marks")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("fraction of the question's points / of the graded students")
    ax.set_title("Which exercise does the class struggle with? (short bars)")
    ax.legend(loc="lower right", fontsize="small")
    plt.close(fig)
    return ax


def format_table(stats: list[QuestionStat], width: int = 100) -> str:
    """The statistics as an aligned text table, hardest question first."""
    header = f"{'question':34s} {'n':>4s} {'mean':>6s} {'full':>6s}  most common failure"
    lines = [header, "-" * min(width, len(header) + 20)]
    for s in sorted(stats, key=lambda s: (s.mean_fraction, s.question)):
        failure = s.most_common_failure
        room = max(10, width - 55)
        if len(failure) > room:
            failure = failure[: room - 3] + "..."
        lines.append(f"{s.question[:34]:34s} {s.graded:4d} {s.mean_fraction:6.0%} "
                     f"{s.full_marks_fraction:6.0%}  {failure}")
    return "\n".join(lines)
