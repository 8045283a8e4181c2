"""The questions of week 2's flight simulator (road signs): the same for every learner.

Each :class:`~course_lib.flight.model.QuestionSpec` says what a question asks (its title,
the ideas it tests, the lecture notebook to review), how it is answered, and the hints for
its typical wrong answers; the numbers of each learner's version come from the case study's
generator.
"""

from __future__ import annotations

from dataclasses import replace

from course_lib import strategy
from course_lib.flight.model import MistakeSpec, QuestionSpec
from course_lib.flight.text import HINT_LOWER, HINT_PERCENT

__all__ = ["CATEGORIES", "HINT_ROUNDING", "LATER_CATEGORIES", "ROAD_SIGNS_QUESTIONS"]

W2 = "../week2/"

#: The hint of an answer rounded to fewer decimals than the question asks for.
HINT_ROUNDING = ("your number is close, but rounded too coarsely: keep the decimals the "
                 "question asks for, and round only the final result.")

#: The categories of the later error analysis of question 17 (the same for every learner).
LATER_CATEGORIES: tuple[str, ...] = ("faded signs", "foreign sign designs", "motion blur",
                                     "reflections on the glass", "stickers on signs")

#: The categories of the week-2 error analysis (the same for every learner).
CATEGORIES: tuple[str, ...] = ("fog", "rain on the windshield", "night or glare",
                               "sign partly hidden", "incorrectly labelled", "other")

