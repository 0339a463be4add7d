"""Scenario commands: ``scenarios``, ``show``, ``params``, ``forecasts``, ``convert``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from multivector.cli.common import (
    Commands,
    EraOption,
    FormatOption,
    InputError,
    OutputFormat,
    SetOption,
    TargetArgument,
    console,
    echo_json,
    load_game,
)
from multivector.cli.render import number, print_table, print_text
from multivector.games.display import format_number, reads_as_decimals

if TYPE_CHECKING:
    from multivector.games.normal_form import NormalFormGame

__all__ = ["commands", "convert", "forecasts", "params", "payoff_tables", "scenarios", "show"]

commands = Commands()


def payoff_tables(game: NormalFormGame, out: Console) -> None:
    """Print a game as payoff tables a person can read.

    Rows are the first player's strategies, columns the second's; each cell lists every
    player's payoff. With three or more players there is one table for each combination
    of the other players' strategies, headed by those strategies.
    """
    if game.title:
        print_text(out, game.title, style="bold")
    print_text(
        out,
        f"{game.num_players} players: "
        + "; ".join(
            f"{p} ({', '.join(s)})" for p, s in zip(game.players, game.strategies, strict=True)
        ),
    )
    print_text(out, f"cells: ({', '.join(game.players)})", style="dim")
    exact = game.exact_payoffs
    decimal = exact is not None and reads_as_decimals(exact)
    zero = game.default_tolerance()

    def cell(idx: tuple[int, ...]) -> str:
        if exact is not None:
            return ", ".join(
                format_number(exact[(i, *idx)], decimal=decimal) for i in range(game.num_players)
            )
        return ", ".join(
            number(game.payoffs[(i, *idx)], 4, zero=zero) for i in range(game.num_players)
        )

    rest = [range(s) for s in game.shape[2:]]
    row_player, col_player = game.players[0], game.players[1]
    for combo in itertools.product(*rest):
        heading = ", ".join(
            f"{game.players[i + 2]}: {game.strategies[i + 2][k]}" for i, k in enumerate(combo)
        )
        rows = [
            [row_label, *(cell((r, c, *combo)) for c in range(game.shape[1]))]
            for r, row_label in enumerate(game.strategies[0])
        ]
        print_table(
            out,
            [f"{row_player} \\ {col_player}", *game.strategies[1]],
            rows,
            justify=["left", *["right"] * game.shape[1]],
            title=heading or None,
            whole=range(1, game.shape[1] + 1),
            more="`multivector convert` writes the whole game to a file",
        )


@commands.command()
def scenarios(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """List the built-in scenarios (the default first)."""
    from multivector.games.scenarios import DEFAULT_SCENARIO, scenario_summaries

    rows = scenario_summaries()
    if output_format is OutputFormat.JSON:
        echo_json(rows)
        return
    cells = []
    for row in rows:
        shape = "x".join(str(k) for k in row["shape"])
        cells.append(
            [
                row["name"] + (" (default)" if row["name"] == DEFAULT_SCENARIO else ""),
                f"{', '.join(row['players'])} [{shape}]",
                ", ".join(row["eras"]),
                str(row["parameters"]),
                row["description"],
            ]
        )
    print_table(
        console(),
        ["name", "players", "eras", "params", "description"],
        cells,
        justify=["left", "left", "left", "right", "left"],
    )


@commands.command()
def show(
    target: TargetArgument = None, era: EraOption = None, assignments: SetOption = None
) -> None:
    """Print a scenario's or a file's payoff tables."""
    from multivector.cli.common import InputError
    from multivector.games.scenarios import SCENARIOS, TreeScenario, get_scenario

    if (
        target is not None
        and str(target) in SCENARIOS
        and isinstance(get_scenario(str(target)), TreeScenario)
    ):
        raise InputError(
            f"{target} is a sequential scenario (a tree), not a payoff table; "
            f"`multivector solve {target}` prints its equilibria and "
            f"`multivector params {target}` its parameters"
        )
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
    cols = ["name", "default", "bounds", "unit", "source", "meaning"]
    if era:
        cols.insert(2, f"value ({era})")
    cells = []
    for row in rows:
        lo = "-inf" if row["min"] is None else number(row["min"])
        hi = "inf" if row["max"] is None else number(row["max"])
        source = str(row["source"])
        for alt in row.get("alternatives", ()):
            source += (
                f" | alternative, not used: {alt['label']} {alt['value']:g} ({alt['source']})"
            )
        line = [
            row["name"],
            number(row["default"]),
            f"[{lo}, {hi}]",
            str(row["unit"]),
            source,
            str(row["meaning"]),
        ]
        if era:
            line.insert(2, number(row["value"]))
        cells.append(line)
    print_table(console(), cols, cells)


@commands.command()
def forecasts(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """Test the article's forecasts [F1]..[F5]: simultaneous and sequential side by side."""
    from multivector.explore.forecasts import forecast_report

    rows = forecast_report()
    if output_format is OutputFormat.JSON:
        echo_json(rows)
        return
    out = console()
    for r in rows:
        print_text(out, f"[{r['tag']}] {r['claim']}", style="bold")
        for family in ("simultaneous", "sequential"):
            pt = r[family]
            style = "green" if pt["status"] == "reproduced" else "red"
            print_text(
                out,
                f"  {family}: {pt['status'].upper()} ({pt['scenario']}, {pt['era']}): "
                f"{pt['evidence']}",
                style=style,
                indent=4,
            )
        print_text(out, f"  calibrated set, 2022- out of sample: {r['calibrated_test']}", indent=4)
        for family, c in r["calibrated"].items():
            print_text(
                out,
                f"    {family} ({c['scenario']}): holds in {c['holds']}/{c['n']} = "
                f"{c['share']:.3f} (95% Wilson interval {c['low']:.3f}-{c['high']:.3f})",
                indent=6,
            )
        for note in r["notes"]:
            print_text(out, f"  note: {note}", style="dim", indent=4)
    lev = rows[0]["leverage"]
    print_text(
        out,
        f"Russia's leverage L = {lev['value']:g} in every scenario and command: "
        f"{lev['definition']}; rows: {'; '.join(lev['rows'])}",
        style="dim",
    )
    print_text(out, "Changes made after a result was seen:", style="bold")
    for c in rows[0]["changes_after_results"]:
        print_text(
            out,
            f"  {c['scenario']}: {c['change']}, after {c['after']} (affects {c['forecasts']})",
            indent=4,
        )
    print_text(
        out, "Every such change is listed above; docs/model.md gives the reasons.", style="dim"
    )


