"""Side-by-side timings of multivector's solvers against nashpy, QuantEcon and pygambit.

Run from the repository root::

    python benchmarks/bench_solvers.py                  # full run (several minutes)
    python benchmarks/bench_solvers.py --quick          # smoke run, under a minute
    python benchmarks/bench_solvers.py --repeats 5 --seed 7 --out benchmarks/results/latest.json

Four sections, each timed in one process with ``time.perf_counter``:

1. every equilibrium of random float n x n bimatrix games (vertex / support enumeration);
2. one Lemke-Howson solve of random n x n games up to 100 x 100;
3. pure equilibria of 10,000 random 4-player 3x3x3x3 games (vectorised batch against
   a per-game loop);
4. cold start of the ``multivector solve`` command against ``python -c "import nashpy"``.

Every figure is a median: over repeats of one call, then over the games of a size. Game
objects are built before the clock starts, for every library. Each method first runs on
two untimed warm-up games (QuantEcon compiles with numba on its first call; those first-call
times are reported on their own). A library that is not installed, or a multivector module that
does not exist yet, is reported and skipped; nothing here stops the run. See
``benchmarks/README.md`` for what each section measures and the targets.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

# Every solver compared here is single-threaded, but numpy's BLAS is not: on a loaded
# machine a threaded np.linalg.solve of a 100x100 system can stall for 100 ms. One BLAS
# thread keeps the comparison about the algorithms (set before numpy is imported).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]
Profile = tuple[NDArray[np.float64], NDArray[np.float64]]

# Tolerances used to compare answers between libraries (not to time anything).
MATCH_TOL = 1e-6
REGRET_TOL = 1e-6
# A call running longer than this is not repeated: one measurement is enough.
SINGLE_SHOT_SECONDS = 1.0


# --------------------------------------------------------------------------- utilities
class CallTimeout(Exception):
    """A timed call ran past its cap."""


#: A call still running after this many seconds (or ten times its cap) is stuck in
#: compiled code, where the alarm of time_limit cannot reach: the benchmark stops.
HARD_LIMIT_SECONDS = 600.0


def _stuck(seconds: float) -> None:
    sys.stderr.write(
        f"benchmark stopped: a call ran past the hard limit of {seconds:g} s inside compiled "
        "code (pygambit's C++ or a numba kernel), which cannot be interrupted\n"
    )
    sys.stderr.flush()
    os._exit(3)


class _Watchdog:
    """One daemon thread for the whole run, which ends the benchmark when the call under
    :func:`time_limit` passes its hard deadline. A thread per call would start next to
    the timed call and share the interpreter with it: about 20 us added to every call,
    as much as a 10x10 Lemke-Howson run."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.limit = 0.0
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def watch(self, seconds: float) -> None:
        with self.lock:
            self.deadline, self.limit = time.monotonic() + seconds, seconds
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True)
                self.thread.start()

    def clear(self) -> None:
        self.deadline = None

    def _run(self) -> None:
        while True:
            time.sleep(1.0)
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                _stuck(self.limit)


_WATCHDOG = _Watchdog()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt pure-Python code after ``seconds`` (POSIX main thread only).

    Compiled code (pygambit's C++, numba) is not interrupted by the alarm; the caller also
    compares the elapsed time with the cap afterwards, and a watchdog ends the whole run
    when a call passes :data:`HARD_LIMIT_SECONDS` (or ten times its cap), so that no peer
    can hang the benchmark.
    """
    hard = HARD_LIMIT_SECONDS if seconds is None else max(10 * float(seconds), 60.0)
    _WATCHDOG.watch(hard)
    usable = seconds is not None and hasattr(signal, "setitimer") and _in_main_thread()
    if not usable:
        try:
            yield
        finally:
            _WATCHDOG.clear()
        return

    def _raise(signum: int, frame: Any) -> None:
        raise CallTimeout

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)
        _WATCHDOG.clear()


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def try_import(name: str) -> tuple[ModuleType | None, str]:
    """The module and its version, or None and ``'not installed'``."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return None, "not installed"
    except Exception as exc:  # a broken install must not stop the benchmark
        return None, f"import failed: {type(exc).__name__}: {exc}"
    return module, str(getattr(module, "__version__", "?"))


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def regret2(A: Matrix, B: Matrix, x: NDArray[np.float64], y: NDArray[np.float64]) -> float:
    """Largest gain from a unilateral deviation in the bimatrix game (A, B)."""
    ay = A @ y
    xb = x @ B
    return float(max(ay.max() - x @ ay, xb.max() - xb @ y))


def is_equilibrium(A: Matrix, B: Matrix, profile: Profile) -> bool:
    """A pair of probability vectors of the right sizes with regret at most REGRET_TOL."""
    x, y = profile
    if x.shape != (A.shape[0],) or y.shape != (A.shape[1],):
        return False
    if min(x.min(), y.min()) < -MATCH_TOL or max(abs(x.sum() - 1), abs(y.sum() - 1)) > MATCH_TOL:
        return False
    return regret2(A, B, x, y) <= REGRET_TOL


def same_profile_set(found: Sequence[Profile], truth: Sequence[Profile]) -> bool:
    """True when both lists hold the same profiles (to ``MATCH_TOL``), counted once each."""
    if len(found) != len(truth):
        return False
    flat_t = [np.concatenate(p) for p in truth]
    used = [False] * len(flat_t)
    for p in found:
        v = np.concatenate(p)
        for k, t in enumerate(flat_t):
            if not used[k] and v.shape == t.shape and np.max(np.abs(v - t)) <= MATCH_TOL:
                used[k] = True
                break
        else:
            return False
    return True


def as_profiles(result: Any) -> list[Profile]:
    """Profiles from a multivector Solution / Equilibrium or a list of (x, y) pairs."""
    if hasattr(result, "equilibria"):
        return [as_profile(e) for e in result.equilibria]
    return [as_profile(e) for e in result]


def as_profile(eq: Any) -> Profile:
    if hasattr(eq, "profile"):
        eq = eq.profile
    x, y = eq[0], eq[1]
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def gambit_profiles(result: Any) -> list[Profile]:
    """Profiles from a pygambit NashComputationResult (or a list of profiles)."""
    eqs = result.equilibria if hasattr(result, "equilibria") else result
    out = []
    for eq in eqs:
        game = eq.game
        vectors = [np.array([float(eq[s]) for s in player.strategies]) for player in game.players]
        out.append((vectors[0], vectors[1]))
    return out


def gambit_pure_profiles(result: Any) -> set[tuple[int, ...]]:
    """Pure profiles (strategy index per player) of a pygambit result."""
    eqs = result.equilibria if hasattr(result, "equilibria") else result
    out = set()
    for eq in eqs:
        idx = []
        for player in eq.game.players:
            probs = [float(eq[s]) for s in player.strategies]
            idx.append(int(np.argmax(probs)))
        out.add(tuple(idx))
    return out


def atomic_write_json(path: str, data: Any) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".bench-", suffix=".json", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=False, default=_json_default)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; results are for reading
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    return str(obj)


