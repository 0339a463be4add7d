"""Parametric game files and the safe expression evaluator; TOML files; .nfg interop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector import NormalFormGame, solve
from multivector.errors import FormatError, ScenarioError
from multivector.explore.strategies import games as game_strategy
from multivector.games.formats import load_game, save_game
from multivector.games.formats.parametric import (
    compile_expression,
    parametric_from_dict,
    read_parametric,
)
from multivector.games.formats.toml_format import game_from_toml, game_to_toml
from tests.peers import peer_gambit_nfg, run_limited

CHICKEN = """
title = "Chicken with a crash cost"
players = ["Row", "Col"]

[strategies]
Row = ["swerve", "straight"]
Col = ["swerve", "straight"]

[parameters]
crash = { default = 10, min = 0, max = 100, unit = "index", source = "judged", \
meaning = "cost of a collision" }
win = 1

[calibrations.high]
crash = { value = 50, source = "a test" }

[[table]]
profile = ["swerve", "swerve"]
payoffs = [0, 0]

[[table]]
profile = ["swerve", "straight"]
payoffs = ["-win", "win"]

[[table]]
profile = ["straight", "swerve"]
payoffs = ["win", "-win"]

[[table]]
profile = ["straight", "straight"]
payoffs = ["-crash", "-crash"]
"""


def _write(tmp_path: Path, text: str, name: str = "g.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_parametric_toml_builds_and_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, CHICKEN)
    g = load_game(path)
    assert g.payoffs[0].tolist() == [[0, -1], [1, -10]]
    pg = read_parametric(path)
    assert pg.game(overrides={"crash": 3}).payoffs[1][1, 1] == -3
    assert pg.game(era="high").payoffs[0][1, 1] == -50
    # Chicken: the mixed equilibrium swerves with probability crash-1 / crash (win = 1)
    mixed = [e for e in solve(pg.game()).equilibria if not e.is_pure]
    assert mixed[0].profile[0][0] == pytest.approx(9 / 10)
    with pytest.raises(ScenarioError, match="outside its bounds"):
        pg.game(overrides={"crash": 101})
    with pytest.raises(ScenarioError, match="unknown parameter"):
        pg.game(overrides={"crsh": 1})
    with pytest.raises(ScenarioError, match="unknown era"):
        pg.game(era="low")


def test_parametric_json_and_batch(tmp_path: Path) -> None:
    data = {
        "players": ["A", "B"],
        "parameters": {"x": {"default": 2, "min": 0, "max": 5}},
        "payoffs": [[["x", "x**2"], ["max(x, 3)", "abs(1 - x)"]], [[1, 2], [3, "-x/2"]]],
    }
    path = _write(tmp_path, json.dumps(data), "g.json")
    g = load_game(path)
    assert g.payoffs[0].tolist() == [[2, 4], [3, 1]]
    pg = read_parametric(path)
    xs = np.array([0.0, 1.0, 4.0])
    batch = pg.payoffs_batch({"x": xs})
    for b, x in enumerate(xs):
        np.testing.assert_array_equal(batch[b], pg.game(overrides={"x": x}).payoffs)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("__import__('os').system('touch PWNED')", "function call"),
        ("().__class__", "attribute access"),
        ("(lambda: 1)()", "function call|lambda"),
        ("lambda: 1", "lambda"),
        ("a.real", "attribute access"),
        ("1e308**10", "overflow"),
        ("9**9**9", "overflow"),
        ("1e308*10", "overflow"),
        ("undefined_name + 1", "unknown name 'undefined_name'"),
        ("a[0]", "subscripts"),
        ("a if a else 1", "conditional"),
        ("a < 1", "comparisons"),
        ("'text'", "not a number"),
        ("a // 2", "FloorDiv"),
        ("1/0", "division by zero"),
        ("(-1)**0.5", "fractional power"),
        ("open('x')", "function call"),
        ("min", "is a function"),
        ("abs(1, 2)", "takes 1"),
        ("a +", "not valid arithmetic"),
        ("True", "not a number"),
        # the parser only warns of "1in" and reads a comparison; the warning is the refusal
        ("1in a", "invalid decimal literal"),
    ],
)
def test_malicious_or_broken_expressions_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expression: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    # top-level keys (payoffs) come before the [parameters] table in TOML
    cell = json.dumps(expression)
    text = f'players = ["A", "B"]\npayoffs = [[[{cell}]], [[0]]]\n[parameters]\na = 1\n'
    path = _write(tmp_path, text)
    with pytest.raises(FormatError, match=message):
        load_game(path)
    assert not (tmp_path / "PWNED").exists()
    assert not (tmp_path / "x").exists()


def test_missing_parameter_default_is_refused(tmp_path: Path) -> None:
    text = 'players = ["A", "B"]\npayoffs = [[["a"]], [[0]]]\n[parameters]\na = { min = 0 }\n'
    with pytest.raises(FormatError, match="no default"):
        load_game(_write(tmp_path, text))


def test_parameter_names_must_be_identifiers(tmp_path: Path) -> None:
    text = 'players = ["A", "B"]\npayoffs = [[["1"]], [[0]]]\n[parameters]\n"a.b" = 1\n'
    with pytest.raises(FormatError, match="identifier"):
        load_game(_write(tmp_path, text))


def test_overlong_expression_is_refused() -> None:
    with pytest.raises(FormatError, match="longer than"):
        compile_expression("+".join(["1"] * 1000), set())


def test_compile_checks_before_evaluating(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad cell anywhere stops the whole file before any cell is evaluated."""
    from multivector.games.formats import parametric

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an expression was evaluated")

    monkeypatch.setattr(parametric.Expression, "evaluate", refuse)
    with pytest.raises(FormatError, match="unknown name 'b'"):
        parametric_from_dict(
            {"players": ["A", "B"], "parameters": {"a": 1}, "payoffs": [[["a"]], [["b"]]]}
        )


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(-100, 100, allow_nan=False),
    b=st.floats(0.5, 100, allow_nan=False),
)
def test_evaluator_agrees_with_arithmetic(a: float, b: float) -> None:
    e = compile_expression("min(a, b) * 2 - abs(a) / b + max(a, b, 0) ** 2", {"a", "b"})
    expected = min(a, b) * 2 - abs(a) / b + max(a, b, 0) ** 2
    assert e.evaluate({"a": a, "b": b}).item() == pytest.approx(expected)


