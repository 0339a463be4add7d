"""All isolated equilibria of n-player games: multivector against Gambit, side by side.

Run from the repository root::

    python benchmarks/bench_nplayer.py                 # full run, 2-4 minutes on 2 CPUs
    python benchmarks/bench_nplayer.py --quick         # smoke run, under a minute
    python benchmarks/bench_nplayer.py --repeats 7 --out benchmarks/results/nplayer.json

On the same games, in one run: multivector's ``solve(game, method="support-homotopy")``,
and pygambit's ``enumpoly_solve`` (support enumeration with a polynomial solver, Gambit's
method for every equilibrium) and ``gnm_solve`` (the global Newton method of Govindan and
Wilson, which finds some). Families: 10 random 3x3x3 games, 10 random 2x2x2x2 games,
Gambit's catalog games ``2x2x2.nfg``, ``3x3x3.nfg``, ``g3.nfg``, ``2x2x2x2x2.nfg``, and
``5x4x3.nfg`` (target: under 5 s). The catalog games are read from the reference-games
folder (``$MULTIVECTOR_REFERENCE_GAMES`` or ``../shared/research/games``); Gambit reads
the same files with its own reader.

On a machine running other work, wall-clock times of calls of a few milliseconds
depend on the scheduler: a call shorter than a time slice often runs undisturbed, a
longer one is stretched by about the load average divided by the number of CPUs. So the
CPU-time ratio is printed beside the wall-clock one, and both against the targets.

Every call runs in a worker process, one game at a time, under a time cap: pygambit's
compiled code cannot be interrupted inside a process, so a call past its cap has its
worker killed and replaced, and is reported as a timeout (Gambit's ``gnm`` does not return
on ``2x2x2.nfg``). Each call is timed inside the worker around the solver call only (game
objects are built first), by wall clock and by CPU time. The libraries alternate within
each repeat, so that a burst of load on a shared machine hits all of them alike. Figures
are medians over repeats, then over the games of a family; ratios are multivector / peer.

The superset check: every profile a peer returns whose regret is at most ``1e-6`` of the
payoff range must be within ``1e-6`` (largest coordinate difference) of an equilibrium
that multivector returns. Peer profiles with larger regret are counted apart.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Every solver here is single-threaded; one BLAS thread keeps the comparison about the
# algorithms on a loaded machine (set before numpy is imported, here and in workers).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

LIBS = ("multivector", "numpy path", "enumpoly", "gnm")
CATALOG = ("2x2x2.nfg", "3x3x3.nfg", "g3.nfg", "2x2x2x2x2.nfg")
BIG = "5x4x3.nfg"
MATCH_TOL = 1e-6
REGRET_TOL = 1e-6
# A call longer than this is not repeated: one measurement is enough.
SINGLE_SHOT_SECONDS = 1.0


# --------------------------------------------------------------------------- worker
def _build(lib: str, spec: tuple[str, Any]) -> Any:
    kind, value = spec
    if lib in ("multivector", "numpy path"):
        from multivector import NormalFormGame
        from multivector.games.formats.nfg import read_nfg

        return read_nfg(value) if kind == "file" else NormalFormGame(np.asarray(value))
    import pygambit as gbt

    if kind == "file":
        return gbt.read_nfg(str(value))
    arrays = np.asarray(value)
    return gbt.Game.from_arrays(*(arrays[i] for i in range(arrays.shape[0])))


def _call(lib: str, game: Any) -> tuple[list[list[list[float]]], dict[str, Any]]:
    """Run one solver; its equilibria as nested float lists, and what else it says."""
    if lib in ("multivector", "numpy path"):
        from multivector import solve
        from multivector.solver import _subdivision

        if lib == "numpy path":  # the compiled kernel hidden for this call
            kernel = _subdivision.compiled_kernel
            _subdivision.compiled_kernel = lambda *args: None
            try:
                sol = solve(game, method="support-homotopy")
            finally:
                _subdivision.compiled_kernel = kernel
        else:
            sol = solve(game, method="support-homotopy")
        profiles = [[x.tolist() for x in eq.profile] for eq in sol]
        return profiles, {"complete": bool(sol.complete), "note": sol.notes[0]}
    import pygambit as gbt

    if lib == "enumpoly":
        result = gbt.nash.enumpoly_solve(game, use_strategic=True)
    else:
        result = gbt.nash.gnm_solve(game)
    players = list(game.players)
    profiles = [
        [[float(eq[s]) for s in p.strategies] for p in players] for eq in result.equilibria
    ]
    return profiles, {}


def _worker(conn: Any) -> None:
    games: dict[tuple[str, str], Any] = {}
    while True:
        request = conn.recv()
        if request is None:
            return
        lib, key, spec = request
        try:
            if (lib, key) not in games:
                games[(lib, key)] = _build(lib, spec)
            game = games[(lib, key)]
            wall, cpu = time.perf_counter(), time.process_time()
            profiles, extra = _call(lib, game)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            conn.send(("ok", wall, cpu, profiles, extra))
        except Exception as exc:  # reported, never raised: the run goes on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class Runner:
    """A worker process that runs one solver call at a time under a time cap; every new
    worker (the first, and each one replacing a worker killed at its cap) first runs the
    warm-up games, untimed."""

    def __init__(
        self,
        warm: Sequence[tuple[Game, Sequence[str]]] = (),
        caps: dict[str, float] | None = None,
    ) -> None:
        self.context = mp.get_context("spawn")
        self.process: Any = None
        self.conn: Any = None
        self.warm_games = list(warm)
        self.caps = caps or {}
        self.warm_seconds = 0.0

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        self.conn = parent
        start = time.perf_counter()
        for game, libs in self.warm_games:
            for lib in libs:
                if not self._call(
                    lib, f"warm-up {game.name}", game.spec, self.caps.get(lib, 60.0)
                ):
                    break  # the worker was replaced: warm the next one instead
        self.warm_seconds = time.perf_counter() - start

    def warm(self) -> None:
        if self.process is None or not self.process.is_alive():
            self._start()

    def _call(self, lib: str, key: str, spec: tuple[str, Any], cap: float) -> bool:
        self.conn.send((lib, key, spec))
        if self.conn.poll(cap):
            self.conn.recv()
            return True
        self.process.kill()
        self.process.join()
        self.process = None
        return False

    def run(self, lib: str, key: str, spec: tuple[str, Any], cap: float) -> tuple[Any, ...]:
        self.warm()
        self.conn.send((lib, key, spec))
        if self.conn.poll(cap):
            answer: tuple[Any, ...] = self.conn.recv()
            return answer
        self.process.kill()
        self.process.join()
        self.process = None
        return ("timeout", cap)

    def close(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.conn.send(None)
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()


# --------------------------------------------------------------------------- games
@dataclass
class Game:
    family: str
    name: str
    spec: tuple[str, Any]
    payoffs: np.ndarray  # for the regret of peer profiles


@dataclass
class Outcome:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    profiles: list[list[list[float]]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    failure: str | None = None  # "timeout after 30 s", "error: ..."

    @property
    def median_wall(self) -> float | None:
        return statistics.median(self.wall) if self.wall else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None


def random_games(shape: tuple[int, ...], count: int, seed: int) -> list[Game]:
    """Payoffs uniform in [0, 1): regular with probability one."""
    label = "x".join(map(str, shape))
    out = []
    for k in range(count):
        rng = np.random.default_rng([seed, len(shape), *shape, k])
        payoffs = rng.uniform(0.0, 1.0, size=(len(shape), *shape))
        out.append(Game(f"random {label}", f"{label} #{k}", ("array", payoffs.tolist()), payoffs))
    return out


def catalog_game(folder: Path, name: str) -> Game | None:
    path = folder / "gambit-contrib" / name
    if not path.exists():
        return None
    from multivector.games.formats.nfg import read_nfg

    return Game(name, name, ("file", str(path)), read_nfg(path).payoffs)


def games_folder() -> Path | None:
    env = os.environ.get("MULTIVECTOR_REFERENCE_GAMES")
    here = Path(__file__).resolve().parents[1]
    for c in ([Path(env)] if env else []) + [here.parent / "shared" / "research" / "games"]:
        if c.is_dir():
            return c
    return None


# --------------------------------------------------------------------------- checks
def regret(payoffs: np.ndarray, profile: Sequence[Sequence[float]]) -> float:
    n = payoffs.shape[0]
    x = [np.asarray(p, dtype=float) for p in profile]
    worst = 0.0
    for i in range(n):
        u = payoffs[i]
        for j in reversed(range(n)):
            if j != i:
                u = np.tensordot(u, x[j], axes=([j], [0]))
        worst = max(worst, float(u.max() - u @ x[i]))
    return worst


def superset(game: Game, ours: Outcome, peer: Outcome) -> tuple[bool | None, int]:
    """Whether every genuine equilibrium of the peer is among ours, and how many of the
    peer's profiles are not equilibria (regret above the tolerance)."""
    if ours.profiles is None or peer.profiles is None:
        return None, 0
    scale = max(1.0, float(np.ptp(game.payoffs.reshape(game.payoffs.shape[0], -1), axis=1).max()))
    mine = [np.concatenate([np.asarray(x) for x in p]) for p in ours.profiles]
    ok, wrong = True, 0
    for p in peer.profiles:
        if regret(game.payoffs, p) > REGRET_TOL * scale:
            wrong += 1
            continue
        v = np.concatenate([np.asarray(x) for x in p])
        if not any(np.abs(v - w).max() <= MATCH_TOL for w in mine):
            ok = False
    return ok, wrong


