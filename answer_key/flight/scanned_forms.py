"""Week 3's flight simulator: an insurance start-up reading scanned claim forms.

Customers post paper claim forms; the start-up scans them and must read the policy number
written by hand in eight boxes. Its reader is a pipeline: locate the field, read each box,
assemble the number by a search under a format model. Questions 1-10 (this module) cover the
eyeball and blackbox dev sets, learning curves and the bias-variance techniques; questions
11-19 (:mod:`answer_key.flight.scanned_more`) the optimization verification test, error
analysis by parts and the data decisions. Each learner's figures come from their learner id.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from answer_key.flight.draw import (
    Draw,
    Item,
    check_roles,
    letter_question,
    letters_question,
    make_options,
    set_roles,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, SolvedScenario, solved
from answer_key.flight.scanned_more import more_forms_questions
from course_lib.dev_set_design import eyeball_overfit
from course_lib.flight.ids import DEFAULT_LEARNER, learner_seed, normalize_learner_id
from course_lib.flight.model import Figures, Scenario, table
from course_lib.flight.scanned_forms_questions import SCANNED_FORMS_QUESTIONS
from course_lib.flight.text import count, md_table, num, points_text
from course_lib.learning_curve_reading import LearningCurveResult, read_learning_curve

__all__ = ["solve_scanned_forms"]

_SPECS = spec_index(SCANNED_FORMS_QUESTIONS)
#: the blackbox set that tuning needs at least (the brief's rule, the same for everyone)
MIN_BLACKBOX = 1000


def _eyeball(error_percent: float, mistakes: int = 100) -> int:
    """Forms needed to see ``mistakes`` mistakes at ``error_percent`` % error."""
    return math.ceil(round(mistakes * 100 / error_percent, 9))


def _q01(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q01"]

    def pick() -> tuple[int, float]:
        return draw.integer(12_000, 40_000, 1_000), draw.grid(1.5, 8.0, 0.1)

    def values(v: tuple[int, float]) -> dict[str, float]:
        n_dev, e = v
        return {"answer": float(_eyeball(e)), "ten mistakes": float(_eyeball(e, 10)),
                "percent as fraction": float(math.ceil(round(100 / e, 9))),
                "mistakes in the dev set": n_dev * e / 100}

    def ok(v: tuple[int, float]) -> bool:
        vals = sorted(values(v).values())
        return all(b - a >= 10 for a, b in zip(vals, vals[1:], strict=False))

    n_dev, e = until(pick, ok, "a dev set")
    fig["n_dev"], fig["dev_error"] = n_dev, e
    vals = values((n_dev, e))
    answer = vals.pop("answer")
    wrong = dict(vals)
    check_roles(spec, wrong)
    prompt = (
        f"Your first reader gets {num(e, 1)} % of the policy numbers wrong on a dev set of "
        f"{count(n_dev)} scanned forms (`forms.data.n_dev`, `forms.data.dev_error`). You want "
        "to set apart an **eyeball** dev set whose mistakes the team will read, large enough "
        "to show about **100 mistakes**. How many forms should it hold?"
    )
    explanation = (
        f"**{count(int(answer))} forms**. At {num(e, 1)} % error, a form is read wrong with "
        f"probability {num(e / 100, 4)}, so 100 mistakes need about 100 / {num(e / 100, 4)} "
        f"= {count(int(answer))} forms (rounded up). The other "
        f"{count(n_dev - int(answer))} forms become the blackbox set, which is only measured.\n"
        f"- {count(int(wrong['ten mistakes']))} forms would show only about 10 mistakes: "
        "enough for a first look, not to size the main categories.\n"
        f"- {count(int(wrong['percent as fraction']))} divides by {num(e, 1)} instead of "
        f"{num(e / 100, 4)}.\n"
        f"- {count(round(wrong['mistakes in the dev set']))} is the number of mistakes in the "
        "whole "
        "dev set, not a number of forms."
    )
    return solved(spec, 1, prompt, (), answer, explanation, wrong)


def _q02(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q02"]
    big = draw.chance()
    e2 = draw.pick((4.0, 5.0, 8.0, 10.0, 12.5, 20.0))
    eye = _eyeball(e2)
    both = eye + MIN_BLACKBOX
    if big:
        n2 = int(math.ceil(both * draw.grid(1.3, 2.5, 0.1) / 100) * 100)
    else:
        n2 = max(300, int(math.floor(both * draw.grid(0.35, 0.75, 0.05) / 100) * 100))
    fig["client_dev"] = {"forms": n2, "error": e2, "min_blackbox": MIN_BLACKBOX}
    prompt = (
        f"A second client, a hospital group, sends forms with another layout. Its dev set has "
        f"{count(n2)} labelled forms and your reader gets {num(e2, 1)} % of them wrong "
        "(`forms.data.client_dev`). The team wants to read about 100 mistakes, and tuning "
        f"needs a blackbox set of at least {count(MIN_BLACKBOX)} forms. What do you do with "
        "the dev set?"
    )
    fits = (f"An eyeball set of about 100 mistakes needs 100 / {num(e2 / 100, 3)} = "
            f"{count(eye)} forms; with a blackbox set of {count(MIN_BLACKBOX)} that makes "
            f"{count(both)}, and the dev set has {count(n2)}.")
    items = [
        Item("split", f"Split it at random: an eyeball set of {count(eye)} forms whose "
             f"mistakes the team reads, and a blackbox set of the other {count(n2 - eye)}, "
             "only measured." if big else
             f"Split it at random: an eyeball set of {count(min(eye, n2 // 2))} forms whose "
             f"mistakes the team reads, and a blackbox set of the other "
             f"{count(n2 - min(eye, n2 // 2))}, only measured.", big,
             fits + (" Both fit: read the eyeball set, tune and choose on the blackbox set."
                     if big else " The two do not fit: either set would be too small to do "
                     "its job.")),
        Item("all eyeball", f"Use all {count(n2)} forms as an eyeball set: read their mistakes, "
             "and use the same set for tuning and choosing models, knowing its error will "
             "become optimistic.", not big,
             fits + (" There is room for both, so there is no need to give up an honest "
                     "blackbox measurement." if big else " The dev set is too small for both: "
                     "reading mistakes teaches the team the most, so use it all as an eyeball "
                     "set and watch for overfitting (the test set stays honest).")),
        Item("never look", f"Read no mistakes and keep all {count(n2)} forms as a blackbox set, "
             "so that the dev error stays honest.", False,
             "Without reading mistakes the team does not learn what goes wrong with the new "
             "layout; an honest number alone says nothing about what to fix."),
        Item("read training", f"Read mistakes on the client's training forms instead, and keep "
             f"all {count(n2)} dev forms as a blackbox set.", False,
             "The model has trained on those forms: their mistakes show what it cannot fit, "
             "not what fails on forms it has never seen."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "all eyeball" if big else "split", "never look": "never look",
             "read training": "read training"}
    return letter_question(spec, 2, prompt, options, answer, roles)


def _q03(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q03"]
    items = [
        Item("tuning", "Tuning hyperparameters, such as the beam width or the strength of the "
             "regularization.", True, "tuning needs only the error rate of each setting."),
        Item("choosing", "Choosing between two versions of the reader by their error rates.",
             True, "comparing error rates needs no look at the forms."),
        Item("overfit check", "Spotting when the eyeball set is used up, by comparing the two "
             "sets' error rates over the versions.", True,
             "the blackbox error is the honest one to compare the eyeball error with."),
        Item("read blackbox", "Reading a few of its mistakes once the eyeball set's mistakes are "
             "all understood.", False,
             "a set whose forms you read is an eyeball set: its error would no longer be "
             "honest. Make a new eyeball set instead."),
        Item("categories on blackbox", "Counting which kinds of mistakes (faint ink, digits "
             "over the box lines, crossed-out digits) are the most common.", False,
             "sorting mistakes into categories means looking at each form: that is the eyeball "
             "set's job."),
        Item("fix its mistakes", "Writing fixes aimed at the particular forms it gets wrong.",
             False, "fixes aimed at particular forms tune the system to them; that needs "
             "reading them, and it would make the blackbox error optimistic."),
    ]
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = set_roles(options, answer,
                      add={"read blackbox": "read blackbox",
                           "categories on blackbox": "categories on blackbox",
                           "fix its mistakes": "fix its mistakes"},
                      drop={"missing tuning": "tuning", "missing choosing": "choosing",
                            "missing overfit check": "overfit check"})
    prompt = (
        f"Back to the main dev set of {count(fig['n_dev'])} forms: you split it at random into "
        "an eyeball set and a blackbox set. Which of these may the team use the **blackbox** "
        "set for? Answer with the set of letters of every allowed use."
    )
    return letters_question(spec, 3, prompt, options, answer, wrong,
                            "The blackbox set is measured, never looked at: anything that needs "
                            "only its error rate is allowed.")


def _q04(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q04"]
    overfit = draw.chance()
    # the team's eyeball set by then (not question 1's answer: it grew with new dev forms)
    first = _eyeball(fig["dev_error"])
    n_eye = until(lambda: draw.integer(2_000, 6_000, 500), lambda n: abs(n - first) >= 200,
                  "an eyeball set size")
    n_box = draw.integer(8_000, 30_000, 1_000)

    def pick() -> tuple[list[float], list[float]]:
        start = draw.grid(fig["dev_error"] + 1.0, fig["dev_error"] + 4.0, 0.1)
        if overfit:
            eye_gain, box_gain = draw.grid(0.5, 0.9, 0.05), draw.grid(0.05, 0.2, 0.05)
        else:
            box_gain = draw.grid(0.3, 0.6, 0.05)
            eye_gain = round(box_gain * draw.grid(0.85, 1.15, 0.05), 3)
        eye = [round(start - eye_gain * k + draw.grid(-0.1, 0.1, 0.1), 1) for k in range(5)]
        box = [round(start + draw.grid(-0.2, 0.2, 0.1) - box_gain * k
                     + draw.grid(-0.1, 0.1, 0.1), 1) for k in range(5)]
        return eye, box

    def ok(v: tuple[list[float], list[float]]) -> bool:
        eye, box = v
        if min(eye + box) <= 0.3:
            return False
        result = eyeball_overfit([x / 100 for x in eye], [x / 100 for x in box],
                                 n_eyeball=n_eye, n_blackbox=n_box)
        if overfit:
            return (result.overfit and result.eyeball_gain >= 3 * result.blackbox_gain
                    and result.widening >= 1.5 * result.margin)
        return (not result.overfit and result.eyeball_gain > 0
                and result.eyeball_gain <= 1.4 * result.blackbox_gain)

    eye, box = until(pick, ok, "a run of versions")
    fig["versions"] = table([(f"v{k + 1}", e, b) for k, (e, b) in enumerate(zip(eye, box,
                                                                               strict=True))],
                            ["eyeball_error", "blackbox_error"], "version")
    fig["eyeball_blackbox_sizes"] = {"eyeball": n_eye, "blackbox": n_box}
    md = md_table(["version", "eyeball error (%)", "blackbox error (%)"],
                  [(f"v{k + 1}", num(e, 1), num(b, 1)) for k, (e, b) in
                   enumerate(zip(eye, box, strict=True))])
    prompt = (
        "Over the next months the dev set grows, and the team reads eyeball mistakes, makes a "
        f"change, and measures both dev sets ({count(n_eye)} eyeball and {count(n_box)} "
        "blackbox forms; "
        f"`forms.data.versions`):\n\n{md}\n\nWhat do you do next?"
    )
    result = eyeball_overfit([x / 100 for x in eye], [x / 100 for x in box],
                             n_eyeball=n_eye, n_blackbox=n_box)
    rates = (f"From v1 to v5 the eyeball error falls by {points_text(eye[0] - eye[-1], 1)} and "
             f"the blackbox error by {points_text(box[0] - box[-1], 1)} (fitted slopes: "
             f"{num(100 * result.eyeball_gain, 2)} and {num(100 * result.blackbox_gain, 2)} "
             "points per version).")
    items = [
        Item("refresh", "Build a fresh eyeball set (for instance from part of the blackbox "
             "set), and judge progress by the blackbox error.", overfit,
             rates + (" The eyeball error falls several times faster and the gap has grown "
                      f"by {points_text(100 * result.widening, 1)}, beyond the noise of two "
                      "sets this size: the changes are partly fitted to the forms the team "
                      "has read." if overfit else
                      " They fall at about the same rate, so the eyeball set still shows what "
                      "happens on forms nobody has read.")),
        Item("keep", "Carry on as before: the eyeball set still shows what the reader does on "
             "new forms.", not overfit,
             rates + (" The two errors fall together and their gap does not grow: nothing "
                      "suggests the team has overfit the forms it reads." if not overfit else
                      " The eyeball error falls far faster: what the team learns from those "
                      "forms no longer carries over to the others.")),
        Item("trust eyeball", "Report the eyeball error from now on: it is measured on the "
             "forms the team understands best.", False,
             "The forms the team has read are the ones the changes were made for; only the "
             "blackbox error is an honest measure."),
        Item("variance", "The gap between the two errors shows high variance: add "
             "regularization to the reader.", False,
             "Both numbers are dev-set errors on forms the model never trained on; variance is "
             "the gap between training and dev error."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "keep" if overfit else "refresh", "trust eyeball": "trust eyeball",
             "variance": "variance"}
    return letter_question(spec, 4, prompt, options, answer, roles)


def _q05(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q05"]
    n_client = draw.integer(250, 400, 50)

    def pick() -> tuple[float, float, list[float], list[float]]:
        m50 = draw.grid(24.0, 32.0, 0.1)
        m100 = round(m50 - draw.grid(3.0, 6.0, 0.1), 1)
        def five(mean: float) -> list[float]:
            return [round(mean + draw.grid(-4.5, 4.5, 0.1), 1) for _ in range(5)]
        s50, s100 = five(m50), five(m100)
        return s50[0], s100[0], s50, s100

    def ok(v: tuple[float, float, list[float], list[float]]) -> bool:
        a, b, s50, s100 = v
        mean50, mean100 = sum(s50) / 5, sum(s100) / 5
        return (b - a >= 1.5 and mean50 - mean100 >= 2.0
                and min(max(s50) - min(s50), max(s100) - min(s100)) >= b - a + 2)

    a, b, s50, s100 = until(pick, ok, "a noisy small curve")
    fig["small_curve"] = {"client_forms": n_client, "first_subset": {"50": a, "100": b},
                          "subsets_50": tuple(s50), "subsets_100": tuple(s100)}
    mean50, mean100 = sum(s50) / 5, sum(s100) / 5
    prompt = (
        f"Only {n_client} of the hospital group's forms are labelled. A teammate trains on the "
        f"first 50 and the first 100 forms of the file: the dev error goes **up**, from "
        f"{num(a, 1)} % to {num(b, 1)} %. You repeat it on 5 random, class-balanced subsets "
        "of each size: dev errors (%) "
        f"{', '.join(num(x, 1) for x in s50)} at 50 forms and "
        f"{', '.join(num(x, 1) for x in s100)} at 100 forms (`forms.data.small_curve`). "
        "What do you conclude?"
    )
    items = [
        Item("average", "The rise is noise: average each point over several random subsets; "
             "on average the dev error falls, so more forms should still help.", True,
             f"The averages are {num(mean50, 2)} % at 50 forms and {num(mean100, 2)} % at 100: "
             f"the error falls. Subsets of the same size disagree by up to "
             f"{points_text(max(max(s50) - min(s50), max(s100) - min(s100)), 1)}, more than "
             f"the {points_text(b - a, 1)} rise of the first subset."),
        Item("more data hurts", "More of the client's forms make the reader worse: stop "
             "labelling them.", False,
             "One pair of subsets cannot show that: the five subsets of each size spread over "
             "several points, and their averages fall."),
        Item("drop the point", "The 100-form point is an outlier: delete it and draw the curve "
             "through the other points.", False,
             "Deleting a point hides the noise; averaging over subsets measures it and gives "
             "points that can be trusted."),
        Item("first subset", "Keep one subset per size but always take the first forms of the "
             "file, so that the curve is smooth.", False,
             "The first forms of a file are not a random sample, and one subset per size is "
             "exactly what makes a small-data curve noisy."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"more data hurts": "more data hurts", "drop the point": "drop the point",
             "first subset": "first subset"}
    return letter_question(spec, 5, prompt, options, answer, roles)


_SIZES = (500, 1000, 2000, 4000, 8000)


def _curve_points(draw: Draw, t: float, d: float, extra: float) -> list[tuple[int, float, float]]:
    """Training error rising to ``t`` and dev error falling to ``d`` over :data:`_SIZES`."""
    last = len(_SIZES) - 1
    rows = []
    for k, n in enumerate(_SIZES):
        left = 1 - k / last
        train = round(t * (0.45 + 0.55 * (k / last) ** 0.7), 1)
        dev = round(d + extra * left ** 1.5, 1)
        rows.append((n, train, dev))
    return rows


def _q06(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q06"]
    regime = draw.pick(("high bias", "high variance", "both"))

    def pick() -> tuple[float, float, float]:
        g = draw.grid(1.0, 3.0, 0.5)
        if regime == "high bias":
            b = draw.grid(4.0, 8.0, 0.5)
            v = draw.grid(0.5, round(0.25 * b, 1), 0.1)
            t = g + b
        elif regime == "high variance":
            t = draw.grid(0.2, g - 0.5, 0.1)
            v = draw.grid(4.0, 9.0, 0.5)
        else:
            b = draw.grid(3.0, 6.0, 0.5)
            v = draw.grid(max(3.0, round(0.9 * b, 1)), round(1.6 * b, 1), 0.5)
            t = g + b
        return g, round(t, 1), round(t + v, 1)

    def ok(v: tuple[float, float, float]) -> bool:
        g, t, d = v
        b, gap = t - g, d - t
        reading = read_learning_curve(LearningCurveResult.from_errors([1], [t / 100],
                                                                      [d / 100]), g / 100)
        return reading.regime == regime and abs(b - gap) >= 0.5

    g, t, d = until(pick, ok, "a learning curve")
    rows = _curve_points(draw, t, d, draw.grid(6.0, 15.0, 1.0))
    fig["curve"] = table(rows, ["train_error", "dev_error"], "n_train")
    fig["desired_error"] = g
    curve = LearningCurveResult.from_errors([r[0] for r in rows], [r[1] / 100 for r in rows],
                                            [r[2] / 100 for r in rows])
    reading = read_learning_curve(curve, g / 100)
    if reading.regime != regime:
        raise RuntimeError("q06: the drawn curve does not read as intended (a generator bug)")
    md = md_table(["training forms", "training error (%)", "dev error (%)"],
                  [(count(n), num(tr, 1), num(dv, 1)) for n, tr, dv in rows])
    prompt = (
        "Back on the main product, the team draws a learning curve of the reader, each point "
        f"averaged over 5 random subsets (`forms.data.curve`). The business needs at most "
        f"{num(g, 1)} % wrong policy numbers (`forms.data.desired_error`):\n\n{md}\n\n"
        "Which regime does the curve show? Treat differences of up to 1 point as noise."
    )
    b, gap = t - g, d - t
    if regime == "both":
        larger = "high bias" if b > gap else "high variance"
        smaller = "high variance" if larger == "high bias" else "high bias"
        wrong = {"one of two": larger, "swapped": smaller, "fine": "fine"}
    else:
        other = "high variance" if regime == "high bias" else "high bias"
        wrong = {"one of two": "both", "swapped": other, "fine": "fine"}
    check_roles(spec, wrong)
    bias_text = (f"the training error at {count(rows[-1][0])} forms, {num(t, 1)} %, is "
                 f"{points_text(b, 1)} above the desired {num(g, 1)} %" if b > 1 else
                 f"the training error at {count(rows[-1][0])} forms, {num(t, 1)} %, is at or "
                 f"below the desired {num(g, 1)} %")
    gap_text = f"the dev error, {num(d, 1)} %, is {points_text(gap, 1)} above it"
    verdict = {
        "high bias": "the bias dominates and the gap is small next to it. Training error "
                     "grows as the training set grows, so more data alone cannot bring the "
                     "dev error down to the goal.",
        "high variance": "no bias problem, but a large gap: the dev error misses the goal "
                         "because the reader does not generalise, and the dev curve is still "
                         "falling.",
        "both": "both are large: even with a perfect generalisation the training error would "
                "miss the goal, and the gap is as large again.",
    }[regime]
    explanation = (
        f"**{regime}**: {bias_text}, and {gap_text}; {verdict}\n"
        f"- \"{wrong['one of two']}\" and \"{wrong['swapped']}\" each miss part of this "
        "reading: bias is training − desired, variance is dev − training.\n"
        f"- \"fine\" would need the dev error within a point of {num(g, 1)} %."
    )
    return solved(spec, 6, prompt, (), regime, explanation, wrong)


def _q07(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q07"]
    variance = draw.chance()
    sizes = (250, 500, 1000, 2000)
    goal = draw.grid(2.0, 4.0, 0.5)
    if variance:
        t_end = round(goal - draw.grid(0.5, 1.5, 0.1), 1)
        d_end = round(t_end + draw.grid(5.0, 9.0, 0.5), 1)
        drops = (draw.grid(6.0, 9.0, 0.5), draw.grid(4.0, 6.0, 0.5), draw.grid(2.5, 3.5, 0.5))
    else:
        t_end = round(goal + draw.grid(4.0, 8.0, 0.5), 1)
        d_end = round(t_end + draw.grid(0.8, 1.8, 0.1), 1)
        drops = (draw.grid(3.0, 5.0, 0.5), draw.grid(0.8, 1.5, 0.1), draw.grid(0.1, 0.4, 0.1))
    dev = [d_end]
    for step in reversed(drops):
        dev.insert(0, round(dev[0] + step, 1))
    train = [round(t_end * f, 1) for f in (0.55, 0.7, 0.85, 1.0)]
    extra = draw.integer(3_000, 8_000, 500)
    rows = list(zip(sizes, train, dev, strict=True))
    fig["client_curve"] = table(rows, ["train_error", "dev_error"], "n_train")
    fig["client_goal"] = goal
    fig["extra_forms"] = extra
    md = md_table(["client forms in training", "training error (%)", "dev error (%)"],
                  [(count(n), num(tr, 1), num(dv, 1)) for n, tr, dv in rows])
    prompt = (
        f"The hospital group offers to label {count(extra)} more of its forms, at a price "
        f"(`forms.data.extra_forms`). Your averaged learning curve on its forms "
        f"(`forms.data.client_curve`), with the client's goal of {num(goal, 1)} % "
        f"(`forms.data.client_goal`):\n\n{md}\n\nWhat do you answer?"
    )
    facts = (f"At {count(sizes[-1])} forms the training error is {num(t_end, 1)} % against a "
             f"goal of {num(goal, 1)} %, and the dev error fell by "
             f"{points_text(dev[-2] - dev[-1], 1)} over the last doubling.")
    items = [
        Item("more data", "Accept: label the extra forms and train on them.", variance,
             facts + (" The training error is below the goal and the dev curve is still "
                      "falling steeply: more forms should close much of the gap." if variance
                      else " The training error is already above the goal and rises with more "
                      "data, while the dev curve has flattened: more forms cannot bring the dev "
                      "error down to the goal.")),
        Item("bias first", "Not now: first lower the training error (a bigger network, better "
             "features); more forms alone cannot reach the goal.", not variance,
             facts + (" The training error is above the goal: that bias must go first, and "
                      "extra forms would be money spent on the smaller problem." if not variance
                      else " But the training error is already below the goal: the problem is "
                      "the gap, which more data is the standard cure for.")),
        Item("dev only", "Accept, but put all the extra forms into the dev set: a bigger dev "
             "set is what the curve asks for.", False,
             "A bigger dev set measures more precisely but trains nothing; the curve is about "
             "what more training data would do."),
        Item("drop client", "Stop training on the client's forms and use only the old clients' "
             "forms, which are plentiful.", False,
             "The client's forms are the closest thing to what the product must read; leaving "
             "them out moves the training data away from the target."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "bias first" if variance else "more data", "dev only": "dev only",
             "drop client": "drop client"}
    return letter_question(spec, 7, prompt, options, answer, roles)


_BIAS_TECHS = (("bigger network", "A bigger network (more layers and units), keeping its "
                "regularization."),
               ("train longer", "Train longer, or with a better optimizer."),
               ("less regularization", "Less regularization (a smaller L2 weight, less "
                "dropout)."))
_VAR_TECHS = (("more data", "More labelled handwritten forms for training."),
              ("augmentation", "Data augmentation: slightly rotated, thickened and smudged "
               "copies of the training forms."),
              ("more regularization", "More regularization (a larger L2 weight, more "
               "dropout)."))


def _q08(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q08"]
    bias = draw.chance()
    h = draw.grid(0.3, 1.0, 0.1)
    if bias:
        t = round(h + draw.grid(4.0, 7.0, 0.5), 1)
        d = round(t + draw.grid(0.3, 1.0, 0.1), 1)
    else:
        t = round(h + draw.grid(0.2, 0.8, 0.1), 1)
        d = round(t + draw.grid(4.0, 7.0, 0.5), 1)
    fig["amount_reader"] = {"human": h, "train": t, "dev": d}
    prompt = (
        "A second reader reads the claim *amount* field. Careful people misread "
        f"{num(h, 1)} % of the amounts; the reader's training error is {num(t, 1)} % and its "
        f"dev error {num(d, 1)} % (`forms.data.amount_reader`). Which of these techniques "
        "reduce its main problem? Answer with the set of letters of every one that does."
    )
    b, v = t - h, d - t
    problem = "bias" if bias else "variance"
    why = {"bigger network": "more capacity to fit what the reader still gets wrong on its "
                             "own training forms; with its regularization kept it rarely "
                             "raises variance",
           "train longer": "an under-trained network has not yet reached the training error "
                           "its size allows",
           "less regularization": "lets the weights fit the training forms more closely (it "
                                  "may raise variance a little)",
           "more data": "makes it harder to fit noise, which shrinks the dev − training gap",
           "augmentation": "acts like more forms of the kinds the reader will meet",
           "more regularization": "keeps the weights small so that the reader generalises "
                                  "better (it may raise the training error a little)"}
    right, other = (_BIAS_TECHS, _VAR_TECHS) if bias else (_VAR_TECHS, _BIAS_TECHS)
    items = [Item(tag, text, True, why[tag] + ".") for tag, text in right]
    not_why = {"bigger network": "it lowers the training error, not the gap",
               "train longer": "it lowers the training error, not the gap",
               "less regularization": "it lets the reader fit noise: the gap would grow",
               "more data": "it shrinks the gap, but the training error usually rises a "
                            "little as the training set grows",
               "augmentation": "it shrinks the gap; it does not help the reader fit its "
                               "training forms",
               "more regularization": "it makes the reader fit its training forms less "
                                      "closely: the training error would grow"}
    items += [Item(tag, text, False, not_why[tag] + ".") for tag, text in other]
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = set_roles(options, answer,
                      add={"wrong direction": "more regularization" if bias
                           else "less regularization",
                           "other problem": "more data" if bias else "bigger network"},
                      drop={"missing one": "train longer" if bias else "augmentation"})
    lead = (f"Avoidable bias is {num(t, 1)} − {num(h, 1)} = {points_text(b, 1)}, variance "
            f"{num(d, 1)} − {num(t, 1)} = {points_text(v, 1)}: the problem is {problem}.")
    return letters_question(spec, 8, prompt, options, answer, wrong, lead)


def _q09(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q09"]
    h = draw.grid(0.3, 0.8, 0.1)
    t = round(h + draw.grid(3.5, 6.0, 0.5), 1)
    d = round(t + draw.grid(0.3, 0.6, 0.1), 1)
    hours = draw.integer(4, 12)
    fig["policy_reader"] = {"human": h, "train": t, "dev": d, "training_hours": hours}
    prompt = (
        f"The policy-number reader uses dropout and L2 weight decay, both tuned on the "
        f"blackbox dev set. Its training error is {num(t, 1)} %, its dev error {num(d, 1)} %, "
        f"people misread {num(h, 1)} %, and one training run takes {hours} hours "
        "(`forms.data.policy_reader`). You propose a network with twice as many layers. A "
        "teammate objects: \"a bigger network will overfit\". What do you say?"
    )
    items = [
        Item("compute", "Try it, keeping the regularization: it should lower the training error, "
             "and the main price is compute (longer runs).", True,
             f"The problem is bias ({points_text(t - h, 1)} above human level, with a gap of "
             f"only {points_text(d - t, 1)}). With regularization tuned on the dev set, a "
             "bigger network rarely raises variance; it costs mostly compute — here longer "
             f"than {hours} hours a run."),
        Item("always overfits", "The teammate is right: a bigger network always increases "
             "variance, so keep the current one.", False,
             "Extra capacity overfits mainly when nothing holds it back; this network is "
             "regularized, and its problem is bias."),
        Item("smaller model", "Use a smaller network instead: it is cheaper and generalises "
             "better.", False,
             "A smaller network would raise the bias, which is already the main problem."),
        Item("more data", "Collect more handwritten forms first: more data lowers the training "
             "error.", False,
             "More data shrinks the gap between dev and training error, which is small here; "
             "the training error usually rises a little with more data."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"always overfits": "always overfits", "smaller model": "smaller model",
             "more data": "more data"}
    return letter_question(spec, 9, prompt, options, answer, roles)


def _q10(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q10"]
    bias = draw.chance()
    h = draw.grid(0.3, 0.8, 0.1)
    if bias:
        t = round(h + draw.grid(4.0, 7.0, 0.5), 1)
        d = round(t + draw.grid(0.3, 1.0, 0.1), 1)
    else:
        t = round(h + draw.grid(0.2, 0.8, 0.1), 1)
        d = round(t + draw.grid(4.0, 7.0, 0.5), 1)
    fig["date_reader"] = {"human": h, "train": t, "dev": d}
    prompt = (
        f"A third reader reads the date of the accident. People misread {num(h, 1)} % of the "
        f"dates; the reader's training error is {num(t, 1)} % and its dev error {num(d, 1)} % "
        "(`forms.data.date_reader`). A new colleague will read about 100 mistakes to decide "
        "what to change. Which ones?"
    )
    b, v = t - h, d - t
    gaps = (f"Avoidable bias is {points_text(b, 1)}, variance {points_text(v, 1)}.")
    items = [
        Item("training", "About 100 training forms the reader gets wrong.", bias,
             gaps + (" The reader cannot even fit its own training forms: their mistakes "
                     "show what it cannot yet represent (error analysis on the training "
                     "set)." if bias else " The reader fits its training forms almost as "
                     "well as people: their few mistakes say little about why it fails on "
                     "new forms.")),
        Item("eyeball", "About 100 eyeball dev forms the reader gets wrong.", not bias,
             gaps + (" The reader fits its training forms but fails on new ones: the eyeball "
                     "dev set's mistakes show what does not carry over." if not bias else
                     " The main problem shows already on the training set; its mistakes are "
                     "the ones to read first.")),
        Item("blackbox", "About 100 blackbox dev forms the reader gets wrong.", False,
             "The blackbox set is only measured; reading it would make its error optimistic."),
        Item("random forms", "About 100 training forms picked at random, read right or "
             "wrong.", False,
             "Most of them are read right; only a few would show a mistake."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "eyeball" if bias else "training", "blackbox": "blackbox",
             "random forms": "random forms"}
    return letter_question(spec, 10, prompt, options, answer, roles)


_FIRST = (_q01, _q02, _q03, _q04, _q05, _q06, _q07, _q08, _q09, _q10)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"index", "index_name", "columns", "rows"}


@lru_cache(maxsize=256)
def _forms(normalized: str) -> SolvedScenario:
    seed = learner_seed(normalized, "scanned_forms")
    draw = Draw(seed)
    fig: dict[str, Any] = {
        "n_train": draw.integer(60_000, 200_000, 10_000),
        "boxes": 8,
    }
    questions = [make(draw, fig) for make in _FIRST]
    questions += more_forms_questions(draw, fig)
    story = (
        "## The brief: reading scanned claim forms\n\n"
        "You work for an insurance start-up. Customers post paper claim forms, which are "
        "scanned; your system must read the **policy number** written by hand in "
        f"**{fig['boxes']} boxes**, so that the claim reaches the right file without anyone "
        "typing it. The reader is a pipeline of three parts:\n\n"
        "1. the **locator** finds the policy-number field on the scan and cuts out its boxes;\n"
        "2. the **reader** gives, for each box, a probability for each digit 0–9;\n"
        "3. the **assembler** searches (a beam search) for the digit sequence with the highest "
        "score: the reader's log probabilities plus a *format model* that knows which policy "
        "numbers exist.\n\n"
        f"You have **{count(fig['n_train'])}** labelled handwritten forms from your first "
        "clients. The questions follow the project through its second year: new clients, new "
        "fields, other sources of data. The figures are in `forms.data` (e.g. "
        "`forms.data.n_dev`); percentages are given in percent."
    )
    tables = {k: v for k, v in fig.items() if _is_table(v)}
    values = {k: v for k, v in fig.items() if k not in tables}
    scenario = Scenario("scanned_forms", "A start-up reading scanned forms", normalized,
                        "w3_07_", story, Figures(values, tables),
                        tuple(s.question for s in questions))
    return SolvedScenario(scenario, {s.question.id: s.solution for s in questions})


def solve_scanned_forms(learner_id: str = DEFAULT_LEARNER) -> SolvedScenario:
    """The week-3 flight simulator for one learner (scanned forms), with its solutions.

    Parameters
    ----------
    learner_id : str, default ""
        The learner id; ``""`` gives the default numbers. Case and surrounding spaces do
        not matter.

    Returns
    -------
    SolvedScenario
        The learner's scenario (what they see) and the solution of each question.

    Raises
    ------
    TypeError
        If ``learner_id`` is not a string.

    Examples
    --------
    >>> forms = solve_scanned_forms("ada")
    >>> forms.question(14).spec.kind, forms.answer("q14") in ("locator", "reader", "assembler")
    ('choice', True)
    """
    found = _forms(normalize_learner_id(learner_id))
    return SolvedScenario(found.scenario.with_learner_id(learner_id), found.solutions)
