"""Scenario commands, in-process: solve with scenarios, show, params, forecasts, convert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import app
from multivector.games.formats import load_game
from multivector.games.scenarios import SCENARIOS, get_scenario


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = _runner().invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_solve_without_argument_solves_great_powers_latest() -> None:
    code, out, err = run("solve", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    s = get_scenario("great-powers")
    assert data["game"]["players"] == list(s.players)
    assert data["game"]["title"].endswith(f"[{s.latest_era}]")
    from multivector import solve

    assert data["method"] == solve(s.game(era=s.latest_era)).method and data["equilibria"]
    for eq in data["equilibria"]:
        assert set(eq) >= {"strategies", "payoffs", "regret", "supports"}
        assert eq["regret"] <= 1e-9
    code, out, _ = run("solve")
    assert code == 0 and "Kazakhstan" in out and "mediate" in out


@pytest.mark.slow
def test_solve_scenario_era_and_set() -> None:
    code, out, err = run(
        "solve",
        "kz-russia",
        "--era",
        "2014-2021",
        "--set",
        "russia.leverage=0.6",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["game"]["players"] == ["Kazakhstan", "Russia"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("solve", "no-such-scenario"), "neither a scenario"),
        (("solve", "--era", "1990"), "unknown era"),
        (("solve", "--set", "russia.leverag=0.6"), "unknown parameter"),
        (("solve", "--set", "russia.leverage=1.5"), "outside its bounds"),
        (("solve", "--set", "russia.leverage"), "name=value"),
        (("solve", "--set", "russia.leverage=high"), "not a number"),
        (("params", "nope"), "nope"),
        (("show", "great-powers", "--era", "x"), "unknown era"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]


def test_scenarios_lists_all() -> None:
    code, out, _ = run("scenarios", "--format", "json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)] == list(SCENARIOS)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_params_json_has_every_field(name: str) -> None:
    code, out, err = run("params", name, "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(get_scenario(name).parameters)
    for r in rows:
        assert set(r) >= {"name", "default", "min", "max", "unit", "source", "meaning"}
        assert r["source"].strip() and r["meaning"].strip()
        assert r["min"] <= r["default"] <= r["max"]


def test_params_table_with_era() -> None:
    code, out, _ = run("params", "great-powers", "--era", "2022-")
    assert code == 0 and "russia.leverage" in out and "0.81" in out


def test_show_prints_tables_for_four_players() -> None:
    code, out, err = run("show")
    assert code == 0, err
    # one table per combination of China's and the West's strategies
    assert out.count("China: ") == 4 and "bandwagon-west" in out
    g = get_scenario("great-powers").game()
    # the first cell: Kazakhstan balances, everyone else cooperates
    cell = ", ".join(
        f"{float(g.payoffs[(i, 0, 0, 0, 0)]):.4g}".replace("0.0", "0.0") for i in range(4)
    )
    assert cell.split(", ")[2] in out


def test_show_two_player_file(tmp_path: Path) -> None:
    p = tmp_path / "bos.json"
    p.write_text(
        '{"players": ["Ann", "Bob"], "bimatrix": {"A": [[2, 0], [0, 1]], "B": [[1, 0], [0, 2]]}}'
    )
    code, out, _ = run("show", str(p))
    assert code == 0 and "2, 1" in out and "1, 2" in out


@pytest.mark.slow
def test_forecasts_command_runs() -> None:
    code, out, err = run("forecasts")
    assert code == 0, err
    for tag in ("[F1]", "[F2]", "[F3]", "[F4]", "[F5]"):
        assert tag in out
    assert "REPRODUCED" in out or "NOT REPRODUCED" in out
    code, out, _ = run("forecasts", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 5


def test_convert_between_formats(tmp_path: Path) -> None:
    src = tmp_path / "g.json"
    src.write_text('{"players": ["A", "B"], "payoffs": [[[1, "1/2"]], [[0, 3]]]}')
    for ext in (".toml", ".nfg", ".json"):
        out = tmp_path / f"out{ext}"
        code, _, err = run("convert", str(src), str(out))
        assert code == 0, err
        assert load_game(out) == load_game(src)
    code, _, err = run("convert", str(src), str(tmp_path / "x.csv"))
    assert code == 2 and "unknown extension" in err


def test_solve_parametric_file_with_set(tmp_path: Path) -> None:
    p = tmp_path / "pd.toml"
    p.write_text(
        'players = ["Row", "Col"]\n'
        'payoffs = [[["R", "S"], ["T", "P"]], [["R", "T"], ["S", "P"]]]\n'
        "[parameters]\nR = 3\nS = 0\nT = { default = 5, min = 0, max = 10 }\nP = 1\n"
    )
    code, out, err = run("solve", str(p), "--format", "json")
    assert code == 0, err
    (eq,) = json.loads(out)["equilibria"]
    assert eq["supports"] == {"Row": ["s2"], "Col": ["s2"]}  # defect, defect
    # with T = 2 < R = 3 it is a coordination game: (C, C) becomes an equilibrium too
    code, out, _ = run("solve", str(p), "--set", "T=2", "--format", "json")
    assert {"Row": ["s1"], "Col": ["s1"]} in [e["supports"] for e in json.loads(out)["equilibria"]]
    code, _, err = run("solve", str(p), "--set", "T=20")
    assert code == 2 and "outside its bounds" in err
    code, out, _ = run("params", str(p), "--format", "json")
    assert [r["name"] for r in json.loads(out)] == ["R", "S", "T", "P"]


def test_malicious_parametric_file_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "bad.toml"
    p.write_text(
        'players = ["A", "B"]\n'
        "payoffs = [[[\"__import__('os').system('touch PWNED')\"]], [[0]]]\n"
        "[parameters]\na = 1\n"
    )
    code, _, err = run("solve", str(p))
    assert code == 2 and "not allowed" in err
    assert not (tmp_path / "PWNED").exists()


def test_set_on_a_plain_game_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    p.write_text('{"payoffs": [[[1]], [[2]]]}')
    code, _, err = run("solve", str(p), "--set", "a=1")
    assert code == 2 and "parametric" in err
