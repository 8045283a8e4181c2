"""What a cheap phone camera does to a picture: blur, noise, low contrast, tilt, occlusion.

Each function takes a batch of images shaped ``(n, height, width)`` with float pixel values
on scikit-learn's **digits scale, 0 (background) to 16 (ink)** (:data:`PIXEL_MAX`), and
returns new ``float64`` arrays on the same scale, clipped to ``[0, 16]``; inputs are never
modified. :func:`to_images` turns a flat feature matrix ``(n, 64)`` back into images.
Everything random takes a ``seed`` (an ``int``, or a ``numpy.random.Generator`` to chain
several calls on one stream), so the same seed always gives the same pictures.

:mod:`course_lib.data.domains` combines these corruptions into the "phone camera"
distribution of the week-2 running example.

Examples
--------
>>> import numpy as np
>>> images = np.full((2, 8, 8), 8.0)
>>> float(low_contrast(images, 0.5).max()) <= 8.0
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from course_lib.validation import check_count, check_real, check_rng

__all__ = [
    "CORRUPTIONS",
    "PHONE_PROBABILITIES",
    "PHONE_STRENGTHS",
    "PIXEL_MAX",
    "Recipe",
    "add_noise",
    "blur",
    "check_images",
    "check_probabilities",
    "check_strengths",
    "low_contrast",
    "occlude",
    "rotate",
    "sample_recipe",
    "to_images",
]

PIXEL_MAX: float = 16.0
"""Largest pixel value: digits images use 0 (background) to 16 (full ink)."""


def check_images(images: Any, name: str = "images") -> np.ndarray:
    """Return ``images`` as a float64 array (n, h, w) after checking shape and range."""
    if isinstance(images, (str, bytes)) or images is None:
        raise TypeError(f"{name} must be a numeric array shaped (n, height, width)")
    try:
        arr = np.asarray(images, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be a numeric array shaped (n, height, width): {exc}"
        ) from None
    if arr.ndim != 3:
        hint = ""
        if arr.ndim == 2:
            hint = (
                "; for one image use image[None], for a flat feature matrix (n, 64) "
                "use to_images(X)"
            )
        raise ValueError(f"{name} must have shape (n, height, width), got shape {arr.shape}{hint}")
    if arr.shape[0] == 0 or arr.shape[1] == 0 or arr.shape[2] == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    lo, hi = float(arr.min()), float(arr.max())
    if lo < -1e-9 or hi > PIXEL_MAX + 1e-9:
        raise ValueError(
            f"{name} must hold pixel values in [0, {PIXEL_MAX:g}] (the digits scale), "
            f"got values from {lo:g} to {hi:g}"
        )
    return np.clip(arr, 0.0, PIXEL_MAX)


def to_images(X: Any, height: int = 8, width: int = 8) -> np.ndarray:
    """Reshape a flat feature matrix ``(n, height * width)`` into images ``(n, height, width)``.

    Parameters
    ----------
    X : array-like of shape (n, height * width)
        One flattened image per row, pixel values on the 0..16 scale.
    height, width : int, default 8
        Image size.

    Returns
    -------
    numpy.ndarray of shape (n, height, width), float64.

    Examples
    --------
    >>> import numpy as np
    >>> to_images(np.zeros((5, 64))).shape
    (5, 8, 8)
    """
    height = check_count(height, "height", low=1)
    width = check_count(width, "width", low=1)
    arr = np.asarray(X, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != height * width:
        raise ValueError(
            f"X must have shape (n, {height * width}) for {height}x{width} images, "
            f"got shape {arr.shape}"
        )
    return check_images(arr.reshape(-1, height, width), "X")


def _gaussian_kernel(sigma: float) -> np.ndarray:
    radius = max(1, math.ceil(3.0 * sigma))
    offsets = np.arange(-radius, radius + 1, dtype=np.float64)
    kernel = np.exp(-0.5 * (offsets / sigma) ** 2)
    return kernel / kernel.sum()


def _convolve_axis(images: np.ndarray, kernel: np.ndarray, axis: int) -> np.ndarray:
    """1-D convolution along ``axis`` (1 or 2) with mirrored borders."""
    radius = (kernel.size - 1) // 2
    pad = [(0, 0), (0, 0), (0, 0)]
    pad[axis] = (radius, radius)
    padded = np.pad(images, pad, mode="symmetric")
    length = images.shape[axis]
    out = np.zeros_like(images)
    for offset, weight in enumerate(kernel):
        out += weight * np.take(padded, np.arange(offset, offset + length), axis=axis)
    return out


def blur(images: Any, sigma: float) -> np.ndarray:
    """Gaussian blur, like an out-of-focus phone camera.

    A separable Gaussian kernel (truncated at 3 sigma) is applied along rows and then
    columns; borders are mirrored.  Each output pixel is a weighted average of input
    pixels, so values stay inside the input's range.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pixel values in [0, 16].
    sigma : float
        Standard deviation of the Gaussian in pixels; ``0`` returns a copy.

    Returns
    -------
    numpy.ndarray of shape (n, height, width)

    Examples
    --------
    >>> import numpy as np
    >>> dot = np.zeros((1, 8, 8)); dot[0, 4, 4] = 16.0
    >>> out = blur(dot, sigma=1.0)
    >>> bool(out[0, 4, 4] < 16.0), bool(out[0, 4, 5] > 0.0)
    (True, True)
    """
    imgs = check_images(images)
    sigma = check_real(sigma, "sigma", low=0.0, high=20.0)
    if sigma == 0.0:
        return imgs.copy()
    kernel = _gaussian_kernel(sigma)
    out = _convolve_axis(_convolve_axis(imgs, kernel, axis=1), kernel, axis=2)
    return np.clip(out, 0.0, PIXEL_MAX)


def add_noise(images: Any, std: float, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Add Gaussian sensor noise, then clip back to [0, 16].

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pixel values in [0, 16].
    std : float
        Standard deviation of the noise, in pixel units of the 0..16 scale.
    seed : int or numpy.random.Generator, default 0
        Seed of the noise; the same seed gives the same noise.

    Returns
    -------
    numpy.ndarray of shape (n, height, width)

    Examples
    --------
    >>> import numpy as np
    >>> grey = np.full((2, 8, 8), 8.0)
    >>> noisy = add_noise(grey, std=1.0, seed=0)
    >>> bool(np.allclose(noisy, add_noise(grey, std=1.0, seed=0)))
    True
    """
    imgs = check_images(images)
    std = check_real(std, "std", low=0.0)
    rng = check_rng(seed)
    noise = rng.normal(0.0, std, size=imgs.shape) if std > 0 else np.zeros_like(imgs)
    return np.clip(imgs + noise, 0.0, PIXEL_MAX)


