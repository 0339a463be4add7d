"""Scenario parameters measured on the shipped corridor network.

A scenario parameter with ``derive="multivector.network.derived:<function>"`` takes its
value from one of these functions (no arguments, a float) unless the caller sets it.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["russia_corridor_leverage"]


@lru_cache(maxsize=1)
def russia_corridor_leverage() -> float:
    """Share of Kazakhstan's oil export capacity lost if every route Russia controls closes.

    Returns
    -------
    float
        ``dependence_on(load_corridors(), "Russia", "oil")["capacity_share"]``, in [0, 1].

    Notes
    -----
    A capacity measure (max flow with and without Russia's edges: CPC, Atyrau-Samara, the
    Makhachkala tanker route); it matches the sourced ~80% of oil exports that leave
    through the CPC (79% in 2021, 81% in 2022, derived from Kazinform 2022 and Kursiv
    2021). See docs/network.md.

    Examples
    --------
    >>> 0.75 <= russia_corridor_leverage() <= 0.85
    True
    """
    from multivector.network.analysis import dependence_on
    from multivector.network.load import load_corridors

    share = dependence_on(load_corridors(), "Russia", "oil")["capacity_share"]
    return round(float(share), 4)
