"""The week-2 experiments on mismatched data, with real models on the web/phone digits.

These functions run, from a seed, the experiments of the notebooks *Training and testing
on different distributions*, *Bias and variance with mismatched data distributions* and
*Addressing data mismatch*.  The notebooks run the same steps in the open.  Experiments
whose result is itself an exercise's answer -- the error ladder of notebook 05, the phone
dev errors of notebook 06's four training sets -- are run by the answer key instead.

The data: :func:`pooled_digits` stacks the clean "web" digits and the simulated "phone"
digits of :func:`course_lib.data.domains.make_domains` into one pool (web rows first), with a
mask saying which rows are phone pictures.  Every model here is the course's workhorse,
a logistic regression on pixels scaled to [0, 1] (:func:`fit_logistic`), unless said
otherwise.  Fits are limited to one BLAS thread: on a small shared machine that is both
faster and reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.corruptions import PIXEL_MAX
from course_lib.data.domains import Domains, make_domains
from course_lib.metrics import error_rate
from course_lib.splits import mismatched_split, training_dev_split
from course_lib.threads import one_thread
from course_lib.validation import check_seed

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = [
    "CANDIDATES",
    "LADDER_SIZES",
    "OPTION2_SIZES",
    "PooledDigits",
    "SYNTHESIS_SIZES",
    "WEB_CHECK_SIZE",
    "candidate_errors",
    "logistic_error",
    "fit_logistic",
    "ladder_rows",
    "option2_rows",
    "patterns_curve",
    "phone_dev_mistakes",
    "pooled_digits",
]

OPTION2_SIZES: tuple[int, int] = (150, 150)
"""Phone dev and test sizes of notebook 04 (option 2 at small scale: 300 / 150 / 150)."""

WEB_CHECK_SIZE: int = 300
"""Web images held out in notebook 04 to measure each candidate's error on web pictures."""

LADDER_SIZES: tuple[int, int, int] = (200, 200, 200)
"""Phone dev size, phone test size and training-dev size of notebooks 05 and 06."""

SYNTHESIS_SIZES = LADDER_SIZES

CANDIDATES: tuple[str, ...] = (
    "nearest neighbour",
    "3 nearest neighbours",
    "logistic regression",
    "naive Bayes",
    "decision tree",
)
"""The candidate models compared in notebook 04."""


# --------------------------------------------------------------------------------------
# data and model
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PooledDigits:
    """Web and phone digits stacked into one pool (web rows first).

    Attributes
    ----------
    X : numpy.ndarray of shape (n, 64)
        Pixels on the 0..16 scale.
    y : numpy.ndarray of shape (n,)
        Digit labels.
    is_target : numpy.ndarray of bool, shape (n,)
        True for phone pictures (the target distribution).
    domains : Domains
        The :func:`course_lib.data.domains.make_domains` result the pool was built from
        (its ``phone_tags`` row ``i`` belongs to pool row ``n_web + i``).
    """

    X: np.ndarray
    y: np.ndarray
    is_target: np.ndarray
    domains: Domains

    @property
    def n_web(self) -> int:
        """Number of web rows (they come first)."""
        return int((~self.is_target).sum())

    def phone_tags(self, rows: Any) -> pd.DataFrame:
        """Corruption tags of the given pool rows (all must be phone rows), index 0..k-1."""
        rows = np.asarray(rows)
        if rows.size and not self.is_target[rows].all():
            raise ValueError("phone_tags needs phone rows only; some rows are web pictures")
        return self.domains.phone_tags.iloc[rows - self.n_web].reset_index(drop=True)


@lru_cache(maxsize=8)
def _pooled(seed: int) -> PooledDigits:
    d = make_domains(seed)
    X = np.vstack([d.web_X, d.phone_X])
    y = np.concatenate([d.web_y, d.phone_y])
    is_target = np.concatenate([np.zeros(len(d.web_y), bool), np.ones(len(d.phone_y), bool)])
    for arr in (X, y, is_target):
        arr.setflags(write=False)
    return PooledDigits(X=X, y=y, is_target=is_target, domains=d)


def pooled_digits(seed: int = 0) -> PooledDigits:
    """Web and phone digits of ``make_domains(seed)`` in one pool, web rows first.

    Parameters
    ----------
    seed : int, default 0
        Seed of :func:`course_lib.data.domains.make_domains`.

    Returns
    -------
    PooledDigits
        Read-only arrays ``X`` (n, 64), ``y`` and ``is_target``.

    Examples
    --------
    >>> pool = pooled_digits(0)
    >>> pool.X.shape, int(pool.is_target.sum()), pool.n_web
    ((1797, 64), 600, 1197)
    """
    return _pooled(check_seed(seed))


