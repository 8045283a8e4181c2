"""How the case studies draw their figures and build their questions (answer-key side).

Each case study draws its figures from one seeded :class:`Draw`, rejects draws that would
put an answer close to a decision threshold (:func:`until`), turns lists of :class:`Item`
into lettered options in a per-learner order, and explains a question's options (why the
right one is right and each other one is not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from answer_key.flight.model import Solved, SolvedOption, solved
from course_lib.flight.model import QuestionSpec

__all__ = ["LETTERS", "MAX_TRIES", "Draw", "Item", "check_roles", "explain_letter",
           "explain_letters", "letter_by_tag", "letter_question", "letters_question",
           "make_options", "separated", "set_roles", "spec_index", "until"]


MAX_TRIES = 2000


# ============================================================================ helpers
class Draw:
    """Seeded draws on round grids, so every figure is a tidy number."""

    def __init__(self, seed: int) -> None:
        self.gen = np.random.default_rng(seed)

    def grid(self, low: float, high: float, step: float) -> float:
        count = int(round((high - low) / step))
        k = int(self.gen.integers(0, count + 1))
        return round(low + k * step, 6)

    def integer(self, low: int, high: int, step: int = 1) -> int:
        count = (high - low) // step
        return int(low + step * int(self.gen.integers(0, count + 1)))

    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.gen.integers(0, len(items)))]

    def shuffled(self, items: Sequence[Any]) -> list[Any]:
        order = self.gen.permutation(len(items))
        return [items[int(i)] for i in order]

    def sample(self, items: Sequence[Any], k: int) -> list[Any]:
        order = self.gen.choice(len(items), size=k, replace=False)
        return [items[int(i)] for i in order]

    def chance(self, p: float = 0.5) -> bool:
        return bool(self.gen.random() < p)


def until(draw: Callable[[], Any], ok: Callable[[Any], bool], what: str) -> Any:
    """Draw until ``ok`` accepts (a deterministic rejection sampler)."""
    for _ in range(MAX_TRIES):
        value = draw()
        if ok(value):
            return value
    raise RuntimeError(f"could not draw {what} after {MAX_TRIES} tries (a generator bug)")


def separated(values: Iterable[float], gap: float) -> bool:
    vals = sorted(values)
    return all(b - a >= gap for a, b in zip(vals, vals[1:], strict=False))


LETTERS = "ABCDEFGH"


@dataclass(frozen=True)
class Item:
    tag: str
    text: str
    correct: bool
    why: str


def make_options(draw: Draw, items: Sequence[Item],
                 shuffle: bool = True) -> tuple[SolvedOption, ...]:
    ordered = draw.shuffled(list(items)) if shuffle else list(items)
    return tuple(SolvedOption(LETTERS[i], it.text, it.tag, it.correct, it.why)
                 for i, it in enumerate(ordered))


def letter_by_tag(options: Sequence[SolvedOption], tag: str) -> str:
    found = [o.letter for o in options if o.tag == tag]
    if len(found) != 1:
        raise RuntimeError(f"option tag {tag!r} appears {len(found)} times (a generator bug)")
    return found[0]


def letter_question(spec: QuestionSpec, number: int, prompt: str, options: tuple[SolvedOption, ...],
                     answer: str, roles: Mapping[str, str], lead: str = "") -> Solved:
    """A one-letter question; ``roles`` maps each mistake role to an option tag."""
    correct = [o.letter for o in options if o.correct]
    if correct != [answer]:
        raise RuntimeError(f"{spec.id}: computed answer {answer!r} but options say {correct}")
    wrong = {role: letter_by_tag(options, tag) for role, tag in roles.items()}
    check_roles(spec, wrong)
    return solved(spec, number, prompt, options, answer, explain_letter(options, lead), wrong)


def letters_question(spec: QuestionSpec, number: int, prompt: str,
                     options: tuple[SolvedOption, ...], answer: frozenset[str],
                     wrong: Mapping[str, frozenset[str]], lead: str = "") -> Solved:
    flagged = frozenset(o.letter for o in options if o.correct)
    if flagged != answer:
        raise RuntimeError(f"{spec.id}: computed answer {sorted(answer)} but options say "
                           f"{sorted(flagged)}")
    wrong = dict(wrong)
    wrong["lowercase"] = frozenset(letter.lower() for letter in answer)
    check_roles(spec, wrong)
    return solved(spec, number, prompt, options, answer, explain_letters(options, lead), wrong)


def set_roles(options: Sequence[SolvedOption], answer: frozenset[str],
               add: Mapping[str, str], drop: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """Wrong sets: the answer plus a wrong option (``add``), or minus a right one (``drop``)."""
    out = {role: answer | {letter_by_tag(options, tag)} for role, tag in add.items()}
    out.update({role: answer - {letter_by_tag(options, tag)} for role, tag in drop.items()})
    return out


def check_roles(spec: QuestionSpec, wrong: Mapping[str, Any]) -> None:
    expected = [m.role for m in spec.mistakes]
    if sorted(wrong) != sorted(expected):
        raise RuntimeError(f"{spec.id}: mistake roles {sorted(wrong)} != spec {sorted(expected)}")


def spec_index(specs: Sequence[QuestionSpec]) -> dict[str, QuestionSpec]:
    return {s.id: s for s in specs}


def explain_letter(options: Sequence[SolvedOption], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    for o in right:
        parts.append(f"**{o.letter}** is right. {o.why}")
    if wrong:
        parts.append("Why not the others:")
        parts.extend(f"- **{o.letter}** — {o.why}" for o in wrong)
    return "\n".join(parts)


def explain_letters(options: Sequence[SolvedOption], lead: str = "") -> str:
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    parts = [lead.strip()] if lead.strip() else []
    letters = ", ".join(o.letter for o in right)
    parts.append(f"The right set is {{{letters}}}.")
    parts.extend(f"- **{o.letter}** belongs in it: {o.why}" for o in right)
    parts.extend(f"- **{o.letter}** does not: {o.why}" for o in wrong)
    return "\n".join(parts)
