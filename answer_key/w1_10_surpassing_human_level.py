"""Answer key of week 1, notebook 10: surpassing human-level performance."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w1_10_surpassing_human_level import LOTS_OF_DATA, problem_table


def _random_focus_cases(rng: np.random.Generator) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < 30:
        n = int(rng.integers(1, 4))
        levels = {f"reader {j + 1}": float(rng.uniform(0.002, 0.08)) for j in range(n)}
        best = min(levels.values())
        train = float(rng.uniform(0.0, 2 * best))
        dev = float(min(train + rng.uniform(0.0, 2 * best), 0.99))
        variance, bias = dev - train, train - best
        if abs(variance - train) < 1e-4 or abs(bias - variance) < 1e-4 or abs(train - best) < 1e-4:
            continue  # no near-ties: float noise must not decide
        if train >= best and max(bias, variance) <= 0:
            continue
        cases.append(Case(f"random situation #{len(cases) + 1}", (levels, train, dev)))
    return cases


def _select(structured: bool = True, enough: bool = True) -> set[str]:
    table = problem_table()
    keep = np.ones(len(table), dtype=bool)
    if structured:
        keep &= (table["input"] == "structured").to_numpy()
    if enough:
        keep &= (table["n_examples"] >= LOTS_OF_DATA).to_numpy()
    return set(table.index[keep])


def machine_territory() -> set[str]:
    """Reference: structured input (not natural perception) and lots of data."""
    return _select()


# --- decisions ----------------------------------------------------------------------------

def _past_right(d: Decision) -> str:
    train, dev = d.data["train"], d.data["dev"]
    return "regularise" if dev - train > train else "cannot_tell"


def _past_explanation(d: Decision) -> str:
    human, train, dev = (d.data[k] for k in ("human", "train", "dev"))
    variance = dev - train
    letter = d.letter
    text = (
        f"The training error, {train:.2%}, is below the best people's {human:.2%}, so their "
        "error no longer estimates Bayes error: all you know is that Bayes error is between 0 "
        f"and {human:.2%}, so the avoidable bias is at most the training error, "
        f"{100 * train:.2f} points, and may be close to 0. The variance is {dev:.2%} - "
        f"{train:.2%} = {100 * variance:.2f} points. "
    )
    if _past_right(d) == "regularise":
        text += (
            f"That is more than any possible avoidable bias, so variance is the larger gap "
            f"whatever Bayes error is: **{letter('regularise')}**. "
            f"**{letter('cannot_tell')}** overlooks that bound: here the numbers do decide. "
        )
    else:
        text += (
            "Depending on where Bayes error lies, the avoidable bias can be larger or smaller "
            f"than that, so the numbers cannot decide: **{letter('cannot_tell')}**. "
            f"**{letter('regularise')}** treats a negative avoidable bias as no bias at all. "
        )
    return text + (
        f"**{letter('bigger_model')}** assumes the avoidable bias is the larger gap, which "
        f"nothing here shows. **{letter('stop')}** mistakes beating people for reaching Bayes "
        "error: progress gets harder to steer, it does not end."
    )


def _projects(d: Decision) -> dict[str, dict[str, object]]:
    return {key: dict(value) for key, value in d.data.items()}


def _pick(d: Decision, structured: bool, large: bool) -> str:
    return next(key for key, p in _projects(d).items()
                if (p["input"] == "a table") == structured
                and (int(p["n_examples"]) >= LOTS_OF_DATA) == large)


def _most_room(d: Decision) -> str:
    return max(_projects(d).items(), key=lambda item: float(item[1]["staff_error"]))[0]


def _machines_explanation(d: Decision) -> str:
    projects = _projects(d)
    right = _pick(d, True, True)
    small, perception, room = _pick(d, True, False), _pick(d, False, True), _most_room(d)

    def n(key: str) -> str:
        return f"{int(projects[key]['n_examples']):,}"

    return (
        f"Machines beat people first where the input is structured (a table, not natural "
        f"perception) and there is far more data than anyone could study: "
        f"**{d.letter(right)}**, with {n(right)} labelled examples. **{d.letter(small)}** is "
        f"structured too, but {n(small)} examples are fewer than an experienced member of "
        f"staff has seen. **{d.letter(perception)}** has {n(perception)} examples, but its "
        f"input is {projects[perception]['input']}: people are very good at natural "
        "perception, so passing them is much harder. **"
        f"{d.letter(room)}** has the highest staff error "
        f"({float(projects[room]['staff_error']):.1%}), which says the task is hard for "
        f"people, not that a model will beat them — and it has only {n(room)} examples of "
        f"{projects[room]['input']}."
    )


KEYS = keys_by_id([
    decision_key("w1_10_past_human", _past_right,
                 wrong={"the bound not used": lambda d: ("cannot_tell"
                                                         if _past_right(d) == "regularise"
                                                         else "regularise"),
                        "bias assumed larger": lambda d: "bigger_model",
                        "beating people is the end": lambda d: "stop"},
                 explanation=_past_explanation),
    decision_key("w1_10_where_machines_win", lambda d: _pick(d, True, True),
                 wrong={"most room to improve": _most_room,
                        "structured data is enough": lambda d: _pick(d, True, False),
                        "lots of data is enough": lambda d: _pick(d, False, True)},
                 explanation=_machines_explanation),
    Key("w1_10_next_focus", hidden=_random_focus_cases),
    Key("w1_10_machine_territory", answer=machine_territory,
        wrong_answers={"data size ignored": lambda: _select(enough=False),
                       "perception included": lambda: _select(structured=False),
                       "everything": lambda: _select(structured=False, enough=False)}),
])
