"""Tests for course_lib.learning_curves: training and dev errors of scikit-learn models."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from course_lib.learning_curves import learning_curve, train_dev_errors, validation_curve

_X, _y = load_breast_cancer(return_X_y=True)
X_TRAIN, Y_TRAIN, X_DEV, Y_DEV = _X[:400], _y[:400], _X[400:], _y[400:]


def _oracle(model, X_train, y_train) -> tuple[float, float]:
    model.fit(X_train, y_train)
    return (
        1 - accuracy_score(y_train, model.predict(X_train)),
        1 - accuracy_score(Y_DEV, model.predict(X_DEV)),
    )


def test_train_dev_errors_match_one_minus_accuracy() -> None:
    got = train_dev_errors(DecisionTreeClassifier(max_depth=3, random_state=0),
                           X_TRAIN, Y_TRAIN, X_DEV, Y_DEV)
    want = _oracle(DecisionTreeClassifier(max_depth=3, random_state=0), X_TRAIN, Y_TRAIN)
    assert got == pytest.approx(want)
    assert all(isinstance(v, float) for v in got)


def test_train_dev_errors_fits_the_model_in_place() -> None:
    model = KNeighborsClassifier(3)
    train_dev_errors(model, X_TRAIN, list(Y_TRAIN), X_DEV, list(Y_DEV))
    assert model.predict(X_DEV[:2]).shape == (2,)


def test_learning_curve_uses_nested_first_examples() -> None:
    sizes = [30, 100, 400]
    table = learning_curve(lambda: KNeighborsClassifier(5), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, sizes)
    assert table.index.name == "n_train" and table.index.tolist() == sizes
    assert table.columns.tolist() == ["train_error", "dev_error"]
    for n in sizes:
        want = _oracle(KNeighborsClassifier(5), X_TRAIN[:n], Y_TRAIN[:n])
        assert table.loc[n].tolist() == pytest.approx(list(want))


def test_validation_curve_one_row_per_setting() -> None:
    depths = [1, 3, None]
    table = validation_curve(
        lambda d: DecisionTreeClassifier(max_depth=d, random_state=0), depths,
        X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, name="max_depth",
    )
    assert table.index.name == "max_depth" and len(table) == 3
    for i, d in enumerate(depths):
        want = _oracle(DecisionTreeClassifier(max_depth=d, random_state=0), X_TRAIN, Y_TRAIN)
        assert table.iloc[i].tolist() == pytest.approx(list(want))
    assert table["train_error"].iloc[-1] == 0.0  # an unlimited tree memorises its data


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: train_dev_errors("tree", X_TRAIN, Y_TRAIN, X_DEV, Y_DEV), TypeError, "fit()"),
        (lambda: train_dev_errors(KNeighborsClassifier(), X_TRAIN, Y_TRAIN[:-1], X_DEV, Y_DEV),
         ValueError, "same length"),
        (lambda: train_dev_errors(KNeighborsClassifier(), X_TRAIN, Y_TRAIN, X_DEV[:0], Y_DEV[:0]),
         ValueError, "at least one"),
        (lambda: learning_curve(KNeighborsClassifier(), X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [10]),
         TypeError, "make_model"),
        (lambda: learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [0]),
         ValueError, "between 1 and 400"),
        (lambda: learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [401]),
         ValueError, "between 1 and 400"),
        (lambda: learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, [10.5]),
         TypeError, "integer"),
        (lambda: learning_curve(KNeighborsClassifier, X_TRAIN, Y_TRAIN, X_DEV, Y_DEV, []),
         ValueError, "empty"),
        (lambda: validation_curve(KNeighborsClassifier, [], X_TRAIN, Y_TRAIN, X_DEV, Y_DEV),
         ValueError, "empty"),
        (lambda: validation_curve(None, [1], X_TRAIN, Y_TRAIN, X_DEV, Y_DEV),
         TypeError, "make_model"),
        (lambda: validation_curve(KNeighborsClassifier, [1], X_TRAIN, Y_TRAIN, X_DEV, Y_DEV,
                                  name=3), TypeError, "name"),
        (lambda: train_dev_errors(KNeighborsClassifier(), None, Y_TRAIN, X_DEV, Y_DEV),
         TypeError, "X_train"),
    ],
)
def test_bad_inputs_are_explained(call, error, words) -> None:
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_results_are_reproducible() -> None:
    def make(d):
        return DecisionTreeClassifier(max_depth=d, random_state=0)

    a = validation_curve(make, [2, 6], X_TRAIN, Y_TRAIN, X_DEV, Y_DEV)
    b = validation_curve(make, [2, 6], X_TRAIN, Y_TRAIN, X_DEV, Y_DEV)
    assert a.equals(b)
    assert np.all((a.to_numpy() >= 0) & (a.to_numpy() <= 1))
