"""``multivector solve`` and ``multivector methods``."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from multivector.cli import render
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
    format_option,
    load_game,
)
from multivector.errors import SolverError
from multivector.files import shorten
from multivector.games.scenarios import SCENARIOS
from multivector.solver import METHODS
from multivector.solver import solve as solve_game

__all__ = ["commands", "methods", "solve"]

commands = Commands()


def _label_option(method: str, label: str | None) -> dict[str, int | str]:
    """The solver options for ``--label``, refused for methods that take no label.

    A label of digits is an index (``0..m+n-1`` over both players' strategies), anything
    else a strategy label; the method checks it against the game.
    """
    if label is None:
        return {}
    if method == "auto" or method not in METHODS:
        raise InputError(
            "--label needs a method that starts from a label; add --method lemke-howson"
        )
    params = inspect.signature(METHODS[method].load()).parameters.values()
    if not any(p.name == "label" or p.kind is p.VAR_KEYWORD for p in params):
        raise InputError(
            f"method {method!r} takes no --label; it is an option of --method lemke-howson"
        )
    text = label.strip()
    if text.isascii() and text.isdigit():
        if len(text) > 9:
            raise InputError(
                f"--label {shorten(text, 30)} is too large to be a strategy index; give an "
                "index from 0 (the row player's first strategy) or a strategy label"
            )
        return {"label": int(text)}
    return {"label": label}


def _check_method(value: str) -> str:
    """``--method``, checked while the options are parsed (before the game is read)."""
    if value != "auto" and value not in METHODS:
        raise InputError(
            f"--method: unknown method {shorten(value, 40)!r}; choose one of auto, "
            f"{', '.join(METHODS)} (see `multivector methods`)"
        )
    return value


@commands.command()
def solve(
    target: TargetArgument = None,
    era: EraOption = None,
    assignments: SetOption = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            metavar="METHOD",
            help="Solver method (see `multivector methods`); auto picks a complete one.",
            callback=_check_method,
        ),
    ] = "auto",
    exact: Annotated[
        bool,
        typer.Option("--exact", help="Compute in rational arithmetic (2-player games)."),
    ] = False,
    output_format: Annotated[
        OutputFormat,
        format_option(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV),
    ] = OutputFormat.TABLE,
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            metavar="K",
            help="Label dropped first by --method lemke-howson: a strategy index counted "
            "over both players (0..m+n-1) or a strategy label.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find the equilibria of a game and print them."""
    if method == "auto" and _solve_tree_scenario(target, era, assignments or (), output_format):
        return
    game = load_game(target, era, assignments or ())
    options = _label_option(method, label)
    try:
        solution = solve_game(game, method, exact=exact, **options)
    except ImportError as err:
        raise SolverError(
            f"method {method!r} needs the module {err.name or err}, which is not "
            "installed; install it or choose another method"
        ) from None
    if output_format is OutputFormat.JSON:
        text = render.solution_json(solution)
        if target is None or str(target) in SCENARIOS:
            text = _with_parameters(text, target, era, assignments or ())
        typer.echo(text)
    elif output_format is OutputFormat.CSV:
        render.solution_csv(solution, sys.stdout)
    else:
        render.solution_table(solution, console())


def _with_parameters(text: str, target: str | None, era: str | None, items: Sequence[str]) -> str:
    """A scenario's solution JSON with the ``parameters`` it was solved at."""
    from multivector.games.scenarios import DEFAULT_SCENARIO, LATEST, get_scenario
    from multivector.games.scenarios.base import parse_assignments

    scenario = get_scenario(target or DEFAULT_SCENARIO)
    data = json.loads(text)
    data["parameters"] = scenario.values(era or LATEST, parse_assignments(items), derive=True)
    return json.dumps(data)


def _solve_tree_scenario(
    target: str | None, era: str | None, items: Sequence[str], output_format: OutputFormat
) -> bool:
    """Solve a sequential scenario by its own method and print it; False for any other
    target (which the generic path solves)."""
    from multivector.games.scenarios import LATEST, TreeScenario, get_scenario
    from multivector.games.scenarios.base import parse_assignments

    if target is None or str(target) not in SCENARIOS:
        return False
    scenario = get_scenario(str(target))
    if not isinstance(scenario, TreeScenario):
        return False
    from multivector.cli.trees import tree_solution_dict, tree_solution_table

    overrides = parse_assignments(items)
    name = era or LATEST
    label = scenario.latest_era if name == LATEST else name
    values = scenario.values(name, overrides, derive=True)
    solution = scenario.solve(name, overrides, derive=True)
    if output_format is OutputFormat.JSON:
        echo_json(tree_solution_dict(scenario, solution, label, values))
    elif output_format is OutputFormat.CSV:
        raise InputError("--format csv prints normal-form equilibria; use table or json")
    else:
        tree_solution_table(scenario, solution, label, values, console())
    return True


@commands.command()
def methods(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """List the solver methods: players, what they find, whether they are exact."""
    if output_format is OutputFormat.JSON:
        typer.echo(render.methods_json(METHODS.values()))
    else:
        render.methods_table(METHODS.values(), console())
