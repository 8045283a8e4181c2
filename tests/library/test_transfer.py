"""Tests for course_lib.transfer: the network surgery and the three conditions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.nn import Network
from course_lib.transfer import transfer_makes_sense, transfer_network


def _trained(sizes: list[int], seed: int = 0) -> Network:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, sizes[0]))
    y = rng.integers(0, sizes[-1], size=60)
    net = Network(sizes, seed=seed)
    net.fit(X, y, epochs=3, patience=None)
    return net


def test_pretrained_network_is_not_changed() -> None:
    pre = _trained([6, 5, 4, 3])
    before = [p.copy() for p in pre.parameters()]
    net = transfer_network(pre, 2, retrain="all", seed=1)
    rng = np.random.default_rng(1)
    net.fit(rng.normal(size=(30, 6)), rng.integers(0, 2, 30), epochs=5, patience=None)
    assert pre.layer_sizes == (6, 5, 4, 3) and pre.n_frozen == 0
    for old, new in zip(before, pre.parameters(), strict=True):
        np.testing.assert_array_equal(old, new)


def test_hidden_layers_copied_output_layer_fresh() -> None:
    pre = _trained([6, 5, 4, 3])
    net = transfer_network(pre, 7, seed=3)
    assert net.layer_sizes == (6, 5, 4, 7)
    for old, new in zip(pre.parameters()[:-2], net.parameters()[:-2], strict=True):
        np.testing.assert_array_equal(old, new)
    fresh = Network([4, 7], seed=3)  # a one-layer network initialises its layer the same way
    np.testing.assert_array_equal(net.weights[-1], fresh.weights[0])
    assert not net.biases[-1].any()
    other_seed = transfer_network(pre, 7, seed=4)
    assert not np.array_equal(other_seed.weights[-1], net.weights[-1])


@pytest.mark.parametrize(("sizes", "frozen_last"), [([6, 5, 3], 1), ([6, 5, 4, 3], 2),
                                                    ([6, 5, 4, 4, 3], 3)])
def test_freezing(sizes: list[int], frozen_last: int) -> None:
    pre = _trained(sizes)
    assert transfer_network(pre, 2, retrain="last").n_frozen == frozen_last
    assert transfer_network(pre, 2, retrain="all").n_frozen == 0


def test_training_changes_only_what_retrain_allows() -> None:
    pre = _trained([6, 8, 5, 3])
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(40, 6)), rng.integers(0, 2, 40)
    last = transfer_network(pre, 2, retrain="last")
    last.fit(X, y, epochs=5, patience=None)
    for old, new in zip(pre.parameters()[:-2], last.parameters()[:-2], strict=True):
        np.testing.assert_array_equal(old, new)
    everything = transfer_network(pre, 2, retrain="all")
    everything.fit(X, y, epochs=5, patience=None)
    assert not np.array_equal(pre.weights[0], everything.weights[0])


def test_output_kind() -> None:
    pre = _trained([6, 5, 3])
    assert transfer_network(pre, 4).output == "softmax"
    assert transfer_network(pre, 4, output="sigmoid").output == "sigmoid"
    sig = Network([6, 5, 2], output="sigmoid")
    assert transfer_network(sig, 1).output == "sigmoid"


def test_transfer_network_input_errors() -> None:
    pre = _trained([6, 5, 3])
    with pytest.raises(TypeError, match="Network"):
        transfer_network("net", 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'last' or 'all'"):
        transfer_network(pre, 2, retrain="first")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no hidden layer"):
        transfer_network(Network([6, 3]), 2)
    with pytest.raises(ValueError, match="softmax output needs at least 2"):
        transfer_network(pre, 1)


# --- transfer_makes_sense -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("image", "image", 1_000_000, 100, True), True),  # radiology
        (("audio", "audio", 10_000, 1, True), True),  # wake word, hours
        (("image", "image", 100, 1_000_000, True), False),  # reversed
        (("audio", "image", 1_000_000, 100, True), False),  # different inputs
        (("image", "image", 1_000_000, 100, False), False),  # unrelated features
        (("image", "image", 1_000, 100, True), True),  # exactly 10 times
        (("image", "image", 999, 100, True), False),  # just under 10 times
        (("image", "image", 500, 500, True), False),  # as much data for B
    ],
)
def test_transfer_makes_sense_cases(args: tuple, expected: bool) -> None:
    assert transfer_makes_sense(*args) is expected


@settings(max_examples=60, deadline=None)
@given(
    n_b=st.integers(1, 10_000),
    ratio=st.floats(0.01, 1000),
    factor=st.floats(1.0, 100.0),
)
def test_more_data_for_a_never_hurts(n_b: int, ratio: float, factor: float) -> None:
    n_a = n_b * ratio
    if transfer_makes_sense("image", "image", n_a, n_b, True):
        assert transfer_makes_sense("image", "image", n_a * factor, n_b, True)
    if not transfer_makes_sense("image", "image", n_a, n_b, True):
        assert not transfer_makes_sense("image", "image", n_a, n_b * factor, True)


def test_min_ratio_is_respected() -> None:
    assert transfer_makes_sense("text", "text", 300, 100, True, min_ratio=3)
    assert not transfer_makes_sense("text", "text", 299, 100, True, min_ratio=3)


def test_transfer_makes_sense_input_errors() -> None:
    with pytest.raises(TypeError, match="input_a"):
        transfer_makes_sense(1, "image", 10, 1, True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="True or False"):
        transfer_makes_sense("image", "image", 10, 1, "yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_b"):
        transfer_makes_sense("image", "image", 10, -1, True)
    with pytest.raises(TypeError, match="n_a"):
        transfer_makes_sense("image", "image", "many", 1, True)  # type: ignore[arg-type]
