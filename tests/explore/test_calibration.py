"""Calibration as data: the stored calibrated set is what the record selects, and the
forecast shares are recomputed from it, never written by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from multivector.cli.app import app
from multivector.explore import calibration as cal
from multivector.explore.robustness import wilson_interval
from multivector.games.scenarios import get_scenario


@pytest.mark.parametrize("family", list(cal.FAMILIES))
def test_stored_set_is_the_fresh_computation(family: str) -> None:
    fresh = cal.calibrated_set(family)
    stored = cal.stored_set(family)
    assert fresh.accepted == stored.accepted > 0
    np.testing.assert_allclose(stored.samples, fresh.samples, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("family", list(cal.FAMILIES))
def test_every_draw_of_the_set_reproduces_the_record(family: str) -> None:
    """O1-O3 at 2014-2021: Kazakhstan mediates in every equilibrium (at least one)."""
    stored = cal.stored_set(family)
    for point in cal.family_points(family, "2014-2021", stored.samples[:200]):
        assert point.choices and set(point.choices) == {"mediate"}


def test_calibrated_parameters_are_declared_calibrated_with_their_record() -> None:
    for name in cal.FAMILIES.values():
        s = get_scenario(name)
        for p in cal.CALIBRATED:
            assert s.parameters[p].kind == "calibrated"
            assert "calibrated_2014_2021" in s.parameters[p].source


def test_a_share_recomputed_independently() -> None:
    """F1 in the simultaneous family, recomputed with the general solver one game at a
    time (support enumeration of all pure equilibria by the `pure` method) on the stored
    draws moved to 2022-, equals the share `forecasts --format json` prints."""
    from multivector import solve

    s = get_scenario("great-powers")
    stored = cal.stored_set("simultaneous")
    rows = stored.samples[:: max(1, stored.accepted // 60)]
    base = s.values("2022-")
    k = 0
    for row in rows:
        over = {**base, **dict(zip(cal.CALIBRATED, map(float, row), strict=True))}
        eqs = solve(s.game("2022-", over), "pure").equilibria
        kz = {s.strategies[0][e.supports[0][0]] for e in eqs}
        k += bool(eqs) and kz <= {"balance", "mediate"}
    sub = cal.forecast_shares(
        ["simultaneous"],
        sets={
            "simultaneous": cal.CalibratedSet(
                "simultaneous", "great-powers", cal.CALIBRATED, 0, 0, rows
            )
        },
    )["F1"]["simultaneous"]
    assert sub["holds"] == k and sub["n"] == len(rows)
    assert (sub["low"], sub["high"]) == wilson_interval(k, len(rows))


@pytest.mark.slow
def test_forecasts_json_gives_each_share_and_interval() -> None:
    result = CliRunner().invoke(app, ["forecasts", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    shares = cal.forecast_shares()
    for r in rows:
        for family in ("simultaneous", "sequential"):
            c = r["calibrated"][family]
            assert c == shares[r["tag"]][family]
            assert 0 <= c["low"] <= c["share"] <= c["high"] + 1e-12 <= 1 + 1e-12
        assert r["changes_after_results"]
