"""NormalFormGame: construction, validation, immutability, exact payoffs, and the
quantities computed from one profile (expected and deviation payoffs, best responses,
regret), checked on hand-computed 2- and 3-player examples and as properties."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import GameError, MultivectorError, NormalFormGame
from multivector.explore.strategies import games
from multivector.games.normal_form import MixedProfile, to_fraction
from multivector.solver.pure import pure_nash
from tests.strategies import mixed_profiles

# Prisoner's Dilemma: C = 0, D = 1 (Osborne 2004, An Introduction to Game Theory, Chapter 2).
PD_A = [[3, 0], [5, 1]]
PD_B = [[3, 5], [0, 1]]


def jordan_game() -> NormalFormGame:
    """Jordan's 3-player matching pennies (Jordan 1993, Games Econ. Behav. 5, 368-386).

    Player 1 wants to match player 2, player 2 to match player 3, player 3 to mismatch
    player 1. Its unique equilibrium has every player mixing 1/2-1/2.
    """
    u = np.zeros((3, 2, 2, 2), dtype=np.int64)
    for a1 in range(2):
        for a2 in range(2):
            for a3 in range(2):
                u[0, a1, a2, a3] = int(a1 == a2)
                u[1, a1, a2, a3] = int(a2 == a3)
                u[2, a1, a2, a3] = int(a3 != a1)
    return NormalFormGame(u)


# ---------------------------------------------------------------------- construction
class TestConstruction:
    def test_tensor_defaults(self) -> None:
        g = NormalFormGame(np.zeros((3, 2, 3, 4)))
        assert g.num_players == 3
        assert g.shape == (2, 3, 4)
        assert g.players == ("P1", "P2", "P3")
        assert g.strategies == (("s1", "s2"), ("s1", "s2", "s3"), ("s1", "s2", "s3", "s4"))
        assert g.title == ""
        assert g.payoffs.dtype == np.float64

    def test_labels_and_title(self) -> None:
        g = NormalFormGame.from_bimatrix(
            PD_A,
            PD_B,
            players=["Row", "Col"],
            strategies=[["C", "D"], ["c", "d"]],
            title="PD",
        )
        assert g.players == ("Row", "Col")
        assert g.strategies == (("C", "D"), ("c", "d"))
        assert g.title == "PD"
        assert g.strategy_index("Col", "d") == 1
        assert g.player_index("Col") == 1

    def test_strategies_as_mapping_in_player_order(self) -> None:
        g = NormalFormGame(
            np.zeros((2, 2, 2)),
            players=["a", "b"],
            strategies={"b": ["x", "y"], "a": ["u", "v"]},
        )
        assert g.strategies == (("u", "v"), ("x", "y"))

    def test_one_strategy_each_is_a_game(self) -> None:
        g = NormalFormGame([[[1]], [[2]]])
        assert g.shape == (1, 1)
        assert g.expected_payoffs(([1.0], [1.0])).tolist() == [1.0, 2.0]

    def test_labels_are_converted_to_str(self) -> None:
        g = NormalFormGame(np.zeros((2, 2, 1)), players=[1, 2], strategies=[[0, 1], [7]])  # type: ignore[list-item]
        assert g.players == ("1", "2")
        assert g.strategies == (("0", "1"), ("7",))


class TestGameErrors:
    """Every validation path raises GameError with a message naming problem and fix."""

    @pytest.mark.parametrize(
        ("payoffs", "match"),
        [
            (np.zeros((2, 2, 3, 4)), r"says 2 players, so it needs 3 axes"),
            (np.zeros((3, 2, 2)), r"says 3 players, so it needs 4 axes"),
            ([[1, 2], [3, 4]], r"needs 3 axes"),
            (np.zeros((1, 2)), r"at least 2 players.*length 1"),
            (np.zeros((0,)), r"at least 2 players"),
            (5, r"got a scalar"),
            (np.zeros((2, 0, 2)), r"player 1 has no strategies"),
            (np.zeros((2, 2, 0)), r"player 2 has no strategies"),
            (np.array([[[1.0, np.nan]], [[1.0, 2.0]]]), r"index \(0, 0, 1\) is nan.*finite"),
            (np.array([[[1.0, 2.0]], [[-np.inf, 2.0]]]), r"index \(1, 0, 0\) is -inf.*finite"),
            ([[["a", 2], [3, 4]], [[1, 2], [3, 4]]], r"'a' is not a number; write it as"),
            ([[["1/0", 2], [3, 4]], [[1, 2], [3, 4]]], r"'1/0' is not a number"),
            ([[[object(), 2.5]], [[1, 2]]], r"is not a number"),
        ],
    )
    def test_bad_payoffs(self, payoffs: object, match: str) -> None:
        with pytest.raises(GameError, match=match):
            NormalFormGame(payoffs)  # type: ignore[arg-type]

    def test_ragged_lists_raise_game_error(self) -> None:
        with pytest.raises(GameError):
            NormalFormGame([[[1, 2], [3, 4]], [[1, 2], [3]]])
        with pytest.raises(GameError):
            NormalFormGame.from_bimatrix([[1, 2], [3]])

    def test_ragged_lists_message_says_ragged(self) -> None:
        with pytest.raises(GameError, match="ragged"):
            NormalFormGame([[[1, 2], [3, 4]], [[1, 2], [3]]])

    @pytest.mark.parametrize("big", [10**400, "1e400"], ids=["int", "str"])
    def test_exact_payoff_too_large_for_float(self, big: object) -> None:
        with pytest.raises(GameError):
            NormalFormGame([[[big, 2]], [[3, 4]]])

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"players": ["a", "a"]}, r"duplicate player label 'a'.*must be unique"),
            ({"players": ["a"]}, r"1 player labels given for 2 players"),
            ({"players": ["a", ""]}, r"player labels must be non-empty"),
            (
                {"strategies": [["x", "x"], ["y", "z"]]},
                r"duplicate strategy \(player 'P1'\) label 'x'",
            ),
            ({"strategies": [["x", "y"], ["z"]]}, r"1 strategy \(player 'P2'\) labels given"),
            ({"strategies": [["x", "y"]]}, r"one list of labels per player \(2\)"),
            ({"strategies": "ab"}, r"one list of labels per player"),
            (
                {"players": ["a", "b"], "strategies": {"a": ["x", "y"]}},
                r"no labels for player\(s\) \['b'\]",
            ),
        ],
    )
    def test_bad_labels(self, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(GameError, match=match):
            NormalFormGame(np.zeros((2, 2, 2)), **kwargs)  # type: ignore[arg-type]

    def test_from_bimatrix_shapes(self) -> None:
        with pytest.raises(GameError, match=r"A must be a matrix \(2-D\)"):
            NormalFormGame.from_bimatrix([1, 2])
        with pytest.raises(GameError, match=r"A has shape \(1, 2\) but B has shape \(1, 3\)"):
            NormalFormGame.from_bimatrix([[1, 2]], [[1, 2, 3]])

    @pytest.mark.parametrize(
        ("table", "kwargs", "match"),
        [
            ({}, {}, r"table is empty"),
            ({("a", "b"): (1, 2), ("a",): (1,)}, {}, r"profile \('a',\) has 1 labels"),
            ({"ab": (1, 2)}, {}, r"profile 'ab' has 1 labels"),
            ({("a", "b"): (1, 2, 3)}, {}, r"has 3 payoffs; give one per player \(2\)"),
            (
                {("a", "b"): (1, 2), ("a", "c"): (1, 2), ("d", "b"): (1, 2)},
                {},
                r"profile \('d', 'c'\) is missing",
            ),
            ([(("a", "b"), (1, 2)), (("a", "b"), (3, 4))], {}, r"appears twice"),
            (
                {("a", "b"): (1, 2), ("a", "c"): (1, 2)},
                {"strategies": [["a"], ["b"]]},
                r"uses unknown strategy 'c'",
            ),
        ],
    )
    def test_bad_table(self, table: object, kwargs: dict[str, object], match: str) -> None:
        with pytest.raises(GameError, match=match):
            NormalFormGame.from_table(table, **kwargs)  # type: ignore[arg-type]

    def test_game_error_is_a_value_error_and_a_multivector_error(self) -> None:
        with pytest.raises(ValueError):
            NormalFormGame(np.zeros((1, 1)))
        with pytest.raises(MultivectorError):
            NormalFormGame(np.zeros((1, 1)))

    @pytest.mark.parametrize(
        ("profile", "match"),
        [
            (([1, 0],), r"one mixed strategy per player \(2\), got 1"),
            (([1, 0], [1, 0, 0]), r"P2's strategy has 3 entries; it needs 2"),
            (([1.2, -0.2], [1, 0]), r"not a probability vector"),
            (([0.5, 0.4], [1, 0]), r"not a probability vector"),
            (([np.nan, 1.0], [1, 0]), r"not a probability vector"),
        ],
    )
    def test_bad_profiles(self, profile: tuple[list[float], ...], match: str) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B)
        with pytest.raises(GameError, match=match):
            g.expected_payoffs(profile)

    def test_bad_player_and_strategy_references(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B, strategies=[["C", "D"], ["C", "D"]])
        with pytest.raises(GameError, match=r"no player named 'X'; players are"):
            g.player_index("X")
        with pytest.raises(GameError, match=r"player index 2 out of range 0..1"):
            g.player_index(2)
        with pytest.raises(GameError, match=r"out of range"):
            g.player_index(-1)
        with pytest.raises(GameError, match=r"P1 has no strategy 'Z'; its strategies are"):
            g.strategy_index(0, "Z")
        with pytest.raises(GameError, match=r"strategy index 5 out of range for P1"):
            g.strategy_index(0, 5)
        with pytest.raises(GameError, match=r"one strategy per player \(2\)"):
            g.pure_profile(["C"])
        with pytest.raises(GameError, match=r"bimatrix needs a 2-player game; this one has 3"):
            NormalFormGame(np.zeros((3, 1, 1, 1))).bimatrix()

    @pytest.mark.parametrize(
        ("value", "match"),
        [
            (True, r"is a boolean"),
            ("x", r"'x' is not a number"),
            (float("nan"), r"not finite"),
            (float("inf"), r"not finite"),
            (None, r"of type NoneType is not a number"),
        ],
    )
    def test_to_fraction_errors(self, value: object, match: str) -> None:
        with pytest.raises(GameError, match=match):
            to_fraction(value)


# ---------------------------------------------------------------------- immutability
class TestImmutability:
    def test_payoffs_read_only(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B)
        with pytest.raises(ValueError, match="read-only"):
            g.payoffs[0, 0, 0] = 99.0
        assert g.exact_payoffs is not None
        with pytest.raises(ValueError, match="read-only"):
            g.exact_payoffs[0, 0, 0] = Fraction(99)

    def test_frozen(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B)
        with pytest.raises(dataclasses.FrozenInstanceError):
            g.title = "other"  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            g.payoffs = np.zeros((2, 2, 2))  # type: ignore[misc]

    def test_input_array_is_copied(self) -> None:
        a = np.array([[[1.0, 2.0]], [[3.0, 4.0]]])
        g = NormalFormGame(a)
        a[0, 0, 0] = 100.0
        assert g.payoffs[0, 0, 0] == 1.0
        assert a.flags.writeable

    def test_equality_and_hash(self) -> None:
        g1 = NormalFormGame.from_bimatrix(PD_A, PD_B)
        g2 = NormalFormGame(np.array([PD_A, PD_B], dtype=float))
        assert g1 == g2
        assert hash(g1) == hash(g2)
        assert g1 != g1.with_labels(players=["x", "y"])
        assert g1 != NormalFormGame.from_bimatrix(PD_A, PD_A)
        assert len({g1, g2}) == 1


# ---------------------------------------------------------------------- constructors
class TestConstructors:
    def test_from_bimatrix_zero_sum_default(self) -> None:
        mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        assert np.array_equal(mp.payoffs[1], -mp.payoffs[0])
        assert mp.is_exact

    def test_from_bimatrix_zero_sum_keeps_exactness(self) -> None:
        g = NormalFormGame.from_bimatrix([[1, "1/3"], [Fraction(2, 7), 0]])
        assert g.exact_payoffs is not None
        assert g.exact_payoffs[1].tolist() == [[-1, Fraction(-1, 3)], [Fraction(-2, 7), 0]]
        floats = NormalFormGame.from_bimatrix([[0.5, -1.25]])
        assert floats.exact_payoffs is None
        assert floats.payoffs[1].tolist() == [[-0.5, 1.25]]

    @given(games(num_players=2, max_strategies=4))
    @settings(max_examples=30, deadline=None)
    def test_from_bimatrix_round_trip(self, game: NormalFormGame) -> None:
        A, B = game.bimatrix()
        assert NormalFormGame.from_bimatrix(A, B) == game
        if game.exact_payoffs is None:
            zs = NormalFormGame.from_bimatrix(A)
            assert np.array_equal(zs.payoffs[1], -A)

    def test_from_table_battle_of_the_sexes(self) -> None:
        g = NormalFormGame.from_table(
            {
                ("opera", "opera"): (2, 1),
                ("opera", "football"): (0, 0),
                ("football", "opera"): (0, 0),
                ("football", "football"): (1, 2),
            },
            players=["Ann", "Bob"],
        )
        assert g.strategies == (("opera", "football"), ("opera", "football"))
        assert g.payoffs.tolist() == [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
        assert g.is_exact

    def test_from_table_with_strategy_order_and_pairs(self) -> None:
        rows = [(("x", "b"), (1, 2)), (("y", "b"), (3, 4))]
        g = NormalFormGame.from_table(rows, strategies={"Q": ["y", "x"], "R": ["b"]})
        assert g.players == ("Q", "R")
        assert g.strategies == (("y", "x"), ("b",))
        assert g.payoffs[:, :, 0].tolist() == [[3, 1], [4, 2]]

    def test_from_table_three_players_matches_tensor(self) -> None:
        j = jordan_game()
        table = {
            tuple(j.strategies[i][a] for i, a in enumerate(p)): tuple(
                int(j.payoffs[(i, *p)]) for i in range(3)
            )
            for p in j.profiles()
        }
        assert NormalFormGame.from_table(table) == j


# ---------------------------------------------------------------------- exact payoffs
class TestExactPayoffs:
    def test_ints_fractions_strings_kept_exactly(self) -> None:
        g = NormalFormGame([[[Fraction(1, 3), "2/3"]], [["0.1", 4]]])
        assert g.is_exact
        assert g.exact_payoffs is not None
        assert g.exact_payoffs.ravel().tolist() == [
            Fraction(1, 3),
            Fraction(2, 3),
            Fraction(1, 10),
            Fraction(4),
        ]
        assert all(isinstance(v, Fraction) for v in g.exact_payoffs.ravel())
        assert g.payoffs.ravel().tolist() == [1 / 3, 2 / 3, 0.1, 4.0]

    def test_integer_arrays_are_exact(self) -> None:
        g = NormalFormGame(np.array([[[1, 2]], [[3, -4]]], dtype=np.int64))
        assert g.is_exact
        assert g.exact_payoffs is not None
        assert g.exact_payoffs.ravel().tolist() == [1, 2, 3, -4]
        assert NormalFormGame([[[np.int64(1), 2]], [[3, 4]]]).is_exact

    @pytest.mark.parametrize(
        "payoffs",
        [
            [[[1.5, 2]], [[3, 4]]],
            np.array([[[1, 2]], [[3, 4]]], dtype=np.float32),
            np.array([[[1, 2]], [[3, 4]]], dtype=np.float64),
        ],
    )
    def test_float_input_is_not_exact(self, payoffs: object) -> None:
        g = NormalFormGame(payoffs)  # type: ignore[arg-type]
        assert not g.is_exact
        assert g.exact_payoffs is None

    def test_rational_payoffs_of_exact_game_are_the_given_values(self) -> None:
        g = NormalFormGame([[[Fraction(1, 10**12), 1]], [[2, 3]]])
        assert g.rational_payoffs() is g.exact_payoffs
        # max_denominator does not round exact input
        assert g.rational_payoffs(max_denominator=10)[0, 0, 0] == Fraction(1, 10**12)

    def test_rational_payoffs_rule_for_floats(self) -> None:
        g = NormalFormGame.from_bimatrix([[0.1, 1 / 3, 2.0, -0.75, 1e12]])
        r = g.rational_payoffs()
        assert r[0].ravel().tolist() == [
            Fraction(1, 10),
            Fraction(1, 3),
            Fraction(2),
            Fraction(-3, 4),
            Fraction(10**12),
        ]
        assert r[1].ravel().tolist() == [-v for v in r[0].ravel().tolist()]
        assert all(isinstance(v, Fraction) for v in r.ravel())
        # the nearest fraction with a bounded denominator
        coarse = g.rational_payoffs(max_denominator=2)
        assert coarse[0, 0, 1] == Fraction(1, 2)

    @given(games(num_players=2, max_strategies=3))
    @settings(max_examples=30, deadline=None)
    def test_rational_payoffs_close_to_floats(self, game: NormalFormGame) -> None:
        r = game.rational_payoffs()
        assert np.allclose(r.astype(float), game.payoffs, rtol=0, atol=1e-9)

    def test_with_labels_keeps_exact_payoffs(self) -> None:
        g = NormalFormGame([[[Fraction(1, 3), 1]], [[2, 3]]])
        h = g.with_labels(players=["a", "b"], strategies=[["u"], ["v", "w"]])
        assert h.exact_payoffs is not None
        assert h.exact_payoffs[0, 0, 0] == Fraction(1, 3)
        assert h.players == ("a", "b")
        assert h.strategies == (("u",), ("v", "w"))


# ---------------------------------------------------------------------- one profile
class TestProfileQuantities:
    def test_prisoners_dilemma_by_hand(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B)
        prof = (np.array([0.5, 0.5]), np.array([0.25, 0.75]))
        # A y = [3/4, 2], x^T B = [3/2, 3]
        dev = g.deviation_payoffs(prof)
        assert dev[0].tolist() == [0.75, 2.0]
        assert dev[1].tolist() == [1.5, 3.0]
        assert g.expected_payoffs(prof).tolist() == [1.375, 2.625]
        assert g.best_responses(prof) == ((1,), (1,))
        assert g.regrets(prof).tolist() == [0.625, 0.375]
        assert g.regret(prof) == 0.625
        assert not g.is_nash(prof)
        dd = g.pure_profile([1, 1])
        assert g.regret(dd) == 0.0
        assert g.is_nash(dd)
        assert g.expected_payoffs(dd).tolist() == [1.0, 1.0]

    def test_best_responses_keep_ties(self) -> None:
        mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        half = (np.array([0.5, 0.5]), np.array([0.5, 0.5]))
        assert mp.best_responses(half) == ((0, 1), (0, 1))
        assert mp.regret(half) == 0.0
        # A tolerance wide enough makes a strictly worse strategy count as a best response.
        skew = (np.array([0.5, 0.5]), np.array([0.6, 0.4]))
        assert mp.best_responses(skew) == ((0,), (0, 1))
        assert mp.best_responses(skew, tol=0.5) == ((0, 1), (0, 1))

    def test_three_player_by_hand(self) -> None:
        j = jordan_game()
        prof = (np.array([1.0, 0.0]), np.array([0.5, 0.5]), np.array([0.25, 0.75]))
        dev = j.deviation_payoffs(prof)
        # P1 matches P2: P(a2 = k); P2 matches P3: P(a3 = k); P3 mismatches P1: P(a1 != k)
        assert [d.tolist() for d in dev] == [[0.5, 0.5], [0.25, 0.75], [0.0, 1.0]]
        assert j.expected_payoffs(prof).tolist() == [0.5, 0.5, 0.75]
        assert j.best_responses(prof) == ((0, 1), (1,), (1,))
        assert j.regrets(prof).tolist() == [0.0, 0.25, 0.25]
        assert j.regret(prof) == 0.25

    def test_three_player_known_equilibrium(self) -> None:
        # Jordan (1993): the unique equilibrium is uniform mixing by all three players.
        j = jordan_game()
        half = tuple(np.array([0.5, 0.5]) for _ in range(3))
        assert j.regret(half) == 0.0
        assert j.is_nash(half)
        assert j.expected_payoffs(half).tolist() == [0.5, 0.5, 0.5]
        assert pure_nash(j) == []

    def test_pure_profile_by_label(self) -> None:
        g = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], strategies=[["a", "b"], ["c", "d"]])
        assert [p.tolist() for p in g.pure_profile(["b", 0])] == [[0.0, 1.0], [1.0, 0.0]]

    def test_permute_strategies_moves_labels_with_payoffs(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B, strategies=[["C", "D"], ["c", "d"]])
        h = g.permute_strategies([[1, 0], [1, 0]])
        assert h.strategies == (("D", "C"), ("d", "c"))
        for a in range(2):
            for b in range(2):
                assert np.array_equal(h.payoffs[:, a, b], g.payoffs[:, 1 - a, 1 - b])

    def test_scale_and_tolerance(self) -> None:
        g = NormalFormGame.from_bimatrix(PD_A, PD_B)
        assert g.payoff_scale() == 5.0
        assert g.default_tolerance() == pytest.approx(5e-9)
        # payoff ranges below 1 use the unit scale
        assert NormalFormGame.from_bimatrix([[0.1, 0.2]]).payoff_scale() == 1.0

    def test_profiles_in_lexicographic_order(self) -> None:
        g = NormalFormGame(np.zeros((3, 2, 1, 2)))
        assert list(g.profiles()) == [(0, 0, 0), (0, 0, 1), (1, 0, 0), (1, 0, 1)]


# ---------------------------------------------------------------------- properties
@st.composite
def game_and_profile(
    draw: st.DrawFn, num_players: int | tuple[int, int] = (2, 3)
) -> tuple[NormalFormGame, MixedProfile]:
    game = draw(games(num_players=num_players, max_strategies=3))
    return game, draw(mixed_profiles(game))


@st.composite
def game_and_pure_profile(draw: st.DrawFn) -> tuple[NormalFormGame, tuple[int, ...]]:
    game = draw(games(num_players=(2, 4), max_strategies=3, integer=draw(st.booleans())))
    return game, tuple(draw(st.integers(0, s - 1)) for s in game.shape)


@given(game_and_profile())
@settings(max_examples=60, deadline=None)
def test_regret_is_nonnegative_and_consistent(case: tuple[NormalFormGame, MixedProfile]) -> None:
    game, prof = case
    regrets = game.regrets(prof)
    assert np.all(regrets >= 0)
    assert game.regret(prof) == regrets.max()
    dev = game.deviation_payoffs(prof)
    expected = game.expected_payoffs(prof)
    brs = game.best_responses(prof)
    for i, (d, x) in enumerate(zip(dev, prof, strict=True)):
        # the expected payoff is the mix of the deviation payoffs, at most the best one
        assert expected[i] == pytest.approx(float(d @ x), abs=1e-12)
        assert expected[i] <= d.max() + 1e-12
        assert regrets[i] == pytest.approx(max(0.0, d.max() - expected[i]), abs=1e-12)
        # best responses are the maximisers of the deviation payoffs
        assert int(np.argmax(d)) in brs[i]
        assert all(d[k] >= d.max() - game.default_tolerance() for k in brs[i])


@given(game_and_pure_profile())
@settings(max_examples=60, deadline=None)
def test_deviation_payoffs_against_pure_profile_are_tensor_slices(
    case: tuple[NormalFormGame, tuple[int, ...]],
) -> None:
    game, pure = case
    prof = game.pure_profile(list(pure))
    dev = game.deviation_payoffs(prof)
    for i in range(game.num_players):
        index = tuple(slice(None) if j == i else a for j, a in enumerate(pure))
        assert np.array_equal(dev[i], game.payoffs[i][index])
    assert game.expected_payoffs(prof).tolist() == [
        float(game.payoffs[(i, *pure)]) for i in range(game.num_players)
    ]


@given(games(num_players=(2, 3), max_strategies=3, integer=True, max_payoff=3))
@settings(max_examples=40, deadline=None)
def test_regret_zero_at_pure_equilibria_and_only_there(game: NormalFormGame) -> None:
    equilibria = {tuple(int(np.argmax(x)) for x in e.profile) for e in pure_nash(game)}
    for profile in game.profiles():
        regret = game.regret(game.pure_profile(list(profile)))
        assert (regret == 0.0) == (profile in equilibria)
