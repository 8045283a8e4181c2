"""Tests for course_lib.data.regions: regional pictures and the dev/test split experiment."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.neighbors import KNeighborsClassifier

from course_lib.data import corruptions
from course_lib.data.regions import K_VALUES, REGIONS, region_experiment, regional_digits


def test_regional_digits_keep_the_labels_and_style_each_region():
    data = regional_digits(seed=0)
    digits = load_digits()
    assert data.X.shape == (1797, 64)
    assert np.array_equal(data.y, digits.target)
    assert set(data.region) == set(REGIONS)
    original = digits.images.reshape(1797, -1).astype(float)
    us = data.region == "US"
    assert np.array_equal(data.X[us], original[us])  # unchanged
    uk = data.region == "UK"
    expected_uk = corruptions.rotate(digits.images[uk].astype(float), 8.0).reshape(uk.sum(), -1)
    np.testing.assert_allclose(data.X[uk], expected_uk)
    # The noisy regions are much further from the originals than the good-camera ones.
    change = np.abs(data.X - original).mean(axis=1)
    good = np.isin(data.region, REGIONS[:4])
    assert change[~good].mean() > 2 * change[good].mean()
    assert ((data.X >= 0) & (data.X <= 16)).all()


def test_regional_digits_are_deterministic_and_read_only():
    a, b = regional_digits(seed=2), regional_digits(seed=2)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.region, b.region)
    assert not np.array_equal(a.region, regional_digits(seed=3).region)
    with pytest.raises(ValueError):
        a.X[0, 0] = 1.0
    with pytest.raises(TypeError):
        regional_digits(seed="0")
    with pytest.raises(ValueError):
        regional_digits(seed=-1)


def test_region_experiment_splits():
    exp = region_experiment(seed=0)
    n = len(exp.data.y)
    assert len(exp.train) == 900
    pool = np.setdiff1d(np.arange(n), exp.train)
    for dev, test in ((exp.region_dev, exp.region_test), (exp.shuffled_dev, exp.shuffled_test)):
        assert not set(dev) & set(test)
        assert np.array_equal(np.sort(np.concatenate([dev, test])), pool)
    assert set(exp.data.region[exp.region_dev]) == set(REGIONS[:4])
    assert set(exp.data.region[exp.region_test]) == set(REGIONS[4:])
    assert (len(exp.shuffled_dev), len(exp.shuffled_test)) == (448, 449)


def test_region_experiment_errors_match_an_independent_fit():
    exp = region_experiment(seed=0)
    assert list(exp.errors.index) == list(K_VALUES)
    for k in (1, 7):
        model = KNeighborsClassifier(n_neighbors=k).fit(exp.data.X[exp.train],
                                                        exp.data.y[exp.train])
        for column, idx in (("dev: regions 1-4", exp.region_dev),
                            ("test: shuffled", exp.shuffled_test)):
            wrong = model.predict(exp.data.X[idx]) != exp.data.y[idx]
            assert exp.errors.loc[k, column] == pytest.approx(wrong.mean())
    # What the notebook teaches: the good-camera dev set promises far less error than the
    # noisy test regions show, for every k.
    assert (exp.errors["test: regions 5-8"] > 2 * exp.errors["dev: regions 1-4"]).all()


def test_region_experiment_returns_a_copy_of_the_errors():
    exp = region_experiment(seed=0)
    exp.errors.loc[1, "dev: shuffled"] = -1.0
    assert region_experiment(seed=0).errors.loc[1, "dev: shuffled"] >= 0
