"""The ``repeated`` command, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import app
from multivector.games.formats import load_game
from multivector.solver.repeated import grim_trigger_threshold, pure_minmax


def run(*args: str) -> tuple[int, str, str]:
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(app, list(args), env={"COLUMNS": "250"})
    return result.exit_code, result.stdout, result.stderr


def test_repeated_kz_russia_table_and_json() -> None:
    code, out, err = run("repeated", "kz-russia", "--discount", "0.9")
    assert code == 0, err
    assert "critical discount factors" in out and "balance,accommodate" in out
    code, out, err = run("repeated", "kz-russia", "--discount", "0.9", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["players"] == ["Kazakhstan", "Russia"] and len(data["thresholds"]) == 6
    from multivector.games.models import resolve_game

    stage = resolve_game("kz-russia")
    for row in data["thresholds"]:
        nr = row["nash_reversion"]
        if nr.get("per_player"):
            th = grim_trigger_threshold(stage, row["target"])
            assert nr["value"] == (None if th.value is None else float(th.value))
    assert data["minmax"]["pure"][0]["value"] == float(pure_minmax(stage, 0).value)
    spe = data["spe_payoff_set"]
    assert spe["converged"] and spe["vertices"]
    # the stage equilibrium (balance, accommodate) pays (0, 0): an SPE payoff
    assert min(abs(x) + abs(y) for x, y in spe["vertices"]) < 1e-6


def test_repeated_prisoners_dilemma_file(tmp_path: Path) -> None:
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
    load_game(path)
    code, out, err = run("repeated", str(path), "-d", "0.6", "--target", "C,C", "-f", "json")
    assert code == 0, err
    row = json.loads(out)["thresholds"][0]
    assert row["nash_reversion"]["exact"] == "1/2"
    assert "nash_reversion" in row["sustained_at_discount_by"]
    code, out, _ = run("repeated", str(path), "-d", "0.4", "--target", "C,C", "-f", "json")
    assert json.loads(out)["thresholds"][0]["sustained_at_discount_by"] == []


def test_repeated_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out_png = tmp_path / "sets.png"
    code, out, err = run(
        "repeated",
        "kz-russia",
        "--discount",
        "0.9",
        "--target",
        "align,accommodate",
        "--plot",
        str(out_png),
    )
    assert code == 0, err
    assert "critical discount factors" in out
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_repeated_bad_input_is_one_line() -> None:
    for args in (
        ("repeated", "kz-russia", "--discount", "1.2"),
        ("repeated", "kz-russia", "--target", "balance"),
        ("repeated", "kz-russia", "--target", "nope,coerce"),
        ("repeated", "kz-russia", "--format", "xml"),
    ):
        code, _, err = run(*args)
        assert code == 2 and err.startswith("error:") and err.count("\n") == 1, (args, err)