def low_contrast(images: Any, factor: float) -> np.ndarray:
    """Wash an image out: squeeze every pixel towards the image's own mean brightness.

    ``out = mean + factor * (image - mean)``, per image.  The mean brightness is kept
    and the standard deviation of the pixels is multiplied by ``factor``.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pixel values in [0, 16].
    factor : float in [0, 1]
        Fraction of the contrast kept: 1 leaves the image unchanged, 0 makes it flat.

    Returns
    -------
    numpy.ndarray of shape (n, height, width)

    Examples
    --------
    >>> import numpy as np
    >>> img = np.array([[[0.0, 16.0], [0.0, 16.0]]])
    >>> low_contrast(img, 0.5)
    array([[[ 4., 12.],
            [ 4., 12.]]])
    """
    imgs = check_images(images)
    factor = check_real(factor, "factor", low=0.0, high=1.0)
    mean = imgs.mean(axis=(1, 2), keepdims=True)
    return np.clip(mean + factor * (imgs - mean), 0.0, PIXEL_MAX)


def _snap(coords: np.ndarray) -> np.ndarray:
    """Remove floating-point fuzz so exact multiples of 90 degrees hit pixel centres."""
    nearest = np.round(coords)
    return np.where(np.abs(coords - nearest) < 1e-9, nearest, coords)


