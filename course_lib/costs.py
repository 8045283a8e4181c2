"""What a model costs to run: a deterministic count of operations per prediction.

Running time is the usual *satisficing* metric ("at most 100 ms per image"), but a
measured time changes from run to run and from machine to machine. To grade and
compare models reproducibly, this module counts instead the arithmetic a model
does to classify **one** example: multiply-adds for linear layers and kernels,
comparisons for decision trees. The count is a *proxy* for latency, not latency:
real time also depends on the hardware, memory access, batching and the
library's own overhead (scikit-learn's forests, for instance, are much slower
than their comparison count suggests). Measure on the target device before you
ship.

:func:`digit_models` trains a handful of classifiers on scikit-learn's bundled
digits and tabulates their dev accuracy and operation count.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["prediction_cost", "DigitModels", "digit_models", "DIGIT_MODEL_NAMES"]

#: Names of the classifiers :func:`digit_models` trains.
DIGIT_MODEL_NAMES: tuple[str, ...] = (
    "naive Bayes",
    "network, 8 hidden units",
    "logistic regression",
    "network, 32 hidden units",
    "network, 128 hidden units",
    "SVM, RBF kernel",
    "3-nearest neighbours",
)


def _tree_depth(tree: Any) -> int:
    return int(tree.tree_.max_depth)


def prediction_cost(model: Any) -> int:
    """Approximate number of arithmetic operations to predict one example.

    Counting rules (one multiply-add or one comparison = one operation):

    ================================  ==============================================
    model                             operations per example
    ================================  ==============================================
    ``Pipeline``                      sum over its steps
    ``StandardScaler``                one per feature
    linear model (has ``coef_``)      ``coef_.size`` (features x classes)
    ``MLPClassifier``/``Regressor``   total size of the weight matrices
    ``GaussianNB``                    ``2 x classes x features`` (mean and variance)
    ``KNeighborsClassifier``          ``training examples x features`` (distances)
    ``SVC``/``NuSVC``                 ``support vectors x features`` + dual coefficients
    decision tree                     its depth (comparisons on the longest path)
    forest / gradient boosting        sum of the depths of its trees
    ================================  ==============================================

    Parameters
    ----------
    model : fitted scikit-learn estimator
        One of the kinds above (fitted, since the count depends on what was learned).

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If the kind of model is not one this function knows how to count.
    ValueError
        If the model is not fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> X, y = np.random.default_rng(0).normal(size=(30, 5)), np.arange(30) % 3
    >>> prediction_cost(LogisticRegression().fit(X, y))   # 5 features x 3 classes
    15
    """
    from sklearn.base import BaseEstimator
    from sklearn.pipeline import Pipeline

    if not isinstance(model, BaseEstimator):
        raise TypeError(
            f"model must be a fitted scikit-learn estimator, got {type(model).__name__}"
        )
    if isinstance(model, Pipeline):
        return sum(prediction_cost(step) for _, step in model.steps
                   if step is not None and not isinstance(step, str))
    name = type(model).__name__
    if not hasattr(model, "n_features_in_"):
        raise ValueError(f"the {name} is not fitted yet: call fit() before counting its cost")
    n_features = int(model.n_features_in_)
    if name == "StandardScaler":
        return n_features
    if name in ("MLPClassifier", "MLPRegressor"):
        return int(sum(w.size for w in model.coefs_))
    if name == "GaussianNB":
        return int(2 * model.theta_.size)
    if name in ("KNeighborsClassifier", "KNeighborsRegressor"):
        return int(model.n_samples_fit_) * n_features
    if name in ("SVC", "NuSVC", "SVR", "NuSVR"):
        return int(model.support_vectors_.shape[0] * n_features + model.dual_coef_.size)
    if name in ("DecisionTreeClassifier", "DecisionTreeRegressor",
                "ExtraTreeClassifier", "ExtraTreeRegressor"):
        return _tree_depth(model)
    if hasattr(model, "estimators_") and any(
        kind in name for kind in ("Forest", "ExtraTrees", "GradientBoosting")
    ):
        trees = np.asarray(model.estimators_, dtype=object).ravel()
        return int(sum(_tree_depth(t) for t in trees))
    if hasattr(model, "coef_"):
        return int(np.asarray(model.coef_).size)
    raise TypeError(
        f"prediction_cost does not know how to count a {name}; it handles pipelines, "
        "scalers, linear models, MLPs, naive Bayes, k-NN, SVMs and tree ensembles"
    )


@dataclass(frozen=True)
class DigitModels:
    """Digit classifiers trained on one split, with their dev accuracy and cost.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model (index = name, see :data:`DIGIT_MODEL_NAMES`) with columns
        ``accuracy`` (on the dev set, a fraction) and ``operations`` (per image,
        from :func:`prediction_cost`).
    models : dict of str to estimator
        The fitted models, by name.
    X_dev, y_dev : numpy.ndarray
        The dev images (64 pixel features each) and their labels 0-9.
    """

    table: pd.DataFrame
    models: dict[str, Any]
    X_dev: np.ndarray
    y_dev: np.ndarray


@lru_cache(maxsize=4)
def _digit_models(seed: int) -> DigitModels:
    import pandas as pd
    from sklearn.datasets import load_digits
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    from threadpoolctl import threadpool_limits

    X, y = load_digits(return_X_y=True)
    X_train, X_dev, y_train, y_dev = train_test_split(
        X, y, test_size=0.4, random_state=seed, stratify=y
    )

    def network(units: int) -> Any:
        return make_pipeline(
            StandardScaler(),
            MLPClassifier((units,), solver="lbfgs", alpha=1.0, max_iter=200, random_state=seed),
        )

    candidates = {
        "naive Bayes": GaussianNB(),
        "network, 8 hidden units": network(8),
        "logistic regression": make_pipeline(
            StandardScaler(), LogisticRegression(C=0.1, max_iter=500)
        ),
        "network, 32 hidden units": network(32),
        "network, 128 hidden units": network(128),
        "SVM, RBF kernel": SVC(gamma=0.001),
        "3-nearest neighbours": KNeighborsClassifier(3),
    }
    rows = {}
    # The matrices are tiny: one BLAS thread is much faster than several fighting for the
    # CPU. The networks get a fixed budget of 200 iterations on purpose (no warning).
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for name, model in candidates.items():
            model.fit(X_train, y_train)
            accuracy = float(np.mean(model.predict(X_dev) == y_dev))
            rows[name] = {"accuracy": accuracy, "operations": prediction_cost(model)}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["operations"] = table["operations"].astype(np.int64)
    return DigitModels(table, candidates, X_dev, y_dev)


def digit_models(seed: int = 0) -> DigitModels:
    """Train seven digit classifiers and tabulate their dev accuracy and cost.

    The 1,797 digits are split 60/40 into train and dev (stratified, with ``seed``).
    The models range from naive Bayes to an RBF-kernel SVM and 3-nearest neighbours
    (see :data:`DIGIT_MODEL_NAMES`); the three small neural networks are trained
    with L-BFGS for at most 200 iterations. Results are cached per seed; the
    ``table`` returned is a copy, so it is safe to add columns to it.

    Parameters
    ----------
    seed : int, default 0
        Seed of the split and of the networks' initial weights.

    Returns
    -------
    DigitModels

    Examples
    --------
    >>> zoo = digit_models(seed=0)
    >>> list(zoo.table.columns)
    ['accuracy', 'operations']
    >>> int(zoo.table.loc["logistic regression", "operations"])  # 64 + 64 x 10
    704
    """
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    cached = _digit_models(int(seed))
    return DigitModels(cached.table.copy(), dict(cached.models), cached.X_dev, cached.y_dev)
