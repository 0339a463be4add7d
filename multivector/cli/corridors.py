"""``multivector corridors``: export capacity, dependence and disruptions of the corridors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from multivector.cli.common import (
    Commands,
    FormatOption,
    OutputFormat,
    check_plot_path,
    console,
    echo_json,
    parse_numbers,
    save_figure,
)
from multivector.cli.render import number, print_table, print_text

__all__ = ["commands", "corridors"]

commands = Commands()

#: Largest ``--scale`` factor (a capacity multiplied by more is no longer a disruption).
MAX_SCALE = 1e6


def _print_table(report: dict[str, Any], out: Console) -> None:
    disrupted = bool(report["without"] or report["scale"])
    for k, (c, row) in enumerate(report["commodities"].items()):
        if k:
            out.print()
        unit = row["unit"]
        title = f"{c}: export capacity {number(row['capacity'])} {unit}"
        if disrupted:
            title += f", residual {number(row['residual'])} {unit}"
        header = ["market", f"capacity ({unit})"]
        if disrupted:
            header.append(f"residual ({unit})")
        rows = []
        for m, cell in row["markets"].items():
            cells = [m, number(cell["capacity"])]
            if disrupted:
                cells.append(number(cell["residual"]))
            rows.append(cells)
        print_table(
            out,
            header,
            rows,
            justify=["left", *["right"] * (len(header) - 1)],
            title=title,
        )
        rows = [
            [
                r["country"],
                f"{r['capacity_share']:.3f}",
                "-" if r["flow_share"] is None else f"{r['flow_share']:.3f}",
                number(r["residual"]),
            ]
            for r in row["dependence"]
        ]
        print_table(
            out,
            ["country", "capacity share", "flow share", "residual"],
            rows,
            justify=["left", "right", "right", "right"],
            title=f"{c}: dependence on transit countries",
        )
        cut = row["min_cut"]
        parts = list(cut["edges"]) + [f"{n} (port)" for n in cut["nodes"]]
        print_text(
            out,
            f"min cut {number(cut['value'])} {unit}: {', '.join(parts)}; "
            f"controlled by {', '.join(cut['countries'])}",
        )
        hhi = row["routes"]["capacity_hhi"]
        if hhi is not None:
            print_text(out, f"route HHI (capacity): {hhi:.3f}")


@commands.command()
def corridors(
    without: Annotated[
        list[str] | None,
        typer.Option("--without", metavar="COUNTRY", help="Remove every edge COUNTRY controls."),
    ] = None,
    scale: Annotated[
        list[str] | None,
        typer.Option(
            "--scale",
            metavar="EDGE=FACTOR",
            help="Scale an edge's capacity, e.g. Novorossiysk-Black_Sea_market=0.333.",
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            metavar="EDGE=CAPACITY",
            help="What-if investment: add capacity to an edge, e.g. Kuryk-Alat=5.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.TABLE,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot",
            metavar="FILE.png",
            help="Also draw a map (PNG) with matplotlib.",
            callback=check_plot_path,
        ),
    ] = None,
    nodes: Annotated[
        Path | None, typer.Option("--nodes", metavar="CSV", help="Your nodes table.")
    ] = None,
    edges: Annotated[
        Path | None, typer.Option("--edges", metavar="CSV", help="Your edges table.")
    ] = None,
) -> None:
    """Export capacity per commodity and market, dependence on transit countries, min cut."""
    from multivector.network import corridor_report, load_corridors
    from multivector.network.load import MAX_QUANTITY, MIN_QUANTITY

    G = load_corridors(nodes, edges)
    report = corridor_report(
        G,
        without=without or (),
        scale=parse_numbers(
            scale or (),
            "--scale",
            "Novorossiysk-Black_Sea_market=0.333",
            what="EDGE",
            bounds=(0.0, MAX_SCALE),
            smallest=MIN_QUANTITY,
        ),
        add=parse_numbers(
            add or (),
            "--add",
            "Kuryk-Alat=5",
            what="EDGE",
            bounds=(0.0, MAX_QUANTITY),
            smallest=MIN_QUANTITY,
        ),
    )
    if plot is not None:
        from multivector.plot import corridor_map

        save_figure(corridor_map(G, report), plot, dpi=130)
    if output_format is OutputFormat.JSON:
        echo_json(report)
    else:
        _print_table(report, console())
