"""Exact enumeration from float walks proved complete.

:func:`multivector.solver._certify_numba.certify_vertices` proves, in floating point
with error bounds, that a list of bases is every vertex of an integer polytope, each
nondegenerate; the exact path then matches labels without walking in integers. The
result must be the integer walk's, exactly (the same fractions, order, components,
degeneracy and notes), whether the proof holds or fails; and the proof must fail on a
list that misses a vertex, holds a basis that is not a vertex, or comes from a
degenerate polytope.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.solver import vertex as vertex_module
from multivector.solver._compiled import compiled_kernel
from multivector.solver._polytope import vertex_numerators
from multivector.solver.equilibrium import Solution
from tests.strategies import bimatrix_games

certify_numba = pytest.importorskip("multivector.solver._certify_numba")


@pytest.fixture(autouse=True, scope="module")
def _loaded() -> None:
    """Load the proof and the walks, so that games of every size take the proof (a
    kernel runs on small games only once it is loaded in the process)."""
    kernel = compiled_kernel("multivector.solver._certify_numba", "certify_vertices")
    kernel(np.ones((1, 1)), np.ones(1), np.array([1, 2], dtype=np.uint64))
    game = NormalFormGame.from_bimatrix(*np.random.default_rng(0).random((2, 10, 10)))
    solve(game, method="vertex")  # loads the reverse search


def _by_integer_walk(game: NormalFormGame) -> Solution:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vertex_module, "_proved_vertices", lambda *args: None)
        return solve(game, method="exact")


def _same(a: Solution, b: Solution) -> None:
    assert [e.exact for e in a] == [e.exact for e in b]
    for x, y in zip(a, b, strict=True):
        for p, q in zip(x.profile, y.profile, strict=True):
            np.testing.assert_array_equal(p, q)
    assert a.degenerate == b.degenerate
    assert a.components == b.components
    assert a.notes == b.notes
    assert a.complete and b.complete


def _proved(game: NormalFormGame) -> bool:
    P, Q = vertex_module._integer_polytopes(game, vertex_module.MAX_DENOMINATOR)
    return vertex_module._proved_vertices(P, Q, *game.shape) is not None


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        bimatrix_games((2, 7), (2, 7), integer=True, max_payoff=3),
        bimatrix_games((2, 7), (2, 7), integer=True, max_payoff=1000),
        bimatrix_games((2, 6), (2, 6)),
    )
)
def test_proof_or_not_the_result_is_the_integer_walks(game: NormalFormGame) -> None:
    _same(solve(game, method="exact"), _by_integer_walk(game))


@pytest.mark.parametrize(("m", "n", "top"), [(8, 8, 10**6), (5, 12, 10**6), (9, 6, 50)])
def test_random_integer_games_are_proved(m: int, n: int, top: int) -> None:
    """The proof holds exactly on the games the integer walk finds nondegenerate: every
    game with payoffs up to 10^6 here, none with payoffs up to 50 (ties). The result is
    the integer walk's."""
    rng = np.random.default_rng(m * 100 + n)
    for _ in range(4):
        A, B = rng.integers(0, top + 1, size=(2, m, n))
        game = NormalFormGame.from_bimatrix(A.tolist(), B.tolist())
        walk = _by_integer_walk(game)
        assert _proved(game) is not walk.degenerate
        assert walk.degenerate is (top < 100)
        _same(solve(game, method="exact"), walk)


def test_fraction_payoffs_prove_rows_with_their_own_right_hand_side() -> None:
    """Fractions make each polytope row's integers carry its own right-hand side (the
    least common denominator of the row): the proof reads ``M z <= b`` with ``b`` not
    all ones, and the result is still the integer walk's."""
    rng = np.random.default_rng(11)
    proved = 0
    for _ in range(6):
        A, B = (
            [
                [Fraction(int(rng.integers(0, 1000)), int(rng.integers(1, 13))) for _ in range(7)]
                for _ in range(6)
            ]
            for _ in range(2)
        )
        game = NormalFormGame.from_bimatrix(A, B)
        P, Q = vertex_module._integer_polytopes(game, vertex_module.MAX_DENOMINATOR)
        assert any(b != 1 for b in P[1]) and any(b != 1 for b in Q[1])
        proved += _proved(game)
        _same(solve(game, method="exact"), _by_integer_walk(game))
    assert proved == 6


def test_degenerate_and_huge_games_fall_back() -> None:
    """A degenerate game fails the proof; integers beyond 2**53 are not tried. Both are
    enumerated by the integer walk, with the right answer."""
    degenerate = NormalFormGame.from_bimatrix([[1, 0], [1, 0]], [[1, 0], [0, 1]])
    assert not _proved(degenerate)
    assert solve(degenerate, method="exact").degenerate is True
    huge = 2**60
    game = NormalFormGame.from_bimatrix([[3 * huge, 0], [0, huge]], [[huge, 0], [0, 3 * huge]])
    assert not _proved(game)
    sol = solve(game, method="exact")
    assert [e.exact for e in sol] == [
        ((Fraction(1), Fraction(0)), (Fraction(1), Fraction(0))),
        ((Fraction(3, 4), Fraction(1, 4)), (Fraction(1, 4), Fraction(3, 4))),
        ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1))),
    ]


