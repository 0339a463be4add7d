"""Exploration commands: ``sweep`` (grids and random draws) and ``robustness`` (margins)."""

from __future__ import annotations

import os
import sys
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
    shorten_number,
)
from multivector.cli.render import number, print_table, print_text

if TYPE_CHECKING:
    from multivector.explore.robustness import MarginTable

__all__ = ["commands", "robustness", "sweep"]

commands = Commands()


#: Most points of a sweep (:data:`multivector.explore.sweep.MAX_POINTS`, kept here so
#: that the options are checked without importing the sweep machinery).
SWEEP_MAX_POINTS = 10_000_000


def _check_workers(value: int | None) -> int | None:
    """``--workers``: from 1 to the machine's cores (more processes only share them)."""
    cores = os.cpu_count() or 1
    if value is not None and not 1 <= value <= cores:
        raise InputError(
            f"--workers {shorten_number(value)} must be a whole number from 1 to {cores}, the "
            "cores of this machine (more processes would share them); for more, run a Dask "
            "cluster and give its --scheduler"
        )
    return value


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
            callback=check_count("--draws", 1, SWEEP_MAX_POINTS, example=1000),
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option("--seed", metavar="S", help="Seed of the draws.", callback=check_seed),
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
        typer.Option("--out", metavar="FILE.csv", help="Write the rows here, chunk by chunk."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            metavar="N",
            help="Local worker processes (at most the machine's cores).",
            callback=_check_workers,
        ),
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", metavar="ADDR", help="A Dask scheduler, e.g. tcp://host:8786."
        ),
    ] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Skip chunks --out holds.")] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE.png", help="Phase diagram of the sweep.")
    ] = None,
    chunk: Annotated[
        int,
        typer.Option(
            "--chunk",
            metavar="N",
            help="Points per chunk.",
            callback=check_count("--chunk", 1, SWEEP_MAX_POINTS, example=4096),
        ),
    ] = 4096,
) -> None:
    """Solve a scenario over a grid or random draws of its parameters."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from multivector.explore.sweep import Axis, Distribution, Sweep, parse_vary
    from multivector.games.scenarios import LATEST

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
    )
    with Progress(
        TextColumn("sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} points/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        # on a terminal only: piped, rich leaves a blank line on stderr (before an error
        # line, or alone after a run that succeeded)
        disable=not sys.stderr.isatty(),
    ) as bar:
        task = bar.add_task("sweep", total=sweep.num_points, rate="-")

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:,.0f}" if speed else "-")

        result = sweep.run(
            out, workers=workers, scheduler=scheduler, resume=resume, progress=progress
        )
    if out is None:
        typer.echo(result.to_csv(), nl=False)
    else:
        summary = ", ".join(f"{k}: {v}" for k, v in result.outcome_counts().items())
        typer.echo(f"{len(result.rows)} rows -> {out} ({result.method}; {summary})")
    if plot is not None:
        from multivector.plot import phase_diagram

        title = f"{target}: first player's equilibrium strategy"
        save_figure(phase_diagram(result, calibration=sweep.base, title=title), plot)
        typer.echo(f"plot -> {plot}")


def _print_margins(target: str, table: MarginTable, out: Console) -> None:
    print_text(
        out,
        f"{target}: {table.outcome}; holds at the calibration: "
        f"{'yes' if table.holds_at_calibration else 'no'}",
        style="bold",
    )

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
        for r in table.rows()
    ]
    print_table(
        out,
        ["parameter", "value", "bounds", "changes below at", "changes above at", "margin"],
        rows,
        justify=["left", *["right"] * 5],
    )
    print_text(out, "'-': no change up to the bound; " + "; ".join(table.notes), style="dim")


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
    mc = found.monte_carlo
    if mc is not None:
        print_text(
            out,
            f"Monte Carlo: holds in {mc.holds}/{mc.draws} draws = {mc.share:.3f} "
            f"(95% Wilson interval {mc.low:.3f}-{mc.high:.3f}); every parameter uniform "
            f"within +-{spread:g} x its range around the calibration, seed {seed}",
        )
