"""``corridor-investment``: bypass routes against Russia's corridor coercion (two players).

Kazakhstan chooses whether to invest in the Trans-Caspian route (more oil capacity to the
BTC pipeline), the Iranian route (more rail capacity on the Kazakhstan-Turkmenistan-Iran
line), both or neither; Russia accommodates or coerces by closing, for a fraction of a
year, every route it controls (the pattern of the 2022 CPC suspensions). What Kazakhstan
loses under coercion is the share of its exports that the remaining routes cannot carry:
the residual capacities come from the corridor network (:mod:`multivector.network`), which
is run once per set of investment sizes, with Russia's edges removed and the investment's
edges added.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import networkx as nx

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term, Values

__all__ = ["SCENARIO", "STRATEGIES", "leverage_after", "residual_capacities"]

KZ, RU = "Kazakhstan", "Russia"
NONE, TC, IR, BOTH = "none", "trans-caspian", "iranian", "both"
ACC, COE = "accommodate", "coerce"
#: Kazakhstan's strategies, in order.
STRATEGIES = (NONE, TC, IR, BOTH)

_TC_SIZE = "corridor.trans_caspian_oil"
_IR_SIZE = "corridor.iranian_cargo"

PARAMETERS = ParameterSet(
    [
        common.oil_share(),
        Parameter(
            "kazakhstan.cargo_share",
            0.05,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S15] (Middle Corridor); OECD 2023: EU-China rail container traffic through "
            "Russia fell by at least 35% after February 2022",
            "value of the rail cargo (transit and Kazakh non-oil goods) leaving Kazakhstan "
            "westward, as a share of turnover",
            note="Judged: about a seventh of the oil share (0.35), since rail cargo in tonnes "
            "is about a third of oil exports (30 against 70 Mt/y) and worth less per tonne "
            "as transit; the value is not in the sourced notes, hence bounds 0 to 0.2.",
        ),
        common.disruption(),
        Parameter(
            _TC_SIZE,
            10.5,
            0.0,
            40.0,
            "Mt/y of oil export capacity",
            "Aktau and Kuryk 21 Mt/y with a plan of +50% by 2028 (Astana Times 2024-05-24); "
            "BTC about 50 Mt/y (BP); [S15]",
            "oil capacity Kazakhstan adds from Tengiz to the BTC head (a new Caspian loading "
            "terminal and tankers) when it invests in the Trans-Caspian route",
            note="Judged: the sourced +50% of the Caspian ports (10.5 Mt/y), applied to oil. "
            "The network decides how much of it reaches a market: the BTC's spare capacity "
            "(19.8 Mt/y) less the 7.5 Mt/y through the Aktau oil berths leaves 12.3 Mt/y "
            "usable.",
        ),
        Parameter(
            _IR_SIZE,
            5.0,
            0.0,
            20.0,
            "Mt/y of rail capacity",
            "Eastern INSTC 10 Mt/y, initial design 3-5 Mt/y, 1.6 Mt in 2024 (AzVision; Times "
            "of Central Asia 2025); Serakhs 7.5 Mt/y (report.az); [S16]",
            "rail capacity Kazakhstan adds on the Kazakhstan-Turkmenistan-Iran line and on a "
            "feeder from Dostyk to Uzen when it invests in the Iranian route",
            note="Judged: the upper end of the line's initial design (5 Mt/y); bounds up to "
            "doubling the line. Without the Dostyk feeder the line's extra capacity would "
            "carry nothing (the Altynkol cargo already fills it), so the feeder is part of "
            "the investment.",
        ),
        Parameter(
            "kazakhstan.cost.trans_caspian",
            0.003,
            0.0,
            0.02,
            common.KZ_UNIT + ", per year",
            "[S15] (Trans-Caspian route as a way out); capex of a 10 Mt/y oil terminal and "
            "tanker fleet judged at $3-5 bn, not in the sourced notes",
            "yearly cost of the Trans-Caspian investment (annualised capital cost)",
            note="Judged: $4 bn at about 10% a year is $0.4 bn, 0.003 of a $133 bn turnover; "
            "about half the oil loss the investment avoids under coercion at defaults "
            "(0.35 x 0.1 x 10.5 / 70.5 = 0.0052).",
        ),
        Parameter(
            "kazakhstan.cost.iranian",
            0.002,
            0.0,
            0.02,
            common.KZ_UNIT + ", per year",
            "[S16] (Iranian route as a way out); capex of a 5 Mt/y rail upgrade and feeder "
            "judged at about $2-3 bn, not in the sourced notes",
            "yearly cost of the Iranian-route investment (annualised capital cost)",
            note="Judged: $2.5 bn at about 10% a year, 0.002 of turnover; two to three times "
            "the cargo loss it avoids under coercion at defaults (0.05 x 0.1 x 5 / 30).",
        ),
        common.security_threat(),
        common.coercion_cost(),
        common.russia_demand(),
        common.hub_value(),
        common.china_friction(),
    ]
)


@lru_cache(maxsize=512)
def residual_capacities(
    trans_caspian_oil: float, iranian_cargo: float
) -> dict[str, dict[str, float]]:
    """Export capacity left when Russia closes its routes, for each of Kazakhstan's choices.

    Parameters
    ----------
    trans_caspian_oil : float
        Mt/y of oil capacity added from Tengiz to Sangachal (the BTC head).
    iranian_cargo : float
        Mt/y of rail capacity added on Uzen-Incheh_Borun and on a new Dostyk-Uzen feeder.

    Returns
    -------
    dict
        ``{strategy: {"oil": Mt/y, "general_cargo": Mt/y}}`` without Russia's edges, plus
        ``"intact"``: the capacities of the network as shipped (no investment, no
        disruption), and ``"intact-<strategy>"``: the capacities with that investment and
        no disruption.

    Notes
    -----
    Max flow on the shipped network (Ford and Fulkerson 1956) after
    :func:`~multivector.network.add_capacity` and
    :func:`~multivector.network.disrupt` with ``without_countries=["Russia"]``; cached for
    each pair of sizes, so a game is built with four network runs at most.

    Examples
    --------
    >>> r = residual_capacities(10.5, 5.0)
    >>> r["none"]["oil"], r["trans-caspian"]["oil"], r["intact"]["general_cargo"]
    (13.5, 24.0, 45.0)
    """
    from multivector.network import add_capacity, disrupt, export_capacity, load_corridors

    G = load_corridors()
    what_if = "what-if investment of the corridor-investment scenario"

    def tc(H: nx.MultiDiGraph) -> nx.MultiDiGraph:
        return add_capacity(
            H,
            "Tengiz",
            "Sangachal",
            trans_caspian_oil,
            "oil",
            mode="sea",
            unit="Mt/y",
            route="trans-caspian",
            controlling=("Kazakhstan", "Azerbaijan"),
            source=what_if,
        )

    def ir(H: nx.MultiDiGraph) -> nx.MultiDiGraph:
        H = add_capacity(H, "Uzen", "Incheh_Borun", iranian_cargo, "general_cargo")
        return add_capacity(
            H,
            "Dostyk",
            "Uzen",
            iranian_cargo,
            "general_cargo",
            mode="rail",
            unit="Mt/y",
            route="iranian",
            controlling=("Kazakhstan",),
            source=what_if,
        )

    graphs = {NONE: G, TC: tc(G), IR: ir(G), BOTH: ir(tc(G))}
    out: dict[str, dict[str, float]] = {
        "intact": {c: export_capacity(G, c) for c in ("oil", "general_cargo")}
    }
    for name, H in graphs.items():
        out[f"intact-{name}"] = {c: export_capacity(H, c) for c in ("oil", "general_cargo")}
    for name, H in graphs.items():
        cut = disrupt(H, without_countries=["Russia"])
        out[name] = {c: export_capacity(cut, c) for c in ("oil", "general_cargo")}
    return out


def leverage_after(trans_caspian_oil: float, iranian_cargo: float, strategy: str) -> float:
    """Russia's leverage after an investment: the share of the oil export capacity (with the
    investment) lost when every route Russia controls closes.

    The definition of ``russia.leverage`` (:func:`multivector.network.derived.
    russia_corridor_leverage`), applied to the network with ``strategy``'s investment:
    ``1 - R_oil[strategy] / C_oil[strategy]``; for ``"none"`` it is ``russia.leverage``.

    Examples
    --------
    >>> from multivector.network.derived import russia_corridor_leverage
    >>> round(leverage_after(10.5, 5.0, "none"), 4) == russia_corridor_leverage()
    True
    >>> round(leverage_after(10.5, 5.0, "trans-caspian"), 4)
    0.7885
    """
    r = residual_capacities(trans_caspian_oil, iranian_cargo)
    return 1.0 - r[strategy]["oil"] / r[f"intact-{strategy}"]["oil"]


def _table(p: Values, key: str, strategy: str) -> NDArray[np.float64]:
    """Residual capacity of ``key`` under Russia's closure, row by row of a batch."""
    tc = np.atleast_1d(np.asarray(p[_TC_SIZE], dtype=np.float64))
    ir = np.atleast_1d(np.asarray(p[_IR_SIZE], dtype=np.float64))
    tc, ir = np.broadcast_arrays(tc, ir)
    return np.array(
        [
            residual_capacities(float(a), float(b))[strategy][key]
            for a, b in zip(tc, ir, strict=True)
        ]
    )


