"""``sanctions-sequential``: compliance effort, a noisy signal, then secondary sanctions.

A sequential version of ``sanctions`` ([S12]) in which the West cannot see what
Kazakhstan does. Kazakhstan sets its effort to enforce Western export controls (``lax``,
``partial`` or ``strict``); Western monitoring (mirror trade statistics, customs data on
common high-priority goods) then flags Kazakhstan or not, with a probability that falls
with the effort; the West sees only the signal and imposes secondary sanctions or
tolerates. The West's choice rests on its belief about the effort given the signal: a
Bayesian game over the effort, solved on its tree by the library's ``sequential`` method
(every extreme Nash equilibrium of this small tree, kept when consistent beliefs make it
sequentially rational, with the beliefs at both signals).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Term, Values
from multivector.games.scenarios.tree import CHANCE, Stage, TreeScenario

__all__ = ["EFFORT", "SCENARIO"]

KZ, WE = "Kazakhstan", "West"
LAX, PARTIAL, STRICT = "lax", "partial", "strict"
#: Share of the re-export channel each effort closes.
EFFORT = {LAX: 0.0, PARTIAL: 0.5, STRICT: 1.0}
SIGNAL, FLAG, CLEAN = "signal", "flagged", "clean"
TOL, SAN = "tolerate", "sanction"

H = Mapping[str, str]


def _signal(p: Values) -> NDArray[np.float64]:
    """P(flagged | effort), shape (B, 3, 2): it falls linearly from the detection rate
    (lax) to the false-alarm rate (strict)."""
    hi = np.asarray(p["west.detection"], dtype=np.float64)
    lo = np.asarray(p["west.false_alarm"], dtype=np.float64)
    return np.stack([hi, 1 - hi, 0.5 * (hi + lo), 1 - 0.5 * (hi + lo), lo, 1 - lo], axis=-1)


PARAMETERS = ParameterSet(
    [
        common.weight("west", 0.30, "EU about 30% of foreign trade (2023, Kazinform 2024-01-15)"),
        common.sanction_loss(),
        Parameter(
            "kazakhstan.reexport_profit",
            0.002,
            0.0,
            0.02,
            common.KZ_UNIT,
            "exports to Russia Jan-Oct 2022 $6.9 bn against $5.7 bn a year before, "
            "electronics and phones $575 m against $30.7 m (Bureau of National Statistics "
            "via CABAR.asia); $2.9 bn of EU exports to Kazakhstan 'lost' in the year after "
            "the invasion (Financial Times via KazTAG); [S12]",
            "yearly profit from re-export to Russia that a lax enforcement keeps",
            note="[D]: $1.2-2.9 bn a year of diverted trade at a trading margin of about 10% "
            "(judged) is $0.12-0.29 bn, 0.001-0.002 of a $133 bn turnover; the upper end is "
            "used. It was 0.02 before, about ten times what these figures support.",
        ),
        Parameter(
            "kazakhstan.compliance_cost",
            0.01,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S6] (Russian pressure over Kazakhstan's stance), [S14]; the goods-tracking "
            "system from April 2023 (Moscow Times 2023-03-24)",
            "cost of strict enforcement of export controls (lost transit business, Russian "
            "displeasure, administration); partial effort costs half",
        ),
        Parameter(
            "west.detection",
            0.8,
            0.0,
            1.0,
            "probability",
            "EU: trade in all common high-priority items through Kazakhstan 'increasing' "
            "(European Commission via Vlast 2024-06-07); mirror-statistics gaps (Financial "
            "Times via KazTAG)",
            "probability that Western monitoring flags Kazakhstan when its enforcement is lax",
            note="Judged: mirror statistics and customs data catch most of a lax regime.",
        ),
        Parameter(
            "west.false_alarm",
            0.2,
            0.0,
            1.0,
            "probability",
            "EU: 'initially welcomed the sharp decrease' after April 2023, then flagged "
            "rising trade again (European Commission via Vlast 2024-06-07)",
            "probability that monitoring flags Kazakhstan although its enforcement is "
            "strict (transit and genuine trade look alike)",
            note="Judged; partial effort is flagged with the mean of the two rates.",
        ),
        common.sanction_cost(),
        Parameter(
            "west.enforcement_gain",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12]",
            "value to the West of sanctioning a Kazakhstan whose enforcement is lax, per "
            "unit of the re-export channel left open",
        ),
    ]
)


def _v(name: str) -> Callable[[Values], Any]:
    return lambda p: p[name]


def _scaled(factor: float, param: str) -> Callable[[Values], Any]:
    return lambda p: factor * p[param]


def _by_effort(
    player: str,
    name: str,
    kind: str,
    param: str,
    share: Callable[[str], float],
    extra: Callable[[H], bool],
    formula: str,
    applies: str,
    why: str,
) -> tuple[Term, ...]:
    """One term per effort level with a positive share: ``share(effort) * param``."""
    return tuple(
        Term(
            player=player,
            name=f"{name}-{effort}",
            kind=kind,  # type: ignore[arg-type]
            params=(param,),
            magnitude=_scaled(share(effort), param),
            weight=lambda h, e=effort: float(h[KZ] == e and extra(h)),
            formula=formula.format(share=f"{share(effort):g}"),
            applies=applies.format(effort=effort),
            why=why,
        )
        for effort in EFFORT
        if share(effort) > 0
    )


TERMS = (
    *_by_effort(
        KZ,
        "reexport-profit",
        "gain",
        "kazakhstan.reexport_profit",
        lambda e: 1.0 - EFFORT[e],
        lambda h: True,
        "{share} * r",
        "Kazakhstan's enforcement is {effort} (1 - e of the channel stays open)",
        "Trade diverted through Kazakhstan that enforcement does not stop [S12].",
    ),
    *_by_effort(
        KZ,
        "compliance-cost",
        "cost",
        "kazakhstan.compliance_cost",
        lambda e: EFFORT[e],
        lambda h: True,
        "{share} * k",
        "Kazakhstan's enforcement is {effort} (cost in proportion to the effort e)",
        "Enforcement, lost transit, Russian displeasure [S6].",
    ),
    Term(
        player=KZ,
        name="secondary-sanctions",
        kind="cost",
        params=("kazakhstan.weight.west", "west.sanction_loss"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["west.sanction_loss"],
        weight=lambda h: float(h[WE] == SAN),
        formula="w_west * s",
        applies="the West sanctions",
        why="Secondary sanctions hit the economy whatever its effort was [S12].",
    ),
    Term(
        player=WE,
        name="sanction-cost",
        kind="cost",
        params=("west.sanction_cost",),
        magnitude=_v("west.sanction_cost"),
        weight=lambda h: float(h[WE] == SAN),
        formula="c_W",
        applies="the West sanctions",
        why="Energy supply (11.5% of EU oil imports, 2024) and investment exposure [S9].",
    ),
    *_by_effort(
        WE,
        "enforcement",
        "gain",
        "west.enforcement_gain",
        lambda e: 1.0 - EFFORT[e],
        lambda h: h[WE] == SAN,
        "{share} * N_W",
        "the West sanctions a Kazakhstan whose enforcement is {effort}",
        "Closing the evasion channel, in proportion to the part left open [S12].",
    ),
)


STAGES = (
    Stage(KZ, KZ, (LAX, PARTIAL, STRICT)),
    Stage(
        SIGNAL,
        CHANCE,
        (FLAG, CLEAN),
        observes=(KZ,),
        probability=_signal,
        params=("west.detection", "west.false_alarm"),
    ),
    Stage(WE, WE, (TOL, SAN), observes=(SIGNAL,)),
)

SCENARIO = TreeScenario(
    name="sanctions-sequential",
    title="Compliance effort under a noisy signal and secondary sanctions",
    description=(
        "Sequential, with hidden effort. Kazakhstan sets its enforcement of Western export "
        "controls (lax, partial, strict); monitoring flags it with a probability that falls "
        "with the effort; the West sees only the flag and sanctions or tolerates. A "
        "Bayesian game over the effort, solved on its tree as sequential equilibria."
    ),
    players=(KZ, WE),
    stages=STAGES,
    parameters=PARAMETERS,
    terms=TERMS,
    units={KZ: common.KZ_UNIT, WE: common.POWER_UNIT("the West")},
    calibration_file="sanctions_sequential.toml",
    phrases={
        ("", WE): "the West",
        (SIGNAL, FLAG): "after a flag",
        (SIGNAL, CLEAN): "after a clean signal",
        (KZ, LAX): "enforces laxly",
        (KZ, PARTIAL): "enforces partly",
        (KZ, STRICT): "enforces strictly",
        (WE, TOL): "tolerates",
        (WE, SAN): "imposes secondary sanctions",
    },
    method="sequential",
)
