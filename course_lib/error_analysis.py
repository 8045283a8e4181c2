"""Error analysis: count what kinds of mistakes a model makes, and what fixing each is worth.

The procedure from the course, as code:

1. Collect misclassified dev-set examples (or a random sample of about 100 of them).
2. Look at each one and tick every category that applies (an example can have several
   tags: a blurry picture of a rotated 7 is both "blur" and "rotation").  Add a new
   category as soon as you notice a new kind of mistake; jot down a short comment.
3. For every tag, compute the fraction of the errors it covers and the **ceiling**:
   the error you would be left with if that category were fixed completely.  Work on
   the categories with the largest fractions first.

:class:`ErrorTally` is that spreadsheet.  Use it on any project: the example ids can
be row numbers, file names or database keys.  If you already have computed tags for
*all* examples (like the corruption tags of :func:`course_lib.data.domains.phone_camera`),
:meth:`ErrorTally.from_predictions` and :func:`tally_errors` do the counting for you.
A tag such as ``"incorrect_label"`` works like any other, which is how the course
suggests deciding whether relabelling the dev set is worth it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from numbers import Integral
from typing import TYPE_CHECKING, Any

import numpy as np

from course_lib.validation import check_fraction, check_mask

if TYPE_CHECKING:  # pragma: no cover - imported for annotations only
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["NO_TAG", "ErrorTally", "ceiling", "error_rate_by_tag", "tally_errors"]

_COMMENT = "comment"


def ceiling(error_rate: float, fraction_of_errors: float) -> float:
    """Error rate left if one category of mistakes were fixed completely.

    ``error_rate * (1 - fraction_of_errors)``: the best you can hope for by working on
    that category alone.

    Parameters
    ----------
    error_rate : float in [0, 1]
        Current error rate, e.g. 0.10 for 10% dev error.
    fraction_of_errors : float in [0, 1]
        Share of the mistakes that belong to the category, e.g. 0.05 if 5 of 100
        inspected mistakes are dogs.

    Returns
    -------
    float
        The error rate after a perfect fix of that category.

    Examples
    --------
    >>> round(ceiling(0.10, 0.05), 6)
    0.095
    >>> round(ceiling(0.10, 0.50), 6)
    0.05
    """
    error_rate = check_fraction(error_rate, "error_rate")
    fraction_of_errors = check_fraction(fraction_of_errors, "fraction_of_errors")
    return error_rate * (1.0 - fraction_of_errors)


def _check_tag_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"a tag name must be a non-empty string, got {name!r}")
    if name == _COMMENT:
        raise ValueError(f"{_COMMENT!r} is reserved for comments; choose another tag name")
    return name


def _as_id_list(example_ids: Any) -> list[Hashable]:
    """A scalar id becomes a one-element list; list-likes become lists."""
    if isinstance(example_ids, (str, bytes)) or not isinstance(example_ids, Iterable):
        return [example_ids]
    return list(example_ids)


def _to_bool_array(values: Any, name: str) -> np.ndarray:
    """Booleans, or integers 0/1 (as a spreadsheet would hold them), as a bool array."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype == bool or arr.size == 0:
        return arr.astype(bool)
    if arr.dtype == object and all(isinstance(v, (bool, np.bool_, Integral)) for v in arr):
        arr = arr.astype(np.int64)
    if arr.dtype.kind in "iu" and np.all((arr == 0) | (arr == 1)):
        return arr.astype(bool)
    raise TypeError(f"{name} must hold booleans (True/False or 0/1), got {arr.dtype} values")


