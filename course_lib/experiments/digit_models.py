"""Seven digit classifiers with their dev accuracy and running cost, for week 1 · 03.

A satisficing metric needs candidates that trade accuracy against cost: from naive Bayes
to an RBF-kernel SVM, trained on scikit-learn's digits, each with its operation count per
prediction (:func:`course_lib.costs.prediction_cost`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.costs import prediction_cost
from course_lib.threads import one_thread
from course_lib.validation import check_seed

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DIGIT_MODEL_NAMES", "DigitModels", "digit_models"]


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
    with one_thread(), warnings.catch_warnings():
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
    cached = _digit_models(check_seed(seed))
    return DigitModels(cached.table.copy(), dict(cached.models), cached.X_dev, cached.y_dev)
