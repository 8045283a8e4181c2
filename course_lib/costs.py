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

:func:`course_lib.experiments.digit_models.digit_models` uses it to tabulate the cost of
seven digit classifiers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    pass

__all__ = ["prediction_cost"]


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


