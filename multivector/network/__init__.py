"""Transit corridors as a flow network: Kazakhstan's export routes and their dependence.

The network is a :class:`networkx.MultiDiGraph` loaded from sourced CSV tables
(:func:`load_corridors`); analyses are plain functions that take the graph first
(:func:`export_capacity`, :func:`min_cut`, :func:`dependence_on`, :func:`disrupt`, ...).
networkx is imported by this package only, so ``import multivector`` stays light.
"""

from __future__ import annotations

from multivector.network.analysis import (
    add_capacity,
    commodities,
    dependence_on,
    dependence_table,
    disrupt,
    export_capacity,
    exposure_table,
    fastest_route,
    markets,
    min_cut,
    origins,
    route_hhi,
)
from multivector.network.load import EDGE_COLUMNS, NODE_COLUMNS, UNITS, load_corridors
from multivector.network.report import corridor_report

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "UNITS",
    "add_capacity",
    "commodities",
    "corridor_report",
    "dependence_on",
    "dependence_table",
    "disrupt",
    "export_capacity",
    "exposure_table",
    "fastest_route",
    "load_corridors",
    "markets",
    "min_cut",
    "origins",
    "route_hhi",
]
