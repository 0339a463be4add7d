"""The head of the repository against a base revision: the same games and calls, timed in
alternating processes. Issue 13's no-regression target ("every size and method in
bench_solvers.py at most 1.05x its time before this issue") is a comparison of two
versions of multivector, not of multivector against a peer, so it is measured here.

Run from a git checkout of the repository::

    python benchmarks/bench_regression.py                  # every section, 3 rounds
    python benchmarks/bench_regression.py --quick          # small sizes, 2 rounds
    python benchmarks/bench_regression.py --base 399ff40 --only enumeration --rounds 5
    python benchmarks/bench_regression.py --out benchmarks/results/regression.json

The base revision is exported with ``git archive`` into a temporary directory (its numba
cache is filled by a first, untimed round). Each round runs every section once in a
process of the base and once in a process of the head, in alternating order, each
process importing ``multivector`` from its own tree (checked). A section's ratio in a
round is the median over its games of head time / base time per game (games that either
version refuses are left out and counted); the reported ratio is the median over rounds,
with every round's ratio beside it. Above 1.0 the head is slower.

Sections, each on the games and calls of the same section of ``bench_solvers.py``:

``enumeration``
    ``solve(game, method="vertex")`` on 10 random n x n games per size (n = 4 to 16),
    after the same warm-up games (so the compiled walks are loaded); median of 3 calls.
``lemke_howson``
    ``solve(game, method="lemke-howson", label=0)`` on random n x n games (n = 10 to
    200); median of 3 calls.
``exact``
    ``solve(game, method="exact")`` on random integer games (payoffs 0..10^6), CPU time
    of one call, n = 6 and 8 (the base takes seconds per game from 10x10), after the
    same untimed 14x14 game where the tree has the exact path's compiled proof.
``pure_batch``
    ``pure_nash_batch`` and ``pure_nash_mask`` on 10,000 random 4-player 3x3x3x3 games;
    median of 5 calls.
``cold_start``
    ``python -m multivector solve`` and ``python -c "import multivector"`` as new
    processes, median wall time of 5 runs.

Every worker process runs under a time limit (``--timeout``); a worker past it is
killed and its section reported as timed out, never waited on.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from bench_solvers import atomic_write_json, fmt_time, random_bimatrices

#: The last commit before issue 13's work (2026-11-26): "before this issue".
BASE = "399ff40"
SEED = 20240611
EXACT_MAX_PAYOFF = 1_000_000
SECTIONS = ("enumeration", "lemke_howson", "exact", "pure_batch", "cold_start")
SINGLE_SHOT_SECONDS = 1.0
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- worker side
def median_call(call: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        dt = time.perf_counter() - t0
        times.append(dt)
        if dt > SINGLE_SHOT_SECONDS:
            break
    return float(statistics.median(times))


def per_game_times(
    games: Sequence[tuple[Any, Any]], run: Callable[[Any], Any], repeats: int
) -> list[float | None]:
    """Each game's median time, or None where the call raised (a refused game)."""
    from multivector import NormalFormGame

    out: list[float | None] = []
    for A, B in games:
        game = NormalFormGame([A, B])
        try:
            out.append(median_call(lambda g=game: run(g), repeats))
        except Exception:
            out.append(None)
    return out


def work_enumeration(sizes: Sequence[int]) -> dict[str, list[float | None]]:
    from multivector import NormalFormGame
    from multivector.solver import solve

    warm = random_bimatrices(SEED, 0, 3, 1) + random_bimatrices(SEED, 0, 6, 1)
    warm += random_bimatrices(SEED, 0, 12, 1) + random_bimatrices(SEED, 0, 14, 1)
    for A, B in warm:
        solve(NormalFormGame([A, B]), method="vertex")
    return {
        f"vertex {n}x{n}": per_game_times(
            random_bimatrices(SEED, 1, n, 10), lambda g: solve(g, method="vertex"), 3
        )
        for n in sizes
    }


def work_lemke_howson(sizes: Sequence[int]) -> dict[str, list[float | None]]:
    from multivector import NormalFormGame
    from multivector.solver import solve

    def run(g: Any) -> Any:
        return solve(g, method="lemke-howson", label=0)

    for A, B in random_bimatrices(SEED, 0, 3, 1) + random_bimatrices(SEED, 0, 20, 1):
        run(NormalFormGame([A, B]))
    for A, B in random_bimatrices(SEED, 0, 40, 1):
        run(NormalFormGame([A, B]))
    return {
        f"lemke-howson {n}x{n}": per_game_times(
            random_bimatrices(SEED, 2, n, 10 if n <= 50 else 5), run, 3
        )
        for n in sizes
    }


