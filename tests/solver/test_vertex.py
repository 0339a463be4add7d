"""Vertex enumeration: the polytope walks, degenerate games, components, exact mode."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, SolverError, solve
from multivector.solver import _compiled
from multivector.solver._polytope import (
    integer_matrix,
    vertices_bfs,
    vertices_bfs_numpy,
    vertices_exact,
)
from multivector.solver.vertex import (
    enumerate_equilibria,
    find_degeneracy,
    vertex_enumeration,
)
from tests.peers import PEER_SECONDS, PeerTimeout, time_limit
from tests.validators import assert_equilibrium, assert_exact_equilibrium, profile_key


def _exact_vertex_set(Mi: np.ndarray) -> set[tuple[float, ...]]:
    """Vertices of {z >= 0 : (Mi / max(Mi)) z <= 1} for an integer matrix Mi, exactly."""
    pts, _ = vertices_exact(*integer_matrix(Mi.astype(object)))
    top = int(Mi.max())
    return {tuple(round(float(q * top), 8) for q in p) for p in pts if any(p)}


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 7),
    st.integers(2, 7),
    st.integers(0, 2**32 - 1),
)
def test_float_walks_find_the_exact_vertices(k: int, d: int, seed: int) -> None:
    """The numpy walk, the compiled walk and exact pivoting find the same vertices."""
    Mi = np.random.default_rng(seed).integers(10**5, 10**6, size=(k, d))
    M = Mi / Mi.max()
    V, L, simple = vertices_bfs_numpy(M)
    assert simple  # random polytopes with such payoffs are simple with probability ~1
    exact = _exact_vertex_set(Mi)
    assert {tuple(np.round(v, 8)) for v in V} == exact
    # every label set has exactly d tight constraints, and they are tight
    for v, lab in zip(V, L, strict=True):
        bits = [b for b in range(d + k) if int(lab) >> b & 1]
        assert len(bits) == d
        slack = np.concatenate([v, 1 - M @ v])
        assert np.all(np.abs(slack[bits]) < 1e-9)
    _, L2, simple2 = vertices_bfs(M)
    assert simple2
    assert sorted(L.tolist()) == sorted(L2.tolist())


def test_walk_stops_on_a_degenerate_polytope() -> None:
    # two identical constraints meet at every vertex on them: degenerate
    M = np.array([[1.0, 0.5], [1.0, 0.5], [0.2, 1.0]])
    assert not vertices_bfs_numpy(M)[2]
    assert not vertices_bfs(M)[2]


def test_vertex_limit_gives_a_clear_error() -> None:
    M = np.random.default_rng(0).random((6, 6)) + 0.1
    M /= M.max()
    with pytest.raises(SolverError, match="more than 5 vertices"):
        vertices_bfs_numpy(M, max_vertices=5)


def test_numpy_fallback_gives_the_same_equilibria(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(7)
    g = NormalFormGame.from_bimatrix(rng.random((7, 6)), rng.random((7, 6)))
    # a game this small uses the compiled walk once it is loaded: load it
    vertices_bfs(rng.random((3, 3)) + 0.1)
    fast = enumerate_equilibria(g)
    # equilibria are recomputed from their supports: the two walks give identical floats
    monkeypatch.setitem(_compiled._CACHE, ("multivector.solver._bfs_numba", "bfs_vertices"), None)
    slow = enumerate_equilibria(g)
    assert [e.profile[0].tolist() for e in fast] == [e.profile[0].tolist() for e in slow]
    assert [e.profile[1].tolist() for e in fast] == [e.profile[1].tolist() for e in slow]


# ---------------------------------------------------------------------- degenerate games
def test_indifferent_row_player_gives_a_path_of_equilibria() -> None:
    """Row payoffs constant: equilibria are (x, best response to x), a connected path."""
    g = NormalFormGame.from_bimatrix(
        [[1, 0], [1, 0]], [[1, 0], [0, 1]], strategies=[["T", "B"], ["L", "R"]]
    )
    sol = solve(g)
    assert sol.complete and sol.degenerate
    expected = {
        ((1.0, 0.0), (1.0, 0.0)),
        ((0.5, 0.5), (1.0, 0.0)),
        ((0.5, 0.5), (0.0, 1.0)),
        ((0.0, 1.0), (0.0, 1.0)),
    }
    assert {profile_key(e) for e in sol} == expected
    for e in sol:
        assert_equilibrium(g, e)
    assert len(sol.components) == 1
    # maximal Nash subsets: [T, 1/2] x {L}, {1/2} x [L, R], [1/2, B] x {R}
    subsets = {
        (
            tuple(tuple(sol.row_vertices[i].round(6)) for i in X),
            tuple(tuple(sol.col_vertices[j].round(6)) for j in Y),
        )
        for X, Y in sol.components[0].nash_subsets
    }
    assert subsets == {
        (((1.0, 0.0), (0.5, 0.5)), ((1.0, 0.0),)),
        (((0.5, 0.5),), ((1.0, 0.0), (0.0, 1.0))),
        (((0.5, 0.5), (0.0, 1.0)), ((0.0, 1.0),)),
    }


def test_all_zero_game_is_one_convex_set() -> None:
    """Every profile is an equilibrium: 4 extreme points, one maximal Nash subset."""
    g = NormalFormGame.from_bimatrix(np.zeros((2, 2)), np.zeros((2, 2)))
    sol = solve(g)
    assert len(sol) == 4 and sol.degenerate
    (comp,) = sol.components
    assert len(comp.nash_subsets) == 1
    X, Y = comp.nash_subsets[0]
    assert len(X) == 2 and len(Y) == 2


def test_degenerate_float_game_falls_back_to_exact_arithmetic() -> None:
    """A large game with a duplicated strategy is degenerate: the float walk must stop."""
    rng = np.random.default_rng(3)
    A = rng.random((6, 6))
    B = rng.random((6, 6))
    A[5], B[5] = A[0], B[0]  # row strategy 6 duplicates row strategy 1
    g = NormalFormGame.from_bimatrix(A, B)
    sol = solve(g)
    assert sol.degenerate
    assert any("exact arithmetic" in n for n in sol.notes)
    for e in sol:
        assert_equilibrium(g, e)
    # the duplicate makes every equilibrium using row 1 come with its twin on row 6
    used = [e for e in sol if e.profile[0][0] > 1e-9 and e.profile[0][5] < 1e-9]
    twins = {profile_key(e) for e in sol}
    for e in used:
        x = e.profile[0].copy()
        x[5], x[0] = x[0], 0.0
        key = (tuple(np.round(x, 7) + 0.0), tuple(np.round(e.profile[1], 7) + 0.0))
        assert key in twins


def test_find_degeneracy_names_the_strategy() -> None:
    g = NormalFormGame.from_bimatrix(
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        strategies=[["T", "M", "B"], ["L", "R"]],
    )
    witness = find_degeneracy(g)
    assert witness is not None
    assert witness.player == "P1" and witness.strategy == {"T": 1}
    assert set(witness.best_responses) == {"L", "R"}
    assert "has 2 pure best responses" in str(witness)
    rng = np.random.default_rng(0)
    assert (
        find_degeneracy(NormalFormGame.from_bimatrix(rng.random((4, 4)), rng.random((4, 4))))
        is None
    )


# ---------------------------------------------------------------------- exact mode
small_integer_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda mn: st.tuples(
        st.lists(
            st.lists(st.integers(0, 3), min_size=mn[1], max_size=mn[1]),
            min_size=mn[0],
            max_size=mn[0],
        ),
        st.lists(
            st.lists(st.integers(0, 3), min_size=mn[1], max_size=mn[1]),
            min_size=mn[0],
            max_size=mn[0],
        ),
    )
)


@settings(max_examples=60, deadline=None)
@given(small_integer_games)
def test_exact_mode_certifies_every_equilibrium(
    ab: tuple[list[list[int]], list[list[int]]],
) -> None:
    g = NormalFormGame.from_bimatrix(*ab)
    sol = solve(g, exact=True)
    assert sol.exact and sol.complete and len(sol) >= 1
    for e in sol:
        assert e.exact is not None
        assert_exact_equilibrium(g, e.exact)
        assert_equilibrium(g, e)
    # the float method gives the same extreme equilibria
    assert {profile_key(e) for e in solve(g)} == {profile_key(e) for e in sol}


@settings(max_examples=40, deadline=None)
@given(small_integer_games)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # nashpy divides by zero inside
def test_extreme_equilibria_agree_with_nashpy_vertex_enumeration(
    ab: tuple[list[list[int]], list[list[int]]],
) -> None:
    """nashpy's vertex enumeration is exact enough on small integer games (peer check)."""
    nash = pytest.importorskip("nashpy")
    A, B = (np.array(m, dtype=float) for m in ab)
    if A.shape[0] < 2 or A.shape[1] < 2:
        return  # nashpy's halfspace intersection needs two strategies each
    try:
        with time_limit(PEER_SECONDS, "nashpy's vertex_enumeration"):
            theirs = list(nash.Game(A, B).vertex_enumeration())
    except PeerTimeout:
        raise
    except Exception:  # nashpy fails on some degenerate games (e.g. all-zero payoffs)
        return
    g = NormalFormGame.from_bimatrix(A, B)
    ours = {profile_key(e, 6) for e in solve(g)}
    their_keys = {
        (tuple(np.round(x, 6) + 0.0), tuple(np.round(y, 6) + 0.0))
        for x, y in theirs
        if g.is_nash((x, y), tol=1e-7)
    }
    # every valid extreme profile nashpy reports is one of ours
    assert their_keys <= ours


