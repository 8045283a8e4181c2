"""Week 3, notebook 06: data decisions -- how much data, which data, and with what weight.

Three experiments on scikit-learn's handwritten digits, each from a seed and each returning a
small result object with a ``table`` and a ``plot()``:

- :func:`capacity_experiment` -- **whether to use all your data.** A team has few images of
  its target distribution and many from another one. Networks of several sizes are trained
  on the target images alone and on target plus other images. A small network gets worse
  with the other images (its few units are spent on them); a big one does not.
- :func:`inconsistent_experiment` -- **inconsistent examples.** A second collection of
  images of the same kind is added, but a share of its labels follows another convention
  (a ``1`` there is a ``7`` here, ...): the same kind of input mapped to another label.
  Keeping those examples hurts more the larger their share; dropping them does not.
- :func:`weighting_experiment` -- **weighting data from another distribution.** Target
  images get weight 1 in the loss, the plentiful other images weight ``beta``
  (:func:`sample_weights`); the dev error, on target images, is lowest for a ``beta`` in
  between 0 and 1.

The data (:func:`digit_sources`): the target distribution is the digits as scikit-learn
ships them, centred and clean; the other distribution is made by the project from *other*
digit images, as a careless scanner would deliver them: moved by up to a pixel in each
direction and covered with grain (Gaussian noise), several copies of each. Pixels are scaled
to [0, 1].

Examples
--------
>>> sources = digit_sources(seed=0)
>>> len(sources.y_train), len(sources.y_dev), len(sources.y_other)
(100, 500, 3591)
>>> sample_weights([True, False, False], 0.1).tolist()
[1.0, 0.1, 0.1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.corruptions import PIXEL_MAX, add_noise, to_images
from course_lib.data.digit_tasks import load_digit_images
from course_lib.nn import Network
from course_lib.threads import one_thread
from course_lib.validation import check_count, check_fraction, check_mask, check_real, check_seed

if TYPE_CHECKING:  # pragma: no cover - for annotations only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "GRAIN",
    "RELABEL",
    "CapacityResult",
    "DigitSources",
    "InconsistentResult",
    "WeightingResult",
    "capacity_experiment",
    "digit_sources",
    "inconsistent_experiment",
    "sample_weights",
    "weighting_experiment",
]

#: Standard deviation of the scanner's grain, on the 0..16 pixel scale.
GRAIN = 8.0
#: The other convention of :func:`inconsistent_experiment`: ``RELABEL[d]`` is the label an
#: inconsistent example of digit ``d`` carries (pairs swapped: 0-2, 1-7, 3-8, 4-9, 5-6).
RELABEL: tuple[int, ...] = (2, 7, 0, 8, 9, 6, 5, 1, 3, 4)
_N_DIGITS = 1797


# ------------------------------------------------------------------------------ the data
@dataclass(frozen=True)
class DigitSources:
    """Target and other-distribution digits (rows of 64 pixels in [0, 1], read-only).

    Attributes
    ----------
    X_train, y_train : numpy.ndarray
        The few target images to train on.
    X_dev, y_dev : numpy.ndarray
        Target images to measure on (the distribution you care about).
    X_other, y_other : numpy.ndarray
        The plentiful other-distribution images: other digits, moved and grainy.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_dev: np.ndarray
    y_dev: np.ndarray
    X_other: np.ndarray
    y_other: np.ndarray


