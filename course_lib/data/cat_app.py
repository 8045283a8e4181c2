"""The course's cat-picture app, for the lesson on changing the metric and the dev set.

Two situations where a dev set plus a metric rank models in a way the users
would not:

* :func:`filter_predictions` -- a **simulated** dev set of 10,000 images in which a
  few are unacceptable (say, pornographic) and must never be shown as cats.
  Algorithm A makes fewer mistakes overall but lets some unacceptable images
  through; algorithm B makes more mistakes but never does. Plain error prefers A;
  a weighted error (:func:`course_lib.metrics.weighted_error`) can prefer B.
* :func:`dev_set_comparison` -- **real** models trained on clean "web" digit images
  (scikit-learn's digits) and measured on two dev sets: more web images, and
  pictures as the users' phones take them (blurred, noisy, tilted; see
  :mod:`course_lib.data.domains`). The two dev sets do not pick the same model.
"""

from __future__ import annotations

import numbers
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from course_lib.threads import one_thread
from course_lib.validation import check_seed

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["USER_MODELS", "dev_set_comparison", "filter_predictions"]

#: The candidate models of :func:`dev_set_comparison`, by name.
USER_MODELS: tuple[str, ...] = (
    "1-nearest neighbour",
    "9-nearest neighbours",
    "SVM, gamma 0.001",
    "SVM, gamma 0.004",
    "linear SVM",
)


def filter_predictions(seed: int = 0, n_images: int = 10_000) -> pd.DataFrame:
    """A simulated dev set of a cat filter, with the predictions of two algorithms.

    Half the images are cats. Among the others, 3 % are *unacceptable* (images the
    app must never show as cats). Algorithm A wrongly calls 40 % of the
    unacceptable images cats and errs on 2.45 % of the ordinary ones (about 3 %
    error overall). Algorithm B never calls an unacceptable image a cat but errs
    on 5 % of the ordinary ones. Which images each algorithm gets wrong is drawn
    at random with ``seed``.

    Parameters
    ----------
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`.
    n_images : int, default 10_000
        Number of dev images (100 to 1,000,000).

    Returns
    -------
    pandas.DataFrame
        One row per image with columns ``is_cat`` (0/1, the true label),
        ``unacceptable`` (bool), ``pred_A`` and ``pred_B`` (0/1 predictions).

    Examples
    --------
    >>> dev = filter_predictions(seed=0)
    >>> list(dev.columns)
    ['is_cat', 'unacceptable', 'pred_A', 'pred_B']
    >>> bool((dev["pred_B"][dev["unacceptable"]] == 0).all())
    True
    """
    import pandas as pd

    seed = check_seed(seed)
    if isinstance(n_images, bool) or not isinstance(n_images, numbers.Integral):
        raise TypeError(f"n_images must be a whole number, got {type(n_images).__name__}")
    if not 100 <= n_images <= 1_000_000:
        raise ValueError(f"n_images must be between 100 and 1,000,000, got {n_images}")
    rng = np.random.default_rng(seed)
    n = int(n_images)
    is_cat = (rng.random(n) < 0.5).astype(np.int64)
    unacceptable = (is_cat == 0) & (rng.random(n) < 0.03)
    wrong_a = np.where(unacceptable, rng.random(n) < 0.40, rng.random(n) < 0.0245)
    wrong_b = np.where(unacceptable, False, rng.random(n) < 0.05)
    return pd.DataFrame({
        "is_cat": is_cat,
        "unacceptable": unacceptable,
        "pred_A": np.where(wrong_a, 1 - is_cat, is_cat).astype(np.int64),
        "pred_B": np.where(wrong_b, 1 - is_cat, is_cat).astype(np.int64),
    })


@lru_cache(maxsize=4)
def _dev_set_comparison(seed: int) -> pd.DataFrame:
    import pandas as pd
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.svm import SVC

    from course_lib.data.domains import make_domains
    from course_lib.splits import shuffle_split

    domains = make_domains(seed=seed)
    n_web = len(domains.web_y)
    train, web_dev = shuffle_split(n_web, (800, n_web - 800), seed)
    models = {
        "1-nearest neighbour": KNeighborsClassifier(1),
        "9-nearest neighbours": KNeighborsClassifier(9, weights="distance"),
        "SVM, gamma 0.001": SVC(gamma=0.001),
        "SVM, gamma 0.004": SVC(gamma=0.004),
        "linear SVM": SVC(kernel="linear"),
    }
    rows = {}
    with one_thread():  # small problem: one thread is fastest
        for name, model in models.items():
            model.fit(domains.web_X[train], domains.web_y[train])
            rows[name] = {
                "web dev error": float(np.mean(
                    model.predict(domains.web_X[web_dev]) != domains.web_y[web_dev])),
                "user dev error": float(np.mean(
                    model.predict(domains.phone_X) != domains.phone_y)),
            }
    return pd.DataFrame.from_dict(rows, orient="index")


def dev_set_comparison(seed: int = 0) -> pd.DataFrame:
    """Five models trained on web images, measured on a web dev set and on users' pictures.

    :func:`course_lib.data.domains.make_domains` splits the digits into 1,197 clean web
    images and 600 phone pictures (other instances, corrupted like cheap phone
    cameras do). 800 web images train each model of :data:`USER_MODELS`; the
    other 397 web images form the *web dev set* and the 600 phone pictures the
    *user dev set*.

    Parameters
    ----------
    seed : int, default 0
        Seed of the domains and of the train/dev shuffle.

    Returns
    -------
    pandas.DataFrame
        Index: model name. Columns ``web dev error`` and ``user dev error``
        (fractions). Cached per seed; a copy is returned.

    Examples
    --------
    >>> table = dev_set_comparison(seed=0)
    >>> list(table.columns)
    ['web dev error', 'user dev error']
    """
    return _dev_set_comparison(check_seed(seed)).copy()
