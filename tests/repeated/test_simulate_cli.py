"""The ``simulate`` and ``tournament`` commands, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import app
from multivector.games.formats import load_game
from multivector.solver.repeated import from_table, simulate, tit_for_tat, tournament


def run(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def pd_file(tmp_path: Path) -> Path:
    path = tmp_path / "pd.json"
    path.write_text(
        json.dumps(
            {
                "players": ["Row", "Col"],
                "strategies": [["C", "D"], ["C", "D"]],
                "payoffs": [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
            }
        )
    )
    return path


def test_simulate_tit_for_tat_cooperates(pd_file: Path) -> None:
    code, out, err = run("simulate", str(pd_file), "-s", "tft,tft", "--rounds", "10", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["average"] == [3.0, 3.0] and data["profile_counts"] == {"C,C": 10}
    code, out, err = run("simulate", str(pd_file), "-s", "tft,tft", "--rounds", "10")
    assert code == 0, err
    assert "tit-for-tat" in out and "C,C" in out


def test_simulate_grim_against_always_defect(pd_file: Path) -> None:
    code, out, err = run(
        "simulate", str(pd_file), "-s", "grim,always-D", "--rounds", "10", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    # grim cooperates once, is exploited (0 vs 5), then mutual defection (1, 1)
    assert data["profiles"][:2] == [["C", "D"], ["D", "D"]]
    assert data["average"] == pytest.approx([0.9, 1.4])


def test_simulate_noise_matches_library_and_is_reproducible(pd_file: Path) -> None:
    args = ("simulate", str(pd_file), "-s", "tft,wsls", "-n", "40", "--noise", "0.2")
    code, out, err = run(*args, "--seed", "7", "-f", "json")
    assert code == 0, err
    again = run(*args, "--seed", "7", "-f", "json")[1]
    assert json.loads(out) == json.loads(again)
    game = load_game(pd_file)
    from multivector.solver.repeated import win_stay_lose_shift

    sim = simulate(game, [tit_for_tat(game, 0), win_stay_lose_shift(game, 1)], 40, 0.2, 7)
    labels = [[game.strategies[i][int(k)] for i, k in enumerate(r)] for r in sim.profiles]
    assert json.loads(out)["profiles"] == labels
    assert any(p != ["C", "C"] for p in labels)  # the noise did bite


def test_tournament_matches_axelrod_style_table(pd_file: Path) -> None:
    code, out, err = run(
        "tournament", str(pd_file), "-s", "tft,always-D", "--rounds", "10", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    t = data["table"]
    assert t["tft"]["tft"] == 3.0 and t["always-D"]["tft"] == 1.4 and t["tft"]["always-D"] == 0.9
    game = load_game(pd_file)
    expected = tournament(
        game,
        {"tft": tit_for_tat, "always-D": lambda g, i: from_table(g, i, {"d": "D"}, {})},
        periods=10,
        seed=None,
    )
    assert t == expected
    assert data["ranking"][0]["entrant"] == "tft"


def test_tournament_kz_russia_default_entrants() -> None:
    args = ("tournament", "kz-russia", "--rounds", "30", "--noise", "0.05", "--seed", "3")
    code, out, err = run(*args, "--repetitions", "2", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    # win-stay-lose-shift needs 2 strategies; Kazakhstan has 3
    assert data["skipped"] == ["win-stay-lose-shift"]
    assert set(data["table"]) == {
        "tit-for-tat",
        "generous-tit-for-tat",
        "grim",
        "always-1",
        "always-2",
    }
    assert json.loads(run(*args, "--repetitions", "2", "-f", "json")[1]) == data
    code, out, err = run(*args)
    assert code == 0, err
    assert "mean payoff of the row entrant as Kazakhstan" in out


def test_simulate_coercion_automaton_on_kz_russia() -> None:
    code, out, err = run(
        "simulate",
        "kz-russia",
        "-s",
        "always-balance,punish-2",
        "--target",
        "align,accommodate",
        "--punishment",
        "balance,coerce",
        "-n",
        "6",
        "-f",
        "json",
    )
    assert code == 0, err
    russia = [p[1] for p in json.loads(out)["profiles"]]
    # balancing is a deviation from align: two periods of coercion (Kazakhstan's balance
    # conforms to the punishment profile), back to accommodate, balancing again restarts it
    assert russia == ["accommodate", "coerce", "coerce", "accommodate", "coerce", "coerce"]


def test_bad_input_is_one_line(pd_file: Path) -> None:
    for args in (
        ("simulate", str(pd_file), "-s", "tft"),
        ("simulate", str(pd_file), "-s", "tft,nope"),
        ("simulate", str(pd_file), "-s", "punish-x,tft"),
        ("simulate", str(pd_file), "-s", "always-Z,tft"),
        ("simulate", str(pd_file), "--noise", "2"),
        ("simulate", str(pd_file), "--rounds", "0"),
        ("simulate", str(pd_file), "--punishment", "D"),
        ("tournament", str(pd_file), "-f", "xml"),
        ("tournament", str(pd_file), "-s", "tft,nope"),
        ("tournament", str(pd_file), "--repetitions", "0"),
    ):
        code, _, err = run(*args)
        assert code == 2 and err.startswith("error:") and err.count("\n") == 1, (args, err)
