"""Tests for course_lib.plotting: the image gallery (show_images)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.plotting import show_images


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
