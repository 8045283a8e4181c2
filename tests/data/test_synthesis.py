"""Tests for course_lib.data.synthesis: artificial data synthesis with few or many patterns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from course_lib.data.corruptions import PIXEL_MAX, blur, rotate
from course_lib.data.domains import CORRUPTIONS, make_domains
from course_lib.data.synthesis import Synthesized, synthesize


@pytest.fixture(scope="module")
def digits_images() -> np.ndarray:
    return load_digits().images[:120].astype(float)


GREY = np.full((30, 8, 8), 8.0)  # mid-grey: noise of std <= 3.5 never gets clipped


def distinct_images(images: np.ndarray) -> int:
    return len({img.round(9).tobytes() for img in images})


# ----------------------------------------------------------------------------- one vs many


def test_one_noise_pattern_gives_identical_difference_images():
    out = synthesize(GREY, "noise", n_patterns=1, seed=0)
    diffs = out.images - GREY
    assert np.abs(diffs[0]).max() > 0.5  # there is noise ...
    np.testing.assert_allclose(diffs, np.broadcast_to(diffs[0], diffs.shape))  # ... the same


def test_one_noise_pattern_on_digits_agrees_wherever_nothing_was_clipped(digits_images):
    out = synthesize(digits_images, "noise", n_patterns=1, seed=3)
    diffs = out.images - digits_images
    unclipped = (out.images > 0) & (out.images < PIXEL_MAX)
    both = unclipped[0][None] & unclipped
    reference = np.broadcast_to(diffs[0], diffs.shape)
    np.testing.assert_allclose(diffs[both], reference[both])
    assert both[1:].sum() > 1000


def test_many_noise_patterns_differ():
    out = synthesize(GREY, "noise", seed=0)
    diffs = (out.images - GREY).reshape(len(GREY), -1)
    assert out.n_patterns == len(GREY)
    assert distinct_images(diffs.reshape(-1, 8, 8)) == len(GREY)
    # independent fields: correlations between different images' noise are small
    corr = np.corrcoef(diffs)[np.triu_indices(len(GREY), k=1)]
    assert np.abs(corr).mean() < 0.2


def test_one_occluder_is_reused_and_many_move_around():
    full = np.full((40, 8, 8), 16.0)
    one = synthesize(full, "occlusion", n_patterns=1, seed=1)
    masks = one.images == 0
    assert masks[0].sum() >= 4
    assert np.all(masks == masks[0])
    many = synthesize(full, "occlusion", seed=1)
    assert distinct_images((many.images == 0).astype(float)) > 5


def test_k_patterns_are_shared_out_evenly():
    out = synthesize(GREY, "noise", n_patterns=4, seed=2)
    assert out.n_patterns == 4 and len(out.patterns) == 4
    counts = np.bincount(out.pattern_ids, minlength=4)
    assert counts.max() - counts.min() <= 1
    assert distinct_images(out.images - GREY) == 4
    for p in range(4):
        members = out.images[out.pattern_ids == p]
        np.testing.assert_allclose(members, np.broadcast_to(members[0], members.shape))


def test_identical_inputs_with_one_full_pattern_stay_identical(digits_images):
    same = np.repeat(digits_images[:1], 12, axis=0)
    one = synthesize(same, n_patterns=1, seed=4)
    assert distinct_images(one.images) == 1
    assert not np.allclose(one.images[0], same[0])
    many = synthesize(same, seed=4)
    assert distinct_images(many.images) > 8


# ----------------------------------------------------------------------------- what is applied


def test_one_rotation_pattern_equals_rotate_with_its_angle(digits_images):
    out = synthesize(digits_images, "rotation", n_patterns=1, seed=5)
    angle = out.patterns.loc[0, "rotation_degrees"]
    assert 10.0 <= abs(angle) <= 25.0  # default phone range
    np.testing.assert_allclose(out.images, rotate(digits_images, angle))
    assert out.patterns.loc[0, ["blur", "noise", "low_contrast", "occlusion"]].sum() == 0


def test_blur_patterns_match_blur_per_image(digits_images):
    out = synthesize(digits_images[:10], "blur", n_patterns=3, seed=6, strengths={"blur": (0.5, 2)})
    for i in range(10):
        sigma = out.patterns.loc[out.pattern_ids[i], "blur_sigma"]
        assert 0.5 <= sigma <= 2.0
        np.testing.assert_allclose(out.images[i], blur(digits_images[i : i + 1], sigma)[0])


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(CORRUPTIONS), min_size=1, max_size=5, unique=True),
    st.integers(1, 12),
    st.floats(0.05, 1.0),
    st.integers(0, 10_000),
)
def test_patterns_use_only_listed_corruptions_and_never_none(names, k, probability, seed):
    out = synthesize(GREY[:12], names, n_patterns=k, probability=probability, seed=seed)
    assert isinstance(out, Synthesized)
    assert out.images.shape == (12, 8, 8)
    assert out.images.min() >= 0 and out.images.max() <= PIXEL_MAX
    assert out.X.shape == (12, 64)
    flags = out.patterns[list(CORRUPTIONS)]
    assert flags.any(axis=1).all()  # every pattern corrupts something
    unused = [c for c in CORRUPTIONS if c not in names]
    assert not flags[unused].to_numpy().any()
    expected_tags = flags.iloc[out.pattern_ids].reset_index(drop=True)
    pd.testing.assert_frame_equal(out.tags, expected_tags.astype(bool))


def test_determinism_and_input_untouched(digits_images):
    before = digits_images.copy()
    a = synthesize(digits_images, n_patterns=7, seed=11)
    b = synthesize(digits_images, n_patterns=7, seed=11)
    c = synthesize(digits_images, n_patterns=7, seed=12)
    np.testing.assert_array_equal(a.images, b.images)
    np.testing.assert_array_equal(a.pattern_ids, b.pattern_ids)
    pd.testing.assert_frame_equal(a.patterns, b.patterns)
    assert not np.allclose(a.images, c.images)
    np.testing.assert_array_equal(digits_images, before)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_patterns": 0}, ValueError),
        ({"n_patterns": 31}, ValueError),
        ({"n_patterns": True}, TypeError),
        ({"n_patterns": 2.0}, TypeError),
        ({"corruptions": "fog"}, ValueError),
        ({"corruptions": []}, ValueError),
        ({"corruptions": ["blur", "blur"]}, ValueError),
        ({"probability": 0.0}, ValueError),
        ({"probability": 1.5}, ValueError),
        ({"strengths": {"noise": (3.0, 1.0)}}, ValueError),
        ({"seed": -3}, ValueError),
    ],
)
def test_validation(kwargs, error):
    with pytest.raises(error):
        synthesize(GREY, **kwargs)


# ----------------------------------------------------------------------------- the lesson


def test_many_patterns_help_on_phone_images_and_one_pattern_helps_less():
    """Web-only vs web + synthetic training, scored on real phone images (2 seeds)."""
    errors = {"web only": [], "one pattern": [], "many patterns": []}
    with threadpool_limits(1):
        for seed in (0, 1):
            d = make_domains(seed=seed)
            X_dev, _, y_dev, _ = train_test_split(
                d.phone_X, d.phone_y, test_size=0.5, random_state=seed, stratify=d.phone_y
            )
            X, y = d.web_X, d.web_y

            def phone_error(extra: np.ndarray, X=X, y=y, X_dev=X_dev, y_dev=y_dev) -> float:
                X_train = np.vstack([X, extra]) if len(extra) else X
                y_train = np.concatenate([y, y]) if len(extra) else y
                model = LogisticRegression(max_iter=2000).fit(X_train / 16, y_train)
                return 1 - model.score(X_dev / 16, y_dev)

            errors["web only"].append(phone_error(np.empty((0, 64))))
            one = synthesize(d.web_images, n_patterns=1, seed=seed + 100)
            errors["one pattern"].append(phone_error(one.X))
            many = synthesize(d.web_images, seed=seed + 100)
            errors["many patterns"].append(phone_error(many.X))
    mean = {name: float(np.mean(v)) for name, v in errors.items()}
    assert mean["many patterns"] < mean["web only"] - 0.04
    assert mean["many patterns"] < mean["one pattern"] - 0.03
