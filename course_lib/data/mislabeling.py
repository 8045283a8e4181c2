"""Incorrectly labelled examples: make them on purpose, and measure what they cost.

Two questions from the course, as code:

* **In the training set**, how much do wrong labels hurt?  :func:`flip_random` changes
  a share of the labels to some *other* class picked at random (a tired labeller's
  slips); :func:`flip_systematic` turns one class into another (a labeller who reads
  every 7 as a 1).  Train on each and compare the dev errors: random slips cost
  little, a systematic confusion teaches the model the confusion.
* **In the dev set**, is it worth fixing them?  :func:`label_error_share` says which
  share of the dev errors the wrong labels explain (0.6% of a 10% dev error is 6% of
  the errors; of a 2% dev error it is 30%).  :func:`compare_under_label_errors`
  simulates what the wrong labels do to the comparison of two good models.

Labels are integer classes (e.g. the digits 0-9); everything random takes a ``seed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.validation import check_count, check_fraction, check_seed

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd

__all__ = [
    "compare_under_label_errors",
    "flip_random",
    "flip_systematic",
    "label_error_share",
]


# ----------------------------------------------------------------------------- validation

def _labels(labels: Any) -> np.ndarray:
    if labels is None or isinstance(labels, (str, bytes, dict, set)):
        raise TypeError(
            f"labels must be a list or array of integer classes, got {type(labels).__name__}"
        )
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise ValueError(f"labels must be one-dimensional (one per example), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("labels is empty; give at least one label")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"labels must hold integer classes such as 0-9, got dtype {arr.dtype}")
    return arr.astype(np.int64)


def _rounded_count(rate: float, n: int) -> int:
    """round(rate * n), with halves rounded up so that rate=0.5 of 3 flips 2."""
    return min(n, int(np.floor(rate * n + 0.5)))


# ----------------------------------------------------------------------------- label noise
def flip_random(
    labels: Any, rate: float, seed: int = 0, *, classes: Any = None
) -> np.ndarray:
    """Give a share ``rate`` of the labels a wrong class, picked at random.

    Exactly ``round(rate * n)`` positions are chosen at random, and each chosen label
    is replaced by one of the *other* classes, uniformly: so exactly that many labels
    end up wrong, and the wrong ones are spread over all classes.

    Parameters
    ----------
    labels : array-like of int, shape (n,)
        The correct class of every example.
    rate : float in [0, 1]
        Share of the labels to make wrong.
    seed : int, default 0
        Seed of the random choices.
    classes : array-like of int, optional
        The possible classes; by default the classes that occur in ``labels``
        (at least two are needed).

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        A new array; ``labels`` is not modified.

    Examples
    --------
    >>> y = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9] * 10)
    >>> noisy = flip_random(y, 0.2, seed=0)
    >>> int((noisy != y).sum())
    20
    >>> flip_random(y, 0.0).tolist() == y.tolist()
    True
    """
    y = _labels(labels)
    rate = check_fraction(rate, "rate")
    seed = check_seed(seed)
    if classes is None:
        choices = np.unique(y)
    else:
        choices = np.unique(_labels(classes))
        unknown = np.setdiff1d(np.unique(y), choices)
        if unknown.size:
            raise ValueError(
                f"labels holds class(es) {unknown.tolist()} that are not in classes "
                f"{choices.tolist()}"
            )
    if choices.size < 2:
        raise ValueError(
            f"a label can only be made wrong when there are at least two classes, "
            f"got {choices.tolist()}"
        )
    rng = np.random.default_rng(seed)
    n_flip = _rounded_count(rate, len(y))
    where = rng.choice(len(y), size=n_flip, replace=False)
    # Position of each old label among the classes, then a shift of 1..K-1 places:
    # the new class is never the old one, and every other class is equally likely.
    position = np.searchsorted(choices, y[where])
    shift = rng.integers(1, choices.size, size=n_flip)
    noisy = y.copy()
    noisy[where] = choices[(position + shift) % choices.size]
    return noisy


def flip_systematic(
    labels: Any, from_class: int, to_class: int, rate: float = 1.0, seed: int = 0
) -> np.ndarray:
    """Relabel examples of one class as another class, like a labeller who confuses them.

    Of the examples labelled ``from_class``, exactly ``round(rate * count)`` chosen at
    random get the label ``to_class``; every other label is kept.  ``rate=1`` turns
    every ``from_class`` into ``to_class`` (the seed then does not matter).

    Parameters
    ----------
    labels : array-like of int, shape (n,)
        The correct class of every example.
    from_class, to_class : int
        The class that is mislabelled and the (wrong) class it gets; they must differ.
    rate : float in [0, 1], default 1.0
        Share of the ``from_class`` examples that are relabelled.
    seed : int, default 0
        Seed of the choice of examples when ``rate < 1``.

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
        A new array; ``labels`` is not modified.

    Raises
    ------
    ValueError
        If no label equals ``from_class`` (a typo would otherwise flip nothing), or
        the two classes are the same.

    Examples
    --------
    >>> flip_systematic([7, 1, 7, 3, 7], from_class=7, to_class=1).tolist()
    [1, 1, 1, 3, 1]
    >>> int((flip_systematic([7] * 10, 7, 1, rate=0.3, seed=2) == 1).sum())
    3
    """
    y = _labels(labels)
    from_class = check_count(from_class, "from_class")
    to_class = check_count(to_class, "to_class")
    if from_class == to_class:
        raise ValueError(f"from_class and to_class must differ, both are {from_class}")
    rate = check_fraction(rate, "rate")
    seed = check_seed(seed)
    members = np.flatnonzero(y == from_class)
    if members.size == 0:
        present = np.unique(y).tolist()
        raise ValueError(
            f"no label equals from_class={from_class}; the labels hold the classes {present}"
        )
    rng = np.random.default_rng(seed)
    chosen = rng.choice(members, size=_rounded_count(rate, members.size), replace=False)
    noisy = y.copy()
    noisy[chosen] = to_class
    return noisy


# ----------------------------------------------------------------------------- dev-set labels
def label_error_share(dev_error: float, label_error: float) -> float:
    """Share of the dev-set errors that are due to incorrect labels.

    ``label_error / dev_error``: the error-analysis column "incorrect label" expressed
    as a fraction of the mistakes, the number the course uses to decide whether
    fixing dev labels is worth it.

    Parameters
    ----------
    dev_error : float in (0, 1]
        Overall dev error, e.g. 0.10.
    label_error : float in [0, dev_error]
        Part of the dev error caused by incorrect labels, e.g. 0.006 when 0.6% of the
        dev examples are counted wrong only because their label is wrong.

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> round(label_error_share(0.10, 0.006), 6)  # a small part: low priority
    0.06
    >>> round(label_error_share(0.02, 0.006), 6)  # a large part: fix the labels first
    0.3
    """
    dev_error = check_fraction(dev_error, "dev_error")
    label_error = check_fraction(label_error, "label_error")
    if dev_error == 0:
        raise ValueError("dev_error is 0: with no dev errors there is nothing to explain")
    if label_error > dev_error:
        raise ValueError(
            f"label_error ({label_error:g}) cannot exceed dev_error ({dev_error:g}): it is "
            "the part of the dev error caused by wrong labels"
        )
    return label_error / dev_error


def compare_under_label_errors(
    error_a: float,
    error_b: float,
    label_error: float,
    *,
    n_dev: int = 10_000,
    n_trials: int = 1000,
    agreement: float | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulate the dev-set errors two models get when some dev labels are wrong.

    The dev set has ``n_dev`` examples.  Scored against the *correct* labels, model A
    is wrong on ``round(error_a * n_dev)`` of them and model B on
    ``round(error_b * n_dev)``.  But ``round(label_error * n_dev)`` examples carry a
    wrong label.  Those tend to be the ambiguous pictures, where a model may well give
    the same wrong answer as the labeller: on each mislabelled example a model
    predicts the labeller's (wrong) class with probability ``agreement``, otherwise
    the correct class.  Agreeing makes a real mistake look right; disagreeing makes a
    right answer look like a mistake.  So the measured error of a model that agrees
    on ``k`` of the ``L`` mislabelled examples is ``(true mistakes - k + (L - k)) / n_dev``.

    How often a model sides with the labeller is a property of that model you do not
    know; with ``agreement=None`` each model gets its own rate, drawn uniformly from
    [0, 1] in each trial.

    Parameters
    ----------
    error_a, error_b : float in [0, 1]
        The two models' errors against the correct labels; they must differ.
    label_error : float in [0, 1]
        Share of dev examples whose label is wrong.
    n_dev : int, default 10,000
        Size of the dev set.
    n_trials : int, default 1000
        Number of simulated label-error patterns.
    agreement : float in [0, 1] or None, default None
        Probability that a model predicts the labeller's wrong class on a mislabelled
        example; ``None`` draws one rate per model and trial.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    pandas.DataFrame
        One row per trial with columns ``measured_a`` and ``measured_b`` (error rates
        against the dev labels as given) and ``picks_worse``: True when the measured
        errors rank the truly worse model first (a tie is broken by a fair coin).

    Examples
    --------
    >>> sim = compare_under_label_errors(0.021, 0.019, 0.0, n_trials=5)
    >>> float(sim["measured_a"].iloc[0]), bool(sim["picks_worse"].any())
    (0.021, False)
    >>> noisy = compare_under_label_errors(0.021, 0.019, 0.006, seed=1)
    >>> bool(0.2 < noisy["picks_worse"].mean() < 0.5)
    True
    """
    import pandas as pd

    error_a = check_fraction(error_a, "error_a")
    error_b = check_fraction(error_b, "error_b")
    label_error = check_fraction(label_error, "label_error")
    n_dev = check_count(n_dev, "n_dev", low=1)
    n_trials = check_count(n_trials, "n_trials", low=1)
    seed = check_seed(seed)
    mistakes_a, mistakes_b = _rounded_count(error_a, n_dev), _rounded_count(error_b, n_dev)
    if mistakes_a == mistakes_b:
        raise ValueError(
            f"error_a and error_b give the same number of mistakes on {n_dev} examples "
            f"({mistakes_a}); give two models of different quality"
        )
    n_wrong_labels = _rounded_count(label_error, n_dev)
    rng = np.random.default_rng(seed)
    if agreement is None:
        rates = rng.random((n_trials, 2))
    else:
        rates = np.full((n_trials, 2), check_fraction(agreement, "agreement"))
    agree = rng.binomial(n_wrong_labels, rates)
    # A model can only side with the labeller on examples it really gets wrong.
    agree = np.minimum(agree, np.array([mistakes_a, mistakes_b]))
    true_mistakes = np.array([mistakes_a, mistakes_b])
    measured = (true_mistakes - agree + (n_wrong_labels - agree)) / n_dev
    coin = rng.random(n_trials) < 0.5
    a_is_worse = mistakes_a > mistakes_b
    a_looks_better = measured[:, 0] < measured[:, 1]
    tie = measured[:, 0] == measured[:, 1]
    picks_a = np.where(tie, coin, a_looks_better)
    picks_worse = picks_a if a_is_worse else ~picks_a
    return pd.DataFrame(
        {"measured_a": measured[:, 0], "measured_b": measured[:, 1], "picks_worse": picks_worse}
    )
