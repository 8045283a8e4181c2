"""Answer key of week 3, notebook 04: the optimization verification test."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w3_04_optimization_verification import ScoreTable


def _random_example(rng: np.random.Generator) -> tuple[ScoreTable, object, object]:
    """One example: a score table over a few outputs, S* and S_out among them."""
    length = int(rng.integers(1, 6))
    outputs: list[tuple[int, ...]] = []
    while len(outputs) < 4:
        candidate = tuple(int(d) for d in rng.integers(0, 10, length))
        if candidate not in outputs:
            outputs.append(candidate)
    scores = {out: float(np.round(rng.normal(-5, 3), 2)) for out in outputs}
    s_star = outputs[0]
    kind = int(rng.integers(5))
    if kind == 0:
        s_out = s_star  # a right output
    else:
        s_out = outputs[kind % 3 + 1]
        if kind == 4:  # a tie between a wrong output and S*
            scores[s_out] = scores[s_star]
    star: object = list(s_star) if rng.random() < 0.2 else s_star
    return ScoreTable(scores), star, s_out


def _random_fault_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random example #{k + 1}", _random_example(rng)) for k in range(30)]


def _random_share_cases(rng: np.random.Generator) -> list[Case]:
    return [Case(f"random dev set #{k + 1}",
                 ([_random_example(rng) for _ in range(int(rng.integers(1, 15)))],))
            for k in range(15)]


# --- decisions ----------------------------------------------------------------------------

def _counts_right(d: Decision) -> str:
    search_major = d.data["n_search_test"] > d.data["n_scoring_test"]
    return "widen_beam" if search_major else "improve_score"


def _counts_backwards(d: Decision) -> str:
    return "improve_score" if _counts_right(d) == "widen_beam" else "widen_beam"


def _counts_explanation(d: Decision) -> str:
    errors = d.data["n_errors"]
    n_search, n_scoring = d.data["n_search_test"], d.data["n_scoring_test"]
    search_major = _counts_right(d) == "widen_beam"
    head = (f"Score(S*) > Score(S_out) is a **search** fault: the score ranks the right output "
            f"higher and the search did not find it. So {n_search} of the {errors} mistakes "
            f"({n_search / errors:.0%}) are search faults and {n_scoring} "
            f"({n_scoring / errors:.0%}) are scoring faults. ")
    if search_major:
        why = (f"Most mistakes are the search's, so **{d.letter('widen_beam')}**: a wider "
               f"beam than {d.data['width']} can fix up to {n_search} of them. "
               f"**{d.letter('improve_score')}** reads the test backwards: a better score "
               f"would not make the search find outputs it already misses. ")
    else:
        why = (f"Most mistakes are the score's, so **{d.letter('improve_score')}**: even a "
               f"perfect search would return those {n_scoring} wrong outputs, because the "
               f"score prefers them. **{d.letter('widen_beam')}** reads the test backwards "
               f"and can fix at most {n_search} mistakes. ")
    return (head + why
            + f"**{d.letter('split_effort')}** ignores what the test just said: each mistake "
              "has one part to blame, and half the month would go where few mistakes are.")


def _beam_explanation(d: Decision) -> str:
    errors, n_search, n_scoring = d.data["n_errors"], d.data["n_search"], d.data["n_scoring"]
    n_dev, width = d.data["n_dev"], d.data["width"]
    return (
        f"A search, however wide, can fix only search faults: at most {n_search} of the "
        f"{errors} mistakes, so the dev error could fall from {errors / n_dev:.1%} to "
        f"{n_scoring / n_dev:.1%} at best, for decoding {d.data['slowdown']:g} times slower. "
        f"The other {n_scoring} ({n_scoring / errors:.0%}) are scoring faults: the score "
        f"prefers the wrong output, so **{d.letter('improve_score')}**. "
        f"**{d.letter('double_beam')}** trusts that a wider search can only help; it can "
        f"even hurt, since it may find wrong outputs the score likes still more than the ones "
        f"a beam of {width} returned. **{d.letter('exact_search')}** is the same idea taken to "
        "the limit: a perfect search returns the best-scoring output, which for a scoring "
        "fault is still wrong."
    )


def _wider_explanation(d: Decision) -> str:
    narrow, wide = d.data["narrow"], d.data["wide"]
    before, after = d.data["errors_before"], d.data["errors_after"]
    return (
        f"With the beam of {wide} the test finds no search fault left: every one of the "
        f"{after} mistakes is an output the score rates at least as high as the right one. "
        f"The {d.data['search_before']} search faults of the beam of {narrow} were partly "
        "fixed, and partly revealed as what they were all along: a wider beam found the wrong "
        "output the score prefers, which the narrow beam had simply missed. A few outputs "
        "that the narrow beam got right only by luck went the same way, so the error rose "
        f"from {before} to {after}. Nothing is broken in the search: the scoring function is "
        f"what prefers wrong outputs, so **{d.letter('improve_score')}**. "
        f"**{d.letter('revert_beam')}** hides scoring faults behind a weaker search and then "
        "spends the effort on the one part the test clears. "
        f"**{d.letter('widen_more')}** cannot help: with no search fault left, a wider "
        "search only finds the same best-scoring outputs, or others the score likes even more."
    )


KEYS = keys_by_id([
    Key("w3_04_fault_of", hidden=_random_fault_cases),
    Key("w3_04_search_share", hidden=_random_share_cases),
    decision_key("w3_04_team_counts", _counts_right,
                 wrong={"test read backwards": _counts_backwards,
                        "blamed both parts": lambda d: "split_effort"},
                 explanation=_counts_explanation),
    decision_key("w3_04_double_beam", lambda d: "improve_score",
                 wrong={"a wider beam fixes everything": lambda d: "double_beam",
                        "a perfect search fixes everything": lambda d: "exact_search"},
                 explanation=_beam_explanation),
    decision_key("w3_04_wider_worse", lambda d: "improve_score",
                 wrong={"blamed the wider beam": lambda d: "revert_beam",
                        "the search is not finished": lambda d: "widen_more"},
                 explanation=_wider_explanation),
])