def _masks(M: list[list[int]], b: list[int] | None = None) -> np.ndarray:
    """Every vertex's tight constraints, by the integer walk (the origin's too), sorted."""
    _, labels = vertex_numerators(M, b)
    return np.array(sorted(labels), dtype=np.uint64)


# a triangle-free pentagon: z >= 0 and three rows, every vertex on exactly two constraints
PENTAGON = [[1, 3], [3, 1], [1, 1]]
PENTAGON_B = [7, 7, 3]


def test_every_vertex_is_proved() -> None:
    M, b = np.array(PENTAGON, dtype=float), np.array(PENTAGON_B, dtype=float)
    masks = _masks(PENTAGON, PENTAGON_B)
    assert len(masks) == 5  # the origin, two on the axes, two between rows
    assert tuple(certify_numba.certify_vertices(M, b, masks)) == (0, -1)


def test_a_missing_vertex_is_not_proved() -> None:
    """Every vertex but one is proved feasible; an edge of a neighbour leads out."""
    M, b = np.array(PENTAGON, dtype=float), np.array(PENTAGON_B, dtype=float)
    masks = _masks(PENTAGON, PENTAGON_B)
    for drop in range(len(masks)):
        status, _ = certify_numba.certify_vertices(M, b, np.delete(masks, drop))
        assert status == 2


def test_a_basis_that_is_not_a_vertex_is_not_proved() -> None:
    """Rows 0 and 1 meet at (1.75, 1.75), outside row 2 (z1 + z2 <= 3): infeasible."""
    M, b = np.array(PENTAGON, dtype=float), np.array(PENTAGON_B, dtype=float)
    outside = np.uint64(1 << 2 | 1 << 3)  # rows 0 and 1 tight, both z basic
    masks = np.append(_masks(PENTAGON, PENTAGON_B), outside)
    assert tuple(certify_numba.certify_vertices(M, b, masks)) == (1, 5)


def test_a_degenerate_vertex_is_not_proved() -> None:
    """Three rows through (1, 1): each basis there has a basic slack at zero, which no
    bound proves positive."""
    M_int, b_int = [[1, 1], [2, 1], [1, 2]], [2, 3, 3]
    M, b = np.array(M_int, dtype=float), np.array(b_int, dtype=float)
    every = _masks(M_int, b_int)
    assert certify_numba.certify_vertices(M, b, every)[0] != 0
    for tight in ((2, 3), (2, 4), (3, 4)):  # two of the three rows at (1, 1)
        at = np.array([sum(1 << t for t in tight)], dtype=np.uint64)
        assert tuple(certify_numba.certify_vertices(M, b, at)) == (1, 0)


def test_order_is_free_but_a_mask_twice_or_not_a_basis_is_refused() -> None:
    M, b = np.array(PENTAGON, dtype=float), np.array(PENTAGON_B, dtype=float)
    masks = _masks(PENTAGON, PENTAGON_B)
    assert tuple(certify_numba.certify_vertices(M, b, masks[::-1].copy())) == (0, -1)
    assert tuple(certify_numba.certify_vertices(M, b, np.append(masks, masks[2]))) == (3, 5)
    three_bits = np.append(masks, np.uint64(0b11100))  # both z basic, three rows tight
    assert tuple(certify_numba.certify_vertices(M, b, three_bits)) == (3, 5)


@pytest.mark.parametrize("top", [3, 50, 10**6])
def test_numpy_twin_refuses_what_the_compiled_proof_refuses(top: int) -> None:
    """On random polytopes (degenerate ones among the small-integer games), their full
    vertex lists, the lists less one vertex, with a basis added and with a mask twice,
    both twins report the same status at the same index."""
    from multivector.solver._certify import certify_vertices_numpy

    rng = np.random.default_rng(top)
    for _ in range(12):
        k, d = (int(x) for x in rng.integers(2, 7, size=2))
        M_int = rng.integers(1, top + 1, size=(k, d)).tolist()
        masks = _masks(M_int)
        M, b = np.array(M_int, dtype=float), np.ones(k)
        drop = int(rng.integers(len(masks)))
        extra = np.uint64(int(rng.integers(1 << (d + k))))  # any bits: often not a basis
        for listed in (
            masks,
            masks[::-1].copy(),
            np.delete(masks, drop),
            np.append(masks, extra),
            np.append(masks, masks[drop]),
        ):
            assert tuple(certify_numba.certify_vertices(M, b, listed)) == (
                certify_vertices_numpy(M, b, listed)
            )