def rotate(images: Any, degrees: float) -> np.ndarray:
    """Rotate images counter-clockwise (as displayed) about their centre.

    Inverse mapping: for every output pixel the source position is found by rotating
    back, and its value is read with bilinear interpolation.  Positions that fall
    outside the picture read as background (0), so corners may go dark.  A rotation
    by 90 degrees of a square image gives the same result as ``np.rot90``.

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pixel values in [0, 16].
    degrees : float
        Angle in degrees; positive turns counter-clockwise, negative clockwise.

    Returns
    -------
    numpy.ndarray of shape (n, height, width)

    Examples
    --------
    >>> import numpy as np
    >>> img = np.arange(64.0).reshape(1, 8, 8) / 4
    >>> bool(np.allclose(rotate(img, 90.0)[0], np.rot90(img[0])))
    True
    """
    imgs = check_images(images)
    degrees = check_real(degrees, "degrees")
    n, h, w = imgs.shape
    theta = math.radians(degrees)
    cos, sin = math.cos(theta), math.sin(theta)
    cy, cx = (h - 1) / 2.0, (w - 1) / 2.0
    rows, cols = np.meshgrid(
        np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64), indexing="ij"
    )
    y, x = rows - cy, cols - cx
    # Rotating the source by +theta on screen (y axis pointing down) maps source
    # (ys, xs) to output (y, x); invert that map to find where each output pixel reads.
    src_x = _snap(cos * x - sin * y + cx)
    src_y = _snap(sin * x + cos * y + cy)

    x0 = np.floor(src_x).astype(int)
    y0 = np.floor(src_y).astype(int)
    fx = src_x - x0
    fy = src_y - y0
    out = np.zeros_like(imgs)
    for dy, wy in ((0, 1.0 - fy), (1, fy)):
        for dx, wx in ((0, 1.0 - fx), (1, fx)):
            yy, xx = y0 + dy, x0 + dx
            inside = (yy >= 0) & (yy < h) & (xx >= 0) & (xx < w)
            weight = np.where(inside, wy * wx, 0.0)
            values = imgs[:, np.clip(yy, 0, h - 1), np.clip(xx, 0, w - 1)]
            out += weight[None, :, :] * values
    return np.clip(out, 0.0, PIXEL_MAX)


def _occlude_at(
    imgs: np.ndarray, rows: np.ndarray, cols: np.ndarray, size: int, fill: float
) -> np.ndarray:
    out = imgs.copy()
    for i, (r, c) in enumerate(zip(rows, cols, strict=True)):
        out[i, r : r + size, c : c + size] = fill
    return out


def occlude(
    images: Any, size: int, seed: int | np.random.Generator = 0, fill: float = 0.0
) -> np.ndarray:
    """Cover a ``size`` x ``size`` square of each image, like a finger over the lens.

    Each image gets its own random square position (always fully inside the image).

    Parameters
    ----------
    images : array-like of shape (n, height, width)
        Pixel values in [0, 16].
    size : int
        Side of the square in pixels, between 0 (no change) and the image's shorter side.
    seed : int or numpy.random.Generator, default 0
        Seed of the positions.
    fill : float, default 0.0
        Value written into the square (0 is the background colour of digits).

    Returns
    -------
    numpy.ndarray of shape (n, height, width)

    Examples
    --------
    >>> import numpy as np
    >>> out = occlude(np.full((1, 8, 8), 16.0), size=3, seed=0)
    >>> int((out == 0).sum())
    9
    """
    imgs = check_images(images)
    n, h, w = imgs.shape
    size = check_count(size, "size", low=0, high=min(h, w))
    fill = check_real(fill, "fill", low=0.0, high=PIXEL_MAX)
    rng = check_rng(seed)
    rows = rng.integers(0, h - size + 1, size=n)
    cols = rng.integers(0, w - size + 1, size=n)
    return _occlude_at(imgs, rows, cols, size, fill)


