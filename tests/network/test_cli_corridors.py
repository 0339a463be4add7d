"""``multivector corridors`` in-process, and the coupling to the scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli.app import app
from multivector.games.scenarios import get_scenario
from multivector.network.derived import russia_corridor_leverage


def _run(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_reports_capacity_dependence_and_min_cut() -> None:
    code, out, _ = _run("corridors", "--format", "json")
    assert code == 0
    oil = json.loads(out)["commodities"]["oil"]
    russia = next(r for r in oil["dependence"] if r["country"] == "Russia")
    assert 0.81 <= russia["capacity_share"] <= russia["flow_share"]
    assert oil["min_cut"]["value"] == pytest.approx(oil["capacity"])


def test_without_russia_reports_residual_capacity_per_market() -> None:
    code, out, _ = _run("corridors", "--without", "Russia", "--format", "json")
    assert code == 0
    report = json.loads(out)
    oil = report["commodities"]["oil"]
    assert oil["markets"]["Black_Sea_market"]["residual"] == 0.0
    assert oil["residual"] == pytest.approx(oil["capacity"] * (1 - 0.8689), abs=0.01)
    assert "Tengiz-Novorossiysk:oil" in report["removed_edges"]


def test_investment_raises_residual_capacity() -> None:
    code, out, _ = _run(
        "corridors", "--without", "Russia", "--add", "Atyrau-Kenkiyak=6", "--format", "json"
    )
    assert code == 0
    # Atyrau-Kenkiyak 6 + 6 added + Aktau oil berths 7.5
    assert json.loads(out)["commodities"]["oil"]["residual"] == pytest.approx(19.5)


@pytest.mark.parametrize(
    "args",
    [("--without", "Atlantis"), ("--scale", "nonsense"), ("--scale", "Tengiz-Mars=0.5")],
)
def test_bad_options_give_one_error_line(args: tuple[str, ...]) -> None:
    code, _, err = _run("corridors", *args)
    assert code == 2
    assert err.startswith("error:") and len(err.strip().splitlines()) == 1


def test_plot_draws_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "map.png"
    code, _, _ = _run("corridors", "--without", "Russia", "--plot", str(path))
    assert code == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_great_powers_uses_the_network_leverage_and_set_overrides_it() -> None:
    s = get_scenario("great-powers")
    assert s.values(derive=True)["russia.leverage"] == russia_corridor_leverage()
    assert s.values(overrides={"russia.leverage": 0.3}, derive=True)["russia.leverage"] == 0.3
    code, out, _ = _run("params", "great-powers", "--format", "json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["name"] == "russia.leverage")
    assert row["derive"].endswith("russia_corridor_leverage")
