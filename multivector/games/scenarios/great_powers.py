"""``great-powers``: Kazakhstan's alignment against Russia, China and the West (default).

Four players. Kazakhstan chooses among balance, mediate, bandwagon-russia,
bandwagon-china and bandwagon-west; Russia accommodates or coerces (through the northern
corridor and security pressure); China engages or holds back (investment, transit); the
West engages or imposes secondary sanctions. Every payoff is a sum of the terms below; each
term's magnitude is a product of named, sourced parameters (``docs/model.md`` has the
table). Kazakhstan's payoffs are in shares of its trade turnover; each power's in its own
index (1 = the value of its whole relationship with Kazakhstan), so payoffs are comparable
within a player only, as von Neumann-Morgenstern utilities require.
"""

from __future__ import annotations

from multivector.games.scenarios import common
from multivector.games.scenarios.base import (
    Parameter,
    ParameterSet,
    Scenario,
    Term,
    product,
    sum_times,
)

__all__ = ["SCENARIO"]

KZ, RU, CN, WE = "Kazakhstan", "Russia", "China", "West"
BAL, MED, BR, BC, BW = (
    "balance",
    "mediate",
    "bandwagon-russia",
    "bandwagon-china",
    "bandwagon-west",
)
NON_ALIGNED = (BAL, MED)
ACC, COE = "accommodate", "coerce"
ENG, HOLD = "engage", "hold-back"
WENG, SAN = "engage", "sanction"

PARAMETERS = ParameterSet(
    [
        common.weight(
            "russia",
            0.23,
            "Russia 43% of imports (2021, Kazinform via ckhq [M]); $26.0 bn of 2023 "
            "turnover (Astana Times 2024-02-23)",
            note="2014-2021: 0.4 x 43% of imports + 0.6 x ~10% of exports = 0.23, with an "
            "assumed 40/60 import/export split (judged); 2022-: 26.0 / 133 = 0.20 [D], the "
            "total of ~$133 bn implied by the EU's $39.9 bn (2022) at ~30%.",
        ),
        common.weight(
            "china",
            0.17,
            "China $31.5 bn of 2023 turnover, now first partner (Astana Times 2024-02-23); "
            "imports from China $8.2 bn (2021) -> $15.3 bn (2024)",
            note="2014-2021: 0.4 x ~20% of imports + 0.6 x ~15% of exports = 0.17 (judged, "
            "same split as Russia's); 2022-: 31.5 / 133 = 0.24 [D].",
        ),
        common.weight(
            "west",
            0.30,
            "EU about 30% of foreign trade (2023, Kazinform 2024-01-15); [S9]",
            note="EU only; US trade is small (its weight is in investment: 26% of FDI "
            "stock, mid-2021).",
        ),
        common.calibrated(common.bandwagon_premium()),
        common.calibrated(common.autonomy_value()),
        common.calibrated(
            Parameter(
                "kazakhstan.crowding_out",
                0.1,
                0.0,
                0.5,
                "fraction of the other powers' trade weight",
                "[S14] (EAEU membership and the northern corridor), [S12] (sanction spill-over), "
                "[S7] (dependence on China undermines the balance)",
                "share of its trade with the other two powers that Kazakhstan loses by "
                "aligning with one (trade diversion: leaving the EAEU to join the West, "
                "spill-over of sanctions when siding with Russia)",
                note="Judged: a tenth of the other relationships. Without it, a simultaneous-move "
                "game cannot express that alignment itself costs access to the rivals; "
                "docs/model.md reports the results with it set to 0.",
            )
        ),
        common.leverage(),
        common.oil_share(),
        common.disruption(),
        common.security_threat(),
        Parameter(
            "china.pledge",
            0.0,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S7] (September 2022 pledge on Kazakhstan's sovereignty)",
            "security cost of Russian coercion that China's engagement offsets for Kazakhstan",
            note="0 before the pledge; 2022-: half the security-threat term.",
        ),
        Parameter(
            "china.holdback_loss",
            0.2,
            0.0,
            1.0,
            "fraction of Kazakhstan's Chinese trade weight",
            "[S7] (loans, investment in oil and uranium, pipelines, Belt and Road)",
            "share of the Chinese relationship Kazakhstan loses when China holds back "
            "investment and transit",
        ),
        common.sanction_loss(),
        common.calibrated(
            Parameter(
                "kazakhstan.mediation_prestige",
                0.02,
                0.0,
                0.1,
                common.KZ_UNIT,
                "[S5] (Astana format, CICA: mediation brings prestige and room to manoeuvre)",
                "prestige of hosting mediation, realised when Russia and the West both engage",
                note="Judged: 2% of turnover, below the smallest trade terms, as prestige is "
                "second to trade in the article's account.",
            )
        ),
        Parameter(
            "kazakhstan.mediation_cost",
            0.005,
            0.0,
            0.05,
            common.KZ_UNIT,
            "[S5]",
            "cost of offering and hosting mediation",
        ),
        common.coercion_cost(),
        Parameter(
            "russia.deterrence_value",
            0.5,
            0.0,
            1.0,
            "fraction of Russia's relationship value, per unit of leverage",
            "[S6] (Russia as the priority and hardest vector), [S14]",
            "value to Russia of coercing a Kazakhstan that bandwagons with the West, per "
            "unit of corridor leverage",
        ),
        common.russia_demand(),
        common.hub_value(),
        common.china_friction(),
        Parameter(
            "russia.venue_value",
            0.02,
            0.0,
            0.5,
            common.POWER_UNIT("Russia"),
            "[S5] (Astana format with Russia, Turkey and Iran)",
            "value to Russia of a Kazakh venue it keeps by not coercing",
        ),
        Parameter(
            "russia.alignment_gain",
            0.3,
            0.0,
            1.0,
            common.POWER_UNIT("Russia"),
            "[S6] (EAEU, CSTO)",
            "value to Russia of Kazakhstan bandwagoning with it",
        ),
        Parameter(
            "china.engagement_return",
            0.2,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "about 85% of China-Europe overland transit crosses Kazakhstan (nCa 2023-11-07); "
            "[S7], [S15]",
            "China's return on engaging a Kazakhstan not aligned with the West (transit, "
            "resources)",
        ),
        Parameter(
            "china.alignment_premium",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "[S7]",
            "extra return to China when Kazakhstan bandwagons with it",
        ),
        Parameter(
            "china.engagement_cost",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "[S12] (investment climate damaged by the January 2022 unrest and sanctions)",
            "capital China puts at risk by engaging",
        ),
        common.sanction_cost(),
        Parameter(
            "west.enforcement_gain",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12] (secondary sanctions on Russia's partners)",
            "value to the West of sanctioning a Kazakhstan that bandwagons with Russia "
            "(closing an evasion channel)",
        ),
        Parameter(
            "west.leakage_gain",
            0.0,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12] (re-export through neutral neighbours)",
            "value to the West of sanctioning a non-aligned Kazakhstan to curb re-export leakage",
        ),
        Parameter(
            "west.venue_value",
            0.02,
            0.0,
            0.5,
            common.POWER_UNIT("the West"),
            "[S5] (offers between Russia and the West)",
            "value to the West of a Kazakh venue it keeps by engaging",
        ),
    ]
)


