"""Learning curves: how training and dev error change with the data, and where they are heading.

Two kinds of curve, for any scikit-learn-style model (``fit``/``predict``):

- **measured**: :func:`train_dev_errors` fits one model and returns its training and dev
  error, the two numbers every bias/variance diagnosis starts from
  (:func:`course_lib.strategy.diagnose`); :func:`learning_curve` does it for growing
  training sets and :func:`validation_curve` for a sweep of one setting. Error rates are
  fractions of wrong predictions (``1 - accuracy``). Fits run on one BLAS thread
  (:func:`course_lib.threads.one_thread`): on the course's small data sets that is as fast
  as several and gives the same numbers on every run.
- **extrapolated**: over a wide range of sizes, error often falls roughly like a power of
  the number of examples, ``error ≈ a * n ** (-b)``, a straight line on a log-log plot.
  :func:`fit_power_law` fits that line and :func:`examples_needed` follows it to the size
  at which the error would reach a target. Both say where the trend points, not what will
  happen (curves often flatten out).

For small data, where one subset per size is mostly noise, :mod:`course_lib.learning_curve_reading`
averages each point over several class-balanced random subsets, plots the spread and reads the
regime (high bias, high variance, both, or fine).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.threads import one_thread

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["examples_needed", "fit_power_law", "learning_curve", "train_dev_errors",
           "validation_curve"]


def _positive_vector(values: Any, name: str) -> np.ndarray:
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of numbers, got {type(values).__name__}")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a list or array of numbers: {exc}") from exc
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must hold finite numbers > 0 (logarithms are taken)")
    return arr


def fit_power_law(n_examples: Any, errors: Any) -> tuple[float, float]:
    """Fit ``error = a * n ** (-b)`` by least squares on the logarithms.

    Taking logs gives a straight line, ``log(error) = log(a) - b * log(n)``, fitted
    with ordinary least squares (as ``np.polyfit(log n, log error, 1)`` does).

    Parameters
    ----------
    n_examples : array-like of shape (k,)
        Training-set sizes, at least two different ones, all > 0.
    errors : array-like of shape (k,)
        The error measured at each size, all > 0.

    Returns
    -------
    a, b : float
        ``b > 0`` means the error falls as the training set grows.

    Examples
    --------
    >>> a, b = fit_power_law([100, 400, 1600], [0.4, 0.2, 0.1])
    >>> round(a, 6), round(b, 6)
    (4.0, 0.5)
    """
    n = _positive_vector(n_examples, "n_examples")
    e = _positive_vector(errors, "errors")
    if len(n) != len(e):
        raise ValueError(
            f"n_examples and errors must have the same length, got {len(n)} and {len(e)}"
        )
    if len(np.unique(n)) < 2:
        raise ValueError("a line needs at least two different training-set sizes")
    slope, intercept = np.polyfit(np.log(n), np.log(e), 1)
    return float(np.exp(intercept)), float(-slope)


def examples_needed(n_examples: Any, errors: Any, target_error: float) -> float:
    """Training-set size at which the fitted power law reaches ``target_error``.

    Fits ``error = a * n ** (-b)`` with :func:`fit_power_law` and solves
    ``a * n ** (-b) = target_error``: ``n = (a / target_error) ** (1 / b)``.

    Parameters
    ----------
    n_examples, errors : array-like
        A learning curve (see :func:`fit_power_law`).
    target_error : float
        The error to reach, > 0.

    Returns
    -------
    float
        The extrapolated number of examples; ``inf`` when the fitted error does not
        fall as the training set grows (``b <= 0``): following that trend never helps.

    Examples
    --------
    >>> round(examples_needed([100, 400, 1600], [0.4, 0.2, 0.1], 0.05))
    6400
    """
    if isinstance(target_error, bool) or not isinstance(target_error, (int, float, np.number)):
        raise TypeError(f"target_error must be a number, got {type(target_error).__name__}")
    if not math.isfinite(target_error) or target_error <= 0:
        raise ValueError(f"target_error must be a number > 0, got {target_error!r}")
    a, b = fit_power_law(n_examples, errors)
    if b <= 0:
        return math.inf
    try:
        return float((a / float(target_error)) ** (1.0 / b))
    except OverflowError:  # an almost flat curve: the target is out of reach
        return math.inf


def _arrays(X_train: Any, y_train: Any, X_dev: Any, y_dev: Any) -> tuple[np.ndarray, ...]:
    out = []
    for name, value in (("X_train", X_train), ("y_train", y_train), ("X_dev", X_dev),
                        ("y_dev", y_dev)):
        if value is None or isinstance(value, (str, bytes, dict, set)):
            raise TypeError(f"{name} must be an array, got {type(value).__name__}")
        out.append(np.asarray(value))
    Xt, yt, Xd, yd = out
    if len(Xt) != len(yt):
        raise ValueError(
            f"X_train and y_train must have the same length, got {len(Xt)} and {len(yt)}"
        )
    if len(Xd) != len(yd):
        raise ValueError(f"X_dev and y_dev must have the same length, got {len(Xd)} and {len(yd)}")
    if len(Xt) == 0 or len(Xd) == 0:
        raise ValueError("the training and dev sets must each hold at least one example")
    return Xt, yt, Xd, yd


def _error(model: Any, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.asarray(model.predict(X)) != y))


def _fit_and_score(model: Any, Xt: np.ndarray, yt: np.ndarray, Xd: np.ndarray,
                   yd: np.ndarray) -> tuple[float, float]:
    if not (hasattr(model, "fit") and hasattr(model, "predict")):
        raise TypeError(
            "the model must have fit() and predict() methods (a scikit-learn estimator), "
            f"got {type(model).__name__}"
        )
    with one_thread():
        model.fit(Xt, yt)
        return _error(model, Xt, yt), _error(model, Xd, yd)


def train_dev_errors(
    model: Any, X_train: Any, y_train: Any, X_dev: Any, y_dev: Any
) -> tuple[float, float]:
    """Fit ``model`` on the training set; return its training and dev error rates.

    Parameters
    ----------
    model : estimator
        Anything with ``fit(X, y)`` and ``predict(X)``; it is fitted in place.
    X_train, y_train : array-like
        Training examples and labels.
    X_dev, y_dev : array-like
        Dev examples and labels.

    Returns
    -------
    (float, float)
        ``(training error, dev error)``, fractions of wrong predictions.

    Raises
    ------
    TypeError
        If ``model`` has no ``fit``/``predict`` or the data are not arrays.
    ValueError
        If features and labels differ in length or a set is empty.

    Examples
    --------
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> train_dev_errors(DecisionTreeClassifier(max_depth=1), X, [0, 0, 1, 1], X, [0, 1, 1, 1])
    (0.0, 0.25)
    """
    return _fit_and_score(model, *_arrays(X_train, y_train, X_dev, y_dev))


def learning_curve(
    make_model: Callable[[], Any],
    X_train: Any,
    y_train: Any,
    X_dev: Any,
    y_dev: Any,
    sizes: Iterable[int],
) -> pd.DataFrame:
    """Training and dev error of a fresh model trained on the first ``n`` training examples.

    The subsets are nested (the first 50 examples are part of the first 100), so
    shuffle the training set beforehand if its order means something. The dev set
    is the same for every size.

    Parameters
    ----------
    make_model : callable
        ``make_model()`` returns a new, unfitted model.
    X_train, y_train, X_dev, y_dev : array-like
        The data.
    sizes : iterable of int
        Training-set sizes, each between 1 and ``len(y_train)``.

    Returns
    -------
    pandas.DataFrame
        Index ``n_train`` (the sizes, in the order given), columns ``train_error``
        and ``dev_error``.

    Examples
    --------
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    >>> learning_curve(lambda: KNeighborsClassifier(1), X, y, X, y, [4, 8])["dev_error"].tolist()
    [0.5, 0.0]
    """
    import pandas as pd

    if not callable(make_model):
        raise TypeError(
            "make_model must be a function that returns a new model, e.g. "
            f"lambda: SVC(), got {type(make_model).__name__}"
        )
    Xt, yt, Xd, yd = _arrays(X_train, y_train, X_dev, y_dev)
    sizes = list(sizes)
    if not sizes:
        raise ValueError("sizes is empty; give at least one training-set size")
    rows = []
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, Integral):
            raise TypeError(f"every size must be an integer, got {type(n).__name__} {n!r}")
        if not 1 <= n <= len(yt):
            raise ValueError(f"sizes must lie between 1 and {len(yt)} (the training set), got {n}")
        rows.append(_fit_and_score(make_model(), Xt[:n], yt[:n], Xd, yd))
    index = pd.Index([int(n) for n in sizes], name="n_train")
    return pd.DataFrame(rows, index=index, columns=["train_error", "dev_error"])


def validation_curve(
    make_model: Callable[[Any], Any],
    values: Iterable[Any],
    X_train: Any,
    y_train: Any,
    X_dev: Any,
    y_dev: Any,
    *,
    name: str = "value",
) -> pd.DataFrame:
    """Training and dev error of one model per setting, e.g. per tree depth or network size.

    Unlike scikit-learn's function of the same name, this uses one fixed dev set
    (no cross-validation), as the course's diagnosis does.

    Parameters
    ----------
    make_model : callable
        ``make_model(value)`` returns a new, unfitted model for that setting.
    values : iterable
        The settings to try, in order.
    X_train, y_train, X_dev, y_dev : array-like
        The data.
    name : str, default "value"
        Name of the index (e.g. ``"max_depth"``).

    Returns
    -------
    pandas.DataFrame
        Index ``name`` (the values), columns ``train_error`` and ``dev_error``.

    Examples
    --------
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> X = np.arange(8.0).reshape(-1, 1)
    >>> y = np.array([0, 1, 0, 1, 0, 1, 0, 1])
    >>> table = validation_curve(lambda d: DecisionTreeClassifier(max_depth=d, random_state=0),
    ...                          [1, 8], X, y, X, y, name="max_depth")
    >>> table["train_error"].tolist()
    [0.375, 0.0]
    """
    import pandas as pd

    if not callable(make_model):
        raise TypeError(
            "make_model must be a function that takes a setting and returns a new model, "
            f"e.g. lambda depth: DecisionTreeClassifier(max_depth=depth), "
            f"got {type(make_model).__name__}"
        )
    if not isinstance(name, str):
        raise TypeError(f"name must be a string, got {type(name).__name__}")
    Xt, yt, Xd, yd = _arrays(X_train, y_train, X_dev, y_dev)
    values = list(values)
    if not values:
        raise ValueError("values is empty; give at least one setting to try")
    rows = [_fit_and_score(make_model(v), Xt, yt, Xd, yd) for v in values]
    return pd.DataFrame(rows, index=pd.Index(values, name=name),
                        columns=["train_error", "dev_error"])
