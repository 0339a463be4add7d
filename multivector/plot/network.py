"""The corridor map: the network on a map of the region, routes by corridor and capacity.

Nodes sit at their sourced coordinates (``nodes.csv``) on the shipped Natural Earth
country outlines, in a Lambert conformal conic projection
(:mod:`multivector.plot.geography`). Labels are placed so that none overprints another
(:mod:`multivector.plot.labels`): dense clusters (the Chinese border, the Caucasus) get
leader lines. Routes leaving the frame (to Germany, to the Mediterranean) end in an
arrow at the frame, labelled with their destination.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from multivector.plot.base import figure_and_axes, root_figure
from multivector.plot.geography import LambertConformal, countries, draw_countries, draw_graticule
from multivector.plot.labels import Label, place_labels, renderer_for, text_extent

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

__all__ = [
    "MAP_FRAME",
    "PROJECTION",
    "REMOVED_COLOUR",
    "ROUTE_COLOURS",
    "corridor_map",
    "node_label",
    "node_positions",
]

#: The colour of each route (Okabe and Ito's colour-blind-safe palette); others grey.
ROUTE_COLOURS = {
    "northern": "#D55E00",
    "eastern": "#CC79A7",
    "trans-caspian": "#0072B2",
    "iranian": "#009E73",
    "southern": "#E69F00",
}
#: The colour of an edge closed by a disruption (a removed country, edge or mode).
REMOVED_COLOUR = "0.45"
#: The map's projection: standard parallels 33 and 50 N, centred on 58 E.
PROJECTION = LambertConformal(lon0=58.0, lat0=41.0, lat1=33.0, lat2=50.0)
#: The map's frame in projected km: x from west to east, y from south to north
#: (about 27-89 E at 40 N, 25-56 N).
MAP_FRAME = ((-2950.0, 2750.0), (-1720.0, 1850.0))

_MARKERS = {  # kind: marker, size (pt), face
    "origin": ("s", 4.6, "k"),
    "port": ("o", 4.6, "k"),
    "border": ("D", 4.0, "k"),
    "hub": ("o", 3.6, "0.35"),
    "market": ("^", 5.2, "white"),
}
_SEA = "#dfe9f1"
_LAND = "#f4f3ef"
_HOME = "#ebe3c6"


def node_positions(G: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Each node's place on the map, ``(longitude, latitude)``.

    A node without sourced coordinates is placed schematically at the mean of its located
    neighbours (drawn hollow and said so in the legend).
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
                pos[n] = (
                    sum(p[0] for p in near) / len(near),
                    sum(p[1] for p in near) / len(near),
                )
    return pos


def node_label(G: nx.MultiDiGraph, n: Any) -> str:
    """The short name the map prints for a node.

    A place is named by its id (``Bandar_Abbas`` -> "Bandar Abbas"); a market by its
    name up to " via " or " (" ("Germany via the Druzhba pipeline" -> "Germany").

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> G = load_corridors()
    >>> node_label(G, "Bandar_Abbas"), node_label(G, "Germany_Druzhba")
    ('Bandar Abbas', 'Germany')
    """
    d = G.nodes[n]
    if d.get("kind") == "market":
        name = str(d.get("name") or n)
        return name.split(" via ")[0].split(" (")[0]
    return str(n).replace("_", " ")


def corridor_map(
    G: nx.MultiDiGraph,
    report: Mapping[str, Any] | None = None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Draw the corridor network on a map of the region.

    Routes are coloured by corridor and as wide as their capacity (thin where it is not
    known), solid for oil and dashed for general cargo, with an arrow toward the market.
    The edges a disruption closes are drawn dotted grey over a faded trace of their
    route, and the removed countries are hatched. Node symbols show the kind (origin,
    port, border, hub, market); a market off the map ends in an arrow at the frame.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The network (:func:`~multivector.network.load_corridors`).
    report : mapping, optional
        A :func:`~multivector.network.corridor_report`: its ``removed_edges`` are drawn as
        closed, and its ``without`` countries hatched and named in the default title.
    ax : matplotlib Axes, optional
        Where to draw; a new figure (7 x 5 in, a journal's full width) by default. The
        labels are laid out for the axes' size when the function runs: resize the
        figure before, not after.
    title : str, optional
        Default "Kazakhstan export corridors", followed by the countries removed.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    MissingDependencyError
        Without matplotlib.
    ValueError
        When the places' labels cannot be placed without overlap (an axes far too
        small). In a small axes where only the markets' labels do not fit, those are
        left out; their symbols stay.

    Examples
    --------
    >>> from multivector.network import corridor_report, load_corridors
    >>> G = load_corridors()
    >>> fig = corridor_map(G, corridor_report(G, without=["Russia"]))
    >>> fig.axes[0].get_title()
    'Kazakhstan export corridors, without Russia'
    """
    fig, ax, own = figure_and_axes(ax, (7.0, 5.0))
    from matplotlib.lines import Line2D

    report = report or {}
    removed = set(report.get("removed_edges", ()))
    without = [str(c) for c in report.get("without", ())]
    if title is None:
        what = ", ".join(f"without {c}" for c in without)
        title = "Kazakhstan export corridors" + (f", {what}" if what else "")

    proj = PROJECTION
    (x0, x1), (y0, y1) = MAP_FRAME
    ax.set_facecolor(_SEA)
    styles: dict[str, dict[str, Any]] = {"Kazakhstan": {"facecolor": _HOME}}
    for c in without:
        styles[c] = {"hatch": "////", "hatchcolor": "#c9a49a", "facecolor": "#f1ece9"}
    draw_countries(ax, proj, land=_LAND, styles=styles)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    draw_graticule(ax, proj, (x0, x1), (y0, y1))

    lonlat = node_positions(G)
    xy: dict[Any, tuple[float, float]] = {}
    for n, (lon, lat) in lonlat.items():
        px, py = proj(lon, lat)
        xy[n] = (float(px), float(py))
    inside = {n for n, (x, y) in xy.items() if x0 < x < x1 and y0 < y < y1}
    located = {n for n, d in G.nodes(data=True) if d.get("lat") is not None}

    caps = [d["capacity"] for _, _, d in G.edges(data=True) if d.get("capacity")]
    top = max(caps) if caps else 1.0
    handles: list[Any] = [
        Line2D([], [], color=c, lw=2.4, label=f"{r} route") for r, c in ROUTE_COLOURS.items()
    ]
    handles += [
        Line2D([], [], color="0.2", lw=2.0, label="oil"),
        Line2D([], [], color="0.2", lw=2.0, ls=(0, (3.0, 1.6)), label="general cargo"),
        Line2D([], [], color="0.2", lw=0.9 + 3.6, label=f"{top:g} Mt/y"),
        Line2D([], [], color="0.2", lw=0.7, label="capacity not known"),
    ]
    if removed:
        handles.append(
            (
                Line2D([], [], color=ROUTE_COLOURS["northern"], lw=3, alpha=0.3),
                Line2D([], [], color=REMOVED_COLOUR, lw=1.2, ls=(0, (1.0, 1.2))),
            )
        )
    kinds = {G.nodes[n].get("kind") for n in inside}
    for kind in ("origin", "port", "border", "hub", "market"):
        if kind in kinds:
            marker, size, face = _MARKERS[kind]
            handles.append(
                Line2D(
                    [], [], marker=marker, ms=size, mfc=face, mec="k", mew=0.7, ls="", label=kind
                )
            )
    if inside - located:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ms=4.0,
                mfc="white",
                mec="k",
                mew=0.7,
                ls="",
                label="position schematic",
            )
        )
    labels: list[str] = [str(h.get_label()) if isinstance(h, Line2D) else "" for h in handles]
    if removed:
        i = next(i for i, h in enumerate(handles) if isinstance(h, tuple))
        labels[i] = "closed: " + (", ".join(without) if without else "removed") + " (hatched)"
    from matplotlib.legend_handler import HandlerTuple

    width = ax.get_position().width * fig.get_figwidth()  # inches, before any layout
    ax.legend(
        handles,
        labels,
        handler_map={tuple: HandlerTuple(ndivide=1, pad=0)},
        loc="upper center",
        bbox_to_anchor=(0.5, -0.055),
        ncols=5 if width >= 5.2 else 3 if width >= 3.6 else 2,
        fontsize=6.5,
        frameon=False,
        handlelength=2.6,
        columnspacing=1.2,
        handletextpad=0.5,
        borderaxespad=0.0,
    )
    ax.set_title(title, fontsize=9)
    if own:
        fig.tight_layout(pad=0.4)
    ax.apply_aspect()
    xy = _displaced(ax, {n: xy[n] for n in inside}, xy, min_gap=7.0)

    ends: dict[Any, tuple[float, float]] = {}  # where an off-map node's edges meet the frame
    lines: list[tuple[tuple[float, float], tuple[float, float], float]] = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if u not in xy or v not in xy or (u not in inside and v not in inside):
            continue
        (ax_, ay), (bx, by) = xy[u], xy[v]
        if v not in inside:
            bx, by = _to_frame((ax_, ay), (bx, by), (x0, x1, y0, y1))
            ends[v] = (bx, by)
        elif u not in inside:
            ax_, ay = _to_frame((bx, by), (ax_, ay), (x0, x1, y0, y1))
            ends[u] = (ax_, ay)
        colour = ROUTE_COLOURS.get(d.get("route") or "", "0.5")
        cap = d.get("capacity")
        width = 0.9 + 3.6 * np.sqrt(cap / top) if cap else 0.7
        dashes: Any = "-" if d.get("commodity") == "oil" else (0, (3.0, 1.6))
        shrink_b = 0 if v not in inside else 3.5
        lines.append(((ax_, ay), (bx, by), width))
        if k in removed:
            ax.plot(
                [ax_, bx],
                [ay, by],
                color=colour,
                lw=width,
                alpha=0.3,
                zorder=1.9,
                solid_capstyle="butt",
            )
            colour, dashes, width = REMOVED_COLOUR, (0, (1.0, 1.2)), 1.2
        ax.annotate(
            "",
            xy=(bx, by),
            xytext=(ax_, ay),
            arrowprops={
                "arrowstyle": "-|>,head_length=0.45,head_width=0.22",
                "mutation_scale": 6.0 + 1.6 * width,
                "color": colour,
                "lw": width,
                "ls": dashes,
                "shrinkA": 3.0,
                "shrinkB": shrink_b,
                "alpha": 0.95,
            },
            zorder=2 if k not in removed else 2.1,
            annotation_clip=False,
        )

    markers: list[tuple[float, float, float]] = []  # x, y (data), size (pt)
    for n in inside:
        kind = G.nodes[n].get("kind")
        marker, size, face = _MARKERS.get(kind, ("o", 4.0, "k"))
        if n not in located:
            face = "white"
        x, y = xy[n]
        ax.plot(x, y, marker=marker, ms=size, mfc=face, mec="k", mew=0.7, ls="", zorder=3)
        markers.append((x, y, size))

    fixed = _country_names(ax, proj, (x0, x1, y0, y1), without)
    renderer = renderer_for(ax)
    obstacles = [text_extent(t, renderer) for t in fixed]
    obstacles += [_marker_box(ax, x, y, size) for x, y, size in markers]
    avoid = [b for a, b_, w in lines for b in _segment_boxes(ax, a, b_, w)]
    todo = [
        Label(str(n), node_label(G, n), xy[n], priority=int(G.nodes[n].get("kind") == "market"))
        for n in sorted(inside, key=str)
    ]
    todo += [
        Label(str(n), "to " + node_label(G, n), ends[n], (("color", "0.25"),), priority=2)
        for n in sorted(ends, key=str)
    ]
    from matplotlib import patheffects

    try:
        texts = place_labels(ax, todo, obstacles=obstacles, avoid=avoid)
    except ValueError:
        # too small for every name (a single-column figure): name the places only; the
        # markets keep their symbols and the routes their colours
        try:
            texts = place_labels(
                ax, [lab for lab in todo if lab.priority == 0], obstacles=obstacles, avoid=avoid
            )
        except ValueError:
            width = ax.bbox.width / fig.dpi
            raise ValueError(
                f"the map's {len(todo)} labels do not fit in an axes {width:.1f} in wide "
                "without overlap; give the map an axes about 5 in wide or more"
            ) from None
    for text in texts:
        text.set_path_effects([patheffects.withStroke(linewidth=1.8, foreground=_LAND)])
        text.set_zorder(4)
    return fig


