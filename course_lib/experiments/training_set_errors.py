"""Week 3, notebook 03: a bigger model with and without regularization, and error analysis on
the training set.

Two experiments on scikit-learn's handwritten digits, each from a seed:

- :func:`capacity_sweep` grows a one-hidden-layer network, :class:`RandomReluNetwork`, from a
  handful of hidden units to as many as there are training images, once with a fixed L2
  penalty (ridge) and once with practically none. With the penalty, training *and* dev error
  fall as the network grows: the extra units cost compute and nothing else. Without it, the
  training error reaches zero and the dev error climbs back up as the number of units nears the
  number of training images: the extra capacity goes into variance.
- :func:`training_set_review` trains a deliberately small network on a training set in which
  the project has blurred, noised or faded some images, and lists the training images it gets
  wrong with a tag for each (``"clean"``, ``"blurred"``, ``"noisy"``, ``"faint"``) and whether
  a person could still read it. An image is *unreadable* when its corruption is past a
  strength the simulation sets (:data:`UNREADABLE_FROM`): that is an assumption of this
  simulation, standing in for a panel of people who looked at the images, not a measurement.
  Errors on unreadable images are unavoidable; the others show where the model falls short.

:class:`RandomReluNetwork` is a network whose hidden layer is drawn at random and then kept
fixed; only the output layer is fitted, by ridge regression on one-hot labels, in closed form.
Its size is exactly its number of hidden units and a fit takes a fraction of a second, which
is why the notebook can grow it over a whole range.

Examples
--------
>>> sweep = capacity_sweep(hidden_units=(16, 128), seed=0)
>>> table = sweep.table.loc["regularized"]
>>> bool(table.loc[128, "dev_error"] < table.loc[16, "dev_error"])
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib import learning_curves
from course_lib.data import corruptions
from course_lib.data.digit_tasks import load_digit_images
from course_lib.threads import one_thread
from course_lib.validation import (
    check_count,
    check_mask,
    check_real,
    check_same_length,
    check_seed,
)

if TYPE_CHECKING:  # pragma: no cover - for annotations only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "CATEGORIES",
    "STRENGTHS",
    "UNREADABLE_SHARE",
    "UNREADABLE_STRENGTH",
    "CapacitySweep",
    "RandomReluNetwork",
    "TrainingSetReview",
    "capacity_sweep",
    "error_points",
    "training_set_review",
]

#: The two settings of :func:`capacity_sweep`: L2 penalty (ridge ``alpha``) of each.
SETTINGS: Mapping[str, float] = {"regularized": 1.0, "not regularized": 1e-8}

#: Tags of the training images of :func:`training_set_review`, with the share of each.
CATEGORIES: Mapping[str, float] = {"clean": 0.6, "blurred": 0.16, "noisy": 0.14, "faint": 0.10}

#: Range each corruption's strength is drawn from, for an image people can still read: blur
#: sigma (pixels), noise standard deviation (0..16 pixel scale), contrast kept by fading.
STRENGTHS: Mapping[str, tuple[float, float]] = {
    "blurred": (0.6, 1.4), "noisy": (2.0, 7.0), "faint": (0.2, 0.5)}

#: Share of each corrupted category that the corruption makes unreadable (the simulation's
#: assumption: a panel of people could not read them either).
UNREADABLE_SHARE: Mapping[str, float] = {"blurred": 0.3, "noisy": 0.15, "faint": 0.15}

#: Strength of the corruption of an unreadable image: blur sigma 3.5, noise std 18, 4% of
#: the contrast kept.
UNREADABLE_STRENGTH: Mapping[str, float] = {"blurred": 3.5, "noisy": 18.0, "faint": 0.04}


# ------------------------------------------------------------------------------ the model
class RandomReluNetwork:
    """A one-hidden-layer network with a random, frozen hidden layer and a ridge output layer.

    ``fit`` draws the hidden weights (He-scaled normal) and biases from ``seed``, computes the
    ReLU activations of the training images and solves the ridge regression of the one-hot
    labels on them (plus an unpenalized intercept). ``predict`` returns the class with the
    largest output. It follows scikit-learn's ``fit``/``predict`` convention, so the course's
    :func:`course_lib.learning_curves.validation_curve` can sweep its size.

    Parameters
    ----------
    hidden_units : int, default 64
        Number of hidden units (at least 1): the model's size.
    alpha : float, default 1.0
        L2 penalty of the output weights (at least 0); ``1e-8`` is practically none.
    seed : int, default 0
        Seed of the hidden layer.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> RandomReluNetwork(32, alpha=1e-3, seed=0).fit(X, [0, 1, 1, 0]).predict(X).tolist()
    [0, 1, 1, 0]
    """

    def __init__(self, hidden_units: int = 64, alpha: float = 1.0, seed: int = 0) -> None:
        self.hidden_units = check_count(hidden_units, "hidden_units", low=1)
        self.alpha = check_real(alpha, "alpha", low=0)
        self.seed = check_seed(seed)

    @property
    def n_parameters(self) -> int:
        """Trained weights: (hidden units + 1) per class (available after ``fit``)."""
        return int(self.coef_.size)

    def _hidden(self, X: np.ndarray) -> np.ndarray:
        return np.maximum(X @ self.weights_ + self.biases_, 0.0)

    def fit(self, X: Any, y: Any) -> RandomReluNetwork:
        """Fit the output layer on ``X`` (n, d) and integer labels ``y``; return ``self``."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if X.ndim != 2 or len(X) != len(y) or len(y) == 0:
            raise ValueError("X must be a non-empty 2-D array with one label in y per row, got "
                             f"shapes {X.shape} and {y.shape}")
        rng = np.random.default_rng(self.seed)
        d = X.shape[1]
        self.weights_ = rng.normal(0.0, np.sqrt(2.0 / d), size=(d, self.hidden_units))
        self.biases_ = rng.normal(0.0, 0.5, size=self.hidden_units)
        self.classes_, index = np.unique(y, return_inverse=True)
        targets = np.eye(len(self.classes_))[index]
        with one_thread():
            H = self._hidden(X)  # noqa: N806 - a matrix
            mean_h, mean_t = H.mean(axis=0), targets.mean(axis=0)
            Hc = H - mean_h  # noqa: N806 - centring leaves the intercept unpenalized
            gram = Hc.T @ Hc + self.alpha * np.eye(self.hidden_units)
            coef = np.linalg.solve(gram, Hc.T @ (targets - mean_t))
        self.coef_ = np.vstack([coef, mean_t - mean_h @ coef])
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The predicted class of each row of ``X``."""
        if not hasattr(self, "coef_"):
            raise RuntimeError("call fit() before predict()")
        X = np.asarray(X, dtype=float)
        with one_thread():
            scores = self._hidden(X) @ self.coef_[:-1] + self.coef_[-1]
        return self.classes_[scores.argmax(axis=1)]


def _digits(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The digits (pixels scaled to [0, 1]) in the order of ``seed``."""
    X, y = load_digit_images()
    order = np.random.default_rng([seed, 3]).permutation(len(y))
    return X[order], y[order]