CORRUPTIONS: tuple[str, ...] = ("blur", "noise", "low_contrast", "rotation", "occlusion")
"""Names of the simulated phone-camera corruptions, also the tag column names."""

PHONE_PROBABILITIES: dict[str, float] = {
    "blur": 0.3,
    "noise": 0.3,
    "low_contrast": 0.3,
    "rotation": 0.3,
    "occlusion": 0.3,
}
"""Default chance that a phone image receives each corruption (drawn independently)."""


PHONE_STRENGTHS: dict[str, tuple[float, float]] = {
    "blur": (0.6, 1.2),  # Gaussian sigma in pixels
    "noise": (1.5, 3.5),  # noise standard deviation in pixel units (scale 0..16)
    "low_contrast": (0.3, 0.6),  # contrast factor kept (1 = unchanged)
    "rotation": (10.0, 25.0),  # absolute angle in degrees; the sign is random
    "occlusion": (2.0, 3.0),  # side of the square occluder in pixels (rounded)
}
"""Default ranges the strength of each corruption is drawn from (uniformly)."""


@dataclass(frozen=True, eq=False)
class Recipe:
    """One concrete phone-camera corruption: which effects, how strong, which noise field."""

    rotation: float | None = None  # degrees
    blur: float | None = None  # sigma
    low_contrast: float | None = None  # factor
    occlusion: tuple[int, int, int] | None = None  # (row, col, size)
    noise: np.ndarray | None = None  # additive noise field (h, w)
    noise_std: float | None = None

    def tags(self) -> dict[str, bool]:
        return {
            "blur": self.blur is not None,
            "noise": self.noise is not None,
            "low_contrast": self.low_contrast is not None,
            "rotation": self.rotation is not None,
            "occlusion": self.occlusion is not None,
        }

    def strengths(self) -> dict[str, float]:
        nan = float("nan")
        return {
            "blur_sigma": nan if self.blur is None else self.blur,
            "noise_std": nan if self.noise_std is None else self.noise_std,
            "contrast_factor": nan if self.low_contrast is None else self.low_contrast,
            "rotation_degrees": nan if self.rotation is None else self.rotation,
            "occlusion_size": nan if self.occlusion is None else float(self.occlusion[2]),
        }

    def apply(self, imgs: np.ndarray) -> np.ndarray:
        """Apply to a checked batch; order: rotation, blur, contrast, occlusion, noise."""
        out = imgs
        if self.rotation is not None:
            out = rotate(out, self.rotation)
        if self.blur is not None:
            out = blur(out, self.blur)
        if self.low_contrast is not None:
            out = low_contrast(out, self.low_contrast)
        if self.occlusion is not None:
            r, c, s = self.occlusion
            n = out.shape[0]
            out = _occlude_at(out, np.full(n, r), np.full(n, c), s, 0.0)
        if self.noise is not None:
            out = np.clip(out + self.noise[None, :, :], 0.0, PIXEL_MAX)
        return out


