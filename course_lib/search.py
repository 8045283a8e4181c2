"""Searching for the best sequence under a scoring function: beam search and brute force.

Many systems output a sequence (a transcription, a translation, a list of ranked items)
by searching for the sequence a scoring function likes best. The space of sequences is
too big to try them all, so the search is approximate. :func:`beam_search` builds the
sequence one item at a time and keeps only the ``width`` best partial sequences after
each step; :func:`exhaustive_best` tries every sequence, which is possible only for a
small space and gives the true best one under the score, S*.

Both take the same three functions:

- ``score(seq) -> float``: how good a (partial) sequence is, higher is better;
- ``expand(seq) -> iterable``: the items that may come next (an empty iterable when the
  sequence is complete and can grow no more);
- ``start``: the sequence to grow from, usually ``()``.

Sequences are tuples. A search runs ``steps`` rounds of growth; a sequence that cannot
grow is carried to the end as it is.

Examples
--------
>>> table = {("a",): 1.0, ("b",): 0.0, ("a", "a"): 1.0, ("a", "b"): 1.0,
...          ("b", "a"): 5.0, ("b", "b"): 0.0}
>>> score = lambda seq: table.get(tuple(seq), 0.0)
>>> expand = lambda seq: ["a", "b"]
>>> beam_search(score, (), expand, width=1, steps=2).sequence   # greedy: misses it
('a', 'a')
>>> beam_search(score, (), expand, width=2, steps=2).sequence
('b', 'a')
>>> exhaustive_best(score, (), expand, steps=2).score
5.0
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from course_lib.validation import check_count, check_real

__all__ = ["SearchResult", "beam_search", "exhaustive_best"]

#: At most this many complete sequences are scored by :func:`exhaustive_best` by default.
DEFAULT_MAX_SEQUENCES = 100_000


@dataclass(frozen=True)
class SearchResult:
    """The outcome of a search.

    Attributes
    ----------
    sequence : tuple
        The best sequence the search found.
    score : float
        Its score.
    n_scored : int
        How many times the scoring function was called: the cost of the search.

    Examples
    --------
    >>> SearchResult(("a",), 1.0, 3).sequence
    ('a',)
    """

    sequence: tuple[Hashable, ...]
    score: float
    n_scored: int

    def __repr__(self) -> str:
        return (f"SearchResult(sequence={self.sequence!r}, score={self.score:.4g}, "
                f"n_scored={self.n_scored})")


def _check_function(value: Any, name: str, signature: str) -> Callable[..., Any]:
    if not callable(value):
        raise TypeError(
            f"{name} must be a function {signature}, got {type(value).__name__}"
        )
    return value


def _start_sequence(start: Any) -> tuple[Any, ...]:
    if isinstance(start, (str, bytes, dict, set)) or not isinstance(start, Iterable):
        raise TypeError(
            "start must be the sequence to grow from as a tuple or list (e.g. () to start "
            f"from nothing), got {type(start).__name__}"
        )
    return tuple(start)


class _Scorer:
    """Calls ``score`` on tuples, checks each answer is a finite number, counts the calls."""

    def __init__(self, score: Callable[[tuple[Any, ...]], float]) -> None:
        self._score = score
        self.calls = 0

    def __call__(self, seq: tuple[Any, ...]) -> float:
        self.calls += 1
        return self.check(self._score(seq))

    @staticmethod
    def check(value: Any) -> float:
        if type(value) is float and math.isfinite(value):  # the usual case, checked fast
            return value
        try:
            return check_real(value, "score(sequence)")
        except TypeError as exc:
            raise TypeError(f"{exc}; score must return one number per sequence") from None


def _first(pair: tuple[float, Any]) -> float:
    return pair[0]


def _next_items(expand: Callable[[tuple[Any, ...]], Iterable[Any]],
                seq: tuple[Any, ...]) -> list[Any]:
    items = expand(seq)
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise TypeError(
            "expand(sequence) must return an iterable of next items (an empty list when "
            f"the sequence is complete), got {type(items).__name__}"
        )
    return list(items)


def beam_search(score: Callable[[tuple[Any, ...]], float], start: Iterable[Any],
                expand: Callable[[tuple[Any, ...]], Iterable[Any]], width: int,
                steps: int) -> SearchResult:
    """Grow sequences item by item, keeping the ``width`` best after every step.

    At each of ``steps`` rounds, every sequence in the beam is extended by each item
    ``expand`` offers, all the extensions are scored, and the ``width`` with the highest
    score form the next beam. A sequence for which ``expand`` offers nothing is complete:
    it stays a candidate, with its score, without growing. The answer is the best
    sequence of the last beam. Among equal scores the one generated first wins, so a
    search is deterministic.

    ``width=1`` is greedy search. A wider beam costs more calls to ``score`` and can only
    consider more sequences at each step, but it is still not guaranteed to find the best
    sequence (:func:`exhaustive_best` is).

    Parameters
    ----------
    score : callable
        ``score(seq) -> float`` for a tuple ``seq``; higher is better. It is called on
        partial sequences too, so it must say how promising a prefix is.
    start : tuple or list
        The sequence to grow from, e.g. ``()``.
    expand : callable
        ``expand(seq) -> iterable`` of the items that may follow ``seq``.
    width : int
        How many sequences the beam keeps (at least 1).
    steps : int
        How many items to add at most (at least 0).

    Returns
    -------
    SearchResult
        The best sequence found, its score and the number of calls to ``score``.

    Raises
    ------
    TypeError
        If ``score`` or ``expand`` is not a function, ``start`` not a sequence, ``width``
        or ``steps`` not an integer, or ``score`` returns something other than a number.
    ValueError
        If ``width < 1``, ``steps < 0`` or ``score`` returns NaN or an infinity.

    Examples
    --------
    Digits 0-9, three of them, scored by how close their sum is to 20:

    >>> close_to_20 = lambda seq: -abs(20 - sum(seq)) if len(seq) == 3 else sum(seq)
    >>> result = beam_search(close_to_20, (), lambda seq: range(10), width=3, steps=3)
    >>> sum(result.sequence), result.score
    (20, 0.0)
    """
    score = _check_function(score, "score", "score(sequence) -> float")
    expand = _check_function(expand, "expand", "expand(sequence) -> iterable of next items")
    beam_seq = _start_sequence(start)
    width = check_count(width, "width (the beam width)", low=1)
    steps = check_count(steps, "steps", low=0)
    scorer = _Scorer(score)
    beam: list[tuple[float, tuple[Any, ...]]] = [(scorer(beam_seq), beam_seq)]
    for _ in range(steps):
        candidates: list[tuple[float, tuple[Any, ...]]] = []
        grew = False
        for value, seq in beam:
            items = _next_items(expand, seq)
            if not items:
                candidates.append((value, seq))
                continue
            grew = True
            scorer.calls += len(items)
            for item in items:  # the hot loop: scorer's work written out
                longer = (*seq, item)
                value = score(longer)
                if type(value) is not float or not math.isfinite(value):
                    value = scorer.check(value)
                candidates.append((value, longer))
        # like a stable sort by score, high to low: among equal scores, the candidate
        # generated first stays first
        beam = heapq.nlargest(width, candidates, key=_first)
        if not grew:
            break
    best_value, best_seq = beam[0]
    return SearchResult(best_seq, best_value, scorer.calls)


def exhaustive_best(score: Callable[[tuple[Any, ...]], float], start: Iterable[Any],
                    expand: Callable[[tuple[Any, ...]], Iterable[Any]], steps: int, *,
                    max_sequences: int = DEFAULT_MAX_SEQUENCES) -> SearchResult:
    """Score every sequence a search of ``steps`` rounds could end with; return the best.

    The candidates are the same as :func:`beam_search` chooses among with an unlimited
    beam: every sequence reached from ``start`` by ``steps`` extensions, plus every
    sequence that became complete (``expand`` offered nothing) earlier. Only those final
    sequences are scored. Among equal scores the first one in ``expand``'s order wins.

    Use it to get S*, the best sequence under the score, on a space small enough to try
    in full: ``k`` items per step and ``steps`` steps make ``k ** steps`` sequences.

    Parameters
    ----------
    score, start, expand, steps
        As for :func:`beam_search`.
    max_sequences : int, default 100_000
        Stop with an error rather than score more sequences than this.

    Returns
    -------
    SearchResult
        The best sequence, its score and the number of calls to ``score``.

    Raises
    ------
    ValueError
        If the space holds more than ``max_sequences`` sequences (use
        :func:`beam_search`), plus the errors of :func:`beam_search`.

    Examples
    --------
    Two digits whose sum is closest to 10; (1, 9) is the first of the ties:

    >>> close_to_10 = lambda seq: -abs(10 - sum(seq))
    >>> result = exhaustive_best(close_to_10, (), lambda seq: range(10), steps=2)
    >>> result.sequence, result.score, result.n_scored
    ((1, 9), 0.0, 100)
    """
    score = _check_function(score, "score", "score(sequence) -> float")
    expand = _check_function(expand, "expand", "expand(sequence) -> iterable of next items")
    first = _start_sequence(start)
    steps = check_count(steps, "steps", low=0)
    max_sequences = check_count(max_sequences, "max_sequences", low=1)
    scorer = _Scorer(score)
    best: tuple[float, tuple[Any, ...]] | None = None
    # depth-first, items in expand's order: (sequence, how many steps are left)
    stack: list[tuple[tuple[Any, ...], int]] = [(first, steps)]
    while stack:
        seq, left = stack.pop()
        items = _next_items(expand, seq) if left > 0 else []
        if items:
            stack.extend(((*seq, item), left - 1) for item in reversed(items))
            continue
        if scorer.calls >= max_sequences:
            raise ValueError(
                f"the search space holds more than max_sequences={max_sequences} "
                "sequences; trying them all would take too long, so use beam_search "
                "or raise max_sequences"
            )
        value = scorer(seq)
        if best is None or value > best[0]:
            best = (value, seq)
    assert best is not None  # the start itself is always a candidate
    return SearchResult(best[1], best[0], scorer.calls)
