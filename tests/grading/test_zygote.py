"""Warm kernels forked from the zygote behave like kernels started from scratch."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.zygote import (
    ForkingKernelManager,
    Zygote,
    install_zygote,
    notebook_imports,
    preload_list,
)

CELLS = [
    "import os, resource, sys\nimport numpy as np\nimport pandas as pd\n"
    "import matplotlib.pyplot as plt",
    "print('hello')",
    "pd.DataFrame({'a': [1, 2]})",
    "plt.plot([1, 2, 3]);",
    "import warnings\nwarnings.warn('careful')",
    "print(round(float(np.random.rand()), 12))",
    "print(resource.getrlimit(resource.RLIMIT_AS)[0], 'NBGRADER_EXECUTION' in os.environ)",
    "print(pd.get_option('display.max_columns'), sys.path[:3])",
]


def _run(manager=None):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    extra = {"kernel_manager_class": manager} if manager else {}
    NotebookClient(nb, timeout=60, kernel_name="python3", **extra).execute()
    return nb


def _shape(nb):
    """Output types and MIME bundles per cell, without the values that must differ.

    A stream may arrive in several messages: consecutive ones are counted once.
    """
    shapes = []
    for cell in nb.cells:
        kinds = [(o.output_type, o.get("name"), sorted(o.get("data", {}))) for o in cell.outputs]
        shapes.append([k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]])
    return shapes


def _text(nb, index):
    return "".join(o.get("text", "") for o in nb.cells[index].outputs)


@pytest.fixture(scope="module")
def zygote():
    os.environ["COURSE_MEMORY_LIMIT_MB"] = "3000"
    z = Zygote(["ipykernel.kernelapp", "numpy", "pandas", "matplotlib.pyplot"])
    z.start()
    install_zygote(z.client())
    yield z
    install_zygote(None)
    z.close()
    os.environ.pop("COURSE_MEMORY_LIMIT_MB", None)


def test_forked_kernels_give_the_outputs_of_fresh_ones(zygote):
    assert {"numpy", "pandas", "matplotlib.pyplot"} <= set(zygote.loaded)
    fresh, first, second = _run(), _run(ForkingKernelManager), _run(ForkingKernelManager)
    assert _shape(first) == _shape(fresh), (_shape(first), _shape(fresh))
    assert _shape(second) == _shape(fresh), (_shape(second), _shape(fresh))
    assert _text(first, 1) == "hello\n"
    assert "careful" in _text(first, 4)
    # each fork re-seeds NumPy from the OS, like a new interpreter
    assert _text(first, 5) != _text(second, 5)
    # the memory cap is set in the fork only; pandas' kernel default and sys.path match
    assert _text(first, 6) == f"{3000 * 1024 * 1024} False\n"
    assert _text(first, 7) == _text(fresh, 7)
    assert _text(first, 7).startswith("20 ")


def test_what_the_zygote_preloads(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import numpy as np\nfrom sklearn.linear_model import Ridge\nfrom . import x\n%time 1"),
        nbformat.v4.new_code_cell("import matplotlib_inline, json")])
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    (tmp_path / "broken.ipynb").write_text("{")
    assert notebook_imports([path, tmp_path / "broken.ipynb"]) == \
        ["matplotlib_inline", "json"]  # the first cell has a magic: it does not parse
    names = preload_list([path])
    assert "ipykernel.kernelapp" in names and "json" in names
    assert "matplotlib_inline" not in names  # hooks into the shell when imported
