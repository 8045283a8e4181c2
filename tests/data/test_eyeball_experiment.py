"""Tests for the eyeball-set simulation of week3/01 (a team that reads its eyeball set)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.dev_set_design import eyeball_overfit
from course_lib.experiments.eyeball_experiment import tuning_rounds


def test_the_table_has_one_row_per_round_and_is_deterministic():
    a = tuning_rounds(500, 1500, 0.1, rounds=4, seed=3)
    b = tuning_rounds(500, 1500, 0.1, rounds=4, seed=3)
    assert a.equals(b)
    assert list(a.index) == [0, 1, 2, 3, 4] and a.index.name == "round"
    assert not a.equals(tuning_rounds(500, 1500, 0.1, rounds=4, seed=4))
    assert a[["eyeball_error", "blackbox_error"]].stack().between(0, 1).all()


def test_without_any_change_the_errors_stay_put():
    table = tuning_rounds(800, 800, 0.2, rounds=3, general=0.0, tailored=0.0, breakage=0.0,
                          seed=0)
    assert table["eyeball_error"].nunique() == 1 and table["blackbox_error"].nunique() == 1


def test_tailored_fixes_help_the_eyeball_set_only():
    tailored = tuning_rounds(2000, 8000, 0.1, rounds=8, general=0.0, tailored=0.2,
                             breakage=0.0, seed=1)
    assert tailored["blackbox_error"].nunique() == 1
    assert tailored["eyeball_error"].is_monotonic_decreasing
    assert eyeball_overfit(tailored["eyeball_error"], tailored["blackbox_error"],
                           n_eyeball=2000, n_blackbox=8000)


def test_general_fixes_move_both_sets_together():
    for seed in range(5):
        table = tuning_rounds(2000, 8000, 0.1, rounds=8, general=0.05, tailored=0.0, seed=seed)
        assert not eyeball_overfit(table["eyeball_error"], table["blackbox_error"],
                                   n_eyeball=2000, n_blackbox=8000)
        assert table["blackbox_error"].iloc[-1] < table["blackbox_error"].iloc[0]


def test_a_refresh_draws_the_new_eyeball_set_from_the_blackbox_set():
    table = tuning_rounds(1000, 4000, 0.08, rounds=6, tailored=0.3, refresh_at=4, seed=2)
    assert list(table["refreshed"]) == [False, False, False, False, True, False, False]
    assert list(table["n_blackbox"]) == [4000] * 4 + [3000] * 3
    assert (table["n_eyeball"] == 1000).all()
    # the read set was far below the blackbox error; the fresh one starts near it again
    gap_before = table.loc[3, "blackbox_error"] - table.loc[3, "eyeball_error"]
    gap_after = table.loc[4, "blackbox_error"] - table.loc[4, "eyeball_error"]
    assert gap_after < gap_before


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"n_eyeball": 0}, ValueError, "n_eyeball"),
        ({"n_blackbox": 1.5}, TypeError, "n_blackbox"),
        ({"error": 1.5}, ValueError, "error"),
        ({"rounds": 0}, ValueError, "rounds"),
        ({"read": 0}, ValueError, "read"),
        ({"tailored": -0.1}, ValueError, "tailored"),
        ({"general": "lots"}, TypeError, "general"),
        ({"refresh_at": 20, "rounds": 5}, ValueError, "refresh_at"),
        ({"n_eyeball": 3000, "n_blackbox": 2000, "refresh_at": 2}, ValueError, "blackbox set"),
    ],
)
def test_bad_arguments_get_clear_messages(kwargs, exc, message):
    with pytest.raises(exc, match=message):
        tuning_rounds(**kwargs)


def test_a_generator_seed_is_accepted():
    table = tuning_rounds(300, 700, 0.1, rounds=2, seed=np.random.default_rng(0))
    assert len(table) == 3
