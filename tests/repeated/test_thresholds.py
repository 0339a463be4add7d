"""Repeated games: the game type, minmax, feasible/IR sets and critical discount factors.

Known answers: the prisoner's dilemma with T=5, R=3, P=1, S=0 (Axelrod 1984's payoffs).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.errors import GameError, SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import RepeatedGame
from multivector.solver.repeated import (
    critical_discount_factor,
    feasible_set,
    grim_trigger_threshold,
    individually_rational_set,
    minmax_punishment_threshold,
    minmax_values,
    mixed_minmax,
    pure_minmax,
    sustainable_profiles,
)


def prisoners_dilemma(t: int = 5, r: int = 3, p: int = 1, s: int = 0) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(
        [[r, s], [t, p]], [[r, t], [s, p]], strategies=[["C", "D"], ["C", "D"]]
    )


PD = prisoners_dilemma()


# ---------------------------------------------------------------- RepeatedGame
def test_repeated_game_is_validated_and_frozen() -> None:
    g = RepeatedGame(PD, discount="9/10")
    assert g.discount == Fraction(9, 10) and not g.is_finite
    assert RepeatedGame(PD, 0.9).discount == 0.9
    assert RepeatedGame(PD, horizon=3).is_finite
    with pytest.raises(AttributeError):
        g.discount = 0.5  # type: ignore[misc]
    for bad in (1, 1.0, -0.1, float("nan"), "x", True):
        with pytest.raises(GameError):
            RepeatedGame(PD, bad)
    with pytest.raises(GameError, match=r"discount=.*horizon"):
        RepeatedGame(PD)
    with pytest.raises(GameError, match="horizon"):
        RepeatedGame(PD, horizon=0)
    with pytest.raises(GameError, match="NormalFormGame"):
        RepeatedGame([[1]], 0.5)  # type: ignore[arg-type]


# ---------------------------------------------------------------- thresholds
def test_pd_grim_trigger_threshold_is_exactly_one_half() -> None:
    # (T - R) / (T - P) = 2/4 (Friedman 1971; Mailath and Samuelson 2006, Section 2.5.2)
    th = grim_trigger_threshold(PD, ("C", "C"))
    assert th.value == Fraction(1, 2) and isinstance(th.value, Fraction)
    assert th.per_player == {"P1": Fraction(1, 2), "P2": Fraction(1, 2)}
    assert th.reversion == ("D", "D")
    assert th.sustained_at("1/2") and not th.sustained_at(0.49)


@pytest.mark.parametrize(("t", "r", "p", "s"), [(5, 3, 1, 0), (4, 3, 1, 0), (7, 4, 2, 1)])
def test_pd_grim_threshold_formula(t: int, r: int, p: int, s: int) -> None:
    g = prisoners_dilemma(t, r, p, s)
    assert critical_discount_factor(g, ("C", "C")).value == Fraction(t - r, t - p)


def test_minmax_punishment_thresholds_pd() -> None:
    # permanent minmax = grim in the PD (minmax = P); one period of punishment never
    # deters (needs delta >= (T-R)/(R-P) = 1); two periods need delta + delta^2 >= 1,
    # the golden-ratio conjugate (Mailath and Samuelson 2006, Section 2.6 on finite
    # punishments: delta + ... + delta^k >= (T-R)/(R-P))
    assert minmax_punishment_threshold(PD, ("C", "C")).value == Fraction(1, 2)
    assert minmax_punishment_threshold(PD, ("C", "C"), periods=1).value is None
    two = minmax_punishment_threshold(PD, ("C", "C"), periods=2).value
    assert two == pytest.approx((5**0.5 - 1) / 2, abs=1e-12)
    # longer punishments are never less deterring
    vals = [minmax_punishment_threshold(PD, ("C", "C"), periods=k).value for k in (2, 3, 5)]
    assert all(float(a) >= float(b) for a, b in itertools.pairwise(vals))  # type: ignore[arg-type]
    with pytest.raises(SolverError):
        minmax_punishment_threshold(PD, ("C", "C"), periods=0)


def test_sustainable_profiles_at_a_discount() -> None:
    assert [t.target for t in sustainable_profiles(PD, "1/2")] == [("C", "C"), ("D", "D")]
    assert [t.target for t in sustainable_profiles(PD, "49/100")] == [("D", "D")]
    # a stage Nash equilibrium is sustained at every discount factor
    assert grim_trigger_threshold(PD, ("D", "D")).value == 0


def test_threshold_errors() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    with pytest.raises(SolverError, match="no pure Nash"):
        grim_trigger_threshold(mp, (0, 0))
    with pytest.raises(SolverError, match="not a pure Nash"):
        grim_trigger_threshold(PD, ("C", "C"), reversion=("C", "D"))
    with pytest.raises(SolverError, match="one strategy per player"):
        grim_trigger_threshold(PD, ("C",))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_threshold_is_where_deviation_stops_paying(values: list[int]) -> None:
    """At the threshold no player gains by deviating once and being reverted to Nash
    forever; just below it some player does."""
    g = NormalFormGame(np.array(values).reshape(2, 2, 2))
    u = g.exact_payoffs
    assert u is not None
    for a in itertools.product(range(2), range(2)):
        try:
            th = grim_trigger_threshold(g, a)
        except SolverError:
            return
        if th.value is None:
            continue
        e = [g.strategy_index(i, s) for i, s in enumerate(th.reversion or ())]

        def gains(d: Fraction, a: tuple[int, ...] = a, e: list[int] = e) -> list[Fraction]:
            out = []
            for i in range(2):
                b = list(a)
                b[i] = 1 - a[i]
                out.append((1 - d) * u[(i, *b)] + d * u[(i, *e)] - u[(i, *a)])
            return out

        assert max(gains(Fraction(th.value))) <= 0
        if th.upper is not None:
            assert max(gains(Fraction(th.upper))) <= 0
        if th.value > 0:
            assert max(gains(Fraction(th.value) - Fraction(1, 10**6))) > 0


# ---------------------------------------------------------------- minmax
def test_minmax_pd_and_matching_pennies() -> None:
    assert [m.value for m in minmax_values(PD)] == [1, 1]
    assert pure_minmax(PD, "P1").best_response == "D"
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    # pure punishment leaves 1, mixing (1/2, 1/2) holds it to the value 0 (von Neumann)
    assert pure_minmax(mp, 0).value == 1
    m = mixed_minmax(mp, 0)
    assert m.kind == "mixed" and m.value == pytest.approx(0, abs=1e-9)
    np.testing.assert_allclose(m.punishment[0], [0.5, 0.5], atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_three_player_mixed_minmax_brackets_independent_punishment(seed: int) -> None:
    rng = np.random.default_rng(seed)
    g = NormalFormGame(rng.integers(-4, 5, (3, 2, 2, 2)))
    m = mixed_minmax(g, 0)
    assert m.kind == "mixed-bounds" and m.lower <= m.upper + 1e-9
    assert m.upper == float(pure_minmax(g, 0).value)
    # every independent mixed punishment leaves the player at least the lower bound
    for _ in range(20):
        q2, q3 = rng.dirichlet([1, 1]), rng.dirichlet([1, 1])
        best = max(float(np.einsum("jk,j,k->", g.payoffs[0][a], q2, q3)) for a in range(2))
        assert best >= m.lower - 1e-9


# ---------------------------------------------------------------- feasible / IR
def test_pd_feasible_and_individually_rational_sets() -> None:
    f = feasible_set(PD)
    assert f.dimension == 2
    assert sorted(map(tuple, f.vertices.tolist())) == [(0, 5), (1, 1), (3, 3), (5, 0)]
    ir = individually_rational_set(PD)
    got = sorted(map(tuple, ir.vertices.round(9).tolist()))
    # edge (0,5)-(3,3) meets u1 = 1 at u2 = 5 - 2/3
    assert got == [(1, 1), (1, round(13 / 3, 9)), (3, 3), (round(13 / 3, 9), 1)]
    assert ir.contains((3, 3)) and ir.contains((2, 2)) and not ir.contains((0.5, 4))


def test_degenerate_hulls() -> None:
    # all payoff profiles on a line, and a constant game
    line = NormalFormGame.from_bimatrix([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    f = feasible_set(line)
    assert f.dimension == 1
    assert sorted(map(tuple, f.vertices.tolist())) == [(0, 0), (3, 3)]
    ir = individually_rational_set(line)
    # pure minmax of each player is 2: segment from (2,2) to (3,3)
    assert sorted(map(tuple, ir.vertices.round(9).tolist())) == [(2, 2), (3, 3)]
    const = NormalFormGame.from_bimatrix([[1, 1]], [[2, 2]])
    assert feasible_set(const).dimension == 0
    assert individually_rational_set(const).vertices.tolist() == [[1, 2]]


def test_three_player_sets() -> None:
    rng = np.random.default_rng(3)
    g = NormalFormGame(rng.integers(0, 9, (3, 2, 2, 2)))
    f = feasible_set(g)
    points = g.payoffs.reshape(3, -1).T
    assert all(f.contains(p) for p in points)
    ir = individually_rational_set(g)
    bounds = ir.bounds
    assert bounds is not None and len(ir.vertices)
    assert np.all(ir.vertices >= bounds - 1e-9)
    assert all(f.contains(v) for v in ir.vertices)
