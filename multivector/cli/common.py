"""What every command shares: errors, loading a game, output formats, options, registration.

A command module holds the functions of one group of commands, each registered with
``@commands.command()`` on the module's :class:`Commands`; ``multivector.cli.app`` lists
the modules. A command function parses its options, calls one library function and
renders the result; it raises, and never prints, on bad input:

* every :class:`~multivector.errors.MultivectorError` of the library (a missing optional
  dependency, :class:`~multivector.errors.MissingDependencyError`, among them),
  :class:`InputError` for a bad option value found by the command itself, and ``OSError``,
  end with one line ``error: <message>`` on stderr and exit status 2
  (:data:`EXIT_BAD_INPUT`);
* so do typer's own usage errors (an unknown option, a missing argument), with a hint to
  the command's ``--help``.

The handling lives in :class:`Group`, the app's command group, so it applies however the
app is run: ``multivector``, ``python -m multivector``, or typer's ``CliRunner``.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from multivector.errors import MultivectorError

if TYPE_CHECKING:
    from multivector.games.extensive.tree import ExtensiveFormGame
    from multivector.games.normal_form import NormalFormGame

__all__ = [
    "CAUGHT_WARNINGS",
    "DEBUG_VARIABLE",
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL_ERROR",
    "FIGURE_FORMATS",
    "MAX_SEED",
    "Command",
    "Commands",
    "EraOption",
    "FormatOption",
    "Group",
    "InputError",
    "OutputFormat",
    "PlotOption",
    "SetOption",
    "TargetArgument",
    "check_choice",
    "check_count",
    "check_number",
    "check_plot_path",
    "check_seed",
    "console",
    "echo_json",
    "format_option",
    "load_game",
    "load_game_or_tree",
    "one_line",
    "parse_labels",
    "parse_numbers",
    "parse_profile",
    "save_figure",
]

#: Exit status of every error caused by the input (typer's own usage errors use it too).
EXIT_BAD_INPUT = 2
#: Exit status of an error that is a bug of multivector (``EX_SOFTWARE`` of sysexits.h):
#: one ``error: internal error ...`` line, and the traceback only with :data:`DEBUG_VARIABLE`.
EXIT_INTERNAL_ERROR = 70
#: Set this environment variable (to anything but ``0``) to see the traceback of an
#: internal error.
DEBUG_VARIABLE = "MULTIVECTOR_DEBUG"
#: Largest ``--seed`` (seeds are whole numbers from 0 to this).
MAX_SEED = 2**63 - 1
#: The warnings the last run of the app silenced (a command prints results, notes and
#: errors, never a library's warnings); tests read it.
CAUGHT_WARNINGS: list[warnings.WarningMessage] = []

F = TypeVar("F", bound=Callable[..., Any])


class InputError(Exception):
    """A bad option value or file found by the command line itself."""


def one_line(message: str) -> str:
    """A message on one line (its white space folded)."""
    return " ".join(str(message).split())


# ------------------------------------------------------------------ errors
# click's exception classes, from wherever this typer takes click (recent typer versions
# carry their own copy of it)
_click = importlib.import_module(typer.BadParameter.__module__)
_UsageError: type[Exception] = _click.UsageError
_ClickException: type[Exception] = _click.ClickException
# raised for a bare `multivector`, with the help as its message (click >= 8.2)
_NoArgsIsHelp: type[Exception] | tuple[()] = getattr(_click, "NoArgsIsHelpError", ())


def _describe_os_error(err: OSError) -> str:
    name = f"{err.filename}: " if err.filename else ""
    return f"{name}{err.strerror or err}"


def _error(message: str) -> None:
    typer.echo(f"error: {one_line(message)}", err=True)


class _PlainCoercion:
    """A command parameter's value as typer would coerce it, for the plain cases.

    Recent typer versions coerce every parameter value (defaults included) through a
    pydantic ``TypeAdapter``, and importing pydantic costs more CPU than a small ``solve``
    itself. This reads plain values directly: a string for a ``str`` parameter, strings
    for a ``list[str]`` one, a default already of the parameter's type, or the value of the
    parameter's own ``parser``. Anything else (and any value a parser refuses with a
    ``ValueError``) goes to typer's own coercion, so the results and the error messages
    are typer's.
    """

    def __init__(self, descriptor: Any, build: Callable[[Any], Any]) -> None:
        self._descriptor = descriptor
        self._build = build
        self._full: Any = None

    def _typer(self) -> Any:
        if self._full is None:
            self._full = self._build(self._descriptor)
        return self._full

    def _plain(self, value: Any, multiple: bool) -> Any:
        info = self._descriptor.parameter_info
        annotation = self._descriptor.annotation
        if info.parser is not None:
            return self if multiple else info.parser(value)
        if multiple:
            strings = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
            return list(value) if annotation == list[str] and strings else self
        if annotation is str and isinstance(value, str):
            return value
        if annotation is int and not info.clamp:
            number = value if type(value) is int else _plain_int(value)
            if number is not None and _within(number, info.min, info.max):
                return number
            return self
        if annotation is Path and isinstance(value, str):
            path = _plain_path(value, info)
            return self if path is None else path
        plain_number = annotation is float and info.min is None and info.max is None
        return value if plain_number and type(value) is annotation else self

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multiple = bool(param.multiple or param.nargs == -1)
        if value is None:
            return () if multiple else None
        try:
            plain = self._plain(value, multiple)
        except ValueError:
            plain = self
        if plain is self:
            return self._typer().coerce(value, param=param, ctx=ctx)
        return plain


def _plain_int(value: Any) -> int | None:
    """An integer written plainly (optional sign, decimal digits), else None."""
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,18}", value):
        return int(value)
    return None


def _within(number: int, low: Any, high: Any) -> bool:
    return (low is None or number >= low) and (high is None or number <= high)


#: typer's default path checks; a path parameter with other checks goes to typer
_PATH_DEFAULTS = {
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
}


def _plain_path(value: str, info: Any) -> Path | None:
    """``Path(value)`` where typer's default path checks would pass it unchanged (a
    non-empty name of nothing, or of something readable); else None, and the value goes
    to typer (its checks, its message)."""
    plain = value != "" and all(getattr(info, k) == v for k, v in _PATH_DEFAULTS.items())
    if plain and (not os.path.lexists(value) or os.access(value, os.R_OK)):
        return Path(value)
    return None


def _plain_coercion(params: Sequence[Any]) -> None:
    """Give ``params`` the :class:`_PlainCoercion` of their values.

    It relies on how typer (0.2x) builds a parameter's coercion on first use; with a typer
    that works otherwise, the parameters are left as they are.
    """
    try:
        from typer._coercion import build_runtime_param
    except ImportError:  # a typer that coerces otherwise
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if (
            descriptor is not None
            and getattr(param, "_runtime_param", False) is None
            and descriptor.file_annotation is None
        ):
            param._runtime_param = _PlainCoercion(descriptor, build_runtime_param)


class Command(TyperCommand):
    """A command whose plain parameter values skip pydantic (see :class:`_PlainCoercion`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _plain_coercion(params)  # the help option, added here, included
        return params


class Group(TyperGroup):
    """The app's command group: every error ends as one ``error:`` line and a status.

    Input errors (see the module docstring) give :data:`EXIT_BAD_INPUT`; an interrupted
    run 130; a reader that closes the pipe (``| head``) 1, silently.
    """

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _plain_coercion(params)
        return params

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        CAUGHT_WARNINGS.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status = self._run(args, prog_name, complete_var, **extra)
        CAUGHT_WARNINGS.extend(caught)
        if standalone_mode:
            sys.exit(status)
        return status

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        """Run the app; the exit status, every error reported as one ``error:`` line."""
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            status = result if isinstance(result, int) else 0
        except _NoArgsIsHelp as err:
            # a bare `multivector`: the message is the help, shown as typer itself shows it
            typer.echo(err.format_message(), err=True)  # type: ignore[attr-defined]
            status = getattr(err, "exit_code", EXIT_BAD_INPUT)
        except _UsageError as err:
            ctx = getattr(err, "ctx", None)
            hint = ""
            if ctx is not None and not isinstance(err, _FormatChoiceError):
                # (a --format message names the fix already)
                hint = f" (see '{ctx.command_path} --help')"
            _error(f"{err.format_message()}{hint}")  # type: ignore[attr-defined]
            status = getattr(err, "exit_code", EXIT_BAD_INPUT)
        except _ClickException as err:
            _error(err.format_message())  # type: ignore[attr-defined]
            status = getattr(err, "exit_code", 1)
        except typer.Abort:
            _error("aborted")
            status = 130
        except BrokenPipeError:
            # the reader of our output went away (e.g. `| head`): not an error of ours
            sys.stderr.close()
            status = 1
        except (MultivectorError, InputError) as err:
            _error(str(err))
            status = EXIT_BAD_INPUT
        except OSError as err:
            _error(_describe_os_error(err))
            status = EXIT_BAD_INPUT
        except MemoryError:
            _error(
                "out of memory: the input is too large for this computation; try a smaller "
                "game or a method that finds one equilibrium (--method lemke-howson)"
            )
            status = EXIT_BAD_INPUT
        except KeyboardInterrupt:
            _error("interrupted")
            status = 130
        except Exception as err:
            if os.environ.get(DEBUG_VARIABLE, "0") not in ("", "0"):
                raise
            _error(
                f"internal error ({type(err).__name__}: {one_line(str(err))[:300]}); this is "
                f"a bug in multivector: please report it with the command and its input "
                f"({DEBUG_VARIABLE}=1 shows the traceback)"
            )
            status = EXIT_INTERNAL_ERROR
        return status


# ------------------------------------------------------------------ registration
class Commands:
    """The commands of one module, registered on the app by ``multivector.cli.app``.

    Examples
    --------
    >>> commands = Commands()
    >>> @commands.command()
    ... def hello() -> None:
    ...     '''Say hello.'''
    >>> [name for name, _ in commands]
    ['hello']
    """

    def __init__(self) -> None:
        self._commands: list[tuple[str, Callable[..., Any]]] = []

    def command(self, name: str | None = None) -> Callable[[F], F]:
        """Register the decorated function as the command ``name`` (default: its name,
        underscores as hyphens)."""

        def register(func: F) -> F:
            self._commands.append((name or func.__name__.replace("_", "-"), func))
            return func

        return register

    def __iter__(self) -> Iterator[tuple[str, Callable[..., Any]]]:
        return iter(self._commands)

    def add_to(self, app: typer.Typer, *, only: str | None = None) -> None:
        """Add every command to ``app``, in the order they were registered (or the command
        called ``only`` alone)."""
        for name, func in self._commands:
            if only is None or name == only:
                app.command(name, cls=Command)(func)


# ------------------------------------------------------------------ output formats
class OutputFormat(StrEnum):
    """What a command prints: tables for people, JSON or CSV for pipes."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def check_choice(
    option: str, value: str, allowed: Sequence[str], *, example: str | None = None
) -> str:
    """``value`` (case and surrounding white space ignored) when it is one of ``allowed``.

    Raises
    ------
    InputError
        Naming the option, the value and the choices.
    """
    v = str(value).strip().lower()
    if v not in allowed:
        hint = f"; e.g. {option} {example}" if example else ""
        raise InputError(f"{option} {value!r} is not one of {', '.join(allowed)}{hint}")
    return v


class _FormatChoiceError(typer.BadParameter):
    """A --format value that is not one of the command's choices (its message as is)."""

    def format_message(self) -> str:
        return self.message


def format_option(*allowed: OutputFormat) -> Any:
    """The ``--format``/``-f`` option of a command that prints the ``allowed`` formats.

    The value is an :class:`OutputFormat`; the choice is checked here (case-insensitive)
    so that every command refuses a bad value with the same one-line message.
    """
    names = [f.value for f in allowed]

    def parse(value: Any) -> OutputFormat:
        if isinstance(value, OutputFormat):
            return value
        try:
            return OutputFormat(check_choice("--format", value, names, example="json"))
        except InputError as err:
            raise _FormatChoiceError(str(err)) from None

    words = ", ".join(names[:-1]) + f" or {names[-1]}"
    return typer.Option("--format", "-f", metavar="FORMAT", help=f"Output: {words}.", parser=parse)


#: ``--format table|json``.
FormatOption = Annotated[OutputFormat, format_option(OutputFormat.TABLE, OutputFormat.JSON)]


def echo_json(data: Any) -> None:
    """Print ``data`` as one line of JSON."""
    typer.echo(json.dumps(data))


def console() -> Console:
    """A console for tables: no syntax highlighting of numbers and words."""
    return Console(highlight=False)


# ------------------------------------------------------------------ games and options
#: The ``SCENARIO|FILE`` argument of the commands that take a game.
TargetArgument = Annotated[
    str | None,
    typer.Argument(
        help="A scenario (see `multivector scenarios`) or a game file: .json, .toml "
        "(parametric files too) or .nfg (Gambit); '-' reads standard input. Without one, "
        "the default scenario great-powers under its latest calibration.",
        show_default=False,
        metavar="SCENARIO|FILE",
    ),
]
#: ``--era ERA``.
EraOption = Annotated[
    str | None,
    typer.Option("--era", metavar="ERA", help="Calibration of a scenario (default: latest)."),
]
#: ``--set NAME=VALUE`` (repeatable).
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", metavar="NAME=VALUE", help="Override a parameter, e.g. russia.leverage=0.6."
    ),
]
#: The figure formats ``--plot`` writes, by the file's suffix (matplotlib's own writers;
#: a file without a suffix is a PNG).
FIGURE_FORMATS = ("png", "pdf", "svg", "svgz", "eps", "ps", "jpg", "jpeg", "tif", "tiff",
                  "webp", "pgf", "raw", "rgba", "gif", "avif")  # fmt: skip


