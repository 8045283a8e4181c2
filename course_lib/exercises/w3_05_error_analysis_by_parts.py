"""Exercises of week 3, notebook 05: error analysis by parts of a pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from course_lib import pipeline_analysis
from course_lib.exercises.compare import Number, Series
from course_lib.exercises.decisions import DecisionSpec, Situation, register_decision
from course_lib.exercises.registry import Case, Exercise, Mistake, register

#: The notebook's simulation: strips per dev set and the seed.
N_STRIPS = 200
SEED = 0


# --- toy pipelines of the visible cases ------------------------------------------------------

@dataclass(frozen=True)
class ToyPart:
    """A part of a toy pipeline, as plain data so that a case can carry it into a grading
    kernel; calling it runs the part on a list of values.

    ``kind`` says what the part does: ``"double"``, ``"shift"`` (adds 1 but turns 4 into 0),
    ``"perfect_shift"``, ``"split"`` (splits "3 1" into digits, but loses one of "9 9"),
    ``"read"`` (takes a 7 for a 1), ``"perfect_read"``, ``"join"``, or ``"add"`` (adds
    ``shift`` modulo 10 and gets the values in ``bugs`` one too high).

    Examples
    --------
    >>> ToyPart("double")([1, 2]), ToyPart("add", shift=3, bugs=(1,))([1, 2])
    ([2, 4], [5, 5])
    """

    kind: str
    shift: int = 0
    bugs: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in _TOY_KINDS:
            raise ValueError(f"a toy part's kind is one of {', '.join(_TOY_KINDS)}, "
                             f"got {self.kind!r}")
        object.__setattr__(self, "bugs", tuple(int(b) for b in self.bugs))

    def __call__(self, values: list[Any]) -> list[Any]:
        kind = self.kind
        if kind == "double":
            return [2 * x for x in values]
        if kind == "shift":
            return [y + 1 if y != 4 else 0 for y in values]
        if kind == "perfect_shift":
            return [y + 1 for y in values]
        if kind == "split":
            return [s.split(" ") if s != "9 9" else ["9"] for s in values]
        if kind == "read":
            return [[p.replace("7", "1") for p in ps] for ps in values]
        if kind == "perfect_read":
            return [list(ps) for ps in values]  # the right digit for whatever piece it gets
        if kind == "join":
            return ["".join(ps) for ps in values]
        return [(v + self.shift + (v in self.bugs)) % 10 for v in values]


_TOY_KINDS = ("double", "shift", "perfect_shift", "split", "read", "perfect_read", "join",
              "add")


def _numbers_case(perfect: list[str]) -> tuple[Any, ...]:
    components = [("split", ToyPart("split")), ("read", ToyPart("read")),
                  ("join", ToyPart("join"))]
    strips = ["3 1", "4 7", "9 9", "1 0"]
    targets = ["31", "47", "99", "10"]
    oracles = {"split": [["3", "1"], ["4", "7"], ["9", "9"], ["1", "0"]],
               "read": ToyPart("perfect_read"), "join": ToyPart("join")}
    return (components, strips, targets, oracles, perfect)


def _doubling_case(perfect: list[str], callable_oracle: bool = False) -> tuple[Any, ...]:
    components = [("double", ToyPart("double")), ("shift", ToyPart("shift"))]
    oracles = {"double": [0, 2, 4, 6],
               "shift": ToyPart("perfect_shift") if callable_oracle else [1, 3, 5, 7]}
    return (components, [0, 1, 2, 3], [1, 3, 5, 7], oracles, perfect)


# --- error with some parts perfect ---------------------------------------------------------

def error_with_perfect(components: Any, inputs: Any, targets: Any, oracles: Any,
                       perfect: Any) -> float:
    """Reference: :func:`course_lib.pipeline_analysis.run_pipeline` with the parts in
    ``perfect`` replaced by their oracle, scored by :func:`mismatch_rate` (a wrapper of its
    own, so that grading this notebook stubs the exercise and not the library)."""
    outputs = pipeline_analysis.run_pipeline(components, inputs, oracles=oracles,
                                             perfect=perfect)
    return pipeline_analysis.mismatch_rate(targets, outputs)


def _run(components: Any, inputs: Any, oracles: Any, perfect: Any, *, also_run: bool = False,
         oracle_on_inputs: bool = False, ignore: bool = False) -> Any:
    values = inputs
    for name, function in components:
        if name in perfect and not ignore:
            oracle = oracles[name]
            if callable(oracle):
                values = oracle(inputs if oracle_on_inputs else values)
            else:
                values = oracle
            if also_run:
                values = function(values)
        else:
            values = function(values)
    return values


def _wrong_share(targets: Any, outputs: Any) -> float:
    return pipeline_analysis.mismatch_rate(targets, outputs)


def _accuracy(components: Any, inputs: Any, targets: Any, oracles: Any, perfect: Any) -> float:
    return 1 - _wrong_share(targets, _run(components, inputs, oracles, perfect))


def _also_run(components: Any, inputs: Any, targets: Any, oracles: Any, perfect: Any) -> float:
    return _wrong_share(targets, _run(components, inputs, oracles, perfect, also_run=True))


def _oracle_on_inputs(components: Any, inputs: Any, targets: Any, oracles: Any,
                      perfect: Any) -> float:
    return _wrong_share(targets, _run(components, inputs, oracles, perfect,
                                      oracle_on_inputs=True))


def _perfect_ignored(components: Any, inputs: Any, targets: Any, oracles: Any,
                     perfect: Any) -> float:
    return _wrong_share(targets, _run(components, inputs, oracles, perfect, ignore=True))


def _wrong_count(components: Any, inputs: Any, targets: Any, oracles: Any, perfect: Any) -> int:
    outputs = _run(components, inputs, oracles, perfect)
    return sum(o != t for o, t in zip(outputs, targets, strict=True))


def _substitution_cases() -> list[Case]:
    return [
        Case("double then shift, shift perfect", _doubling_case(["shift"]),
             hint="a perfect part's output *replaces* the part's own: do not run the part on "
                  "top of its oracle."),
        Case("double then shift, shift perfect (oracle function)",
             _doubling_case(["shift"], callable_oracle=True)),
        Case("double then shift, double perfect", _doubling_case(["double"])),
        Case("split, read, join as they are", _numbers_case([])),
        Case("a perfect split", _numbers_case(["split"])),
        Case("a perfect read: an oracle function, given what split produced",
             _numbers_case(["read"]),
             hint="an oracle given as a function gives the perfect output for the input the "
                  "part receives: call it on the previous part's outputs."),
        Case("split and read perfect", _numbers_case(["split", "read"])),
    ]


register(
    Exercise(
        id="w3_05_error_with_perfect",
        title="a pipeline's error with some parts replaced by their perfect output",
        kind="function",
        reference=error_with_perfect,
        compare=Number(),
        signature="error_with_perfect(components, inputs, targets, oracles, perfect)",
        visible=_substitution_cases,
        mistakes=(
            Mistake("accuracy", _accuracy,
                    "that is the share of right outputs; return the error, the share of "
                    "outputs that differ from their target."),
            Mistake("part run after its oracle", _also_run,
                    "a perfect part's output replaces the part's own: the part itself does not "
                    "run at all."),
            Mistake("oracle function given the pipeline's inputs", _oracle_on_inputs,
                    "an oracle function must get what the previous part produced (the values "
                    "flowing through the pipeline), not the pipeline's original inputs."),
            Mistake("perfect ignored", _perfect_ignored,
                    "the parts named in `perfect` must be replaced by their oracle."),
            Mistake("count of wrong outputs", _wrong_count,
                    "return the share of wrong outputs (a float between 0 and 1), not how many "
                    "there are."),
        ),
        hints=(
            "Walk through the components in order, carrying one list of values from part "
            "to part. A part named in `perfect` hands on its oracle's output instead of its "
            "own; at the end, compare the last values with the targets.",
            "For each `(name, function)`: if `name` is in `perfect`, take `oracles[name]`, and "
            "if it is callable call it on the current values, else use it as the list of "
            "outputs; otherwise call `function` on the current values. Finish with the mean "
            "of `output != target` over the examples.",
        ),
    ),
)


# --- attribution from the cumulative substitutions -----------------------------------------

def attribution(parts: Any, pipeline_error: float, errors: Any) -> Any:
    """Reference: the drops in error of :meth:`PipelineAnalysis.attribution_in`
    ("forward") as a Series, through a wrapper of its own."""
    import pandas as pd

    parts = tuple(parts)
    errors = tuple(float(e) for e in errors)
    analysis = pipeline_analysis.PipelineAnalysis(
        parts=parts, pipeline_error=float(pipeline_error), design_error=errors[-1],
        forward=errors, reverse=errors, alone=errors, part_errors=errors, human_level=None,
        whole_human_level=None, tolerance=0.0,
    )
    return pd.Series(analysis.attribution_in("forward"), dtype=float)


def _as_series(parts: Any, values: Any) -> Any:
    import pandas as pd

    return pd.Series(dict(zip(parts, (float(v) for v in values), strict=True)), dtype=float)


def _errors_left(parts: Any, pipeline_error: float, errors: Any) -> Any:
    return _as_series(parts, errors)


def _from_the_start(parts: Any, pipeline_error: float, errors: Any) -> Any:
    return _as_series(parts, [pipeline_error - e for e in errors])


def _reversed_sign(parts: Any, pipeline_error: float, errors: Any) -> Any:
    before = [pipeline_error, *errors[:-1]]
    return _as_series(parts, [e - b for b, e in zip(before, errors, strict=True)])


def _shifted(parts: Any, pipeline_error: float, errors: Any) -> Any:
    drops = [b - e for b, e in zip(errors[:-1], errors[1:], strict=True)]
    return _as_series(parts, [*drops, 0.0])


def _attribution_cases() -> list[Case]:
    return [
        Case("three parts", (["locate", "read", "combine"], 0.3, [0.2, 0.05, 0.0])),
        Case("a perfect locate makes things a little worse",
             (["locate", "read", "combine"], 0.3, [0.32, 0.1, 0.0]),
             hint="keep the sign: a negative drop says that part's perfect output did not "
                  "help (here it hurt, by chance)."),
        Case("error left with every part perfect",
             (["detect", "classify"], 0.5, [0.45, 0.4]),
             hint="the drops add up to the pipeline's error minus the error left at the "
                  "end; that last error is nobody's part."),
        Case("one part", (["reader"], 0.12, [0.0])),
    ]


register(
    Exercise(
        id="w3_05_attribution",
        title="the error attributed to each part from the cumulative substitutions",
        kind="function",
        reference=attribution,
        compare=Series(),
        signature="attribution(parts, pipeline_error, errors)",
        visible=_attribution_cases,
        mistakes=(
            Mistake("error left, not the drop", _errors_left,
                    "those are the errors left after each substitution; a part is credited "
                    "with how much the error *drops* when it is made perfect."),
            Mistake("drop from the start", _from_the_start,
                    "each drop is measured from the step before (with the earlier parts "
                    "already perfect), not from the pipeline's own error: otherwise the "
                    "earlier parts' drops are counted again."),
            Mistake("sign reversed", _reversed_sign,
                    "a drop is the error before the substitution minus the error after it."),
            Mistake("drops one step off", _shifted,
                    "the first part's drop starts from the pipeline's error as it is: pair each "
                    "part with the step at which *it* was made perfect."),
        ),
        hints=(
            "Line the errors up: the pipeline as it is, then with the first part perfect, then "
            "with the first two, and so on. Each part gets the difference between its step "
            "and the step before.",
            "Put `pipeline_error` in front of `errors`, take the difference of each pair of "
            "neighbours (earlier minus later), and return a pandas Series whose index is "
            "`parts` in their order.",
        ),
    ),
)


# --- decisions: the idea on new situations, with each learner's numbers -------------------

#: Two-part pipelines of the decisions: (system, first part, second part, first's task, second's).
SYSTEMS = (
    ("a cat door with a camera", "detect", "identify", "find the cat in the picture",
     "say which of the family's cats it is"),
    ("a receipt scanner", "find_total", "read_amount", "find the line with the total",
     "read the amount on that line"),
    ("a licence-plate reader for a car park", "find_plate", "read_plate",
     "find the plate in the photo", "read its characters"),
    ("a bird-song app", "cut_call", "name_species", "cut the call out of the recording",
     "name the species singing it"),
)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _which_part(rng: Any) -> Situation:
    system, first, second, first_task, second_task = SYSTEMS[int(rng.integers(len(SYSTEMS)))]
    flawed = bool(rng.random() < 0.4)
    parts = (first, second)
    hard = int(rng.integers(2))  # the part whose own task is hard even for people
    human = [0.0, 0.0]
    own = [0.0, 0.0]
    attributed = [0.0, 0.0]
    human[hard] = round(float(rng.uniform(0.07, 0.11)), 3)
    human[1 - hard] = round(float(rng.uniform(0.005, 0.015)), 3)
    if flawed:
        for k in range(2):
            own[k] = round(human[k] + float(rng.uniform(0.0, 0.006)), 3)
        attributed[hard] = round(float(rng.uniform(0.005, 0.012)), 3)
        attributed[1 - hard] = round(attributed[hard] + float(rng.uniform(0.006, 0.015)), 3)
        left = round(float(rng.uniform(0.15, 0.25)), 3)
        whole_human = round(max(human) + float(rng.uniform(0.005, 0.015)), 3)
    else:
        weak = 1 - hard
        own[weak] = round(human[weak] + float(rng.uniform(0.03, 0.045)), 3)
        own[hard] = round(human[hard] + float(rng.uniform(0.003, 0.008)), 3)
        attributed[weak] = round(own[weak] - float(rng.uniform(0.005, 0.015)), 3)
        attributed[hard] = round(own[hard] - float(rng.uniform(0.0, 0.01)), 3)
        left = round(float(rng.uniform(0.0, 0.01)), 3)
        whole_human = round(max(human) + float(rng.uniform(0.005, 0.015)), 3)
    pipeline_error = round(sum(attributed) + left, 3)
    rows = "\n".join(
        f"| `{parts[k]}` ({(first_task, second_task)[k]}) | {_pct(attributed[k])} | "
        f"{_pct(own[k])} | {_pct(human[k])} |" for k in range(2))
    prompt = (
        f"A team builds {system} as a pipeline of two parts, `{first}` then `{second}`. Its dev "
        f"error is **{_pct(pipeline_error)}**; people doing the whole task get "
        f"**{_pct(whole_human)}** wrong. Making the parts perfect one after the other (first "
        f"`{first}`, then both) gives this table; with both parts perfect, "
        f"**{_pct(left)}** of the dev examples are still wrong.\n\n"
        "| part | error attributed | part's own error (on perfect input) | human level on "
        "the part's task |\n|---|---:|---:|---:|\n" + rows + "\n\nWhere should the next "
        "months go?"
    )
    options = {
        f"improve_{first}": f"Improve `{first}`.",
        f"improve_{second}": f"Improve `{second}`.",
        "redesign": "Rethink the pipeline itself: what the parts pass to each other.",
    }
    return Situation(prompt, options, {
        "parts": parts, "attributed": tuple(attributed), "own_error": tuple(own),
        "human_level": tuple(human), "pipeline_error": pipeline_error,
        "whole_human_level": whole_human, "left_with_all_perfect": left,
    })


register_decision(DecisionSpec(
    id="w3_05_which_part",
    title="which part, or the design?",
    build=_which_part,
    mistakes=(
        ("largest error taken at face value",
         "a part's error says how hard its task is as much as how good the part is: compare "
         "each part with the human level on its own task."),
        ("largest attribution",
         "the error attributed to a part is what a *perfect* part would remove; compare each "
         "part with its human level to see how much of that a better part could remove."),
        ("misjudged the design",
         "look at how far each part is from its own human level, and at what is left with "
         "both parts perfect: together they say whether one part or the design itself is to "
         "blame."),
    ),
    hints=(
        "For each part, compare its own error with the human level on its task: a part at "
        "human level has little left to give. Then compare the whole with people.",
        "If one part is far from its human level, that is the part. If every part is close "
        "to its human level while the whole stays far from human level, no part is to "
        "blame.",
    ),
))


#: What a team with a flawed pipeline can do next.
END_TO_END_OPTIONS = {
    "go_end_to_end": "Replace the pipeline by one model trained end to end, from the raw "
                     "input to the final output.",
    "fix_interface": "Keep a pipeline: study the mistakes made with every part right, find "
                     "what the parts fail to hand over, and redesign what they pass on.",
    "tune_parts": "Keep the design and push each part closer to its human level.",
}

_FLAWED_SYSTEMS = (
    ("reads handwritten amounts on cheques", "cheques labelled with their amount"),
    ("transcribes short voice commands", "recordings labelled with their command"),
    ("reads the numbers on electricity meters from photos", "meter photos labelled with "
     "their reading"),
    ("tags the products in shelf photos", "shelf photos labelled with their product list"),
)


def _end_to_end(rng: Any) -> Situation:
    task, labelled = _FLAWED_SYSTEMS[int(rng.integers(len(_FLAWED_SYSTEMS)))]
    big = bool(rng.random() < 0.5)
    n_whole = (int(rng.integers(3, 40)) * 1_000_000 if big
               else int(rng.integers(2, 20)) * 1_000)
    n_parts = int(rng.integers(50, 400)) * 1_000
    error = round(float(rng.uniform(0.12, 0.25)), 3)
    whole_human = round(float(rng.uniform(0.01, 0.03)), 3)
    gap = round(float(rng.uniform(0.001, 0.006)), 3)
    prompt = (
        f"A team's three-part pipeline {task}. Error analysis by parts says *flawed "
        f"pipeline*: each part is within **{100 * gap:.1f}** points of the human level on its "
        f"own task, yet the whole has **{_pct(error)}** error against **{_pct(whole_human)}** "
        "for people; the team has not yet found what gets lost between the parts. Each part "
        f"was trained on its own labelled data (about **{n_parts:,}** examples per part). "
        f"The team also has **{n_whole:,}** {labelled}. Someone proposes to drop the "
        "pipeline and go end to end "
        "(see [week 2 · 10](../week2/10_whether_end_to_end.ipynb)). What do you advise?"
    )
    return Situation(prompt, END_TO_END_OPTIONS, {
        "n_whole_task": n_whole, "n_per_part": n_parts, "pipeline_error": error,
        "whole_human_level": whole_human, "part_gap": gap,
    })


register_decision(DecisionSpec(
    id="w3_05_end_to_end",
    title="a flawed pipeline: go end to end?",
    build=_end_to_end,
    mistakes=(
        ("misjudged the data",
         "an end-to-end model has to learn the whole mapping from raw input to final output "
         "from examples of the whole task, while a redesigned interface needs insight more "
         "than data: are this team's examples of the whole task many or few for that?"),
        ("polished the parts",
         "the parts are already close to their human levels: the little they can still gain "
         "cannot close the gap between the whole and people."),
    ),
    hints=(
        "A flawed pipeline needs a different design, not better parts. Which design can this "
        "team afford?",
        "Going end to end needs many examples of the whole task, from raw input to final "
        "output; redesigning the interface needs insight but little data. Count the team's "
        "examples of the whole task.",
    ),
))