def _order(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The digits (pixels 0..16) in the order of ``seed``."""
    X, y = load_digit_images()
    order = np.random.default_rng([seed, 11]).permutation(len(y))
    return X[order] * PIXEL_MAX, y[order]


def _move(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each image moved by -1, 0 or +1 pixel along each axis (what leaves is lost)."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    out = np.empty_like(images)
    h, w = images.shape[1:]
    for i, (dy, dx) in enumerate(rng.integers(0, 3, size=(len(images), 2))):
        out[i] = padded[i, dy:dy + h, dx:dx + w]
    return out


@lru_cache(maxsize=8)
def _sources(n_target: int, n_dev: int, copies: int, seed: int) -> DigitSources:
    X, y = _order(seed)
    rest = to_images(X[n_target + n_dev:])
    rng = np.random.default_rng([seed, 12])
    other = np.concatenate([add_noise(_move(rest, rng), GRAIN, rng) for _ in range(copies)])
    arrays = (X[:n_target] / PIXEL_MAX, y[:n_target],
              X[n_target:n_target + n_dev] / PIXEL_MAX, y[n_target:n_target + n_dev],
              other.reshape(len(other), -1) / PIXEL_MAX, np.tile(y[n_target + n_dev:], copies))
    for arr in arrays:
        arr.setflags(write=False)
    return DigitSources(*arrays)


def digit_sources(n_target: int = 100, n_dev: int = 500, copies: int = 3,
                  seed: int = 0) -> DigitSources:
    """Few target images, a target dev set, and many images from another distribution.

    The 1,797 digits are shuffled with ``seed``; the first ``n_target`` are the target
    training set, the next ``n_dev`` the dev set, and each of the others is turned into
    ``copies`` other-distribution images (moved by up to one pixel, grain of standard
    deviation :data:`GRAIN`).

    Parameters
    ----------
    n_target : int, default 100
        Target training images (at least 10).
    n_dev : int, default 500
        Dev images (at least 10); at least 100 digits must be left for the other source.
    copies : int, default 3
        Other-distribution images made from each remaining digit (1 to 10).
    seed : int, default 0
        Seed of the shuffle, the moves and the grain.

    Returns
    -------
    DigitSources

    Raises
    ------
    ValueError
        If the sizes leave fewer than 100 digits for the other source.

    Examples
    --------
    >>> s = digit_sources(n_target=50, n_dev=200, copies=1, seed=1)
    >>> s.X_other.shape, float(s.X_train.max()) <= 1.0
    ((1547, 64), True)
    """
    n_target = check_count(n_target, "n_target", low=10)
    n_dev = check_count(n_dev, "n_dev", low=10)
    copies = check_count(copies, "copies", low=1, high=10)
    if n_target + n_dev > _N_DIGITS - 100:
        raise ValueError(f"n_target + n_dev must be at most {_N_DIGITS - 100}, so that 100 "
                         f"digits are left for the other source; got {n_target + n_dev}")
    return _sources(n_target, n_dev, copies, check_seed(seed))


def sample_weights(is_target: Any, beta: float, *, normalize: bool = False) -> np.ndarray:
    """Loss weights for a mix of target and other-distribution examples.

    Target examples get weight 1 and the others weight ``beta``, so that a fit with
    ``sample_weight=`` minimises *target loss + beta × other loss*. With ``normalize=True``
    the weights are divided by their mean (they then average 1, so a penalty such as L2 keeps
    the same strength whatever ``beta`` is); the ratio of the two weights stays ``beta``.

    Parameters
    ----------
    is_target : array-like of bool
        One entry per training example: True for the target distribution.
    beta : float
        Weight of an other-distribution example, at least 0 (usually between 0 and 1).
    normalize : bool, default False
        Divide the weights by their mean.

    Returns
    -------
    numpy.ndarray of float
        One weight per example.

    Raises
    ------
    TypeError
        If ``is_target`` is not booleans, ``beta`` not a number or ``normalize`` not a bool.
    ValueError
        If ``beta`` is negative, or every weight would be 0 (nothing left to learn from).

    Examples
    --------
    >>> sample_weights([True, True, False, False], 0.5, normalize=True).tolist()
    [1.3333333333333333, 1.3333333333333333, 0.6666666666666666, 0.6666666666666666]
    """
    target = check_mask(is_target, "is_target")
    b = check_real(beta, "beta", low=0)
    if not isinstance(normalize, bool):
        raise TypeError(f"normalize must be True or False, got {type(normalize).__name__}")
    weights = np.where(target, 1.0, b)
    total = float(weights.sum())
    if total == 0:
        raise ValueError("every weight is 0: with no target example, beta must be above 0")
    return weights / (total / len(weights)) if normalize else weights


def _error(predicted: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.asarray(predicted) != y))


def _sizes(values: Sequence[Any], name: str) -> list[Any]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise ValueError(f"{name} must be a non-empty sequence")
    return list(values)


# ------------------------------------------------------------------ (a) model capacity
@dataclass(frozen=True)
class CapacityResult:
    """Dev error of networks of several sizes, trained without and with the other data.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``hidden units``; columns ``target_only`` and ``with_other`` (dev errors).
    n_target, n_other : int
        Training images of each source.
    """

    table: pd.DataFrame
    n_target: int
    n_other: int

    @property
    def change(self) -> pd.Series:
        """``with_other - target_only`` per size: positive where the other data hurt."""
        return (self.table["with_other"] - self.table["target_only"]).rename("change")

    def plot(self, ax: Axes | None = None) -> Axes:
        """Dev error against network size, one line per training set.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = capacity_experiment(hidden_units=(4, 64)).plot()
        >>> ax.get_ylabel()
        'dev error on target images (%)'
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7.5, 4.2))
        ax.plot(self.table.index, 100 * self.table["target_only"], "o-", color="C0",
                label=f"{self.n_target:,} target images only")
        ax.plot(self.table.index, 100 * self.table["with_other"], "s-", color="C1",
                label=f"+ {self.n_other:,} other images")
        ax.set_xscale("log", base=2)
        ax.set_xticks(list(self.table.index), [str(k) for k in self.table.index])
        ax.set_xlabel("hidden units (network size)")
        ax.set_ylabel("dev error on target images (%)")
        ax.set_title("Adding other-distribution data: it depends on the model's size")
        ax.legend()
        return ax


