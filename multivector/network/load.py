"""Read the corridor tables (nodes and edges CSV) into a checked ``nx.MultiDiGraph``.

Schema
------
``nodes.csv``: ``id, name, kind, country, lat, lon, throughput, throughput_unit, source``;
``kind`` is one of ``origin``, ``border``, ``port``, ``hub``, ``market``. ``throughput`` is an
optional capacity of the node itself (a port), applied to every commodity measured in
``throughput_unit``.

``edges.csv``: ``from, to, route, mode, commodity, capacity, unit, controlling_countries,
flow_recent, flow_year, transit_days, cost, source``; ``controlling_countries`` is a
``;``-separated list of the countries an edge crosses or whose operator can stop it. An
optional column ``transit_exposure`` lists countries whose waters or territory the edge
passes without operating it or being able to close it lawfully in peacetime (Turkey for
the Straits, open to merchant ships under the Montreux Convention of 1936): exposure,
not control, which the analyses keep apart.

Unknown values are empty cells and load as None; every row needs a non-empty source.
An edge with unknown capacity is treated by the flow analyses as unconstrained, so the
known capacities elsewhere on its paths bound the flow.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from multivector.errors import DataError
from multivector.files import read_text, shorten

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EDGE_COLUMNS",
    "KINDS",
    "MAX_QUANTITY",
    "MIN_QUANTITY",
    "MODES",
    "NODE_COLUMNS",
    "OPTIONAL_EDGE_COLUMNS",
    "UNITS",
    "check_units",
    "load_corridors",
]

NODE_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "lat",
    "lon",
    "throughput",
    "throughput_unit",
    "source",
)
EDGE_COLUMNS = (
    "from",
    "to",
    "route",
    "mode",
    "commodity",
    "capacity",
    "unit",
    "controlling_countries",
    "flow_recent",
    "flow_year",
    "transit_days",
    "cost",
    "source",
)
#: Optional edge columns (older tables without them still load).
OPTIONAL_EDGE_COLUMNS = ("transit_exposure",)
KINDS = ("origin", "border", "port", "hub", "market")
MODES = ("oil_pipeline", "rail", "sea", "road")
#: Units a capacity or flow may be given in (per year); commodities are never mixed.
UNITS = ("Mt/y", "TEU/y")
#: Largest capacity, flow, time or cost accepted in a table: far above any corridor's
#: (the largest ports move about 5e7 TEU/y), far below where sums of capacities overflow.
MAX_QUANTITY = 1e12
#: Smallest positive quantity (0 means none): networkx's max-flow loses a capacity about
#: 1e-15 times the others (measured: 1e-30 beside the shipped capacities ends in a KeyError).
MIN_QUANTITY = 1e-6


def _rows(
    text: str, columns: tuple[str, ...], where: str, optional: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    try:
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"{where}: missing column(s) {', '.join(missing)}; expected {columns}")
        for i, row in enumerate(reader, start=2):
            clean = {k: (row.get(k) or "").strip() for k in (*columns, *optional)}
            if not clean["source"]:
                raise DataError(
                    f"{where} line {i}: every row needs a source; fill the source cell"
                )
            clean["_line"] = str(i)
            rows.append(clean)
    except csv.Error as err:  # a field past the csv module's size limit, a stray quote
        raise DataError(
            f"{where} line {reader.line_num}: not a valid CSV table ({err}); check the quotes "
            "and the cell"
        ) from None
    return rows


def _number(value: str, what: str, where: str) -> float | None:
    if value == "":
        return None
    try:
        v = float(value)
    except ValueError:
        raise DataError(
            f"{where}: {what} {shorten(value, 40)!r} is not a number; leave the cell empty "
            "when unknown"
        ) from None
    if not math.isfinite(v) or not (v == 0 or MIN_QUANTITY <= v <= MAX_QUANTITY):
        raise DataError(
            f"{where}: {what} {shorten(value, 40)!r} must be 0 or a number from "
            f"{MIN_QUANTITY:g} to {MAX_QUANTITY:g}"
        )
    return v


def _coordinate(value: str, what: str, bound: float, where: str) -> float | None:
    if value == "":
        return None
    try:
        v = float(value)
    except ValueError:
        raise DataError(f"{where}: {what} {shorten(value, 40)!r} is not a number") from None
    if not -bound <= v <= bound:
        raise DataError(
            f"{where}: {what} {shorten(value, 40)!r} must lie in [-{bound:g}, {bound:g}]"
        )
    return v


def _read(source: str | Path | None, name: str) -> tuple[str, str]:
    if source is None:
        text = resources.files("multivector.network").joinpath("data", name).read_text("utf-8")
        return text, name
    where = str(Path(source))
    return read_text(
        where, expected=f"a CSV table in the schema of {name}", error=DataError
    ), where


def load_corridors(
    nodes: str | Path | None = None, edges: str | Path | None = None
) -> nx.MultiDiGraph:
    """Load the corridor network, from the shipped tables or from CSV files in their schema.

    Parameters
    ----------
    nodes, edges : path, optional
        CSV files in the schema of the module docstring; the shipped tables when omitted.

    Returns
    -------
    networkx.MultiDiGraph
        Node attributes ``name, kind, country, lat, lon, throughput, throughput_unit,
        source``; edge attributes ``route, mode, commodity, capacity, unit, controlling
        (tuple of str), exposure (tuple of str), flow_recent, flow_year, transit_days,
        cost, source``; edge keys
        ``"from-to:commodity"``.

    Raises
    ------
    DataError
        For a missing column or source, a bad number, kind, mode or unit, an edge between
        unknown nodes, or a path that mixes units (see Notes).

    Notes
    -----
    Units are checked per commodity along every path: all edges of one commodity that are
    connected to each other must use one unit (oil in Mt/y is never added to containers
    in TEU/y), and a node's throughput applies only to commodities of its unit.

    Examples
    --------
    >>> G = load_corridors()
    >>> G.nodes["Tengiz"]["kind"]
    'origin'
    >>> G.edges["Tengiz", "Novorossiysk", "Tengiz-Novorossiysk:oil"]["capacity"]
    72.5
    """
    import networkx as nx

    ntext, nwhere = _read(nodes, "nodes.csv")
    etext, ewhere = _read(edges, "edges.csv")
    G = nx.MultiDiGraph()
    for row in _rows(ntext, NODE_COLUMNS, nwhere):
        where = f"{nwhere} line {row['_line']}"
        if not row["id"]:
            raise DataError(f"{where}: empty node id")
        if row["id"] in G:
            raise DataError(f"{where}: node {row['id']!r} is listed twice")
        if row["kind"] not in KINDS:
            raise DataError(f"{where}: kind {row['kind']!r} must be one of {KINDS}")
        throughput = _number(row["throughput"], "throughput", where)
        if throughput is not None and row["throughput_unit"] not in UNITS:
            raise DataError(
                f"{where}: throughput unit {row['throughput_unit']!r} must be one of {UNITS}"
            )
        G.add_node(
            row["id"],
            name=row["name"] or row["id"],
            kind=row["kind"],
            country=row["country"] or None,
            lat=_coordinate(row["lat"], "lat", 90.0, where),
            lon=_coordinate(row["lon"], "lon", 180.0, where),
            throughput=throughput,
            throughput_unit=row["throughput_unit"] or None,
            source=row["source"],
        )
    for row in _rows(etext, EDGE_COLUMNS, ewhere, OPTIONAL_EDGE_COLUMNS):
        where = f"{ewhere} line {row['_line']}"
        u, v = row["from"], row["to"]
        for node in (u, v):
            if node not in G:
                raise DataError(f"{where}: unknown node {node!r}; add it to the nodes table")
        if row["mode"] not in MODES:
            raise DataError(f"{where}: mode {row['mode']!r} must be one of {MODES}")
        if not row["commodity"]:
            raise DataError(f"{where}: empty commodity (e.g. oil, general_cargo)")
        if row["unit"] not in UNITS:
            raise DataError(
                f"{where}: unit {row['unit']!r} must be one of {UNITS}; convert the figure "
                "and cite the conversion in the source"
            )
        year = row["flow_year"]
        if year and not (year.isdigit() and len(year) == 4):
            raise DataError(f"{where}: flow_year {year!r} must be a four-digit year")
        controlling = tuple(
            c.strip() for c in row["controlling_countries"].split(";") if c.strip()
        )
        exposure = tuple(
            c.strip() for c in row.get("transit_exposure", "").split(";") if c.strip()
        )
        key = f"{u}-{v}:{row['commodity']}"
        if G.has_edge(u, v, key):
            raise DataError(f"{where}: edge {key!r} is listed twice")
        G.add_edge(
            u,
            v,
            key=key,
            route=row["route"] or None,
            mode=row["mode"],
            commodity=row["commodity"],
            capacity=_number(row["capacity"], "capacity", where),
            unit=row["unit"],
            controlling=controlling,
            exposure=exposure,
            flow_recent=_number(row["flow_recent"], "flow_recent", where),
            flow_year=int(year) if year else None,
            transit_days=_number(row["transit_days"], "transit_days", where),
            cost=_number(row["cost"], "cost", where),
            source=row["source"],
        )
    check_units(G)
    return G


def check_units(G: nx.MultiDiGraph, commodity: str = "commodity", unit: str = "unit") -> None:
    """Raise DataError when connected edges of one commodity use different units."""
    import networkx as nx

    by_commodity: dict[str, list[tuple[Any, Any, Any]]] = {}
    for u, v, k, c in G.edges(keys=True, data=commodity):
        by_commodity.setdefault(c, []).append((u, v, k))
    for c, edges in by_commodity.items():
        sub = nx.MultiDiGraph(G.edge_subgraph(edges))
        for component in nx.weakly_connected_components(sub):
            units = _units(sub.subgraph(component).edges(keys=True, data=unit))
            if len(units) > 1:
                raise DataError(
                    f"commodity {c!r} mixes units {sorted(units)} on one path (through "
                    f"{sorted(map(str, component))[:4]}...); use one unit per commodity or "
                    "split it into separate commodities"
                )


def _units(edges: Iterable[tuple[Any, Any, Any, Any]]) -> set[str]:
    return {str(e[3]) for e in edges}
