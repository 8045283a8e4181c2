"""Plots for model selection and error analysis; each returns the matplotlib Axes it drew on."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from course_lib import metrics
from course_lib.validation import check_count, check_real

__all__ = ["precision_recall_map", "show_images", "threshold_tradeoff"]


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


_GAP = 1  # pixels between tiles
_CAPTION = 4  # pixel rows reserved for the caption above a tile


def _column(values: Any, n: int, name: str) -> np.ndarray | None:
    if values is None:
        return None
    col = np.asarray(values)
    if col.ndim != 1 or len(col) != n:
        raise ValueError(f"{name} must have one entry per image ({n}), got shape {col.shape}")
    return col


def show_images(
    images: Any,
    labels: Any = None,
    predictions: Any = None,
    *,
    captions: Sequence[str] | None = None,
    ncols: int = 12,
    max_images: int = 200,
    tile_inches: float = 0.75,
    vmax: float = 16.0,
    ax: Any = None,
) -> Any:
    """Tile small images into one picture, with a short caption above each.

    Error analysis means *looking* at the mistakes, often all of them. Drawing every
    image in an Axes of its own is slow for a hundred images; here they are tiled into a
    single picture, with one caption per tile.

    Parameters
    ----------
    images : array-like of shape (n, height, width) or (n, 64)
        Grey-level images, 0 (background) to ``vmax`` (ink); flat rows of 64 pixels are
        read as 8 x 8 digits.
    labels, predictions : array-like of shape (n,), optional
        True and predicted classes. With both, the caption is ``"3→5"`` (label, then
        prediction), drawn in red when they differ; with one, just that class.
    captions : sequence of str, optional
        Your own caption per image (overrides labels and predictions).
    ncols : int, default 12
        Images per row.
    max_images : int, default 200
        Only the first ``max_images`` images are drawn.
    tile_inches : float, default 0.75
        Width of one tile in inches (larger tiles show more detail).
    vmax : float, default 16.0
        The pixel value drawn black (16 on scikit-learn's digits scale).
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized for the grid is made otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = show_images(np.zeros((5, 8, 8)), labels=[1, 2, 3, 4, 5],
    ...                  predictions=[1, 2, 0, 4, 5])
    >>> [t.get_text() for t in ax.texts][:3]
    ['1→1', '2→2', '3→0']
    """
    import matplotlib.pyplot as plt

    arr = np.asarray(images, dtype=np.float64)
    if arr.ndim == 2 and arr.shape[1] == 64:
        arr = arr.reshape(-1, 8, 8)
    if arr.ndim != 3 or arr.shape[0] == 0:
        raise ValueError(f"images must have shape (n, height, width) with n >= 1, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("images contain NaN or infinite values")
    ncols = check_count(ncols, "ncols", low=1)
    max_images = check_count(max_images, "max_images", low=1)
    vmax = check_real(vmax, "vmax", low=0)
    tile_inches = check_real(tile_inches, "tile_inches", low=0.1)
    n_all = arr.shape[0]
    label_col = _column(labels, n_all, "labels")
    pred_col = _column(predictions, n_all, "predictions")
    if captions is not None and len(captions) != n_all:
        raise ValueError(f"captions must have one entry per image ({n_all}), got {len(captions)}")

    n = min(n_all, max_images)
    h, w = arr.shape[1:]
    cols = min(ncols, n)
    rows = math.ceil(n / cols)
    cell_h, cell_w = h + _CAPTION + _GAP, w + _GAP
    canvas = np.full((rows * cell_h, cols * cell_w), np.nan)
    for i in range(n):
        r, c = divmod(i, cols)
        top = r * cell_h + _CAPTION
        canvas[top : top + h, c * cell_w : c * cell_w + w] = np.clip(arr[i], 0.0, vmax)

    if ax is None:
        width = tile_inches * cols + 0.2
        height = tile_inches * rows * cell_h / cell_w + 0.45
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.4 / height)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    ax.imshow(canvas, cmap=cmap, vmin=0.0, vmax=vmax, interpolation="nearest")
    # a thin frame around every tile, so white backgrounds do not merge
    from matplotlib.collections import LineCollection

    segments = []
    for i in range(n):
        r, c = divmod(i, cols)
        y0, x0 = r * cell_h + _CAPTION - 0.5, c * cell_w - 0.5
        y1, x1 = y0 + h, x0 + w
        segments += [[(x0, y0), (x1, y0)], [(x1, y0), (x1, y1)],
                     [(x1, y1), (x0, y1)], [(x0, y1), (x0, y0)]]
    ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.5))
    for i in range(n):
        r, c = divmod(i, cols)
        color = "black"
        if captions is not None:
            text = str(captions[i])
        elif label_col is not None and pred_col is not None:
            text = f"{label_col[i]}\u2192{pred_col[i]}"
            if label_col[i] != pred_col[i]:
                color = "crimson"
        elif label_col is not None:
            text = str(label_col[i])
        elif pred_col is not None:
            text = str(pred_col[i])
        else:
            continue
        ax.text(c * cell_w + w / 2 - 0.5, r * cell_h + _CAPTION - 1.0, text, ha="center",
                va="bottom", fontsize=max(6.0, 9.0 * tile_inches), color=color)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
