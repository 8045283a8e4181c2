"""Take in one student's week: rebuild each notebook from the released one and their answers.

What is graded is never the submitted file as it is. For each expected notebook, intake
takes the notebook the course released, and puts into each of its answer cells the source
of the matching cell of the student's notebook -- found by its nbgrader ``grade_id``, or,
when the grading metadata was changed, by its cell id. Everything else comes from the
release: the given code, the test cells, their metadata. So deleted, demoted, renamed,
duplicated or added cells cannot change what is graded, and a changed test cell is the
released one again. The flight simulators' ``LEARNER_ID`` is set to the roster's student
id (a notebook that declared another id is flagged). Every expected notebook ends with a
status and plain-words notes:

========================================  =================================================
what the student did                      what happens
========================================  =================================================
file is not JSON / not a notebook         ``unreadable``: "not a readable notebook: ..."
notebook missing                          ``missing`` (0 points)
notebook renamed ("02 (1).ipynb", ...)    matched to the expected notebook by its cells'
                                          ids, graded under its real name, noted
answer cell not found                     graded as unanswered, noted
answer cell's metadata changed            found by its cell id, noted
answer cell duplicated                    the last copy is graded, noted
test cell deleted, duplicated or edited   graded as released, noted
cells added or changed elsewhere          not graded (the released cells run), noted
a symlink, a device, a huge file          refused with the reason
========================================  =================================================
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import stat
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from course_lib.contract import without_hidden_tests

__all__ = ["Intake", "IntakeStatus", "SourceNotebook", "TakenIn", "read_submitted", "take_in"]

IGNORED_PARTS = (".ipynb_checkpoints", "__pycache__", "__MACOSX")
#: other files a student may submit beside the notebooks (data they produced, say)
MAX_EXTRA_FILE = 10 << 20
MAX_EXTRA_TOTAL = 50 << 20
_GRADE_CALL = re.compile(r"""(?m)^\s*grade\(\s*["'](w\d+_\d\d_[a-z0-9_]+)["']""")
_LEARNER_ID_LINE = re.compile(r"(?m)^LEARNER_ID\s*=.*$")


class IntakeStatus(StrEnum):
    """What intake found for one expected notebook."""

    OK = "ok"  # rebuilt, ready for nbgrader
    MISSING = "missing"
    UNREADABLE = "unreadable"


@dataclass
class Intake:
    """What was found for one expected notebook of one submission.

    Attributes
    ----------
    notebook : str
        The expected notebook's name (without ``.ipynb``).
    status : IntakeStatus
        Rebuilt, missing or unreadable.
    notes : list of str
        Plain-words remarks for the grades CSV and the log.
    submitted_as : str or None
        The file name the student used.
    """

    notebook: str
    status: IntakeStatus
    notes: list[str] = field(default_factory=list)
    submitted_as: str | None = None


@dataclass(frozen=True)
class SourceNotebook:
    """What grading needs to know about one source (instructor) notebook.

    Attributes
    ----------
    name : str
        The notebook's name, without ``.ipynb``.
    answer_ids : frozenset of str
        The ``grade_id`` of its answer cells.
    test_exercises : dict
        Test cell ``grade_id`` -> the exercises its hidden part grades (``grade("id", ...)``).
    points : float
        Its total points.
    """

    name: str
    answer_ids: frozenset[str]
    test_exercises: dict[str, tuple[str, ...]]
    points: float = 0.0

    @property
    def grade_ids(self) -> frozenset[str]:
        """Every graded or answer cell id."""
        return self.answer_ids | frozenset(self.test_exercises)

    @classmethod
    def read(cls, path: Path) -> SourceNotebook:
        """Read a source notebook from ``solutions/``."""
        nb = nbformat.read(str(path), as_version=4)
        answers, tests, points = set(), {}, 0.0
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if not grade_id:
                continue
            if meta.get("grade"):
                points += float(meta.get("points", 0) or 0)
            if meta.get("grade") and cell.cell_type == "code" and not meta.get("solution"):
                tests[grade_id] = tuple(dict.fromkeys(_GRADE_CALL.findall(cell.source)))
            if meta.get("solution"):
                answers.add(grade_id)
        return cls(path.stem, frozenset(answers), tests, points)


@dataclass
class TakenIn:
    """What intake made of one student's week."""

    intakes: list[Intake]
    #: notes about the folder as a whole (refused files, notebooks that are not expected)
    notes: list[str] = field(default_factory=list)


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def read_submitted(path: Path) -> NotebookNode:
    """Read a submitted notebook, or raise ValueError saying in plain words why it cannot be.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "x.ipynb"
    >>> _ = bad.write_text("{not json")
    >>> try:
    ...     read_submitted(bad)
    ... except ValueError as exc:
    ...     print(str(exc)[:38])
    not a readable notebook (invalid JSON:
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"the file cannot be read: {exc.strerror}") from exc
    if not raw.strip():
        raise ValueError("not a readable notebook: the file is empty")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a readable notebook (invalid JSON: {exc})") from exc
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise ValueError("not a readable notebook: the JSON has no cells")
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise ValueError(f"not a readable notebook: {type(exc).__name__}: {exc}") from exc
    for cell in nb.cells:
        if "cell_type" not in cell or "source" not in cell:
            raise ValueError("not a readable notebook: a cell has no type or source")
        if not isinstance(cell.get("source"), str):
            cell["source"] = "".join(str(s) for s in cell.get("source") or [])
    return nb


def _answers(submitted: NotebookNode, release: NotebookNode,
             answer_ids: frozenset[str]) -> tuple[dict[str, str], list[str]]:
    """The learner's source for each answer cell, and notes on how they were found."""
    by_grade: dict[str, list[str]] = {}
    by_cell: dict[str, str] = {}
    for cell in submitted.cells:
        grade_id = _grade_id(cell)
        if grade_id in answer_ids:
            by_grade.setdefault(grade_id, []).append(cell.source)
        if isinstance(cell.get("id"), str):
            by_cell.setdefault(cell["id"], cell.source)
    found: dict[str, str] = {}
    via_id, missing = [], []
    duplicated = sorted(g for g, sources in by_grade.items() if len(sources) > 1)
    for cell in release.cells:
        grade_id = _grade_id(cell)
        if grade_id not in answer_ids:
            continue
        if grade_id in by_grade:
            found[grade_id] = by_grade[grade_id][-1]
        elif isinstance(cell.get("id"), str) and cell["id"] in by_cell:
            found[grade_id] = by_cell[cell["id"]]
            via_id.append(grade_id)
        else:
            missing.append(grade_id)
    notes = []
    if missing:
        notes.append("answer cell(s) not found, graded as unanswered: " + ", ".join(missing))
    if via_id:
        notes.append("answer cell(s) found by their cell id (their grading metadata was "
                     "changed): " + ", ".join(via_id))
    if duplicated:
        notes.append("answer cell(s) duplicated, the last copy is graded: "
                     + ", ".join(duplicated))
    return found, notes


def _test_cell_notes(submitted: NotebookNode, release: NotebookNode) -> list[str]:
    """What happened to the release's test cells in the submission (all are graded as
    released anyway): deleted, duplicated, edited."""
    tests = {_grade_id(c): without_hidden_tests(c.source).strip() for c in release.cells
             if (c.metadata.get("nbgrader") or {}).get("grade")
             and not (c.metadata.get("nbgrader") or {}).get("solution")}
    seen: dict[str, list[str]] = {}
    for cell in submitted.cells:
        if _grade_id(cell) in tests:
            seen.setdefault(_grade_id(cell), []).append(without_hidden_tests(cell.source).strip())
    notes = []
    deleted = [g for g in tests if g not in seen]
    twice = [g for g in tests if len(seen.get(g, [])) > 1]
    edited = [g for g in tests if any(text != tests[g] for text in seen.get(g, []))]
    if deleted:
        notes.append("test cell(s) deleted, put back from the release: " + ", ".join(deleted))
    if twice:
        notes.append("test cell(s) duplicated, graded once: " + ", ".join(twice))
    if edited:
        notes.append("test cell(s) edited, graded as released: " + ", ".join(edited))
    schemas = sorted({int(m.get("schema_version", 0)) for c in submitted.cells
                      if isinstance(m := c.metadata.get("nbgrader"), dict)
                      and str(m.get("schema_version", "")).isdigit()} - {3})
    if schemas:
        notes.append("grading metadata of nbgrader schema " + ", ".join(map(str, schemas))
                     + " (an older nbgrader); the release's metadata is used")
    return notes


def _changed_elsewhere(submitted: NotebookNode, release: NotebookNode,
                       answer_ids: frozenset[str]) -> int:
    """How many cells of the submission outside the answer and test cells are not the
    released ones."""
    released = {without_hidden_tests(c.source) for c in release.cells}
    tests = {_grade_id(c) for c in release.cells if (c.metadata.get("nbgrader") or {})
             .get("grade")}
    return sum(1 for c in submitted.cells if _grade_id(c) not in answer_ids
               and _grade_id(c) not in tests
               and c.source.strip() and without_hidden_tests(c.source) not in released)


def rebuild(submitted: NotebookNode, release: NotebookNode, source: SourceNotebook,
            student: str) -> tuple[NotebookNode, list[str]]:
    """The notebook to grade: the release with the learner's answers; and the notes.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> meta = {"nbgrader": {"grade_id": "a1", "solution": True, "grade": False,
    ...                      "locked": False, "schema_version": 3}}
    >>> release = new_notebook(cells=[new_code_cell("x = None", metadata=meta),
    ...                               new_code_cell("print(x)")])
    >>> mine = new_notebook(cells=[new_code_cell("x = 1", metadata=meta),
    ...                            new_code_cell("print('anything')")])
    >>> nb, notes = rebuild(mine, release, SourceNotebook("n", frozenset({"a1"}), {}), "ada")
    >>> [c.source for c in nb.cells]
    ['x = 1', 'print(x)']
    >>> notes[0].startswith("1 cell(s) outside the answer cells differ from the release")
    True
    """
    answers, notes = _answers(submitted, release, source.answer_ids)
    notes.extend(_test_cell_notes(submitted, release))
    changed = _changed_elsewhere(submitted, release, source.answer_ids)
    if changed:
        notes.append(f"{changed} cell(s) outside the answer cells differ from the release: "
                     "they are not graded (the released cells run instead)")
    graded = copy.deepcopy(release)
    for cell in graded.cells:
        grade_id = _grade_id(cell)
        if grade_id in answers:
            cell.source = answers[grade_id]
        if cell.cell_type == "code" and _LEARNER_ID_LINE.search(cell.source):
            cell.source = _LEARNER_ID_LINE.sub(f"LEARNER_ID = {student!r}", cell.source)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return graded, notes


def _match_renamed(candidates: dict[str, NotebookNode], sources: dict[str, SourceNotebook],
                   wanted: set[str]) -> dict[str, str]:
    """Map expected notebook -> submitted file name, by shared nbgrader cell ids."""
    scored = []
    for filename, nb in candidates.items():
        ids = {_grade_id(c) for c in nb.cells} - {None}
        for name in wanted:
            overlap = len(ids & sources[name].grade_ids)
            if overlap:
                scored.append((overlap, filename, name))
    matched: dict[str, str] = {}
    used: set[str] = set()
    for _, filename, name in sorted(scored, key=lambda t: (-t[0], t[1])):
        if name not in matched and filename not in used:
            matched[name] = filename
            used.add(filename)
    return matched


def _entries(folder: Path, notes: list[str]) -> tuple[list[Path], list[Path]]:
    """The regular notebooks and other regular files of a folder; refuse everything else."""
    notebooks, others, total = [], [], 0
    for item in sorted(folder.rglob("*")):
        rel = item.relative_to(folder)
        if any(p in IGNORED_PARTS for p in rel.parts):
            continue
        mode = item.lstat().st_mode
        if stat.S_ISLNK(mode):
            notes.append(f"refused {rel}: a symbolic link")
            continue
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            notes.append(f"refused {rel}: not a regular file")
            continue
        if item.suffix == ".ipynb" and len(rel.parts) == 1:
            notebooks.append(item)
            continue
        size = item.stat().st_size
        if size > MAX_EXTRA_FILE or total + size > MAX_EXTRA_TOTAL:
            notes.append(f"refused {rel}: too large ({size:,} bytes)")
            continue
        total += size
        others.append(item)
    return notebooks, others


def take_in(folder: Path, sources: dict[str, SourceNotebook], releases: dict[str, Path],
            target: Path, student: str) -> TakenIn:
    """Read ``folder`` (one student's week) and write what is graded into ``target``.

    Parameters
    ----------
    folder : Path
        The submitted folder: ``*.ipynb`` and any other files.
    sources : dict
        The week's source notebooks by name (:meth:`SourceNotebook.read`).
    releases : dict
        The week's released notebooks by name (nbgrader's ``generate_assignment`` output).
    target : Path
        nbgrader's ``submitted/<student>/<week>`` folder; replaced.
    student : str
        The student's id in the roster (the learner id the notebooks are graded with).

    Returns
    -------
    TakenIn
        One :class:`Intake` per expected notebook, in name order, and folder-wide notes.
    """
    from autograder.learner_ids import learner_id_in_notebook
    from course_lib.flight.ids import normalize_learner_id

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    folder_notes: list[str] = []
    files, others = _entries(folder, folder_notes)
    for item in others:
        rel = item.relative_to(folder)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item, target / rel)
    readable: dict[str, NotebookNode] = {}
    unreadable: dict[str, str] = {}
    for path in files:
        try:
            readable[path.name] = read_submitted(path)
        except ValueError as exc:
            unreadable[path.name] = str(exc)

    results: dict[str, Intake] = {}
    chosen: dict[str, str] = {}
    for name in sources:
        if f"{name}.ipynb" in readable:
            chosen[name] = f"{name}.ipynb"
        elif f"{name}.ipynb" in unreadable:
            results[name] = Intake(name, IntakeStatus.UNREADABLE, [unreadable[f"{name}.ipynb"]],
                                   f"{name}.ipynb")
    wanted = {n for n in sources if n not in chosen and n not in results}
    spare = {f: nb for f, nb in readable.items() if f not in chosen.values()}
    chosen.update(_match_renamed(spare, sources, wanted))
    refused = {note.split(":", 1)[0].removeprefix("refused "): note for note in folder_notes
               if note.startswith("refused ")}
    for name in sorted(wanted - set(chosen)):
        others_bad = sorted(f for f in unreadable if f != f"{name}.ipynb")
        note = refused.get(f"{name}.ipynb", "notebook not submitted")
        if others_bad:
            note += f" (unreadable file(s) submitted: {', '.join(others_bad)})"
        results[name] = Intake(name, IntakeStatus.MISSING, [note])

    for name, filename in chosen.items():
        submitted = readable[filename]
        intake = Intake(name, IntakeStatus.OK, [], filename)
        if filename != f"{name}.ipynb":
            intake.notes.append(f"submitted as {filename!r}, graded as {name}.ipynb")
        release = nbformat.read(str(releases[name]), as_version=4)
        graded, notes = rebuild(submitted, release, sources[name], student)
        intake.notes.extend(notes)
        if any("LEARNER_ID" in c.source for c in submitted.cells):
            declared = learner_id_in_notebook(submitted)  # None: learner_id(), the course-wide id
            if declared is not None and normalize_learner_id(declared) != normalize_learner_id(
                    student):
                intake.notes.append(f"learner id {declared!r} in the notebook is not the "
                                    f"student id {student!r}: graded with {student!r}")
        nbformat.write(graded, str(target / f"{name}.ipynb"))
        results[name] = intake
    used = {i.submitted_as for i in results.values() if i.submitted_as}
    extra = sorted(p.name for p in files if p.name not in used)
    if extra:
        folder_notes.append("not graded (not an expected notebook): " + ", ".join(extra))
    return TakenIn([results[name] for name in sorted(results)], folder_notes)
