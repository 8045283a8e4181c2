"""The simulated loan applicants and the zip-code experiment of week1/04: a dev set from
middle-income zip codes promises an error that a low-income test set does not confirm."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.data import loans
from course_lib.experiments.loan_targets import (
    DEPTHS,
    LOW_DEV,
    LOW_TEST,
    MIDDLE_DEV,
    zip_code_experiment,
)


def test_applicants_are_reproducible_and_differ_by_seed():
    a, b = loans.applicants(500, "low", seed=3), loans.applicants(500, "low", seed=3)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.y, b.y)
    assert not np.array_equal(a.X, loans.applicants(500, "low", seed=4).X)
    assert a.X.shape == (500, len(loans.FEATURES)) and set(np.unique(a.y)) <= {0, 1}


def test_incomes_follow_the_zip_code_and_tight_incomes_are_common_only_in_low_ones():
    tight = {level: float(np.mean(loans.applicants(4000, level, seed=0).X[:, 0]
                                  < loans.TIGHT_INCOME)) for level in loans.MEDIAN_INCOME}
    assert tight["low"] > 0.7 and tight["middle"] < 0.02 and tight["high"] == 0.0


def test_late_payments_weigh_more_on_a_tight_income():
    low = loans.applicants(20_000, "low", seed=1)
    tight = low.X[:, 0] < loans.TIGHT_INCOME
    clean, late = low.X[:, 2] == 0, low.X[:, 2] >= 2
    assert low.y[tight & late].mean() - low.y[tight & clean].mean() > 0.4
    middle = loans.applicants(20_000, "middle", seed=1)
    clean, late = middle.X[:, 2] == 0, middle.X[:, 2] >= 2
    assert abs(middle.y[late].mean() - middle.y[clean].mean()) < 0.1


@pytest.mark.parametrize(("args", "error"), [
    ((0, "low"), ValueError), ((10, "poor"), ValueError), ((10, "low", -1), ValueError),
    ((2.5, "low"), TypeError), ((10, 3), TypeError), ((10, "low", 1.5), TypeError),
])
def test_bad_arguments_get_clear_errors(args, error):
    with pytest.raises(error):
        loans.applicants(*args)


@pytest.mark.parametrize("seed", range(6))
def test_the_middle_income_dev_set_is_blind_to_the_knob_that_matters(seed):
    errors = zip_code_experiment(seed).errors
    assert list(errors.index) == list(DEPTHS)
    shallow_to_deep = errors.loc[1:7]
    # on middle incomes every depth looks about the same; on low incomes they differ a lot
    assert np.ptp(shallow_to_deep[MIDDLE_DEV]) < 0.03
    assert np.ptp(shallow_to_deep[LOW_TEST]) > 0.10
    # a dev set from the same pool as the test set picks a depth that is good there
    pick = errors[LOW_DEV].idxmin()
    assert errors.loc[pick, LOW_TEST] - errors[LOW_TEST].min() < 0.03


def test_the_notebooks_seed_shows_the_surprise_its_text_describes():
    errors = zip_code_experiment(0).errors
    pick = errors[MIDDLE_DEV].idxmin()
    assert pick <= 3 and errors.loc[pick, MIDDLE_DEV] < 0.17
    assert errors.loc[pick, LOW_TEST] > 0.30  # "about a third"
    assert errors.loc[pick, LOW_TEST] - errors[LOW_TEST].min() > 0.10
    pick_b = errors[LOW_DEV].idxmin()
    assert abs(errors.loc[pick_b, LOW_TEST] - errors.loc[pick_b, LOW_DEV]) < 0.04


def test_the_experiment_is_cached_but_hands_out_copies():
    first = zip_code_experiment(0)
    first.errors.iloc[0, 0] = 99.0
    assert zip_code_experiment(0).errors.iloc[0, 0] < 1.0
    with pytest.raises(ValueError):
        zip_code_experiment(-1)
