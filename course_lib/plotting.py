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
    t_best, f1_best = thresholds[best], curves["F1"][best]
    ax.axvline(t_best, color="grey", linewidth=0.8)
    # the curves stay high in the middle thresholds: the note goes low, on the wider side of
    # the line, with an arrow up to the best point
    right = t_best <= 0.5
    ax.annotate(f"best F1 = {f1_best:.3f}\nat t = {t_best:.2f}", (t_best, f1_best),
                xytext=(t_best + (0.04 if right else -0.04), 0.3), textcoords="data",
                ha="left" if right else "right", va="center", fontsize=9,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "0.7"},
                arrowprops={"arrowstyle": "->", "color": "0.3", "lw": 0.8})
    ax.scatter([t_best], [f1_best], color="black", s=18, zorder=4)
    ax.set_xlabel("decision threshold")
    ax.set_ylabel("score on the dev set")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower right" if not right else "lower left", fontsize=9, framealpha=0.95)
    return ax


def precision_recall_map(table: Any, ax: Any = None) -> Any:
    """Scatter models by precision (x) and recall (y) over contour lines of equal F1.

    The models' names are listed right of the plot, from the top dot to the bottom one, each
    joined to its dot by a thin line; each contour's "F1=..." label sits on its line as far
    from the dots and those lines as it can.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per model (index = name) with columns ``precision`` and ``recall``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure is made when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> board = pd.DataFrame({"precision": [0.9, 0.91], "recall": [0.8, 0.81]},
    ...                      index=["model A", "model B"])
    >>> ax = precision_recall_map(board)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().startswith("model"))
    ['model A', 'model B']
    """
    for column in ("precision", "recall"):
        if column not in getattr(table, "columns", ()):
            raise ValueError(f"table needs a {column!r} column (one row per model)")
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(8.6, 5.0))
        fig.subplots_adjust(left=0.08, right=0.68, bottom=0.1, top=0.92)
    lo, hi = 0.4, 1.02
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    xs = np.asarray(table["precision"], dtype=float)
    ys = np.asarray(table["recall"], dtype=float)
    names = [str(name) for name in table.index]
    fig = ax.figure
    box = ax.get_position()
    width_in, height_in = box.width * fig.get_figwidth(), box.height * fig.get_figheight()
    # The names go in a column right of the plot, in the order of the dots from top to
    # bottom, each joined to its dot by a thin line: dots close together cannot hide each
    # other's names, and the names keep the top-to-bottom order of the dots.
    fontsize = 8.5
    order = sorted(range(len(xs)), key=lambda i: (-ys[i], -xs[i]))
    column = _spread([(ys[i] - lo) / (hi - lo) for i in order],
                     gap=1.5 * fontsize / 72 / height_in, low=0.02, high=0.98)
    # where the dots and the lines to the names are, in inches from the axes' corner
    inches = np.array([width_in, height_in])
    busy = [np.column_stack([(xs - lo) / (hi - lo), (ys - lo) / (hi - lo)]) * inches]
    for i, y_text in zip(order, column, strict=True):
        start_at = np.array([(xs[i] - lo) / (hi - lo), (ys[i] - lo) / (hi - lo)])
        share = np.linspace(0, 1, 30)[:, None]
        busy.append((start_at + share * (np.array([1.03, y_text]) - start_at)) * inches)
    taken = np.vstack(busy)

    grid = np.linspace(0.01, 1, 200)
    p, r = np.meshgrid(grid, grid)
    f1 = 2 * p * r / (p + r)
    levels = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    lines = ax.contour(p, r, f1, levels=levels, colors="lightgrey")
    # one label per contour, at the point of its line farthest from the dots and lines
    spots: list[tuple[float, float]] = []
    for level in levels:
        rr = np.linspace(lo + 0.03, hi - 0.03, 240)
        rr = rr[2 * rr > level + 1e-9]
        pp = level * rr / (2 * rr - level)
        keep = (pp > lo + 0.05) & (pp < hi - 0.04)
        if not keep.any():
            continue
        cand = np.column_stack([(pp[keep] - lo) / (hi - lo), (rr[keep] - lo) / (hi - lo)])
        cand = cand * inches
        dist = np.min(np.linalg.norm(cand[:, None, :] - taken[None, :, :], axis=2), axis=1)
        k = int(np.argmax(dist))
        spots.append((float(pp[keep][k]), float(rr[keep][k])))
        taken = np.vstack([taken, cand[k]])
    if spots:
        for text in ax.clabel(lines, fmt="F1=%.2f", fontsize=8, manual=spots):
            text.set_color("0.4")
    ax.scatter(xs, ys, zorder=3, s=36)
    for i, y_text in zip(order, column, strict=True):
        ax.annotate(names[i], (xs[i], ys[i]), xytext=(1.03, y_text), textcoords="axes fraction",
                    ha="left", va="center", fontsize=fontsize, annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.7, "shrinkA": 1,
                                "shrinkB": 4})
    ax.set_xlabel("precision")
    ax.set_ylabel("recall")
    return ax


