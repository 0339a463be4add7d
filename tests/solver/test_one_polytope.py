"""Enumeration from one best-response polytope: each walked vertex checked for a partner.

The path of :func:`multivector.solver.vertex._one_polytope_pairs` must give what the walk
of both polytopes gives (bit for bit where both recompute equilibria from their supports),
on degenerate and nondegenerate games, whichever polytope is walked; the compiled check
and its numpy twin must agree vertex by vertex.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.solver import _compiled
from multivector.solver import vertex as vertex_module
from multivector.solver._pivot import positive_shift
from multivector.solver.equilibrium import Solution
from multivector.solver.vertex import (
    _exact_partner,
    _float_polytopes,
    _partners_numpy,
    _walk,
)
from tests.strategies import bimatrix_games
from tests.validators import assert_equilibrium

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def _solve(game: NormalFormGame, *, one: bool) -> Solution:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vertex_module, "ONE_POLYTOPE_LABELS", 2 if one else 10**6)
        return solve(game, method="vertex")


def _same(game: NormalFormGame) -> None:
    one = _solve(game, one=True)
    both = _solve(game, one=False)
    assert len(one) == len(both)
    for a, b in zip(one, both, strict=True):
        assert_equilibrium(game, a)
        for x, y in zip(a.profile, b.profile, strict=True):
            if both.degenerate or both.notes:
                # solved exactly there (degenerate, or nearly so in floating point: a
                # payoff of 1e-9 can make the float walk of both polytopes give up where
                # the check of one polytope's partners decides exactly), on payoffs
                # rationalised with denominators up to 1e9 (a payoff of 1e-10 becomes 0):
                # the same to that precision
                np.testing.assert_allclose(x, y, rtol=0, atol=1e-8)
            else:  # both from their supports by the same solve: bit for bit
                np.testing.assert_array_equal(x, y)
    # one polytope walked: degeneracy is not known (the other polytope can be degenerate
    # away from every equilibrium, as in [[0, -1], [1, -1]] against [[0, -1], [1, 0]]),
    # unless a check sent the game on to the walk of both
    assert one.degenerate in (None, both.degenerate)
    # equilibria that share a strategy would have sent it on: components agree
    assert one.components == both.components


@SETTINGS
@given(
    st.one_of(
        bimatrix_games((1, 6), (1, 6), degenerate=False),
        bimatrix_games((1, 5), (1, 5), integer=True, max_payoff=3),
        bimatrix_games((1, 5), (1, 5)),
    )
)
def test_one_polytope_equals_both(game: NormalFormGame) -> None:
    _same(game)


def test_one_polytope_equals_both_when_nearly_degenerate() -> None:
    """A payoff of 1e-9 makes the float walk of both polytopes give up (the game is then
    enumerated exactly, and found nondegenerate), while the walk of one polytope decides
    its partners: the same equilibria, to the last bits of the exact path's. Found by
    the test above."""
    A = [[1, -1, 1, 0, 2], [0, 0, 0, 0, 0], [0, 1, 0, 1e-9, 0]]
    B = [[1, 0, 0, 0, 0], [0, 0, 0, 0, 1], [0, 1, 0, 0, 0]]
    game = NormalFormGame.from_bimatrix(A, B)
    both = _solve(game, one=False)
    assert both.degenerate is False and "exact arithmetic" in both.notes[0]
    assert _solve(game, one=True).notes == ()
    _same(game)


@pytest.mark.parametrize(("m", "n"), [(8, 8), (5, 12), (12, 5), (10, 11)])
def test_one_polytope_equals_both_on_random_games(m: int, n: int) -> None:
    """Square and rectangular games (the polytope of lower dimension is walked), with
    uniform payoffs and with payoffs on a coarse grid (many near-ties)."""
    rng = np.random.default_rng(m * 100 + n)
    for _ in range(3):
        _same(NormalFormGame.from_bimatrix(rng.random((m, n)), rng.random((m, n))))
        coarse = NormalFormGame.from_bimatrix(
            rng.integers(0, 5, (m, n)).astype(float), rng.integers(0, 5, (m, n)).astype(float)
        )
        _same(coarse)


def test_a_degenerate_partner_polytope_goes_to_both_walks() -> None:
    """The row player's polytope is simple (uniform payoffs for the column player) but
    the column player's is not: two rows of A tie at their best against column 0, so
    the pure equilibrium there has a partner on a tie. The one-polytope check cannot
    decide and the walk of both finds the degeneracy; the equilibria are those of exact
    arithmetic."""
    rng = np.random.default_rng(11)
    m = n = 8
    A = rng.integers(0, 1000, (m, n))
    A[0, 0] = A[1, 0] = 2000  # rows 0 and 1 are both best replies to column 0
    B = rng.integers(0, 1000, (m, n))
    B[0, 0] = 2000  # column 0 is the best reply to row 0: (row 0, column 0) is an equilibrium
    game = NormalFormGame.from_bimatrix(A, B)
    exact = solve(game, method="exact")
    assert exact.degenerate is True
    MP, MQ = _float_polytopes(game)
    assert vertex_module._one_polytope_pairs(game, None, MP, MQ) is None  # degenerate partner
    sol = _solve(game, one=True)
    assert sol.degenerate is True
    assert len(sol) == len(exact)
    for a, b in zip(sol, exact, strict=True):
        assert_equilibrium(game, a)
        assert b.exact is not None
        np.testing.assert_allclose(a.profile[0], [float(q) for q in b.exact[0]], atol=1e-9)


def test_battle_of_the_sexes_from_one_polytope() -> None:
    """A known answer: the three equilibria of the battle of the sexes, (1, 0 | 1, 0),
    (2/3, 1/3 | 1/3, 2/3) and (0, 1 | 0, 1), found from the row player's polytope."""
    bos = NormalFormGame.from_bimatrix([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    sol = _solve(bos, one=True)
    assert sol.degenerate is None
    got = [tuple(Fraction(p).limit_denominator(10) for p in e.profile[0]) for e in sol]
    assert got == [(1, 0), (Fraction(2, 3), Fraction(1, 3)), (0, 1)]


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 9), st.integers(2, 9), st.integers(0, 2**32 - 1), st.booleans())
def test_compiled_partner_check_equals_numpy(m: int, n: int, seed: int, coarse: bool) -> None:
    """The compiled check and its numpy twin find the partners of exactly the equilibria
    the walk of both polytopes finds, once the vertices they leave undecided are decided
    exactly; they may leave different vertices undecided (the compiled one by its
    pivots, the numpy one by singular values), never decide one differently."""
    name = "complementary_partners"
    check = _compiled.compiled_kernel("multivector.solver._partner_numba", name)
    if check is None:
        pytest.skip("numba is not installed or is disabled: no compiled partner check")
    rng = np.random.default_rng(seed)
    shape = (m, n)
    if coarse:
        A, B = rng.integers(0, 4, shape).astype(float), rng.integers(0, 4, shape).astype(float)
    else:
        A, B = rng.random(shape), rng.random(shape)
    game = NormalFormGame.from_bimatrix(A, B)
    MP, MQ = _float_polytopes(game)
    masks, why = _walk(None, MP)
    if why is not None:
        return  # the walked polytope is degenerate: no partner check runs
    status, hits, undecided = check(MQ, masks, m, 1e-9)
    twin = _partners_numpy(MQ, masks, m, 1e-9)
    assert status == 0 and twin is not None  # a simple walked polytope: equal sizes
    # decided alike wherever both decided
    both_decided = np.setdiff1d(np.arange(len(masks)), np.union1d(undecided, twin[1]))
    assert np.array_equal(
        np.intersect1d(hits, both_decided), np.intersect1d(twin[0], both_decided)
    )
    exact = positive_shift(np.array(A.tolist(), dtype=object), scaled=False)
    exact = np.array([[Fraction(q) for q in row] for row in exact], dtype=object)
    bits = np.arange(m + n, dtype=np.uint64)
    for v in np.union1d(undecided, twin[1]).tolist():
        on = (masks[v] >> bits) & np.uint64(1)
        decided = _exact_partner(
            exact, np.flatnonzero(on[:m] == 0).tolist(), np.flatnonzero(on[m:]).tolist()
        )
        if decided is None:
            return  # degenerate at this partner: both polytopes get walked instead
        for found, pending in ((hits, undecided), (twin[0], twin[1])):
            assert (v in found.tolist()) == (decided and v not in pending.tolist())
    both = _solve(game, one=False)
    if not both.degenerate:
        truth = sorted(tuple(e.supports[0]) for e in both)
        for found, pending in ((hits, undecided), (twin[0], twin[1])):
            all_hits = set(found.tolist())
            for v in pending.tolist():
                on = (masks[v] >> bits) & np.uint64(1)
                S, T = np.flatnonzero(on[:m] == 0).tolist(), np.flatnonzero(on[m:]).tolist()
                if _exact_partner(exact, S, T):
                    all_hits.add(v)
            supports = sorted(
                tuple(int(i) for i in np.flatnonzero(((masks[v] >> bits[:m]) & np.uint64(1)) == 0))
                for v in all_hits
            )
            assert supports == truth


