"""Take in one student's submitted folder before nbgrader sees it.

Submissions arrive damaged in predictable ways. Some damage nbgrader repairs by itself,
but silently; some makes nbgrader fail for the whole student. :func:`take_in` reads every
submitted notebook, repairs what can be repaired, and says in plain words what it found,
so that each expected notebook ends with a score *and a reason*, or with an explicit
error:

========================================  =================================================
what the student did                      what happens
========================================  =================================================
file is not JSON / not a notebook         ``error`` row: "not a readable notebook: ..."
notebook missing                          ``missing`` row (0 points)
notebook renamed ("02 (1).ipynb",         matched to the expected notebook by its nbgrader
"Copy of ...", ``ada_02_x.ipynb``)        cell ids, graded under its real name, noted
old nbgrader metadata (schema 1 or 2)     upgraded to the current schema, noted
test cell deleted                         nbgrader puts it back (``add_missing_cells``),
                                          noted
test cell edited                          nbgrader restores it from the gradebook, noted
answer cell deleted                       graded as is (its tests fail), noted
cell duplicated                           nbgrader grades the last copy, noted
cells inserted                            graded as is
========================================  =================================================
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from course_lib.contract import without_hidden_tests

__all__ = ["Intake", "IntakeStatus", "SourceNotebook", "extra_files", "learner_id_note",
           "read_submitted", "take_in"]

IGNORED_PARTS = (".ipynb_checkpoints", "__pycache__")


class IntakeStatus(StrEnum):
    """What intake found for one expected notebook."""

    OK = "ok"  # ready for nbgrader
    MISSING = "missing"
    UNREADABLE = "unreadable"


@dataclass
class Intake:
    """What was found for one expected notebook of one submission.

    Attributes
    ----------
    notebook : str
        The expected notebook's name (without ``.ipynb``).
    status : str
        Ready for nbgrader, missing or unreadable.
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
    """What intake needs to know about one source (instructor) notebook."""

    name: str
    grade_ids: frozenset[str]
    test_ids: frozenset[str]
    answer_ids: frozenset[str]
    visible_tests: dict[str, str]
    points: float = 0.0

    @classmethod
    def read(cls, path: Path) -> SourceNotebook:
        """Read a source notebook from ``solutions/``."""
        nb = nbformat.read(str(path), as_version=4)
        grade_ids, test_ids, answer_ids, visible = set(), set(), set(), {}
        points = 0.0
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            grade_id = meta.get("grade_id")
            if not grade_id:
                continue
            grade_ids.add(grade_id)
            if meta.get("grade"):
                points += float(meta.get("points", 0) or 0)
            if meta.get("grade") and cell.cell_type == "code":
                test_ids.add(grade_id)
                visible[grade_id] = without_hidden_tests(cell.source)
            if meta.get("solution"):
                answer_ids.add(grade_id)
        return cls(path.stem, frozenset(grade_ids), frozenset(test_ids), frozenset(answer_ids),
                   visible, points)




def _grade_ids(nb: NotebookNode) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if isinstance(c.metadata.get("nbgrader"), dict)
            and c.metadata["nbgrader"].get("grade_id")]


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
    return nb


def _normalize(nb: NotebookNode) -> None:
    """Make a notebook that nbformat accepts into one nbgrader accepts."""
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5)), 5)
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cell_id) \
                or cell_id in seen:
            cell["id"] = f"submitted-{index:04d}"
        seen.add(cell["id"])
        if cell.cell_type == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        if not isinstance(cell.get("metadata"), dict):
            cell["metadata"] = NotebookNode()
        if "nbgrader" in cell.metadata and not isinstance(cell.metadata["nbgrader"], dict):
            del cell.metadata["nbgrader"]


def _upgrade_schema(nb: NotebookNode) -> int | None:
    """Upgrade old nbgrader cell metadata in place; return the oldest version found."""
    from nbgrader.nbgraderformat import SCHEMA_VERSION, MetadataValidator

    versions = [c.metadata["nbgrader"].get("schema_version", 0) for c in nb.cells
                if "nbgrader" in c.metadata]
    old = [v for v in versions if isinstance(v, int) and v < SCHEMA_VERSION]
    if not old:
        return None
    MetadataValidator().upgrade_notebook_metadata(nb)
    return min(old)


def _drop_duplicates(nb: NotebookNode) -> None:
    """Keep the nbgrader metadata of the last copy of a duplicated cell only (nbgrader's
    rule); the earlier copies stay in the notebook as ordinary cells."""
    last: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id:
            last[grade_id] = index
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and last[grade_id] != index:
            del cell.metadata["nbgrader"]


