"""course_lib: the library of *Structuring ML Projects - the workbook*, to keep after the course.

The names below are the library: metrics and model choice, the bias / variance / mismatch
diagnosis, dev-set sizing, error analysis, learning curves, splits, a small NumPy network
with transfer and multi-task learning, the end-to-end decision, and plots. They work on
your own project's numbers. The course's own data, simulators and case studies live in the
subpackages (:mod:`course_lib.data`, :mod:`course_lib.experiments`, :mod:`course_lib.flight`),
its self-checks in :mod:`course_lib.exercises` (``check`` and ``grade`` are here too).

Importing the package is cheap: every name is loaded on first use, and heavy dependencies
(pandas, matplotlib, scikit-learn) only by the functions that need them.

Examples
--------
>>> import course_lib
>>> course_lib.f1_score([1, 0, 1, 1], [1, 0, 0, 1])
0.8
>>> course_lib.diagnose(human=0.01, train=0.08, dev=0.10).focus[0]
'avoidable bias'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: the public library: module -> the names it gives to ``course_lib``
_LIBRARY: dict[str, tuple[str, ...]] = {
    "metrics": ("confusion_counts", "error_rate", "f1_score", "pick_best", "precision", "recall",
                "weighted_error"),
    "strategy": ("Diagnosis", "bayes_proxy", "diagnose", "surpassed_human"),
    "sizing": ("confidence_interval", "dev_set_size", "simulate_error_estimates",
               "standard_error"),
    "error_analysis": ("ErrorTally", "ceiling", "error_rate_by_tag", "tally_errors"),
    "learning_curves": ("examples_needed", "fit_power_law", "learning_curve", "train_dev_errors",
                        "validation_curve"),
    "splits": ("expected_target_in_dev", "mismatched_split", "mix_distance", "shuffle_split",
               "shuffled_dev_error", "training_dev_split"),
    "nn": ("History", "Network", "masked_binary_cross_entropy", "softmax_cross_entropy"),
    "transfer": ("transfer_makes_sense", "transfer_network"),
    "end_to_end": ("ApproachCase", "choose_approach", "plot_data_map"),
    "orthogonalization": ("first_failing_step",),
    "costs": ("prediction_cost",),
    "plotting": ("precision_recall_map", "show_images", "threshold_tradeoff"),
    "threads": ("limit_threads", "one_thread", "use_one_thread"),
    "learning_curve_reading": ("CurveReading", "LearningCurveResult", "averaged_learning_curve",
                               "read_learning_curve", "stratified_subset"),
    "bias_variance_tactics": ("BiggerModelCost", "Technique", "bigger_model_cost",
                              "techniques_for"),
    "dev_set_design": ("EyeballOverfit", "eyeball_overfit", "eyeball_size",
                       "split_eyeball_blackbox"),
    "search": ("SearchResult", "beam_search", "exhaustive_best"),
    "optimization_verification": ("ErrorAttribution", "Verdict", "VerificationCase",
                                  "attribute_errors", "verify"),
    "pipeline_analysis": ("PipelineAnalysis", "analyze_pipeline", "mismatch_rate",
                          "run_pipeline"),
    "exercises.selfcheck": ("check", "grade"),
}
_WHERE = {name: module for module, names in _LIBRARY.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'course_lib' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"course_lib.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
