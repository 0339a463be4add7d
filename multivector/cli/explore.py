"""Exploration commands: ``sweep`` (grids and random draws) and ``robustness`` (margins).

:func:`add_explore_commands` registers them on the main app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from multivector.errors import ScenarioError

__all__ = ["add_explore_commands", "phase_diagram"]


def _errors() -> Any:
    from multivector.cli.app import _errors_to_exit

    return _errors_to_exit()


def phase_diagram(
    result: Any, path: str | Path, *, calibration: Any = None, title: str = ""
) -> None:
    """Draw a sweep's outcomes: a phase diagram for two varied parameters, the deciding
    strategy and equilibrium count along one parameter.

    Raises
    ------
    ScenarioError
        Without matplotlib, or for a sweep of other than one or two grid parameters.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError:
        raise ScenarioError(
            "--plot needs matplotlib: pip install 'multivector[plot]' (or matplotlib)"
        ) from None
    import numpy as np

    names = result.columns[1:-3]
    outcome = [s or "(none)" for s in result.column("deciding_strategy")]
    kinds = sorted(set(outcome))
    code = np.array([kinds.index(s) for s in outcome])
    cmap = plt.get_cmap("tab10")
    fig, ax = plt.subplots(figsize=(7, 5.5))
    if len(names) == 2:
        xs = np.unique(result.column(names[1]))
        ys = np.unique(result.column(names[0]))
        if xs.size * ys.size != len(outcome):
            raise ScenarioError("a phase diagram needs a full grid of two parameters")
        z = code.reshape(ys.size, xs.size)
        from matplotlib.colors import BoundaryNorm, ListedColormap

        colours = ListedColormap([cmap(k % 10) for k in range(len(kinds))])
        ax.pcolormesh(
            xs,
            ys,
            z,
            cmap=colours,
            norm=BoundaryNorm(np.arange(len(kinds) + 1) - 0.5, len(kinds)),
            shading="nearest",
        )
        ax.set_xlabel(names[1])
        ax.set_ylabel(names[0])
        handles: list[Any] = [Patch(color=cmap(k % 10), label=s) for k, s in enumerate(kinds)]
        if calibration is not None:
            ax.plot(
                calibration[names[1]],
                calibration[names[0]],
                marker="*",
                color="black",
                markersize=14,
                linestyle="none",
            )
            from matplotlib.lines import Line2D

            handles.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    color="black",
                    linestyle="none",
                    markersize=12,
                    label="calibration",
                )
            )
        ax.legend(
            handles=handles,
            title="first player's equilibrium strategy",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize=8,
        )
    elif len(names) == 1:
        x = np.array(result.column(names[0]))
        ax.scatter(x, result.column("n_equilibria"), c=[cmap(k % 10) for k in code], s=12)
        ax.set_xlabel(names[0])
        ax.set_ylabel("number of equilibria (colour: first player's strategy)")
        if calibration is not None:
            ax.axvline(calibration[names[0]], color="black", linestyle="--", label="calibration")
        ax.legend(
            handles=[Patch(color=cmap(k % 10), label=s) for k, s in enumerate(kinds)], fontsize=8
        )
    else:
        raise ScenarioError("--plot draws sweeps of one or two --vary grid parameters")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def sweep_command(
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
        int | None, typer.Option("--draws", metavar="N", help="Random draws instead of a grid.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Seed of the draws.")] = 0,
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
        int, typer.Option("--workers", metavar="N", help="Local worker processes.")
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
    chunk: Annotated[int, typer.Option("--chunk", metavar="N", help="Points per chunk.")] = 4096,
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

    with _errors():
        if scheduler is not None and workers != 1:
            raise ScenarioError("give --workers or --scheduler, not both")
        if resume and out is None:
            raise ScenarioError("--resume needs --out FILE.csv")
        specs = [parse_vary(v, draws=draws is not None) for v in vary]
        grid = [s for s in specs if isinstance(s, Axis)]
        dists = [s for s in specs if isinstance(s, Distribution)]
        sweep = Sweep(
            target,
            grid=grid,
            draws=dists,
            num_draws=draws or 0,
            seed=seed,
            era=era or LATEST,
            method=method,  # type: ignore[arg-type]
            chunk_size=chunk,
        )
        client = None
        if scheduler is not None:
            try:
                from dask.distributed import Client
            except ImportError:
                raise ScenarioError(
                    "--scheduler needs dask: pip install 'multivector[dask]'"
                ) from None
            client = Client(scheduler)
        console = Console(stderr=True)
        with Progress(
            TextColumn("sweep"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} points/s"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("sweep", total=sweep.num_points, rate="-")

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done)
                speed = bar.tasks[0].speed
                bar.update(task, rate=f"{speed:,.0f}" if speed else "-")

            try:
                result = sweep.run(
                    out, workers=workers, client=client, resume=resume, progress=progress
                )
            finally:
                if client is not None:
                    client.close()
        if out is None:
            typer.echo(result.to_csv(), nl=False)
        else:
            counts: dict[str, int] = {}
            for s in result.column("deciding_strategy"):
                counts[s or "(none)"] = counts.get(s or "(none)", 0) + 1
            summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
            typer.echo(f"{len(result.rows)} rows -> {out} ({result.method}; {summary})")
        if plot is not None:
            phase_diagram(
                result,
                plot,
                calibration=sweep.base,
                title=f"{target}: first player's equilibrium strategy",
            )
            typer.echo(f"plot -> {plot}")


