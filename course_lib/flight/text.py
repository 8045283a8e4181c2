"""How the case studies write numbers, tables and explanations.

Numbers without trailing zeros, percentage points, Markdown tables, and the explanation of a
question (why the right option is right and each other option is not). Shared by the case
studies; not part of the library a learner keeps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course_lib.flight.model import Option

__all__ = ["HINT_LOWER", "HINT_PERCENT", "explain_letter", "explain_letters", "md_table", "num",
           "plain_text", "points_text", "rounded", "count"]


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


def explain_letter(options: Sequence[Option], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    for o in right:
        parts.append(f"**{o.letter}** is right. {o.why}")
    if wrong:
        parts.append("Why not the others:")
        parts.extend(f"- **{o.letter}** — {o.why}" for o in wrong)
    return "\n".join(parts)


def explain_letters(options: Sequence[Option], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    letters = ", ".join(o.letter for o in right)
    parts.append(f"The right set is {{{letters}}}.")
    parts.extend(f"- **{o.letter}** belongs in it: {o.why}" for o in right)
    parts.extend(f"- **{o.letter}** does not: {o.why}" for o in wrong)
    return "\n".join(parts)


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]],
              align: Sequence[str] | None = None) -> str:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
