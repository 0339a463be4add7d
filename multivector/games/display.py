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
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = [
    "PAYOFF_DIGITS",
    "PROBABILITY_DIGITS",
    "REGRET_DIGITS",
    "PayoffGrid",
    "format_number",
    "game_html",
    "game_markdown",
    "html_table",
    "markdown_table",
    "number",
    "payoff_grids",
    "reads_as_decimals",
    "short_decimal",
    "text_table",
]


def short_decimal(value: Fraction) -> float | None:
    """``value`` as the float whose shortest text is its exact decimal, else None.

    Examples
    --------
    >>> short_decimal(Fraction(-7, 250)), short_decimal(Fraction(1, 3))
    (-0.028, None)
    """
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return None
    f = float(value)
    return f if Fraction(repr(f)) == value else None


def reads_as_decimals(exact: Any) -> bool:
    """True when a game's exact payoffs are best written as decimals.

    That is when every payoff is a decimal of at most about 15 significant digits and at
    least one has a tenth, a fifth or a hundredth in it (``0.3``, ``-0.028``), as payoffs
    given in decimals or computed from decimals are. Games of halves and quarters alone
    keep their fractions (``1/2``); games with thirds keep all of them.

    Examples
    --------
    >>> reads_as_decimals([Fraction(-7, 250), Fraction(3, 10), 1])
    True
    >>> reads_as_decimals([Fraction(1, 2), 2]), reads_as_decimals([Fraction(1, 3), Fraction(1, 5)])
    (False, False)
    """
    import numpy as np

    fractions = [v for v in np.asarray(exact, dtype=object).ravel() if isinstance(v, Fraction)]
    non_integers = [v for v in fractions if v.denominator != 1]
    return (
        bool(non_integers)
        and all(short_decimal(v) is not None for v in non_integers)
        and any(v.denominator % 5 == 0 for v in non_integers)
    )


def format_number(value: Any, *, decimal: bool = False) -> str:
    """A payoff or probability for display: exact values exactly, floats to 6 digits.

    With ``decimal=True`` (a game that :func:`reads_as_decimals`) a fraction with a short
    decimal is shown as that decimal, exactly.

    Examples
    --------
    >>> format_number(Fraction(2, 3)), format_number(2.0), format_number(1 / 3)
    ('2/3', '2', '0.333333')
    >>> format_number(Fraction(-7, 250)), format_number(Fraction(-7, 250), decimal=True)
    ('-7/250', '-0.028')
    """
    if isinstance(value, Fraction) and value.denominator == 1:
        value = value.numerator
    if isinstance(value, Fraction):
        short = short_decimal(value) if decimal else None
        return str(value) if short is None else repr(short)
    if isinstance(value, int):
        return _exact_integer(value)
    return f"{float(value):.6g}"


def _exact_integer(value: int) -> str:
    """An integer in full, or, past 21 digits, exactly in powers of ten when its digits
    before the trailing zeros are few (``1.7e+308`` for a payoff written so, not 309
    digits cut in the middle by the table).

    Examples
    --------
    >>> _exact_integer(6_000_000_000), _exact_integer(-17 * 10**307)
    ('6000000000', '-1.7e+308')
    """
    digits = str(abs(value))
    significant = digits.rstrip("0")
    if len(digits) <= 21 or len(significant) > 17:
        return str(value)
    mantissa = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
    return f"{'-' if value < 0 else ''}{mantissa}e+{len(digits) - 1}"


#: Significant digits of payoffs, values and other quantities in tables.
PAYOFF_DIGITS = 6
#: Significant digits of probabilities.
PROBABILITY_DIGITS = 4
#: Significant digits of regrets (a certificate, not a quantity to read closely).
REGRET_DIGITS = 2


def number(value: Any, digits: int = PAYOFF_DIGITS, *, zero: float = 0.0) -> str:
    """A number for a table: ``digits`` significant digits, ``0`` within ``zero`` of zero.

    Exact values (int, Fraction) are shown exactly; ``None`` as ``-``. ``zero`` is the
    tolerance below which a float is floating-point noise (the solvers use 1e-9 times the
    game's payoff range, :meth:`NormalFormGame.default_tolerance`).

    Examples
    --------
    >>> number(-9.98351e-19, zero=1e-9), number(2 / 3), number(2 / 3, 4), number(1e-7)
    ('0', '0.666667', '0.6667', '1e-07')
    >>> number(-0.0), number(None), number(12345678.0)
    ('0', '-', '1.23457e+07')
    """
    if value is None:
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if hasattr(value, "denominator") and not isinstance(value, float):
        return str(value)  # a Fraction: exact
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    if abs(v) <= zero or v == 0:
        return "0"
    return f"{v:.{digits}g}"


def text_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], justify: Sequence[str] | None = None
) -> str:
    """A plain-text table: columns two spaces apart, a rule under the header.

    Cells may hold several lines. ``justify`` gives ``"left"`` or ``"right"`` per column.

    Examples
    --------
    >>> rows = [["1", "a 0.5\\nb 0.5", "2"]]
    >>> print(text_table(["#", "P1", "payoff"], rows, ["right", "left", "right"]))
    #  P1     payoff
    -  -----  ------
    1  a 0.5       2
       b 0.5
    """
    justify = list(justify) if justify is not None else ["left"] * len(header)
    split = [[cell.split("\n") for cell in row] for row in rows]
    widths = [
        max([len(h), *(len(line) for row in split for line in row[k])])
        for k, h in enumerate(header)
    ]

    def line(cells: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if side == "right" else c.ljust(w)
            for c, w, side in zip(cells, widths, justify, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    for row in split:
        for k in range(max(len(cell) for cell in row)):
            out.append(line([cell[k] if k < len(cell) else "" for cell in row]))
    return "\n".join(out)


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
    decimal = game.exact_payoffs is not None and reads_as_decimals(game.exact_payoffs)
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
                ", ".join(
                    format_number(values[(i, r, c, *rest)], decimal=decimal) for i in range(n)
                )
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
