"""Label noise with a known rate, and the Bayes error it implies.

Bayes error, the lowest error any classifier could reach, is usually unknown: that is
why the course estimates it with the best human error. One way to make it *known* is
to start from labels that can be predicted almost perfectly and corrupt a known share
of them: a classifier can never predict a label that was redrawn at random, so the
noise rate fixes how good the best possible classifier is.

The noise model used here is the simplest one: a chosen label is **redrawn uniformly
from all** ``n_classes`` **classes**, so with ``K`` classes it lands back on the right
class with probability ``1/K``. With a share ``q`` of labels redrawn,

* a classifier whose error on the *clean* labels is ``e`` (and whose mistakes have
  nothing to do with the noise) has an expected error on the *noisy* labels of
  ``(1 - q) * e + q * (K - 1) / K`` -- see :func:`error_under_label_noise`;
* the Bayes error of the noisy task is that formula with the clean task's Bayes error
  for ``e`` (``0`` when the clean labels are perfectly predictable) -- see
  :func:`bayes_error_with_label_noise`. Noise that is uniform over the classes never
  changes which class is the most likely one, so the best classifier of the noisy task
  is the best classifier of the clean task.

:func:`noisy_digits` applies this to scikit-learn's bundled handwritten digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from numbers import Integral
from typing import Any

import numpy as np

from course_lib.validation import check_fraction, check_real, check_seed

__all__ = [
    "NoisyDigits",
    "add_label_noise",
    "bayes_error_with_label_noise",
    "error_under_label_noise",
    "noisy_digits",
]


# ----------------------------------------------------------------------------- validation
def _n_classes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"n_classes must be an integer (2 or more), got {type(value).__name__}")
    if value < 2:
        raise ValueError(f"n_classes must be at least 2 (a task needs two classes), got {value}")
    return int(value)


def _labels(y: Any, n_classes: int | None) -> tuple[np.ndarray, int]:
    if y is None or isinstance(y, (str, bytes, dict, set)):
        raise TypeError(
            f"y must be a list or array of integer class labels, got {type(y).__name__}"
        )
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(
            f"y must be one-dimensional (one label per example), got shape {arr.shape}"
        )
    if arr.size and arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(f"y must hold integer class labels 0, 1, 2, ..., got dtype {arr.dtype}")
    arr = arr.astype(np.int64)
    if arr.size and arr.min() < 0:
        raise ValueError(f"class labels must be 0 or more, found {int(arr.min())}")
    if n_classes is None:
        n_classes = max(int(arr.max()) + 1 if arr.size else 2, 2)
    else:
        n_classes = _n_classes(n_classes)
        if arr.size and arr.max() >= n_classes:
            raise ValueError(
                f"y holds the label {int(arr.max())}, but n_classes={n_classes} allows only "
                f"0 to {n_classes - 1}"
            )
    return arr, n_classes


# ----------------------------------------------------------------------------- noise
def add_label_noise(
    y: Any, noise_rate: float, n_classes: int | None = None, *, seed: int = 0
) -> np.ndarray:
    """Return a copy of ``y`` in which a share ``noise_rate`` of the labels is redrawn at random.

    Exactly ``round(noise_rate * len(y))`` positions are picked at random (so the
    share of redrawn labels is the same for every seed), and each picked label is
    replaced by a class drawn uniformly from ``0 .. n_classes - 1``. A redrawn label
    can land on its old value, so the share of labels that actually *change* is
    about ``noise_rate * (n_classes - 1) / n_classes``.

    Parameters
    ----------
    y : array-like of int
        Class labels ``0 .. n_classes - 1``, one per example.
    noise_rate : float
        Share of labels to redraw, in ``[0, 1]``.
    n_classes : int, optional
        Number of classes; by default ``max(y) + 1`` (at least 2).
    seed : int, default 0
        Seed of the random choices.

    Returns
    -------
    numpy.ndarray
        The noisy labels (``int64``); ``y`` itself is not modified.

    Raises
    ------
    TypeError
        If ``y`` does not hold integer labels, or an argument has the wrong type.
    ValueError
        If ``noise_rate`` is outside ``[0, 1]`` or a label is outside ``0 .. n_classes - 1``.

    Examples
    --------
    >>> y = np.zeros(1000, dtype=int)
    >>> noisy = add_label_noise(y, 0.5, n_classes=2, seed=0)
    >>> int((noisy != y).sum())  # about half of the 500 redrawn labels changed
    248
    >>> add_label_noise([0, 1, 2], 0.0).tolist()
    [0, 1, 2]
    """
    labels, k = _labels(y, n_classes)
    rate = check_fraction(noise_rate, "noise_rate")
    rng = np.random.default_rng(check_seed(seed))
    n_redrawn = int(round(rate * len(labels)))
    noisy = labels.copy()
    where = rng.choice(len(labels), size=n_redrawn, replace=False)
    noisy[where] = rng.integers(0, k, size=n_redrawn)
    return noisy


def error_under_label_noise(clean_error: float, noise_rate: float, n_classes: int) -> float:
    """Expected error, measured against noisy labels, of a classifier with a known clean error.

    The labels are corrupted as in :func:`add_label_noise`: a share ``noise_rate`` (q)
    is redrawn uniformly from the ``n_classes`` (K) classes. A classifier that is wrong
    on a share ``clean_error`` (e) of the clean labels, independently of the noise,
    is then scored wrong on ``(1 - q) * e + q * (K - 1) / K`` of the noisy labels:
    a kept label is judged as before, a redrawn one matches the prediction only by
    luck (probability ``1 / K``).

    Parameters
    ----------
    clean_error : float
        The classifier's error rate on the clean labels, in ``[0, 1]``.
    noise_rate : float
        Share of redrawn labels, in ``[0, 1]``.
    n_classes : int
        Number of classes (2 or more).

    Returns
    -------
    float
        The expected error rate on the noisy labels, a fraction in ``[0, 1]``.

    Examples
    --------
    >>> round(error_under_label_noise(0.0, 0.2, 10), 6)  # a perfect reader
    0.18
    >>> round(error_under_label_noise(0.01, 0.1, 10), 6)  # a reader who misreads 1%
    0.099
    """
    e = check_fraction(clean_error, "clean_error")
    q = check_fraction(noise_rate, "noise_rate")
    k = _n_classes(n_classes)
    return (1.0 - q) * e + q * (k - 1) / k


def bayes_error_with_label_noise(
    noise_rate: float, n_classes: int, clean_bayes_error: float = 0.0
) -> float:
    """Bayes error of a task whose labels are redrawn at random with a known rate.

    Redrawing a share ``q`` of labels uniformly from ``K`` classes lowers every
    class's probability by the same factor and adds the same ``q / K`` to each, so
    the most likely class does not change: the best classifier of the noisy task is
    the best classifier of the clean one, and its error is
    ``(1 - q) * clean_bayes_error + q * (K - 1) / K``.

    Parameters
    ----------
    noise_rate : float
        Share of redrawn labels, in ``[0, 1]``.
    n_classes : int
        Number of classes (2 or more).
    clean_bayes_error : float, default 0.0
        Bayes error of the task before the noise (``0`` when the clean labels can be
        predicted perfectly).

    Returns
    -------
    float
        The Bayes error of the noisy task, a fraction.

    Examples
    --------
    >>> round(bayes_error_with_label_noise(0.1, 10), 6)
    0.09
    >>> round(bayes_error_with_label_noise(0.2, 2), 6)  # yes/no labels: half the redraws hit
    0.1
    >>> round(bayes_error_with_label_noise(1.0, 4), 6)  # pure guessing
    0.75
    """
    return error_under_label_noise(clean_bayes_error, noise_rate, n_classes)


# ----------------------------------------------------------------------------- digits
@dataclass(frozen=True)
class NoisyDigits:
    """scikit-learn's handwritten digits with a known share of training and dev labels redrawn.

    Attributes
    ----------
    X_train, X_dev : numpy.ndarray
        Pixel features (64 per image), scaled to ``[0, 1]``.
    y_train, y_dev : numpy.ndarray
        The noisy labels, the ones models are trained and scored on.
    y_train_clean, y_dev_clean : numpy.ndarray
        The original labels, before the noise.
    noise_rate : float
        Share of labels redrawn in each set.
    n_classes : int
        Number of classes (10).
    """

    X_train: np.ndarray
    X_dev: np.ndarray
    y_train: np.ndarray
    y_dev: np.ndarray
    y_train_clean: np.ndarray
    y_dev_clean: np.ndarray
    noise_rate: float
    n_classes: int = 10

    @property
    def bayes_error(self) -> float:
        """Expected Bayes error of the noisy task (clean labels taken as perfectly predictable)."""
        return bayes_error_with_label_noise(self.noise_rate, self.n_classes)


@lru_cache(maxsize=8)
def _noisy_digits(noise_rate: float, seed: int, dev_fraction: float) -> NoisyDigits:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_train, X_dev, y_train, y_dev = train_test_split(
        X, y, test_size=dev_fraction, random_state=seed, stratify=y
    )
    noisy_train = add_label_noise(y_train, noise_rate, 10, seed=seed + 1)
    noisy_dev = add_label_noise(y_dev, noise_rate, 10, seed=seed + 2)
    for array in (X_train, X_dev, y_train, y_dev, noisy_train, noisy_dev):
        array.setflags(write=False)  # cached: callers must not change it in place
    return NoisyDigits(X_train, X_dev, noisy_train, noisy_dev, y_train, y_dev, noise_rate)


def noisy_digits(
    noise_rate: float = 0.1, *, seed: int = 0, dev_fraction: float = 0.35
) -> NoisyDigits:
    """The 1,797 bundled 8x8 digit images, split into train/dev, with a known share of noisy labels.

    The clean digit labels are close to perfectly predictable (good models get
    about 98-99% of them right), so the Bayes error of the noisy task is very close
    to :func:`bayes_error_with_label_noise` ``(noise_rate, 10)``. The training and
    dev labels are corrupted independently, each with :func:`add_label_noise`.

    Parameters
    ----------
    noise_rate : float, default 0.1
        Share of labels redrawn in each set, in ``[0, 1]``.
    seed : int, default 0
        Seed of the stratified split and of the noise.
    dev_fraction : float, default 0.35
        Share of the images in the dev set.

    Returns
    -------
    NoisyDigits
        Arrays are read-only (the result is cached); copy them before changing them.

    Examples
    --------
    >>> d = noisy_digits(0.1)
    >>> len(d.y_train), len(d.y_dev), round(d.bayes_error, 6)
    (1168, 629, 0.09)
    """
    rate = check_fraction(noise_rate, "noise_rate")
    fraction = check_real(dev_fraction, "dev_fraction", low=0.05, high=0.95)
    return _noisy_digits(rate, check_seed(seed), fraction)
