"""The questions of week 3's flight simulator (scanned forms): the same for every learner.

An insurance start-up reads the policy number handwritten on scanned claim forms, with a
pipeline (locate the field, read each box, assemble the number by a search under a format
model). Each :class:`~course_lib.flight.model.QuestionSpec` says what a question asks, the
week-3 notebook to review and the hints for its typical wrong answers; each learner's
numbers come from the case study's generator in the answer key.
"""

from __future__ import annotations

from dataclasses import replace

from course_lib.flight.model import MistakeSpec, QuestionSpec
from course_lib.flight.text import HINT_LOWER, HINT_PERCENT

__all__ = ["FAULTS", "FORM_PARTS", "REGIMES", "SCANNED_FORMS_QUESTIONS"]

W3 = "../week3/"
_EYE = W3 + "01_eyeball_blackbox_dev_sets.ipynb"
_CURVES = W3 + "02_learning_curves.ipynb"
_TRADE = W3 + "03_bias_variance_tradeoff.ipynb"
_VERIFY = W3 + "04_optimization_verification.ipynb"
_PARTS = W3 + "05_error_analysis_by_parts.ipynb"
_DATA = W3 + "06_data_decisions.ipynb"

#: The parts of the form reader, in pipeline order (the choices of question 14).
FORM_PARTS: tuple[str, ...] = ("locator", "reader", "assembler")
#: The two parts of a search system a mistake can be put on (question 11).
FAULTS: tuple[str, ...] = ("search", "scoring")
#: The readings of a learning curve (question 6), as week 3 · 02 names them.
REGIMES: tuple[str, ...] = ("high bias", "high variance", "both", "fine")

