"""Sweeps: fixed start-up, parallel speed-up, memory of the parent process, and
throughput against per-point loops calling pygambit and nashpy.

Run from the repository root::

    python benchmarks/bench_sweeps.py            # everything, a few minutes on 2 CPUs
    python benchmarks/bench_sweeps.py --quick    # smaller sweeps, no 10^6-point run
    python benchmarks/bench_sweeps.py --only startup,parallel
    python benchmarks/bench_sweeps.py --out benchmarks/results/sweeps.json

Sections:

``startup``
    ``multivector sweep`` on a 2 x 2 grid, end to end as a process (``python -m
    multivector sweep ... --out FILE.csv``): the median wall and CPU time (user + system
    of the child) of several runs. Four points cost nothing to solve, so this is the
    fixed start-up of every sweep: the interpreter, imports, the model, the output's
    lock and records. One untimed run goes first, and every ``multivector`` process runs
    with ``PYTHONDONTWRITEBYTECODE`` removed from its environment (:data:`CHILD_ENV`).
``parallel``
    Two sweeps of 40,000 points, each written to a CSV file as the CLI does:
    ``great-powers`` (4 players, pure equilibria) over ``kazakhstan.autonomy_value`` x
    ``kazakhstan.bandwagon_premium`` (200 x 200), and ``kz-russia`` (2 players, every
    equilibrium) over ``kazakhstan.autonomy_value`` x ``kazakhstan.exit_gain`` (200 x
    200). Each runs in this process (one worker) and on a ``ProcessPoolExecutor`` of two
    workers, the two alternating for several rounds with the machine's ceiling (the same
    sweep twice at once, a whole one in each pool worker, against once in one pool worker:
    what two cores give on this work with nothing to coordinate); then on Dask
    ``LocalCluster``s of two single-threaded worker processes (when ``dask.distributed``
    is installed), one at a time: one with Dask's worker environment as it comes, one
    whose workers also get ``MALLOC_MMAP_THRESHOLD_`` (see :data:`DASK_ALLOCATOR`).
    Each cluster also gets its own ceiling: the sweep twice at once, one whole sweep
    pinned to each of its workers, against once in one of them (two tasks through the
    scheduler and client in this process, where a sweep has one per chunk).
    Pools and clusters are started and warmed up before the clock starts, and no cluster
    runs while the pool or the one worker is timed (a cluster's scheduler and client live
    in this process). Each figure is the best round; the ratio is one worker's time over
    the other's (2.0 is perfect on two cores), and the pool's speed-up is also given as a
    share of the ceiling's (Dask's as a share of its cluster's). The same two sweeps
    also run end to end as processes with ``--workers 1`` and ``--workers 2``, start-up
    included. The load average is printed before and after: on a shared machine, only
    ratios measured at a low load mean anything.
``memory``
    The largest resident set of the parent process (a child process that runs the sweep
    with two workers, its own workers not counted) for great-powers sweeps of 10^5 and
    10^6 points written to a file: flat in the number of points. On Linux it is the
    child's ``VmHWM``: its ``ru_maxrss`` would also count the benchmark process it was
    forked from (Linux keeps the peak of the image that ``exec`` replaced).
``peers``
    Points per second of one worker against a loop that builds each point's game and
    calls pygambit's ``enumpure_solve`` (great-powers) or nashpy's
    ``support_enumeration`` (kz-russia), on the first points of the grid, extrapolated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from multivector.explore.sweep import Sweep, grid_axis
from multivector.games.scenarios import get_scenario

ROOT = Path(__file__).resolve().parents[1]

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


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def make_sweep(name: str, side: int, **kw: Any) -> Sweep:
    scenario, a, b = SWEEPS[name]
    return Sweep(scenario, grid=[grid_axis(*a, side), grid_axis(*b, side)], **kw)


def vary_args(name: str, side: int) -> list[str]:
    scenario, a, b = SWEEPS[name]
    args = [scenario]
    for p, lo, hi in (a, b):
        args += ["--vary", f"{p}={lo:g}:{hi:g}:{side}"]
    return args


#: The environment of the ``multivector`` processes: ``PYTHONDONTWRITEBYTECODE`` removed,
#: as Python runs by default (with it set, every module of the package is compiled from
#: source at every start: 0.14 s of a 0.63 s start-up on a machine that set it).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cli(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the child's user + system time, its workers included) of
    one ``multivector`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "multivector", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**CHILD_ENV, "PYTHONPATH": str(ROOT)},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


# ---------------------------------------------------------------------- start-up
def interpreter() -> tuple[float, float]:
    """Wall and CPU seconds of ``python -c pass``: the start-up no command can avoid."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def startup(tmp: Path, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {"load before": load()}
    bare = [interpreter() for _ in range(repeats)]
    base_wall = statistics.median(w for w, _ in bare)
    base_cpu = statistics.median(c for _, c in bare)
    out["python -c pass"] = {"wall median": base_wall, "cpu median": base_cpu}
    for name in SWEEPS:
        walls, cpus = [], []
        # one untimed run first: the files in the page cache, the .pyc files written
        cli(["sweep", *vary_args(name, 2), "--out", str(tmp / "startup-warm.csv"), "--force"])
        for k in range(repeats):
            target = tmp / f"startup-{k}.csv"
            wall, cpu = cli(["sweep", *vary_args(name, 2), "--out", str(target), "--force"])
            walls.append(wall)
            cpus.append(cpu)
        out[name] = {
            "wall median": statistics.median(walls),
            "wall best": min(walls),
            "cpu median": statistics.median(cpus),
            "cpu best": min(cpus),
            "cpu median / python -c pass": statistics.median(cpus) / base_cpu,
            "cpu median beyond python -c pass": statistics.median(cpus) - base_cpu,
        }
    out["load after"] = load()
    return out