def _spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Move positions (sorted from high to low) apart by at least ``gap``, within bounds.

    >>> [round(y, 2) for y in _spread([0.9, 0.89, 0.2], gap=0.05, low=0, high=1)]
    [0.9, 0.85, 0.2]
    """
    n = len(wanted)
    if n > 1:
        gap = min(gap, (high - low) / (n - 1))
    out: list[float] = []
    for value in wanted:
        out.append(min(value, high) if not out else min(value, out[-1] - gap))
    if out and out[-1] < low:
        out[-1] = low
        for k in range(n - 2, -1, -1):
            out[k] = max(out[k], out[k + 1] + gap)
    return out


_OFFSETS = [  # (dx, dy) in points, then horizontal and vertical alignment of the label
    (7, 0, "left", "center"), (-7, 0, "right", "center"),
    (5, 5, "left", "bottom"), (5, -5, "left", "top"),
    (-5, 5, "right", "bottom"), (-5, -5, "right", "top"),
    (0, 8, "center", "bottom"), (0, -8, "center", "top"),
]


def label_points(
    ax: Any,
    xs: Any,
    ys: Any,
    texts: Sequence[str],
    *,
    fontsize: float = 9.0,
    marker_points: float = 5.0,
    avoid: Sequence[Any] = (),
) -> list[Any]:
    """Write a label beside each point, where it overlaps no point, label or line given.

    Points with close neighbours choose first. For each, offsets right, left, above and
    below it are tried -- those pointing away from its neighbours first, then the same
    directions further away, with a thin line back to the point -- and the first one whose
    label stays inside the axes and touches no point, label or ``avoid`` artist is kept (if
    none is free, the one that overlaps least). The axes' legend, if it has one, is avoided
    too. Set the axes limits, the legend and the figure size *before* calling this: the
    choice is made for that layout.

    Parameters
    ----------
    ax : matplotlib Axes
        The axes holding the points.
    xs, ys : array-like of float
        Data coordinates of the points, one per label.
    texts : sequence of str
        The labels.
    fontsize : float, default 9.0
        Font size of the labels.
    marker_points : float, default 5.0
        Radius of a point's marker in points: the area a label must not cover.
    avoid : sequence of matplotlib artists, optional
        Other things the labels must not cover (a limit line, a legend, some text).

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels, in the order of ``texts``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.scatter([1, 1.01], [2, 2.01])
    >>> labels = label_points(ax, [1, 1.01], [2, 2.01], ["first", "second"])
    >>> renderer = fig.canvas.get_renderer()
    >>> a, b = (t.get_window_extent(renderer) for t in labels)
    >>> bool(a.overlaps(b))
    False
    """
    from matplotlib.text import Text

    x_arr = np.asarray(xs, dtype=float)
    y_arr = np.asarray(ys, dtype=float)
    if x_arr.ndim != 1 or x_arr.shape != y_arr.shape or len(texts) != len(x_arr):
        raise ValueError("xs, ys and texts must have one entry per point, all the same length")
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.get_xlim(), ax.get_ylim()  # settle autoscaling before measuring
    n = len(x_arr)
    points = ax.transData.transform(np.column_stack([x_arr, y_arr])) if n else np.zeros((0, 2))
    # a label keeps clear of the other points by a few points more than their marker, so
    # that it is not read as theirs
    radius = (marker_points + 3) * fig.dpi / 72
    dots = [_box(px - radius, py - radius, px + radius, py + radius) for px, py in points]
    artists = list(avoid)
    if ax.get_legend() is not None:
        artists.append(ax.get_legend())
    # padded, so that a thin line (zero width) still has an area to keep clear of
    fixed = [artist.get_window_extent(renderer).padded(2 * fig.dpi / 72) for artist in artists]
    frame = ax.get_window_extent(renderer)
    pad = 1.5 * fig.dpi / 72
    candidates = [(scale * dx, scale * dy, ha, va, ring)
                  for ring, scale in enumerate((1.0, 2.2, 3.6)) for dx, dy, ha, va in _OFFSETS]
    # the most crowded points choose first
    near = 40 * fig.dpi / 72
    crowd = [int(np.sum(np.hypot(*(points - points[i]).T) < near)) for i in range(n)]
    labels: list[Any] = [None] * n
    placed: list[Any] = []
    for i in sorted(range(n), key=lambda i: -crowd[i]):
        obstacles = fixed + placed + [box for j, box in enumerate(dots) if j != i]
        # try first the directions pointing away from the nearby points
        away = np.zeros(2)
        for j in range(n):
            step = points[i] - points[j]
            dist = float(np.hypot(*step))
            if j != i and 0 < dist < near:
                away += step / dist**2
        order = sorted(candidates,
                       key=lambda c: (c[4], -float(np.dot(away, c[:2]) / np.hypot(c[0], c[1]))))
        best, best_cost = None, None
        for dx, dy, ha, va, ring in order:
            far = ring > 0
            label = ax.annotate(
                str(texts[i]), (x_arr[i], y_arr[i]), xytext=(dx, dy), textcoords="offset points",
                ha=ha, va=va, fontsize=fontsize, annotation_clip=False,
                arrowprops={"arrowstyle": "-", "color": "0.55", "lw": 0.6, "shrinkA": 1,
                            "shrinkB": marker_points} if far else None,
            )
            label.update_positions(renderer)  # place it for this layout, then measure
            box = Text.get_window_extent(label, renderer).padded(pad)
            cost = sum(_overlap(box, other) for other in obstacles)
            cost += 4 * (box.width * box.height - _overlap(box, frame))  # outside the axes
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best[0].remove()
                best, best_cost = (label, box), cost
            else:
                label.remove()
            if cost == 0:
                break
        assert best is not None
        placed.append(best[1])
        labels[i] = best[0]
    return labels


def _box(x0: float, y0: float, x1: float, y1: float) -> Any:
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


def _overlap(a: Any, b: Any) -> float:
    """Area (square pixels) shared by two bounding boxes."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(width * height) if width > 0 and height > 0 else 0.0


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


