"""Tests for course_lib.experiments.baseline: the web/phone split and the quick first model."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import zero_one_loss  # noqa: E402

from course_lib.data.domains import make_domains  # noqa: E402
from course_lib.experiments.baseline import fit_baseline, load_web_phone, split_domains
from course_lib.metrics import error_rate  # noqa: E402


@pytest.fixture(scope="module")
def domains():
    return make_domains(0)


# ----------------------------------------------------------------------------- split
def test_split_covers_everything_once(domains):
    split = split_domains(domains, n_web_heldout=200, n_phone_dev=250, seed=3)
    web = np.concatenate([split.web_train, split.web_heldout])
    phone = np.concatenate([split.phone_dev, split.phone_test])
    assert sorted(web.tolist()) == list(range(len(domains.web_y)))
    assert sorted(phone.tolist()) == list(range(len(domains.phone_y)))
    assert split.sizes() == {"web_train": 997, "web_heldout": 200, "phone_dev": 250,
                             "phone_test": 350}


def test_split_is_seeded_and_shuffled(domains):
    a, b = split_domains(domains, seed=1), split_domains(domains, seed=1)
    assert np.array_equal(a.phone_dev, b.phone_dev)
    assert not np.array_equal(a.phone_dev, split_domains(domains, seed=2).phone_dev)
    assert not np.array_equal(a.phone_dev, np.arange(300))  # not just the first rows


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"n_web_heldout": 0}, ValueError), ({"n_phone_dev": 600}, ValueError),
     ({"seed": -1}, ValueError), ({"n_phone_dev": 2.5}, TypeError)],
)
def test_split_rejects_bad_sizes(domains, kwargs, error):
    with pytest.raises(error):
        split_domains(domains, **kwargs)


def test_split_needs_domains():
    with pytest.raises(TypeError, match="make_domains"):
        split_domains(np.zeros((10, 64)))


def test_load_web_phone_matches_make_domains_and_returns_copies():
    d1, s1 = load_web_phone(0)
    fresh = make_domains(0)
    assert np.array_equal(d1.phone_images, fresh.phone_images)
    assert np.array_equal(s1.phone_dev, split_domains(fresh, seed=0).phone_dev)
    d1.phone_images[:] = 0.0
    d1.phone_tags["blur"] = False
    d2, _ = load_web_phone(0)
    assert np.array_equal(d2.phone_images, fresh.phone_images)
    assert d2.phone_tags["blur"].equals(fresh.phone_tags["blur"])


# ----------------------------------------------------------------------------- model
def test_fit_baseline_is_logistic_regression_on_scaled_pixels(domains):
    X, y = domains.web_X[:400], domains.web_y[:400]
    ours = fit_baseline(X, y)
    theirs = LogisticRegression(max_iter=1000).fit(X / 16, y)
    X_new = domains.phone_X[:200]
    assert np.array_equal(ours.predict(X_new), theirs.predict(X_new / 16))


def test_fit_baseline_reads_clean_digits_well(domains):
    model = fit_baseline(domains.web_X[:900], domains.web_y[:900])
    assert error_rate(domains.web_y[900:], model.predict(domains.web_X[900:])) < 0.12


@pytest.mark.parametrize(
    ("X", "y", "kwargs"),
    [(np.zeros(10), np.zeros(10), {}), (np.zeros((10, 64)), np.zeros(9), {}),
     (np.zeros((10, 64)), np.arange(10) % 2, {"C": 0}),
     (np.zeros((10, 64)), np.arange(10) % 2, {"max_iter": 0})],
)
def test_fit_baseline_rejects_bad_input(X, y, kwargs):
    with pytest.raises(ValueError):
        fit_baseline(X, y, **kwargs)


# ----------------------------------------------------------------------------- metric
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=100))
def test_error_rate_matches_sklearn(pairs):
    y_true, y_pred = map(list, zip(*pairs, strict=True))
    assert error_rate(y_true, y_pred) == pytest.approx(zero_one_loss(y_true, y_pred))


def test_error_rate_errors():
    with pytest.raises(ValueError, match="same length"):
        error_rate([1, 2], [1])
    with pytest.raises(ValueError, match="empty"):
        error_rate([], [])