# --------------------------------------------------------------------------- running
def bench_game(
    runner: Runner, game: Game, repeats: int, caps: dict[str, float]
) -> dict[str, Outcome]:
    out = {lib: Outcome() for lib in LIBS}
    for r in range(repeats):
        for lib in LIBS:
            o = out[lib]
            if o.failure or (r > 0 and o.wall and o.wall[0] > SINGLE_SHOT_SECONDS):
                continue
            answer = runner.run(lib, game.name, game.spec, caps[lib])
            if answer[0] == "ok":
                _, wall, cpu, profiles, extra = answer
                o.wall.append(wall)
                o.cpu.append(cpu)
                o.profiles, o.extra = profiles, extra
            elif answer[0] == "timeout":
                o.failure = f"timeout after {answer[1]:g} s"
            else:
                o.failure = f"error: {answer[1]}"
    return out


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def met(ratio: float | None, target: float = 2.0) -> str:
    return "-" if ratio is None else ("met" if ratio <= target else "NOT met")


def median_or_none(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return statistics.median(kept) if kept else None


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(c), *(len(r[k]) for r in rows)) for k, c in enumerate(columns)]
    print(f"\n{title}")
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))


def summarise(family: str, games: list[Game], results: list[dict[str, Outcome]]) -> dict[str, Any]:
    ours = [r["multivector"] for r in results]
    plain = [r["numpy path"] for r in results]
    enum = [r["enumpoly"] for r in results]
    gnm = [r["gnm"] for r in results]

    def ratios(peer: list[Outcome], clock: str, mine: list[Outcome] = ours) -> list[float]:
        out = []
        for a, b in zip(mine, peer, strict=True):
            x = a.median_wall if clock == "wall" else a.median_cpu
            y = b.median_wall if clock == "wall" else b.median_cpu
            if x is not None and y is not None and y > 0:
                out.append(x / y)
        return out

    checks = [
        superset(g, r["multivector"], r[p])
        for g, r in zip(games, results, strict=True)
        for p in ("enumpoly", "gnm")
    ]
    known = [c[0] for c in checks if c[0] is not None]
    wall_ratio = ratios(enum, "wall")
    cpu_ratio = ratios(enum, "cpu")
    return {
        "family": family,
        "games": len(games),
        "multivector": median_or_none([o.median_wall for o in ours]),
        "numpy path": median_or_none([o.median_wall for o in plain]),
        "ratio_numpy_path_median": median_or_none(ratios(enum, "wall", plain)),
        "ratio_numpy_path_cpu_median": median_or_none(ratios(enum, "cpu", plain)),
        "enumpoly": median_or_none([o.median_wall for o in enum]),
        "gnm": median_or_none([o.median_wall for o in gnm]),
        "ratio_enumpoly_median": statistics.median(wall_ratio) if wall_ratio else None,
        "ratio_enumpoly_max": max(wall_ratio) if wall_ratio else None,
        "ratio_enumpoly_cpu_median": statistics.median(cpu_ratio) if cpu_ratio else None,
        "ratio_gnm_median": median_or_none(ratios(gnm, "wall")),
        "equilibria": {lib: sum(len(r[lib].profiles or []) for r in results) for lib in LIBS},
        "complete": sum(bool(o.extra.get("complete")) for o in ours),
        "superset": all(known) if known else None,
        "superset_checked": len(known),
        "peer_non_equilibria": sum(c[1] for c in checks),
        "failures": {
            lib: [
                f"{g.name}: {r[lib].failure}"
                for g, r in zip(games, results, strict=True)
                if r[lib].failure
            ]
            for lib in LIBS
        },
    }


