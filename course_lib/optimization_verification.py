"""The optimization verification test: is the search or the scoring function at fault?

A system that picks its output by searching for the highest-scoring sequence can go
wrong in two ways. Either the scoring function ranks a wrong output above the correct
one (no search, however good, would help), or the scoring function prefers the correct
output but the search failed to find it. The test tells them apart on one example from
three things: the correct output S* (what a human would write), the system's output
S_out, and the score:

- ``Score(S*) > Score(S_out)``: the score prefers the correct output, the search missed
  it. The **search** is at fault: search harder (a wider beam).
- ``Score(S*) <= Score(S_out)``: the score ranks the wrong output at least as high as the
  correct one. The **scoring** function is at fault: improve the model. A tie counts
  here too: a score that cannot tell the correct output from a wrong one does not
  single out the correct one, so no search can be relied on to return it.
- ``S_out == S*``: no mistake, nothing to attribute.

:func:`verify` runs the test on one example; :func:`attribute_errors` runs it on a dev
set and counts how many mistakes each part causes.

Examples
--------
>>> score = {"cat": 2.0, "cut": 3.0, "cot": 1.0}.get
>>> verify(score, "cat", "cot").fault       # the score prefers "cat": search missed it
'search'
>>> verify(score, "cat", "cut").fault       # the score prefers the wrong "cut"
'scoring'
>>> attribute_errors([(score, "cat", "cot"), (score, "cat", "cut"),
...                   (score, "cat", "cat")])
ErrorAttribution(3 examples, 2 mistakes: search 1 (50%), scoring 1 (50%))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from course_lib.validation import check_real

__all__ = [
    "ErrorAttribution",
    "Verdict",
    "VerificationCase",
    "attribute_errors",
    "verify",
]

#: The two parts of a search system a mistake can be attributed to.
FAULTS = ("search", "scoring")


@dataclass(frozen=True)
class VerificationCase:
    """One dev example for the test: its scoring function, correct output and system output.

    A plain tuple ``(score, s_star, s_out)`` works as well wherever a case is expected.

    Examples
    --------
    >>> case = VerificationCase({"a": 1.0, "b": 0.0}.get, "a", "b")
    >>> verify(case.score, case.s_star, case.s_out).fault
    'search'
    """

    score: Callable[[Any], float]
    s_star: Any
    s_out: Any


@dataclass(frozen=True)
class Verdict:
    """What the test says about one example.

    Attributes
    ----------
    fault : str or None
        ``"search"``, ``"scoring"``, or ``None`` when the output is correct.
    score_star, score_out : float
        Score(S*) and Score(S_out).
    tie : bool
        True when the output is wrong and the two scores are equal (within the tolerance):
        such a mistake is put on the scoring function.

    Examples
    --------
    >>> Verdict("scoring", 1.0, 2.0, False).correct
    False
    """

    fault: str | None
    score_star: float
    score_out: float
    tie: bool

    @property
    def correct(self) -> bool:
        """True when the system's output is the correct one."""
        return self.fault is None

    def __str__(self) -> str:
        if self.fault is None:
            return f"correct output (S_out == S*, score {self.score_star:.4g})"
        sign = "=" if self.tie else (">" if self.fault == "search" else "<")
        reading = ("the search missed a better-scoring correct output"
                   if self.fault == "search"
                   else "the scoring function does not prefer the correct output")
        return (f"{self.fault} fault: Score(S*) = {self.score_star:.4g} {sign} "
                f"Score(S_out) = {self.score_out:.4g}; {reading}")


def _same_output(a: Any, b: Any) -> bool:
    """Whether two outputs are the same: sequences item by item, anything else by ==."""
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        return bool(a == b)
    if isinstance(a, Iterable) and isinstance(b, Iterable):
        return tuple(a) == tuple(b)
    return bool(a == b)


def _score_of(score: Callable[[Any], float], output: Any, name: str) -> float:
    try:
        return check_real(score(output), f"the score of {name}")
    except TypeError as exc:
        raise TypeError(f"{exc}; score must return one number per output") from None


