"""Logit quantal response equilibrium: the branch, its limit, the lambda fit."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, SolverError, solve
from multivector.explore.strategies import games
from multivector.solver.qre import fit_lambda, logit_branch, logit_qre
from tests.peers import peer_gambit_logit, run_limited
from tests.validators import assert_equilibrium, profile_key

# Asymmetric matching pennies (Ochs 1995; analysed with QRE by McKelvey and Palfrey 1995,
# Section 4): the Nash equilibrium has the row player mixing 1/2 and the column player
# playing Left with probability 1/10; along the QRE branch the row player over-plays Up
# (its own-payoff effect) and the column player's Left probability falls from 1/2 to 1/10.
OCHS = NormalFormGame.from_bimatrix(
    [[9, 0], [0, 1]], [[0, 1], [1, 0]], strategies=[["Up", "Down"], ["Left", "Right"]]
)


def _logit_residual(game: NormalFormGame, lam: float, profile: tuple[np.ndarray, ...]) -> float:
    """Distance of a profile from the logit response to itself, computed from scratch."""
    worst = 0.0
    for d, x in zip(game.deviation_payoffs(profile), profile, strict=True):
        z = np.exp(lam * (d - d.max()))
        worst = max(worst, float(np.abs(z / z.sum() - x).max()))
    return worst


def test_ochs_game_branch_and_limit() -> None:
    b = logit_branch(OCHS)
    assert b.profiles[0][0].tolist() == [0.5, 0.5]
    assert np.all(b.profiles[0][:, 0] >= 0.5 - 1e-12)
    assert np.all((b.profiles[1][:, 0] >= 0.1 - 1e-9) & (b.profiles[1][:, 0] <= 0.5 + 1e-12))
    assert b.limit is not None
    assert_equilibrium(OCHS, b.limit)
    assert np.allclose(b.limit.profile[1], [0.1, 0.9], atol=1e-12)
    for k in range(0, len(b), 5):
        assert _logit_residual(OCHS, float(b.lambdas[k]), b.point(k)) <= 1e-8


# The prisoner's dilemma: defecting is strictly dominant, so along the branch the
# log-probability of cooperating falls like -lambda * (its loss), without bound.
PD = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])


@pytest.mark.parametrize("factor", [1e-6, 1e9])
@pytest.mark.parametrize("game", [OCHS, PD], ids=["ochs", "pd"])
def test_branch_does_not_depend_on_the_payoffs_unit(game: NormalFormGame, factor: float) -> None:
    # lambda * payoff is what the logit QRE depends on: payoffs in another unit give the
    # same branch with lambda divided by the factor, and the trace reaches the same limit
    # within the same step budget (traced in the game's own unit, payoffs near 1e9 ran out
    # of steps long before lambda_max once a probability fell towards 0)
    scaled = NormalFormGame(game.payoffs * factor, strategies=game.strategies)
    b = logit_branch(scaled, lambda_max=1e6 / factor, max_steps=500)
    assert not b.notes
    assert b.limit is not None
    assert b.lambdas[-1] >= 1e6 / factor
    reference = logit_branch(game, lambda_max=1e6, max_steps=500).limit
    assert reference is not None
    pairs = zip(b.limit.profile, reference.profile, strict=True)
    assert all(np.allclose(x, y, atol=1e-9) for x, y in pairs)
    for lam in (0.5, 2.0):
        ours = logit_qre(scaled, lam / factor, branch=b)
        assert all(np.allclose(x, y) for x, y in zip(ours, logit_qre(game, lam), strict=True))


def test_logit_qre_matches_pygambit() -> None:
    pytest.importorskip("pygambit")
    lambdas = [0.5, 1.0, 2.0, 5.0]
    refs = run_limited(peer_gambit_logit, [[9, 0], [0, 1]], [[0, 1], [1, 0]], lambdas)
    for lam, expected in zip(lambdas, refs, strict=True):
        ours = logit_qre(OCHS, lam)
        assert np.allclose([x.tolist() for x in ours], expected, atol=1e-8)


def test_fit_recovers_lambda() -> None:
    for lam in (0.3, 2.0, 7.5):
        x = logit_qre(OCHS, lam)
        counts = {"P1": {"Up": 500 * x[0][0], "Down": 500 * x[0][1]}, "P2": list(500 * x[1])}
        fit = fit_lambda(OCHS, counts)
        assert fit.lam == pytest.approx(lam, rel=1e-5)
        assert fit.to_dict()["lambda"] == pytest.approx(lam, rel=1e-5)


def test_fit_at_nash_play_hits_the_end_of_the_branch() -> None:
    fit = fit_lambda(OCHS, [[50, 50], [10, 90]], lambda_max=100.0)
    assert fit.notes and "end of the traced branch" in fit.notes[0]


def test_bad_input() -> None:
    with pytest.raises(SolverError, match="lambda_max"):
        logit_branch(OCHS, lambda_max=0)
    with pytest.raises(SolverError, match="nonnegative"):
        fit_lambda(OCHS, [[1, -1], [1, 1]])
    with pytest.raises(SolverError, match="every count is zero"):
        fit_lambda(OCHS, [[0, 0], [0, 0]])


def test_to_dict_keeps_first_and_last_point() -> None:
    d = logit_branch(OCHS).to_dict(max_points=5)
    assert len(d["points"]) == 5
    assert d["points"][0]["lambda"] == 0.0
    assert d["limit"]["strategies"]["P2"]["Left"] == pytest.approx(0.1)


@settings(max_examples=15, deadline=None)
@given(games(num_players=2, max_strategies=3, degenerate=False))
def test_branch_converges_to_a_nash_equilibrium(game: NormalFormGame) -> None:
    b = logit_branch(game)
    assert b.limit is not None, b.notes
    assert_equilibrium(game, b.limit)
    assert profile_key(b.limit) in {profile_key(e) for e in solve(game)}
    # the traced end is close to the limit already
    assert b.end_regret <= 1e-4 * game.payoff_scale()


def test_three_player_branch() -> None:
    for seed in range(3):
        g = NormalFormGame(np.random.default_rng(seed).uniform(-1, 1, (3, 2, 3, 2)))
        b = logit_branch(g)
        assert b.limit is not None
        assert_equilibrium(g, b.limit)
        k = len(b) // 2
        assert _logit_residual(g, float(b.lambdas[k]), b.point(k)) <= 1e-8


def test_branch_on_payoffs_twelve_orders_apart_warns_nothing() -> None:
    # a corrector's trial point can overflow exp at such a scale; it is rejected, and
    # numpy's warnings must not reach the user (a fuzz finding)
    g = NormalFormGame.from_bimatrix([[-2, -8], [-9, 1e12]], [[-1, -1.75], [-8, 2]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = logit_branch(g, lambda_max=5)
    assert b.limit is not None
    assert [x.tolist() for x in b.limit.profile] == [[0.0, 1.0], [0.0, 1.0]]


def test_payoffs_over_nineteen_orders_trace_without_warnings_or_nan() -> None:
    # payoffs from 1e-7 to 1e12: far along the branch the corrector's trial points
    # overflow exp; such points are rejected, never accepted with an infinite Jacobian
    A = [[-4.55742, -1, -1, -8], [4, 1, 7, 0.1], [-9, 1e12, -4, 3], [0.1, 1e-7, -2.5, 7]]
    B = [[2, 4.2042, 3, 1e-7], [-6, 8, 4.4555, 0.1], [-4, -2.5, -3e9, 2 / 3], [-4, 3, -0.85066, 7]]
    game = NormalFormGame.from_bimatrix(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        branch = logit_branch(game, lambda_max=5)
    for p in branch.profiles:
        assert np.all(np.isfinite(p)) and np.allclose(p.sum(axis=1), 1.0)
    # where the branch ends short of lambda_max, a note says so
    ended = any("could not continue" in n or "max_steps" in n for n in branch.notes)
    assert branch.lambdas[-1] >= 5 or ended
