"""Correlated and coarse correlated equilibria: known answers and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, SolverError, solve
from multivector.explore.strategies import games
from multivector.solver.correlated import (
    coarse_correlated_equilibrium,
    correlated_equilibrium,
    correlated_violation,
    induced_distribution,
)
from multivector.solver.pure import pure_nash

# Chicken as in Aumann (1974, "Subjectivity and correlation in randomized strategies",
# J. Math. Econ. 1, Section 2): Nash equilibria (dare, chicken), (chicken, dare) with
# welfare 9 and the mixed one with 2/3 on chicken, welfare 28/3; the device drawing
# (chicken, chicken), (chicken, dare), (dare, chicken) with probability 1/3 each is a
# correlated equilibrium with welfare 10.
CHICKEN = NormalFormGame.from_bimatrix(
    [[6, 2], [7, 0]],
    [[6, 7], [2, 0]],
    players=["Row", "Col"],
    strategies=[["chicken", "dare"], ["chicken", "dare"]],
)


def _tol(game: NormalFormGame) -> float:
    return 1e-7 * game.payoff_scale()


def test_aumann_chicken_device_is_correlated_equilibrium() -> None:
    device = np.array([[1 / 3, 1 / 3], [1 / 3, 0.0]])
    assert correlated_violation(CHICKEN, device) <= 1e-12
    assert float((CHICKEN.payoffs.sum(axis=0) * device).sum()) == pytest.approx(10.0)


def test_chicken_welfare_optimum_beats_every_nash_equilibrium() -> None:
    ce = correlated_equilibrium(CHICKEN)
    nash_welfare = [float(e.payoffs.sum()) for e in solve(CHICKEN)]
    assert len(nash_welfare) == 3
    assert ce.welfare == pytest.approx(10.5, abs=1e-9)
    assert ce.welfare > max(nash_welfare) + 1.0
    assert ce.violation <= _tol(CHICKEN)
    assert correlated_violation(CHICKEN, ce.distribution) <= _tol(CHICKEN)
    # the optimum found is the known one: 1/2 on (chicken, chicken), 1/4 on each other
    assert np.allclose(ce.distribution, [[0.5, 0.25], [0.25, 0.0]], atol=1e-9)


def test_player_objectives_bracket_the_nash_payoffs() -> None:
    best = correlated_equilibrium(CHICKEN, "max-payoff", player="Row")
    worst = correlated_equilibrium(CHICKEN, "min-payoff", player="Row")
    for e in solve(CHICKEN):
        assert worst.payoffs[0] - 1e-9 <= e.payoffs[0] <= best.payoffs[0] + 1e-9
    assert best.payoffs[0] == pytest.approx(7.0)  # the pure equilibrium (dare, chicken)
    assert best.player == "Row"


def test_entropy_objective_is_correlated_and_spreads_probability() -> None:
    ce = correlated_equilibrium(CHICKEN, "entropy")
    assert correlated_violation(CHICKEN, ce.distribution) <= 1e-6
    welfare = correlated_equilibrium(CHICKEN)

    def entropy(p: np.ndarray) -> float:
        q = p[p > 0]
        return float(-(q * np.log(q)).sum())

    assert entropy(ce.distribution) >= entropy(welfare.distribution) - 1e-9


def test_prisoners_dilemma_coarse_equilibrium_is_mutual_defection() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    cce = coarse_correlated_equilibrium(pd, "max-payoff", player=0)
    assert np.allclose(cce.distribution, [[0, 0], [0, 1]], atol=1e-9)


def test_to_dict_lists_profiles_with_labels() -> None:
    d = correlated_equilibrium(CHICKEN).to_dict()
    probs = {
        (r["profile"]["Row"], r["profile"]["Col"]): r["probability"] for r in d["distribution"]
    }
    assert probs[("chicken", "chicken")] == pytest.approx(0.5)
    assert d["welfare"] == pytest.approx(10.5)
    assert d["concept"] == "correlated equilibrium"


def test_bad_options_raise() -> None:
    with pytest.raises(SolverError, match="objective"):
        correlated_equilibrium(CHICKEN, "fairness")
    with pytest.raises(SolverError, match="needs a player"):
        correlated_equilibrium(CHICKEN, "max-payoff")
    with pytest.raises(SolverError, match="takes no player"):
        correlated_equilibrium(CHICKEN, "welfare", player="Row")
    with pytest.raises(SolverError, match="shape"):
        correlated_violation(CHICKEN, [1.0, 0.0])


def test_coarse_optimum_is_no_worse_with_a_payoff_difference_near_the_lp_tolerance() -> None:
    # found by the property test below: Col's payoffs differ by 1.968e-7 (6.6e-8 of the
    # payoff range) between two columns. With HiGHS's default feasibility tolerance the
    # correlated LP reached welfare 2 by breaking a constraint by 2e-7, above the coarse
    # optimum 1, impossible since every correlated equilibrium is a coarse one.
    game = NormalFormGame(np.array([[[0, 0, 1], [0, 2, 0]], [[1, 2, 0], [-1, 0, 1.968e-7]]]))
    ce = correlated_equilibrium(game)
    cce = coarse_correlated_equilibrium(game)
    assert correlated_violation(game, ce.distribution) <= 1e-9 * game.payoff_scale()
    assert correlated_violation(game, cce.distribution, coarse=True) <= 1e-9
    assert cce.welfare >= ce.welfare - 1e-9 * game.payoff_scale()
    # the correlated optimum is a coarse correlated equilibrium too
    assert correlated_violation(game, ce.distribution, coarse=True) <= 1e-9


@settings(max_examples=40, deadline=None)
@given(games(num_players=2, max_strategies=3))
def test_every_nash_equilibrium_induces_a_correlated_equilibrium(game: NormalFormGame) -> None:
    tol = 1e-8 * game.payoff_scale()
    sol = solve(game)
    dists = [induced_distribution(e.profile) for e in sol]
    for d in dists:
        assert correlated_violation(game, d) <= tol
        assert correlated_violation(game, d, coarse=True) <= tol
    # the polytope contains the convex hull of the induced distributions
    w = np.random.default_rng(len(dists)).dirichlet(np.ones(len(dists)))
    assert correlated_violation(game, sum(wk * d for wk, d in zip(w, dists, strict=True))) <= tol
    ce = correlated_equilibrium(game)
    cce = coarse_correlated_equilibrium(game)
    assert correlated_violation(game, ce.distribution) <= _tol(game)
    assert ce.welfare >= max(float(e.payoffs.sum()) for e in sol) - 1e-7 * game.payoff_scale()
    # every correlated equilibrium is a coarse one, so the coarse optimum is no worse
    assert cce.welfare >= ce.welfare - 1e-7 * game.payoff_scale()


@settings(max_examples=20, deadline=None)
@given(games(num_players=(3, 4), max_strategies=2), st.integers(0, 3))
def test_n_player_correlated_equilibria(game: NormalFormGame, who: int) -> None:
    who = who % game.num_players
    ce = correlated_equilibrium(game, "max-payoff", player=who)
    assert correlated_violation(game, ce.distribution) <= _tol(game)
    assert abs(ce.distribution.sum() - 1.0) <= 1e-9
    for e in pure_nash(game):
        d = induced_distribution(e.profile)
        assert correlated_violation(game, d) <= 1e-9 * game.payoff_scale()
        assert ce.payoffs[who] >= e.payoffs[who] - _tol(game)


def test_a_nearly_degenerate_lp_is_solved() -> None:
    """A 1x2x2 game with a payoff of -6e-8 beside 1 and 2 (found by hypothesis): HiGHS
    failed on its LP at the tightest tolerance; the answer is still a correlated
    equilibrium, at least as good for the player as every pure equilibrium."""
    payoffs = np.array(
        [
            [[[0.0, 0.0], [0.0, 0.0]]],
            [[[0.0, 0.0], [-1.0, 2.0]]],
            [[[0.0, 1.0], [0.0, -5.96046448e-08]]],
        ]
    )
    game = NormalFormGame(payoffs)
    for who in range(3):
        ce = correlated_equilibrium(game, "max-payoff", player=who)
        assert correlated_violation(game, ce.distribution) <= _tol(game)
        for e in pure_nash(game):
            assert ce.payoffs[who] >= e.payoffs[who] - _tol(game)