def verify(score: Callable[[Any], float], s_star: Any, s_out: Any, *,
           tolerance: float = 0.0) -> Verdict:
    """Run the optimization verification test on one example.

    Parameters
    ----------
    score : callable
        ``score(output) -> float``, the scoring function the search maximises.
    s_star : any
        The correct output S* (for instance a human's transcription).
    s_out : any
        The output the search returned. Sequences are compared item by item, so a list
        and a tuple with the same items are the same output.
    tolerance : float, default 0.0
        Score differences at most this big count as ties (useful when scores carry
        rounding error). A wrong output whose score ties with S*'s is a scoring fault.

    Returns
    -------
    Verdict
        ``fault`` is ``"search"`` if Score(S*) > Score(S_out) + tolerance, ``"scoring"``
        if not, and ``None`` if S_out equals S*.

    Raises
    ------
    TypeError
        If ``score`` is not a function or returns something other than a number.
    ValueError
        If a score is NaN or infinite, or ``tolerance`` is negative.

    Examples
    --------
    >>> score = {"1 7 7": -2.0, "1 1 7": -3.5}.get
    >>> print(verify(score, "1 7 7", "1 1 7"))
    search fault: Score(S*) = -2 > Score(S_out) = -3.5; the search missed a \
better-scoring correct output
    >>> verify(score, "1 7 7", "1 1 7", tolerance=2).fault
    'scoring'
    """
    if not callable(score):
        raise TypeError(f"score must be a function score(output) -> float, "
                        f"got {type(score).__name__}")
    tolerance = check_real(tolerance, "tolerance", low=0)
    score_star = _score_of(score, s_star, "S* (the correct output)")
    score_out = _score_of(score, s_out, "S_out (the search's output)")
    if _same_output(s_star, s_out):
        return Verdict(None, score_star, score_out, False)
    tie = abs(score_star - score_out) <= tolerance
    fault = "search" if score_star > score_out + tolerance else "scoring"
    return Verdict(fault, score_star, score_out, tie)


@dataclass(frozen=True)
class ErrorAttribution:
    """The test's verdicts on a dev set, counted.

    Attributes
    ----------
    verdicts : tuple of Verdict
        One per example, in the order given.

    The counts (``n_search``, ``n_scoring``, ...) and two kinds of share are properties:
    ``search_share`` / ``scoring_share`` are fractions of the *mistakes* (they add up to
    1, and say which part to work on), ``search_rate`` / ``scoring_rate`` are fractions of
    *all* examples (how much dev error each part causes, so they can be compared between
    two systems on the same dev set). With no mistakes at all, the shares are NaN (there
    is nothing to divide up) and both rates are 0.

    Examples
    --------
    >>> result = attribute_errors([({"a": 1.0, "b": 0.0}.get, "a", "b")] * 3)
    >>> result.n_search, result.search_share, result.search_rate
    (3, 1.0, 1.0)
    """

    verdicts: tuple[Verdict, ...]

    @property
    def n_examples(self) -> int:
        """How many examples were tested."""
        return len(self.verdicts)

    @property
    def n_correct(self) -> int:
        """Examples whose output was correct (S_out == S*)."""
        return sum(v.correct for v in self.verdicts)

    @property
    def n_errors(self) -> int:
        """Examples whose output was wrong."""
        return self.n_examples - self.n_correct

    @property
    def n_search(self) -> int:
        """Mistakes put on the search: Score(S*) > Score(S_out)."""
        return sum(v.fault == "search" for v in self.verdicts)

    @property
    def n_scoring(self) -> int:
        """Mistakes put on the scoring function: Score(S*) <= Score(S_out), ties included."""
        return sum(v.fault == "scoring" for v in self.verdicts)

    @property
    def n_ties(self) -> int:
        """Scoring faults where Score(S*) equals Score(S_out) (within the tolerance)."""
        return sum(v.tie for v in self.verdicts)

    def _share(self, count: int) -> float:
        return count / self.n_errors if self.n_errors else math.nan

    @property
    def search_share(self) -> float:
        """Fraction of the mistakes due to the search (NaN with no mistakes)."""
        return self._share(self.n_search)

    @property
    def scoring_share(self) -> float:
        """Fraction of the mistakes due to the scoring function (NaN with no mistakes)."""
        return self._share(self.n_scoring)

    @property
    def search_rate(self) -> float:
        """Fraction of all examples that are search faults."""
        return self.n_search / self.n_examples

    @property
    def scoring_rate(self) -> float:
        """Fraction of all examples that are scoring faults."""
        return self.n_scoring / self.n_examples

    @property
    def error_rate(self) -> float:
        """Fraction of all examples whose output is wrong."""
        return self.n_errors / self.n_examples

    @property
    def main_fault(self) -> str | None:
        """``"search"`` or ``"scoring"``, whichever has more mistakes; None if tied or none."""
        if self.n_search == self.n_scoring:
            return None
        return "search" if self.n_search > self.n_scoring else "scoring"

    def as_dict(self) -> dict[str, float]:
        """The counts, shares and rates as a dictionary (one row of a results table).

        Examples
        --------
        >>> attribute_errors([({"a": 1.0, "b": 0.0}.get, "a", "a")]).as_dict()["n_correct"]
        1
        """
        return {
            "n_examples": self.n_examples, "n_correct": self.n_correct,
            "n_errors": self.n_errors, "n_search": self.n_search,
            "n_scoring": self.n_scoring, "n_ties": self.n_ties,
            "search_share": self.search_share, "scoring_share": self.scoring_share,
            "search_rate": self.search_rate, "scoring_rate": self.scoring_rate,
            "error_rate": self.error_rate,
        }

    def _advice(self) -> str:
        if self.n_errors == 0:
            return "No mistakes: nothing to attribute."
        if self.main_fault == "search":
            return ("Most mistakes are search faults: the score already prefers the correct "
                    "output, so search harder (e.g. a wider beam).")
        if self.main_fault == "scoring":
            return ("Most mistakes are scoring faults: a better search would not fix them, "
                    "so improve the scoring function (the model).")
        return "Search and scoring faults are equally common: both parts need work."

    def __repr__(self) -> str:
        if self.n_errors == 0:
            return f"ErrorAttribution({self.n_examples} examples, no mistakes)"
        return (f"ErrorAttribution({self.n_examples} examples, {self.n_errors} mistakes: "
                f"search {self.n_search} ({self.search_share:.0%}), "
                f"scoring {self.n_scoring} ({self.scoring_share:.0%}))")

    def _repr_markdown_(self) -> str:
        lines = [
            f"**Optimization verification test** on {self.n_examples} examples: "
            f"{self.n_correct} correct, {self.n_errors} mistakes "
            f"({self.error_rate:.1%} of the examples).",
            "",
        ]
        if self.n_errors:
            ties = f", {self.n_ties} of them ties" if self.n_ties else ""
            lines += [
                "| fault | test | mistakes | share of mistakes | share of examples |",
                "|---|---|---:|---:|---:|",
                f"| search | Score(S\\*) > Score(S_out) | {self.n_search} | "
                f"{self.search_share:.0%} | {self.search_rate:.1%} |",
                f"| scoring | Score(S\\*) ≤ Score(S_out){ties} | {self.n_scoring} | "
                f"{self.scoring_share:.0%} | {self.scoring_rate:.1%} |",
                "",
            ]
        lines.append(self._advice())
        return "\n".join(lines)


