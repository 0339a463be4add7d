"""Tables of a game for people: the payoff table as HTML (notebooks) and Markdown.

A notebook shows a :class:`~multivector.games.normal_form.NormalFormGame` by its
``_repr_html_``, built here: one table per combination of the third and later players'
strategies, rows the first player's strategies, columns the second player's, and in
each cell every player's payoff in player order (the usual bimatrix layout, as in
Osborne and Rubinstein 1994, Section 2.1). Exact payoffs are shown exactly.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = [
    "PayoffGrid",
    "format_number",
    "game_html",
    "game_markdown",
    "html_table",
    "markdown_table",
    "payoff_grids",
]


def format_number(value: Any) -> str:
    """A payoff or probability for display: exact values exactly, floats to 6 digits.

    Examples
    --------
    >>> format_number(Fraction(2, 3)), format_number(2.0), format_number(1 / 3)
    ('2/3', '2', '0.333333')
    """
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.6g}"


@dataclass(frozen=True)
class PayoffGrid:
    """One two-dimensional slice of the payoff table.

    Attributes
    ----------
    caption : str
        Which strategies of the third and later players the slice is for (empty for a
        2-player game).
    corner : str
        ``"row player \\ column player"``.
    columns : tuple of str
        The column player's strategy labels.
    rows : tuple of (str, tuple of str)
        For each of the row player's strategies, its label and the cells: every
        player's payoff in player order, joined by ``", "``.
    """

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def payoff_grids(game: NormalFormGame) -> list[PayoffGrid]:
    """The payoff table of ``game`` as 2-D slices (one for a 2-player game).

    Examples
    --------
    >>> from multivector import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"], ["C", "D"]])
    >>> (grid,) = payoff_grids(pd)
    >>> grid.columns, grid.rows[1]
    (('C', 'D'), ('D', ('5, 0', '1, 1')))
    """
    values: Any = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    n = game.num_players
    corner = f"{game.players[0]} \\ {game.players[1]}"
    grids = []
    for rest in itertools.product(*(range(s) for s in game.shape[2:])):
        caption = ", ".join(
            f"{game.players[2 + k]}: {game.strategies[2 + k][a]}" for k, a in enumerate(rest)
        )
        rows = []
        for r, label in enumerate(game.strategies[0]):
            cells = tuple(
                ", ".join(format_number(values[(i, r, c, *rest)]) for i in range(n))
                for c in range(game.shape[1])
            )
            rows.append((label, cells))
        grids.append(PayoffGrid(caption, corner, game.strategies[1], tuple(rows)))
    return grids


def html_table(header: Sequence[str], rows: Sequence[Sequence[str]], *, caption: str = "") -> str:
    """An HTML table: a header row, then rows whose first cell is a row header.

    Every text is escaped.

    Examples
    --------
    >>> html_table(["", "x"], [["a", "1 < 2"]]).split("<tbody>")[1]
    '<tr><th>a</th><td>1 &lt; 2</td></tr></tbody></table>'
    """
    out = ["<table>"]
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>")
    out.extend(f"<th>{html.escape(h)}</th>" for h in header)
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        if row:
            out.append(f"<th>{html.escape(row[0])}</th>")
            out.extend(f"<td>{html.escape(c)}</td>" for c in row[1:])
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown (GitHub) table; ``|`` and ``\\`` in texts are escaped.

    Examples
    --------
    >>> print(markdown_table(["", "x"], [["a", "1|2"]]))
    |  | x |
    | --- | --- |
    | a | 1\\|2 |
    """
    lines = ["| " + " | ".join(_md(h) for h in header) + " |"]
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def _heading(game: NormalFormGame) -> str:
    order = ", ".join(game.players)
    title = f"{game.title}: " if game.title else ""
    return f"{title}payoffs ({order})"


def _slices(game: NormalFormGame) -> list[tuple[str, list[str], list[list[str]]]]:
    """Caption, header and rows of each slice of the payoff table."""
    out = []
    for grid in payoff_grids(game):
        caption = _heading(game) + (f"; {grid.caption}" if grid.caption else "")
        rows = [[label, *cells] for label, cells in grid.rows]
        out.append((caption, [grid.corner, *grid.columns], rows))
    return out


def game_html(game: NormalFormGame) -> str:
    """The payoff table of ``game`` as HTML, one table per slice (see :func:`payoff_grids`)."""
    return "".join(html_table(h, rows, caption=c) for c, h, rows in _slices(game))


def game_markdown(game: NormalFormGame) -> str:
    """The payoff table of ``game`` as Markdown, one table per slice."""
    return "\n\n".join(
        f"**{_md(c)}**\n\n{markdown_table(h, rows)}" for c, h, rows in _slices(game)
    )
