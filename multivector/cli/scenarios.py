"""Scenario commands: ``scenarios``, ``show``, ``params``, ``forecasts``, ``convert``.

:func:`add_scenario_commands` registers them on the main app; :func:`load_target` turns the
``solve`` command's argument (a scenario name, a game file or a parametric file, with
``--era`` and ``--set``) into a game.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.errors import FormatError, ScenarioError
from multivector.games.normal_form import NormalFormGame
from multivector.games.scenarios import (
    DEFAULT_SCENARIO,
    LATEST,
    SCENARIOS,
    get_scenario,
    parse_assignments,
)

__all__ = ["add_scenario_commands", "load_target", "payoff_tables"]


def load_target(
    target: str | None, era: str | None = None, assignments: Sequence[str] = ()
) -> NormalFormGame:
    """The game named by ``solve``'s argument.

    Parameters
    ----------
    target : str or None
        A scenario name, a game file, ``-`` (standard input) or None for the default
        scenario.
    era : str, optional
        Calibration; scenarios default to their latest, parametric files to their
        defaults.
    assignments : sequence of str
        ``name=value`` overrides (``--set``).

    Raises
    ------
    ScenarioError
        For an unknown parameter or era, a value out of bounds, or ``--era``/``--set`` on a
        game file without parameters.
    FormatError
        For a file that cannot be read.
    """
    overrides = parse_assignments(assignments)
    if target is None or target in SCENARIOS:
        scenario = get_scenario(target or DEFAULT_SCENARIO)
        # network-measured parameters are derived unless --set gives them
        return scenario.game(era=era or LATEST, overrides=overrides, derive=True)
    from multivector.games.formats import game_from_text, load_game
    from multivector.games.formats.parametric import is_parametric, read_parametric

    if target == "-":
        if era or overrides:
            raise ScenarioError("--era and --set need a scenario name or a parametric file")
        return game_from_text(sys.stdin.read(), source="<stdin>")
    path = Path(target)
    if not path.exists() and not path.suffix and "/" not in target and "\\" not in target:
        raise ScenarioError(
            f"{target!r} is neither a scenario ({', '.join(SCENARIOS)}) nor an existing "
            "file; check the name or the path"
        )
    if path.suffix.lower() in (".toml", ".json") and path.is_file():
        from multivector.games.formats.parametric import _parse

        data = _parse(path.read_text(encoding="utf-8"), str(path), path.suffix.lower())
        if is_parametric(data):
            return read_parametric(path).game(era=era, overrides=overrides)
    if era or overrides:
        raise ScenarioError(
            f"{target}: --era and --set need a scenario or a parametric file; this game "
            "file has no [parameters] table"
        )
    return load_game(path)


def _number(v: float) -> str:
    return f"{v:.4g}" if v != 0 else "0"


def payoff_tables(game: NormalFormGame, console: Console) -> None:
    """Print a game as payoff tables a person can read.

    Rows are the first player's strategies, columns the second's; each cell lists every
    player's payoff. With three or more players there is one table for each combination
    of the other players' strategies, headed by those strategies.
    """
    if game.title:
        console.print(Text(game.title, style="bold"))
    console.print(
        Text(
            f"{game.num_players} players: "
            + "; ".join(
                f"{p} ({', '.join(s)})" for p, s in zip(game.players, game.strategies, strict=True)
            )
        )
    )
    console.print(Text(f"cells: ({', '.join(game.players)})", style="dim"))
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
        console.print(table)


def _errors() -> AbstractContextManager[None]:
    from multivector.cli.app import _errors_to_exit

    return _errors_to_exit()


def _format(value: str, allowed: Sequence[str]) -> str:
    from multivector.cli.app import _parse_format

    return _parse_format(value, allowed)


def scenarios_command(
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
    ] = "table",
) -> None:
    """List the built-in scenarios (the default first)."""
    with _errors():
        fmt = _format(output_format, ("table", "json"))
        rows: list[dict[str, Any]] = []
        for name in SCENARIOS:
            s = get_scenario(name)
            rows.append(
                {
                    "name": name,
                    "players": list(s.players),
                    "shape": [len(x) for x in s.strategies],
                    "eras": list(s.eras),
                    "parameters": len(s.parameters),
                    "description": s.description,
                }
            )
        if fmt == "json":
            typer.echo(json.dumps(rows))
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
        Console(highlight=False).print(table)


def show_command(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="SCENARIO|FILE", help="Scenario name or game file.", show_default=False
        ),
    ] = None,
    era: Annotated[
        str | None, typer.Option("--era", metavar="ERA", help="Calibration (default: latest).")
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="NAME=VALUE", help="Override a parameter (repeatable)."),
    ] = None,
) -> None:
    """Print a scenario's or a file's payoff tables."""
    with _errors():
        game = load_target(target, era, assignments or ())
        payoff_tables(game, Console(highlight=False))


def params_command(
    scenario: Annotated[
        str, typer.Argument(metavar="SCENARIO|FILE", help="Scenario name or parametric file.")
    ],
    era: Annotated[
        str | None,
        typer.Option("--era", metavar="ERA", help="Also show this calibration's values."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
    ] = "table",
) -> None:
    """List a scenario's parameters: default, bounds, unit, source and meaning."""
    with _errors():
        fmt = _format(output_format, ("table", "json"))
        if scenario in SCENARIOS:
            s = get_scenario(scenario)
            parameters = s.parameters
            values = s.values(era) if era else None
        else:
            from multivector.games.formats.parametric import read_parametric

            pg = read_parametric(scenario)
            parameters = pg.parameters
            values = pg.values(era) if era else None
        rows = []
        for name, p in parameters.items():
            d = p.to_dict()
            row = {k: d[k] for k in ("name", "default", "min", "max", "unit", "source", "meaning")}
            row["kind"] = d["kind"]
            if d["derive"]:
                row["derive"] = d["derive"]
                row["source"] += f" | by default derived by {d['derive']}"
            if values is not None:
                row["value"] = values[name]
            rows.append(row)
        if fmt == "json":
            typer.echo(json.dumps(rows))
            return
        table = Table()
        cols = ["name", "default", "bounds", "unit", "source", "meaning"]
        if values is not None:
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
            if values is not None:
                cells.insert(2, f"{row['value']:g}")
            table.add_row(*(Text(str(c)) for c in cells))
        Console(highlight=False).print(table)


