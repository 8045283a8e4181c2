"""Week 1's flight simulator, questions 12-15: months later, is the target still right?

Dev-set overfitting after months of tuning (12), a metric that weights some mistakes more
(13), a new species the dev set must now cover (14) and the knob to turn on the project's
dashboard (15). Each function draws from the learner's
:class:`~answer_key.flight.draw.Draw` in turn, writes its figures and returns the solved
question; :mod:`answer_key.flight.birds` calls them in order.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import numpy as np

from answer_key.flight.draw import (
    LETTERS,
    Draw,
    Item,
    check_roles,
    explain_letter,
    letter_by_tag,
    letter_question,
    make_options,
    spec_index,
    until,
)
from answer_key.flight.model import Solved, SolvedOption, solved
from course_lib import metrics, orthogonalization, strategy
from course_lib.flight.birds_questions import BIRDS_QUESTIONS
from course_lib.flight.text import count, md_table, num, points_text, rounded

__all__ = ["b_q12", "b_q13", "b_q14", "b_q15"]

_BIAS, _VAR = strategy.AVOIDABLE_BIAS, strategy.VARIANCE
_OVERFIT = strategy.DEV_OVERFITTING
_BIRD_SPECS = spec_index(BIRDS_QUESTIONS)
_SPECIES = ("grey heron", "red kite", "sacred ibis", "white stork", "cattle egret")


_FIXES = {
    _OVERFIT: ("bigger dev", "Get a bigger dev set (with fresh images from the cameras)."),
    _BIAS: ("bigger net", "Train a bigger network for longer."),
    _VAR: ("regularise", "Add regularisation, such as dropout or L2 weight decay."),
    "none": ("metric", "Change the evaluation metric: the test set must be measuring the "
             "wrong thing."),
}


def b_q12(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q12"]
    t = fig["bayes_estimate"]

    def pick() -> tuple[float, float, float]:
        gap = draw.grid(1.0, 2.5, 0.1)
        train = rounded(t + draw.grid(0.1, round(0.3 * gap, 1), 0.1))
        dev = rounded(train + draw.grid(0.1, round(0.3 * gap, 1), 0.1))
        return train, dev, rounded(dev + gap)

    def ok(v: tuple[float, float, float]) -> bool:
        d = strategy.diagnose(human=t, train=v[0], dev=v[1], test=v[2], unit="percent")
        others = max(d.avoidable_bias, d.variance)
        return d.focus == (_OVERFIT,) and others <= 0.35 * d.dev_overfitting

    train, dev, test = until(pick, ok, "a tuned model's errors")
    fig["tuned_errors"] = MappingProxyType({"train": train, "dev": dev, "test": test})
    d = strategy.diagnose(human=t, train=train, dev=dev, test=test, unit="percent")
    problem = d.focus[0]
    md = md_table(["", "error (%)"], [("panel of ornithologists", num(t)),
                                       ("training", num(train)),
                                       ("dev", num(dev)), ("test", num(test))])
    prompt = (
        "The team has spent months trying ideas and keeping whatever lowered the dev error. "
        f"Before reporting to the council you measure the test error once:\n\n{md}\n\n"
        "(`birds.data.tuned_errors`; the human level is in `birds.data.human_errors`). What "
        "should the team do next?"
    )
    whys = {
        _OVERFIT: f"Test − dev = {points_text(d.dev_overfitting)} is by far the largest gap: "
                  "after so many choices made on the same dev set, the model has been tuned "
                  "to that dev set. A bigger (refreshed) dev set fixes that.",
        _BIAS: f"Avoidable bias is only {points_text(d.avoidable_bias)}; a bigger network "
               "targets a gap that is small here.",
        _VAR: f"Variance (dev − training) is only {points_text(d.variance)}; regularisation "
              "targets a gap that is small here.",
        "none": "The metric is not the issue: the test set measures the same thing as the dev "
                "set; the model simply does worse on images the team never tuned on.",
    }
    items = [Item(tag, text, key == problem, whys[key]) for key, (tag, text) in _FIXES.items()]
    options = make_options(draw, items)
    answer = letter_by_tag(options, _FIXES[problem][0])
    roles = {"bias fix": "bigger net", "variance fix": "regularise", "change metric": "metric"}
    lead = ("Each idea kept because it lowered the dev error also fitted a little of the dev "
            "set's own noise; after hundreds of such choices the dev error is optimistic, and "
            "only a set that never helped to choose — the test set — shows it (the tuning "
            "experiment of week 1, notebook 06).")
    return letter_question(spec, 12, prompt, options, answer, roles, lead)


def _weighted(n_other: int, n_crit: int, e_other: int, e_crit: int, weight: int) -> float:
    """Weighted error of a model, computed with :func:`course_lib.metrics.weighted_error`."""
    y_true = np.zeros(n_other + n_crit, dtype=int)
    y_pred = y_true.copy()
    y_pred[:e_other] = 1
    y_pred[n_other:n_other + e_crit] = 1
    weights = np.ones(n_other + n_crit)
    weights[n_other:] = weight
    return metrics.weighted_error(y_true, y_pred, weights)


def b_q13(draw: Draw, fig: dict[str, Any]) -> tuple[Solved, tuple[Any, ...]]:
    import pandas as pd

    spec = _BIRD_SPECS["q13"]

    def pick() -> tuple[int, int, int, list[tuple[int, int]]]:
        n = draw.pick((10_000, 20_000, 25_000, 40_000))
        n_crit = int(n * draw.grid(0.02, 0.06, 0.005))
        weight = draw.pick((5, 10, 20))
        models = []
        for _ in range(3):
            total = int(n * draw.grid(0.012, 0.03, 0.001))
            crit = int(n_crit * draw.grid(0.02, 0.35, 0.01))
            models.append((total - crit, crit))
        return n, n_crit, weight, models

    def ok(v: tuple[int, int, int, list[tuple[int, int]]]) -> bool:
        n, n_crit, weight, models = v
        plain = [(o + c) / n for o, c in models]
        weighted = [_weighted(n - n_crit, n_crit, o, c, weight) for o, c in models]
        p_sorted, w_sorted = sorted(plain), sorted(weighted)
        return (int(np.argmin(plain)) != int(np.argmin(weighted))
                and p_sorted[1] - p_sorted[0] >= 0.001
                and w_sorted[1] >= 1.1 * w_sorted[0]
                and all(o > 0 for o, _ in models))

    n, n_crit, weight, models = until(pick, ok, "three models for a weighted metric")
    n_other = n - n_crit
    rows = tuple((LETTERS[i], o, c) for i, (o, c) in enumerate(models))
    fig["weighted"] = MappingProxyType({"n_other": n_other, "n_critical": n_crit,
                                        "weight": weight})

    def table() -> pd.DataFrame:
        frame = pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows],
                             columns=["other_mistakes", "critical_mistakes"])
        frame.index.name = "model"
        return frame

    plain = {name: (o + c) / n for name, o, c in rows}
    weighted = {name: _weighted(n_other, n_crit, o, c, weight) for name, o, c in rows}
    answer = min(weighted, key=weighted.__getitem__)
    plain_best = min(plain, key=plain.__getitem__)
    third = next(name for name, *_ in rows if name not in (answer, plain_best))
    md = md_table(["model", "mistakes on other images", "missed large birds", "plain error"],
                   [(name, count(o), count(c), f"{100 * plain[name]:.2f} %")
                    for name, o, c in rows])
    prompt = (
        f"The airport complains: a missed large bird near the runway is far worse than any "
        f"other mistake. The council asks you to count each such miss as **{weight}** "
        f"mistakes. Your dev set has {count(n)} images, of which {count(n_crit)} show large "
        f"birds near the airport. Three models (`birds.data.weighted_models`; the weight and "
        f"counts are in `birds.data.weighted`):\n\n{md}\n\n"
        "Which model is best under the new, weighted error, where each image's mistake counts "
        "with its weight and the total is divided by the sum of the weights?"
    )

    def line(name: str) -> str:
        o, c = next((o, c) for nm, o, c in rows if nm == name)
        return (f"({count(o)} + {weight}×{count(c)}) / ({count(n_other)} + "
                f"{weight}×{count(n_crit)}) = {100 * weighted[name]:.2f} %")

    whys = {
        answer: f"Its weighted error is the lowest: {line(answer)}.",
        plain_best: f"It has the lowest plain error ({100 * plain[plain_best]:.2f} %), but it "
                    f"misses many large birds: {line(plain_best)}.",
        third: f"Its weighted error is higher: {line(third)}.",
    }
    options = tuple(SolvedOption(name, f"model {name}", name, name == answer, whys[name])
                    for name, *_ in rows)
    wrong = {"plain error": plain_best, "other": third}
    check_roles(spec, wrong)
    lead = ("When the metric no longer ranks models the way the users would, change the "
            "metric — here by weighting the mistakes that matter most.")
    question = solved(spec, 13, prompt, (), answer, explain_letter(options, lead), wrong)
    return question, rows


def b_q14(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q14"]
    species = draw.pick(_SPECIES)
    k = draw.integer(500, 3000, 100)
    pct = 100 * k / fig["n_images"]
    fig["new_species"], fig["new_species_images"] = species, k
    prompt = (
        f"A new species — the {species} — has started to cross Peacetopia, and the alarm "
        f"misses most of them. The council wants them detected too. You have {count(k)} "
        f"labelled images of it, next to {count(fig['n_images'])} images of the other "
        "birds. What do you do?"
    )
    items = [
        Item("new target", "Put these images into the dev and test sets (changing the metric "
              "too if needed) so that they measure what the council now wants, and use the "
              "rest for training; then let the new target drive the next steps.", True,
              "The goal has changed, so the target must change: a dev/test set without the "
              "new species cannot tell whether the alarm gets better at what now matters."),
        Item("training only", f"Add all {count(k)} images to the training set and keep the "
              "dev and test sets as they are.", False,
              "Training on them is fine, but the old dev and test sets contain no "
              f"{species}: they cannot show whether the alarm now detects it."),
        Item("ignore", f"Do nothing: {count(k)} images are only {num(pct, 3)} % of the data "
              "and cannot change anything.", False,
              "What matters is what the council needs, not the share of the data: a handful "
              "of images is enough to build a target that includes the new species."),
        Item("wait", "Wait until there are as many images of the new species as of the "
              "others before changing the dev set or the metric.", False,
              "There is no need to wait for a perfect dev set: set up a target that reflects "
              "the new need now, and refine it later."),
    ]
    options = make_options(draw, items)
    answer = letter_by_tag(options, "new target")
    roles = {"training only": "training only", "ignore": "ignore", "wait": "wait"}
    return letter_question(spec, 14, prompt, options, answer, roles)


_KNOB_TEXT = {
    "train": "Train a bigger network, or use a better optimiser.",
    "dev": "Add regularisation, or get a bigger training set.",
    "test": "Get a bigger dev set.",
    "real world": "Change the dev set or the cost function (the metric).",
}


def b_q15(draw: Draw, fig: dict[str, Any]) -> Solved:
    spec = _BIRD_SPECS["q15"]
    steps = orthogonalization.STEPS

    def pick() -> tuple[dict[str, float], dict[str, float], str]:
        failing = draw.pick(steps)
        targets = {"train": draw.grid(0.3, 0.6, 0.1), "dev": draw.grid(0.7, 1.0, 0.1),
                   "test": draw.grid(0.8, 1.2, 0.1), "real world": draw.grid(1.5, 2.5, 0.1)}
        results: dict[str, float] = {}
        broken = False
        for step in steps:
            if step == failing:
                broken = True
                results[step] = rounded(targets[step] * draw.grid(1.5, 2.5, 0.1), 1)
            elif broken:
                results[step] = rounded(targets[step] * draw.grid(1.3, 2.5, 0.1), 1)
            else:
                results[step] = rounded(targets[step] * draw.grid(0.5, 0.8, 0.05), 1)
        return results, targets, failing

    def ok(v: tuple[dict[str, float], dict[str, float], str]) -> bool:
        results, targets, failing = v
        values = list(results.values())
        if any(b < a for a, b in zip(values, values[1:], strict=False)) or min(values) <= 0:
            return False
        fractions = {k: x / 100 for k, x in results.items()}
        limits = {k: x / 100 for k, x in targets.items()}
        found = orthogonalization.first_failing_step(fractions, limits)
        before = steps[:steps.index(failing)]
        return (found == failing and results[failing] >= 1.3 * targets[failing]
                and all(results[s] <= 0.85 * targets[s] for s in before))

    results, targets, _ = until(pick, ok, "a project dashboard")
    fig["dashboard"] = MappingProxyType({"results": MappingProxyType(results),
                                         "targets": MappingProxyType(targets)})
    failing = orthogonalization.first_failing_step({k: v / 100 for k, v in results.items()},
                                                   {k: v / 100 for k, v in targets.items()})
    names = {"train": "training set", "dev": "dev set", "test": "test set",
             "real world": "real world (share of alarms the council rejects)"}
    md = md_table(["link", "error (%)", "target (%)"],
                   [(names[s], num(results[s], 1), num(targets[s], 1)) for s in steps])
    prompt = (
        "The council's dashboard after the last release (`birds.data.dashboard`, in "
        f"percent):\n\n{md}\n\nWhich knob should the team turn first?"
    )
    whys = {}
    for step in steps:
        if step == failing:
            later = ("; the links after it cannot be judged until it holds"
                     if step != steps[-1] else "")
            whys[step] = (f"The {names[step].split(' (')[0]} is the first link that misses its "
                          f"target ({num(results[step], 1)} % > {num(targets[step], 1)} %), "
                          f"and this knob acts on that link alone{later}.")
        elif steps.index(step) < steps.index(failing):
            whys[step] = (f"The {names[step].split(' (')[0]} meets its target "
                          f"({num(results[step], 1)} % ≤ {num(targets[step], 1)} %); this "
                          "knob acts on that link.")
        elif results[step] > targets[step]:
            whys[step] = (f"The {names[step].split(' (')[0]} misses its target too, but it "
                          "comes after the first broken link; fix the earlier one first.")
        else:
            whys[step] = (f"The {names[step].split(' (')[0]} comes after the first broken "
                          "link; fix the earlier one first.")
    items = [Item(step, _KNOB_TEXT[step], step == failing, whys[step]) for step in steps]
    options = make_options(draw, items)
    answer = letter_by_tag(options, failing)
    others = [s for s in steps if s != failing]
    roles = {f"other link {i + 1}": s for i, s in enumerate(others)}
    return letter_question(spec, 15, prompt, options, answer, roles)
