"""A three-part pipeline that reads numbers written with scikit-learn's digits.

Each dev example is a strip of 8 x 40 pixels holding two or three handwritten digits
(8 x 8 images from scikit-learn) side by side at random positions, with sensor noise.
The task is to read the number as a string, e.g. ``"407"``. The pipeline:

1. **locate**: find where each digit is. A column of the strip counts as inked when its
   total ink exceeds a threshold; every run of inked columns is one digit. Output per
   example: ``(strip, spans)`` with one ``(first, stop)`` column range per digit.
2. **read**: classify each located digit (its columns, centred in an 8 x 8 image) with
   a small scikit-learn classifier trained on a few hundred other digit images.
3. **combine**: join the digits into the number, left to right.

Every part has an oracle, the output a perfect part would give *for the input it
receives*: the true spans; the true digit under each span (or ``-1``, shown as ``?``,
for a span that covers no digit); the correct join of the digits received. The
settings make one part weak (``weak="locate"``, ``"read"`` or ``"combine"``) or keep
every part good but make the design flawed (``design="sorted"``: the reader reports the
digits it saw as a sorted list, so the left-to-right order, which combine needs, is
lost on the way).

The human-level errors :data:`HUMAN_LEVEL` and :data:`WHOLE_HUMAN_LEVEL` are the
simulation's assumptions (a careful person looking at these strips), not measurements.

Examples
--------
>>> case = digit_pipeline(n=60, seed=0)
>>> case
DigitPipeline(n=60, weak=None, design='ordered')
>>> case.canvases.shape, all(len(number) in (2, 3) for number in case.targets)
((60, 8, 40), True)
>>> case.run()[:4] == list(case.targets[:4])  # the good pipeline reads most strips right
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.data.digit_tasks import load_digit_images
from course_lib.pipeline_analysis import PipelineAnalysis, analyze_pipeline, mismatch_rate
from course_lib.threads import one_thread
from course_lib.validation import check_count, check_real, check_seed, check_text

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Mapping, Sequence

__all__ = [
    "DESIGNS",
    "DigitPipeline",
    "HUMAN_LEVEL",
    "PARTS",
    "WEAK_PARTS",
    "WHOLE_HUMAN_LEVEL",
    "WIDTH",
    "digit_pipeline",
    "locate_digits",
]

#: Width of a strip in pixels (its height is 8, like one digit).
WIDTH = 40

#: The components, in pipeline order.
PARTS = ("locate", "read", "combine")

#: Which part ``weak=`` can make weak.
WEAK_PARTS = PARTS

#: ``"ordered"``: the reader passes the digits on left to right; ``"sorted"``: it passes
#: them on sorted, a design that loses the order.
DESIGNS = ("ordered", "sorted")

#: Assumed human-level error on each part's task (fraction of strips a careful person
#: gets wrong at that step, given the step's input).
HUMAN_LEVEL: Mapping[str, float] = MappingProxyType(
    {"locate": 0.01, "read": 0.03, "combine": 0.0}
)

#: Assumed human-level error on the whole task (reading the number off the strip).
WHOLE_HUMAN_LEVEL = 0.04

_INK_COLUMN = 0.3  # a clean digit's column with at least this much ink is part of its extent
_GOOD_THRESHOLD = 1.0  # locate: total ink that makes a noisy column count as inked
_WEAK_THRESHOLD = 2.4  # a weak locator: faint strokes fall below it and digits break apart
_GOOD_READER = 100  # training images per class for a good reader
_WEAK_READER = 2  # ... and for a weak one
_TRAIN_POOL = 100  # images per class kept out of the strips, for the readers
_COPIES = 2  # training copies of each image (the first exact, the others cut a column off)
_SPAN_SLACK = 1  # locate is right when each span end is within this many columns


# ----------------------------------------------------------------------------- images
def _extent(image: np.ndarray) -> tuple[int, int]:
    """First and one-past-last column of a clean 8 x 8 digit that hold ink."""
    inked = np.flatnonzero(image.sum(axis=0) >= _INK_COLUMN)
    return int(inked[0]), int(inked[-1]) + 1


def _centred(columns: np.ndarray) -> np.ndarray:
    """Some columns of a strip (8 rows), centred in an 8 x 8 image, flattened."""
    width = columns.shape[1]
    if width > 8:  # too wide for one digit: keep the middle
        start = (width - 8) // 2
        columns = columns[:, start:start + 8]
        width = 8
    out = np.zeros((8, 8))
    left = (8 - width) // 2
    out[:, left:left + width] = columns
    return out.ravel()


def _noisy(images: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    return np.clip(images + rng.normal(0.0, noise, size=images.shape), 0.0, 1.0)


@functools.lru_cache(maxsize=4)
def _split(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the images kept for training readers, and of those used in strips."""
    _, y = load_digit_images()
    rng = np.random.default_rng([seed, 1])
    train = []
    for digit in range(10):
        rows = np.flatnonzero(y == digit)
        train.append(rng.choice(rows, _TRAIN_POOL, replace=False))
    kept = np.sort(np.concatenate(train))
    return kept, np.setdiff1d(np.arange(len(y)), kept)


