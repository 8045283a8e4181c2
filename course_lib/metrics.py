"""Single-number evaluation metrics and choosing a model by them.

:func:`error_rate` works for any labels (the share of wrong predictions); the
precision / recall / F1 family is for binary labels.

Binary-classification metrics follow one convention throughout: the positive
class is ``1``. When a ratio is ``0 / 0`` (no predicted positives for precision,
no actual positives for recall) the result is ``zero_division``, ``0.0`` by
default, exactly as :func:`sklearn.metrics.precision_score` does with
``zero_division=0``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.validation import (
    check_binary_labels,
    check_fraction,
    check_real,
    check_same_length,
)

if TYPE_CHECKING:  # pandas is only imported when pick_best runs
    import pandas as pd

__all__ = ["confusion_counts", "error_rate", "f1_score", "pick_best", "precision", "recall",
           "weighted_error"]

_OPERATORS = {
    "<=": np.less_equal,
    ">=": np.greater_equal,
    "<": np.less,
    ">": np.greater,
}


def confusion_counts(y_true: Any, y_pred: Any) -> tuple[int, int, int, int]:
    """Count true positives, false positives, false negatives and true negatives.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Actual and predicted labels, the same length.

    Returns
    -------
    tuple of int
        ``(tp, fp, fn, tn)``.

    Examples
    --------
    >>> confusion_counts([1, 1, 0, 0], [1, 0, 1, 0])
    (1, 1, 1, 1)
    """
    t = check_binary_labels(y_true, "y_true")
    p = check_binary_labels(y_pred, "y_pred")
    check_same_length(t, p, "y_true", "y_pred")
    tp = int(np.sum((t == 1) & (p == 1)))
    fp = int(np.sum((t == 0) & (p == 1)))
    fn = int(np.sum((t == 1) & (p == 0)))
    tn = int(np.sum((t == 0) & (p == 0)))
    return tp, fp, fn, tn


def _ratio(num: int, den: int, zero_division: float) -> float:
    return float(num) / den if den else float(zero_division)


def _check_zero_division(zero_division: Any) -> float:
    return check_fraction(zero_division, "zero_division")


def precision(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    """Fraction of predicted positives that are actually positive: ``tp / (tp + fp)``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Actual and predicted labels, the same length.
    zero_division : float, default 0.0
        Returned when the model predicts no positive at all.

    Returns
    -------
    float

    Examples
    --------
    >>> precision([1, 0, 1, 0], [1, 1, 1, 0])
    0.6666666666666666
    """
    zd = _check_zero_division(zero_division)
    tp, fp, _, _ = confusion_counts(y_true, y_pred)
    return _ratio(tp, tp + fp, zd)


def recall(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    """Fraction of actual positives that the model finds: ``tp / (tp + fn)``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Actual and predicted labels, the same length.
    zero_division : float, default 0.0
        Returned when there is no actual positive.

    Returns
    -------
    float

    Examples
    --------
    >>> recall([1, 0, 1, 0], [1, 1, 0, 0])
    0.5
    """
    zd = _check_zero_division(zero_division)
    tp, _, fn, _ = confusion_counts(y_true, y_pred)
    return _ratio(tp, tp + fn, zd)


def f1_score(y_true: Any, y_pred: Any, *, zero_division: float = 0.0) -> float:
    """Harmonic mean of precision and recall: ``2 P R / (P + R)``.

    Computed from counts as ``2 tp / (2 tp + fp + fn)``, which equals the harmonic
    mean whenever it is defined. When ``tp + fp + fn == 0`` (no positives predicted
    and none present) the result is ``zero_division``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1
        Actual and predicted labels, the same length.
    zero_division : float, default 0.0
        Returned when F1 is ``0 / 0``.

    Returns
    -------
    float

    Examples
    --------
    >>> round(f1_score([1, 1, 0, 0], [1, 0, 1, 0]), 3)
    0.5
    """
    zd = _check_zero_division(zero_division)
    tp, fp, fn, _ = confusion_counts(y_true, y_pred)
    return _ratio(2 * tp, 2 * tp + fp + fn, zd)


def weighted_error(y_true: Any, y_pred: Any, weights: Any) -> float:
    """Error rate in which each example's mistake counts ``weights[i]`` times.

    ``sum(w_i * [y_pred_i != y_true_i]) / sum(w_i)``. With all weights 1 it is the
    plain error rate; giving, say, weight 10 to images that must never be let
    through makes one such mistake cost as much as ten ordinary ones.

    Parameters
    ----------
    y_true, y_pred : array-like
        Actual and predicted labels (any comparable values), the same length.
    weights : array-like of float
        Non-negative weights, the same length, not all zero.

    Returns
    -------
    float

    Examples
    --------
    >>> weighted_error([0, 0, 1], [1, 0, 1], [10, 1, 1])
    0.8333333333333334
    """
    t = np.asarray(y_true)
    p = np.asarray(y_pred)
    if isinstance(weights, (str, bytes)):
        raise TypeError("weights must be a list or array of numbers, got str")
    w = np.asarray(weights)
    for arr, name in ((t, "y_true"), (p, "y_pred"), (w, "weights")):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    check_same_length(t, p, "y_true", "y_pred")
    check_same_length(t, w, "y_true", "weights")
    if w.dtype == bool or w.dtype.kind not in "iuf":
        raise TypeError(f"weights must be numbers, got values of type {w.dtype}")
    w = w.astype(float)
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and non-negative")
    total = w.sum()
    if total == 0:
        raise ValueError("weights must not all be zero (the weighted error would be 0/0)")
    return float(np.sum(w * (t != p)) / total)


def pick_best(
    table: pd.DataFrame,
    optimize: str,
    satisficing: Mapping[str, tuple[str, float]] | None = None,
    maximize: bool = True,
) -> Any:
    """Choose a model by one optimizing metric under satisficing constraints.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per model; the index holds the model names.
    optimize : str
        The column to make as large (``maximize=True``) or as small as possible.
    satisficing : dict, optional
        ``{column: (operator, threshold)}`` with operator one of ``"<="``, ``">="``,
        ``"<"``, ``">"``. A model qualifies only when it meets every constraint.
    maximize : bool, default True
        Whether larger values of ``optimize`` are better.

    Returns
    -------
    object
        The index label of the best qualifying row (the first one on a tie).

    Raises
    ------
    ValueError
        If a column is missing, an operator is unknown, or no model meets every
        constraint.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"accuracy": [0.90, 0.92, 0.95], "ms": [80, 95, 1500]},
    ...                  index=["A", "B", "C"])
    >>> pick_best(t, "accuracy", {"ms": ("<=", 100)})
    'B'
    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    if table.empty:
        raise ValueError("table has no rows: there is no model to pick")
    if not isinstance(optimize, str) or optimize not in table.columns:
        raise ValueError(
            f"optimize must be one of the table's columns {list(table.columns)}, got {optimize!r}"
        )
    if not isinstance(maximize, bool):
        raise TypeError(f"maximize must be True or False, got {type(maximize).__name__}")
    satisficing = {} if satisficing is None else satisficing
    if not isinstance(satisficing, Mapping):
        raise TypeError(
            "satisficing must be a dict {column: (operator, threshold)}, "
            f"got {type(satisficing).__name__}"
        )
    ok = np.ones(len(table), dtype=bool)
    for column, rule in satisficing.items():
        if column not in table.columns:
            raise ValueError(
                f"satisficing column {column!r} is not in the table's columns {list(table.columns)}"
            )
        if not isinstance(rule, tuple) or len(rule) != 2:
            raise TypeError(
                f"satisficing[{column!r}] must be a pair (operator, threshold), got {rule!r}"
            )
        op, threshold = rule
        if op not in _OPERATORS:
            raise ValueError(
                f"unknown operator {op!r} for {column!r}: use one of {sorted(_OPERATORS)}"
            )
        limit = check_real(threshold, f"threshold for {column!r}")
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        ok &= _OPERATORS[op](values, limit) & ~np.isnan(values)
    if not ok.any():
        rules = ", ".join(f"{c} {o} {v}" for c, (o, v) in satisficing.items())
        raise ValueError(f"no model meets every satisficing constraint ({rules})")
    scores = pd.to_numeric(table[optimize], errors="coerce").to_numpy(dtype=float)
    scores = np.where(ok & ~np.isnan(scores), scores, np.nan)
    if np.isnan(scores).all():
        raise ValueError(f"no qualifying model has a numeric value in column {optimize!r}")
    position = int(np.nanargmax(scores) if maximize else np.nanargmin(scores))
    return table.index[position]


def error_rate(y_true: Any, y_pred: Any) -> float:
    """Share of examples whose prediction differs from the label.

    Examples
    --------
    >>> error_rate([1, 2, 3, 4], [1, 2, 0, 4])
    0.25
    """
    true, pred = np.asarray(y_true), np.asarray(y_pred)
    if true.ndim != 1 or pred.ndim != 1:
        raise ValueError(
            f"y_true and y_pred must be one-dimensional, got shapes {true.shape} and {pred.shape}"
        )
    if len(true) != len(pred):
        raise ValueError(
            f"y_true and y_pred must have the same length, got {len(true)} and {len(pred)}"
        )
    if len(true) == 0:
        raise ValueError("y_true and y_pred are empty")
    return float(np.mean(true != pred))