# ---------------------------------------------------------------------- parallel
def timed(name: str, side: int, out: Path, **run: Any) -> float:
    sweep = make_sweep(name, side)
    start = time.perf_counter()
    result = sweep.run(out, force=True, **run)
    elapsed = time.perf_counter() - start
    assert result.complete and len(result) == side * side
    return elapsed


#: The same sweep twice at once, one whole sweep (one worker, its own file) in each of the
#: pool's two workers: what two cores give on this work with nothing shared between them.
#: On a machine whose second core is slower, or slows the first (a shared host, a lower
#: clock with both busy), no sweep on two workers can do better.
CEILING = "ceiling: the sweep twice at once, one per pool worker"
#: What the ceiling compares with: the sweep in one pool worker while the other idles
#: (in a worker process, as each copy of the ceiling runs, not in this one).
ALONE = "the sweep in one pool worker, alone"

#: The same on a Dask cluster: one whole sweep in each of its two workers (two tasks, one
#: pinned to each worker) against one alone, with this process's scheduler and client in
#: the loop as for a sweep's chunks. What Dask gives on two cores with nothing to split.
DASK_CEILING = "dask ceiling: the sweep twice at once, one per Dask worker"
DASK_ALONE = "the sweep in one Dask worker, alone"

#: What the second Dask cluster's workers get on top of Dask's own environment. Dask's
#: nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` for its workers, which turns glibc's
#: self-tuning off; a sweep lifts the trim and mmap thresholds while a chunk runs
#: (multivector/explore/_allocator.py), so this setting, once advised, should change
#: nothing: the second cluster checks that.
DASK_ALLOCATOR = {"MALLOC_MMAP_THRESHOLD_": str(64 * 2**20)}


def _measure(
    runners: dict[str, Callable[[str, Path], float]], tmp: Path, rounds: int
) -> dict[str, dict[str, float]]:
    """The best of ``rounds`` alternating runs of each runner on each sweep, after two
    untimed runs each (every worker imports the package and loads the model)."""
    for name in SWEEPS:
        for key, run in runners.items():
            for _ in range(2):
                run(name, tmp / f"warm-{key[:4]}.csv")
    times: dict[str, dict[str, list[float]]] = {n: {k: [] for k in runners} for n in SWEEPS}
    for _ in range(rounds):
        for name in SWEEPS:
            for key, run in runners.items():
                times[name][key].append(run(name, tmp / f"par-{key[:4]}.csv"))
    return {n: {k: min(v) for k, v in t.items()} for n, t in times.items()}


