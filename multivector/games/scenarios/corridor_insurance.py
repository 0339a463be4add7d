"""``corridor-insurance``: investing in a bypass before Russia of unknown resolve chooses.

A sequential scenario. Chance draws Russia's resolve (only Russia sees it). Kazakhstan
first decides whether to invest in the Trans-Caspian route (oil to the BTC), the Iranian
route (rail through Turkmenistan), both or neither. Russia sees the investment and
accommodates or squeezes every route it controls. Turkey, the far end of the BTC and of
the Middle Corridor and Kazakhstan's partner in the Organization of Turkic States, then
opens its end to the rerouted oil or hedges (keeps to contracted volumes, sparing its
relations with Russia).

What a squeeze costs Kazakhstan, and what it gives Russia, is Russia's leverage *after*
the investment: the share of the oil export capacity lost when Russia's routes close,
measured on the corridor network with the investment added (the definition of
``russia.leverage``, :func:`~multivector.games.scenarios.corridor_investment.leverage_after`).
An investment is therefore insurance: it costs every year and pays only if Russia
squeezes; it can also deter a squeeze by lowering what the squeeze is worth to Russia.
``docs/model.md`` gives the prior of Russian resolve above which investing is part of the
equilibrium, in both calibrations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Term, Values
from multivector.games.scenarios.coercion import (
    escalation,
    prior_resolute,
    resolve_value,
    squeeze_cost,
)
from multivector.games.scenarios.corridor_investment import (
    PARAMETERS as INVESTMENT_PARAMETERS,
)
from multivector.games.scenarios.corridor_investment import residual_capacities
from multivector.games.scenarios.tree import CHANCE, Stage, TreeScenario

__all__ = ["SCENARIO", "STRATEGIES", "leverages"]

KZ, RU, TR = "Kazakhstan", "Russia", "Turkey"
RESOLVE, RES, OPP = "resolve", "resolute", "opportunistic"
NONE, TC, IR, BOTH = "none", "trans-caspian", "iranian", "both"
STRATEGIES = (NONE, TC, IR, BOTH)
ACC, SQZ = "accommodate", "squeeze"
OPEN, HEDGE = "open", "hedge"
_TC_SIZE, _IR_SIZE = "corridor.trans_caspian_oil", "corridor.iranian_cargo"
_WITHOUT_TC = {NONE: NONE, TC: NONE, IR: IR, BOTH: IR}

H = Mapping[str, str]


@lru_cache(maxsize=4096)
def leverages(trans_caspian_oil: float, iranian_cargo: float) -> dict[str, float]:
    """Russia's oil and cargo leverage after each investment, with Turkey open or hedging.

    Keys ``"oil:<strategy>:open"``, ``"oil:<strategy>:hedge"`` and ``"cargo:<strategy>"``:
    ``1 - R / C`` on the corridor network with the investment, where R is the capacity
    left without Russia's routes and C the capacity with them. When Turkey hedges, the
    Trans-Caspian investment's oil does not get through Ceyhan under a squeeze (R is
    that of the same strategy without the Trans-Caspian part; C keeps it).

    Examples
    --------
    >>> lv = leverages(10.5, 5.0)
    >>> round(lv["oil:none:open"], 4), round(lv["oil:trans-caspian:open"], 4)
    (0.8689, 0.7885)
    >>> round(lv["oil:trans-caspian:hedge"], 4)
    0.8811
    """
    r = residual_capacities(trans_caspian_oil, iranian_cargo)
    out = {}
    for s in STRATEGIES:
        c_oil = r[f"intact-{s}"]["oil"]
        out[f"oil:{s}:open"] = 1.0 - r[s]["oil"] / c_oil
        out[f"oil:{s}:hedge"] = 1.0 - r[_WITHOUT_TC[s]]["oil"] / c_oil
        c_cargo = r[f"intact-{s}"]["general_cargo"]
        out[f"cargo:{s}"] = 1.0 - r[s]["general_cargo"] / c_cargo
    return out


def _lev(p: Values, key: str) -> NDArray[np.float64]:
    tc = np.atleast_1d(np.asarray(p[_TC_SIZE], dtype=np.float64))
    ir = np.atleast_1d(np.asarray(p[_IR_SIZE], dtype=np.float64))
    tc, ir = np.broadcast_arrays(tc, ir)
    return np.array([leverages(float(a), float(b))[key] for a, b in zip(tc, ir, strict=True)])


def _prior(p: Values) -> NDArray[np.float64]:
    q = np.asarray(p["russia.prior_resolute"], dtype=np.float64)
    return np.stack([q, 1.0 - q], axis=-1)


_inv = {name: INVESTMENT_PARAMETERS[name] for name in INVESTMENT_PARAMETERS}

PARAMETERS = ParameterSet(
    [
        common.oil_share(),
        _inv["kazakhstan.cargo_share"],
        common.disruption(),
        escalation(),
        _inv[_TC_SIZE],
        _inv[_IR_SIZE],
        _inv["kazakhstan.cost.trans_caspian"],
        _inv["kazakhstan.cost.iranian"],
        common.security_threat(),
        prior_resolute(),
        squeeze_cost(),
        common.russia_demand(),
        resolve_value(),
        common.hub_value(),
        common.china_friction(),
        Parameter(
            "turkey.ots_value",
            0.02,
            0.0,
            0.5,
            common.POWER_UNIT("Turkey"),
            "[S10] (Turkey: shared roots, a future transit route); [S15] (declaration on "
            "the Trans-Caspian East-West corridor with Turkey, Azerbaijan and Georgia); "
            "Kazakhstan and Turkey founding members of the Organization of Turkic States "
            "(Nakhchivan Agreement, 2009)",
            "value to Turkey of keeping its end of the route open to Kazakh cargo and oil "
            "(the Turkic partnership and the Middle Corridor)",
            note="Judged: small, a fiftieth of the relationship; exports to Turkey were 4.1% "
            "of Kazakh exports in 2024 (Kazinform via ckhq [M]).",
        ),
        Parameter(
            "turkey.transit_value",
            0.2,
            0.0,
            1.0,
            common.POWER_UNIT("Turkey") + ", per unit of oil leverage",
            "BTC: Turkey's 1,076 km section operated by BOTAS (BP); Ceyhan terminal; [S10]",
            "value to Turkey of the Kazakh oil a squeeze reroutes through Ceyhan, per unit "
            "of leverage the open route takes from Russia",
            note="Judged: transit fees and the hub role; the BTC tariffs are not in the sources.",
        ),
        Parameter(
            "turkey.russia_friction",
            0.03,
            0.0,
            0.5,
            common.POWER_UNIT("Turkey"),
            "[S10]; the article's conclusions name Russia-Turkey relations as a driver of "
            "the region's future",
            "Turkey's cost, in its relations with Russia, of opening its end to oil that "
            "Russia is squeezing",
            note="Judged: half as large again as the partnership value; Turkey's own exposure to "
            "Russia (gas, tourism, nuclear power) is not quantified in the sources.",
        ),
    ]
)


def _squeeze(resolute: bool, turkey: str, s: str) -> Term:
    depth = "russia.escalation" if resolute else "russia.disruption"
    kind = RES if resolute else OPP
    key = f"oil:{s}:{turkey}"
    return Term(
        player=KZ,
        name=f"oil-squeeze-{kind}-{s}-{turkey}",
        kind="cost",
        params=("kazakhstan.oil_share", depth),
        magnitude=lambda p: p["kazakhstan.oil_share"] * p[depth] * _lev(p, key),
        weight=lambda h: float(
            h[RESOLVE] == kind and h[KZ] == s and h[RU] == SQZ and h[TR] == turkey
        ),
        formula=f"x * d_{'res' if resolute else 'opp'} * L_oil[{s}, Turkey {turkey}s]",
        applies=f"{'a resolute' if resolute else 'an opportunistic'} Russia squeezes after "
        f"investment {s}; Turkey {turkey}s",
        why="Oil the remaining routes cannot carry, withheld for the type's depth [S14]; L "
        "from the network with the investment (derived).",
    )


def _cargo(resolute: bool, s: str) -> Term:
    depth = "russia.escalation" if resolute else "russia.disruption"
    kind = RES if resolute else OPP
    key = f"cargo:{s}"
    return Term(
        player=KZ,
        name=f"cargo-squeeze-{kind}-{s}",
        kind="cost",
        params=("kazakhstan.cargo_share", depth),
        magnitude=lambda p: p["kazakhstan.cargo_share"] * p[depth] * _lev(p, key),
        weight=lambda h: float(h[RESOLVE] == kind and h[KZ] == s and h[RU] == SQZ),
        formula=f"c * d_{'res' if resolute else 'opp'} * L_cargo[{s}]",
        applies=f"{'a resolute' if resolute else 'an opportunistic'} Russia squeezes after "
        f"investment {s}",
        why="Rail cargo the remaining routes cannot carry [S15], [S16] (derived).",
    )


def _russia(s: str, turkey: str) -> tuple[Term, Term]:
    key = f"oil:{s}:{turkey}"
    opened = f"oil:{s}:open"
    return (
        Term(
            player=RU,
            name=f"pressing-demands-{s}-{turkey}",
            kind="gain",
            params=("russia.demand",),
            magnitude=lambda p: p["russia.demand"] * _lev(p, key),
            weight=lambda h: float(h[KZ] == s and h[RU] == SQZ and h[TR] == turkey),
            formula=f"q_R * L_oil[{s}, Turkey {turkey}s]",
            applies=f"Russia squeezes after investment {s}; Turkey {turkey}s",
            why="What a squeeze extracts grows with the leverage left to Russia [S6], [S11].",
        ),
        Term(
            player=RU,
            name=f"squeeze-cost-{s}-{turkey}",
            kind="cost",
            params=("russia.squeeze_cost",),
            magnitude=lambda p: p["russia.squeeze_cost"] * _lev(p, opened),
            weight=lambda h: float(h[KZ] == s and h[RU] == SQZ and h[TR] == turkey),
            formula=f"c_R * L_oil[{s}, open]",
            applies=f"Russia squeezes after investment {s}; Turkey {turkey}s",
            why="Lost CPC revenue and transit fees on the oil it stops [S6].",
        ),
    )


def _transit(s: str) -> Term:
    gained = f"oil:{s}:hedge", f"oil:{s}:open"
    return Term(
        player=TR,
        name=f"transit-{s}",
        kind="gain",
        params=("turkey.transit_value",),
        magnitude=lambda p: p["turkey.transit_value"] * (_lev(p, gained[0]) - _lev(p, gained[1])),
        weight=lambda h: float(h[KZ] == s and h[RU] == SQZ and h[TR] == OPEN),
        formula=f"tau_T * (L_oil[{s}, hedge] - L_oil[{s}, open])",
        applies=f"Turkey opens to the oil a squeeze reroutes after investment {s}",
        why="Transit of the rerouted Kazakh oil through the BTC and Ceyhan [S10], [S15].",
    )


def _when(f: Callable[[H], bool]) -> Callable[[H], float]:
    return lambda h: float(f(h))


def _v(name: str) -> Callable[[Values], Any]:
    return lambda p: p[name]


TERMS = (
    Term(
        player=KZ,
        name="invest-trans-caspian",
        kind="cost",
        params=("kazakhstan.cost.trans_caspian",),
        magnitude=_v("kazakhstan.cost.trans_caspian"),
        weight=_when(lambda h: h[KZ] in (TC, BOTH)),
        formula="I_TC",
        applies="Kazakhstan invests in the Trans-Caspian route (alone or with the Iranian)",
        why="Annualised capital cost of a Trans-Caspian oil link [S15].",
    ),
    Term(
        player=KZ,
        name="invest-iranian",
        kind="cost",
        params=("kazakhstan.cost.iranian",),
        magnitude=_v("kazakhstan.cost.iranian"),
        weight=_when(lambda h: h[KZ] in (IR, BOTH)),
        formula="I_IR",
        applies="Kazakhstan invests in the Iranian route (alone or with the Trans-Caspian)",
        why="Annualised capital cost of the Iranian rail upgrade [S16].",
    ),
    *(_squeeze(r, t, s) for r in (True, False) for s in STRATEGIES for t in (OPEN, HEDGE)),
    *(_cargo(r, s) for r in (True, False) for s in STRATEGIES),
    Term(
        player=KZ,
        name="security-pressure",
        kind="cost",
        params=("russia.security_threat",),
        magnitude=_v("russia.security_threat"),
        weight=_when(lambda h: h[RU] == SQZ),
        formula="T",
        applies="Russia squeezes",
        why="Security and information pressure [S6].",
    ),
    *(t for s in STRATEGIES for tt in (OPEN, HEDGE) for t in _russia(s, tt)),
    Term(
        player=RU,
        name="resolve",
        kind="gain",
        params=("russia.resolve_value",),
        magnitude=_v("russia.resolve_value"),
        weight=_when(lambda h: h[RU] == SQZ and h[RESOLVE] == RES),
        formula="R",
        applies="a resolute Russia squeezes (Kazakhstan balances throughout this scenario)",
        why="A resolute Russia values asserting its sphere for its own sake [S6], [S11].",
    ),
    Term(
        player=RU,
        name="hub-at-risk",
        kind="cost",
        params=("russia.hub_value",),
        magnitude=_v("russia.hub_value"),
        weight=_when(lambda h: h[RU] == SQZ),
        formula="H_R",
        applies="Russia squeezes",
        why="Under sanctions Kazakhstan is a channel for trade and relocation [S12].",
    ),
    Term(
        player=RU,
        name="china-friction",
        kind="cost",
        params=("russia.china_friction",),
        magnitude=_v("russia.china_friction"),
        weight=_when(lambda h: h[RU] == SQZ),
        formula="F_R",
        applies="Russia squeezes",
        why="China's 2022 pledge makes a squeeze costlier for Russia [S7] (China is not a "
        "player here: its engagement is taken as given).",
    ),
    Term(
        player=TR,
        name="partnership",
        kind="gain",
        params=("turkey.ots_value",),
        magnitude=_v("turkey.ots_value"),
        weight=_when(lambda h: h[TR] == OPEN),
        formula="O_T",
        applies="Turkey opens its end",
        why="The Turkic partnership and the Middle Corridor [S10], [S15].",
    ),
    *(_transit(s) for s in STRATEGIES),
    Term(
        player=TR,
        name="russia-friction",
        kind="cost",
        params=("turkey.russia_friction",),
        magnitude=_v("turkey.russia_friction"),
        weight=_when(lambda h: h[TR] == OPEN and h[RU] == SQZ),
        formula="f_T",
        applies="Turkey opens its end while Russia squeezes",
        why="Opening to oil Russia squeezes strains Turkey's relations with Russia [S10].",
    ),
)

STAGES = (
    Stage(RESOLVE, CHANCE, (RES, OPP), probability=_prior, params=("russia.prior_resolute",)),
    Stage(KZ, KZ, STRATEGIES),
    Stage(RU, RU, (ACC, SQZ), observes=(RESOLVE, KZ)),
    Stage(TR, TR, (OPEN, HEDGE), observes=(KZ, RU)),
)

SCENARIO = TreeScenario(
    name="corridor-insurance",
    title="Bypass corridors as insurance against a squeeze of unknown resolve",
    description=(
        "Sequential. Chance draws Russia's resolve; Kazakhstan invests in the "
        "Trans-Caspian route, the Iranian route, both or neither; Russia sees the "
        "investment and accommodates or squeezes; Turkey (the far end of the BTC and of "
        "the Middle Corridor) opens its end to rerouted oil or hedges. Russia's leverage "
        "after the investment comes from the corridor network."
    ),
    players=(KZ, RU, TR),
    stages=STAGES,
    parameters=PARAMETERS,
    terms=TERMS,
    units={
        KZ: common.KZ_UNIT,
        RU: common.POWER_UNIT("Russia"),
        TR: common.POWER_UNIT("Turkey"),
    },
    calibration_file="corridor_insurance.toml",
    phrases={
        (RESOLVE, RES): "a resolute Russia",
        (RESOLVE, OPP): "an opportunistic Russia",
        (KZ, NONE): "does not invest",
        (KZ, TC): "invests in the Trans-Caspian route",
        (KZ, IR): "invests in the Iranian route",
        (KZ, BOTH): "invests in both bypass routes",
        (RU, ACC): "accommodates",
        (RU, SQZ): "squeezes every route it controls",
        (TR, OPEN): "opens its end of the route",
        (TR, HEDGE): "hedges",
    },
)
