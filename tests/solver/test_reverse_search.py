"""The reverse-search walk, the certification fast path, and exact mode against lrsnash."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.solver import _compiled
from multivector.solver import vertex as vertex_module
from multivector.solver._polytope import integer_matrix, vertices_bfs_numpy, vertices_exact
from multivector.solver.equilibrium import make_bimatrix_equilibrium, make_equilibrium
from multivector.solver.lemke_howson import DEFAULT_MAX_PIVOTS, lemke_howson, pivot_cap
from tests.strategies import bimatrix_games, is_degenerate
from tests.validators import assert_equilibrium

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def _reverse_search():  # type: ignore[no-untyped-def]
    kernel = _compiled.compiled_kernel("multivector.solver._reverse_numba", "reverse_search")
    if kernel is None:
        pytest.skip("numba is not installed or is disabled: no compiled reverse search")
    return kernel


@SETTINGS
@given(st.integers(1, 8), st.integers(1, 8), st.integers(0, 2**32 - 1), st.booleans())
def test_reverse_search_finds_the_vertices_of_the_other_walks(
    k: int, d: int, seed: int, small: bool
) -> None:
    """Reverse search lists the vertices of the breadth-first walk and of exact pivoting,
    with the same tight constraints; where exact pivoting finds a degenerate vertex
    (payoffs in 1..3 make many), reverse search reports degeneracy instead."""
    reverse_search = _reverse_search()
    rng = np.random.default_rng(seed)
    Mi = rng.integers(1, 4, size=(k, d)) if small else rng.integers(10**5, 10**6, size=(k, d))
    M = Mi / Mi.max()
    status, count, masks = reverse_search(M, 1e-9, 10**6)
    points, labels = vertices_exact(*integer_matrix(Mi.astype(object)))
    degenerate = any(lab.bit_count() > d for lab in labels)
    if status == 3:
        # a reduced cost of zero: too close to call, never wrong; small payoffs only
        assert small
        return
    if degenerate:
        assert status == 1
        return
    assert status == 0
    assert count == len(points)
    nonzero = [lab for p, lab in zip(points, labels, strict=True) if any(p)]
    assert sorted(masks.tolist()) == sorted(nonzero)
    _, bfs_masks, simple = vertices_bfs_numpy(M)
    assert simple
    assert sorted(masks.tolist()) == sorted(bfs_masks.tolist())


def test_reverse_search_deeper_than_its_arrays_starts_again() -> None:
    """A tree deeper than the arrays of the levels is searched again with more levels:
    a search with room for 2 levels stops with status 4, and the whole search finds the
    vertices of the breadth-first walk (a 6x7 polytope has paths of 4 and more pivots)."""
    reverse_search = _reverse_search()
    from multivector.solver import _reverse_numba

    M = np.random.default_rng(3).random((6, 7)) + 0.1
    status, _, _, count = _reverse_numba._search(M, 1e-9, 10**6, 2)
    assert status == 4
    status, vertices, masks = reverse_search(M, 1e-9, 10**6)
    _, bfs_masks, simple = vertices_bfs_numpy(M)
    assert status == 0 and simple
    assert vertices == len(bfs_masks) + 1 > count + 1
    assert sorted(masks.tolist()) == sorted(bfs_masks.tolist())


def _solve_with(game: NormalFormGame, monkeypatch: pytest.MonkeyPatch, reverse: bool):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as patch:
        patch.setattr(vertex_module, "REVERSE_SEARCH_LABELS", 2 if reverse else 10**6)
        patch.setattr(vertex_module, "COMPILE_LABELS", 2 if reverse else 10**6)
        return solve(game, method="vertex")


@SETTINGS
@given(
    st.one_of(
        bimatrix_games((1, 5), (1, 5), degenerate=False),
        bimatrix_games((1, 4), (1, 4), integer=True, max_payoff=3),
        bimatrix_games((1, 4), (1, 4)),
    )
)
def test_enumeration_by_reverse_search_equals_the_numpy_walk(game: NormalFormGame) -> None:
    """The same equilibria (bit for bit: both are solved from their supports), degeneracy
    flag and components, whichever walk lists the vertices; on degenerate and
    nondegenerate games alike."""
    _reverse_search()
    monkeypatch = pytest.MonkeyPatch()
    try:
        new = _solve_with(game, monkeypatch, reverse=True)
        old = _solve_with(game, monkeypatch, reverse=False)
    finally:
        monkeypatch.undo()
    assert new.degenerate == old.degenerate == is_degenerate(game)
    assert len(new) == len(old)
    for a, b in zip(new, old, strict=True):
        assert_equilibrium(game, a)
        for x, y in zip(a.profile, b.profile, strict=True):
            np.testing.assert_array_equal(x, y)
    assert new.components == old.components


@SETTINGS
@given(bimatrix_games((1, 6), (1, 6), degenerate=False))
def test_fast_certificate_equals_the_general_one(game: NormalFormGame) -> None:
    """The support-based regret of Lemke-Howson's results is the regret of the general
    certificate, and a perturbed profile that is no equilibrium is refused by both."""
    eq = lemke_howson(game)
    x, y = eq.profile
    general = make_equilibrium(game, (x, y), "check")
    fast = make_bimatrix_equilibrium(game, x, y, "check")
    assert fast.regret == pytest.approx(general.regret, abs=1e-12)
    np.testing.assert_allclose(fast.payoffs, general.payoffs, atol=1e-12)
    assert fast.regret == pytest.approx(game.regret((x, y)), abs=1e-12)


def test_pivot_cap_grows_with_the_game() -> None:
    assert pivot_cap(3, 3) == DEFAULT_MAX_PIVOTS
    assert pivot_cap(200, 200) > 287_497  # QuantEcon's longest path on a 200x200 game
    assert pivot_cap(300, 300) > pivot_cap(200, 200)


# ---------------------------------------------------------------------- lrsnash
LRSNASH = shutil.which("lrsnash")


Profile = tuple[tuple[Fraction, ...], ...]


def _lrsnash(A: list[list[int]], B: list[list[int]], tmp: Path) -> set[Profile]:
    """The extreme equilibria lrsnash (lrslib, Avis et al. 2010) lists, exactly."""
    m, n = len(A), len(A[0])
    text = f"{m} {n}\n\n" + "\n".join(" ".join(map(str, r)) for r in A)
    text += "\n\n" + "\n".join(" ".join(map(str, r)) for r in B) + "\n"
    path = tmp / "game.txt"
    path.write_text(text)
    out = subprocess.run(
        [str(LRSNASH), str(path)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    found: set[Profile] = set()
    ys: list[tuple[Fraction, ...]] = []
    for line in out.splitlines():
        parts = line.split()
        if not parts:
            ys = []
            continue
        if parts[0] not in ("1", "2"):
            continue
        values = tuple(Fraction(v) for v in parts[1:-1])
        if parts[0] == "2":
            ys.append(values)
        else:
            found.update((values, y) for y in ys)
    return found


@pytest.mark.skipif(LRSNASH is None, reason="lrsnash (lrslib) is not installed")
@settings(max_examples=20, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1), st.booleans())
def test_exact_mode_equals_lrsnash(
    tmp_path_factory: pytest.TempPathFactory, m: int, n: int, seed: int, small: bool
) -> None:
    """Exact mode lists the extreme equilibria that lrsnash lists, on random integer
    games: payoffs up to 10^6 (nondegenerate as a rule) or in 0..2 (often degenerate)."""
    rng = np.random.default_rng(seed)
    top = 2 if small else 10**6
    A = rng.integers(0, top + 1, size=(m, n)).tolist()
    B = rng.integers(0, top + 1, size=(m, n)).tolist()
    game = NormalFormGame.from_bimatrix(A, B)
    ours = {eq.exact for eq in solve(game, exact=True)}
    assert ours == _lrsnash(A, B, tmp_path_factory.mktemp("lrs"))


def test_a_degenerate_vertex_that_is_nobody_s_child_is_reported() -> None:
    # hypothesis found it: the vertex (1, 0, 0, 0, 0) of {z >= 0 : M z <= 1} has six tight
    # constraints in five dimensions and was never reached (which vertex is its child
    # depends on which of its bases is taken), so the search ended "done" with 5 of the 6
    # vertices. A tie in the ratio test of an edge up the tree now reports it.
    reverse_search = _reverse_search()
    Mi = np.array([[1, 1, 2, 2, 1], [1, 2, 3, 3, 3]])
    status, _, _ = reverse_search(Mi / Mi.max(), 1e-9, 10**6)
    assert status == 1
    points, labels = vertices_exact(*integer_matrix(Mi.astype(object)))
    assert len(points) == 6 and max(lab.bit_count() for lab in labels) == 6
