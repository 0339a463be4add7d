"""A game shown in a notebook: the payoff table, cell by cell, in HTML and Markdown."""

from __future__ import annotations

import numpy as np

from multivector import NormalFormGame
from tests.html_tables import read_tables

# The Prisoner's Dilemma with distinct payoffs, so that a transposed table would show
# (Axelrod 1984's values, T=5 > R=3 > P=1 > S=0)
PD = NormalFormGame.from_bimatrix(
    [[3, 0], [5, 1]],
    [[3, 5], [0, 1]],
    players=["Row", "Column"],
    strategies=[["cooperate", "defect"], ["cooperate", "defect"]],
    title="Prisoner's Dilemma",
)


def test_html_payoff_table_has_each_profile_in_its_cell() -> None:
    (table,), _ = read_tables(PD._repr_html_())
    assert table.caption == "Prisoner's Dilemma: payoffs (Row, Column)"
    assert table.rows[0] == ["Row \\ Column", "cooperate", "defect"]
    for r, row_label in enumerate(PD.strategies[0]):
        for c, col_label in enumerate(PD.strategies[1]):
            expected = f"{int(PD.payoffs[0, r, c])}, {int(PD.payoffs[1, r, c])}"
            assert table.cell(row_label, col_label) == expected
    # the temptation payoff: Row defects against a cooperating Column
    assert table.cell("defect", "cooperate") == "5, 0"


def test_html_escapes_labels_and_shows_exact_and_float_payoffs() -> None:
    g = NormalFormGame.from_bimatrix(
        [[0.125, 1 / 3], ["2/3", 1]],
        [[1, 0], [0, 1]],
        strategies=[["<b>", "a&b"], ["x", "y"]],
    )
    html = g._repr_html_()
    assert "<th>&lt;b&gt;</th>" in html and "a&amp;b" in html and "<th><b>" not in html
    (table,), _ = read_tables(html)
    assert table.cell("<b>", "x") == "0.125, 1"
    assert table.cell("<b>", "y") == "0.333333, 0"
    assert table.cell("a&b", "x") == "0.666667, 0"


def test_exact_payoffs_are_shown_as_fractions() -> None:
    g = NormalFormGame.from_bimatrix([["1/3", 2], [0, 1]], [[1, 0], [0, "5/2"]])
    (table,), _ = read_tables(g._repr_html_())
    assert table.cell("s1", "s1") == "1/3, 1"
    assert table.cell("s2", "s2") == "1, 5/2"


def test_three_players_get_one_table_per_strategy_of_the_third() -> None:
    payoffs = np.arange(3 * 2 * 2 * 3, dtype=float).reshape(3, 2, 2, 3)
    g = NormalFormGame(payoffs, players=["A", "B", "C"])
    tables, _ = read_tables(g._repr_html_())
    assert [t.caption for t in tables] == [f"payoffs (A, B, C); C: s{k}" for k in (1, 2, 3)]
    for k, table in enumerate(tables):
        for r in range(2):
            for c in range(2):
                expected = ", ".join(f"{payoffs[i, r, c, k]:g}" for i in range(3))
                assert table.cell(f"s{r + 1}", f"s{c + 1}") == expected


def test_markdown_payoff_table() -> None:
    lines = PD._repr_markdown_().splitlines()
    assert lines[0] == "**Prisoner's Dilemma: payoffs (Row, Column)**"
    assert "| Row \\\\ Column | cooperate | defect |" in lines
    assert "| cooperate | 3, 3 | 0, 5 |" in lines
    assert "| defect | 5, 0 | 1, 1 |" in lines