def check_plot_path(value: Path | None) -> Path | None:
    """A ``--plot`` path, checked while the options are parsed: a known figure format (by
    its suffix) in a folder that exists.

    Examples
    --------
    >>> check_plot_path(Path("phase.png"))
    PosixPath('phase.png')
    >>> check_plot_path(Path("phase.xyz"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --plot phase.xyz: '.xyz' is not a figure format; ...
    """
    if value is None:
        return None
    suffix = value.suffix.lower().lstrip(".")
    if suffix and suffix not in FIGURE_FORMATS:
        raise InputError(
            f"--plot {value}: '.{suffix}' is not a figure format; use one of "
            f"{', '.join(FIGURE_FORMATS[:4])}, ... (e.g. --plot figure.png)"
        )
    if value.is_dir():
        raise InputError(f"--plot {value}: is a folder; give a file name, e.g. figure.png")
    folder = value.parent
    if not folder.is_dir():
        raise InputError(f"--plot {value}: the folder {folder} does not exist")
    return value


#: ``--plot FILE.png``.
PlotOption = Annotated[
    Path | None,
    typer.Option(
        "--plot",
        metavar="FILE.png",
        help="Also draw a figure (needs matplotlib).",
        callback=check_plot_path,
    ),
]


def load_game(
    target: str | Path | None,
    era: str | None = None,
    assignments: Sequence[str] = (),
    *,
    check_range: bool = True,
) -> NormalFormGame:
    """The game of a command's ``SCENARIO|FILE`` argument.

    A scenario name or a game file (see :func:`multivector.games.models.resolve_game`),
    ``-`` for a game file on standard input (read through the same checked boundary,
    :func:`multivector.files.read_stream`), or None for the default scenario; ``era`` and
    ``assignments`` (``--set name=value``) apply to scenarios and parametric files.

    With ``check_range`` (the default, for every command that computes), a game with a
    payoff beyond :data:`~multivector.games.normal_form.MAX_ABS_PAYOFF` is refused
    (:func:`~multivector.games.normal_form.check_payoff_range`).
    """
    from multivector.games.models import resolve_game
    from multivector.games.normal_form import NormalFormGame, check_payoff_range
    from multivector.games.scenarios import parse_assignments

    overrides = parse_assignments(assignments)
    if target is not None and str(target) == "-":
        from multivector.files import decode_text, read_stream
        from multivector.games.formats import game_from_text

        if era or overrides:
            raise InputError("--era and --set need a scenario name or a parametric file")
        data = read_stream(sys.stdin, "<stdin>", expected="a game file")
        game = game_from_text(
            decode_text(data, "<stdin>", expected="a game file"), source="<stdin>"
        )
    else:
        game = resolve_game(target, era=era, overrides=overrides)
    if check_range and isinstance(game, NormalFormGame):  # a sequential scenario is a tree
        check_payoff_range(game)
    return game