def test_rationalisation_rule_is_reported() -> None:
    # a cycle of best responses: one mixed equilibrium, x = y = (5/7, 2/7) exactly
    g = NormalFormGame.from_bimatrix([[0.1, 0.7], [0.3, 0.2]], [[0.5, 0.25], [0.125, 0.75]])
    sol = solve(g, exact=True)
    assert any("rationalised" in n for n in sol.notes)
    (e,) = sol.equilibria
    assert e.exact == ((Fraction(5, 7), Fraction(2, 7)), (Fraction(5, 7), Fraction(2, 7)))


def test_many_labels_take_the_exact_path() -> None:
    """More than 64 labels do not fit a uint64 bitmask: the exact path handles them."""
    rng = np.random.default_rng(5)
    A = rng.integers(0, 10**6, size=(2, 70))
    B = rng.integers(0, 10**6, size=(2, 70))
    g = NormalFormGame.from_bimatrix(A, B)
    eqs = vertex_enumeration(g)
    assert len(eqs) % 2 == 1  # nondegenerate: an odd number (Shapley 1974)
    for e in eqs:
        assert_equilibrium(g, e)


def test_needs_two_players() -> None:
    g = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(SolverError, match="2-player"):
        enumerate_equilibria(g)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("exact", [False, True])
def test_a_game_where_a_player_has_one_strategy(seed: int, exact: bool) -> None:
    # solved directly (its equilibria are the other's pure best replies, one component):
    # every extreme equilibrium is then pure, so they are the pure equilibria
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 8))
    shape = (1, k) if seed % 2 else (k, 1)
    A, B = rng.integers(0, 3, size=shape), rng.integers(0, 3, size=shape)
    g = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
    sol = enumerate_equilibria(g, exact=exact)
    assert sol.complete and len(sol.components) == 1
    truth = solve(g, method="pure")
    assert sorted(profile_key(e) for e in sol) == sorted(profile_key(e) for e in truth)
    for e in sol:
        assert_equilibrium(g, e)
    assert sol.degenerate == (len(sol) > 1)


def test_a_one_row_game_with_twenty_thousand_best_replies_is_refused_at_once() -> None:
    # a fuzz finding: a 1 x 20,001 game whose column player is indifferent everywhere
    # walked a polytope of 20,002 vertices of 20,001 coordinates (past 6 GB); the list of
    # its 20,001 extreme equilibria alone would hold 4e8 probabilities
    g = NormalFormGame.from_bimatrix([[1] * 20_001], [[0] * 20_001])
    with pytest.raises(SolverError, match="indifferent among 20,001 best replies"):
        enumerate_equilibria(g)
    one = solve(NormalFormGame.from_bimatrix([[1] * 20_001], [[0] * 20_000 + [1]]))
    assert len(one) == 1 and one[0].profile[1][-1] == 1.0