#: The questions of the week-2 case study (the same for every learner).
ROAD_SIGNS_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "q01", "Splitting two sources of images",
        ("training and testing on different distributions",),
        W2 + "04_different_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("shuffle all", "after shuffling, most dev images would come from the "
                        "internet: the team would aim at the wrong target."),
            MistakeSpec("dev car, test web", "dev and test sets must come from the same "
                        "distribution, the one the product will see."),
            MistakeSpec("car only", "images from a different distribution can still teach the "
                        "network a lot; keep them in the training set."),
        ),
    ),
    QuestionSpec(
        "q02", "Where to start",
        ("build the first system quickly, then iterate",),
        W2 + "03_build_first_then_iterate.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("research first", "without a working system you cannot tell which of "
                        "these problems actually costs you the most."),
            MistakeSpec("collect first", "collecting data blindly for months may not touch the "
                        "problem that matters; find out first what the system gets wrong."),
            MistakeSpec("complex first", "a complex first system takes long to build and to "
                        "debug; start simple and let the analysis tell you what to add."),
        ),
    ),
    QuestionSpec(
        "q03", "The biggest category of mistakes",
        ("error analysis",),
        W2 + "01_error_analysis.ipynb", "choice", CATEGORIES,
        mistakes=(
            MistakeSpec("runner-up", "close, but another category covers a larger share of the "
                        "inspected mistakes."),
            MistakeSpec("fewest", "that category covers the fewest of the inspected mistakes: "
                        "fixing it would help least."),
        ),
    ),
    QuestionSpec(
        "q04", "A ceiling on one idea",
        ("error analysis ceiling",),
        W2 + "01_error_analysis.ipynb", "number", tolerance=0.006,
        mistakes=(
            MistakeSpec("removed", "that is the part of the error you would remove; the "
                        "question asks for the error that would be left."),
            MistakeSpec("points", "the share of the inspected mistakes is a share of the "
                        "errors, not percentage points of error: multiply, don't subtract."),
            MistakeSpec("fraction", "give the number in percent (7.5 for 7.5 %), not as a "
                        "fraction."),
            MistakeSpec("top category", "that is the ceiling of the largest category; the "
                        "question asks about another one."),
            MistakeSpec("rounded coarsely", HINT_ROUNDING),
        ),
    ),
    QuestionSpec(
        "q05", "Wrong labels: fix them now?",
        ("incorrectly labelled dev examples",),
        W2 + "02_incorrectly_labeled_data.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "compare the error caused by wrong labels with the "
                        "difference between the two models you need to tell apart."),
            MistakeSpec("training only", "the dev and test sets are what you decide with; their "
                        "labels matter more than the training set's."),
            MistakeSpec("relabel everything", "deep learning copes well with a small share of "
                        "random label errors in a large training set; that is not the priority."),
        ),
    ),
    QuestionSpec(
        "q06", "Fixing labels the right way",
        ("correcting labels in dev and test sets",),
        W2 + "02_incorrectly_labeled_data.ipynb", "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("dev only", "one statement you picked would leave the dev and test sets "
                        "coming from different distributions."),
            MistakeSpec("systematic ok", "one statement you picked treats systematic label "
                        "errors as harmless; networks cope with random errors, not systematic "
                        "ones."),
            MistakeSpec("only wrong ones", "one statement you picked claims a correct prediction "
                        "cannot hide a wrong label; it can, when model and label are wrong "
                        "together."),
            MistakeSpec("missing same process", "you left out a true statement about keeping "
                        "dev and test sets alike."),
            MistakeSpec("missing train optional", "you left out a true statement about the "
                        "training set."),
            MistakeSpec("missing check right", "you left out a true statement about which "
                        "examples to look at."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q07", "Synthetic fog",
        ("artificial data synthesis",),
        W2 + "06_addressing_data_mismatch.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("looks real", "looking realistic to a person does not mean the fog "
                        "covers much of the fog a car will meet: a few photos reused over and "
                        "over are a tiny corner of it, and a network can learn that corner."),
            MistakeSpec("never", "synthetic data does help when it covers what the real data "
                        "lacks, and is varied enough."),
            MistakeSpec("into dev and test", "the dev and test sets must keep measuring real car "
                        "images; synthetic images belong in training."),
        ),
    ),
    QuestionSpec(
        "q08", "Reading errors with a training-dev set",
        ("bias, variance and data mismatch",),
        W2 + "05_mismatched_bias_variance.ipynb", "choice", strategy.PROBLEMS,
        mistakes=(
            MistakeSpec("runner-up", "compare the three gaps — training − human, training-dev − "
                        "training, dev − training-dev — and pick the largest."),
            MistakeSpec("dev set overfitting", "dev set overfitting shows as a gap between dev "
                        "and test error, and no test error is given here."),
        ),
    ),
    QuestionSpec(
        "q09", "Size of the data mismatch",
        ("data mismatch",),
        W2 + "05_mismatched_bias_variance.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("dev minus training", "dev − training mixes variance and data mismatch; "
                        "the training-dev set is there to separate them."),
            MistakeSpec("variance", "training-dev − training is the variance; data mismatch "
                        "starts at the training-dev error."),
            MistakeSpec("dev minus human", "dev − human is the whole gap; data mismatch is only "
                        "its last step."),
            MistakeSpec("fraction", HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q10", "Addressing data mismatch",
        ("addressing data mismatch",),
        W2 + "06_addressing_data_mismatch.ipynb", "letters", tuple("ABCDEF"),
        mistakes=(
            MistakeSpec("test analysis", "one action you picked studies the test set; error "
                        "analysis belongs on the dev set, or the test set stops being unbiased."),
            MistakeSpec("regularise", "one action you picked reduces variance, not data "
                        "mismatch."),
            MistakeSpec("easier dev", "one action you picked moves the target instead of "
                        "hitting it: the dev set must stay like the product's images."),
            MistakeSpec("missing dev analysis", "you left out the step that tells you how the "
                        "data differ."),
            MistakeSpec("missing more like dev", "you left out the main remedy: make the training "
                        "data more like the dev data."),
            MistakeSpec("missing varied", "you left out a true statement about synthesizing "
                        "data."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q11", "One network, several signs",
        ("multi-task learning",),
        W2 + "08_multi_task_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("softmax", "a softmax picks exactly one class per image, but one image "
                        "can show several kinds at once."),
            MistakeSpec("separate networks", "separate networks are not always better: when "
                        "the tasks share low-level features, one big network can do better."),
            MistakeSpec("single unit", "one output cannot say which kinds are in the image."),
        ),
    ),
    QuestionSpec(
        "q12", "A loss with missing labels",
        ("multi-task learning with partial labels",),
        W2 + "08_multi_task_learning.ipynb", "number", tolerance=0.002,
        mistakes=(
            MistakeSpec("unknown as 0", "a '?' is not a 0: leave unlabelled entries out of the "
                        "sum."),
            MistakeSpec("unknown as 1", "a '?' is not a 1: leave unlabelled entries out of the "
                        "sum."),
            MistakeSpec("mean not sum", "the question asks for the sum over the labelled "
                        "entries, not their mean."),
            MistakeSpec("log base 10", "use the natural logarithm (np.log), not log10."),
            MistakeSpec("rounded coarsely", HINT_ROUNDING),
        ),
    ),
    QuestionSpec(
        "q13", "Where to transfer from",
        ("transfer learning",),
        W2 + "07_transfer_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("audio", "transfer helps when both tasks have the same kind of input."),
            MistakeSpec("fewer images", "transfer helps when the source task has much more "
                        "data than yours."),
            MistakeSpec("text", "transfer helps when both tasks have the same kind of input."),
        ),
    ),
    QuestionSpec(
        "q14", "How much to retrain",
        ("fine-tuning after transfer",),
        W2 + "07_transfer_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "how many layers to retrain depends on how much data the new "
                        "task has: look at the number of labelled images."),
            MistakeSpec("keep old output", "the old output layer answers the old question; the "
                        "new task needs a new output layer."),
            MistakeSpec("first layer only", "the first layers hold the general features worth "
                        "keeping; the last layers are the task-specific ones."),
        ),
    ),
    QuestionSpec(
        "q15", "End to end or in steps?",
        ("end-to-end deep learning",),
        W2 + "10_whether_end_to_end.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite", "what decides is how much data you have for the whole "
                        "mapping from input to output, compared with the data for the steps."),
            MistakeSpec("hand rules", "hand-written rules for the whole task give up on "
                        "learning from the data you have."),
            MistakeSpec("more hand stages", "adding hand-designed stages is the opposite of "
                        "what the data allow here."),
        ),
    ),
    QuestionSpec(
        "q16", "Is the training data easier?",
        ("training-dev set", "bias, variance and data mismatch"),
        W2 + "05_mismatched_bias_variance.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("mismatch assumed", "the car images may be harder, or the network may "
                        "simply do worse on any image it has not trained on: dev − training "
                        "alone cannot tell these apart. Which number would?"),
            MistakeSpec("variance assumed", "a gap between dev and training error can also come "
                        "from the change of distribution (internet vs car images): which number "
                        "would separate that from variance?"),
            MistakeSpec("relabel dev", "nothing here points at wrong labels; the question is "
                        "what the gap between training and dev error is made of."),
        ),
    ),
    QuestionSpec(
        "q17", "The biggest category, or the best use of a month?",
        ("error analysis", "prioritising work"),
        W2 + "01_error_analysis.ipynb", "choice", LATER_CATEGORIES,
        mistakes=(
            MistakeSpec("biggest", "that category has the most room, but can the team fix it "
                        "before the release? Count the weeks."),
            MistakeSpec("quickest", "that fix is the quickest, but compare how much dev error "
                        "each fix that fits in the time would remove."),
        ),
    ),
    QuestionSpec(
        "q18", "Which images to inspect",
        ("error analysis",),
        W2 + "01_error_analysis.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("training mistakes", "the training images are mostly internet images; "
                        "their mistakes tell you little about what goes wrong on the cars' "
                        "images the product is judged on."),
            MistakeSpec("test mistakes", "studying the test set's mistakes and acting on them "
                        "makes the test error an optimistic estimate."),
            MistakeSpec("random dev images", "most dev images are classified right; looking at "
                        "them shows little about what the system gets wrong."),
        ),
    ),
    QuestionSpec(
        "q19", "Transfer, multi-task, or neither?",
        ("transfer learning", "multi-task learning"),
        W2 + "07_transfer_learning.ipynb", "letter", tuple("ABC"),
        mistakes=(
            MistakeSpec("opposite", "transfer from task A to task B pays only when both take the "
                        "same kind of input, A has much more data than B, and A's low-level "
                        "features could help B: check all three here."),
            MistakeSpec("multi-task", "multi-task learning trains one network on several tasks "
                        "at once, and pays when they share low-level features and have similar "
                        "amounts of data; is that the situation here?"),
        ),
    ),
    QuestionSpec(
        "q20", "Which system is end to end?",
        ("end-to-end deep learning",),
        W2 + "09_end_to_end_learning.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("learned steps", "learning each step with a network does not make a "
                        "pipeline end to end: what matters is whether one model maps the input "
                        "straight to the output."),
            MistakeSpec("deep means end to end", "using deep networks is not what end to end "
                        "means: count the separate steps between input and output."),
            MistakeSpec("more data", "using more data sets is not what end to end means: count "
                        "the separate steps between input and output."),
        ),
    ),
    QuestionSpec(
        "q21", "Two large gaps at once",
        ("bias, variance and data mismatch",),
        W2 + "05_mismatched_bias_variance.ipynb", "letters", tuple("ABCD"),
        mistakes=(
            MistakeSpec("only the largest", "you kept only the largest gap; another one is "
                        "almost as large and is worth working on too."),
            MistakeSpec("small gap too", "one problem you picked has a small gap here; the team's "
                        "time is better spent on the large ones."),
            MistakeSpec("overfitting", "dev set overfitting is the test − dev gap: look at its "
                        "size."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
)

_ROAD_HINTS = {
    "q01": "the dev and test sets should look like the images the product will be judged on.",
    "q02": "for a new application, how do you find out which problem matters most?",
    "q03": "the category covering the largest share of the inspected mistakes has the most "
           "room.",
    "q04": "error left = dev error x (1 - the category's share of the mistakes), in percent.",
    "q05": "compare the error caused by wrong labels (dev error x their share of the mistakes) "
           "with the gap between the two models.",
    "q06": "think about keeping dev and test alike, about the training set, and about which "
           "examples can hide a wrong label.",
    "q07": "is a result that looks realistic to a person necessarily varied enough for a "
           "network?",
    "q08": "compute training - human, training-dev - training and dev - training-dev; name the "
           "largest.",
    "q09": "data mismatch = dev error - training-dev error.",
    "q10": "data mismatch is about how the training data differ from the dev data: which "
           "actions study or reduce that difference?",
    "q11": "one image can show several kinds at once.",
    "q12": "sum -(y log p + (1 - y) log(1 - p)) over the entries that have a label; skip the "
           "'?' entries.",
    "q13": "transfer works from a task with the same kind of input and much more data.",
    "q14": "how many layers to retrain depends on how many labelled images the new task has.",
    "q15": "compare the data you have for the whole mapping with the data for its steps.",
    "q16": "what would you need to measure to split dev − training into its two parts?",
    "q17": "among the fixes that fit in the time left, which removes the most dev error?",
    "q18": "error analysis looks at mistakes, on the set whose distribution you aim at and "
           "that you are allowed to study.",
    "q19": "check the three conditions of transfer, and what multi-task learning needs.",
    "q20": "end to end means one model from input to output, with no separate steps.",
    "q21": "compute all four gaps; keep every one that is large, not only the largest.",
}
ROAD_SIGNS_QUESTIONS = tuple(replace(s, hint=_ROAD_HINTS[s.id]) for s in ROAD_SIGNS_QUESTIONS)
