"""Answer key of week 2, notebook 03: build your first system quickly, then iterate."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.w2_03_build_first_then_iterate import CONFIRMED, SEED
from course_lib.threads import one_thread


@lru_cache(maxsize=2)
def _errors(scaled: bool = True) -> dict[str, float]:
    """Training, training-dev and dev error of the notebook's first model."""
    from sklearn.linear_model import LogisticRegression

    from course_lib.experiments.baseline import fit_baseline, load_web_phone
    from course_lib.metrics import error_rate

    domains, split = load_web_phone(SEED)
    X_train, y_train = domains.web_X[split.web_train], domains.web_y[split.web_train]
    sets = {
        "train": (X_train, y_train),
        "train_dev": (domains.web_X[split.web_heldout], domains.web_y[split.web_heldout]),
        "dev": (domains.phone_X[split.phone_dev], domains.phone_y[split.phone_dev]),
    }
    if scaled:
        model = fit_baseline(X_train, y_train)
    else:  # the typical slip: raw 0..16 pixels into a default LogisticRegression
        import warnings

        with one_thread(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = LogisticRegression().fit(X_train, y_train)
    return {name: error_rate(y, model.predict(X)) for name, (X, y) in sets.items()}


def first_errors() -> Any:
    """Reference: the first model's errors on the training, training-dev and dev sets."""
    import pandas as pd

    return pd.Series(_errors())


def _series(values: dict[str, float]) -> Any:
    import pandas as pd

    return pd.Series(values)


# --- decisions ----------------------------------------------------------------------------

#: A rank correlation at least this high counts as "the subset ranks ideas like the full data".
AGREES = 0.7


def _plan(d: Decision) -> str:
    return "screen_then_confirm" if d.data["rank_correlation"] >= AGREES else "full_runs"


def _other_plan(d: Decision) -> str:
    return "full_runs" if _plan(d) == "screen_then_confirm" else "screen_then_confirm"


def _plan_explanation(d: Decision) -> str:
    v = d.data
    rho, full, subset = v["rank_correlation"], v["full_hours"], v["subset_hours"]
    count = (f"{v['budget_hours']} hours buy about {v['ideas_full']} full-data experiments, or "
             f"{v['ideas_screened']} subset experiments plus {CONFIRMED} full-data checks "
             f"({full} h each against {subset:g} h).")
    if _plan(d) == "screen_then_confirm":
        why = (
            f"A rank correlation of {rho:.2f} says the subset orders ideas almost as the full "
            "data does, so its cheap verdicts are worth having: the team learns from many "
            f"times more ideas, and the {CONFIRMED} confirmation runs catch the close calls "
            f"the subset may get wrong. So **{d.letter('screen_then_confirm')}**. Only "
            f"{v['ideas_full']} full runs (**{d.letter('full_runs')}**) spend most of the "
            "month waiting for answers the subset would have given cheaply."
        )
    else:
        why = (
            f"A rank correlation of {rho:.2f} means the subset's ranking says almost nothing "
            "about the full data's: on this problem the ideas that win on little data are not "
            "the ones that win on all of it. Cheap experiments that point the wrong way are "
            f"not worth their hours, so **{d.letter('full_runs')}**: fewer ideas, each with a "
            f"verdict that counts. Screening on the subset "
            f"(**{d.letter('screen_then_confirm')}**) would pick the {CONFIRMED} finalists "
            "almost at random."
        )
    return (
        f"{count} {why} Keeping the subset's favourite without a full-data run "
        f"(**{d.letter('subset_only')}**) trusts a stand-in with the final choice, which a "
        "few full runs would check. One long run (**"
        f"{d.letter('one_big_run')}**) tries a single idea in the whole month: if it "
        "disappoints, the team has learned almost nothing."
    )


def _start(d: Decision) -> str:
    return "quick_first" if d.data["new_problem"] else "known_design"


def _other_start(d: Decision) -> str:
    return "known_design" if d.data["new_problem"] else "quick_first"


def _start_explanation(d: Decision) -> str:
    v = d.data
    if v["new_problem"]:
        why = (
            "Nobody on the team has worked on this kind of data and there is no literature "
            "to copy, so nobody can tell which of the "
            f"{v['issues']} difficulties will matter. **{d.letter('quick_first')}**: a simple "
            "system in a week or two turns guesses into numbers (which gap is large, which "
            "kind of mistake is common). There is no design known to work on this problem "
            f"(**{d.letter('known_design')}**) to start from."
        )
    else:
        why = (
            "This team (or the literature) already knows where the difficulties of this very "
            "kind of problem are, so starting from the design that works "
            f"(**{d.letter('known_design')}**) is itself a quick start, and a better one than "
            f"a deliberately simple system (**{d.letter('quick_first')}**) whose lessons they "
            "already know. This is where the build-quickly advice applies less."
        )
    return (
        f"{why} Designing for all {v['issues']} difficulties for {v['design_weeks']} weeks "
        f"(**{d.letter('design_all')}**) spends most of that time on difficulties that may "
        f"never show up. Collecting data for {v['collect_months']} months "
        f"(**{d.letter('collect_first')}**) bets everything on one remedy (more data helps "
        "variance) before anything says that variance is the problem."
    )


KEYS = keys_by_id([
    Key("w2_03_first_errors", answer=first_errors,
        wrong_answers={
            "pixels not scaled": lambda: _series(_errors(scaled=False)),
            "training-dev and dev swapped":
                lambda: _series({**_errors(), "train_dev": _errors()["dev"],
                                 "dev": _errors()["train_dev"]}),
            "accuracy": lambda: _series({k: 1 - v for k, v in _errors().items()}),
        }),
    decision_key("w2_03_iteration_plan", _plan,
                 wrong={"agreement ignored": _other_plan,
                        "subset trusted blindly": lambda d: "subset_only",
                        "one long run": lambda d: "one_big_run"},
                 explanation=_plan_explanation),
    decision_key("w2_03_first_system", _start,
                 wrong={"design everything first": lambda d: "design_all",
                        "data first": lambda d: "collect_first",
                        "prior knowledge misjudged": _other_start},
                 explanation=_start_explanation),
])
