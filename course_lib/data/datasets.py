"""Real data for the notebooks, from data sets that ship inside scikit-learn.

Nothing here downloads anything: the breast-cancer and digits sets are bundled
with scikit-learn. Every split and every model takes a seed, so a notebook shows
the same numbers on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from course_lib.validation import check_real, check_seed

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Split", "breast_cancer", "classifier_zoo", "regional_errors", "REGIONS"]

REGIONS = ("US", "China", "India", "Other")


@dataclass(frozen=True)
class Split:
    """A train/dev split of one data set.

    Attributes
    ----------
    X_train, X_dev : numpy.ndarray
        Feature matrices.
    y_train, y_dev : numpy.ndarray
        0/1 labels (1 = the positive class).
    feature_names : tuple of str
        Column names of the features.
    positive : str
        What label 1 means.
    """

    X_train: np.ndarray
    X_dev: np.ndarray
    y_train: np.ndarray
    y_dev: np.ndarray
    feature_names: tuple[str, ...]
    positive: str


@lru_cache(maxsize=8)
def _breast_cancer(seed: int, dev_fraction: float) -> Split:
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    data = load_breast_cancer()
    y = (data.target == 0).astype(np.int64)  # scikit-learn codes malignant as 0
    X_train, X_dev, y_train, y_dev = train_test_split(
        data.data, y, test_size=dev_fraction, random_state=seed, stratify=y
    )
    return Split(X_train, X_dev, y_train, y_dev, tuple(data.feature_names), "malignant")


def breast_cancer(seed: int = 0, dev_fraction: float = 0.4) -> Split:
    """The Wisconsin breast-cancer data (569 tumours), split into train and dev.

    Label 1 means *malignant* (scikit-learn codes it the other way round; here the
    positive class is the one a screening model must find).

    Parameters
    ----------
    seed : int, default 0
        Seed of the stratified shuffle.
    dev_fraction : float, default 0.4
        Share of the examples in the dev set, in (0, 1).

    Returns
    -------
    Split

    Examples
    --------
    >>> s = breast_cancer()
    >>> len(s.y_train) + len(s.y_dev), s.positive
    (569, 'malignant')
    """
    seed = check_seed(seed)
    dev_fraction = check_real(dev_fraction, "dev_fraction", low=0.05, high=0.95)
    return _breast_cancer(seed, dev_fraction)


@lru_cache(maxsize=8)
def _zoo(seed: int) -> tuple[tuple[str, np.ndarray], ...]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    split = breast_cancer(seed)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000))
    logistic.fit(split.X_train, split.y_train)
    p_logistic = logistic.predict_proba(split.X_dev)[:, 1]
    models = {
        "k-nearest neighbours": make_pipeline(StandardScaler(), KNeighborsClassifier(15)),
        "decision tree": DecisionTreeClassifier(max_depth=2, random_state=seed),
        "naive Bayes": GaussianNB(),
    }
    out = {
        "logistic regression": (p_logistic >= 0.5).astype(np.int64),
        "cautious logistic (t=0.9)": (p_logistic >= 0.9).astype(np.int64),
        "eager logistic (t=0.05)": (p_logistic >= 0.05).astype(np.int64),
    }
    for name, model in models.items():
        model.fit(split.X_train, split.y_train)
        out[name] = model.predict(split.X_dev).astype(np.int64)
    return tuple(sorted(out.items()))


def classifier_zoo(seed: int = 0) -> dict[str, np.ndarray]:
    """Dev-set predictions of six classifiers trained on :func:`breast_cancer` data.

    The classifiers differ in kind (logistic regression at three decision
    thresholds, k-nearest neighbours, a shallow decision tree, naive Bayes), so
    their precision and recall pull in different directions.

    Parameters
    ----------
    seed : int, default 0
        Seed of the data split (and of the tree).

    Returns
    -------
    dict of str to numpy.ndarray
        Model name to 0/1 predictions on ``breast_cancer(seed).X_dev``.

    Examples
    --------
    >>> zoo = classifier_zoo()
    >>> sorted(zoo)[0], len(zoo)
    ('cautious logistic (t=0.9)', 6)
    """
    seed = check_seed(seed)
    return {name: pred.copy() for name, pred in _zoo(seed)}


def regional_errors(seed: int = 0, n_algorithms: int = 6) -> pd.DataFrame:
    """A simulated results table: each algorithm's errors in each region of a cat app.

    The regions have very different amounts of dev data (the US has most), so
    the mean of the regional error rates and the pooled error rate can rank
    algorithms differently.

    Parameters
    ----------
    seed : int, default 0
        Seed of the simulation.
    n_algorithms : int, default 6
        Number of algorithms, named "A", "B", ... (2 to 26).

    Returns
    -------
    pandas.DataFrame
        Long format with columns ``algorithm``, ``region``, ``n_examples``,
        ``n_errors``: one row per (algorithm, region).

    Examples
    --------
    >>> t = regional_errors()
    >>> list(t.columns), len(t)
    (['algorithm', 'region', 'n_examples', 'n_errors'], 24)
    """
    import pandas as pd

    seed = check_seed(seed)
    if isinstance(n_algorithms, bool) or not isinstance(n_algorithms, (int, np.integer)):
        raise TypeError(f"n_algorithms must be an integer, got {type(n_algorithms).__name__}")
    if not 2 <= n_algorithms <= 26:
        raise ValueError(f"n_algorithms must be between 2 and 26, got {n_algorithms}")
    rng = np.random.default_rng(seed)
    sizes = {"US": 4000, "China": 2500, "India": 1000, "Other": 500}
    rows = []
    for k in range(n_algorithms):
        name = chr(ord("A") + k)
        base = rng.uniform(0.02, 0.08)
        for region in REGIONS:
            rate = float(np.clip(base + rng.normal(0.0, 0.03), 0.005, 0.2))
            n = sizes[region]
            rows.append((name, region, n, int(rng.binomial(n, rate))))
    return pd.DataFrame(rows, columns=["algorithm", "region", "n_examples", "n_errors"])
