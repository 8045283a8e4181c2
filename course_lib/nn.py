"""A small, readable neural network in NumPy, for transfer and multi-task learning.

:class:`Network` is a stack of dense layers with ReLU hidden activations and either a
softmax output (one label out of K classes) or independent sigmoid outputs (K yes/no
tasks at once, some of which may be unlabelled). It is trained with mini-batch Adam,
and every random choice (initial weights, shuffling) comes from a ``seed``.

Transfer learning works in three steps: train a network on task A, ``copy()`` it,
``replace_output(...)`` to get a fresh last layer for task B, optionally ``freeze(n)``
the first ``n`` layers so that ``fit`` leaves them alone, then ``fit`` on task B.

Multi-task learning uses ``output="sigmoid"`` with a label matrix ``y`` of shape
``(n_examples, n_tasks)`` holding 0, 1 or NaN; NaN means "no label" and the loss
skips that entry (see :func:`masked_binary_cross_entropy`).

Shapes: ``X`` is ``(n_examples, n_features)``; a layer's weights ``W`` are
``(n_inputs, n_outputs)``, so a layer computes ``X @ W + b``.
"""

# The capital X for a matrix of examples is the usual ML notation, so the lowercase
# naming rules for arguments and local variables are switched off for this file.
# ruff: noqa: N803, N806

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from course_lib.validation import check_count, check_real, check_seed

OutputKind = Literal["softmax", "sigmoid"]

__all__ = [
    "History",
    "Network",
    "masked_binary_cross_entropy",
    "softmax_cross_entropy",
]

#: Probabilities are clipped to ``[PROB_CLIP, 1 - PROB_CLIP]`` before taking logs, so a
#: confident wrong prediction costs a large but finite loss instead of ``inf``.
PROB_CLIP = 1e-12

_OUTPUTS = ("softmax", "sigmoid")


# ---------------------------------------------------------------------------
# Loss functions (public: a notebook exercise asks learners to write the first one)
# ---------------------------------------------------------------------------