# --------------------------------------------------------------------------- output
class Report:
    """Prints tables with rich when it is installed, as plain text otherwise."""

    def __init__(self) -> None:
        try:
            from rich.console import Console

            # piped output (a log file) would otherwise be cut to 80 columns
            width = None if sys.stdout.isatty() else 150
            self.console: Any = Console(width=width)
        except ImportError:
            self.console = None

    def rule(self, title: str) -> None:
        if self.console is not None:
            self.console.rule(f"[bold]{title}")
        else:
            print(f"\n=== {title} " + "=" * max(0, 70 - len(title)))

    def line(self, text: str = "") -> None:
        if self.console is not None:
            self.console.print(text, highlight=False, markup=False)
        else:
            print(text)

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if not rows:
            return
        if self.console is not None:
            from rich.table import Table

            table = Table(title=title, title_justify="left")
            for k, c in enumerate(columns):
                table.add_column(c, justify="left" if k < 2 else "right")
            for r in rows:
                table.add_row(*r)
            self.console.print(table)
            return
        widths = [
            max(len(c), *(len(r[k]) for r in rows)) if rows else len(c)
            for k, c in enumerate(columns)
        ]
        print(title)
        print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        print("  ".join("-" * w for w in widths))
        for r in rows:
            print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
        print()


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    if ratio < 0.01:
        return f"{ratio:.1e}x"
    return f"{ratio:.3g}x"


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return a / b


# --------------------------------------------------------------------------- timing core
@dataclass
class Method:
    """One solver of one library, as the benchmark calls it."""

    key: str
    library: str
    build: Callable[..., Any]
    run: Callable[[Any], Any]
    extract: Callable[[Any], Any]
    unavailable: str | None = None
    max_n: int | None = None
    cap: float | None = None
    complete: bool = True
    count_timeouts: bool = False
    first_calls: list[float] = field(default_factory=list)
    over_cap: str | None = None


@dataclass
class Timing:
    """Per-game median times and answers of one method at one size."""

    times: list[float] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)  # None where a call timed out
    game_times: list[float | None] = field(default_factory=list)  # aligned with answers
    timeouts: int = 0
    capped_at: float | None = None  # the cap a call exceeded at this size, if one did
    # when a call exceeded the cap: the times of the games before it, then the cap
    partial_times: list[float] = field(default_factory=list)
    status: str = "ok"


