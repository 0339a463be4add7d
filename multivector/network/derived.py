"""Scenario parameters measured on the shipped corridor network.

A scenario parameter with ``derive="multivector.network.derived:<function>"`` takes its
value from one of these functions (no arguments, a float): the value is the parameter's
default in every calibration and every command, unless a caller sets it explicitly.

Russia's corridor leverage has one definition, :func:`russia_corridor_leverage`: the share
of Kazakhstan's oil export *capacity* that is lost when every route Russia controls
closes. :func:`leverage_report` gives it with the network rows it comes from and, side by
side, the other measures of the same idea that the sources support (the CPC's share of
exported oil, the network's share of recent flow); those are shown, never used.

Measuring them needs networkx and the max-flow analyses (a tenth of a second, at every
start of a command that loads a scenario), so the figures of the *shipped* tables are
kept in ``data/derived.json`` with the SHA-256 of the two tables they were measured on.
They are used only while the tables' digest matches; an edited table is measured again.
A test recomputes them; ``python -m multivector.network.derived`` rewrites the file.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
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


#: The file, beside the shipped tables, that keeps their measured figures.
SHIPPED_FIGURES = "derived.json"


def _data() -> Any:
    return resources.files("multivector.network").joinpath("data")


def tables_digest() -> str:
    """SHA-256 of the shipped ``nodes.csv`` and ``edges.csv`` (the key of the kept figures)."""
    h = hashlib.sha256()
    for name in ("nodes.csv", "edges.csv"):
        data = _data().joinpath(name).read_bytes()
        h.update(f"{name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def measure() -> dict[str, float]:
    """The figures, measured on the shipped network with networkx (no kept value used).

    Examples
    --------
    >>> measure()
    {'russia_corridor_leverage': 0.8689, 'russia_oil_flow_share': 0.9675}
    """
    from multivector.network.analysis import dependence_on
    from multivector.network.load import load_corridors

    dep = dependence_on(load_corridors(), "Russia", "oil")
    return {
        "russia_corridor_leverage": round(float(dep["capacity_share"]), 4),
        "russia_oil_flow_share": round(float(dep["flow_share"]), 4),
    }


@lru_cache(maxsize=1)
def _figures() -> dict[str, float]:
    """The kept figures when they were measured on the tables as shipped, else measured."""
    try:
        kept = json.loads(_data().joinpath(SHIPPED_FIGURES).read_text("utf-8"))
        if kept["tables_sha256"] == tables_digest():
            return {k: float(v) for k, v in kept["figures"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return measure()


def write_figures() -> str:
    """Measure the figures and write them, with the tables' digest, to ``data/``; the
    path written."""
    from multivector.files import atomic_write_text

    path = str(_data().joinpath(SHIPPED_FIGURES))
    kept = {"tables_sha256": tables_digest(), "figures": measure()}
    atomic_write_text(path, json.dumps(kept, indent=2, sort_keys=True) + "\n")
    _figures.cache_clear()
    return path


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

    The value measured on the shipped tables is kept with their digest (see the module's
    notes), so that loading a scenario does not import networkx.

    Examples
    --------
    >>> russia_corridor_leverage()
    0.8689
    """
    return _figures()["russia_corridor_leverage"]


def leverage_alternatives() -> tuple[tuple[str, float, str], ...]:
    """:data:`LEVERAGE_ALTERNATIVES` and the network's share of recent oil flow on routes
    Russia controls, as ``(label, value, source)``.

    Examples
    --------
    >>> [v for _, v, _ in leverage_alternatives()]
    [0.79, 0.81, 0.9675]
    """
    return (
        *LEVERAGE_ALTERNATIVES,
        (
            "share of recent (2023) oil flow on routes Russia controls (network)",
            _figures()["russia_oil_flow_share"],
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


if __name__ == "__main__":
    print(f"wrote {write_figures()}")
