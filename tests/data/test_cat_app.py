"""Tests for course_lib.data.cat_app: the simulated cat filter and the web-vs-user dev sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import accuracy_score
from sklearn.neighbors import KNeighborsClassifier

from course_lib.data.cat_app import USER_MODELS, dev_set_comparison, filter_predictions
from course_lib.data.domains import make_domains
from course_lib.metrics import weighted_error


def test_filter_predictions_structure_and_determinism():
    dev = filter_predictions(seed=0)
    assert len(dev) == 10_000
    assert set(dev["is_cat"].unique()) <= {0, 1}
    assert not (dev["unacceptable"] & (dev["is_cat"] == 1)).any()  # only non-cats
    assert (dev.loc[dev["unacceptable"], "pred_B"] == 0).all()  # B never shows them
    assert (dev.loc[dev["unacceptable"], "pred_A"] == 1).any()  # A sometimes does
    pd.testing.assert_frame_equal(dev, filter_predictions(seed=0))
    assert not dev.equals(filter_predictions(seed=1))


def test_filter_rates_match_the_documented_simulation():
    dev = filter_predictions(seed=3, n_images=1_000_000)
    non_cat = dev["is_cat"] == 0
    assert dev["is_cat"].mean() == pytest.approx(0.5, abs=0.003)
    assert dev.loc[non_cat, "unacceptable"].mean() == pytest.approx(0.03, abs=0.002)
    shown = dev.loc[dev["unacceptable"], "pred_A"].mean()
    assert shown == pytest.approx(0.40, abs=0.01)
    ordinary = ~dev["unacceptable"]
    wrong_a = dev["pred_A"] != dev["is_cat"]
    wrong_b = dev["pred_B"] != dev["is_cat"]
    assert wrong_a[ordinary].mean() == pytest.approx(0.0245, abs=0.001)
    assert wrong_b[ordinary].mean() == pytest.approx(0.05, abs=0.001)


def test_the_weighted_error_reverses_the_ranking():
    dev = filter_predictions(seed=0)
    weights = np.where(dev["unacceptable"], 10, 1)
    columns = ("pred_A", "pred_B")
    plain = {c: weighted_error(dev["is_cat"], dev[c], np.ones(len(dev))) for c in columns}
    heavy = {c: weighted_error(dev["is_cat"], dev[c], weights) for c in columns}
    assert plain["pred_A"] < plain["pred_B"]
    assert heavy["pred_B"] < heavy["pred_A"]
    # scikit-learn as an oracle: weighted error = 1 - weighted accuracy.
    for column, value in heavy.items():
        oracle = 1 - accuracy_score(dev["is_cat"], dev[column], sample_weight=weights)
        assert value == pytest.approx(oracle)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"seed": -1}, ValueError), ({"seed": 1.0}, TypeError),
     ({"n_images": 50}, ValueError), ({"n_images": 1e4}, TypeError)],
)
def test_filter_predictions_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        filter_predictions(**kwargs)


def test_dev_set_comparison_table():
    table = dev_set_comparison(seed=1)
    assert tuple(table.index) == USER_MODELS
    assert list(table.columns) == ["web dev error", "user dev error"]
    # 397 web dev images and 600 phone pictures: the rates are multiples of 1/397 and 1/600.
    np.testing.assert_allclose(table["web dev error"] * 397, np.round(table["web dev error"] * 397),
                               atol=1e-9)
    np.testing.assert_allclose(table["user dev error"] * 600,
                               np.round(table["user dev error"] * 600), atol=1e-9)
    assert (table["user dev error"] > table["web dev error"]).all()
    table.iloc[0, 0] = -1.0  # a copy: the cache must not change
    assert dev_set_comparison(seed=1).iloc[0, 0] >= 0


def test_dev_set_comparison_matches_an_independent_fit():
    from course_lib.splits import shuffle_split

    domains = make_domains(seed=2)
    train, web_dev = shuffle_split(len(domains.web_y), (800, len(domains.web_y) - 800), 2)
    model = KNeighborsClassifier(1).fit(domains.web_X[train], domains.web_y[train])
    row = dev_set_comparison(seed=2).loc["1-nearest neighbour"]
    assert row["web dev error"] == pytest.approx(
        np.mean(model.predict(domains.web_X[web_dev]) != domains.web_y[web_dev]))
    assert row["user dev error"] == pytest.approx(
        np.mean(model.predict(domains.phone_X) != domains.phone_y))
