"""Training and dev error of scikit-learn models: one model, a learning curve, a setting sweep.

These are the two numbers every bias/variance diagnosis starts from (see
:func:`course_lib.strategy.diagnose`). Error rates are fractions of wrong predictions
(``1 - accuracy``).

Every fit runs with the linear-algebra libraries limited to one thread: on the small
data sets of the course this is as fast as using several, gives the same numbers on
every run, and avoids the long stalls that several busy threads can cause on a
shared machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["learning_curve", "train_dev_errors", "validation_curve"]


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
    from threadpoolctl import threadpool_limits

    if not (hasattr(model, "fit") and hasattr(model, "predict")):
        raise TypeError(
            "the model must have fit() and predict() methods (a scikit-learn estimator), "
            f"got {type(model).__name__}"
        )
    with threadpool_limits(limits=1):
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
