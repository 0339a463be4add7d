"""Scenario commands: ``scenarios``, ``show``, ``params``, ``forecasts``, ``convert``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.cli.common import (
    Commands,
    EraOption,
    FormatOption,
    OutputFormat,
    SetOption,
    TargetArgument,
    console,
    echo_json,
    load_game,
)

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = ["commands", "convert", "forecasts", "params", "payoff_tables", "scenarios", "show"]

commands = Commands()


def _number(v: float) -> str:
    return f"{v:.4g}" if v != 0 else "0"


def payoff_tables(game: NormalFormGame, out: Console) -> None:
    """Print a game as payoff tables a person can read.

    Rows are the first player's strategies, columns the second's; each cell lists every
    player's payoff. With three or more players there is one table for each combination
    of the other players' strategies, headed by those strategies.
    """
    if game.title:
        out.print(Text(game.title, style="bold"))
    out.print(
        Text(
            f"{game.num_players} players: "
            + "; ".join(
                f"{p} ({', '.join(s)})" for p, s in zip(game.players, game.strategies, strict=True)
            )
        )
    )
    out.print(Text(f"cells: ({', '.join(game.players)})", style="dim"))
    rest = [range(s) for s in game.shape[2:]]
    for combo in itertools.product(*rest):
        heading = ", ".join(
            f"{game.players[i + 2]}: {game.strategies[i + 2][k]}" for i, k in enumerate(combo)
        )
        table = Table(title=heading or None, title_justify="left", show_lines=False)
        table.add_column(Text(f"{game.players[0]} \\ {game.players[1]}"))
        for label in game.strategies[1]:
            table.add_column(Text(label), justify="right")
        for r, row_label in enumerate(game.strategies[0]):
            cells = [Text(row_label)]
            for c in range(game.shape[1]):
                idx = (r, c, *combo)
                cells.append(
                    Text(
                        ", ".join(
                            _number(float(game.payoffs[(i, *idx)]))
                            for i in range(game.num_players)
                        )
                    )
                )
            table.add_row(*cells)
        out.print(table)


@commands.command()
def scenarios(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """List the built-in scenarios (the default first)."""
    from multivector.games.scenarios import DEFAULT_SCENARIO, scenario_summaries

    rows = scenario_summaries()
    if output_format is OutputFormat.JSON:
        echo_json(rows)
        return
    table = Table()
    for col in ("name", "players", "eras", "params", "description"):
        table.add_column(col, overflow="fold")
    for row in rows:
        shape = "x".join(str(k) for k in row["shape"])
        table.add_row(
            Text(row["name"] + (" (default)" if row["name"] == DEFAULT_SCENARIO else "")),
            Text(f"{', '.join(row['players'])} [{shape}]"),
            Text(", ".join(row["eras"])),
            Text(str(row["parameters"])),
            Text(row["description"]),
        )
    console().print(table)


@commands.command()
def show(
    target: TargetArgument = None, era: EraOption = None, assignments: SetOption = None
) -> None:
    """Print a scenario's or a file's payoff tables."""
    # showing computes nothing, so payoffs past the solvers' range are shown too
    payoff_tables(load_game(target, era, assignments or (), check_range=False), console())


@commands.command()
def params(
    target: Annotated[
        str, typer.Argument(metavar="SCENARIO|FILE", help="Scenario name or parametric file.")
    ],
    era: Annotated[
        str | None,
        typer.Option("--era", metavar="ERA", help="Also show this calibration's values."),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
) -> None:
    """List a scenario's parameters: default, bounds, unit, source and meaning."""
    from multivector.games.models import load_model, parameter_rows

    rows = parameter_rows(load_model(target), era)
    if output_format is OutputFormat.JSON:
        echo_json(rows)
        return
    table = Table()
    cols = ["name", "default", "bounds", "unit", "source", "meaning"]
    if era:
        cols.insert(2, f"value ({era})")
    for col in cols:
        table.add_column(col, overflow="fold")
    for row in rows:
        lo = "-inf" if row["min"] is None else f"{row['min']:g}"
        hi = "inf" if row["max"] is None else f"{row['max']:g}"
        cells = [
            row["name"],
            f"{row['default']:g}",
            f"[{lo}, {hi}]",
            row["unit"],
            row["source"],
            row["meaning"],
        ]
        if era:
            cells.insert(2, f"{row['value']:g}")
        table.add_row(*(Text(str(c)) for c in cells))
    console().print(table)


@commands.command()
def forecasts(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """Test the article's forecasts [F1]..[F5] on the calibrated scenarios."""
    from multivector.explore.forecasts import evaluate_forecasts

    results = evaluate_forecasts()
    if output_format is OutputFormat.JSON:
        echo_json([r.to_dict() for r in results])
        return
    out = console()
    for r in results:
        style = "green" if r.status == "reproduced" else "red"
        out.print(Text(f"[{r.tag}] {r.claim}", style="bold"))
        out.print(Text(f"  {r.status.upper()}", style=style) + Text(f"  ({r.scenario}, {r.era})"))
        out.print(Text(f"  test: {r.test}"))
        out.print(Text(f"  equilibria: {r.evidence}"))
        for note in r.notes:
            out.print(Text(f"  note: {note}", style="dim"))
    out.print(
        Text(
            "No parameter was moved to make a forecast hold; docs/model.md explains "
            "what would have to change for those not reproduced.",
            style="dim",
        )
    )


@commands.command()
def convert(
    source: Annotated[Path, typer.Argument(metavar="IN", help="Game file (.json, .toml, .nfg).")],
    target: Annotated[
        Path, typer.Argument(metavar="OUT", help="File to write (.json, .toml, .nfg).")
    ],
) -> None:
    """Convert a game file between JSON, TOML and Gambit .nfg (parametric files at defaults)."""
    from multivector.games.formats import convert_game

    game = convert_game(source, target)
    typer.echo(f"wrote {target} ({game.num_players} players, {'x'.join(map(str, game.shape))})")
