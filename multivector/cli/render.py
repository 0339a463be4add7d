"""Formatting of results for the command line: rich tables for people, JSON and CSV for pipes.

Nothing here computes a result; each function takes what the library returned and writes it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.games.normal_form import NormalFormGame
from multivector.solver import MethodInfo, Solution
from multivector.solver.equilibrium import Equilibrium

__all__ = [
    "csv_header",
    "game_header",
    "methods_json",
    "methods_table",
    "solution_csv",
    "solution_json",
    "solution_table",
]


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
    return f"{float(eq.profile[player][k]):.4g}"


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
    return [f"{float(v):.6g}" for v in eq.payoffs]


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


def solution_table(solution: Solution, console: Console) -> None:
    """Print a solution for people: a header line, one table row per equilibrium, notes."""
    game = solution.game
    dims = "x".join(str(s) for s in game.shape)
    if game.title:
        console.print(Text(game.title, style="bold"))
    console.print(
        Text(
            f"{game.num_players}-player {dims} game | method: {solution.method} | "
            f"complete: {_yes_no(solution.complete)} | "
            f"degenerate: {_yes_no(solution.degenerate)} | exact: {_yes_no(solution.exact)}"
        )
    )
    if not solution.equilibria:
        console.print(Text("No equilibrium found by this method.", style="yellow"))
    else:
        table = Table(show_lines=False)
        table.add_column("#", justify="right")
        for player in game.players:
            table.add_column(Text(player), overflow="fold")
        for player in game.players:
            table.add_column(Text(f"{player} payoff"), justify="right")
        table.add_column("regret", justify="right")
        for k, eq in enumerate(solution.equilibria, start=1):
            cells = [Text(str(k))]
            cells += [Text(_mix(eq, i)) for i in range(game.num_players)]
            cells += [Text(v) for v in _payoff_text(game, eq)]
            cells.append(Text(f"{eq.regret:.2g}"))
            table.add_row(*cells)
        console.print(table)
    for note in [*solution.notes, *_component_notes(solution)]:
        console.print(Text(f"note: {note}", style="dim"))


def solution_json(solution: Solution) -> str:
    """The stable JSON form of a solution: ``json.dumps(solution.to_dict())``."""
    return json.dumps(solution.to_dict())


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
    table = Table()
    for name in ("name", "players", "finds", "exact", "summary"):
        table.add_column(name, overflow="fold")
    for row in _method_rows(methods):
        table.add_row(
            Text(row["name"]),
            Text(row["players"]),
            Text(row["finds"]),
            Text("yes" if row["exact"] else "no"),
            Text(row["summary"]),
        )
    console.print(table)
    console.print(
        Text(
            "auto (the default): 'vertex' for 2 players ('exact' with --exact); for more "
            "players 'support-homotopy' within its size limit, 'pure' past it.",
            style="dim",
        )
    )