# ---------------------------------------------------------------- TOML files
def test_toml_round_trip_exact_and_labels(tmp_path: Path) -> None:
    g = NormalFormGame.from_bimatrix(
        [[1, "1/3"], ["0.25", -2]],
        [[0, 2], [5, "7/2"]],
        players=['Ann "A"', "Bob"],
        strategies=[["up", "down"], ["left", "right ü"]],
        title="a = b",
    )
    layouts: tuple[Literal["table", "payoffs"], ...] = ("table", "payoffs")
    for layout in layouts:
        text = game_to_toml(g, layout=layout)
        back = game_from_toml(text)
        assert back == g and back.title == g.title
        assert back.exact_payoffs is not None


@settings(max_examples=30, deadline=None)
@given(game=game_strategy())
def test_toml_and_json_and_nfg_round_trips(
    tmp_path_factory: pytest.TempPathFactory, game: NormalFormGame
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    for ext in (".toml", ".json", ".nfg"):
        save_game(game, folder / f"g{ext}")
        back = load_game(folder / f"g{ext}")
        np.testing.assert_array_equal(back.payoffs, game.payoffs)


def test_toml_errors_are_format_errors(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="invalid TOML"):
        load_game(_write(tmp_path, "players = [\n"))
    with pytest.raises(FormatError, match="finite"):
        load_game(_write(tmp_path, 'players = ["A", "B"]\npayoffs = [[[inf]], [[0]]]\n'))


# ---------------------------------------------------------------- Gambit interop
def test_every_gambit_example_converts_through_every_format(
    reference_games: Path, tmp_path: Path
) -> None:
    files = sorted((reference_games / "gambit-contrib").glob("*.nfg"))
    assert files
    for f in files:
        g = load_game(f)
        for ext in (".toml", ".json", ".nfg"):
            out = tmp_path / f"{f.stem}{ext}"
            save_game(g, out)
            back = load_game(out)
            assert back == g, (f.name, ext)
            if g.exact_payoffs is not None:
                assert back.exact_payoffs is not None
                assert (back.exact_payoffs == g.exact_payoffs).all()


def test_nfg_written_by_us_is_read_by_pygambit(tmp_path: Path) -> None:
    pytest.importorskip("pygambit")
    from multivector.games.scenarios import get_scenario

    games = [
        get_scenario("great-powers").game(),
        get_scenario("mediation").game(),
        NormalFormGame.from_bimatrix([[1, "2/3"], [0, -1]], [["1/7", 0], [3, 2]]),
    ]
    for k, g in enumerate(games):
        path = tmp_path / f"g{k}.nfg"
        save_game(g, path)
        theirs = run_limited(peer_gambit_nfg, str(path))
        assert theirs["players"] == list(g.players)
        for i in range(g.num_players):
            assert list(theirs["strategies"][i]) == list(g.strategies[i])
        exact = g.exact_payoffs
        for profile in g.profiles():
            for i in range(g.num_players):
                value = theirs["payoffs"][tuple(profile)][i]
                if exact is not None:
                    assert value == exact[(i, *profile)]
                else:
                    assert float(value) == pytest.approx(
                        g.payoffs[(i, *profile)], abs=0, rel=1e-15
                    )