def work_exact(sizes: Sequence[int]) -> dict[str, list[float | None]]:
    from multivector import NormalFormGame
    from multivector.solver import solve

    # bench_solvers' warm-up: one untimed 14x14 game, which loads the compiled walk and
    # proof of exact enumeration; a tree without them skips it (it would walk that game
    # in integers for most of a minute, and load nothing)
    if importlib.util.find_spec("multivector.solver._certify_numba") is not None:
        rng = np.random.default_rng((SEED, 6, 0))
        warm = [rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(14, 14)).tolist() for _ in range(2)]
        solve(NormalFormGame.from_bimatrix(*warm), method="exact")
    out: dict[str, list[float | None]] = {}
    for n in sizes:
        rng = np.random.default_rng((SEED, 6, n))
        times: list[float | None] = []
        for _ in range(10):
            A = rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(n, n))
            B = rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(n, n))
            game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
            t0 = time.process_time()
            try:
                solve(game, method="exact")
            except Exception:
                times.append(None)
                continue
            times.append(time.process_time() - t0)
        out[f"exact {n}x{n} (CPU)"] = times
    return out


def work_pure_batch(sizes: Sequence[int]) -> dict[str, list[float | None]]:
    from multivector.solver.pure import pure_nash_batch, pure_nash_mask

    stack = np.random.default_rng((SEED, 3)).random((10_000, 4, 3, 3, 3, 3))
    pure_nash_batch(stack[:10])
    out: dict[str, list[float | None]] = {}
    for name, func in (("pure_nash_batch", pure_nash_batch), ("pure_nash_mask", pure_nash_mask)):
        func(stack)
        out[f"{name} 10,000 x 3^4"] = [median_call(lambda f=func: f(stack), 5)]
    return out


def work_cold_start(sizes: Sequence[int]) -> dict[str, list[float | None]]:
    env = {**os.environ, "PYTHONPATH": sys.path[0]}
    commands = {
        "python -m multivector solve": [sys.executable, "-m", "multivector", "solve"],
        'python -c "import multivector"': [sys.executable, "-c", "import multivector"],
    }
    probe = [sys.executable, "-c", "import multivector; print(multivector.__file__)"]
    where = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=120)
    if not Path(where.stdout.strip()).resolve().is_relative_to(Path(sys.path[0]).resolve()):
        raise SystemExit(f"a new process imported multivector from {where.stdout.strip()}")
    out: dict[str, list[float | None]] = {}
    for label, cmd in commands.items():
        subprocess.run(cmd, env=env, capture_output=True, timeout=120, check=True)
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, timeout=120, check=True)
            times.append(time.perf_counter() - t0)
        out[label] = [statistics.median(times)]
    return out


WORK: dict[str, Callable[[Sequence[int]], dict[str, list[float | None]]]] = {
    "enumeration": work_enumeration,
    "lemke_howson": work_lemke_howson,
    "exact": work_exact,
    "pure_batch": work_pure_batch,
    "cold_start": work_cold_start,
}


def worker(tree: str, section: str, sizes: Sequence[int]) -> None:
    """Import multivector from ``tree`` (first on the path), run one section, print JSON."""
    sys.path.insert(0, tree)
    import multivector

    where = Path(multivector.__file__).resolve()
    if not where.is_relative_to(Path(tree).resolve()):
        raise SystemExit(f"multivector was imported from {where}, not from {tree}")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        print(json.dumps(WORK[section](sizes)))


