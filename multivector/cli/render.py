"""Formatting of results for the command line: rich tables for people, JSON and CSV for pipes.

Nothing here computes a result; each function takes what the library returned and writes it.

Output that reads well at any width: :func:`print_table` never splits a word or a name.
It wraps a cell only between words, and when even one word per line does not fit the
console, it prints the rows in a long layout (one field per line, one block per row).
:func:`print_text` and :func:`print_fields` wrap lines of prose and ``a | b | c``
headers between words and between fields. The width is the terminal's, ``COLUMNS``
when it is set, and 80 columns when the output goes to a pipe or a file.

Numbers are shown with a stated precision (:func:`number`): payoffs and values to 6
significant digits, probabilities to 4, regrets to 2, and a value within the solver's
tolerance of zero as ``0``; ``--format json`` keeps full precision.
"""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.games.display import (
    PAYOFF_DIGITS,
    PROBABILITY_DIGITS,
    REGRET_DIGITS,
    number,
)

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame
    from multivector.solver import MethodInfo, Solution
    from multivector.solver.equilibrium import Equilibrium

__all__ = [
    "PAYOFF_DIGITS",
    "PROBABILITY_DIGITS",
    "REGRET_DIGITS",
    "csv_header",
    "fit_widths",
    "game_header",
    "long_layout",
    "methods_json",
    "methods_table",
    "number",
    "print_fields",
    "print_notes",
    "print_table",
    "print_text",
    "solution_csv",
    "solution_json",
    "solution_table",
    "wrap_words",
]