def _as_float_array(values: Any, name: str) -> np.ndarray:
    """Convert ``values`` to a float64 array, or raise a TypeError naming ``name``."""
    if values is None or isinstance(values, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a list or array of numbers, got {type(values).__name__}")
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a list or array of numbers: {exc}") from exc
    return arr


def masked_binary_cross_entropy(y_true: Any, y_prob: Any) -> float:
    """Binary cross-entropy averaged over the labelled entries only.

    This is the multi-task loss: for every example ``i`` and every task ``j`` that has
    a label (``y_true[i, j]`` is 0 or 1, not NaN) add
    ``-(y log p + (1 - y) log(1 - p))`` with ``y = y_true[i, j]`` and
    ``p = y_prob[i, j]``, then divide by the **number of labelled entries** (not by the
    number of examples, nor by examples times tasks). Unlabelled entries (NaN) add
    nothing to the sum and nothing to the count, so whatever ``y_prob`` holds there
    does not matter.

    Parameters
    ----------
    y_true : array-like of shape (n_examples,) or (n_examples, n_tasks)
        Labels 0 or 1; NaN marks a missing label.
    y_prob : array-like of the same shape
        Predicted probabilities of label 1, each in ``[0, 1]``. They are clipped to
        ``[1e-12, 1 - 1e-12]`` before taking logarithms.

    Returns
    -------
    float
        The mean loss per labelled entry.

    Raises
    ------
    ValueError
        If the shapes differ, a label is not 0, 1 or NaN, a probability is outside
        ``[0, 1]``, or no entry is labelled.

    Examples
    --------
    >>> nan = float("nan")
    >>> y_true = [[1, nan], [0, 1]]
    >>> y_prob = [[0.8, 0.3], [0.4, 0.9]]
    >>> round(masked_binary_cross_entropy(y_true, y_prob), 4)  # 3 labelled entries
    0.2798
    """
    t = _as_float_array(y_true, "y_true")
    p = _as_float_array(y_prob, "y_prob")
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_prob must have the same shape, got {t.shape} and {p.shape}")
    labelled = ~np.isnan(t)
    bad_labels = labelled & (t != 0) & (t != 1)
    if bad_labels.any():
        raise ValueError(
            f"y_true must hold only 0, 1 or NaN (missing label), found {float(t[bad_labels][0])}"
        )
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError(
            "y_prob must hold probabilities between 0 and 1 (did you pass logits, "
            "i.e. scores before the sigmoid?)"
        )
    n_labelled = int(labelled.sum())
    if n_labelled == 0:
        raise ValueError("y_true has no labels (every entry is NaN), so the loss is undefined")
    t = t[labelled]
    p = np.clip(p[labelled], PROB_CLIP, 1.0 - PROB_CLIP)
    total = -np.sum(t * np.log(p) + (1.0 - t) * np.log1p(-p))
    return float(total / n_labelled)


def softmax_cross_entropy(y_true: Any, y_prob: Any) -> float:
    """Mean cross-entropy of softmax probabilities against integer class labels.

    For each example ``i`` the loss is ``-log(y_prob[i, y_true[i]])``, the negative log
    of the probability given to the correct class; the result is the mean over examples.

    Parameters
    ----------
    y_true : array-like of shape (n_examples,)
        Integer class labels ``0 .. n_classes - 1``.
    y_prob : array-like of shape (n_examples, n_classes)
        Class probabilities; every row must sum to 1 (the output of a softmax, not
        the raw scores). They are clipped to ``[1e-12, 1]`` before taking logarithms.

    Returns
    -------
    float
        The mean loss per example.

    Raises
    ------
    ValueError
        If the shapes do not fit, a label is not an integer in range, or a row of
        ``y_prob`` is not a probability distribution.

    Examples
    --------
    >>> y_prob = [[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]]
    >>> round(softmax_cross_entropy([0, 2], y_prob), 4)  # (-log 0.7 - log 0.4) / 2
    0.6365
    """
    t = _as_float_array(y_true, "y_true")
    p = _as_float_array(y_prob, "y_prob")
    if t.ndim != 1:
        raise ValueError(f"y_true must be a 1-D array of integer class labels, got shape {t.shape}")
    if p.ndim != 2:
        raise ValueError(
            "y_prob must be a 2-D array (n_examples, n_classes) of probabilities, "
            f"got shape {p.shape}"
        )
    if len(t) != len(p):
        raise ValueError(
            f"y_true and y_prob must have the same number of rows, got {len(t)} and {len(p)}"
        )
    if len(t) == 0:
        raise ValueError("y_true is empty, so the loss is undefined")
    labels = _check_class_labels(t, p.shape[1], "y_true")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("y_prob must hold probabilities between 0 and 1")
    if not np.allclose(p.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError(
            "every row of y_prob must sum to 1 (did you pass logits, i.e. scores "
            "before the softmax?)"
        )
    picked = np.clip(p[np.arange(len(labels)), labels], PROB_CLIP, 1.0)
    return float(-np.mean(np.log(picked)))


def _check_class_labels(t: np.ndarray, n_classes: int, name: str) -> np.ndarray:
    """Return float labels ``t`` as int64 after checking they are in ``0..n_classes-1``."""
    if not np.isfinite(t).all() or (t != np.round(t)).any():
        bad = t[~np.isfinite(t) | (t != np.round(t))][0]
        raise ValueError(f"{name} must hold integer class labels, found {float(bad)}")
    if (t < 0).any() or (t >= n_classes).any():
        bad = t[(t < 0) | (t >= n_classes)][0]
        raise ValueError(
            f"{name} must hold class labels 0..{n_classes - 1} "
            f"(the network has {n_classes} outputs), found {int(bad)}"
        )
    return t.astype(np.int64)


# ---------------------------------------------------------------------------
# Small numeric helpers
# ---------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function without overflow: uses exp(-|z|), which is at most 1."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _softmax_inplace(z: np.ndarray) -> np.ndarray:
    """Turn each row of logits ``z`` into probabilities, overwriting ``z``."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


class _Adam:
    """Adam updates for one flat parameter vector (updated in place).

    The step is ``lr_t * m / (sqrt(v) + eps)`` with the bias corrections folded into
    ``lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)``.
    """

    def __init__(self, n: int, dtype: np.dtype, learning_rate: float) -> None:
        self.lr = learning_rate
        self.beta1, self.beta2, self.eps = 0.9, 0.999, 1e-8
        self.m = np.zeros(n, dtype)
        self.v = np.zeros(n, dtype)
        self.tmp = np.empty(n, dtype)
        self.t = 0

    def step(self, params: np.ndarray, grads: np.ndarray) -> None:
        self.t += 1
        m, v, tmp = self.m, self.v, self.tmp
        np.subtract(grads, m, out=tmp)  # m += (1 - beta1) * (g - m)
        tmp *= 1.0 - self.beta1
        m += tmp
        np.multiply(grads, grads, out=tmp)  # v += (1 - beta2) * (g^2 - v)
        tmp -= v
        tmp *= 1.0 - self.beta2
        v += tmp
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.t) / (1.0 - self.beta1**self.t)
        np.sqrt(v, out=tmp)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= lr_t
        params -= tmp


# ---------------------------------------------------------------------------
# Training history
# ---------------------------------------------------------------------------


@dataclass
class History:
    """What happened during :meth:`Network.fit`, one entry per epoch.

    Losses are the data loss only (cross-entropy, without the L2 term). Errors are
    fractions of wrong predictions (for sigmoid outputs: of the labelled entries).

    Attributes
    ----------
    train_loss, train_error : list of float
        Training loss and error rate of each epoch, averaged over its mini-batches,
        each measured just before that batch's update (as Keras and scikit-learn
        report them). This costs nothing extra; for the error of the final weights
        call :meth:`Network.evaluate` on the training set.
    val_loss, val_error : list of float
        Loss and error rate on the whole validation set after each epoch (empty when
        ``fit`` got no validation set).
    best_epoch : int
        Index (0-based) of the epoch whose weights the network holds after ``fit``:
        the lowest validation loss when a validation set was given, else the last epoch.
    stopped_early : bool
        True if training stopped before ``epochs`` because the monitored loss had not
        improved by more than ``tol`` for ``patience`` epochs in a row.

    Examples
    --------
    >>> h = History(train_loss=[0.9, 0.5], train_error=[0.3, 0.1])
    >>> h.n_epochs
    2
    """

    train_loss: list[float] = field(default_factory=list)
    train_error: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_error: list[float] = field(default_factory=list)
    best_epoch: int = -1
    stopped_early: bool = False

    @property
    def n_epochs(self) -> int:
        """Number of epochs that were run."""
        return len(self.train_loss)


# ---------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------


class Network:
    """A fully connected neural network: dense layers, ReLU, softmax or sigmoid output.

    Parameters
    ----------
    layer_sizes : sequence of int
        Sizes from input to output, e.g. ``[64, 128, 10]``: 64 input features, one
        hidden layer of 128 ReLU units, 10 outputs. At least two numbers.
    output : {"softmax", "sigmoid"}, default "softmax"
        ``"softmax"``: one class out of ``layer_sizes[-1]`` (at least 2); labels are
        integers. ``"sigmoid"``: ``layer_sizes[-1]`` independent yes/no outputs (tasks);
        labels are 0/1 with NaN for "no label".
    seed : int, default 0
        Seeds the initial weights and, unless ``fit`` gets its own seed, the shuffling.
    dtype : {"float32", "float64"}, default "float32"
        Number type of the parameters and computations. float32 is faster;
        float64 is what numerical gradient checks need.

    Notes
    -----
    Initial weights: hidden (ReLU) layers use He initialisation, uniform on
    ``±sqrt(6 / n_inputs)``; the output layer uses Glorot, uniform on
    ``±sqrt(6 / (n_inputs + n_outputs))``. Biases start at zero.

    All parameters live in one flat vector; ``weights``, ``biases`` and
    ``parameters()`` are views into it, so change them in place (``W[...] = ...``)
    rather than by assigning new arrays.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    >>> y = np.array([0, 1, 1, 0])  # XOR
    >>> net = Network([2, 16, 2], seed=0)
    >>> history = net.fit(X, y, epochs=300, batch_size=4, learning_rate=0.05)
    >>> net.predict(X)
    array([0, 1, 1, 0])
    >>> net.evaluate(X, y)  # error rate
    0.0
    """

    #: Set by :meth:`watched`: the network records being changed in place.
    _watched: bool = False
    #: Whether a watched network was changed in place (carried along by ``copy``).
    _changed: bool = False

    def __init__(
        self,
        layer_sizes: Sequence[int],
        output: OutputKind = "softmax",
        seed: int = 0,
        dtype: str | np.dtype | type = "float32",
    ) -> None:
        sizes = self._check_layer_sizes(layer_sizes)
        self._output = self._check_output(output, sizes[-1])
        self._seed = check_seed(seed)
        try:
            dt = None if dtype is None else np.dtype(dtype)
        except TypeError:
            dt = None
        if dt is None or dt.type not in (np.float32, np.float64):
            raise ValueError(f"dtype must be 'float32' or 'float64', got {dtype!r}")
        self._dtype = dt
        self._n_frozen = 0
        rng = np.random.default_rng(self._seed)
        pieces = [
            self._init_layer(rng, n_in, n_out, i == len(sizes) - 2)
            for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True))
        ]
        self._set_parameters(sizes, np.concatenate(pieces))

    # -- construction helpers -------------------------------------------------

    @staticmethod
    def _check_layer_sizes(layer_sizes: Any) -> tuple[int, ...]:
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(
            layer_sizes, (Sequence, np.ndarray)
        ):
            raise TypeError(
                "layer_sizes must be a list of layer widths such as [64, 32, 10], "
                f"got {type(layer_sizes).__name__}"
            )
        if len(layer_sizes) < 2:
            raise ValueError(
                "layer_sizes needs at least two numbers (input size and output size), "
                f"got {list(layer_sizes)}"
            )
        for s in layer_sizes:
            if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1:
                raise ValueError(
                    f"layer_sizes must hold positive integers, got {list(layer_sizes)}"
                )
        return tuple(int(s) for s in layer_sizes)

    @staticmethod
    def _check_output(output: Any, n_outputs: int) -> str:
        if output not in _OUTPUTS:
            raise ValueError(f"output must be 'softmax' or 'sigmoid', got {output!r}")
        if output == "softmax" and n_outputs < 2:
            raise ValueError(
                "a softmax output needs at least 2 classes; for a single yes/no output "
                "use output='sigmoid'"
            )
        return str(output)

    def _init_layer(
        self, rng: np.random.Generator, n_in: int, n_out: int, is_output: bool
    ) -> np.ndarray:
        """Flat [W, b] of a freshly initialised layer (see the class Notes)."""
        bound = np.sqrt(6.0 / (n_in + n_out)) if is_output else np.sqrt(6.0 / n_in)
        W = rng.uniform(-bound, bound, size=n_in * n_out)
        return np.concatenate([W, np.zeros(n_out)]).astype(self._dtype)

    def _set_parameters(self, sizes: tuple[int, ...], flat: np.ndarray) -> None:
        """Store ``flat`` as the parameter vector and make the (W, b) views into it."""
        self._sizes = sizes
        self._flat = flat
        self._offsets = [0]  # where each layer starts in the flat vector
        self._layers = self._views(flat)
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
            self._offsets.append(self._offsets[-1] + n_in * n_out + n_out)

    def _views(self, flat: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Split a flat vector laid out as [W0, b0, W1, b1, ...] into (W, b) views."""
        views, start = [], 0
        for n_in, n_out in zip(self._sizes[:-1], self._sizes[1:], strict=True):
            W = flat[start : start + n_in * n_out].reshape(n_in, n_out)
            start += n_in * n_out
            views.append((W, flat[start : start + n_out]))
            start += n_out
        return views

    # -- read-only description ------------------------------------------------

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Sizes from input to output, e.g. ``(64, 128, 10)``."""
        return self._sizes

    @property
    def n_layers(self) -> int:
        """Number of dense layers (hidden layers + the output layer)."""
        return len(self._sizes) - 1

    @property
    def output(self) -> str:
        """``"softmax"`` or ``"sigmoid"``."""
        return self._output

    @property
    def seed(self) -> int:
        """The seed given at construction."""
        return self._seed

    @property
    def dtype(self) -> np.dtype:
        """Number type of parameters and computations."""
        return self._dtype

    @property
    def n_frozen(self) -> int:
        """How many layers, counted from the input, ``fit`` leaves unchanged."""
        return self._n_frozen

    @property
    def weights(self) -> list[np.ndarray]:
        """Weight matrices, input layer first; ``weights[i]`` has shape (n_in, n_out)."""
        return [W for W, _ in self._layers]

    @property
    def biases(self) -> list[np.ndarray]:
        """Bias vectors, input layer first."""
        return [b for _, b in self._layers]

    def parameters(self) -> list[np.ndarray]:
        """All parameter arrays in the order ``[W0, b0, W1, b1, ...]`` (live views).

        This is the order of the gradients from :meth:`loss_and_gradients`.

        Examples
        --------
        >>> [p.shape for p in Network([3, 4, 2]).parameters()]
        [(3, 4), (4,), (4, 2), (2,)]
        """
        return [p for layer in self._layers for p in layer]

    def __repr__(self) -> str:
        frozen = f", n_frozen={self._n_frozen}" if self._n_frozen else ""
        return (
            f"Network(layer_sizes={list(self._sizes)}, output={self._output!r}, "
            f"seed={self._seed}{frozen})"
        )

    # -- transfer learning ----------------------------------------------------

    def freeze(self, n_layers: int) -> Network:
        """Freeze the first ``n_layers`` layers: ``fit`` will not change them.

        ``freeze(0)`` unfreezes everything. The output layer cannot be frozen, so
        ``n_layers`` goes from 0 to ``self.n_layers - 1``. Returns the network itself.

        Examples
        --------
        >>> net = Network([8, 16, 16, 3]).freeze(2)  # train only the output layer
        >>> net.n_frozen
        2
        """
        if isinstance(n_layers, bool) or not isinstance(n_layers, (int, np.integer)):
            raise TypeError(f"n_layers must be an integer, got {type(n_layers).__name__}")
        if not 0 <= n_layers <= self.n_layers - 1:
            raise ValueError(
                f"n_layers must be between 0 and {self.n_layers - 1} (this network has "
                f"{self.n_layers} layers and the output layer must stay trainable), "
                f"got {n_layers}"
            )
        self._n_frozen = int(n_layers)
        self._note_change()
        return self

    def _note_change(self) -> None:
        if self._watched:
            self._changed = True

    def watched(self) -> Network:
        """A copy that remembers being changed in place by :meth:`replace_output` or
        :meth:`freeze` (see :attr:`changed_in_place`); its own :meth:`copy` does not.

        A check can hand a watched network to a function that should leave its argument
        alone, and see afterwards whether it did. The mark survives :meth:`to_data`,
        :meth:`from_data` and :meth:`copy`.

        Examples
        --------
        >>> net = Network([4, 3, 2]).watched()
        >>> fresh = net.copy().replace_output(3)
        >>> net.changed_in_place, fresh.changed_in_place
        (False, False)
        >>> net.replace_output(5).changed_in_place
        True
        """
        new = self.copy()
        new._watched, new._changed = True, False
        return new

    @property
    def changed_in_place(self) -> bool:
        """True if this network, made by :meth:`watched`, was changed in place since
        (or is a copy of one that was)."""
        return self._changed

    def replace_output(
        self, n_outputs: int, output: OutputKind | None = None, seed: int = 0
    ) -> Network:
        """Swap the output layer for a freshly initialised one with ``n_outputs`` units.

        The hidden layers (and which of them are frozen) are kept. Changes the network
        in place and returns it; use ``net.copy().replace_output(...)`` to keep the
        original.

        Parameters
        ----------
        n_outputs : int
            Number of classes (softmax) or tasks (sigmoid) of the new output layer.
        output : {"softmax", "sigmoid"} or None, default None
            Output kind of the new layer; None keeps the current one.
        seed : int, default 0
            Seed for the new layer's initial weights.

        Examples
        --------
        >>> net = Network([8, 16, 10]).replace_output(3, "sigmoid", seed=1)
        >>> net.layer_sizes, net.output
        ((8, 16, 3), 'sigmoid')
        """
        n_outputs = check_count(n_outputs, "n_outputs", low=1)
        kind = self._check_output(self._output if output is None else output, n_outputs)
        rng = np.random.default_rng(check_seed(seed))
        new_layer = self._init_layer(rng, self._sizes[-2], n_outputs, is_output=True)
        kept = self._flat[: self._offsets[-2]].copy()
        self._output = kind
        self._set_parameters(self._sizes[:-1] + (n_outputs,), np.concatenate([kept, new_layer]))
        self._note_change()
        return self

    def copy(self) -> Network:
        """An independent copy: same parameters, output kind, seed and frozen layers.

        Examples
        --------
        >>> a = Network([2, 3, 2]); b = a.copy()
        >>> b.weights[0][...] = 0.0
        >>> bool(np.any(a.weights[0] != 0))
        True
        """
        new = object.__new__(Network)
        new._output, new._seed, new._dtype = self._output, self._seed, self._dtype
        new._n_frozen = self._n_frozen
        if self._changed:  # a copy made after a change in place keeps the mark
            new._changed = True
        new._set_parameters(self._sizes, self._flat.copy())
        return new

    def to_data(self) -> dict[str, Any]:
        """The network as plain data (lists and numbers): save it as JSON, rebuild it with
        :meth:`from_data`.

        Examples
        --------
        >>> net = Network([3, 4, 2], seed=1).freeze(1)
        >>> again = Network.from_data(net.to_data())
        >>> same = bool(np.array_equal(again.weights[0], net.weights[0]))
        >>> again.layer_sizes, again.n_frozen, same
        ((3, 4, 2), 1, True)
        """
        data = {"layer_sizes": list(self._sizes), "output": self._output, "seed": self._seed,
                "dtype": self._dtype.name, "n_frozen": self._n_frozen,
                "parameters": self._flat.tolist()}
        if self._watched:
            data["watched"] = True
        if self._changed:
            data["changed_in_place"] = True
        return data

    @classmethod
    def from_data(cls, data: Any) -> Network:
        """Rebuild a network from :meth:`to_data`'s output.

        Raises
        ------
        TypeError
            If ``data`` is not a mapping of the right fields.
        ValueError
            If the fields do not describe a network (sizes, output kind, parameter count).
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping made by Network.to_data, got "
                            f"{type(data).__name__}")
        missing = {"layer_sizes", "output", "seed", "dtype", "n_frozen", "parameters"} - set(data)
        if missing:
            raise TypeError(f"data lacks the fields {sorted(missing)}")
        net = cls(list(data["layer_sizes"]), output=data["output"], seed=data["seed"],
                  dtype=data["dtype"])
        flat = np.asarray(data["parameters"], dtype=net._dtype)
        if flat.shape != net._flat.shape:
            raise ValueError(f"data holds {flat.size} parameters, the layer sizes need "
                             f"{net._flat.size}")
        net._set_parameters(net._sizes, flat.copy())
        net.freeze(data["n_frozen"])
        net._watched = data.get("watched") is True
        net._changed = data.get("changed_in_place") is True
        return net

    # -- checking inputs ------------------------------------------------------

    def _check_inputs(self, X: Any, name: str = "X") -> np.ndarray:
        if X is None or isinstance(X, (str, bytes, dict)):
            raise TypeError(f"{name} must be a 2-D array of numbers, got {type(X).__name__}")
        try:
            arr = np.asarray(X, dtype=self._dtype)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be a 2-D array of numbers: {exc}") from exc
        if arr.ndim != 2:
            hint = " (for one example use X.reshape(1, -1))" if arr.ndim == 1 else ""
            raise ValueError(
                f"{name} must be a 2-D array (n_examples, n_features), got shape {arr.shape}{hint}"
            )
        if arr.shape[1] != self._sizes[0]:
            raise ValueError(
                f"{name} has {arr.shape[1]} columns but the network expects "
                f"{self._sizes[0]} input features (layer_sizes[0])"
            )
        if arr.shape[0] == 0:
            raise ValueError(f"{name} has no rows")
        if not np.isfinite(arr).all():
            raise ValueError(f"{name} contains NaN or infinite values")
        return arr

    def _encode_y(
        self, y: Any, n_rows: int, name: str = "y"
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Targets as the training loop uses them: ``(T, M)``.

        softmax: ``T`` one-hot (n, K), ``M`` None. sigmoid: ``T`` labels with NaN
        replaced by 0 and ``M`` the 0/1 mask of labelled entries, both (n, K).
        """
        t = _as_float_array(y, name)
        k = self._sizes[-1]
        if self._output == "softmax":
            if t.ndim != 1:
                raise ValueError(
                    f"{name} must be a 1-D array of class labels 0..{k - 1}, got shape "
                    f"{t.shape} (for one-hot labels pass y.argmax(axis=1))"
                )
        else:
            if t.ndim == 1 and k == 1:
                t = t.reshape(-1, 1)
            if t.ndim != 2 or t.shape[1] != k:
                raise ValueError(
                    f"{name} must have shape (n_examples, {k}) for this network's {k} "
                    f"sigmoid outputs"
                    + (" (or be 1-D)" if k == 1 else "")
                    + f", got shape {t.shape}"
                )
        if len(t) != n_rows:
            raise ValueError(
                f"X and {name} must have the same number of rows, got {n_rows} and {len(t)}"
            )
        if self._output == "softmax":
            labels = _check_class_labels(t, k, name)
            return np.eye(k, dtype=self._dtype)[labels], None
        labelled = ~np.isnan(t)
        bad = labelled & (t != 0) & (t != 1)
        if bad.any():
            raise ValueError(
                f"{name} must hold only 0, 1 or NaN (missing label), found {float(t[bad][0])}"
            )
        if not labelled.any():
            raise ValueError(f"{name} has no labels (every entry is NaN)")
        return np.where(labelled, t, 0.0).astype(self._dtype), labelled.astype(self._dtype)

    # -- forward and backward passes -----------------------------------------

    def _forward(self, A: np.ndarray, start: int = 0) -> list[np.ndarray]:
        """Run layers ``start..`` on ``A``; return every layer's input plus the logits.

        ``acts[i]`` is the input of layer ``start + i``; ``acts[-1]`` holds the output
        layer's scores before softmax/sigmoid (the logits).
        """
        acts = [A]
        last = self.n_layers - 1
        for i in range(start, self.n_layers):
            W, b = self._layers[i]
            Z = A @ W
            Z += b
            if i < last:
                np.maximum(Z, 0.0, out=Z)  # ReLU
            acts.append(Z)
            A = Z
        return acts

    def _features(self, X: np.ndarray, n_layers: int) -> np.ndarray:
        """Output of the first ``n_layers`` (hidden, so ReLU) layers; X itself for 0."""
        A = X
        for W, b in self._layers[:n_layers]:
            A = np.maximum(A @ W + b, 0.0)
        return A

    def _compare(
        self, Z: np.ndarray, T: np.ndarray, M: np.ndarray | None
    ) -> tuple[float, int, int]:
        """Compare logits ``Z`` with targets and overwrite ``Z`` with the loss gradient.

        Returns ``(loss_sum, n_wrong, n_labels)``: the loss summed over examples
        (softmax) or labelled entries (sigmoid), how many of those are predicted
        wrongly, and how many there are. The mean loss is ``loss_sum / n_labels`` and
        afterwards ``Z`` holds its gradient with respect to the logits, which for both
        outputs is (probability - label) / n_labels, and 0 for unlabelled entries.
        The losses come from the logits, so they stay finite even when a probability
        would round to 0.
        """
        if M is None:
            Z -= Z.max(axis=1, keepdims=True)  # now the top score of each row is 0
            true_score = (Z * T).sum(axis=1)  # so this is < 0 exactly for wrong rows
            np.exp(Z, out=Z)
            row_sums = Z.sum(axis=1, keepdims=True)
            loss_sum = float(np.log(row_sums).sum() - true_score.sum())  # -log softmax
            n_wrong = int(np.count_nonzero(true_score < 0))
            Z /= row_sums  # probabilities
            Z -= T
            Z *= 1.0 / len(Z)
            return loss_sum, n_wrong, len(Z)
        n_labels = int(M.sum())
        e = np.exp(-np.abs(Z))
        # -[t log s(z) + (1 - t) log(1 - s(z))] = max(z, 0) - t z + log(1 + exp(-|z|))
        per_entry = np.maximum(Z, 0.0) - Z * T + np.log1p(e)
        loss_sum = float((per_entry * M).sum())
        n_wrong = int((((Z >= 0) != (T == 1)) * M).sum())
        Z[...] = np.where(Z >= 0, 1.0, e) / (1.0 + e)  # sigmoid(Z), as in _sigmoid
        Z -= T
        Z *= M
        Z *= 1.0 / max(n_labels, 1)
        return loss_sum, n_wrong, n_labels

    def _error(self, Z: np.ndarray, T: np.ndarray, M: np.ndarray | None) -> float:
        """Error rate from logits: wrong class (softmax) or wrong labelled entry."""
        if M is None:
            return float(np.mean(T[np.arange(len(Z)), Z.argmax(axis=1)] == 0))
        wrong = (Z >= 0) != (T == 1)
        return float((wrong * M).sum() / M.sum())

    def _backward(
        self,
        acts: list[np.ndarray],
        delta: np.ndarray,
        grads: list[tuple[np.ndarray, np.ndarray]],
        start: int,
    ) -> None:
        """Backpropagate ``delta`` (dLoss/dlogits) and write the gradients of layers
        ``start..`` into ``grads`` (a list of (dW, db) arrays, one pair per layer)."""
        for i in range(self.n_layers - 1, start - 1, -1):
            A = acts[i - start]  # input of layer i
            dW, db = grads[i]
            np.matmul(A.T, delta, out=dW)
            delta.sum(axis=0, out=db)
            if i > start:
                delta = delta @ self._layers[i][0].T
                delta *= A > 0  # ReLU passes gradient only where it was active

    # -- public computations --------------------------------------------------

    def predict_proba(self, X: Any) -> np.ndarray:
        """Output probabilities.

        Returns
        -------
        numpy.ndarray
            softmax: shape (n_examples, n_classes), rows sum to 1. sigmoid: shape
            (n_examples, n_tasks), the probability of label 1 for each task; with a
            single sigmoid output the result is 1-D, shape (n_examples,).

        Examples
        --------
        >>> Network([3, 5, 4]).predict_proba(np.ones((2, 3))).shape
        (2, 4)
        """
        Z = self._forward(self._check_inputs(X))[-1]
        if self._output == "softmax":
            return _softmax_inplace(Z)
        P = _sigmoid(Z)
        return P[:, 0] if P.shape[1] == 1 else P

    def predict(self, X: Any) -> np.ndarray:
        """Predicted labels: class indices (softmax) or 0/1 per task (sigmoid).

        The shape follows :meth:`predict_proba`: (n_examples,) for softmax and for a
        single sigmoid output, (n_examples, n_tasks) for several sigmoid outputs.

        Examples
        --------
        >>> Network([3, 5, 1], output="sigmoid").predict(np.zeros((2, 3))).shape
        (2,)
        """
        Z = self._forward(self._check_inputs(X))[-1]
        if self._output == "softmax":
            return Z.argmax(axis=1)
        labels = (Z >= 0).astype(np.int64)  # sigmoid(z) >= 0.5 exactly when z >= 0
        return labels[:, 0] if labels.shape[1] == 1 else labels

    def hidden_features(self, X: Any) -> np.ndarray:
        """Activations of the last hidden layer, shape (n_examples, layer_sizes[-2]).

        These are the learned features a new output layer sees after
        :meth:`replace_output`.

        Examples
        --------
        >>> Network([3, 7, 2]).hidden_features(np.ones((4, 3))).shape
        (4, 7)
        """
        if self.n_layers < 2:
            raise ValueError("this network has no hidden layer (layer_sizes has 2 numbers)")
        return self._features(self._check_inputs(X), self.n_layers - 1)

    def loss(self, X: Any, y: Any) -> float:
        """Data loss on ``(X, y)``: mean cross-entropy (softmax) or the masked binary
        cross-entropy (sigmoid, see :func:`masked_binary_cross_entropy`). No L2 term.

        Examples
        --------
        >>> net = Network([2, 4, 3])
        >>> round(net.loss(np.zeros((5, 2)), [0, 1, 2, 0, 1]), 4)  # all-equal scores
        1.0986
        """
        X = self._check_inputs(X)
        T, M = self._encode_y(y, len(X))
        loss_sum, _, n_labels = self._compare(self._forward(X)[-1], T, M)
        return loss_sum / n_labels

    def loss_and_gradients(self, X: Any, y: Any, l2: float = 0.0) -> tuple[float, list[np.ndarray]]:
        """Loss and its gradient with respect to every parameter, by backpropagation.

        The loss is the data loss of :meth:`loss` plus ``l2 / 2`` times the sum of all
        squared weights (biases are not penalised). Gradients are given for every
        layer, frozen or not.

        Returns
        -------
        loss : float
        gradients : list of numpy.ndarray
            Same order and shapes as :meth:`parameters`: ``[dW0, db0, dW1, db1, ...]``.

        Examples
        --------
        >>> net = Network([2, 3, 2], dtype="float64")
        >>> loss, grads = net.loss_and_gradients([[1.0, 2.0]], [1])
        >>> [g.shape for g in grads]
        [(2, 3), (3,), (3, 2), (2,)]
        """
        X = self._check_inputs(X)
        T, M = self._encode_y(y, len(X))
        l2 = check_real(l2, "l2", low=0)
        acts = self._forward(X)
        loss_sum, _, n_labels = self._compare(acts[-1], T, M)  # acts[-1] becomes dLoss/dZ
        loss = loss_sum / n_labels
        grad_flat = np.zeros_like(self._flat)
        grads = self._views(grad_flat)
        self._backward(acts, acts[-1], grads, start=0)
        if l2:
            for (W, _), (dW, _) in zip(self._layers, grads, strict=True):
                loss += 0.5 * l2 * float(np.sum(W.astype(np.float64) ** 2))
                dW += l2 * W
        return loss, [g for pair in grads for g in pair]

    def evaluate(self, X: Any, y: Any) -> float:
        """Error rate: the fraction of wrong predictions.

        softmax: fraction of examples with the wrong class. sigmoid: fraction of the
        *labelled* entries (over all tasks) predicted wrongly; NaN labels are skipped.
        See :meth:`per_task_error` for one error rate per task.

        Examples
        --------
        >>> net = Network([2, 3, 2])
        >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
        >>> net.evaluate(X, net.predict(X))
        0.0
        """
        X = self._check_inputs(X)
        T, M = self._encode_y(y, len(X))
        return self._error(self._forward(X)[-1], T, M)

    def per_task_error(self, X: Any, y: Any) -> np.ndarray:
        """Error rate of each sigmoid output over its labelled examples.

        Returns
        -------
        numpy.ndarray
            Shape (n_tasks,); NaN for a task with no label in ``y``.

        Examples
        --------
        >>> nan = float("nan")
        >>> net = Network([2, 3, 2], output="sigmoid")
        >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
        >>> y = net.predict(X).astype(float); y[0, 1] = 1 - y[0, 1]; y[1, 1] = nan
        >>> net.per_task_error(X, y)
        array([0., 1.])
        """
        if self._output != "sigmoid":
            raise ValueError(
                "per_task_error needs a network with sigmoid outputs (one per task); "
                "for a softmax network use evaluate()"
            )
        X = self._check_inputs(X)
        T, M = self._encode_y(y, len(X))
        wrong = (self._forward(X)[-1] >= 0) != (T == 1)
        counts = M.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = (wrong * M).sum(axis=0) / counts
        return np.where(counts > 0, rates, np.nan).astype(np.float64)

    # -- training -------------------------------------------------------------

    def fit(
        self,
        X: Any,
        y: Any,
        epochs: int = 200,
        batch_size: int = 32,
        learning_rate: float = 1e-3,
        l2: float = 0.0,
        tol: float = 1e-4,
        patience: int | None = 10,
        seed: int | None = None,
        validation: tuple[Any, Any] | None = None,
    ) -> History:
        """Train with mini-batch Adam; frozen layers (see :meth:`freeze`) stay unchanged.

        Each epoch shuffles the examples and makes one Adam step per mini-batch.
        Training stops early when the monitored loss -- the validation loss if
        ``validation`` is given, else the training loss -- has not dropped by more than
        ``tol`` below its best value for ``patience`` epochs in a row. With a
        validation set, the weights of the epoch with the lowest validation loss are
        restored at the end. Adam's moment estimates start from zero on every call.

        Parameters
        ----------
        X : array-like of shape (n_examples, layer_sizes[0])
        y : array-like
            softmax: integer labels 0..K-1, shape (n_examples,). sigmoid: 0/1/NaN of
            shape (n_examples, n_tasks), or (n_examples,) for a single output.
        epochs : int, default 200
            Maximum number of passes over the training set.
        batch_size : int, default 32
        learning_rate : float, default 1e-3
            Adam's step size.
        l2 : float, default 0.0
            Weight decay: adds ``l2 / 2 * sum(W**2)`` over the trainable weights to the
            loss that is minimised (each mini-batch's mean loss).
        tol : float, default 1e-4
            Smallest decrease of the monitored loss that counts as an improvement.
        patience : int or None, default 10
            Epochs without improvement before stopping; None trains all ``epochs``.
        seed : int or None, default None
            Seed for shuffling; None uses the network's ``seed``.
        validation : tuple (X_val, y_val) or None, default None
            A held-out set for monitoring, early stopping and keeping the best weights.

        Returns
        -------
        History
            Per-epoch losses and error rates.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> X = rng.normal(size=(200, 2)); y = (X[:, 0] > X[:, 1]).astype(int)
        >>> net = Network([2, 8, 2], seed=0)
        >>> history = net.fit(X, y, epochs=50, learning_rate=0.01)
        >>> history.train_error[-1] < 0.05
        True
        """
        X = self._check_inputs(X)
        T, M = self._encode_y(y, len(X))
        epochs = check_count(epochs, "epochs", low=1)
        batch_size = check_count(batch_size, "batch_size", low=1)
        learning_rate = check_real(learning_rate, "learning_rate", low=0)
        if learning_rate == 0:
            raise ValueError("learning_rate must be > 0, got 0")
        l2 = check_real(l2, "l2", low=0)
        tol = check_real(tol, "tol", low=0)
        if patience is not None:
            patience = check_count(patience, "patience", low=1)
        rng = np.random.default_rng(self._seed if seed is None else check_seed(seed))
        val = None
        if validation is not None:
            if not isinstance(validation, (tuple, list)) or len(validation) != 2:
                raise TypeError("validation must be a tuple (X_val, y_val)")
            X_val = self._check_inputs(validation[0], "X_val")
            val = (X_val, *self._encode_y(validation[1], len(X_val), "y_val"))

        # Frozen layers never change, so their output is computed once: training
        # then starts at the first trainable layer ("start").
        start = self._n_frozen
        H = self._features(X, start)
        if val is not None:
            val = (self._features(val[0], start), val[1], val[2])

        # Trainable parameters are the tail of the flat vector, from layer "start" on.
        first = self._offsets[start]
        params = self._flat[first:]
        grad_flat = np.zeros_like(self._flat)
        grads = self._views(grad_flat)
        trainable_grads = grad_flat[first:]
        decay = None
        if l2:
            decay = np.zeros_like(grad_flat)
            for dW, _ in self._views(decay):
                dW[...] = l2  # weights decay, biases do not
            decay = decay[first:]
        adam = _Adam(len(params), self._dtype, learning_rate)

        history = History()
        best_loss, best_params, bad_epochs = np.inf, None, 0
        n = len(H)
        for epoch in range(epochs):
            order = rng.permutation(n)
            H_shuf, T_shuf = H[order], T[order]
            M_shuf = None if M is None else M[order]
            epoch_loss, epoch_wrong, epoch_labels = 0.0, 0, 0
            for lo in range(0, n, batch_size):
                hi = lo + batch_size
                acts = self._forward(H_shuf[lo:hi], start)
                loss_sum, n_wrong, n_labels = self._compare(
                    acts[-1], T_shuf[lo:hi], None if M_shuf is None else M_shuf[lo:hi]
                )
                if n_labels == 0:  # a sigmoid batch without any label: nothing to learn
                    continue
                epoch_loss += loss_sum
                epoch_wrong += n_wrong
                epoch_labels += n_labels
                self._backward(acts, acts[-1], grads, start)
                if decay is not None:
                    trainable_grads += decay * params
                adam.step(params, trainable_grads)

            history.train_loss.append(epoch_loss / epoch_labels)
            history.train_error.append(epoch_wrong / epoch_labels)
            if val is not None:
                loss_sum, n_wrong, n_labels = self._compare(
                    self._forward(val[0], start)[-1], val[1], val[2]
                )
                history.val_loss.append(loss_sum / n_labels)
                history.val_error.append(n_wrong / n_labels)
            monitored = history.val_loss[-1] if val is not None else history.train_loss[-1]
            bad_epochs = 0 if monitored < best_loss - tol else bad_epochs + 1
            if monitored < best_loss:
                best_loss, history.best_epoch = monitored, epoch
                if val is not None:
                    best_params = params.copy()
            if patience is not None and bad_epochs >= patience:
                history.stopped_early = epoch < epochs - 1
                break

        if val is not None and best_params is not None:
            params[...] = best_params
        else:
            history.best_epoch = history.n_epochs - 1
        return history
