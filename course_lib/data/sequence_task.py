"""A toy transcription task for the optimization verification test, with both faults on dials.

A meter-reading app photographs a row of handwritten digits and must write them down.
Each digit image is a real scikit-learn digit with scanner noise added. The app scores a
candidate transcription ``d_1 ... d_L`` as

    Score = sum_t log p(d_t | image_t)  +  lm_weight * sum_t log P(d_t | d_(t-1))

the log-probabilities of a per-position classifier (a logistic regression trained on
clean digits) plus a weighted bigram language model, and looks for the best-scoring
transcription with :func:`course_lib.search.beam_search`. The true readings follow a
Markov chain whose transitions are peaked (each digit is usually followed by one of two
digits), so the language model helps read an unclear digit from its neighbours.

The two faults of the optimization verification test can be dialled separately:

- **search faults**: a narrow beam (``width=1`` is greedy) commits to a digit before
  seeing that the next digit makes it unlikely; widening the beam removes them;
- **scoring faults**: noisier images (``noise``), a wrong ``lm_weight`` (too high lets the
  language model override the images, ``0`` ignores it), or a biased bigram table
  (``lm_bias``: the model's table is mixed with the table of another kind of readings)
  make the score prefer wrong transcriptions; no beam width fixes those.

Widening the beam does not only turn search faults into correct outputs: some of them
become scoring faults, because the better search finds a wrong transcription that scores
even higher than the correct one. The mistakes left with a wide beam are all scoring
faults, and a wider beam never makes a scoring fault go away.

:func:`make_transcription_task` builds a dev set for a seed and settings,
:func:`transcribe` runs the search on it, :func:`verification_cases` pairs each example's
scorer with its correct reading and the search's output for
:func:`course_lib.optimization_verification.attribute_errors`, and
:func:`attribution_by_width` does it for several beam widths at once.
:func:`exact_transcriptions` finds the best-scoring transcriptions exactly (dynamic
programming), the output of a perfect search.

Examples
--------
>>> from course_lib.optimization_verification import attribute_errors
>>> task = make_transcription_task(n_examples=100, seed=0)
>>> narrow = attribute_errors(verification_cases(task, width=1))
>>> wide = attribute_errors(verification_cases(task, width=10))
>>> narrow.n_search > wide.n_search
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course_lib.data.digit_tasks import load_digit_images
from course_lib.optimization_verification import (
    ErrorAttribution,
    VerificationCase,
    attribute_errors,
)
from course_lib.search import beam_search
from course_lib.threads import one_thread
from course_lib.validation import check_count, check_fraction, check_real, check_seed

__all__ = [
    "SequenceScorer",
    "TranscriptionTask",
    "attribution_by_width",
    "exact_transcriptions",
    "make_transcription_task",
    "transcribe",
    "verification_cases",
]

#: The alphabet: the ten digits.
N_DIGITS = 10

#: Images per digit class used to train the per-position classifier; the rest are
#: drawn for the dev readings.
TRAIN_PER_CLASS = 90

#: Probability that a digit is followed by its first and its second favoured successor
#: in the true readings; the remaining probability is spread over the other eight.
FAVOURED = (0.55, 0.3)


class SequenceScorer:
    """The score of a candidate transcription of one example (a callable).

    ``scorer(seq)`` is the sum of the classifier's log-probabilities of the digits in
    ``seq`` at their positions plus ``lm_weight`` times the bigram log-probabilities of
    its consecutive pairs. It accepts prefixes (shorter sequences), as beam search needs.

    Examples
    --------
    >>> log_probs = np.log(np.full((2, 10), 0.1))
    >>> log_bigram = np.log(np.full((10, 10), 0.1))
    >>> round(SequenceScorer(log_probs, log_bigram, 1.0)((3, 4)), 4)
    -6.9078
    """

    def __init__(self, log_probs: np.ndarray, log_bigram: np.ndarray,
                 lm_weight: float) -> None:
        # plain lists: indexing them is several times faster than indexing arrays
        self._emit = np.asarray(log_probs, dtype=float).tolist()
        self._pairs = (lm_weight * np.asarray(log_bigram, dtype=float)).tolist()
        self.length = len(self._emit)
        # scores of the prefixes seen so far: beam search scores a sequence right after
        # its prefix, so most calls add two numbers to a remembered score
        self._known: dict[tuple[int, ...], float] = {(): 0.0}

    def __call__(self, seq: Iterable[int]) -> float:
        digits = seq if type(seq) is tuple else tuple(seq)
        known = self._known.get(digits)
        if known is not None:
            return known
        last = digits[-1]  # not empty: () is always known
        if isinstance(last, bool) or not isinstance(last, (int, np.integer)):
            raise TypeError(f"a transcription must hold digits 0-9, got {type(last).__name__}")
        if not 0 <= last < N_DIGITS:
            raise ValueError(f"a transcription must hold digits 0-9, found {last}")
        position = len(digits) - 1
        if position >= self.length:
            raise ValueError(f"a transcription of this example has at most {self.length} "
                             f"digits, got {len(digits)}")
        prefix = self._known.get(digits[:-1])
        if prefix is None:
            prefix = self(digits[:-1])
        total = prefix + self._emit[position][last]
        if position:
            total += self._pairs[digits[-2]][last]
        if len(self._known) < 100_000:
            self._known[digits] = total
        return total

    def __repr__(self) -> str:
        return f"SequenceScorer(length={self.length})"


@dataclass(frozen=True, eq=False)
class TranscriptionTask:
    """A dev set of digit readings with the model that scores transcriptions.

    Attributes
    ----------
    images : numpy.ndarray of shape (n_examples, length, 64)
        The noisy digit images, pixels in ``[0, 1]``.
    truth : tuple of tuple of int
        The correct reading of every example, S*.
    log_probs : numpy.ndarray of shape (n_examples, length, 10)
        The classifier's log-probability of each digit at each position.
    true_bigram : numpy.ndarray of shape (10, 10)
        Transition probabilities the true readings were drawn from (row: previous digit).
    log_bigram : numpy.ndarray of shape (10, 10)
        The language model's log transition probabilities (biased if ``lm_bias > 0``).
    lm_weight : float
        The weight of the language model in the score.
    noise, lm_bias : float
        The settings the task was made with.
    seed : int
        The seed it was made with.
    """

    images: np.ndarray
    truth: tuple[tuple[int, ...], ...]
    log_probs: np.ndarray
    true_bigram: np.ndarray
    log_bigram: np.ndarray
    lm_weight: float
    noise: float
    lm_bias: float
    seed: int

    @property
    def n_examples(self) -> int:
        """How many readings the dev set holds."""
        return len(self.truth)

    @property
    def length(self) -> int:
        """How many digits each reading has."""
        return int(self.log_probs.shape[1])

    def scorer(self, index: int) -> SequenceScorer:
        """The scoring function of example ``index``.

        Examples
        --------
        >>> task = make_transcription_task(n_examples=5, seed=0)
        >>> scorer = task.scorer(0)
        >>> scorer(task.truth[0]) <= 0
        True
        """
        index = check_count(index, "index", high=self.n_examples - 1)
        return SequenceScorer(self.log_probs[index], self.log_bigram, self.lm_weight)

    def __repr__(self) -> str:
        return (f"TranscriptionTask({self.n_examples} readings of {self.length} digits, "
                f"noise={self.noise:g}, lm_weight={self.lm_weight:g}, "
                f"lm_bias={self.lm_bias:g}, seed={self.seed})")


def _transition_table(rng: np.random.Generator) -> np.ndarray:
    """Peaked transitions: each digit has two favoured successors (never itself)."""
    table = np.empty((N_DIGITS, N_DIGITS))
    rest = (1.0 - sum(FAVOURED)) / (N_DIGITS - 2)
    for digit in range(N_DIGITS):
        others = rng.permutation([d for d in range(N_DIGITS) if d != digit])
        table[digit] = rest
        table[digit, others[0]] = FAVOURED[0]
        table[digit, others[1]] = FAVOURED[1]
    return table


@functools.lru_cache(maxsize=8)
def _classifier_and_pool(seed: int) -> tuple[object, np.ndarray, np.ndarray]:
    """A logistic regression trained on clean digits, and the images it never saw."""
    from sklearn.linear_model import LogisticRegression

    X, y = load_digit_images()
    rng = np.random.default_rng([seed, 1])
    train = np.zeros(len(y), dtype=bool)
    for digit in range(N_DIGITS):
        members = np.flatnonzero(y == digit)
        train[rng.choice(members, TRAIN_PER_CLASS, replace=False)] = True
    with one_thread():
        model = LogisticRegression(C=1.0, max_iter=1000).fit(X[train], y[train])
    return model, X[~train], y[~train]


def make_transcription_task(n_examples: int = 150, length: int = 6, *, noise: float = 0.35,
                            lm_weight: float = 1.0, lm_bias: float = 0.0,
                            seed: int = 0) -> TranscriptionTask:
    """Build a seeded dev set of noisy digit readings and the model that scores them.

    Parameters
    ----------
    n_examples : int, default 150
        How many readings (1 to 2,000).
    length : int, default 6
        Digits per reading (1 to 12).
    noise : float, default 0.35
        Standard deviation of the Gaussian scanner noise added to each pixel (0 to 1;
        pixels are clipped back to ``[0, 1]``). More noise, more classifier mistakes, more
        scoring faults.
    lm_weight : float, default 1.0
        Weight of the bigram language model in the score (0 to 20). 1 combines the
        classifier and the true transition probabilities as probability says; 0 ignores
        the language model; large weights let it override the images.
    lm_bias : float, default 0.0
        How far the model's bigram table is from the true one (0 to 1): the true table
        mixed with this much of the table of another kind of readings.
    seed : int, default 0
        Fixes the transitions, the classifier's training images, the readings, the images
        and the noise.

    Returns
    -------
    TranscriptionTask

    Examples
    --------
    >>> task = make_transcription_task(n_examples=50, length=4, seed=3)
    >>> task.images.shape, len(task.truth), task.log_probs.shape
    ((50, 4, 64), 50, (50, 4, 10))
    >>> same = make_transcription_task(n_examples=50, length=4, seed=3)
    >>> same.truth == task.truth and bool((same.log_probs == task.log_probs).all())
    True
    """
    n_examples = check_count(n_examples, "n_examples", low=1, high=2000)
    length = check_count(length, "length (digits per reading)", low=1, high=12)
    noise = check_real(noise, "noise", low=0, high=1)
    lm_weight = check_real(lm_weight, "lm_weight", low=0, high=20)
    lm_bias = check_fraction(lm_bias, "lm_bias")
    seed = check_seed(seed)

    rng = np.random.default_rng([seed, 0])
    true_bigram = _transition_table(rng)
    # the other kind of readings: the same shape of table, different favoured successors
    wrong_bigram = _transition_table(np.random.default_rng([seed, 2]))
    model_bigram = (1 - lm_bias) * true_bigram + lm_bias * wrong_bigram

    readings = np.empty((n_examples, length), dtype=np.int64)
    readings[:, 0] = rng.integers(0, N_DIGITS, n_examples)
    cumulative = np.cumsum(true_bigram, axis=1)
    for position in range(1, length):
        u = rng.random(n_examples)[:, None]
        nxt = (u > cumulative[readings[:, position - 1]]).sum(axis=1)
        readings[:, position] = np.minimum(nxt, N_DIGITS - 1)

    model, pool_X, pool_y = _classifier_and_pool(seed)
    by_digit = [np.flatnonzero(pool_y == d) for d in range(N_DIGITS)]
    picks = np.empty(readings.shape, dtype=np.int64)
    for digit in range(N_DIGITS):
        where = readings == digit
        picks[where] = rng.choice(by_digit[digit], int(where.sum()))
    flat = pool_X[picks.ravel()] + rng.normal(0.0, noise, (picks.size, pool_X.shape[1]))
    flat = np.clip(flat, 0.0, 1.0)
    with one_thread():
        log_probs = model.predict_log_proba(flat)
    log_probs = np.maximum(log_probs, -50.0)  # a finite floor: no -inf scores
    return TranscriptionTask(
        images=flat.reshape(n_examples, length, -1),
        truth=tuple(tuple(int(d) for d in row) for row in readings),
        log_probs=log_probs.reshape(n_examples, length, N_DIGITS),
        true_bigram=true_bigram,
        log_bigram=np.log(model_bigram),
        lm_weight=lm_weight,
        noise=noise,
        lm_bias=lm_bias,
        seed=seed,
    )


def _check_task(task: object) -> TranscriptionTask:
    if not isinstance(task, TranscriptionTask):
        raise TypeError("task must be a TranscriptionTask made by make_transcription_task, "
                        f"got {type(task).__name__}")
    return task


def _digits(seq: tuple[int, ...]) -> range:
    return range(N_DIGITS)


def transcribe(task: TranscriptionTask, width: int) -> list[tuple[int, ...]]:
    """The beam search's transcription of every reading of ``task``.

    Parameters
    ----------
    task : TranscriptionTask
    width : int
        The beam width (1 is greedy).

    Returns
    -------
    list of tuple of int
        One transcription per example, S_out.

    Examples
    --------
    >>> task = make_transcription_task(n_examples=20, seed=0)
    >>> outputs = transcribe(task, width=3)
    >>> len(outputs), len(outputs[0])
    (20, 6)
    """
    task = _check_task(task)
    width = check_count(width, "width (the beam width)", low=1)
    return [beam_search(task.scorer(i), (), _digits, width, task.length).sequence
            for i in range(task.n_examples)]


def exact_transcriptions(task: TranscriptionTask) -> list[tuple[int, ...]]:
    """The best-scoring transcription of every reading, found exactly (Viterbi algorithm).

    A perfect search returns these; any mistake left is the scoring function's.

    Examples
    --------
    >>> task = make_transcription_task(n_examples=20, seed=0)
    >>> best = exact_transcriptions(task)
    >>> all(task.scorer(i)(best[i]) >= task.scorer(i)(task.truth[i]) for i in range(20))
    True
    """
    task = _check_task(task)
    pairs = task.lm_weight * task.log_bigram
    out = []
    for emit in task.log_probs:
        best = emit[0].copy()
        back = np.zeros((task.length, N_DIGITS), dtype=np.int64)
        for position in range(1, task.length):
            total = best[:, None] + pairs  # rows: previous digit, columns: this digit
            back[position] = total.argmax(axis=0)
            best = total.max(axis=0) + emit[position]
        digit = int(best.argmax())
        path = [digit]
        for position in range(task.length - 1, 0, -1):
            digit = int(back[position, digit])
            path.append(digit)
        out.append(tuple(reversed(path)))
    return out


def verification_cases(task: TranscriptionTask, width: int) -> list[VerificationCase]:
    """One case per reading for the optimization verification test at this beam width.

    Each case holds the example's scorer, its correct reading S* and the beam search's
    transcription S_out; pass the list to
    :func:`course_lib.optimization_verification.attribute_errors`.

    Examples
    --------
    >>> task = make_transcription_task(n_examples=10, seed=0)
    >>> case = verification_cases(task, width=2)[0]
    >>> case.s_star == task.truth[0]
    True
    """
    task = _check_task(task)
    outputs = transcribe(task, width)
    return [VerificationCase(task.scorer(i), task.truth[i], outputs[i])
            for i in range(task.n_examples)]


def attribution_by_width(task: TranscriptionTask, widths: Iterable[int]) -> pd.DataFrame:
    """Run the optimization verification test at several beam widths.

    Parameters
    ----------
    task : TranscriptionTask
    widths : iterable of int
        The beam widths to try.

    Returns
    -------
    pandas.DataFrame
        One row per width (the index), with the columns of
        :meth:`ErrorAttribution.as_dict`: counts of correct outputs, search and scoring
        faults, their shares of the mistakes and their rates over all examples.

    Examples
    --------
    >>> task = make_transcription_task(n_examples=50, seed=0)
    >>> table = attribution_by_width(task, [1, 8])
    >>> bool(table.loc[8, "n_search"] <= table.loc[1, "n_search"])
    True
    """
    task = _check_task(task)
    if isinstance(widths, (str, bytes)) or not isinstance(widths, Iterable):
        raise TypeError(f"widths must be a list of beam widths, got {type(widths).__name__}")
    widths = [check_count(w, "each width", low=1) for w in widths]
    if not widths:
        raise ValueError("widths must hold at least one beam width, got none")
    rows = {}
    for width in widths:
        result: ErrorAttribution = attribute_errors(verification_cases(task, width))
        rows[width] = result.as_dict()
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "width"
    return table