# ------------------------------------------------------------------------ capacity sweep
@dataclass(frozen=True)
class CapacitySweep:
    """Training and dev error of networks of growing size, with and without L2.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``(setting, hidden units)``; columns ``train_error`` and ``dev_error``.
    n_train : int
        Training images (the unregularized curve peaks as the size nears it).
    """

    table: pd.DataFrame
    n_train: int

    def plot(self, ax: Axes | None = None) -> Axes:
        """Training (dashed) and dev (solid) error against hidden units, one colour per setting.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> ax = capacity_sweep(hidden_units=(8, 64)).plot()
        >>> ax.get_xlabel()
        'hidden units (model size)'
        """
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(8, 4.5))
        for colour, setting in zip(("C0", "C3"), self.table.index.unique(0), strict=False):
            part = self.table.loc[setting]
            ax.plot(part.index, 100 * part["dev_error"], "o-", color=colour,
                    label=f"dev, {setting}")
            ax.plot(part.index, 100 * part["train_error"], "s--", color=colour, alpha=0.6,
                    label=f"training, {setting}")
        ax.axvline(self.n_train, color="0.5", lw=1, ls=":")
        ax.text(self.n_train, ax.get_ylim()[1] * 0.95, " = training images", color="0.4",
                ha="right", va="top", fontsize=8, rotation=90)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("hidden units (model size)")
        ax.set_ylabel("error (%)")
        ax.set_title("Growing the network, with and without regularization")
        ax.legend(loc="upper center", fontsize=8)
        return ax


