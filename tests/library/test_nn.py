"""Tests for course_lib.nn: the losses, backpropagation, training, transfer and multi-task tools.

Oracles are independent of the code under test: scikit-learn's ``log_loss``, losses and
forward passes written out here with NumPy, hand-computed values, and central finite
differences for the gradients.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_digits
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split

from course_lib.nn import History, Network, masked_binary_cross_entropy, softmax_cross_entropy

NAN = float("nan")
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([0, 1, 1, 0])


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X / 16.0, y, test_size=450, random_state=0, stratify=y
    )
    return X_train, X_test, y_train, y_test


def _manual_forward(net: Network, X: np.ndarray) -> np.ndarray:
    """Logits computed directly from the weights: ReLU between dense layers."""
    A = np.asarray(X, dtype=np.float64)
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        A = A @ W.astype(np.float64) + b
        if i < net.n_layers - 1:
            A = np.maximum(A, 0.0)
    return A


def _jiggle(net: Network, seed: int) -> Network:
    """Move every parameter (biases too) away from its initial value."""
    rng = np.random.default_rng(seed)
    for p in net.parameters():
        p += rng.normal(scale=0.3, size=p.shape)
    return net


# ---------------------------------------------------------------------------
# masked_binary_cross_entropy
# ---------------------------------------------------------------------------


def test_masked_bce_hand_computed() -> None:
    y_true = [[1, NAN], [0, 1]]
    y_prob = [[0.8, 0.3], [0.4, 0.9]]
    expected = -(math.log(0.8) + math.log(1 - 0.4) + math.log(0.9)) / 3
    assert masked_binary_cross_entropy(y_true, y_prob) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(1, 12),
    k=st.integers(1, 5),
    seed=st.integers(0, 2**32 - 1),
    missing=st.floats(0.0, 0.9),
)
def test_masked_bce_is_log_loss_over_labelled_entries(
    n: int, k: int, seed: int, missing: float
) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=(n, k)).astype(float)
    p = rng.uniform(0.01, 0.99, size=(n, k))
    hide = rng.random((n, k)) < missing
    hide.flat[rng.integers(n * k)] = False  # keep at least one label
    y[hide] = np.nan
    labelled = ~hide
    expected = log_loss(y[labelled], p[labelled], labels=[0, 1])
    assert masked_binary_cross_entropy(y, p) == pytest.approx(expected, rel=1e-9)
    # the probabilities where the label is missing play no part
    p_other = np.where(hide, rng.uniform(0.01, 0.99, size=(n, k)), p)
    assert masked_binary_cross_entropy(y, p_other) == pytest.approx(expected, rel=1e-9)


def test_masked_bce_divides_by_number_of_labels_not_examples() -> None:
    # one labelled entry among four: the loss is that entry's loss, not a quarter of it
    y = [[1, NAN], [NAN, NAN]]
    p = [[0.25, 0.5], [0.5, 0.5]]
    assert masked_binary_cross_entropy(y, p) == pytest.approx(-math.log(0.25))


def test_masked_bce_accepts_1d_and_stays_finite() -> None:
    assert masked_binary_cross_entropy([1, 0, NAN], [0.5, 0.5, 0.0]) == pytest.approx(math.log(2))
    worst = masked_binary_cross_entropy([1.0], [0.0])  # certain and wrong
    assert math.isfinite(worst) and worst > 20


@pytest.mark.parametrize(
    ("y_true", "y_prob", "message"),
    [
        ([[1, 0]], [[0.5, 0.5, 0.5]], "same shape"),
        ([1, 2], [0.5, 0.5], "only 0, 1 or NaN"),
        ([1, 0], [1.5, 0.5], "between 0 and 1"),
        ([NAN, NAN], [0.5, 0.5], "no labels"),
        ("10", [0.5, 0.5], "list or array of numbers"),
    ],
)
def test_masked_bce_rejects_bad_input(y_true: object, y_prob: object, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        masked_binary_cross_entropy(y_true, y_prob)


# ---------------------------------------------------------------------------
# softmax_cross_entropy
# ---------------------------------------------------------------------------


def test_softmax_cross_entropy_hand_computed() -> None:
    y_prob = [[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]]
    expected = -(math.log(0.7) + math.log(0.4)) / 2
    assert softmax_cross_entropy([0, 2], y_prob) == pytest.approx(expected, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 15), k=st.integers(2, 6), seed=st.integers(0, 2**32 - 1))
def test_softmax_cross_entropy_matches_sklearn(n: int, k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(k), size=n)
    y = rng.integers(0, k, size=n)
    expected = log_loss(y, p, labels=list(range(k)))
    assert softmax_cross_entropy(y, p) == pytest.approx(expected, rel=1e-7)


@pytest.mark.parametrize(
    ("y_true", "y_prob", "message"),
    [
        ([0, 1], [[2.0, -1.0], [0.5, 0.5]], "between 0 and 1"),
        ([0, 1], [[0.5, 0.2], [0.5, 0.5]], "sum to 1"),
        ([0, 3], [[0.5, 0.5], [0.5, 0.5]], "class labels 0..1"),
        ([0, 0.5], [[0.5, 0.5], [0.5, 0.5]], "integer class labels"),
        ([0], [[0.5, 0.5], [0.5, 0.5]], "same number of rows"),
        ([[0, 1]], [[0.5, 0.5]], "1-D"),
    ],
)
def test_softmax_cross_entropy_rejects_bad_input(
    y_true: object, y_prob: object, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        softmax_cross_entropy(y_true, y_prob)


# ---------------------------------------------------------------------------
# Gradients: backpropagation against central finite differences (float64)
# ---------------------------------------------------------------------------


def _numerical_gradients(net: Network, X: np.ndarray, y: np.ndarray, l2: float) -> list:
    h = 1e-6
    numerical = []
    for p in net.parameters():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + h
            up = net.loss_and_gradients(X, y, l2=l2)[0]
            p[idx] = old - h
            down = net.loss_and_gradients(X, y, l2=l2)[0]
            p[idx] = old
            g[idx] = (up - down) / (2 * h)
        numerical.append(g)
    return numerical


def _gradient_case(case: str) -> tuple[Network, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(9, 5))
    if case == "softmax":
        net = Network([5, 6, 4, 3], output="softmax", seed=1, dtype="float64")
        y = rng.integers(0, 3, size=9)
        return _jiggle(net, 2), X, y, 0.05
    if case == "multitask":
        net = Network([5, 6, 4], output="sigmoid", seed=1, dtype="float64")
        y = rng.integers(0, 2, size=(9, 4)).astype(float)
        y[rng.random((9, 4)) < 0.3] = np.nan
        y[0, :] = np.nan  # an example without any label
        y[:, 3] = np.nan  # a task without any label
        return _jiggle(net, 3), X, y, 0.0
    net = Network([5, 7, 1], output="sigmoid", seed=1, dtype="float64")
    y = rng.integers(0, 2, size=9)  # 1-D labels for the single output
    return _jiggle(net, 4), X, y, 0.01


@pytest.mark.parametrize("case", ["softmax", "multitask", "single_sigmoid"])
def test_gradients_match_finite_differences(case: str) -> None:
    net, X, y, l2 = _gradient_case(case)
    _, grads = net.loss_and_gradients(X, y, l2=l2)
    numerical = _numerical_gradients(net, X, y, l2)
    assert [g.shape for g in grads] == [p.shape for p in net.parameters()]
    for analytic, approx in zip(grads, numerical, strict=True):
        np.testing.assert_allclose(analytic, approx, rtol=1e-5, atol=1e-8)
    if case == "multitask":  # the task without labels gets no gradient at all
        assert np.all(grads[-2][:, 3] == 0) and grads[-1][3] == 0


@pytest.mark.parametrize("case", ["softmax", "multitask", "single_sigmoid"])
def test_loss_value_matches_public_loss_functions(case: str) -> None:
    net, X, y, l2 = _gradient_case(case)
    loss, _ = net.loss_and_gradients(X, y, l2=l2)
    penalty = 0.5 * l2 * sum(float(np.sum(W**2)) for W in net.weights)
    if case == "softmax":
        data_loss = softmax_cross_entropy(y, net.predict_proba(X))
    else:
        data_loss = masked_binary_cross_entropy(y, net.predict_proba(X))
    assert loss == pytest.approx(data_loss + penalty, rel=1e-10)
    assert net.loss(X, y) == pytest.approx(data_loss, rel=1e-10)


# ---------------------------------------------------------------------------
# Forward pass and shapes
# ---------------------------------------------------------------------------


def test_predict_proba_matches_a_forward_pass_written_out() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 6))
    net = _jiggle(Network([6, 8, 5, 4], seed=3, dtype="float64"), 1)
    Z = _manual_forward(net, X)
    expected = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.predict_proba(X), expected, rtol=1e-10)
    np.testing.assert_array_equal(net.predict(X), expected.argmax(axis=1))

    multi = _jiggle(Network([6, 8, 3], output="sigmoid", seed=3, dtype="float64"), 2)
    expected = 1 / (1 + np.exp(-_manual_forward(multi, X)))
    np.testing.assert_allclose(multi.predict_proba(X), expected, rtol=1e-10)
    np.testing.assert_array_equal(multi.predict(X), (expected >= 0.5).astype(int))


def test_output_shapes_and_dtype() -> None:
    X = np.random.default_rng(0).normal(size=(5, 3))
    single = Network([3, 4, 1], output="sigmoid")
    assert single.predict_proba(X).shape == (5,) and single.predict(X).shape == (5,)
    multi = Network([3, 4, 2], output="sigmoid")
    assert multi.predict_proba(X).shape == (5, 2) and multi.predict(X).shape == (5, 2)
    soft = Network([3, 4, 6])
    assert soft.predict_proba(X).dtype == np.float32  # the default dtype
    assert soft.hidden_features(X).shape == (5, 4)
    assert np.all(soft.hidden_features(X) >= 0)  # ReLU outputs
    assert [p.shape for p in soft.parameters()] == [(3, 4), (4,), (4, 6), (6,)]


def test_extreme_inputs_give_finite_probabilities() -> None:
    net = _jiggle(Network([2, 3, 2], output="sigmoid", dtype="float64"), 0)
    X = np.array([[1e6, -1e6], [-1e6, 1e6]])
    P = net.predict_proba(X)
    assert np.all(np.isfinite(P)) and np.all((P >= 0) & (P <= 1))
    assert np.isfinite(net.loss(X, [[1, 0], [0, 1]]))


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------


def test_same_seed_same_network_and_training(digits) -> None:
    X_train, X_test, y_train, _ = digits
    X_small, y_small = X_train[:300], y_train[:300]
    a, b = Network([64, 16, 10], seed=5), Network([64, 16, 10], seed=5)
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    ha = a.fit(X_small, y_small, epochs=5, patience=None)
    hb = b.fit(X_small, y_small, epochs=5, patience=None)
    assert ha.train_loss == hb.train_loss
    for p, q in zip(a.parameters(), b.parameters(), strict=True):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(a.predict_proba(X_test), b.predict_proba(X_test))


def test_different_seeds_differ(digits) -> None:
    X_train, _, y_train, _ = digits
    a, b = Network([64, 16, 10], seed=0), Network([64, 16, 10], seed=1)
    assert not np.array_equal(a.weights[0], b.weights[0])
    c, d = a.copy(), a.copy()
    c.fit(X_train[:200], y_train[:200], epochs=2, seed=1)
    d.fit(X_train[:200], y_train[:200], epochs=2, seed=2)  # only the shuffling differs
    assert not np.array_equal(c.weights[0], d.weights[0])


# ---------------------------------------------------------------------------
# Transfer learning: freeze, replace_output, copy
# ---------------------------------------------------------------------------


def test_frozen_layers_do_not_change_during_fit(digits) -> None:
    X_train, _, y_train, _ = digits
    net = Network([64, 32, 16, 10], seed=0).freeze(2)
    before = [p.copy() for p in net.parameters()]
    net.fit(X_train[:300], y_train[:300], epochs=3, l2=1e-3, patience=None)
    after = net.parameters()
    for i in range(4):  # W0, b0, W1, b1: frozen
        np.testing.assert_array_equal(after[i], before[i])
    assert not np.array_equal(after[4], before[4])  # the output layer trained
    assert not np.array_equal(after[5], before[5])


def test_frozen_layers_act_as_a_fixed_feature_extractor() -> None:
    # Training a network whose first layer is frozen is the same as training a
    # network made of the remaining layers on the frozen layer's outputs.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 4))
    y = rng.integers(0, 3, size=60)
    net = Network([4, 8, 3], seed=2, dtype="float64").freeze(1)
    head = Network([8, 3], seed=9, dtype="float64")
    head.weights[0][...] = net.weights[1]
    head.biases[0][...] = net.biases[1]
    features = net.hidden_features(X)
    h_net = net.fit(X, y, epochs=4, batch_size=16, seed=3, patience=None)
    h_head = head.fit(features, y, epochs=4, batch_size=16, seed=3, patience=None)
    np.testing.assert_allclose(net.weights[1], head.weights[0], rtol=1e-12)
    np.testing.assert_allclose(h_net.train_loss, h_head.train_loss, rtol=1e-12)


def test_freeze_checks_its_argument() -> None:
    net = Network([4, 5, 5, 2])
    assert net.freeze(2).n_frozen == 2 and net.freeze(0).n_frozen == 0
    with pytest.raises(ValueError, match="between 0 and 2"):
        net.freeze(3)
    with pytest.raises(ValueError, match="between 0 and 2"):
        net.freeze(-1)
    with pytest.raises(TypeError, match="integer"):
        net.freeze(1.5)


def test_replace_output_keeps_hidden_layers() -> None:
    X = np.random.default_rng(1).normal(size=(7, 5))
    original = _jiggle(Network([5, 9, 6, 4], seed=0), 0).freeze(1)
    features_before = original.hidden_features(X)
    new = original.copy().replace_output(3, "sigmoid", seed=4)
    assert new.layer_sizes == (5, 9, 6, 3) and new.output == "sigmoid"
    assert new.n_frozen == 1
    for i in range(2):
        np.testing.assert_array_equal(new.weights[i], original.weights[i])
        np.testing.assert_array_equal(new.biases[i], original.biases[i])
    np.testing.assert_array_equal(new.hidden_features(X), features_before)
    assert new.weights[2].shape == (6, 3) and np.all(new.biases[2] == 0)
    # the original keeps its own head, and the same seed gives the same new head
    assert original.layer_sizes == (5, 9, 6, 4) and original.output == "softmax"
    again = original.copy().replace_output(3, "sigmoid", seed=4)
    np.testing.assert_array_equal(again.weights[2], new.weights[2])
    # output=None keeps the kind; softmax still needs two classes
    assert original.copy().replace_output(2).output == "softmax"
    with pytest.raises(ValueError, match="at least 2 classes"):
        original.copy().replace_output(1)


def test_copy_is_independent() -> None:
    a = Network([3, 4, 2], seed=0)
    saved = [p.copy() for p in a.parameters()]
    b = a.copy()
    assert repr(a) == repr(b)
    np.testing.assert_array_equal(a.predict_proba(np.eye(3)), b.predict_proba(np.eye(3)))
    b.weights[1][...] = 0.0
    b.freeze(1)
    b.fit(np.eye(3), [0, 1, 0], epochs=2)
    assert a.n_frozen == 0
    for p, q in zip(a.parameters(), saved, strict=True):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.weights[1], b.weights[1])


def test_transfer_learning_on_digits(digits) -> None:
    # task A: digits 0-4 with plenty of data; task B: digits 5-9 with 10 examples each
    X_train, X_test, y_train, y_test = digits
    on_a = y_train < 5
    pretrained = Network([64, 64, 5], seed=0)
    pretrained.fit(X_train[on_a], y_train[on_a], epochs=30, learning_rate=3e-3)
    rng = np.random.default_rng(0)
    few = np.concatenate(
        [rng.choice(np.flatnonzero(y_train == d), 10, replace=False) for d in range(5, 10)]
    )
    net = pretrained.copy().replace_output(5, seed=1).freeze(1)
    net.fit(X_train[few], y_train[few] - 5, epochs=100, batch_size=16, learning_rate=1e-2)
    on_b = y_test >= 5
    assert net.evaluate(X_test[on_b], y_test[on_b] - 5) < 0.2
    np.testing.assert_array_equal(net.weights[0], pretrained.weights[0])


# ---------------------------------------------------------------------------
# evaluate / per_task_error
# ---------------------------------------------------------------------------


def test_evaluate_is_the_error_rate() -> None:
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 4))
    y = rng.integers(0, 3, size=50)
    net = _jiggle(Network([4, 6, 3], seed=0), 1)
    assert net.evaluate(X, y) == pytest.approx(np.mean(net.predict(X) != y))
    assert net.evaluate(X, net.predict(X)) == 0.0


def test_multitask_evaluate_and_per_task_error_skip_missing_labels() -> None:
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 4))
    y = rng.integers(0, 2, size=(40, 3)).astype(float)
    y[rng.random((40, 3)) < 0.4] = np.nan
    y[:, 2] = np.nan
    y[0, 2] = 1.0  # task 2 has a single label
    net = _jiggle(Network([4, 6, 3], output="sigmoid", seed=0), 2)
    pred = net.predict(X)
    labelled = ~np.isnan(y)
    wrong = (pred != y) & labelled
    assert net.evaluate(X, y) == pytest.approx(wrong.sum() / labelled.sum())
    expected = [wrong[:, j].sum() / labelled[:, j].sum() for j in range(3)]
    np.testing.assert_allclose(net.per_task_error(X, y), expected)
    y[:, 1] = np.nan
    assert np.isnan(net.per_task_error(X, y)[1])
    with pytest.raises(ValueError, match="sigmoid"):
        Network([4, 3]).per_task_error(X, [0] * 40)


# ---------------------------------------------------------------------------
# Input validation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "message"),
    [
        (([4],), {}, ValueError, "at least two numbers"),
        (([4, 0, 2],), {}, ValueError, "positive integers"),
        (("42",), {}, TypeError, "list of layer widths"),
        (([4, 2],), {"output": "relu"}, ValueError, "'softmax' or 'sigmoid'"),
        (([4, 1],), {}, ValueError, "use output='sigmoid'"),
        (([4, 2],), {"dtype": "int32"}, ValueError, "float32"),
        (([4, 2],), {"seed": -1}, ValueError, "non-negative integer"),
    ],
)
def test_constructor_rejects_bad_arguments(args, kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        Network(*args, **kwargs)


def test_input_checks_say_what_was_wrong() -> None:
    net = Network([4, 5, 3])
    X = np.zeros((10, 4))
    with pytest.raises(ValueError, match="3 columns but the network expects 4"):
        net.predict(np.zeros((10, 3)))
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        net.predict(np.zeros(4))
    with pytest.raises(ValueError, match="NaN or infinite"):
        net.predict(np.full((2, 4), np.nan))
    with pytest.raises(TypeError, match="2-D array of numbers"):
        net.predict([["a", "b", "c", "d"]])
    with pytest.raises(ValueError, match="same number of rows, got 10 and 9"):
        net.fit(X, [0] * 9)
    with pytest.raises(ValueError, match=r"class labels 0..2 .* found 3"):
        net.fit(X, [3] * 10)
    with pytest.raises(ValueError, match="integer class labels, found 0.5"):
        net.evaluate(X, [0.5] * 10)
    with pytest.raises(ValueError, match="argmax"):
        net.fit(X, np.eye(3)[[0] * 10])
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        net.fit(X, [0] * 10, epochs=0)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        net.fit(X, [0] * 10, batch_size=2.5)
    with pytest.raises(ValueError, match="learning_rate must be"):
        net.fit(X, [0] * 10, learning_rate=-0.1)
    with pytest.raises(TypeError, match=r"tuple \(X_val, y_val\)"):
        net.fit(X, [0] * 10, validation=X)
    with pytest.raises(ValueError, match="X_val has 2 columns"):
        net.fit(X, [0] * 10, validation=(np.zeros((3, 2)), [0, 1, 2]))


def test_sigmoid_label_checks() -> None:
    net = Network([4, 5, 2], output="sigmoid")
    X = np.zeros((3, 4))
    with pytest.raises(ValueError, match="only 0, 1 or NaN"):
        net.fit(X, [[0, 1], [1, 2], [0, 0]])
    with pytest.raises(ValueError, match=r"shape \(n_examples, 2\)"):
        net.fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="no labels"):
        net.fit(X, np.full((3, 2), np.nan))
    Network([4, 5, 1], output="sigmoid").fit(X, [0, 1, NAN], epochs=1)  # 1-D is fine


# ---------------------------------------------------------------------------
# Training behaviour
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_learns_xor(seed: int) -> None:
    softmax = Network([2, 16, 2], seed=seed)
    softmax.fit(XOR_X, XOR_Y, epochs=500, batch_size=4, learning_rate=0.05)
    assert softmax.evaluate(XOR_X, XOR_Y) == 0.0
    sigmoid = Network([2, 16, 1], output="sigmoid", seed=seed)
    sigmoid.fit(XOR_X, XOR_Y, epochs=500, batch_size=4, learning_rate=0.05)
    np.testing.assert_array_equal(sigmoid.predict(XOR_X), XOR_Y)


def test_learns_digits(digits) -> None:
    X_train, X_test, y_train, y_test = digits
    net = Network([64, 64, 10], seed=0)
    history = net.fit(X_train, y_train, epochs=40)
    assert net.evaluate(X_test, y_test) < 0.05
    assert history.train_loss[-1] < history.train_loss[0] / 5


def test_multitask_learns_with_missing_labels(digits) -> None:
    X_train, X_test, y_train, y_test = digits

    def tasks(digit: np.ndarray) -> np.ndarray:  # even? bigger than 4? a zero?
        return np.column_stack([digit % 2 == 0, digit > 4, digit == 0]).astype(float)

    y = tasks(y_train)
    y[np.random.default_rng(0).random(y.shape) < 0.5] = np.nan  # half the labels missing
    net = Network([64, 64, 3], output="sigmoid", seed=0)
    history = net.fit(X_train, y, epochs=40, learning_rate=3e-3)
    assert np.all(net.per_task_error(X_test, tasks(y_test)) < 0.08)
    assert history.train_loss[-1] < history.train_loss[0]


def test_validation_keeps_the_best_epoch(digits) -> None:
    X_train, X_test, y_train, y_test = digits
    net = Network([64, 32, 10], seed=0)
    history = net.fit(
        X_train[:400],
        y_train[:400],
        epochs=40,
        learning_rate=1e-2,
        patience=5,
        validation=(X_test, y_test),
    )
    assert isinstance(history, History)
    assert len(history.val_loss) == len(history.val_error) == history.n_epochs
    assert history.best_epoch == int(np.argmin(history.val_loss))
    assert net.loss(X_test, y_test) == pytest.approx(min(history.val_loss), rel=1e-4)
    assert net.evaluate(X_test, y_test) == pytest.approx(history.val_error[history.best_epoch])


def test_patience_and_tol_control_early_stopping() -> None:
    X, y = XOR_X, XOR_Y
    full = Network([2, 4, 2]).fit(X, y, epochs=7, batch_size=2, patience=None)
    assert full.n_epochs == 7 and not full.stopped_early and full.best_epoch == 6
    # with tol=10 no epoch counts as an improvement after the first one
    short = Network([2, 4, 2]).fit(X, y, epochs=50, tol=10.0, patience=3)
    assert short.n_epochs == 4 and short.stopped_early


def test_l2_shrinks_the_weights(digits) -> None:
    X_train, _, y_train, _ = digits
    plain, decayed = Network([64, 16, 10], seed=0), Network([64, 16, 10], seed=0)
    plain.fit(X_train[:300], y_train[:300], epochs=10, patience=None)
    decayed.fit(X_train[:300], y_train[:300], epochs=10, l2=0.5, patience=None)
    assert np.sum(decayed.weights[0] ** 2) < 0.5 * np.sum(plain.weights[0] ** 2)
