"""The questions of week 1's flight simulator (birds over Peacetopia): the same for every learner.

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

__all__ = ["BIRDS_QUESTIONS"]

W1 = "../week1/"


#: The questions of the week-1 case study (the same for every learner).
BIRDS_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "q01", "Turning the council's wishes into a metric",
        ("single-number evaluation metric", "optimizing and satisficing metrics"),
        W1 + "02_single_number_metric.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("case by case", "three numbers side by side leave every comparison open "
                        "to debate; the team needs one number to decide quickly."),
            MistakeSpec("optimize speed", "the council asks for the best accuracy; speed and "
                        "memory only have to stay under their limits. Which metric should then "
                        "be pushed as far as possible?"),
            MistakeSpec("better on all three", "demanding a win on all three numbers at once "
                        "means most pairs of models cannot be compared at all."),
        ),
    ),
    QuestionSpec(
        "q02", "Choosing among candidate models",
        ("satisficing limits", "optimizing metric"),
        W1 + "03_satisficing_optimizing.ipynb", "letter", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("most accurate overall", "that model is the most accurate, but check its "
                        "running time against the limit: a satisficing limit must be met."),
            MistakeSpec("too big", "that model is very accurate, but check its memory against the "
                        "limit: a satisficing limit must be met."),
            MistakeSpec("fastest", "being faster than the limit earns nothing extra: among the "
                        "models that meet both limits, pick by accuracy."),
            MistakeSpec("smallest", "using less memory than the limit earns nothing extra: among "
                        "the models that meet both limits, pick by accuracy."),
        ),
    ),
    QuestionSpec(
        "q03", "Splitting millions of images",
        ("train/dev/test split for big data", "dev and test set size"),
        W1 + "05_size_of_dev_test_sets.ipynb", "letter", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("classic split", "60/20/20 is a rule of thumb for small data sets; with "
                        "millions of images it gives dev and test far more than they need."),
            MistakeSpec("too small", "compare that dev set with the size dev_set_size gives: it "
                        "is too small to tell apart the models you want to compare."),
            MistakeSpec("no power term", "that dev set is sized as if a just-significant "
                        "measured difference were enough; at that size a real difference is "
                        "caught only about half of the time. The question also asks for 80 % "
                        "power: see how week 1, notebook 05 adds the power term to the size "
                        "formula (the power argument of min_dev_size and dev_set_size)."),
            MistakeSpec("no dev set", "without a dev set you would tune on the test set, and the "
                        "test error would no longer be an unbiased estimate."),
        ),
    ),
    QuestionSpec(
        "q04", "Where the dev and test images come from",
        ("dev and test distributions",),
        W1 + "04_train_dev_test_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("by district", "dev and test sets from different districts aim the team "
                        "at one target and then grade it on another."),
            MistakeSpec("largest district", "the system will run in every district: the dev and "
                        "test sets should look like all the data it will meet."),
            MistakeSpec("training as test", "an error measured on the images the model was "
                        "trained on says little about new images."),
        ),
    ),
    QuestionSpec(
        "q05", "New images from the residents",
        ("dev and test distributions", "training on a different distribution"),
        W1 + "04_train_dev_test_distributions.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("more test data", "more test examples help only if they come from the "
                        "same distribution as the dev set and the cameras."),
            MistakeSpec("dev only", "dev and test sets must come from the same distribution, and "
                        "both should reflect the images the system will process."),
            MistakeSpec("discard", "training on somewhat different images is usually fine and "
                        "can help; what must match is the dev and test sets."),
        ),
    ),
    QuestionSpec(
        "q06", "An estimate of Bayes error",
        ("human-level performance", "Bayes error proxy"),
        W1 + "09_understanding_human_level.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("typical person", "a typical person is far from the best possible: Bayes "
                        "error is at most the lowest error any person or team reaches."),
            MistakeSpec("single expert", "a group of experts does better than a single one: use "
                        "the best human performance you know of."),
            MistakeSpec("average", "don't average the human levels: Bayes error is bounded by the "
                        "best of them."),
            MistakeSpec("fraction", HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q07", "Measuring avoidable bias",
        ("avoidable bias",),
        W1 + "08_avoidable_bias.ipynb", "number", tolerance=0.001,
        mistakes=(
            MistakeSpec("typical person", "measure avoidable bias from the Bayes-error estimate "
                        "(the best human level), not from a typical person's error."),
            MistakeSpec("single expert", "measure avoidable bias from the best human level you "
                        "know, not from one expert's error."),
            MistakeSpec("dev instead of training", "avoidable bias is about the training set: use "
                        "the training error, not the dev error."),
            MistakeSpec("variance", "that is the gap between dev and training error (variance); "
                        "avoidable bias compares training error with the Bayes estimate."),
            MistakeSpec("fraction", HINT_PERCENT),
        ),
    ),
    QuestionSpec(
        "q08", "What to work on first",
        ("bias/variance reading of an error table",),
        W1 + "08_avoidable_bias.ipynb", "choice", strategy.PROBLEMS,
        mistakes=(
            MistakeSpec("the smaller gap", "compare the two gaps: training minus the Bayes "
                        "estimate, and dev minus training. Work first on the larger one."),
            MistakeSpec("data mismatch", "the training and dev images come from the same "
                        "shuffled mix and there is no training-dev set: data mismatch is not "
                        "in play here."),
            MistakeSpec("dev set overfitting", "dev set overfitting shows as a gap between dev "
                        "and test error, and no test error is given here."),
        ),
    ),
    QuestionSpec(
        "q09", "Which actions would help",
        ("tactics for avoidable bias and variance",),
        W1 + "11_improving_model_performance.ipynb", "letters", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("other problem 1", "one action you picked reduces the other problem (the "
                        "smaller gap), so it would not help much now."),
            MistakeSpec("other problem 2", "one action you picked reduces the other problem (the "
                        "smaller gap), so it would not help much now."),
            MistakeSpec("unrelated", "one action you picked changes how you measure, not how well "
                        "the model fits or generalises."),
            MistakeSpec("missing 1", "you left out an action that also reduces the problem your "
                        "diagnosis points to."),
            MistakeSpec("missing 2", "you left out an action that also reduces the problem your "
                        "diagnosis points to."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q10", "Reading five models at a glance",
        ("bias/variance reading of an error table",),
        W1 + "08_avoidable_bias.ipynb", "letters", tuple("ABCDE"),
        mistakes=(
            MistakeSpec("swapped", "you picked the models whose avoidable bias is the larger "
                        "gap; the question asks for the ones where variance is larger."),
            MistakeSpec("every model", "every model has some variance (dev error above training "
                        "error); the question is whether it is the larger of the two gaps."),
            MistakeSpec("lowercase", HINT_LOWER),
        ),
    ),
    QuestionSpec(
        "q11", "Closing in on the experts",
        ("surpassing human-level performance",),
        W1 + "10_surpassing_human_level.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("opposite reading", "compare the training error with the best human "
                        "level: which of the two is lower?"),
            MistakeSpec("bayes is zero", "Bayes error is a property of the images (some are "
                        "ambiguous even to experts); it does not become 0 when a model gets good."),
            MistakeSpec("smaller network", "nothing in these numbers says the network is too "
                        "big; a model doing well on training data is not a reason to shrink it."),
        ),
    ),
    QuestionSpec(
        "q12", "After months of tuning",
        ("error ladder with a test set",),
        W1 + "06_change_dev_test_and_metrics.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("bias fix", "compare all three gaps, including test minus dev: a bigger "
                        "network addresses the training-set gap."),
            MistakeSpec("variance fix", "compare all three gaps, including test minus dev: "
                        "regularisation addresses the gap between training and dev error."),
            MistakeSpec("change metric", "nothing here says the metric measures the wrong thing; "
                        "look at which gap is large."),
        ),
    ),
    QuestionSpec(
        "q13", "A metric that counts some mistakes more",
        ("changing the evaluation metric", "weighted error"),
        W1 + "06_change_dev_test_and_metrics.ipynb", "letter", tuple("ABC"),
        mistakes=(
            MistakeSpec("plain error", "that model has the lowest plain error, but the new metric "
                        "counts each missed large bird several times."),
            MistakeSpec("other", "compute each model's weighted error: (other mistakes + weight × "
                        "critical mistakes) / (other images + weight × critical images)."),
        ),
    ),
    QuestionSpec(
        "q14", "A new species arrives",
        ("changing the dev/test set",),
        W1 + "06_change_dev_test_and_metrics.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("training only", "if the dev and test sets stay as they are, they cannot "
                        "tell you whether the system gets better at what now matters."),
            MistakeSpec("ignore", "few images are enough to change the target: the council now "
                        "cares about this species."),
            MistakeSpec("wait", "there is no need to wait: set a target that reflects the new "
                        "need now, even if it is imperfect, and refine it later."),
        ),
    ),
    QuestionSpec(
        "q15", "Which knob to turn",
        ("orthogonalization",),
        W1 + "01_orthogonalization.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("other link 1", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
            MistakeSpec("other link 2", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
            MistakeSpec("other link 3", "that knob acts on a different link of the chain. Go "
                        "through training, dev, test and real world in order, and fix the first "
                        "link that misses its target."),
        ),
    ),
    QuestionSpec(
        "q16", "A new camera, no human level yet",
        ("avoidable bias", "human-level performance"),
        W1 + "08_avoidable_bias.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("bayes taken as zero", "reading the whole training error as avoidable "
                        "bias assumes Bayes error is 0 %; for blurry night images it may be far "
                        "from 0, and nobody has measured it yet."),
            MistakeSpec("gap alone", "the dev − training gap is known, but whether it is the "
                        "larger problem depends on how much of the training error is "
                        "avoidable, which needs an estimate of Bayes error."),
            MistakeSpec("good enough", "whether an error is low enough depends on what is "
                        "achievable on these images; without a human level you cannot tell."),
        ),
    ),
    QuestionSpec(
        "q17", "What the best human level says about Bayes error",
        ("Bayes error and human-level performance",),
        W1 + "09_understanding_human_level.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("equals best human", "people are not perfect either: a better process "
                        "might still do better than the best human level you know of."),
            MistakeSpec("humans are the floor", "Bayes error is the lowest error any system "
                        "could reach. Is the best human level a floor under it, or a ceiling "
                        "over it?"),
            MistakeSpec("average", "averaging mixes good and poor labellers; which single human "
                        "level tells you the most about the lowest error possible?"),
        ),
    ),
    QuestionSpec(
        "q18", "A heavily regularised network",
        ("tactics for avoidable bias and variance", "regularisation"),
        W1 + "11_improving_model_performance.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("wrong direction", "regularisation trades fit on the training set for "
                        "generalisation: work out which gap is the larger one, and which way "
                        "turning the regularisation up or down moves each gap."),
            MistakeSpec("bigger dev set", "a bigger dev set measures more precisely; it changes "
                        "neither the training fit nor the generalisation."),
            MistakeSpec("change metric", "nothing here says the metric measures the wrong "
                        "thing; look at which gap is large and at the knob that acts on it."),
        ),
    ),
    QuestionSpec(
        "q19", "Two weeks per experiment",
        ("iteration speed", "the idea-experiment loop"),
        W1 + "02_single_number_metric.ipynb", "letter", tuple("ABCD"),
        mistakes=(
            MistakeSpec("always everything", "more data helps the final model, but every "
                        "experiment on all of it costs a full training run: count how many "
                        "ideas that leaves time for."),
            MistakeSpec("shrink the dev set", "evaluating on the dev set is quick; the time goes "
                        "into training. A smaller dev set also measures less precisely."),
            MistakeSpec("many ideas per run", "changing several things in one run saves time "
                        "but leaves you unable to tell which change helped."),
        ),
    ),
)

_BIRD_HINTS = {
    "q01": "which of the three numbers does the council want as good as possible, and which "
           "only need to stay under a limit?",
    "q02": "first drop every model that breaks a limit; then compare accuracy among the rest.",
    "q03": "compute dev_set_size(...) with the confidence and the power the question gives; "
           "among the splits whose dev and test sets reach that size, prefer the one that "
           "leaves the most for training.",
    "q04": "dev and test sets should come from the same distribution, and reflect the data the "
           "alarm will meet.",
    "q05": "which sets must come from the same distribution, and which one may differ?",
    "q06": "Bayes error is the lowest error possible: which human level bounds it most "
           "tightly?",
    "q07": "avoidable bias = training error - the Bayes estimate, in percentage points.",
    "q08": "compute both gaps (training - Bayes estimate, dev - training) and name the larger.",
    "q09": "take the problem from question 8 and keep only the actions that act on it.",
    "q10": "for each model, compare training - Bayes estimate with dev - training.",
    "q11": "compare the training error with the best human level.",
    "q12": "compute all three gaps, including test - dev, and find the largest.",
    "q13": "weighted error = (other mistakes + weight x missed large birds) / (other images + "
           "weight x large-bird images).",
    "q14": "the council's goal has changed: should the target (dev/test set, metric) change "
           "with it?",
    "q15": "go down the chain - training, dev, test, real world - and find the first link "
           "above its target.",
    "q16": "avoidable bias = training error − an estimate of Bayes error: do you have one here?",
    "q17": "Bayes error is the lowest error possible: the best human level is one error that "
           "has been reached.",
    "q18": "compute both gaps, then ask which way the regularisation knob moves the larger one.",
    "q19": "count how many full training runs fit in the time left, and how many would fit on "
           "a subset.",
}
BIRDS_QUESTIONS = tuple(replace(s, hint=_BIRD_HINTS[s.id]) for s in BIRDS_QUESTIONS)
