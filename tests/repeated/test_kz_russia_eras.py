"""Repeated kz-russia across the 2014-2021 and 2022- calibrations (docs/model.md).

The thresholds follow from Russia's derived leverage (0.8689 since the Aktau oil berths
were corrected to 7.5 Mt/y; 0.8404 before, when they were 0.4553 and 0.6071)."""

from __future__ import annotations

import pytest

from multivector.games.models import resolve_game
from multivector.games.normal_form import NormalFormGame
from multivector.games.repeated import RepeatedGame
from multivector.solver.repeated import (
    backward_induction,
    check_subgame_perfect,
    grim_trigger_threshold,
    k_period_punishment,
    minmax_punishment_threshold,
    pure_minmax,
    subgame_perfect_outcomes,
    sustained_by_optimal_penal_code,
)

TARGET = ("align", "accommodate")
COERCION = ("balance", "coerce")
ERAS = ("2014-2021", "2022-")


def _stage(era: str) -> NormalFormGame:
    return resolve_game("kz-russia", era=era)


def _coercion_spe(game: NormalFormGame, periods: int, discount: float) -> bool:
    aut = [k_period_punishment(game, i, TARGET, COERCION, periods) for i in (0, 1)]
    return check_subgame_perfect(game, aut, discount).is_equilibrium


@pytest.mark.parametrize(("era", "expected"), [("2014-2021", 0.4463), ("2022-", 0.5951)])
def test_permanent_coercion_threshold(era: str, expected: float) -> None:
    game = _stage(era)
    u = game.payoffs[0]
    # Kazakhstan: align pays u, balancing pays 0 today, coercion holds it to v forever
    v = float(pure_minmax(game, "Kazakhstan").value)
    assert pure_minmax(game, "Kazakhstan").to_dict(game)["punishment"] == {
        "Russia": {"coerce": 1.0}
    }
    closed_form = (u[1, 0] - u[0, 0]) / (u[1, 0] - v)
    th = minmax_punishment_threshold(game, TARGET)
    assert th.value == pytest.approx(closed_form)
    assert th.value == pytest.approx(expected, abs=1e-4)
    # Nash reversion rewards balancing: it never deters
    assert grim_trigger_threshold(game, TARGET).value is None


def test_threshold_shift_between_eras() -> None:
    old, new = (_stage(e) for e in ERAS)
    for periods in (None, 2, 3):
        a = minmax_punishment_threshold(old, TARGET, periods).value
        b = minmax_punishment_threshold(new, TARGET, periods).value
        assert a is not None and b is not None and b > a
    # one period of coercion deters before 2022 but never after
    assert minmax_punishment_threshold(old, TARGET, 1).value == pytest.approx(0.806, abs=1e-3)
    assert minmax_punishment_threshold(new, TARGET, 1).value is None


@pytest.mark.parametrize(
    ("era", "periods", "below", "at"),
    [
        ("2014-2021", 1, 0.80, 0.81),
        ("2014-2021", 2, 0.52, 0.53),
        ("2014-2021", 3, 0.54, 0.55),
        ("2022-", 2, 0.81, 0.82),
        ("2022-", 3, 0.68, 0.69),
    ],
)
def test_subgame_perfect_coercion_thresholds(
    era: str, periods: int, below: float, at: float
) -> None:
    game = _stage(era)
    assert not _coercion_spe(game, periods, below)
    assert _coercion_spe(game, periods, at) and _coercion_spe(game, periods, 0.95)


def test_one_period_coercion_never_subgame_perfect_after_2022() -> None:
    game = _stage("2022-")
    assert not any(_coercion_spe(game, 1, d) for d in (0.5, 0.8, 0.9, 0.99))


@pytest.mark.parametrize(
    ("era", "below", "at"), [("2014-2021", 0.44, 0.45), ("2022-", 0.59, 0.60)]
)
def test_optimal_penal_code(era: str, below: float, at: float) -> None:
    game = _stage(era)
    assert not sustained_by_optimal_penal_code(game, TARGET, below)["sustained"]
    assert sustained_by_optimal_penal_code(game, TARGET, at)["sustained"]


@pytest.mark.parametrize("era", ERAS)
def test_finite_horizon_only_balancing(era: str) -> None:
    # a unique stage equilibrium: with a known last year, the threat unravels
    game = _stage(era)
    bi = backward_induction(RepeatedGame(game, horizon=10))
    assert bi.unique and bi.equilibrium is not None
    assert bi.equilibrium.profile[0].tolist() == [0.0, 1.0, 0.0]
    out = subgame_perfect_outcomes(RepeatedGame(game, horizon=3))
    assert out.playable == ((("balance", "accommodate"),),) * 3
    # balancing is a stage equilibrium: sustained at every discount factor
    assert grim_trigger_threshold(game, ("balance", "accommodate")).value == 0
