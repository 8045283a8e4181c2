"""Validate on the course's quick kernels, warm: nbgrader's verdicts, a fresh kernel each time."""

from __future__ import annotations

import pytest

from autograder import authoring as au
from course_lib.exercises.notebook_validation import (
    ValidationResult,
    WarmKernel,
    validate_notebook,
)


def _notebook(tmp_path, name, cells):
    nb = au.notebook(cells)
    return au.write(nb, tmp_path / name)


def _two_tests(tmp_path, name="two.ipynb"):
    return _notebook(tmp_path, name, [
        au.solution("answer", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
        au.tests("test_ok", "assert x == 1"),
        au.tests("test_bad", "assert x == 2, 'x should be 2'"),
    ])


def _stock(path):
    from nbgrader.validator import Validator

    return Validator().validate(str(path))


def test_the_verdicts_are_nbgraders_own(tmp_path):
    path = _two_tests(tmp_path)
    stock = _stock(path)
    for warm in (None, WarmKernel(tmp_path, keep_warm=False).start()):
        result = validate_notebook(path, warm=warm)
        assert not result.passed and result.failed_count == 1
        assert [c["source"] for c in result.results["failed"]] == \
            [c["source"] for c in stock["failed"]]
        assert "x should be 2" in result.text()


def test_every_validation_runs_in_a_kernel_no_notebook_has_touched(tmp_path):
    leak = _notebook(tmp_path, "leak.ipynb", [
        au.code("import builtins, sys\nbuiltins.LEAKED = 1\nsys.modules['leaked'] = sys")])
    probe = _notebook(tmp_path, "probe.ipynb", [
        au.tests("test_clean", "import builtins, sys\n"
                "assert not hasattr(builtins, 'LEAKED') and 'leaked' not in sys.modules")])
    warm = WarmKernel(tmp_path).start()  # keeps a warm kernel for the next validation
    assert validate_notebook(leak, warm=warm).passed
    assert validate_notebook(probe, warm=warm).passed
    km = warm.take()
    assert km is not None and km.has_kernel  # the next kernel was started after the last use
    from jupyter_core.utils import run_sync

    run_sync(km.shutdown_kernel)(now=True)


def test_the_notebook_runs_in_its_own_folder(tmp_path):
    folder = tmp_path / "week9"
    folder.mkdir()
    (folder / "data.txt").write_text("42")
    path = _notebook(folder, "reads.ipynb",
                     [au.tests("test_read", "assert open('data.txt').read() == '42'")])
    warm = WarmKernel(tmp_path, keep_warm=False).start()  # started in another folder
    assert validate_notebook(path, warm=warm).passed


def test_a_warm_kernel_that_failed_is_replaced_by_a_new_one(tmp_path):
    path = _two_tests(tmp_path)
    warm = WarmKernel(tmp_path, preload=("no_such_module_anywhere",), keep_warm=False).start()
    assert validate_notebook(path, warm=warm).failed_count == 1


def test_bad_paths_get_clear_messages(tmp_path):
    with pytest.raises(ValueError, match=r"\.ipynb"):
        validate_notebook(tmp_path / "notes.txt")
    with pytest.raises(FileNotFoundError, match="no notebook"):
        validate_notebook(tmp_path / "missing.ipynb")


def test_changed_and_type_changed_cells_are_reported():
    assert not ValidationResult({"changed": [{"source": "x"}]}).passed
    assert "changed type" in ValidationResult({"type_changed": [{"source": "x"}]}).text()
    assert ValidationResult({}).passed and ValidationResult({}).text() == "All tests passed."
