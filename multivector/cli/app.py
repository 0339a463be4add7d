"""The ``multivector`` command: parse the command line, call the library, format the result.

Errors the library raises on bad input (every :class:`~multivector.errors.MultivectorError`),
unreadable files and bad option values end with one line ``error: <message>`` on stderr and
exit status 2, never a traceback.
"""

import importlib
import inspect
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from multivector import __version__
from multivector.cli import render
from multivector.cli.scenarios import add_scenario_commands, load_target
from multivector.errors import MultivectorError, SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver import METHODS
from multivector.solver import solve as solve_game

__all__ = ["app", "main"]

#: Exit status of every error caused by the input (typer's own usage errors use it too).
EXIT_BAD_INPUT = 2

app = typer.Typer(
    name="multivector",
    help="Multi-vector foreign policy as games: solve normal-form games from the command line.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


# click's exception classes, from wherever this typer takes click (recent typer versions
# carry their own copy of it)
_click_exceptions = importlib.import_module(typer.BadParameter.__module__)
_UsageError: type[Exception] = _click_exceptions.UsageError
_ClickException: type[Exception] = _click_exceptions.ClickException
# raised for a bare `multivector`, with the help as its message (click >= 8.2)
_NoArgsIsHelp: type[Exception] | tuple[()] = getattr(_click_exceptions, "NoArgsIsHelpError", ())


#: The output formats of ``solve``; ``methods`` has the first two.
OUTPUT_FORMATS = ("table", "json", "csv")


class _InputError(Exception):
    """A bad option value or file found by the command line itself."""


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())


def _describe_os_error(err: OSError) -> str:
    name = f"{err.filename}: " if err.filename else ""
    return f"{name}{err.strerror or err}"


@contextmanager
def _errors_to_exit() -> Iterator[None]:
    """Turn input errors into one ``error:`` line on stderr and exit status 2."""
    try:
        yield
    except (MultivectorError, _InputError) as err:
        _fail(_one_line(str(err)))
    except OSError as err:
        _fail(_one_line(_describe_os_error(err)))


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


def _parse_format(value: str, allowed: Sequence[str]) -> str:
    v = value.strip().lower()
    if v not in allowed:
        raise _InputError(
            f"--format {value!r} is not one of {', '.join(allowed)}; e.g. --format json"
        )
    return v


def _load(target: Path | str | None) -> NormalFormGame:
    """The game of a command's argument: a scenario, a file, '-' for standard input, or
    the default scenario when None (see :func:`multivector.cli.scenarios.load_target`)."""
    return load_target(None if target is None else str(target))


def _check_label(method: str, label: str | None) -> dict[str, int | str]:
    """The solver options for ``--label``, refused for methods that take no label.

    A label of digits is an index (``0..m+n-1`` over both players' strategies), anything
    else a strategy label; the method checks it against the game.
    """
    if label is None:
        return {}
    if method == "auto" or method not in METHODS:
        raise _InputError(
            "--label needs a method that starts from a label; add --method lemke-howson"
        )
    runner = METHODS[method].load()
    params = inspect.signature(runner).parameters.values()
    if not any(p.name == "label" or p.kind is p.VAR_KEYWORD for p in params):
        raise _InputError(
            f"method {method!r} takes no --label; it is an option of --method lemke-howson"
        )
    return {"label": int(label) if label.strip().isdigit() else label}


@app.command()
def solve(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A scenario (see `multivector scenarios`) or a game file: .json, .toml "
            "(parametric files too) or .nfg (Gambit); '-' reads standard input. Without "
            "one, the default scenario great-powers is solved under its latest calibration.",
            show_default=False,
            metavar="SCENARIO|FILE",
        ),
    ] = None,
    era: Annotated[
        str | None,
        typer.Option("--era", metavar="ERA", help="Calibration of a scenario (default: latest)."),
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="NAME=VALUE", help="Override a parameter, e.g. russia.leverage=0.6."
        ),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            "-m",
            metavar="METHOD",
            help="Solver method (see `multivector methods`); auto picks a complete one.",
        ),
    ] = "auto",
    exact: Annotated[
        bool,
        typer.Option("--exact", help="Compute in rational arithmetic (2-player games)."),
    ] = False,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="Output: table, json or csv."),
    ] = "table",
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
    with _errors_to_exit():
        fmt = _parse_format(output_format, OUTPUT_FORMATS)
        game = load_target(target, era, assignments or ())
        options = _check_label(method, label)
        try:
            solution = solve_game(game, method, exact=exact, **options)
        except ImportError as err:
            raise SolverError(
                f"method {method!r} needs the module {err.name or err}, which is not "
                "installed; install it or choose another method"
            ) from None
        if fmt == "json":
            typer.echo(render.solution_json(solution))
        elif fmt == "csv":
            render.solution_csv(solution, sys.stdout)
        else:
            render.solution_table(solution, Console(highlight=False))


@app.command()
def methods(
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json."),
    ] = "table",
) -> None:
    """List the solver methods: players, what they find, whether they are exact."""
    with _errors_to_exit():
        fmt = _parse_format(output_format, OUTPUT_FORMATS[:2])
        if fmt == "json":
            typer.echo(render.methods_json(METHODS.values()))
        else:
            render.methods_table(METHODS.values(), Console(highlight=False))


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Run the command line and exit with its status.

    Usage errors (an unknown option, a missing value) and input errors alike end with one
    ``error:`` line on stderr and status 2.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, default ``sys.argv[1:]``.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        status = app(args=args, prog_name="multivector", standalone_mode=False)
    except _NoArgsIsHelp as err:
        # a bare `multivector`: the message is the help, shown as typer itself shows it
        typer.echo(err.format_message(), err=True)  # type: ignore[attr-defined]
        status = getattr(err, "exit_code", EXIT_BAD_INPUT)
    except _UsageError as err:
        ctx = getattr(err, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        typer.echo(f"error: {_one_line(err.format_message())}{hint}", err=True)  # type: ignore[attr-defined]
        status = getattr(err, "exit_code", EXIT_BAD_INPUT)
    except _ClickException as err:
        typer.echo(f"error: {_one_line(err.format_message())}", err=True)  # type: ignore[attr-defined]
        status = getattr(err, "exit_code", 1)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        status = 130
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`): not an error of ours
        sys.stderr.close()
        status = 1
    except MultivectorError as err:
        typer.echo(f"error: {_one_line(str(err))}", err=True)
        status = EXIT_BAD_INPUT
    except OSError as err:
        typer.echo(f"error: {_one_line(_describe_os_error(err))}", err=True)
        status = EXIT_BAD_INPUT
    sys.exit(status if isinstance(status, int) else 0)


# The other commands live in their own modules, each with a function that adds them here.
from multivector.cli.concepts import add_concept_commands  # noqa: E402
from multivector.cli.corridors import add_corridor_commands  # noqa: E402
from multivector.cli.explore import add_explore_commands  # noqa: E402
from multivector.cli.repeated import add_repeated_commands  # noqa: E402

for _add_commands in (
    add_concept_commands,
    add_scenario_commands,
    add_repeated_commands,
    add_corridor_commands,
    add_explore_commands,
):
    _add_commands(app)
