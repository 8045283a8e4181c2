"""The strategy game's two policies: average points over many seeds, and time per game.

Plays :func:`~course_lib.game.naive_policy` (always a bigger network, then ship) and
:func:`~course_lib.game.diagnostic_policy` (reads the error ladder and works on its biggest
gap) on the same seeds, and prints for each its average points, test error and decision
quality, and the time one game takes (play and score): wall-clock mean and maximum, and
the mean CPU time (the figure to trust on a busy machine).

    python benchmarks/game_policies.py               # 200 seeds
    python benchmarks/game_policies.py --seeds 50
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course_lib.game import diagnostic_policy, naive_policy, play  # noqa: E402


def run(policy, seeds: range, budget_weeks: int) -> dict[str, float]:
    """Play ``policy`` on every seed; averages of the scores and the time per game."""
    points, errors, quality, steps, times, cpu = [], [], [], [], [], []
    for seed in seeds:
        start, start_cpu = time.perf_counter(), time.process_time()
        game = play(policy, seed, budget_weeks)
        score = game.score()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        points.append(score.points)
        errors.append(score.test_error)
        quality.append(score.decision_quality)
        steps.append(len(game.log))
    return {"points": statistics.mean(points), "points_sd": statistics.stdev(points),
            "test_error": statistics.mean(errors), "quality": statistics.mean(quality),
            "actions": statistics.mean(steps), "ms": 1000 * statistics.mean(times),
            "ms_max": 1000 * max(times), "cpu_ms": 1000 * statistics.mean(cpu)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="how many seeds (default 200)")
    parser.add_argument("--budget", type=int, default=52, help="weeks per game (default 52)")
    args = parser.parse_args(argv)
    seeds = range(args.seeds)
    print(f"{args.seeds} seeds, {args.budget} weeks each")
    print(f"{'policy':<12} {'points':>14} {'test error':>11} {'decisions':>10} "
          f"{'actions':>8} {'ms/game':>8} {'max ms':>7} {'cpu ms':>7}")
    for name, policy in (("naive", naive_policy), ("diagnostic", diagnostic_policy)):
        r = run(policy, seeds, args.budget)
        print(f"{name:<12} {r['points']:6.1f} (sd {r['points_sd']:4.1f}) {r['test_error']:10.2f}% "
              f"{r['quality']:10.2f} {r['actions']:8.1f} {r['ms']:8.1f} {r['ms_max']:7.1f} "
              f"{r['cpu_ms']:7.1f}")


if __name__ == "__main__":
    main()
