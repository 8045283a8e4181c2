"""Answers as plain data: what crosses between the learner's kernel and the grader.

A grading kernel produces answers; the grader, in another process, judges them. What
crosses is JSON data made by :func:`encode` -- never pickle, since the grader must not run
anything the learner made -- and :func:`decode` turns it back into values of the same exact
types (``float`` vs ``numpy.float64``, ``list`` vs ``tuple``, pandas tables with their
labels, a :class:`course_lib.nn.Network` by its parameters). Anything else, including
subclasses of the supported types, becomes an :class:`Opaque` value that every comparator
refuses; a function that raised is recorded as :class:`Raised`. The same encoding carries a
hidden case's inputs into the kernel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Opaque", "Raised", "decode", "encode"]

_PLAIN = (type(None), bool, int, str)


@dataclass(frozen=True)
class Opaque:
    """Stands for a value the encoding could not hold (its type name is kept)."""

    type_name: str


@dataclass(frozen=True)
class Raised:
    """The learner's function raised (or ran out of time) on this case: the error's name and
    the first line of its message."""

    error: str
    message: str = ""


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
        return {"raised": value.error, "message": value.message}
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
    if f"{kind.__module__}.{kind.__qualname__}" == "course_lib.nn.Network":
        return {"network": value.to_data()}
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
        return Raised(str(data["raised"]), str(data.get("message", "")))
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
    if "network" in data:
        from course_lib.nn import Network

        try:
            return Network.from_data(data["network"])
        except (TypeError, ValueError):
            return Opaque("malformed network")
    if "opaque" in data:
        return Opaque(str(data["opaque"]))
    return Opaque("malformed")
