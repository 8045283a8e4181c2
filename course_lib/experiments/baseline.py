"""A quick first system for the web/phone digits: the split, the model, the metric.

The course's advice for a new project is to set a target (dev/test sets and a
metric) and to train a quick and dirty model right away, so that bias/variance
analysis and error analysis can tell you what to work on next.  This module is that
first system for the week-2 running example (:mod:`course_lib.data.domains`):

* :func:`split_domains` -- web images for training plus a held-out web slice (the
  *training-dev* set), phone images for the dev and test sets;
* :func:`fit_baseline` -- multinomial logistic regression on the pixels, which
  trains in a fraction of a second;
* :func:`course_lib.metrics.error_rate` -- the single-number metric;
* :func:`load_web_phone` -- the domains and the split of the week-2 notebooks in one
  call (built once per process, so repeated calls are cheap).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.corruptions import PIXEL_MAX
from course_lib.data.domains import Domains, make_domains
from course_lib.threads import one_thread
from course_lib.validation import check_count, check_seed

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    from sklearn.pipeline import Pipeline

__all__ = ["WebPhoneSplit", "fit_baseline", "load_web_phone", "split_domains"]


@dataclass(frozen=True)
class WebPhoneSplit:
    """Row numbers of each set, into the web or phone arrays of a :class:`Domains`.

    Attributes
    ----------
    web_train : numpy.ndarray of int
        Web images to train on.
    web_heldout : numpy.ndarray of int
        Web images kept out of training: the training-dev set (same distribution as
        the training data, not trained on).
    phone_dev, phone_test : numpy.ndarray of int
        Phone images of the dev and test sets (the distribution you care about).
    """

    web_train: np.ndarray
    web_heldout: np.ndarray
    phone_dev: np.ndarray
    phone_test: np.ndarray

    def sizes(self) -> dict[str, int]:
        """Number of images in each set.

        Examples
        --------
        >>> WebPhoneSplit(np.arange(5), np.arange(2), np.arange(3), np.arange(3)).sizes()
        {'web_train': 5, 'web_heldout': 2, 'phone_dev': 3, 'phone_test': 3}
        """
        return {
            "web_train": len(self.web_train),
            "web_heldout": len(self.web_heldout),
            "phone_dev": len(self.phone_dev),
            "phone_test": len(self.phone_test),
        }


def split_domains(
    domains: Domains, *, n_web_heldout: int = 300, n_phone_dev: int = 300, seed: int = 0
) -> WebPhoneSplit:
    """Shuffle the web and phone images (with ``seed``) and cut them into four sets.

    Parameters
    ----------
    domains : Domains
        From :func:`course_lib.data.domains.make_domains`.
    n_web_heldout : int, default 300
        Web images held out as the training-dev set; the other web images are for
        training.
    n_phone_dev : int, default 300
        Phone images in the dev set; the other phone images form the test set.
    seed : int, default 0
        Seed of the shuffles.

    Returns
    -------
    WebPhoneSplit
        Sorted row numbers; the four sets do not overlap.

    Examples
    --------
    >>> from course_lib.data.domains import make_domains
    >>> split_domains(make_domains(0)).sizes()
    {'web_train': 897, 'web_heldout': 300, 'phone_dev': 300, 'phone_test': 300}
    """
    if not isinstance(domains, Domains):
        raise TypeError(
            f"domains must come from course_lib.data.domains.make_domains, got "
            f"{type(domains).__name__}"
        )
    n_web, n_phone = len(domains.web_y), len(domains.phone_y)
    n_web_heldout = check_count(n_web_heldout, "n_web_heldout", low=1, high=n_web - 1)
    n_phone_dev = check_count(n_phone_dev, "n_phone_dev", low=1, high=n_phone - 1)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    web = rng.permutation(n_web)
    phone = rng.permutation(n_phone)
    return WebPhoneSplit(
        web_train=np.sort(web[n_web_heldout:]),
        web_heldout=np.sort(web[:n_web_heldout]),
        phone_dev=np.sort(phone[:n_phone_dev]),
        phone_test=np.sort(phone[n_phone_dev:]),
    )


@lru_cache(maxsize=4)
def _load(seed: int) -> tuple[Domains, WebPhoneSplit]:
    domains = make_domains(seed)
    return domains, split_domains(domains, seed=seed)


def load_web_phone(seed: int = 0) -> tuple[Domains, WebPhoneSplit]:
    """The week-2 running example: ``make_domains(seed)`` and ``split_domains(..., seed=seed)``.

    The result is built once per process and cached; every call returns fresh copies,
    so changing the arrays or the tag table you get cannot change what the next call
    (for instance a self-check) sees.

    Parameters
    ----------
    seed : int, default 0
        Seed of the domains and of the split.

    Returns
    -------
    (Domains, WebPhoneSplit)

    Examples
    --------
    >>> domains, split = load_web_phone(0)
    >>> domains.phone_X.shape, split.sizes()["phone_dev"]
    ((600, 64), 300)
    """
    seed = check_seed(seed)
    return copy.deepcopy(_load(seed))


def _to_unit_scale(X: np.ndarray) -> np.ndarray:
    return np.asarray(X, dtype=np.float64) / PIXEL_MAX


def fit_baseline(X: Any, y: Any, *, C: float = 1.0, max_iter: int = 1000) -> Pipeline:
    """Train the quick first model: logistic regression on pixels scaled to [0, 1].

    Exactly ``LogisticRegression(C=C, max_iter=max_iter).fit(X / 16, y)`` wrapped in a
    pipeline, so that ``predict`` takes raw 0..16 pixels too.  It runs on one CPU
    thread, which is fastest for data this small.

    Parameters
    ----------
    X : array-like of shape (n, 64)
        Flattened images on the digits scale 0..16 (e.g. ``Domains.web_X``).
    y : array-like of shape (n,)
        Class labels.
    C : float, default 1.0
        Inverse regularisation strength.
    max_iter : int, default 1000
        Iteration limit of the solver.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Fitted; use ``.predict(X)`` on raw pixels.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> X, y = load_digits(return_X_y=True)
    >>> model = fit_baseline(X[:500], y[:500])
    >>> from course_lib.metrics import error_rate
    >>> error_rate(y[500:700], model.predict(X[500:700])) < 0.15
    True
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n, n_features), got shape {X.shape}")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must have one label per row of X ({len(X)}), got shape {y.shape}")
    if isinstance(C, (bool, np.bool_)) or not isinstance(C, (int, float)) or not C > 0:
        raise ValueError(f"C must be a positive number, got {C!r}")
    max_iter = check_count(max_iter, "max_iter", low=1)
    model = make_pipeline(
        FunctionTransformer(_to_unit_scale),
        LogisticRegression(C=float(C), max_iter=max_iter),
    )
    with one_thread():
        model.fit(X, y)
    return model


