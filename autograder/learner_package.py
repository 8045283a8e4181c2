"""The learner side of a graded course: a wheel of course_lib without the answer key.

In a graded course the learners install this package instead of the project. It holds
``course_lib`` -- the library, the exercises' public parts, the self-checks -- and a course
data file (:mod:`course_lib.data.course_file`) made for the class's roster:

- every roster learner's flight-simulator figures (no answers);
- salted digests of the value exercises' right answers, typical wrong answers and sealed
  explanations (:mod:`course_lib.exercises.digests`), the salt derived from the course
  secret, so another course's package says nothing about this one.

It leaves out ``answer_key`` (references of value exercises, hidden cases, simulator
answers) and ``autograder``, and declares no answer-key entry point, so in a learner's
install ``course_lib.exercises.keys.find_key`` finds nothing and the self-checks fall back
to the digests. The instructor runs ``course learner-package --roster roster.csv --out
DIR`` and hands out the wheel; learners run ``pip install DIR/course_lib-*.whl``.

Examples
--------
>>> salt_for(b"0" * 32) == salt_for(b"0" * 32) != salt_for(b"1" * 32)
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.settings import REPO
from course_lib.exercises.digests import build_digests
from course_lib.exercises.registry import all_exercises
from course_lib.flight.ids import normalize_learner_id

__all__ = ["LearnerPackage", "build_learner_package", "course_data", "salt_for"]

#: what the learners' package leaves out of the dependencies (grader-side only)
_GRADER_ONLY = ("psycopg2-binary",)


def salt_for(secret: bytes) -> str:
    """The salt of a course's digests, derived from its secret (the secret stays private)."""
    return hmac.new(secret, b"learner self-check digests", hashlib.sha256).hexdigest()[:32]


def course_data(learners: Sequence[str], secret: bytes) -> dict[str, object]:
    """The course data file of a class: scenarios and digests for ``learners``."""
    from answer_key.flight import SOLVERS, solved_scenario

    roster = sorted({normalize_learner_id(learner) for learner in learners})
    scenarios = {name: {learner: solved_scenario(name, learner).scenario.to_data()
                        for learner in roster} for name in SOLVERS}
    digests = build_digests(all_exercises(), roster, salt_for(secret))
    return {"scenarios": scenarios, "digests": digests}


@dataclass(frozen=True)
class LearnerPackage:
    """What :func:`build_learner_package` wrote."""

    wheel: Path
    data_file: Path
    learners: int


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _project() -> dict[str, object]:
    with open(REPO / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def build_learner_package(learners: Sequence[str], secret: bytes, out: Path) -> LearnerPackage:
    """Write the learners' wheel and its course data file into ``out``.

    Raises
    ------
    ValueError
        If ``learners`` is empty.
    """
    if not learners:
        raise ValueError("the roster is empty: a learner package is made for a class")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data = json.dumps(course_data(learners, secret), sort_keys=True,
                      separators=(",", ":")).encode("utf-8")
    data_file = out / "course_data.json"
    data_file.write_bytes(data)

    project = _project()
    version = f"{project['version']}+class"
    dist_info = f"course_lib-{version}.dist-info"
    files: dict[str, bytes] = {}
    package = REPO / "course_lib"
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc" \
                and path.name != "course_data.json":
            files[path.relative_to(REPO).as_posix()] = path.read_bytes()
    files["course_lib/data/course_data.json"] = data
    requires = [d for d in project["dependencies"]  # type: ignore[union-attr]
                if not d.startswith(_GRADER_ONLY)]
    metadata = "\n".join(["Metadata-Version: 2.1", "Name: course-lib", f"Version: {version}",
                          "Summary: Structuring ML Projects - the workbook (learner package, "
                          "no answer key)", f"Requires-Python: {project['requires-python']}",
                          *(f"Requires-Dist: {d}" for d in requires)]) + "\n"
    files[f"{dist_info}/METADATA"] = metadata.encode("utf-8")
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: course learner-package\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{dist_info}/top_level.txt"] = b"course_lib\n"
    record = [_record_line(name, content) for name, content in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")

    wheel = out / f"course_lib-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content,
                             compress_type=zipfile.ZIP_DEFLATED)
    return LearnerPackage(wheel, data_file, len(set(map(normalize_learner_id, learners))))