def time_call(
    run: Callable[[Any], Any], obj: Any, repeats: int, cap: float | None
) -> tuple[float, Any]:
    """Median wall time of ``run(obj)`` over up to ``repeats`` calls, and the last result.

    Raises CallTimeout when a call exceeds ``cap``.
    """
    times = []
    result = None
    for _ in range(max(1, repeats)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with time_limit(cap):
                t0 = time.perf_counter()
                result = run(obj)
                dt = time.perf_counter() - t0
        if cap is not None and dt > cap:
            raise CallTimeout
        times.append(dt)
        if dt > SINGLE_SHOT_SECONDS:
            break
    return float(statistics.median(times)), result


def warm_up(method: Method, games: Sequence[tuple[Any, ...]]) -> None:
    """Run once per warm-up game, before any timing, so that imports and JIT compilation
    (which may only start above some size) are paid; the times are kept for the report."""
    if method.unavailable is not None:
        return
    for args in games:
        try:
            obj = method.build(*args)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with time_limit(method.cap):
                    t0 = time.perf_counter()
                    method.run(obj)
                    method.first_calls.append(time.perf_counter() - t0)
        except CallTimeout:
            method.first_calls.append(float("inf"))
        except Exception as exc:
            method.unavailable = f"error on warm-up: {type(exc).__name__}: {exc}"
            return


def fmt_first_calls(method: Method) -> str:
    return ", then ".join(
        "timed out" if t == float("inf") else fmt_time(t) for t in method.first_calls
    )


def run_method_on_games(
    method: Method, games: Sequence[tuple[Any, ...]], n: int, repeats: int
) -> Timing:
    timing = Timing()
    if method.unavailable is not None:
        timing.status = method.unavailable
        return timing
    if method.max_n is not None and n > method.max_n:
        timing.status = f"skipped (run only at n <= {method.max_n})"
        return timing
    if method.over_cap is not None:
        timing.status = f"skipped ({method.over_cap})"
        return timing
    for k, args in enumerate(games):
        try:
            obj = method.build(*args)
            dt, result = time_call(method.run, obj, repeats, method.cap)
        except CallTimeout:
            if method.count_timeouts:
                timing.timeouts += 1
                timing.answers.append(None)
                timing.game_times.append(None)
                continue
            method.over_cap = f"a call exceeded the {method.cap:g} s cap at n={n}"
            timing.capped_at = method.cap
            timing.partial_times = [*timing.times, float(method.cap or 0.0)]
            timing.status = f"skipped ({method.over_cap}, game {k + 1})"
            timing.times.clear()
            timing.answers.clear()
            timing.game_times.clear()
            return timing
        except Exception as exc:
            timing.status = f"error: {type(exc).__name__}: {exc}"
            return timing
        timing.times.append(dt)
        timing.game_times.append(dt)
        timing.answers.append(method.extract(result))
    return timing


# --------------------------------------------------------------------------- libraries
@dataclass
class Libraries:
    np_version: str
    nashpy: ModuleType | None
    nashpy_version: str
    quantecon: ModuleType | None
    quantecon_version: str
    gambit: ModuleType | None
    gambit_version: str
    multivector: ModuleType | None
    multivector_version: str

    @classmethod
    def load(cls) -> Libraries:
        nashpy, nv = try_import("nashpy")
        qe, qv = try_import("quantecon")
        gbt, gv = try_import("pygambit")
        mv, mvv = try_import("multivector")
        return cls(np.__version__, nashpy, nv, qe, qv, gbt, gv, mv, mvv)

    def versions(self) -> dict[str, str]:
        return {
            "multivector": self.multivector_version,
            "nashpy": self.nashpy_version,
            "quantecon": self.quantecon_version,
            "pygambit": self.gambit_version,
            "numpy": self.np_version,
        }


def mv_missing(libs: Libraries, module: str) -> str | None:
    """Why a multivector module cannot be benchmarked, or None when it can."""
    if libs.multivector is None:
        return f"multivector {libs.multivector_version}"
    if not module_exists(module):
        return f"{module} does not exist yet"
    return None


def mv_game(A: Matrix, B: Matrix) -> Any:
    from multivector.games.normal_form import NormalFormGame

    return NormalFormGame(np.stack([A, B]))


def qe_game(libs: Libraries, A: Matrix, B: Matrix) -> Any:
    gt = libs.quantecon.game_theory  # type: ignore[union-attr]
    return gt.NormalFormGame((gt.Player(A), gt.Player(B.T)))


def gambit_lcp_kwargs(libs: Libraries, stop_after: int) -> dict[str, Any]:
    """Keyword arguments for ``lcp_solve`` that the installed pygambit accepts."""
    import inspect

    params = inspect.signature(libs.gambit.nash.lcp_solve).parameters  # type: ignore[union-attr]
    kwargs: dict[str, Any] = {}
    if "rational" in params:
        kwargs["rational"] = False
    if "stop_after" in params:
        kwargs["stop_after"] = stop_after
    return kwargs


# --------------------------------------------------------------------------- 1. enumeration
def enumeration_methods(libs: Libraries, quick: bool) -> list[Method]:
    methods: list[Method] = []

    def mv_vertex(g: Any) -> Any:
        from multivector.solver import solve

        return solve(g, method="vertex")

    methods.append(
        Method(
            "multivector vertex",
            "multivector",
            mv_game,
            mv_vertex,
            as_profiles,
            unavailable=mv_missing(libs, "multivector.solver.vertex"),
        )
    )

    qe_missing = None if libs.quantecon is not None else f"quantecon {libs.quantecon_version}"
    if libs.quantecon is not None:
        gt = libs.quantecon.game_theory
        methods.append(
            Method(
                "quantecon vertex_enumeration",
                "quantecon",
                lambda A, B: qe_game(libs, A, B),
                gt.vertex_enumeration,
                as_profiles,
            )
        )
        methods.append(
            Method(
                "quantecon support_enumeration",
                "quantecon",
                lambda A, B: qe_game(libs, A, B),
                gt.support_enumeration,
                as_profiles,
                max_n=12,
            )
        )
    else:
        for name in ("vertex_enumeration", "support_enumeration"):
            methods.append(
                Method(
                    f"quantecon {name}", "quantecon", _none, _none, _none, unavailable=qe_missing
                )
            )

    gb_missing = None if libs.gambit is not None else f"pygambit {libs.gambit_version}"
    gbt = libs.gambit
    build_gb = (lambda A, B: gbt.Game.from_arrays(A, B)) if gbt is not None else _none
    if gbt is not None:
        lcp_kwargs = gambit_lcp_kwargs(libs, 0)
        methods.append(
            Method(
                "gambit enummixed float",
                "pygambit",
                build_gb,
                lambda g: gbt.nash.enummixed_solve(g, rational=False),
                gambit_profiles,
                # minutes per game from 14x14 on (its compiled code ignores the time cap);
                # QuantEcon's vertex enumeration is the reference there
                max_n=12,
            )
        )
        methods.append(
            Method(
                "gambit enummixed rational",
                "pygambit",
                build_gb,
                lambda g: gbt.nash.enummixed_solve(g, rational=True),
                gambit_profiles,
                max_n=6 if quick else 8,
                cap=60.0,
            )
        )
        methods.append(
            Method(
                "gambit lcp (all accessible)",
                "pygambit",
                build_gb,
                lambda g: gbt.nash.lcp_solve(g, **lcp_kwargs),
                gambit_profiles,
                complete=False,
            )
        )
    else:
        for name in ("enummixed float", "enummixed rational", "lcp (all accessible)"):
            methods.append(
                Method(f"gambit {name}", "pygambit", _none, _none, _none, unavailable=gb_missing)
            )

    np_missing = None if libs.nashpy is not None else f"nashpy {libs.nashpy_version}"
    nashpy = libs.nashpy
    build_np = (lambda A, B: nashpy.Game(A, B)) if nashpy is not None else _none
    methods.append(
        Method(
            "nashpy vertex_enumeration",
            "nashpy",
            build_np,
            lambda g: list(g.vertex_enumeration()),
            as_profiles,
            unavailable=np_missing,
            max_n=6 if quick else 8,
            cap=5.0,
        )
    )
    methods.append(
        Method(
            "nashpy support_enumeration",
            "nashpy",
            build_np,
            lambda g: list(g.support_enumeration()),
            as_profiles,
            unavailable=np_missing,
            max_n=6 if quick else 8,
            cap=5.0,
        )
    )
    return methods


def _none(*args: Any) -> Any:
    return None


def random_bimatrices(seed: int, section: int, n: int, count: int) -> list[tuple[Matrix, Matrix]]:
    """``count`` games with payoffs uniform in [0, 1); the same games for a given size
    whatever other sizes or options run."""
    rng = np.random.default_rng((seed, section, n))
    return [(rng.random((n, n)), rng.random((n, n))) for _ in range(count)]


def bench_enumeration(libs: Libraries, args: argparse.Namespace, report: Report) -> dict[str, Any]:
    sizes = [4, 6, 8] if args.quick else [4, 6, 8, 10, 12, 14, 16]
    report.rule("1. All equilibria of random n x n games")
    methods = enumeration_methods(libs, args.quick)
    warm = random_bimatrices(args.seed, 0, 3, 1) + random_bimatrices(args.seed, 0, 6, 1)
    # multivector also solves a 12x12 and a 14x14 game, which load its compiled walks
    # (breadth first, reverse search): smaller games use them only once they are loaded,
    # and the timings are "numba warm"
    mv_warm = [*warm, *random_bimatrices(args.seed, 0, 12, 1)]
    mv_warm += random_bimatrices(args.seed, 0, 14, 1)
    for m in methods:
        report.line(f"  warm-up  {m.key} ...")
        warm_up(m, mv_warm if m.library == "multivector" else warm)

    truth_order = [
        "gambit enummixed rational",
        "gambit enummixed float",
        "quantecon vertex_enumeration",
        "multivector vertex",
    ]
    rows = []
    out_sizes = []
    for n in sizes:
        count = 3 if args.quick else 10
        games = random_bimatrices(args.seed, 1, n, count)
        timings = {}
        for m in methods:
            report.line(f"  n={n:>2}  {m.key} ...")
            timings[m.key] = run_method_on_games(m, games, n, args.repeats)
        truth_key = next(
            (
                k
                for k in truth_order
                if timings[k].status == "ok" and len(timings[k].answers) == count
            ),
            None,
        )
        mv_med = median(timings["multivector vertex"].times)
        size_out: dict[str, Any] = {
            "n": n,
            "games": count,
            "ground_truth": truth_key,
            "methods": {},
        }
        for m in methods:
            t = timings[m.key]
            med = median(t.times)
            counts = [len(a) for a in t.answers]
            mismatches = None
            if truth_key is not None and t.status == "ok" and m.key != truth_key:
                truth = timings[truth_key].answers
                if m.complete:
                    mismatches = sum(
                        not same_profile_set(a, b) for a, b in zip(t.answers, truth, strict=True)
                    )
                else:
                    # lcp finds only the equilibria its paths reach: check they are a subset
                    mismatches = sum(
                        not all(any(same_profile_set([p], [q]) for q in b) for p in a)
                        for a, b in zip(t.answers, truth, strict=True)
                    )
            r = ratio(mv_med, med) if m.library != "multivector" else None
            size_out["methods"][m.key] = {
                "status": t.status,
                "median_s": med,
                "per_game_s": t.times,
                "equilibria": counts,
                "mismatched_games": mismatches,
                "capped_at_s": t.capped_at,
                "partial_times_s": t.partial_times or None,
                "multivector_over_peer": r,
            }
            truth_counts = (
                [len(a) for a in timings[truth_key].answers] if truth_key is not None else None
            )
            if t.status != "ok":
                check = ""
            elif m.key == truth_key:
                check = "reference"
            elif mismatches is None:
                check = "-"
            elif not m.complete:
                found = sum(counts)
                total = sum(truth_counts) if truth_counts else 0
                check = f"{found}/{total} found" + (
                    "" if mismatches == 0 else f", {mismatches} WRONG"
                )
            else:
                check = "agree" if mismatches == 0 else f"MISMATCH in {mismatches} games"
            rows.append(
                [
                    str(n),
                    m.key,
                    fmt_time(med) if t.status == "ok" else t.status,
                    fmt_ratio(r),
                    str(sum(counts)) if t.status == "ok" else "-",
                    check,
                ]
            )
        out_sizes.append(size_out)
    report.table(
        "All equilibria: median time per game; ratio = multivector / peer (< 1: multivector "
        "faster); equilibria summed over the games; check against the reference",
        ["n", "method", "median / game", "mv/peer", "#eq", "check"],
        rows,
    )
    first_calls = [[m.key, fmt_first_calls(m)] for m in methods if m.first_calls]
    report.table(
        "Warm-up, before timing: first calls on a 3x3 and a 6x6 game (multivector then on a "
        "12x12 and a 14x14 game): imports; numba JIT compilation",
        ["method", "first calls"],
        first_calls,
    )
    return {
        "sizes": out_sizes,
        "warm_up_s": {m.key: m.first_calls for m in methods},
        "unavailable": {m.key: m.unavailable for m in methods if m.unavailable},
    }


# --------------------------------------------------------------------------- 2. Lemke-Howson
def lh_methods(libs: Libraries, quick: bool) -> list[Method]:
    methods: list[Method] = []

    def mv_lh(g: Any) -> Any:
        from multivector.solver import solve

        return solve(g, method="lemke-howson", label=0)

    methods.append(
        Method(
            "multivector lemke_howson",
            "multivector",
            mv_game,
            mv_lh,
            _single_profile,
            unavailable=mv_missing(libs, "multivector.solver.lemke_howson"),
        )
    )
    if libs.quantecon is not None:
        gt = libs.quantecon.game_theory
        methods.append(
            Method(
                "quantecon lemke_howson",
                "quantecon",
                lambda A, B: qe_game(libs, A, B),
                lambda g: gt.lemke_howson(g, init_pivot=0),
                _single_profile,
            )
        )
    else:
        methods.append(
            Method(
                "quantecon lemke_howson",
                "quantecon",
                _none,
                _none,
                _none,
                unavailable=f"quantecon {libs.quantecon_version}",
            )
        )
    nashpy = libs.nashpy
    methods.append(
        Method(
            "nashpy lemke_howson",
            "nashpy",
            (lambda A, B: nashpy.Game(A, B)) if nashpy is not None else _none,
            lambda g: g.lemke_howson(initial_dropped_label=0),
            _single_profile,
            unavailable=None if nashpy is not None else f"nashpy {libs.nashpy_version}",
            # nashpy's pivoting in floating point does not stop on many random float
            # games, so each call has a cap and a call that reaches it is counted, not timed
            cap=2.0 if quick else 5.0,
            count_timeouts=True,
        )
    )
    gbt = libs.gambit
    if gbt is not None:
        kwargs = gambit_lcp_kwargs(libs, 1)
        methods.append(
            Method(
                "gambit lcp stop_after=1",
                "pygambit",
                lambda A, B: gbt.Game.from_arrays(A, B),
                lambda g: gbt.nash.lcp_solve(g, **kwargs),
                lambda r: gambit_profiles(r)[0],
                # over ten minutes on 200x200 games (its compiled code ignores any cap)
                max_n=100,
            )
        )
    else:
        methods.append(
            Method(
                "gambit lcp stop_after=1",
                "pygambit",
                _none,
                _none,
                _none,
                unavailable=f"pygambit {libs.gambit_version}",
            )
        )
    return methods


def _single_profile(result: Any) -> Profile:
    if hasattr(result, "equilibria"):
        return as_profile(result.equilibria[0])
    return as_profile(result)


def bench_lemke_howson(
    libs: Libraries, args: argparse.Namespace, report: Report
) -> dict[str, Any]:
    sizes = [10, 30] if args.quick else [10, 30, 50, 100, 200]
    report.rule("2. Lemke-Howson: one equilibrium of random n x n games")
    methods = lh_methods(libs, args.quick)
    warm = random_bimatrices(args.seed, 0, 3, 1) + random_bimatrices(args.seed, 0, 20, 1)
    # multivector also solves a 40x40 game, which loads its compiled kernels: smaller
    # games use them only once they are loaded, and the timings are "numba warm"
    mv_warm = warm + random_bimatrices(args.seed, 0, 40, 1)
    for m in methods:
        report.line(f"  warm-up  {m.key} ...")
        warm_up(m, mv_warm if m.library == "multivector" else warm)
    rows = []
    out_sizes = []
    for n in sizes:
        count = 3 if args.quick else (10 if n <= 50 else 5)
        games = random_bimatrices(args.seed, 2, n, count)
        timings = {}
        for m in methods:
            report.line(f"  n={n:>3}  {m.key} ...")
            timings[m.key] = run_method_on_games(m, games, n, args.repeats)
        mv = timings["multivector lemke_howson"]
        size_out: dict[str, Any] = {"n": n, "games": count, "methods": {}}
        for m in methods:
            t = timings[m.key]
            med = median(t.times)
            bad = None
            same_as_mv = None
            both: list[int] = []
            r = None
            if t.status == "ok":
                bad = sum(
                    not is_equilibrium(A, B, a)
                    for (A, B), a in zip(games, t.answers, strict=True)
                    if a is not None
                )
                if mv.status == "ok" and m.library != "multivector":
                    both = [
                        k
                        for k in range(count)
                        if t.answers[k] is not None and mv.answers[k] is not None
                    ]
                    same_as_mv = sum(
                        same_profile_set([t.answers[k]], [mv.answers[k]]) for k in both
                    )
                    # over the games both finished, so that a timeout does not skew it
                    r = ratio(
                        median([float(mv.game_times[k] or 0.0) for k in both]),
                        median([float(t.game_times[k] or 0.0) for k in both]),
                    )
            size_out["methods"][m.key] = {
                "status": t.status,
                "median_s": med,
                "per_game_s": t.game_times,
                "timeouts": t.timeouts,
                "not_equilibrium": bad,
                "same_as_multivector": same_as_mv,
                "compared_with_multivector": len(both),
                "multivector_over_peer": r,
            }
            check = "-"
            if t.status == "ok":
                check = "all equilibria" if bad == 0 else f"{bad} NOT equilibria"
                if same_as_mv is not None:
                    check += f"; same eq as mv: {same_as_mv}/{len(both)}"
                if t.timeouts:
                    check += f"; {t.timeouts}/{count} did not stop within {m.cap:g} s"
            rows.append(
                [
                    str(n),
                    m.key,
                    fmt_time(med) if t.status == "ok" else t.status,
                    fmt_ratio(r),
                    check,
                ]
            )
        out_sizes.append(size_out)
    report.table(
        "Lemke-Howson from label 0: median time per game; ratio = multivector / peer",
        ["n", "method", "median / game", "mv/peer", "check"],
        rows,
    )
    first_calls = [[m.key, fmt_first_calls(m)] for m in methods if m.first_calls]
    report.table(
        "Warm-up, before timing: first calls on a 3x3 and a 20x20 game (multivector then on "
        "a 40x40 game)",
        ["method", "first calls"],
        first_calls,
    )
    return {"sizes": out_sizes, "warm_up_s": {m.key: m.first_calls for m in methods}}


# --------------------------------------------------------------------------- 2b. exact
#: Payoffs of the exact section: integers drawn uniformly from 0..EXACT_MAX_PAYOFF.
EXACT_MAX_PAYOFF = 10**6
#: Wall-clock cap of one lrsnash run, seconds.
LRSNASH_TIMEOUT = 300.0


def run_lrsnash(A: NDArray[np.int64], B: NDArray[np.int64]) -> tuple[float, set[Any]] | str:
    """CPU seconds of one ``lrsnash`` run on the bimatrix game ``(A, B)`` (user + system
    time of the child, from ``getrusage(RUSAGE_CHILDREN)``) and its equilibria as exact
    profiles, or why it did not run."""
    import resource
    from fractions import Fraction

    exe = shutil.which("lrsnash")
    if exe is None:
        return "lrsnash not installed (apt-get install lrslib)"
    m, n = A.shape
    text = f"{m} {n}\n\n" + "\n".join(" ".join(map(str, r)) for r in A.tolist())
    text += "\n\n" + "\n".join(" ".join(map(str, r)) for r in B.tolist()) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".game", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(
            [exe, path], capture_output=True, text=True, timeout=LRSNASH_TIMEOUT, check=False
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    except subprocess.TimeoutExpired:
        return f"lrsnash passed {LRSNASH_TIMEOUT:g} s"
    finally:
        os.unlink(path)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    found: set[Any] = set()
    ys: list[tuple[Fraction, ...]] = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if not parts or parts[0] not in ("1", "2"):
            if not parts:
                ys = []
            continue
        values = tuple(Fraction(v) for v in parts[1:-1])
        if parts[0] == "2":
            ys.append(values)
        else:
            found.update((values, y) for y in ys)
    return cpu, found


def bench_exact(libs: Libraries, args: argparse.Namespace, report: Report) -> dict[str, Any]:
    """Exact enumeration (``solve(game, method="exact")``) against lrsnash's CPU time."""
    sizes = [6, 8] if args.quick else [8, 10, 12]
    report.rule(f"2b. Exact enumeration, integer payoffs in 0..{EXACT_MAX_PAYOFF:,}")
    why = mv_missing(libs, "multivector.solver.vertex")
    out: dict[str, Any] = {"sizes": []}
    rows = []
    if why is not None:
        report.line(f"  skipped: {why}")
        return {"status": why}
    from multivector.games.normal_form import NormalFormGame
    from multivector.solver import solve

    # one untimed 14x14 game loads the compiled walk and proof of exact enumeration:
    # smaller games use them only once they are loaded, and the timings are "numba warm"
    rng = np.random.default_rng((args.seed, 6, 0))
    warm = [rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(14, 14)).tolist() for _ in range(2)]
    t0 = time.process_time()
    solve(NormalFormGame.from_bimatrix(*warm), method="exact")
    out["warm_up_cpu_s"] = time.process_time() - t0
    report.line(f"  warm-up  multivector exact 14x14: {fmt_time(out['warm_up_cpu_s'])} CPU")
    for n in sizes:
        count = 3 if args.quick else (10 if n <= 10 else 5)
        rng = np.random.default_rng((args.seed, 6, n))
        mv_cpu: list[float] = []
        lrs_cpu: list[float] = []
        agree = 0
        status = "ok"
        for _ in range(count):
            A = rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(n, n))
            B = rng.integers(0, EXACT_MAX_PAYOFF + 1, size=(n, n))
            game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
            report.line(f"  n={n:>2}  exact game {len(mv_cpu) + 1}/{count} ...")
            t0 = time.process_time()
            sol = solve(game, method="exact")
            mv_cpu.append(time.process_time() - t0)
            ours = {eq.exact for eq in sol}
            theirs = run_lrsnash(A, B)
            if isinstance(theirs, str):
                status = theirs
                continue
            lrs_cpu.append(theirs[0])
            agree += ours == theirs[1]
        mv_med, lrs_med = median(mv_cpu), median(lrs_cpu)
        r = ratio(mv_med, lrs_med)
        out["sizes"].append(
            {
                "n": n,
                "games": count,
                "multivector_cpu_s": mv_cpu,
                "lrsnash_cpu_s": lrs_cpu,
                "multivector_median_s": mv_med,
                "lrsnash_median_s": lrs_med,
                "multivector_over_lrsnash": r,
                "same_equilibria": agree,
                "lrsnash_status": status,
            }
        )
        rows.append(
            [
                str(n),
                str(count),
                fmt_time(mv_med),
                fmt_time(lrs_med) if status == "ok" else status,
                fmt_ratio(r),
                f"{agree}/{count}" if status == "ok" else "-",
            ]
        )
    report.table(
        "Exact enumeration: median CPU time per game; ratio = multivector / lrsnash",
        ["n", "games", "multivector exact", "lrsnash", "mv/lrs", "same equilibria"],
        rows,
    )
    return out


