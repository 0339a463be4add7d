"""Stackelberg equilibria: known answers and the commitment-value property."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, SolverError, solve
from multivector.errors import WorkLimitError
from multivector.explore.strategies import games
from multivector.solver.stackelberg import stackelberg

# Conitzer and Sandholm (2006, "Computing the optimal strategy to commit to", ACM EC,
# Section 1): the unique Nash equilibrium (Up, Left) gives the leader 1; committing to
# Down gives 2; committing to Up with probability 1/2 gives 2.5 (strong tie-breaking).
CS = NormalFormGame.from_bimatrix(
    [[1, 3], [0, 2]],
    [[1, 0], [0, 1]],
    players=["Leader", "Follower"],
    strategies=[["Up", "Down"], ["Left", "Right"]],
)


def test_conitzer_sandholm_example() -> None:
    (eq,) = solve(CS).equilibria
    assert eq.payoffs[0] == pytest.approx(1.0)
    mixed = stackelberg(CS, "Leader")
    assert mixed.leader_payoff == pytest.approx(2.5)
    assert mixed.profile[0] == pytest.approx([0.5, 0.5])
    assert mixed.profile[1].tolist() == [0.0, 1.0]
    assert mixed.follower_regret <= 1e-12
    assert stackelberg(CS, "Leader", commitment="pure").leader_payoff == pytest.approx(2.0)


def test_weak_tie_breaking_approaches_the_supremum() -> None:
    weak = stackelberg(CS, "Leader", tie_breaking="weak")
    assert 2.5 - 1e-5 < weak.leader_payoff < 2.5
    # the follower's response is unique: Right is strictly better for it
    fv = weak.profile[0] @ CS.payoffs[1]
    assert fv[1] > fv[0]
    assert any("supremum" in n for n in weak.notes)


def test_leader_can_be_the_column_player() -> None:
    swapped = NormalFormGame(
        np.stack([CS.payoffs[1].T, CS.payoffs[0].T]),
        players=["Follower", "Leader"],
        strategies=[["Left", "Right"], ["Up", "Down"]],
    )
    se = stackelberg(swapped, "Leader")
    assert se.leader_payoff == pytest.approx(2.5)
    assert se.to_dict()["strategies"]["Leader"]["Up"] == pytest.approx(0.5)


def test_mixed_commitment_with_several_followers_is_refused() -> None:
    g = NormalFormGame(np.zeros((3, 2, 2, 2)))
    with pytest.raises(SolverError, match="commitment='pure'"):
        stackelberg(g, 0)
    with pytest.raises(SolverError, match="tie_breaking"):
        stackelberg(CS, 0, tie_breaking="fair")


@settings(max_examples=40, deadline=None)
@given(games(num_players=2, max_strategies=3))
def test_mixed_commitment_beats_every_nash_equilibrium(game: NormalFormGame) -> None:
    # von Stengel and Zamir (2010): the strong Stackelberg leader payoff is at least the
    # leader's payoff in any Nash equilibrium
    tol = 1e-7 * game.payoff_scale()
    for leader in (0, 1):
        strong = stackelberg(game, leader)
        best_nash = max(float(e.payoffs[leader]) for e in solve(game))
        assert strong.leader_payoff >= best_nash - tol
        assert (
            strong.leader_payoff
            >= stackelberg(game, leader, commitment="pure").leader_payoff - tol
        )
        # the follower best responds
        assert strong.follower_regret <= 1e-9 * game.payoff_scale()
        follower = 1 - leader
        dev = game.deviation_payoffs(strong.profile)[follower]
        assert dev @ strong.profile[follower] >= dev.max() - 1e-9 * game.payoff_scale()


@settings(max_examples=20, deadline=None)
@given(games(num_players=3, max_strategies=2))
def test_n_player_pure_commitment(game: NormalFormGame) -> None:
    tol = 1e-9 * game.payoff_scale()
    se = stackelberg(game, 0, commitment="pure")
    a = int(np.argmax(se.profile[0]))
    induced = NormalFormGame(np.take(game.payoffs, a, axis=1)[1:])
    assert induced.regret(se.profile[1:]) <= tol
    assert "Nash equilibrium" in se.follower_rule
    weak = stackelberg(game, 0, commitment="pure", tie_breaking="weak")
    assert weak.leader_payoff <= se.leader_payoff + tol


def _grid_best(L: np.ndarray, F: np.ndarray, points: int) -> float:
    """The leader's best strong-tie-breaking payoff over a grid of 2-strategy mixtures."""
    p = np.linspace(0, 1, points)
    xs = np.stack([p, 1 - p], axis=1)
    fv, lv = xs @ F, xs @ L
    best = fv >= fv.max(axis=1, keepdims=True) - 1e-12
    return float(np.where(best, lv, -np.inf).max(axis=1).max())


@pytest.mark.parametrize("seed", range(6))
def test_pruned_lps_reach_the_grid_optimum(seed: int) -> None:
    # the LPs run from the largest bound down and stop early: the value found must still
    # be at least every commitment on a fine grid, and within the grid's step of its best
    rng = np.random.default_rng(seed)
    L, F = rng.random((2, 40)), rng.random((2, 40))
    value = stackelberg(NormalFormGame.from_bimatrix(L, F), 0).leader_payoff
    grid = _grid_best(L, F, 20_001)
    assert value >= grid - 1e-9
    assert value <= grid + 2 * np.abs(L).max() / 20_000 + 1e-9


def test_repeated_follower_strategies_share_one_lp() -> None:
    # 20,004 follower strategies with five distinct payoff columns: one LP per distinct
    # column, answered as for the five-column game, with the response mapped back
    base_l = np.array([[-6.0, 1.0, 0.1, 1e6, 0.0], [2.0, 0.0, 3.0, -1.0, 1.0]])
    base_f = np.array([[6.0, 1.0, 0.5, -1e6, 0.0], [0.0, 2.0, 1.0, 5.0, 1.5]])
    reps = np.r_[np.arange(5), np.full(19_999, 1)]
    big = stackelberg(NormalFormGame.from_bimatrix(base_l[:, reps], base_f[:, reps]), 0)
    small = stackelberg(NormalFormGame.from_bimatrix(base_l, base_f), 0)
    assert big.leader_payoff == pytest.approx(small.leader_payoff, abs=1e-9)
    np.testing.assert_allclose(big.profile[0], small.profile[0], atol=1e-9)
    k = int(np.argmax(big.profile[1]))
    assert reps[k] == int(np.argmax(small.profile[1]))


def test_mixed_commitment_past_its_budget_is_refused_then_forced() -> None:
    rng = np.random.default_rng(1)
    game = NormalFormGame.from_bimatrix(rng.random((1, 1500)), rng.random((1, 1500)))
    with pytest.raises(WorkLimitError, match=r"1,500 programs.*--commitment pure.*--force"):
        stackelberg(game, 0)
    se = stackelberg(game, 0, force=True)
    # one leader strategy: the follower's best response decides, and the leader gets its
    # payoff there
    k = int(np.argmax(game.payoffs[1][0]))
    assert se.profile[1][k] == 1.0 and se.leader_payoff == game.payoffs[0][0, k]
