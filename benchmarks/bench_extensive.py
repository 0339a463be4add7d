"""Extensive-form methods against pygambit, side by side, in one run.

Two sections:

* ``lemke``: multivector's sequence-form Lemke (``lemke_sequence_form``, one equilibrium)
  and pygambit's ``lcp_solve`` on the same random 2-player trees of imperfect
  information (written to ``.efg`` by multivector and read by pygambit). Sizes: 16, 64,
  81, 256, about 1,000 and 10,000 terminal nodes. pygambit's ``lcp_solve`` on a tree
  cannot be stopped after one equilibrium (``stop_after`` and ``max_depth`` apply only
  to the strategic form): it enumerates the equilibria its Lemke paths reach. So each
  tree gets two peer rows: ``lcp_solve(g, rational=False)`` on the tree (it enumerates),
  and ``lcp_solve(g, rational=False, use_strategic=True, stop_after=1)`` (one
  equilibrium, on the reduced strategic form) where that form has at most
  ``STRATEGIC_PROFILES`` profiles. Each pygambit call runs in a child process killed at
  the time limit (``--limit``, default 300 s): a call still running then is reported as
  ``> limit`` and the ratio as an upper bound. Both answers are checked (regret).
* ``backward``: backward induction on random perfect-information trees of 10^5 and 10^6
  nodes, with the peak memory the call allocates (``tracemalloc``, which sees numpy's
  arrays) per node, to show it is linear in the tree. pygambit has no backward-induction
  solver for trees; it is not timed here.

Run from the repository root::

    python benchmarks/bench_extensive.py            # full run
    python benchmarks/bench_extensive.py --quick    # smaller sizes, 60 s limit

Time ratios are multivector / peer: below 1 means multivector is faster.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import textwrap
import time
import tracemalloc
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from multivector.games.extensive.generators import (
    random_perfect_information_game,
    random_two_player_game,
)
from multivector.games.extensive.reduced import reduced_strategy_counts
from multivector.games.formats.efg import write_efg
from multivector.solver.extensive.backward import backward_induction
from multivector.solver.extensive.sequence_form import lemke_sequence_form

# (rounds, actions per move): terminal nodes = (a1 * a2) ** rounds
LEMKE_SIZES = [
    (2, (2, 2)),
    (3, (2, 2)),
    (2, (3, 3)),
    (4, (2, 2)),
    (5, (2, 2)),
    (2, (10, 10)),
]
LEMKE_QUICK = [(2, (2, 2)), (3, (2, 2)), (2, (3, 3)), (4, (2, 2)), (5, (2, 2))]
#: Largest reduced strategic form (profiles) on which pygambit's lcp_solve is also run with
#: use_strategic=True, stop_after=1: it builds the whole payoff table first (a 1024 x 1024
#: form, 256 terminal nodes in 4 x 4 moves, took 235 s on this project's machine).
STRATEGIC_PROFILES = 20_000
NOTE = (
    "pygambit's lcp_solve on a tree cannot be stopped after one equilibrium (stop_after and "
    "max_depth apply only to the strategic form), so on the tree it enumerates the "
    "equilibria its Lemke paths reach ('tree, all'); 'strategic, 1' stops after one, on the "
    "reduced strategic form, where that form has at most "
    f"{STRATEGIC_PROFILES:,} profiles. multivector finds one equilibrium on the sequence "
    "form in both rows."
)


def _gambit_child(path: str, strategic: bool, queue: Any) -> None:
    """Child process: read the file with pygambit, time lcp_solve, report regret."""
    try:
        import pygambit as gbt

        game = gbt.read_efg(path)
        start = time.perf_counter()
        if strategic:
            result = gbt.nash.lcp_solve(game, rational=False, use_strategic=True, stop_after=1)
        else:
            result = gbt.nash.lcp_solve(game, rational=False)
        elapsed = time.perf_counter() - start
        regret = max(float(eq.max_regret()) for eq in result.equilibria)
        queue.put(("ok", elapsed, regret, len(result.equilibria)))
    except Exception as err:  # report, never hang the parent
        queue.put(("error", repr(err), None, 0))


def time_gambit(
    path: str, limit: float, *, strategic: bool = False
) -> tuple[str, float | None, float | None, int]:
    """``(status, seconds, largest regret, equilibria found)`` of one pygambit call, run in
    a child process killed at ``limit`` seconds."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_child, args=(path, strategic, queue))
    proc.start()
    proc.join(limit + 30)  # reading the file and importing count outside the limit
    if proc.is_alive():
        proc.kill()
        proc.join()
        return "timeout", None, None, 0
    if queue.empty():
        return "error", None, None, 0
    status, elapsed, regret, found = queue.get()
    if status != "ok":
        return f"error {elapsed}", None, None, 0
    if elapsed > limit:
        return "timeout", None, None, 0
    return "ok", float(elapsed), regret, int(found)