_v = product


TERMS = (
    # ---------------------------------------------------------------- Kazakhstan
    *(
        Term(
            player=KZ,
            name=f"premium-{power}",
            kind="gain",
            params=(f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            magnitude=product(f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            weight=lambda k, r, c, w, s=strategy: float(k == s),
            formula=f"w_{power} * g",
            applies=f"Kazakhstan plays {strategy}",
            why="Bandwagoning deepens the relationship with the patron (bandwagoning to gain, "
            "[S3]; Schweller 1994).",
        )
        for power, strategy in (("russia", BR), ("china", BC), ("west", BW))
    ),
    Term(
        player=KZ,
        name="autonomy-loss",
        kind="cost",
        params=("kazakhstan.autonomy_value",),
        magnitude=_v("kazakhstan.autonomy_value"),
        weight=lambda k, r, c, w: float(k in (BR, BC, BW)),
        formula="A",
        applies="Kazakhstan bandwagons with any power",
        why="Choosing a side gives up the sovereignty task of the multi-vector policy [S1], "
        "[S11]; Morrow 1991's autonomy-security trade-off.",
    ),
    *(
        Term(
            player=KZ,
            name=f"crowding-out-{power}",
            kind="cost",
            params=(*(f"kazakhstan.weight.{o}" for o in others), "kazakhstan.crowding_out"),
            magnitude=sum_times(
                [f"kazakhstan.weight.{o}" for o in others], "kazakhstan.crowding_out"
            ),
            weight=lambda k, r, c, w, s=strategy: float(k == s),
            formula=f"rho * (w_{others[0]} + w_{others[1]})",
            applies=f"Kazakhstan plays {strategy}",
            why="Aligning with one power costs part of the relationships with the other two "
            "(EAEU exit, sanction spill-over, dependence) [S12], [S14], [S7].",
        )
        for power, strategy, others in (
            ("russia", BR, ("china", "west")),
            ("china", BC, ("russia", "west")),
            ("west", BW, ("russia", "china")),
        )
    ),
    Term(
        player=KZ,
        name="corridor-coercion",
        kind="cost",
        params=("russia.leverage", "kazakhstan.oil_share", "russia.disruption"),
        magnitude=lambda p: (
            p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.disruption"]
        ),
        weight=lambda k, r, c, w: float(r == COE),
        formula="L * x * d",
        applies="Russia coerces",
        why="Oil through Russian routes (CPC) is withheld for a fraction d of a year, as in the "
        "2022 CPC suspensions [S14].",
    ),
    Term(
        player=KZ,
        name="security-pressure",
        kind="cost",
        params=("russia.security_threat",),
        magnitude=_v("russia.security_threat"),
        weight=lambda k, r, c, w: float(r == COE),
        formula="T",
        applies="Russia coerces",
        why="Security and information pressure [S6].",
    ),
    Term(
        player=KZ,
        name="china-pledge",
        kind="gain",
        params=("china.pledge",),
        magnitude=_v("china.pledge"),
        weight=lambda k, r, c, w: float(r == COE and c == ENG),
        formula="P_C",
        applies="Russia coerces and China engages",
        why="China's 2022 pledge on Kazakhstan's sovereignty offsets part of the security "
        "pressure while China stays engaged [S7].",
    ),
    Term(
        player=KZ,
        name="china-holds-back",
        kind="cost",
        params=("kazakhstan.weight.china", "china.holdback_loss"),
        magnitude=lambda p: p["kazakhstan.weight.china"] * p["china.holdback_loss"],
        weight=lambda k, r, c, w: float(c == HOLD),
        formula="w_china * h",
        applies="China holds back",
        why="Paused Chinese investment and transit [S7].",
    ),
    Term(
        player=KZ,
        name="western-sanctions",
        kind="cost",
        params=("kazakhstan.weight.west", "west.sanction_loss"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["west.sanction_loss"],
        weight=lambda k, r, c, w: float(w == SAN),
        formula="w_west * s",
        applies="the West sanctions",
        why="Secondary sanctions cut part of the Western relationship [S12].",
    ),
    Term(
        player=KZ,
        name="mediation-prestige",
        kind="gain",
        params=("kazakhstan.mediation_prestige",),
        magnitude=_v("kazakhstan.mediation_prestige"),
        weight=lambda k, r, c, w: float(k == MED and r == ACC and w == WENG),
        formula="M",
        applies="Kazakhstan mediates, Russia accommodates and the West engages",
        why="A venue brings prestige only when both sides use it [S5].",
    ),
    Term(
        player=KZ,
        name="mediation-cost",
        kind="cost",
        params=("kazakhstan.mediation_cost",),
        magnitude=_v("kazakhstan.mediation_cost"),
        weight=lambda k, r, c, w: float(k == MED),
        formula="m",
        applies="Kazakhstan mediates",
        why="Offering and hosting talks costs effort and money [S5].",
    ),
    # ---------------------------------------------------------------- Russia
    Term(
        player=RU,
        name="alignment-gain",
        kind="gain",
        params=("russia.alignment_gain",),
        magnitude=_v("russia.alignment_gain"),
        weight=lambda k, r, c, w: float(k == BR),
        formula="G_R",
        applies="Kazakhstan bandwagons with Russia",
        why="An aligned Kazakhstan inside the EAEU and CSTO [S6].",
    ),
    Term(
        player=RU,
        name="coercion-cost",
        kind="cost",
        params=("russia.coercion_cost",),
        magnitude=_v("russia.coercion_cost"),
        weight=lambda k, r, c, w: float(r == COE),
        formula="c_R",
        applies="Russia coerces",
        why="Lost CPC revenue (Russia owns 31%) and regional reputation [S6].",
    ),
    Term(
        player=RU,
        name="deterrence",
        kind="gain",
        params=("russia.deterrence_value", "russia.leverage"),
        magnitude=lambda p: p["russia.deterrence_value"] * p["russia.leverage"],
        weight=lambda k, r, c, w: float(r == COE and k == BW),
        formula="D_R * L",
        applies="Russia coerces a Kazakhstan that bandwagons with the West",
        why="Coercion through the corridor punishes and deters a defection [S6], [S14].",
    ),
    Term(
        player=RU,
        name="pressing-demands",
        kind="gain",
        params=("russia.demand", "russia.leverage"),
        magnitude=lambda p: p["russia.demand"] * p["russia.leverage"],
        weight=lambda k, r, c, w: float(r == COE and k in (BAL, MED, BC)),
        formula="q_R * L",
        applies="Russia coerces a Kazakhstan that does not bandwagon with Russia or the West",
        why="An isolated Russia is more demanding of its neighbours [S6], [S11].",
    ),
    Term(
        player=RU,
        name="hub-at-risk",
        kind="cost",
        params=("russia.hub_value",),
        magnitude=_v("russia.hub_value"),
        weight=lambda k, r, c, w: float(r == COE),
        formula="H_R",
        applies="Russia coerces",
        why="Under sanctions Kazakhstan is a channel for trade and relocation [S12].",
    ),
    Term(
        player=RU,
        name="china-friction",
        kind="cost",
        params=("russia.china_friction",),
        magnitude=_v("russia.china_friction"),
        weight=lambda k, r, c, w: float(r == COE and c == ENG),
        formula="F_R",
        applies="Russia coerces while China engages",
        why="Coercing a state China pledged to support strains Russia's key partnership [S7].",
    ),
    Term(
        player=RU,
        name="venue",
        kind="gain",
        params=("russia.venue_value",),
        magnitude=_v("russia.venue_value"),
        weight=lambda k, r, c, w: float(k == MED and r == ACC),
        formula="V_R",
        applies="Kazakhstan mediates and Russia accommodates",
        why="A neutral venue is worth keeping [S5].",
    ),
    # ---------------------------------------------------------------- China
    Term(
        player=CN,
        name="engagement-return",
        kind="gain",
        params=("china.engagement_return",),
        magnitude=_v("china.engagement_return"),
        weight=lambda k, r, c, w: float(c == ENG and k != BW),
        formula="E_C",
        applies="China engages a Kazakhstan not bandwagoning with the West",
        why="Transit (about 85% of China-Europe overland transit) and resources [S7], [S15].",
    ),
    Term(
        player=CN,
        name="alignment-premium",
        kind="gain",
        params=("china.alignment_premium",),
        magnitude=_v("china.alignment_premium"),
        weight=lambda k, r, c, w: float(c == ENG and k == BC),
        formula="G_C",
        applies="China engages a Kazakhstan that bandwagons with it",
        why="Preferential access when Kazakhstan aligns with China [S7].",
    ),
    Term(
        player=CN,
        name="engagement-cost",
        kind="cost",
        params=("china.engagement_cost",),
        magnitude=_v("china.engagement_cost"),
        weight=lambda k, r, c, w: float(c == ENG),
        formula="k_C",
        applies="China engages",
        why="Capital at risk in a damaged investment climate [S12].",
    ),
    # ---------------------------------------------------------------- West
    Term(
        player=WE,
        name="sanction-cost",
        kind="cost",
        params=("west.sanction_cost",),
        magnitude=_v("west.sanction_cost"),
        weight=lambda k, r, c, w: float(w == SAN),
        formula="c_W",
        applies="the West sanctions",
        why="Energy supply (11.5% of EU oil imports in 2024) and investment exposure [S9].",
    ),
    Term(
        player=WE,
        name="enforcement",
        kind="gain",
        params=("west.enforcement_gain",),
        magnitude=_v("west.enforcement_gain"),
        weight=lambda k, r, c, w: float(w == SAN and k == BR),
        formula="N_W",
        applies="the West sanctions a Kazakhstan that bandwagons with Russia",
        why="Closing an evasion channel [S12].",
    ),
    Term(
        player=WE,
        name="leakage",
        kind="gain",
        params=("west.leakage_gain",),
        magnitude=_v("west.leakage_gain"),
        weight=lambda k, r, c, w: float(w == SAN and k in (BAL, MED, BC)),
        formula="Lk_W",
        applies="the West sanctions a non-aligned Kazakhstan",
        why="Curbing re-export leakage through a neutral neighbour [S12].",
    ),
    Term(
        player=WE,
        name="venue",
        kind="gain",
        params=("west.venue_value",),
        magnitude=_v("west.venue_value"),
        weight=lambda k, r, c, w: float(k == MED and w == WENG),
        formula="V_W",
        applies="Kazakhstan mediates and the West engages",
        why="A venue for contact with Russia [S5].",
    ),
)

SCENARIO = Scenario(
    name="great-powers",
    title="Kazakhstan between Russia, China and the West",
    description=(
        "Kazakhstan chooses to balance, to mediate, or to bandwagon with Russia, China or "
        "the West; Russia accommodates or coerces through the northern corridor, China "
        "engages or holds back, the West engages or imposes secondary sanctions. Payoffs "
        "combine trade weights, Russia's corridor leverage (the CPC's ~80% share of oil "
        "exports), secondary-sanction risk, the autonomy lost by choosing a side, mediation "
        "prestige and each power's gains and costs."
    ),
    players=(KZ, RU, CN, WE),
    strategies=((BAL, MED, BR, BC, BW), (ACC, COE), (ENG, HOLD), (WENG, SAN)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={
        KZ: common.KZ_UNIT,
        RU: common.POWER_UNIT("Russia"),
        CN: common.POWER_UNIT("China"),
        WE: common.POWER_UNIT("the West"),
    },
    calibration_file="great_powers.toml",
)
