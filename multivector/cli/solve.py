"""``multivector solve`` and ``multivector methods``."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
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
    format_option,
    load_game_or_tree,
)
from multivector.errors import SolverError
from multivector.files import shorten

__all__ = ["commands", "methods", "solve"]

commands = Commands()


def _label_option(method: str, label: str | None) -> dict[str, int | str]:
    """The solver options for ``--label``, refused for methods that take no label.

    A label of digits is an index (``0..m+n-1`` over both players' strategies), anything
    else a strategy label; the method checks it against the game.
    """
    from multivector.solver import METHODS

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
    from multivector.solver import METHODS

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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Run an enumeration even when its estimated work is past the method's "
            "budget (refused otherwise, with faster alternatives).",
        ),
    ] = False,
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
    """Find the equilibria of a game (or a tree: .efg, JSON/TOML tree files) and print them."""
    from multivector.games.normal_form import NormalFormGame
    from multivector.games.scenarios import SCENARIOS
    from multivector.solver import METHODS
    from multivector.solver import solve as solve_game

    items = assignments or ()
    game = load_game_or_tree(target, era, items)
    note = None
    if not isinstance(game, NormalFormGame):
        from multivector.cli import tree

        if method not in METHODS or METHODS[method].kind == "extensive":
            if label is not None:
                raise InputError(
                    "--label is an option of --method lemke-howson, which runs on a tree's "
                    "reduced normal form; the tree methods take no label"
                )
            found, view = tree.solve_target(game, target, era, items, method, exact=exact)
            tree.print_solution(found, output_format, view)
            return
        game, note = tree.reduced_form_for(game, method)
    options = _label_option(method, label)
    try:
        solution = solve_game(game, method, exact=exact, force=force, **options)
    except ImportError as err:
        raise SolverError(
            f"method {method!r} needs the module {err.name or err}, which is not "
            "installed; install it or choose another method"
        ) from None
    if note is not None:
        solution = replace(solution, notes=(*solution.notes, note))
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


@commands.command()
def methods(output_format: FormatOption = OutputFormat.TABLE) -> None:
    """List the solver methods: players, what they find, whether they are exact, which
    take trees."""
    from multivector.solver import METHODS

    if output_format is OutputFormat.JSON:
        typer.echo(render.methods_json(METHODS.values()))
        return
    from multivector.cli.tree import tree_methods_table

    out = console()
    render.methods_table([m for m in METHODS.values() if m.kind != "extensive"], out)
    out.print()
    tree_methods_table([m for m in METHODS.values() if m.kind == "extensive"], out)
