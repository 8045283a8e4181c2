"""Answer key of week 3, notebook 06: data decisions -- how much, which, and with what weight."""

from __future__ import annotations

import numpy as np

from answer_key import keys_by_id
from course_lib.exercises.decisions import Decision, decision_key
from course_lib.exercises.keys import Key
from course_lib.exercises.registry import Case
from course_lib.exercises.w3_06_data_decisions import MANY_CONTRADICTIONS, _beta_key


def _random_mix_cases(rng: np.random.Generator) -> list[Case]:
    cases = []
    for k in range(24):
        n = int(rng.integers(1, 40))
        mask = rng.random(n) < float(rng.uniform(0.05, 0.95))
        mask[0] = True  # at least one target example: never all weights 0
        beta = float(rng.choice([0.0, 1.0])) if k % 7 == 0 else float(rng.uniform(0, 1))
        kwargs = {"normalize": bool(k % 2)} if k % 3 else {}
        args = (mask.tolist() if k % 4 == 0 else mask, beta)
        cases.append(Case(f"random mix #{k + 1}", args, kwargs))
    return cases


# --- add the other data? -------------------------------------------------------------------

_ADD_RIGHT = {"big": "add_all", "small": "add_weighted", "irrelevant": "target_only"}


def _add_right(d: Decision) -> str:
    return _ADD_RIGHT[d.data["case"]]


#: The answer of someone who gets the model's capacity wrong (and of someone who gets the
#: data's relevance wrong), per case.
_ADD_CAPACITY_MISJUDGED = {"big": "add_weighted", "small": "add_all", "irrelevant": "add_weighted"}
_ADD_RELEVANCE_MISJUDGED = {"big": "target_only", "small": "target_only", "irrelevant": "add_all"}


def _add_explanation(d: Decision) -> str:
    n_t, n_o, case = d.data["n_target"], d.data["n_other"], d.data["case"]
    ratio = n_o // n_t
    if case == "big":
        head = (f"The other examples show the same task, and the network is large and well "
                f"regularized: it has room to learn from {n_o:,} extra examples without "
                "giving up the target distribution, as the big network of the notebook's "
                f"capacity experiment did. So **{d.letter('add_all')}**. "
                f"**{d.letter('add_weighted')}** adds a hyperparameter and tells the model to "
                "learn less from examples it could use (weighting mainly helps a model that "
                f"cannot afford everything). **{d.letter('target_only')}** throws away "
                f"{ratio} times as many examples as the target set holds.")
    elif case == "small":
        head = (f"The model has no capacity to spare, and the other examples are {ratio} times "
                f"as many as the target ones: added with weight 1 they take over the loss and "
                "the few parameters go to *them*, like the small networks of the notebook's "
                f"capacity experiment. So **{d.letter('add_weighted')}**: a small beta, tuned "
                "on the target dev set, keeps the target data in charge while the other data "
                f"still help (beta = 0 is among the values tried). **{d.letter('add_all')}** "
                f"lets {n_o:,} other examples outvote {n_t:,} target examples. "
                f"**{d.letter('target_only')}** gives up what the other examples share with the "
                "task.")
    else:
        head = (f"These {n_o:,} examples do not show the task at all: no weight makes them "
                "teach the model about the target inputs, and they cost compute and "
                f"capacity. So **{d.letter('target_only')}**. **{d.letter('add_all')}** and "
                f"**{d.letter('add_weighted')}** both spend training on examples that carry "
                "nothing about the target task; a weight only decides how much the model "
                "listens to them.")
    return head


# --- tune beta -------------------------------------------------------------------------------

def _argmin_beta(values: tuple[float, ...], betas: tuple[float, ...]) -> str:
    return _beta_key(betas[int(np.argmin(values))])


def _beta_right(d: Decision) -> str:
    return _argmin_beta(d.data["dev_error"], d.data["betas"])


def _beta_by_train(d: Decision) -> str:
    return _argmin_beta(d.data["train_error"], d.data["betas"])


def _beta_by_other(d: Decision) -> str:
    return _argmin_beta(d.data["other_error"], d.data["betas"])


def _beta_by_mean(d: Decision) -> str:
    mean = tuple((a + b) / 2 for a, b in zip(d.data["dev_error"], d.data["other_error"],
                                             strict=True))
    return _argmin_beta(mean, d.data["betas"])


