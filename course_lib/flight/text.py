"""How the case studies write numbers, tables and explanations.

Numbers without trailing zeros, percentage points and Markdown tables. Shared by the case
studies; not part of the library a learner keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["HINT_LOWER", "HINT_PERCENT", "count", "md_table", "num", "plain_text", "points_text",
           "rounded"]


HINT_LOWER = "write the letters as capitals, e.g. {\"A\", \"C\"}."
HINT_PERCENT = "give the number in percent (0.3 for 0.3 %), not as a fraction."


def num(x: float, decimals: int = 2) -> str:
    """A number without trailing zeros: 1.50 -> '1.5', 2.0 -> '2'."""
    text = f"{x:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_text(text: str) -> str:
    """Markdown emphasis and code marks removed, for text printed by a self-check."""
    text = re.sub(r"\*\*|`", "", text)
    return re.sub(r"(?<![\w*])\*(\S[^*\n]*?)\*(?![\w*])", r"\1", text)


def points_text(x: float, decimals: int = 2) -> str:
    """A number of percentage points: '1 point', '0.4 points'."""
    text = num(x, decimals)
    return f"{text} point" if text in ("1", "-1") else f"{text} points"


def count(n: int) -> str:
    return f"{int(n):,}"


def rounded(x: float, decimals: int = 2) -> float:
    return round(float(x) + 0.0, decimals) + 0.0


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]],
              align: Sequence[str] | None = None) -> str:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