def _case_parts(case: Any, position: int) -> tuple[Any, Any, Any]:
    if isinstance(case, VerificationCase):
        return case.score, case.s_star, case.s_out
    if isinstance(case, (tuple, list)) and len(case) == 3:
        return case[0], case[1], case[2]
    raise TypeError(
        f"case {position} must be a VerificationCase or a tuple (score, s_star, s_out), "
        f"got {type(case).__name__}"
        + (f" of length {len(case)}" if isinstance(case, (tuple, list)) else "")
    )


def attribute_errors(cases: Iterable[Any], *, tolerance: float = 0.0) -> ErrorAttribution:
    """Run :func:`verify` on every dev example and count search and scoring faults.

    Parameters
    ----------
    cases : iterable
        One item per dev example: a :class:`VerificationCase` or a tuple
        ``(score, s_star, s_out)`` (the example's scoring function, its correct output
        and the search's output). Examples may each have their own scoring function, as
        when the score depends on the input.
    tolerance : float, default 0.0
        Passed to :func:`verify`: score differences this small are ties.

    Returns
    -------
    ErrorAttribution
        The verdicts with their counts, shares of mistakes and shares of examples.
        Correct outputs are counted in ``n_correct`` and in no fault; ties between a wrong
        output and S* count as scoring faults (and in ``n_ties``).

    Raises
    ------
    TypeError
        If ``cases`` is not an iterable of cases, or a case is malformed.
    ValueError
        If there are no cases.

    Examples
    --------
    >>> score = {"a": 3.0, "b": 2.0, "c": 2.0}.get
    >>> result = attribute_errors([(score, "b", "a"), (score, "b", "c"),
    ...                            (score, "a", "b")])
    >>> result.n_scoring, result.n_ties, result.n_search
    (2, 1, 1)
    """
    if isinstance(cases, (str, bytes, dict)) or not isinstance(cases, Iterable):
        raise TypeError("cases must be a list of (score, s_star, s_out) tuples, "
                        f"got {type(cases).__name__}")
    tolerance = check_real(tolerance, "tolerance", low=0)
    verdicts = []
    for position, case in enumerate(cases):
        score, s_star, s_out = _case_parts(case, position)
        verdicts.append(verify(score, s_star, s_out, tolerance=tolerance))
    if not verdicts:
        raise ValueError("cases must hold at least one dev example, got none")
    return ErrorAttribution(tuple(verdicts))