def _beta_explanation(d: Decision) -> str:
    betas, dev = d.data["betas"], d.data["dev_error"]
    i = int(np.argmin(dev))
    right = d.letter(_beta_right(d))
    by_train, by_other, by_mean = (d.letter(f(d)) for f in (_beta_by_train, _beta_by_other,
                                                             _beta_by_mean))
    return (f"beta is a hyperparameter, tuned on the target dev set: its lowest dev error is "
            f"{100 * dev[i]:.1f}% at beta = {betas[i]:g}, so **{right}**. **{by_train}** "
            "picks the lowest *training* error, which only says how closely the model fits "
            "the target images it was trained on (it rises as the other data get more "
            f"weight). **{by_other}** picks what serves the other distribution best, which no "
            f"user sees. **{by_mean}** averages the target and the other errors, letting the "
            "other distribution vote on a choice only the target distribution should make.")


# --- inconsistent examples -------------------------------------------------------------------

_INCONSISTENT_RIGHT = {"tagged": "drop_inconsistent", "scattered_few": "keep_all",
                       "scattered_many": "drop_source"}


def _inconsistent_right(d: Decision) -> str:
    return _INCONSISTENT_RIGHT[d.data["case"]]


def _many(d: Decision) -> bool:
    return d.data["share"] > MANY_CONTRADICTIONS


def _findability_ignored(d: Decision) -> str:
    if d.data["case"] == "tagged":  # treated as if they could not be found
        return "drop_source" if _many(d) else "keep_all"
    return "drop_inconsistent"


def _share_ignored(d: Decision) -> str:
    if d.data["case"] == "tagged":
        return "keep_all" if _many(d) else "drop_source"
    return "drop_source" if d.data["case"] == "scattered_few" else "keep_all"


def _inconsistent_explanation(d: Decision) -> str:
    share, n2, case = d.data["share"], d.data["n_second"], d.data["case"]
    bad = int(round(share * n2))
    keep, drop, source = (d.letter(k) for k in ("keep_all", "drop_inconsistent", "drop_source"))
    if case == "tagged":
        return (f"About {bad:,} examples ({share:.1%}) map the team's kind of image to another "
                "label, and one filter finds them all. Dropping them costs nothing and can only "
                "help (in the notebook's experiment the dropped curve stayed flat while the "
                f"kept one rose with the share). So **{drop}**. **{keep}** keeps examples that "
                f"teach the wrong mapping although they are easy to remove. **{source}** also "
                f"throws away the {n2 - bad:,} consistent examples.")
    if case == "scattered_few":
        return (f"Only about {share:.1%} of the second source ({bad:,} images) contradict the "
                "team's labels, and they cannot be found without re-checking every label. At "
                "a share this small the harm is small (the notebook's kept and dropped curves "
                f"were close at the smallest shares), while the other {n2 - bad:,} examples "
                f"help. So **{keep}**. **{drop}** is not possible without a review the team "
                f"cannot afford. **{source}** throws the {n2 - bad:,} good examples away to "
                "avoid a small harm.")
    return (f"About {share:.0%} of the second source ({bad:,} images) teach another mapping, "
            "and they cannot be found. With so many contradictions the source pulls the model "
            "towards the wrong labels: in the notebook's experiment, keeping 40% of "
            "inconsistent examples made the dev error worse than using no second source at "
            f"all. So **{source}**. **{keep}** keeps that damage. **{drop}** would be best if "
            "it were possible, but nobody can tell which examples to drop without the manual "
            "review the team cannot afford.")


KEYS = keys_by_id([
    Key("w3_06_mix_weights", hidden=_random_mix_cases),
    decision_key("w3_06_add_other_data", _add_right,
                 wrong={"capacity misjudged": lambda d: _ADD_CAPACITY_MISJUDGED[d.data["case"]],
                        "relevance misjudged":
                            lambda d: _ADD_RELEVANCE_MISJUDGED[d.data["case"]]},
                 explanation=_add_explanation),
    decision_key("w3_06_tune_beta", _beta_right,
                 wrong={"chose by training error": _beta_by_train,
                        "chose by the other distribution": _beta_by_other,
                        "averaged the two distributions": _beta_by_mean},
                 explanation=_beta_explanation),
    decision_key("w3_06_inconsistent", _inconsistent_right,
                 wrong={"findability ignored": _findability_ignored,
                        "share ignored": _share_ignored},
                 explanation=_inconsistent_explanation),
])