def capacity_sweep(hidden_units: Sequence[int] = (8, 16, 32, 64, 128, 200, 260, 300),
                   *, n_train: int = 300, n_dev: int = 600, seed: int = 0) -> CapacitySweep:
    """Grow a :class:`RandomReluNetwork` on the digits, regularized and not (see the module).

    Parameters
    ----------
    hidden_units : sequence of int
        Sizes to try, each at least 1.
    n_train, n_dev : int, default 300 and 600
        Training and dev images (drawn without overlap from the 1,797 digits).
    seed : int, default 0
        Seed of the split and of the hidden layers.

    Returns
    -------
    CapacitySweep

    Raises
    ------
    ValueError
        If ``hidden_units`` is empty or the two sets do not fit in the digits.

    Examples
    --------
    >>> sweep = capacity_sweep(hidden_units=(64,), seed=1)
    >>> sweep.table.index.names
    FrozenList(['setting', 'hidden units'])
    """
    import pandas as pd

    if isinstance(hidden_units, (str, bytes)) or len(hidden_units) == 0:
        raise ValueError("hidden_units must be a non-empty sequence of sizes, e.g. (8, 64)")
    sizes = [check_count(k, "each size in hidden_units", low=1) for k in hidden_units]
    n_train = check_count(n_train, "n_train", low=20)
    n_dev = check_count(n_dev, "n_dev", low=20)
    X, y = _digits(check_seed(seed))
    if n_train + n_dev > len(y):
        raise ValueError(f"n_train + n_dev must be at most {len(y)} (the digits), "
                         f"got {n_train + n_dev}")
    parts = {}
    for setting, alpha in SETTINGS.items():
        parts[setting] = learning_curves.validation_curve(
            lambda k, a=alpha: RandomReluNetwork(k, alpha=a, seed=seed), sizes,
            X[:n_train], y[:n_train], X[n_train:n_train + n_dev], y[n_train:n_train + n_dev],
            name="hidden units")
    table = pd.concat(parts, names=["setting"])
    return CapacitySweep(table=table, n_train=n_train)