@functools.lru_cache(maxsize=8)
def _reader(seed: int, per_class: int, noise: float) -> Any:
    """A support-vector classifier of centred 8 x 8 digits, trained on noisy copies."""
    from sklearn.svm import SVC

    X, y = load_digit_images()
    kept, _ = _split(seed)
    rng = np.random.default_rng([seed, 2, per_class])
    rows = np.concatenate([rng.choice(kept[y[kept] == d], per_class, replace=False)
                           for d in range(10)])
    # Each image once as it is and _COPIES - 1 times with its ends moved by up to a column,
    # as a locator that is a column off would cut it.
    rows = np.tile(rows, _COPIES)
    crops = []
    for copy, row in enumerate(rows):
        image = X[row].reshape(8, 8)
        first, stop = _extent(image)
        if copy >= len(rows) // _COPIES:
            first = max(first + int(rng.integers(-1, 2)), 0)
            stop = min(stop + int(rng.integers(-1, 2)), 8)
        crops.append(_centred(image[:, first:stop]))
    X_train = _noisy(np.array(crops), noise, rng)
    with one_thread():  # small problem: one thread is fastest
        return SVC(gamma="scale", C=5.0).fit(X_train, y[rows])


# ----------------------------------------------------------------------------- locate
def locate_digits(canvas: Any, threshold: float = _GOOD_THRESHOLD) -> tuple[tuple[int, int], ...]:
    """Find the digits in a strip: every run of columns whose ink exceeds ``threshold``.

    Parameters
    ----------
    canvas : array-like of shape (8, width)
        One strip, pixels in ``[0, 1]``.
    threshold : float, default 1.0
        Total ink (sum over the 8 pixels) above which a column counts as inked.
        Noise alone gives a column about 0.3; a faint stroke about 1.

    Returns
    -------
    tuple of (int, int)
        One ``(first, stop)`` column range per digit found, left to right.

    Examples
    --------
    >>> strip = np.zeros((8, 12))
    >>> strip[2:6, 1:3] = 1.0
    >>> strip[:, 6:10] = 0.5
    >>> locate_digits(strip)
    ((1, 3), (6, 10))
    """
    arr = np.asarray(canvas, dtype=float)
    if arr.ndim != 2 or arr.shape[0] != 8:
        raise ValueError(f"canvas must be one strip of shape (8, width), got shape {arr.shape}")
    level = check_real(threshold, "threshold", low=0)
    inked = np.concatenate([[False], arr.sum(axis=0) > level, [False]])
    edges = np.flatnonzero(np.diff(inked.astype(np.int8)))
    return tuple((int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True))


