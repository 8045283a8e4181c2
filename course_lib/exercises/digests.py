"""Self-checks of value answers without the answer key: salted digests of the right values.

In a graded course the learners' installs hold no answer key, yet a learner should still
hear "right" or "not yet" when they check a value answer (a model to pick, a number of
examples, a flight-simulator option). The instructor's tools therefore ship, in the course
data file (:mod:`course_lib.data.course_file`), a digest of each right value instead of the
value: ``sha256(salt, exercise id, learner id, part, form)``, where a *form* is the text the
exercise's comparator gives an answer (``compare.forms``; two answers the comparator
accepts as equal share a form, so a tolerance survives hashing). The learner's answer is
hashed the same way and looked up. Also shipped: digests of the typical wrong values (so a
typical mistake still gets its hint) and the explanation, encrypted with a key made from
the right answer's forms, so it opens only for a right answer.

What this does not hide: a question with a few options can be answered by trying each (the
check says which one is right); grading does not depend on it -- the grader judges with
the key, outside the learner's kernel.

Examples
--------
The instructor's install (it has the answer key) builds the book; a learner's checks it:

>>> book = build_digests(["w1_05_smallest_reliable_size"], learners=[], salt="course-salt")
>>> exercise = get_exercise("w1_05_smallest_reliable_size")
>>> check_by_digest(exercise, 17, {}, book=book).ok
False
>>> right = find_key(exercise.id).answer()
>>> check_by_digest(exercise, right, {}, book=book).ok
True
"""

from __future__ import annotations

import base64
import hashlib
import inspect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course_lib.contract import HINT_PREFIX
from course_lib.data.course_file import course_file
from course_lib.exercises.compare import describe_type, short_repr
from course_lib.exercises.keys import Key, KeyUnavailable, find_key
from course_lib.exercises.registry import GAME_KINDS, Exercise, get_exercise
from course_lib.exercises.verdicts import describe_case
from course_lib.flight.ids import normalize_learner_id

__all__ = ["ANY_LEARNER", "DigestVerdict", "UnknownLearner", "build_digests",
           "check_by_digest", "learner_dependent"]

#: the learner entry of an exercise whose right value is the same for everyone
ANY_LEARNER = "*"
_VERSION = 1
_OPENED = "ok:"


class UnknownLearner(KeyUnavailable):
    """The course data file has digests for this exercise, but not for this learner id."""


@dataclass(frozen=True)
class DigestVerdict:
    """What a digest check found.

    Attributes
    ----------
    failure : str or None
        The learner-facing description of what is wrong (``None``: the answer is right).
    explanation : str or None
        The explanation, opened by a right answer (``None`` otherwise, or if none shipped).
    """

    failure: str | None
    explanation: str | None = None

    @property
    def ok(self) -> bool:
        """True when the answer is right."""
        return self.failure is None


def _digest(salt: str, exercise_id: str, learner: str, part: str, form: str) -> str:
    text = "\0".join((salt, exercise_id, learner, part, form))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _forms(exercise: Exercise, value: Any) -> dict[str, list[str]] | list[str]:
    forms = getattr(exercise.compare, "forms", None)
    if forms is None:
        raise TypeError(f"the comparator of {exercise.id} ({type(exercise.compare).__name__}) "
                        "has no forms(), so it cannot be checked from digests")
    return forms(value)


def _keystream(key: bytes, size: int) -> bytes:
    blocks = (hashlib.sha256(key + n.to_bytes(8, "big")).digest()
              for n in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def _lock_key(salt: str, exercise_id: str, learner: str, opened_by: Iterable[str]) -> bytes:
    text = "\0".join((salt, "explain", exercise_id, learner, *sorted(opened_by)))
    return hashlib.sha256(text.encode("utf-8")).digest()


def _seal(text: str, key: bytes) -> str:
    data = (_OPENED + text).encode("utf-8")
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, _keystream(key, len(data)),
                                                        strict=True))).decode("ascii")


def _open(sealed: str, key: bytes) -> str | None:
    try:
        data = base64.b64decode(sealed)
    except ValueError:
        return None
    plain = bytes(a ^ b for a, b in zip(data, _keystream(key, len(data)), strict=True))
    try:
        text = plain.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text[len(_OPENED):] if text.startswith(_OPENED) else None


