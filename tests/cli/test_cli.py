"""The command line, in-process (typer's CliRunner) and once as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from multivector import METHODS, NormalFormGame, __version__
from multivector.cli import app, main
from multivector.games.formats import write_game
from multivector.solver import make_equilibrium
from tests.validators import assert_equilibrium

_REPO = Path(__file__).resolve().parents[2]

# Battle of the Sexes: equilibria (opera, opera), (football, football) and the mixed one in
# which Ann plays opera with probability 2/3 and Bob with 1/3 (Osborne 2004, An
# Introduction to Game Theory, Section 4.1, Example 114.1).
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=["Ann", "Bob"],
    strategies=[["opera", "football"], ["opera", "football"]],
    title="Battle of the Sexes",
)
BOS_EQUILIBRIA = [
    {"Ann": {"opera": 1.0, "football": 0.0}, "Bob": {"opera": 1.0, "football": 0.0}},
    {"Ann": {"opera": 2 / 3, "football": 1 / 3}, "Bob": {"opera": 1 / 3, "football": 2 / 3}},
    {"Ann": {"opera": 0.0, "football": 1.0}, "Bob": {"opera": 0.0, "football": 1.0}},
]


def _has_vertex() -> bool:
    return (_REPO / "multivector" / "solver" / "vertex.py").exists()


needs_vertex = pytest.mark.skipif(
    not _has_vertex(), reason="the default 2-player method (vertex) is not in this tree yet"
)


def _runner() -> CliRunner:
    # click < 8.2 mixes stderr into stdout unless told not to; click >= 8.2 always
    # keeps result.stderr apart and has no mix_stderr argument
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = _runner().invoke(app, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bos_file(tmp_path: Path) -> Path:
    path = tmp_path / "bos.json"
    write_game(BOS, path)
    return path


def _profiles(data: dict[str, Any]) -> list[dict[str, dict[str, float]]]:
    return [e["strategies"] for e in data["equilibria"]]


def _check_json_equilibria(game: NormalFormGame, data: dict[str, Any]) -> None:
    """Rebuild each printed equilibrium and check it from scratch."""
    for e in data["equilibria"]:
        profile = [
            [e["strategies"][p][label] for label in labels]
            for p, labels in zip(game.players, game.strategies, strict=True)
        ]
        eq = make_equilibrium(game, profile, e["method"])
        assert_equilibrium(game, eq)
        assert [e["payoffs"][p] for p in game.players] == pytest.approx(list(eq.payoffs))


def _close(a: list[dict[str, dict[str, float]]], b: list[dict[str, dict[str, float]]]) -> bool:
    if len(a) != len(b):
        return False
    return all(
        x[p][s] == pytest.approx(y[p][s], abs=1e-9)
        for x, y in zip(a, b, strict=True)
        for p in x
        for s in x[p]
    )


def _single_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    return lines[0]


# --------------------------------------------------------------------------- solve
def test_solve_pure_json_lists_the_pure_equilibria(bos_file: Path) -> None:
    code, out, err = run("solve", str(bos_file), "--method", "pure", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["method"] == "pure" and data["complete"] is False
    assert data["game"]["players"] == ["Ann", "Bob"]
    assert data["game"]["strategies"] == {
        "Ann": ["opera", "football"],
        "Bob": ["opera", "football"],
    }
    assert _close(_profiles(data), [BOS_EQUILIBRIA[0], BOS_EQUILIBRIA[2]])
    _check_json_equilibria(BOS, data)


def test_solve_json_is_exactly_the_solution_dict(bos_file: Path) -> None:
    from multivector import solve

    code, out, _ = run("solve", str(bos_file), "-m", "pure", "-f", "json")
    assert code == 0
    assert out == json.dumps(solve(BOS, "pure").to_dict()) + "\n"


def test_solve_table_shows_labels_payoffs_and_the_header(bos_file: Path) -> None:
    code, out, _ = run("solve", str(bos_file), "--method", "pure")
    assert code == 0
    assert "Battle of the Sexes" in out
    assert "method: pure" in out and "complete: no" in out and "exact: no" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 2
    assert "opera" in rows[0] and "football" in rows[1]
    assert "note: every pure equilibrium is listed" in out


def test_solve_csv_has_one_row_per_equilibrium(bos_file: Path) -> None:
    code, out, _ = run("solve", str(bos_file), "-m", "pure", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "index",
        "prob:Ann:opera",
        "prob:Ann:football",
        "prob:Bob:opera",
        "prob:Bob:football",
        "payoff:Ann",
        "payoff:Bob",
        "regret",
    ]
    assert [r["index"] for r in rows] == ["1", "2"]
    # (football, football) pays Ann 1 and Bob 2
    assert float(rows[1]["prob:Ann:football"]) == 1.0
    assert (float(rows[1]["payoff:Ann"]), float(rows[1]["payoff:Bob"])) == (1.0, 2.0)
    assert float(rows[1]["regret"]) == 0.0


def test_solve_reads_standard_input_and_nfg_text(bos_file: Path) -> None:
    from multivector.games.formats import game_to_nfg

    for text in (bos_file.read_text(), game_to_nfg(BOS)):
        code, out, err = run("solve", "-", "-m", "pure", "-f", "json", input=text)
        assert code == 0, err
        assert len(json.loads(out)["equilibria"]) == 2


@needs_vertex
def test_solve_default_method_finds_all_three_equilibria(bos_file: Path) -> None:
    code, out, err = run("solve", str(bos_file), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["complete"] is True
    assert _close(_profiles(data), BOS_EQUILIBRIA)
    _check_json_equilibria(BOS, data)


@needs_vertex
def test_solve_exact_prints_fractions(bos_file: Path) -> None:
    code, out, err = run("solve", str(bos_file), "--exact", "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["exact"] is True
    exact = [e["exact"] for e in data["equilibria"]]
    assert {
        "Ann": {"opera": "2/3", "football": "1/3"},
        "Bob": {"opera": "1/3", "football": "2/3"},
    } in exact
    code, out, _ = run("solve", str(bos_file), "--exact")
    assert code == 0 and "2/3" in out and "exact: yes" in out


def _alignment_game() -> NormalFormGame:
    """A 3x2 alignment game with made-up integer payoffs and hand-computed equilibria."""
    return NormalFormGame.from_bimatrix(
        [[2, 1], [4, 0], [3, -1]],
        [[3, 4], [2, 1], [0, 2]],
        players=["Kazakhstan", "Russia"],
        strategies=[["align", "balance", "pivot West"], ["accommodate", "pressure"]],
    )


@needs_vertex
def test_solve_finds_the_hand_computed_equilibria(tmp_path: Path) -> None:
    game = _alignment_game()
    path = tmp_path / "alignment.json"
    write_game(game, path)
    code, out, err = run("solve", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    # by hand: (align, pressure), (balance, accommodate), and the mix in which Russia is
    # indifferent when Kazakhstan plays align/balance at 1/2 each, and Kazakhstan is
    # indifferent between align and balance when Russia accommodates with probability 1/3
    expected = [
        {
            "Kazakhstan": {"align": 1.0, "balance": 0.0, "pivot West": 0.0},
            "Russia": {"accommodate": 0.0, "pressure": 1.0},
        },
        {
            "Kazakhstan": {"align": 0.5, "balance": 0.5, "pivot West": 0.0},
            "Russia": {"accommodate": 1 / 3, "pressure": 2 / 3},
        },
        {
            "Kazakhstan": {"align": 0.0, "balance": 1.0, "pivot West": 0.0},
            "Russia": {"accommodate": 1.0, "pressure": 0.0},
        },
    ]
    key = sorted
    assert _close(
        key(_profiles(data), key=lambda d: -d["Russia"]["pressure"]),
        key(expected, key=lambda d: -d["Russia"]["pressure"]),
    )
    _check_json_equilibria(game, data)
    code, out, _ = run("solve", str(path))
    assert code == 0 and "Kazakhstan" in out and "complete: yes" in out


def test_solve_on_a_reference_nfg_game(reference_games: Path) -> None:
    path = reference_games / "gambit-contrib" / "2x2x2.nfg"
    if not path.exists():
        pytest.skip("2x2x2.nfg not in the reference games")
    code, out, err = run("solve", str(path), "-f", "json")
    assert code == 0, err
    data = json.loads(out)
    from multivector import solve
    from multivector.games.formats import read_nfg

    assert data["method"] == solve(read_nfg(path)).method  # what auto picks for 3 players

    _check_json_equilibria(read_nfg(path), data)
    assert len(data["equilibria"]) >= 1


@pytest.mark.slow
def test_lemke_howson_label_selects_the_path(bos_file: Path) -> None:
    # dropping label 3 (Bob's football) from the artificial equilibrium ends at
    # (football, football), as nashpy's Game.lemke_howson(initial_dropped_label=3) does
    code, out, err = run(
        "solve", str(bos_file), "-m", "lemke-howson", "--label", "3", "-f", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert _close(_profiles(data), [BOS_EQUILIBRIA[2]])
    _check_json_equilibria(BOS, data)
    code, _, err = run("solve", str(bos_file), "-m", "lemke-howson", "--label", "chess")
    assert code == 2 and "chess" in _single_error_line(err)


@needs_vertex
def test_table_names_a_continuum_of_equilibria(reference_games: Path) -> None:
    path = reference_games / "gambit-contrib" / "csg1.nfg"
    if not path.exists():
        pytest.skip("csg1.nfg not in the reference games")
    # the file's title: "2x2 constant sum game with a continuum of equilibria"
    code, out, err = run("solve", str(path))
    assert code == 0, err
    assert "degenerate: yes" in out
    assert "convex set of equilibria" in out or "connected set of equilibria" in out


# --------------------------------------------------------------------------- methods, version
def test_methods_table_and_json_list_the_registry() -> None:
    code, out, _ = run("methods", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(METHODS)
    for r in rows:
        info = METHODS[r["name"]]
        assert (r["players"], r["finds"], r["exact"], r["summary"]) == (
            info.players,
            info.finds,
            info.exact,
            info.summary,
        )
    code, out, _ = run("methods")
    assert code == 0
    assert all(name in out for name in METHODS)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"multivector {__version__}"


# --------------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solve", "{tmp}/missing.json"], "missing.json: no such file"),
        (["solve", "{tmp}/broken.json"], "broken.json: line 1 column"),
        (["solve", "{tmp}/bad.json"], "bad.json: payoffs[0][0][1]"),
        (["solve", "{bos}", "--format", "xml"], "--format 'xml' is not one of"),
        (["solve", "{bos}", "--method", "magic"], "unknown method 'magic'"),
        (["solve", "{bos}", "-m", "pure", "--label", "1"], "takes no --label"),
        (["solve", "{bos}", "--label", "1"], "--label needs a method"),
        (["solve", "{tmp}/three.json", "--exact"], "2-player games only"),
        (["solve", "{tmp}/three.json", "-m", "lemke-howson"], "needs a 2-player game"),
        (["methods", "--format", "csv"], "--format 'csv' is not one of table, json"),
    ],
)
def test_input_errors_end_with_one_line_and_status_2(
    tmp_path: Path, bos_file: Path, args: list[str], message: str
) -> None:
    (tmp_path / "broken.json").write_text("{oops")
    (tmp_path / "bad.json").write_text('{"payoffs": [[[1, "one"]], [[0, 0]]]}')
    write_game(NormalFormGame([[[[0]]]] * 3), tmp_path / "three.json")
    argv = [a.format(tmp=tmp_path, bos=bos_file) for a in args]
    code, out, err = run(*argv)
    assert code == 2
    assert message in _single_error_line(err)
    assert out == ""


def test_usage_errors_through_main_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["solve", "--frmat", "json"])
    assert info.value.code == 2
    line = _single_error_line(capsys.readouterr().err)
    assert "--frmat" in line and "multivector solve --help" in line


def test_main_exits_0_on_success(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["methods", "-f", "json"])
    assert info.value.code == 0
    assert json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- as a process
def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(_REPO)}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@needs_vertex
def test_python_m_multivector_solve_json(bos_file: Path, tmp_path: Path) -> None:
    done = _python("-m", "multivector", "solve", str(bos_file), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert _close(_profiles(data), BOS_EQUILIBRIA)
    mixed = data["equilibria"][1]["strategies"]
    assert Fraction(mixed["Ann"]["opera"]).limit_denominator(100) == Fraction(2, 3)
    _check_json_equilibria(BOS, data)


def test_python_m_multivector_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"bimatrix": {"A": [[1, 2]], "B": [[1]]}}')
    done = _python("-m", "multivector", "solve", str(bad), cwd=tmp_path)
    assert done.returncode == 2
    line = _single_error_line(done.stderr)
    assert "bad.json" in line and "bimatrix.B" in line
    assert done.stdout == ""


def test_importing_the_cli_does_not_load_the_heavy_libraries(tmp_path: Path) -> None:
    code = (
        "import sys, multivector.cli; "
        "print(sorted(m for m in ('scipy', 'nashpy', 'networkx', 'matplotlib') "
        "if m in sys.modules))"
    )
    done = _python("-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