# ----------------------------------------------------------------------------- result
@dataclass(frozen=True)
class DigitPipeline:
    """A dev set of number strips, the pipeline that reads them, and its oracles.

    Build it with :func:`digit_pipeline`; pass it on with :meth:`analyze`.

    Attributes
    ----------
    canvases : numpy.ndarray of shape (n, 8, 40)
        The strips (the pipeline's inputs).
    digits : tuple of tuple of int
        The digits of each strip, left to right.
    spans : tuple of tuple of (int, int)
        The true column range of each digit.
    targets : tuple of str
        The numbers to read, e.g. ``"407"``.
    components : tuple of (str, callable)
        ``locate``, ``read`` and ``combine``, each a function of the previous one's outputs.
    oracles : mapping
        Each part's perfect outputs (``locate``: a list; ``read`` and ``combine``:
        functions of whatever input they receive).
    part_error : mapping
        How each part's own error is measured (a located span may be a column off).
    weak, design : str or None, str
        The settings the pipeline was built with.
    """

    canvases: np.ndarray
    digits: tuple[tuple[int, ...], ...]
    spans: tuple[tuple[tuple[int, int], ...], ...]
    targets: tuple[str, ...]
    components: tuple[tuple[str, Callable[[Any], Any]], ...]
    oracles: Mapping[str, Any]
    part_error: Mapping[str, Callable[[Sequence[Any], Sequence[Any]], float]]
    weak: str | None
    design: str
    human_level: Mapping[str, float] = field(default_factory=lambda: HUMAN_LEVEL)
    whole_human_level: float = WHOLE_HUMAN_LEVEL

    def __len__(self) -> int:
        return len(self.targets)

    def __repr__(self) -> str:
        return f"DigitPipeline(n={len(self)}, weak={self.weak!r}, design={self.design!r})"

    def run(self) -> list[str]:
        """The pipeline's reading of every strip.

        Examples
        --------
        >>> case = digit_pipeline(n=40, seed=0)
        >>> 0.8 <= float(np.mean(np.array(case.run()) == np.array(case.targets))) <= 1.0
        True
        """
        values: Any = self.canvases
        for _, function in self.components:
            values = function(values)
        return list(values)

    def analyze(self, tolerance: float = 0.03) -> PipelineAnalysis:
        """Error analysis by parts of this pipeline, with its oracles and human levels.

        See :func:`course_lib.pipeline_analysis.analyze_pipeline`.

        ``tolerance`` (default 0.03, about one strip in 30) is how far above its human
        level a part may be and still count as close: with 200 strips, a part's
        measured error moves by about that much from one seed to another.

        Examples
        --------
        >>> result = digit_pipeline(n=100, design="sorted", seed=0).analyze()
        >>> result.flawed
        True
        """
        return analyze_pipeline(
            list(self.components), self.canvases, list(self.targets), dict(self.oracles),
            part_error=dict(self.part_error), human_level=dict(self.human_level),
            whole_human_level=self.whole_human_level, tolerance=tolerance,
        )


def _spans_close(expected: Sequence[Any], outputs: Sequence[Any]) -> float:
    """Locate's own error: the strips whose spans are not all within a column of the truth."""
    wrong = 0
    for (_, true_spans), (_, found) in zip(expected, outputs, strict=True):
        if len(true_spans) != len(found):
            wrong += 1
            continue
        ends = np.abs(np.array(true_spans) - np.array(found))
        wrong += int(ends.size > 0 and ends.max() > _SPAN_SLACK)
    return wrong / len(expected)


def _owner(span: tuple[int, int], true_spans: Sequence[tuple[int, int]]) -> int | None:
    """The true digit whose columns overlap ``span`` most (None if none overlaps)."""
    overlaps = [min(span[1], b) - max(span[0], a) for a, b in true_spans]
    best = int(np.argmax(overlaps))
    return best if overlaps[best] > 0 else None


def _join(digits: Sequence[int]) -> str:
    return "".join("?" if d < 0 else str(d) for d in digits)