def _displaced(
    ax: Axes,
    shown: Mapping[Any, tuple[float, float]],
    xy: Mapping[Any, tuple[float, float]],
    *,
    min_gap: float,
) -> dict[Any, tuple[float, float]]:
    """Positions with the shown symbols pushed apart to ``min_gap`` points.

    Symbols closer than their size (the two sides of a border crossing, a port and a
    terminal of the same city) would hide each other; each pair too close is moved
    apart along the line between them, each by half the shortfall, which keeps their
    relative positions. Points that coincide are set side by side, west to east in the
    order of their ids.
    """
    fig = root_figure(ax)
    gap = min_gap * fig.dpi / 72.0
    keys = sorted(shown, key=str)
    pts = np.array([ax.transData.transform(shown[k]) for k in keys], dtype=float)
    for _ in range(200):
        moved = False
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                d = pts[j] - pts[i]
                dist = float(np.hypot(*d))
                if dist >= gap - 1e-9:
                    continue
                u = d / dist if dist > 1e-9 else np.array([1.0, 0.0])
                shift = (gap - dist) / 2 * u
                pts[i] -= shift
                pts[j] += shift
                moved = True
        if not moved:
            break
    out = dict(xy)
    back = ax.transData.inverted()
    for k, p in zip(keys, pts, strict=True):
        x, y = back.transform(p)
        out[k] = (float(x), float(y))
    return out


