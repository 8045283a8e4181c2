"""Week 2's flight simulator: road signs and traffic lights for a driving start-up.

A start-up detects road signs and traffic lights in a car's front-camera images, trains on
many web images and a few of its own, and must decide where to spend its weeks: error
analysis, mislabelled data, mismatched data, transfer and multi-task learning, end-to-end
or not. Each learner's figures come from their learner id.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from answer_key.flight.draw import (
    Draw,
    Item,
    check_roles,
    letter_by_tag,
    letter_question,
    letters_question,
    make_options,
    separated,
    set_roles,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, SolvedScenario, solved
from answer_key.flight.road_more import more_road_questions
from course_lib import error_analysis, nn, strategy
from course_lib.flight.ids import DEFAULT_LEARNER, learner_seed, normalize_learner_id
from course_lib.flight.model import Figures, Scenario
from course_lib.flight.road_signs_questions import CATEGORIES, ROAD_SIGNS_QUESTIONS
from course_lib.flight.text import (
    count,
    md_table,
    num,
    points_text,
    rounded,
)

__all__ = ["solve_road_signs"]

_BIAS, _VAR = strategy.AVOIDABLE_BIAS, strategy.VARIANCE
_MISMATCH, _OVERFIT = strategy.DATA_MISMATCH, strategy.DEV_OVERFITTING



_ROAD_SPECS = spec_index(ROAD_SIGNS_QUESTIONS)
_KINDS = ("stop sign", "speed-limit sign", "pedestrian-crossing sign", "yield sign",
          "no-entry sign", "red traffic light", "green traffic light")


def _r_q01(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q01"]
    n_car, n_web, d = fig["n_car"], fig["n_web"], fig["dev_test_size"]
    share = 100 * n_car / (n_car + n_web)
    prompt = (
        f"You have {count(n_car)} labelled images from your cars' cameras and "
        f"{count(n_web)} from the internet. How do you split them into training, dev and test "
        "sets?"
    )
    items = [
        Item("car dev test", f"Training: all {count(n_web)} internet images plus "
              f"{count(n_car - 2 * d)} car images; dev: {count(d)} car images; test: "
              f"{count(d)} car images.", True,
              "Dev and test sets both come from the cars' cameras — the images the product "
              "will be judged on — and the internet images still help as training data."),
        Item("shuffle all", f"Shuffle all {count(n_car + n_web)} images together; take "
              f"{count(d)} for dev, {count(d)} for test and the rest for training.", False,
              f"Only about {num(share, 1)} % of the dev and test images would come from the "
              "cars: the team would spend its time optimising for internet images."),
        Item("dev car, test web", f"Dev: {count(d)} car images; test: {count(d)} "
              "internet images; training: all the other images.", False,
              "Dev and test sets would come from different distributions, and the test set "
              "would not measure what the product sees."),
        Item("car only", f"Use only the car images ({count(n_car - 2 * d)} / {count(d)} / "
              f"{count(d)}): the internet images come from a different distribution, so "
              "leave them out.", False,
              "It throws away most of the data. Training data from a somewhat different "
              "distribution usually helps; only dev and test must match the target."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "car dev test")
    roles = {"shuffle all": "shuffle all", "dev car, test web": "dev car, test web",
             "car only": "car only"}
    return letter_question(spec, 1, prompt, options, answer, roles)


def _r_q02(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q02"]
    weeks = draw.integer(1, 3)
    prompt = (
        f"It is week {weeks} of the project. The team lists a dozen things that might go "
        "wrong: fog, rain on the windshield, glare at night, signs half hidden by trees, "
        "damaged signs, unusual sign designs abroad, ... What do you do first?"
    )
    items = [
        Item("quick first", "Set up the dev/test sets and a metric, build a simple first "
              "system quickly, then use bias/variance and error analysis to decide which of "
              "these problems to work on.", True,
              "For a new application you cannot tell in advance which problem matters most; a "
              "quick first system lets you measure it instead of guessing."),
        Item("research first", "Study each listed problem for a few months and design a "
              "system that handles all of them before training anything.", False,
              "Months may go into problems that turn out to cost little; a first system would "
              "have shown which ones matter."),
        Item("collect first", "Collect as many new images as possible for the first few "
              "months, and only then train a network.", False,
              "More data may not fix the problems that matter; you learn what to collect only "
              "by looking at a system's mistakes."),
        Item("complex first", "Build the most complex architecture from recent papers right "
              "away, since it will be needed eventually.", False,
              "A complex first system is slow to build and hard to debug; start simple and "
              "let the analysis tell you what to add."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "quick first")
    roles = {"research first": "research first", "collect first": "collect first",
             "complex first": "complex first"}
    return letter_question(spec, 2, prompt, options, answer, roles)


def _r_q03_q04(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, Solved]:
    s3, s4 = _ROAD_SPECS["q03"], _ROAD_SPECS["q04"]

    def pick() -> tuple[float, int, dict[str, int], str]:
        e = draw.grid(6.0, 14.0, 0.1)
        n = draw.pick((100, 150, 200, 250))
        main = list(CATEGORIES[:4])
        top = draw.pick(main)
        top_share = draw.grid(0.35, 0.6, 0.01)
        shares = {c: (top_share if c == top else draw.grid(0.05, round(top_share - 0.1, 2),
                                                            0.01)) for c in main}
        shares["incorrectly labelled"] = draw.grid(0.02, 0.1, 0.01)
        shares["other"] = draw.grid(0.02, 0.1, 0.01)
        counts = {c: int(round(shares[c] * n)) for c in CATEGORIES}
        asked = draw.pick([c for c in main if c != top])
        return e, n, counts, asked

    def ok(v: tuple[float, int, dict[str, int], str]) -> bool:
        e, n, counts, asked = v
        ordered = sorted(counts.values(), reverse=True)
        if ordered[0] - ordered[1] < 0.08 * n or ordered[1] == ordered[2]:
            return False
        if ordered[-1] == ordered[-2] or min(counts.values()) < 1:
            return False
        top = max(counts, key=counts.__getitem__)
        value = 100 * error_analysis.ceiling(e / 100, counts[asked] / n)
        wrong = [e * counts[asked] / n, e - 100 * counts[asked] / n, value / 100,
                 100 * error_analysis.ceiling(e / 100, counts[top] / n)]
        coarse = round(value, 1)  # rounded to one decimal instead of two
        return (separated([value, *wrong], 0.06) and abs(coarse - value) >= 0.02
                and all(abs(coarse - w) >= 0.05 for w in wrong))

    e, n, counts, asked = until(pick, ok, "an error analysis")
    fig["dev_error"], fig["n_inspected"] = e, n
    fig["error_counts"] = MappingProxyType(dict(counts))
    fig["asked_category"] = asked
    ceilings = {c: 100 * error_analysis.ceiling(e / 100, k / n) for c, k in counts.items()}
    answer3 = min(ceilings, key=ceilings.__getitem__)
    by_count = sorted(counts, key=counts.__getitem__, reverse=True)
    runner_up, fewest = by_count[1], by_count[-1]
    md = md_table(["category", "mistakes", "share of the inspected mistakes"],
                   [(c, k, f"{100 * k / n:.0f} %") for c, k in counts.items()])
    prompt3 = (
        f"Your first, quickly built system has a dev error of {num(e, 1)} %. You look at "
        f"{n} dev images it got wrong and note what each one shows; an image can have several "
        f"tags, so the shares need not add up to 100 % (`road.data.error_counts`):\n\n{md}\n\n"
        "Which category, if it were fixed completely, would lower the dev error the most?"
    )
    wrong3 = {"runner-up": runner_up, "fewest": fewest}
    check_roles(s3, wrong3)
    lines = [f"- {c}: {num(e, 1)} × (1 − {k}/{n}) = {ceilings[c]:.2f} %"
             for c, k in sorted(counts.items(), key=lambda item: -item[1])]
    expl3 = (
        f"**{answer3}**: it covers the largest share of the mistakes ({counts[answer3]} of "
        f"{n}), so fixing it removes the most error. The ceiling of each category — the dev "
        "error left if it were fixed completely, `ceiling(dev_error, share)` — is:\n"
        + "\n".join(lines)
        + "\nThis does not *require* working on the top category, but it shows where the "
        "biggest possible gain is."
    )
    q3 = solved(s3, 3, prompt3, (), answer3, expl3, wrong3)
    k = counts[asked]
    answer4 = 100 * error_analysis.ceiling(e / 100, k / n)
    prompt4 = (
        f"A teammate wants to spend the next month on \"{asked}\" alone. If it worked "
        "perfectly and removed every mistake of that category (and nothing else changed), what "
        "would the dev error be? Answer in percent, rounded to 2 decimals."
    )
    top_ceiling = ceilings[answer3]
    wrong4 = {"removed": rounded(e * k / n, 6), "points": rounded(e - 100 * k / n, 6),
              "fraction": rounded(answer4 / 100, 8), "top category": rounded(top_ceiling, 6),
              "rounded coarsely": rounded(answer4, 1)}
    check_roles(s4, wrong4)
    expl4 = (
        f"**{answer4:.2f} %**. \"{asked}\" covers {k} of the {n} inspected mistakes, "
        f"{100 * k / n:.1f} % of the errors; fixing all of them leaves "
        f"{num(e, 1)} × (1 − {k}/{n}) = {answer4:.2f} % — "
        f"`100 * ceiling({num(e / 100, 3)}, {k}/{n})`. That is the best this month of work "
        "can give.\n"
        f"- {num(e, 1)} × {k}/{n} = {e * k / n:.2f} is the error removed, not the error "
        "left.\n"
        f"- {num(e, 1)} − {num(100 * k / n, 1)} subtracts a share of the errors as if it "
        "were percentage points of error.\n"
        f"- {top_ceiling:.2f} % would be the ceiling of \"{answer3}\", the largest category.\n"
        f"- {num(answer4, 1)} is the right number rounded to one decimal: keep two."
    )
    q4 = solved(s4, 4, prompt4, (), answer4, expl4, wrong4)
    return q3, q4


def _r_q05(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q05"]
    fix = draw.chance()

    def pick() -> tuple[float, int, int, float]:
        n2 = draw.pick((100, 200))
        if fix:
            e2 = draw.grid(1.5, 3.0, 0.1)
            k2 = int(round(n2 * draw.grid(0.25, 0.45, 0.01)))
            label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
            diff = rounded(round(label_error * draw.grid(0.25, 0.5, 0.05) / 0.05) * 0.05)
        else:
            e2 = draw.grid(3.5, 5.5, 0.1)
            k2 = int(round(n2 * draw.grid(0.03, 0.08, 0.01)))
            label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
            diff = rounded(round(label_error * draw.grid(2.0, 4.0, 0.1) / 0.1) * 0.1)
        return e2, n2, k2, diff

    def ok(v: tuple[float, int, int, float]) -> bool:
        e2, n2, k2, diff = v
        label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
        if diff < 0.05 or k2 < 1:
            return False
        return label_error >= 1.8 * diff if fix else diff >= 1.8 * label_error

    e2, n2, k2, diff = until(pick, ok, "a label check")
    rival = rounded(e2 + diff)
    fig["label_check"] = MappingProxyType({"dev_error": e2, "rival_dev_error": rival,
                                           "n_inspected": n2, "wrong_labels": k2})
    label_error = e2 - 100 * error_analysis.ceiling(e2 / 100, k2 / n2)
    worth = label_error > diff
    prompt = (
        f"Half a year later your best model's dev error is down to {num(e2)} %, and a rival "
        f"model scores {num(rival)} %. In a fresh error analysis of {n2} dev mistakes, "
        f"{k2} turn out to be images whose *label* is wrong (the model was right). "
        "(`road.data.label_check`.) Should the team fix the dev-set labels now?"
    )
    because = (f"Wrong labels account for {num(e2)} × {k2}/{n2} = {label_error:.2f} points of "
               f"the dev error ({100 * k2 / n2:.0f} % of the mistakes), while the two models "
               f"differ by {points_text(diff)}.")
    items = [
        Item("fix now", "Yes: fix the dev-set labels (and the test set's the same way) before "
              "comparing more models.", worth,
              because + (" The label noise is larger than the difference you need to measure, "
                         "so it can flip the ranking: fix it." if worth else
                         " The label noise is much smaller than that difference, so it does not "
                         "get in the way of the decision yet.")),
        Item("not now", "Not now: wrong labels explain only a small part of the error; spend "
              "the time on the larger categories of mistakes.", not worth,
              because + (" The label noise is small next to that difference and to the rest of "
                         "the error, so other work pays more." if not worth else
                         " Here the noise is larger than the difference between the models: "
                         "you can no longer trust the comparison.")),
        Item("training only", "Fix the labels of the training set instead; the dev set's labels "
              "matter less.", False,
              "It is the other way round: the dev and test sets drive every decision, and a "
              "large training set tolerates some random label errors."),
        Item("relabel everything", "Relabel the whole training set first, because deep learning "
              "cannot cope with any random label errors.", False,
              "Deep learning copes well with a small share of random label errors in a big "
              "training set; relabelling all of it is rarely the best use of time."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "fix now" if worth else "not now")
    roles = {"opposite": "not now" if worth else "fix now", "training only": "training only",
             "relabel everything": "relabel everything"}
    return letter_question(spec, 5, prompt, options, answer, roles)


def _r_q06(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q06"]
    n2 = fig["label_check"]["n_inspected"]
    items = [
        Item("same process", "Apply the same correction process to the dev set and to the test "
              "set.", True, "dev and test sets must keep coming from the same distribution."),
        Item("train optional", "It is acceptable to correct the labels of the dev and test sets "
              "only, and leave the much larger training set as it is.", True,
              "training data from a slightly different distribution is fine, and the large "
              "training set costs the most to relabel."),
        Item("check right", "Ideally, also look at some examples the model got right: a few may "
              "look right only because the label is wrong too.", True,
              "otherwise only the errors that hurt the model get fixed, which biases the "
              "estimate a little; it is often skipped when the model is very accurate."),
        Item("dev only", "Correct the dev set only: the test set is used once at the end, so "
              "its labels can stay as they are.", False,
              "the dev and test sets would then differ; the test error would no longer "
              "measure what you tuned for."),
        Item("systematic ok", "If a labeller always marked yield signs as stop signs, leave it: "
              "deep learning is robust to label errors.", False,
              "networks cope with *random* label errors, not with systematic ones, which they "
              "learn as if they were true."),
        Item("only wrong ones", f"Only look at the {n2} mistakes: an example the model gets "
              "right cannot have a wrong label.", False,
              "a model can agree with a wrong label (for instance when both were fooled by the "
              "same look-alike)."),
    ]
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = set_roles(options, answer,
                       add={"dev only": "dev only", "systematic ok": "systematic ok",
                            "only wrong ones": "only wrong ones"},
                       drop={"missing same process": "same process",
                             "missing train optional": "train optional",
                             "missing check right": "check right"})
    prompt = ("You decide to correct labels. Which of these statements are true? Answer with "
              "the set of letters of every true statement.")
    return letters_question(spec, 6, prompt, options, answer, wrong)


def _r_q07(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q07"]
    n_clear = draw.integer(200_000, 600_000, 10_000)
    n_fog = draw.integer(10, 60, 5)
    fig["n_clear_images"], fig["n_fog_photos"] = n_clear, n_fog
    reuse = n_clear // n_fog
    prompt = (
        f"Fog is hard for your system, and real foggy images are rare. A teammate proposes to "
        f"lay pictures of fog over clear images: you have {count(n_clear)} clear car images "
        f"and {n_fog} photos of fog (with no signs in them). Shown a sample, nobody in the "
        "team can tell the results from real foggy images. Which statement is right?"
    )
    items = [
        Item("varied", f"Useful only with far more varied fog: {n_fog} photos are a tiny part "
             "of all the fog a car meets, and a network trained on them may learn those "
             "photos instead of fog — however real the results look to people. Gather many "
             "more fog sources, and judge the gain on real foggy dev images.", True,
             f"Synthesis can add what the real training data lack, but here each fog photo "
             f"would be reused about {count(reuse)} times. People see realistic fog; the "
             f"network sees the same {n_fog} patterns again and again — a tiny corner of the "
             "space of real fog — and can overfit to that corner, then fail on the fog of "
             "real roads. Week 2's notebook 06 shows the same thing with one repeated "
             "corruption pattern against a new one for every picture."),
        Item("looks real", "Go ahead as planned: since people cannot tell the results from "
             "real foggy images, the network will learn fog in general.", False,
             "How real an image looks to a person says nothing about how much of the variety "
             "of fog the set covers; the network can notice what people do not — that the "
             "same few photos come back."),
        Item("never", "Synthetic data never helps, because the dev set contains real fog.",
             False, "Synthetic data often helps when it is varied enough and covers what the "
             "real training data lack."),
        Item("into dev and test", "Put the synthesized foggy images into the dev and test sets, "
             "so they contain more fog.", False,
             "The dev and test sets must keep measuring real car images; synthetic images "
             "belong in training."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "varied")
    roles = {"looks real": "looks real", "never": "never",
             "into dev and test": "into dev and test"}
    return letter_question(spec, 7, prompt, options, answer, roles,
                           "Synthesized data can look right to people and still cover only a "
                           "tiny part of what it imitates; the model then learns that part.")


def _r_q08_q09(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, Solved]:
    s8, s9 = _ROAD_SPECS["q08"], _ROAD_SPECS["q09"]
    case = draw.pick((_BIAS, _VAR, _MISMATCH))

    def pick() -> tuple[float, float, float, float]:
        human = draw.grid(0.2, 1.0, 0.1)
        big = draw.grid(2.0, 6.0, 0.1)
        gaps = {p: (big if p == case else draw.grid(0.2, round(0.3 * big, 1), 0.1))
                for p in (_BIAS, _VAR, _MISMATCH)}
        train = rounded(human + gaps[_BIAS], 1)
        train_dev = rounded(train + gaps[_VAR], 1)
        return human, train, train_dev, rounded(train_dev + gaps[_MISMATCH], 1)

    def ok(v: tuple[float, float, float, float]) -> bool:
        human, train, train_dev, dev = v
        d = strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev,
                              unit="percent")
        gaps = sorted([d.avoidable_bias, d.variance, d.data_mismatch])
        wrong = [dev - train, d.variance, dev - human, d.data_mismatch / 100]
        return (d.focus == (case,) and gaps[1] <= 0.35 * gaps[2] and gaps[1] - gaps[0] >= 0.2
                and separated([d.data_mismatch, *wrong], 0.05))

    human, train, train_dev, dev = until(pick, ok, "an error ladder")
    fig["ladder"] = MappingProxyType({"human": human, "train": train, "train_dev": train_dev,
                                      "dev": dev})
    d = strategy.diagnose(human=human, train=train, train_dev=train_dev, dev=dev, unit="percent")
    answer8 = d.focus[0]
    gaps = d.gaps
    runner_up = sorted((p for p in (_BIAS, _VAR, _MISMATCH) if p != answer8),
                       key=lambda p: -gaps[p])[0]
    md = md_table(["", "error (%)"], [("human level", num(human, 1)),
                                       ("training", num(train, 1)),
                                       ("training-dev", num(train_dev, 1)),
                                       ("dev (car images)", num(dev, 1))])
    prompt8 = (
        "To separate the effects of the two sources, you hold out a *training-dev* set: "
        "images from the training mix that the network never trains on. Careful people "
        f"labelling the car images reach the human level below (`road.data.ladder`):\n\n{md}\n\n"
        "Which problem is the biggest?"
    )
    wrong8 = {"runner-up": runner_up, "dev set overfitting": _OVERFIT}
    check_roles(s8, wrong8)
    expl8 = (
        f"**{answer8}**, the largest gap. Avoidable bias = {num(train, 1)} − {num(human, 1)} "
        f"= {num(d.avoidable_bias, 1)}; variance = {num(train_dev, 1)} − {num(train, 1)} = "
        f"{num(d.variance, 1)}; data mismatch = {num(dev, 1)} − {num(train_dev, 1)} = "
        f"{num(d.data_mismatch, 1)} (all in points). `diagnose(human=..., train=..., "
        "train_dev=..., dev=..., unit=\"percent\").focus` says the same.\n"
        f"- {runner_up} is the second largest gap.\n"
        "- dev set overfitting needs a test error, which is not given."
    )
    q8 = solved(s8, 8, prompt8, (), answer8, expl8, wrong8)
    answer9 = d.data_mismatch
    prompt9 = ("With the same numbers, how large is the data mismatch, in percentage points?")
    wrong9 = {"dev minus training": rounded(dev - train, 6), "variance": rounded(d.variance, 6),
              "dev minus human": rounded(dev - human, 6), "fraction": rounded(answer9 / 100, 8)}
    check_roles(s9, wrong9)
    expl9 = (
        f"**{points_text(answer9, 1)}** = dev − training-dev = {num(dev, 1)} − "
        f"{num(train_dev, 1)}. Both are images the network never trained on; the only "
        "difference is where they come from, so the gap measures the change of distribution.\n"
        f"- dev − training = {num(dev - train, 1)} also contains the variance "
        f"({num(d.variance, 1)}).\n"
        f"- dev − human = {num(dev - human, 1)} is the whole ladder."
    )
    q9 = solved(s9, 9, prompt9, (), answer9, expl9, wrong9)
    return q8, q9


def _r_q10(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q10"]
    items = [
        Item("dev analysis", "Look through dev-set mistakes by hand to see how the car images "
              "differ from the internet images (fog, night, glare, ...).", True,
              "you need to know *how* the data differ before you can fix it."),
        Item("more like dev", "Make the training data more like the dev data: collect more "
              "car-camera images, or synthesize the conditions the internet images lack.", True,
              "this is the main remedy for data mismatch."),
        Item("varied", "When synthesizing data, draw on many different sources (many fog "
              "photos, many night scenes) rather than a few repeated ones.", True,
              "a small set of repeated sources invites overfitting to them."),
        Item("test analysis", "Look through test-set mistakes by hand, since the test set is "
              "the final judge.", False,
              "error analysis on the test set would make the test error an optimistic "
              "estimate; use the dev set."),
        Item("regularise", "Add dropout or L2 regularisation.", False,
              "regularisation reduces variance (training-dev − training), not data mismatch."),
        Item("easier dev", "Replace some car images in the dev set with internet images so "
              "that dev looks more like training.", False,
              "that moves the target away from the product's images instead of hitting it."),
    ]
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    wrong = set_roles(options, answer,
                       add={"test analysis": "test analysis", "regularise": "regularise",
                            "easier dev": "easier dev"},
                       drop={"missing dev analysis": "dev analysis",
                             "missing more like dev": "more like dev",
                             "missing varied": "varied"})
    prompt = ("Suppose a reading like question 8's showed a large data mismatch. Which of these "
              "actions address it? Answer with the set of letters.")
    return letters_question(spec, 10, prompt, options, answer, wrong)


def _r_q11(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q11"]
    kinds = fig["kinds"]
    k = len(kinds)
    prompt = (
        f"Back to the network's design. It must say which of the {k} kinds ({', '.join(kinds)}) "
        "are in an image; one image may show several at once, or none. What should its output "
        "layer be?"
    )
    items = [
        Item("sigmoids", f"{k} output units, each with a sigmoid — one yes/no per kind — "
              f"trained with the sum of {k} logistic losses.", True,
              "Each kind gets its own yes/no answer, so several can be present at once; the "
              "layers before share what they learn about road images (multi-task learning)."),
        Item("softmax", f"A softmax over the {k} kinds.", False,
              "A softmax picks exactly one kind per image; it cannot say \"a stop sign *and* "
              "a red light\"."),
        Item("separate networks", f"{k} separate networks, one per kind, which is always "
              "better than one shared network.", False,
              "Not always: when tasks share low-level features and the network is big "
              "enough, one network for all of them often does better."),
        Item("single unit", "One sigmoid unit that says whether *any* sign or light is "
              "present.", False, "It cannot say which kinds are there."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "sigmoids")
    roles = {"softmax": "softmax", "separate networks": "separate networks",
             "single unit": "single unit"}
    return letter_question(spec, 11, prompt, options, answer, roles)


def _r_q12(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q12"]
    kinds = fig["kinds"]
    k = len(kinds)

    def pick() -> tuple[tuple[float | None, ...], tuple[float, ...]]:
        n_unknown = draw.integer(1, 2)
        unknown = set(draw.sample(range(k), n_unknown))
        labels: list[float | None] = []
        probs: list[float] = []
        for j in range(k):
            if j in unknown:
                labels.append(None)
                probs.append(draw.pick((0.2, 0.25, 0.3, 0.35, 0.4, 0.6, 0.65, 0.7, 0.75, 0.8)))
            else:
                labels.append(float(draw.integer(0, 1)))
                probs.append(draw.grid(0.05, 0.95, 0.05))
        return tuple(labels), tuple(probs)

    def values(labels: Sequence[float | None], probs: Sequence[float]) -> dict[str, float]:
        y = np.array([np.nan if v is None else v for v in labels])
        p = np.array(probs)
        n_lab = int(np.sum(~np.isnan(y)))
        mean = nn.masked_binary_cross_entropy(y, p)
        return {"answer": mean * n_lab, "rounded coarsely": round(mean * n_lab, 1),
                "unknown as 0": nn.masked_binary_cross_entropy(np.nan_to_num(y, nan=0.0), p) * k,
                "unknown as 1": nn.masked_binary_cross_entropy(np.nan_to_num(y, nan=1.0), p) * k,
                "mean not sum": mean, "log base 10": mean * n_lab / np.log(10)}

    def ok(v: tuple[tuple[float | None, ...], tuple[float, ...]]) -> bool:
        vals = values(*v)
        coarse = vals.pop("rounded coarsely")
        return (vals["answer"] >= 0.3 and separated(vals.values(), 0.03)
                and abs(coarse - vals["answer"]) >= 0.01
                and all(abs(coarse - w) >= 0.01 for r, w in vals.items() if r != "answer"))

    labels, probs = until(pick, ok, "a label vector with missing entries")
    fig["mtl_labels"], fig["mtl_probs"] = labels, probs
    vals = values(labels, probs)
    answer = vals.pop("answer")
    wrong = {role: rounded(v, 6) for role, v in vals.items()}
    check_roles(spec, wrong)

    def shown(v: float | None) -> str:
        return "?" if v is None else str(int(v))

    md = md_table(["kind", "label y", "predicted probability ŷ"],
                   [(kind, shown(y), num(p)) for kind, y, p in zip(kinds, labels, probs,
                                                                    strict=True)],
                   ["l", "c", "r"])
    prompt = (
        "Some internet images were labelled for only some kinds: the labeller did not check "
        "the others, marked `?`. For one such image, the labels and the network's outputs are "
        f"(`road.data.mtl_labels`, with `None` for `?`, and `road.data.mtl_probs`):\n\n{md}\n\n"
        "What does this image add to the training loss — the sum of the logistic losses "
        "−(y log ŷ + (1 − y) log(1 − ŷ)) over its entries, using the natural log? Round to 3 "
        "decimals."
    )
    terms = []
    for kind, y, p in zip(kinds, labels, probs, strict=True):
        if y is None:
            terms.append(f"- {kind}: `?` — left out")
        else:
            loss = -np.log(p) if y == 1 else -np.log(1 - p)
            form = f"−log({num(p)})" if y == 1 else f"−log(1 − {num(p)})"
            terms.append(f"- {kind}: y = {int(y)}, {form} = {loss:.3f}")
    explanation = (
        f"**{answer:.3f}**. Entries marked `?` have no label, so they are simply left out of "
        "the sum; the network still learns from the labelled ones:\n" + "\n".join(terms)
        + f"\n\nTreating `?` as 0 would give {wrong['unknown as 0']:.3f}, as 1 "
        f"{wrong['unknown as 1']:.3f}; the mean over labelled entries would be "
        f"{wrong['mean not sum']:.3f} (`nn.masked_binary_cross_entropy` returns that mean); "
        f"{num(wrong['rounded coarsely'], 1)} is the sum rounded to one decimal instead of "
        "three."
    )
    return solved(spec, 12, prompt, (), answer, explanation, wrong)


def _r_q13(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q13"]
    n_car = fig["n_car"]
    big = draw.integer(2_000_000, 15_000_000, 1_000_000)
    hours = draw.integer(10_000, 50_000, 5_000)
    small = max(500, int(round(n_car * draw.grid(0.02, 0.1, 0.01) / 500)) * 500)
    words = draw.integer(1, 5)
    prompt = (
        f"A partner offers a pre-trained network to start from. Your target task is the sign "
        f"and light detector, with {count(n_car)} car images (plus the internet images). "
        "Which network is the most promising starting point?"
    )
    items = [
        Item("everyday photos", f"An image classifier trained on {count(big)} everyday "
              "photos (animals, objects, street scenes).", True,
              f"Same kind of input (images), far more data ({count(big)} vs "
              f"{count(n_car)}), and low-level features — edges, shapes, colours — that "
              "road images need too."),
        Item("audio", f"A speech recogniser trained on {count(hours)} hours of recorded "
              "speech.", False, "Its input is sound, not images: what it learnt does not "
              "carry over to camera images."),
        Item("fewer images", f"An image classifier trained on {count(small)} photos of road "
              "signs from a hobby website.", False,
              f"It has seen fewer images ({count(small)}) than you have yourself "
              f"({count(n_car)}); each of your own images is worth more to your task."),
        Item("text", f"A language model trained on {words} billion words of traffic-law "
              "texts.", False, "Its input is text, not images: what it learnt does not carry "
              "over to camera images."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "everyday photos")
    roles = {"audio": "audio", "fewer images": "fewer images", "text": "text"}
    return letter_question(spec, 13, prompt, options, answer, roles,
                            "Transfer from task A to task B makes sense when both have the same "
                            "input, A has much more data than B, and A's low-level features "
                            "are likely to help B.")


def _r_q14(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q14"]
    small = draw.chance()
    n_new = draw.integer(150, 1500, 50) if small else draw.integer(150_000, 600_000, 10_000)
    fig["n_new_task"] = n_new
    task = "worn-out lane markings"
    prompt = (
        f"A customer now also wants the camera to spot **{task}**. Your sign network has "
        f"learnt a lot about road images. You have {count(n_new)} labelled images for the new "
        "task (`road.data.n_new_task`). How do you reuse the network?"
    )
    how = (f"With only {count(n_new)} images" if small else
           f"With as many as {count(n_new)} images")
    items = [
        Item("last layer", "Replace the output layer, freeze the pre-trained layers, and train "
              "only the new output layer (perhaps the last layer or two).", small,
              f"{how}, training only the last layer keeps the general features and leaves "
              "few parameters to fit, so it does not overfit." if small else
              f"{how} there is enough data to adapt every layer; freezing them would leave "
              "accuracy on the table."),
        Item("all layers", "Replace the output layer and retrain all layers, starting from the "
              "pre-trained weights (fine-tuning).", not small,
              f"{how}, every layer can be adapted to the new task, and the pre-trained "
              "weights are a good starting point." if not small else
              f"{how}, retraining every layer would overfit them; keep the pre-trained layers "
              "fixed."),
        Item("keep old output", "Keep the sign network's output layer and simply train it more "
              "on the new images.", False,
              "The old output layer answers the old question (which signs); the new task "
              "needs its own output layer."),
        Item("first layer only", "Replace the output layer and retrain only the first layer, "
              "freezing all the others.", False,
              "The first layers hold the general features (edges, textures) worth keeping; "
              "the task-specific ones are the last."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "last layer" if small else "all layers")
    roles = {"opposite": "all layers" if small else "last layer",
             "keep old output": "keep old output", "first layer only": "first layer only"}
    return letter_question(spec, 14, prompt, options, answer, roles)


def _r_q15(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _ROAD_SPECS["q15"]
    direct = draw.chance()
    if direct:
        n_pairs = draw.integer(2_000_000, 8_000_000, 500_000)
        prompt = (
            f"Next, reading speed limits: from a cropped image of a speed-limit sign, output the "
            f"number on it. You have {count(n_pairs)} (cropped sign, number) pairs from the "
            "fleet, but no labels saying where each digit is. A colleague proposes to do it in "
            "steps: locate each digit, classify the digits one by one, then assemble the "
            "number. What do you do?"
        )
        steps_text = ("Follow the colleague's steps: locate each digit, classify the digits one "
                      "by one, assemble the number — training each step on its own data.")
    else:
        n_pairs = draw.integer(5_000, 40_000, 1_000)
        n_det = draw.integer(1_000_000, 5_000_000, 500_000)
        fig["n_detection_images"] = n_det
        steps_text = ("Split it into learned steps — first detect cars, pedestrians and traffic "
                      "lights, then decide from what was detected — training each step on its "
                      "own data.")
        prompt = (
            f"Next, braking: from the camera image, decide whether the car should brake. You "
            f"have {count(n_pairs)} (camera image, driver's braking decision) pairs from test "
            f"drives, but {count(n_det)} images in which cars, pedestrians and traffic lights "
            "are labelled. What do you do?"
        )
    fig["n_pairs"] = n_pairs
    items = [
        Item("end to end", "Learn the whole mapping with one network, end to end, from the "
              "image to the output.", direct,
              f"{count(n_pairs)} direct (input, output) pairs is a lot for this mapping: "
              "let the network learn the intermediate steps itself." if direct else
              f"{count(n_pairs)} direct (image, decision) pairs is far too little for a "
              "network to learn everything between pixels and braking."),
        Item("in steps", steps_text, not direct,
              f"Each step is simpler, and there is plenty of data for the first one "
              f"({count(fig.get('n_detection_images', 0))} labelled images)." if not direct
              else "There are no labels for the intermediate steps (where each digit is), "
                   "while there are plenty of direct pairs: one network can learn the steps "
                   "itself."),
        Item("hand rules", "Skip learning and write hand-made rules for the whole task.", False,
              "Rules written by hand give up on the data you have and rarely cope with the "
              "variety of real roads."),
        Item("more hand stages", "Add more hand-designed stages (hand-made edge and colour "
              "features) before any learning happens.", False,
              "More hand-designed stages cap what the system can learn; the choice is between "
              "learning end to end and learning in steps."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "end to end" if direct else "in steps")
    roles = {"opposite": "in steps" if direct else "end to end", "hand rules": "hand rules",
             "more hand stages": "more hand stages"}
    return letter_question(spec, 15, prompt, options, answer, roles,
                            "End-to-end learning needs lots of data for the whole mapping; "
                            "with little of it but plenty for simpler sub-tasks, learn in "
                            "steps.")


@lru_cache(maxsize=256)
def _road(normalized: str) -> SolvedScenario:
    seed = learner_seed(normalized, "road_signs")
    draw = Draw(seed)
    n_car = draw.integer(60_000, 150_000, 5_000)
    kinds = tuple(sorted(draw.sample(_KINDS, draw.integer(4, 6)), key=_KINDS.index))
    fig: dict[str, Any] = {
        "n_car": n_car,
        "n_web": draw.integer(600_000, 1_500_000, 50_000),
        "dev_test_size": draw.pick((5_000, 10_000, 15_000)),
        "kinds": kinds,
    }
    questions = [_r_q01(draw, fig), _r_q02(draw, fig)]
    questions += list(_r_q03_q04(draw, fig))
    questions += [_r_q05(draw, fig), _r_q06(draw, fig), _r_q07(draw, fig)]
    questions += list(_r_q08_q09(draw, fig))
    questions += [_r_q10(draw, fig), _r_q11(draw, fig), _r_q12(draw, fig), _r_q13(draw, fig),
                  _r_q14(draw, fig), _r_q15(draw, fig)]
    questions += more_road_questions(draw, fig)
    story = (
        "## The brief: road signs and traffic lights\n\n"
        "You work for a start-up that builds driver-assistance software. A car's front camera "
        "sends images, and your network must say which of these "
        f"**{len(kinds)} kinds** of object each image contains: {', '.join(kinds)}. One image "
        "can contain several kinds at once, or none.\n\n"
        "You have two sources of labelled images:\n\n"
        f"- **{count(n_car)}** images from your own cars' front cameras — exactly the kind of "
        "images the product will see;\n"
        f"- **{count(fig['n_web'])}** images collected from the internet: sharper, mostly in "
        "daylight, often centred on the sign.\n\n"
        "The product will be judged on images from your cars. The questions follow the "
        "project for about a year. The figures are in `road.data` (e.g. `road.data.n_car`)."
    )
    scenario = Scenario("road_signs", "Autonomous driving: road signs and traffic lights",
                        normalized, "w2_11_", story, Figures(fig),
                        tuple(s.question for s in questions))
    return SolvedScenario(scenario, {s.question.id: s.solution for s in questions})


def solve_road_signs(learner_id: str = DEFAULT_LEARNER) -> SolvedScenario:
    """The week-2 flight simulator for one learner (road signs), with its solutions.

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
    >>> road = solve_road_signs("ada")
    >>> road.question(8).spec.kind
    'choice'
    >>> from course_lib.strategy import diagnose
    >>> diagnose(**road.data.ladder, unit="percent").focus[0] == road.answer("q08")
    True
    """
    found = _road(normalize_learner_id(learner_id))
    return SolvedScenario(found.scenario.with_learner_id(learner_id), found.solutions)
