"""Checks shared by every solver test: each solver's output must pass them."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from multivector import Equilibrium, NormalFormGame


def assert_equilibrium(game: NormalFormGame, eq: Equilibrium, tol: float | None = None) -> None:
    """Assert that ``eq`` is a Nash equilibrium of ``game``, checked from scratch.

    Checks that each strategy is a probability vector, that the reported payoffs and regret
    are those of the profile, that every strategy in a player's support is a best response
    (mutual best response), and, for exact results, that the exact profile has zero regret
    in exact arithmetic against the game's rational payoffs.
    """
    tol = game.default_tolerance() if tol is None else tol
    assert len(eq.profile) == game.num_players
    for x, s in zip(eq.profile, game.shape, strict=True):
        assert x.shape == (s,)
        assert np.all(x >= 0)
        assert abs(x.sum() - 1.0) <= 1e-9
    dev = game.deviation_payoffs(eq.profile)
    for i, (d, x) in enumerate(zip(dev, eq.profile, strict=True)):
        best = d.max()
        support = np.flatnonzero(x > 1e-9)
        # every pure strategy played with positive probability is a best response
        assert np.all(d[support] >= best - tol), (i, d, x)
        assert abs(float(d @ x) - eq.payoffs[i]) <= tol
    assert eq.regret <= tol
    assert abs(game.regret(eq.profile) - eq.regret) <= 1e-9 * game.payoff_scale()
    if eq.exact is not None:
        assert_exact_equilibrium(game, eq.exact)
        for x, q in zip(eq.profile, eq.exact, strict=True):
            assert np.allclose(x, [float(v) for v in q], atol=1e-12)


def assert_exact_equilibrium(
    game: NormalFormGame, exact: tuple[tuple[Fraction, ...], ...]
) -> None:
    """Zero regret in rational arithmetic (2-player games)."""
    A, B = (game.rational_payoffs()[i] for i in range(2))
    x, y = (list(v) for v in exact)
    assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
    Ay = [sum(A[i, j] * y[j] for j in range(len(y))) for i in range(len(x))]
    xB = [sum(x[i] * B[i, j] for i in range(len(x))) for j in range(len(y))]
    for i, p in enumerate(x):
        if p > 0:
            assert Ay[i] == max(Ay)
    for j, q in enumerate(y):
        if q > 0:
            assert xB[j] == max(xB)


def profile_key(eq: Equilibrium, digits: int = 7) -> tuple[tuple[float, ...], ...]:
    """A hashable, rounded form of a profile, for comparing sets of equilibria."""
    return tuple(tuple(float(v) for v in np.round(x, digits) + 0.0) for x in eq.profile)
