"""Tests for course_lib.data.domains: the web / phone-camera digits example."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from course_lib.data.corruptions import (
    PIXEL_MAX,
    add_noise,
    blur,
    low_contrast,
    occlude,
    rotate,
    to_images,
)
from course_lib.data.domains import CORRUPTIONS, Domains, make_domains, phone_camera  # noqa: E402


@pytest.fixture(scope="module")
def digits_images() -> np.ndarray:
    return load_digits().images[:200].astype(float)


@pytest.fixture(scope="module")
def domains() -> Domains:
    return make_domains(seed=0)


def total_variation(images: np.ndarray) -> np.ndarray:
    """Sum of absolute differences between neighbouring pixels, per image."""
    dx = np.abs(np.diff(images, axis=2)).sum(axis=(1, 2))
    dy = np.abs(np.diff(images, axis=1)).sum(axis=(1, 2))
    return dx + dy


def high_frequency_energy(images: np.ndarray) -> np.ndarray:
    """Spectral energy outside the lowest frequencies (|k| >= 2 on an 8x8 grid)."""
    spectrum = np.abs(np.fft.fft2(images - images.mean(axis=(1, 2), keepdims=True))) ** 2
    k = np.fft.fftfreq(images.shape[1]) * images.shape[1]
    kk = np.maximum(np.abs(k)[:, None], np.abs(k)[None, :])
    return spectrum[:, kk >= 2].sum(axis=1)


image_batches = arrays(
    np.float64,
    st.tuples(st.integers(1, 4), st.integers(3, 9), st.integers(3, 9)),
    elements=st.floats(0.0, PIXEL_MAX, allow_nan=False),
)


# ----------------------------------------------------------------------------- blur


def test_blur_lowers_total_variation_and_high_frequencies(digits_images):
    out = blur(digits_images, sigma=1.0)
    assert out.shape == digits_images.shape
    assert np.all(total_variation(out) < total_variation(digits_images))
    assert np.all(high_frequency_energy(out) < 0.5 * high_frequency_energy(digits_images))


def test_blur_stronger_sigma_smooths_more(digits_images):
    tv = [total_variation(blur(digits_images, s)).mean() for s in (0.5, 1.0, 2.0)]
    assert tv[0] > tv[1] > tv[2]


def test_blur_zero_sigma_is_identity_and_constant_image_is_fixed(digits_images):
    np.testing.assert_array_equal(blur(digits_images, 0.0), digits_images)
    flat = np.full((2, 8, 8), 5.0)
    np.testing.assert_allclose(blur(flat, 1.3), flat)


def test_blur_of_a_point_is_a_symmetric_normalised_bump():
    dot = np.zeros((1, 9, 9))
    dot[0, 4, 4] = 16.0
    out = blur(dot, 1.0)[0]
    # far from the border, nothing is lost and the bump is symmetric
    assert out.sum() == pytest.approx(16.0, rel=1e-6)
    np.testing.assert_allclose(out, out.T)
    np.testing.assert_allclose(out, out[::-1, ::-1])
    # the profile follows a Gaussian with sigma 1: neighbour / centre = exp(-1/2)
    assert out[4, 5] / out[4, 4] == pytest.approx(np.exp(-0.5), rel=0.02)


@settings(max_examples=40, deadline=None)
@given(image_batches, st.floats(0.1, 3.0))
def test_blur_stays_within_each_image_range(images, sigma):
    out = blur(images, sigma)
    assert out.shape == images.shape
    lo = images.min(axis=(1, 2))
    hi = images.max(axis=(1, 2))
    assert np.all(out.min(axis=(1, 2)) >= lo - 1e-9)
    assert np.all(out.max(axis=(1, 2)) <= hi + 1e-9)


# ----------------------------------------------------------------------------- noise


def test_add_noise_has_requested_spread_and_is_deterministic():
    grey = np.full((50, 8, 8), 8.0)
    noisy = add_noise(grey, std=1.5, seed=3)
    assert np.std(noisy - grey) == pytest.approx(1.5, rel=0.05)
    assert abs(np.mean(noisy - grey)) < 0.05
    np.testing.assert_array_equal(noisy, add_noise(grey, std=1.5, seed=3))
    assert not np.allclose(noisy, add_noise(grey, std=1.5, seed=4))


def test_add_noise_clips_to_pixel_range_and_accepts_a_generator(digits_images):
    out = add_noise(digits_images, std=10.0, seed=np.random.default_rng(1))
    assert out.min() >= 0.0 and out.max() <= PIXEL_MAX
    np.testing.assert_array_equal(add_noise(digits_images, 0.0, seed=1), digits_images)


# ----------------------------------------------------------------------------- contrast


@settings(max_examples=40, deadline=None)
@given(image_batches, st.floats(0.0, 1.0))
def test_low_contrast_scales_std_and_keeps_mean(images, factor):
    out = low_contrast(images, factor)
    np.testing.assert_allclose(out.mean(axis=(1, 2)), images.mean(axis=(1, 2)), atol=1e-9)
    np.testing.assert_allclose(out.std(axis=(1, 2)), factor * images.std(axis=(1, 2)), atol=1e-9)


def test_low_contrast_lowers_std_of_digits(digits_images):
    out = low_contrast(digits_images, 0.4)
    assert np.all(out.std(axis=(1, 2)) < digits_images.std(axis=(1, 2)))
    np.testing.assert_array_equal(low_contrast(digits_images, 1.0), digits_images)


# ----------------------------------------------------------------------------- rotation


def test_rotate_by_zero_and_full_turn_is_identity(digits_images):
    np.testing.assert_allclose(rotate(digits_images, 0.0), digits_images, atol=1e-12)
    np.testing.assert_allclose(rotate(digits_images, 360.0), digits_images, atol=1e-9)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_rotate_by_multiples_of_90_matches_rot90(digits_images, k):
    out = rotate(digits_images, 90.0 * k)
    expected = np.rot90(digits_images, k=k, axes=(1, 2))
    np.testing.assert_allclose(out[:, 1:-1, 1:-1], expected[:, 1:-1, 1:-1], atol=1e-9)
    np.testing.assert_allclose(out, expected, atol=1e-9)


def test_rotate_minus_90_is_clockwise(digits_images):
    np.testing.assert_allclose(
        rotate(digits_images, -90.0), np.rot90(digits_images, k=-1, axes=(1, 2)), atol=1e-9
    )


def test_rotate_small_angle_changes_image_but_keeps_centre_pixel():
    img = np.zeros((1, 9, 9))
    img[0, 4, :] = 16.0  # a horizontal bar through the centre pixel
    out = rotate(img, 20.0)
    assert out[0, 4, 4] == pytest.approx(16.0)
    assert not np.allclose(out, img)
    # counter-clockwise on screen: the right end of the bar moves up (smaller row)
    right = out[0, :, 8]
    assert np.argmax(right) < 4


# ----------------------------------------------------------------------------- occlusion


def test_occlude_zeroes_exactly_one_square_block():
    ones = np.full((20, 8, 8), 16.0)
    out = occlude(ones, size=3, seed=0)
    for img in out:
        rows, cols = np.nonzero(img == 0)
        assert len(rows) == 9
        assert rows.max() - rows.min() == 2 and cols.max() - cols.min() == 2
    corners = {tuple(np.argwhere(img == 0).min(axis=0)) for img in out}
    assert len(corners) > 1  # positions differ between images


def test_occlude_is_deterministic_and_keeps_the_rest(digits_images):
    a = occlude(digits_images, size=2, seed=5)
    np.testing.assert_array_equal(a, occlude(digits_images, size=2, seed=5))
    changed = a != digits_images
    assert np.all(a[changed] == 0.0)
    assert np.all(changed.sum(axis=(1, 2)) <= 4)
    np.testing.assert_array_equal(occlude(digits_images, size=0, seed=5), digits_images)


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call",
    [
        lambda x: blur(x[0], 1.0),  # 2-D array
        lambda x: blur(x, -1.0),
        lambda x: blur(x, float("nan")),
        lambda x: add_noise(x, -0.5),
        lambda x: low_contrast(x, 1.5),
        lambda x: occlude(x, 9),
        lambda x: blur(x * 2.0, 1.0),  # values above 16
        lambda x: blur(np.full_like(x, np.nan), 1.0),
        lambda x: add_noise(x, 1.0, seed=-1),
    ],
)
def test_invalid_inputs_raise_value_error(digits_images, call):
    with pytest.raises(ValueError):
        call(digits_images)


@pytest.mark.parametrize(
    "call",
    [
        lambda x: blur(x, True),
        lambda x: blur(x, "1"),
        lambda x: occlude(x, 2.5),
        lambda x: add_noise(x, 1.0, seed=1.5),
        lambda x: blur("images", 1.0),
    ],
)
def test_wrong_types_raise_type_error(digits_images, call):
    with pytest.raises(TypeError):
        call(digits_images)


def test_to_images_round_trip():
    X = load_digits().data[:5]
    np.testing.assert_array_equal(to_images(X).reshape(5, 64), X)
    with pytest.raises(ValueError, match="shape"):
        to_images(X[:, :60])


# ----------------------------------------------------------------------------- phone camera


def test_phone_camera_is_deterministic_and_in_range(digits_images):
    a, tags_a = phone_camera(digits_images, seed=7)
    b, tags_b = phone_camera(digits_images, seed=7)
    c, _ = phone_camera(digits_images, seed=8)
    np.testing.assert_array_equal(a, b)
    pd.testing.assert_frame_equal(tags_a, tags_b)
    assert not np.allclose(a, c)
    assert a.shape == digits_images.shape
    assert a.min() >= 0.0 and a.max() <= PIXEL_MAX
    assert list(tags_a.columns) == list(CORRUPTIONS)
    assert all(tags_a[col].dtype == bool for col in tags_a.columns)
    assert len(tags_a) == len(digits_images)


def test_phone_camera_tags_match_what_happened(digits_images):
    out, tags = phone_camera(digits_images, seed=2)
    untouched = ~tags.any(axis=1).to_numpy()
    assert untouched.any() and (~untouched).any()
    np.testing.assert_array_equal(out[untouched], digits_images[untouched])
    # every corruption except occlusion changes the image (an occluder may happen to
    # cover only background, which is already 0)
    changed = np.any(out != digits_images, axis=(1, 2))
    visible = tags.drop(columns="occlusion").any(axis=1).to_numpy()
    assert np.all(changed[visible])
    only_occluded = tags["occlusion"].to_numpy() & ~visible
    assert changed[only_occluded].mean() > 0.5
    # each corruption is drawn with probability 0.3 by default
    assert np.all(np.abs(tags.mean().to_numpy() - 0.3) < 0.12)


def test_phone_camera_probabilities_select_corruptions(digits_images):
    _, none = phone_camera(digits_images, seed=1, probabilities=0.0)
    assert not none.to_numpy().any()
    blur_only = {"blur": 1.0, "noise": 0, "low_contrast": 0, "rotation": 0, "occlusion": 0}
    out, only_blur = phone_camera(digits_images, seed=1, probabilities=blur_only)
    assert only_blur["blur"].all() and not only_blur.drop(columns="blur").to_numpy().any()
    assert np.all(total_variation(out) < total_variation(digits_images))
    with pytest.raises(ValueError, match="unknown corruption"):
        phone_camera(digits_images, probabilities={"fog": 0.5})
    with pytest.raises(ValueError):
        phone_camera(digits_images, strengths={"blur": (2.0, 1.0)})


# ----------------------------------------------------------------------------- domains


def test_make_domains_sizes_and_disjoint_instances(domains):
    assert domains.web_images.shape == (1197, 8, 8)
    assert domains.phone_images.shape == (600, 8, 8)
    assert domains.web_X.shape == (1197, 64)
    assert domains.phone_X.shape == (600, 64)
    assert len(domains.web_y) == 1197 and len(domains.phone_y) == 600
    assert len(domains.phone_tags) == 600
    assert not set(domains.web_index) & set(domains.phone_index)
    assert len(set(domains.web_index) | set(domains.phone_index)) == 1797
    digits = load_digits()
    np.testing.assert_array_equal(domains.web_images, digits.images[domains.web_index])
    np.testing.assert_array_equal(domains.phone_clean, digits.images[domains.phone_index])
    np.testing.assert_array_equal(domains.phone_y, digits.target[domains.phone_index])
    # stratified: every digit appears in both domains in similar proportions
    web_share = np.bincount(domains.web_y) / 1197
    phone_share = np.bincount(domains.phone_y) / 600
    assert np.max(np.abs(web_share - phone_share)) < 0.01


def test_make_domains_is_deterministic(domains):
    again = make_domains(seed=0)
    np.testing.assert_array_equal(again.phone_images, domains.phone_images)
    np.testing.assert_array_equal(again.web_index, domains.web_index)
    other = make_domains(seed=1)
    assert not np.array_equal(other.phone_index, domains.phone_index)
    small = make_domains(seed=0, n_phone=100)
    assert small.phone_images.shape == (100, 8, 8)
    with pytest.raises(ValueError, match="n_phone"):
        make_domains(n_phone=5)


def test_web_trained_model_does_much_worse_on_phone_images(domains):
    X_train, X_heldout, y_train, y_heldout = train_test_split(
        domains.web_X, domains.web_y, test_size=300, random_state=0, stratify=domains.web_y
    )
    with threadpool_limits(1):
        model = LogisticRegression(max_iter=2000).fit(X_train / 16, y_train)
        web_error = 1 - model.score(X_heldout / 16, y_heldout)
        phone_error = 1 - model.score(domains.phone_X / 16, domains.phone_y)
        clean_error = 1 - model.score(domains.phone_clean.reshape(600, -1) / 16, domains.phone_y)
    assert web_error < 0.08
    assert phone_error > 3 * web_error and phone_error > 0.15
    # the phone digits themselves are not harder: uncorrupted they are as easy as web ones
    assert clean_error < 0.08