@commands.command()
def convert(
    source: Annotated[
        Path, typer.Argument(metavar="IN", help="Game file (.json, .toml, .nfg, .efg).")
    ],
    target: Annotated[
        Path, typer.Argument(metavar="OUT", help="File to write (.json, .toml, .nfg, .efg).")
    ],
    reduced: Annotated[
        bool,
        typer.Option(
            "--reduced-normal-form",
            help="Write a tree's reduced normal form (for .nfg, or a normal-form .json/.toml).",
        ),
    ] = False,
) -> None:
    """Convert a game file between JSON, TOML and Gambit .nfg, or a tree between .efg and
    JSON/TOML tree files (parametric files at their defaults)."""
    from multivector.games.extensive.tree import ExtensiveFormGame
    from multivector.games.formats import convert_game, load_game, save_game
    from multivector.games.formats.registry import formats_for_suffix

    fits = formats_for_suffix(target.suffix)
    if not fits:
        convert_game(source, target)  # refuses the extension, before reading the source
    game: Any = load_game(source, object)
    if isinstance(game, ExtensiveFormGame):
        if reduced:
            from multivector.games.extensive.reduced import reduced_normal_form

            game = reduced_normal_form(game)
        elif not any(issubclass(ExtensiveFormGame, f.game_type) for f in fits):
            raise InputError(
                f"{target}: a {fits[0].description} holds normal-form games, not trees; add "
                "--reduced-normal-form to write the tree's reduced normal form, or write the "
                "tree to .efg, .json or .toml"
            )
    elif reduced:
        raise InputError(
            f"--reduced-normal-form applies to trees (.efg or tree files); {source} holds a "
            "normal-form game"
        )
    save_game(game, target)
    if isinstance(game, ExtensiveFormGame):
        typer.echo(
            f"wrote {target} ({game.num_players} players, a tree of {game.num_nodes} nodes)"
        )
    else:
        typer.echo(
            f"wrote {target} ({game.num_players} players, {'x'.join(map(str, game.shape))})"
        )