def learner_dependent(key: Key) -> bool:
    """Whether a value exercise's right answer depends on the learner id.

    Examples
    --------
    >>> learner_dependent(Key("w1_99_x", answer=lambda learner="": learner))
    True
    """
    if key.answer is None:
        return False
    return "learner" in inspect.signature(key.answer).parameters


def _entry(exercise: Exercise, key: Key, salt: str, learner: str,
           context: dict[str, Any]) -> dict[str, Any]:
    """The digests of one exercise for one learner (``ANY_LEARNER``: for everyone)."""
    if exercise.kind in GAME_KINDS:  # nothing to hide: the game is played, or replayed, here
        return {"right": [], "wrong": {}}
    assert key.answer is not None
    right = key.answer(**context)
    forms = _forms(exercise, right)
    entry: dict[str, Any] = {}
    if isinstance(forms, dict):
        entry["keys"] = sorted(_digest(salt, exercise.id, learner, "key", k) for k in forms)
        entry["right"] = sorted(_digest(salt, exercise.id, learner, k, f[0])
                                for k, f in forms.items())
        opened_by = [f"{k}={f[0]}" for k, f in forms.items()]
    else:
        entry["right"] = [_digest(salt, exercise.id, learner, "", forms[0])]
        opened_by = [forms[0]]
    wrong: dict[str, list[str]] = {}
    for mistake in exercise.mistakes:
        make = key.wrong_answers.get(mistake.name)
        if make is None:
            continue
        try:
            value = make(**context)
            if exercise.compare(value, value) is not None or \
                    exercise.compare(value, right) is None:
                continue
            wrong_forms = _forms(exercise, value)
        except Exception:  # noqa: BLE001 - a mistake model that cannot run gives no hint
            continue
        if isinstance(wrong_forms, dict) and isinstance(forms, dict):
            wrong[mistake.name] = sorted(
                _digest(salt, exercise.id, learner, k, f[0]) for k, f in wrong_forms.items()
                if k not in forms or f[0] != forms[k][0])
        elif isinstance(wrong_forms, list):
            wrong[mistake.name] = [_digest(salt, exercise.id, learner, "", wrong_forms[0])]
    entry["wrong"] = wrong
    if key.explanation is not None:
        explanation = key.explanation(**context).strip()
        entry["explanation"] = _seal(explanation, _lock_key(salt, exercise.id, learner,
                                                            opened_by))
    return entry


def build_digests(exercise_ids: Iterable[str], learners: Iterable[str], salt: str
                  ) -> dict[str, Any]:
    """The digest book of ``exercise_ids`` (value exercises; others are skipped).

    Where the install has the answer key (the instructor's), for every value exercise:
    one entry for everybody, or -- when its right value depends on the learner id -- one
    per learner of ``learners``.

    Parameters
    ----------
    exercise_ids : iterable of str
        The exercises to cover.
    learners : iterable of str
        The class's learner ids (the roster's student ids).
    salt : str
        The course's salt (the instructor's tools derive it from the course secret).

    Raises
    ------
    KeyUnavailable
        If the answer key of a value exercise is not installed here.
    TypeError
        If ``salt`` is not a non-empty string.
    """
    if not isinstance(salt, str) or not salt:
        raise TypeError(f"the salt must be a non-empty string, got {short_repr(salt)}")
    roster = sorted({normalize_learner_id(learner) for learner in learners})
    book: dict[str, Any] = {"version": _VERSION, "salt": salt, "exercises": {}}
    for exercise_id in exercise_ids:
        exercise = get_exercise(exercise_id)
        if exercise.kind == "function":
            continue
        key = find_key(exercise_id)
        if key is None or key.answer is None:
            raise KeyUnavailable(f"the answer key of {exercise_id} is not installed here")
        if learner_dependent(key):
            entries = {learner: _entry(exercise, key, salt, learner, {"learner": learner})
                       for learner in roster}
        else:
            entries = {ANY_LEARNER: _entry(exercise, key, salt, ANY_LEARNER, {})}
        book["exercises"][exercise_id] = entries
    return book


