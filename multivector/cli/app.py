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


def _new_app() -> typer.Typer:
    """An app with the root options and no command yet."""
    new = typer.Typer(
        name="multivector",
        cls=Group,
        help="Multi-vector foreign policy as games: solve normal-form games from the command "
        "line.",
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )
    new.callback()(_root)
    return new


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"multivector {__version__}")
        raise typer.Exit()


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


#: The app: every command.
app = _new_app()
for _module in COMMAND_MODULES:
    _module.commands.add_to(app)


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app that runs ``args``: for ``multivector COMMAND ...`` one that holds COMMAND
    alone, else (``--help``, ``--version``, an unknown command) :data:`app`.

    typer builds every command of an app (reads its signature and annotations) each time
    the app runs; building only the command that runs saves most of that start-up cost.
    The command behaves the same: its options, help, errors and exit status are its own.
    """
    if args and not args[0].startswith("-"):
        for module in COMMAND_MODULES:
            if args[0] in dict(module.commands):
                single = _new_app()
                module.commands.add_to(single, only=args[0])
                return single
    return app


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with its status.

    Usage errors (an unknown option, a missing value) and input errors alike end with one
    ``error:`` line on stderr and status 2 (see :mod:`multivector.cli.common`).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, default ``sys.argv[1:]``.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    _app_for(args)(args=args, prog_name="multivector")
    sys.exit(0)  # not reached: the app exits with its status
