"""The public hypothesis strategies give what they promise."""

from __future__ import annotations

from hypothesis import given, settings

from multivector import NormalFormGame
from multivector.explore.strategies import calibrations, games
from multivector.games.scenarios import get_scenario
from multivector.solver.vertex import find_degeneracy


@settings(max_examples=25, deadline=None)
@given(games((3, 3), degenerate=False))
def test_nondegenerate_games_are_nondegenerate(game: NormalFormGame) -> None:
    assert find_degeneracy(game) is None


@settings(max_examples=25, deadline=None)
@given(games((3, 2), degenerate=True), games((2, 2), integer=True, degenerate=True))
def test_degenerate_games_are_degenerate(game: NormalFormGame, small: NormalFormGame) -> None:
    assert find_degeneracy(game) is not None
    assert find_degeneracy(small) is not None


@settings(max_examples=20, deadline=None)
@given(calibrations("kz-russia", vary=["russia.leverage"], bounds={"russia.leverage": (0.5, 2)}))
def test_calibrations_stay_inside_bounds(values: dict[str, float]) -> None:
    p = get_scenario("kz-russia").parameters["russia.leverage"]
    assert 0.5 <= values["russia.leverage"] <= p.max
