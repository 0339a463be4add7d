"""A solution for people and for programs: ``print(solve(g))`` is a table, ``repr`` one
short line, ``to_json()`` the command line's ``--format json``, and ``to_jsonable`` the
``default=`` of ``json.dumps``."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from multivector import NormalFormGame, solve, to_jsonable
from multivector.cli import app
from multivector.games.formats import write_game
from multivector.solver import Solution
from multivector.solver.equilibrium import Equilibrium

# Battle of the Sexes: (opera, opera), (football, football) and the mixed equilibrium in
# which Ann plays opera with probability 2/3 and Bob with 1/3, each earning 2/3
# (Osborne 2004, An Introduction to Game Theory, Example 114.1).
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=["Ann", "Bob"],
    strategies=[["opera", "football"], ["opera", "football"]],
    title="Battle of the Sexes",
)


def _rows(text: str) -> list[list[str]]:
    """The table's rows under its rule line, as words."""
    lines = text.splitlines()
    rule = next(k for k, line in enumerate(lines) if set(line) <= {"-", " "} and line)
    return [line.split() for line in lines[rule + 1 :] if not line.startswith("note:")]


def test_str_is_a_table_of_the_equilibria() -> None:
    text = str(solve(BOS, exact=True))
    assert text.splitlines()[0] == "Battle of the Sexes"
    assert "method: exact" in text and "complete: yes" in text
    header = next(line for line in text.splitlines() if line.startswith("#"))
    assert header.split() == ["#", "Ann", "Bob", "Ann", "payoff", "Bob", "payoff", "regret"]
    rows = _rows(text)
    assert rows[0] == ["1", "opera", "opera", "2", "1", "0"]
    assert rows[1] == ["2", "opera", "2/3", "opera", "1/3", "2/3", "2/3", "0"]
    assert rows[2] == ["football", "1/3", "football", "2/3"]  # the second lines of #2
    assert rows[3] == ["3", "football", "football", "1", "2", "0"]


def test_str_shows_floating_point_noise_as_zero() -> None:
    # a payoff of -1e-18 and a regret of 1e-18 are round-off: shown as 0
    noisy = Equilibrium(
        profile=(np.array([1.0, 0.0]), np.array([1.0, 0.0])),
        payoffs=np.array([-9.98351e-19, 1.0]),
        regret=1e-18,
        method="by hand",
        players=BOS.players,
        strategies=BOS.strategies,
    )
    solution = Solution(BOS, (noisy,), method="by hand", complete=False)
    (row,) = _rows(str(solution))
    assert row == ["1", "opera", "opera", "0", "1", "0"]
    assert "e-1" not in solution._repr_html_() and "e-1" not in solution._repr_markdown_()


def test_repr_is_one_short_line() -> None:
    r = repr(solve(BOS))
    assert "\n" not in r and len(r) < 100
    assert r == "Solution(3 equilibria of a 2x2 game by 'vertex', complete)"


def test_to_json_is_what_the_command_line_prints(tmp_path: Path) -> None:
    path = tmp_path / "bos.json"
    write_game(BOS, path)
    result = CliRunner().invoke(app, ["solve", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(solve(BOS).to_json()) == json.loads(result.stdout)
    eq = solve(BOS)[1]
    assert json.loads(eq.to_json()) == eq.to_dict()
    assert json.loads(eq.to_json())["strategies"]["Ann"]["opera"] == 2 / 3


def test_to_jsonable_serialises_results_inside_other_data() -> None:
    solution = solve(BOS, exact=True)
    data = {
        "solution": solution,
        "first": solution[0],
        "game": BOS,
        "array": np.arange(3),
        "number": np.float64(0.25),
        "fraction": Fraction(2, 3),
    }
    back = json.loads(json.dumps(data, default=to_jsonable))
    assert back["solution"] == json.loads(solution.to_json())
    assert back["first"] == solution[0].to_dict()
    assert NormalFormGame(back["game"]["payoffs"], BOS.players, BOS.strategies) == BOS
    assert back["array"] == [0, 1, 2] and back["number"] == 0.25
    assert back["fraction"] == "2/3"
