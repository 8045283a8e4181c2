"""Benchmark: course_lib.nn.Network against scikit-learn's MLPClassifier on digits.

Run from the repository root::

    .venv/bin/python benchmarks/nn_vs_mlp.py            # about 20-30 seconds
    .venv/bin/python benchmarks/nn_vs_mlp.py --seeds 2  # quicker

Both models train side by side in one process on the same split of scikit-learn's
bundled digits (pixels / 16, 1,347 train / 450 test, stratified, random_state=0), with:

- the same hidden layer sizes, ReLU, softmax output, Adam with learning rate 1e-3;
- the same mini-batch size: 32 (Network's default) and 200 (MLPClassifier's default);
- the same stopping rule: at most 200 epochs, stop when the training loss has not
  dropped by more than tol=1e-4 for 10 epochs in a row (sklearn's ``n_iter_no_change``
  and ``tol``, Network's ``patience`` and ``tol``);
- the same L2 penalty: sklearn's ``alpha=1e-4`` adds ``alpha / 2 * ||W||^2 / batch``
  to each mini-batch loss, so Network gets ``l2 = alpha / batch_size``;
- the same input dtype, float32 (sklearn keeps float32 input as float32, which makes
  it a little faster than with float64, so this is the stricter comparison);
- the same BLAS thread limit (``--threads``, default 1, set with threadpoolctl; the
  matrices are small, so extra threads mostly add overhead).

For every configuration and seed the two fits run back to back, in alternating order,
so background load affects both alike. Only ``fit`` is timed. The table shows test
accuracy, epochs run, fit time in seconds and the time ratio course_lib / sklearn
(below 1 means course_lib is faster).
"""

# ruff: noqa: N806 - X is the usual name for the matrix of examples

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info, threadpool_limits

from course_lib.nn import Network

HIDDEN_SIZES = [(64,), (128, 64)]
BATCH_SIZES = [32, 200]
LEARNING_RATE = 1e-3
MAX_EPOCHS = 200
TOL = 1e-4
PATIENCE = 10
ALPHA = 1e-4


def load_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits scaled to [0, 1] as float32, split 1,347 / 450."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        (X / 16.0).astype(np.float32), y, test_size=450, random_state=0, stratify=y
    )
    return X_train, X_test, y_train, y_test


def run_sklearn(data: tuple, hidden: tuple[int, ...], batch_size: int, seed: int) -> dict:
    X_train, X_test, y_train, y_test = data
    model = MLPClassifier(
        hidden_layer_sizes=hidden,
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=batch_size,
        max_iter=MAX_EPOCHS,
        tol=TOL,
        n_iter_no_change=PATIENCE,
        alpha=ALPHA,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # hitting max_iter is fine here
        start = time.perf_counter()
        model.fit(X_train, y_train)
        seconds = time.perf_counter() - start
    return {"acc": model.score(X_test, y_test), "epochs": model.n_iter_, "time": seconds}


def run_course_lib(data: tuple, hidden: tuple[int, ...], batch_size: int, seed: int) -> dict:
    X_train, X_test, y_train, y_test = data
    net = Network([X_train.shape[1], *hidden, 10], output="softmax", seed=seed)
    start = time.perf_counter()
    history = net.fit(
        X_train,
        y_train,
        epochs=MAX_EPOCHS,
        batch_size=batch_size,
        learning_rate=LEARNING_RATE,
        l2=ALPHA / batch_size,
        tol=TOL,
        patience=PATIENCE,
    )
    seconds = time.perf_counter() - start
    return {"acc": 1.0 - net.evaluate(X_test, y_test), "epochs": history.n_epochs, "time": seconds}


def describe_environment(threads: int) -> str:
    pools = ", ".join(
        f"{p['internal_api']} ({p['num_threads']} threads)" for p in threadpool_info()
    )
    return (
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}, {os.cpu_count()} CPUs\n"
        f"thread limit: {threads}; thread pools while timing: {pools}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per configuration")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP thread limit")
    args = parser.parse_args()

    data = load_split()
    header = (
        f"{'hidden':>10} {'batch':>5} {'seed':>4} | {'acc sk':>6} {'acc ours':>8} | "
        f"{'ep sk':>5} {'ep ours':>7} | {'t sk (s)':>8} {'t ours (s)':>10} | {'ratio':>5}"
    )
    with threadpool_limits(limits=args.threads):
        print(describe_environment(args.threads))
        print(f"digits: {len(data[0])} train / {len(data[1])} test, float32\n")
        # warm up both code paths (imports, first BLAS calls) before timing anything
        run_sklearn(data, (8,), 200, 0)
        run_course_lib(data, (8,), 200, 0)

        print(header)
        print("-" * len(header))
        summary = []
        wall = time.perf_counter()
        for hidden in HIDDEN_SIZES:
            for batch_size in BATCH_SIZES:
                rows = []
                for seed in range(args.seeds):
                    runners = [run_sklearn, run_course_lib]
                    if seed % 2:  # alternate which one goes first
                        runners.reverse()
                    results = {f.__name__: f(data, hidden, batch_size, seed) for f in runners}
                    sk, ours = results["run_sklearn"], results["run_course_lib"]
                    rows.append((sk, ours))
                    print(
                        f"{str(hidden):>10} {batch_size:>5} {seed:>4} | "
                        f"{sk['acc']:>6.4f} {ours['acc']:>8.4f} | "
                        f"{sk['epochs']:>5} {ours['epochs']:>7} | "
                        f"{sk['time']:>8.3f} {ours['time']:>10.3f} | "
                        f"{ours['time'] / sk['time']:>5.2f}"
                    )
                summary.append((hidden, batch_size, rows))
        wall = time.perf_counter() - wall

    print("\nSummary (mean accuracy, median fit time, median of per-seed time ratios)")
    line = (
        f"{'hidden':>10} {'batch':>5} | {'acc sk':>6} {'acc ours':>8} | "
        f"{'t sk (s)':>8} {'t ours (s)':>10} | {'ratio':>5}"
    )
    print(line)
    print("-" * len(line))
    for hidden, batch_size, rows in summary:
        acc_sk = statistics.mean(sk["acc"] for sk, _ in rows)
        acc_ours = statistics.mean(ours["acc"] for _, ours in rows)
        t_sk = statistics.median(sk["time"] for sk, _ in rows)
        t_ours = statistics.median(ours["time"] for _, ours in rows)
        ratio = statistics.median(ours["time"] / sk["time"] for sk, ours in rows)
        print(
            f"{str(hidden):>10} {batch_size:>5} | {acc_sk:>6.4f} {acc_ours:>8.4f} | "
            f"{t_sk:>8.3f} {t_ours:>10.3f} | {ratio:>5.2f}"
        )
    print(f"\nbenchmark wall time: {wall:.1f} s")


if __name__ == "__main__":
    main()