_ORDERS = ("confusion", "true", "predicted", "given")
_ORDER_WORDS = {
    "confusion": "grouped by true \u2192 predicted label",
    "true": "sorted by true label",
    "predicted": "sorted by predicted label",
    "given": "in the order given",
}


def _class_column(values: Any, n: int, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array with one entry per image, "
                        f"got {type(values).__name__}")
    col = np.asarray(values)
    if col.ndim != 1 or len(col) != n:
        raise ValueError(f"{name} must have one entry per image ({n}), got shape {col.shape}")
    return col


def _sort_key(value: Any) -> tuple[int, float, str]:
    """Numbers sort by value (so 10 comes after 9), anything else by its text."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _gallery_order(true: np.ndarray, pred: np.ndarray, order: str) -> np.ndarray:
    """Positions of the images in the order the gallery shows them (stable sorts)."""
    n = len(true)
    keys_true = [_sort_key(t) for t in true]
    keys_pred = [_sort_key(p) for p in pred]
    if order == "given":
        return np.arange(n)
    if order == "true":
        return np.array(sorted(range(n), key=lambda i: (keys_true[i], keys_pred[i])), dtype=int)
    if order == "predicted":
        return np.array(sorted(range(n), key=lambda i: (keys_pred[i], keys_true[i])), dtype=int)
    pairs = list(zip(keys_true, keys_pred, strict=True))
    size: dict[tuple[tuple[int, float, str], tuple[int, float, str]], int] = {}
    for pair in pairs:
        size[pair] = size.get(pair, 0) + 1
    # the most frequent confusions first; ties by true, then predicted label
    return np.array(sorted(range(n), key=lambda i: (-size[pairs[i]], pairs[i])), dtype=int)


def show_mistakes(
    images: Any,
    labels: Any,
    predictions: Any,
    *,
    ids: Any = None,
    order: str = "confusion",
    start: int = 0,
    count: int = 24,
    select: Any = None,
    ncols: int = 6,
    tile_inches: float = 1.25,
    vmax: float = 16.0,
    ax: Any = None,
) -> Any:
    """A readable gallery of misclassified images, one page at a time.

    Each image is drawn large (``tile_inches`` wide, pixels kept square and sharp), with
    its true label, the model's prediction and its id written under it. The images are
    grouped so that similar mistakes sit side by side -- by default every "8 read as 1"
    together, the most frequent confusions first -- which makes it easy to tag them by
    category. Page through a long list with ``start`` and ``count``, or pick a few with
    ``select``.

    Parameters
    ----------
    images : array-like of shape (n, height, width) or (n, 64)
        Grey-level images, 0 (background) to ``vmax`` (ink); flat rows of 64 pixels are
        read as 8 x 8 digits.
    labels, predictions : array-like of shape (n,)
        True and predicted class of each image. A caption is red when they differ.
    ids : array-like of shape (n,), optional
        A name or row number per image, written as ``#id`` under it (the number you
        write in your error-analysis table). By default the position in ``images``.
    order : {"confusion", "true", "predicted", "given"}, default "confusion"
        ``"confusion"`` groups the images by (true, predicted) pair, largest group first;
        ``"true"`` / ``"predicted"`` sort by that label; ``"given"`` keeps your order.
    start : int, default 0
        Position, in the sorted list, of the first image on the page (0, ``count``,
        ``2 * count``, ... for successive pages).
    count : int, default 24
        How many images per page.
    select : sequence of ids, optional
        Show only these images (values of ``ids``, or positions when ``ids`` is omitted).
    ncols : int, default 6
        Images per row.
    tile_inches : float, default 1.25
        Width of one image in inches.
    vmax : float, default 16.0
        The pixel value drawn black (16 on scikit-learn's digits scale).
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized for the page is made otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        One Axes holding the page; its title says which images it shows and how to get
        the next page.

    Raises
    ------
    TypeError
        If an argument has the wrong type (e.g. ``start=1.5`` or ``labels=None``).
    ValueError
        If the shapes do not match, ``order`` is unknown, ``start`` is past the last
        image, or ``select`` names an id that is not there.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = show_mistakes(np.zeros((30, 8, 8)), labels=[8] * 30, predictions=[1] * 30,
    ...                    ids=range(100, 130), start=24)
    >>> ax.get_title()
    'Mistakes 25\u201330 of 30, grouped by true \u2192 predicted label'
    >>> ax.texts[0].get_text()
    'true 8 \u2192 pred 1\\n#124'
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    if images is None or isinstance(images, (str, bytes, dict, set)):
        raise TypeError(f"images must be an array of shape (n, height, width), "
                        f"got {type(images).__name__}")
    arr = np.asarray(images)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"images must hold numbers (pixel values), got values of type {arr.dtype}")
    arr = arr.astype(np.float64)
    if arr.ndim == 2 and arr.shape[1] == 64:
        arr = arr.reshape(-1, 8, 8)
    if arr.ndim != 3 or arr.shape[0] == 0:
        raise ValueError(f"images must have shape (n, height, width) with n >= 1, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("images contain NaN or infinite values")
    n_all = arr.shape[0]
    true = _class_column(labels, n_all, "labels")
    pred = _class_column(predictions, n_all, "predictions")
    names = np.arange(n_all) if ids is None else _class_column(ids, n_all, "ids")
    if not isinstance(order, str):
        raise TypeError(f"order must be a string, one of {_ORDERS}, got {type(order).__name__}")
    if order not in _ORDERS:
        raise ValueError(f"order must be one of {_ORDERS}, got {order!r}")
    start = check_count(start, "start", low=0)
    count = check_count(count, "count", low=1)
    ncols = check_count(ncols, "ncols", low=1)
    tile_inches = check_real(tile_inches, "tile_inches", low=0.3)
    vmax = check_real(vmax, "vmax", low=0)
    if vmax == 0:
        raise ValueError("vmax must be greater than 0 (the pixel value drawn black)")

    shown = _gallery_order(true, pred, order)
    all_wrong = all(str(t) != str(p) for t, p in zip(true, pred, strict=True))
    what = "Mistakes" if all_wrong else "Images"
    if select is not None:
        if isinstance(select, (str, bytes, dict)) or not hasattr(select, "__iter__"):
            raise TypeError(f"select must be a list of ids, got {type(select).__name__}")
        wanted = list(select)
        if not wanted:
            raise ValueError("select is empty: give at least one id to show")
        known = {str(name) for name in names}
        missing = [w for w in wanted if str(w) not in known]
        if missing:
            where = "ids" if ids is not None else "positions 0 to " + str(n_all - 1)
            raise ValueError(f"select names images that are not there: {missing[:5]} "
                             f"(select takes values from {where})")
        keep = {str(w) for w in wanted}
        shown = np.array([i for i in shown if str(names[i]) in keep], dtype=int)
    total = len(shown)
    if start >= total:
        pages = ", ".join(str(s) for s in range(0, total, count))
        raise ValueError(f"start={start} is past the last image: there are {total} images, "
                         f"so pages start at {pages}")
    page = shown[start : start + count]
    stop = start + len(page)

    h, w = arr.shape[1:]
    px = tile_inches / w  # inches per pixel
    gap = max(1, math.ceil(0.15 / px))
    caption = max(2, math.ceil(0.42 / px))
    cols = min(ncols, len(page))
    rows = math.ceil(len(page) / cols)
    cell_w, cell_h = w + gap, h + caption
    canvas = np.full((rows * cell_h, cols * cell_w - gap), np.nan)
    for k, i in enumerate(page):
        r, c = divmod(k, cols)
        canvas[r * cell_h : r * cell_h + h, c * cell_w : c * cell_w + w] = np.clip(arr[i], 0, vmax)

    if ax is None:
        width = (canvas.shape[1] + 1) * px + 0.3
        height = (canvas.shape[0] + 1) * px + 0.55
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.15 / width, right=1 - 0.15 / width, bottom=0.05 / height,
                            top=1 - 0.5 / height)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    ax.imshow(canvas, cmap=cmap, vmin=0.0, vmax=vmax, interpolation="nearest")
    segments = []
    for k in range(len(page)):
        r, c = divmod(k, cols)
        y0, x0 = r * cell_h - 0.5, c * cell_w - 0.5
        y1, x1 = y0 + h, x0 + w
        segments += [[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]
    ax.add_collection(LineCollection(segments, colors="0.6", linewidths=0.6))
    fontsize = min(11.0, max(7.0, 7.2 * tile_inches))
    for k, i in enumerate(page):
        r, c = divmod(k, cols)
        wrong = str(true[i]) != str(pred[i])
        ax.text(c * cell_w + (w - 1) / 2, r * cell_h + h - 0.5 + 0.08 * caption,
                f"true {true[i]} \u2192 pred {pred[i]}\n#{names[i]}", ha="center", va="top",
                fontsize=fontsize, color="crimson" if wrong else "black", linespacing=1.15)
    if select is not None:
        what = f"Selected {what.lower()}"
    title = f"{what} {start + 1}\u2013{stop} of {total}, {_ORDER_WORDS[order]}"
    if stop < total:
        title += f" (next page: start={stop})"
    ax.set_title(title, fontsize=10)
    # half a pixel of margin all round, so the frames of the outer tiles are drawn whole
    ax.set_xlim(-1.0, canvas.shape[1])
    ax.set_ylim(canvas.shape[0], -1.0)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
