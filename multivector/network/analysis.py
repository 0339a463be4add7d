"""Analyses of a corridor network: export capacity, cuts, dependence, disruptions.

Every function takes the graph (as returned by :func:`~multivector.network.load_corridors`)
first and names the capacity attribute by parameter. Capacities are maximum flows
(Ford and Fulkerson 1956; networkx's ``preflow_push``) from all of Kazakhstan's origins of
a commodity to its markets, with parallel edges added, an unknown capacity treated as
unconstrained and a node's ``throughput`` (a port's capacity) enforced by splitting the
node in two.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multivector.errors import DataError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MinCut",
    "add_capacity",
    "commodities",
    "commodity_unit",
    "dependence_on",
    "dependence_table",
    "disrupt",
    "edge_id",
    "export_capacity",
    "exposure_table",
    "fastest_route",
    "markets",
    "match_edges",
    "min_cut",
    "origins",
    "route_hhi",
]

_SOURCE, _SINK = "__origins__", "__markets__"


def edge_id(u: Any, v: Any) -> str:
    """The name of an edge on the command line and in reports: ``"from-to"``."""
    return f"{u}-{v}"


def _roles(G: nx.MultiDiGraph) -> dict[str, dict[str, list[Any]]]:
    """``{commodity: {"origins": [...], "markets": [...]}}``, frozen in ``G.graph["roles"]``
    by :func:`disrupt` so that removing edges never turns a transit node into an origin."""
    frozen: dict[str, dict[str, list[Any]]] | None = G.graph.get("roles")
    if frozen is not None:
        return frozen
    out: dict[str, dict[str, list[Any]]] = {}
    for c in sorted({c for _, _, c in G.edges(data="commodity")}):
        tails = {u for u, _, k in G.edges(data="commodity") if k == c}
        heads = {v for _, v, k in G.edges(data="commodity") if k == c}
        kinds = G.nodes(data="kind")
        out[c] = {
            "origins": sorted(n for n in tails - heads if kinds[n] == "origin"),
            "markets": sorted(n for n in heads if kinds[n] == "market"),
        }
    return out


def commodities(G: nx.MultiDiGraph) -> list[str]:
    """The commodities carried by the network (before any disruption), sorted."""
    return sorted(_roles(G))


def _nodes_for(G: nx.MultiDiGraph, commodity: str) -> set[Any]:
    return {n for u, v, c in G.edges(data="commodity") if c == commodity for n in (u, v)}


def origins(G: nx.MultiDiGraph, commodity: str) -> list[Any]:
    """Nodes of kind ``origin`` where ``commodity`` starts: an edge of it leaves, none enters.

    A border railhead can be an origin of transit cargo and, at once, the end of a
    pipeline; it is an origin only of the commodity that starts there.
    """
    return list(_roles(G).get(commodity, {}).get("origins", []))


def markets(G: nx.MultiDiGraph, commodity: str) -> list[Any]:
    """Nodes of kind ``market`` that receive ``commodity``."""
    return list(_roles(G).get(commodity, {}).get("markets", []))


def commodity_unit(G: nx.MultiDiGraph, commodity: str) -> str | None:
    """The unit of ``commodity``'s capacities (``"Mt/y"``), None when its edges disagree.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> commodity_unit(load_corridors(), "oil")
    'Mt/y'
    """
    units = {d.get("unit") for _, _, d in G.edges(data=True) if d["commodity"] == commodity}
    return units.pop() if len(units) == 1 else None


def _check_commodity(G: nx.MultiDiGraph, commodity: str) -> None:
    known = commodities(G)
    if commodity not in known:
        raise DataError(f"unknown commodity {commodity!r}; the network carries {known}")


def _flow_network(
    G: nx.MultiDiGraph, commodity: str, capacity: str, market: Any | None = None
) -> nx.DiGraph:
    """A simple DiGraph for max flow: parallel edges summed, throughput nodes split.

    Edges without a ``capacity`` attribute are unconstrained (networkx's convention).
    """
    import networkx as nx

    unit = commodity_unit(G, commodity)
    H = nx.DiGraph()

    def tail(n: Any) -> Any:
        return (n, "out") if (n, "out") in H else n

    def head(n: Any) -> Any:
        return (n, "in") if (n, "in") in H else n

    for n in _nodes_for(G, commodity):
        cap = G.nodes[n].get("throughput")
        if cap is not None and G.nodes[n].get("throughput_unit") == unit:
            H.add_edge((n, "in"), (n, "out"), capacity=float(cap), node=n)
    for u, v, k, d in G.edges(keys=True, data=True):
        if d["commodity"] != commodity:
            continue
        a, b = tail(u), head(v)
        cap = d.get(capacity)
        if H.has_edge(a, b):
            old = H.edges[a, b]
            old["keys"].append(k)
            if "capacity" in old and cap is not None:
                old["capacity"] += float(cap)
            else:
                old.pop("capacity", None)
        elif cap is None:
            H.add_edge(a, b, keys=[k])
        else:
            H.add_edge(a, b, capacity=float(cap), keys=[k])
    for o in origins(G, commodity):
        H.add_edge(_SOURCE, head(o))
    for m in [market] if market is not None else markets(G, commodity):
        if m in G:
            H.add_edge(tail(m), _SINK)
    H.add_nodes_from((_SOURCE, _SINK))
    return H


def _max_flow(H: nx.DiGraph) -> tuple[float, dict[Any, dict[Any, float]]]:
    import networkx as nx

    try:
        value, flow = nx.maximum_flow(H, _SOURCE, _SINK)
    except nx.NetworkXUnbounded:
        raise DataError(
            "a path from an origin to a market has no known capacity, so its export capacity "
            "is unbounded; give at least one edge (or port throughput) on it a capacity"
        ) from None
    return float(value), flow


def export_capacity(
    G: nx.MultiDiGraph,
    commodity: str,
    market: Any | None = None,
    *,
    capacity: str = "capacity",
) -> float:
    """Maximum export flow of ``commodity`` from all origins to ``market`` (or all markets).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A corridor network.
    commodity : str
        E.g. ``"oil"``.
    market : node, optional
        One market; all markets together when omitted.
    capacity : str
        Edge attribute holding the capacity (missing or None = unconstrained).

    Returns
    -------
    float
        In the commodity's unit (Mt/y for the shipped data).

    Raises
    ------
    DataError
        For an unknown commodity or an unbounded path.

    Notes
    -----
    Max-flow min-cut (Ford and Fulkerson 1956), computed by networkx's preflow-push.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> export_capacity(load_corridors(), "oil")
    103.0
    """
    _check_commodity(G, commodity)
    value, _ = _max_flow(_flow_network(G, commodity, capacity, market))
    return value


@dataclass(frozen=True)
class MinCut:
    """A minimum cut between Kazakhstan's origins and the markets of one commodity.

    Attributes
    ----------
    value : float
        Capacity of the cut (equals the export capacity).
    edges : tuple of str
        Keys of the cut edges (``"from-to:commodity"``).
    nodes : tuple
        Nodes whose throughput is cut (ports).
    countries : tuple of str
        Countries that control a cut edge or hold a cut node.
    """

    value: float
    edges: tuple[str, ...]
    nodes: tuple[Any, ...]
    countries: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "value": self.value,
            "edges": list(self.edges),
            "nodes": [str(n) for n in self.nodes],
            "countries": list(self.countries),
        }


def min_cut(
    G: nx.MultiDiGraph,
    commodity: str,
    market: Any | None = None,
    *,
    capacity: str = "capacity",
) -> MinCut:
    """The minimum cut separating the origins from ``market`` (or all markets).

    Raises
    ------
    DataError
        For an unknown commodity or an unbounded path.

    Notes
    -----
    The source side is the set of nodes reachable in the residual network of a maximum
    flow (Ford and Fulkerson 1956); its value equals :func:`export_capacity`.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> cut = min_cut(load_corridors(), "oil")
    >>> cut.value, "Russia" in cut.countries
    (103.0, True)
    """
    import networkx as nx

    _check_commodity(G, commodity)
    H = _flow_network(G, commodity, capacity, market)
    try:
        value, (side, _) = nx.minimum_cut(H, _SOURCE, _SINK)
    except nx.NetworkXUnbounded:
        _max_flow(H)  # raises the DataError
        raise
    edges: list[str] = []
    nodes: list[Any] = []
    countries: set[str] = set()
    for a, b, d in H.edges(data=True):
        if a in side and b not in side:
            if "node" in d:
                nodes.append(d["node"])
                if G.nodes[d["node"]].get("country"):
                    countries.add(G.nodes[d["node"]]["country"])
            for k in d.get("keys", ()):
                edges.append(k)
                u, v = _ends(G, k)
                countries.update(G.edges[u, v, k]["controlling"])
    return MinCut(float(value), tuple(sorted(edges)), tuple(nodes), tuple(sorted(countries)))


def _ends(G: nx.MultiDiGraph, key: str) -> tuple[Any, Any]:
    for u, v, k in G.edges(keys=True):
        if k == key:
            return u, v
    raise DataError(f"no edge {key!r}")


def match_edges(G: nx.MultiDiGraph, name: str) -> list[tuple[Any, Any, Any]]:
    """The edges ``(u, v, key)`` named ``name``: a key ``from-to:commodity``, or ``from-to``
    for that edge of every commodity.

    Raises
    ------
    DataError
        When no edge has that name (the message lists edges from the same node).

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> match_edges(load_corridors(), "Kuryk-Alat")
    [('Kuryk', 'Alat', 'Kuryk-Alat:general_cargo')]
    """
    found = [(u, v, k) for u, v, k in G.edges(keys=True) if k == name or edge_id(u, v) == name]
    if not found:
        close = sorted({edge_id(u, v) for u, v in G.edges() if str(u) in name})[:5]
        hint = f" (edges from there: {', '.join(close)})" if close else ""
        raise DataError(f"no edge named {name!r}; name edges FROM-TO as in edges.csv{hint}")
    return found


def disrupt(
    G: nx.MultiDiGraph,
    *,
    without_countries: Iterable[str] = (),
    without_edges: Iterable[str] = (),
    without_modes: Iterable[str] = (),
    scale: Mapping[str, float] | None = None,
    capacity: str = "capacity",
    exposed_to: Iterable[str] = (),
) -> nx.MultiDiGraph:
    """A new network with countries, edges or modes removed and capacities scaled.

    Parameters
    ----------
    G : networkx.MultiDiGraph
    without_countries : iterable of str
        Remove every edge a listed country controls.
    without_edges : iterable of str
        Edge names ``FROM-TO`` (all commodities) or keys ``FROM-TO:commodity``.
    without_modes : iterable of str
        E.g. ``"sea"``.
    scale : mapping, optional
        ``{edge name: factor >= 0}``, e.g. ``{"Novorossiysk-Black_Sea_market": 1/3}`` for
        the CPC terminal at one of its three moorings.
    capacity : str
        Edge attribute scaled.
    exposed_to : iterable of str
        Also remove every edge that passes through a listed country's waters or territory
        without its control (the ``transit_exposure`` column: Turkey for the Straits).

    Returns
    -------
    networkx.MultiDiGraph
        A copy; ``G`` is unchanged. Removed edges are listed in the graph attribute
        ``removed`` (keys), scaled ones in ``scaled``.

    Raises
    ------
    DataError
        For an unknown country, edge or mode, a negative factor, or scaling an edge whose
        capacity is unknown.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> G = load_corridors()
    >>> export_capacity(disrupt(G, without_countries=["Russia"]), "oil")
    13.5
    """
    H = G.copy()
    H.graph["roles"] = _roles(G)
    removed: list[str] = list(G.graph.get("removed", ()))
    scaled: dict[str, float] = dict(G.graph.get("scaled", {}))
    countries = set(without_countries)
    known = {c for _, _, cs in G.edges(data="controlling") for c in cs}
    unknown = countries - known
    if unknown:
        raise DataError(
            f"no edge is controlled by {sorted(unknown)}; countries in the network: "
            f"{', '.join(sorted(known))}"
        )
    exposed = set(exposed_to)
    known_exposure = {c for _, _, cs in G.edges(data="exposure", default=()) for c in cs}
    if exposed - known_exposure - known:
        raise DataError(
            f"no edge is controlled by or exposed to {sorted(exposed - known_exposure - known)}"
        )
    modes = set(without_modes)
    bad_modes = modes - {m for _, _, m in G.edges(data="mode")}
    if bad_modes:
        raise DataError(f"no edge has mode {sorted(bad_modes)}")
    drop = {
        (u, v, k)
        for u, v, k, d in G.edges(keys=True, data=True)
        if countries & set(d["controlling"])
        or d["mode"] in modes
        or exposed & (set(d["controlling"]) | set(d.get("exposure", ())))
    }
    for name in without_edges:
        drop.update(match_edges(G, name))
    for name, factor in (scale or {}).items():
        if not (math.isfinite(factor) and factor >= 0):
            raise DataError(f"scale factor for {name!r} must be a number >= 0, got {factor}")
        for u, v, k in match_edges(G, name):
            cap = H.edges[u, v, k].get(capacity)
            if cap is None:
                raise DataError(
                    f"edge {k!r} has no known capacity to scale; set one or remove the edge"
                )
            H.edges[u, v, k][capacity] = cap * factor
            scaled[k] = scaled.get(k, 1.0) * factor
    H.remove_edges_from(drop)
    removed.extend(sorted(k for _, _, k in drop))
    H.graph["removed"] = removed
    H.graph["scaled"] = scaled
    return H


def add_capacity(
    G: nx.MultiDiGraph,
    u: Any,
    v: Any,
    amount: float,
    commodity: str,
    *,
    key: str | None = None,
    capacity: str = "capacity",
    **attrs: Any,
) -> nx.MultiDiGraph:
    """A new network with ``amount`` more capacity on ``u -> v`` for ``commodity``.

    The edge is ``key`` (default ``"u-v:commodity"``, the loader's keys). When it does not
    exist it is created; then ``attrs`` must give its ``mode``,
    ``unit``, ``controlling`` (tuple of countries) and ``source`` (e.g. "what-if").

    Raises
    ------
    DataError
        For a negative amount or a new edge without its attributes.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> G = load_corridors()
    >>> H = add_capacity(G, "Sangachal", "Ceyhan", 10.0, "oil")
    >>> H.edges["Sangachal", "Ceyhan", "Sangachal-Ceyhan:oil"]["capacity"]
    29.8
    """
    if not (math.isfinite(amount) and amount >= 0):
        raise DataError(f"added capacity must be a number >= 0, got {amount}")
    H = G.copy()
    H.graph["roles"] = _roles(G)
    key = f"{u}-{v}:{commodity}" if key is None else key  # 0 is a valid networkx key
    if H.has_edge(u, v, key):
        cap = H.edges[u, v, key].get(capacity)
        if cap is not None:  # unknown capacity is unconstrained already
            H.edges[u, v, key][capacity] = cap + amount
        return H
    needed = ("mode", "unit", "controlling", "source")
    missing = [a for a in needed if a not in attrs]
    if missing or u not in G or v not in G:
        raise DataError(
            f"new edge {key!r} needs existing nodes and attributes {needed}; missing "
            f"{missing or 'nodes'}"
        )
    H.add_edge(u, v, key=key, commodity=commodity, **{capacity: float(amount)}, **attrs)
    return H


def _final_legs(G: nx.MultiDiGraph, commodity: str) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    mk = set(markets(G, commodity))
    return [
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if d["commodity"] == commodity and v in mk
    ]


def dependence_on(
    G: nx.MultiDiGraph,
    country: str,
    commodity: str,
    *,
    capacity: str = "capacity",
    exposure: bool = False,
) -> dict[str, Any]:
    """How much of the export of ``commodity`` depends on ``country``.

    By default only the edges the country controls are removed. With ``exposure=True``
    the edges that merely pass through its waters (``transit_exposure``) are removed as
    well: the share then measures transit exposure, an upper bound that is not control
    (the Turkish Straits are open to merchant ships under the Montreux Convention).

    Returns
    -------
    dict
        ``capacity``: export capacity; ``residual``: capacity without the country's edges;
        ``capacity_share``: ``1 - residual / capacity`` (0 when there is no capacity);
        ``flow_share``: share of the recent flow on the final legs into markets that the
        country controls or that can no longer be reached from an origin without it (None
        when no final leg has a known flow); ``flow_legs``: final legs with a known flow.

    Notes
    -----
    The flow share counts a final leg as lost only when every path to it crosses the
    country; flows are recent observations of different years, given per edge in the data.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> d = dependence_on(load_corridors(), "Russia", "oil")
    >>> round(d["capacity_share"], 3)
    0.869
    """
    import networkx as nx

    _check_commodity(G, commodity)
    total = export_capacity(G, commodity, capacity=capacity)
    H = disrupt(G, exposed_to=[country]) if exposure else disrupt(G, without_countries=[country])
    residual = export_capacity(H, commodity, capacity=capacity)
    reach: set[Any] = set()
    for o in origins(G, commodity):
        if o in H:
            reach |= {o} | nx.descendants(H, o)
    lost = known = 0.0
    legs = 0
    for u, v, k, d in _final_legs(G, commodity):
        if d.get("flow_recent") is None:
            continue
        legs += 1
        known += d["flow_recent"]
        if not H.has_edge(u, v, k) or u not in reach:
            lost += d["flow_recent"]
    return {
        "country": country,
        "commodity": commodity,
        "measure": "transit exposure" if exposure else "control",
        "capacity": total,
        "residual": residual,
        "capacity_share": (1.0 - residual / total) if total > 0 else 0.0,
        "flow_share": lost / known if known > 0 else None,
        "flow_legs": legs,
    }


def dependence_table(
    G: nx.MultiDiGraph, commodity: str, *, capacity: str = "capacity"
) -> list[dict[str, Any]]:
    """:func:`dependence_on` for every country controlling an edge of ``commodity``,
    most depended-on first."""
    _check_commodity(G, commodity)
    countries = {
        c
        for _, _, d in G.edges(data=True)
        if d["commodity"] == commodity
        for c in d["controlling"]
    }
    rows = [dependence_on(G, c, commodity, capacity=capacity) for c in sorted(countries)]
    return sorted(rows, key=lambda r: (-r["capacity_share"], r["country"]))


def exposure_table(
    G: nx.MultiDiGraph, commodity: str, *, capacity: str = "capacity"
) -> list[dict[str, Any]]:
    """:func:`dependence_on` with ``exposure=True`` for every country that an edge of
    ``commodity`` passes without controlling it (the ``transit_exposure`` column).

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> [r["country"] for r in exposure_table(load_corridors(), "oil")]
    ['Turkey']
    """
    _check_commodity(G, commodity)
    countries = {
        c
        for _, _, d in G.edges(data=True)
        if d["commodity"] == commodity
        for c in d.get("exposure", ())
    }
    rows = [
        dependence_on(G, c, commodity, capacity=capacity, exposure=True) for c in sorted(countries)
    ]
    return sorted(rows, key=lambda r: (-r["capacity_share"], r["country"]))


def route_hhi(G: nx.MultiDiGraph, commodity: str, *, capacity: str = "capacity") -> dict[str, Any]:
    """Herfindahl-Hirschman index of export routes, by capacity and by recent flow.

    Route shares are those of the final legs into markets, grouped by their ``route``
    label, in one maximum flow (capacity) and in the recent flows (flow).

    Returns
    -------
    dict
        ``capacity_hhi``, ``capacity_shares``, ``flow_hhi``, ``flow_shares`` (the flow
        entries are None when no final leg has a known flow).

    Notes
    -----
    HHI = sum of squared shares (Hirschman 1945): 1 for a single route, 1/n for n equal
    routes. A maximum flow need not be unique, so capacity shares describe one of them.

    Examples
    --------
    >>> from multivector.network import load_corridors
    >>> h = route_hhi(load_corridors(), "oil")
    >>> 0 < h["capacity_hhi"] <= 1
    True
    """
    _check_commodity(G, commodity)
    H = _flow_network(G, commodity, capacity)
    _value, flow = _max_flow(H)
    cap_by: dict[str, float] = {}
    flow_by: dict[str, float] = {}
    for u, v, _k, d in _final_legs(G, commodity):
        route = d.get("route") or "unlabelled"
        a = (u, "out") if (u, "out") in H else u
        b = (v, "in") if (v, "in") in H else v
        edge = H.edges[a, b]
        # parallel edges share their aggregated flow in proportion to their capacity
        share = 1.0 / len(edge["keys"])
        cap_by[route] = cap_by.get(route, 0.0) + flow[a][b] * share
        if d.get("flow_recent") is not None:
            flow_by[route] = flow_by.get(route, 0.0) + d["flow_recent"]

    def shares(by: dict[str, float]) -> dict[str, float] | None:
        total = sum(by.values())
        return {r: x / total for r, x in sorted(by.items())} if total > 0 else None

    cs, fs = shares(cap_by), shares(flow_by)
    return {
        "capacity_shares": cs,
        "capacity_hhi": sum(s * s for s in cs.values()) if cs else None,
        "flow_shares": fs,
        "flow_hhi": sum(s * s for s in fs.values()) if fs else None,
    }


def fastest_route(
    G: nx.MultiDiGraph, source: Any, target: Any, commodity: str, *, weight: str = "transit_days"
) -> tuple[list[Any], float]:
    """The path minimising ``weight`` (``transit_days`` or ``cost``) over edges where it is known.

    Raises
    ------
    DataError
        When no path of known ``weight`` joins the two nodes (the shipped data has
        transit times on few edges and no costs: see docs/network.md).
    """
    import networkx as nx

    D = nx.DiGraph()
    for u, v, d in G.edges(data=True):
        w = d.get(weight)
        if d["commodity"] != commodity or w is None:
            continue
        if not D.has_edge(u, v) or D.edges[u, v][weight] > w:
            D.add_edge(u, v, **{weight: w})
    try:
        length, path = nx.single_source_dijkstra(D, source, target, weight=weight)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        raise DataError(
            f"no {commodity} path from {source!r} to {target!r} with known {weight}; add "
            f"{weight} to the edges of a route"
        ) from None
    return list(path), float(length)
