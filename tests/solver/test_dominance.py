"""Iterated elimination of dominated strategies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, solve
from multivector.explore.strategies import games
from multivector.solver.dominance import dominating_mixture, iterated_elimination
from multivector.solver.pure import pure_nash
from tests.validators import assert_equilibrium


def test_gibbons_figure_1_1_1() -> None:
    # Gibbons (1992, A Primer in Game Theory, Figure 1.1.1): (Up, Middle) survives after
    # Right, Down and Left are removed in that order.
    g = NormalFormGame.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )
    r = iterated_elimination(g)
    assert r.game.strategies == (("Up",), ("Middle",))
    assert [(e.round, e.strategy) for e in r.eliminations] == [
        (1, "Right"),
        (2, "Down"),
        (3, "Left"),
    ]
    assert r.survivors == ((0,), (1,))
    assert r.rounds == 3
    assert all(not e.weak for e in r.eliminations)


def test_mixed_dominator_needed() -> None:
    # Bottom is a best response to no belief, yet no pure strategy dominates it; the
    # half-half mixture of Top and Middle does (Pearce 1984, Lemma 3).
    g = NormalFormGame.from_bimatrix(
        [[3, 0], [0, 3], [1, 1]],
        [[1, 1], [1, 1], [1, 1]],
        strategies=[["Top", "Middle", "Bottom"], ["L", "R"]],
    )
    pure_only = iterated_elimination(g, mixed=False)
    assert pure_only.game.strategies[0] == ("Top", "Middle", "Bottom")
    r = iterated_elimination(g)
    assert r.game.strategies[0] == ("Top", "Middle")
    (e,) = r.eliminations
    assert e.strategy == "Bottom"
    assert e.dominator == pytest.approx({"Top": 0.5, "Middle": 0.5})
    assert e.margin == pytest.approx(0.5)


def test_weak_elimination_records_order_and_can_remove_equilibrium_strategies() -> None:
    # (B, R) is a Nash equilibrium in weakly dominated strategies.
    g = NormalFormGame.from_bimatrix(
        [[1, 0], [0, 0]], [[1, 0], [0, 0]], strategies=[["T", "B"], ["L", "R"]]
    )
    assert iterated_elimination(g).game.shape == (2, 2)
    r = iterated_elimination(g, weak=True)
    assert r.game.strategies == (("T",), ("L",))
    assert all(e.weak for e in r.eliminations)
    assert r.notes and "order" in r.notes[0]
    seq = iterated_elimination(g, weak=True, simultaneous=False)
    assert [e.round for e in seq.eliminations] == [1, 2]
    assert seq.to_dict()["eliminations"][0]["kind"] == "weak"


def test_dominating_mixture_matrix_form() -> None:
    M = np.array([[2.0, 2.0], [1.0, 1.0]])
    x, margin = dominating_mixture(M, 1)
    assert x.tolist() == [1.0, 0.0] and margin == 1.0
    assert dominating_mixture(M, 0) is None


def test_reduced_game_keeps_exact_payoffs() -> None:
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    r = iterated_elimination(pd)
    assert r.game.is_exact and r.game.payoffs.tolist() == [[[1.0]], [[1.0]]]


@settings(max_examples=40, deadline=None)
@given(games(num_players=2, max_strategies=4, integer=True, max_payoff=5))
def test_strict_elimination_never_removes_an_equilibrium_strategy(game: NormalFormGame) -> None:
    r = iterated_elimination(game)
    sol = solve(game)
    for e in sol:
        for i, support in enumerate(e.supports):
            assert set(support) <= set(r.survivors[i])
    # the reduced game has the same equilibria, restricted to the survivors
    reduced = solve(r.game)
    assert len(reduced) == len(sol)
    for e in sol:
        restricted = tuple(x[list(s)] for x, s in zip(e.profile, r.survivors, strict=True))
        assert r.game.is_nash(restricted)
    for e in reduced:
        assert_equilibrium(r.game, e)


@settings(max_examples=25, deadline=None)
@given(games(num_players=3, max_strategies=3, integer=True, max_payoff=4))
def test_n_player_elimination_keeps_pure_equilibria(game: NormalFormGame) -> None:
    r = iterated_elimination(game)
    for e in pure_nash(game):
        for i, support in enumerate(e.supports):
            assert set(support) <= set(r.survivors[i])
    # each record's dominator really dominates in the game of its round
    assert len(pure_nash(r.game)) == len(pure_nash(game))


@pytest.mark.parametrize("weak", [False, True])
@pytest.mark.parametrize("seed", range(20))
def test_the_pure_dominators_of_all_rows_at_once_are_those_of_each_row(
    weak: bool, seed: int
) -> None:
    # iterated_elimination finds every row's pure dominator in one vectorised pass (a
    # player with 20,000 strategies took 20 s row by row); it must pick what
    # dominating_mixture picks for each row alone, small blocks included
    from multivector.solver.dominance import _pure_dominators

    rng = np.random.default_rng(seed)
    s, c = int(rng.integers(2, 12)), int(rng.integers(1, 6))
    M = rng.integers(0, 4, size=(s, c)).astype(float)  # ties and weak dominance abound
    for block in (1, 7, 10_000):
        rows, margins = _pure_dominators(M, weak=weak, tol=1e-9, block=block)
        for t in range(s):
            alone = dominating_mixture(M, t, mixed=False, weak=weak, tol=1e-9)
            if alone is None:
                assert rows[t] == -1
            else:
                assert rows[t] == int(np.flatnonzero(alone[0])[0])
                assert margins[t] == pytest.approx(alone[1])
