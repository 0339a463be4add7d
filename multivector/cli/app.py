"""The ``multivector`` app: the root options, the command modules, the entry point.

Every command lives in a module of this package with a :class:`~multivector.cli.common.Commands`
named ``commands``; :data:`COMMAND_MODULES` lists them in the order ``--help`` shows
them. Adding a command group is one module and one line there.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, NoReturn

import typer

from multivector import __version__
from multivector.cli import concepts, corridors, explore, repeated, scenarios, solve, tree
from multivector.cli.common import Group

__all__ = ["COMMAND_MODULES", "app", "main"]

#: The command modules, in the order of ``multivector --help``.
COMMAND_MODULES = (solve, tree, concepts, scenarios, repeated, corridors, explore)

app = typer.Typer(
    name="multivector",
    cls=Group,
    help="Multi-vector foreign policy as games: solve normal-form games from the command line.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"multivector {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            callback=_version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Multi-vector foreign policy as games: solve normal-form games from the command line."""


for _module in COMMAND_MODULES:
    _module.commands.add_to(app)


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with its status.

    Usage errors (an unknown option, a missing value) and input errors alike end with one
    ``error:`` line on stderr and status 2 (see :mod:`multivector.cli.common`).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, default ``sys.argv[1:]``.
    """
    app(args=list(sys.argv[1:] if argv is None else argv), prog_name="multivector")
    sys.exit(0)  # not reached: the app exits with its status
