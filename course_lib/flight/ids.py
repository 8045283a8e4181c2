"""Learner ids: one id per learner, and the seed of each learner's scenario.

Every learner gets their own figures, drawn from a seed derived from their learner id, so
a scenario is re-created exactly while two learners see different tables.
"""

from __future__ import annotations

import hashlib
from typing import Any

__all__ = ["DEFAULT_LEARNER", "learner_seed", "normalize_learner_id"]


#: The learner id used when a learner leaves ``LEARNER_ID`` empty.
DEFAULT_LEARNER = ""


_MAX_ID_LENGTH = 200


# ============================================================================ learner ids
def normalize_learner_id(learner_id: Any) -> str:
    """The canonical form of a learner id: surrounding spaces removed, lower case.

    Ids that differ only in case or in spacing (``" Ada "`` and ``"ada"``) give the
    same numbers, so a learner cannot lose their scenario to a stray capital.

    Parameters
    ----------
    learner_id : str
        The id as written in the notebook (``LEARNER_ID = "..."``); ``""`` means
        "none given" and selects the default scenario.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string (e.g. a number written without quotes).
    ValueError
        If it is longer than 200 characters.

    Examples
    --------
    >>> normalize_learner_id("  Ada.Lovelace ")
    'ada.lovelace'
    >>> normalize_learner_id("")
    ''
    """
    if not isinstance(learner_id, str):
        raise TypeError(
            "the learner id must be a string written in quotes, e.g. LEARNER_ID = \"ada\"; "
            f"got {type(learner_id).__name__} {learner_id!r}"
        )
    text = " ".join(learner_id.split()).lower()
    if len(text) > _MAX_ID_LENGTH:
        raise ValueError(
            f"the learner id is {len(text)} characters long; use your short course id "
            f"(at most {_MAX_ID_LENGTH} characters)"
        )
    return text


def learner_seed(learner_id: str, scenario: str) -> int:
    """The seed of one learner's scenario: a hash of the scenario name and the learner id.

    Parameters
    ----------
    learner_id : str
        The learner id (normalized with :func:`normalize_learner_id`).
    scenario : str
        The scenario's name, e.g. ``"birds"``; each scenario gets its own seed.

    Returns
    -------
    int
        A non-negative integer below ``2**64``, the same on every machine.

    Examples
    --------
    >>> learner_seed("Ada", "birds") == learner_seed(" ada", "birds")
    True
    >>> learner_seed("ada", "birds") == learner_seed("ada", "road_signs")
    False
    """
    if not isinstance(scenario, str) or not scenario:
        raise ValueError(f"scenario must be a non-empty name, got {scenario!r}")
    key = f"{scenario}\x00{normalize_learner_id(learner_id)}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big")