def gambit_available() -> str | None:
    try:
        import pygambit

        return str(pygambit.__version__)
    except ImportError:
        return None


def _peer_cells(
    ours: float, status: str, theirs: float | None, regret: float | None, found: int, limit: float
) -> str:
    if theirs is not None:
        return f"{theirs:9.3f}s {regret:8.1e} {found:>4} {ours / theirs:12.4f}x"
    if status == "timeout":
        over, bound = f"> {limit:.0f}s", f"< {ours / limit:.4f}x"
        return f"{over:>10} {'-':>8} {'-':>4} {bound:>13}"
    return f"{status[:10]:>10} {'-':>8} {'-':>4} {'-':>13}"


def run_lemke(sizes: list[tuple[int, tuple[int, int]]], limit: float, seed: int) -> None:
    version = gambit_available()
    print("\n== sequence-form Lemke vs pygambit lcp_solve (floating point) ==")
    print(textwrap.fill(NOTE, 92))
    if version is None:
        print("pygambit not installed: multivector timed alone (pip install pygambit)")
    print(
        f"{'terminals':>9} {'LCP size':>8} {'pivots':>7} {'multivector':>12} {'regret':>8}  "
        f"{'pygambit call':<14} {'pygambit':>10} {'regret':>8} {'eqa':>4} {'ratio mv/gbt':>13}"
    )
    for rounds, actions in sizes:
        game = random_two_player_game(rounds, actions=actions, seed=seed)
        start = time.perf_counter()
        sol = lemke_sequence_form(game)
        ours = time.perf_counter() - start
        note = sol.notes[0].split()
        pivots, size = note[3], note[-1]
        left = (
            f"{game.num_terminals:>9} {size:>8} {pivots:>7} {ours:11.3f}s {sol[0].regret:8.1e}  "
        )
        if version is None:
            print(left + "-")
            continue
        profiles = math.prod(reduced_strategy_counts(game))
        with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as f:
            f.write(write_efg(game))
            path = f.name
        try:
            status, theirs, regret, found = time_gambit(path, limit)
            print(
                left
                + f"{'tree, all':<14} "
                + _peer_cells(ours, status, theirs, regret, found, limit)
            )
            blank = " " * len(left)
            if profiles <= STRATEGIC_PROFILES:
                status, theirs, regret, found = time_gambit(path, limit, strategic=True)
                print(
                    blank
                    + f"{'strategic, 1':<14} "
                    + _peer_cells(ours, status, theirs, regret, found, limit)
                )
            else:
                print(
                    blank + f"{'strategic, 1':<14} not run: reduced form {profiles:.2g} profiles"
                )
        finally:
            os.unlink(path)


def run_backward(sizes: list[int], seed: int) -> None:
    print("\n== backward induction on perfect-information trees (2 players, 10% chance) ==")
    print(
        f"{'nodes':>9} {'build':>8} {'1st solve':>10} {'2nd solve':>10} {'peak MiB':>9} "
        f"{'bytes/node':>10}"
    )
    for n in sizes:
        start = time.perf_counter()
        game = random_perfect_information_game(n, seed=seed, chance_share=0.1)
        build = time.perf_counter() - start
        times = []
        peak = 0
        for k in range(2):
            if k == 0:
                tracemalloc.start()
            start = time.perf_counter()
            sol = backward_induction(game)
            times.append(time.perf_counter() - start)
            if k == 0:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
            assert sol.complete and sol[0].regret <= 1e-9
        # the first call also derives and caches the tree's arrays (parents, levels,
        # sequences) and certifies the result; the second reuses them
        print(
            f"{game.num_nodes:>9} {build:7.2f}s {times[0]:9.2f}s {times[1]:9.2f}s "
            f"{peak / 2**20:9.1f} {peak / game.num_nodes:10.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, 60 s limit")
    parser.add_argument("--limit", type=float, default=None, help="seconds per pygambit call")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["lemke", "backward"], action="append")
    args = parser.parse_args()
    limit = args.limit if args.limit is not None else (60.0 if args.quick else 300.0)
    print(
        f"Python {platform.python_version()}, numpy {np.__version__}, pygambit "
        f"{gambit_available() or 'not installed'}, load {os.getloadavg()[0]:.2f}, "
        f"{os.cpu_count()} CPUs"
    )
    only = set(args.only or ["lemke", "backward"])
    if "lemke" in only:
        run_lemke(LEMKE_QUICK if args.quick else LEMKE_SIZES, limit, args.seed)
    if "backward" in only:
        run_backward([10**4, 10**5] if args.quick else [10**5, 10**6], args.seed)


if __name__ == "__main__":
    main()