# ------------------------------------------------------------------ prose and headers
def wrap_words(text: str, width: int, *, indent: str = "", first: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken only between words.

    A word longer than the line stays whole (the line is then longer). ``first`` starts
    the first line, ``indent`` every other line; line breaks in ``text`` are kept.

    Examples
    --------
    >>> wrap_words("accommodate the mediator", 14, indent="  ")
    ['accommodate', '  the mediator']
    """
    lines: list[str] = []
    for k, paragraph in enumerate(text.split("\n")):
        lead = first if k == 0 else indent
        wrapped = textwrap.wrap(
            paragraph,
            width=max(1, width),
            initial_indent=lead,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped or [lead.rstrip()])
    return lines


def _emit(out: Console, line: str, style: str | None = None) -> None:
    # already wrapped: rich must neither wrap nor crop it (a word wider than the console
    # stays whole)
    out.print(Text(line, style=style or ""), no_wrap=True, crop=False, overflow="ignore")


def print_text(out: Console, text: str, *, style: str | None = None, indent: int = 2) -> None:
    """Print prose wrapped between words at the console's width, later lines indented."""
    for line in wrap_words(text, out.width, indent=" " * indent):
        _emit(out, line, style)


def print_fields(
    out: Console, fields: Sequence[str], *, sep: str = " | ", style: str | None = None
) -> None:
    """Print ``a | b | c`` on as few lines as the width allows, breaking only between fields.

    A field wider than the console is wrapped between its words.
    """
    line = ""
    for field in fields:
        candidate = f"{line}{sep}{field}" if line else field
        if cell_len(candidate) <= out.width or not line:
            line = candidate
            continue
        for piece in wrap_words(line, out.width, indent="  "):
            _emit(out, piece, style)
        line = field
    if line:
        for piece in wrap_words(line, out.width, indent="  "):
            _emit(out, piece, style)


# ------------------------------------------------------------------ tables
def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def fit_widths(least: Sequence[int], most: Sequence[int], available: int) -> list[int] | None:
    """Column widths within ``available`` characters, each between its least and most.

    The widest columns give way first (a cap lowered until the total fits); None when
    even the least widths do not fit.

    Examples
    --------
    >>> fit_widths([3, 5, 2], [10, 20, 4], 30)
    [10, 16, 4]
    >>> fit_widths([3, 5], [10, 20], 7) is None
    True
    """
    if sum(most) <= available:
        return list(most)
    if sum(least) > available:
        return None

    def capped(cap: int) -> list[int]:
        return [max(lo, min(hi, cap)) for lo, hi in zip(least, most, strict=True)]

    lo, hi = 0, max(most)
    while lo < hi:  # the largest cap whose widths fit
        mid = (lo + hi + 1) // 2
        if sum(capped(mid)) <= available:
            lo = mid
        else:
            hi = mid - 1
    widths = capped(lo)
    spare = available - sum(widths)
    for k in sorted(range(len(widths)), key=lambda k: -most[k]):
        if spare <= 0:
            break
        extra = min(spare, most[k] - widths[k])
        widths[k] += extra
        spare -= extra
    return widths


def _record_heading(name: str, value: str) -> str:
    if name == "#":
        return f"#{value}"
    return f"{name}: {value}" if name else value


def long_layout(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    heading: Callable[[str, str], str] = _record_heading,
) -> list[str]:
    """The long layout of a table: one block per row, one ``field  value`` line per cell.

    The first column heads each block; empty cells are left out. Values are wrapped
    between words, aligned after the field names when they fit, else on lines of their
    own below the name.

    Examples
    --------
    >>> print("\\n".join(long_layout(["#", "Ann", "Ann payoff"], [["1", "opera", "2"]], 40)))
    #1
      Ann         opera
      Ann payoff  2
    """
    names = [" ".join(h.split()) for h in header]
    key_width = max((cell_len(n) for n in names[1:]), default=0)
    value_words = max((_longest_word(c) for row in rows for c in row[1:]), default=0)
    aligned = 2 + key_width + 2 + max(value_words, 12) <= width
    lines: list[str] = []
    for r, row in enumerate(rows):
        if r:
            lines.append("")
        lines.extend(wrap_words(heading(names[0], " ".join(row[0].split())), width, indent="  "))
        for name, cell in zip(names[1:], row[1:], strict=True):
            if not cell.strip():
                continue
            if aligned:
                lead = "  " + name + " " * (key_width - cell_len(name) + 2)
                lines.extend(wrap_words(cell, width, first=lead, indent=" " * len(lead)))
            else:
                lines.extend(wrap_words(name, width, first="  ", indent="    "))
                lines.extend(wrap_words(cell, width, first="    ", indent="    "))
    return lines


#: Rows a table prints; the rest are counted (a terminal table of 20,000 rows takes rich
#: about 20 s to lay out, and nobody reads it).
MAX_TABLE_ROWS = 1000


def print_table(
    out: Console,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    justify: Sequence[str] | None = None,
    title: str | None = None,
    heading: Callable[[str, str], str] = _record_heading,
    whole: Sequence[int] = (),
    more: str = "--format json lists every one",
) -> None:
    """Print a table that never splits a word or a name, of at most
    :data:`MAX_TABLE_ROWS` rows.

    Parameters
    ----------
    out : rich.console.Console
        Where to print; its width is the limit.
    header : sequence of str
        Column names.
    rows : sequence of sequences of str
        Cells; a cell may hold several lines (``"\\n"``).
    justify : sequence of {"left", "right"}, optional
        Per column (default: all left).
    title : str, optional
        Printed above the table, in bold.
    heading : callable, optional
        ``heading(first column name, first cell)``: the line that heads a row's block in
        the long layout.
    whole : sequence of int, optional
        Columns whose cells' lines are never wrapped (a payoff vector, or a strategy and
        its probability, read as one value); their headers still wrap between words.
    more : str
        Where to find the rows past :data:`MAX_TABLE_ROWS`, said in the line that counts
        them.

    Notes
    -----
    Each column is at least as wide as its longest word and at most as wide as its
    longest line; when the table is wider than the console, the widest columns wrap
    between words first. When even the longest words do not fit side by side, the rows
    are printed in :func:`long_layout`.
    """
    justify = list(justify) if justify is not None else ["left"] * len(header)
    if title:
        print_text(out, title, style="bold")
    hidden = len(rows) - MAX_TABLE_ROWS
    if hidden > 0:
        print_table(
            out, header, rows[:MAX_TABLE_ROWS], justify=justify, heading=heading, whole=whole
        )
        print_text(
            out,
            f"{hidden:,} more rows not shown (a table shows {MAX_TABLE_ROWS:,}); {more}",
            style="dim",
        )
        return
    columns = [[h, *(row[k] for row in rows)] for k, h in enumerate(header)]
    most = [max(_longest_line(c) for c in col) for col in columns]
    least = [
        max(
            _longest_word(col[0]),
            *(_longest_line(c) if k in whole else _longest_word(c) for c in col[1:]),
        )
        for k, col in enumerate(columns)
    ]
    overhead = 3 * len(header) + 1  # a border and a space on each side of every cell
    widths = fit_widths(least, most, out.width - overhead)
    if widths is None:
        for line in long_layout(header, rows, out.width, heading=heading):
            _emit(out, line)
        out.print()  # the blocks end where the next output starts
        return
    table = Table(highlight=False)
    for name, width, side in zip(header, widths, justify, strict=True):
        table.add_column(Text(name), width=max(width, 1), justify=side, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    out.print(table, crop=False)


# ------------------------------------------------------------------ solutions
def game_header(game: NormalFormGame) -> dict[str, Any]:
    """The ``game`` object that heads every command's JSON: players, strategies, title."""
    return {
        "players": list(game.players),
        "strategies": {p: list(s) for p, s in zip(game.players, game.strategies, strict=True)},
        "title": game.title,
    }


def _yes_no(value: bool | None) -> str:
    return "not checked" if value is None else ("yes" if value else "no")


def _probability(eq: Equilibrium, player: int, k: int) -> str:
    if eq.exact is not None:
        return str(eq.exact[player][k])
    return number(eq.profile[player][k], PROBABILITY_DIGITS)


def _mix(eq: Equilibrium, player: int) -> str:
    """A player's strategy over its support: 'label' when pure, else one 'label p' a line."""
    support = eq.supports[player]
    labels = eq.strategies[player]
    if len(support) == 1:
        return labels[support[0]]
    return "\n".join(f"{labels[k]} {_probability(eq, player, k)}" for k in support)


def _payoff_text(game: NormalFormGame, eq: Equilibrium) -> list[str]:
    if eq.exact is not None:
        return [str(v) for v in game.exact_expected_payoffs(eq.exact)]
    zero = game.default_tolerance()
    return [number(v, zero=zero) for v in eq.payoffs]


def _component_notes(solution: Solution) -> list[str]:
    notes = []
    for c in solution.components or ():
        if not c.is_isolated:
            members = ", ".join(f"#{k + 1}" for k in c.equilibria)
            if len(c.nash_subsets) == 1:
                notes.append(
                    f"equilibria {members} span one convex set of equilibria: every mixture "
                    "of them is an equilibrium too"
                )
            else:
                notes.append(
                    f"equilibria {members} lie in one connected set of equilibria made of "
                    f"{len(c.nash_subsets)} convex pieces (see 'components' in --format json)"
                )
    return notes


def print_notes(out: Console, notes: Iterable[str]) -> None:
    """Print each note as ``note: ...``, wrapped between words, dimmed."""
    for note in notes:
        print_text(out, f"note: {note}", style="dim")


def solution_table(solution: Solution, console: Console) -> None:
    """Print a solution for people: a header line, one table row per equilibrium, notes."""
    game = solution.game
    dims = "x".join(str(s) for s in game.shape)
    if game.title:
        print_text(console, game.title, style="bold")
    print_fields(
        console,
        [
            f"{game.num_players}-player {dims} game",
            f"method: {solution.method}",
            f"complete: {_yes_no(solution.complete)}",
            f"degenerate: {_yes_no(solution.degenerate)}",
            f"exact: {_yes_no(solution.exact)}",
        ],
    )
    if not solution.equilibria:
        print_text(console, "No equilibrium found by this method.", style="yellow")
    else:
        zero = game.default_tolerance()
        header = ["#", *game.players, *(f"{p} payoff" for p in game.players), "regret"]
        rows = [
            [
                str(k),
                *(_mix(eq, i) for i in range(game.num_players)),
                *_payoff_text(game, eq),
                number(eq.regret, REGRET_DIGITS, zero=zero),
            ]
            for k, eq in enumerate(solution.equilibria, start=1)
        ]
        justify = ["right", *["left"] * game.num_players, *["right"] * (game.num_players + 1)]
        whole = range(1, game.num_players + 1)  # "label probability" stays on one line
        print_table(console, header, rows, justify=justify, whole=whole)
    print_notes(console, [*solution.notes, *_component_notes(solution)])


def solution_json(solution: Solution) -> str:
    """The stable JSON form of a solution: ``solution.to_json()``."""
    return solution.to_json()


def csv_header(game: NormalFormGame) -> list[str]:
    """Column names of :func:`solution_csv`."""
    return [
        "index",
        *(
            f"prob:{player}:{label}"
            for player, labels in zip(game.players, game.strategies, strict=True)
            for label in labels
        ),
        *(f"payoff:{player}" for player in game.players),
        "regret",
    ]


def solution_csv(solution: Solution, out: IO[str]) -> None:
    """Write one CSV row per equilibrium (index from 1, probabilities, payoffs, regret)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_header(solution.game))
    for k, eq in enumerate(solution.equilibria, start=1):
        row: list[Any] = [k]
        row += [repr(float(p)) for x in eq.profile for p in x]
        row += [repr(float(v)) for v in eq.payoffs]
        row.append(repr(float(eq.regret)))
        writer.writerow(row)


def _method_rows(methods: Iterable[MethodInfo]) -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "players": m.players,
            "finds": m.finds,
            "exact": m.exact,
            "game": "tree" if m.kind == "extensive" else "normal form",
            "summary": m.summary,
            "reference": m.reference,
        }
        for m in methods
    ]


def methods_json(methods: Iterable[MethodInfo]) -> str:
    """The registry as a JSON list of ``{name, players, finds, exact, game, summary,
    reference}`` (``game``: ``"normal form"`` or ``"tree"``, what the method takes)."""
    return json.dumps(_method_rows(methods))


def methods_table(methods: Iterable[MethodInfo], console: Console) -> None:
    """Print the registry as a table."""
    rows = [
        [
            row["name"],
            row["players"],
            row["finds"],
            "yes" if row["exact"] else "no",
            row["summary"],
        ]
        for row in _method_rows(methods)
    ]
    print_table(console, ["name", "players", "finds", "exact", "summary"], rows)
    print_text(
        console,
        "auto (the default): 'vertex' for 2 players ('exact' with --exact); for more "
        "players 'support-homotopy' within its size limit, 'pure' past it.",
        style="dim",
    )