def _describe_changes(nb: NotebookNode, source: SourceNotebook) -> list[str]:
    notes = []
    ids = _grade_ids(nb)
    present = set(ids)
    deleted_tests = sorted(source.test_ids - present)
    if deleted_tests:
        notes.append("test cell(s) deleted, put back by nbgrader: " + ", ".join(deleted_tests))
    deleted_answers = sorted(source.answer_ids - present)
    if deleted_answers:
        notes.append("answer cell(s) deleted: " + ", ".join(deleted_answers))
    duplicated = sorted(g for g, n in Counter(ids).items() if n > 1)
    if duplicated:
        notes.append("cell(s) duplicated, the last copy is graded: " + ", ".join(duplicated))
    edited = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in source.visible_tests and cell.cell_type == "code":
            if without_hidden_tests(cell.source) != source.visible_tests[grade_id]:
                edited.append(grade_id)
    if edited:
        notes.append("test cell(s) edited, restored by nbgrader: "
                      + ", ".join(sorted(set(edited))))
    return notes


def _match_renamed(candidates: dict[str, NotebookNode], sources: dict[str, SourceNotebook],
                   wanted: set[str]) -> dict[str, str]:
    """Map expected notebook -> submitted file name, by shared nbgrader cell ids."""
    scored = []
    for filename, nb in candidates.items():
        ids = set(_grade_ids(nb))
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


def take_in(folder: Path, sources: dict[str, SourceNotebook], target: Path) -> list[Intake]:
    """Read ``folder`` (one student's week), write what nbgrader should grade into ``target``.

    Parameters
    ----------
    folder : Path
        The submitted folder: ``*.ipynb`` and any other files.
    sources : dict
        The week's source notebooks by name (:meth:`SourceNotebook.read`).
    target : Path
        nbgrader's ``submitted/<student>/<week>`` folder; replaced.

    Returns
    -------
    list of Intake
        One entry per expected notebook, in name order.
    """
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in sorted(folder.rglob("*")):
        rel = item.relative_to(folder)
        if item.is_file() and item.suffix != ".ipynb" \
                and not any(p in IGNORED_PARTS for p in rel.parts):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item, target / rel)
    if (folder / "timestamp.txt").exists():
        shutil.copy2(folder / "timestamp.txt", target / "timestamp.txt")

    files = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
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
    renamed = _match_renamed(spare, sources, wanted)
    chosen.update(renamed)
    for name in sorted(wanted - set(renamed)):
        # an unreadable file under another name cannot be matched by its cells
        others = sorted(f for f in unreadable if f != f"{name}.ipynb")
        note = "notebook not submitted"
        if others:
            note += f" (unreadable file(s) submitted: {', '.join(others)})"
        results[name] = Intake(name, IntakeStatus.MISSING, [note])

    for name, filename in chosen.items():
        nb = readable[filename]
        intake = Intake(name, IntakeStatus.OK, [], filename)
        if filename != f"{name}.ipynb":
            intake.notes.append(f"submitted as {filename!r}, graded as {name}.ipynb")
        _normalize(nb)
        old = _upgrade_schema(nb)
        if old is not None:
            intake.notes.append(f"old nbgrader metadata (schema {old}) upgraded")
        intake.notes.extend(_describe_changes(nb, sources[name]))
        id_note = learner_id_note(nb, target.parent.name)
        if id_note:
            intake.notes.append(id_note)
        _drop_duplicates(nb)
        nbformat.write(nb, str(target / f"{name}.ipynb"))
        results[name] = intake
    return [results[name] for name in sorted(results)]


def learner_id_note(nb: NotebookNode, student: str) -> str | None:
    """A note when a notebook's ``LEARNER_ID`` is not the submitting student's id.

    The flight simulators draw each learner's numbers from the id written in the
    notebook; a submission carrying another id (or none) was worked on someone else's
    numbers. Case and surrounding spaces do not count. Notebooks that do not mention
    ``LEARNER_ID`` get no note.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('LEARNER_ID = "Ada"')])
    >>> learner_id_note(nb, "ada") is None
    True
    >>> learner_id_note(nb, "bob")
    "learner id 'Ada' in the notebook is not the student id 'bob'"
    """
    from autograder.learner_ids import learner_id_in_notebook
    from course_lib.flight.ids import normalize_learner_id

    if not any("LEARNER_ID" in cell.get("source", "") for cell in nb.cells):
        return None
    found = learner_id_in_notebook(nb)
    if found is None:
        return "learner id could not be read (LEARNER_ID is not a plain string)"
    if not found.strip():
        return f"learner id left empty: default numbers, not those of {student!r}"
    if normalize_learner_id(found) != normalize_learner_id(student):
        return f"learner id {found!r} in the notebook is not the student id {student!r}"
    return None


def extra_files(folder: Path, intakes: list[Intake]) -> list[str]:
    """Submitted notebooks that were not graded (neither expected nor matched)."""
    used = {i.submitted_as for i in intakes if i.submitted_as}
    return sorted(p.name for p in folder.glob("*.ipynb") if p.name not in used)
