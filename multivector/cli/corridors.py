"""``multivector corridors``: export capacity, dependence and disruptions of the corridor network.

The command parses the options, calls :mod:`multivector.network` and formats the report;
``--plot`` draws a map-like figure with matplotlib (optional).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from multivector.errors import DataError, MultivectorError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["add_corridor_commands", "corridor_report", "corridors_command", "plot_corridors"]


def _pairs(items: Sequence[str], option: str, example: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.rpartition("=")
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not sep or not name.strip() or not math.isfinite(number):
            raise DataError(f"{option} {item!r} must look like EDGE=NUMBER, e.g. {example}")
        out[name.strip()] = number
    return out


def corridor_report(
    G: nx.MultiDiGraph,
    *,
    without: Sequence[str] = (),
    scale: dict[str, float] | None = None,
    add: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The report of ``multivector corridors`` as a JSON-ready dict.

    ``add`` (what-if investments, ``{edge name: capacity added}``) changes the baseline;
    ``without`` and ``scale`` describe a disruption of that baseline, whose residual
    capacities are reported beside the baseline's.
    """
    from multivector.network import analysis as na

    base = G
    for name, amount in (add or {}).items():
        for u, v, k in na._match_edges(base, name):
            commodity = base.edges[u, v, k]["commodity"]
            base = na.add_capacity(base, u, v, amount, commodity, key=k)
    disrupted = bool(without or scale)
    H = na.disrupt(base, without_countries=without, scale=scale) if disrupted else base
    out: dict[str, Any] = {
        "without": list(without),
        "scale": dict(scale or {}),
        "add": dict(add or {}),
        "removed_edges": list(H.graph.get("removed", [])) if disrupted else [],
        "commodities": {},
    }
    for c in na.commodities(base):
        row: dict[str, Any] = {
            "unit": na._unit(base, c),
            "capacity": na.export_capacity(base, c),
            "markets": {
                str(m): {"capacity": na.export_capacity(base, c, m)} for m in na.markets(base, c)
            },
            "min_cut": na.min_cut(base, c).to_dict(),
            "dependence": na.dependence_table(base, c),
            "routes": na.route_hhi(base, c),
        }
        if disrupted:
            row["residual"] = na.export_capacity(H, c)
            for m in na.markets(base, c):
                row["markets"][str(m)]["residual"] = na.export_capacity(H, c, m)
            row["residual_min_cut"] = na.min_cut(H, c).to_dict()
        out["commodities"][c] = row
    return out


def _print_table(report: dict[str, Any], console: Console) -> None:
    disrupted = bool(report["without"] or report["scale"])
    for c, row in report["commodities"].items():
        unit = row["unit"]
        title = f"{c}: export capacity {row['capacity']:g} {unit}"
        if disrupted:
            title += f", residual {row['residual']:g} {unit}"
        t = Table(title=title)
        t.add_column("market")
        t.add_column(f"capacity ({unit})", justify="right")
        if disrupted:
            t.add_column(f"residual ({unit})", justify="right")
        for m, cell in row["markets"].items():
            cells = [m, f"{cell['capacity']:g}"]
            if disrupted:
                cells.append(f"{cell['residual']:g}")
            t.add_row(*cells)
        console.print(t)
        d = Table(title=f"{c}: dependence on transit countries")
        for col in ("country", "capacity share", "flow share", "residual"):
            d.add_column(col, justify="left" if col == "country" else "right")
        for r in row["dependence"]:
            fs = "-" if r["flow_share"] is None else f"{r['flow_share']:.3f}"
            d.add_row(r["country"], f"{r['capacity_share']:.3f}", fs, f"{r['residual']:g}")
        console.print(d)
        cut = row["min_cut"]
        parts = list(cut["edges"]) + [f"{n} (port)" for n in cut["nodes"]]
        console.print(
            f"min cut {cut['value']:g} {unit}: {', '.join(parts)}; "
            f"controlled by {', '.join(cut['countries'])}"
        )
        hhi = row["routes"]["capacity_hhi"]
        if hhi is not None:
            console.print(f"route HHI (capacity): {hhi:.3f}\n")


_ROUTE_COLOURS = {
    "northern": "tab:red",
    "eastern": "tab:orange",
    "trans-caspian": "tab:blue",
    "iranian": "tab:green",
}


