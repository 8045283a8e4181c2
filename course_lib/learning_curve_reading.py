"""Learning curves for small data, and what they say: high bias, high variance, both, or fine.

With a few hundred examples, one learning curve is mostly noise: the 20 examples that happen
to be first decide the leftmost point. :func:`averaged_learning_curve` makes each point the
average of several fits, each on a different random subset of the training set drawn with
:func:`stratified_subset` (every subset keeps the classes in the shares of the whole
training set), and keeps the spread across the subsets so that a plot can show how much a
point could move. The dev set is the same for every fit. Errors are fractions of wrong
predictions, as in :mod:`course_lib.learning_curves`.

:func:`read_learning_curve` reads the right end of the curves against the error you want
(the "desired performance" line) and names the regime, with the numbers behind it:

- **high bias**: the training error is already above the desired error. Training error
  usually *rises* as the training set grows, so more data alone cannot bring the dev
  error (which sits above the training error) down to the goal.
- **high variance**: the training error is at or below the goal, the dev error is not, and
  the gap between them is what separates you from the goal; more data (or regularization)
  is the usual cure, especially while the dev curve is still falling.
- **both**: the training error is above the goal *and* the gap is large compared with how
  far the training error is from the goal.
- **fine**: the dev error is within tolerance of the goal.

Examples
--------
>>> curve = LearningCurveResult.from_errors([100, 200, 400], [0.10, 0.12, 0.13],
...                                         [0.30, 0.20, 0.16])
>>> read_learning_curve(curve, desired_error=0.05).regime
'high bias'
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from course_lib.learning_curves import _arrays, _fit_and_score
from course_lib.validation import check_count, check_fraction, check_real, check_rng

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "BOTH",
    "FINE",
    "HIGH_BIAS",
    "HIGH_VARIANCE",
    "REGIMES",
    "CurveReading",
    "LearningCurveResult",
    "averaged_learning_curve",
    "read_learning_curve",
    "stratified_subset",
]

HIGH_BIAS = "high bias"
HIGH_VARIANCE = "high variance"
BOTH = "both"
FINE = "fine"
#: The four readings :func:`read_learning_curve` can give.
REGIMES: tuple[str, ...] = (HIGH_BIAS, HIGH_VARIANCE, BOTH, FINE)

_SUMMARY_COLUMNS = ["train_error", "train_std", "train_min", "train_max",
                    "dev_error", "dev_std", "dev_min", "dev_max"]


# ----------------------------------------------------------------------------- subsets
def _class_quotas(counts: np.ndarray, size: int) -> np.ndarray:
    """How many examples of each class a subset of ``size`` takes (largest remainders)."""
    exact = size * counts / counts.sum()
    quotas = np.floor(exact).astype(int)
    leftover = size - int(quotas.sum())
    # the classes with the largest fractional parts get one more each (ties: class order)
    order = np.lexsort((np.arange(len(counts)), -(exact - quotas)))
    quotas[order[:leftover]] += 1
    if size >= len(counts):
        # every class at least once, so that the model sees every class; the example is taken
        # from the class with the largest quota, which always has one to spare
        for k in np.flatnonzero(quotas == 0):
            donor = int(np.argmax(quotas))
            quotas[donor] -= 1
            quotas[k] = 1
    return quotas


def stratified_subset(y: Any, size: int, seed: Any = 0) -> np.ndarray:
    """Draw ``size`` example positions at random, keeping the class shares of ``y``.

    Each class gets ``size * share`` examples, rounded so that the counts add up to ``size``
    (the classes with the largest remainders get the extra ones); when ``size`` is at least
    the number of classes, every class gets at least one example, so that a model trained
    on the subset sees all of them. Within each class, the examples are drawn at random
    without replacement.

    Parameters
    ----------
    y : array-like of shape (n,)
        Class labels (numbers or strings).
    size : int
        How many examples to draw, between 1 and ``n``.
    seed : int or numpy.random.Generator, default 0
        Makes the draw reproducible.

    Returns
    -------
    numpy.ndarray
        ``size`` distinct positions into ``y``, in increasing order.

    Raises
    ------
    TypeError
        If ``y`` is not a list or array, or ``size`` is not an integer.
    ValueError
        If ``y`` is empty or not one-dimensional, or ``size`` is out of range.

    Examples
    --------
    >>> y = np.array([0] * 80 + [1] * 20)
    >>> picked = stratified_subset(y, 10, seed=1)
    >>> len(picked), int((y[picked] == 1).sum())
    (10, 2)
    """
    labels = _labels(y, "y")
    n = check_count(size, "size", low=1, high=len(labels))
    rng = check_rng(seed)
    classes, codes, counts = np.unique(labels, return_inverse=True, return_counts=True)
    quotas = _class_quotas(counts, n)
    picked = [rng.choice(np.flatnonzero(codes == k), size=int(q), replace=False)
              for k, q in enumerate(quotas) if q > 0]
    return np.sort(np.concatenate(picked))


def _labels(y: Any, name: str) -> np.ndarray:
    if y is None or isinstance(y, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of class labels, got {type(y).__name__}")
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one label per example), "
                         f"got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; give at least one label")
    return arr


# ----------------------------------------------------------------------------- the curve
def _model_factory(model: Any) -> Any:
    """A function returning a fresh, unfitted model: from an estimator, a class or a factory."""
    if isinstance(model, type) or (callable(model) and not hasattr(model, "fit")):
        return model
    if hasattr(model, "fit") and hasattr(model, "predict"):
        if hasattr(model, "get_params"):
            from sklearn.base import clone

            return lambda: clone(model)
        return lambda: copy.deepcopy(model)
    raise TypeError(
        "model must be a scikit-learn-style estimator (with fit() and predict()) or a function "
        f"that returns a new one, e.g. lambda: KNeighborsClassifier(1); got {type(model).__name__}"
    )


@dataclass(frozen=True)
class LearningCurveResult:
    """Averaged training and dev errors against the training-set size.

    Build it with :func:`averaged_learning_curve` (or :meth:`from_errors` from numbers).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per training-set size (index ``n_train``, increasing): the mean training
        and dev error over the repeats (``train_error``, ``dev_error``), their standard
        deviation across the repeats (``train_std``, ``dev_std``, ``ddof=0``) and their
        smallest and largest values (``train_min`` ... ``dev_max``).
    runs : pandas.DataFrame
        One row per fit: ``n_train``, ``repeat``, ``train_error``, ``dev_error``.
    repeats : int
        Fits per training-set size.
    stratified : bool
        Whether the subsets kept the class shares.
    seed : int or None
        The seed the subsets were drawn with (``None`` for a Generator or given numbers).
    """

    table: pd.DataFrame
    runs: pd.DataFrame
    repeats: int
    stratified: bool
    seed: int | None

    @classmethod
    def from_errors(cls, sizes: Iterable[int], train_errors: Iterable[float],
                    dev_errors: Iterable[float]) -> LearningCurveResult:
        """A one-repeat result from given errors (textbook curves, or another tool's numbers).

        Examples
        --------
        >>> LearningCurveResult.from_errors([10, 20], [0.0, 0.05], [0.4, 0.3]).table.shape
        (2, 8)
        """
        import pandas as pd

        n = [check_count(v, "every size", low=1) for v in sizes]
        train = [check_fraction(v, "every training error") for v in train_errors]
        dev = [check_fraction(v, "every dev error") for v in dev_errors]
        if not n:
            raise ValueError("sizes is empty; give at least one training-set size")
        if not len(n) == len(train) == len(dev):
            raise ValueError("sizes, train_errors and dev_errors must have the same length, got "
                             f"{len(n)}, {len(train)} and {len(dev)}")
        if sorted(set(n)) != n:
            raise ValueError("sizes must be increasing and different from each other")
        runs = pd.DataFrame({"n_train": n, "repeat": 0, "train_error": train,
                             "dev_error": dev})
        return cls(table=_summarise(runs), runs=runs, repeats=1, stratified=False, seed=None)

    @property
    def sizes(self) -> list[int]:
        """The training-set sizes, increasing."""
        return [int(n) for n in self.table.index]

    def plot(self, ax: Axes | None = None, desired: float | None = None,
             human: float | None = None, *, spread: Literal["std", "range"] = "std",
             logx: bool = False) -> Axes:
        """Draw the training and dev curves with their spread shaded.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when omitted.
        desired : float, optional
            The error you aim for, drawn as a dashed horizontal line.
        human : float, optional
            Human-level error, drawn as a dotted horizontal line.
        spread : {"std", "range"}, default "std"
            Shade mean +/- one standard deviation, or the smallest to largest value.
        logx : bool, default False
            Use a logarithmic x axis (sizes that grow by doubling).

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> curve = LearningCurveResult.from_errors([10, 20], [0.0, 0.05], [0.4, 0.3])
        >>> ax = curve.plot(desired=0.1)
        >>> [line.get_label() for line in ax.get_lines()]
        ['training error', 'dev error', 'desired error']
        """
        if spread not in ("std", "range"):
            raise ValueError(f"spread must be 'std' or 'range', got {spread!r}")
        lines = [(check_fraction(v, name), label, style) for v, name, label, style in
                 ((desired, "desired", "desired error", "--"),
                  (human, "human", "human-level error", ":")) if v is not None]
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(6.4, 4.0))
        n = np.asarray(self.sizes, dtype=float)
        for part, label, color in (("train", "training error", "C0"), ("dev", "dev error", "C1")):
            mean = self.table[f"{part}_error"].to_numpy()
            if spread == "std":
                std = self.table[f"{part}_std"].to_numpy()
                low, high = mean - std, mean + std
            else:
                low = self.table[f"{part}_min"].to_numpy()
                high = self.table[f"{part}_max"].to_numpy()
            ax.plot(n, mean, "o-", color=color, label=label, markersize=4)
            ax.fill_between(n, np.clip(low, 0, 1), np.clip(high, 0, 1), color=color, alpha=0.2,
                            linewidth=0)
        for value, label, style in lines:
            ax.axhline(value, color="0.3", linestyle=style, linewidth=1.2, label=label)
        if logx:
            ax.set_xscale("log")
        ax.set_xlabel("training-set size (examples)")
        ax.set_ylabel("error")
        if self.repeats > 1:
            shaded = "+/- 1 std" if spread == "std" else "min to max"
            ax.set_title(f"Learning curves, mean of {self.repeats} subsets per size "
                         f"(shaded: {shaded})")
        else:
            ax.set_title("Learning curves")
        ax.set_ylim(bottom=0)
        ax.legend()
        return ax


def _summarise(runs: pd.DataFrame) -> pd.DataFrame:
    grouped = runs.groupby("n_train", sort=True)
    out = {}
    for part in ("train", "dev"):
        column = grouped[f"{part}_error"]
        out[f"{part}_error"] = column.mean()
        out[f"{part}_std"] = column.std(ddof=0)
        out[f"{part}_min"] = column.min()
        out[f"{part}_max"] = column.max()
    import pandas as pd

    table = pd.DataFrame(out)[_SUMMARY_COLUMNS]
    table.index.name = "n_train"
    return table


def averaged_learning_curve(
    model: Any,
    X_train: Any,
    y_train: Any,
    X_dev: Any,
    y_dev: Any,
    sizes: Iterable[int],
    *,
    repeats: int = 5,
    stratify: bool = True,
    seed: Any = 0,
) -> LearningCurveResult:
    """Training and dev error against training-set size, each point averaged over subsets.

    For each size ``n`` and each of ``repeats`` repeats, a fresh copy of the model is fitted
    on ``n`` training examples drawn at random (with :func:`stratified_subset` when
    ``stratify``, so each subset keeps the class shares of the training set) and scored on
    the subset it was trained on and on the whole dev set. The subsets of different sizes
    are drawn independently (not nested). A training set used in full gives the same subset
    every time, so its spread comes only from the model's own randomness.

    Parameters
    ----------
    model : estimator, class, or callable
        A scikit-learn-style estimator (cloned for every fit, never fitted itself), an
        estimator class, or a function returning a new unfitted model.
    X_train, y_train : array-like
        The pool the training subsets are drawn from; ``y_train`` holds class labels.
    X_dev, y_dev : array-like
        The dev set, the same for every fit.
    sizes : iterable of int
        Training-set sizes, each between 1 (with ``stratify``, the number of classes) and
        ``len(y_train)``; sorted and de-duplicated.
    repeats : int, default 5
        Random subsets per size (at least 1).
    stratify : bool, default True
        Keep the class shares in every subset.
    seed : int or numpy.random.Generator, default 0
        Seeds the draws: the same seed gives the same result.

    Returns
    -------
    LearningCurveResult
        ``.table`` (means, standard deviations, minima and maxima per size), ``.runs`` and
        ``.plot()``; read it with :func:`read_learning_curve`.

    Raises
    ------
    TypeError
        For a model without ``fit``/``predict``, non-array data, or non-integer sizes.
    ValueError
        For mismatched lengths, empty sets, or a size out of range.

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X = np.arange(40.0).reshape(-1, 1)
    >>> y = (X[:, 0] >= 20).astype(int)
    >>> curve = averaged_learning_curve(KNeighborsClassifier(1), X, y, X, y, [4, 40], seed=3)
    >>> curve.sizes, float(curve.table["dev_error"].iloc[-1]), len(curve.runs)
    ([4, 40], 0.0, 10)
    """
    import pandas as pd

    make = _model_factory(model)
    Xt, yt, Xd, yd = _arrays(X_train, y_train, X_dev, y_dev)
    if Xt.ndim < 2 or Xd.ndim < 2:
        raise ValueError("X_train and X_dev must be two-dimensional (one row per example); for "
                         "a single feature, write X.reshape(-1, 1)")
    reps = check_count(repeats, "repeats", low=1)
    if not isinstance(stratify, (bool, np.bool_)):
        raise TypeError(f"stratify must be True or False, got {type(stratify).__name__}")
    rng = check_rng(seed)
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable):
        raise TypeError(f"sizes must be a list of integers, got {type(sizes).__name__}")
    wanted = list(sizes)
    if not wanted:
        raise ValueError("sizes is empty; give at least one training-set size")
    n_classes = len(np.unique(yt))
    low = n_classes if stratify else 1
    for n in wanted:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, Integral):
            raise TypeError(f"every size must be an integer, got {type(n).__name__} {n!r}")
        if not low <= n <= len(yt):
            why = (f" (a stratified subset needs one example of each of the {n_classes} classes)"
                   if stratify and n < n_classes else "")
            raise ValueError(f"sizes must lie between {low} and {len(yt)} (the training set), "
                             f"got {n}{why}")
    rows = []
    for n in sorted({int(v) for v in wanted}):
        for r in range(reps):
            if stratify:
                picked = stratified_subset(yt, n, rng)
            else:
                picked = np.sort(rng.choice(len(yt), size=n, replace=False))
            try:
                train_error, dev_error = _fit_and_score(make(), Xt[picked], yt[picked], Xd, yd)
            except ValueError as exc:
                if len(np.unique(yt[picked])) < 2:
                    raise ValueError(f"a subset of {n} examples held a single class and the "
                                     f"model could not be fitted ({exc}); use stratify=True or "
                                     "larger sizes") from exc
                raise
            rows.append((n, r, train_error, dev_error))
    runs = pd.DataFrame(rows, columns=["n_train", "repeat", "train_error", "dev_error"])
    return LearningCurveResult(table=_summarise(runs), runs=runs, repeats=reps,
                               stratified=bool(stratify),
                               seed=None if isinstance(seed, np.random.Generator) else int(seed))


# ----------------------------------------------------------------------------- the reading
@dataclass(frozen=True)
class CurveReading:
    """What a learning curve says, and the numbers the verdict rests on.

    Attributes
    ----------
    regime : str
        ``"high bias"``, ``"high variance"``, ``"both"`` or ``"fine"``.
    n_train : int
        The training-set size read (the largest on the curve).
    train_error, dev_error, desired_error : float
        The mean errors at that size, and the goal.
    bias_gap : float
        ``train_error - desired_error`` (above ``tolerance``: high bias).
    gap : float
        ``dev_error - train_error``.
    dev_trend : float or None
        Change of the dev error between the last two sizes (negative: still falling);
        ``None`` for a one-point curve.
    train_trend : float or None
        The same for the training error.
    tolerance, relative_gap : float
        The thresholds used.
    reasons : tuple of str
        One sentence per rule that decided, with its numbers.
    advice : str
        What the regime suggests trying.
    """

    regime: str
    n_train: int
    train_error: float
    dev_error: float
    desired_error: float
    bias_gap: float
    gap: float
    dev_trend: float | None
    train_trend: float | None
    tolerance: float
    relative_gap: float
    reasons: tuple[str, ...]
    advice: str

    def __str__(self) -> str:
        lines = [f"Learning curve at n_train = {self.n_train}: {self.regime}",
                 f"  training error {self.train_error:.3f}, dev error {self.dev_error:.3f}, "
                 f"desired {self.desired_error:.3f}"]
        lines.extend(f"  - {reason}" for reason in self.reasons)
        lines.append(f"  Advice: {self.advice}")
        return "\n".join(lines)


_ADVICE = {
    HIGH_BIAS: "more data will not help on its own; reduce bias: a bigger model, better "
               "features, less regularization, error analysis on the training set.",
    HIGH_VARIANCE: "reduce variance: more training data (the dev curve tells how much it may "
                   "help), regularization, data augmentation.",
    BOTH: "reduce both: better features or architecture help either; a bigger model with "
          "regularization lowers the bias, more data the gap. More data alone cannot reach "
          "the goal.",
    FINE: "the dev error is at the goal, within tolerance: move on (or aim higher, with a "
          "dev set big enough to measure smaller differences).",
}


def _table_of(result: Any) -> pd.DataFrame:
    import pandas as pd

    if isinstance(result, LearningCurveResult):
        return result.table
    if isinstance(result, pd.DataFrame):
        missing = {"train_error", "dev_error"} - set(result.columns)
        if missing:
            raise ValueError("a learning-curve table needs the columns train_error and "
                             f"dev_error, missing {sorted(missing)}")
        if len(result) == 0:
            raise ValueError("the learning-curve table is empty")
        return result.sort_index()
    raise TypeError("result must be a LearningCurveResult (from averaged_learning_curve) or a "
                    "DataFrame with train_error and dev_error columns, "
                    f"got {type(result).__name__}")


def read_learning_curve(result: Any, desired_error: float, *, tolerance: float = 0.01,
                        relative_gap: float = 0.5) -> CurveReading:
    """Name the regime a learning curve shows: high bias, high variance, both, or fine.

    The reading uses the largest training-set size on the curve (the one closest to
    training on everything), its mean training error ``t`` and dev error ``d``, and the
    desired error ``g``. With ``b = t - g`` (how far training error is above the goal) and
    ``v = d - t`` (the gap):

    1. **high bias** when ``b > tolerance``: the training error already misses the goal,
       and it usually grows with more data, so more data cannot bring the dev error there.
    2. **high variance** when the gap is big: ``v > tolerance`` and ``d > g + tolerance``,
       and, if there is high bias too, ``v >= relative_gap * b`` (the gap is at least that
       share of the bias). Without high bias, the gap is what stands between ``t <= g`` and
       the goal.
    3. **both** when 1 and 2 hold; **fine** when neither does: then the dev error is at most
       ``tolerance`` above the goal, or the training error and the gap are each within
       ``tolerance`` (so the dev error is at most ``2 * tolerance`` above the goal).

    The trends (change between the last two sizes) are reported as evidence, not used by the
    rules: a dev curve still falling at the right end says more data should help variance.

    Parameters
    ----------
    result : LearningCurveResult or pandas.DataFrame
        From :func:`averaged_learning_curve`, or a table with ``train_error`` and
        ``dev_error`` columns indexed by training-set size (as
        :func:`course_lib.learning_curves.learning_curve` returns).
    desired_error : float
        The error you aim for, a fraction in [0, 1] (e.g. human-level error).
    tolerance : float, default 0.01
        Differences this small are noise; pick it from the dev set's size (see
        :func:`course_lib.sizing.standard_error`).
    relative_gap : float, default 0.5
        With high bias, the gap counts as big when it is at least this share of ``b``.

    Returns
    -------
    CurveReading

    Raises
    ------
    TypeError
        If ``result`` is neither a result nor a table, or a threshold is not a number.
    ValueError
        If a threshold is out of range or the table lacks the error columns.

    Examples
    --------
    >>> curve = LearningCurveResult.from_errors([100, 400], [0.0, 0.01], [0.30, 0.15])
    >>> reading = read_learning_curve(curve, desired_error=0.05)
    >>> reading.regime, round(reading.gap, 2)
    ('high variance', 0.14)
    """
    table = _table_of(result)
    goal = check_fraction(desired_error, "desired_error")
    tol = check_real(tolerance, "tolerance", low=0, high=1)
    rel = check_real(relative_gap, "relative_gap", low=0)
    last = table.iloc[-1]
    t, d = float(last["train_error"]), float(last["dev_error"])
    n_train = int(table.index[-1])
    b, v = t - goal, d - t
    trend = {}
    for part in ("train", "dev"):
        column = table[f"{part}_error"]
        trend[part] = float(column.iloc[-1] - column.iloc[-2]) if len(table) > 1 else None

    bias = b > tol
    big_gap = v > tol and d > goal + tol and (not bias or v >= rel * b)
    reasons = []
    if bias:
        reasons.append(f"training error {t:.3f} is {b:.3f} above the desired {goal:.3f} "
                       f"(more than the tolerance {tol:g}): high bias")
    else:
        reasons.append(f"training error {t:.3f} is within {tol:g} of the desired {goal:.3f} "
                       "or below it: no high bias")
    if big_gap:
        share = f", {v / b:.2f} times the bias gap" if bias else ""
        reasons.append(f"dev error {d:.3f} is {v:.3f} above the training error{share}: "
                       "high variance")
    elif bias:
        reasons.append(f"the gap dev - training = {v:.3f} is below {rel:g} x {b:.3f} (or the "
                       "tolerance): the bias dominates")
    elif d <= goal + tol:
        reasons.append(f"dev error {d:.3f} meets the desired {goal:.3f} (within {tol:g}): "
                       "no variance problem")
    else:
        reasons.append(f"dev error {d:.3f} misses the goal only by a training error and a gap "
                       f"({v:.3f}) each within the tolerance {tol:g}")
    if trend["dev"] is not None:
        falling = "still falling" if trend["dev"] < -tol else "flattening"
        reasons.append(f"dev error changed by {trend['dev']:+.3f} over the last step: {falling}")
    regime = BOTH if bias and big_gap else HIGH_BIAS if bias else HIGH_VARIANCE if big_gap \
        else FINE
    return CurveReading(regime=regime, n_train=n_train, train_error=t, dev_error=d,
                        desired_error=goal, bias_gap=b, gap=v, dev_trend=trend["dev"],
                        train_trend=trend["train"], tolerance=tol, relative_gap=rel,
                        reasons=tuple(reasons), advice=_ADVICE[regime])
