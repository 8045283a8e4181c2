"""Tests for course_lib.plotting: image galleries, and plots whose labels must not collide."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from course_lib.error_analysis import ErrorTally
from course_lib.plotting import (
    label_points,
    precision_recall_map,
    show_images,
    show_mistakes,
    threshold_tradeoff,
)


def test_show_images_places_every_image_and_caption():
    images = np.stack([np.full((8, 8), float(k)) for k in range(7)])
    ax = show_images(images, labels=[0, 1, 2, 3, 4, 5, 6],
                     predictions=[0, 1, 2, 3, 4, 5, 0], ncols=3)
    canvas = ax.images[0].get_array()
    # 3 rows of tiles; each tile's pixels hold its own value
    assert canvas.shape[1] == 3 * 9
    tile_values = sorted({float(v) for v in np.ma.compressed(canvas)})
    assert tile_values == [float(k) for k in range(7)]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["0\u21920", "1\u21921", "2\u21922", "3\u21923", "4\u21924", "5\u21925",
                     "6\u21920"]
    assert ax.texts[-1].get_color() == "crimson" and ax.texts[0].get_color() == "black"
    plt.close("all")


def test_show_images_accepts_flat_rows_captions_and_max_images():
    ax = show_images(np.zeros((30, 64)), captions=[f"#{i}" for i in range(30)], max_images=10)
    assert len(ax.texts) == 10 and ax.texts[3].get_text() == "#3"
    plt.close("all")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((np.zeros((2, 8)),), {}), ((np.zeros((2, 8, 8)), [1]), {}),
     ((np.zeros((2, 8, 8)),), {"captions": ["a"]}), ((np.zeros((2, 8, 8)),), {"ncols": 0}),
     ((np.full((1, 8, 8), np.nan),), {})],
)
def test_show_images_rejects_bad_input(args, kwargs):
    with pytest.raises(ValueError):
        show_images(*args, **kwargs)


# ----------------------------------------------------------------------------- show_mistakes
def _digits(n: int) -> np.ndarray:
    """n distinct 8 x 8 images: image k is filled with the value k % 17."""
    return np.stack([np.full((8, 8), float(k % 17)) for k in range(n)])


def _captions(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_show_mistakes_groups_the_most_frequent_confusion_first():
    labels = [3, 8, 8, 5, 8, 3]
    preds = [5, 1, 1, 3, 1, 5]
    ax = show_mistakes(_digits(6), labels, preds, ids=[10, 11, 12, 13, 14, 15])
    # 8->1 (three times) first, then 3->5 (twice), then 5->3; stable inside a group
    assert [c.split("#")[1] for c in _captions(ax)] == ["11", "12", "14", "10", "15", "13"]
    assert _captions(ax)[0] == "true 8 \u2192 pred 1\n#11"
    assert all(t.get_color() == "crimson" for t in ax.texts)
    assert ax.get_title().startswith("Mistakes 1\u20136 of 6, grouped by true")
    plt.close("all")


@pytest.mark.parametrize(
    ("order", "expected"),
    [("true", ["10", "15", "13", "11", "12", "14"]),
     ("predicted", ["11", "12", "14", "13", "10", "15"]),
     ("given", ["10", "11", "12", "13", "14", "15"])],
)
def test_show_mistakes_other_orders(order, expected):
    ax = show_mistakes(_digits(6), [3, 8, 8, 5, 8, 3], [5, 1, 1, 3, 1, 5],
                       ids=[10, 11, 12, 13, 14, 15], order=order)
    assert [c.split("#")[1] for c in _captions(ax)] == expected
    plt.close("all")


def test_show_mistakes_pages_through_the_sorted_list():
    n = 50
    labels, preds = [k % 10 for k in range(n)], [(k + 1) % 10 for k in range(n)]
    seen = []
    for start in (0, 24, 48):
        ax = show_mistakes(_digits(n), labels, preds, start=start, count=24, order="given")
        seen += [int(c.split("#")[1]) for c in _captions(ax)]
        plt.close("all")
    assert seen == list(range(n))  # every image exactly once, none skipped
    ax = show_mistakes(_digits(n), labels, preds, start=24, count=24)
    assert "25\u201348 of 50" in ax.get_title() and "next page: start=48" in ax.get_title()
    plt.close("all")


def test_show_mistakes_draws_big_sharp_tiles():
    ax = show_mistakes(_digits(12), [1] * 12, [7] * 12, ncols=6, tile_inches=1.25)
    image = ax.images[0]
    assert image.get_interpolation() == "nearest"
    fig_width = ax.figure.get_size_inches()[0]
    axes_width = ax.get_position().width * fig_width
    tile_width = axes_width * 8 / image.get_array().shape[1]
    assert tile_width >= 1.0  # at least an inch per image
    # every caption sits below its own tile, inside the picture
    rows, _ = image.get_array().shape
    for text in ax.texts:
        x, y = text.get_position()
        assert text.get_va() == "top" and 0 <= y < rows
    plt.close("all")


def test_show_mistakes_select_shows_only_the_chosen_ids():
    ax = show_mistakes(_digits(6), [3, 8, 8, 5, 8, 3], [5, 1, 1, 3, 1, 5],
                       ids=[10, 11, 12, 13, 14, 15], select=[13, 10])
    assert [c.split("#")[1] for c in _captions(ax)] == ["10", "13"]
    assert ax.get_title().startswith("Selected mistakes 1\u20132 of 2")
    plt.close("all")


def test_show_mistakes_marks_right_answers_in_black():
    ax = show_mistakes(_digits(2), [4, 4], [4, 9], order="given")
    assert [t.get_color() for t in ax.texts] == ["black", "crimson"]
    assert ax.get_title().startswith("Images")
    plt.close("all")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [({"images": "pictures"}, TypeError, "images must be an array"),
     ({"images": np.array([["a"] * 64])}, TypeError, "must hold numbers"),
     ({"images": np.zeros((3, 8))}, ValueError, "shape"),
     ({"labels": None}, TypeError, "labels must be a list"),
     ({"predictions": [1, 2]}, ValueError, "one entry per image"),
     ({"ids": [1]}, ValueError, "ids must have one entry per image"),
     ({"order": 3}, TypeError, "order must be a string"),
     ({"order": "size"}, ValueError, "order must be one of"),
     ({"start": 1.0}, TypeError, "start must be an integer"),
     ({"start": 3}, ValueError, "pages start at 0"),
     ({"count": 0}, ValueError, "count must be at least 1"),
     ({"ncols": "6"}, TypeError, "ncols must be an integer"),
     ({"tile_inches": 0.1}, ValueError, "tile_inches must be at least"),
     ({"select": 7}, TypeError, "select must be a list"),
     ({"select": []}, ValueError, "select is empty"),
     ({"select": [5]}, ValueError, "not there")],
)
def test_show_mistakes_rejects_bad_input_with_a_clear_message(kwargs, error, message):
    args = {"images": np.zeros((3, 8, 8)), "labels": [1, 2, 3], "predictions": [7, 7, 7]}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        show_mistakes(args.pop("images"), args.pop("labels"), args.pop("predictions"), **args)
    plt.close("all")


# ----------------------------------------------------------------------------- labels
def _text_boxes(fig, texts):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [Text.get_window_extent(t, renderer) for t in texts]


def _no_two_overlap(boxes) -> bool:
    return not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_label_points_keeps_crowded_labels_apart_and_off_the_points():
    rng = np.random.default_rng(0)
    xs, ys = rng.normal(0, 0.05, 7), rng.normal(0, 0.05, 7)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(xs, ys)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    labels = label_points(ax, xs, ys, [f"model {k} (12 MB)" for k in range(7)])
    boxes = _text_boxes(fig, labels)
    assert _no_two_overlap(boxes)
    frame = ax.get_window_extent()
    points = ax.transData.transform(np.column_stack([xs, ys]))
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= frame.y1
        assert not any(box.contains(px, py) for px, py in points)
    plt.close(fig)


def test_label_points_keeps_off_a_line_and_the_legend():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_xlim(0, 200)
    ax.set_ylim(0, 10)
    line = ax.axvline(100, label="limit")
    ax.scatter([95, 180], [9.5, 0.5], label="models")
    ax.legend(loc="upper right")
    labels = label_points(ax, [95, 180], [9.5, 0.5], ["B (14.7 MB)", "D (7.9 MB)"], avoid=[line])
    boxes = _text_boxes(fig, labels)
    x_line = ax.transData.transform((100, 0))[0]
    legend = ax.get_legend().get_window_extent()
    for box in boxes:
        assert not box.x0 <= x_line <= box.x1
        assert not box.overlaps(legend)
    plt.close(fig)


def test_label_points_needs_one_label_per_point():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one entry per point"):
        label_points(ax, [1, 2], [1, 2], ["only one"])
    plt.close(fig)


BOARD = pd.DataFrame(
    {"precision": [1.0, 0.923, 0.57, 0.987, 0.988, 0.894],
     "recall": [0.694, 0.847, 1.0, 0.906, 0.929, 0.894]},
    index=["cautious logistic (t=0.9)", "decision tree", "eager logistic (t=0.05)",
           "k-nearest neighbours", "logistic regression", "naive Bayes"],
)


def test_precision_recall_map_lists_the_names_apart_in_the_order_of_the_dots():
    ax = precision_recall_map(BOARD)
    names = [t for t in ax.texts if t.get_text() in BOARD.index]
    assert len(names) == len(BOARD)
    boxes = _text_boxes(ax.figure, names)
    assert _no_two_overlap(boxes)
    frame = ax.get_window_extent()
    assert all(box.x0 > frame.x1 for box in boxes)  # in a column right of the plot
    by_height = sorted(range(len(names)), key=lambda k: -boxes[k].y0)
    top_to_bottom = [names[k].get_text() for k in by_height]
    assert top_to_bottom == list(BOARD.sort_values("recall", ascending=False).index)
    # the F1 contour labels cover no dot
    dots = ax.transData.transform(BOARD[["precision", "recall"]].to_numpy())
    contour_boxes = _text_boxes(ax.figure, [t for t in ax.texts if t.get_text().startswith("F1")])
    assert contour_boxes
    assert not any(box.contains(x, y) for box in contour_boxes for x, y in dots)
    plt.close("all")


def test_threshold_tradeoff_note_covers_no_curve():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    scores = np.clip(0.5 * y + rng.normal(0.25, 0.2, 300), 0, 1)
    ax = threshold_tradeoff(y, scores)
    note = [t for t in ax.texts if t.get_text().startswith("best F1")]
    (box,) = _text_boxes(ax.figure, note)
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack(line.get_data()))
        assert not any(box.contains(x, y) for x, y in xy), line.get_label()
    assert not box.overlaps(ax.get_legend().get_window_extent())
    plt.close("all")


def test_pareto_plot_writes_the_big_counts_inside_their_bars():
    tally = ErrorTally(list(range(10)), error_rate=0.2)
    tally.tag(list(range(8)), "blur")
    tally.tag([0, 1, 2], "noise")
    tally.tag([9], "dark")
    ax = tally.pareto_plot()
    counts = {t.get_text(): t for t in ax.texts}
    assert set(counts) == {"8", "3", "1"}
    boxes = dict(zip(counts, _text_boxes(ax.figure, counts.values()), strict=True))
    tallest = ax.patches[0].get_window_extent()
    assert tallest.y0 < boxes["8"].y0 and boxes["8"].y1 < tallest.y1  # inside the bar
    line = [other for other in ax.figure.axes if other is not ax][0].get_lines()[0]
    first_marker = line.get_transform().transform(np.column_stack(line.get_data()))[0]
    assert boxes["8"].y1 < first_marker[1] - 3  # below the coverage line's first point
    plt.close("all")
