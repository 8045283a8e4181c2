"""Data augmentation of digit pictures (notebook week2/06)."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.data.augmentation import AUGMENTATIONS, augment
from course_lib.data.digit_tasks import load_digit_images


def _digits(n: int = 20) -> tuple[np.ndarray, np.ndarray]:
    X, y = load_digit_images()
    return 16 * X[:n].reshape(-1, 8, 8), y[:n]  # the digits scale, 0..16


@pytest.mark.parametrize("kind", AUGMENTATIONS)
def test_shapes_range_and_determinism(kind):
    images, labels = _digits()
    new, new_labels, weights = augment(images, labels, kind, copies=2, seed=3)
    rows = 2 * len(images) * (2 if kind == "mixup" else 1)
    assert new.shape == (rows, 8, 8) and new_labels.shape == weights.shape == (rows,)
    assert new.min() >= 0 and new.max() <= 16
    again = augment(images, labels, kind, copies=2, seed=3)
    assert np.array_equal(new, again[0]) and np.array_equal(new_labels, again[1])
    if kind in ("shift", "noise", "cutout", "mixup"):
        other = augment(images, labels, kind, copies=2, seed=4)[0]
        assert not np.array_equal(new, other)


def test_label_keeping_changes_keep_labels_and_the_digit_mostly_in_place():
    images, labels = _digits()
    for kind in ("shift", "noise", "cutout", "flip"):
        new, new_labels, weights = augment(images, labels, kind, seed=0)
        assert np.array_equal(new_labels, labels) and np.all(weights == 1.0)
    shifted = augment(images, labels, "shift", seed=0)[0]
    assert all(not np.array_equal(a, b) for a, b in zip(shifted, images, strict=True))
    cut = augment(images, labels, "cutout", seed=0)[0]
    assert np.all((cut == 0) | (cut == images))


def test_flip_mirrors_and_mixup_weights_sum_to_one():
    images, labels = _digits(5)
    flipped = augment(images, labels, "flip")[0]
    assert np.array_equal(flipped, images[:, :, ::-1])
    mixed, mixed_labels, weights = augment(images, labels, "mixup", seed=2)
    n = len(images)
    assert np.allclose(weights[:n] + weights[n:], 1.0)
    assert np.array_equal(mixed[:n], mixed[n:]) and np.array_equal(mixed_labels[:n], labels)


def test_bad_inputs_get_clear_messages():
    images, labels = _digits(4)
    with pytest.raises(ValueError, match="kind must be one of"):
        augment(images, labels, "rotate")
    with pytest.raises(TypeError, match="kind must be a string"):
        augment(images, labels, 3)
    with pytest.raises(ValueError, match="same length|length"):
        augment(images, labels[:3], "noise")
    with pytest.raises(ValueError, match="copies"):
        augment(images, labels, "noise", copies=0)
    with pytest.raises(ValueError, match="pixel values"):
        augment(images * 2, labels, "noise")
    with pytest.raises(TypeError, match="labels"):
        augment(images, "1234", "noise")


def test_on_the_phone_digits_label_keeping_changes_help_and_flips_hurt():
    """The claims of notebook week2/06: noise, cutout and mixup lower the phone dev error of a
    model trained on the 200 collected phone pictures; shifts do not; flips raise it a lot."""
    from sklearn.linear_model import LogisticRegression

    from course_lib.experiments import mismatch
    from course_lib.threads import one_thread

    pool, rows = mismatch.pooled_digits(0), mismatch.ladder_rows(0)
    train = rows["train"][pool.is_target[rows["train"]]]
    dev = rows["dev"]
    X, y = pool.X, pool.y

    def dev_error(extra=None):
        X_fit, y_fit, w = X[train], y[train], np.ones(len(train))
        if extra is not None:
            X_fit = np.vstack([X_fit, extra[0].reshape(len(extra[0]), -1)])
            y_fit, w = np.concatenate([y_fit, extra[1]]), np.concatenate([w, extra[2]])
        with one_thread():
            model = LogisticRegression(C=0.1, max_iter=500, tol=1e-3)
            model.fit(X_fit / 16, y_fit, sample_weight=w)
        return float(np.mean(model.predict(X[dev] / 16) != y[dev]))

    base = dev_error()
    images = X[train].reshape(-1, 8, 8)
    mean = {kind: np.mean([dev_error(augment(images, y[train], kind, copies=2, seed=s))
                           for s in range(2)]) for kind in AUGMENTATIONS}
    assert all(mean[k] < base for k in ("noise", "cutout", "mixup"))
    assert mean["shift"] >= base
    assert mean["flip"] > base + 0.05