def _positions(G: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    pos = {
        n: (float(d["lon"]), float(d["lat"]))
        for n, d in G.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
    # nodes without sourced coordinates (markets, some junctions) sit beside their
    # located neighbours, drawn hollow as schematic
    for _ in range(3):
        for n in G.nodes:
            if n in pos:
                continue
            near = [pos[m] for m in (*G.predecessors(n), *G.successors(n)) if m in pos]
            if near:
                x = sum(p[0] for p in near) / len(near)
                y = sum(p[1] for p in near) / len(near)
                shift = 1.5 if G.nodes[n].get("kind") == "market" else 0.8
                pos[n] = (x - shift if x < 55 else x + shift, y + shift)
    return pos


def plot_corridors(
    G: nx.MultiDiGraph, path: str | Path, *, removed: Sequence[str] = (), title: str = ""
) -> None:
    """Draw the network as a map: nodes at their coordinates, edges by route and capacity.

    Removed edges (keys in ``removed``) are dashed grey; unknown capacities are thin and
    dotted; nodes without sourced coordinates are hollow, placed beside their neighbours.

    Raises
    ------
    MultivectorError
        When matplotlib is not installed.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.lines import Line2D
    except ImportError:
        raise MultivectorError(
            "--plot needs matplotlib, which is not installed; pip install matplotlib"
        ) from None
    pos = _positions(G)
    caps = [d["capacity"] for _, _, d in G.edges(data=True) if d.get("capacity")]
    top = max(caps) if caps else 1.0
    fig, ax = plt.subplots(figsize=(12, 8))
    gone = set(removed)
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in pos or v not in pos:
            continue
        (x0, y0), (x1, y1) = pos[u], pos[v]
        colour = _ROUTE_COLOURS.get(d.get("route") or "", "tab:gray")
        cap = d.get("capacity")
        style = "-" if cap is not None else ":"
        width = 0.8 + 6.0 * (cap / top) if cap is not None else 1.0
        if k in gone:
            colour, style, width = "0.45", "--", 1.5
        ls = (0, (2, 2)) if d["commodity"] != "oil" and style == "-" else style
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": width,
                "ls": ls,
                "shrinkA": 4,
                "shrinkB": 4,
                "alpha": 0.85,
            },
        )
    for n, (x, y) in pos.items():
        d = G.nodes[n]
        located = d.get("lat") is not None
        ax.plot(x, y, "o", ms=6, mfc="k" if located else "white", mec="k")
        label = str(d.get("name", n)).split(" (")[0]
        country = d.get("country")
        ax.text(x + 0.3, y + 0.3, f"{label}\n[{country}]" if country else label, fontsize=7)
    handles = [Line2D([], [], color=c, lw=3, label=r) for r, c in _ROUTE_COLOURS.items()]
    handles += [
        Line2D([], [], color="0.45", lw=1.5, ls="--", label="removed (cut) edge"),
        Line2D([], [], color="k", lw=1, ls=":", label="capacity unknown"),
        Line2D([], [], color="k", lw=2, ls=(0, (2, 2)), label="general cargo (solid = oil)"),
        Line2D([], [], marker="o", ls="", mfc="white", mec="k", label="position schematic"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, title="route (width = capacity)")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title or "Kazakhstan export corridors")
    ax.set_aspect(1.3)
    ax.grid(alpha=0.2)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def corridors_command(
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
    output_format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="Output: table or json.")
    ] = "table",
    plot: Annotated[
        Path | None,
        typer.Option("--plot", metavar="FILE", help="Also draw a map (PNG) with matplotlib."),
    ] = None,
    nodes: Annotated[
        Path | None, typer.Option("--nodes", metavar="CSV", help="Your nodes table.")
    ] = None,
    edges: Annotated[
        Path | None, typer.Option("--edges", metavar="CSV", help="Your edges table.")
    ] = None,
) -> None:
    """Export capacity per commodity and market, dependence on transit countries, min cut."""
    from multivector.cli.app import _errors_to_exit, _parse_format
    from multivector.network import load_corridors

    with _errors_to_exit():
        fmt = _parse_format(output_format, ("table", "json"))
        G = load_corridors(nodes, edges)
        scales = _pairs(scale or (), "--scale", "Novorossiysk-Black_Sea_market=0.333")
        adds = _pairs(add or (), "--add", "Kuryk-Alat=5")
        report = corridor_report(G, without=without or (), scale=scales, add=adds)
        if plot is not None:
            what = ", ".join(f"without {c}" for c in without or ())
            plot_corridors(
                G,
                plot,
                removed=report["removed_edges"],
                title=what and f"Kazakhstan export corridors, {what}",
            )
        if fmt == "json":
            typer.echo(json.dumps(report))
        else:
            _print_table(report, Console(highlight=False))


def add_corridor_commands(app: typer.Typer) -> None:
    """Register ``corridors`` on ``app``."""
    app.command("corridors")(corridors_command)
