"""Answers as plain data: what crosses between the learner's kernel and the grader.

A grading kernel produces answers; the grader, in another process, judges them. What
crosses is JSON data made by :func:`encode` -- never pickle, since the grader must not run
anything the learner made -- and :func:`decode` turns it back into values of the same exact
types (``float`` vs ``numpy.float64``, ``list`` vs ``tuple``, pandas tables with their
labels, a :class:`course_lib.nn.Network` by its parameters, the dataclasses and enums that
``course_lib`` defines by their fields). Anything else, including subclasses of the
supported types, becomes an :class:`Opaque` value that every comparator refuses; a
function that raised is recorded as :class:`Raised`. The same encoding carries a hidden
case's inputs into the kernel.
"""

from __future__ import annotations

import dataclasses
import enum
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
    >>> decode(encode(np.array(["a", 1], dtype=object))).tolist()
    ['a', 1]
    >>> from course_lib.strategy import diagnose
    >>> decode(encode(diagnose(human=0.01, train=0.08, dev=0.1))).focus
    ('avoidable bias',)
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
    if kind is np.ndarray and value.dtype.kind in "biufUO":
        flat = value.ravel().tolist() if value.dtype.kind != "O" else list(value.ravel())
        return {"nd": value.dtype.str, "shape": list(value.shape),
                "data": [encode(v, depth + 1) for v in flat]}
    if kind in (list, tuple, set, frozenset):
        items = list(value)
        if kind in (set, frozenset):
            items = sorted(items, key=repr)
        return {kind.__name__: [encode(v, depth + 1) for v in items]}
    if kind is dict:
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if f"{kind.__module__}.{kind.__qualname__}" == "course_lib.nn.Network":
        return {"network": value.to_data()}
    if _course_type(kind) is kind and dataclasses.is_dataclass(kind):
        return {"record": f"{kind.__module__}:{kind.__qualname__}",
                "fields": [[f.name, encode(getattr(value, f.name), depth + 1)]
                           for f in dataclasses.fields(kind) if f.init]}
    if _course_type(kind) is kind and isinstance(value, enum.Enum):
        return {"enum": f"{kind.__module__}:{kind.__qualname__}", "name": value.name}
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


def _course_type(kind: type) -> type | None:
    """The class itself when it is defined in ``course_lib`` (a type the grader trusts to
    rebuild), else ``None``."""
    module, _, name = (kind if isinstance(kind, str) else
                       f"{kind.__module__}:{kind.__qualname__}").partition(":")
    if not (module == "course_lib" or module.startswith("course_lib.")) or "." in name \
            or not name.isidentifier():
        return None
    import importlib

    try:
        found = getattr(importlib.import_module(module), name, None)
    except Exception:  # noqa: BLE001 - a name that does not import is simply not trusted
        return None
    return found if isinstance(found, type) else None


def _pandas():
    import sys

    return sys.modules.get("pandas")


def _decode_course_type(data: dict) -> Any:
    name = str(data.get("record") or data.get("enum"))
    kind = _course_type(name)
    if kind is None:
        return Opaque(f"unknown type {name[:80]}")
    try:
        if "enum" in data:
            return kind[str(data["name"])] if issubclass(kind, enum.Enum) \
                else Opaque("malformed enum")
        if not dataclasses.is_dataclass(kind) or type(data.get("fields")) is not list:
            return Opaque("malformed record")
        return kind(**{str(k): decode(v) for k, v in data["fields"]})
    except (KeyError, TypeError, ValueError):
        return Opaque(f"malformed {name[:80]}")


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
        try:
            dtype = np.dtype(str(data.get("np") or data.get("nd")))
        except TypeError:
            return Opaque("malformed numpy type")
        if dtype.kind not in "biufUO" or ("np" in data and dtype.kind == "O"):
            return Opaque(f"numpy {dtype}")
        if "np" in data:
            return dtype.type(decode(data["v"]))
        values = [decode(v) for v in data["data"]]
        if dtype.kind == "O":
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out.reshape(data["shape"])
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
    if "record" in data or "enum" in data:
        return _decode_course_type(data)
    if "opaque" in data:
        return Opaque(str(data["opaque"]))
    return Opaque("malformed")
