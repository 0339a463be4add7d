"""Stackelberg equilibria: known answers and the commitment-value property."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, SolverError, solve
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
