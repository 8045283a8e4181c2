"""Plots the notebooks use; each returns the matplotlib Axes it drew on."""

from __future__ import annotations

from typing import Any

import numpy as np

from course_lib import metrics

__all__ = ["threshold_tradeoff", "precision_recall_map"]


def _axes(ax: Any) -> Any:
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(7, 4))
    return ax


def threshold_tradeoff(y_true: Any, scores: Any, ax: Any = None, n_thresholds: int = 99) -> Any:
    """Plot precision, recall and F1 of ``scores >= t`` against the threshold ``t``.

    Parameters
    ----------
    y_true : array-like of 0/1
        Actual labels.
    scores : array-like of float
        The model's scores (e.g. predicted probabilities), same length.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.
    n_thresholds : int, default 99
        Number of thresholds between 0 and 1.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = threshold_tradeoff([0, 1, 1], [0.2, 0.6, 0.9])
    >>> ax.get_xlabel()
    'decision threshold'
    """
    s = np.asarray(scores, dtype=float)
    if s.ndim != 1 or len(s) != len(np.asarray(y_true)):
        raise ValueError("scores must be one score per example, the same length as y_true")
    if not isinstance(n_thresholds, int) or n_thresholds < 2:
        raise ValueError(f"n_thresholds must be an integer of at least 2, got {n_thresholds!r}")
    thresholds = np.linspace(0.01, 0.99, n_thresholds)
    curves: dict[str, list[float]] = {"precision": [], "recall": [], "F1": []}
    for t in thresholds:
        pred = (s >= t).astype(int)
        curves["precision"].append(metrics.precision(y_true, pred))
        curves["recall"].append(metrics.recall(y_true, pred))
        curves["F1"].append(metrics.f1_score(y_true, pred))
    ax = _axes(ax)
    for name, style in (("precision", "-"), ("recall", "--"), ("F1", "-")):
        ax.plot(thresholds, curves[name], style, label=name, linewidth=2.5 if name == "F1" else 1.5)
    best = int(np.argmax(curves["F1"]))
    ax.axvline(thresholds[best], color="grey", linewidth=0.8)
    ax.annotate(f"best F1 = {curves['F1'][best]:.3f}\nat t = {thresholds[best]:.2f}",
                (thresholds[best], curves["F1"][best]), textcoords="offset points",
                xytext=(8, -40))
    ax.set_xlabel("decision threshold")
    ax.set_ylabel("score on the dev set")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left")
    return ax


def precision_recall_map(table: Any, ax: Any = None) -> Any:
    """Scatter models by precision (x) and recall (y) over contour lines of equal F1.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per model (index = name) with columns ``precision`` and ``recall``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    for column in ("precision", "recall"):
        if column not in getattr(table, "columns", ()):
            raise ValueError(f"table needs a {column!r} column (one row per model)")
    ax = _axes(ax)
    grid = np.linspace(0.01, 1, 200)
    p, r = np.meshgrid(grid, grid)
    f1 = 2 * p * r / (p + r)
    lines = ax.contour(p, r, f1, levels=[0.5, 0.6, 0.7, 0.8, 0.9, 0.95], colors="lightgrey")
    ax.clabel(lines, fmt="F1=%.2f", fontsize=8)
    ax.scatter(table["precision"], table["recall"], zorder=3)
    for name, row in table.iterrows():
        ax.annotate(str(name), (row["precision"], row["recall"]), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    ax.set_xlabel("precision")
    ax.set_ylabel("recall")
    ax.set_xlim(0.4, 1.02)
    ax.set_ylim(0.4, 1.02)
    return ax
