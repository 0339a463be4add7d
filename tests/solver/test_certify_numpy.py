"""The numpy proof of a vertex list (:mod:`multivector.solver._certify`), without numba.

Exact enumeration proves float walks complete with the compiled kernel from 12x12, and
with this numpy twin below that (and without numba) from 7x7: the result must still be
the integer walk's, exactly, and the twin must refuse the lists the compiled kernel
refuses (their agreement is tested beside the compiled kernel, in
``test_proved_vertices.py``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from multivector import NormalFormGame, solve
from multivector.solver import vertex as vertex_module
from multivector.solver._certify import certify_vertices_numpy
from multivector.solver._polytope import vertex_numerators
from multivector.solver.equilibrium import Solution


def _no_compiled_proof(patch: pytest.MonkeyPatch) -> None:
    real = vertex_module._rule_kernel

    def rule(m: int, n: int, module: str, name: str, *args: int) -> object:
        return None if name == "certify_vertices" else real(m, n, module, name, *args)

    patch.setattr(vertex_module, "_rule_kernel", rule)


def _exact(game: NormalFormGame, *, proof: bool) -> Solution:
    with pytest.MonkeyPatch.context() as patch:
        _no_compiled_proof(patch)
        if not proof:
            patch.setattr(vertex_module, "_proved_vertices", lambda *args: None)
        return solve(game, method="exact")


def _proved(game: NormalFormGame) -> bool:
    with pytest.MonkeyPatch.context() as patch:
        _no_compiled_proof(patch)
        P, Q = vertex_module._integer_polytopes(game, vertex_module.MAX_DENOMINATOR)
        return vertex_module._proved_vertices(P, Q, *game.shape) is not None


@pytest.mark.parametrize(
    ("m", "n", "top", "fractions"),
    [(7, 7, 10**6, False), (8, 6, 10**6, False), (5, 9, 1000, True), (7, 8, 20, False)],
)
def test_numpy_proof_gives_the_integer_walks_result(
    m: int, n: int, top: int, fractions: bool
) -> None:
    """Proved (nondegenerate games) or not (ties: payoffs up to 20), the fractions, their
    order, the floats, components, degeneracy and notes are the integer walk's."""
    rng = np.random.default_rng(m * 31 + n)
    for _ in range(3):
        A, B = rng.integers(0, top + 1, size=(2, m, n)).tolist()
        if fractions:
            A = [[Fraction(v, 1 + v % 7) for v in row] for row in A]
            B = [[Fraction(v, 1 + v % 5) for v in row] for row in B]
        game = NormalFormGame.from_bimatrix(A, B)
        walk = _exact(game, proof=False)
        assert _proved(game) is (walk.degenerate is False)
        assert walk.degenerate is (top <= 20)
        ours = _exact(game, proof=True)
        assert [e.exact for e in ours] == [e.exact for e in walk]
        for a, b in zip(ours, walk, strict=True):
            for p, q in zip(a.profile, b.profile, strict=True):
                np.testing.assert_array_equal(p, q)
        assert (ours.degenerate, ours.components, ours.notes) == (
            walk.degenerate,
            walk.components,
            walk.notes,
        )


def test_small_games_keep_the_integer_walk() -> None:
    """Below NUMPY_PROOF_LABELS the integer walk is as fast: no proof is tried."""
    rng = np.random.default_rng(3)
    A, B = rng.integers(0, 10**6, size=(2, 6, 6)).tolist()
    game = NormalFormGame.from_bimatrix(A, B)
    assert vertex_module.NUMPY_PROOF_LABELS > 12
    assert not _proved(game)


def test_a_polytope_and_its_broken_lists() -> None:
    """A random integer polytope: its vertex list is proved; without a vertex, with a
    basis that is not a vertex, or with a mask twice, it is not."""
    rng = np.random.default_rng(5)
    M_int = rng.integers(1, 1000, size=(6, 5)).tolist()
    _, labels = vertex_numerators(M_int)
    masks = np.array(labels, dtype=np.uint64)
    M, b = np.array(M_int, dtype=float), np.ones(6)
    assert certify_vertices_numpy(M, b, masks) == (0, -1)
    for drop in range(len(masks)):
        assert certify_vertices_numpy(M, b, np.delete(masks, drop))[0] == 2
    # every z basic and the first five rows tight: here the point has a negative
    # coordinate and breaks the sixth row, so this basis is not a vertex
    basis = np.uint64(sum(1 << (5 + i) for i in range(5)))
    assert basis not in set(masks.tolist())
    assert certify_vertices_numpy(M, b, np.append(masks, basis)) == (1, len(masks))
    assert certify_vertices_numpy(M, b, np.append(masks, masks[3])) == (3, len(masks))


def test_blocks_give_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bases of one support size are proved in blocks: blocks of three give the answers
    of one block, on full lists and on lists less a vertex."""
    from multivector.solver import _certify

    rng = np.random.default_rng(1)
    for _ in range(20):
        k, d = (int(x) for x in rng.integers(2, 8, size=2))
        M_int = rng.integers(1, 10**6, size=(k, d)).tolist()
        _, labels = vertex_numerators(M_int)
        masks = np.array(labels, dtype=np.uint64)
        M, b = np.array(M_int, dtype=float), np.ones(k)
        for listed in (masks, np.delete(masks, int(rng.integers(len(masks))))):
            whole = certify_vertices_numpy(M, b, listed)
            with monkeypatch.context() as patch:
                patch.setattr(_certify, "_BLOCK", 3)
                assert certify_vertices_numpy(M, b, listed) == whole