# --------------------------------------------------------------------------- 3. batch pure
def bench_pure_batch(libs: Libraries, args: argparse.Namespace, report: Report) -> dict[str, Any]:
    total = 2000 if args.quick else 10_000
    subset = 50 if args.quick else 300
    gambit_subset = 50 if args.quick else 100
    report.rule(f"3. Pure equilibria of {total:,} random 4-player 3x3x3x3 games")
    rng = np.random.default_rng((args.seed, 3))
    stack = rng.random((total, 4, 3, 3, 3, 3))
    rows = []
    out: dict[str, Any] = {"games": total, "methods": {}}

    mv_sets: list[set[tuple[int, ...]]] | None = None
    mv_per_game: float | None = None
    why = mv_missing(libs, "multivector.solver.pure")
    if why is None:
        from multivector.solver.pure import pure_nash_batch, pure_nash_mask

        pure_nash_batch(stack[:10])  # first call: imports
        for key, func in (
            ("multivector pure_nash_batch", pure_nash_batch),
            ("multivector pure_nash_mask", pure_nash_mask),
        ):
            # a whole-stack call is cheap: a few more repeats steady its median
            try:
                dt, result = time_call(func, stack, max(args.repeats, 5), None)
            except Exception as exc:
                msg = f"error: {type(exc).__name__}: {exc}"
                out["methods"][key] = {"status": msg}
                rows.append([key, "-", msg, "-", "-", "-", "-"])
                continue
            per_game = dt / total
            if key.endswith("batch"):
                mv_per_game = per_game
                mv_sets = [set(map(tuple, e.tolist())) for e in result]
                n_eq = sum(len(e) for e in result)
            else:
                n_eq = int(np.count_nonzero(result))
            out["methods"][key] = {
                "status": "ok",
                "batch_s": dt,
                "per_game_s": per_game,
                "games": total,
                "equilibria": n_eq,
            }
            rows.append([key, f"{total:,}", fmt_time(dt), fmt_time(per_game), "-", str(n_eq), "-"])
    else:
        for key in ("multivector pure_nash_batch", "multivector pure_nash_mask"):
            out["methods"][key] = {"status": why}
            rows.append([key, "-", why, "-", "-", "-", "-"])

    def per_game_loop(
        key: str,
        library_ok: str | None,
        build: Callable[[Any], Any],
        solve: Callable[[Any], Any],
        to_set: Callable[[Any], set[tuple[int, ...]]],
        count: int,
    ) -> None:
        if library_ok is not None:
            out["methods"][key] = {"status": library_ok}
            rows.append([key, "-", library_ok, "-", "-", "-", "-"])
            return
        try:
            objs = [build(stack[k]) for k in range(count)]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t0 = time.perf_counter()
                solve(objs[0])
                first = time.perf_counter() - t0
            results: list[Any] = []

            def loop(games: list[Any]) -> list[Any]:
                return [solve(g) for g in games]

            dt, results = time_call(loop, objs, args.repeats, None)
        except Exception as exc:
            msg = f"error: {type(exc).__name__}: {exc}"
            out["methods"][key] = {"status": msg}
            rows.append([key, "-", msg, "-", "-", "-", "-"])
            return
        per_game = dt / count
        sets = [to_set(r) for r in results]
        disagree = None
        if mv_sets is not None:
            disagree = sum(a != b for a, b in zip(sets, mv_sets[:count], strict=True))
        r = ratio(mv_per_game, per_game)
        out["methods"][key] = {
            "status": "ok",
            "games": count,
            "batch_s": dt,
            "per_game_s": per_game,
            "first_call_s": first,
            "equilibria": sum(len(s) for s in sets),
            "disagreements_with_multivector": disagree,
            "multivector_over_peer": r,
        }
        check = (
            "-"
            if disagree is None
            else ("agree" if disagree == 0 else f"DISAGREE in {disagree} games")
        )
        rows.append(
            [
                key,
                f"{count:,}",
                fmt_time(dt),
                fmt_time(per_game),
                fmt_ratio(r),
                str(sum(len(s) for s in sets)),
                check,
            ]
        )

    if libs.quantecon is not None:
        gt = libs.quantecon.game_theory
        per_game_loop(
            "quantecon pure_nash_brute",
            None,
            lambda p: gt.NormalFormGame(np.moveaxis(p, 0, -1)),
            gt.pure_nash_brute,
            lambda r: set(map(tuple, r)),
            subset,
        )
    else:
        per_game_loop(
            "quantecon pure_nash_brute",
            f"quantecon {libs.quantecon_version}",
            _none,
            _none,
            _none,
            subset,
        )
    gbt = libs.gambit
    if gbt is not None:
        per_game_loop(
            "gambit enumpure_solve",
            None,
            lambda p: gbt.Game.from_arrays(*[p[i] for i in range(p.shape[0])]),
            gbt.nash.enumpure_solve,
            gambit_pure_profiles,
            gambit_subset,
        )
    else:
        per_game_loop(
            "gambit enumpure_solve",
            f"pygambit {libs.gambit_version}",
            _none,
            _none,
            _none,
            gambit_subset,
        )
    report.table(
        "Batch pure equilibria: per-game time; ratio = multivector per game / peer per game; "
        "peers run on the first games of the stack and are checked game by game",
        ["method", "games", "total", "per game", "mv/peer", "#eq", "check"],
        rows,
    )
    return out