# ------------------------------------------------------------------ training-set review
@dataclass(frozen=True)
class TrainingSetReview:
    """A small network's training images, its predictions on them and each image's tag.

    Attributes
    ----------
    images : numpy.ndarray of shape (n, 8, 8)
        The training images as the model saw them (pixels 0..16).
    examples : pandas.DataFrame
        One row per training image: ``tag`` (a key of :data:`CATEGORIES`), ``strength`` of
        its corruption (NaN for clean images), ``readable`` (can a person read it?),
        ``label``, ``predicted`` and ``wrong``.
    hidden_units : int
        Size of the reviewed network.
    dev_error : float
        Its error on the dev images (the other digits, corrupted the same way).
    """

    images: np.ndarray
    examples: pd.DataFrame
    hidden_units: int
    dev_error: float

    @property
    def train_error(self) -> float:
        """Share of the training images the model gets wrong."""
        return float(self.examples["wrong"].mean())

    @property
    def human_error(self) -> float:
        """Share of the training images nobody can read (the unavoidable part)."""
        return float((~self.examples["readable"]).mean())

    @property
    def mistakes(self) -> pd.DataFrame:
        """The rows of :attr:`examples` the model gets wrong."""
        return self.examples[self.examples["wrong"]]

    def confusions(self, tag: str = "clean", top: int = 5) -> pd.Series:
        """The most frequent ``(label, predicted)`` pairs among the mistakes with this tag.

        Examples
        --------
        >>> review = training_set_review(seed=0)
        >>> pairs = review.confusions("clean", top=3)
        >>> len(pairs) <= 3 and pairs.index.names == ["label", "predicted"]
        True
        """
        if tag not in CATEGORIES:
            raise ValueError(f"tag must be one of {list(CATEGORIES)}, got {tag!r}")
        top = check_count(top, "top", low=1)
        wrong = self.mistakes[self.mistakes["tag"] == tag]
        return wrong.groupby(["label", "predicted"]).size().sort_values(
            ascending=False, kind="stable").head(top).rename("mistakes")

    def plot(self, per_tag: int = 6, axes: Any = None) -> Any:
        """Show up to ``per_tag`` misread training images of each tag, one row per tag.

        Each image is titled ``label→predicted``, in red when a person could not read it.

        Examples
        --------
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> axes = training_set_review(seed=0).plot(per_tag=3)
        >>> axes.shape
        (4, 3)
        """
        import matplotlib.pyplot as plt

        per_tag = check_count(per_tag, "per_tag", low=1)
        if axes is None:
            _, axes = plt.subplots(len(CATEGORIES), per_tag,
                                   figsize=(1.3 * per_tag + 1.0, 1.45 * len(CATEGORIES)),
                                   squeeze=False)
        for row, tag in zip(axes, CATEGORIES, strict=True):
            wrong = self.mistakes[self.mistakes["tag"] == tag].index[:per_tag]
            for ax in row:
                ax.set_xticks([])
                ax.set_yticks([])
                for side in ax.spines.values():
                    side.set_visible(False)
            for ax, i in zip(row, wrong, strict=False):
                r = self.examples.loc[i]
                ax.imshow(self.images[i], cmap="gray_r", vmin=0, vmax=corruptions.PIXEL_MAX)
                ax.set_title(f"{r['label']}→{r['predicted']}", fontsize=9,
                             color="C3" if not r["readable"] else "black")
            row[0].set_ylabel(tag, fontsize=10)
            row[0].yaxis.label.set_visible(True)
        fig = axes[0][0].figure
        fig.suptitle("Training images the small network gets wrong (red: unreadable for people)",
                     fontsize=10)
        return axes