def machine() -> dict[str, Any]:
    versions = {"numpy": np.__version__}
    for name in ("multivector", "pygambit", "scipy"):
        try:
            module = __import__(name)
            versions[name] = getattr(module, "__version__", "?")
        except ImportError:
            versions[name] = "not installed"
    return {
        "date": time.strftime("%Y-%m-%d"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(v, 2) for v in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "versions": versions,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="3 games per random family, 1 repeat, no 5x4x3"
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="calls per game (default 5; 1 with --quick)"
    )
    parser.add_argument("--seed", type=int, default=20261130, help="seed of the random games")
    parser.add_argument("--cap", type=float, default=60.0, help="time cap of one call, seconds")
    parser.add_argument(
        "--gnm-cap", type=float, default=20.0, help="time cap of one gnm call, seconds"
    )
    parser.add_argument("--out", type=Path, default=None, help="write every figure as JSON")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    count = 3 if args.quick else 10
    info = machine()
    print("multivector n-player enumeration against Gambit (pygambit)")
    print(
        f"{info['date']}; python {info['python']} on {info['platform']} ({info['processor']}, "
        f"{info['cpu_count']} CPUs, load average {info['load_average']})"
    )
    print("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"repeats={repeats} seed={args.seed} cap={args.cap:g} s (gnm {args.gnm_cap:g} s)")
    if info["versions"]["pygambit"] == "not installed":
        print(
            "pygambit is not installed: only multivector's times are shown (pip install pygambit)"
        )
    families: dict[str, list[Game]] = {
        "random 3x3x3": random_games((3, 3, 3), count, args.seed),
        "random 2x2x2x2": random_games((2, 2, 2, 2), count, args.seed),
    }
    folder = games_folder()
    names = list(CATALOG) + ([] if args.quick else [BIG])
    if folder is None:
        print("reference games not found (set MULTIVECTOR_REFERENCE_GAMES): catalog games skipped")
    else:
        for name in names:
            g = catalog_game(folder, name)
            if g is None:
                print(f"{name} not found in {folder}: skipped")
            else:
                families[name] = [g]
    caps = {"multivector": args.cap, "numpy path": args.cap, "enumpoly": args.cap}
    caps["gnm"] = args.gnm_cap
    # warm-up, untimed, in every worker: imports and first calls, and one call on a game
    # large enough to load multivector's compiled kernel (compiled with numba the first
    # time in an environment, then loaded from its disk cache); small games take the
    # numpy path until it is loaded (see multivector.solver._subdivision)
    big = catalog_game(folder, BIG) if folder is not None else None
    if big is None:
        big = random_games((4, 4, 3), 1, args.seed + 1)[0]
    warm = [(random_games((2, 2, 2), 1, args.seed + 1)[0], LIBS), (big, ("multivector",))]
    runner = Runner(warm, caps)
    summaries = []
    per_game: dict[str, Any] = {}
    try:
        runner.warm()
        print(f"warm-up (compiled kernel loaded, or compiled): {runner.warm_seconds:.1f} s")
        for family, games in families.items():
            results = [bench_game(runner, g, repeats, caps) for g in games]
            summaries.append(summarise(family, games, results))
            per_game[family] = {
                g.name: {
                    lib: {
                        "wall": r[lib].wall,
                        "cpu": r[lib].cpu,
                        "equilibria": len(r[lib].profiles or []),
                        "failure": r[lib].failure,
                        **r[lib].extra,
                    }
                    for lib in LIBS
                }
                for g, r in zip(games, results, strict=True)
            }
    finally:
        runner.close()
    rows = []
    for s in summaries:
        eq = s["equilibria"]
        check = "-" if s["superset"] is None else ("yes" if s["superset"] else "NO")
        rows.append(
            [
                s["family"],
                str(s["games"]),
                fmt_time(s["multivector"]),
                fmt_time(s["numpy path"]),
                fmt_time(s["enumpoly"]),
                fmt_time(s["gnm"]),
                fmt_ratio(s["ratio_enumpoly_median"]),
                fmt_ratio(s["ratio_enumpoly_max"]),
                fmt_ratio(s["ratio_enumpoly_cpu_median"]),
                fmt_ratio(s["ratio_numpy_path_median"]),
                f"{eq['multivector']} / {eq['enumpoly']} / {eq['gnm']}",
                f"{s['complete']}/{s['games']}",
                f"{check} ({s['superset_checked']} checks)",
            ]
        )
    table(
        "All isolated equilibria (medians; ratio = multivector / enumpoly, median and largest "
        "over the games, wall clock; cpu = the same on CPU time)",
        [
            "family",
            "games",
            "multivector",
            "numpy path",
            "enumpoly",
            "gnm",
            "ratio",
            "max ratio",
            "cpu ratio",
            "numpy ratio",
            "equilibria mv / enumpoly / gnm",
            "complete",
            "superset of both",
        ],
        rows,
    )
    for s in summaries:
        for lib, failures in s["failures"].items():
            for f in failures:
                print(f"  {lib}: {f}")
        if s["peer_non_equilibria"]:
            print(
                f"  {s['family']}: {s['peer_non_equilibria']} peer profile(s) with regret "
                f"above {REGRET_TOL:g} of the payoff range, not counted"
            )
    print("\nTargets (issue 13):")
    for s in summaries:
        if s["family"] == BIG:
            t = s["multivector"]
            verdict = "met" if t is not None and t < 5.0 else "NOT met"
            print(f"  {BIG}: multivector {fmt_time(t)} (target under 5 s): {verdict}")
            continue
        r, c = s["ratio_enumpoly_median"], s["ratio_enumpoly_cpu_median"]
        print(
            f"  {s['family']}: {fmt_ratio(r)} of enumpoly by wall clock ({met(r)}), "
            f"{fmt_ratio(c)} by CPU time ({met(c)}); target at most 2x; "
            f"superset of enumpoly and gnm: {s['superset']}"
        )
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_suffix(args.out.suffix + ".tmp")
        tmp.write_text(
            json.dumps({"machine": info, "summaries": summaries, "games": per_game}, indent=1)
        )
        tmp.replace(args.out)
        print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