def robustness_command(
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
        int, typer.Option("--draws", metavar="N", help="Monte-Carlo draws (0: none).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", metavar="S")] = 0,
    spread: Annotated[
        float,
        typer.Option(
            "--spread", help="Monte-Carlo draws within +- spread x each parameter's range."
        ),
    ] = 0.2,
) -> None:
    """Each parameter's margin before the outcome changes, and its Monte-Carlo share."""
    from multivector.explore.robustness import first_player_plays, margins, monte_carlo
    from multivector.games.scenarios import LATEST

    with _errors():
        strategies = [s.strip() for s in outcome.split(",") if s.strip()]
        if not strategies:
            raise ScenarioError("--outcome needs strategy labels, e.g. balance,mediate")
        rule = first_player_plays(strategies)
        table = margins(target, rule, era=era or LATEST)
        console = Console(highlight=False)
        console.print(
            Text(
                f"{target}: {table.outcome}; holds at the calibration: "
                f"{'yes' if table.holds_at_calibration else 'no'}",
                style="bold",
            )
        )
        t = Table()
        for col in (
            "parameter",
            "value",
            "bounds",
            "changes below at",
            "changes above at",
            "margin",
        ):
            if col == "parameter":
                t.add_column(col, no_wrap=True)
            else:
                t.add_column(col, justify="right")

        def f(v: object) -> str:
            return "-" if v is None else f"{float(v):.4g}"  # type: ignore[arg-type]

        for r in table.rows():
            t.add_row(
                Text(str(r["parameter"])),
                f(r["value"]),
                f"[{f(r['min'])}, {f(r['max'])}]",
                f(r["lower"]),
                f(r["upper"]),
                f(r["margin"]),
            )
        console.print(t)
        console.print(
            Text("'-': no change up to the bound; " + "; ".join(table.notes), style="dim")
        )
        if draws > 0:
            mc = monte_carlo(
                target, rule, draws=draws, seed=seed, spread=spread, era=era or LATEST
            )
            console.print(
                Text(
                    f"Monte Carlo: holds in {mc.holds}/{mc.draws} draws = {mc.share:.3f} "
                    f"(95% Wilson interval {mc.low:.3f}-{mc.high:.3f}); every parameter uniform "
                    f"within +-{spread:g} x its range around the calibration, seed {seed}"
                )
            )


def add_explore_commands(app: typer.Typer) -> None:
    """Register ``sweep`` and ``robustness`` on ``app``."""
    app.command("sweep")(sweep_command)
    app.command("robustness")(robustness_command)
