"""Finitely repeated games: backward induction and Benoit-Krishna outcomes."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from multivector import NormalFormGame
from multivector.errors import SolverError
from multivector.games.repeated import RepeatedGame
from multivector.solver.repeated import (
    backward_induction,
    gibbons_2_3_3,
    subgame_perfect_outcomes,
)
from tests.validators import assert_equilibrium

PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]]
)


def _pure_nash(game: NormalFormGame) -> list[tuple[int, ...]]:
    u = game.payoffs
    return [
        a
        for a in itertools.product(*(range(s) for s in game.shape))
        if all(
            u[(i, *a)] >= max(u[(i, *a[:i], b, *a[i + 1 :])] for b in range(game.shape[i]))
            for i in range(game.num_players)
        )
    ]


def _brute_force_two_periods(game: NormalFormGame) -> set[tuple[tuple[int, ...], ...]]:
    """Outcome paths of every pure-strategy SPE of the twice-repeated game, by
    enumerating strategy profiles: a stage equilibrium after each first-period history
    (subgame perfection in period 2) and a Nash equilibrium of the induced first period."""
    nash = _pure_nash(game)
    profiles = list(itertools.product(*(range(s) for s in game.shape)))
    u = game.payoffs
    out: set[tuple[tuple[int, ...], ...]] = set()
    for cont in itertools.product(nash, repeat=len(profiles)):
        plan = dict(zip(profiles, cont, strict=True))
        for a in profiles:
            ok = all(
                u[(i, *a)] + u[(i, *plan[a])] >= u[(i, *b)] + u[(i, *plan[b])]
                for i in range(game.num_players)
                for b in ((*a[:i], x, *a[i + 1 :]) for x in range(game.shape[i]))
            )
            if ok:
                out.add((a, plan[a]))
    return out


def _index_paths(game: NormalFormGame, paths: object) -> set[tuple[tuple[int, ...], ...]]:
    return {
        tuple(tuple(game.strategy_index(i, s) for i, s in enumerate(p)) for p in path)
        for path in paths  # type: ignore[attr-defined]
    }


def test_prisoners_dilemma_unique_spe_defects_every_period() -> None:
    # unique stage equilibrium => unique SPE: defect every period (Gibbons 1992, 2.3.A)
    game = RepeatedGame(PD, horizon=5)
    bi = backward_induction(game)
    assert bi.unique and bi.equilibrium is not None
    assert_equilibrium(PD, bi.equilibrium)
    assert bi.equilibrium.profile[0].tolist() == [0.0, 1.0]
    assert bi.payoffs == (5.0, 5.0)
    out = subgame_perfect_outcomes(game)
    assert all(period == (("D", "D"),) for period in out.playable)
    assert out.payoffs == ((Fraction(5), Fraction(5)),)
    assert list(out.paths()) == [(("D", "D"),) * 5]


def test_backward_induction_discounted_and_mixed_unique() -> None:
    bi = backward_induction(RepeatedGame(PD, "1/2", horizon=3))
    assert bi.payoffs == pytest.approx((1.75, 1.75))
    # matching pennies: the unique stage equilibrium is mixed; no pure-strategy SPE
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    bi = backward_induction(RepeatedGame(mp, horizon=3))
    assert bi.unique and bi.equilibrium is not None
    assert bi.equilibrium.profile[0].tolist() == pytest.approx([0.5, 0.5])
    out = subgame_perfect_outcomes(RepeatedGame(mp, horizon=3))
    assert out.payoffs == () and all(p == () for p in out.playable)


def test_backward_induction_several_stage_equilibria_defers() -> None:
    bi = backward_induction(RepeatedGame(gibbons_2_3_3(), horizon=2))
    assert not bi.unique and bi.equilibrium is None
    assert len(bi.stage_solution.equilibria) >= 2
    assert any("subgame_perfect_outcomes" in n for n in bi.notes)


def test_gibbons_figure_2_3_3_two_periods() -> None:
    # Gibbons (1992), Section 2.3.A, Figure 2.3.3: (M1, M2) in period 1, then (R1, R2);
    # a deviation is punished by (L1, L2). Total payoff (7, 7).
    game = gibbons_2_3_3()
    out = subgame_perfect_outcomes(RepeatedGame(game, horizon=2))
    assert ("M1", "M2") in out.playable[0]
    assert set(out.playable[1]) == {("L1", "L2"), ("R1", "R2")}
    assert (Fraction(7), Fraction(7)) in out.payoffs
    assert out.is_path([("M1", "M2"), ("R1", "R2")])
    assert not out.is_path([("M1", "M2"), ("L1", "L2")])
    assert out.witness(1, ("M1", "M2")) == (("M1", "M2"), ("R1", "R2"))
    assert out.worst[1] == (1, 1) and out.worst[2] == (2, 2)
    # exactly the SPE outcome paths found by enumerating strategy profiles
    assert _index_paths(game, out.paths()) == _brute_force_two_periods(game)


@pytest.mark.parametrize("horizon", [3, 4])
def test_gibbons_cooperation_in_all_but_the_last_period(horizon: int) -> None:
    # Benoit and Krishna (1985): rewards in the last period sustain (M1, M2) in every
    # earlier period; never in the last, where only stage equilibria are played
    out = subgame_perfect_outcomes(RepeatedGame(gibbons_2_3_3(), horizon=horizon))
    assert out.is_path([("M1", "M2")] * (horizon - 1) + [("R1", "R2")])
    assert all(("M1", "M2") in out.playable[t] for t in range(horizon - 1))
    assert ("M1", "M2") not in out.playable[-1]
    assert out.worst[horizon] == (horizon, horizon)
    # the best joint payoff: (M1, M2) until the last period, then (R1, R2)
    assert max(sum(v) for v in out.payoffs) == 8 * (horizon - 1) + 6


def test_discounted_threshold_of_period_one_cooperation() -> None:
    # with weight d on period 2, (M1, M2) needs 4 + 3d >= 5 + d, i.e. d >= 1/2
    game = gibbons_2_3_3()
    low = subgame_perfect_outcomes(RepeatedGame(game, "2/5", horizon=2))
    at = subgame_perfect_outcomes(RepeatedGame(game, "1/2", horizon=2))
    assert ("M1", "M2") not in low.playable[0]
    assert ("M1", "M2") in at.playable[0]


@pytest.mark.parametrize("seed", range(12))
def test_random_games_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = [(2, 2), (2, 3), (3, 2)][seed % 3]
    game = NormalFormGame.from_bimatrix(
        rng.integers(0, 4, size=shape).tolist(), rng.integers(0, 4, size=shape).tolist()
    )
    out = subgame_perfect_outcomes(RepeatedGame(game, horizon=2))
    assert _index_paths(game, out.paths()) == _brute_force_two_periods(game)
    # every first-period profile has a witness path that is an SPE path
    for period, profiles in enumerate(out.playable, start=1):
        for a in profiles:
            path = out.witness(period, a)
            assert path is not None and path[period - 1] == a and out.is_path(path)


def test_errors() -> None:
    with pytest.raises(SolverError, match="horizon"):
        subgame_perfect_outcomes(RepeatedGame(PD, discount=0.9))
    with pytest.raises(SolverError, match="RepeatedGame"):
        backward_induction(PD)  # type: ignore[arg-type]
    with pytest.raises(SolverError, match="shorter horizon"):
        subgame_perfect_outcomes(RepeatedGame(gibbons_2_3_3(), horizon=4), max_payoffs=5)
    out = subgame_perfect_outcomes(RepeatedGame(gibbons_2_3_3(), horizon=2))
    with pytest.raises(SolverError, match="periods"):
        out.is_path([("M1", "M2")])
    assert out.to_dict()["playable"][1] == [["L1", "L2"], ["R1", "R2"]]
