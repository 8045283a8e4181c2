"""Week 1's flight simulator, questions 16-19: judgement the first fifteen leave out.

Each function draws its figures from the learner's :class:`~answer_key.flight.draw.Draw`
(after those of questions 1-15, so their numbers do not move), writes them into the
learner's figures and returns the solved question:

- question 16: a training and a dev error with no human level -- not enough to tell bias
  from variance;
- question 17: the best human level bounds Bayes error from above; it need not equal it;
- question 18: a regularised network, and which way to turn the regularisation;
- question 19: a training run that takes days, and how to keep the idea-experiment loop fast.
"""

from __future__ import annotations

import math
from typing import Any

from answer_key.flight.draw import (
    Draw,
    Item,
    letter_question,
    make_options,
    separated,
    spec_index,
    until,
)
from answer_key.flight.model import Solved
from course_lib import strategy
from course_lib.flight.birds_questions import BIRDS_QUESTIONS
from course_lib.flight.text import count, num, points_text, rounded

__all__ = ["MORE_BIRDS", "more_birds_questions"]

_SPECS = spec_index(BIRDS_QUESTIONS)


def _b_q16(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q16"]
    train = draw.grid(3.0, 6.0, 0.5)
    dev = rounded(train + draw.grid(0.3, 1.2, 0.1), 1)
    fig["infrared_errors"] = {"train": train, "dev": dev}
    gap = rounded(dev - train, 1)
    low, high = rounded(train - gap / 2, 2), rounded(0.5, 1)
    prompt = (
        "The council adds infrared cameras for the night. Their images are grainy and dark, "
        "and nobody has yet measured how well people can spot a bird in them. A model "
        f"trained on them has a training error of {num(train, 1)} % and a dev error of "
        f"{num(dev, 1)} % (`birds.data.infrared_errors`). What do you conclude?"
    )
    items = [
        Item("not enough", "Not enough to say yet: first estimate the human level on these "
             "images (for instance, let experts label a sample), then compare the gaps.", True,
             "Avoidable bias is training error minus an estimate of Bayes error, and there is "
             "no such estimate for infrared images yet. If experts reached "
             f"{num(low, 2)} %, avoidable bias would be {points_text(train - low)} and the "
             f"variance ({points_text(gap, 1)}) the larger problem; if they reached "
             f"{num(high, 1)} %, avoidable bias ({points_text(train - high)}) would be. The "
             "same numbers support both plans."),
        Item("bayes taken as zero", f"Avoidable bias: a training error of {num(train, 1)} % is "
             f"much larger than the {points_text(gap, 1)} between training and dev error, so "
             "train a bigger network.", False,
             f"That reads all {num(train, 1)} % as avoidable, i.e. assumes Bayes error is 0 %. "
             "On grainy night images even experts may miss many birds."),
        Item("gap alone", "Variance: the dev error is above the training error, so add "
             "regularisation or more training data.", False,
             "There is a gap between dev and training error, but it is the larger problem only "
             "if most of the training error is unavoidable, which nobody knows yet."),
        Item("good enough", f"Neither: {num(train, 1)} % is a low error, so the infrared "
             "alarm can go live as it is.", False,
             "Whether an error is low depends on what can be reached on these images; without "
             "a human level there is nothing to compare it with."),
    ]
    options = make_options(draw, items)
    roles = {"bayes taken as zero": "bayes taken as zero", "gap alone": "gap alone",
             "good enough": "good enough"}
    answer = next(o.letter for o in options if o.tag == "not enough")
    return letter_question(spec, 16, prompt, options, answer, roles)


_SPECIES_HUMANS = ("a keen amateur birdwatcher", "one ornithologist",
                   "a panel of three ornithologists")


def _b_q17(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q17"]

    def pick() -> dict[str, float]:
        return {_SPECIES_HUMANS[0]: draw.grid(5.0, 9.0, 0.5),
                _SPECIES_HUMANS[1]: draw.grid(2.0, 4.0, 0.5),
                _SPECIES_HUMANS[2]: draw.grid(0.8, 1.6, 0.2)}

    levels = until(pick, lambda h: separated([*h.values(), sum(h.values()) / 3], 0.3),
                   "human levels for species")
    fig["species_human_errors"] = dict(levels)
    best = min(levels.values())
    mean = rounded(sum(levels.values()) / 3, 2)
    table = "; ".join(f"{who}: {num(e, 1)} %" for who, e in levels.items())
    prompt = (
        "The council now also wants to know *which* species each detected bird is. People "
        f"labelled a sample of images (`birds.data.species_human_errors`): {table}. A "
        f"teammate writes in the report: \"Bayes error for species is {num(best, 1)} %.\" "
        "Which statement is right?"
    )
    items = [
        Item("at most", f"Bayes error for species is at most {num(best, 1)} %: it may be lower, "
             "since even the panel misses some species a better process could tell.", True,
             f"Bayes error is the lowest error any system could reach. The panel shows that "
             f"{num(best, 1)} % can be reached, so Bayes error is no higher; nothing shows it "
             f"cannot be lower. {num(best, 1)} % is the best *estimate* we have, an upper "
             "bound — not a measurement."),
        Item("equals best human", f"The teammate is right: Bayes error equals the best human "
             f"level, {num(best, 1)} %.", False,
             "The best human level is a proxy for Bayes error, not its value: people make "
             "mistakes too, and a model may one day do better than the panel."),
        Item("humans are the floor", f"Bayes error is at least {num(best, 1)} %: no system can "
             "make fewer mistakes than the best people.", False,
             "That turns the bound upside down: systems can and do beat the best humans on "
             "some tasks, which is only possible when Bayes error is below the human level."),
        Item("average", f"Bayes error is about {num(mean, 2)} %, the average of the three "
             "human levels.", False,
             f"The average mixes good and poor labellers; the panel's {num(best, 1)} % already "
             "shows that a lower error is possible."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.tag == "at most")
    roles = {"equals best human": "equals best human",
             "humans are the floor": "humans are the floor", "average": "average"}
    return letter_question(spec, 17, prompt, options, answer, roles)


def _b_q18(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q18"]
    bias_case = draw.chance()

    def pick() -> tuple[float, float, float]:
        human = draw.grid(0.5, 1.5, 0.1)
        if bias_case:
            bias, var = draw.grid(1.5, 3.5, 0.1), draw.grid(0.1, 0.4, 0.1)
        else:
            bias, var = draw.grid(0.1, 0.4, 0.1), draw.grid(1.5, 3.5, 0.1)
        train = rounded(human + bias, 1)
        return human, train, rounded(train + var, 1)

    def ok(v: tuple[float, float, float]) -> bool:
        d = strategy.diagnose(human=v[0], train=v[1], dev=v[2], unit="percent")
        return d.focus == ((strategy.AVOIDABLE_BIAS,) if bias_case else (strategy.VARIANCE,))

    human, train, dev = until(pick, ok, "a regularised network's errors")
    lam, rate = (draw.pick((0.1, 0.3, 1.0)), draw.pick((0.5, 0.6))) if bias_case else \
        (draw.pick((0.0001, 0.0003, 0.001)), draw.pick((0.0, 0.1)))
    fig["infrared_regularised"] = {"human": human, "train": train, "dev": dev,
                                   "l2_weight": lam, "dropout": rate}
    bias, var = rounded(train - human, 1), rounded(dev - train, 1)
    prompt = (
        f"Experts have now labelled a sample of infrared images: their error is {num(human, 1)} "
        f"%. The night model is trained with an L2 weight λ = {num(lam, 4)} and a dropout "
        f"rate of {num(rate, 1)}; its training error is {num(train, 1)} % and its dev error "
        f"{num(dev, 1)} % (`birds.data.infrared_regularised`). Which change do you try "
        "first?"
    )
    bigger = "avoidable bias" if bias_case else "variance"
    numbers = (f"Avoidable bias = {num(train, 1)} − {num(human, 1)} = {points_text(bias, 1)}, "
               f"variance = {num(dev, 1)} − {num(train, 1)} = {points_text(var, 1)}: "
               f"{bigger} is the larger gap.")
    items = [
        Item("weaker", "Turn the regularisation down: a smaller λ and a lower dropout rate.",
             bias_case,
             (numbers + " Regularisation holds the network back from fitting the training "
              "set; loosening it lets the training error fall towards the human level.")
             if bias_case else
             (numbers + " Loosening the regularisation would let the network fit the training "
              "set even more closely and widen the gap to the dev error.")),
        Item("stronger", "Turn the regularisation up: a larger λ and a higher dropout rate.",
             not bias_case,
             (numbers + " Stronger regularisation makes the network fit the training set less "
              "well, so it would add to the larger gap.")
             if bias_case else
             (numbers + " Stronger regularisation trades a little training fit for better "
              "generalisation, which is what the dev − training gap calls for.")),
        Item("bigger dev set", "Get a bigger dev set.", False,
             "A bigger dev set makes the dev error more precise; it does not change how well "
             "the network fits or generalises."),
        Item("change metric", "Switch the metric from error to the F1 score.", False,
             "The metric is not the problem: changing it changes what you measure, not the "
             "gaps."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.correct)
    roles = {"wrong direction": "stronger" if bias_case else "weaker",
             "bigger dev set": "bigger dev set", "change metric": "change metric"}
    return letter_question(spec, 18, prompt, options, answer, roles)


def _b_q19(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _SPECS["q19"]
    n = fig["n_images"]
    days = draw.integer(10, 18)
    weeks = draw.integer(8, 16, 2)
    share = draw.pick((2, 5))
    hours = math.ceil(days * 24 * share / 100)
    full_runs = (7 * weeks) // days
    sub_runs = (7 * weeks * 24) // hours
    fig["iteration"] = {"days_per_full_run": days, "weeks_left": weeks,
                        "subset_percent": share}
    prompt = (
        f"Training the alarm's network on all {count(n)} images now takes {days} days per "
        f"run, and the council expects a much better alarm in {weeks} weeks. The team has "
        "dozens of ideas to try (`birds.data.iteration`). How do you organise the work?"
    )
    items = [
        Item("subset", f"Try ideas on a random {share} % subset of the training images (about "
             f"{hours} hours per run), keep the promising ones, and train on all images only for "
             "those; ask for faster hardware too.", True,
             f"In {weeks} weeks there is time for only {full_runs} full runs of {days} days, so "
             f"the team would learn from at most {full_runs} experiments. At about {hours} "
             f"hours a run, the subset allows some {sub_runs} runs in the same time: the "
             "idea → experiment → result loop turns many times faster, and the full data is "
             "still used for the final models."),
        Item("always everything", f"Run every experiment on all {count(n)} images: more data "
             "always gives a better model.", False,
             f"Each such experiment costs {days} days, so only {full_runs} ideas could be tried "
             "before the deadline, most of them never."),
        Item("shrink the dev set", "Make the dev set much smaller so that each experiment "
             "finishes sooner.", False,
             "The days go into training, not into scoring the dev set; a smaller dev set would "
             "only make every comparison noisier."),
        Item("many ideas per run", "Put five ideas into every full run, so that each run tests "
             "more of them.", False,
             "If the dev error changes, you cannot tell which of the five changes caused it: "
             "one run still answers at most one question."),
    ]
    options = make_options(draw, items)
    answer = next(o.letter for o in options if o.tag == "subset")
    roles = {"always everything": "always everything", "shrink the dev set": "shrink the dev set",
             "many ideas per run": "many ideas per run"}
    return letter_question(spec, 19, prompt, options, answer, roles)


#: the generators of questions 16-19, in order
MORE_BIRDS = (_b_q16, _b_q17, _b_q18, _b_q19)


def more_birds_questions(draw: Draw, fig: dict[str, Any]) -> list[Solved]:
    """Questions 16-19 of one learner's birds scenario, drawn after questions 1-15.

    Examples
    --------
    >>> from answer_key.flight.draw import Draw
    >>> fig = {"n_images": 10_000_000}
    >>> [q.id for q in more_birds_questions(Draw(0), fig)]
    ['q16', 'q17', 'q18', 'q19']
    """
    return [make(draw, fig) for make in MORE_BIRDS]
