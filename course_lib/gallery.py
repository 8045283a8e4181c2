"""A fast picture gallery: many small images tiled into one plot.

Error analysis means *looking* at the mistakes, often all of them.  Drawing each
8 x 8 digit in its own matplotlib Axes (as :func:`course_lib.domains.show_images`
does) costs tens of milliseconds per image; :func:`mosaic` tiles the images into a
single picture with one caption per tile, so a hundred mistakes draw in a fraction of
a second.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.domains import PIXEL_MAX

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from matplotlib.axes import Axes

__all__ = ["mosaic"]

_GAP = 1  # pixels between tiles
_CAPTION = 4  # pixel rows reserved for the caption above a tile


def _column(values: Any, n: int, name: str) -> np.ndarray | None:
    if values is None:
        return None
    col = np.asarray(values)
    if col.ndim != 1 or len(col) != n:
        raise ValueError(f"{name} must have one entry per image ({n}), got shape {col.shape}")
    return col


def mosaic(
    images: Any,
    labels: Any = None,
    predictions: Any = None,
    *,
    captions: Sequence[str] | None = None,
    ncols: int = 12,
    max_images: int = 200,
    ax: Axes | None = None,
) -> Axes:
    """Tile digit images into one plot, with a short caption above each.

    Parameters
    ----------
    images : array-like of shape (n, height, width) or (n, 64)
        Pixel values on the digits scale 0..16 (flat rows of 64 are read as 8 x 8).
    labels, predictions : array-like of shape (n,), optional
        True and predicted classes.  With both, the caption is ``"3→5"`` (label, then
        prediction), drawn in red when they differ; with one, just that class.
    captions : sequence of str, optional
        Your own caption per image (overrides labels and predictions).
    ncols : int, default 12
        Images per row.
    max_images : int, default 200
        Only the first ``max_images`` images are drawn.
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized for the grid is made otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = mosaic(np.zeros((5, 8, 8)), labels=[1, 2, 3, 4, 5], predictions=[1, 2, 0, 4, 5])
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
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    if isinstance(max_images, bool) or not isinstance(max_images, int) or max_images < 1:
        raise ValueError(f"max_images must be a positive integer, got {max_images!r}")
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
        canvas[top : top + h, c * cell_w : c * cell_w + w] = np.clip(arr[i], 0.0, PIXEL_MAX)

    if ax is None:
        width = 0.75 * cols + 0.2
        height = 0.75 * rows * cell_h / cell_w + 0.45
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.4 / height)
    cmap = plt.get_cmap("gray_r").with_extremes(bad="white")
    ax.imshow(canvas, cmap=cmap, vmin=0.0, vmax=PIXEL_MAX, interpolation="nearest")
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
                va="bottom", fontsize=7, color=color)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
