"""Each learner's flight-simulator scenario, where the answer key may or may not be installed.

A scenario's figures are drawn from the learner id, and the questions' answers computed
from them, by the answer key. Where the key is installed (a self-study install), the
scenario is generated on the spot, through the ``course_lib.scenarios`` entry point, and
only what the learner sees is kept. Where it is not (a grading sandbox, or a learner's
install in a graded course), the scenario is read from the course data file
(:mod:`course_lib.data.course_file`): JSON written by the instructor's tools,
``{"scenarios": {name: {normalized learner id: scenario data}}}``.

Examples
--------
>>> birds_scenario("ada").questions[0].id
'q01'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from course_lib.data.course_file import course_file
from course_lib.flight.birds_questions import BIRDS_QUESTIONS
from course_lib.flight.ids import DEFAULT_LEARNER, normalize_learner_id
from course_lib.flight.model import QuestionSpec, Scenario
from course_lib.flight.road_signs_questions import ROAD_SIGNS_QUESTIONS
from course_lib.flight.scanned_forms_questions import SCANNED_FORMS_QUESTIONS

__all__ = ["ENTRY_POINT_GROUP", "SPECS", "ScenarioUnavailable", "birds_scenario",
           "road_signs_scenario", "scanned_forms_scenario", "scenario"]

#: the entry-point group through which the answer key offers the scenarios
ENTRY_POINT_GROUP = "course_lib.scenarios"
#: the questions of each scenario, by name
SPECS: dict[str, tuple[QuestionSpec, ...]] = {"birds": BIRDS_QUESTIONS,
                                              "road_signs": ROAD_SIGNS_QUESTIONS,
                                              "scanned_forms": SCANNED_FORMS_QUESTIONS}


class ScenarioUnavailable(LookupError):
    """Neither the answer key nor the course data file can give this learner's scenario."""


@lru_cache(maxsize=1)
def _solver() -> Callable[[str, str], Any] | None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            return entry.load()
        except Exception:  # noqa: BLE001 - an answer key that cannot load is not installed
            continue
    return None


def scenario(name: str, learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """Scenario ``name`` (``"birds"``, ``"road_signs"`` or ``"scanned_forms"``) for ``learner_id``.

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string.
    KeyError
        If there is no scenario of that name.
    ScenarioUnavailable
        If the answer key is not installed and the course data file does not hold it.
    """
    if name not in SPECS:
        raise KeyError(f"there is no scenario {name!r}; the scenarios are {', '.join(SPECS)}")
    normalized = normalize_learner_id(learner_id)
    solver = _solver()
    if solver is not None:
        return solver(name, learner_id).scenario
    try:
        data = course_file()["scenarios"][name][normalized]
    except (KeyError, TypeError):
        data = None
    if data is not None:
        return Scenario.from_data(data, SPECS[name]).with_learner_id(learner_id)
    raise ScenarioUnavailable(
        f"the {name} scenario of learner id {learner_id!r} is not available here: the course "
        "data file does not hold it. Check LEARNER_ID, or ask your instructor for the course "
        "data file of your class (it comes with the course's learner package).")


def birds_scenario(learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """The week-1 flight simulator for one learner: birds over Peacetopia.

    A city council wants an alarm that detects birds in security-camera images, with
    millions of labelled images and limits on running time and memory. Nineteen questions
    walk through a year of decisions: the metric, satisficing limits, splitting big data,
    dev/test distributions, human level and Bayes error, reading bias and variance,
    surpassing human level, dev-set overfitting, changing the metric and the dev set,
    orthogonalization, a task with no human level yet, the regularisation knob and slow
    experiments.

    Parameters
    ----------
    learner_id : str, default ""
        Your learner id; ``""`` gives the default numbers. Case and surrounding spaces do
        not matter.

    Examples
    --------
    >>> birds = birds_scenario("ada")
    >>> birds.data.n_images == birds_scenario(" ADA ").data.n_images
    True
    """
    return scenario("birds", learner_id)


def road_signs_scenario(learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """The week-2 flight simulator for one learner: road signs and traffic lights.

    A start-up detects road signs and traffic lights in a car's front-camera images,
    trains on many web images and a few of its own, and decides where to spend its
    weeks: error analysis, mislabelled data, mismatched data, transfer and multi-task
    learning, end-to-end or not.

    Examples
    --------
    >>> road_signs_scenario("ada").question(8).spec.kind
    'choice'
    """
    return scenario("road_signs", learner_id)


def scanned_forms_scenario(learner_id: str = DEFAULT_LEARNER) -> Scenario:
    """The week-3 flight simulator for one learner: a start-up reading scanned forms.

    An insurance start-up reads the policy number handwritten on scanned claim forms with a
    pipeline (locate the field, read each box, assemble the number by a beam search under a
    format model) and decides where its weeks go: eyeball and blackbox dev sets, learning
    curves, bias and variance techniques, the optimization verification test, error
    analysis by parts, and data from other sources (typed forms, another insurer's labels).

    Examples
    --------
    >>> scanned_forms_scenario("ada").question(11).spec.choices
    ('search', 'scoring')
    """
    return scenario("scanned_forms", learner_id)
