"""Security levels: maxmin and minmax."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, SolverError, solve
from multivector.explore.strategies import games
from multivector.solver.pure import pure_nash
from multivector.solver.security import maxmin, minmax, security_levels


def test_rock_paper_scissors_value_zero() -> None:
    # a symmetric zero-sum game has value 0 and the uniform mixture is optimal
    # (von Neumann and Morgenstern 1944)
    rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    for s in security_levels(rps):
        assert s.maxmin_value == pytest.approx(0.0, abs=1e-12)
        assert s.minmax_value == pytest.approx(0.0, abs=1e-12)
        assert np.allclose(s.maxmin_strategy, 1 / 3)
        assert s.pure_maxmin_value == -1.0


def test_zero_sum_value_agrees_with_the_equilibrium() -> None:
    # Morra-like 2x3 zero-sum game: maxmin of the row player = its equilibrium payoff
    A = [[2, -1, 0], [-3, 1, 2]]
    g = NormalFormGame.from_bimatrix(A)
    (eq,) = solve(g).equilibria
    _x, v = maxmin(g, 0)
    assert v == pytest.approx(eq.payoffs[0], abs=1e-9)
    _y, v_col = maxmin(g, 1)
    assert v_col == pytest.approx(-v, abs=1e-9)


def test_chicken_security() -> None:
    chicken = NormalFormGame.from_bimatrix(
        [[6, 2], [7, 0]], [[6, 7], [2, 0]], strategies=[["chicken", "dare"]] * 2
    )
    row, _col = security_levels(chicken)
    assert row.maxmin_value == pytest.approx(2.0)
    assert row.pure_maxmin_strategy == "chicken"
    assert row.minmax_value == pytest.approx(2.0) and row.minmax_kind == "mixed"
    assert row.to_dict()["minmax"]["punishment"]["P2"]["dare"] == pytest.approx(1.0)


def test_three_player_pure_minmax() -> None:
    # each player gets 1 if it differs from both others... a 3-player matching game
    payoffs = np.zeros((3, 2, 2, 2))
    for a in np.ndindex(2, 2, 2):
        for i in range(3):
            others = [a[j] for j in range(3) if j != i]
            payoffs[(i, *a)] = 1.0 if all(a[i] != o for o in others) else 0.0
    g = NormalFormGame(payoffs)
    for s in security_levels(g):
        assert s.minmax_kind == "pure"
        assert s.maxmin_value <= s.minmax_value + 1e-12
        # the others can split (0, 1): every reply then matches one of them
        assert s.minmax_value == pytest.approx(0.0)
        assert s.notes


def test_rejects_non_games() -> None:
    with pytest.raises(SolverError):
        security_levels("not a game")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(games(num_players=2, max_strategies=4))
def test_maxmin_at_most_every_equilibrium_payoff(game: NormalFormGame) -> None:
    tol = 1e-8 * game.payoff_scale()
    levels = security_levels(game)
    for e in solve(game):
        for i, s in enumerate(levels):
            assert s.maxmin_value <= e.payoffs[i] + tol
            assert s.minmax_value <= e.payoffs[i] + tol
    for i, s in enumerate(levels):
        # the strategy guarantees its value against every pure reply
        M = np.moveaxis(game.payoffs[i], i, 0).reshape(game.shape[i], -1)
        assert (s.maxmin_strategy @ M).min() >= s.maxmin_value - tol
        # von Neumann: with two players minmax = maxmin
        assert s.minmax_value == pytest.approx(s.maxmin_value, abs=tol)
        (_y,), v, kind = minmax(game, i)
        assert kind == "mixed" and v == pytest.approx(s.minmax_value, abs=tol)


@settings(max_examples=25, deadline=None)
@given(games(num_players=3, max_strategies=3))
def test_n_player_security_bounds(game: NormalFormGame) -> None:
    tol = 1e-8 * game.payoff_scale()
    levels = security_levels(game)
    for s in levels:
        assert s.pure_maxmin_value <= s.maxmin_value + tol
        assert s.maxmin_value <= s.minmax_value + tol
    for e in pure_nash(game):
        for i, s in enumerate(levels):
            assert s.minmax_value <= e.payoffs[i] + tol