# ----------------------------------------------------------------------------- builder
def digit_pipeline(
    n: int = 200,
    *,
    weak: str | None = None,
    design: str = "ordered",
    noise: float = 0.1,
    seed: int = 0,
) -> DigitPipeline:
    """Number strips made of digit images, and the locate -> read -> combine pipeline.

    Parameters
    ----------
    n : int, default 200
        Number of dev strips (each with 2 or 3 digits, drawn from images the readers
        never saw).
    weak : {"locate", "read", "combine"} or None
        Make one part weak: ``"locate"`` uses an ink threshold so high that faint strokes
        vanish and digits break apart; ``"read"`` trains the reader on 2 images per digit
        instead of 100; ``"combine"`` leaves out every 0 (it takes a 0 for a blank).
    design : {"ordered", "sorted"}, default "ordered"
        ``"sorted"``: the reader passes on the digits it saw sorted, not left to right.
        Every part still does its own job well, but combine can no longer recover the
        number: a flawed pipeline.
    noise : float, default 0.1
        Standard deviation of the sensor noise added to every pixel (clipped to [0, 1]).
    seed : int, default 0
        Seeds the strips, the split of the images and the reader's training.

    Returns
    -------
    DigitPipeline

    Examples
    --------
    >>> good = digit_pipeline(n=100, seed=0).analyze()
    >>> weak = digit_pipeline(n=100, weak="read", seed=0).analyze()
    >>> weak.attribution["read"] > good.attribution["read"]
    True
    """
    n = check_count(n, "n", low=1, high=500)
    seed = check_seed(seed)
    noise = check_real(noise, "noise", low=0, high=0.3)
    if weak is not None:
        check_text(weak, "weak")
        if weak not in WEAK_PARTS:
            raise ValueError(f"weak must be one of {list(WEAK_PARTS)} or None, got {weak!r}")
    check_text(design, "design")
    if design not in DESIGNS:
        raise ValueError(f"design must be one of {list(DESIGNS)}, got {design!r}")

    X, y = load_digit_images()
    _, pool = _split(seed)
    rng = np.random.default_rng([seed, 3])
    pad = 8
    canvases = np.zeros((n, 8, WIDTH))
    all_digits, all_spans = [], []
    for i in range(n):
        count = int(rng.integers(2, 4))
        rows = rng.choice(pool, count, replace=False)
        images = [X[row].reshape(8, 8) for row in rows]
        extents = [_extent(image) for image in images]
        widths = [stop - first for first, stop in extents]
        room = WIDTH - sum(widths) - 2 * (count - 1) - 2  # margin of 1 each side, gaps >= 2
        cuts = np.sort(rng.integers(0, max(room, 0) + 1, size=count))
        strip = np.zeros((8, WIDTH + 2 * pad))
        spans = []
        position = 1
        previous = 0
        for k, (image, (first, _), width) in enumerate(
                zip(images, extents, widths, strict=True)):
            position += int(cuts[k] - previous) + (2 if k else 0)
            previous = int(cuts[k])
            left = pad + position - first
            strip[:, left:left + 8] = np.maximum(strip[:, left:left + 8], image)
            spans.append((position, position + width))
            position += width
        canvases[i] = strip[:, pad:pad + WIDTH]
        all_digits.append(tuple(int(y[row]) for row in rows))
        all_spans.append(tuple(spans))
    canvases = _noisy(canvases, noise, rng)
    canvases.flags.writeable = False
    digits = tuple(all_digits)
    spans_true = tuple(all_spans)

    threshold = _WEAK_THRESHOLD if weak == "locate" else _GOOD_THRESHOLD
    reader = _reader(seed, _WEAK_READER if weak == "read" else _GOOD_READER, noise)
    ordered = design == "ordered"

    def locate(strips: Any) -> list[tuple[np.ndarray, tuple[tuple[int, int], ...]]]:
        return [(strip, locate_digits(strip, threshold)) for strip in strips]

    seen: dict[bytes, int] = {}  # crop -> digit read, so a crop is classified once

    def read(located: Sequence[Any]) -> list[tuple[int, ...]]:
        crops = [_centred(strip[:, a:b]) for strip, spans in located for a, b in spans]
        new = [crop for crop in crops if crop.tobytes() not in seen]
        if new:
            with one_thread():
                for crop, label in zip(new, reader.predict(np.array(new)), strict=True):
                    seen[crop.tobytes()] = int(label)
        labels = [seen[crop.tobytes()] for crop in crops]
        out, at = [], 0
        for _, spans in located:
            found = tuple(int(v) for v in labels[at:at + len(spans)])
            at += len(spans)
            out.append(found if ordered else tuple(sorted(found)))
        return out

    def combine(readings: Sequence[tuple[int, ...]]) -> list[str]:
        if weak == "combine":
            return [_join([d for d in found if d != 0]) for found in readings]
        return [_join(found) for found in readings]

    def perfect_read(located: Sequence[Any]) -> list[tuple[int, ...]]:
        out = []
        for i, (_, spans) in enumerate(located):
            owners = [_owner(span, spans_true[i]) for span in spans]
            found = tuple(-1 if o is None else digits[i][o] for o in owners)
            out.append(found if ordered else tuple(sorted(found)))
        return out

    def perfect_combine(readings: Sequence[tuple[int, ...]]) -> list[str]:
        return [_join(found) for found in readings]

    return DigitPipeline(
        canvases=canvases,
        digits=digits,
        spans=spans_true,
        targets=tuple(_join(d) for d in digits),
        components=(("locate", locate), ("read", read), ("combine", combine)),
        oracles=MappingProxyType({
            "locate": [(canvases[i], spans_true[i]) for i in range(n)],
            "read": perfect_read,
            "combine": perfect_combine,
        }),
        part_error=MappingProxyType({"locate": _spans_close, "read": mismatch_rate,
                                     "combine": mismatch_rate}),
        weak=weak,
        design=design,
    )
