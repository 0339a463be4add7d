"""The corridor map: the network at its nodes' coordinates, edges by route and capacity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from multivector.plot.base import figure_and_axes

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ROUTE_COLOURS", "corridor_map", "node_positions"]

#: The colour of each route; other routes are grey.
ROUTE_COLOURS = {
    "northern": "tab:red",
    "eastern": "tab:orange",
    "trans-caspian": "tab:blue",
    "iranian": "tab:green",
}


def node_positions(G: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Each node's place on the map, ``(longitude, latitude)``.

    Nodes without sourced coordinates (markets, some junctions) sit beside their located
    neighbours: at their mean, shifted away from the centre of the map (1.5 degrees for a
    market, 0.8 otherwise).
    """
    pos = {
        n: (float(d["lon"]), float(d["lat"]))
        for n, d in G.nodes(data=True)
        if d.get("lat") is not None and d.get("lon") is not None
    }
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


def corridor_map(
    G: nx.MultiDiGraph,
    report: Mapping[str, Any] | None = None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Draw the corridor network as a map.

    Nodes sit at their coordinates (hollow where placed beside their neighbours, see
    :func:`node_positions`); edges are arrows coloured by route, as wide as their capacity
    relative to the largest, dotted where the capacity is unknown, dashed for general
    cargo; the edges a disruption removes are dashed grey.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (:func:`~multivector.network.load_corridors`).
    report : mapping, optional
        A :func:`~multivector.network.corridor_report`: its ``removed_edges`` are drawn as
        cut, and its ``without`` countries named in the default title.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        Default "Kazakhstan export corridors", followed by the countries removed.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    MissingDependencyError
        Without matplotlib.

    Examples
    --------
    >>> from multivector.network import corridor_report, load_corridors
    >>> G = load_corridors()
    >>> fig = corridor_map(G, corridor_report(G, without=["Russia"]))
    >>> fig.axes[0].get_title()
    'Kazakhstan export corridors, without Russia'
    """
    fig, ax, own = figure_and_axes(ax, (12, 8))
    from matplotlib.lines import Line2D

    removed = (report or {}).get("removed_edges", ())
    if title is None:
        what = ", ".join(f"without {c}" for c in (report or {}).get("without", ()))
        title = "Kazakhstan export corridors" + (f", {what}" if what else "")
    pos = node_positions(G)
    caps = [d["capacity"] for _, _, d in G.edges(data=True) if d.get("capacity")]
    top = max(caps) if caps else 1.0
    gone = set(removed)
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in pos or v not in pos:
            continue
        (x0, y0), (x1, y1) = pos[u], pos[v]
        colour = ROUTE_COLOURS.get(d.get("route") or "", "tab:gray")
        cap = d.get("capacity")
        style: Any = "-" if cap is not None else ":"
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
    handles = [Line2D([], [], color=c, lw=3, label=r) for r, c in ROUTE_COLOURS.items()]
    handles += [
        Line2D([], [], color="0.45", lw=1.5, ls="--", label="removed (cut) edge"),
        Line2D([], [], color="k", lw=1, ls=":", label="capacity unknown"),
        Line2D([], [], color="k", lw=2, ls=(0, (2, 2)), label="general cargo (solid = oil)"),
        Line2D([], [], marker="o", ls="", mfc="white", mec="k", label="position schematic"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=8, title="route (width = capacity)")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(title)
    ax.set_aspect(1.3)
    ax.grid(alpha=0.2)
    if own:
        fig.tight_layout()
    return fig
