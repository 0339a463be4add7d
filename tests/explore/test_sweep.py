"""Sweeps: rows match the solvers, chunked files resume byte-identically, executors agree."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from multivector.errors import ScenarioError
from multivector.explore.sweep import Sweep, grid_axis, normal, parse_vary, uniform
from multivector.games.scenarios import get_scenario
from multivector.solver.pure import pure_nash
from multivector.solver.vertex import enumerate_equilibria
from tests.validators import assert_equilibrium

AXES = [
    grid_axis("kazakhstan.autonomy_value", 0.0, 0.3, 20),
    grid_axis("kazakhstan.bandwagon_premium", 0.0, 1.0, 20),
]


def _grid(**kw: object) -> Sweep:
    return Sweep("great-powers", grid=AXES, chunk_size=37, **kw)  # type: ignore[arg-type]


def test_rows_agree_with_certified_pure_solver() -> None:
    result = _grid().run()
    assert len(result.rows) == 400 and [r[0] for r in result.rows] == list(range(400))
    s = get_scenario("great-powers")
    kinds = set()
    for row in result.rows[::23]:
        game = s.game(overrides={AXES[0].name: row[1], AXES[1].name: row[2]})
        eqs = pure_nash(game)
        for e in eqs:
            assert_equilibrium(game, e)
        labels = [
            "/".join(game.strategies[i][k[0]] for i, k in enumerate(e.supports)) for e in eqs
        ]
        assert row[3] == len(eqs) and row[4] == ";".join(labels)
        kinds.add(row[5])
    assert len(kinds) >= 2  # the grid crosses the mediate / bandwagon-west boundary


def test_two_player_rows_agree_with_vertex_enumeration() -> None:
    sweep = Sweep(
        "kz-russia",
        grid=[
            grid_axis("kazakhstan.autonomy_value", 0, 0.3, 4),
            grid_axis("kazakhstan.exit_gain", 0, 1, 4),
        ],
    )
    result = sweep.run()
    assert sweep.method_used == "vertex"
    s = get_scenario("kz-russia")
    for row in result.rows:
        game = s.game(
            overrides={"kazakhstan.autonomy_value": row[1], "kazakhstan.exit_gain": row[2]}
        )
        sol = enumerate_equilibria(game)
        for e in sol.equilibria:
            assert_equilibrium(game, e)
        assert row[3] == len(sol.equilibria)


def test_resume_after_interruption_is_byte_identical(tmp_path: Path) -> None:
    full, part = tmp_path / "full.csv", tmp_path / "part.csv"
    _grid().run(full)
    first = _grid().run(part, max_chunks=4)
    assert not first.complete and len(first.rows) == 4 * 37
    assert (tmp_path / "part.csv.progress.json").exists()

    def boom(done: int, total: int) -> None:
        if done > 8 * 37:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _grid().run(part, resume=True, progress=boom)
    with open(part, "ab") as f:  # a torn write after the last commit is dropped
        f.write(b"999,garbage")
    resumed = _grid().run(part, resume=True)
    assert resumed.complete and part.read_bytes() == full.read_bytes()
    assert not (tmp_path / "part.csv.progress.json").exists()
    assert resumed.rows == _grid().run().rows


def test_resume_refuses_another_sweep(tmp_path: Path) -> None:
    out = tmp_path / "g.csv"
    _grid().run(out, max_chunks=1)
    other = Sweep("great-powers", grid=AXES[:1], chunk_size=37)
    with pytest.raises(ScenarioError, match="different sweep"):
        other.run(out, resume=True)


def test_draws_same_rows_whatever_the_executor(tmp_path: Path) -> None:
    def make() -> Sweep:
        return Sweep(
            "great-powers",
            draws=[
                uniform("russia.leverage", 0.2, 1.0),
                normal("kazakhstan.bandwagon_premium", 0.3, 0.2),
            ],
            num_draws=300,
            seed=7,
            chunk_size=50,
        )

    local = make().run()
    with ThreadPoolExecutor(3) as ex:
        threaded = make().run(tmp_path / "t.csv", executor=ex)
    pooled = make().run(workers=2)
    assert local.rows == threaded.rows == pooled.rows
    prem = np.array(local.column("kazakhstan.bandwagon_premium"))
    assert prem.min() >= 0.0 and prem.max() <= 1.0
    assert (
        Sweep("great-powers", draws=[uniform("russia.leverage", 0, 1)], num_draws=5, seed=8)
        .run()
        .rows
        != local.rows[:5]
    )


def test_to_pandas_and_csv() -> None:
    pd = pytest.importorskip("pandas")
    result = _grid().run()
    df = result.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == 400
    assert result.to_csv().splitlines()[0] == ",".join(result.columns)


def test_parse_vary_and_errors() -> None:
    assert parse_vary("russia.leverage=0:1:5").num == 5
    with pytest.raises(ScenarioError, match="LOW:HIGH:N"):
        parse_vary("russia.leverage=0:1")
    with pytest.raises(ScenarioError, match="outside its bounds"):
        Sweep("great-powers", grid=[grid_axis("russia.leverage", 0, 2, 3)])
    with pytest.raises(ScenarioError, match="unknown parameter"):
        Sweep("great-powers", grid=[grid_axis("russia.leverag", 0, 1, 3)])


def test_great_powers_200_by_200() -> None:
    axes = [
        grid_axis("kazakhstan.autonomy_value", 0, 0.3, 200),
        grid_axis("kazakhstan.bandwagon_premium", 0, 1, 200),
    ]
    result = Sweep("great-powers", grid=axes, chunk_size=10_000).run()
    assert len(result.rows) == 40_000
    # along every row of the grid, bandwagon-west appears only once the premium is high
    dec = np.array(result.column("deciding_strategy")).reshape(200, 200)
    west = np.char.find(dec.astype(str), "bandwagon-west") >= 0
    assert all(np.all(np.diff(w.astype(int)) >= 0) for w in west)


def test_dask_local_cluster_gives_same_rows() -> None:
    distributed = pytest.importorskip("dask.distributed")
    expected = _grid().run().rows
    with (
        distributed.LocalCluster(n_workers=2, processes=False, dashboard_address=None) as lc,
        distributed.Client(lc) as client,
    ):
        assert _grid().run(client=client).rows == expected


def test_dask_chunks_are_cut_for_the_clusters_threads() -> None:
    """A client, or its executor, counts the cluster's threads: a sweep is cut for them
    (four chunks each), not for one worker (the executor alone used to say 1, which cut
    a 40,000-point great-powers sweep into six chunks and a seventh of 682 points)."""
    distributed = pytest.importorskip("dask.distributed")
    from multivector.explore.sweep import _Run

    sweep = _grid()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as lc,
        distributed.Client(lc) as client,
    ):
        executor = client.get_executor(pure=False)
        for run in (
            _Run(sweep, executor, 1, client, None, None, None),
            _Run(sweep, executor, 1, None, None, None, None),
        ):
            assert run._chunking() == (2, 4)


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("side", [10, 200, 1000])
def test_automatic_chunks(workers: int, side: int) -> None:
    """Pure sweeps get chunks of at least PURE_CHUNK_ENTRIES payoff entries (else of
    MIN_AUTO_CHUNK points), as many for every worker when the sweep is too small for
    more, and at most DEFAULT_CHUNK points (or the least chunk) when it is large."""
    from multivector.explore import sweep as sw

    axes = [
        grid_axis("kazakhstan.autonomy_value", 0, 0.3, side),
        grid_axis("kazakhstan.bandwagon_premium", 0, 1, side),
    ]
    for method in ("pure", "vertex"):
        s = Sweep("great-powers" if method == "pure" else "kz-russia", grid=axes, method=method)
        entries = len(s.model.players) * int(np.prod([len(x) for x in s.model.strategies]))
        least = sw.MIN_AUTO_CHUNK
        if method == "pure":
            least = max(least, sw.PURE_CHUNK_ENTRIES // entries)
        size = s.chunk_points(workers)
        chunks = -(-s.num_points // size)
        if chunks >= 8 * workers:  # large: per_worker (8) chunks or more for every worker
            assert least <= size <= max(sw.DEFAULT_CHUNK, least)
        elif s.num_points >= least * workers:  # as many chunks for every worker
            assert size >= least and chunks % workers == 0, (size, chunks)
            assert (chunks + workers) * least > s.num_points  # no room for more
        else:
            assert size == max(sw.MIN_AUTO_CHUNK, -(-s.num_points // workers))
