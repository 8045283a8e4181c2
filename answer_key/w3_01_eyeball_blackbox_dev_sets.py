"""Answer key of week 3, notebook 01: eyeball and blackbox dev sets."""

from __future__ import annotations

import math

import numpy as np

from answer_key import keys_by_id
from course_lib import dev_set_design
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case


def _random_size_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 20:
        k = len(cases)
        rate = float(rng.uniform(0.005, 1.0)) if k % 3 else round(float(rng.uniform(0.01, 0.3)), 2)
        wanted = 100 if k % 2 else int(rng.integers(1, 300))
        if math.ceil(wanted / rate) != math.ceil(round(wanted / rate, 9)):
            continue  # 145 / 0.29 = 500.00000000000006: float noise, not the learner's error
        if k % 2:
            cases.append(Case(f"random error rate #{k + 1}", (rate,)))
        else:
            cases.append(Case(f"random rate and mistakes #{k + 1}", (rate, wanted)))
    return cases


def _random_overfit_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(30):
        n = int(rng.integers(2, 11))
        start = float(rng.uniform(0.03, 0.2))
        eye_step = float(rng.uniform(-0.005, 0.02))
        box_step = float(rng.uniform(-0.005, 0.01))
        noise = float(rng.uniform(0, 0.006))
        steps = np.arange(n)
        eye = np.clip(start - eye_step * steps + rng.normal(0, noise, n), 0, 1)
        box = np.clip(start + float(rng.uniform(-0.01, 0.01)) - box_step * steps
                      + rng.normal(0, noise, n), 0, 1)
        kwargs = {}
        if k % 4 == 1:
            kwargs["ratio"] = float(rng.choice([1.0, 1.5, 3.0]))
        if k % 5 == 2:
            kwargs["margin"] = float(rng.choice([0.0, 0.005, 0.02]))
        args = (eye.round(4).tolist(), box.round(4).tolist()) if k % 2 else (eye, box)
        cases.append(Case(f"random errors #{k + 1}", args, kwargs))
    return cases


# --- decision: how to split -----------------------------------------------------------------

def _split_numbers(d: Decision) -> tuple[int, int, bool]:
    need = dev_set_design.eyeball_size(d.data["error_rate"], d.data["mistakes_to_see"])
    fits = d.data["n_dev"] >= need + d.data["min_blackbox"]
    return need, d.data["n_dev"] - need, fits


def _split_right(d: Decision) -> str:
    return "fit_eyeball" if _split_numbers(d)[2] else "all_eyeball"


def _split_misjudged(d: Decision) -> str:
    return "all_eyeball" if _split_right(d) == "fit_eyeball" else "fit_eyeball"


def _split_explanation(d: Decision) -> str:
    n_dev, error = d.data["n_dev"], d.data["error_rate"]
    need, rest, fits = _split_numbers(d)
    head = (f"About 100 mistakes at {error:.1%} error take 100 / {error:g} = **{need:,}** "
            f"eyeball examples (`eyeball_size({error:g})`). ")
    hundred = round(100 * error)
    if fits:
        why = (f"The dev set of {n_dev:,} holds them and leaves {rest:,} examples for the "
               f"blackbox set, more than the {d.data['min_blackbox']:,} it needs, so "
               f"**{d.letter('fit_eyeball')}**. **{d.letter('all_eyeball')}** throws away the "
               "honest measure the team can afford: every number would come from examples "
               f"it has read. **{d.letter('halves')}** gives the eyeball set {n_dev // 2:,} "
               "examples, more mistakes than anyone reads, taken from the blackbox set whose "
               "size sharpens every comparison. ")
    else:
        why = (f"The whole dev set of {n_dev:,} holds only about {round(n_dev * error)} "
               "mistakes, and nothing would be left for a blackbox set of "
               f"{d.data['min_blackbox']:,}. For a task people do well, reading mistakes "
               f"gives the most, so **{d.letter('all_eyeball')}**, accepting that the dev "
               "error turns optimistic as the team fits what it reads (the test set stays "
               f"the honest check). **{d.letter('fit_eyeball')}** has no room: the eyeball "
               "set alone would need more examples than there are. "
               f"**{d.letter('halves')}** leaves about {round(n_dev * error / 2)} mistakes to "
               f"read and a blackbox set of {n_dev // 2:,}, too small to be worth having. ")
    return (head + why + f"**{d.letter('hundred_examples')}** confuses examples with mistakes: "
            f"100 examples hold only about {hundred} mistakes.")


# --- decision: after several rounds ---------------------------------------------------------

def _verdict(d: Decision) -> dev_set_design.EyeballOverfit:
    return dev_set_design.eyeball_overfit(d.data["eyeball_errors"], d.data["blackbox_errors"],
                                          n_eyeball=d.data["n_eyeball"],
                                          n_blackbox=d.data["n_blackbox"])


