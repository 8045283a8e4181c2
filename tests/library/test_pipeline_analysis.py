"""Tests for course_lib.pipeline_analysis: error analysis by parts of a pipeline.

The hand-made pipelines below work on example numbers 0..n-1; a part "loses" an example
by replacing it with a marker, so which examples each part gets wrong is known exactly,
and every attribution can be worked out by counting sets.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib.pipeline_analysis import (  # noqa: E402
    PipelineAnalysis,
    analyze_pipeline,
    mismatch_rate,
    run_pipeline,
)

N = 20
LOST_A, LOST_B = -1, -2


def losing(lost: set[int], marker: int):
    """A part that passes values on, except the examples in ``lost`` (and earlier markers)."""

    def part(values):
        return [v if v < 0 else (marker if v in lost else v) for v in values]

    return part


def passing(values):
    return list(values)


def two_parts(sa: set[int], sb: set[int], *, functions: bool = False, n: int = N):
    """Parts A and B losing the examples sa and sb; oracles as lists or as functions."""
    components = [("A", losing(sa, LOST_A)), ("B", losing(sb, LOST_B))]
    truth = list(range(n))
    # A perfect B cannot bring back what A lost: as a function it passes markers on.
    oracles = ({"A": passing, "B": passing} if functions else {"A": truth, "B": truth})
    return components, truth, oracles


# ----------------------------------------------------------------------------- attribution
def test_attribution_exact_with_overlap_forward_and_reverse():
    sa, sb = {0, 1, 2, 3, 4}, {3, 4, 5, 6, 7, 8, 9}  # both lose 3 and 4
    components, truth, oracles = two_parts(sa, sb, functions=True)
    r = analyze_pipeline(components, truth, truth, oracles)
    assert r.pipeline_error == pytest.approx(len(sa | sb) / N)
    # forward: perfect A leaves B's examples wrong, so A is credited only with sa - sb
    assert r.attribution == pytest.approx({"A": len(sa - sb) / N, "B": len(sb) / N})
    # reverse: perfect B leaves A's examples wrong, so the overlap moves to A
    assert r.attribution_in("reverse") == pytest.approx({"A": len(sa) / N,
                                                         "B": len(sb - sa) / N})
    # one at a time: each drop is that part's examples the other part gets right
    assert r.attribution_in("alone") == pytest.approx({"A": len(sa - sb) / N,
                                                       "B": len(sb - sa) / N})
    assert r.forward == pytest.approx((len(sb) / N, 0.0))
    assert r.reverse == pytest.approx((len(sa) / N, 0.0))
    assert r.design_error == 0.0


def test_disjoint_errors_give_the_same_attribution_in_both_orders():
    sa, sb = {0, 1}, {10, 11, 12}
    components, truth, oracles = two_parts(sa, sb, functions=True)
    r = analyze_pipeline(components, truth, truth, oracles)
    assert r.attribution == r.attribution_in("reverse") == r.attribution_in("alone")
    assert r.attribution == pytest.approx({"A": 0.1, "B": 0.15})
    assert "share the error out differently" not in r._repr_markdown_()


def test_fixed_oracles_make_a_perfect_last_part_take_everything():
    sa, sb = {0, 1, 2}, {5}
    components, truth, oracles = two_parts(sa, sb, functions=False)
    r = analyze_pipeline(components, truth, truth, oracles)
    assert r.attribution == pytest.approx({"A": 0.15, "B": 0.05})
    assert r.attribution_in("reverse") == pytest.approx({"A": 0.0, "B": 0.2})
    assert r.attribution_in("alone")["B"] == pytest.approx(r.pipeline_error)
    assert "share the error out differently" in r._repr_markdown_()


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, N - 1)), st.sets(st.integers(0, N - 1)),
       st.sets(st.integers(0, N - 1)), st.booleans())
def test_attributions_add_up_and_match_direct_runs(sa, sb, sc, functions):
    components = [("A", losing(sa, -1)), ("B", losing(sb, -2)), ("C", losing(sc, -3))]
    truth = list(range(N))
    oracles = ({name: passing for name in "ABC"} if functions
               else {name: truth for name in "ABC"})
    r = analyze_pipeline(components, truth, truth, oracles)
    assert r.pipeline_error == pytest.approx(len(sa | sb | sc) / N)
    for order in ("forward", "reverse"):
        total = sum(r.attribution_in(order).values())
        assert total == pytest.approx(r.pipeline_error - r.design_error)
        assert min(r.attribution_in(order).values()) >= -1e-12  # losing parts only hurt
    # the shared-prefix reuse gives what separate runs give
    names = ["A", "B", "C"]
    for k in range(3):
        direct = run_pipeline(components, truth, oracles=oracles, perfect=names[: k + 1])
        assert r.forward[k] == pytest.approx(mismatch_rate(truth, direct))
        direct = run_pipeline(components, truth, oracles=oracles, perfect=[names[k]])
        assert r.alone[k] == pytest.approx(mismatch_rate(truth, direct))
    # forward order: a part is credited with the examples it alone loses among the
    # examples every earlier part got right... once those earlier parts are perfect
    assert r.attribution["A"] == pytest.approx(len(sa - sb - sc) / N)
    assert r.attribution["C"] == pytest.approx(len(sc) / N)


def test_every_part_perfect_gives_the_last_oracles_error():
    truth = list(range(10))
    best_possible = [v if v not in (2, 7, 8) else -9 for v in truth]  # a design that loses 3
    components = [("A", losing({0}, -1)), ("B", losing({1, 2}, -2))]
    for oracle_b in (best_possible, lambda values: best_possible):
        r = analyze_pipeline(components, truth, truth, {"A": truth, "B": oracle_b})
        assert r.design_error == pytest.approx(0.3)
        assert r.forward[-1] == r.reverse[-1] == pytest.approx(0.3)


def test_part_errors_are_measured_on_perfect_input():
    truth = list(range(10))
    # B gets 4 wrong on perfect input; on A's actual output it also gets what A lost wrong
    components = [("A", losing({0, 1, 2}, -1)), ("B", losing({5, 6, 7, 8}, -2))]
    r = analyze_pipeline(components, truth, truth, {"A": truth, "B": truth})
    assert r.part_errors == pytest.approx((0.3, 0.4))


def test_custom_error_functions_are_used():
    truth = [0, 10, 20, 30]
    components = [("round", lambda xs: [x + 1 for x in xs])]

    def within_two(expected, outputs):
        return sum(abs(e - o) > 2 for e, o in zip(expected, outputs, strict=True)) / len(expected)

    strict = analyze_pipeline(components, truth, truth, {"round": truth})
    loose = analyze_pipeline(components, truth, truth, {"round": truth}, error=within_two,
                             part_error={"round": within_two})
    assert strict.pipeline_error == 1.0 and strict.part_errors == (1.0,)
    assert loose.pipeline_error == 0.0 and loose.part_errors == (0.0,)


# ----------------------------------------------------------------------------- human level
def _flawed_case(lost_a: set[int], lost_b: set[int], design_lost: set[int], n: int = 50,
                 **human):
    """A loses lost_a, B loses lost_b on its own, and the design loses design_lost."""
    truth = list(range(n))
    # B cannot get design_lost right (its input lacks what it would need); nor can a
    # perfect B, whose oracle is the best any B can do with that input.
    components = [("A", losing(lost_a, -1)), ("B", losing(lost_b | design_lost, -2))]
    oracles = {"A": truth, "B": lambda values: [-2 if v in design_lost else v
                                                for v in values]}
    return analyze_pipeline(components, truth, truth, oracles, **human)


def test_flawed_pipeline_flag_raised_when_parts_are_fine_but_design_loses():
    # parts near perfect (1 in 50 each), the design loses 20 of 50 examples
    r = _flawed_case({0}, {1}, set(range(10, 30)), human_level={"A": 0.0, "B": 0.0},
                     whole_human_level=0.02)
    assert r.part_errors == pytest.approx((0.02, 0.02))
    assert r.design_error == pytest.approx(0.4)
    assert r.flawed is True
    assert "Flawed pipeline" in r._repr_markdown_()
    assert r.table["close_to_human"].all()
    ax = r.plot()
    assert [bar.get_height() for bar in ax.containers[2]] == pytest.approx([40.0])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B", "design"]
    plt.close(ax.figure)


def test_flawed_flag_not_raised_when_a_part_is_far_from_human_level():
    r = _flawed_case(set(range(10)), {1}, set(range(10, 30)),
                     human_level={"A": 0.0, "B": 0.0}, whole_human_level=0.02)
    assert r.gaps_to_human["A"] == pytest.approx(0.2)
    assert r.flawed is False
    assert not r.table.loc["A", "close_to_human"]


def test_flawed_flag_not_raised_when_the_whole_is_near_human_level():
    r = _flawed_case({0}, {1}, set(), human_level={"A": 0.0, "B": 0.0},
                     whole_human_level=0.02)
    assert r.pipeline_error == pytest.approx(0.04)
    assert r.flawed is False


def test_flawed_flag_not_raised_when_part_shortfalls_explain_the_whole():
    # each part 2 points above human level (close, with tolerance 0.02); the whole is
    # 4 points above: no more than the parts' shortfalls add up to
    r = _flawed_case({0}, {1}, set(), human_level={"A": 0.0, "B": 0.0},
                     whole_human_level=0.0)
    assert r.whole_gap_to_human == pytest.approx(0.04)
    assert r.flawed is False


def test_flag_is_unknown_without_human_levels():
    r = _flawed_case({0}, {1}, set(range(10, 30)))
    assert r.flawed is None and r.gaps_to_human is None
    assert "human_level" not in r.table.columns
    r = _flawed_case({0}, {1}, set(range(10, 30)), human_level={"A": 0.0, "B": 0.0})
    assert r.flawed is None and r.gaps_to_human is not None


# ----------------------------------------------------------------------------- rendering
def test_table_steps_markdown_and_plot():
    sa, sb = {0, 1, 2, 3, 4}, {3, 4, 5, 6, 7, 8, 9}
    components, truth, oracles = two_parts(sa, sb, functions=True)
    r = analyze_pipeline(components, truth, truth, oracles,
                         human_level={"A": 0.05, "B": 0.1}, whole_human_level=0.1)
    assert isinstance(r, PipelineAnalysis)
    table = r.table
    assert table.index.tolist() == ["A", "B"]
    assert table["attributed"].tolist() == pytest.approx(list(r.attribution.values()))
    assert table["gap_to_human"].tolist() == pytest.approx([0.25 - 0.05, 0.35 - 0.1])
    steps = r.steps("reverse")
    assert steps["perfect"].tolist() == ["nothing", "B", "B + A"]
    assert steps["error"].tolist() == pytest.approx([0.5, 0.25, 0.0])
    assert steps["drop"].sum() == pytest.approx(0.5)
    md = r._repr_markdown_()
    assert "| `A` |" in md and "| `B` |" in md and "50.0%" in md
    assert "`" not in str(r)
    ax = r.plot()
    bars = [bar.get_height() for bar in ax.containers[0]]
    gaps = [bar.get_height() for bar in ax.containers[1]]
    assert bars == pytest.approx([100 * v for v in r.attribution.values()])
    assert gaps == pytest.approx([20.0, 25.0])
    assert len(ax.containers) == 2  # no design bar: every part perfect leaves no error
    plt.close(ax.figure)


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"components": "A"}, TypeError, "list of \\(name, function\\) pairs"),
        ({"components": []}, ValueError, "at least one component"),
        ({"components": [("A", 3)]}, TypeError, "must be a function"),
        ({"components": [("A", passing), ("A", passing)]}, ValueError, "unique"),
        ({"components": [passing]}, TypeError, "\\(name, function\\) pair"),
        ({"inputs": []}, ValueError, "at least one dev example"),
        ({"targets": [1, 2]}, ValueError, "same length"),
        ({"oracles": {"A": [0, 1, 2, 3]}}, ValueError, "no perfect outputs for \\['B'\\]"),
        ({"oracles": {"A": [0], "B": [0, 1, 2, 3]}}, ValueError, "one output per example"),
        ({"oracles": {"A": [0, 1, 2, 3], "B": [0, 1, 2, 3], "C": [0]}}, ValueError,
         "unknown components \\['C'\\]"),
        ({"oracles": [0, 1, 2, 3]}, TypeError, "dict keyed by component name"),
        ({"human_level": {"A": 0.1}}, ValueError, "no value for \\['B'\\]"),
        ({"human_level": {"A": 5, "B": 0.1}}, ValueError, "write 0.05"),
        ({"whole_human_level": "low"}, TypeError, "must be a number"),
        ({"tolerance": -0.1}, ValueError, "tolerance"),
        ({"error": "accuracy"}, TypeError, "error must be a function"),
        ({"error": lambda t, o: "bad"}, TypeError, "must return a number"),
        ({"part_error": {"Z": mismatch_rate}}, ValueError, "unknown components"),
    ],
)
def test_validation_messages(kwargs, error, match):
    arguments = {
        "components": [("A", passing), ("B", passing)],
        "inputs": [0, 1, 2, 3],
        "targets": [0, 1, 2, 3],
        "oracles": {"A": [0, 1, 2, 3], "B": [0, 1, 2, 3]},
    }
    arguments.update(kwargs)
    with pytest.raises(error, match=match):
        analyze_pipeline(**arguments)


def test_a_component_giving_the_wrong_number_of_outputs_is_named():
    components = [("A", passing), ("B", lambda values: values[:-1])]
    with pytest.raises(ValueError, match="component 'B' must give one output per example"):
        analyze_pipeline(components, [0, 1, 2], [0, 1, 2], {"A": [0, 1, 2], "B": [0, 1, 2]})


def test_attribution_order_is_checked():
    components, truth, oracles = two_parts({0}, {1})
    r = analyze_pipeline(components, truth, truth, oracles)
    with pytest.raises(ValueError, match="'forward', 'reverse' or 'alone'"):
        r.attribution_in("backward")
    with pytest.raises(ValueError, match="'forward' or 'reverse'"):
        r.steps("alone")


def test_run_pipeline_validation_and_substitution():
    components = [("A", losing({0}, -1)), ("B", passing)]
    assert run_pipeline(components, [0, 1]) == [-1, 1]
    assert run_pipeline(components, [0, 1], oracles={"A": [0, 1]}, perfect=["A"]) == [0, 1]
    with pytest.raises(ValueError, match="no oracle given for \\['A'\\]"):
        run_pipeline(components, [0, 1], perfect=["A"])
    with pytest.raises(ValueError, match="unknown components \\['Z'\\]"):
        run_pipeline(components, [0, 1], oracles={"A": [0, 1]}, perfect=["Z"])
    with pytest.raises(TypeError, match="list of component names"):
        run_pipeline(components, [0, 1], oracles={"A": [0, 1]}, perfect="A")


def test_mismatch_rate():
    assert mismatch_rate([1, (2, 3), "ab", [4, 5]], [1, (2, 4), "ab", [4, 5]]) == 0.25
    with pytest.raises(ValueError, match="same length"):
        mismatch_rate([1, 2], [1])
    with pytest.raises(ValueError, match="empty"):
        mismatch_rate([], [])
    with pytest.raises(TypeError, match="one entry per example"):
        mismatch_rate("abc", "abd")