# --------------------------------------------------------------------------- 4. cold start
def multivector_command() -> list[str] | None:
    """The installed ``multivector`` console script (not a shell shim), if any."""
    candidate = os.path.join(sysconfig.get_path("scripts"), "multivector")
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return [candidate]
    found = shutil.which("multivector")
    return [found] if found else None


FIRST_SOLVE_LABEL = "first solve of a 6x6 game, empty numba cache"
FIRST_SOLVE_SCRIPT = (
    "import numpy as np; from multivector import NormalFormGame, solve; "
    "rng = np.random.default_rng(6); "
    "solve(NormalFormGame.from_bimatrix(rng.random((6, 6)), rng.random((6, 6))))"
)


def time_command(
    cmd: list[str], repeats: int, *, fresh_numba_cache: bool = False
) -> tuple[list[float], str | None]:
    times: list[float] = []
    for _ in range(repeats):
        env = None
        if fresh_numba_cache:
            # a new, empty numba cache directory: nothing compiled is found on disk
            env = {**os.environ, "NUMBA_CACHE_DIR": tempfile.mkdtemp(prefix="numba-cache-")}
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, check=False, env=env
        )
        dt = time.perf_counter() - t0
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
            return times, f"exit {proc.returncode}: {tail[0][:120]}"
        times.append(dt)
    return times, None


