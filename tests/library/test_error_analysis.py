"""Tests for course_lib.error_analysis: ceilings and the error tally sheet."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib.error_analysis import ErrorTally, ceiling, tally_errors  # noqa: E402

# ----------------------------------------------------------------------------- ceiling


def test_ceiling_course_examples():
    # 10% error, 5% of the mistakes are dogs -> at best 9.5%; 50% dogs -> at best 5%
    assert ceiling(0.10, 0.05) == pytest.approx(0.095)
    assert ceiling(0.10, 0.50) == pytest.approx(0.05)
    assert ceiling(0.10, 0.0) == pytest.approx(0.10)
    assert ceiling(0.10, 1.0) == pytest.approx(0.0)
    assert ceiling(1, 0) == pytest.approx(1.0)  # integers are fine


@pytest.mark.parametrize(
    ("error_rate", "fraction"),
    [(-0.1, 0.5), (1.2, 0.5), (0.1, -0.01), (0.1, 1.01), (float("nan"), 0.5), (0.1, np.nan)],
)
def test_ceiling_rejects_values_outside_0_1(error_rate, fraction):
    with pytest.raises(ValueError):
        ceiling(error_rate, fraction)


@pytest.mark.parametrize(
    ("error_rate", "fraction"), [(True, 0.5), (0.1, False), ("0.1", 0.5), (0.1, None)]
)
def test_ceiling_rejects_non_numbers(error_rate, fraction):
    with pytest.raises(TypeError):
        ceiling(error_rate, fraction)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_ceiling_properties(error_rate, f1, f2):
    lo, hi = sorted((f1, f2))
    c_lo, c_hi = ceiling(error_rate, lo), ceiling(error_rate, hi)
    assert 0.0 <= c_hi <= c_lo <= error_rate + 1e-15  # more errors fixed -> lower ceiling
    assert ceiling(min(1.0, error_rate + 0.1), lo) >= c_lo - 1e-15  # monotone in error rate


# ----------------------------------------------------------------------------- tally by hand


@pytest.fixture
def sheet() -> ErrorTally:
    """Five mistakes, a dev error of 20%, tags ticked by hand like the course's table."""
    tally = ErrorTally([101, 102, 103, 104, 105], error_rate=0.20)
    tally.tag([101, 102], "dog")
    tally.tag([102, 103], "great_cat")
    tally.tag([103, 104, 105], "blurry")
    tally.comment(101, "pit bull")
    tally.comment(103, "lion, rainy day at the zoo")
    return tally


def test_summary_hand_computed(sheet):
    summary = sheet.summary()
    assert list(summary.columns) == ["count", "fraction_of_errors", "ceiling"]
    # largest first, ties by name
    assert summary.index.tolist() == ["blurry", "dog", "great_cat"]
    assert summary["count"].tolist() == [3, 2, 2]
    np.testing.assert_allclose(summary["fraction_of_errors"], [0.6, 0.4, 0.4])
    # 20% * (1 - 0.6) = 8%, 20% * (1 - 0.4) = 12%
    np.testing.assert_allclose(summary["ceiling"], [0.08, 0.12, 0.12])
    # tags overlap, so the fractions add up to more than 1
    assert summary["fraction_of_errors"].sum() == pytest.approx(1.4)


def test_table_holds_tags_and_comments(sheet):
    table = sheet.table
    assert table.index.tolist() == [101, 102, 103, 104, 105]
    assert table.loc[102, "dog"] and table.loc[102, "great_cat"] and not table.loc[102, "blurry"]
    assert table.loc[103, "comment"] == "lion, rainy day at the zoo"
    assert table.loc[104, "comment"] == ""
    table.loc[101, "dog"] = False  # a copy: editing it does not change the tally
    assert sheet.table.loc[101, "dog"]


def test_new_tag_on_the_fly_and_untag(sheet):
    sheet.tag(105, "instagram_filter")
    assert sheet.tags == ["dog", "great_cat", "blurry", "instagram_filter"]
    assert sheet.table["instagram_filter"].tolist() == [False, False, False, False, True]
    sheet.untag([103], "blurry")
    assert sheet.summary().loc["blurry", "count"] == 2
    with pytest.raises(ValueError, match="unknown tag"):
        sheet.untag(101, "no_such_tag")


