"""Lemke-Howson: single paths, the walk of the Lemke-Howson graph, degenerate games.

Every result goes through :func:`tests.validators.assert_equilibrium`. Known answers:
Battle of the sexes by hand, von Stengel's 6x6 game with 75 equilibria (both payoff
versions), and the games with Lemke-Howson-inaccessible equilibria of Shapley (1974) and
Todd from Gambit's examples. nashpy's Lemke-Howson is an independent implementation of
the same paths.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, SolverError, solve
from multivector.solver import _compiled
from multivector.solver import lemke_howson as lh_module
from multivector.solver._pivot import positive_shift
from multivector.solver.equilibrium import Equilibrium
from multivector.solver.lemke_howson import (
    lemke_howson,
    lemke_howson_walk,
    run_lemke_howson,
    run_lh_graph,
)
from tests.known_games import VS75_ORIGINAL_A, VS75_ORIGINAL_B, VS75_SMALL_A, VS75_SMALL_B
from tests.peers import (
    PeerTimeout,
    PeerTimeoutWarning,
    peer_nashpy_lemke_howson,
    skip_on_timeout,
)
from tests.strategies import bimatrix_games, permute_game, relabellings
from tests.validators import assert_equilibrium, profile_key

_LH_KEY = ("multivector.solver._lh_numba", None)


VS75_GAMES = {
    "small payoffs": (VS75_SMALL_A, VS75_SMALL_B),
    "original payoffs": (VS75_ORIGINAL_A, VS75_ORIGINAL_B),
}
# Support sizes of the 75 equilibria (the game is nondegenerate, so both players' supports
# have the same size): von Stengel 1999.
VS75_SUPPORT_SIZES = {1: 2, 2: 26, 3: 18, 4: 26, 5: 2, 6: 1}
VS75_EQUILIBRIA_FILE = "vonstengel75_equilibria_small_payoffs.txt"

# Shapley 1974, "A note on the Lemke-Howson algorithm", Math. Programming Study 1, and
# Todd's examples: 3 equilibria each, of which Lemke-Howson paths reach only 1.
INACCESSIBLE_GAMES = ["sh3.nfg", "todd2.nfg", "todd3.nfg", "shapley1974_fig3.nfg"]


def _bos() -> NormalFormGame:
    return NormalFormGame.from_bimatrix(
        [[2, 0], [0, 1]],
        [[1, 0], [0, 2]],
        players=["Ann", "Bob"],
        strategies=[["opera", "football"], ["Opera", "Football"]],
    )


def _distinct(game: NormalFormGame, eqs: list[Equilibrium]) -> set[tuple[tuple[float, ...], ...]]:
    for eq in eqs:
        assert_equilibrium(game, eq)
    return {profile_key(eq) for eq in eqs}


def _same_profile(a: Equilibrium, b: Equilibrium, atol: float = 1e-8) -> bool:
    return all(np.allclose(x, y, atol=atol) for x, y in zip(a.profile, b.profile, strict=True))


# ---------------------------------------------------------------------- known answers
# Battle of the sexes: the path dropping a label of "opera" (row 0 or column 0) ends at
# (opera, opera), one dropping a label of "football" at (football, football); the mixed
# equilibrium ((2/3, 1/3), (1/3, 2/3)) is reached only from another equilibrium.
# By hand, following von Stengel 2007, Algorithm 3.5 (Figure 3.5 shows the same pattern).
@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (0, ([1, 0], [1, 0])),
        (1, ([0, 1], [0, 1])),
        (2, ([1, 0], [1, 0])),
        (3, ([0, 1], [0, 1])),
        ("opera", ([1, 0], [1, 0])),
        ("Football", ([0, 1], [0, 1])),
        (("Bob", "Opera"), ([1, 0], [1, 0])),
        ((0, 1), ([0, 1], [0, 1])),
    ],
)
def test_battle_of_the_sexes_every_label(
    label: int | str | tuple[int | str, int | str], expected: tuple[list[int], list[int]]
) -> None:
    game = _bos()
    eq = lemke_howson(game, label)
    assert_equilibrium(game, eq)
    assert eq.method == "lemke-howson"
    for x, want in zip(eq.profile, expected, strict=True):
        np.testing.assert_allclose(x, want, atol=1e-12)


def test_battle_of_the_sexes_walk_finds_all_three() -> None:
    game = _bos()
    eqs = lemke_howson_walk(game)
    assert len(eqs) == 3
    keys = _distinct(game, eqs)
    mixed = ((0.6666667, 0.3333333), (0.3333333, 0.6666667))
    assert keys == {((1.0, 0.0), (1.0, 0.0)), ((0.0, 1.0), (0.0, 1.0)), mixed}


@pytest.mark.parametrize("version", list(VS75_GAMES))
def test_von_stengel_75_walk_reaches_all_75(version: str) -> None:
    A, B = VS75_GAMES[version]
    game = NormalFormGame.from_bimatrix(A, B)
    eqs = lemke_howson_walk(game)
    assert len(eqs) == 75
    assert len(_distinct(game, eqs)) == 75
    sizes = Counter(len(eq.supports[0]) for eq in eqs)
    assert dict(sizes) == VS75_SUPPORT_SIZES
    assert all(len(eq.supports[0]) == len(eq.supports[1]) for eq in eqs)


@pytest.mark.parametrize("version", list(VS75_GAMES))
def test_von_stengel_75_single_paths_reach_two(version: str) -> None:
    """From the artificial equilibrium alone, the 12 labels lead to 2 equilibria only."""
    A, B = VS75_GAMES[version]
    game = NormalFormGame.from_bimatrix(A, B)
    eqs = [lemke_howson(game, k) for k in range(12)]
    assert len(_distinct(game, eqs)) == 2
    walk = {profile_key(eq) for eq in lemke_howson_walk(game)}
    assert {profile_key(eq) for eq in eqs} <= walk


def _read_equilibria(path: Path) -> np.ndarray:
    rows = []
    for line in path.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        x, y = line.split("|")
        rows.append([float(Fraction(v)) for v in (*x.split(), *y.split())])
    return np.array(rows)


def test_von_stengel_75_small_matches_reference_list(reference_games: Path) -> None:
    path = reference_games / VS75_EQUILIBRIA_FILE
    if not path.exists():
        path = reference_games / "games" / VS75_EQUILIBRIA_FILE
    if not path.exists():
        pytest.skip(f"{VS75_EQUILIBRIA_FILE} is not in the reference games folder")
    expected = _read_equilibria(path)
    assert expected.shape == (75, 12)
    game = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    ours = np.array([np.concatenate(eq.profile) for eq in lemke_howson_walk(game)])
    distance = np.abs(ours[:, None, :] - expected[None, :, :]).max(axis=2)
    match = distance <= 1e-9
    # a bijection: each of ours matches exactly one reference equilibrium and vice versa
    assert np.all(match.sum(axis=0) == 1)
    assert np.all(match.sum(axis=1) == 1)


def _read_gambit(reference_games: Path, name: str) -> NormalFormGame:
    nfg = pytest.importorskip("multivector.games.formats.nfg")
    path = reference_games / "gambit-contrib" / name
    if not path.exists():
        pytest.skip(f"{name} is not in the reference games folder")
    game: NormalFormGame = nfg.read_nfg(path)
    return game


@pytest.mark.parametrize("name", INACCESSIBLE_GAMES)
def test_inaccessible_equilibria_are_not_reached(reference_games: Path, name: str) -> None:
    game = _read_gambit(reference_games, name)
    eqs = lemke_howson_walk(game)
    assert len(eqs) == 1
    assert_equilibrium(game, eqs[0])
    # every single path from the artificial equilibrium ends at that same equilibrium
    for k in range(sum(game.shape)):
        eq = lemke_howson(game, k)
        assert_equilibrium(game, eq)
        assert _same_profile(eq, eqs[0])
    if name == "shapley1974_fig3.nfg":
        # the file's description: the inaccessible pair is mixed, so the one reached is pure
        assert eqs[0].is_pure


def test_walk_on_every_two_player_reference_game(reference_games: Path) -> None:
    """Gambit's 2-player examples, degenerate ones included: all results are equilibria."""
    nfg = pytest.importorskip("multivector.games.formats.nfg")
    paths = sorted((reference_games / "gambit-contrib").glob("*.nfg"))
    if not paths:
        pytest.skip("no .nfg files in the reference games folder")
    walked = 0
    for path in paths:
        game = nfg.read_nfg(path)
        if game.num_players != 2:
            continue
        eqs = lemke_howson_walk(game)
        assert eqs, path.name
        assert len(_distinct(game, eqs)) == len(eqs), path.name
        for k in range(sum(game.shape)):
            assert_equilibrium(game, lemke_howson(game, k))
        walked += 1
    assert walked >= 20