def bench_cold_start(libs: Libraries, args: argparse.Namespace, report: Report) -> dict[str, Any]:
    repeats = 2 if args.quick else 5
    report.rule("4. Cold start (new process each time)")
    mv_cmd = multivector_command()
    commands: list[tuple[str, list[str] | None]] = [
        ("multivector solve", [*mv_cmd, "solve"] if mv_cmd else None),
        ('python -c "import multivector"', [sys.executable, "-c", "import multivector"]),
        ('python -c "import nashpy"', [sys.executable, "-c", "import nashpy"]),
        ('python -c "pass"', [sys.executable, "-c", "pass"]),
        (FIRST_SOLVE_LABEL, [sys.executable, "-c", FIRST_SOLVE_SCRIPT]),
    ]
    out: dict[str, Any] = {"repeats": repeats, "commands": {}}
    meds: dict[str, float | None] = {}
    for label, cmd in commands:
        if cmd is None:
            out["commands"][label] = {"status": "the multivector command is not installed"}
            meds[label] = None
            continue
        # one untimed run fills the OS file cache, so that all commands start equal
        fresh = label == FIRST_SOLVE_LABEL
        _, err = time_command(cmd, 1, fresh_numba_cache=fresh)
        if err is not None:
            out["commands"][label] = {"status": f"skipped (command failed, {err})", "command": cmd}
            meds[label] = None
            continue
        times, err = time_command(cmd, repeats, fresh_numba_cache=fresh)
        meds[label] = median(times) if err is None else None
        out["commands"][label] = {
            "status": "ok" if err is None else err,
            "command": cmd,
            "times_s": times,
            "median_s": meds[label],
        }
    base = meds['python -c "import nashpy"']
    rows = []
    for label, _ in commands:
        entry = out["commands"][label]
        r = ratio(meds[label], base) if label != 'python -c "import nashpy"' else None
        entry["over_import_nashpy"] = r
        rows.append(
            [
                label,
                fmt_time(meds[label]) if entry["status"] == "ok" else entry["status"],
                fmt_ratio(r),
            ]
        )
    report.table(
        f"Cold start: median wall time of {repeats} runs; ratio = command / "
        "import nashpy (< 1: faster)",
        ["command", "median", "ratio"],
        rows,
    )
    return out


