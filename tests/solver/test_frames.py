"""Results for notebooks and pandas: Solution.to_frame(), Equilibrium rows, the HTML and
Markdown a notebook shows, and sweep tables as DataFrames."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings

from multivector import NormalFormGame, solve
from multivector.explore.strategies import games
from multivector.explore.sweep import Sweep, grid_axis
from tests.html_tables import read_tables

# Battle of the sexes: two pure equilibria and the mixed one in which each player plays
# its favourite with probability 2/3 (Osborne and Rubinstein 1994, Example 34.1)
BOS = NormalFormGame.from_bimatrix(
    [[2, 0], [0, 1]],
    [[1, 0], [0, 2]],
    players=["Ann", "Bob"],
    strategies=[["opera", "football"], ["opera", "football"]],
)


def test_solution_frame_holds_every_equilibrium() -> None:
    pytest.importorskip("pandas")
    sol = solve(BOS)
    frame = sol.to_frame()
    assert frame.index.name == "equilibrium" and len(frame) == len(sol) == 3
    for k, eq in enumerate(sol):
        for i, player in enumerate(BOS.players):
            for j, label in enumerate(BOS.strategies[i]):
                assert frame.loc[k, ("probability", player, label)] == eq.profile[i][j]
            assert frame.loc[k, ("payoff", player, "")] == eq.payoffs[i]
        assert frame.loc[k, ("regret", "", "")] == eq.regret
        assert frame.loc[k, ("method", "", "")] == sol.method
    mixed = frame[frame["probability", "Ann", "opera"].between(0.01, 0.99)]
    assert mixed["probability", "Ann", "opera"].tolist() == pytest.approx([2 / 3])
    assert mixed["payoff", "Bob", ""].tolist() == pytest.approx([2 / 3])


def test_equilibrium_frame_is_its_row() -> None:
    pytest.importorskip("pandas")
    eq = solve(BOS)[0]
    frame = eq.to_frame()
    assert len(frame) == 1
    assert {key: frame.iloc[0][key] for key in frame.columns} == eq.frame_row()


def test_empty_solution_has_the_columns() -> None:
    pytest.importorskip("pandas")
    # pure equilibria of matching pennies: none
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    frame = solve(mp, method="pure").to_frame()
    assert len(frame) == 0
    assert ("probability", "P2", "s2") in frame.columns and ("regret", "", "") in frame.columns


@settings(max_examples=25, deadline=None)
@given(games(num_players=(2, 3), max_strategies=3))
def test_frame_rows_are_mixed_strategies(game: NormalFormGame) -> None:
    pytest.importorskip("pandas")
    sol = solve(game)
    frame = sol.to_frame()
    for i, player in enumerate(game.players):
        probs = frame["probability", player].to_numpy()
        assert probs.shape == (len(sol), game.shape[i])
        np.testing.assert_allclose(probs.sum(axis=1), 1.0)
        for k, eq in enumerate(sol):
            np.testing.assert_array_equal(probs[k], eq.profile[i])


def test_to_frame_without_pandas_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"to_frame\(\) needs pandas.*pip install pandas"):
        solve(BOS).to_frame()
    with pytest.raises(ImportError, match="pip install pandas"):
        Sweep("great-powers", grid=[grid_axis("russia.leverage", 0, 1, 2)]).run().to_frame()


def test_solution_html_shows_the_game_and_the_equilibria() -> None:
    sol = solve(BOS)
    tables, notes = read_tables(sol._repr_html_())
    game_table, eq_table = tables
    assert game_table.cell("opera", "opera") == "2, 1"
    assert game_table.cell("football", "football") == "1, 2"
    assert eq_table.caption == "3 equilibria by 'vertex' (complete)"
    assert eq_table.rows[0] == ["#", "Ann", "Bob", "payoff Ann", "payoff Bob", "regret"]
    by_number = {row[0]: row[1:] for row in eq_table.rows[1:]}
    assert by_number["1"] == ["opera", "opera", "2", "1", "0"]
    mixed = ["opera: 0.6667, football: 0.3333", "opera: 0.3333, football: 0.6667"]
    assert by_number["2"] == [*mixed, "0.666667", "0.666667", "0"]
    assert by_number["3"] == ["football", "football", "1", "2", "0"]
    assert notes == list(sol.notes)


def test_exact_solution_html_shows_fractions() -> None:
    tables, _ = read_tables(solve(BOS, method="exact")._repr_html_())
    assert tables[1].caption == "3 equilibria by 'exact' (complete, exact)"
    assert tables[1].rows[2][1:3] == ["opera: 2/3, football: 1/3", "opera: 1/3, football: 2/3"]


def test_solution_html_of_float_results_and_notes() -> None:
    g = NormalFormGame.from_bimatrix([[2.5, 0], [0, 1]], [[1, 0], [0, 2.5]])
    sol = solve(g, method="lemke-howson")
    tables, notes = read_tables(sol._repr_html_())
    assert tables[1].caption == "1 equilibrium by 'lemke-howson' (not known to be complete)"
    assert tables[1].rows[1] == ["1", "s1", "s1", "2.5", "1", "0"]
    assert notes == list(sol.notes) and notes


def test_solution_markdown() -> None:
    text = solve(BOS)._repr_markdown_()
    assert "| opera | 2, 1 | 0, 0 |" in text
    assert "| 1 | opera | opera | 2 | 1 | 0 |" in text
    assert "**3 equilibria by 'vertex' (complete)**" in text


def test_sweep_frame_is_the_table() -> None:
    pytest.importorskip("pandas")
    result = Sweep("great-powers", grid=[grid_axis("russia.leverage", 0, 1, 5)]).run()
    frame = result.to_frame()
    assert tuple(frame.columns) == result.columns
    assert [tuple(r) for r in frame.itertuples(index=False)] == [tuple(r) for r in result.rows]