def test_untagged_row_counts_unexplained_mistakes(sheet):
    summary = sheet.summary(include_untagged=True)
    assert summary.loc["(untagged)", "count"] == 0
    sheet.untag(104, "blurry")
    summary = sheet.summary(include_untagged=True)
    assert summary.loc["(untagged)", "count"] == 1
    assert summary.loc["(untagged)", "ceiling"] == pytest.approx(0.20 * 0.8)


def test_add_tag_accepts_lists_series_dicts_and_zero_one(sheet):
    sheet.add_tag("a", [True, False, False, False, True])
    sheet.add_tag("b", pd.Series({105: 1, 104: 0, 103: 1, 102: 0, 101: 0}))
    sheet.add_tag("c", {101: True, 102: True, 103: True, 104: True, 105: False})
    sheet.add_tag("d", np.array([0, 0, 1, 0, 0]))
    table = sheet.table
    assert table["a"].tolist() == [True, False, False, False, True]
    assert table["b"].tolist() == [False, False, True, False, True]  # aligned by id
    assert table["c"].sum() == 4
    assert table["d"].tolist() == [False, False, True, False, False]
    sheet.add_tag("a", [False] * 5, overwrite=True)
    assert sheet.summary().loc["a", "count"] == 0


@pytest.mark.parametrize(
    ("name", "values", "error"),
    [
        ("dog", [True] * 5, ValueError),  # exists already
        ("new", [True] * 4, ValueError),  # wrong length
        ("new", pd.Series({101: True}), ValueError),  # ids missing
        ("new", [0, 2, 1, 0, 0], TypeError),  # not 0/1
        ("new", ["x", "", "x", "", ""], TypeError),
        ("comment", [True] * 5, ValueError),  # reserved
        ("", [True] * 5, TypeError),
        (3, [True] * 5, TypeError),
    ],
)
def test_add_tag_validation(sheet, name, values, error):
    with pytest.raises(error):
        sheet.add_tag(name, values)


def test_tagging_unknown_examples_is_an_error(sheet):
    with pytest.raises(ValueError, match="not mistakes"):
        sheet.tag([101, 999], "dog")
    with pytest.raises(ValueError, match="not mistakes"):
        sheet.comment(999, "?")
    with pytest.raises(TypeError):
        sheet.comment(101, 5)


@pytest.mark.parametrize(
    ("ids", "rate"), [([], 0.1), ([1, 1, 2], 0.1), ([1, 2], 0.0), ([1, 2], 1.5), ([1], True)]
)
def test_constructor_validation(ids, rate):
    with pytest.raises((ValueError, TypeError)):
        ErrorTally(ids, error_rate=rate)


def test_course_dog_example_through_the_tally():
    ids = list(range(100))
    few_dogs = ErrorTally(ids, error_rate=0.10)
    few_dogs.tag(ids[:5], "dog")
    many_dogs = ErrorTally(ids, error_rate=0.10)
    many_dogs.tag(ids[:50], "dog")
    assert few_dogs.summary().loc["dog", "ceiling"] == pytest.approx(0.095)
    assert many_dogs.summary().loc["dog", "ceiling"] == pytest.approx(0.05)


# ----------------------------------------------------------------------------- computed tags


def test_from_predictions_picks_the_mistakes_and_copies_tags():
    y_true = np.array([0, 1, 2, 3, 4, 5])
    y_pred = np.array([0, 1, 0, 3, 0, 5])
    tags = pd.DataFrame(
        {"blur": [True, False, True, False, False, True], "noise": [False] * 5 + [True]},
        index=list("abcdef"),
    )
    tally = ErrorTally.from_predictions(y_true, y_pred, tags=tags)
    assert tally.ids == ["c", "e"]
    assert tally.error_rate == pytest.approx(2 / 6)
    summary = tally.summary()
    assert summary.loc["blur", "count"] == 1 and summary.loc["noise", "count"] == 0
    assert summary.loc["blur", "ceiling"] == pytest.approx((2 / 6) * 0.5)
    plain = ErrorTally.from_predictions(y_true, y_pred)
    assert plain.ids == [2, 4] and plain.tags == []
    with pytest.raises(ValueError, match="same length"):
        ErrorTally.from_predictions(y_true, y_pred[:5])
    with pytest.raises(ValueError, match="no mistakes"):
        ErrorTally.from_predictions(y_true, y_true)
    with pytest.raises(ValueError, match="one row per example"):
        ErrorTally.from_predictions(y_true, y_pred, tags=tags.iloc[:3])


