"""Payoff and risk dominance among pure equilibria."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame
from multivector.solver.selection import select_equilibrium
from tests.strategies import affine_maps, apply_affine

# The Stag Hunt (Harsanyi and Selten 1988, Section 3.9; Skyrms 2004): (stag, stag) is
# payoff dominant, (hare, hare) risk dominant.
STAG = NormalFormGame.from_bimatrix(
    [[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=[["stag", "hare"], ["stag", "hare"]]
)


def test_stag_hunt() -> None:
    r = select_equilibrium(STAG)
    assert [r.label(k)["P1"] for k in range(2)] == ["stag", "hare"]
    assert r.payoff_dominant == 0 and r.risk_dominant == 1
    assert r.risk_products.tolist() == [[0.0, 1.0], [9.0, 0.0]]
    assert "Harsanyi-Selten" in r.rule
    d = r.to_dict()
    assert d["payoff_dominance"] == [[0, 1]] and d["risk_dominance"] == [[1, 0]]


def test_larger_game_uses_the_stated_generalisation() -> None:
    coord = NormalFormGame.from_bimatrix(np.diag([3, 2, 1]), np.diag([3, 2, 1]))
    r = select_equilibrium(coord)
    assert len(r.equilibria) == 3
    assert r.payoff_dominant == 0 and r.risk_dominant == 0
    assert "generalised" in r.rule


def test_no_pure_equilibrium() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    r = select_equilibrium(mp)
    assert r.equilibria == () and r.payoff_dominant is None and r.risk_dominant is None
    assert r.notes


_loss = st.floats(0.01, 10.0, allow_nan=False)
_base = st.floats(-10.0, 10.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.tuples(_loss, _loss, _loss, _loss), st.tuples(_base, _base, _base, _base), affine_maps(2)
)
def test_two_by_two_matches_harsanyi_selten(losses: tuple, bases: tuple, maps: tuple) -> None:
    # a 2x2 game with strict equilibria (0, 0) and (1, 1): each player's payoff off the
    # equilibrium is the equilibrium payoff minus a positive deviation loss
    l1, l2, m1, m2 = losses
    a, b, c, d = bases
    A = [[a, d - m1], [a - l1, d]]
    B = [[b, b - l2], [c - m2, c]]
    game = NormalFormGame.from_bimatrix(A, B)
    r = select_equilibrium(game)
    assert [tuple(s[0] for s in e.supports) for e in r.equilibria] == [(0, 0), (1, 1)]
    # Harsanyi and Selten (1988, Section 3.9): compare the products of deviation losses
    first, second = l1 * l2, m1 * m2
    tol = 1e-9 * game.payoff_scale()
    if first > second + tol:
        assert r.risk_dominant == 0
    elif second > first + tol:
        assert r.risk_dominant == 1
    # invariant under positive affine maps of each player's payoffs
    r2 = select_equilibrium(apply_affine(game, maps))
    if abs(first - second) > 1e-6 * max(1.0, first, second):
        assert r2.risk_dominant == r.risk_dominant
    if abs(a - d) > 1e-6 and abs(b - c) > 1e-6:
        assert r2.payoff_dominant == r.payoff_dominant


def test_three_players() -> None:
    # unanimity game: all-0 pays 2 each, all-1 pays 1 each, anything else 0
    payoffs = np.zeros((3, 2, 2, 2))
    payoffs[:, 0, 0, 0] = 2.0
    payoffs[:, 1, 1, 1] = 1.0
    r = select_equilibrium(NormalFormGame(payoffs))
    assert r.payoff_dominant == 0
    assert r.risk_products[0, 1] == pytest.approx(8.0) and r.risk_dominant == 0
