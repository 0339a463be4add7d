"""Parameter sweeps: solve a scenario over a grid or over random draws of its parameters.

A sweep varies some parameters of a scenario (built-in, or a parametric game file) and
keeps the others at a calibration's values. Points are split in chunks; each chunk's
games are built in one vectorised call (:meth:`Scenario.payoffs_batch`) and solved:

* ``method="pure"`` (the default for three or more players): the pure-equilibrium sweep,
  :func:`multivector.solver.pure.pure_nash_mask` on the whole stack. It lists every pure
  equilibrium; mixed equilibria are not searched.
* ``method="vertex"`` (the default for two players): every extreme equilibrium of each
  game. Small games (``m + n <= 8``) are first solved together by batched support
  enumeration, which hands back every game that may be degenerate; those, and larger
  games, are solved one at a time by vertex enumeration
  (:func:`multivector.solver.vertex.enumerate_equilibria`). Both give the same rows.

Chunks run on any :class:`concurrent.futures.Executor` (a local process pool, a Dask
cluster's ``client.get_executor()``), or in this process. With an output file, each
finished chunk is appended to it and committed by an atomic rewrite of a small sidecar
file (``FILE.csv.progress.json``) recording the finished chunks and the file's committed
length; ``resume=True`` truncates anything written after the last commit and skips the
finished chunks. The finished file has its rows sorted by point index, so an interrupted
and resumed sweep writes the same bytes as an uninterrupted one, and the same seed gives
the same rows whatever the executor.

Examples
--------
>>> from multivector.explore.sweep import Sweep, grid_axis
>>> sweep = Sweep("great-powers", grid=[grid_axis("russia.leverage", 0.0, 1.0, 3)])
>>> result = sweep.run()
>>> [row[-1] for row in result.rows]
['mediate', 'mediate', 'mediate']
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from multivector._optional import require_pandas
from multivector.errors import ScenarioError
from multivector.files import atomic_write_text, check_number_text, read_text, shorten
from multivector.games.formats.json_format import parse_json
from multivector.games.models import ParametricModel, load_model
from multivector.games.scenarios import LATEST

__all__ = [
    "MAX_POINTS",
    "Axis",
    "Distribution",
    "Sweep",
    "SweepResult",
    "grid_axis",
    "normal",
    "parse_vary",
    "resolve_method",
    "solve_points",
    "uniform",
]

#: Column names before the parameters and after them.
POINT_COLUMN = "point"
RESULT_COLUMNS = ("n_equilibria", "equilibria", "deciding_strategy")

#: The method recorded for a sequential scenario, which solves its own batches.
TREE_METHOD = "tree"

#: Points per chunk when none is given.
DEFAULT_CHUNK = 4096

#: Most points of one sweep (grid points or draws), checked before any work: a sweep's
#: rows are held in memory (about 200 bytes a point); larger ones are split into ranges.
MAX_POINTS = 10_000_000

Method = Literal["auto", "pure", "vertex"]


# ---------------------------------------------------------------------- specification
@dataclass(frozen=True)
class Axis:
    """One varied parameter of a grid: ``num`` evenly spaced values from ``low`` to ``high``."""

    name: str
    low: float
    high: float
    num: int

    def values(self) -> NDArray[np.float64]:
        """The grid values (``numpy.linspace``)."""
        return np.linspace(self.low, self.high, self.num)


def grid_axis(name: str, low: float, high: float, num: int) -> Axis:
    """A grid axis, checked: ``num >= 1`` and ``low <= high``."""
    if int(num) != num or num < 1:
        raise ScenarioError(f"grid of {name!r} needs a number of points >= 1, got {num}")
    if not (math.isfinite(low) and math.isfinite(high)) or low > high:
        raise ScenarioError(f"grid of {name!r}: need finite LOW <= HIGH, got {low}:{high}")
    return Axis(name, float(low), float(high), int(num))


@dataclass(frozen=True)
class Distribution:
    """A random parameter: ``kind`` is ``"uniform"`` (a, b = low, high) or ``"normal"``
    (a, b = mean, standard deviation, truncated to the parameter's bounds), or
    ``"custom"`` with ``sampler(rng, size) -> array``."""

    name: str
    kind: str
    a: float = 0.0
    b: float = 0.0
    sampler: Callable[[np.random.Generator, int], NDArray[np.float64]] | None = None

    def draw(
        self, rng: np.random.Generator, size: int, lo: float, hi: float
    ) -> NDArray[np.float64]:
        """``size`` draws inside ``[lo, hi]`` (normal draws outside are redrawn)."""
        if self.kind == "uniform":
            return rng.uniform(max(self.a, lo), min(self.b, hi), size)
        if self.kind == "normal":
            out = rng.normal(self.a, self.b, size)
            for _ in range(1000):
                bad = (out < lo) | (out > hi)
                if not bad.any():
                    return out
                out[bad] = rng.normal(self.a, self.b, int(bad.sum()))
            raise ScenarioError(
                f"normal({self.a}, {self.b}) of {self.name!r} rarely falls inside its bounds "
                f"[{lo:g}, {hi:g}]; choose a mean inside them"
            )
        assert self.sampler is not None
        return np.asarray(self.sampler(rng, size), dtype=np.float64).reshape(size)


def uniform(name: str, low: float, high: float) -> Distribution:
    """Uniform draws of ``name`` on ``[low, high]`` (intersected with its bounds)."""
    if not low <= high:
        raise ScenarioError(f"uniform draws of {name!r} need LOW <= HIGH, got {low}:{high}")
    return Distribution(name, "uniform", float(low), float(high))


def normal(name: str, mean: float, sd: float) -> Distribution:
    """Normal draws of ``name``, truncated to its bounds (redrawn when outside)."""
    if not (math.isfinite(sd) and sd > 0):
        raise ScenarioError(f"normal draws of {name!r} need a finite standard deviation > 0")
    return Distribution(name, "normal", float(mean), float(sd))


def parse_vary(item: str, *, draws: bool = False) -> Axis | Distribution:
    """Parse the CLI's ``--vary``.

    ``name=LOW:HIGH:N`` is a grid axis; with ``draws=True``, ``name=LOW:HIGH`` (uniform) or
    ``name=normal:MEAN:SD``.

    Examples
    --------
    >>> parse_vary("russia.leverage=0:1:5")
    Axis(name='russia.leverage', low=0.0, high=1.0, num=5)
    >>> parse_vary("russia.leverage=normal:0.8:0.1", draws=True).kind
    'normal'
    """
    name, sep, spec = item.partition("=")
    name = name.strip()
    parts = [p.strip() for p in spec.split(":")]
    hint = "name=LOW:HIGH:N, e.g. russia.leverage=0:1:200"
    if draws:
        hint = "name=LOW:HIGH or name=normal:MEAN:SD with --draws"
    shown = shorten(item, 80)
    if not sep or not name:
        raise ScenarioError(f"--vary {shown!r} must look like {hint}")
    for part in parts:  # digits and exponents, before any conversion
        problem = check_number_text(part)
        if problem is not None:
            raise ScenarioError(f"--vary {shown!r}: {problem}")
    try:
        if draws and parts[0].lower() == "normal" and len(parts) == 3:
            return normal(name, float(parts[1]), float(parts[2]))
        if draws and parts[0].lower() == "uniform" and len(parts) == 3:
            return uniform(name, float(parts[1]), float(parts[2]))
        if draws and len(parts) == 2:
            return uniform(name, float(parts[0]), float(parts[1]))
        if not draws and len(parts) == 3:
            return grid_axis(name, float(parts[0]), float(parts[1]), int(parts[2]))
    except ValueError:
        pass
    raise ScenarioError(f"--vary {shown!r} must look like {hint}")


# ---------------------------------------------------------------------- solving
def _fmt_mixed(probs: NDArray[np.float64], labels: Sequence[str]) -> str:
    values = probs.tolist()
    support = [k for k, p in enumerate(values) if p > 1e-9]
    if len(support) == 1:
        return labels[support[0]]
    return "+".join(f"{values[k]:.6g}*{labels[k]}" for k in support)


def solve_points(
    model: ParametricModel, values: Mapping[str, NDArray[np.float64]], method: str = "auto"
) -> list[list[tuple[str, ...]]]:
    """The equilibria at each point of a batch, as strategy labels.

    Parameters
    ----------
    model : ParametricModel
        A scenario, a parametric game file's model, or any
        :class:`~multivector.games.models.ParametricModel`.
    values : mapping
        ``name -> array (B,)`` of parameter values (others take their defaults).
    method : {"auto", "pure", "vertex"}
        ``auto`` is ``vertex`` for two players and ``pure`` otherwise.

    Returns
    -------
    list of list of tuple of str
        For each point, its equilibria; each equilibrium one string per player: a label,
        or ``p*label+q*label`` for a mixed strategy.

    Notes
    -----
    ``vertex`` on small games runs
    :func:`multivector.solver.support_batch.bimatrix_equilibria_batch` on the whole
    batch (support enumeration, von Stengel 2007, Section 3.4) and
    :func:`~multivector.solver.vertex.enumerate_equilibria` on the games it leaves
    undecided (possibly degenerate), so the list is that of vertex enumeration.
    """
    own = getattr(model, "equilibria_batch", None)
    if own is not None:  # a sequential scenario solves its own batches (trees)
        rows: list[list[tuple[str, ...]]] = own(values)
        return rows
    players, strategies = model.players, model.strategies
    used = resolve_method(method, len(players))
    payoffs = model.payoffs_batch(values)
    if used == "pure":
        from multivector.solver.pure import pure_nash_mask

        mask = pure_nash_mask(payoffs)
        idx = np.argwhere(mask.reshape(mask.shape[0], -1))
        shape = mask.shape[1:]
        out: list[list[tuple[str, ...]]] = [[] for _ in range(mask.shape[0])]
        if idx.size:
            profiles = np.stack(np.unravel_index(idx[:, 1], shape), axis=1)
            for b, prof in zip(idx[:, 0].tolist(), profiles.tolist(), strict=True):
                out[b].append(tuple(strategies[i][k] for i, k in enumerate(prof)))
        return out
    from multivector.games.normal_form import NormalFormGame
    from multivector.solver.support_batch import MAX_STRATEGIES, bimatrix_equilibria_batch
    from multivector.solver.vertex import enumerate_equilibria

    rows = []
    if sum(payoffs.shape[2:]) <= MAX_STRATEGIES:
        found, undecided = bimatrix_equilibria_batch(payoffs[:, 0], payoffs[:, 1])
    else:
        found, undecided = [], np.ones(len(payoffs), dtype=bool)
    labels = [_batch_labels(found, undecided, i, strategies[i]) for i in range(2)]
    for b, p in enumerate(payoffs):
        if not undecided[b]:
            rows.append(list(zip(labels[0][b], labels[1][b], strict=True)))
            continue
        sol = enumerate_equilibria(NormalFormGame(p, players, strategies))
        rows.append(
            [
                tuple(_fmt_mixed(x, strategies[i]) for i, x in enumerate(e.profile))
                for e in sol.equilibria
            ]
        )
    return rows


def _batch_labels(
    found: Sequence[tuple[NDArray[np.float64], NDArray[np.float64]]],
    undecided: NDArray[np.bool_],
    player: int,
    labels: Sequence[str],
) -> list[list[str]]:
    """Player's strategy text in each decided game's equilibria (pure ones by lookup)."""
    if not len(found):
        return [[] for _ in undecided]
    S = np.concatenate([pair[player] for pair in found])
    counts = [len(pair[player]) for pair in found]
    pure = ((S > 1e-9).sum(axis=1) == 1).tolist()
    best = S.argmax(axis=1).tolist()
    texts = [
        labels[k] if is_pure else _fmt_mixed(S[e], labels)
        for e, (k, is_pure) in enumerate(zip(best, pure, strict=True))
    ]
    bounds = np.cumsum([0, *counts]).tolist()
    return [texts[bounds[k] : bounds[k + 1]] for k in range(len(counts))]


def resolve_method(method: str, n_players: int) -> str:
    """The sweep method that runs: ``auto`` is ``vertex`` for 2 players, else ``pure``.

    Raises
    ------
    ScenarioError
        For a method other than auto, pure and vertex, or vertex with more players.

    Examples
    --------
    >>> resolve_method("auto", 2), resolve_method("auto", 4)
    ('vertex', 'pure')
    """
    if method == "auto":
        return "vertex" if n_players == 2 else "pure"
    if method not in ("pure", "vertex"):
        raise ScenarioError(f"sweep method {method!r} is not one of auto, pure, vertex")
    if method == "vertex" and n_players != 2:
        raise ScenarioError(
            f"method 'vertex' solves 2-player games; this model has {n_players} players "
            "(use --method pure)"
        )
    return method


def _deciding(eqs: Sequence[tuple[str, ...]]) -> str:
    seen: list[str] = []
    for e in eqs:
        if e[0] not in seen:
            seen.append(e[0])
    return "|".join(seen)


def _tail_text(eqs: Sequence[tuple[str, ...]]) -> str:
    """The CSV text of a row's result columns, with its line end."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(
        [str(len(eqs)), ";".join("/".join(e) for e in eqs), _deciding(eqs)]
    )
    return buf.getvalue()


