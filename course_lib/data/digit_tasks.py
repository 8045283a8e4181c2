"""Small learning tasks built from scikit-learn's handwritten digits (8x8 images).

The week 2 notebooks on transfer, multi-task and end-to-end learning all run real
experiments on the same 1,797 digit images. This module makes the data for them:

- :func:`load_digit_images`: the images as rows of 64 pixels scaled to ``[0, 1]``;
- :func:`split_by_class` and :func:`sample_per_class`: reproducible splits that keep
  every digit represented;
- :func:`transfer_tasks`: a large task A (which digit is it?) and a small task B with
  the same kind of input (is the digit even?), on separate images;
- :func:`task_labels` and :func:`hide_labels`: several yes/no labels per image
  (even, greater than 4, closed loop, prime) with some of them missing (NaN);
- :func:`join_pairs`, :func:`split_pairs` and :func:`make_pairs`: two digits side by
  side in one 8x16 image, labelled with their sum.

Every random choice takes a ``seed``.
"""

# X for a matrix of examples is the usual notation in ML code.
# ruff: noqa: N803, N806

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from course_lib.validation import check_count, check_seed

__all__ = [
    "CLOSED_LOOP_DIGITS",
    "DigitPairs",
    "PRIME_DIGITS",
    "TASK_NAMES",
    "TransferTasks",
    "hide_labels",
    "join_pairs",
    "load_digit_images",
    "make_pairs",
    "pipeline_sums",
    "sample_per_class",
    "split_by_class",
    "split_pairs",
    "task_labels",
    "transfer_tasks",
]

#: Side of one digit image in pixels: every digit is 8 x 8 = 64 pixels.
SIDE = 8

#: The four yes/no questions of the multi-task notebook, in column order.
TASK_NAMES = ("even", "greater_than_4", "closed_loop", "prime")

#: Digits whose usual handwritten shape encloses a region. 4 is left out on purpose:
#: many people write it with an open top, so "has a closed loop" would not be a
#: property of the digit 4 but of each writer's style.
CLOSED_LOOP_DIGITS = (0, 6, 8, 9)

#: The prime numbers among 0..9 (1 is not prime; 2 is).
PRIME_DIGITS = (2, 3, 5, 7)


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


def _digits_csv() -> Path | None:
    """Path of the CSV file scikit-learn ships the digits in, found without importing it."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data"
    path = path / "digits.csv.gz"
    return path if path.is_file() else None


@functools.lru_cache(maxsize=1)
def _load() -> tuple[np.ndarray, np.ndarray]:
    # Reading the bundled file directly takes milliseconds; importing scikit-learn
    # to call load_digits takes about a second. Fall back to load_digits if the
    # file is not where this version of scikit-learn used to keep it.
    path = _digits_csv()
    data = np.loadtxt(path, delimiter=",") if path is not None else None
    if data is None or data.shape != (1797, 65):
        from sklearn.datasets import load_digits

        images, labels = load_digits(return_X_y=True)
    else:
        images, labels = data[:, :-1], data[:, -1]
    X = np.ascontiguousarray(images, dtype=np.float64) / 16.0
    y = labels.astype(np.int64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


def load_digit_images() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 handwritten digits of scikit-learn, pixels scaled to ``[0, 1]``.

    Returns
    -------
    X : numpy.ndarray of shape (1797, 64)
        One image per row: 8 rows of 8 pixels, row after row, each pixel's ink
        level divided by 16 (the original values go from 0 to 16).
    y : numpy.ndarray of shape (1797,)
        The digit shown, 0..9.

    The arrays are fresh copies, so changing them does not change later calls.

    Examples
    --------
    >>> X, y = load_digit_images()
    >>> X.shape, y.shape, float(X.max()), sorted(set(y.tolist())) == list(range(10))
    ((1797, 64), (1797,), 1.0, True)
    """
    X, y = _load()
    return X.copy(), y.copy()