class ErrorTally:
    """A tally sheet of misclassified examples: one row per mistake, one column per tag.

    Parameters
    ----------
    example_ids : iterable of hashable
        Ids of the misclassified examples you are analysing (unique).
    error_rate : float in (0, 1]
        Overall error rate of the model on the set these mistakes come from (e.g. the
        whole dev set).  If you inspect only a sample of the mistakes, this is still the
        error rate of the whole set.  It is needed for the ceilings.
    tags : pandas.DataFrame, optional
        Initial boolean tag columns, indexed by the example ids.

    Examples
    --------
    >>> tally = ErrorTally(["img1", "img2", "img3", "img4"], error_rate=0.10)
    >>> tally.tag(["img1", "img3"], "dog")
    >>> tally.tag(["img3", "img4"], "blurry")
    >>> tally.comment("img3", "pit bull, out of focus")
    >>> tally.summary()  # doctest: +NORMALIZE_WHITESPACE
            count  fraction_of_errors  ceiling
    tag
    blurry      2                 0.5     0.05
    dog         2                 0.5     0.05
    """

    def __init__(
        self,
        example_ids: Iterable[Hashable],
        *,
        error_rate: float,
        tags: pd.DataFrame | None = None,
    ) -> None:
        import pandas as pd

        ids = _as_id_list(example_ids)
        if not ids:
            raise ValueError("an error tally needs at least one misclassified example, got none")
        index = pd.Index(ids, name="example")
        if index.has_duplicates:
            dupes = index[index.duplicated()].unique().tolist()[:5]
            raise ValueError(f"example_ids must be unique; repeated: {dupes}")
        rate = check_fraction(error_rate, "error_rate")
        if rate == 0.0:
            raise ValueError("error_rate must be greater than 0 when there are mistakes, got 0")
        self._error_rate = rate
        self._tags = pd.DataFrame(index=index)
        self._comments = pd.Series("", index=index, dtype=object, name=_COMMENT)
        if tags is not None:
            if not isinstance(tags, pd.DataFrame):
                raise TypeError(f"tags must be a pandas DataFrame, got {type(tags).__name__}")
            for column in tags.columns:
                self.add_tag(column, tags[column])

    # ----------------------------------------------------------------- construction
    @classmethod
    def from_predictions(
        cls,
        y_true: Any,
        y_pred: Any,
        *,
        tags: pd.DataFrame | None = None,
        ids: Iterable[Hashable] | None = None,
    ) -> ErrorTally:
        """Build a tally from predictions: every example with ``y_true != y_pred`` is a row.

        Parameters
        ----------
        y_true, y_pred : array-like of shape (n,)
            True and predicted labels of every example of the evaluated set.
        tags : pandas.DataFrame, optional
            Boolean tags for *all* n examples (row i belongs to example i); the rows of
            the mistakes are copied into the tally.
        ids : iterable of hashable, optional
            Example ids; defaults to ``tags.index`` if tags are given, else 0..n-1.

        Returns
        -------
        ErrorTally
            With ``error_rate`` = the fraction of examples that are wrong.

        Examples
        --------
        >>> tally = ErrorTally.from_predictions([1, 2, 3, 4], [1, 0, 3, 0])
        >>> tally.ids, tally.error_rate
        ([1, 3], 0.5)
        """
        import pandas as pd

        true = np.asarray(y_true)
        pred = np.asarray(y_pred)
        if true.ndim != 1 or pred.ndim != 1:
            raise ValueError(
                f"y_true and y_pred must be one-dimensional, got shapes {true.shape} "
                f"and {pred.shape}"
            )
        if len(true) != len(pred):
            raise ValueError(
                f"y_true and y_pred must have the same length, got {len(true)} and {len(pred)}"
            )
        n = len(true)
        if n == 0:
            raise ValueError("y_true and y_pred are empty; there is nothing to analyse")
        if tags is not None:
            if not isinstance(tags, pd.DataFrame):
                raise TypeError(f"tags must be a pandas DataFrame, got {type(tags).__name__}")
            if len(tags) != n:
                raise ValueError(f"tags must have one row per example ({n}), got {len(tags)} rows")
        if ids is None:
            id_index = tags.index if tags is not None else pd.RangeIndex(n)
        else:
            id_index = pd.Index(list(ids))
            if len(id_index) != n:
                raise ValueError(f"ids must have one entry per example ({n}), got {len(id_index)}")
        wrong = true != pred
        if not wrong.any():
            raise ValueError("there are no mistakes (y_true equals y_pred everywhere)")
        mistake_tags = None
        if tags is not None:
            mistake_tags = tags.iloc[np.flatnonzero(wrong)].copy()
            mistake_tags.index = id_index[wrong]
        return cls(id_index[wrong].tolist(), error_rate=float(wrong.mean()), tags=mistake_tags)

    # ----------------------------------------------------------------- properties
    @property
    def error_rate(self) -> float:
        """Overall error rate used for the ceilings."""
        return self._error_rate

    @property
    def ids(self) -> list[Hashable]:
        """Ids of the mistakes in the tally, in order."""
        return self._tags.index.tolist()

    @property
    def tags(self) -> list[str]:
        """Names of the tags, in the order they were added."""
        return [str(c) for c in self._tags.columns]

    @property
    def n_errors(self) -> int:
        """Number of mistakes in the tally."""
        return len(self._tags)

    def __len__(self) -> int:
        return self.n_errors

    def __repr__(self) -> str:
        return (
            f"ErrorTally({self.n_errors} errors, error_rate={self._error_rate:g}, tags={self.tags})"
        )

    @property
    def table(self) -> pd.DataFrame:
        """A copy of the sheet: boolean tag columns plus a ``"comment"`` column."""
        out = self._tags.copy()
        out[_COMMENT] = self._comments
        return out

    # ----------------------------------------------------------------- editing
    def _check_ids(self, ids: list[Hashable]) -> None:
        missing = [i for i in ids if i not in self._tags.index]
        if missing:
            raise ValueError(
                f"{len(missing)} id(s) are not mistakes in this tally, e.g. {missing[:5]}"
            )

    def tag(self, example_ids: Any, name: str) -> None:
        """Tick tag ``name`` for the given mistakes; a new tag is created on the fly.

        Parameters
        ----------
        example_ids : hashable or iterable of hashable
            One id or a list of ids (a tuple is read as a list of ids).
        name : str
            Tag name, e.g. ``"blurry"``.
        """
        name = _check_tag_name(name)
        ids = _as_id_list(example_ids)
        self._check_ids(ids)
        if name not in self._tags.columns:
            self._tags[name] = False
        self._tags.loc[ids, name] = True

    def untag(self, example_ids: Any, name: str) -> None:
        """Remove tag ``name`` from the given mistakes (to correct a slip)."""
        name = _check_tag_name(name)
        if name not in self._tags.columns:
            raise ValueError(f"unknown tag {name!r}; existing tags: {self.tags}")
        ids = _as_id_list(example_ids)
        self._check_ids(ids)
        self._tags.loc[ids, name] = False

    def add_tag(self, name: str, values: Any, *, overwrite: bool = False) -> None:
        """Add a whole tag column at once.

        Parameters
        ----------
        name : str
            Tag name.
        values : sequence of bool, pandas.Series or mapping
            One True/False (or 1/0) per mistake: a plain sequence in the order of
            :attr:`ids`, or a Series / dict keyed by example id (every id needed).
        overwrite : bool, default False
            Replace an existing tag of the same name.
        """
        import pandas as pd

        name = _check_tag_name(name)
        if name in self._tags.columns and not overwrite:
            raise ValueError(f"tag {name!r} already exists; pass overwrite=True to replace it")
        if isinstance(values, Mapping):
            values = pd.Series(dict(values))
        if isinstance(values, pd.Series):
            missing = [i for i in self._tags.index if i not in values.index]
            if missing:
                raise ValueError(
                    f"values for tag {name!r} lack {len(missing)} example id(s), e.g. {missing[:5]}"
                )
            values = values.loc[self._tags.index].to_numpy()
        column = _to_bool_array(values, f"values for tag {name!r}")
        if len(column) != self.n_errors:
            raise ValueError(
                f"values for tag {name!r} must have one entry per mistake "
                f"({self.n_errors}), got {len(column)}"
            )
        self._tags[name] = column

    def comment(self, example_id: Hashable, text: str) -> None:
        """Attach a short free-text comment to one mistake (replaces an earlier one)."""
        if not isinstance(text, str):
            raise TypeError(f"a comment must be a string, got {type(text).__name__}")
        self._check_ids([example_id])
        self._comments.loc[example_id] = text

    def sample(self, n: int, seed: int = 0) -> ErrorTally:
        """A new tally with ``n`` randomly chosen mistakes (tags and comments kept).

        Looking at about 100 random mistakes is usually enough to rank the categories;
        ``error_rate`` stays the error rate of the whole set.
        """
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, Integral):
            raise TypeError(f"n must be an integer, got {type(n).__name__}")
        if not 1 <= n <= self.n_errors:
            raise ValueError(f"n must be between 1 and {self.n_errors}, got {n}")
        if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, Integral) or seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
        rng = np.random.default_rng(int(seed))
        rows = np.sort(rng.choice(self.n_errors, size=int(n), replace=False))
        new = ErrorTally(
            self._tags.index[rows].tolist(),
            error_rate=self._error_rate,
            tags=self._tags.iloc[rows],
        )
        new._comments[:] = self._comments.iloc[rows].to_numpy()
        return new

    # ----------------------------------------------------------------- results
    def summary(self, *, include_untagged: bool = False) -> pd.DataFrame:
        """One row per tag, largest first: how many mistakes, which share, what ceiling.

        Columns
        -------
        count : int
            Number of mistakes with the tag.
        fraction_of_errors : float
            ``count / n_errors``.  The fractions need not add up to 1: a mistake can carry
            several tags, and some carry none.
        ceiling : float
            Error rate left if every mistake of this category were fixed
            (see :func:`ceiling`).

        Parameters
        ----------
        include_untagged : bool, default False
            Add a row ``"(untagged)"`` for mistakes without any tag: a large value means
            your categories do not explain the errors yet.
        """
        import pandas as pd

        counts = {name: int(self._tags[name].sum()) for name in self._tags.columns}
        if include_untagged:
            if self._tags.shape[1]:
                counts["(untagged)"] = int((~self._tags.any(axis=1)).sum())
            else:
                counts["(untagged)"] = self.n_errors
        rows = [
            {
                "tag": name,
                "count": count,
                "fraction_of_errors": count / self.n_errors,
                "ceiling": ceiling(self._error_rate, count / self.n_errors),
            }
            for name, count in counts.items()
        ]
        out = pd.DataFrame(rows, columns=["tag", "count", "fraction_of_errors", "ceiling"])
        out = out.sort_values(["count", "tag"], ascending=[False, True], kind="stable")
        out = out.set_index("tag")
        out["count"] = out["count"].astype(np.int64)
        return out

    def cumulative_coverage(self) -> pd.Series:
        """Share of mistakes covered by the top-k tags together, for k = 1, 2, ...

        Tags are taken in :meth:`summary` order; a mistake counts once however many of
        the chosen tags it carries, so the values never exceed 1.
        """
        import pandas as pd

        order = self.summary().index.tolist()
        covered = np.zeros(self.n_errors, dtype=bool)
        values = []
        for name in order:
            covered |= self._tags[name].to_numpy(dtype=bool)
            values.append(covered.mean())
        return pd.Series(values, index=pd.Index(order, name="tag"), name="cumulative_coverage")

    def pareto_plot(self, ax: Axes | None = None) -> Axes:
        """Bar chart of the share of errors per tag (largest first) with a coverage line.

        The bars are ``fraction_of_errors``; the line (right axis) is
        :meth:`cumulative_coverage`, the share of mistakes explained by the tags so far.
        The number on each bar is how many mistakes carry that tag.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Where to draw; a new figure is made otherwise.

        Returns
        -------
        matplotlib.axes.Axes
            The bar axes; the coverage line is drawn on a twin axes sharing its x axis.
        """
        import matplotlib.pyplot as plt

        summary = self.summary()
        if summary.empty:
            raise ValueError("there are no tags yet; add some with tag() or add_tag() first")
        created = ax is None
        if ax is None:
            _, ax = plt.subplots(figsize=(max(4.0, 1.1 * len(summary) + 2), 3.5))
        positions = np.arange(len(summary))
        bars = ax.bar(positions, 100 * summary["fraction_of_errors"], color="tab:blue")
        # The coverage line starts at the top of the first (tallest) bar and never dips
        # below a bar, so a count written above a bar would sit under the line: write it
        # inside the top of the bar instead, or just above a bar too short to hold it.
        for bar, count in zip(bars, summary["count"], strict=True):
            inside = bar.get_height() >= 12
            ax.annotate(
                str(count),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, -6 if inside else 2),
                textcoords="offset points",
                ha="center",
                va="top" if inside else "bottom",
                fontsize=9,
                color="white" if inside else "black",
                fontweight="bold" if inside else "normal",
            )
        ax.set_xticks(positions, summary.index.tolist(), rotation=30, ha="right")
        ax.set_ylabel("% of errors with this tag")
        ax.set_ylim(0, 105)
        ax.set_title(f"Error analysis: {self.n_errors} mistakes, error rate {self._error_rate:.1%}")
        twin = ax.twinx()
        coverage = self.cumulative_coverage()
        twin.plot(positions, 100 * coverage.to_numpy(), color="tab:red", marker="o")
        twin.set_ylim(0, 105)
        twin.set_ylabel("% of errors covered (cumulative)", color="tab:red")
        if created:
            ax.figure.tight_layout()
        return ax


