"""week1/01's early-stopping panel shows the trade-off, not undertraining: after some epoch
the training error keeps falling while the dev error climbs back up."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import nbformat

matplotlib.use("Agg")

NOTEBOOK = Path(__file__).parents[2] / "solutions" / "week1" / "01_orthogonalization.ipynb"


def _run_the_experiment_cell() -> dict:
    cells = [c.source for c in nbformat.read(NOTEBOOK, 4).cells if c.cell_type == "code"]
    imports = cells[0]
    experiment = next(c for c in cells if "# Knob 3" in c)
    namespace: dict = {}
    exec(compile(imports + "\n" + experiment, str(NOTEBOOK), "exec"), namespace)
    return namespace


def test_the_dev_error_turns_up_while_the_training_error_keeps_falling():
    ns = _run_the_experiment_cell()
    train, dev, best = ns["epoch_train"], ns["epoch_dev"], ns["best_epoch"]
    assert 3 <= best <= len(dev) - 10, "the dev minimum must sit well inside the curve"
    assert dev[-1] - min(dev) >= 0.05, "after the best epoch the dev error must climb clearly"
    assert train[best - 1] - train[-1] >= 0.1, "the training error must keep falling"
    assert train[-1] < dev[-1], "at the end the network fits its training set better than dev"