# --------------------------------------------------------------------------- header, targets
def machine_info(libs: Libraries) -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "versions": libs.versions(),
    }
    try:
        from threadpoolctl import threadpool_info

        info["blas"] = [
            {
                k: d.get(k)
                for k in (
                    "internal_api",
                    "version",
                    "architecture",
                    "num_threads",
                    "threading_layer",
                )
            }
            for d in threadpool_info()
            if d.get("user_api") == "blas"
        ]
    except ImportError:
        try:
            config: Any = np.show_config(mode="dicts")
            blas = config["Build Dependencies"]["blas"]
            info["blas"] = [
                {k: blas.get(k) for k in ("name", "version", "openblas configuration")}
            ]
            info["blas_note"] = "threadpoolctl not installed: numpy build configuration shown"
        except Exception:
            info["blas"] = "unknown"
    return info


def print_header(info: dict[str, Any], args: argparse.Namespace, report: Report) -> None:
    report.rule("multivector solver benchmarks")
    report.line(
        f"python {info['python']} on {info['platform']} ({info['processor']}, "
        f"{info['cpu_count']} CPUs, load average {info['load_average']})"
    )
    report.line("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    report.line(f"OPENBLAS_CORETYPE={info['OPENBLAS_CORETYPE']!s}; BLAS: {info['blas']}")
    if "blas_note" in info:
        report.line(f"({info['blas_note']})")
    report.line(
        f"mode={'quick' if args.quick else 'full'}  repeats={args.repeats}  seed={args.seed}"
    )


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Check the figures against the targets stated in benchmarks/README.md."""
    checks: list[dict[str, Any]] = []
    enum = results.get("enumeration", {})
    for size in enum.get("sizes", []):
        n = size["n"]
        ms = size["methods"]
        mv = ms.get("multivector vertex", {}).get("median_s")
        qe = ms.get("quantecon vertex_enumeration", {}).get("median_s")
        lcp = ms.get("gambit lcp (all accessible)", {}).get("median_s")
        if 8 <= n <= 12:
            best = min((p for p in (qe, lcp) if p is not None), default=None)
            r = ratio(mv, best)
            checks.append(
                {
                    "target": f"all equilibria {n}x{n}: mv <= 1.0x faster of "
                    "quantecon vertex / gambit lcp",
                    "value": r,
                    "met": None if r is None else r <= 1.0,
                }
            )
        if n >= 8:
            r = ratio(mv, qe)
            checks.append(
                {
                    "target": f"all equilibria {n}x{n}: mv <= 0.5x quantecon vertex_enumeration",
                    "value": r,
                    "met": None if r is None else r <= 0.5,
                }
            )
        if n >= 12:
            r = ratio(mv, lcp)
            checks.append(
                {
                    "target": f"all equilibria {n}x{n}: mv <= 1.0x gambit lcp (all accessible)",
                    "value": r,
                    "met": None if r is None else r <= 1.0,
                }
            )
        nashpy = [
            ms.get(k, {}) for k in ("nashpy vertex_enumeration", "nashpy support_enumeration")
        ]
        np_times = [e["median_s"] for e in nashpy if e.get("median_s") is not None]
        mv_games = ms.get("multivector vertex", {}).get("per_game_s") or []
        np_bounds = [
            lower_bound_speedup(e["partial_times_s"], mv_games)
            for e in nashpy
            if e.get("partial_times_s")
        ]
        if n < 8:
            continue
        target = f"all equilibria {n}x{n}: >= 100x faster than nashpy"
        if np_times:
            speed = ratio(min(np_times), mv)
            checks.append(
                {"target": target, "value": speed, "met": None if speed is None else speed >= 100}
            )
        elif np_bounds and None not in np_bounds:
            # nashpy passed its cap on one game: a lower bound from the games it attempted
            bound = min(b for b in np_bounds if b is not None)
            checks.append(
                {
                    "target": target,
                    "value": bound,
                    "lower_bound": True,
                    "met": None if bound is None else bound >= 100,
                }
            )
    for size in results.get("lemke_howson", {}).get("sizes", []):
        n = size["n"]
        qe = size["methods"].get("quantecon lemke_howson", {})
        mv = size["methods"].get("multivector lemke_howson", {})
        limit = {10: 1.5, 50: 1.0, 100: 1.0}.get(n)
        if limit is not None:
            r = qe.get("multivector_over_peer")
            checks.append(
                {
                    "target": f"solve(method='lemke-howson') {n}x{n}: <= {limit:g}x quantecon",
                    "value": r,
                    "met": None if r is None else r <= limit,
                }
            )
        if n == 200:
            solved = mv.get("status") == "ok" and mv.get("not_equilibrium") == 0
            checks.append(
                {
                    "target": f"Lemke-Howson 200x200: all {size['games']} games solved",
                    "value": None,
                    "met": solved,
                }
            )
    for size in results.get("exact", {}).get("sizes", []):
        r = size.get("multivector_over_lrsnash")
        checks.append(
            {
                "target": f"exact {size['n']}x{size['n']}: <= 1.0x lrsnash CPU, same equilibria",
                "value": r,
                "met": None
                if r is None
                else (r <= 1.0 and size["same_equilibria"] == size["games"]),
            }
        )
    first = results.get("cold_start", {}).get("commands", {}).get(FIRST_SOLVE_LABEL, {})
    checks.append(
        {
            "target": "first solve of a 6x6 game, empty numba cache: under 2 s",
            "value": None,
            "seconds": first.get("median_s"),
            "met": None if first.get("median_s") is None else first["median_s"] < 2.0,
        }
    )
    pure = results.get("pure_batch", {}).get("methods", {})
    mv_pg = pure.get("multivector pure_nash_batch", {}).get("per_game_s")
    qe_pg = pure.get("quantecon pure_nash_brute", {}).get("per_game_s")
    speed = ratio(qe_pg, mv_pg)
    checks.append(
        {
            "target": "batch pure 4-player 3^4: >= 200x quantecon pure_nash_brute",
            "value": speed,
            "met": None if speed is None else speed >= 200,
        }
    )
    cold = results.get("cold_start", {}).get("commands", {})
    r = cold.get("multivector solve", {}).get("over_import_nashpy")
    checks.append(
        {
            "target": "cold start: multivector solve faster than import nashpy",
            "value": r,
            "met": None if r is None else r < 1.0,
        }
    )
    return checks


def lower_bound_speedup(partial: Sequence[float], mv_times: Sequence[float]) -> float | None:
    """Median over the games a capped peer attempted of peer time / multivector time, the
    game that reached the cap counted at the cap (so the true figure is at least this)."""
    if not partial or len(mv_times) < len(partial):
        return None
    return median([p / m for p, m in zip(partial, mv_times, strict=False) if m > 0])


def print_targets(checks: list[dict[str, Any]], report: Report) -> None:
    rows = []
    for c in checks:
        met = {True: "met", False: "NOT met", None: "not measured"}[c["met"]]
        value = (
            "-"
            if c["value"] is None
            else (
                (f"{c['value']:,.0f}x" if c["value"] >= 100 else f"{c['value']:.3g}x")
                if "faster than" in c["target"] or ">=" in c["target"]
                else fmt_ratio(c["value"])
            )
        )
        if c.get("seconds") is not None:
            value = fmt_time(c["seconds"])
        if c.get("lower_bound"):
            value = f">= {value} (nashpy reached its time cap)"
        rows.append([c["target"], value, met])
    report.table(
        "Targets (speed-ups are peer / multivector; ratios are multivector / peer)",
        ["target", "value", "status"],
        rows,
    )


# --------------------------------------------------------------------------- main
SECTIONS = ("enumeration", "lemke_howson", "exact", "pure_batch", "cold_start")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few games: a smoke run under a minute",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        help="calls per game, median taken (default 3, or 1 with --quick)",
    )
    parser.add_argument("--seed", type=int, default=20240611, help="seed of the random games")
    parser.add_argument(
        "--out", metavar="FILE.json", default=None, help="write all figures as JSON (atomic write)"
    )
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        default=None,
        help="run only this section (may be repeated)",
    )
    args = parser.parse_args(argv)
    if args.repeats is None:
        args.repeats = 1 if args.quick else 3
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = Report()
    libs = Libraries.load()
    info = machine_info(libs)
    print_header(info, args, report)
    results: dict[str, Any] = {
        "meta": {
            **info,
            "quick": args.quick,
            "repeats": args.repeats,
            "seed": args.seed,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
    }
    runners: dict[str, Callable[[Libraries, argparse.Namespace, Report], dict[str, Any]]] = {
        "enumeration": bench_enumeration,
        "lemke_howson": bench_lemke_howson,
        "exact": bench_exact,
        "pure_batch": bench_pure_batch,
        "cold_start": bench_cold_start,
    }
    t0 = time.perf_counter()
    for name in args.only or SECTIONS:
        try:
            results[name] = runners[name](libs, args, report)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # one broken section must not lose the others
            report.line(f"section {name} failed: {type(exc).__name__}: {exc}")
            results[name] = {"status": f"error: {type(exc).__name__}: {exc}"}
    results["targets"] = targets(results)
    print_targets(results["targets"], report)
    results["meta"]["wall_s"] = time.perf_counter() - t0
    report.line(f"total wall time {fmt_time(results['meta']['wall_s'])}")
    if args.out:
        atomic_write_json(args.out, results)
        report.line(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
