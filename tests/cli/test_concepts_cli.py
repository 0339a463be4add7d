"""The solution-concept subcommands, in-process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from multivector import NormalFormGame, solve
from multivector.cli import app
from multivector.games.formats import write_game
from multivector.solver.correlated import correlated_violation

# Aumann (1974, Section 2): Chicken's best correlated equilibrium beats every Nash one.
CHICKEN = NormalFormGame.from_bimatrix(
    [[6, 2], [7, 0]],
    [[6, 7], [2, 0]],
    players=["Row", "Col"],
    strategies=[["chicken", "dare"], ["chicken", "dare"]],
    title="Chicken",
)
# Conitzer and Sandholm (2006, Section 1)
COMMIT = NormalFormGame.from_bimatrix(
    [[1, 3], [0, 2]],
    [[1, 0], [0, 1]],
    players=["Leader", "Follower"],
    strategies=[["Up", "Down"], ["Left", "Right"]],
)


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = _runner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.fixture
def chicken_file(tmp_path: Path) -> Path:
    path = tmp_path / "chicken.json"
    write_game(CHICKEN, path)
    return path


@pytest.fixture
def commit_file(tmp_path: Path) -> Path:
    path = tmp_path / "commit.json"
    write_game(COMMIT, path)
    return path


def _distribution(data: dict, game: NormalFormGame) -> np.ndarray:
    dist = np.zeros(game.shape)
    for row in data["distribution"]:
        idx = tuple(game.strategy_index(i, row["profile"][p]) for i, p in enumerate(game.players))
        dist[idx] = row["probability"]
    return dist


def test_correlated_json_on_chicken_beats_every_nash_equilibrium(chicken_file: Path) -> None:
    code, out, err = run("correlated", str(chicken_file), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    dist = _distribution(data, CHICKEN)
    assert correlated_violation(CHICKEN, dist) <= 1e-9
    welfare = float((CHICKEN.payoffs.sum(axis=0) * dist).sum())
    assert welfare == pytest.approx(data["welfare"]) == pytest.approx(10.5)
    assert all(welfare > float(e.payoffs.sum()) + 1.0 for e in solve(CHICKEN))
    assert data["game"]["players"] == ["Row", "Col"]


def test_correlated_table_and_options(chicken_file: Path) -> None:
    code, out, _ = run("correlated", str(chicken_file))
    assert code == 0 and "welfare 10.5" in out and "chicken" in out
    code, out, _ = run(
        "correlated",
        str(chicken_file),
        "--objective",
        "max-payoff",
        "--player",
        "Col",
        "--coarse",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["concept"] == "coarse correlated equilibrium"
    assert data["payoffs"]["Col"] == pytest.approx(7.0)
    code, _, err = run("correlated", str(chicken_file), "--objective", "max-payoff")
    assert code == 2 and "--player" in _error_line(err)
    code, _, err = run("correlated", str(chicken_file), "--objective", "fair")
    assert code == 2 and "--objective" in _error_line(err)


def test_dominance(tmp_path: Path) -> None:
    g = NormalFormGame.from_bimatrix(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )
    path = tmp_path / "g.json"
    write_game(g, path)
    code, out, _ = run("dominance", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["survivors"] == {"P1": ["Up"], "P2": ["Middle"]}
    assert [e["strategy"] for e in data["eliminations"]] == ["Right", "Down", "Left"]
    code, out, _ = run("dominance", str(path), "--weak", "--pure-only", "--sequential")
    assert code == 0 and "Right" in out and "keeps" in out


def test_security(chicken_file: Path) -> None:
    code, out, _ = run("security", str(chicken_file), "--format", "json")
    assert code == 0
    rows = json.loads(out)["security"]
    assert [r["maxmin"]["value"] for r in rows] == pytest.approx([2.0, 2.0])
    code, out, _ = run("security", str(chicken_file))
    assert code == 0 and "maxmin" in out


def test_stackelberg(commit_file: Path) -> None:
    code, out, err = run("stackelberg", str(commit_file), "--leader", "Leader", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["leader_payoff"] == pytest.approx(2.5)
    assert data["strategies"]["Leader"]["Up"] == pytest.approx(0.5)
    code, out, _ = run(
        "stackelberg",
        str(commit_file),
        "--leader",
        "Leader",
        "--commitment",
        "pure",
        "--tie-breaking",
        "weak",
    )
    assert code == 0 and "leader" in out and "Down" in out
    code, _, err = run("stackelberg", str(commit_file))
    assert code == 2 and "--leader" in _error_line(err)
    code, _, err = run("stackelberg", str(commit_file), "--leader", "Nobody")
    assert code == 2 and "Nobody" in _error_line(err)


def test_qre_json_fit_and_plot(tmp_path: Path, chicken_file: Path) -> None:
    pytest.importorskip("matplotlib")
    counts = tmp_path / "counts.json"
    counts.write_text(json.dumps({"Row": {"chicken": 60, "dare": 40}, "Col": [60, 40]}))
    png = tmp_path / "qre.png"
    code, out, err = run(
        "qre",
        str(chicken_file),
        "--fit",
        str(counts),
        "--plot",
        str(png),
        "--points",
        "5",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data["points"]) == 5 and data["points"][0]["lambda"] == 0.0
    assert data["limit"]["strategies"]["Row"]["chicken"] == pytest.approx(2 / 3)
    assert data["fit"]["lambda"] > 0
    assert png.stat().st_size > 0
    code, out, _ = run("qre", str(chicken_file))
    assert code == 0 and "limit" in out


def test_qre_plot_without_matplotlib(
    chicken_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, err = run("qre", str(chicken_file), "--plot", str(tmp_path / "q.png"))
    assert code == 2 and "matplotlib" in _error_line(err)


def test_qre_bad_counts(chicken_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    code, _, err = run("qre", str(chicken_file), "--fit", str(bad))
    assert code == 2 and "JSON" in _error_line(err)


def test_selection(tmp_path: Path) -> None:
    stag = NormalFormGame.from_bimatrix(
        [[4, 0], [3, 3]], [[4, 3], [0, 3]], strategies=[["stag", "hare"]] * 2
    )
    path = tmp_path / "stag.json"
    write_game(stag, path)
    code, out, _ = run("selection", str(path), "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["equilibria"][data["payoff_dominant"]]["profile"] == {"P1": "stag", "P2": "stag"}
    assert data["equilibria"][data["risk_dominant"]]["profile"] == {"P1": "hare", "P2": "hare"}
    code, out, _ = run("selection", str(path))
    assert code == 0 and "risk dominant: #2" in out


def test_dynamics_and_ess(chicken_file: Path) -> None:
    code, out, _ = run("dynamics", str(chicken_file), "--seed", "1", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["converged"] and data["regret"] <= 1e-3
    code, out, _ = run("dynamics", str(chicken_file), "--rule", "replicator", "--steps", "2000")
    assert code == 0 and "regret" in out
    code, out, _ = run("ess", str(chicken_file), "--format", "json")
    (ess,) = json.loads(out)["ess"]
    assert ess["chicken"] == pytest.approx(2 / 3)
    code, _, err = run("dynamics", str(chicken_file), "--rule", "hedge")
    assert code == 2 and "--rule" in _error_line(err)


def test_missing_file_is_one_error_line(tmp_path: Path) -> None:
    for command in ("correlated", "dominance", "security", "selection", "qre"):
        code, _, err = run(command, str(tmp_path / "nope.json"))
        assert code == 2
        _error_line(err)


def test_commands_run_on_the_default_scenario_and_named_ones() -> None:
    for command in ("correlated", "dominance", "security", "selection"):
        code, out, err = run(command, "--format", "json")
        assert code == 0, err
        assert json.loads(out)["game"]["players"] == ["Kazakhstan", "Russia", "China", "West"]
        code, out, err = run(command, "kz-russia", "--format", "json")
        assert code == 0, err
        assert json.loads(out)["game"]["players"] == ["Kazakhstan", "Russia"]
