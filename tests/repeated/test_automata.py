"""Strategy automata: exact one-shot-deviation checks, simulation, tournaments.

Known answers (prisoner's dilemma T=5, R=3, P=1, S=0 unless said):
- grim trigger is subgame perfect iff delta >= (T-R)/(T-P) = 1/2 (Friedman 1971);
- tit-for-tat is a Nash equilibrium iff delta >= max((T-R)/(T-P), (T-R)/(R-S)) = 2/3
  (Axelrod 1984, Proposition 2: the alternating deviation D, C, D, ... needs
  delta >= (T-R)/(R-S));
- tit-for-tat is subgame perfect only if delta = (T-R)/(R-S) = (P-S)/(T-P), so never for
  these payoffs, and exactly at delta = 1/3 for T=4, R=3, P=1, S=0 (Mailath and Samuelson
  2006, Section 2.4.3);
- win-stay-lose-shift is subgame perfect iff delta >= (T-R)/(R-P) (one-shot deviation
  from mutual cooperation: T, P, R, ... against R, R, ...; Nowak and Sigmund 1993 for the
  strategy): never for T=5, R=3, P=1 and for delta >= 1/2 when T=4.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.repeated import (
    check_nash,
    check_subgame_perfect,
    from_table,
    generous_tit_for_tat,
    grim_trigger,
    k_period_punishment,
    minmax_punishment_threshold,
    simulate,
    tit_for_tat,
    tournament,
    win_stay_lose_shift,
)
from tests.repeated.test_thresholds import PD, prisoners_dilemma


def _grim(g: NormalFormGame) -> list:
    return [grim_trigger(g, i, ("C", "C"), ("D", "D")) for i in (0, 1)]


def _tft(g: NormalFormGame) -> list:
    return [tit_for_tat(g, i, "C", "D") for i in (0, 1)]


def test_grim_trigger_spe_exactly_from_one_half() -> None:
    assert check_subgame_perfect(PD, _grim(PD), 0.6).is_equilibrium
    bad = check_subgame_perfect(PD, _grim(PD), 0.4)
    assert not bad.is_equilibrium
    assert {v["state"] for v in bad.violations} == {("cooperate", "cooperate")}
    assert check_subgame_perfect(PD, _grim(PD), "1/2").is_equilibrium
    assert not check_subgame_perfect(
        PD, _grim(PD), Fraction(1, 2) - Fraction(1, 10**9)
    ).is_equilibrium
    # values: cooperation pays R on the path, P after a deviation
    res = check_subgame_perfect(PD, _grim(PD), "3/5")
    assert res.values[("cooperate", "cooperate")] == (3.0, 3.0)
    assert res.values[("punish", "punish")] == (1.0, 1.0)


@pytest.mark.parametrize("delta", ["1/10", "1/4", "1/3", "1/2", "2/3", "3/4", "9/10", "99/100"])
def test_tit_for_tat_is_never_subgame_perfect_in_the_pd(delta: str) -> None:
    res = check_subgame_perfect(PD, _tft(PD), delta)
    assert not res.is_equilibrium
    # but it is a Nash equilibrium from (T-R)/(R-S) = 2/3 on (Axelrod 1984, Prop. 2)
    assert check_nash(PD, _tft(PD), delta).is_equilibrium == (Fraction(delta) >= Fraction(2, 3))


def test_tit_for_tat_subgame_perfect_exactly_on_the_knife_edge() -> None:
    g = prisoners_dilemma(4, 3, 1, 0)  # (T-R)/(R-S) = (P-S)/(T-P) = 1/3
    assert check_subgame_perfect(g, _tft(g), "1/3").is_equilibrium
    for d in ("33/100", "34/100", "1/2"):
        assert not check_subgame_perfect(g, _tft(g), d).is_equilibrium


def test_win_stay_lose_shift() -> None:
    w = [win_stay_lose_shift(PD, i) for i in (0, 1)]
    assert not any(check_subgame_perfect(PD, w, d).is_equilibrium for d in ("1/2", "9/10"))
    g = prisoners_dilemma(4, 3, 1, 0)
    w = [win_stay_lose_shift(g, i) for i in (0, 1)]
    assert check_subgame_perfect(g, w, "1/2").is_equilibrium
    assert not check_subgame_perfect(g, w, "49/100").is_equilibrium


def test_k_period_punishment_agrees_with_threshold() -> None:
    th = minmax_punishment_threshold(PD, ("C", "C"), periods=2).value
    assert th is not None
    kp = [k_period_punishment(PD, i, ("C", "C"), ("D", "D"), 2) for i in (0, 1)]
    assert check_subgame_perfect(PD, kp, float(th) + 1e-6).is_equilibrium
    assert not check_subgame_perfect(PD, kp, float(th) - 1e-6).is_equilibrium
    one = [k_period_punishment(PD, i, ("C", "C"), ("D", "D"), 1) for i in (0, 1)]
    assert not check_subgame_perfect(PD, one, 0.99).is_equilibrium


def test_table_automaton_equals_builtin_and_all_states_option() -> None:
    table = [
        from_table(PD, i, {"c": "C", "d": "D"}, {("c", ("C", "C")): "c", ("c", "*"): "d"})
        for i in (0, 1)
    ]
    np.testing.assert_array_equal(table[0].transitions, _grim(PD)[0].transitions)
    for d in ("2/5", "3/5"):
        assert (
            check_subgame_perfect(PD, table, d).is_equilibrium
            == check_subgame_perfect(PD, _grim(PD), d).is_equilibrium
        )
    # grim trigger: (cooperate, punish) is unreachable; there a cooperating player is
    # exploited, so the stronger all-states check fails while subgame perfection holds
    assert check_subgame_perfect(PD, _grim(PD), "3/5", states="reachable").states_checked == 2
    assert not check_subgame_perfect(PD, _grim(PD), "3/5", states="all").is_equilibrium
    with pytest.raises(SolverError, match="not one of"):
        from_table(PD, 0, {"c": "C"}, {("c", "*"): "x"})
    with pytest.raises(SolverError, match="one automaton per player"):
        check_subgame_perfect(PD, _grim(PD)[::-1], 0.6)


def test_simulation_noise_and_seed() -> None:
    clean = simulate(PD, _tft(PD), 50)
    assert clean.average.tolist() == [3.0, 3.0]
    a = simulate(PD, _tft(PD), 300, noise=0.05, seed=7)
    b = simulate(PD, _tft(PD), 300, noise=0.05, seed=7)
    np.testing.assert_array_equal(a.profiles, b.profiles)
    assert (a.profiles != 0).any()  # errors happened and echo under tit-for-tat
    # payoffs are the stage payoffs of the profiles played
    for prof, pay in zip(a.profiles, a.payoffs, strict=True):
        assert pay.tolist() == PD.payoffs[(slice(None), *prof)].tolist()
    # generous tit-for-tat recovers from errors better than tit-for-tat (Nowak and
    # Sigmund 1992): more mutual cooperation over a long noisy match
    g = [generous_tit_for_tat(PD, i, 1 / 3, "C", "D") for i in (0, 1)]
    coop_tft = np.mean((simulate(PD, _tft(PD), 4000, 0.05, seed=1).profiles == 0).all(axis=1))
    coop_gtft = np.mean((simulate(PD, g, 4000, 0.05, seed=1).profiles == 0).all(axis=1))
    assert coop_gtft > coop_tft


def test_tournament_table() -> None:
    def alld(g: NormalFormGame, i: int):
        return from_table(g, i, {"d": "D"}, {})

    def tft(g: NormalFormGame, i: int):
        return tit_for_tat(g, i, "C", "D")

    t = tournament(PD, {"tft": tft, "alld": alld, "grim": lambda g, i: _grim(g)[i]}, periods=10)
    assert t["tft"]["tft"] == 3.0 and t["alld"]["alld"] == 1.0
    # all-defect exploits tit-for-tat once: (5 + 9 * 1) / 10
    assert t["alld"]["tft"] == pytest.approx(1.4) and t["tft"]["alld"] == pytest.approx(0.9)
    assert t["grim"]["tft"] == 3.0


def _entrants() -> dict:
    return {
        "tft": lambda g, i: tit_for_tat(g, i, "C", "D"),
        "alld": lambda g, i: from_table(g, i, {"d": "D"}, {}),
        "grim": lambda g, i: _grim(g)[i],
        "gtft": lambda g, i: generous_tit_for_tat(g, i, 1 / 3, "C", "D"),
    }


@pytest.mark.parametrize("noise", [0.0, 1.0])
def test_tournament_plays_each_pairing_as_simulate_does(noise: float) -> None:
    # pure automata with no noise, or with certain noise (every action flipped in a
    # 2-action game), play the same match every time: the tournament's lockstep play of
    # all pairings must give the one match that simulate plays
    entrants = {k: v for k, v in _entrants().items() if k != "gtft"}
    t = tournament(PD, entrants, periods=25, noise=noise, seed=3, repetitions=7)
    for r, make_r in entrants.items():
        for c, make_c in entrants.items():
            sim = simulate(PD, [make_r(PD, 0), make_c(PD, 1)], 25, noise, seed=0)
            assert t[r][c] == pytest.approx(float(sim.average[0]), abs=1e-12), (r, c)


def test_tournament_mixing_matches_its_expectation() -> None:
    # generous tit-for-tat against all-defect cooperates in round 1 (payoff 0), then
    # defects with probability 2/3 (payoff 1): expected mean (periods - 1) * 2/3 / periods
    periods, reps = 10, 20_000
    t = tournament(PD, _entrants(), periods=periods, seed=11, repetitions=reps)
    expected = (periods - 1) * (2 / 3) / periods
    # per-match sd of the mean is at most 0.5 * sqrt(9) / 10; 6 standard errors
    assert abs(t["gtft"]["alld"] - expected) < 6 * 0.15 / np.sqrt(reps)
    assert t["gtft"]["gtft"] == 3.0  # no defection is ever seen