def _book_entry(exercise: Exercise, context: Mapping[str, Any],
                book: Mapping[str, Any] | None) -> tuple[str, str, dict[str, Any]]:
    book = course_file().get("digests") if book is None else book
    try:
        entries = book["exercises"][exercise.id]  # type: ignore[index]
        salt = str(book["salt"])  # type: ignore[index]
    except (KeyError, TypeError):
        raise KeyUnavailable(f"no digest of {exercise.id} is installed here") from None
    if ANY_LEARNER in entries:
        return salt, ANY_LEARNER, entries[ANY_LEARNER]
    learner = context.get("learner")
    if not isinstance(learner, str):
        raise UnknownLearner(f"{exercise.id} depends on your learner id: pass "
                             "learner=LEARNER_ID to the check")
    normalized = normalize_learner_id(learner)
    if normalized not in entries:
        raise UnknownLearner(
            f"the learner id {learner!r} is not on this course's roster, so {exercise.id} "
            "cannot be checked here. Set LEARNER_ID to your student id (the one your "
            "instructor's roster uses) and run the notebook again.")
    return salt, normalized, entries[normalized]


def check_by_digest(exercise: Exercise, answer: Any, context: Mapping[str, Any], *,
                    book: Mapping[str, Any] | None = None) -> DigestVerdict:
    """Check a value answer against the digests of the course data file (or ``book``); a
    game exercise needs none: its policy is played, or its log replayed, here.

    Raises
    ------
    KeyUnavailable
        If no digest of this exercise is installed here (:class:`UnknownLearner` if there
        are digests, but not for this learner id).
    """
    if exercise.kind in GAME_KINDS:  # no digest needed: the game is played here
        from course_lib.exercises.games import game_outcome

        played = game_outcome(exercise, answer, context)
        return DigestVerdict(None if played.ok else f"{played.title}\n{played.details}")
    salt, learner, entry = _book_entry(exercise, context, book)
    case = exercise.visible()[0]
    where = describe_case(exercise, case, show_inputs=False)

    def failed(problem: str, hint: str | None = None, show: bool = False) -> DigestVerdict:
        text = f"{where}\n  {problem}"
        if show:
            text += f"\n  your answer: {short_repr(answer)} ({describe_type(answer)})"
        hint = hint or case.hint
        if hint:
            text += f"\n  {HINT_PREFIX} {hint}"
        return DigestVerdict(text)

    try:
        problem = exercise.compare(answer, answer)
        forms = _forms(exercise, answer) if problem is None else None
    except Exception:  # noqa: BLE001 - an answer the comparator cannot read is refused
        problem, forms = f"this answer cannot be read: {describe_type(answer)}", None
    if problem is not None or forms is None:
        return failed(problem or "this answer cannot be read", show=True)
    right = set(entry.get("right", ()))
    hints = {m.name: m.hint for m in exercise.mistakes}
    if isinstance(forms, dict):
        keys = set(entry.get("keys", ()))
        extra = [k for k in forms if _digest(salt, exercise.id, learner, "key", k) not in keys]
        missing = len(keys) - (len(forms) - len(extra))
        if extra or missing:
            parts = [f"unexpected keys {sorted(extra)}"] if extra else []
            parts += [f"{missing} key(s) missing"] if missing else []
            return failed("the answer's keys are not the expected ones: " + "; ".join(parts))
        opened_by, wrong_items = [], []
        for name, options in forms.items():
            found = [f for f in options
                     if _digest(salt, exercise.id, learner, name, f) in right]
            if found:
                opened_by.append(f"{name}={found[0]}")
            else:
                wrong_items.append({_digest(salt, exercise.id, learner, name, f)
                                    for f in options})
        if wrong_items:
            matched = sorted((len(items), m) for m, items in entry.get("wrong", {}).items()
                             if all(options & set(items) for options in wrong_items))
            matched = [m for _, m in matched]  # the mistake that changes the fewest entries
            return failed(f"{len(wrong_items)} of the {len(forms)} entries are not right",
                          hints.get(matched[0]) if matched else None)
    else:
        found = [f for f in forms if _digest(salt, exercise.id, learner, "", f) in right]
        if not found:
            mine = {_digest(salt, exercise.id, learner, "", f) for f in forms}
            matched = [m for m, items in entry.get("wrong", {}).items() if mine & set(items)]
            return failed("that is not the right answer",
                          hints.get(matched[0]) if matched else None)
        opened_by = [found[0]]
    sealed = entry.get("explanation")
    explanation = None
    if isinstance(sealed, str):
        explanation = _open(sealed, _lock_key(salt, exercise.id, learner, opened_by))
    return DigestVerdict(None, explanation)