def _to_frame(
    a: Sequence[float], b: Sequence[float], frame: tuple[float, float, float, float]
) -> tuple[float, float]:
    """The point where the segment from ``a`` (inside) toward ``b`` leaves the frame."""
    x0, x1, y0, y1 = frame
    (ax_, ay), (bx, by) = a, b
    t = 1.0
    for lo, hi, p, q in ((x0, x1, ax_, bx), (y0, y1, ay, by)):
        if q < lo:
            t = min(t, (lo - p) / (q - p))
        elif q > hi:
            t = min(t, (hi - p) / (q - p))
    t *= 0.985  # just inside, so the arrowhead shows
    return ax_ + t * (bx - ax_), ay + t * (by - ay)


def _segment_boxes(ax: Axes, a: Sequence[float], b: Sequence[float], width: float) -> list[Bbox]:
    """Small boxes along a drawn line (one every 4 pt), for labels to keep clear of."""
    from matplotlib.transforms import Bbox

    dpi = root_figure(ax).dpi
    pa, pb = ax.transData.transform(a), ax.transData.transform(b)
    length = float(np.hypot(*(pb - pa)))
    n = max(2, int(length / (4.0 * dpi / 72.0)) + 1)
    half = (width / 2 + 0.5) * dpi / 72.0
    return [
        Bbox([[p[0] - half, p[1] - half], [p[0] + half, p[1] + half]])
        for p in (pa + (pb - pa) * t for t in np.linspace(0.0, 1.0, n))
    ]