def fit_logistic(X: Any, y: Any) -> Any:
    """Fit the course's logistic regression on pixels scaled to [0, 1].

    ``LogisticRegression(max_iter=2000).fit(X / 16, y)``, run on one BLAS thread.

    Parameters
    ----------
    X : array-like of shape (n, 64)
        Pixels on the 0..16 scale.
    y : array-like of shape (n,)
        Labels.

    Returns
    -------
    sklearn.linear_model.LogisticRegression
        The fitted model; give it pixels divided by 16 (or use :func:`logistic_error`).

    Examples
    --------
    >>> pool = pooled_digits(0)
    >>> model = fit_logistic(pool.X[:300], pool.y[:300])
    >>> logistic_error(model, pool.X[:300], pool.y[:300]) < 0.05
    True
    """
    from sklearn.linear_model import LogisticRegression

    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or len(X) != len(y) or len(y) == 0:
        raise ValueError(
            "X must be a non-empty (n, 64) pixel matrix with one label in y per row, got "
            f"shapes {X.shape} and {y.shape}"
        )
    with one_thread():
        return LogisticRegression(max_iter=2000).fit(X / PIXEL_MAX, y)


def logistic_error(model: Any, X: Any, y: Any) -> float:
    """Error rate of a model fitted by :func:`fit_logistic` (on pixels / 16) on raw pixels.

    Examples
    --------
    >>> pool = pooled_digits(0)
    >>> model = fit_logistic(pool.X[:300], pool.y[:300])
    >>> 0 <= logistic_error(model, pool.X[300:400], pool.y[300:400]) <= 1
    True
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if len(X) != len(y) or len(y) == 0:
        raise ValueError(
            f"X and y must be non-empty and of the same length, got {len(X)} and {len(y)}"
        )
    with one_thread():
        return error_rate(y, model.predict(X / PIXEL_MAX))


def _candidate_models() -> dict[str, Callable[[], Any]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    return {
        "nearest neighbour": lambda: KNeighborsClassifier(n_neighbors=1),
        "3 nearest neighbours": lambda: KNeighborsClassifier(n_neighbors=3),
        "logistic regression": lambda: LogisticRegression(max_iter=2000),
        "naive Bayes": lambda: GaussianNB(),
        "decision tree": lambda: DecisionTreeClassifier(max_depth=10, random_state=0),
    }


# --------------------------------------------------------------------------------------
# notebook 04: candidates scored on web and on phone pictures
# --------------------------------------------------------------------------------------


def option2_rows(seed: int = 0) -> dict[str, np.ndarray]:
    """Rows of notebook 04's sets: option-2 split plus a held-out web check set.

    Returns
    -------
    dict
        ``"train"`` (the rows the candidates fit on), ``"web_check"`` (300 held-out web
        rows), ``"dev"`` and ``"test"`` (150 phone rows each).

    Examples
    --------
    >>> rows = option2_rows(0)
    >>> {k: len(v) for k, v in rows.items()}
    {'train': 1197, 'web_check': 300, 'dev': 150, 'test': 150}
    """
    pool = pooled_digits(seed)
    train, dev, test = mismatched_split(pool.is_target, *OPTION2_SIZES, seed=seed)
    web = train[~pool.is_target[train]]
    _, web_check = training_dev_split(web, WEB_CHECK_SIZE, seed=seed)
    fit_rows = np.setdiff1d(train, web_check)
    return {"train": fit_rows, "web_check": web_check, "dev": dev, "test": test}


@lru_cache(maxsize=8)
def _candidate_errors(seed: int) -> pd.DataFrame:
    import pandas as pd

    pool = pooled_digits(seed)
    rows = option2_rows(seed)
    X = pool.X / PIXEL_MAX
    out = {}
    with one_thread():
        for name, make in _candidate_models().items():
            model = make().fit(X[rows["train"]], pool.y[rows["train"]])
            out[name] = {
                key: float(np.mean(model.predict(X[rows[part]]) != pool.y[rows[part]]))
                for key, part in (("web_error", "web_check"), ("phone_error", "dev"),
                                  ("phone_test_error", "test"))
            }
    table = pd.DataFrame.from_dict(out, orient="index")
    table.index.name = "model"
    return table


def candidate_errors(seed: int = 0) -> pd.DataFrame:
    """Notebook 04: each candidate's error on held-out web pictures and on phone pictures.

    The candidates (:data:`CANDIDATES`) train on the option-2 training set minus 300
    web pictures kept aside (:func:`option2_rows`); they are scored on those web
    pictures, on the 150 phone dev pictures and on the 150 phone test pictures.

    Returns
    -------
    pandas.DataFrame
        Index: candidate names; columns ``web_error``, ``phone_error`` (dev) and
        ``phone_test_error``.

    Examples
    --------
    >>> table = candidate_errors(0)
    >>> list(table.columns)
    ['web_error', 'phone_error', 'phone_test_error']
    >>> bool((table["phone_error"] > table["web_error"]).all())
    True
    """
    return _candidate_errors(check_seed(seed)).copy()


# --------------------------------------------------------------------------------------
# notebook 05: the rows of the error ladder
# --------------------------------------------------------------------------------------


def ladder_rows(seed: int = 0) -> dict[str, np.ndarray]:
    """Rows of notebooks 05/06: option-2 split (200 phone dev, 200 phone test) and a
    training-dev set of 200 web rows.

    Returns
    -------
    dict
        ``"train"`` (all training rows: every web picture and 200 phone pictures),
        ``"web_train"`` (the web rows the notebook-05 model fits on), ``"train_dev"``
        (200 held-out web rows), ``"dev"``, ``"test"`` (phone rows).

    Examples
    --------
    >>> rows = ladder_rows(0)
    >>> {k: len(v) for k, v in rows.items()}
    {'train': 1397, 'web_train': 997, 'train_dev': 200, 'dev': 200, 'test': 200}
    """
    pool = pooled_digits(seed)
    dev_size, test_size, train_dev_size = LADDER_SIZES
    train, dev, test = mismatched_split(pool.is_target, dev_size, test_size, seed=seed)
    web = train[~pool.is_target[train]]
    web_train, train_dev = training_dev_split(web, train_dev_size, seed=seed)
    return {"train": train, "web_train": web_train, "train_dev": train_dev, "dev": dev,
            "test": test}


# --------------------------------------------------------------------------------------
# notebook 06: collecting vs synthesising target-like data
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _synthetic(seed: int, n_patterns: int | None, synth_seed: int) -> Any:
    from course_lib.data.synthesis import synthesize

    pool = pooled_digits(seed)
    rows = ladder_rows(seed)
    web = rows["train"][~pool.is_target[rows["train"]]]
    images = pool.X[web].reshape(-1, 8, 8)
    return synthesize(images, n_patterns=n_patterns, seed=synth_seed)


def _web_training_rows(seed: int) -> np.ndarray:
    pool = pooled_digits(seed)
    train = ladder_rows(seed)["train"]
    return train[~pool.is_target[train]]


@lru_cache(maxsize=32)
def _synthetic_fit(seed: int, n_patterns: int | None, synth_seed: int) -> tuple[float, float]:
    """(phone dev error, error on its own synthetic pictures) of web + synthetic training."""
    pool = pooled_digits(seed)
    web = _web_training_rows(seed)
    dev = ladder_rows(seed)["dev"]
    syn = _synthetic(seed, n_patterns, synth_seed)
    model = fit_logistic(np.vstack([pool.X[web], syn.X]), np.concatenate([pool.y[web]] * 2))
    return (logistic_error(model, pool.X[dev], pool.y[dev]),
            logistic_error(model, syn.X, pool.y[web]))


@lru_cache(maxsize=8)
def _web_model(seed: int) -> Any:
    pool = pooled_digits(seed)
    web = _web_training_rows(seed)
    return fit_logistic(pool.X[web], pool.y[web])


def phone_dev_mistakes(seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Notebook 06: corruption tags of the phone dev pictures and the web model's mistakes.

    The model is the notebook's ``"web only"`` logistic regression, trained on every web
    picture of the option-2 training set.

    Returns
    -------
    tags : pandas.DataFrame
        One row per phone dev picture (in the order of ``ladder_rows(seed)["dev"]``),
        boolean corruption columns.
    wrong : numpy.ndarray of bool
        True where the model's prediction is wrong.

    Examples
    --------
    >>> tags, wrong = phone_dev_mistakes(0)
    >>> len(tags) == len(wrong) == 200
    True
    """

    seed = check_seed(seed)
    pool = pooled_digits(seed)
    dev = ladder_rows(seed)["dev"]
    with one_thread():
        wrong = _web_model(seed).predict(pool.X[dev] / PIXEL_MAX) != pool.y[dev]
    return pool.phone_tags(dev), np.asarray(wrong)