# ---------------------------------------------------------------------- degenerate games
DEGENERATE_GAMES = {
    # the row player is indifferent everywhere
    "constant A": ([[1, 1], [1, 1]], [[1, 0], [0, 1]]),
    # every profile is an equilibrium
    "all zero": ([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
    # B ties the two columns against the first row (a pure strategy with 2 best responses)
    "tied column": ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
    # identical columns for both players
    "duplicate column": ([[1, 1, 0], [0, 0, 2]], [[2, 2, 1], [0, 0, 3]]),
    # all payoffs equal but one cell for each player
    "nearly constant": ([[1, 1, 1], [1, 1, 1], [1, 1, 2]], [[1, 1, 1], [1, 2, 1], [1, 1, 1]]),
    # one row, many tied columns
    "single row": ([[1, 1, 1, 1]], [[0, 1, 1, 0]]),
}


@pytest.mark.parametrize("name", list(DEGENERATE_GAMES))
def test_degenerate_games_every_label(name: str) -> None:
    A, B = DEGENERATE_GAMES[name]
    game = NormalFormGame.from_bimatrix(A, B)
    for k in range(sum(game.shape)):
        assert_equilibrium(game, lemke_howson(game, k))
    eqs = lemke_howson_walk(game)
    assert eqs
    assert len(_distinct(game, eqs)) == len(eqs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix_games(rows=(1, 5), cols=(1, 5), integer=True, max_payoff=2))
def test_small_integer_games_every_label_is_an_equilibrium(game: NormalFormGame) -> None:
    """Payoffs in {0, 1, 2}: most such games are degenerate, many with long ties."""
    for k in range(sum(game.shape)):
        assert_equilibrium(game, lemke_howson(game, k))
    eqs = lemke_howson_walk(game)
    assert len(_distinct(game, eqs)) == len(eqs)
    single = {profile_key(lemke_howson(game, k)) for k in range(sum(game.shape))}
    assert single <= {profile_key(eq) for eq in eqs}


# ---------------------------------------------------------------------- properties
#: Limit of one nashpy Lemke-Howson call: it loops without end on some draws (seed 132 of
#: the 4x4 games below, from label 5, still runs after 20 s; the others take milliseconds).
NASHPY_SECONDS = 10.0


def _nashpy_profile(
    A: np.ndarray, B: np.ndarray, label: int, *, seconds: float = NASHPY_SECONDS
) -> tuple[np.ndarray, np.ndarray] | None:
    """nashpy's answer, or None when it has none: it fails, or loops and is stopped at the
    time limit (then a PeerTimeoutWarning says so)."""
    timed_out = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            x, y = peer_nashpy_lemke_howson(A, B, label, seconds=seconds)
        except PeerTimeout as err:
            timed_out = err
        except Exception:  # nashpy fails in its own ways; only its valid answers count
            return None
    if timed_out is not None:
        skip_on_timeout(timed_out)
        return None
    if x.shape != (A.shape[0],) or y.shape != (A.shape[1],):
        return None
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return None
    return x, y


# nashpy's tableau grows without division, so on larger float games it can overflow (and
# then not stop); its comparison stays at 2..4 strategies, and at least 2 per player.
@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(bimatrix_games(rows=(2, 4), cols=(2, 4), degenerate=False))
def test_random_games_agree_with_nashpy(game: NormalFormGame) -> None:
    A, B = game.bimatrix()
    for k in range(sum(game.shape)):
        ours = lemke_howson(game, k)
        assert_equilibrium(game, ours)
        theirs = _nashpy_profile(np.array(A), np.array(B), k)
        if theirs is None:
            continue
        x, y = theirs
        if abs(x.sum() - 1) > 1e-9 or abs(y.sum() - 1) > 1e-9 or np.any(x < -1e-9):
            continue
        if np.any(y < -1e-9) or not game.is_nash((np.clip(x, 0, 1), np.clip(y, 0, 1))):
            continue
        # the path from a given label of a nondegenerate game is unique
        np.testing.assert_allclose(ours.profile[0], x, atol=1e-8)
        np.testing.assert_allclose(ours.profile[1], y, atol=1e-8)


def test_a_looping_nashpy_draw_is_stopped_and_reported() -> None:
    """The draw on which nashpy's Lemke-Howson never ends: the comparison stops it at its
    limit, says so with a warning, and goes on (it neither hangs nor fails)."""
    payoffs = np.random.default_rng(132).uniform(-10, 10, size=(2, 4, 4))
    with pytest.warns(PeerTimeoutWarning, match="did not finish within 0.5 s"):
        assert _nashpy_profile(payoffs[0], payoffs[1], 5, seconds=0.5) is None
    # and the same game from another label gives nashpy's answer, which is ours
    game = NormalFormGame(payoffs)
    theirs = _nashpy_profile(payoffs[0], payoffs[1], 0)
    assert theirs is not None
    np.testing.assert_allclose(lemke_howson(game, 0).profile[0], theirs[0], atol=1e-8)


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(bimatrix_games(rows=(1, 5), cols=(1, 5), degenerate=False), st.data())
def test_relabelling_moves_the_result_with_the_labels(
    game: NormalFormGame, data: st.DataObject
) -> None:
    """Reordering strategies reorders the path: same equilibrium, same dropped strategy."""
    perms = data.draw(relabellings(game.shape))
    permuted = permute_game(game, perms)
    m = game.shape[0]
    for k in range(sum(game.shape)):
        # new index of old strategy k
        new_k = perms[0].index(k) if k < m else m + perms[1].index(k - m)
        eq = lemke_howson(game, k)
        moved = lemke_howson(permuted, new_k)
        assert_equilibrium(permuted, moved)
        for x, y, perm in zip(eq.profile, moved.profile, perms, strict=True):
            np.testing.assert_allclose(x[list(perm)], y, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(bimatrix_games(rows=(1, 5), cols=(1, 5), degenerate=False))
def test_walk_contains_every_single_path(game: NormalFormGame) -> None:
    eqs = lemke_howson_walk(game)
    keys = _distinct(game, eqs)
    assert len(keys) == len(eqs)
    for k in range(sum(game.shape)):
        assert profile_key(lemke_howson(game, k)) in keys


def test_positive_affine_transform_gives_the_same_path() -> None:
    rng = np.random.default_rng(7)
    A, B = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    game = NormalFormGame.from_bimatrix(A, B)
    moved = NormalFormGame.from_bimatrix(3.0 * A - 1e4, 0.25 * B + 7.0)
    for k in range(9):
        a, b = lemke_howson(game, k), lemke_howson(moved, k)
        assert_equilibrium(moved, b)
        assert _same_profile(a, b)


def test_random_100x100_from_label_0() -> None:
    rng = np.random.default_rng(2024)
    game = NormalFormGame.from_bimatrix(rng.random((100, 100)), rng.random((100, 100)))
    eq = lemke_howson(game, 0)
    assert_equilibrium(game, eq)
    # nondegenerate: both supports have the same size
    assert len(eq.supports[0]) == len(eq.supports[1])


# ---------------------------------------------------------------------- options and errors
def test_max_equilibria_stops_the_walk() -> None:
    game = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    eqs = lemke_howson_walk(game, max_equilibria=10)
    assert len(_distinct(game, eqs)) == 10


def test_max_pivots_guard() -> None:
    game = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    with pytest.raises(SolverError, match="max_pivots"):
        lemke_howson(game, 0, max_pivots=1)
    with pytest.raises(SolverError, match="max_pivots"):
        lemke_howson_walk(game, max_pivots=1)
    with pytest.raises(SolverError, match="max_pivots"):
        lemke_howson(game, 0, max_pivots=0)


@pytest.mark.parametrize(
    ("label", "match"),
    [
        (4, "out of range"),
        (-1, "out of range"),
        ("ballet", "no strategy"),
        (1.5, "label must be"),
        (True, "label must be"),
        (("Bob", "ballet"), "bad label"),
        (("Cid", "Opera"), "bad label"),
        ((0, 1, 2), "player, strategy"),
    ],
)
def test_bad_labels(label: object, match: str) -> None:
    with pytest.raises(SolverError, match=match):
        lemke_howson(_bos(), label)  # type: ignore[arg-type]


def test_ambiguous_label_names_the_fix() -> None:
    game = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    with pytest.raises(SolverError, match=r"both players .*\(player, strategy\)"):
        lemke_howson(game, "s1")


def test_needs_two_players() -> None:
    game = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(SolverError, match="2-player"):
        lemke_howson(game)
    with pytest.raises(SolverError, match="2-player"):
        lemke_howson_walk(game)
    with pytest.raises(SolverError, match="NormalFormGame"):
        lemke_howson([[1, 0], [0, 1]])  # type: ignore[arg-type]
    with pytest.raises(SolverError, match="max_equilibria"):
        lemke_howson_walk(_bos(), max_equilibria=0)


def test_registry_runners() -> None:
    game = _bos()
    sol = run_lemke_howson(game, label="football")
    assert sol.method == "lemke-howson"
    assert not sol.complete
    assert len(sol) == 1
    assert_equilibrium(game, sol[0])
    assert "Ann: football" in sol.notes[0]

    via_solve = solve(game, method="lemke-howson", label=3)
    assert_equilibrium(game, via_solve[0])
    np.testing.assert_allclose(via_solve[0].profile[1], [0, 1])

    graph = run_lh_graph(game)
    assert graph.method == "lh-graph"
    assert not graph.complete
    assert len(graph) == 3
    assert "accessible" in graph.notes[0]
    for eq in graph:
        assert_equilibrium(game, eq)
    assert len(solve(game, method="lh-graph")) == 3


# ---------------------------------------------------------------------- compiled kernel
# The numba kernel and the numpy code do the same floating-point operations in the same
# order, so they must take the same pivots: same number, same final bases, bit for bit the
# same final tableaux and therefore the same equilibria.
def _needs_kernel() -> None:
    kernel = lh_module._numba_kernel()
    if kernel is None:
        pytest.skip("numba is not installed or is disabled: only the numpy path runs")
    # small games use the kernels once they are loaded in the process: load them
    rng = np.random.default_rng(0)
    n = lh_module.COMPILE_LABELS // 2
    lemke_howson(NormalFormGame.from_bimatrix(rng.random((n, n)), rng.random((n, n))))
    assert lh_module._numba_kernel(2) is kernel


def _artificial_tableaux(
    A: np.ndarray, B: np.ndarray, *, compact: bool = False
) -> tuple[lh_module._Tableau, lh_module._Tableau]:
    """The tableaux at the artificial equilibrium, full or compact (nonbasic columns only)."""
    m, n = A.shape
    P, Q = lh_module._systems(positive_shift(A), positive_shift(B))
    tp, tq = lh_module._artificial(P, Q, m, n)
    if compact:
        tp.table = np.ascontiguousarray(np.delete(tp.table, tp.basis, axis=1))
        tq.table = np.ascontiguousarray(np.delete(tq.table, tq.basis, axis=1))
    return tp, tq


def _path_end(A: np.ndarray, B: np.ndarray, label: int) -> tuple[int, tuple[int, ...], ...]:
    """Pivots and final bases of the path from the artificial equilibrium, by whichever
    code is selected."""
    P, Q = lh_module._systems(positive_shift(A), positive_shift(B))
    bp, bq, pivots = lh_module._path_from_artificial(P, Q, A.shape[0], label, 100_000)
    return pivots, bp, bq


def _kernel_test_games() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(20240611)
    out = []
    for m, n in [(1, 4), (4, 1), (2, 2), (3, 5), (7, 6), (12, 12), (25, 20), (40, 40)]:
        out.append((f"random {m}x{n}", rng.random((m, n)), rng.random((m, n))))
    # payoffs in {0, 1, 2}: degenerate, with ties in the ratio test that the lexicographic
    # rule breaks
    for m, n in [(3, 3), (4, 6), (6, 5), (8, 8)]:
        A = rng.integers(0, 3, size=(m, n)).astype(float)
        B = rng.integers(0, 3, size=(m, n)).astype(float)
        out.append((f"integer {m}x{n}", A, B))
    for name, (A, B) in DEGENERATE_GAMES.items():
        out.append((name, np.array(A, dtype=float), np.array(B, dtype=float)))
    for name, (A, B) in VS75_GAMES.items():
        out.append((f"von Stengel 75, {name}", np.array(A, dtype=float), np.array(B, dtype=float)))
    return out


def _sorted_columns(table: np.ndarray) -> list[tuple[float, ...]]:
    return sorted(tuple(col) for col in (table + 0.0).T)  # + 0.0 turns -0.0 into 0.0


def test_kernel_and_numpy_paths_pivot_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full tableaux: same pivots, same bases, bit for bit the same tableaux. Compact
    tableaux: the same numbers as the nonbasic columns of the full ones, whose basic
    columns stay exact unit vectors."""
    _needs_kernel()
    kernel = lh_module._numba_kernel()
    for name, A, B in _kernel_test_games():
        m, n = A.shape
        for label in range(m + n):
            where = f"{name}, label {label}"
            tp, tq = _artificial_tableaux(A, B)
            pivots = lh_module._follow_path(tp, tq, label, 100_000)
            fp, fq = _artificial_tableaux(A, B)
            assert (
                lh_module._follow_path_compiled(kernel, fp, fq, label, 100_000, compact=False)
                == pivots
            ), where
            cp, cq = _artificial_tableaux(A, B, compact=True)
            assert (
                lh_module._follow_path_compiled(kernel, cp, cq, label, 100_000, compact=True)
                == pivots
            ), where
            for slow, fast, compact in ((tp, fp, cp), (tq, fq, cq)):
                np.testing.assert_array_equal(fast.basis, slow.basis, err_msg=where)
                np.testing.assert_array_equal(compact.basis, slow.basis, err_msg=where)
                np.testing.assert_array_equal(fast.table, slow.table, err_msg=where)
                unit = np.zeros((len(slow.basis), slow.table.shape[1]))
                unit[np.arange(len(slow.basis)), slow.basis] = 1.0
                np.testing.assert_array_equal(slow.table[:, slow.basis], unit[:, slow.basis])
                nonbasic = np.delete(slow.table, slow.basis, axis=1)
                np.testing.assert_array_equal(compact.table[:, -1], nonbasic[:, -1])
                assert _sorted_columns(compact.table) == _sorted_columns(nonbasic), where
            # the single-path entry point picks the compact kernel; numpy gives the same end
            fast_end = _path_end(A, B, label)
            with monkeypatch.context() as patch:
                patch.setitem(_compiled._CACHE, _LH_KEY, None)
                assert _path_end(A, B, label) == fast_end == (pivots, tp.key(), tq.key())


def test_numpy_fallback_gives_the_same_equilibria(monkeypatch: pytest.MonkeyPatch) -> None:
    """Public results: single paths and walks, the same equilibria in the same order."""
    _needs_kernel()
    for name, A, B in _kernel_test_games():
        game = NormalFormGame.from_bimatrix(A, B)
        labels = range(sum(game.shape))
        fast_single = [lemke_howson(game, k) for k in labels]
        fast_walk = lemke_howson_walk(game) if max(game.shape) <= 12 else []
        with monkeypatch.context() as patch:
            patch.setitem(_compiled._CACHE, _LH_KEY, None)
            slow_single = [lemke_howson(game, k) for k in labels]
            slow_walk = lemke_howson_walk(game) if max(game.shape) <= 12 else []
        assert len(fast_walk) == len(slow_walk), name
        for fast, slow in zip(fast_single + fast_walk, slow_single + slow_walk, strict=True):
            assert_equilibrium(game, fast)
            for x, y in zip(fast.profile, slow.profile, strict=True):
                np.testing.assert_array_equal(x, y, err_msg=name)


@pytest.mark.parametrize("use_kernel", [True, False])
def test_max_pivots_guard_on_both_paths(monkeypatch: pytest.MonkeyPatch, use_kernel: bool) -> None:
    if use_kernel:
        _needs_kernel()
    else:
        monkeypatch.setitem(_compiled._CACHE, _LH_KEY, None)
    game = NormalFormGame.from_bimatrix(VS75_SMALL_A, VS75_SMALL_B)
    # the path dropping label 0 takes more than one pivot; with enough it ends
    with pytest.raises(SolverError, match="label 0 did not end within 1 pivots"):
        lemke_howson(game, 0, max_pivots=1)
    A, B = np.array(VS75_SMALL_A, dtype=float), np.array(VS75_SMALL_B, dtype=float)
    pivots = _path_end(A, B, 0)[0]
    assert pivots > 1
    assert_equilibrium(game, lemke_howson(game, 0, max_pivots=pivots))
    with pytest.raises(SolverError, match=f"within {pivots - 1} pivots"):
        lemke_howson(game, 0, max_pivots=pivots - 1)
    with pytest.raises(SolverError, match=f"label 0 did not end within {pivots - 1} pivots"):
        lemke_howson_walk(game, max_pivots=pivots - 1)
    # The walk follows the labels in order and stops at the first path that is too long,
    # unless it has found enough equilibria before it gets there.
    rng = np.random.default_rng(3)
    A, B = rng.random((7, 6)), rng.random((7, 6))
    game = NormalFormGame.from_bimatrix(A, B)
    lengths = [_path_end(A, B, k)[0] for k in range(13)]
    cap = lengths[0]
    first_long = next(k for k, length in enumerate(lengths) if length > cap)
    assert first_long > 0
    (eq,) = lemke_howson_walk(game, max_pivots=cap, max_equilibria=1)
    assert_equilibrium(game, eq)
    assert _same_profile(eq, lemke_howson(game, 0))
    with pytest.raises(SolverError, match=f"label {first_long} did not end within {cap} "):
        lemke_howson_walk(game, max_pivots=cap)


def test_disabling_numba_selects_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_CACHE", {})
    monkeypatch.setenv("MULTIVECTOR_DISABLE_NUMBA", "1")
    assert lh_module._numba_kernel() is None
    assert_equilibrium(_bos(), lemke_howson(_bos(), 1))


def test_missing_numba_selects_the_numpy_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_CACHE", {})
    monkeypatch.delenv("MULTIVECTOR_DISABLE_NUMBA", raising=False)
    # a None entry in sys.modules makes the import raise ImportError, as without numba
    monkeypatch.setitem(sys.modules, "multivector.solver._lh_numba", None)
    assert lh_module._numba_kernel() is None
    eqs = lemke_howson_walk(_bos())
    assert len(_distinct(_bos(), eqs)) == 3


@pytest.mark.parametrize("size", [3, 10, 70])
def test_compiled_certificate_equals_the_numpy_one(size: int) -> None:
    # the kernel certifies its result with the numbers make_bimatrix_equilibrium computes
    # (whole products up to 4,096 entries, supports above): same regret, same payoffs, and
    # a profile that is no equilibrium is refused by both
    lh_numba = pytest.importorskip("multivector.solver._lh_numba")
    from multivector.solver.equilibrium import (
        certified_bimatrix_equilibrium,
        make_bimatrix_equilibrium,
    )

    for seed in range(5):
        rng = np.random.default_rng(seed)
        game = NormalFormGame.from_bimatrix(rng.random((size, size)), rng.random((size, size)))
        A, B = game.bimatrix()
        x, y = lemke_howson(game, label=seed % (2 * size)).profile
        x, y = np.array(x), np.array(y)
        numbers = lh_numba.certificate(A, B, x, y)
        fast = certified_bimatrix_equilibrium(game, x, y, "check", numbers)
        slow = make_bimatrix_equilibrium(game, x, y, "check")
        assert fast.regret == pytest.approx(slow.regret, abs=1e-12)
        np.testing.assert_allclose(fast.payoffs, slow.payoffs, rtol=1e-12, atol=1e-12)
        uniform = np.full(size, 1 / size)
        numbers = lh_numba.certificate(A, B, uniform, uniform)
        with pytest.raises(SolverError, match="regret"):
            certified_bimatrix_equilibrium(game, uniform, uniform, "check", numbers)
        with pytest.raises(SolverError, match="regret"):
            make_bimatrix_equilibrium(game, uniform, uniform, "check")


def test_compiled_result_is_the_dataclass_it_claims_to_be() -> None:
    """The compiled path builds its Equilibrium and Solution without their ``__init__``
    (:func:`~multivector.solver._records.built`); they must equal, field by field,
    what the constructors give, stay immutable, and a field left out is refused."""
    import dataclasses

    from multivector.solver._records import built
    from multivector.solver.equilibrium import Solution

    rng = np.random.default_rng(5)
    game = NormalFormGame.from_bimatrix(rng.random((30, 30)), rng.random((30, 30)))
    sol = solve(game, method="lemke-howson")
    eq = sol.equilibria[0]
    again = Equilibrium(**{f.name: getattr(eq, f.name) for f in dataclasses.fields(eq)})
    assert vars(again).keys() == vars(eq).keys()
    assert again.to_dict() == eq.to_dict()
    same = Solution(**{f.name: getattr(sol, f.name) for f in dataclasses.fields(sol)})
    assert vars(same).keys() == vars(sol).keys()
    assert same.to_dict() == sol.to_dict()
    with pytest.raises(dataclasses.FrozenInstanceError):
        eq.regret = 1.0  # type: ignore[misc]
    for arr in (*eq.profile, eq.payoffs):
        assert not arr.flags.writeable
    assert_equilibrium(game, eq)
    fields = {f.name: getattr(eq, f.name) for f in dataclasses.fields(eq) if f.name != "exact"}
    with pytest.raises(TypeError, match="every field"):
        built(Equilibrium, **fields)
