"""Batched support enumeration: the same equilibria as vertex enumeration, degenerate
games handed back, and sweeps of 2-player scenarios unchanged by the batched path."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame
from multivector.explore.sweep import _fmt_mixed, solve_points
from multivector.games.scenarios import get_scenario
from multivector.solver.equilibrium import make_equilibrium
from multivector.solver.support_batch import bimatrix_equilibria_batch
from multivector.solver.vertex import enumerate_equilibria
from tests.strategies import bimatrix_games, is_degenerate
from tests.validators import assert_equilibrium


def _agree(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Check every decided game against enumerate_equilibria; return the undecided mask."""
    found, undecided = bimatrix_equilibria_batch(A, B)
    for g in np.flatnonzero(~undecided):
        game = NormalFormGame.from_bimatrix(A[g], B[g])
        sol = enumerate_equilibria(game)
        X, Y = found[g]
        assert len(X) == len(sol.equilibria)
        for e, x, y in zip(sol.equilibria, X, Y, strict=True):
            np.testing.assert_allclose(x, e.profile[0], atol=1e-9)
            np.testing.assert_allclose(y, e.profile[1], atol=1e-9)
            assert_equilibrium(game, make_equilibrium(game, (x, y), "support"))
    return undecided


@pytest.mark.parametrize("shape", [(3, 2), (2, 2), (2, 3), (3, 3), (4, 4), (1, 3)])
def test_random_games_agree_with_vertex_enumeration(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    A, B = rng.normal(size=(2, 300, *shape))
    undecided = _agree(A, B)
    assert undecided.mean() < 0.05  # random float games are nondegenerate


def test_matching_pennies_and_a_three_equilibrium_game() -> None:
    # von Stengel 2007, Figure 3.3: three equilibria, one of them pure
    A = np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]])
    B = np.array([[3.0, 2.0], [2.0, 6.0], [3.0, 1.0]])
    mp = np.array([[1.0, -1.0], [-1.0, 1.0]])
    (found,), undecided = bimatrix_equilibria_batch(A[None], B[None])
    assert not undecided[0] and len(found[0]) == 3
    np.testing.assert_allclose(found[0][1], [0.8, 0.2, 0.0])
    np.testing.assert_allclose(found[1][1], [2 / 3, 1 / 3])
    (mp_found,), _ = bimatrix_equilibria_batch(mp[None], -mp[None])
    np.testing.assert_allclose(mp_found[0], [[0.5, 0.5]])


@settings(max_examples=60, deadline=None)
@given(game=bimatrix_games(rows=(1, 3), cols=(1, 3), integer=True, max_payoff=3))
def test_degenerate_games_are_handed_back(game: NormalFormGame) -> None:
    A, B = game.bimatrix()
    undecided = _agree(A[None].astype(float), B[None].astype(float))
    if is_degenerate(game):
        assert undecided[0]


def _reference(model: object, values: dict[str, np.ndarray]) -> list[list[tuple[str, ...]]]:
    s = model
    payoffs = s.payoffs_batch(values)  # type: ignore[attr-defined]
    out = []
    for p in payoffs:
        game = NormalFormGame(p, s.players, s.strategies)  # type: ignore[attr-defined]
        sol = enumerate_equilibria(game)
        out.append(
            [
                tuple(_fmt_mixed(x, game.strategies[i]) for i, x in enumerate(e.profile))
                for e in sol.equilibria
            ]
        )
    return out


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_kz_russia_points_equal_vertex_enumeration(seed: int) -> None:
    """Random calibrations, half of them with parameters on round values (ties, so
    degenerate games that take the one-by-one path), equal the reference point by point."""
    s = get_scenario("kz-russia")
    rng = np.random.default_rng(seed)
    n = 200
    values = {}
    for name, p in s.parameters.items():
        smooth = rng.uniform(p.min, p.max, n)
        rounded = p.min + (p.max - p.min) * rng.integers(0, 3, n) / 2
        values[name] = np.where(np.arange(n) < n // 2, smooth, rounded)
    assert solve_points(s, values, "vertex") == _reference(s, values)


def test_kz_russia_grid_with_degenerate_points() -> None:
    s = get_scenario("kz-russia")
    w, c = np.meshgrid(np.linspace(0, 0.6, 11), np.linspace(0, 0.5, 11))
    values = {k: np.full(w.size, v) for k, v in s.values().items()}  # latest calibration
    values.update({"kazakhstan.weight.west": w.ravel(), "kazakhstan.crowding_out": c.ravel()})
    payoffs = s.payoffs_batch(values)
    _, undecided = bimatrix_equilibria_batch(payoffs[:, 0], payoffs[:, 1])
    assert undecided.any() and not undecided.all()  # ties on some grid lines
    assert solve_points(s, values, "vertex") == _reference(s, values)


def test_kz_russia_draws_with_three_equilibria() -> None:
    s = get_scenario("kz-russia")
    rng = np.random.default_rng(0)
    draws = {k: rng.uniform(p.min, p.max, 4000) for k, p in s.parameters.items()}
    payoffs = s.payoffs_batch(draws)
    found, _ = bimatrix_equilibria_batch(payoffs[:, 0], payoffs[:, 1])
    several = np.flatnonzero([len(X) > 1 for X, _ in found])
    assert len(several) >= 2  # two mixed equilibria and a pure one, in some draws
    keep = np.concatenate([several, np.arange(100)])
    values = {k: v[keep] for k, v in draws.items()}
    rows = solve_points(s, values, "vertex")
    assert rows == _reference(s, values)
    assert any("*" in e[0] for r in rows for e in r)