def test_tally_errors_with_mask_and_labels():
    tags = pd.DataFrame(
        {
            "blur": [True, True, False, False, True, False, False, False],
            "rotation": [True, False, True, False, False, False, True, False],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )
    mask = np.array([True, True, True, False, False, False, False, True])
    by_mask = tally_errors(tags, mask)
    # 4 mistakes out of 8 -> 50% error; blur on 2 of them, rotation on 2 of them
    assert by_mask.loc["blur", "count"] == 2 and by_mask.loc["rotation", "count"] == 2
    np.testing.assert_allclose(by_mask["ceiling"], [0.25, 0.25])
    by_labels = tally_errors(tags, [10, 11, 12, 17])
    pd.testing.assert_frame_equal(by_mask, by_labels)
    override = tally_errors(tags, mask, error_rate=0.1)
    np.testing.assert_allclose(override["ceiling"], [0.05, 0.05])
    with pytest.raises(ValueError, match="one entry per row"):
        tally_errors(tags, mask[:5])
    with pytest.raises(ValueError, match="not in tags.index"):
        tally_errors(tags, [10, 99])
    with pytest.raises(ValueError, match="no mistakes"):
        tally_errors(tags, np.zeros(8, dtype=bool))


tag_tables = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=5),
        st.floats(0.01, 1.0),
    )
)


@settings(max_examples=60, deadline=None)
@given(tag_tables)
def test_summary_properties_on_random_tables(data):
    columns, rate = data
    n = len(columns[0])
    tags = pd.DataFrame({f"t{i}": col for i, col in enumerate(columns)})
    tally = ErrorTally(list(range(n)), error_rate=rate, tags=tags)
    summary = tally.summary()
    # counts agree with a direct count, fractions in [0, 1], ceilings in [0, rate]
    for name in tags.columns:
        assert summary.loc[name, "count"] == int(tags[name].sum())
    assert summary["fraction_of_errors"].between(0, 1).all()
    assert ((summary["ceiling"] >= -1e-12) & (summary["ceiling"] <= rate + 1e-12)).all()
    # sorted by count, so ceilings are non-decreasing down the table
    assert summary["count"].is_monotonic_decreasing
    assert summary["ceiling"].is_monotonic_increasing
    coverage = tally.cumulative_coverage()
    assert coverage.is_monotonic_increasing
    assert coverage.iloc[-1] == pytest.approx(tags.any(axis=1).mean())
    assert coverage.iloc[0] == pytest.approx(summary["fraction_of_errors"].iloc[0])


def test_sample_is_a_deterministic_subset(sheet):
    a = sheet.sample(3, seed=1)
    b = sheet.sample(3, seed=1)
    assert a.ids == b.ids and len(a) == 3
    assert set(a.ids) <= set(sheet.ids)
    assert a.error_rate == sheet.error_rate
    pd.testing.assert_frame_equal(a.table, sheet.table.loc[a.ids])
    with pytest.raises(ValueError):
        sheet.sample(6)


# ----------------------------------------------------------------------------- plotting


def test_pareto_plot_bars_and_coverage_line(sheet):
    fig, ax = plt.subplots()
    try:
        out = sheet.pareto_plot(ax=ax)
        assert out is ax
        heights = [bar.get_height() for bar in ax.patches]
        np.testing.assert_allclose(heights, [60.0, 40.0, 40.0])
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["blurry", "dog", "great_cat"]
        twin = [other for other in fig.axes if other is not ax][0]
        line = twin.get_lines()[0]
        # blurry covers 3/5; adding dog covers 101, 102 too -> 5/5; great_cat adds nothing
        np.testing.assert_allclose(line.get_ydata(), [60.0, 100.0, 100.0])
    finally:
        plt.close(fig)


def test_pareto_plot_needs_tags():
    tally = ErrorTally([1, 2], error_rate=0.5)
    with pytest.raises(ValueError, match="no tags"):
        tally.pareto_plot()
    plt.close("all")
