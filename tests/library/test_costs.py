"""Tests for course_lib.costs: operation counts per prediction and the digit-model table."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from course_lib.costs import prediction_cost
from course_lib.experiments.digit_models import DIGIT_MODEL_NAMES, digit_models

RNG = np.random.default_rng(0)
X = RNG.normal(size=(60, 5))
Y3 = np.arange(60) % 3  # three classes
Y2 = (X[:, 0] > 0).astype(int)


@pytest.mark.parametrize(
    ("model", "y", "expected"),
    [
        (LogisticRegression(), Y3, 5 * 3),  # one weight per feature and class
        (LogisticRegression(), Y2, 5),  # binary: a single weight vector
        (make_pipeline(StandardScaler(), LogisticRegression()), Y3, 5 + 15),
        (GaussianNB(), Y3, 2 * 3 * 5),  # a mean and a variance per class and feature
        (KNeighborsClassifier(3), Y3, 60 * 5),  # a distance to every stored example
        (DecisionTreeClassifier(max_depth=3, random_state=0), Y3, 3),
        (RandomForestClassifier(4, max_depth=2, random_state=0), Y3, 4 * 2),
        (GradientBoostingClassifier(n_estimators=5, max_depth=2, random_state=0), Y3, 3 * 5 * 2),
    ],
)
def test_hand_counted_costs(model, y, expected):
    assert prediction_cost(model.fit(X, y)) == expected


def test_network_cost_is_the_number_of_weights():
    net = MLPClassifier((7,), max_iter=5, random_state=0)
    with pytest.warns(Warning):
        net.fit(X, Y3)
    assert prediction_cost(net) == 5 * 7 + 7 * 3
    pipeline = make_pipeline(StandardScaler(), MLPClassifier((7,), max_iter=5, random_state=0))
    with pytest.warns(Warning):
        pipeline.fit(X, Y3)
    assert prediction_cost(pipeline) == 5 + 56


def test_svm_cost_grows_with_its_support_vectors():
    small = SVC().fit(X[:20], Y3[:20])
    large = SVC().fit(X, Y3)
    n_small, n_large = len(small.support_), len(large.support_)
    assert n_small < n_large
    # Binary problem: one kernel evaluation per support vector plus one weight each.
    binary = SVC().fit(X, Y2)
    assert prediction_cost(binary) == len(binary.support_) * 5 + len(binary.support_)
    assert prediction_cost(small) < prediction_cost(large)


def test_bad_models_are_refused():
    with pytest.raises(ValueError, match="not fitted"):
        prediction_cost(LogisticRegression())
    with pytest.raises(TypeError, match="scikit-learn estimator"):
        prediction_cost("logistic regression")
    with pytest.raises(TypeError, match="does not know"):
        prediction_cost(DummyClassifier().fit(X, Y3))


def test_digit_models_table():
    zoo = digit_models(seed=0)
    assert tuple(zoo.table.index) == DIGIT_MODEL_NAMES
    assert list(zoo.table.columns) == ["accuracy", "operations"]
    assert zoo.X_dev.shape == (719, 64) and len(zoo.y_dev) == 719  # 40 % of 1,797
    for name, model in zoo.models.items():
        row = zoo.table.loc[name]
        assert row["operations"] == prediction_cost(model)
        assert row["accuracy"] == pytest.approx(np.mean(model.predict(zoo.X_dev) == zoo.y_dev))
    assert zoo.table.loc["logistic regression", "operations"] == 64 + 64 * 10
    assert zoo.table.loc["3-nearest neighbours", "operations"] == (1797 - 719) * 64
    # Every model learns something; the strong ones are strong.
    assert (zoo.table["accuracy"] > 0.75).all()
    assert zoo.table.loc["SVM, RBF kernel", "accuracy"] > 0.97


def test_digit_models_returns_a_copy_and_checks_the_seed():
    first = digit_models(seed=0)
    first.table["extra"] = 1
    assert "extra" not in digit_models(seed=0).table.columns
    with pytest.raises(TypeError):
        digit_models(seed=1.5)
    with pytest.raises(ValueError):
        digit_models(seed=-1)