# ---------------------------------------------------------------------- which polytope
@pytest.mark.parametrize("first", [True, False], ids=["row-polytope", "column-polytope"])
def test_either_polytope_walked_gives_the_same_equilibria(first: bool) -> None:
    """Square games walk the polytope that looks smaller: walking either one gives what
    walking both gives, bit for bit (10x10, so that the compiled reverse search runs)."""
    rng = np.random.default_rng(1014)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vertex_module, "_walk_first", lambda kernel, MP, MQ: first)
        for _ in range(3):
            _same(NormalFormGame.from_bimatrix(rng.random((10, 10)), rng.random((10, 10))))
            coarse = rng.integers(0, 5, (2, 10, 10)).astype(float)
            _same(NormalFormGame.from_bimatrix(coarse[0], coarse[1]))


def test_square_games_from_the_threshold_choose_by_estimate() -> None:
    """With the choice made from 10x10 up, results stay those of walking both."""
    rng = np.random.default_rng(1015)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vertex_module, "CHOOSE_WALK_FROM", 10)
        for _ in range(4):
            _same(NormalFormGame.from_bimatrix(rng.random((10, 10)), rng.random((10, 10))))


def test_the_estimate_picks_the_polytope_with_fewer_vertices() -> None:
    """A 16x16 game of the benchmark whose column player's polytope has a sixth of the
    row player's vertices: that one is walked, and the transposed game walks its
    counterpart."""
    pytest.importorskip("numba")
    rng = np.random.default_rng((20240611, 1, 16))
    A, B = rng.random((16, 16)), rng.random((16, 16))
    kernel = vertex_module._compiled_walk(16, 16)
    MP, MQ = _float_polytopes(NormalFormGame.from_bimatrix(A, B))
    in_p, in_q = len(_walk(kernel, MP)[0]), len(_walk(kernel, MQ)[0])
    assert in_q < in_p / 4  # 23,859 against 140,607
    assert not vertex_module._walk_first(kernel, MP, MQ)
    assert vertex_module._walk_first(kernel, MQ, MP)  # the transposed game's polytopes


def test_sampled_face_counts_are_unbiased() -> None:
    """The estimate of the vertices with a given support size, against the count from a
    full walk: exact when the one subset is every column, within 10% from 4,000 random
    faces otherwise."""
    pytest.importorskip("numba")
    from multivector.solver._reverse_numba import reverse_search

    rng = np.random.default_rng(7)
    M = rng.random((9, 7)) + 0.1
    M /= M.max()
    status, _, masks = reverse_search(M, 1e-9, 10**6)
    assert status == 0
    bits = np.arange(7, dtype=np.uint64)
    support = 7 - ((masks[:, None] >> bits[None, :]) & np.uint64(1)).sum(axis=1)
    for s in (2, 3, 4, 7):
        exact = int((support == s).sum())
        samples = 1 if s == 7 else 4000
        estimate = vertex_module._face_vertices(reverse_search, M, s, samples, 3)
        if s == 7:
            assert estimate == exact
        else:
            assert exact > 0 and abs(estimate - exact) <= 0.1 * exact, (s, exact, estimate)
