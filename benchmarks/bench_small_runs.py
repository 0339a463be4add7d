"""Long runs of small solves in a new process: how many calls a few seconds give, with
the rule that loads the compiled kernels once their numpy twins have taken
``LOAD_AFTER_SECONDS`` (``multivector/solver/_compiled.py``), without it (small games
stay in numpy, the rule before), and beside QuantEcon's ``lemke_howson``.

Run from the repository root::

    python benchmarks/bench_small_runs.py               # about half a minute
    python benchmarks/bench_small_runs.py --seconds 10 --rounds 3

Each contender runs in a child process of its own (a new interpreter: nothing loaded,
numba's disk cache as the environment has it), which calls the solver on 50 random games
in turn until ``--seconds`` of wall time have passed since it began to import the
solver's library (QuantEcon imports numba with itself; multivector does not), and
reports the number of calls, the import's time, the calls that took more than 50 ms (a
kernel loaded or compiled there) and the median time of its last 1,000 calls. The
contenders:

- ``LH 10x10, rule on``: multivector's ``solve(game, method="lemke-howson")``;
- ``LH 10x10, rule off``: the same with ``LOAD_AFTER_SECONDS`` set to infinity in the
  child (small games stay in numpy);
- ``LH 10x10, quantecon``: QuantEcon's ``lemke_howson(g, init_pivot=0)``, which imports
  numba with itself and loads its compiled code from its cache;
- ``vertex 6x6, rule on`` and ``rule off``: multivector's ``solve(game, method="vertex")``.

One untimed run of every contender goes first, so that numba's disk caches are written
before the clock: the figures are those of a process started in a used environment. With
``--rounds`` above 1 the best round (most calls) is kept. A child that does not finish
within ``--seconds`` + 300 s is stopped and reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import json, statistics, sys, time
    import numpy as np
    kind, n, seconds, rule = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    rng = np.random.default_rng((20241202, n))
    pairs = [(rng.random((n, n)), rng.random((n, n))) for _ in range(50)]
    start = time.perf_counter()  # the solver's import counts
    if kind == "quantecon":
        import quantecon.game_theory as gt
        games = [gt.NormalFormGame([gt.Player(A), gt.Player(B.T)]) for A, B in pairs]
        def call(g):
            gt.lemke_howson(g, init_pivot=0)
    else:
        from multivector import NormalFormGame, solve
        from multivector.solver import _compiled
        if rule == "off":
            _compiled.LOAD_AFTER_SECONDS = float("inf")
        games = [NormalFormGame.from_bimatrix(A, B) for A, B in pairs]
        def call(g, method=kind):
            solve(g, method=method)
    imported = time.perf_counter() - start
    times, slow = [], []
    k = 0
    while time.perf_counter() - start < seconds:
        t = time.perf_counter()
        call(games[k % 50])
        e = time.perf_counter() - t
        times.append(e)
        if e > 0.05:
            slow.append([round(t - start, 3), round(e, 3)])
        k += 1
    print(json.dumps({
        "calls": k,
        "import s": imported,
        "slow calls": slow,
        "last 1,000 median us": 1e6 * statistics.median(times[-1000:]),
        "numba imported": "numba" in sys.modules,
    }))
    """
)

#: (row name, solver, n, rule): multivector's rows, then QuantEcon's
CONTENDERS = [
    ("LH 10x10, rule on", "lemke-howson", 10, "on"),
    ("LH 10x10, rule off", "lemke-howson", 10, "off"),
    ("LH 10x10, quantecon", "quantecon", 10, "-"),
    ("vertex 6x6, rule on", "vertex", 6, "on"),
    ("vertex 6x6, rule off", "vertex", 6, "off"),
]
QUANTECON = "LH 10x10, quantecon"


def run(kind: str, n: int, seconds: float, rule: str) -> dict[str, object]:
    """One child process's figures, or why it has none."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, kind, str(n), str(seconds), rule],
            capture_output=True,
            text=True,
            timeout=seconds + 300,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {seconds + 300:g} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"error": f"exit status {done.returncode}: {last}"}
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="wall time of each run")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each (best kept)")
    parser.add_argument("--out", help="write the figures as JSON")
    args = parser.parse_args()
    if args.seconds <= 0 or args.rounds < 1:
        parser.error("--seconds must be above 0 and --rounds at least 1")
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs")
    print(f"load average {os.getloadavg()[0]:.2f}; runs of {args.seconds:g} s, best of "
          f"{args.rounds}")  # fmt: skip
    for _, kind, n, rule in CONTENDERS:  # untimed: numba's caches written before the clock
        run(kind, n, 0.5, rule)
    results: dict[str, dict[str, object]] = {}
    for name, kind, n, rule in CONTENDERS:
        rounds = [run(kind, n, args.seconds, rule) for _ in range(args.rounds)]
        good = [r for r in rounds if "error" not in r]
        results[name] = max(good, key=lambda r: int(str(r["calls"]))) if good else rounds[0]
    qe = results[QUANTECON].get("calls")
    print(
        f"\n{'run':20} {'calls':>9} {'/ QE':>6} {'import s':>8} {'last us':>8}"
        "  calls > 50 ms: at s (took s)"
    )
    for name, r in results.items():
        if "error" in r:
            print(f"{name:20} {r['error']}")
            continue
        ratio = (
            f"{int(str(r['calls'])) / int(str(qe)):5.2f}x"
            if name.startswith("LH") and isinstance(qe, int)
            else ""
        )
        slow = ", ".join(f"{a:g} ({b:g})" for a, b in r["slow calls"])  # type: ignore[attr-defined]
        print(
            f"{name:20} {r['calls']:>9,} {ratio:>6} {float(str(r['import s'])):8.3f}"
            f" {float(str(r['last 1,000 median us'])):8.1f}  {slow or '-'}"
        )
    print(
        f"\ncalls: in {args.seconds:g} s of wall time from the import of the solver's library,"
        "\nin a new process; rows are multivector's but for quantecon's; '/ QE': calls over"
        "\nquantecon's; 'last us': median of the last 1,000 calls"
    )
    if args.out:
        from multivector.files import atomic_write_text

        atomic_write_text(args.out, json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