def tally_errors(
    tags: pd.DataFrame, mistakes: Any, *, error_rate: float | None = None
) -> pd.DataFrame:
    """Summarise computed tags over the mistakes in one call.

    Parameters
    ----------
    tags : pandas.DataFrame
        Boolean tag columns for *every* evaluated example (not only the mistakes).
    mistakes : boolean array-like of length ``len(tags)``, or index labels
        Which examples were misclassified: a mask aligned with the rows of ``tags``, or
        a list of labels from ``tags.index``.
    error_rate : float, optional
        Overall error rate; by default the number of mistakes divided by ``len(tags)``.

    Returns
    -------
    pandas.DataFrame
        The :meth:`ErrorTally.summary` table (count, fraction_of_errors, ceiling).

    Examples
    --------
    >>> import pandas as pd
    >>> tags = pd.DataFrame({"blur": [True, True, False, False],
    ...                      "noise": [False, True, True, False]})
    >>> tally_errors(tags, [True, True, False, False])  # doctest: +NORMALIZE_WHITESPACE
           count  fraction_of_errors  ceiling
    tag
    blur       2                 1.0     0.00
    noise      1                 0.5     0.25
    """
    import pandas as pd

    if not isinstance(tags, pd.DataFrame):
        raise TypeError(f"tags must be a pandas DataFrame, got {type(tags).__name__}")
    n = len(tags)
    if n == 0:
        raise ValueError("tags is empty; it needs one row per evaluated example")
    arr = None if isinstance(mistakes, (str, bytes)) else np.asarray(mistakes)
    if arr is not None and arr.dtype == bool:
        if arr.ndim != 1 or len(arr) != n:
            raise ValueError(
                f"a boolean mistakes mask must have one entry per row of tags ({n}), "
                f"got shape {arr.shape}"
            )
        rows = np.flatnonzero(arr)
    else:
        labels = _as_id_list(mistakes)
        missing = [label for label in labels if label not in tags.index]
        if missing:
            raise ValueError(
                f"{len(missing)} mistake label(s) not in tags.index, e.g. {missing[:5]}"
            )
        rows = tags.index.get_indexer(labels)
        if len(set(rows.tolist())) != len(rows):
            raise ValueError("mistakes lists the same example more than once")
    if len(rows) == 0:
        raise ValueError("there are no mistakes to analyse")
    rate = len(rows) / n if error_rate is None else error_rate
    subset = tags.iloc[rows]
    tally = ErrorTally(subset.index.tolist(), error_rate=rate, tags=subset)
    return tally.summary()