#: The questions of the week-3 case study (the same for every learner).
SCANNED_FORMS_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "q01", "How big an eyeball dev set?",
        ("eyeball dev set",), _EYE, "number", tolerance=1.0,
        mistakes=(
            MistakeSpec("ten mistakes", "10 mistakes is the bare minimum; the question asks "
                        "for enough forms to see about 100 of them."),
            MistakeSpec("percent as fraction", "the error rate is given in percent: turn it "
                        "into a fraction before dividing."),
            MistakeSpec("mistakes in the dev set", "that is how many mistakes the whole dev set "
                        "holds; the question asks how many forms the eyeball set needs."),
        ),
    ),
    QuestionSpec(
        "q02", "Splitting a dev set you will read",
        ("eyeball dev set", "blackbox dev set"), _EYE, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare the dev set's size with what an eyeball set of "
                        "about 100 mistakes and a useful blackbox set need together."),
            MistakeSpec("never look", "reading mistakes is how you learn what to fix; the point "
                        "is to keep some dev data you do not read, when you can afford it."),
            MistakeSpec("read training", "the training set's mistakes say little about what "
                        "goes wrong on forms the model has never seen."),
        ),
    ),
    QuestionSpec(
        "q03", "What the blackbox set is for",
        ("blackbox dev set",), _EYE, "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("read blackbox", "one use you picked means reading the blackbox set's "
                        "forms; then it stops being a blackbox."),
            MistakeSpec("categories on blackbox", "one use you picked is error analysis by "
                        "category: that needs someone to look at the forms."),
            MistakeSpec("fix its mistakes", "one use you picked tunes the system to the "
                        "particular forms it gets wrong, which is what the eyeball set is for."),
            MistakeSpec("missing tuning", "you left out a use that needs only the error rate."),
            MistakeSpec("missing choosing", "you left out a use that compares error rates."),
            MistakeSpec("missing overfit check", "you left out a use that compares the two dev "
                        "sets' errors."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q04", "Has the eyeball set been used up?",
        ("eyeball dev set overfitting",), _EYE, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare how fast each error falls from version to "
                        "version, and whether the gap between them grows."),
            MistakeSpec("trust eyeball", "the examples you have read are the ones the system "
                        "is tuned to; which error is the honest one?"),
            MistakeSpec("variance", "both numbers are dev-set errors: their gap says nothing "
                        "about training versus dev error."),
        ),
    ),
    QuestionSpec(
        "q05", "A learning curve that goes up",
        ("learning curves on small data",), _CURVES, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("more data hurts", "with so few forms, one subset's curve is mostly "
                        "noise: how much do the subsets of the same size disagree?"),
            MistakeSpec("drop the point", "removing a point you do not like hides the noise "
                        "instead of measuring it."),
            MistakeSpec("first subset", "the first forms in the file are not a fair sample; and "
                        "one subset per size is exactly what makes the curve noisy."),
        ),
    ),
    QuestionSpec(
        "q06", "Reading the learning curve",
        ("reading learning curves",), _CURVES, "choice", REGIMES,
        mistakes=(
            MistakeSpec("one of two", "look at both parts separately: the training error "
                        "against the desired error (bias), and dev − training (variance); "
                        "'both' only when both are large."),
            MistakeSpec("swapped", "bias is how far the training error is above the desired "
                        "error; variance is the gap between dev and training error."),
            MistakeSpec("fine", "the dev error is well above the desired error: something "
                        "needs fixing."),
        ),
    ),
    QuestionSpec(
        "q07", "Will more of the client's forms help?",
        ("reading learning curves", "more data"), _CURVES, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare the training error at the right end with the "
                        "goal, and look at where the dev curve is heading."),
            MistakeSpec("dev only", "a bigger dev set measures more precisely but does not "
                        "train the model on anything new."),
            MistakeSpec("drop client", "the client's own forms are the closest data to what "
                        "the product must read; leaving them out aims away from the target."),
        ),
    ),
    QuestionSpec(
        "q08", "Techniques for the problem at hand",
        ("bias and variance techniques",), _TRADE, "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("wrong direction", "one technique you picked turns the regularization "
                        "knob the wrong way for this problem."),
            MistakeSpec("other problem", "one technique you picked reduces the other problem, "
                        "not this one."),
            MistakeSpec("missing one", "you left out a technique that reduces this problem."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q09", "Is a bigger network risky?",
        ("bigger model with regularization",), _TRADE, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("always overfits", "a bigger model overfits when nothing holds its "
                        "capacity back; what does this one have?"),
            MistakeSpec("smaller model", "a smaller model lowers variance and raises bias; "
                        "which problem does this model have?"),
            MistakeSpec("more data", "more data reduces variance; the gap here is small."),
        ),
    ),
    QuestionSpec(
        "q10", "Which forms to read",
        ("error analysis on the training set",), _TRADE, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "which gap is large: training − human (look at what the "
                        "model cannot fit) or dev − training (look at what does not carry "
                        "over)?"),
            MistakeSpec("blackbox", "the blackbox set is measured, never read."),
            MistakeSpec("random forms", "most forms are read right; error analysis looks at "
                        "mistakes."),
        ),
    ),
    QuestionSpec(
        "q11", "Search or scoring, on one form",
        ("optimization verification test",), _VERIFY, "choice", FAULTS,
        mistakes=(
            MistakeSpec("opposite", "the scores are log probabilities: the less negative one is "
                        "the higher. Which output does the scoring function prefer?"),
        ),
    ),
    QuestionSpec(
        "q12", "Share of search faults",
        ("optimization verification test",), _VERIFY, "number", tolerance=0.06,
        mistakes=(
            MistakeSpec("ties as search", "a tie (the correct number and the output score the "
                        "same) is not a search fault: the score does not prefer the correct "
                        "output."),
            MistakeSpec("scoring share", "that is the share of the scoring faults."),
            MistakeSpec("of all forms", "divide by the number of mistakes, not by the number of "
                        "dev forms."),
            MistakeSpec("fraction", HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q13", "Where the next month goes",
        ("optimization verification test",), _VERIFY, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "a better search cannot fix a score that prefers the wrong "
                        "output, and a better score cannot fix a search that misses the right "
                        "one: which kind of mistake is more common?"),
            MistakeSpec("locator", "the test compares two scores of the same input: it says "
                        "nothing about the field locator."),
            MistakeSpec("split evenly", "the test does rank the two parts: count the mistakes "
                        "of each kind."),
        ),
    ),
    QuestionSpec(
        "q14", "The part that costs the most error",
        ("error analysis by parts",), _PARTS, "choice", FORM_PARTS,
        mistakes=(
            MistakeSpec("runner-up", "close, but another part's substitution lowers the error "
                        "more: compute each drop."),
            MistakeSpec("smallest", "making that part perfect lowers the error the least."),
        ),
    ),
    QuestionSpec(
        "q15", "Error attributed to one part",
        ("error analysis by parts",), _PARTS, "number", tolerance=0.05,
        mistakes=(
            MistakeSpec("error after", "that is the error left once the part is perfect; the "
                        "question asks how much it drops."),
            MistakeSpec("error before", "that is the error before the part is made perfect; the "
                        "question asks how much it drops."),
            MistakeSpec("from the start", "that drop includes the parts made perfect before "
                        "it: take only this part's step."),
            MistakeSpec("fraction", HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q16", "A weak part, or a flawed pipeline?",
        ("flawed pipeline",), _PARTS, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare each part with its own human level, and the whole "
                        "with the human level on the whole task."),
            MistakeSpec("more data everywhere", "more data for every part is slow and aims at "
                        "nothing in particular; the table says where the loss is."),
            MistakeSpec("human level wrong", "nothing suggests the human levels are wrong; they "
                        "are what the comparison rests on."),
        ),
    ),
    QuestionSpec(
        "q17", "Typed forms from a partner",
        ("adding data from another distribution",), _DATA, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "whether other-distribution data helps or hurts depends on "
                        "the model's capacity: how big is the network?"),
            MistakeSpec("into dev", "the dev and test sets must look like the forms the product "
                        "reads: handwritten ones."),
            MistakeSpec("replace", "the handwritten forms are the target distribution; never "
                        "throw them out for easier data."),
        ),
    ),
    QuestionSpec(
        "q18", "Labels that follow another rule",
        ("inconsistent data",), _DATA, "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "can the network see, on the scan itself, which labelling "
                        "rule a form follows?"),
            MistakeSpec("dev set", "dev-set labels must follow your own rule, or the dev error "
                        "measures the wrong thing."),
            MistakeSpec("change our rule", "the rule must serve the business (what the claim "
                        "says), not the data you happen to get."),
        ),
    ),
    QuestionSpec(
        "q19", "Weighting the typed forms",
        ("weighting data",), _DATA, "number", tolerance=0.0002,
        mistakes=(
            MistakeSpec("equal total", "that weight makes all typed forms together count as "
                        "much as all handwritten ones; the question asks for a smaller share."),
            MistakeSpec("inverted", "the weight of a typed form must be small: divide by the "
                        "number of typed forms, not by the number of handwritten ones."),
            MistakeSpec("percent", "give the weight as a plain number (0.01), not in percent."),
        ),
    ),
)