def _fit_network(hidden: int, X: np.ndarray, y: np.ndarray, seed: int) -> Network:
    net = Network([X.shape[1], hidden, 10], seed=seed)
    epochs, batch = (20, 128) if len(y) > 1000 else (200, 64)
    with one_thread():
        net.fit(X, y, epochs=epochs, batch_size=batch, learning_rate=0.01, l2=1e-4,
                patience=None)
    return net


def capacity_experiment(hidden_units: Sequence[int] = (4, 16, 64, 256), *, n_target: int = 100,
                        seed: int = 0) -> CapacityResult:
    """Dev error of one-hidden-layer networks with and without the other data (see module).

    Each size is trained twice with the course's :class:`course_lib.nn.Network` (Adam, a
    little L2): on the :func:`digit_sources` target images alone (200 passes, batches of 64),
    and on target plus other images (20 passes over the much larger set, batches of 128).
    Both are measured on the target dev set.

    Parameters
    ----------
    hidden_units : sequence of int, default (4, 16, 64, 256)
        Network sizes, each at least 1.
    n_target : int, default 100
        Target training images (see :func:`digit_sources`).
    seed : int, default 0
        Seed of the data and of the networks.

    Returns
    -------
    CapacityResult

    Examples
    --------
    >>> result = capacity_experiment(hidden_units=(4, 256), seed=0)
    >>> change = result.change
    >>> bool(change.loc[4] > 0.05 and change.loc[256] < 0.02)
    True
    """
    import pandas as pd

    sizes = [check_count(k, "each size in hidden_units", low=1)
             for k in _sizes(hidden_units, "hidden_units")]
    seed = check_seed(seed)
    s = digit_sources(n_target=n_target, seed=seed)
    X_all = np.vstack([s.X_train, s.X_other])
    y_all = np.concatenate([s.y_train, s.y_other])
    rows = []
    for k in sizes:
        alone = _fit_network(k, s.X_train, s.y_train, seed)
        mixed = _fit_network(k, X_all, y_all, seed)
        rows.append((_error(alone.predict(s.X_dev), s.y_dev),
                     _error(mixed.predict(s.X_dev), s.y_dev)))
    table = pd.DataFrame(rows, index=pd.Index(sizes, name="hidden units"),
                         columns=["target_only", "with_other"])
    return CapacityResult(table=table, n_target=len(s.y_train), n_other=len(s.y_other))