NO_TAG = "none"
"""Row name used by :func:`error_rate_by_tag` for the examples that carry no tag."""


def error_rate_by_tag(tags: pd.DataFrame, wrong: Any) -> pd.Series:
    """Error rate among the examples carrying each tag, and among those with no tag.

    ``tally_errors`` in :mod:`course_lib.error_analysis` asks "what share of the
    mistakes has this tag?".  This asks the complementary question "how often is the
    model wrong on an example with this tag?", which compares tags of different
    frequency fairly and shows how much *harder* each kind of target example is than
    a clean one.

    Parameters
    ----------
    tags : pandas.DataFrame
        One row per evaluated example, one boolean column per tag (e.g. the
        ``phone_tags`` of :func:`course_lib.data.domains.make_domains`).
    wrong : array-like of bool, shape (len(tags),)
        ``True`` where the model's prediction is wrong.

    Returns
    -------
    pandas.Series
        Indexed by the tag names in column order, then :data:`NO_TAG` (``"none"``) for
        the examples without any tag; each value is the fraction of those examples the
        model gets wrong (NaN when no example carries the tag).

    Examples
    --------
    >>> import pandas as pd
    >>> tags = pd.DataFrame({"blur": [True, True, False, False],
    ...                      "noise": [False, True, True, False]})
    >>> error_rate_by_tag(tags, [True, False, True, False]).to_dict()
    {'blur': 0.5, 'noise': 0.5, 'none': 0.0}
    """
    import pandas as pd

    if not isinstance(tags, pd.DataFrame):
        raise TypeError(f"tags must be a pandas DataFrame, got {type(tags).__name__}")
    wrong_mask = check_mask(wrong, "wrong")
    if len(wrong_mask) != len(tags):
        raise ValueError(
            f"wrong must have one entry per row of tags, got {len(wrong_mask)} and {len(tags)}"
        )
    if NO_TAG in tags.columns:
        raise ValueError(f"{NO_TAG!r} is reserved for untagged examples; rename that column")
    columns = {str(c): check_mask(tags[c].to_numpy(), f"tags[{c!r}]") for c in tags.columns}
    any_tag = np.zeros(len(tags), dtype=bool)
    rates: dict[str, float] = {}
    for name, column in columns.items():
        any_tag |= column
        rates[name] = float(wrong_mask[column].mean()) if column.any() else float("nan")
    untagged = ~any_tag
    rates[NO_TAG] = float(wrong_mask[untagged].mean()) if untagged.any() else float("nan")
    return pd.Series(rates, name="error_rate", dtype=float)
