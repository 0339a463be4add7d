"""Sweep throughput (points per second): one worker, two workers, a local Dask cluster,
against per-point loops calling pygambit and nashpy.

Run from the repository root::

    python benchmarks/bench_sweeps.py            # about two minutes on 2 CPUs
    python benchmarks/bench_sweeps.py --quick    # smaller sweeps, under a minute
    python benchmarks/bench_sweeps.py --out benchmarks/results/sweeps.json

Two sweeps of the default calibration, each written to a CSV file as the CLI does
(``multivector sweep ... --out FILE.csv``):

1. ``great-powers`` (4 players), pure equilibria, over a grid of
   ``kazakhstan.autonomy_value`` x ``kazakhstan.bandwagon_premium``; the peer is a loop
   that builds each point's game (``Scenario.game``) and calls pygambit's
   ``enumpure_solve`` on it (``Game.from_arrays``).
2. ``kz-russia`` (2 players, 3x2), every equilibrium, over a grid of
   ``kazakhstan.autonomy_value`` x ``kazakhstan.exit_gain``; the peer is a loop that builds
   each point's game and lists nashpy's ``support_enumeration``.

Each sweep runs in this process (one worker), on a ``ProcessPoolExecutor`` of two
workers, and on a Dask ``LocalCluster`` of two single-threaded worker processes when
``dask.distributed`` is installed. Pools and clusters are started and warmed up (a small
sweep, so that workers have imported the package) before the clock starts; the time of
a run covers building the chunks, solving, and writing and reading back the CSV file.
Peers run on the first points of the grid only (they are slow), and their points per
second are extrapolated from those. Libraries that are not installed are reported and
skipped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from multivector.explore.sweep import Sweep, grid_axis
from multivector.games.scenarios import get_scenario

SWEEPS = {
    "great-powers pure": (
        "great-powers",
        ("kazakhstan.autonomy_value", 0.0, 0.3),
        ("kazakhstan.bandwagon_premium", 0.0, 1.0),
    ),
    "kz-russia all equilibria": (
        "kz-russia",
        ("kazakhstan.autonomy_value", 0.0, 0.3),
        ("kazakhstan.exit_gain", 0.0, 1.0),
    ),
}


def make_sweep(name: str, side: int) -> Sweep:
    scenario, a, b = SWEEPS[name]
    return Sweep(scenario, grid=[grid_axis(*a, side), grid_axis(*b, side)])


def time_sweep(name: str, side: int, tmp: Path, **run: Any) -> float:
    """Points per second of one sweep written to a CSV file."""
    sweep = make_sweep(name, side)
    out = tmp / f"{name.split()[0]}-{side}.csv"
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    result = sweep.run(out, **run)
    elapsed = time.perf_counter() - start
    assert result.complete and len(result.rows) == side * side
    return side * side / elapsed


def peer_loop(name: str, side: int, count: int, solve: Callable[[Any], int]) -> float:
    """Points per second of a loop building each point's game and calling a peer."""
    sweep = make_sweep(name, side)
    s = get_scenario(SWEEPS[name][0])
    pts = sweep.points(0, count)
    start = time.perf_counter()
    for row in pts.tolist():
        game = s.game(overrides=dict(zip(sweep.names, row, strict=True)))
        solve(game)
    return count / (time.perf_counter() - start)


def peers(name: str, side: int, count: int) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    if name.startswith("great-powers"):
        try:
            import pygambit as gbt
        except ImportError:
            return {"pygambit enumpure_solve": "not installed"}

        def gambit(game: Any) -> int:
            g = gbt.Game.from_arrays(*[game.payoffs[i] for i in range(game.num_players)])
            return len(gbt.nash.enumpure_solve(g).equilibria)

        out["pygambit enumpure_solve loop"] = peer_loop(name, side, count, gambit)
    else:
        try:
            import nashpy
        except ImportError:
            return {"nashpy support_enumeration": "not installed"}

        def nash(game: Any) -> int:
            A, B = game.bimatrix()
            return len(list(nashpy.Game(A, B).support_enumeration()))

        out["nashpy support_enumeration loop"] = peer_loop(name, side, count, nash)
    return out


def warm(executor: Executor | None = None, client: Any = None) -> None:
    for name in SWEEPS:
        make_sweep(name, 20).run(executor=executor, client=client)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sweeps")
    parser.add_argument("--out", help="write the figures as JSON")
    args = parser.parse_args()
    side = {"great-powers pure": 300, "kz-russia all equilibria": 200}
    big = {"great-powers pure": 700, "kz-russia all equilibria": 400}
    peer_points = 200
    if args.quick:
        side = {k: v // 2 for k, v in side.items()}
        big = {k: v // 2 for k, v in big.items()}
        peer_points = 50
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load[0]}"
    )
    figures: dict[str, dict[str, Any]] = {}
    warm()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for name in SWEEPS:
            f: dict[str, Any] = {}
            f["1 worker"] = max(time_sweep(name, side[name], tmp) for _ in range(3))
            f["1 worker, large"] = time_sweep(name, big[name], tmp)
            f["points"] = {"small": side[name] ** 2, "large": big[name] ** 2}
            f.update(peers(name, side[name], peer_points))
            figures[name] = f
        with ProcessPoolExecutor(max_workers=2) as pool:
            warm(executor=pool)
            for name in SWEEPS:
                figures[name]["2 workers, large"] = time_sweep(name, big[name], tmp, executor=pool)
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            for name in SWEEPS:
                figures[name]["dask LocalCluster, 2 workers, large"] = "not installed"
        else:
            with (
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                Client(cluster) as client,
            ):
                warm(client=client)
                for name in SWEEPS:
                    figures[name]["dask LocalCluster, 2 workers, large"] = time_sweep(
                        name, big[name], tmp, client=client
                    )
    for name, f in figures.items():
        print(f"\n{name} ({f['points']['small']:,} points; large: {f['points']['large']:,})")
        one = f["1 worker"]
        one_big = f["1 worker, large"]
        print(f"  {'run':<40} {'points/s':>12} {'ratio':>24}")
        for key, val in f.items():
            if key == "points":
                continue
            if isinstance(val, str):
                print(f"  {key:<40} {val:>12}")
                continue
            if key == "1 worker":
                note = ""
            elif key.endswith("loop"):
                note = f"1 worker / this = {one / val:,.0f}x"
            elif key == "1 worker, large":
                note = ""
            else:
                note = f"this / 1 worker = {val / one_big:.2f}x"
            print(f"  {key:<40} {val:>12,.0f} {note:>24}")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        tmp_out = Path(args.out).with_suffix(".tmp")
        tmp_out.write_text(json.dumps(figures, indent=2))
        os.replace(tmp_out, args.out)


if __name__ == "__main__":
    main()
