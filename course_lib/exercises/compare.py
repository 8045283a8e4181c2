"""Type-strict comparison of a learner's answer with the expected one.

A comparator is a callable ``compare(answer, expected) -> str | None``: ``None``
when the answer is accepted, otherwise a sentence for the learner saying what is
wrong -- never the expected value itself.

Comparisons never call the answer's own ``__eq__``: an answer is first checked to
be of an accepted *exact* type (so an object that claims to equal everything, or a
``float`` subclass with a rigged ``__eq__``, is refused with a message naming the
type that was expected), then converted to plain Python/NumPy values and compared
with the arithmetic below.

A comparator of value answers also says which answers it treats as equal, as text: its
``forms(value)`` gives a value's canonical form first, then -- for a tolerance -- the forms
of its neighbours, so that two accepted answers always share a form. That is what lets a
learner's install check a value against salted digests of the right one
(:mod:`course_lib.exercises.digests`) without holding the value itself. A comparator of
keyed answers (a Series, a dict of decisions) gives ``forms`` per key instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Comparator = Callable[[Any, Any], "str | None"]

_INT_TYPES = (int, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
              np.uint64)
_FLOAT_TYPES = (float, np.float16, np.float32, np.float64)


def describe_type(value: Any) -> str:
    """Name the type of ``value`` the way a learner would write it.

    Examples
    --------
    >>> describe_type(3.0), describe_type("B"), describe_type(None)
    ('float', 'str', 'None')
    """
    if value is None:
        return "None"
    mod = type(value).__module__
    name = type(value).__qualname__
    if mod in ("builtins", "__main__"):
        return name
    short = {"numpy": "np", "pandas.core.frame": "pd", "pandas.core.series": "pd"}.get(mod)
    return f"{short}.{name}" if short else f"{mod}.{name}"


def plain_number(value: Any) -> float | None:
    """Return ``value`` as a Python float if its exact type is a real number, else ``None``.

    ``bool`` and subclasses of ``float``/``int`` are not numbers here.

    Examples
    --------
    >>> plain_number(np.float32(0.5)), plain_number(True), plain_number("1")
    (0.5, None, None)
    """
    kind = type(value)
    if kind in _FLOAT_TYPES:
        return float(value)
    if kind in _INT_TYPES:
        return float(int(value))
    return None


def _close(a: float, b: float, rel: float, abs_: float) -> bool:
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


@dataclass(frozen=True)
class Number:
    """Accept a real number (``int``/``float`` or NumPy scalar) close to the expected one.

    Examples
    --------
    >>> Number()(0.5000000001, 0.5) is None
    True
    >>> Number()("0.5", 0.5)
    "expected a number (float), got str: '0.5'"
    >>> Number(integer=True)(42.0, 42)[:37]
    'expected an integer (int), got float:'
    >>> Number()(float("nan"), float("nan")) is None  # a typical mistake's NaN is recognised
    True
    """

    rel: float = 1e-7
    abs: float = 1e-9
    #: a count: refuse a ``float`` (even a whole one) where the expected answer is an ``int``
    integer: bool = False

    def __call__(self, answer: Any, expected: Any) -> str | None:
        value = plain_number(answer)
        wanted = "an integer (int)" if self.integer else "a number (float)"
        if value is None:
            return f"expected {wanted}, got {describe_type(answer)}: {short_repr(answer)}"
        if math.isnan(value):
            if isinstance(expected, (int, float, np.number)) and math.isnan(float(expected)):
                return None  # NaN is what is expected (a typical mistake's NaN, say)
            return "the answer is NaN (not a number): look for a 0/0 or a missing value"
        if math.isinf(value):
            return "the answer is infinite: look for a division by zero"
        if self.integer and type(answer) not in _INT_TYPES and type(expected) in _INT_TYPES:
            return (f"expected an integer (int), got {describe_type(answer)}: "
                    f"{short_repr(answer)}. A count is a whole number: round it the way the "
                    "task says, then convert it with int(...)")
        if not _close(value, float(expected), self.rel, self.abs):
            return self._why_not(value, float(expected))
        return None

    def _why_not(self, value: float, expected: float) -> str:
        """The message of a wrong number: a specific one for a slip of scale or rounding.

        Examples
        --------
        >>> Number()(5.0, 0.05)
        'the number is 100 times too large: a percent where a fraction is asked? (5 % is 0.05)'
        >>> Number()(0.12, 0.1234)
        'the number looks rounded to 2 decimals: keep full precision (round only where asked)'
        """
        if expected != 0 and not self.integer:
            if _close(value, 100 * expected, max(self.rel, 1e-9), 100 * self.abs):
                return ("the number is 100 times too large: a percent where a fraction is "
                        "asked? (5 % is 0.05)")
            if _close(value, expected / 100, max(self.rel, 1e-9), self.abs / 100):
                return ("the number is 100 times too small: the task asks for a percent, "
                        "not a fraction (0.05 is 5 %)")
        if not self.integer and value != 0:
            for decimals in range(1, 4):
                if value == round(expected, decimals):
                    return (f"the number looks rounded to {decimals} decimal"
                            f"{'' if decimals == 1 else 's'}: keep full precision (round "
                            "only where asked)")
        return "the number is not the expected one"

    def forms(self, value: Any) -> list[str]:
        """The grid cell of ``value`` and its neighbours: two numbers this comparator accepts
        as equal always share one of them.

        Examples
        --------
        >>> a, b = Number(rel=0.0, abs=0.01).forms(0.3), Number(rel=0.0, abs=0.01).forms(0.309)
        >>> a[0] in b
        True
        """
        number = float(value)
        if math.isnan(number):
            return ["nan"]
        if self.integer:
            return [f"i{int(round(number))}"]
        if self.rel == 0 or abs(number) <= self.abs:
            if self.abs <= 0:
                return [f"x{number!r}"]
            cell = math.floor(number / self.abs)
            return [f"a{cell + d}" for d in (0, -1, 1)]
        sign = "+" if number > 0 else "-"
        cell = math.floor(math.log(abs(number)) / math.log1p(self.rel))
        return [f"r{sign}{cell + d}" for d in (0, -1, 1, -2, 2)]


@dataclass(frozen=True)
class Label:
    """Accept a string (e.g. a model name or a letter) equal to the expected one.

    ``choices`` (optional) lists the valid answers, so an answer outside them gets a
    message listing them. Case and surrounding spaces are ignored when
    ``case_sensitive`` is False.

    Examples
    --------
    >>> Label(choices=("A", "B"))("C", "A")
    "'C' is not one of the possible answers: 'A', 'B'"
    """

    choices: Sequence[str] | None = None
    case_sensitive: bool = True

    def _norm(self, text: str) -> str:
        text = text.strip()
        return text if self.case_sensitive else text.lower()

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (str, np.str_):
            return f"expected a string (str), got {describe_type(answer)}: {short_repr(answer)}"
        text = self._norm(str.__str__(str(answer)))
        if self.choices is not None and text not in {self._norm(c) for c in self.choices}:
            options = ", ".join(repr(c) for c in self.choices)
            return f"{str(answer)!r} is not one of the possible answers: {options}"
        if text != self._norm(str(expected)):
            return "that is not the right choice"
        return None

    def forms(self, value: Any) -> list[str]:
        """The answer as compared (stripped; lower case unless case-sensitive).

        Examples
        --------
        >>> Label(case_sensitive=False).forms(" B ")
        ['b']
        """
        return [self._norm(str.__str__(str(value)))]


@dataclass(frozen=True)
class Boolean:
    """Accept ``True``/``False`` (Python or NumPy bool) equal to the expected one.

    Examples
    --------
    >>> Boolean()(1, True)
    'expected True or False (bool), got int: 1'
    """

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (bool, np.bool_):
            got = f"{describe_type(answer)}: {short_repr(answer)}"
            return f"expected True or False (bool), got {got}"
        if bool(answer) is not bool(expected):
            return "that is not the right answer"
        return None

    def forms(self, value: Any) -> list[str]:
        """``["True"]`` or ``["False"]``.

        Examples
        --------
        >>> Boolean().forms(np.bool_(False))
        ['False']
        """
        return [str(bool(value))]


@dataclass(frozen=True)
class LabelSet:
    """Accept a set (or list/tuple without repeats) of strings equal to the expected set.

    Examples
    --------
    >>> LabelSet()({"A", "C"}, {"C", "A"}) is None
    True
    """

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (set, frozenset, list, tuple):
            return f"expected a set of strings, got {describe_type(answer)}: {short_repr(answer)}"
        items = list(answer)
        if any(type(item) is not str for item in items):
            return "every element of the set must be a string (str)"
        if len(set(items)) != len(items):
            return "the answer lists the same choice more than once"
        if set(items) != set(expected):
            return "that is not the right set of choices"
        return None

    def forms(self, value: Any) -> list[str]:
        """The set's elements, sorted, as JSON.

        Examples
        --------
        >>> LabelSet().forms({"b", "a"})
        ['["a", "b"]']
        """
        return [json.dumps(sorted(str(item) for item in value))]


@dataclass(frozen=True)
class Series:
    """Accept a pandas Series with the expected labels and values (any order of labels).

    Examples
    --------
    >>> import pandas as pd
    >>> Series()(pd.Series({"b": 2.0, "a": 1.0}), pd.Series({"a": 1.0, "b": 2.0})) is None
    True
    """

    rel: float = 1e-7
    abs: float = 1e-9

    def __call__(self, answer: Any, expected: Any) -> str | None:
        import pandas as pd

        if type(answer) is not pd.Series:
            return f"expected a pandas Series, got {describe_type(answer)}: {short_repr(answer)}"
        if answer.index.has_duplicates:
            return "the Series has the same label more than once in its index"
        want = set(expected.index.tolist())
        got = set(answer.index.tolist())
        if got != want:
            missing = sorted(map(str, want - got))
            extra = sorted(map(str, got - want))
            parts = []
            if missing:
                parts.append(f"missing labels {missing}")
            if extra:
                parts.append(f"unexpected labels {extra}")
            return "the Series index is not right: " + "; ".join(parts)
        if answer.dtype.kind not in "iuf":
            return f"the Series must hold numbers, it holds {answer.dtype}"
        values = answer.reindex(expected.index).to_numpy(dtype=float)
        target = expected.to_numpy(dtype=float)
        if np.isnan(values).any():
            return "the Series holds NaN values"
        for label, v, t in zip(expected.index, values, target, strict=True):
            if not _close(float(v), float(t), self.rel, self.abs):
                return f"the value for {label!r} is not the expected one"
        return None

    def forms(self, value: Any) -> dict[str, list[str]]:
        """Per label, the forms of its value (as :meth:`Number.forms` gives them).

        Examples
        --------
        >>> import pandas as pd
        >>> Series(rel=0.0, abs=0.1).forms(pd.Series({"a": 0.0}))
        {'a': ['a0', 'a-1', 'a1']}
        """
        number = Number(self.rel, self.abs)
        return {str(label): number.forms(v) for label, v in value.items()}


@dataclass(frozen=True)
class Frame:
    """Accept a DataFrame with the expected index labels, columns and numeric values.

    Row and column order do not matter; extra columns are refused.

    Examples
    --------
    >>> import pandas as pd
    >>> e = pd.DataFrame({"x": [1.0, 2.0]}, index=["a", "b"])
    >>> Frame()(e.iloc[::-1], e) is None
    True
    """

    rel: float = 1e-7
    abs: float = 1e-9

    def __call__(self, answer: Any, expected: Any) -> str | None:
        import pandas as pd

        if type(answer) is not pd.DataFrame:
            return f"expected a pandas DataFrame, got {describe_type(answer)}: {short_repr(answer)}"
        if set(answer.columns.tolist()) != set(expected.columns.tolist()):
            return (
                f"the DataFrame's columns should be {sorted(map(str, expected.columns))}, "
                f"got {sorted(map(str, answer.columns))}"
            )
        for column in expected.columns:
            problem = Series(self.rel, self.abs)(answer[column], expected[column])
            if problem:
                return f"column {column!r}: {problem}"
        return None


@dataclass(frozen=True)
class Array:
    """Accept a NumPy array (or list) with the expected shape and close values.

    Examples
    --------
    >>> Array()([1.0, 2.0], np.array([1.0, 2.0])) is None
    True
    """

    rel: float = 1e-7
    abs: float = 1e-9

    def __call__(self, answer: Any, expected: Any) -> str | None:
        if type(answer) not in (np.ndarray, list, tuple):
            return f"expected a NumPy array, got {describe_type(answer)}: {short_repr(answer)}"
        try:
            arr = np.array(answer, dtype=float)
        except (TypeError, ValueError):
            return "the array must hold numbers only"
        want = np.asarray(expected, dtype=float)
        if arr.shape != want.shape:
            return f"expected an array of shape {want.shape}, got shape {arr.shape}"
        if np.isnan(arr).any():
            return "the array holds NaN values"
        tol = np.maximum(self.abs, self.rel * np.maximum(np.abs(arr), np.abs(want)))
        if not bool(np.all(np.abs(arr - want) <= tol)):
            return "some values are not the expected ones"
        return None


def keyed_choice_forms(value: Any) -> dict[str, list[str]]:
    """The ``forms`` of a dict of choices (name -> chosen label): per key, its choice.

    Examples
    --------
    >>> keyed_choice_forms({"speech": "end-to-end"})
    {'speech': ['end-to-end']}
    """
    return {str(key): [str(choice)] for key, choice in value.items()}


def short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, never raising.

    Examples
    --------
    >>> short_repr("x" * 100, limit=10)
    "'xxxxxx..."
    """
    try:
        text = object.__repr__(value) if type(value).__repr__ is object.__repr__ else repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not break a message
        text = f"<{describe_type(value)} object>"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def summarize(value: Any, limit: int = 70) -> str:
    """A short description of a test input: tables by their shape, the rest by ``repr``.

    Examples
    --------
    >>> import pandas as pd
    >>> summarize(pd.DataFrame({"a": [1, 2]}))
    'a DataFrame with 2 rows and columns [a]'
    >>> summarize({"m1": [1, 0]})
    "{'m1': [1, 0]}"
    """
    import sys

    pd = sys.modules.get("pandas")
    if pd is not None and type(value) is pd.DataFrame:
        columns = ", ".join(map(str, value.columns))
        return f"a DataFrame with {len(value)} rows and columns [{columns}]"
    if pd is not None and type(value) is pd.Series:
        return f"a Series of {len(value)} values"
    if type(value) is np.ndarray and value.size > 20:
        return f"an array of shape {value.shape}"
    if type(value) is dict and len(short_repr(value, 10_000)) > limit:
        return f"a dict with keys {short_repr(list(value), limit)}"
    return short_repr(value, limit)