def patterns_curve(
    seed: int = 0,
    synth_seed: int = 0,
    n_patterns: Sequence[int | None] = (1, 3, 10, 30, 100, 300, None),
) -> pd.DataFrame:
    """Phone dev error and synthetic-training error as the number of patterns grows.

    For each ``k`` in ``n_patterns`` the web pictures of the training set are doubled
    with ``synthesize(web_images, n_patterns=k, seed=synth_seed)`` and a logistic
    regression is fitted on the web pictures and the synthetic ones, then scored on the
    phone dev pictures of :func:`ladder_rows` (as the notebook's exercise does).

    Returns
    -------
    pandas.DataFrame
        Index ``n_patterns`` (``None`` becomes the number of web pictures); columns
        ``dev_error`` and ``synthetic_error``.

    Examples
    --------
    >>> curve = patterns_curve(0, 0, n_patterns=(1, None))
    >>> list(curve.index)
    [1, 1197]
    """
    import pandas as pd

    seed, synth_seed = check_seed(seed), check_seed(synth_seed)
    n_web = len(_web_training_rows(seed))
    out = {}
    for k in n_patterns:
        key = None if k is None or int(k) == n_web else int(k)
        dev_error, synthetic_error = _synthetic_fit(seed, key, synth_seed)
        out[n_web if key is None else key] = {"dev_error": dev_error,
                                              "synthetic_error": synthetic_error}
    table = pd.DataFrame.from_dict(out, orient="index")
    table.index.name = "n_patterns"
    return table
