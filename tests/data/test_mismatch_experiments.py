"""Tests for course_lib.experiments.mismatch and the answer key's week-2 experiments built on it,
recomputed independently."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

from answer_key.w2_05_mismatched_bias_variance import error_ladder
from answer_key.w2_06_addressing_data_mismatch import synthesis_experiment
from course_lib.data.domains import make_domains
from course_lib.data.synthesis import synthesize
from course_lib.experiments import mismatch as me


@pytest.fixture(scope="module")
def pool():
    return me.pooled_digits(0)


def test_pool_stacks_web_then_phone(pool):
    d = make_domains(0)
    assert pool.X.shape == (1797, 64) and pool.n_web == 1197
    np.testing.assert_array_equal(pool.X[:1197], d.web_X)
    np.testing.assert_array_equal(pool.X[1197:], d.phone_X)
    assert not pool.is_target[:1197].any() and pool.is_target[1197:].all()
    assert not pool.X.flags.writeable
    rows = np.array([1197, 1200])
    np.testing.assert_array_equal(pool.phone_tags(rows).to_numpy(),
                                  d.phone_tags.iloc[[0, 3]].to_numpy())
    with pytest.raises(ValueError, match="phone rows"):
        pool.phone_tags([0])
    with pytest.raises(ValueError):
        me.pooled_digits(-1)


def test_option2_rows_composition(pool):
    rows = me.option2_rows(0)
    every = np.concatenate(list(rows.values()))
    assert len(np.unique(every)) == len(every) == 1797
    assert pool.is_target[rows["dev"]].all() and pool.is_target[rows["test"]].all()
    assert not pool.is_target[rows["web_check"]].any()
    assert int(pool.is_target[rows["train"]].sum()) == 300


def test_ladder_rows_composition(pool):
    rows = me.ladder_rows(0)
    assert set(rows["web_train"]) | set(rows["train_dev"]) == set(range(1197))
    assert int(pool.is_target[rows["train"]].sum()) == 200
    assert not set(rows["train"]) & (set(rows["dev"]) | set(rows["test"]))


def test_candidate_errors_match_an_independent_fit(pool):
    table = me.candidate_errors(0)
    assert list(table.index) == list(me.CANDIDATES)
    rows = me.option2_rows(0)
    with threadpool_limits(1):
        knn = KNeighborsClassifier(1).fit(pool.X[rows["train"]] / 16, pool.y[rows["train"]])
        pred = knn.predict(pool.X[rows["dev"]] / 16)
    assert table.loc["nearest neighbour", "phone_error"] == pytest.approx(
        np.mean(pred != pool.y[rows["dev"]]))
    # phone pictures are harder for every candidate
    assert (table["phone_error"] > table["web_error"]).all()
    table.loc[:, :] = 1.0  # a copy: the cache is not touched
    assert me.candidate_errors(0)["web_error"].max() < 0.5


def test_error_ladder_recomputed_by_hand(pool):
    ladder = error_ladder(0)
    rows = me.ladder_rows(0)
    with threadpool_limits(1):
        model = LogisticRegression(max_iter=2000).fit(pool.X[rows["web_train"]] / 16,
                                                       pool.y[rows["web_train"]])
        for level, part in (("train", "web_train"), ("train_dev", "train_dev"), ("dev", "dev")):
            wrong = model.predict(pool.X[rows[part]] / 16) != pool.y[rows[part]]
            assert ladder[level] == pytest.approx(wrong.mean())
    # the web model generalises to web pictures, not to phone pictures: data mismatch
    assert ladder["train_dev"] - ladder["train"] < 0.05
    assert ladder["dev"] - ladder["train_dev"] > 0.15
    assert ladder["human"] <= ladder["train_dev"]


def test_synthesis_experiment_many_patterns_recomputed(pool):
    table = synthesis_experiment(0, 0)
    rows = me.ladder_rows(0)
    web = rows["train"][~pool.is_target[rows["train"]]]
    syn = synthesize(pool.X[web].reshape(-1, 8, 8), seed=0)
    with threadpool_limits(1):
        model = LogisticRegression(max_iter=2000).fit(
            np.vstack([pool.X[web], syn.X]) / 16, np.r_[pool.y[web], pool.y[web]])
        dev_error = np.mean(model.predict(pool.X[rows["dev"]] / 16) != pool.y[rows["dev"]])
    assert table.loc["web + synthetic, many patterns", "dev_error"] == pytest.approx(dev_error)
    errors = table["dev_error"]
    assert errors["web + synthetic, many patterns"] < errors["web only"] - 0.05
    # one repeated pattern is easy to fit, and helps less on real phone pictures
    one, many = (table.loc[f"web + synthetic, {k}"] for k in ("one pattern", "many patterns"))
    assert one["synthetic_error"] < many["synthetic_error"]
    assert one["dev_error"] > many["dev_error"]


def test_patterns_curve_index_and_shared_results():
    curve = me.patterns_curve(0, 0, n_patterns=(1, 10, None))
    assert list(curve.index) == [1, 10, 1197]
    table = synthesis_experiment(0, 0)
    assert curve.loc[1, "dev_error"] == table.loc["web + synthetic, one pattern", "dev_error"]
    assert curve.loc[1197, "dev_error"] == table.loc["web + synthetic, many patterns",
                                                     "dev_error"]


def test_phone_dev_mistakes_recomputed(pool):
    tags, wrong = me.phone_dev_mistakes(0)
    rows = me.ladder_rows(0)
    d = make_domains(0)
    np.testing.assert_array_equal(tags.to_numpy(), d.phone_tags.iloc[rows["dev"] - 1197].to_numpy())
    web = rows["train"][~pool.is_target[rows["train"]]]
    with threadpool_limits(1):
        model = LogisticRegression(max_iter=2000).fit(pool.X[web] / 16, pool.y[web])
        expected = model.predict(pool.X[rows["dev"]] / 16) != pool.y[rows["dev"]]
    np.testing.assert_array_equal(wrong, expected)
    assert wrong.mean() == synthesis_experiment(0, 0).loc["web only", "dev_error"]
    # untouched phone pictures are about as easy as web pictures; corrupted ones are not
    untouched = ~tags.any(axis=1).to_numpy()
    assert wrong[untouched].mean() < 0.1 < wrong[~untouched].mean()


def test_fit_logistic_and_logistic_error_validate_shapes(pool):
    with pytest.raises(ValueError, match="one label"):
        me.fit_logistic(pool.X[:10], pool.y[:9])
    with pytest.raises(ValueError):
        me.fit_logistic(pool.X[0], pool.y[:1])
    model = me.fit_logistic(pool.X[:200], pool.y[:200])
    with pytest.raises(ValueError, match="same length"):
        me.logistic_error(model, pool.X[:5], pool.y[:4])