# --------------------------------------------------------------------------- parent side
def export_base(rev: str, into: Path) -> str:
    """``git archive rev`` unpacked into ``into``; returns the full commit id."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if commit.returncode != 0:
        raise SystemExit(
            f"error: {rev!r} is not a commit of this repository ({commit.stderr.strip()}); "
            "run from a git checkout, or pass --base with a commit it has"
        )
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", rev],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return commit.stdout.strip()


def run_worker(
    tree: Path, section: str, sizes: Sequence[int], timeout: float
) -> dict[str, list[float | None]] | str:
    cmd = [sys.executable, __file__, "--worker", str(tree), "--section", section]
    cmd += ["--sizes", ",".join(map(str, sizes))]
    env = {
        **os.environ,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    env.pop("PYTHONPATH", None)
    try:
        done = subprocess.run(
            cmd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tempfile.gettempdir(),
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g} s"
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"failed: {tail}"
    result: dict[str, list[float | None]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def round_ratios(
    head: dict[str, list[float | None]], base: dict[str, list[float | None]]
) -> dict[str, dict[str, Any]]:
    """Per case: median over games of head / base, and how many games one side refused."""
    out = {}
    for case, h in head.items():
        b = base.get(case)
        if b is None:
            continue
        pairs = [(x, y) for x, y in zip(h, b, strict=True) if x is not None and y is not None]
        out[case] = {
            "ratio": statistics.median(x / y for x, y in pairs) if pairs else None,
            "head_s": statistics.median(x for x, _ in pairs) if pairs else None,
            "base_s": statistics.median(y for _, y in pairs) if pairs else None,
            "head_refused": sum(x is None for x in h),
            "base_refused": sum(y is None for y in b),
        }
    return out


def median_or_none(values: Sequence[float | None]) -> float | None:
    """The median of the values that are not None (None when there are none: every game
    of the case refused by one of the two trees)."""
    kept = [v for v in values if v is not None]
    return statistics.median(kept) if kept else None


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unavailable"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE, help=f"the revision to compare with ({BASE})")
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds (3; 2 quick)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 rounds")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per worker")
    parser.add_argument("--out", help="write the results as JSON (atomically)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--section", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.section, [int(s) for s in args.sizes.split(",") if s])
        return 0

    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    sizes = {
        "enumeration": [4, 6, 8] if args.quick else [4, 6, 8, 10, 12, 14, 16],
        "lemke_howson": [10, 30] if args.quick else [10, 30, 50, 100, 200],
        "exact": [6] if args.quick else [6, 8],
        "pure_batch": [],
        "cold_start": [],
    }
    rounds = args.rounds if args.rounds is not None else (2 if args.quick else 3)
    if rounds < 1:
        parser.error("--rounds must be at least 1")

    with tempfile.TemporaryDirectory(prefix="mv-base-") as tmp:
        base_tree = Path(tmp)
        commit = export_base(args.base, base_tree)
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(
            f"head {head[:10]}{' (with uncommitted changes)' if dirty else ''} "
            f"against base {commit[:10]}; python {platform.python_version()}, "
            f"numpy {np.__version__}, {os.cpu_count()} CPUs"
        )
        print(f"load average at the start: {load_average()}")
        results: dict[str, Any] = {
            "head": head,
            "dirty": bool(dirty),
            "base": commit,
            "python": platform.python_version(),
            "numpy": np.__version__,
            "load_start": load_average(),
            "sections": {},
        }
        trees = {"base": base_tree, "head": ROOT}
        for section in sections:
            print(f"\n{section}: untimed round (fills the numba caches) ...", flush=True)
            failed = None
            for tree in trees.values():
                got = run_worker(tree, section, sizes[section], args.timeout)
                if isinstance(got, str):
                    failed = got
            if failed:
                print(f"  skipped: {failed}")
                results["sections"][section] = {"status": failed}
                continue
            per_round: list[dict[str, dict[str, Any]]] = []
            for r in range(rounds):
                order = ("base", "head") if r % 2 == 0 else ("head", "base")
                got_round: dict[str, Any] = {}
                for side in order:
                    got_round[side] = run_worker(
                        trees[side], section, sizes[section], args.timeout
                    )
                if any(isinstance(v, str) for v in got_round.values()):
                    why = next(v for v in got_round.values() if isinstance(v, str))
                    print(f"  round {r + 1}: {why}")
                    continue
                per_round.append(round_ratios(got_round["head"], got_round["base"]))
                print(f"  round {r + 1} done", flush=True)
            cases: dict[str, Any] = {}
            width = max((len(c) for rr in per_round for c in rr), default=10)
            print(f"  {'case':<{width}}  {'base':>9}  {'head':>9}  head/base (rounds)")
            for case in per_round[0] if per_round else {}:
                ratios = [rr[case]["ratio"] for rr in per_round if rr[case]["ratio"] is not None]
                med = median_or_none(ratios)
                base_s = median_or_none([rr[case]["base_s"] for rr in per_round])
                head_s = median_or_none([rr[case]["head_s"] for rr in per_round])
                refused = (per_round[0][case]["base_refused"], per_round[0][case]["head_refused"])
                cases[case] = {
                    "ratio": med,
                    "round_ratios": ratios,
                    "base_median_s": base_s,
                    "head_median_s": head_s,
                    "refused_base_head": refused,
                }
                note = ""
                if any(refused):
                    note = f"  refused: base {refused[0]}, head {refused[1]}"
                flag = "  over 1.05" if med is not None and med > 1.05 else ""
                listed = ", ".join(f"{x:.2f}" for x in ratios)
                print(
                    f"  {case:<{width}}  {fmt_time(base_s):>9}  {fmt_time(head_s):>9}  "
                    f"{'-' if med is None else f'{med:.2f}'} ({listed}){flag}{note}"
                )
            results["sections"][section] = {"status": "ok", "cases": cases}
        results["load_end"] = load_average()
        print(f"\nload average at the end: {load_average()}")
    if args.out:
        atomic_write_json(args.out, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