def _marker_box(ax: Axes, x: float, y: float, size: float) -> Bbox:
    from matplotlib.transforms import Bbox

    px, py = ax.transData.transform((x, y))
    half = (size / 2 + 2.5) * root_figure(ax).dpi / 72.0
    return Bbox([[px - half, py - half], [px + half, py + half]])


def _country_names(
    ax: Axes,
    proj: LambertConformal,
    frame: tuple[float, float, float, float],
    without: Sequence[str],
) -> list[Any]:
    """Name the larger countries at their label points; the removed ones say so."""
    x0, x1, y0, y1 = frame
    area = (x1 - x0) * (y1 - y0)
    renderer = renderer_for(ax)
    inner = ax.bbox.padded(-2.0 * root_figure(ax).dpi / 72.0)
    out = []
    for country in countries():
        lx, ly = (float(v) for v in proj(*country.label))
        if not (x0 < lx < x1 and y0 < ly < y1):
            continue
        size = 0.0
        for polygon in country.polygons:
            ring = polygon[0]
            px, py = proj(ring[:, 0], ring[:, 1])
            size += 0.5 * abs(float(np.dot(px, np.roll(py, -1)) - np.dot(np.roll(px, -1), py)))
        if size < 0.012 * area:
            continue
        name = country.name.upper() + (" (removed)" if country.name in without else "")
        text = ax.text(
            lx,
            ly,
            name,
            fontsize=6.5,
            color="0.5",
            style="italic",
            ha="center",
            va="center",
            zorder=1.5,
            gid=f"country:{country.name}",
        )
        box = text_extent(text, renderer)
        if inner.contains(box.x0, box.y0) and inner.contains(box.x1, box.y1):
            out.append(text)
        else:  # a name cut by the frame helps nobody
            text.remove()
    return out
