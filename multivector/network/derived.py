"""Scenario parameters measured on the shipped corridor network.

A scenario parameter with ``derive="multivector.network.derived:<function>"`` takes its
value from one of these functions (no arguments, a float): the value is the parameter's
default in every calibration and every command, unless a caller sets it explicitly.

Russia's corridor leverage has one definition, :func:`russia_corridor_leverage`: the share
of Kazakhstan's oil export *capacity* that is lost when every route Russia controls
closes. :func:`leverage_report` gives it with the network rows it comes from and, side by
side, the other measures of the same idea that the sources support (the CPC's share of
exported oil, the network's share of recent flow); those are shown, never used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = [
    "LEVERAGE_ALTERNATIVES",
    "leverage_alternatives",
    "leverage_report",
    "russia_corridor_leverage",
]

#: Other measures of Russia's corridor leverage, shown beside the one in use, never used:
#: ``(label, value, source)``.
LEVERAGE_ALTERNATIVES: tuple[tuple[str, float, str], ...] = (
    (
        "CPC share of Kazakh oil exports, 2021",
        0.79,
        "53.1 of 67.6 Mt [D] (Kazinform 2022-05-27; Kursiv 2021-12-28)",
    ),
    (
        "CPC share of Kazakh oil exports, 2022",
        0.81,
        "52.2 of 64.3 Mt [D] (Kazinform 2022-05-27; zonebourse)",
    ),
)


@lru_cache(maxsize=1)
def russia_corridor_leverage() -> float:
    """Share of Kazakhstan's oil export capacity lost if every route Russia controls closes.

    Returns
    -------
    float
        ``dependence_on(load_corridors(), "Russia", "oil")["capacity_share"]``, rounded to
        four decimals.

    Notes
    -----
    A capacity measure (max flow with and without Russia's edges: the CPC, Atyrau-Samara,
    the Makhachkala tanker route): 1 - 13.5 / 103.0 on the shipped data, where 13.5 Mt/y
    is the Atyrau-Kenkiyak feeder to China (6) and the Aktau oil berths (7.5). See
    :func:`leverage_report` for the rows and the alternatives.

    Examples
    --------
    >>> russia_corridor_leverage()
    0.8689
    """
    from multivector.network.analysis import dependence_on
    from multivector.network.load import load_corridors

    share = dependence_on(load_corridors(), "Russia", "oil")["capacity_share"]
    return round(float(share), 4)


@lru_cache(maxsize=1)
def leverage_alternatives() -> tuple[tuple[str, float, str], ...]:
    """:data:`LEVERAGE_ALTERNATIVES` and the network's share of recent oil flow on routes
    Russia controls, as ``(label, value, source)``.

    Examples
    --------
    >>> [v for _, v, _ in leverage_alternatives()]
    [0.79, 0.81, 0.9675]
    """
    from multivector.network.analysis import dependence_on
    from multivector.network.load import load_corridors

    flow = dependence_on(load_corridors(), "Russia", "oil")["flow_share"]
    return (
        *LEVERAGE_ALTERNATIVES,
        (
            "share of recent (2023) oil flow on routes Russia controls (network)",
            round(float(flow), 4),
            "flow_recent of the final oil legs in edges.csv",
        ),
    )


def _rows(G: Any, cut: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for node in cut.nodes:
        d = G.nodes[node]
        rows.append(
            {
                "row": f"nodes.csv: {node}",
                "capacity": d.get("throughput"),
                "controlling": [d["country"]] if d.get("country") else [],
                "source": d["source"],
            }
        )
    for key in cut.edges:
        for u, v, k, d in G.edges(keys=True, data=True):
            if k == key:
                rows.append(
                    {
                        "row": f"edges.csv: {u} -> {v} ({d['commodity']})",
                        "capacity": d.get("capacity"),
                        "controlling": list(d["controlling"]),
                        "source": d["source"],
                    }
                )
    return rows


def leverage_report() -> dict[str, Any]:
    """Russia's leverage: the value in use, its definition, source rows and alternatives.

    Returns
    -------
    dict
        ``value`` (as :func:`russia_corridor_leverage`), ``definition``, ``capacity`` and
        ``residual`` (Mt/y), ``rows`` (the network rows of the two minimum cuts that fix
        them: ``capacity_rows`` intact, ``residual_rows`` without Russia), ``flow_share``
        (the share of recent oil flow on routes Russia controls) and ``alternatives``
        (label, value, source), shown and not used.

    Examples
    --------
    >>> r = leverage_report()
    >>> r["value"], r["capacity"], r["residual"]
    (0.8689, 103.0, 13.5)
    >>> [a["value"] for a in r["alternatives"]]
    [0.79, 0.81, 0.9675]
    """
    from multivector.network.analysis import dependence_on, disrupt, min_cut
    from multivector.network.load import load_corridors

    G = load_corridors()
    dep = dependence_on(G, "Russia", "oil")
    H = disrupt(G, without_countries=["Russia"])
    alternatives = [{"label": a, "value": v, "source": s} for a, v, s in leverage_alternatives()]
    return {
        "parameter": "russia.leverage",
        "value": russia_corridor_leverage(),
        "definition": (
            "share of Kazakhstan's oil export capacity lost when every route Russia "
            "controls closes: 1 - residual / capacity (max flow on the corridor network)"
        ),
        "capacity": dep["capacity"],
        "residual": dep["residual"],
        "capacity_rows": _rows(G, min_cut(G, "oil")),
        "residual_rows": _rows(H, min_cut(H, "oil")),
        "alternatives": alternatives,
    }