def _pure_tails(model: ParametricModel, values: Mapping[str, NDArray[np.float64]]) -> list[str]:
    """Result text of each point of a pure sweep, formatted once per equilibrium pattern.

    Each point's set of pure equilibria is its row of the equilibrium mask; the rows are
    packed to bytes, the distinct ones found by ``numpy.unique`` and each distinct
    pattern's labels formatted once.
    """
    from multivector.solver.pure import pure_nash_mask

    strategies = model.strategies
    mask = pure_nash_mask(model.payoffs_batch(values))
    shape = mask.shape[1:]
    flat = mask.reshape(mask.shape[0], -1)
    packed = np.ascontiguousarray(np.packbits(flat, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    tails = []
    for b in first.tolist():
        profiles = np.stack(np.unravel_index(np.flatnonzero(flat[b]), shape), axis=1)
        eqs = [tuple(strategies[i][k] for i, k in enumerate(p)) for p in profiles.tolist()]
        tails.append(_tail_text(eqs))
    table = np.array(tails, dtype=object)
    out: list[str] = table[inverse.ravel()].tolist()
    return out


def _chunk_text(start: int, varied: NDArray[np.float64], tails: Sequence[str]) -> str:
    """CSV rows ``point, parameters..., result`` of a chunk, joined in one pass."""
    points = map(str, range(start, start + varied.shape[0]))
    params = [list(map(repr, col)) for col in varied.T.tolist()]
    return "".join(map(",".join, zip(points, *params, tails, strict=True)))


@dataclass(frozen=True)
class _Chunk:
    """One unit of work, sent to an executor (picklable)."""

    chunk_id: int
    start: int
    target: Any
    names: tuple[str, ...]
    varied: NDArray[np.float64]  # (B, len(names))
    base: Mapping[str, float]
    method: str


def _run_chunk(chunk: _Chunk) -> tuple[int, str]:
    """Solve a chunk; return its id and its rows as CSV text."""
    model = load_model(chunk.target)
    batch = chunk.varied.shape[0]
    values = {k: np.full(batch, v) for k, v in chunk.base.items()}
    for j, name in enumerate(chunk.names):
        values[name] = chunk.varied[:, j]
    if chunk.method == "pure":
        tails = _pure_tails(model, values)
    else:
        cache: dict[tuple[tuple[str, ...], ...], str] = {}
        tails = []
        for eqs in solve_points(model, values, chunk.method):
            key = tuple(eqs)
            if key not in cache:
                cache[key] = _tail_text(eqs)
            tails.append(cache[key])
    return chunk.chunk_id, _chunk_text(chunk.start, chunk.varied, tails)


# ---------------------------------------------------------------------- the result
@dataclass(frozen=True)
class SweepResult:
    """The table of a sweep: one row per point, in point order.

    Attributes
    ----------
    columns : tuple of str
        ``point``, the varied parameters, ``n_equilibria``, ``equilibria`` (``;``
        between equilibria, ``/`` between players) and ``deciding_strategy`` (the first
        player's strategies over the equilibria, ``|`` between distinct ones; empty when
        there is no equilibrium of the kind searched).
    rows : list of tuple
    method : str
    complete : bool
        False when the sweep stopped before every chunk was done.
    """

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    method: str
    complete: bool = True
    notes: tuple[str, ...] = field(default=())

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The table as CSV text (also written to ``path`` when given)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([repr(v) if isinstance(v, float) else str(v) for v in row])
        text = buf.getvalue()
        if path is not None:
            atomic_write_text(path, text)
        return text

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (needs pandas)."""
        pd = require_pandas("SweepResult.to_pandas()")
        return pd.DataFrame(self.rows, columns=list(self.columns))

    def to_frame(self) -> Any:
        """The table as a ``pandas.DataFrame``, as :meth:`Solution.to_frame
        <multivector.solver.equilibrium.Solution.to_frame>` gives one (needs pandas)."""
        return self.to_pandas()

    def column(self, name: str) -> list[Any]:
        """One column's values."""
        k = self.columns.index(name)
        return [r[k] for r in self.rows]

    def outcome_counts(self) -> dict[str, int]:
        """How many points have each deciding strategy (``"(none)"`` for no equilibrium),
        sorted by strategy.

        Examples
        --------
        >>> sweep = Sweep("great-powers", grid=[grid_axis("russia.leverage", 0.0, 1.0, 3)])
        >>> sweep.run().outcome_counts()
        {'mediate': 3}
        """
        counts = Counter(s or "(none)" for s in self.column("deciding_strategy"))
        return dict(sorted(counts.items()))


def _parse_rows(text: str, n_params: int) -> list[tuple[Any, ...]]:
    rows = []
    for rec in csv.reader(io.StringIO(text)):
        if not rec:
            continue
        rows.append(
            (
                int(rec[0]),
                *(float(v) for v in rec[1 : 1 + n_params]),
                int(rec[1 + n_params]),
                *rec[2 + n_params :],
            )
        )
    return rows


# ---------------------------------------------------------------------- files
def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".progress.json")


# ---------------------------------------------------------------------- the sweep
@dataclass
class Sweep:
    """A sweep of a scenario over a grid or random draws.

    Parameters
    ----------
    target : str or ParametricModel
        A built-in scenario name, a parametric game file, or the model itself (a model
        object must be picklable to run on a process pool).
    grid : sequence of Axis
        Grid axes; the points are their Cartesian product, the first axis slowest.
    draws : sequence of Distribution
        Random parameters (instead of ``grid``); ``num_draws`` points from ``seed``.
    era : str or None
        Calibration giving the parameters that are not varied (default latest;
        None for the defaults).
    overrides : mapping
        Fixed values of other parameters.
    method : {"auto", "pure", "vertex"}
    chunk_size : int
    """

    target: str | ParametricModel
    grid: Sequence[Axis] = ()
    draws: Sequence[Distribution] = ()
    num_draws: int = 0
    seed: int | None = 0
    era: str | None = LATEST
    overrides: Mapping[str, float] = field(default_factory=dict)
    method: Method = "auto"
    chunk_size: int = DEFAULT_CHUNK

    def __post_init__(self) -> None:
        self.model = load_model(self.target)
        self.method_used = resolve_method(self.method, len(self.model.players))
        if hasattr(self.model, "equilibria_batch"):
            self.method_used = TREE_METHOD
        if bool(self.grid) == bool(self.draws):
            raise ScenarioError("a sweep needs grid axes or random draws (one of the two)")
        if self.draws and self.num_draws < 1:
            raise ScenarioError("random draws need a number of draws >= 1 (--draws N)")
        points = math.prod(a.num for a in self.grid) if self.grid else self.num_draws
        if points > MAX_POINTS:
            raise ScenarioError(
                f"the sweep has {points:,} points, more than the limit of {MAX_POINTS:,} "
                "(its rows are held in memory); use fewer points per axis, random --draws, "
                "or split the ranges into several sweeps"
            )
        self.names = tuple(a.name for a in (self.grid or self.draws))
        if len(set(self.names)) != len(self.names):
            raise ScenarioError("each parameter can be varied once")
        params = self.model.parameters
        for a in self.grid:
            params[a.name].check(a.low, where="grid: ")
            params[a.name].check(a.high, where="grid: ")
        for d in self.draws:
            p = params[d.name]
            if d.kind == "uniform":  # (it used to be cut to the bounds silently)
                p.check(d.a, where="draws: ")
                p.check(d.b, where="draws: ")
            elif d.kind == "normal":
                p.check(d.a, where="draws: mean: ")
        self.base = self.model.values(self.era, self.overrides)
        if self.chunk_size < 1:
            raise ScenarioError("chunk size must be >= 1")
        self._drawn: NDArray[np.float64] | None = None

    # -------------------------------------------------------------- points
    @property
    def num_points(self) -> int:
        """Number of points."""
        if self.grid:
            return int(np.prod([a.num for a in self.grid]))
        return self.num_draws

    @property
    def num_chunks(self) -> int:
        """Number of chunks."""
        return -(-self.num_points // self.chunk_size)

    def points(self, start: int, stop: int) -> NDArray[np.float64]:
        """Varied values of points ``start..stop-1``, shape ``(stop - start, k)``."""
        if self.grid:
            axes = [a.values() for a in self.grid]
            idx = np.unravel_index(np.arange(start, stop), [a.num for a in self.grid])
            return np.stack([ax[i] for ax, i in zip(axes, idx, strict=True)], axis=1)
        if self._drawn is None:
            rng = np.random.default_rng(self.seed)
            cols = []
            for d in self.draws:
                p = self.model.parameters[d.name]
                cols.append(d.draw(rng, self.num_draws, p.min, p.max))
            self._drawn = np.stack(cols, axis=1)
        return self._drawn[start:stop]

    def columns(self) -> tuple[str, ...]:
        """The result's column names."""
        return (POINT_COLUMN, *self.names, *RESULT_COLUMNS)

    def fingerprint(self) -> str:
        """A hash of everything that decides the rows (checked by ``resume``)."""
        spec = {
            "target": self.target if isinstance(self.target, str) else repr(self.target),
            "grid": [(a.name, a.low, a.high, a.num) for a in self.grid],
            "draws": [(d.name, d.kind, d.a, d.b) for d in self.draws],
            "num_draws": self.num_draws,
            "seed": self.seed,
            "base": sorted(self.base.items()),
            "method": self.method_used,
            "chunk_size": self.chunk_size,
        }
        return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]

    def _chunk(self, c: int) -> _Chunk:
        start = c * self.chunk_size
        stop = min(start + self.chunk_size, self.num_points)
        target = self.target if isinstance(self.target, str) else self.model
        return _Chunk(
            c, start, target, self.names, self.points(start, stop), self.base, self.method_used
        )

    # -------------------------------------------------------------- running
    def run(
        self,
        out: str | os.PathLike[str] | None = None,
        *,
        executor: Executor | None = None,
        workers: int = 1,
        client: Any = None,
        scheduler: str | None = None,
        resume: bool = False,
        progress: Callable[[int, int], None] | None = None,
        max_chunks: int | None = None,
        max_in_flight: int = 32,
    ) -> SweepResult:
        """Run the sweep and return its table.

        Parameters
        ----------
        out : path, optional
            CSV file written chunk by chunk (see the module notes); when given, the
            returned table is read back from it.
        executor : concurrent.futures.Executor, optional
            Where chunks run; default a local process pool of ``workers`` processes, or
            this process when ``workers == 1``.
        workers : int
        client : dask.distributed.Client, optional
            Run on this Dask cluster (``client.get_executor()``).
        scheduler : str, optional
            The address of a Dask scheduler (``tcp://host:8786``): the sweep connects a
            client to it, runs there and closes the client. Needs dask (the ``dask``
            extra).
        resume : bool
            Keep the chunks that ``out`` already holds and run only the others.
        progress : callable, optional
            ``progress(points_done, points_total)`` after each chunk.
        max_chunks : int, optional
            Stop after this many new chunks (the result then has ``complete=False`` and
            ``out`` can be resumed).

        Raises
        ------
        ScenarioError
            For ``resume`` on a file from a different sweep or without ``out``, or for
            both ``workers`` and ``scheduler``, or ``scheduler`` without dask.
        """
        if resume and out is None:
            raise ScenarioError("resume needs an output file (--resume needs --out FILE.csv)")
        if scheduler is None:
            return self._run(
                out, executor, workers, client, resume, progress, max_chunks, max_in_flight
            )
        if workers != 1 or client is not None or executor is not None:
            raise ScenarioError("give workers (--workers) or a scheduler (--scheduler), not both")
        try:
            from dask.distributed import Client
        except ImportError:
            raise ScenarioError(
                "a Dask scheduler needs dask: pip install 'multivector[dask]'"
            ) from None
        own_client = Client(scheduler)
        try:
            return self._run(out, None, 1, own_client, resume, progress, max_chunks, max_in_flight)
        finally:
            own_client.close()

    def _run(
        self,
        out: str | os.PathLike[str] | None,
        executor: Executor | None,
        workers: int,
        client: Any,
        resume: bool,
        progress: Callable[[int, int], None] | None,
        max_chunks: int | None,
        max_in_flight: int,
    ) -> SweepResult:
        path = Path(out) if out is not None else None
        done: dict[int, int] = {}  # chunk id -> points
        texts: dict[int, str] = {}
        length = 0
        fp = self.fingerprint()
        header = ",".join(self.columns()) + "\n"
        if path is not None:
            side = _sidecar(path)
            if resume and side.exists():
                state = parse_json(read_text(side), source=str(side))
                if state.get("fingerprint") != fp:
                    raise ScenarioError(
                        f"{path} was written by a different sweep; remove it (and "
                        f"{side.name}) or run without --resume"
                    )
                done = {int(k): int(v) for k, v in state["chunks"].items()}
                length = int(state["length"])
                with open(path, "r+b") as f:
                    f.truncate(length)
            elif resume and path.exists():
                return self._finished(path)  # finished earlier
            else:
                atomic_write_text(path, header)
                length = len(header.encode())
                self._commit(path, fp, done, length)
        todo = [c for c in range(self.num_chunks) if c not in done]
        if max_chunks is not None:
            todo = todo[: max(0, max_chunks)]
        points_done = sum(done.values())
        total = self.num_points
        if progress is not None:
            progress(points_done, total)

        def record(cid: int, text: str) -> None:
            nonlocal length, points_done
            n = text.count("\n")
            if path is not None:
                with open(path, "ab") as f:
                    data = text.encode()
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                length += len(data)
                done[cid] = n
                self._commit(path, fp, done, length)
            else:
                texts[cid] = text
                done[cid] = n
            points_done += n
            if progress is not None:
                progress(points_done, total)

        own: Executor | None = None
        if client is not None and executor is None:
            executor = client.get_executor()
        if executor is None and workers > 1:
            executor = own = ProcessPoolExecutor(max_workers=workers)
        try:
            if executor is None:
                for c in todo:
                    record(*_run_chunk(self._chunk(c)))
            else:
                pending: set[Future[tuple[int, str]]] = set()
                queue: Iterator[int] = iter(todo)
                for c in queue:
                    pending.add(executor.submit(_run_chunk, self._chunk(c)))
                    if len(pending) >= max_in_flight:
                        break
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in sorted(finished, key=lambda f: f.result()[0]):
                        record(*fut.result())
                    for c in queue:
                        pending.add(executor.submit(_run_chunk, self._chunk(c)))
                        if len(pending) >= max_in_flight:
                            break
        finally:
            if own is not None:
                own.shutdown(cancel_futures=True)
        complete = len(done) == self.num_chunks
        notes = self._notes()
        if path is None:
            body = "".join(texts[c] for c in sorted(texts))
            return SweepResult(
                self.columns(),
                _parse_rows(body, len(self.names)),
                self.method_used,
                complete,
                notes,
            )
        if not complete:
            body = path.read_bytes()[len(header.encode()) : length].decode()
            rows = sorted(_parse_rows(body, len(self.names)), key=lambda r: r[0])
            return SweepResult(self.columns(), rows, self.method_used, False, notes)
        # finished: sort rows by point index (rewriting atomically when chunks finished
        # out of order), drop the sidecar
        result = self._finished(path)
        points = [r[0] for r in result.rows]
        if points != sorted(points):
            lines = read_text(path).splitlines(keepends=True)[1:]
            lines.sort(key=lambda s: int(s.split(",", 1)[0]))
            atomic_write_text(path, header + "".join(lines))
            result = self._finished(path)
        _sidecar(path).unlink(missing_ok=True)
        return result

    def _finished(self, path: Path) -> SweepResult:
        text = read_text(path, expected="a sweep's CSV file")
        head, _, body = text.partition("\n")
        if tuple(head.split(",")) != self.columns():
            raise ScenarioError(
                f"{path} holds another sweep's columns; remove it or choose another --out"
            )
        return SweepResult(
            self.columns(),
            _parse_rows(body, len(self.names)),
            self.method_used,
            True,
            self._notes(),
        )

    def _commit(self, path: Path, fp: str, done: Mapping[int, int], length: int) -> None:
        state = {
            "fingerprint": fp,
            "length": length,
            "chunks": {str(k): v for k, v in sorted(done.items())},
        }
        atomic_write_text(_sidecar(path), json.dumps(state))

    def _notes(self) -> tuple[str, ...]:
        if self.method_used == TREE_METHOD:
            return (
                "sequential scenario: each point's equilibrium by the scenario's own "
                "method (backward induction over its stages with beliefs); the first "
                "player's column is its choice on the path",
            )
        if self.method_used == "pure":
            return (
                "pure-equilibrium sweep: every pure equilibrium is listed; mixed "
                "equilibria were not searched",
            )
        return ("every extreme equilibrium by vertex enumeration (complete for 2 players)",)
