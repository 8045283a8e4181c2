"""What a learner's answer produced on the hidden cases, recorded for a clean re-check.

``grade()`` runs inside the learner's kernel, where the learner's code could have
replaced the comparison, the reference library or ``grade`` itself. So after the hidden
cases pass there, ``grade()`` also *displays* a transcript: the learner's outputs on
those cases, encoded as plain JSON (never pickle: the grader must not run anything the
learner made), under the MIME type
:data:`~course_lib.contract.TRANSCRIPT_MIME`. The instructor's grading process,
where no learner code ever ran, reads the transcript from the graded notebook and calls
:func:`rejudge`: it recomputes the expected results with the reference implementation and
compares them with the type-strict comparators. A score faked in the kernel is then
overridden.

The encoding keeps exact types (``float`` vs ``numpy.float64``, ``list`` vs ``tuple``,
pandas tables with their labels); anything else, including subclasses of the supported
types, becomes an :class:`Opaque` value that every comparator refuses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from course_lib.contract import TRANSCRIPT_MIME
from course_lib.exercises.cases import hidden_cases, reference_answer
from course_lib.exercises.registry import get_exercise

VERSION = 1
MAX_CHARS = 2_000_000
_PLAIN = (type(None), bool, int, str)
#: the reference's answers already computed in this process, by exercise and case/context
_EXPECTED: dict[tuple[str, str], Any] = {}
_EXPECTED_MAX = 10_000


@dataclass(frozen=True)
class Opaque:
    """Stands for a value the transcript could not hold (its type name is kept)."""

    type_name: str


@dataclass(frozen=True)
class Raised:
    """The learner's function raised on this case."""

    error: str


def encode(value: Any, depth: int = 0) -> Any:
    """Turn ``value`` into JSON data that :func:`decode` turns back into the same types.

    Examples
    --------
    >>> encode((1, 2.5))
    {'tuple': [1, {'float': 2.5}]}
    >>> value = decode(encode(np.float32(0.5)))
    >>> type(value).__name__, float(value)
    ('float32', 0.5)
    """
    if depth > 20:
        return {"opaque": "nested too deeply"}
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return {"float": repr(value) if not math.isfinite(value) else value}
    if kind is Raised:
        return {"raised": value.error}
    if isinstance(value, np.generic) and kind.__module__ == "numpy" \
            and value.dtype.kind in "biufU":
        return {"np": value.dtype.str, "v": encode(value.item(), depth + 1)}
    if kind is np.ndarray and value.dtype.kind in "biufU":
        return {"nd": value.dtype.str, "shape": list(value.shape),
                "data": [encode(v, depth + 1) for v in value.ravel().tolist()]}
    if kind in (list, tuple, set, frozenset):
        items = list(value)
        if kind in (set, frozenset):
            items = sorted(items, key=repr)
        return {kind.__name__: [encode(v, depth + 1) for v in items]}
    if kind is dict:
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    pandas = _pandas()
    if pandas is not None and kind is pandas.Series:
        return {"series": {"index": encode(value.index.tolist(), depth + 1),
                           "name": encode(value.name, depth + 1),
                           "values": encode(value.to_numpy(), depth + 1)}}
    if pandas is not None and kind is pandas.DataFrame:
        return {"frame": {"index": encode(value.index.tolist(), depth + 1),
                          "columns": encode(value.columns.tolist(), depth + 1),
                          "data": [encode(value[c].to_numpy(), depth + 1)
                                   for c in value.columns]}}
    return {"opaque": f"{kind.__module__}.{kind.__qualname__}"}


def _pandas():
    import sys

    return sys.modules.get("pandas")


def decode(data: Any) -> Any:
    """Rebuild a value from :func:`encode`'s output (unknown data gives :class:`Opaque`)."""
    if type(data) in _PLAIN:
        return data
    if type(data) is not dict or len(data) not in (1, 2, 3):
        return Opaque("malformed")
    if "float" in data:
        return float(data["float"])
    if "raised" in data:
        return Raised(str(data["raised"]))
    if "np" in data or "nd" in data:
        dtype = np.dtype(str(data.get("np") or data.get("nd")))
        if dtype.kind not in "biufU":
            return Opaque(f"numpy {dtype}")
        if "np" in data:
            return dtype.type(decode(data["v"]))
        values = [decode(v) for v in data["data"]]
        return np.array(values, dtype=dtype).reshape(data["shape"])
    for name, kind in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
        if name in data:
            return kind(decode(v) for v in data[name])
    if "dict" in data:
        return {decode(k): decode(v) for k, v in data["dict"]}
    if "series" in data:
        import pandas as pd

        part = data["series"]
        return pd.Series(decode(part["values"]), index=decode(part["index"]),
                         name=decode(part["name"]))
    if "frame" in data:
        import pandas as pd

        part = data["frame"]
        columns = decode(part["columns"])
        frame = pd.DataFrame({i: decode(col) for i, col in enumerate(part["data"])},
                             index=decode(part["index"]))
        frame.columns = columns
        return frame
    if "opaque" in data:
        return Opaque(str(data["opaque"]))
    return Opaque("malformed")


