"""``sanctions``: secondary sanctions and re-export between Kazakhstan and the West.

Kazakhstan enforces Western export controls (comply) or tolerates re-export to Russia; the
West tolerates or imposes secondary sanctions ([S12]). It is an inspection game: the West
wants to sanction only re-exporters, Kazakhstan wants to re-export only when unpunished,
so the equilibrium is mixed. Russia is not a player: the pressure it puts on a complying
Kazakhstan enters as Kazakhstan's cost of compliance.
"""

from __future__ import annotations

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term

__all__ = ["SCENARIO"]

KZ, WE = "Kazakhstan", "West"
COMPLY, REEXPORT = "comply", "re-export"
TOLERATE, SANCTION = "tolerate", "sanction"

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
            "profit from tolerated re-export to Russia",
            note="[D]: $1.2-2.9 bn a year of diverted trade at a trading margin of about 10% "
            "(judged) is $0.12-0.29 bn, 0.001-0.002 of a $133 bn turnover; the upper end is "
            "used. It was 0.02 before, about ten times what these figures support.",
        ),
        Parameter(
            "kazakhstan.collateral",
            0.005,
            0.0,
            0.1,
            common.KZ_UNIT,
            "[S12] ('shared' spill-over risks of sanctions)",
            "damage to a complying Kazakhstan from sanctions aimed at others (de-risking)",
        ),
        Parameter(
            "kazakhstan.compliance_cost",
            0.01,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S6] (Russian pressure over Kazakhstan's stance), [S14]",
            "cost of enforcing export controls: lost transit business and Russian pressure",
        ),
        common.sanction_cost(),
        Parameter(
            "west.enforcement_gain",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12]",
            "value to the West of sanctioning a Kazakhstan that tolerates re-export",
        ),
    ]
)

TERMS = (
    Term(
        player=KZ,
        name="reexport-profit",
        kind="gain",
        params=("kazakhstan.reexport_profit",),
        magnitude=lambda p: p["kazakhstan.reexport_profit"],
        weight=lambda k, w: float(k == REEXPORT),
        formula="r",
        applies="Kazakhstan tolerates re-export",
        why="Trade diverted through Kazakhstan [S12].",
    ),
    Term(
        player=KZ,
        name="secondary-sanctions",
        kind="cost",
        params=("kazakhstan.weight.west", "west.sanction_loss"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["west.sanction_loss"],
        weight=lambda k, w: float(k == REEXPORT and w == SANCTION),
        formula="w_west * s",
        applies="Kazakhstan re-exports and the West sanctions",
        why="Secondary sanctions hit the re-exporting economy [S12].",
    ),
    Term(
        player=KZ,
        name="collateral",
        kind="cost",
        params=("kazakhstan.collateral",),
        magnitude=lambda p: p["kazakhstan.collateral"],
        weight=lambda k, w: float(k == COMPLY and w == SANCTION),
        formula="z",
        applies="Kazakhstan complies and the West sanctions",
        why="Sanctions spill over onto compliant firms [S12].",
    ),
    Term(
        player=KZ,
        name="compliance-cost",
        kind="cost",
        params=("kazakhstan.compliance_cost",),
        magnitude=lambda p: p["kazakhstan.compliance_cost"],
        weight=lambda k, w: float(k == COMPLY),
        formula="k",
        applies="Kazakhstan complies",
        why="Enforcement, lost transit, Russian displeasure [S6].",
    ),
    Term(
        player=WE,
        name="sanction-cost",
        kind="cost",
        params=("west.sanction_cost",),
        magnitude=lambda p: p["west.sanction_cost"],
        weight=lambda k, w: float(w == SANCTION),
        formula="c_W",
        applies="the West sanctions",
        why="Energy and investment exposure [S9].",
    ),
    Term(
        player=WE,
        name="enforcement",
        kind="gain",
        params=("west.enforcement_gain",),
        magnitude=lambda p: p["west.enforcement_gain"],
        weight=lambda k, w: float(w == SANCTION and k == REEXPORT),
        formula="N_W",
        applies="the West sanctions a re-exporting Kazakhstan",
        why="Closing the evasion channel [S12].",
    ),
)

SCENARIO = Scenario(
    name="sanctions",
    title="Secondary sanctions and re-export: Kazakhstan and the West",
    description=(
        "Kazakhstan enforces export controls or tolerates re-export to Russia; the West "
        "tolerates or imposes secondary sanctions [S12]. An inspection game: its "
        "equilibrium is mixed, re-export tolerated with the probability that makes the "
        "West indifferent."
    ),
    players=(KZ, WE),
    strategies=((COMPLY, REEXPORT), (TOLERATE, SANCTION)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={KZ: common.KZ_UNIT, WE: common.POWER_UNIT("the West")},
    calibration_file="sanctions.toml",
)