def oil_lost(p: Values, strategy: str) -> NDArray[np.float64]:
    """Russia's leverage after ``strategy``'s investment: the share of the oil export
    capacity lost when Russia's routes close, ``1 - R_oil / C_oil`` on the network with
    the investment (:func:`leverage_after`; ``russia.leverage`` for ``"none"``)."""
    tc = np.atleast_1d(np.asarray(p[_TC_SIZE], dtype=np.float64))
    ir = np.atleast_1d(np.asarray(p[_IR_SIZE], dtype=np.float64))
    tc, ir = np.broadcast_arrays(tc, ir)
    return np.array(
        [leverage_after(float(a), float(b), strategy) for a, b in zip(tc, ir, strict=True)]
    )


def cargo_lost(p: Values, strategy: str) -> NDArray[np.float64]:
    """Share of the shipped network's rail cargo capacity lost: ``1 - R_cargo / C_cargo``."""
    intact = residual_capacities(0.0, 0.0)["intact"]["general_cargo"]
    return np.clip(1.0 - _table(p, "general_cargo", strategy) / intact, 0.0, 1.0)


def _when(strategy: str) -> Callable[[str, str], float]:
    """Weight 1 where Kazakhstan plays ``strategy`` and Russia coerces."""
    return lambda k, r: float(k == strategy and r == COE)