def load_game_or_tree(
    target: str | Path | None, era: str | None = None, assignments: Sequence[str] = ()
) -> NormalFormGame | ExtensiveFormGame:
    """The game of a ``SCENARIO|FILE`` argument that may also be a tree.

    As :func:`load_game`, and a tree file (Gambit ``.efg``, a JSON or TOML tree file, or
    ``-`` with one on standard input) gives its
    :class:`~multivector.games.extensive.ExtensiveFormGame`; ``assignments`` set the
    parameters of a tree file that has them.
    """
    from multivector.games.extensive.tree import ExtensiveFormGame
    from multivector.games.formats.registry import file_format
    from multivector.games.scenarios import SCENARIOS, parse_assignments

    if target is None or str(target) in SCENARIOS:
        return load_game(target, era, assignments)
    if str(target) == "-":
        from multivector.files import decode_text, read_stream
        from multivector.games.formats import game_from_text

        if era or assignments:
            raise InputError("--era and --set need a scenario name or a parametric file")
        data = read_stream(sys.stdin, "<stdin>", expected="a game file")
        text = decode_text(data, "<stdin>", expected="a game file")
        game: NormalFormGame | ExtensiveFormGame = game_from_text(text, object, source="<stdin>")  # type: ignore[assignment]
        from multivector.games.normal_form import NormalFormGame, check_payoff_range

        if isinstance(game, NormalFormGame):  # the range rule of load_game, for "-" too
            check_payoff_range(game)
        return game
    path = Path(target)
    if not path.is_file():
        return load_game(target, era, assignments)
    fmt = file_format(path)
    if fmt is None or not issubclass(fmt.game_type, ExtensiveFormGame):
        return load_game(target, era, assignments)
    if era:
        raise InputError(f"{target}: --era needs a scenario; a tree file has no calibrations")
    from multivector.games.formats.tree import read_tree_file

    return read_tree_file(path, values=parse_assignments(assignments or ()))