def _corrupt(images: np.ndarray, tags: np.ndarray, rng: np.random.Generator
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    out = images.copy()
    strength = np.full(len(images), np.nan)
    readable = np.ones(len(images), bool)
    for i, tag in enumerate(tags):
        if tag == "clean":
            continue
        if rng.random() < UNREADABLE_SHARE[tag]:
            readable[i] = False
            s = UNREADABLE_STRENGTH[tag]
        else:
            s = float(rng.uniform(*STRENGTHS[tag]))
        strength[i] = s
        one = images[i:i + 1]
        if tag == "blurred":
            out[i] = corruptions.blur(one, s)[0]
        elif tag == "noisy":
            out[i] = corruptions.add_noise(one, s, rng)[0]
        else:
            out[i] = corruptions.add_noise(corruptions.low_contrast(one, s), 0.6, rng)[0]
    return out, strength, readable


def training_set_review(hidden_units: int = 40, *, n_train: int = 1000, seed: int = 0
                        ) -> TrainingSetReview:
    """Train a small network on partly corrupted digits; tag its training-set mistakes.

    ``n_train`` digit images get a tag drawn with the shares of :data:`CATEGORIES` and, unless
    clean, a corruption of that kind: with the chance :data:`UNREADABLE_SHARE` so strong that
    nobody could read the digit, else with a strength drawn from :data:`STRENGTHS`. A
    :class:`RandomReluNetwork` of ``hidden_units`` units (``alpha=1``) is fitted on them and
    run on the same images; the dev error is measured on the remaining digits, tagged and
    corrupted the same way.

    Parameters
    ----------
    hidden_units : int, default 40
        Size of the network: small on purpose, so that bias is high.
    n_train : int, default 1000
        Training images, between 100 and 1,697.
    seed : int, default 0
        Seed of the images, tags, corruptions and network.

    Returns
    -------
    TrainingSetReview

    Examples
    --------
    >>> review = training_set_review(seed=0)
    >>> review.train_error > review.human_error
    True
    >>> sorted(review.examples["tag"].unique()) == sorted(CATEGORIES)
    True
    """
    import pandas as pd

    hidden_units = check_count(hidden_units, "hidden_units", low=1)
    n_train = check_count(n_train, "n_train", low=100, high=1697)
    seed = check_seed(seed)
    X, y = _digits(seed)
    rng = np.random.default_rng([seed, 7])
    tags = rng.choice(list(CATEGORIES), size=len(y), p=list(CATEGORIES.values()))
    everything, strength, readable = _corrupt(
        corruptions.to_images(X * corruptions.PIXEL_MAX), tags, rng)
    flat = everything.reshape(len(y), -1) / corruptions.PIXEL_MAX
    model = RandomReluNetwork(hidden_units, alpha=1.0, seed=seed).fit(flat[:n_train], y[:n_train])
    predicted = model.predict(flat[:n_train])
    dev_error = float(np.mean(model.predict(flat[n_train:]) != y[n_train:]))
    examples = pd.DataFrame({"tag": tags[:n_train], "strength": strength[:n_train],
                             "readable": readable[:n_train], "label": y[:n_train],
                             "predicted": predicted, "wrong": predicted != y[:n_train]})
    images = everything[:n_train].copy()
    images.setflags(write=False)
    return TrainingSetReview(images=images, examples=examples, hidden_units=hidden_units,
                             dev_error=dev_error)


# --------------------------------------------------------------------------- the tally
def error_points(tags: Any, wrong: Any) -> pd.Series:
    """How much of the training error each tag accounts for.

    For each tag, the share of *all* examples that carry the tag and are misclassified: the
    points of error rate that would disappear if the model got every example with that tag
    right. The values add up to the error rate over all examples. Every tag that occurs is
    listed, with 0.0 when none of its examples is wrong.

    Parameters
    ----------
    tags : array-like of str
        One tag per example (e.g. ``"blurred"``).
    wrong : array-like of bool
        One entry per example: True if the model gets it wrong.

    Returns
    -------
    pandas.Series
        Indexed by tag, largest share first (ties in order of first appearance).

    Raises
    ------
    TypeError
        If ``tags`` holds something other than strings or ``wrong`` is not booleans.
    ValueError
        If the two have different lengths or are empty.

    Examples
    --------
    >>> error_points(["clean", "blurred", "clean", "noisy"], [True, True, False, False]).to_dict()
    {'clean': 0.25, 'blurred': 0.25, 'noisy': 0.0}
    """
    import pandas as pd

    if isinstance(tags, (str, bytes, dict, set)) or tags is None:
        raise TypeError(f"tags must be a list or array of strings, got {type(tags).__name__}")
    labels = list(tags)
    if any(not isinstance(t, str) for t in labels):
        raise TypeError("every tag must be a string, e.g. 'blurred'")
    mistakes = check_mask(wrong, "wrong")
    check_same_length(labels, mistakes, "tags", "wrong")
    if not labels:
        raise ValueError("tags and wrong are empty: give one entry per example")
    frame = pd.DataFrame({"tag": labels, "wrong": mistakes})
    order = list(dict.fromkeys(labels))
    points = frame.groupby("tag", sort=False)["wrong"].sum().reindex(order) / len(labels)
    return points.astype(float).sort_values(ascending=False, kind="stable").rename("points")
