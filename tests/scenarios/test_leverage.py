"""One definition of Russia's leverage, used by every command (issue: params, solve,
forecasts and robustness use the same value), reported with its source rows."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from multivector.cli.app import app
from multivector.network import dependence_on, load_corridors
from multivector.network.derived import leverage_report, russia_corridor_leverage


def _json(*args: str) -> object:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_value_is_the_network_capacity_share_with_its_rows() -> None:
    d = dependence_on(load_corridors(), "Russia", "oil")
    r = leverage_report()
    assert r["value"] == russia_corridor_leverage() == round(d["capacity_share"], 4)
    # the rows that fix it are the two minimum cuts; their capacities add up
    assert sum(row["capacity"] for row in r["capacity_rows"]) == pytest.approx(r["capacity"])
    assert sum(row["capacity"] for row in r["residual_rows"]) == pytest.approx(r["residual"])
    assert all(row["source"] for row in r["capacity_rows"] + r["residual_rows"])
    assert {a["value"] for a in r["alternatives"]} >= {0.79, 0.81}


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["great-powers", "coercion"])
def test_params_solve_forecasts_and_robustness_use_one_value(scenario: str) -> None:
    value = russia_corridor_leverage()
    for era in ("2014-2021", "2022-"):
        rows = _json("params", scenario, "--era", era)
        row = next(r for r in rows if r["name"] == "russia.leverage")  # type: ignore[union-attr]
        assert row["value"] == row["default"] == value
        assert [a["value"] for a in row["alternatives"]][:2] == [0.79, 0.81]
        solved = _json("solve", scenario, "--era", era)
        assert solved["parameters"]["russia.leverage"] == value  # type: ignore[index]
    forecasts = _json("forecasts")
    assert all(f["leverage"]["value"] == value for f in forecasts)  # type: ignore[union-attr]
    from multivector.explore.robustness import margins

    table = margins(scenario, parameters=["russia.leverage"], grid=4)
    assert table.margins[0].value == value


def test_the_kept_figures_are_those_of_the_shipped_tables() -> None:
    # data/derived.json keeps the figures so that loading a scenario needs no networkx;
    # they must be what the network gives now, for the tables as they are now
    from multivector.network import derived

    kept = json.loads(derived._data().joinpath(derived.SHIPPED_FIGURES).read_text("utf-8"))
    assert kept["tables_sha256"] == derived.tables_digest(), (
        "nodes.csv or edges.csv changed: run python -m multivector.network.derived"
    )
    assert kept["figures"] == derived.measure()


def test_edited_tables_are_measured_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from multivector.network import derived

    monkeypatch.setattr(derived, "tables_digest", lambda: "another table")
    monkeypatch.setattr(
        derived,
        "measure",
        lambda: {"russia_corridor_leverage": 0.5, "russia_oil_flow_share": 0.25},
    )
    derived._figures.cache_clear()
    try:
        assert derived.russia_corridor_leverage() == 0.5
        assert derived.leverage_alternatives()[-1][1] == 0.25
    finally:
        monkeypatch.undo()
        derived._figures.cache_clear()
    assert derived.russia_corridor_leverage() == 0.8689


def test_loading_a_scenario_does_not_import_networkx() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from multivector.games.scenarios import get_scenario\n"
        "get_scenario('great-powers').values(); get_scenario('coercion').values()\n"
        "print('networkx' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip() == "False", done.stderr