def _digit_array(digits: Any, name: str = "digits") -> np.ndarray:
    """``digits`` as a 1-D int64 array of values 0..9, or a clear error."""
    if digits is None or isinstance(digits, (str, bytes, dict, set)):
        raise TypeError(
            f"{name} must be a list or array of digits 0-9, got {type(digits).__name__}"
        )
    arr = np.asarray(digits)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got an array of shape {arr.shape}")
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold whole numbers 0-9, got values of type {arr.dtype}")
    if arr.size and (not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr))):
        raise ValueError(f"{name} must hold whole numbers 0-9")
    if arr.size and (arr.min() < 0 or arr.max() > 9):
        bad = arr[(arr < 0) | (arr > 9)][0]
        raise ValueError(f"{name} must hold digits 0-9, found {bad}")
    return arr.astype(np.int64)


def _image_rows(X: Any, n_pixels: int, name: str) -> np.ndarray:
    if X is None or isinstance(X, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a 2-D array of pixels, got {type(X).__name__}")
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != n_pixels:
        raise ValueError(
            f"{name} must have shape (n_images, {n_pixels}), one image per row, "
            f"got shape {arr.shape}"
        )
    return arr


# ---------------------------------------------------------------------------
# Splits that keep every digit represented
# ---------------------------------------------------------------------------


def split_by_class(y: Any, per_class: Sequence[int], seed: int = 0) -> tuple[np.ndarray, ...]:
    """Split example indices so that each part holds a fixed number of each class.

    For every class, its examples are shuffled; the first ``per_class[0]`` go to
    part 0, the next ``per_class[1]`` to part 1, and so on. One extra, last part
    gets everything that is left.

    Parameters
    ----------
    y : array-like of shape (n_examples,)
        Class labels (any integers).
    per_class : sequence of int
        How many examples of *each* class every part gets.
    seed : int, default 0

    Returns
    -------
    tuple of numpy.ndarray
        ``len(per_class) + 1`` sorted arrays of indices into ``y``; together they
        hold every index exactly once.

    Raises
    ------
    ValueError
        If a class has fewer examples than ``sum(per_class)``.

    Examples
    --------
    >>> a, b, rest = split_by_class([0, 0, 0, 1, 1, 1, 1], [1, 2], seed=0)
    >>> len(a), len(b), len(rest)
    (2, 4, 1)
    """
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be one-dimensional, got shape {labels.shape}")
    if isinstance(per_class, (str, bytes)) or not isinstance(per_class, Sequence):
        raise TypeError("per_class must be a list of counts, e.g. [70, 70]")
    counts = [check_count(c, "each count in per_class") for c in per_class]
    rng = np.random.default_rng(check_seed(seed))
    parts: list[list[np.ndarray]] = [[] for _ in range(len(counts) + 1)]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        if len(members) < sum(counts):
            raise ValueError(
                f"class {label} has {len(members)} examples, fewer than the "
                f"{sum(counts)} that per_class={counts} asks for"
            )
        start = 0
        for k, c in enumerate(counts):
            parts[k].append(members[start : start + c])
            start += c
        parts[-1].append(members[start:])
    return tuple(
        np.sort(np.concatenate(p)) if p else np.array([], dtype=np.int64) for p in parts
    )


def sample_per_class(y: Any, n_per_class: int, seed: int = 0) -> np.ndarray:
    """Indices of ``n_per_class`` randomly chosen examples of each class, sorted.

    Examples
    --------
    >>> idx = sample_per_class([3, 3, 5, 5, 5, 3], 2, seed=1)
    >>> sorted(np.asarray([3, 3, 5, 5, 5, 3])[idx].tolist())
    [3, 3, 5, 5]
    """
    n = check_count(n_per_class, "n_per_class", low=1)
    return split_by_class(y, [n], seed)[0]


# ---------------------------------------------------------------------------
# Transfer learning: a large task A and a small task B on the same kind of input
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferTasks:
    """Task A (which digit, 10 classes) and task B (is it even?) on separate images.

    Attributes
    ----------
    X_a, y_a : numpy.ndarray
        Task A's training images and their digits 0..9.
    X_b, y_b : numpy.ndarray
        Task B's pool of training images and their labels (1 = even, 0 = odd).
    digits_b : numpy.ndarray
        The digit shown in each image of ``X_b`` (used to sample B evenly).
    X_b_test, y_b_test : numpy.ndarray
        Task B's test images and labels, never used for training.
    digits_b_test : numpy.ndarray
        The digit shown in each test image (to see how well task A's network reads them).
    """

    X_a: np.ndarray
    y_a: np.ndarray
    X_b: np.ndarray
    y_b: np.ndarray
    digits_b: np.ndarray
    X_b_test: np.ndarray
    y_b_test: np.ndarray
    digits_b_test: np.ndarray

    def sample_b(self, n_per_digit: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """A small training set for task B: ``n_per_digit`` images of each digit.

        Examples
        --------
        >>> X, y = transfer_tasks().sample_b(3, seed=0)
        >>> X.shape, int(y.sum())  # 3 images of each of the 5 even digits
        ((30, 64), 15)
        """
        idx = sample_per_class(self.digits_b, n_per_digit, seed)
        return self.X_b[idx], self.y_b[idx]


def transfer_tasks(
    n_a_per_digit: int = 70, n_b_per_digit: int = 70, seed: int = 0
) -> TransferTasks:
    """Split the digits into a large task A and a small task B with the same input.

    Task A asks *which digit is this?* (10 classes) on ``n_a_per_digit`` images of
    each digit. Task B asks *is this digit even?* (label 1 for 0, 2, 4, 6, 8) on
    other images: a pool of ``n_b_per_digit`` per digit to draw training sets from,
    and all remaining images as B's test set. No image is in two parts.

    Examples
    --------
    >>> tasks = transfer_tasks(n_a_per_digit=70, n_b_per_digit=70, seed=0)
    >>> len(tasks.y_a), len(tasks.y_b), len(tasks.y_b_test)
    (700, 700, 397)
    """
    X, y = load_digit_images()
    a, b, test = split_by_class(y, [n_a_per_digit, n_b_per_digit], seed)
    if len(test) == 0:
        raise ValueError("no image is left for task B's test set: ask for fewer images per digit")
    even = (y % 2 == 0).astype(np.int64)
    return TransferTasks(
        X_a=X[a], y_a=y[a], X_b=X[b], y_b=even[b], digits_b=y[b],
        X_b_test=X[test], y_b_test=even[test], digits_b_test=y[test],
    )


# ---------------------------------------------------------------------------
# Multi-task learning: several yes/no labels per image
# ---------------------------------------------------------------------------


def task_labels(digits: Any) -> np.ndarray:
    """Four yes/no labels for each digit: even, greater than 4, closed loop, prime.

    Columns follow :data:`TASK_NAMES`:

    - ``even``: 0, 2, 4, 6, 8;
    - ``greater_than_4``: 5, 6, 7, 8, 9;
    - ``closed_loop``: 0, 6, 8, 9 (see :data:`CLOSED_LOOP_DIGITS` for why not 4);
    - ``prime``: 2, 3, 5, 7.

    Parameters
    ----------
    digits : array-like of shape (n,)
        Digits 0..9.

    Returns
    -------
    numpy.ndarray of shape (n, 4), dtype float64
        1.0 for yes, 0.0 for no (float, so that missing labels can be NaN).

    Examples
    --------
    >>> task_labels([0, 7])
    array([[1., 0., 1., 0.],
           [0., 1., 0., 1.]])
    """
    d = _digit_array(digits)
    columns = [d % 2 == 0, d > 4, np.isin(d, CLOSED_LOOP_DIGITS), np.isin(d, PRIME_DIGITS)]
    return np.stack(columns, axis=1).astype(np.float64).reshape(len(d), len(TASK_NAMES))


def hide_labels(labels: Any, missing: float | Sequence[float], seed: int = 0) -> np.ndarray:
    """Replace a random share of the labels by NaN (no label), task by task.

    Each entry of column ``j`` is hidden independently with probability
    ``missing`` (or ``missing[j]`` when one share per task is given).

    Parameters
    ----------
    labels : array-like of shape (n, n_tasks)
    missing : float or sequence of float
        Share(s) of labels to hide, each in ``[0, 1)``.
    seed : int, default 0

    Returns
    -------
    numpy.ndarray
        A float copy of ``labels`` with NaN where the label is hidden.

    Examples
    --------
    >>> Y = hide_labels(np.ones((1000, 2)), [0.0, 0.5], seed=0)
    >>> int(np.isnan(Y[:, 0]).sum()), 400 < int(np.isnan(Y[:, 1]).sum()) < 600
    (0, True)
    """
    Y = np.array(labels, dtype=np.float64)
    if Y.ndim != 2:
        raise ValueError(f"labels must have shape (n_examples, n_tasks), got shape {Y.shape}")
    try:
        shares = np.asarray(missing, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"missing must be a number or a list of numbers: {exc}") from exc
    if shares.ndim == 0:
        shares = np.full(Y.shape[1], float(shares))
    if shares.shape != (Y.shape[1],):
        raise ValueError(
            f"missing must be one number or one share per task ({Y.shape[1]}), "
            f"got {len(shares)} shares"
        )
    if not np.all((shares >= 0) & (shares < 1)):
        raise ValueError(f"each share in missing must be in [0, 1), got {shares.tolist()}")
    rng = np.random.default_rng(check_seed(seed))
    Y[rng.random(Y.shape) < shares] = np.nan
    return Y


# ---------------------------------------------------------------------------
# End-to-end learning: two digits side by side, labelled with their sum
# ---------------------------------------------------------------------------


def join_pairs(left: Any, right: Any) -> np.ndarray:
    """Put two 8x8 digits side by side: one 8x16 image per pair, as a row of 128.

    Row ``r`` of the joined image is row ``r`` of the left digit followed by row
    ``r`` of the right digit, so pixel ``(r, c)`` of the 8x16 image is column
    ``16 * r + c`` of the result.

    Parameters
    ----------
    left, right : array-like of shape (n, 64)
        Digit images, one per row (8 rows of 8 pixels).

    Returns
    -------
    numpy.ndarray of shape (n, 128)

    Examples
    --------
    >>> left, right = np.zeros((1, 64)), np.ones((1, 64))
    >>> join_pairs(left, right).reshape(8, 16)[0].tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    """
    L = _image_rows(left, SIDE * SIDE, "left")
    R = _image_rows(right, SIDE * SIDE, "right")
    if len(L) != len(R):
        raise ValueError(
            f"left and right must hold the same number of images, got {len(L)} and {len(R)}"
        )
    n = len(L)
    return np.concatenate([L.reshape(n, SIDE, SIDE), R.reshape(n, SIDE, SIDE)], axis=2).reshape(
        n, 2 * SIDE * SIDE
    )


def split_pairs(X_pairs: Any) -> tuple[np.ndarray, np.ndarray]:
    """Undo :func:`join_pairs`: cut each 8x16 image into its left and right 8x8 digit.

    Parameters
    ----------
    X_pairs : array-like of shape (n, 128)

    Returns
    -------
    left, right : numpy.ndarray of shape (n, 64)

    Examples
    --------
    >>> X = join_pairs(np.full((2, 64), 0.25), np.full((2, 64), 0.75))
    >>> left, right = split_pairs(X)
    >>> float(left.max()), float(right.min())
    (0.25, 0.75)
    """
    P = _image_rows(X_pairs, 2 * SIDE * SIDE, "X_pairs")
    images = P.reshape(len(P), SIDE, 2 * SIDE)
    left = images[:, :, :SIDE].reshape(len(P), SIDE * SIDE)
    right = images[:, :, SIDE:].reshape(len(P), SIDE * SIDE)
    return left, right


@dataclass(frozen=True)
class DigitPairs:
    """Pairs of digits side by side and what they show.

    Attributes
    ----------
    X : numpy.ndarray of shape (n, 128)
        The 8x16 images, one per row (see :func:`join_pairs`).
    sums : numpy.ndarray of shape (n,)
        Left digit + right digit, 0..18: the end-to-end label.
    left, right : numpy.ndarray of shape (n,)
        The two digits: the intermediate labels a pipeline would use.
    """

    X: np.ndarray
    sums: np.ndarray
    left: np.ndarray
    right: np.ndarray

    def __len__(self) -> int:
        return len(self.sums)


def make_pairs(X: Any, y: Any, n_pairs: int, seed: int = 0) -> DigitPairs:
    """Draw ``n_pairs`` random pairs of images from ``(X, y)`` and join them.

    Both digits of a pair are drawn independently and uniformly from the given
    images (with replacement), so a small set of images can make many pairs.

    Parameters
    ----------
    X : array-like of shape (n_images, 64)
    y : array-like of shape (n_images,)
        The digit of each image.
    n_pairs : int
    seed : int, default 0

    Examples
    --------
    >>> X, y = load_digit_images()
    >>> pairs = make_pairs(X[:100], y[:100], 5, seed=0)
    >>> pairs.X.shape, bool(np.all(pairs.sums == pairs.left + pairs.right))
    ((5, 128), True)
    """
    images = _image_rows(X, SIDE * SIDE, "X")
    digits = _digit_array(y, "y")
    if len(images) != len(digits):
        raise ValueError(
            f"X and y must have the same number of rows, got {len(images)} and {len(digits)}"
        )
    if len(images) == 0:
        raise ValueError("X has no images to make pairs from")
    n = check_count(n_pairs, "n_pairs", low=1)
    rng = np.random.default_rng(check_seed(seed))
    i = rng.integers(0, len(images), size=n)
    j = rng.integers(0, len(images), size=n)
    return DigitPairs(
        X=join_pairs(images[i], images[j]),
        sums=digits[i] + digits[j],
        left=digits[i],
        right=digits[j],
    )


def pipeline_sums(classifier: Any, X_pairs: Any) -> np.ndarray:
    """The two-step pipeline: read each digit of a pair with ``classifier``, then add.

    Step 1 cuts every 8x16 image into its two 8x8 digits (:func:`split_pairs`) and
    asks ``classifier.predict`` which digit each one shows; step 2 is arithmetic.

    Parameters
    ----------
    classifier : object with a ``predict`` method
        Maps an array of shape (n, 64) to n digits, e.g. a trained
        :class:`course_lib.nn.Network` with 10 softmax outputs.
    X_pairs : array-like of shape (n, 128)

    Returns
    -------
    numpy.ndarray of shape (n,), dtype int64
        The predicted sums.

    Examples
    --------
    >>> class Ink:  # a stand-in "classifier": the digit is the amount of ink, capped at 9
    ...     def predict(self, X):
    ...         return np.minimum(np.asarray(X).sum(axis=1), 9).astype(int)
    >>> X = join_pairs(np.full((1, 64), 0.05), np.full((1, 64), 0.1))  # 3.2 and 6.4 of ink
    >>> pipeline_sums(Ink(), X)
    array([9])
    """
    if not callable(getattr(classifier, "predict", None)):
        raise TypeError(
            "classifier must have a predict method (e.g. a trained Network), "
            f"got {type(classifier).__name__}"
        )
    left, right = split_pairs(X_pairs)
    return (np.asarray(classifier.predict(left)) + np.asarray(classifier.predict(right))).astype(
        np.int64
    )