def record(exercise_id: str, outputs: list[Any], context: dict[str, Any]) -> dict[str, Any]:
    """The transcript of one ``grade()`` call (JSON data)."""
    return {"version": VERSION, "exercise": exercise_id,
            "context": {k: encode(v) for k, v in context.items()},
            "outputs": [encode(o) for o in outputs]}


def emit(transcript: dict[str, Any]) -> None:
    """Display the transcript in the running IPython kernel (nothing outside IPython)."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is None:
        return
    import json

    text = json.dumps(transcript)
    if len(text) > MAX_CHARS:
        transcript = {**transcript, "outputs": None, "too_large": len(text)}
    display({TRANSCRIPT_MIME: transcript, "text/plain": "(answers recorded for re-checking)"},
            raw=True)


def rejudge(transcript: Any) -> str | None:
    """Re-check a transcript with the reference implementation, in this (clean) process.

    Returns None when every recorded output is right, else why not.

    Examples
    --------
    >>> from course_lib.exercises.registry import get_exercise
    >>> from course_lib.exercises.cases import hidden_cases
    >>> cases = hidden_cases(get_exercise("w1_02_recall"))
    >>> rejudge(record("w1_02_recall", [0.5] * len(cases), {})).endswith("expected one")
    True
    >>> rejudge(record("w1_02_recall", [str(0.5)] * len(cases), {})).split(": ", 1)[1][:17]
    'expected a number'
    """
    import json

    try:  # plain JSON types only (a notebook reader gives dict subclasses)
        transcript = json.loads(json.dumps(transcript))
    except (TypeError, ValueError):
        return "the recorded answers are malformed"
    if type(transcript) is not dict or transcript.get("version") != VERSION:
        return "the recorded answers are missing or malformed"
    try:
        exercise = get_exercise(str(transcript.get("exercise")))
    except (KeyError, TypeError):
        return f"unknown exercise {transcript.get('exercise')!r}"
    if transcript.get("outputs") is None:
        return "the recorded answers were too large to re-check"
    try:
        context = {str(k): decode(v) for k, v in dict(transcript.get("context") or {}).items()}
        outputs = [decode(o) for o in transcript["outputs"]]
    except (TypeError, ValueError, KeyError, AttributeError):
        return "the recorded answers are malformed"
    cases = hidden_cases(exercise)
    if len(outputs) != len(cases):
        return f"{len(outputs)} answers recorded for {len(cases)} hidden cases"
    for index, (case, output) in enumerate(zip(cases, outputs, strict=True)):
        label = f"case \u201c{case.label}\u201d"
        if type(output) is Raised:
            return f"{label}: the function raised {output.error}"
        expected = _expected(exercise, index, case, context, transcript.get("context"))
        if type(output) is Opaque and _unrecordable_like(output, expected):
            # The reference's own answer cannot be written down either (e.g. a trained
            # network): this case cannot be re-checked here, so the kernel's verdict stands.
            # A learner's object of another type than the reference's is still refused.
            continue
        problem = exercise.compare(output, expected)
        if problem is not None:
            return f"{label}: {problem}"
    return None


def _expected(exercise: Any, index: int, case: Any, context: dict[str, Any],
              recorded_context: Any) -> Any:
    """The reference's answer for one hidden case, computed once per process.

    Hidden cases are seeded and the reference is deterministic, so a grader re-checking
    hundreds of submissions computes each expected answer once (the answer of a ``value``
    exercise depends on the learner's context, which is part of the key).
    """
    import json

    if exercise.kind == "value":
        key = (exercise.id, "context:" + json.dumps(recorded_context, sort_keys=True))
    else:
        key = (exercise.id, f"case:{index}")
    if key not in _EXPECTED:
        if len(_EXPECTED) >= _EXPECTED_MAX:
            _EXPECTED.clear()
        _EXPECTED[key] = reference_answer(exercise, case, context)
    return _EXPECTED[key]


def _unrecordable_like(output: Opaque, expected: Any) -> bool:
    """True when ``expected`` is of a type the transcript cannot hold, the same as ``output``'s."""
    reference = decode(encode(expected))
    return type(reference) is Opaque and reference.type_name == output.type_name
