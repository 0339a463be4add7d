"""Exploration commands: ``sweep`` (grids and random draws) and ``robustness`` (margins)."""

from __future__ import annotations

import contextlib
import importlib
import shlex
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from multivector.cli.common import (
    Commands,
    InputError,
    check_count,
    check_number,
    check_seed,
    console,
    parse_labels,
    save_figure,
)
from multivector.cli.render import number, print_table, print_text

#: The default of ``--max-points`` (``multivector.explore.sweep.DEFAULT_MAX_POINTS``,
#: repeated so that the command line does not import the sweep module to show it).
DEFAULT_MAX_POINTS = 10_000_000

if TYPE_CHECKING:
    from multivector.explore.robustness import MarginTable

__all__ = ["commands", "robustness", "sweep"]

commands = Commands()


@commands.command()
def sweep(
    target: Annotated[
        str, typer.Argument(metavar="SCENARIO|FILE", help="A scenario or a parametric game file.")
    ],
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            metavar="NAME=LOW:HIGH:N",
            help="A grid parameter; with --draws, NAME=LOW:HIGH (uniform) or NAME=normal:MEAN:SD.",
        ),
    ],
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws",
            metavar="N",
            help="Random draws instead of a grid.",
            callback=check_count("--draws", 1, 10**12, example=1000),
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            metavar="S",
            help="Seed of the draws, below 2**128.",
            callback=check_count("--seed", 0, 2**128 - 1, example=0),
        ),
    ] = 0,
    era: Annotated[
        str | None,
        typer.Option("--era", metavar="ERA", help="Calibration of the fixed parameters."),
    ] = None,
    method: Annotated[
        str, typer.Option("--method", "-m", metavar="METHOD", help="auto, pure or vertex.")
    ] = "auto",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="FILE.csv", help="Write the rows here (locked while running)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", metavar="N", min=1, help="Local worker processes (at most the cores)."
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", metavar="ADDR", help="A Dask scheduler, e.g. tcp://host:8786."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue (or keep) the same sweep in --out.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an existing --out; allow more workers than cores."),
    ] = False,
    max_points: Annotated[
        int,
        typer.Option(
            "--max-points", metavar="N", min=1, help="Refuse sweeps of more points than this."
        ),
    ] = DEFAULT_MAX_POINTS,
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE.png", help="Phase diagram of the sweep.")
    ] = None,
    chunk: Annotated[
        int | None,
        typer.Option(
            "--chunk",
            metavar="N",
            help="Points per chunk (default: automatic).",
            callback=check_count("--chunk", 1, 10**9, example=4096),
        ),
    ] = None,
) -> None:
    """Solve a scenario over a grid or random draws of its parameters."""
    from multivector.explore.sweep import Axis, Distribution, Sweep, SweepFileError, parse_vary
    from multivector.games.scenarios import LATEST

    if resume and out is None:
        raise InputError("--resume needs --out FILE.csv, the file of the sweep to continue")
    specs = [parse_vary(v, draws=draws is not None) for v in vary]
    sweep = Sweep(
        target,
        grid=[s for s in specs if isinstance(s, Axis)],
        draws=[s for s in specs if isinstance(s, Distribution)],
        num_draws=draws or 0,
        seed=seed,
        era=era or LATEST,
        method=method,  # type: ignore[arg-type]
        chunk_size=chunk,
        max_points=max_points,
    )
    if plot is not None:
        _check_plot(plot, sweep.names, draws is not None)
    done = [0]
    with contextlib.ExitStack() as stack:
        path = out
        if out is None:  # rows go to standard output, through a private file
            import tempfile

            path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "sweep.csv"
        try:
            with _progress_bar() as show:

                def progress(points: int, total: int) -> None:
                    done[0] = points
                    show(points, total)

                result = sweep.run(
                    path,
                    workers=workers,
                    scheduler=scheduler,
                    resume=resume,
                    force=force,
                    progress=progress,
                )
        except SweepFileError as err:
            if not err.start_over:
                raise
            again = _command_line(target, vary, draws, seed, era, method, out, chunk, max_points)
            raise InputError(f"{err}; to start over: {again}") from None
        except KeyboardInterrupt:
            kept = (
                f"{done[0]:,} of {sweep.num_points:,} points are kept" if out else "no rows kept"
            )
            hint = "; the same command with --resume continues" if out else ""
            raise _interrupted(f"interrupted; {kept}{hint}") from None
        if out is None:
            assert result.path is not None
            with open(result.path, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            summary = ", ".join(f"{k}: {v:,}" for k, v in result.outcome_counts().items())
            print_text(console(), f"{len(result):,} rows -> {out} ({result.method}; {summary})")
        if plot is not None:
            from multivector.plot import phase_diagram

            title = f"{target}: first player's equilibrium strategy"
            save_figure(phase_diagram(result, calibration=sweep.base, title=title), plot)
            # after rows on standard output, the note goes to standard error
            print_text(Console(highlight=False, stderr=out is None), f"plot -> {plot}")


def _check_plot(plot: Path, names: tuple[str, ...], drawn: bool) -> None:
    """Refuse a ``--plot`` request that could not be drawn, before any point is solved:
    matplotlib missing, random draws or other than one or two varied parameters (the
    phase diagram needs a grid), a format matplotlib does not write, a missing folder."""
    from multivector.plot.base import require_matplotlib

    require_matplotlib()
    if drawn:
        raise InputError(
            "--plot draws a grid sweep (--vary NAME=LOW:HIGH:N), not random --draws; "
            "drop --plot, or sweep a grid"
        )
    if len(names) not in (1, 2):
        raise InputError(
            f"--plot draws sweeps of one or two --vary parameters; this one varies "
            f"{len(names)}: drop --plot, or vary one or two"
        )
    from matplotlib.backend_bases import FigureCanvasBase

    kinds = FigureCanvasBase.get_supported_filetypes()
    kind = plot.suffix[1:].lower()
    if kind and kind not in kinds:
        raise InputError(
            f"--plot {plot}: matplotlib does not write .{kind} files; use one of "
            + ", ".join(f".{k}" for k in sorted(kinds))
        )
    folder = plot.parent
    if not folder.is_dir():
        raise InputError(f"--plot {plot}: the folder {folder} does not exist")


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error when it is a terminal, drawn from the first
    report on (after every check has passed: a refusal shows no bar); nothing when
    standard error is not a terminal (a bar that is not drawn still writes a line end)."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} points/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = None

    def show(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("sweep", total=total, rate="-")
        bar.update(task, completed=done)
        speed = bar.tasks[0].speed
        bar.update(task, rate=f"{speed:,.0f}" if speed else "-")

    try:
        yield show
    finally:
        if task is not None:
            bar.stop()


def _command_line(
    target: str,
    vary: list[str],
    draws: int | None,
    seed: int,
    era: str | None,
    method: str,
    out: Path | None,
    chunk: int | None,
    max_points: int,
) -> str:
    """The command that runs this sweep afresh over ``--out``."""
    words = ["multivector", "sweep", target]
    for v in vary:
        words += ["--vary", v]
    if draws is not None:
        words += ["--draws", str(draws), "--seed", str(seed)]
    if era:
        words += ["--era", era]
    if method != "auto":
        words += ["--method", method]
    if chunk is not None:
        words += ["--chunk", str(chunk)]
    if max_points != DEFAULT_MAX_POINTS:
        words += ["--max-points", str(max_points)]
    words += ["--out", str(out), "--force"]
    return shlex.join(words)


def _interrupted(message: str) -> Exception:
    """An interruption: one ``error:`` line, exit status 130."""
    # click's exception class, from wherever this typer takes click (as in common.py)
    click = importlib.import_module(typer.BadParameter.__module__)
    err: Exception = click.ClickException(message)
    err.exit_code = 130  # type: ignore[attr-defined]
    return err


def _print_margins(
    target: str, table: MarginTable, out: Console, *, changed_only: bool = False
) -> None:
    """The margins table; ``changed_only`` keeps the parameters that change the outcome
    (the rest are counted in the note)."""
    print_text(
        out,
        f"{target}: {table.outcome}; holds at the calibration: "
        f"{'yes' if table.holds_at_calibration else 'no'}",
        style="bold",
    )
    shown = [r for r in table.rows() if not changed_only or r["margin"] is not None]
    unchanged = len(table.rows()) - len(shown)

    def f(v: object) -> str:
        return number(v, 4)

    rows = [
        [
            str(r["parameter"]),
            f(r["value"]),
            f"[{f(r['min'])}, {f(r['max'])}]",
            f(r["lower"]),
            f(r["upper"]),
            f(r["margin"]),
        ]
        for r in shown
    ]
    print_table(
        out,
        ["parameter", "value", "bounds", "changes below at", "changes above at", "margin"],
        rows,
        justify=["left", *["right"] * 5],
    )
    first = (
        f"the {unchanged} other parameters do not change it up to their bounds"
        if changed_only
        else "'-': no change up to the bound"
    )
    print_text(out, "; ".join([first, *table.notes]), style="dim")


@commands.command()
def robustness(
    target: Annotated[
        str, typer.Argument(metavar="SCENARIO|FILE", help="A scenario or a parametric game file.")
    ],
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome",
            metavar="S1,S2",
            help="The first player's strategies that must be played in every equilibrium.",
        ),
    ] = "balance,mediate",
    era: Annotated[
        str | None, typer.Option("--era", metavar="ERA", help="Calibration to start from.")
    ] = None,
    draws: Annotated[
        int,
        typer.Option(
            "--draws",
            metavar="N",
            help="Monte-Carlo draws (0: none).",
            callback=check_count("--draws", 0, 1_000_000, example=10_000),
        ),
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", metavar="S", callback=check_seed)] = 0,
    spread: Annotated[
        float,
        typer.Option(
            "--spread",
            help="Monte-Carlo draws within +- spread x each parameter's range.",
            callback=check_number("--spread", 0, 100, low_open=True, example="0.2"),
        ),
    ] = 0.2,
) -> None:
    """Each parameter's margin before the outcome changes, and its Monte-Carlo share."""
    from multivector.explore.robustness import check_robustness
    from multivector.games.scenarios import LATEST

    found = check_robustness(
        target,
        [s for s in parse_labels(outcome) if s],
        era=era or LATEST,
        draws=draws,
        seed=seed,
        spread=spread,
    )
    out = console()
    _print_margins(target, found.margins, out)
    if found.choice is not None:
        out.print()
        _print_margins(target, found.choice, out, changed_only=True)
    mc = found.monte_carlo
    if mc is not None:
        print_text(
            out,
            f"Monte Carlo: holds in {mc.holds}/{mc.draws} draws = {mc.share:.3f} "
            f"(95% Wilson interval {mc.low:.3f}-{mc.high:.3f}); every parameter uniform "
            f"within +-{spread:g} x its range around the calibration, seed {seed}",
        )
