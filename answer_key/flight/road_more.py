"""Week 2's flight simulator, questions 16-21: judgement the first fifteen leave out.

Each function draws its figures from the learner's :class:`~answer_key.flight.draw.Draw`
(after those of questions 1-15, so their numbers do not move), writes them into the
learner's figures and returns the solved question:

- question 16: training and dev error with no training-dev set -- not enough to tell
  variance from data mismatch;
- question 17: the largest error category is not the first job when it cannot be fixed in
  time;
- question 18: which images an error analysis looks at;
- question 19: transfer learning, multi-task learning, or neither;
- question 20: a pipeline of learned steps is not end to end;
- question 21: two large gaps at once.
"""

from __future__ import annotations

from typing import Any

from answer_key.flight.draw import (
    Draw,
    Item,
    letter_question,
    letters_question,
    make_options,
    set_roles,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, solved
from course_lib import strategy
from course_lib.flight.road_signs_questions import LATER_CATEGORIES, ROAD_SIGNS_QUESTIONS
from course_lib.flight.text import count, md_table, num, points_text, rounded

__all__ = ["MORE_ROAD", "more_road_questions"]

_SPECS = spec_index(ROAD_SIGNS_QUESTIONS)
_BIAS, _VAR = strategy.AVOIDABLE_BIAS, strategy.VARIANCE
_MISMATCH, _OVERFIT = strategy.DATA_MISMATCH, strategy.DEV_OVERFITTING


def _r_q16(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q16"]
    human = draw.grid(0.3, 0.8, 0.1)
    train = rounded(human + draw.grid(0.2, 0.6, 0.1), 1)
    dev = rounded(train + draw.grid(2.0, 5.0, 0.1), 1)
    fig["new_country"] = {"human": human, "train": train, "dev": dev}
    gap = rounded(dev - train, 1)
    prompt = (
        "The start-up expands abroad. The new network trains on internet images of the "
        f"other country's signs plus your own images; careful labellers reach {num(human, 1)} "
        f"% error. Its training error is {num(train, 1)} % and its error on a dev set of car "
        f"images from the new country {num(dev, 1)} % (`road.data.new_country`). A teammate "
        "says: \"the internet images are easier than our car images, that's the whole gap.\" "
        "What do you say?"
    )
    items = [
        Item("not enough", "We cannot tell yet: hold out a training-dev set (images from the "
             "training mix the network does not train on) and compare its error with the "
             "training and dev errors.", True,
             f"The {points_text(gap, 1)} between training and dev error can be variance (the "
             "network does worse on any image it has not trained on) or data mismatch (the "
             "car images are harder), or both. A training-dev error close to the training "
             "error would point at mismatch, one close to the dev error at variance."),
        Item("mismatch assumed", "The teammate is right: the gap is data mismatch, so make the "
             "training data more like the car images.", False,
             "It may be, but these numbers cannot show it: without a training-dev set the "
             "same gap could just as well be variance."),
        Item("variance assumed", "No: a gap between dev and training error is variance, so "
             "add regularisation.", False,
             "Dev − training is variance only when training and dev images come from the same "
             "distribution; here they do not, so part or all of it may be data mismatch."),
        Item("relabel dev", "The dev labels must be wrong: check and relabel the dev set "
             "first.", False,
             "Nothing points at wrong labels; a large dev − training gap is what variance or "
             "a change of distribution look like."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"mismatch assumed": "mismatch assumed", "variance assumed": "variance assumed",
             "relabel dev": "relabel dev"}
    return letter_question(spec, 16, prompt, options, answer, roles)


def _r_q17(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q17"]

    def pick() -> tuple[float, int, dict[str, int], dict[str, int], int]:
        e = draw.grid(3.0, 6.0, 0.1)
        n = draw.pick((100, 150, 200))
        budget = draw.integer(4, 8)
        cats = draw.shuffled(list(LATER_CATEGORIES))
        shares = {cats[0]: draw.grid(0.35, 0.5, 0.01),     # the biggest, too slow to fix
                  cats[1]: draw.grid(0.18, 0.28, 0.01),    # the best use of the time
                  cats[2]: draw.grid(0.03, 0.08, 0.01),    # the quickest, small
                  cats[3]: draw.grid(0.08, 0.15, 0.01),
                  cats[4]: draw.grid(0.05, 0.12, 0.01)}
        weeks = {cats[0]: budget + draw.integer(6, 20), cats[1]: budget - draw.integer(0, 2),
                 cats[2]: 1, cats[3]: budget + draw.integer(2, 8),
                 cats[4]: draw.integer(2, budget)}
        counts = {c: int(round(shares[c] * n)) for c in LATER_CATEGORIES}
        return e, n, counts, {c: weeks[c] for c in LATER_CATEGORIES}, budget

    def gains(v: tuple[float, int, dict[str, int], dict[str, int], int]) -> dict[str, float]:
        e, n, counts, _, _ = v
        return {c: e * k / n for c, k in counts.items()}

    def ok(v: tuple[float, int, dict[str, int], dict[str, int], int]) -> bool:
        _, _, counts, weeks, budget = v
        g = gains(v)
        fits = sorted((c for c in counts if weeks[c] <= budget), key=lambda c: -g[c])
        biggest = max(counts, key=counts.__getitem__)
        quickest = min(weeks, key=weeks.__getitem__)
        return (len(fits) >= 2 and weeks[biggest] > budget and quickest != fits[0]
                and sum(w == weeks[quickest] for w in weeks.values()) == 1
                and g[fits[0]] >= 1.3 * g[fits[1]] and min(counts.values()) >= 1)

    e, n, counts, weeks, budget = until(pick, ok, "a later error analysis")
    g = gains((e, n, counts, weeks, budget))
    fig["later_analysis"] = {"dev_error": e, "n_inspected": n, "mistakes": dict(counts),
                             "weeks_to_fix": dict(weeks), "weeks_left": budget}
    fits = [c for c in LATER_CATEGORIES if weeks[c] <= budget]
    answer = max(fits, key=g.__getitem__)
    biggest = max(counts, key=counts.__getitem__)
    quickest = min(weeks, key=weeks.__getitem__)
    md = md_table(["category", "mistakes", "share", "weeks to fix (team's estimate)"],
                  [(c, counts[c], f"{100 * counts[c] / n:.0f} %", weeks[c])
                   for c in LATER_CATEGORIES])
    prompt = (
        f"A year in, the dev error is {num(e, 1)} %. A new error analysis of {n} dev mistakes, "
        "with the team's estimate of how long each fix would take "
        f"(`road.data.later_analysis`):\n\n{md}\n\nThe next release is in **{budget} weeks**, "
        "and the team can work on one category until then. Which one? (Assume a fix removes "
        "every mistake of its category.)"
    )
    lines = [f"- {c}: {num(e, 1)} × {counts[c]}/{n} = {points_text(g[c])} removed, "
             f"{weeks[c]} week{'s' if weeks[c] != 1 else ''}"
             + ("" if weeks[c] <= budget else " — too late")
             for c in sorted(LATER_CATEGORIES, key=lambda c: -g[c])]
    explanation = (
        f"**{answer}**. Error analysis gives each category a ceiling, but the priority also "
        "weighs what a fix costs. Only the fixes that fit in the "
        f"{budget} weeks can pay before the release; among them, \"{answer}\" removes the "
        "most dev error:\n" + "\n".join(lines)
        + f"\n\n\"{biggest}\" has the most room, but its fix ({weeks[biggest]} weeks) would not "
        f"be ready; \"{quickest}\" is quick but removes only {points_text(g[quickest])}. "
        "(After the release, the biggest category may well be next.)"
    )
    wrong = {"biggest": biggest, "quickest": quickest}
    return solved(spec, 17, prompt, (), answer, explanation, wrong)


def _r_q18(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q18"]
    n_dev = fig["dev_test_size"]
    e = draw.grid(4.0, 9.0, 0.5)
    k = draw.pick((100, 150, 200))
    mistakes = int(round(n_dev * e / 100))
    fig["inspection"] = {"dev_images": n_dev, "dev_error": e}
    prompt = (
        f"A new colleague will run the next error analysis. Your dev set has {count(n_dev)} car "
        f"images and the dev error is {num(e, 1)} % (`road.data.inspection`). Which images "
        "should they look at?"
    )
    items = [
        Item("dev mistakes", f"About {k} of the {count(mistakes)} dev images the system gets "
             "wrong, picked at random, each tagged with what it shows.", True,
             f"Error analysis is about mistakes, on the distribution you aim at: the "
             f"{count(mistakes)} misclassified dev images are car images, and {k} of them are "
             "enough to estimate each category's share."),
        Item("training mistakes", f"About {k} misclassified training images, since the "
             "training set is by far the largest.", False,
             "The training set is mostly internet images, and the network has trained on them; "
             "their mistakes say little about what fails on the cars' images."),
        Item("test mistakes", f"About {k} misclassified test images, since the test set gives "
             "the final verdict.", False,
             "Acting on what the test set gets wrong tunes the system to the test set, and its "
             "error stops being an unbiased estimate."),
        Item("random dev images", f"About {k} dev images picked at random, right or wrong, to "
             "see the system's typical behaviour.", False,
             f"With {num(e, 1)} % dev error, only about {round(k * e / 100)} of them would be "
             "mistakes: most of the time would go on images the system already gets right."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"training mistakes": "training mistakes", "test mistakes": "test mistakes",
             "random dev images": "random dev images"}
    return letter_question(spec, 18, prompt, options, answer, roles)


def _r_q19(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q19"]
    transfer = draw.chance()
    n_target = draw.integer(300, 1500, 100)
    if transfer:
        n_source = draw.integer(2_000_000, 8_000_000, 500_000)
        source = (f"your sign network, trained on {count(n_source)} road images, and a new "
                  f"task — spotting road works — with only {count(n_target)} labelled images")
    else:
        n_source = draw.integer(3_000, 20_000, 1_000)
        source = (f"a network that recognises engine faults from {count(n_source)} hours of "
                  f"engine sound, and a new camera task — spotting road works — with "
                  f"{count(n_target)} labelled images")
    fig["other_tasks"] = {"transfer_source": "road images" if transfer else "engine sound",
                          "source_size": n_source, "target_images": n_target}
    prompt = (
        f"The team has {source} (`road.data.other_tasks`). Only the road-works task needs "
        "improving. Which approach fits?"
    )
    items = [
        Item("transfer", "Transfer learning: start the road-works network from the other "
             "network's weights, with a new output layer, and train on the road-works "
             "images.", transfer,
             f"Same kind of input (camera images), far more data in the source task "
             f"({count(n_source)} vs {count(n_target)}), and low-level features — edges, "
             "shapes, colours — that road works need too." if transfer else
             "The source network listens to engine sound; what it learnt does not carry over "
             "to camera images, whatever its amount of data."),
        Item("multi-task", "Multi-task learning: one network trained on both tasks at once, "
             "with one output per task.", False,
             "Multi-task learning pays when the tasks share low-level features and have "
             "comparable amounts of data, and you want all of them; here only one task needs "
             "improving" + (", and the data are very uneven: transfer does the job more "
                            "simply." if transfer else ", and the inputs are of different "
                            "kinds (sound and images), so there is nothing to share.")),
        Item("neither", "Neither: train the road-works network on its own images, without "
             "the other network.", not transfer,
             "The other network's input is sound, not images: neither transfer nor multi-task "
             "learning has anything to share, so the road-works task learns on its own data."
             if not transfer else
             "It would ignore a network trained on far more images of the same kind, whose "
             "low-level features would help with so few road-works images."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"opposite": "neither" if transfer else "transfer", "multi-task": "multi-task"}
    return letter_question(spec, 19, prompt, options, answer, roles,
                           "Transfer from A to B pays when both take the same input, A has much "
                           "more data than B, and A's low-level features could help B.")


def _r_q20(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q20"]
    pairs = draw.integer(1_000_000, 6_000_000, 500_000)
    boxes = draw.integer(200_000, 900_000, 50_000)
    crops = draw.integer(200_000, 900_000, 50_000)
    one_net_team = draw.pick(("Team North", "Team South"))
    steps_team = "Team South" if one_net_team == "Team North" else "Team North"
    fig["reading_teams"] = {"one_network_pairs": pairs, "detector_images": boxes,
                            "reader_crops": crops}
    prompt = (
        f"Two teams build a speed-limit reader. {one_net_team} trains one network that maps the "
        f"whole camera image straight to the speed limit, on {count(pairs)} (image, limit) "
        f"pairs. {steps_team} trains two networks: one finds the sign "
        f"({count(boxes)} images with boxes), the other reads the number from the cropped sign "
        f"({count(crops)} crops) (`road.data.reading_teams`). Which statement is right?"
    )
    items = [
        Item("one network", f"{one_net_team}'s system is end to end; {steps_team}'s is not, "
             "even though both of its steps are learned.", True,
             f"End to end means one model from input to output. {one_net_team} has that; "
             f"{steps_team} splits the task into two steps with an intermediate output (the "
             "sign's box), however much each step learns."),
        Item("learned steps", f"{steps_team}'s system is more end to end, because each of its "
             "steps is a neural network trained on data.", False,
             "Learning each step does not remove the steps: a two-step pipeline is still a "
             "pipeline, whatever does each step."),
        Item("deep means end to end", "Both systems are equally end to end, since both use "
             "deep neural networks.", False,
             "Both use deep learning, but only one maps input to output in a single model."),
        Item("more data", f"{steps_team}'s system is more end to end, because it uses more "
             "labelled data sets.", False,
             "The number of data sets says nothing about the number of steps; two data sets "
             "for two steps is the mark of a pipeline."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"learned steps": "learned steps", "deep means end to end": "deep means end to end",
             "more data": "more data"}
    return letter_question(spec, 20, prompt, options, answer, roles)


_LADDER_TEXT = {_BIAS: "Avoidable bias (training − human level)",
                _VAR: "Variance (training-dev − training)",
                _MISMATCH: "Data mismatch (dev − training-dev)",
                _OVERFIT: "Dev set overfitting (test − dev)"}


def _r_q21(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q21"]
    pair = draw.pick(((_BIAS, _MISMATCH), (_BIAS, _VAR), (_VAR, _MISMATCH)))
    small = next(p for p in (_BIAS, _VAR, _MISMATCH) if p not in pair)

    def pick() -> dict[str, float]:
        big = {pair[0]: draw.grid(2.0, 5.0, 0.1)}
        big[pair[1]] = rounded(big[pair[0]] * draw.grid(0.7, 0.95, 0.05), 1)
        gaps = {**big, small: draw.grid(0.1, 0.4, 0.1), _OVERFIT: draw.grid(0.1, 0.3, 0.1)}
        human = draw.grid(0.3, 1.0, 0.1)
        train = rounded(human + gaps[_BIAS], 1)
        train_dev = rounded(train + gaps[_VAR], 1)
        dev = rounded(train_dev + gaps[_MISMATCH], 1)
        return {"human": human, "train": train, "train_dev": train_dev, "dev": dev,
                "test": rounded(dev + gaps[_OVERFIT], 1)}

    def ok(v: dict[str, float]) -> bool:
        d = strategy.diagnose(**v, unit="percent")
        g = d.gaps
        return (set(d.focus) == set(pair) and min(g[pair[0]], g[pair[1]]) >= 1.5
                and max(g[small], g[_OVERFIT]) <= 0.2 * min(g[pair[0]], g[pair[1]]))

    ladder = until(pick, ok, "a ladder with two large gaps")
    fig["two_gaps"] = dict(ladder)
    d = strategy.diagnose(**ladder, unit="percent")
    g = d.gaps
    md = md_table(["", "error (%)"], [("human level", num(ladder["human"], 1)),
                                       ("training", num(ladder["train"], 1)),
                                       ("training-dev", num(ladder["train_dev"], 1)),
                                       ("dev (car images)", num(ladder["dev"], 1)),
                                       ("test (car images)", num(ladder["test"], 1))])
    prompt = (
        "The model for the new country, with a training-dev set this time "
        f"(`road.data.two_gaps`):\n\n{md}\n\nWhich problems are worth working on? Answer "
        "with the set of letters of every problem that is large here."
    )
    tags = (_BIAS, _VAR, _MISMATCH, _OVERFIT)
    items = [Item(p, _LADDER_TEXT[p], p in pair,
                  f"its gap is {points_text(g[p], 1)}"
                  + (", one of the two large ones." if p in pair else
                     f", small next to {points_text(g[pair[0]], 1)} and "
                     f"{points_text(g[pair[1]], 1)}."))
             for p in tags]
    options = make_options(draw, items)
    answer = frozenset(o.letter for o in options if o.correct)
    smaller_big = min(pair, key=lambda p: g[p])
    wrong = set_roles(options, answer, add={"small gap too": small, "overfitting": _OVERFIT},
                      drop={"only the largest": smaller_big})
    lead = ("Two gaps are large at once, so both deserve work — often in parallel, by "
            "different people: "
            + " and ".join(_LADDER_TEXT[p].split(" (")[0].lower() for p in pair) + ".")
    return letters_question(spec, 21, prompt, options, answer, wrong, lead)


#: the generators of questions 16-21, in order
MORE_ROAD = (_r_q16, _r_q17, _r_q18, _r_q19, _r_q20, _r_q21)


def more_road_questions(draw: Draw, fig: dict[str, Any]) -> list[Solved]:
    """Questions 16-21 of one learner's road-signs scenario, drawn after questions 1-15.

    Examples
    --------
    >>> from answer_key.flight.draw import Draw
    >>> [q.id for q in more_road_questions(Draw(0), {"dev_test_size": 10_000})]
    ['q16', 'q17', 'q18', 'q19', 'q20', 'q21']
    """
    return [make(draw, fig) for make in MORE_ROAD]
