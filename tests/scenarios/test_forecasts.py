"""The forecasts [F1]..[F5]: each is evaluated, with its evidence taken from the solver."""

from __future__ import annotations

import pytest

from multivector import solve
from multivector.explore.forecasts import evaluate_forecasts
from multivector.games.scenarios import get_scenario


def test_every_forecast_has_a_verdict_and_evidence() -> None:
    results = evaluate_forecasts()
    assert [r.tag for r in results] == ["F1", "F2", "F3", "F4", "F5"]
    for r in results:
        assert r.status in ("reproduced", "not reproduced")
        assert r.evidence and r.test and r.claim
        assert r.to_dict()["tag"] == r.tag


def test_f1_verdict_follows_the_equilibria() -> None:
    s = get_scenario("great-powers")
    eqs = solve(s.game("2022-")).equilibria
    kz = [{s.strategies[0][k] for k in e.supports[0]} for e in eqs]
    expected = bool(eqs) and all(x <= {"balance", "mediate"} for x in kz)
    f1 = evaluate_forecasts()[0]
    assert (f1.status == "reproduced") == expected


def test_f1_is_sensitive_to_the_autonomy_term_as_reported() -> None:
    """Without the autonomy term the default model does not reproduce F1 (docs/model.md)."""
    s = get_scenario("great-powers")
    eqs = solve(s.game("2022-", {"kazakhstan.autonomy_value": 0.0})).equilibria
    assert any(s.strategies[0][e.supports[0][0]].startswith("bandwagon") for e in eqs)


@pytest.mark.slow
def test_f4_compares_the_two_calibrations() -> None:
    s = get_scenario("great-powers")
    a = [e.to_dict()["supports"] for e in solve(s.game("2014-2021")).equilibria]
    b = [e.to_dict()["supports"] for e in solve(s.game("2022-")).equilibria]
    f4 = evaluate_forecasts()[3]
    assert (f4.status == "reproduced") == (a != b)