_HINTS = {
    "q01": "forms needed = mistakes wanted / error rate (as a fraction), rounded up.",
    "q02": "an eyeball set of about 100 mistakes plus a blackbox set big enough to tune on: "
           "does the dev set hold both?",
    "q03": "the blackbox set is only measured: which uses need nothing but its error rate?",
    "q04": "an eyeball set is used up when its error falls much faster than the blackbox "
           "error and the gap grows beyond noise.",
    "q05": "with little data, average each point over several random subsets and look at the "
           "spread.",
    "q06": "read the largest training-set size: training error vs desired error, then dev − "
           "training.",
    "q07": "more data lowers the dev error towards the training error; it cannot bring it "
           "below a training error that is already above the goal.",
    "q08": "decide first whether the problem is bias or variance; then keep every technique "
           "that reduces it.",
    "q09": "with regularization tuned on the dev set, what does a bigger model cost?",
    "q10": "with high bias, read the training set's mistakes; with high variance, the eyeball "
           "dev set's.",
    "q11": "compare the two scores: a fault lies in finding the output when the correct "
           "number scores higher, and in the score itself when it does not.",
    "q12": "count the rows where the correct number scores higher than the output, and divide "
           "by the number of mistakes, in percent.",
    "q13": "work on the part that causes most of the mistakes.",
    "q14": "in pipeline order, each part's drop is the error before it is made perfect minus "
           "the error after.",
    "q15": "the part's drop: error with the parts before it perfect − error with it perfect "
           "too, in points.",
    "q16": "every part close to its human level while the whole is far from it points at the "
           "design.",
    "q17": "with a big enough network, data from another distribution rarely hurts.",
    "q18": "data whose labels follow another rule hurt when nothing in the input tells the "
           "two rules apart.",
    "q19": "weight × number of typed forms = the share × number of handwritten forms.",
}
SCANNED_FORMS_QUESTIONS = tuple(replace(s, hint=_HINTS[s.id]) for s in SCANNED_FORMS_QUESTIONS)
