"""Tests for course_lib.data.sequence_task: the transcription task with dialled faults.

Oracles: the score written out with NumPy from the task's arrays; brute force over every
transcription (course_lib.search.exhaustive_best on short readings, itertools.product) for
the exact decoder; the definition of the test (a perfect search leaves no search fault,
and cannot make a scoring fault go away); counts of transitions in a large sample.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from course_lib.data.sequence_task import (
    SequenceScorer,
    TranscriptionTask,
    attribution_by_width,
    exact_transcriptions,
    make_transcription_task,
    transcribe,
    verification_cases,
)
from course_lib.optimization_verification import VerificationCase, attribute_errors
from course_lib.search import exhaustive_best


@pytest.fixture(scope="module")
def task() -> TranscriptionTask:
    return make_transcription_task(n_examples=150, seed=0)


def _faults(task: TranscriptionTask, outputs: list) -> dict[int, str | None]:
    cases = [VerificationCase(task.scorer(i), task.truth[i], out)
             for i, out in enumerate(outputs)]
    return {i: v.fault for i, v in enumerate(attribute_errors(cases).verdicts)}


def test_shapes_ranges_and_probabilities(task: TranscriptionTask) -> None:
    assert task.images.shape == (150, 6, 64) and task.log_probs.shape == (150, 6, 10)
    assert task.images.min() >= 0 and task.images.max() <= 1
    assert all(len(r) == 6 and all(0 <= d <= 9 for d in r) for r in task.truth)
    # the classifier's probabilities over the ten digits sum to one at every position
    assert np.allclose(np.exp(task.log_probs).sum(axis=-1), 1, atol=1e-9)
    assert np.allclose(task.true_bigram.sum(axis=1), 1)
    assert np.allclose(np.exp(task.log_bigram).sum(axis=1), 1)
    # the classifier reads most digits right, but not all (some noise to work with)
    accuracy = (task.log_probs.argmax(axis=-1) == np.array(task.truth)).mean()
    assert 0.6 < accuracy < 0.95


def test_the_readings_follow_the_true_transitions() -> None:
    big = make_transcription_task(n_examples=2000, length=12, seed=4)
    rows = np.array(big.truth)
    counts = np.zeros((10, 10))
    np.add.at(counts, (rows[:, :-1].ravel(), rows[:, 1:].ravel()), 1)
    observed = counts / counts.sum(axis=1, keepdims=True)
    assert np.abs(observed - big.true_bigram).max() < 0.05
    # with no bias the model's table is the true one; full bias replaces it
    assert np.allclose(np.exp(big.log_bigram), big.true_bigram)
    biased = make_transcription_task(n_examples=5, seed=4, lm_bias=1.0)
    assert not np.allclose(np.exp(biased.log_bigram), biased.true_bigram)


def test_the_scorer_is_the_weighted_sum_of_logs() -> None:
    task = make_transcription_task(n_examples=10, seed=2, lm_weight=2.5, lm_bias=0.3)
    for i in range(10):
        seq = task.truth[(i + 3) % 10]  # some other reading, mostly wrong for example i
        expected = task.log_probs[i, np.arange(6), seq].sum() + 2.5 * sum(
            task.log_bigram[a, b] for a, b in itertools.pairwise(seq))
        scorer = task.scorer(i)
        assert scorer(seq) == pytest.approx(expected)
        assert scorer(list(seq)) == pytest.approx(expected)
        # a prefix scores as the same sum cut short (what beam search relies on)
        prefix = seq[:3]
        assert scorer(prefix) == pytest.approx(task.log_probs[i, np.arange(3), prefix].sum()
                                               + 2.5 * sum(task.log_bigram[a, b] for a, b
                                                           in itertools.pairwise(prefix)))


def test_the_exact_decoder_is_the_brute_force_optimum() -> None:
    task = make_transcription_task(n_examples=8, length=3, seed=5, lm_weight=1.5)
    exact = exact_transcriptions(task)
    for i in range(8):
        scorer = task.scorer(i)
        brute = max(itertools.product(range(10), repeat=3), key=scorer)
        assert exact[i] == brute
        assert exhaustive_best(scorer, (), lambda s: range(10), 3).sequence == brute


def test_determinism_by_seed() -> None:
    a = make_transcription_task(n_examples=30, seed=11)
    b = make_transcription_task(n_examples=30, seed=11)
    c = make_transcription_task(n_examples=30, seed=12)
    assert a.truth == b.truth and np.array_equal(a.images, b.images)
    assert np.array_equal(a.log_probs, b.log_probs)
    assert transcribe(a, 2) == transcribe(b, 2)
    assert a.truth != c.truth
    # the model settings change the score, not the data
    d = make_transcription_task(n_examples=30, seed=11, lm_weight=4, lm_bias=0.5)
    assert d.truth == a.truth and np.array_equal(d.log_probs, a.log_probs)


def test_a_wider_beam_removes_the_search_faults(task: TranscriptionTask) -> None:
    table = attribution_by_width(task, [1, 2, 5, 30])
    searches = table["n_search"].tolist()
    assert searches[0] >= 20  # greedy search really is misled on this task
    assert searches == sorted(searches, reverse=True) and searches[-1] == 0
    assert table["search_share"].iloc[0] > 0.3 > table["search_share"].iloc[-1]
    # a wide beam returns the exact optimum, so its mistakes are the scoring function's
    assert transcribe(task, 30) == exact_transcriptions(task)


def test_a_wider_beam_fixes_no_scoring_fault(task: TranscriptionTask) -> None:
    exact = _faults(task, exact_transcriptions(task))
    assert "search" not in exact.values()  # a perfect search leaves no search fault
    for width in (1, 2, 5):
        narrow = _faults(task, transcribe(task, width))
        still = [exact[i] == "scoring" for i, f in narrow.items() if f == "scoring"]
        assert still and all(still)
    # ...so the scoring faults of the widest beam are the floor of the dev error
    n_exact_errors = sum(o != t for o, t in zip(exact_transcriptions(task), task.truth,
                                                strict=True))
    assert attribution_by_width(task, [30]).loc[30, "n_scoring"] == n_exact_errors


def test_without_a_language_model_greedy_search_is_exact(task: TranscriptionTask) -> None:
    plain = make_transcription_task(n_examples=150, seed=0, lm_weight=0)
    result = attribute_errors(verification_cases(plain, width=1))
    assert result.n_search == 0
    assert transcribe(plain, 1) == [tuple(int(d) for d in row)
                                    for row in plain.log_probs.argmax(axis=-1)]


def _scoring_faults(**settings) -> int:
    task = make_transcription_task(n_examples=150, seed=0, **settings)
    return sum(f == "scoring" for f in _faults(task, exact_transcriptions(task)).values())


def test_the_scoring_dials_change_the_scoring_faults() -> None:
    right = _scoring_faults()
    # a language model with the right weight helps; no LM, or one weighted far too
    # heavily, makes the score prefer wrong readings more often
    assert _scoring_faults(lm_weight=0) > right + 20
    assert _scoring_faults(lm_weight=8) > right + 20
    assert _scoring_faults(lm_bias=1.0) > right + 20
    assert _scoring_faults(noise=0.5) > right > _scoring_faults(noise=0.2)


def test_attribution_table_matches_attribute_errors(task: TranscriptionTask) -> None:
    table = attribution_by_width(task, (3,))
    direct = attribute_errors(verification_cases(task, 3)).as_dict()
    assert table.index.name == "width" and list(table.index) == [3]
    assert table.loc[3].to_dict() == pytest.approx(direct)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: make_transcription_task(n_examples=0), ValueError,
     "n_examples must be at least 1, got 0"),
    (lambda: make_transcription_task(length=13), ValueError,
     "length (digits per reading) must be at most 12, got 13"),
    (lambda: make_transcription_task(noise=1.5), ValueError, "noise must be at most 1"),
    (lambda: make_transcription_task(lm_weight=-1), ValueError,
     "lm_weight must be at least 0, got -1"),
    (lambda: make_transcription_task(lm_weight="1"), TypeError,
     "lm_weight must be a number, got str"),
    (lambda: make_transcription_task(lm_bias=30), ValueError, "if you meant 30%, write 0.3"),
    (lambda: make_transcription_task(seed=-2), ValueError,
     "seed must be a non-negative integer"),
    (lambda: transcribe("task", 2), TypeError, "task must be a TranscriptionTask"),
    (lambda: transcribe(make_transcription_task(n_examples=2), 0), ValueError,
     "width (the beam width) must be at least 1"),
    (lambda: attribution_by_width(make_transcription_task(n_examples=2), []), ValueError,
     "at least one beam width"),
    (lambda: attribution_by_width(make_transcription_task(n_examples=2), 3), TypeError,
     "widths must be a list of beam widths"),
    (lambda: make_transcription_task(n_examples=2).scorer(2), ValueError,
     "index must be at most 1, got 2"),
])
def test_input_messages(call, error, message) -> None:
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_the_scorer_refuses_what_is_not_a_transcription() -> None:
    scorer = SequenceScorer(np.zeros((2, 10)), np.zeros((10, 10)), 1.0)
    with pytest.raises(ValueError, match="digits 0-9, found 10"):
        scorer((1, 10))
    with pytest.raises(ValueError, match="at most 2 digits, got 3"):
        scorer((1, 2, 3))
    with pytest.raises(TypeError, match="must hold digits 0-9, got str"):
        scorer(("1",))
    assert scorer(np.array([3, 4])) == 0.0
