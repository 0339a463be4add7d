"""The corridor report: capacity, dependence and disruption of the network in one dict.

:func:`corridor_report` is what ``multivector corridors`` prints (as tables, or as JSON
with ``--format json``): for each commodity its export capacity to each market, the
minimum cut and the countries controlling it, the dependence on each transit country,
the concentration of routes, and, under a disruption, the residual capacities.

Examples
--------
>>> from multivector.network import load_corridors
>>> report = corridor_report(load_corridors(), without=["Russia"])
>>> oil = report["commodities"]["oil"]
>>> oil["unit"], oil["residual"] < oil["capacity"]
('Mt/y', True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from multivector.network.analysis import (
    add_capacity,
    commodities,
    commodity_unit,
    dependence_table,
    disrupt,
    export_capacity,
    exposure_table,
    markets,
    match_edges,
    min_cut,
    route_hhi,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["corridor_report"]


def corridor_report(
    G: nx.MultiDiGraph,
    *,
    without: Sequence[str] = (),
    scale: Mapping[str, float] | None = None,
    add: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Capacity, minimum cut, dependence and routes of every commodity, as JSON-ready data.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The corridor network (:func:`~multivector.network.load_corridors`).
    without : sequence of str
        Countries whose edges are removed (a disruption).
    scale : mapping, optional
        ``{edge name: factor}``: capacities scaled (a disruption).
    add : mapping, optional
        ``{edge name: capacity added}``: what-if investments, which change the baseline.

    Returns
    -------
    dict
        ``without``, ``scale``, ``add``, ``removed_edges`` (keys of the edges the
        disruption removes) and ``commodities``: for each commodity its ``unit``,
        ``capacity``, ``markets`` (``{market: {"capacity", "residual"}}``), ``min_cut``,
        ``dependence`` (one row per country controlling an edge), ``exposure`` (one row per
        country whose waters an edge passes without control, e.g. the Turkish Straits),
        ``routes`` (concentration) and,
        under a disruption, ``residual`` and ``residual_min_cut``.

    Raises
    ------
    DataError
        For an unknown country or edge, or a negative factor or amount.
    """
    base = G
    for name, amount in (add or {}).items():
        for u, v, k in match_edges(base, name):
            commodity = base.edges[u, v, k]["commodity"]
            base = add_capacity(base, u, v, amount, commodity, key=k)
    disrupted = bool(without or scale)
    H = disrupt(base, without_countries=without, scale=scale) if disrupted else base
    out: dict[str, Any] = {
        "without": list(without),
        "scale": dict(scale or {}),
        "add": dict(add or {}),
        "removed_edges": list(H.graph.get("removed", [])) if disrupted else [],
        "commodities": {},
    }
    for c in commodities(base):
        row: dict[str, Any] = {
            "unit": commodity_unit(base, c),
            "capacity": export_capacity(base, c),
            "markets": {
                str(m): {"capacity": export_capacity(base, c, m)} for m in markets(base, c)
            },
            "min_cut": min_cut(base, c).to_dict(),
            "dependence": dependence_table(base, c),
            "exposure": exposure_table(base, c),
            "routes": route_hhi(base, c),
        }
        if disrupted:
            row["residual"] = export_capacity(H, c)
            for m in markets(base, c):
                row["markets"][str(m)]["residual"] = export_capacity(H, c, m)
            row["residual_min_cut"] = min_cut(H, c).to_dict()
        out["commodities"][c] = row
    return out