def parse_labels(text: str) -> list[str]:
    """``"A, B"`` -> ``["A", "B"]``: comma-separated labels, white space dropped."""
    return [x.strip() for x in text.split(",")]


def parse_profile(game: NormalFormGame, text: str | None, option: str) -> list[str] | None:
    """A pure profile of ``game`` given as ``LABEL,LABEL,...`` (None stays None), checked:
    one known strategy per player; an error names the option."""
    if text is None:
        return None
    labels = parse_labels(text)
    game.profile_index(labels, name=f"{option} {text!r}")
    return labels


def save_figure(figure: Any, path: Path, *, dpi: int = 120) -> None:
    """Write a figure made by :mod:`multivector.plot` to ``path`` (format from its suffix).

    The figure has no ``pyplot`` manager, so this chooses no backend: matplotlib picks the
    writer for the file's format.

    Raises
    ------
    InputError
        When matplotlib cannot write that format (the file is not written).
    """
    try:
        figure.savefig(path, dpi=dpi)
    except ValueError as err:  # an unsupported format, or a bad dpi
        raise InputError(f"--plot {path}: {err}") from None


def parse_numbers(
    items: Sequence[str],
    option: str,
    example: str,
    *,
    what: str = "NAME",
    bounds: tuple[float, float] = (-math.inf, math.inf),
    smallest: float = 0.0,
) -> dict[str, float]:
    """``["NAME=NUMBER", ...]`` -> ``{name: number}``, split at the last ``=``.

    Raises
    ------
    InputError
        For an item without a name or a finite number within ``bounds`` (and 0 or at least
        ``smallest`` in size); the message shows ``example``.
    """
    from multivector.files import shorten

    out: dict[str, float] = {}
    low, high = bounds
    for item in items:
        name, sep, value = item.rpartition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        shown = shorten(item, 60)
        if not sep or not name.strip() or not math.isfinite(number):
            raise InputError(f"{option} {shown!r} must look like {what}=NUMBER, e.g. {example}")
        if not low <= number <= high or 0 < abs(number) < smallest:
            tiny = f", and be 0 or at least {smallest:g}" if smallest else ""
            raise InputError(
                f"{option} {shown!r}: the number must lie in [{low:g}, {high:g}]{tiny}, e.g. "
                f"{example}"
            )
        out[name.strip()] = number
    return out


