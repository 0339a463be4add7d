"""Fictitious play, the replicator dynamic, evolutionary stability."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, SolverError
from multivector.explore.strategies import games
from multivector.solver.dynamics import (
    evolutionarily_stable_strategies,
    fictitious_play,
    is_evolutionarily_stable,
    replicator_dynamics,
)

# Shapley (1964, "Some topics in two-person games"): fictitious play cycles forever.
SHAPLEY = NormalFormGame.from_bimatrix(
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
)
# Hawk-Dove, V = 2, C = 4 (Maynard Smith 1982, Evolution and the Theory of Games, Ch. 2)
HAWK_DOVE = NormalFormGame.from_bimatrix(
    [[-1, 2], [0, 1]], [[-1, 0], [2, 1]], strategies=[["Hawk", "Dove"]] * 2
)


@pytest.mark.slow
def test_fictitious_play_zero_sum_converges_and_is_reproducible() -> None:
    # Robinson (1951): fictitious play converges in zero-sum games
    rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    a = fictitious_play(rps, tol=5e-3, seed=3)
    b = fictitious_play(rps, tol=5e-3, seed=3)
    assert a.converged and a.regret <= 5e-3
    assert a.equilibrium is not None
    assert rps.regret(a.equilibrium.profile) <= 5e-3
    assert a.steps == b.steps and all(
        np.array_equal(x, y) for x, y in zip(a.profile, b.profile, strict=True)
    )


def test_fictitious_play_cycles_in_shapleys_game() -> None:
    r = fictitious_play(SHAPLEY, iterations=5000, tol=1e-3)
    assert not r.converged and r.equilibrium is None
    assert r.regret > 0.05
    assert r.notes and "Shapley" in r.notes[0]


def test_replicator_three_players_dominant_strategies() -> None:
    # each player's second strategy is strictly dominant: play goes there
    rng = np.random.default_rng(0)
    payoffs = rng.uniform(0, 1, (3, 2, 2, 2))
    for i in range(3):
        idx = [slice(None)] * 3
        idx[i] = 1
        payoffs[i][tuple(idx)] += 2.0
    g = NormalFormGame(payoffs)
    r = replicator_dynamics(g, seed=1, t_max=200.0, tol=1e-10)
    assert r.equilibrium is not None
    assert all(x[1] > 1 - 1e-4 for x in r.profile)


def test_replicator_cycles_in_matching_pennies() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    r = replicator_dynamics(mp, initial=([0.7, 0.3], [0.5, 0.5]), t_max=50.0)
    assert not r.converged  # orbits around the interior equilibrium


def test_ess_known_answers() -> None:
    assert is_evolutionarily_stable(HAWK_DOVE, [0.5, 0.5])
    assert not is_evolutionarily_stable(HAWK_DOVE, [0.4, 0.6])  # not an equilibrium
    (x,) = evolutionarily_stable_strategies(HAWK_DOVE)
    assert np.allclose(x, [0.5, 0.5])
    # standard Rock-Paper-Scissors: the uniform mixture is neutrally, not strictly, stable
    rps = NormalFormGame.from_bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    assert evolutionarily_stable_strategies(rps) == []
    # coordination: both strict pure equilibria are ESS, the mixed one is not
    coord = NormalFormGame.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    found = evolutionarily_stable_strategies(coord)
    assert [x.tolist() for x in found] == [[1.0, 0.0], [0.0, 1.0]]
    assert not is_evolutionarily_stable(coord, [1 / 3, 2 / 3])


def test_ess_with_an_alternative_best_reply() -> None:
    # x = e1 with e2 an alternative best reply: stable iff u(e1, e2) > u(e2, e2)
    stable = NormalFormGame.from_bimatrix([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    unstable = NormalFormGame.from_bimatrix([[1, 0], [1, 1]], [[1, 1], [0, 1]])
    assert is_evolutionarily_stable(stable, [1, 0])
    assert not is_evolutionarily_stable(unstable, [1, 0])


def test_ess_needs_a_symmetric_game() -> None:
    with pytest.raises(SolverError, match="symmetric"):
        is_evolutionarily_stable(SHAPLEY, [1, 0, 0])


@settings(max_examples=40, deadline=None)
@given(games(num_players=2, max_strategies=3, integer=True, max_payoff=4))
def test_every_ess_is_a_symmetric_equilibrium(game: NormalFormGame) -> None:
    A = game.payoffs[0]
    if A.shape[0] != A.shape[1]:
        return
    sym = NormalFormGame(np.stack([A, A.T]))
    for x in evolutionarily_stable_strategies(sym):
        assert sym.regret((x, x)) <= 1e-9 * sym.payoff_scale()
    # a strict symmetric pure equilibrium is always an ESS
    for k in range(A.shape[0]):
        if all(A[k, k] > A[j, k] for j in range(A.shape[0]) if j != k):
            e = np.zeros(A.shape[0])
            e[k] = 1.0
            assert is_evolutionarily_stable(sym, e)
