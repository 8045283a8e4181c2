"""Exercises of week 3, notebook 04: the optimization verification test."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course_lib import optimization_verification
from course_lib.exercises.compare import Label, Number
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The three answers of the one-example test.
FAULT_LABELS = ("search", "scoring", "correct")
#: The notebook's simulation: readings, digits per reading, seed, beam widths of the sweep.
N_READINGS = 150
SEED = 0
WIDTHS = (1, 2, 3, 4, 6, 8)


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """A scoring function given as a table: ``table(output) -> float``.

    Outputs are sequences (a tuple or a list of words or digits); a list and a tuple with
    the same items get the same score. A table is plain data (a course record), so the
    grader can hand it to a grading kernel as a case's input.

    Examples
    --------
    >>> score = ScoreTable({(1, 7): -2.0, (1, 1): -3.5})
    >>> score([1, 7]), score((1, 1))
    (-2.0, -3.5)
    """

    scores: Mapping[Any, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", {tuple(key): float(value)
                                            for key, value in self.scores.items()})

    def __call__(self, output: Iterable[Any]) -> float:
        key = tuple(output)
        if key not in self.scores:
            raise KeyError(f"this score table has no entry for {key!r}")
        return self.scores[key]

    def __repr__(self) -> str:
        entries = ", ".join(f"{k!r}: {v:g}" for k, v in self.scores.items())
        return f"ScoreTable({{{entries}}})"


# --- the test on one example -----------------------------------------------------------------

def _label(score: Any, s_star: Any, s_out: Any) -> str:
    fault = optimization_verification.verify(score, s_star, s_out).fault
    return "correct" if fault is None else fault


def fault_of(score: Any, s_star: Any, s_out: Any) -> str:
    """Reference: :func:`course_lib.optimization_verification.verify`'s verdict as a label
    (``"correct"`` for no mistake). A wrapper of its own, so that grading this notebook
    stubs the exercise and not the library function other cells use."""
    return _label(score, s_star, s_out)


def _reversed(score: Any, s_star: Any, s_out: Any) -> str:
    if tuple(s_star) == tuple(s_out):
        return "correct"
    return "scoring" if score(s_star) > score(s_out) else "search"


def _tie_to_search(score: Any, s_star: Any, s_out: Any) -> str:
    if tuple(s_star) == tuple(s_out):
        return "correct"
    return "search" if score(s_star) >= score(s_out) else "scoring"


def _no_correct_check(score: Any, s_star: Any, s_out: Any) -> str:
    return "search" if score(s_star) > score(s_out) else "scoring"


def _compared_with_eq(score: Any, s_star: Any, s_out: Any) -> str:
    if s_star == s_out:
        return "correct"
    return "search" if score(s_star) > score(s_out) else "scoring"


def _fault_cases() -> list[Case]:
    digits = ScoreTable({(1, 7, 7): -2.0, (1, 1, 7): -3.5, (7, 7, 7): -6.0})
    lm_heavy = ScoreTable({(4, 0, 2): -5.1, (4, 8, 2): -4.3})
    words = ScoreTable({("the", "cat", "sat"): 1.2, ("a", "cat", "sat"): 0.4,
                        ("the", "cat", "sang"): 0.9})
    tie = ScoreTable({(3, 3): -1.5, (8, 3): -1.5})
    return [
        Case("the search returned a reading the score likes less", (digits, (1, 7, 7), (1, 1, 7))),
        Case("the score prefers the wrong reading", (lm_heavy, (4, 0, 2), (4, 8, 2))),
        Case("a translation, positive scores", (words, ("the", "cat", "sat"),
                                                ("a", "cat", "sat"))),
        Case("the output is the right one", (digits, (1, 7, 7), (1, 7, 7)),
             hint="when S_out is S* there is no mistake to blame on anything: return "
                  "'correct'."),
        Case("a wrong output with the same score as S*", (tie, (3, 3), (8, 3)),
             hint="a score that ties a wrong output with S* does not prefer S*: that is the "
                  "scoring function's fault."),
        Case("S* written as a list, S_out a tuple with the same digits",
             (digits, [1, 7, 7], (1, 7, 7)),
             hint="compare the outputs item by item (e.g. tuple(s_star) == tuple(s_out)): a "
                  "list never equals a tuple in Python."),
    ]


register(
    Exercise(
        id="w3_04_fault_of",
        title="the optimization verification test on one example",
        kind="function",
        reference=fault_of,
        compare=Label(choices=FAULT_LABELS),
        signature="fault_of(score, s_star, s_out)",
        visible=_fault_cases,
        mistakes=(
            Mistake("test reversed", _reversed,
                    "when Score(S*) > Score(S_out) the score already prefers the right output, "
                    "so the search is what failed to find it; the other way round the score "
                    "is at fault."),
            Mistake("tie to search", _tie_to_search,
                    "on a tie the score does not prefer S*, so no search can be relied on to "
                    "return it: a tie is a scoring fault. Compare with a strict >."),
            Mistake("correct output not checked", _no_correct_check,
                    "first check whether S_out is S*: a right output is no fault at all."),
            Mistake("compared with ==", _compared_with_eq,
                    "the two outputs may be a list and a tuple holding the same items: compare "
                    "them item by item, e.g. as tuples."),
        ),
        hints=(
            "The test needs just two numbers: the score of the right output and the score of "
            "the output the search returned. Whichever is higher tells you which part "
            "failed, unless the output is right to begin with.",
            "Turn both outputs into tuples and return 'correct' if they are equal. Otherwise "
            "call `score` on each; a strictly higher score for S* points at the search, "
            "anything else (ties included) at the scoring function.",
        ),
    ),
)


# --- the test on a dev set -------------------------------------------------------------------

def search_share(cases: Any) -> float:
    """Reference: the share of the mistakes that are search faults
    (:attr:`ErrorAttribution.search_share`, NaN with no mistakes), through a wrapper of
    its own."""
    return optimization_verification.attribute_errors(cases).search_share


def _labels(cases: Any) -> list[str]:
    return [_label(*case) for case in cases]


def _share_of_all(cases: Any) -> float:
    labels = _labels(cases)
    return labels.count("search") / len(labels)


def _scoring_share(cases: Any) -> float:
    labels = [x for x in _labels(cases) if x != "correct"]
    return labels.count("scoring") / len(labels) if labels else math.nan


def _zero_without_mistakes(cases: Any) -> float:
    labels = [x for x in _labels(cases) if x != "correct"]
    return labels.count("search") / len(labels) if labels else 0.0


def _share_ties_to_search(cases: Any) -> float:
    labels = [x for x in (_tie_to_search(*case) for case in cases) if x != "correct"]
    return labels.count("search") / len(labels) if labels else math.nan


def _share_cases() -> list[Case]:
    digits = ScoreTable({(1, 7, 7): -2.0, (1, 1, 7): -3.5, (7, 7, 7): -6.0, (7, 1, 1): -1.0})
    other = ScoreTable({(4, 0, 2): -5.1, (4, 8, 2): -4.3, (4, 0, 0): -7.0})
    tie = ScoreTable({(3, 3): -1.5, (8, 3): -1.5})
    return [
        Case("two search faults, one scoring fault, one right output",
             ([(digits, (1, 7, 7), (1, 1, 7)), (other, (4, 0, 2), (4, 8, 2)),
               (other, (4, 0, 2), (4, 0, 0)), (digits, (1, 7, 7), (1, 7, 7))],),
             hint="divide by the number of mistakes, not by the number of examples: a right "
                  "output is no mistake."),
        Case("every output right",
             ([(digits, (1, 7, 7), (1, 7, 7)), (other, (4, 0, 2), (4, 0, 2))],),
             hint="with no mistakes there is nothing to share out: return math.nan, not 0."),
        Case("a tie among the mistakes",
             ([(tie, (3, 3), (8, 3)), (digits, (1, 1, 7), (7, 1, 1)),
               (digits, (7, 1, 1), (1, 7, 7))],)),
        Case("a single search fault", ([(digits, (7, 1, 1), (1, 1, 7))],)),
    ]


register(
    Exercise(
        id="w3_04_search_share",
        title="the share of a dev set's mistakes that the search causes",
        kind="function",
        reference=search_share,
        compare=Number(),
        signature="search_share(cases)",
        visible=_share_cases,
        mistakes=(
            Mistake("share of all examples", _share_of_all,
                    "that is the share of all examples; the question is the share of the "
                    "*mistakes*: leave the right outputs out of the count you divide by."),
            Mistake("scoring share", _scoring_share,
                    "you computed the share of the scoring faults; the exercise asks for the "
                    "search faults' share."),
            Mistake("zero without mistakes", _zero_without_mistakes,
                    "with no mistakes the share is undefined (0 of 0): return math.nan."),
            Mistake("ties counted as search faults", _share_ties_to_search,
                    "a wrong output that ties with S* is a scoring fault, not a search fault."),
        ),
        hints=(
            "Run the one-example test on every case, then count: how many verdicts are "
            "search faults, and how many are mistakes of either kind?",
            "Reuse your `fault_of` on each `(score, s_star, s_out)` tuple, keep the verdicts "
            "that are not 'correct', and divide the number of 'search' verdicts among them "
            "by how many there are; with none left, return `math.nan`.",
        ),
    ),
)


# --- decisions: the idea on new situations, with each learner's numbers -------------------

#: What a team can do next with its search system (the key decides which is right).
NEXT_STEP_OPTIONS = {
    "widen_beam": "Search harder: widen the beam (or use a better search algorithm).",
    "improve_score": "Improve the scoring function: the model that scores the candidates, "
                     "its language model, or the weight between the two.",
    "split_effort": "Split the team in two, one half on each part: every output comes from "
                    "both of them.",
}

_SYSTEMS = (
    ("speech recogniser for voice notes", "utterances", "transcription"),
    ("French-to-English translator for product pages", "sentences", "translation"),
    ("handwriting reader for postal addresses", "address lines", "reading"),
    ("lyrics transcriber for a music app", "song snippets", "transcription"),
)


def _team_counts(rng: Any) -> Situation:
    system, noun, output = _SYSTEMS[int(rng.integers(len(_SYSTEMS)))]
    n_dev = int(rng.choice([400, 500, 800, 1_000]))
    errors = int(round(n_dev * float(rng.uniform(0.12, 0.25))))
    major = float(rng.uniform(0.68, 0.88))
    search_major = bool(rng.random() < 0.5)
    n_search = int(round(errors * (major if search_major else 1 - major)))
    n_scoring = errors - n_search
    width = int(rng.choice([3, 4, 5, 8]))
    prompt = (
        f"A team runs a {system}: a model scores each candidate {output} and a beam search "
        f"of width **{width}** looks for the best-scoring one. On its dev set of "
        f"**{n_dev:,}** {noun}, **{errors}** outputs are wrong. For each wrong one the team "
        f"scored the human {output} S* and the system's output S_out: in **{n_search}** of "
        f"them Score(S*) > Score(S_out), in the other **{n_scoring}** Score(S*) < "
        "Score(S_out). The team has a month. Where should the effort go?"
    )
    return Situation(prompt, NEXT_STEP_OPTIONS,
                     {"n_dev": n_dev, "n_errors": errors, "n_search_test": n_search,
                      "n_scoring_test": n_scoring, "width": width})


register_decision(DecisionSpec(
    id="w3_04_team_counts",
    title="the test's counts: search or scoring?",
    build=_team_counts,
    mistakes=(
        ("test read backwards",
         "Score(S*) > Score(S_out) means the score already ranks the right output higher: "
         "the search did not find it. Read the two counts again with that in mind."),
        ("blamed both parts",
         "every output comes from both parts, but the test tells, mistake by mistake, which "
         "part failed: a month split evenly spends half of it where few mistakes are."),
    ),
    hints=(
        "For each wrong output, ask: does the scoring function prefer the right output "
        "(then the search failed) or the wrong one (then the score failed)?",
        "Turn the two counts into shares of the mistakes: the larger share names the part "
        "worth the month.",
    ),
))


#: What a team can do about a proposal to double its beam width.
BEAM_OPTIONS = {
    "double_beam": "Double the beam: a wider search considers more outputs, so it can only "
                   "help.",
    "improve_score": "Keep the beam as it is and work on the scoring function.",
    "exact_search": "Replace the beam search by an exact search (for instance Viterbi), which "
                    "always finds the best-scoring output: it removes the mistakes for good.",
}


def _double_beam(rng: Any) -> Situation:
    system, noun, output = _SYSTEMS[int(rng.integers(len(_SYSTEMS)))]
    errors = int(rng.integers(90, 260))
    scoring_share = float(rng.choice([0.85, 0.88, 0.9, 0.92, 0.95]))
    n_scoring = int(round(errors * scoring_share))
    n_search = errors - n_scoring
    n_dev = int(rng.choice([1_000, 1_500, 2_000]))
    width = int(rng.choice([4, 5, 6, 8]))
    slowdown = float(rng.choice([1.8, 2.0, 2.2]))
    prompt = (
        f"The team of a {system} decodes with a beam of width **{width}**. Its dev set has "
        f"**{n_dev:,}** {noun}; **{errors}** outputs are wrong. The optimization verification "
        f"test on them found **{n_search}** search faults and **{n_scoring}** scoring faults. "
        f"An engineer proposes to double the beam to {2 * width}, which makes decoding "
        f"**{slowdown:g}** times slower, \"because a bigger search can only find better "
        f"{output}s\". What do you advise?"
    )
    return Situation(prompt, BEAM_OPTIONS,
                     {"n_dev": n_dev, "n_errors": errors, "n_search": n_search,
                      "n_scoring": n_scoring, "width": width, "slowdown": slowdown})


register_decision(DecisionSpec(
    id="w3_04_double_beam",
    title="double the beam?",
    build=_double_beam,
    mistakes=(
        ("a wider beam fixes everything",
         "a wider beam can only fix search faults; a scoring fault stays, because the score "
         "itself prefers the wrong output. How many of the mistakes could it remove at most?"),
        ("a perfect search fixes everything",
         "even a perfect search returns the best-scoring output, and for a scoring fault "
         "that output is wrong: it fixes the search faults and nothing else."),
    ),
    hints=(
        "Ask which mistakes any search, however wide, could fix, and how many of them there "
        "are.",
        "A search that finds a higher-scoring output cannot turn a scoring fault into a right "
        "answer: compare the most the bigger beam could remove with what it costs.",
    ),
))


#: What a team can do after a wider beam made its error worse.
WIDER_WORSE_OPTIONS = {
    "revert_beam": "Go back to the narrow beam and keep working on the search algorithm.",
    "improve_score": "Keep the wider beam and work on the scoring function.",
    "widen_more": "Widen the beam further, until the error comes down again.",
}


def _wider_worse(rng: Any) -> Situation:
    system, noun, output = _SYSTEMS[int(rng.integers(len(_SYSTEMS)))]
    n_dev = int(rng.choice([600, 800, 1_000, 1_200]))
    errors_before = int(round(n_dev * float(rng.uniform(0.1, 0.2))))
    search_before = int(round(errors_before * float(rng.uniform(0.15, 0.3))))
    scoring_before = errors_before - search_before
    fixed = int(round(search_before * float(rng.uniform(0.2, 0.4))))
    found = fixed + int(rng.integers(3, 10))  # right before, wrong now: a preferred wrong output
    errors_after = errors_before - fixed + found
    scoring_after = errors_after  # the wide beam leaves no search fault
    narrow = int(rng.choice([2, 3]))
    wide = narrow * int(rng.choice([3, 4]))
    prompt = (
        f"The team of a {system} widened its beam from **{narrow}** to **{wide}**. On its "
        f"dev set of **{n_dev:,}** {noun}, the number of wrong {output}s went *up*, from "
        f"**{errors_before}** to **{errors_after}**. The optimization verification test "
        f"says: with the beam of {narrow}, **{search_before}** search faults and "
        f"**{scoring_before}** scoring faults; with the beam of {wide}, **0** search faults "
        f"and **{scoring_after}** scoring faults. An engineer concludes that the wider beam "
        "\"broke\" the decoder. What next?"
    )
    return Situation(prompt, WIDER_WORSE_OPTIONS, {
        "n_dev": n_dev, "narrow": narrow, "wide": wide, "errors_before": errors_before,
        "errors_after": errors_after, "search_before": search_before,
        "scoring_before": scoring_before, "scoring_after": scoring_after,
    })


register_decision(DecisionSpec(
    id="w3_04_wider_worse",
    title="a wider beam, more mistakes",
    build=_wider_worse,
    mistakes=(
        ("blamed the wider beam",
         "a wider beam returns outputs that score at least as high, most of the time; if "
         "those are wrong more often, ask which part rates wrong outputs so highly."),
        ("the search is not finished",
         "look at the search faults left with the wide beam: a still wider search has "
         "nothing left to find."),
    ),
    hints=(
        "Compare the two rows of the test: which kind of fault did the wider beam remove, and "
        "which kind grew?",
        "A mistake that becomes a scoring fault with a better search was a scoring fault all "
        "along: the narrow beam only hid it by not finding the output the score prefers.",
    ),
))