def parallel(tmp: Path, side: int, rounds: int) -> dict[str, Any]:
    figures: dict[str, Any] = {"load before": load(), "points": side * side}
    best: dict[str, dict[str, float]] = {n: {} for n in SWEEPS}
    with ProcessPoolExecutor(max_workers=2) as pool:

        def copies(name: str, out: Path, n: int) -> float:
            start = time.perf_counter()
            runs = [pool.submit(timed, name, side, out.with_suffix(f".{i}.csv")) for i in range(n)]
            for run in runs:
                run.result()
            return time.perf_counter() - start

        local = _measure(
            {
                "1 worker": lambda name, out: timed(name, side, out),
                "process pool, 2 workers": lambda name, out: timed(name, side, out, executor=pool),
                ALONE: lambda name, out: copies(name, out, 1),
                CEILING: lambda name, out: copies(name, out, 2),
            },
            tmp,
            rounds,
        )
    for name in SWEEPS:
        best[name].update(local[name])
    try:
        import dask
        from dask.distributed import Client, LocalCluster
    except ImportError:
        figures["dask"] = "not installed"
    else:
        # one cluster at a time, after the pool: a cluster's scheduler and client threads
        # live in this process, and even idle they slowed the one-worker sweep by a fifth
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
        for key, extra in (("", {}), (", mmap threshold", DASK_ALLOCATOR)):
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ | extra}):
                cluster = LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
            client = Client(cluster)
            try:

                def on_cluster(name: str, out: Path, client: Any = client) -> float:
                    return timed(name, side, out, client=client)

                def on_workers(name: str, out: Path, n: int, client: Any = client) -> float:
                    addresses = sorted(client.scheduler_info()["workers"])
                    start = time.perf_counter()
                    runs = [
                        client.submit(
                            timed,
                            name,
                            side,
                            out.with_suffix(f".{i}.csv"),
                            pure=False,
                            workers=[addresses[i]],
                        )
                        for i in range(n)
                    ]
                    client.gather(runs)
                    return time.perf_counter() - start

                on_dask = _measure(
                    {
                        f"dask LocalCluster, 2 workers{key}": on_cluster,
                        DASK_ALONE + key: lambda name, out: on_workers(name, out, 1),
                        DASK_CEILING + key: lambda name, out: on_workers(name, out, 2),
                    },
                    tmp,
                    rounds,
                )
            finally:
                client.close()
                cluster.close()
            for name in SWEEPS:
                best[name].update(on_dask[name])
        figures["dask worker environment"] = environ
        figures["dask worker environment, second cluster"] = environ | DASK_ALLOCATOR
    for name in SWEEPS:
        one = best[name]["1 worker"]
        ceilings = [(CEILING, ALONE, "process pool, 2 workers", "process pool")]
        for key in ("", ", mmap threshold"):
            if DASK_CEILING + key in best[name]:
                ceilings.append(
                    (
                        DASK_CEILING + key,
                        DASK_ALONE + key,
                        f"dask LocalCluster, 2 workers{key}",
                        f"dask{key}",
                    )
                )
        twofold = {c for c, _, _, _ in ceilings}
        figures[name] = {
            k: {"seconds": t, "points/s": side * side / t, "speed-up": one / t}
            for k, t in best[name].items()
            if k not in twofold
        }
        for ceiling, alone_key, sweep_key, label in ceilings:
            # a ceiling did the sweep twice, each in a worker: its speed-up is two of
            # those over its own time
            twice, alone = best[name][ceiling], best[name][alone_key]
            figures[name][ceiling] = {
                "seconds": twice,
                "points/s": 2 * side * side / twice,
                "speed-up": 2 * alone / twice,
            }
            figures[name][f"{label} over its ceiling"] = (
                figures[name][sweep_key]["speed-up"] / figures[name][ceiling]["speed-up"]
            )
    for name in SWEEPS:
        rows = {}
        for workers in (1, 2):
            args = ["sweep", *vary_args(name, side), "--workers", str(workers)]
            args += ["--out", str(tmp / f"cli-{workers}.csv"), "--force"]
            runs = [cli(args) for _ in range(rounds)]
            rows[workers] = min(w for w, _ in runs)
        figures[name]["command line, start-up included"] = {
            "1 worker seconds": rows[1],
            "2 workers seconds": rows[2],
            "speed-up": rows[1] / rows[2],
        }
    figures["load after"] = load()
    return figures


