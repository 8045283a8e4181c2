"""The seeds of the graded hidden cases: from a course secret, never from the public id alone.

In self-study, an exercise's hidden cases come from a seed derived from its id, so anyone
can draw them. A graded course keeps a secret (created once by the grader, in its course
folder) and draws the hidden cases from the secret and the id: they are the same for every
student of the course, and no one who lacks the secret can know them in advance.

Examples
--------
>>> secret = b"a secret of 16 bytes at least"
>>> course_seed(secret, "w1_02_recall") == course_seed(secret, "w1_02_recall")
True
>>> course_seed(secret, "w1_02_recall") != course_seed(secret + b"!", "w1_02_recall")
True
"""

from __future__ import annotations

import hashlib

__all__ = ["course_seed"]


def course_seed(secret: bytes, exercise_id: str) -> int:
    """The seed of an exercise's graded hidden cases in the course that keeps ``secret``.

    Raises
    ------
    TypeError
        If ``secret`` is not bytes or ``exercise_id`` not a string.
    ValueError
        If ``secret`` is shorter than 16 bytes.
    """
    if not isinstance(secret, bytes):
        raise TypeError(f"secret must be bytes, got {type(secret).__name__}")
    if len(secret) < 16:
        raise ValueError(f"secret must hold at least 16 bytes, got {len(secret)}")
    if not isinstance(exercise_id, str):
        raise TypeError(f"exercise_id must be a string, got {type(exercise_id).__name__}")
    digest = hashlib.sha256(secret + b"\x00" + exercise_id.encode()).digest()
    return int.from_bytes(digest[:8], "big")