def _rounds_right(d: Decision) -> str:
    return "new_eyeball" if _verdict(d) else "keep_going"


def _rounds_misread(d: Decision) -> str:
    return "keep_going" if _verdict(d) else "new_eyeball"


def _rounds_explanation(d: Decision) -> str:
    v = _verdict(d)
    eye, box = d.data["eyeball_errors"], d.data["blackbox_errors"]
    head = (f"Fitted over the rounds, the eyeball error falls by {100 * v.eyeball_gain:.2f} "
            f"points per round and the blackbox error by {100 * v.blackbox_gain:.2f}; the gap "
            f"between them grew by {100 * v.widening:.2f} points, against a noise margin of "
            f"{100 * v.margin:.2f} points for sets of {d.data['n_eyeball']:,} and "
            f"{d.data['n_blackbox']:,} examples. ")
    if v:
        why = (f"The eyeball error ({eye[0]:.2%} to {eye[-1]:.2%}) falls much faster than the "
               f"blackbox error ({box[0]:.2%} to {box[-1]:.2%}): part of the progress is "
               "fitted to the examples the team has read. So "
               f"**{d.letter('new_eyeball')}**: a fresh eyeball set shows mistakes nobody has "
               f"tuned for. **{d.letter('keep_going')}** keeps fitting the same examples. ")
    else:
        why = (f"The eyeball error ({eye[0]:.2%} to {eye[-1]:.2%}) does not fall clearly "
               f"faster than the blackbox error ({box[0]:.2%} to {box[-1]:.2%}): whatever "
               "difference there is stays within the noise of two sets this size, so the "
               "team's ideas help on examples it never read about as much as on those it "
               "did. So "
               f"**{d.letter('keep_going')}**. **{d.letter('new_eyeball')}** spends blackbox "
               "examples on a problem the numbers do not show. ")
    return (head + why
            + f"**{d.letter('old_into_blackbox')}** would put examples the team has tuned for "
              "into the honest set, making it optimistic too. "
              f"**{d.letter('trust_eyeball')}** chooses with the set that rewards fitting what "
              "was read; the blackbox error is the one to choose by.")


# --- decision: a dev set too small to split -------------------------------------------------

def _small_right(d: Decision) -> str:
    return "all_eyeball" if d.data["kind"] == "human" else "all_blackbox"


def _small_misjudged(d: Decision) -> str:
    return "all_blackbox" if _small_right(d) == "all_eyeball" else "all_eyeball"


def _small_explanation(d: Decision) -> str:
    n_dev, error = d.data["n_dev"], d.data["error_rate"]
    if d.data["kind"] == "human":
        why = (f"{n_dev:,} examples cannot be both a useful eyeball set and a useful blackbox "
               "set. On this task a person looking at a misclassified example can see what "
               f"went wrong, so reading the {round(n_dev * error)} mistakes is what the team "
               f"gains most from: **{d.letter('all_eyeball')}**, keeping in mind that the dev "
               "error will turn optimistic and that the test set gives the honest number. "
               f"**{d.letter('all_blackbox')}** gives up the insight that makes error analysis "
               "worth doing. ")
    else:
        why = (f"{n_dev:,} examples cannot be both a useful eyeball set and a useful blackbox "
               "set. On this task nobody can tell by looking at a row of numbers why the "
               "model got it wrong, so reading mistakes gives little, while every example "
               f"sharpens the measurements: **{d.letter('all_blackbox')}**. "
               f"**{d.letter('all_eyeball')}** spends the dev set on reading that yields little "
               "and makes its error optimistic on top. ")
    return (why + f"**{d.letter('split_anyway')}** gives about {round(n_dev * error / 2)} "
            f"mistakes to read and a blackbox set of {n_dev // 2}: both jobs done badly. "
            f"**{d.letter('read_test')}** fits the test set and leaves no honest final "
            "number.")


KEYS = keys_by_id([
    Key("w3_01_eyeball_size", hidden=_random_size_cases),
    Key("w3_01_eyeball_overfit", hidden=_random_overfit_cases),
    decision_key("w3_01_split_plan", _split_right,
                 wrong={"counted examples, not mistakes": lambda d: "hundred_examples",
                        "split in halves": lambda d: "halves",
                        "misjudged what the dev set can hold": _split_misjudged},
                 explanation=_split_explanation),
    decision_key("w3_01_overfit_rounds", _rounds_right,
                 wrong={"misread the two trends": _rounds_misread,
                        "a bigger blackbox set is always better":
                            lambda d: "old_into_blackbox",
                        "the eyeball set reacts faster": lambda d: "trust_eyeball"},
                 explanation=_rounds_explanation),
    decision_key("w3_01_small_dev", _small_right,
                 wrong={"misjudged what reading gives": _small_misjudged,
                        "split at any size": lambda d: "split_anyway",
                        "the test set is spare": lambda d: "read_test"},
                 explanation=_small_explanation),
])