# ---------------------------------------------------------- (b) inconsistent examples
def _logistic(X: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None) -> Any:
    from sklearn.linear_model import LogisticRegression

    with one_thread():
        return LogisticRegression(solver="newton-cg", max_iter=300).fit(
            X, y, sample_weight=weights)


@dataclass(frozen=True)
class InconsistentResult:
    """Dev error with the inconsistent examples of the second collection kept or dropped.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``share inconsistent`` (of the second collection); columns ``kept`` and
        ``dropped`` (dev errors).
    target_only : float
        Dev error without the second collection at all.
    n_target, n_second : int
        Training images of the target set and of the second collection.
    """

    table: pd.DataFrame
    target_only: float
    n_target: int
    n_second: int

    def plot(self, ax: Axes | None = None) -> Axes:
        """Dev error against the share of inconsistent examples, kept and dropped.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = inconsistent_experiment(shares=(0.0, 0.3)).plot()
        >>> ax.get_xlabel()
        'inconsistent examples in the second collection (%)'
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7.5, 4.2))
        x = 100 * self.table.index.to_numpy(dtype=float)
        ax.plot(x, 100 * self.table["kept"], "o-", color="C3", label="inconsistent ones kept")
        ax.plot(x, 100 * self.table["dropped"], "s-", color="C2",
                label="inconsistent ones dropped")
        ax.axhline(100 * self.target_only, color="0.4", ls="--", lw=1,
                   label=f"{self.n_target:,} target images only")
        ax.set_xlabel("inconsistent examples in the second collection (%)")
        ax.set_ylabel("dev error (%)")
        ax.set_title(f"Adding a second collection of {self.n_second:,} images")
        ax.legend()
        return ax


def inconsistent_experiment(shares: Sequence[float] = (0.0, 0.1, 0.2, 0.3, 0.4), *,
                            seed: int = 0) -> InconsistentResult:
    """Add a second collection with some inconsistent labels; keep or drop those examples.

    The second collection is the digits :func:`digit_sources` does not use for training or
    dev, *as clean as the target images* (another team's labelled forms). For each share, a
    random part of it that large carries the label of :data:`RELABEL` instead of its own. A
    logistic regression is trained on the target images plus the whole collection
    (``kept``) and plus the consistent part only (``dropped``).

    Parameters
    ----------
    shares : sequence of float, default (0, 0.1, 0.2, 0.3, 0.4)
        Shares of inconsistent examples to try, each in [0, 1).
    seed : int, default 0
        Seed of the data and of which examples are inconsistent.

    Returns
    -------
    InconsistentResult

    Examples
    --------
    >>> result = inconsistent_experiment(shares=(0.0, 0.4), seed=0)
    >>> bool(result.table.loc[0.4, "kept"] > result.table.loc[0.4, "dropped"] + 0.05)
    True
    """
    import pandas as pd

    values = [check_fraction(v, "each share") for v in _sizes(shares, "shares")]
    if any(v >= 1 for v in values):
        raise ValueError("each share must be below 1: some consistent examples must be left")
    seed = check_seed(seed)
    s = digit_sources(seed=seed)
    X, y = _order(seed)
    used = len(s.y_train) + len(s.y_dev)
    X2, y2 = X[used:] / PIXEL_MAX, y[used:]
    target_only = _error(_logistic(s.X_train, s.y_train).predict(s.X_dev), s.y_dev)
    rng = np.random.default_rng([seed, 13])
    draw = rng.random(len(y2))
    swap = np.asarray(RELABEL)
    rows = []
    for share in values:
        bad = draw < share
        labels = np.where(bad, swap[y2], y2)
        kept = _logistic(np.vstack([s.X_train, X2]), np.concatenate([s.y_train, labels]))
        dropped = _logistic(np.vstack([s.X_train, X2[~bad]]),
                            np.concatenate([s.y_train, labels[~bad]]))
        rows.append((_error(kept.predict(s.X_dev), s.y_dev),
                     _error(dropped.predict(s.X_dev), s.y_dev)))
    table = pd.DataFrame(rows, index=pd.Index(values, name="share inconsistent"),
                         columns=["kept", "dropped"])
    return InconsistentResult(table=table, target_only=target_only, n_target=len(s.y_train),
                              n_second=len(y2))


# ---------------------------------------------------------------------- (c) weighting
@dataclass(frozen=True)
class WeightingResult:
    """Errors of a logistic regression trained with other-data weight ``beta``.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``beta``; columns ``dev_error`` (target dev set), ``train_error`` (target
        training images) and ``other_error`` (the other-distribution training images).
    n_target, n_other : int
        Training images of each source.
    """

    table: pd.DataFrame
    n_target: int
    n_other: int

    @property
    def best_beta(self) -> float:
        """The ``beta`` with the lowest dev error (the smallest one on a tie)."""
        return float(self.table["dev_error"].idxmin())

    def plot(self, ax: Axes | None = None) -> Axes:
        """Dev error against ``beta`` on a log axis; ``beta = 0`` drawn as a dashed line.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = weighting_experiment(betas=(0.0, 0.01, 1.0)).plot()
        >>> ax.get_xscale()
        'log'
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7.5, 4.2))
        table = self.table
        positive = table[table.index > 0]
        ax.plot(positive.index, 100 * positive["dev_error"], "o-", color="C0",
                label="dev error (target images)")
        if (table.index == 0).any():
            ax.axhline(100 * table.loc[0.0, "dev_error"], color="0.4", ls="--", lw=1,
                       label="beta = 0 (target images only)")
        best = self.best_beta
        if best > 0:
            ax.plot([best], [100 * table.loc[best, "dev_error"]], "*", ms=14, color="C3",
                    label=f"lowest dev error: beta = {best:g}")
        ax.set_xscale("log")
        ax.set_xlabel("beta, the weight of each other-distribution image")
        ax.set_ylabel("dev error on target images (%)")
        ax.set_title(f"{self.n_target:,} target images with weight 1, "
                     f"{self.n_other:,} other images with weight beta")
        ax.legend()
        return ax


