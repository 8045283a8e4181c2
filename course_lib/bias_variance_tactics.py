"""Which techniques reduce bias, which reduce variance, which do both, and which trade one off.

:mod:`course_lib.strategy` says *which* problem to work on; this module says *what each
technique does* to the two errors, as data a notebook can filter and print. Each
:class:`Technique` records what it reduces, what it may raise, what it costs and why, and
falls in one of four categories:

- ``"bias"``: lowers the training error without raising the gap (a bigger model with
  regularization, a better optimizer, error analysis on the training set);
- ``"variance"``: lowers the dev - training gap without raising the training error (more
  data, data augmentation);
- ``"both"``: can lower either (better features, a better architecture);
- ``"trade-off"``: lowers one and raises the other (more or less regularization, early
  stopping, a smaller model, fewer features). Useful, but each step has a price.

:func:`bigger_model_cost` states the rule that makes the bigger model special: with good
regularization, a bigger model rarely hurts variance, so it costs nothing but compute.

Examples
--------
>>> [t.name for t in techniques_for("high variance")][:2]
['more training data', 'data augmentation']
>>> bigger_model_cost(train_error=0.15, dev_error=0.17, regularized=True).compute_only
True
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.validation import check_fraction, check_real, check_text

__all__ = ["CATEGORIES", "TECHNIQUES", "BiggerModelCost", "Technique", "bigger_model_cost",
           "techniques_for"]

#: The four kinds of technique, in the order the table lists them.
CATEGORIES: tuple[str, ...] = ("bias", "variance", "both", "trade-off")


@dataclass(frozen=True)
class Technique:
    """One technique and its effect on bias (training error) and variance (the gap).

    Attributes
    ----------
    name : str
        Short name, e.g. ``"more training data"``.
    category : str
        ``"bias"``, ``"variance"``, ``"both"`` or ``"trade-off"``.
    reduces : tuple of str
        What it lowers: ``"bias"`` and/or ``"variance"``.
    may_raise : tuple of str
        What it can make worse (empty when nothing).
    cost : str
        What it costs you.
    reason : str
        Why it has this effect.
    """

    name: str
    category: str
    reduces: tuple[str, ...]
    may_raise: tuple[str, ...]
    cost: str
    reason: str

    def __str__(self) -> str:
        worse = f"; may raise {', '.join(self.may_raise)}" if self.may_raise else ""
        return (f"{self.name} ({self.category}): reduces {' and '.join(self.reduces)}{worse}. "
                f"{self.reason} Cost: {self.cost}.")


#: The techniques, grouped by category (bias, variance, both, trade-off).
TECHNIQUES: tuple[Technique, ...] = (
    Technique("bigger model", "bias", ("bias",), (),
              "compute: training and prediction time",
              "More parameters can fit patterns a small model cannot; with regularization "
              "tuned on the dev set, the extra capacity rarely turns into overfitting."),
    Technique("train longer or use a better optimizer", "bias", ("bias",), (),
              "compute and training time",
              "An under-trained model has not yet reached the training error its size allows."),
    Technique("error analysis on the training set", "bias", ("bias",), (),
              "your time: reading misclassified training examples",
              "Training examples the model gets wrong show what it cannot yet represent, and "
              "so which features or model changes to try."),
    Technique("more training data", "variance", ("variance",), (),
              "collecting and labelling data, and compute",
              "More examples make fitting noise harder; it does not lower the training error, "
              "which usually rises a little as the training set grows."),
    Technique("data augmentation", "variance", ("variance",), (),
              "compute, and care that the altered examples stay realistic",
              "Transformed copies (shifted images, added noise) act like more data of the "
              "kinds you expect at test time."),
    Technique("better input features from error analysis", "both", ("bias", "variance"), (),
              "your time: understanding the errors, and engineering",
              "Features that carry the missing information lower the training error, and "
              "features that make the task simpler generalise better."),
    Technique("change the model architecture", "both", ("bias", "variance"),
              ("bias", "variance"), "your time, and compute for the new searches",
              "An architecture suited to the data (e.g. convolutions for images) can fit "
              "better and generalise better; a poorly chosen one can do the opposite."),
    Technique("less regularization", "trade-off", ("bias",), ("variance",),
              "a tuning run",
              "Letting the weights grow lets the model fit the training set more closely, "
              "noise included."),
    Technique("more regularization (L2, dropout)", "trade-off", ("variance",), ("bias",),
              "a tuning run",
              "Penalising large weights or dropping units makes the model smoother, which "
              "generalises better but fits the training set less closely."),
    Technique("early stopping", "trade-off", ("variance",), ("bias",),
              "nothing but the lost training time",
              "Stopping before the training error bottoms out keeps the weights small, like "
              "regularization, and couples the two goals (prefer explicit regularization)."),
    Technique("fewer features (feature selection)", "trade-off", ("variance",), ("bias",),
              "your time",
              "With little data, dropping uninformative features leaves less to overfit; "
              "dropping informative ones raises the training error."),
    Technique("smaller model", "trade-off", ("variance",), ("bias",),
              "nothing: it saves compute",
              "Less capacity means less room to overfit, and less to fit the signal with; "
              "regularizing a bigger model usually works better."),
)

_PROBLEM_NAMES = {
    "bias": "bias", "high bias": "bias", "avoidable bias": "bias",
    "variance": "variance", "high variance": "variance",
    "both": "both", "fine": "fine",
}


def techniques_for(problem: str, *, include_trade_offs: bool = True) -> tuple[Technique, ...]:
    """The techniques that reduce ``problem``, those without a side effect first.

    Parameters
    ----------
    problem : str
        ``"bias"`` (or ``"high bias"``, ``"avoidable bias"`` as :func:`course_lib.strategy.
        diagnose` names it), ``"variance"`` (or ``"high variance"``), ``"both"``, or
        ``"fine"`` (nothing to fix: an empty tuple). The readings of
        :func:`course_lib.learning_curve_reading.read_learning_curve` are all accepted.
    include_trade_offs : bool, default True
        Also list techniques that raise the other error. For ``"both"`` they are never
        listed: each would make one of the two problems worse.

    Returns
    -------
    tuple of Technique
        For ``"bias"`` or ``"variance"``: the category's own techniques, then those of
        ``"both"``, then (optionally) the trade-offs that reduce it. For ``"both"``: the
        ``"both"`` techniques, then the bias ones, then the variance ones.

    Raises
    ------
    TypeError
        If ``problem`` is not a string.
    ValueError
        If it names no known problem.

    Examples
    --------
    >>> [t.category for t in techniques_for("bias")]
    ['bias', 'bias', 'bias', 'both', 'both', 'trade-off']
    >>> techniques_for("fine")
    ()
    """
    text = check_text(problem, "problem").strip().lower()
    if text not in _PROBLEM_NAMES:
        raise ValueError(f"problem must be one of {sorted(_PROBLEM_NAMES)}, got {problem!r}")
    if not isinstance(include_trade_offs, bool):
        raise TypeError("include_trade_offs must be True or False, got "
                        f"{type(include_trade_offs).__name__}")
    kind = _PROBLEM_NAMES[text]
    if kind == "fine":
        return ()

    def of(category: str) -> list[Technique]:
        return [t for t in TECHNIQUES if t.category == category]

    if kind == "both":
        return tuple(of("both") + of("bias") + of("variance"))
    trade = [t for t in of("trade-off") if kind in t.reduces] if include_trade_offs else []
    return tuple(of(kind) + of("both") + trade)


@dataclass(frozen=True)
class BiggerModelCost:
    """What a bigger model would cost and buy, from :func:`bigger_model_cost`.

    Attributes
    ----------
    compute_only : bool
        True when the only expected cost is compute (the model is well regularized).
    helps_bias : bool or None
        Whether there is bias for a bigger model to remove (``None`` without a desired
        error to compare the training error with).
    variance_risk : str
        ``"low"`` (regularized), ``"moderate"`` (not regularized, no gap yet) or ``"high"``
        (not regularized and already overfitting).
    bias_gap : float or None
        ``train_error - desired_error``.
    gap : float
        ``dev_error - train_error``.
    reasons : tuple of str
        The rules applied, with their numbers.
    """

    compute_only: bool
    helps_bias: bool | None
    variance_risk: str
    bias_gap: float | None
    gap: float
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        head = ("a bigger model costs nothing but compute" if self.compute_only
                else "a bigger model costs more than compute")
        return head + ":\n" + "\n".join(f"  - {reason}" for reason in self.reasons)


def bigger_model_cost(train_error: float, dev_error: float, *, regularized: bool,
                      desired_error: float | None = None,
                      tolerance: float = 0.01) -> BiggerModelCost:
    """Whether a bigger model costs nothing but compute, and whether it would help.

    The rule (Machine Learning Yearning, and the deep-learning courses): a bigger model
    reduces bias; it raises variance mainly when nothing holds the extra capacity back. With
    a well-designed regularization (weight decay, dropout, tuned on the dev set), growing the
    model rarely hurts the dev error, so its only real cost is compute. Without
    regularization the extra capacity can go into fitting noise: the risk is high when the
    dev error is already more than ``tolerance`` above the training error.

    Parameters
    ----------
    train_error, dev_error : float
        The current model's errors, fractions in [0, 1].
    regularized : bool
        Whether the model has regularization tuned on the dev set.
    desired_error : float, optional
        The error you aim for (e.g. human level); tells whether there is bias to remove.
    tolerance : float, default 0.01
        Differences this small are noise.

    Returns
    -------
    BiggerModelCost

    Raises
    ------
    TypeError
        If an error is not a number or ``regularized`` is not a boolean.
    ValueError
        If an error or the tolerance is outside [0, 1].

    Examples
    --------
    >>> cost = bigger_model_cost(0.15, 0.16, regularized=True, desired_error=0.02)
    >>> cost.compute_only, cost.helps_bias, cost.variance_risk
    (True, True, 'low')
    >>> bigger_model_cost(0.01, 0.12, regularized=False).variance_risk
    'high'
    """
    train = check_fraction(train_error, "train_error")
    dev = check_fraction(dev_error, "dev_error")
    if not isinstance(regularized, bool):
        raise TypeError("regularized must be True or False (does the model use regularization "
                        f"tuned on the dev set?), got {type(regularized).__name__}")
    tol = check_real(tolerance, "tolerance", low=0, high=1)
    goal = None if desired_error is None else check_fraction(desired_error, "desired_error")
    gap = dev - train
    reasons = []
    if regularized:
        risk = "low"
        reasons.append("the model is regularized: the extra capacity rarely raises variance, "
                       "so the cost is compute (training and prediction time)")
    else:
        risk = "high" if gap > tol else "moderate"
        reasons.append(f"no regularization: the dev error is already {gap:.3f} above the "
                       "training error and a bigger model would likely widen that gap"
                       if risk == "high" else
                       f"no regularization: the gap is {gap:.3f} for now, but a bigger model "
                       "may start to overfit; add regularization as you grow it")
    if goal is None:
        helps, bias_gap = None, None
        reasons.append("no desired error given: cannot tell whether there is bias to remove")
    else:
        bias_gap = train - goal
        helps = bias_gap > tol
        reasons.append(f"training error {train:.3f} is {bias_gap:.3f} above the desired "
                       f"{goal:.3f}: a bigger model should lower it" if helps else
                       f"training error {train:.3f} already meets the desired {goal:.3f} "
                       "(within tolerance): a bigger model buys little on bias")
    return BiggerModelCost(compute_only=regularized, helps_bias=helps, variance_risk=risk,
                           bias_gap=bias_gap, gap=gap, reasons=tuple(reasons))