def forecasts_command(
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
    ] = "table",
) -> None:
    """Test the article's forecasts [F1]..[F5] on the calibrated scenarios."""
    with _errors():
        fmt = _format(output_format, ("table", "json"))
        from multivector.explore.forecasts import evaluate_forecasts

        results = evaluate_forecasts()
        if fmt == "json":
            typer.echo(json.dumps([r.to_dict() for r in results]))
            return
        console = Console(highlight=False)
        for r in results:
            style = "green" if r.status == "reproduced" else "red"
            console.print(Text(f"[{r.tag}] {r.claim}", style="bold"))
            console.print(
                Text(f"  {r.status.upper()}", style=style) + Text(f"  ({r.scenario}, {r.era})")
            )
            console.print(Text(f"  test: {r.test}"))
            console.print(Text(f"  equilibria: {r.evidence}"))
            for note in r.notes:
                console.print(Text(f"  note: {note}", style="dim"))
        console.print(
            Text(
                "No parameter was moved to make a forecast hold; docs/model.md explains "
                "what would have to change for those not reproduced.",
                style="dim",
            )
        )


def convert_command(
    source: Annotated[Path, typer.Argument(metavar="IN", help="Game file (.json, .toml, .nfg).")],
    target: Annotated[
        Path, typer.Argument(metavar="OUT", help="File to write (.json, .toml, .nfg).")
    ],
) -> None:
    """Convert a game file between JSON, TOML and Gambit .nfg (parametric files at defaults)."""
    with _errors():
        from multivector.games.formats import FORMATS, load_game, save_game

        if target.suffix.lower() not in FORMATS:
            raise FormatError(
                f"{target}: unknown extension {target.suffix or '(none)'!r}; use one of "
                f"{', '.join(FORMATS)}"
            )
        game = load_game(source)
        save_game(game, target)
        typer.echo(
            f"wrote {target} ({game.num_players} players, {'x'.join(map(str, game.shape))})"
        )


def add_scenario_commands(app: typer.Typer) -> None:
    """Register ``scenarios``, ``show``, ``params``, ``forecasts`` and ``convert`` on ``app``."""
    app.command("scenarios")(scenarios_command)
    app.command("show")(show_command)
    app.command("params")(params_command)
    app.command("forecasts")(forecasts_command)
    app.command("convert")(convert_command)