def check_seed(value: int | None) -> int | None:
    """A ``--seed`` value, checked: None or a whole number from 0 to :data:`MAX_SEED`.

    A typer ``callback``, so the check runs while the options are parsed, before any work.

    Raises
    ------
    InputError
        For a negative or too large seed.

    Examples
    --------
    >>> check_seed(3)
    3
    >>> check_seed(-1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --seed -1 must be a whole number from 0 to 2**63 - 1, ...
    """
    if value is not None and not 0 <= value <= MAX_SEED:
        raise InputError(
            f"--seed {shorten_number(value)} must be a whole number from 0 to 2**63 - 1, "
            "e.g. --seed 3"
        )
    return value


def shorten_number(value: object) -> str:
    """A number for a message, at most about 40 characters."""
    from multivector.files import shorten

    text = str(value) if not isinstance(value, int) or abs(value) < 10**40 else f"{value:.3e}"
    return shorten(text, 40)


def check_count(option: str, low: int, high: int, *, example: int | None = None) -> Any:
    """A typer ``callback`` checking that an integer option lies in ``[low, high]``.

    Examples
    --------
    >>> check_count("--rounds", 1, 1000)(20)
    20
    >>> check_count("--rounds", 1, 1000)(0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --rounds 0 must be a whole number from 1 to 1,000, ...
    """

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise InputError(
                f"{option} {shorten_number(value)} must be a whole number from {low:,} to "
                f"{high:,}, e.g. {option} {example if example is not None else low}"
            )
        return value

    return check


def check_number(
    option: str,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
    example: str,
) -> Any:
    """A typer ``callback`` checking that a float option is finite and within the bounds.

    Examples
    --------
    >>> check_number("--noise", 0, 1, example="0.05")(0.1)
    0.1
    >>> check_number("--noise", 0, 1, example="0.05")(float("nan"))
    Traceback (most recent call last):
    ...
    multivector.cli.common.InputError: --noise nan must be a number in [0, 1], e.g. --noise 0.05
    """
    span = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"

    def check(value: float | None) -> float | None:
        if value is None:
            return None
        ok = (
            math.isfinite(value)
            and (value > low if low_open else value >= low)
            and (value < high if high_open else value <= high)
        )
        if not ok:
            raise InputError(
                f"{option} {value:g} must be a number in {span}, e.g. {option} {example}"
            )
        return value

    return check