def weighting_experiment(betas: Sequence[float] = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0), *,
                         n_target: int = 50,
                         seed: int = 0) -> WeightingResult:
    """Sweep the weight ``beta`` of the other-distribution images (see the module).

    A logistic regression is fitted on the :func:`digit_sources` target and other images
    with ``sample_weight=sample_weights(is_target, beta)``; ``beta = 0`` fits on the target
    images alone.

    Parameters
    ----------
    betas : sequence of float
        Weights to try, each at least 0.
    n_target : int, default 50
        Target training images (see :func:`digit_sources`): few, so that the other images
        have something to add.
    seed : int, default 0
        Seed of the data.

    Returns
    -------
    WeightingResult

    Examples
    --------
    >>> result = weighting_experiment(betas=(0.0, 0.01, 1.0), seed=0)
    >>> result.best_beta
    0.01
    """
    import pandas as pd

    values = [check_real(b, "each beta", low=0) for b in _sizes(betas, "betas")]
    s = digit_sources(n_target=n_target, seed=check_seed(seed))
    X = np.vstack([s.X_train, s.X_other])
    y = np.concatenate([s.y_train, s.y_other])
    is_target = np.arange(len(y)) < len(s.y_train)
    rows = []
    for beta in values:
        if beta == 0:
            model = _logistic(s.X_train, s.y_train)
        else:
            model = _logistic(X, y, sample_weights(is_target, beta))
        rows.append((_error(model.predict(s.X_dev), s.y_dev),
                     _error(model.predict(s.X_train), s.y_train),
                     _error(model.predict(s.X_other), s.y_other)))
    table = pd.DataFrame(rows, index=pd.Index(values, name="beta"),
                         columns=["dev_error", "train_error", "other_error"])
    return WeightingResult(table=table, n_target=len(s.y_train), n_other=len(s.y_other))
