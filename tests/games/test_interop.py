"""Habits of the neighbouring libraries: games to and from nashpy, QuantEcon and pygambit,
and the layouts they use refused by the plain constructor rather than misread."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import GameError, NormalFormGame, solve
from multivector.explore.strategies import games
from tests.validators import assert_equilibrium

# QuantEcon's documented prisoner's dilemma (QuantEcon.py, game_theory.NormalFormGame
# docstring): each cell holds (row payoff, column payoff); its only equilibrium is (D, D).
QE_PD = [[(1, 1), (-2, 3)], [(3, -2), (0, 0)]]


def _same(a: NormalFormGame, b: NormalFormGame) -> None:
    assert a == b
    assert a.title == b.title
    if a.exact_payoffs is not None:
        assert b.exact_payoffs is not None
        assert a.exact_payoffs.tolist() == b.exact_payoffs.tolist()


# ---------------------------------------------------------------------- QuantEcon
def test_quantecon_prisoners_dilemma_is_refused_with_the_fix() -> None:
    with pytest.raises(GameError, match=r"from_quantecon"):
        NormalFormGame(QE_PD)


def test_quantecon_prisoners_dilemma_read_by_from_quantecon_has_one_equilibrium() -> None:
    pd = NormalFormGame.from_quantecon(QE_PD, strategies=[["C", "D"], ["C", "D"]])
    solution = solve(pd)
    assert solution.complete and len(solution) == 1
    (eq,) = solution
    assert eq.strategy_dict(all_strategies=False) == {"P1": {"D": 1.0}, "P2": {"D": 1.0}}
    assert_equilibrium(pd, eq)
    # the same game from QuantEcon's own object, and QuantEcon's own answer
    gt = pytest.importorskip("quantecon.game_theory")
    theirs = gt.NormalFormGame(QE_PD)
    assert NormalFormGame.from_quantecon(theirs, strategies=[["C", "D"]] * 2) == pd
    assert gt.pure_nash_brute(theirs) == [(1, 1)]


@pytest.mark.parametrize(
    "shape",
    [(3, 2, 2), (2, 3, 4, 3), (4, 5, 2)],
    ids=["3x2 game", "2x3x4 game", "4x5 game"],
)
def test_shapes_that_fit_only_quantecon_name_from_quantecon(shape: tuple[int, ...]) -> None:
    with pytest.raises(GameError, match=r"QuantEcon.*from_quantecon"):
        NormalFormGame(np.zeros(shape))


def test_a_shape_that_fits_both_conventions_is_read_player_first() -> None:
    # (2, 3, 2) is a 3x2 game player first, or a 2x3 game player last: read player first
    g = NormalFormGame(np.arange(12).reshape(2, 3, 2))
    assert g.shape == (3, 2)


def test_a_symmetric_quantecon_matrix_is_a_symmetric_game() -> None:
    # QuantEcon reads a square matrix M as the symmetric game u_i(own, other) = M[own, other]
    hawk_dove = NormalFormGame.from_quantecon([[1, 0], [2, -1]])
    assert hawk_dove.payoffs[0].tolist() == [[1, 0], [2, -1]]
    assert hawk_dove.payoffs[1].tolist() == [[1, 2], [0, -1]]


def test_from_quantecon_refuses_other_shapes() -> None:
    with pytest.raises(GameError, match=r"\(s_1, \.\.\., s_n, n\)"):
        NormalFormGame.from_quantecon(np.zeros((2, 3, 4)))


# ---------------------------------------------------------------------- nashpy
def test_nashpy_habit_two_matrices_names_from_bimatrix() -> None:
    A, B = [[3, 0], [5, 1]], [[3, 5], [0, 1]]
    with pytest.raises(GameError, match=r"from_bimatrix\(A, B\)"):
        NormalFormGame(A, B)  # type: ignore[arg-type]
    with pytest.raises(GameError, match=r"from_bimatrix"):
        NormalFormGame(np.array(A))


def test_from_nashpy_keeps_integers_exact_and_agrees_with_nashpy() -> None:
    nashpy = pytest.importorskip("nashpy")
    theirs = nashpy.Game([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    ours = NormalFormGame.from_nashpy(theirs, players=["Ann", "Bob"])
    assert ours.exact_payoffs is not None and ours.players == ("Ann", "Bob")
    # the same three equilibria of the Battle of the Sexes by both (nashpy's own method)
    found = sorted(
        (tuple(np.round(x, 9)), tuple(np.round(y, 9))) for x, y in theirs.support_enumeration()
    )
    ours_found = sorted(
        (tuple(np.round(e.profile[0], 9)), tuple(np.round(e.profile[1], 9))) for e in solve(ours)
    )
    assert found == ours_found


def test_to_nashpy_needs_two_players() -> None:
    with pytest.raises(GameError, match="2-player"):
        NormalFormGame(np.zeros((3, 2, 2, 2))).to_nashpy()


# ---------------------------------------------------------------------- round trips
@settings(max_examples=40, deadline=None)
@given(game=games(num_players=2, max_strategies=4), integer=st.booleans())
def test_nashpy_round_trip_is_the_identity(game: NormalFormGame, integer: bool) -> None:
    pytest.importorskip("nashpy")
    if integer:
        game = NormalFormGame(np.round(game.payoffs).astype(int))
    back = NormalFormGame.from_nashpy(game.to_nashpy())
    _same(game, back)
    labelled = game.with_labels(
        ["Row", "Col"],
        [[f"r{k}" for k in range(game.shape[0])], [f"c{k}" for k in range(game.shape[1])]],
    )
    back = NormalFormGame.from_nashpy(
        labelled.to_nashpy(), players=labelled.players, strategies=labelled.strategies
    )
    assert back == labelled


@settings(max_examples=40, deadline=None)
@given(game=games(num_players=(2, 3), max_strategies=3))
def test_quantecon_round_trip_is_the_identity(game: NormalFormGame) -> None:
    pytest.importorskip("quantecon")
    theirs = game.to_quantecon()
    # QuantEcon's own view of the game: its player i payoff array, own action first
    assert theirs.nums_actions == game.shape
    profile = tuple(s - 1 for s in game.shape)
    assert theirs.payoff_profile_array[profile].tolist() == pytest.approx(
        [game.payoffs[(i, *profile)] for i in range(game.num_players)]
    )
    back = NormalFormGame.from_quantecon(theirs, game.players, game.strategies)
    _same(game, back)


@settings(max_examples=30, deadline=None)
@given(game=games(num_players=(2, 3), max_strategies=3), exact=st.booleans())
def test_pygambit_round_trip_keeps_payoffs_labels_and_title(
    game: NormalFormGame, exact: bool
) -> None:
    pytest.importorskip("pygambit")
    if exact:
        rng = np.random.default_rng(int(abs(game.payoffs).sum() * 1000) % 2**32)
        values = [
            Fraction(int(a), int(b))
            for a, b in zip(
                rng.integers(-9, 10, game.payoffs.size),
                rng.integers(1, 8, game.payoffs.size),
                strict=True,
            )
        ]
        game = NormalFormGame(np.array(values, dtype=object).reshape(game.payoffs.shape))
    game = game.with_labels(
        [f"player {i}" for i in range(game.num_players)],
        [[f"s{i}.{k}" for k in range(s)] for i, s in enumerate(game.shape)],
    )
    game = NormalFormGame(
        game.exact_payoffs if game.exact_payoffs is not None else game.payoffs,
        game.players,
        game.strategies,
        title="a game",
    )
    theirs = game.to_pygambit()
    assert theirs.title == "a game"
    assert [p.label for p in theirs.players] == list(game.players)
    back = NormalFormGame.from_pygambit(theirs)
    _same(game, back)
    assert back.exact_payoffs is not None  # Gambit's payoffs are exact


def test_from_pygambit_reads_gambit_defaults_and_exact_payoffs() -> None:
    gbt = pytest.importorskip("pygambit")
    theirs = gbt.Game.from_arrays(
        np.array([[Fraction(1, 3), 2]], dtype=object), np.array([["0.1", 0]], dtype=object)
    )
    ours = NormalFormGame.from_pygambit(theirs)
    assert ours.strategies == (("1",), ("1", "2"))  # Gambit's own default labels
    assert ours.exact_payoffs is not None
    assert ours.exact_payoffs[0, 0, 0] == Fraction(1, 3)
    assert ours.exact_payoffs[1, 0, 0] == Fraction(1, 10)


def test_from_pygambit_and_from_nashpy_refuse_other_objects() -> None:
    with pytest.raises(GameError, match="not a pygambit game"):
        NormalFormGame.from_pygambit(object())
    with pytest.raises(GameError, match="from_bimatrix"):
        NormalFormGame.from_nashpy(object())