# ---------------------------------------------------------------------- memory
MEMORY_CHILD = """
import resource, sys, tempfile
from pathlib import Path
from multivector.explore.sweep import Sweep, grid_axis
side = int(sys.argv[1])
sweep = Sweep("great-powers", grid=[
    grid_axis("kazakhstan.autonomy_value", 0, 0.3, side),
    grid_axis("kazakhstan.bandwagon_premium", 0, 1, side),
], max_points=side * side)
with tempfile.TemporaryDirectory() as d:
    result = sweep.run(Path(d) / "m.csv", workers=2, force=True)
    assert result.complete and len(result) == side * side
    status = Path("/proc/self/status")
    if status.exists():  # Linux: this process's own peak (VmHWM, in KiB)
        line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
        print(int(line.split()[1]) * 1024)
    else:
        unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * unit)
"""


def memory(sides: list[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for side in sides:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", MEMORY_CHILD, str(side)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        out[f"{side * side:,} points"] = {
            "parent max RSS MB": int(done.stdout.split()[-1]) / 1e6,
            "seconds": time.perf_counter() - start,
        }
    first, last = (out[f"{side * side:,} points"] for side in (sides[0], sides[-1]))
    out[f"RSS ratio, {sides[-1] ** 2:,} / {sides[0] ** 2:,} points"] = (
        last["parent max RSS MB"] / first["parent max RSS MB"]
    )
    return out


# ---------------------------------------------------------------------- peers
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


def peers(tmp: Path, side: int, count: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in SWEEPS:
        ours = side * side / min(timed(name, side, tmp / "peer.csv") for _ in range(2))
        row: dict[str, Any] = {"multivector, 1 worker points/s": ours}
        if name.startswith("great-powers"):
            try:
                import pygambit as gbt
            except ImportError:
                row["pygambit enumpure_solve loop"] = "not installed"
            else:

                def gambit(game: Any) -> int:
                    g = gbt.Game.from_arrays(*[game.payoffs[i] for i in range(game.num_players)])
                    return len(gbt.nash.enumpure_solve(g).equilibria)

                rate = peer_loop(name, side, count, gambit)
                row["pygambit enumpure_solve loop points/s"] = rate
                row["multivector / pygambit"] = ours / rate
        else:
            try:
                import nashpy
            except ImportError:
                row["nashpy support_enumeration loop"] = "not installed"
            else:

                def nash(game: Any) -> int:
                    A, B = game.bimatrix()
                    return len(list(nashpy.Game(A, B).support_enumeration()))

                rate = peer_loop(name, side, count, nash)
                row["nashpy support_enumeration loop points/s"] = rate
                row["multivector / nashpy"] = ours / rate
        out[name] = row
    return out


# ---------------------------------------------------------------------- report
def show(title: str, data: Any, indent: int = 0) -> None:
    pad = "  " * indent
    if isinstance(data, dict):
        print(f"{pad}{title}")
        for k, v in data.items():
            show(k, v, indent + 1)
    elif isinstance(data, float):
        print(f"{pad}{title:<44} {data:>12,.3f}")
    else:
        print(f"{pad}{title:<44} {data!s:>12}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sweeps, no 10^6 run")
    parser.add_argument("--only", help="comma-separated sections: startup,parallel,memory,peers")
    parser.add_argument("--out", help="write the figures as JSON")
    args = parser.parse_args()
    sections = (args.only or "startup,parallel,memory,peers").split(",")
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"{time.strftime('%Y-%m-%d')}, load average {load():.2f}"
    )
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if "startup" in sections:
            figures["start-up, 2 x 2 grid, seconds"] = startup(tmp, 5 if args.quick else 9)
        if "parallel" in sections:
            figures["parallel"] = parallel(tmp, 100 if args.quick else 200, 2 if args.quick else 4)
        if "memory" in sections:
            figures["memory"] = memory([100, 316] if args.quick else [316, 1000])
        if "peers" in sections:
            figures["peers"] = peers(tmp, 100 if args.quick else 200, 50 if args.quick else 200)
    for title, data in figures.items():
        show(title, data)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        tmp_out = Path(args.out).with_suffix(".tmp")
        tmp_out.write_text(json.dumps(figures, indent=2))
        os.replace(tmp_out, args.out)


if __name__ == "__main__":
    main()