def _loss_terms(strategy: str) -> tuple[Term, ...]:
    s = strategy
    return (
        Term(
            player=KZ,
            name=f"oil-loss-{s}",
            kind="cost",
            params=("kazakhstan.oil_share", "russia.disruption"),
            magnitude=lambda p: (
                p["kazakhstan.oil_share"] * p["russia.disruption"] * oil_lost(p, s)
            ),
            weight=_when(s),
            formula=f"x * d * L[{s}]",
            applies=f"Kazakhstan invests: {s}; Russia coerces",
            why="The share of oil export capacity the non-Russian routes cannot replace, "
            "withheld for a fraction d of a year [S14]; L[s] = 1 - R_oil[s] / C_oil[s] on the "
            "network with the investment, the definition of russia.leverage (derived).",
        ),
        Term(
            player=KZ,
            name=f"cargo-loss-{s}",
            kind="cost",
            params=("kazakhstan.cargo_share", "russia.disruption"),
            magnitude=lambda p: (
                p["kazakhstan.cargo_share"] * p["russia.disruption"] * cargo_lost(p, s)
            ),
            weight=_when(s),
            formula=f"c * d * (1 - R_cargo[{s}] / C_cargo)",
            applies=f"Kazakhstan invests: {s}; Russia coerces",
            why="Rail cargo the non-Russian routes cannot carry [S15], [S16]; R_cargo and "
            "C_cargo = 30 Mt/y from the network (derived).",
        ),
        Term(
            player=RU,
            name=f"pressing-demands-{s}",
            kind="gain",
            params=("russia.demand",),
            magnitude=lambda p: p["russia.demand"] * oil_lost(p, s),
            weight=_when(s),
            formula=f"q_R * L[{s}]",
            applies=f"Kazakhstan invests: {s}; Russia coerces",
            why="What a squeeze extracts grows with Russia's leverage after the investment; "
            "an isolated Russia is more demanding [S6], [S11].",
        ),
    )


TERMS = (
    Term(
        player=KZ,
        name="invest-trans-caspian",
        kind="cost",
        params=("kazakhstan.cost.trans_caspian",),
        magnitude=lambda p: p["kazakhstan.cost.trans_caspian"],
        weight=lambda k, r: float(k in (TC, BOTH)),
        formula="I_TC",
        applies="Kazakhstan invests in the Trans-Caspian route (alone or with the Iranian)",
        why="Annualised capital cost of a Trans-Caspian oil link [S15].",
    ),
    Term(
        player=KZ,
        name="invest-iranian",
        kind="cost",
        params=("kazakhstan.cost.iranian",),
        magnitude=lambda p: p["kazakhstan.cost.iranian"],
        weight=lambda k, r: float(k in (IR, BOTH)),
        formula="I_IR",
        applies="Kazakhstan invests in the Iranian route (alone or with the Trans-Caspian)",
        why="Annualised capital cost of the Iranian rail upgrade [S16].",
    ),
    *(t for s in STRATEGIES for t in _loss_terms(s) if t.player == KZ),
    Term(
        player=KZ,
        name="security-pressure",
        kind="cost",
        params=("russia.security_threat",),
        magnitude=lambda p: p["russia.security_threat"],
        weight=lambda k, r: float(r == COE),
        formula="T",
        applies="Russia coerces",
        why="Security and information pressure [S6].",
    ),
    Term(
        player=RU,
        name="coercion-cost",
        kind="cost",
        params=("russia.coercion_cost",),
        magnitude=lambda p: p["russia.coercion_cost"],
        weight=lambda k, r: float(r == COE),
        formula="c_R",
        applies="Russia coerces",
        why="Lost CPC revenue and reputation [S6].",
    ),
    *(t for s in STRATEGIES for t in _loss_terms(s) if t.player == RU),
    *common.russia_coercion_side_costs(),
)

SCENARIO = Scenario(
    name="corridor-investment",
    title="Kazakhstan's bypass corridors against Russia's corridor coercion",
    description=(
        "Two players. Kazakhstan invests in the Trans-Caspian route (oil to the BTC), the "
        "Iranian route (rail via Turkmenistan), both or neither; Russia accommodates or "
        "coerces by closing the routes it controls for a fraction of a year. Kazakhstan's "
        "loss under coercion is the share of its oil and rail cargo that the remaining "
        "routes cannot carry, computed by the corridor network with the investment added."
    ),
    players=(KZ, RU),
    strategies=(STRATEGIES, (ACC, COE)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={KZ: common.KZ_UNIT, RU: common.POWER_UNIT("Russia")},
    calibration_file="corridor_investment.toml",
)