def check_probabilities(probabilities: Any) -> dict[str, float]:
    """The chance of each corruption: one number for all, a partial mapping, or the defaults.

    Examples
    --------
    >>> check_probabilities(0.5)["blur"]
    0.5
    """
    if probabilities is None:
        return dict(PHONE_PROBABILITIES)
    if isinstance(probabilities, (bool, np.bool_)):
        raise TypeError("probabilities must be a number or a mapping, got bool")
    if isinstance(probabilities, Real):
        p = check_real(probabilities, "probabilities", low=0.0, high=1.0)
        return dict.fromkeys(CORRUPTIONS, p)
    if not isinstance(probabilities, Mapping):
        raise TypeError(
            "probabilities must be a number in [0, 1] or a mapping from corruption name "
            f"to probability, got {type(probabilities).__name__}"
        )
    unknown = sorted(set(probabilities) - set(CORRUPTIONS))
    if unknown:
        raise ValueError(f"unknown corruption(s) {unknown}; expected names from {CORRUPTIONS}")
    out = dict(PHONE_PROBABILITIES)
    for name, p in probabilities.items():
        out[name] = check_real(p, f"probabilities[{name!r}]", low=0.0, high=1.0)
    return out


def check_strengths(strengths: Any) -> dict[str, tuple[float, float]]:
    """The (low, high) strength range of each corruption, defaults filled in.

    Examples
    --------
    >>> check_strengths({"blur": (0.5, 1.0)})["blur"]
    (0.5, 1.0)
    """
    out = dict(PHONE_STRENGTHS)
    if strengths is None:
        return out
    if not isinstance(strengths, Mapping):
        raise TypeError(
            "strengths must be a mapping from corruption name to a (low, high) range, "
            f"got {type(strengths).__name__}"
        )
    unknown = sorted(set(strengths) - set(CORRUPTIONS))
    if unknown:
        raise ValueError(f"unknown corruption(s) {unknown}; expected names from {CORRUPTIONS}")
    limits = {
        "blur": (0.0, 20.0),
        "noise": (0.0, None),
        "low_contrast": (0.0, 1.0),
        "rotation": (0.0, 180.0),
        "occlusion": (0.0, None),
    }
    for name, bounds in strengths.items():
        if not isinstance(bounds, Sequence) or isinstance(bounds, str) or len(bounds) != 2:
            raise ValueError(f"strengths[{name!r}] must be a (low, high) pair, got {bounds!r}")
        low_lim, high_lim = limits[name]
        lo = check_real(bounds[0], f"strengths[{name!r}][0]", low=low_lim, high=high_lim)
        hi = check_real(bounds[1], f"strengths[{name!r}][1]", low=low_lim, high=high_lim)
        if lo > hi:
            raise ValueError(f"strengths[{name!r}] must have low <= high, got ({lo:g}, {hi:g})")
        out[name] = (lo, hi)
    return out


def sample_recipe(
    rng: np.random.Generator,
    shape: tuple[int, int],
    probabilities: Mapping[str, float],
    strengths: Mapping[str, tuple[float, float]],
    force_one: bool = False,
) -> Recipe:
    """Draw one recipe.  The number of random draws is fixed, whatever gets chosen."""
    h, w = shape
    chosen = {name: bool(rng.random() < probabilities[name]) for name in CORRUPTIONS}
    if force_one and not any(chosen.values()):
        candidates = [name for name in CORRUPTIONS if probabilities[name] > 0]
        chosen[candidates[int(rng.integers(len(candidates)))]] = True
    u = rng.random(5)
    sign = 1.0 if rng.random() < 0.5 else -1.0

    def pick(name: str, k: int) -> float:
        lo, hi = strengths[name]
        return lo + u[k] * (hi - lo)

    size = int(np.clip(round(pick("occlusion", 4)), 0, min(h, w)))
    row = int(rng.integers(0, h - size + 1))
    col = int(rng.integers(0, w - size + 1))
    noise_std = pick("noise", 1)
    field = rng.normal(0.0, 1.0, size=(h, w)) * noise_std
    return Recipe(
        blur=pick("blur", 0) if chosen["blur"] else None,
        noise=field if chosen["noise"] else None,
        noise_std=noise_std if chosen["noise"] else None,
        low_contrast=pick("low_contrast", 2) if chosen["low_contrast"] else None,
        rotation=sign * pick("rotation", 3) if chosen["rotation"] else None,
        occlusion=(row, col, size) if chosen["occlusion"] else None,
    )
