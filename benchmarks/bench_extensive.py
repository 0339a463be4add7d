"""Extensive-form methods against pygambit, side by side, in one run.

Two sections:

* ``lemke``: multivector's sequence-form Lemke (``lemke_sequence_form``) and pygambit's
  ``lcp_solve`` on the same random 2-player trees of imperfect information (written to
  ``.efg`` by multivector and read by pygambit). Sizes: 64, 256, about 1,000 and 10,000
  terminal nodes. Each pygambit call runs in a child process killed at the time limit
  (``--limit``, default 300 s): a call still running then is reported as ``> limit``
  and the ratio as an upper bound. Both answers are checked (regret in the tree).
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
import multiprocessing as mp
import os
import platform
import sys
import tempfile
import time
import tracemalloc
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from multivector.games.extensive.generators import (
    random_perfect_information_game,
    random_two_player_game,
)
from multivector.games.formats.efg import write_efg
from multivector.solver.extensive.backward import backward_induction
from multivector.solver.extensive.sequence_form import lemke_sequence_form

# (rounds, actions per move): terminal nodes = (a1 * a2) ** rounds
LEMKE_SIZES = [(3, (2, 2)), (4, (2, 2)), (5, (2, 2)), (2, (10, 10))]
LEMKE_QUICK = [(3, (2, 2)), (4, (2, 2)), (5, (2, 2))]


def _gambit_child(path: str, queue: Any) -> None:
    """Child process: read the file with pygambit, time lcp_solve, report regret."""
    try:
        import pygambit as gbt

        game = gbt.read_efg(path)
        start = time.perf_counter()
        result = gbt.nash.lcp_solve(game, rational=False)
        elapsed = time.perf_counter() - start
        regret = max(float(eq.max_regret()) for eq in result.equilibria)
        queue.put(("ok", elapsed, regret, len(result.equilibria)))
    except Exception as err:  # report, never hang the parent
        queue.put(("error", repr(err), None, 0))


def time_gambit(path: str, limit: float) -> tuple[str, float | None, float | None]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_gambit_child, args=(path, queue))
    proc.start()
    proc.join(limit + 30)  # reading the file and importing count outside the limit
    if proc.is_alive():
        proc.kill()
        proc.join()
        return "timeout", None, None
    if queue.empty():
        return "error", None, None
    status, elapsed, regret, _ = queue.get()
    if status != "ok":
        return f"error {elapsed}", None, None
    if elapsed > limit:
        return "timeout", None, None
    return "ok", float(elapsed), regret


def gambit_available() -> str | None:
    try:
        import pygambit

        return str(pygambit.__version__)
    except ImportError:
        return None


def run_lemke(sizes: list[tuple[int, tuple[int, int]]], limit: float, seed: int) -> None:
    version = gambit_available()
    print("\n== sequence-form Lemke vs pygambit lcp_solve (floating point) ==")
    if version is None:
        print("pygambit not installed: multivector timed alone (pip install pygambit)")
    print(
        f"{'terminals':>9} {'LCP size':>8} {'pivots':>7} {'multivector':>12} "
        f"{'regret':>8} {'pygambit':>10} {'regret':>8} {'ratio mv/gbt':>13}"
    )
    for rounds, actions in sizes:
        game = random_two_player_game(rounds, actions=actions, seed=seed)
        start = time.perf_counter()
        sol = lemke_sequence_form(game)
        ours = time.perf_counter() - start
        note = sol.notes[0].split()
        pivots, size = note[3], note[-1]
        our_regret = sol[0].regret
        if version is None:
            theirs, their_regret, status = None, None, "n/a"
        else:
            with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as f:
                f.write(write_efg(game))
                path = f.name
            try:
                status, theirs, their_regret = time_gambit(path, limit)
            finally:
                os.unlink(path)
        if theirs is not None:
            gbt_txt = f"{theirs:9.3f}s"
            ratio = f"{ours / theirs:12.4f}x"
        elif status == "timeout":
            gbt_txt = f"> {limit:.0f}s".rjust(10)
            ratio = f"< {ours / limit:.4f}x".rjust(13)
        else:
            gbt_txt, ratio = status[:10].rjust(10), "-".rjust(13)
        their_r = "-" if their_regret is None else f"{their_regret:.1e}"
        print(
            f"{game.num_terminals:>9} {size:>8} {pivots:>7} {ours:11.3f}s "
            f"{our_regret:8.1e} {gbt_txt} {their_r:>8} {ratio}"
        )


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
