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
        common.bandwagon_premium(),
        common.autonomy_value(),
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
            KZ,
            f"premium-{power}",
            "gain",
            (f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            product(f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            lambda k, r, c, w, s=strategy: float(k == s),
            f"w_{power} * g",
            f"Kazakhstan plays {strategy}",
            "Bandwagoning deepens the relationship with the patron (bandwagoning to gain, "
            "[S3]; Schweller 1994).",
        )
        for power, strategy in (("russia", BR), ("china", BC), ("west", BW))
    ),
    Term(
        KZ,
        "autonomy-loss",
        "cost",
        ("kazakhstan.autonomy_value",),
        _v("kazakhstan.autonomy_value"),
        lambda k, r, c, w: float(k in (BR, BC, BW)),
        "A",
        "Kazakhstan bandwagons with any power",
        "Choosing a side gives up the sovereignty task of the multi-vector policy [S1], "
        "[S11]; Morrow 1991's autonomy-security trade-off.",
    ),
    *(
        Term(
            KZ,
            f"crowding-out-{power}",
            "cost",
            (*(f"kazakhstan.weight.{o}" for o in others), "kazakhstan.crowding_out"),
            sum_times([f"kazakhstan.weight.{o}" for o in others], "kazakhstan.crowding_out"),
            lambda k, r, c, w, s=strategy: float(k == s),
            f"rho * (w_{others[0]} + w_{others[1]})",
            f"Kazakhstan plays {strategy}",
            "Aligning with one power costs part of the relationships with the other two "
            "(EAEU exit, sanction spill-over, dependence) [S12], [S14], [S7].",
        )
        for power, strategy, others in (
            ("russia", BR, ("china", "west")),
            ("china", BC, ("russia", "west")),
            ("west", BW, ("russia", "china")),
        )
    ),
    Term(
        KZ,
        "corridor-coercion",
        "cost",
        ("russia.leverage", "kazakhstan.oil_share", "russia.disruption"),
        lambda p: p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.disruption"],
        lambda k, r, c, w: float(r == COE),
        "L * x * d",
        "Russia coerces",
        "Oil through Russian routes (CPC) is withheld for a fraction d of a year, as in the "
        "2022 CPC suspensions [S14].",
    ),
    Term(
        KZ,
        "security-pressure",
        "cost",
        ("russia.security_threat",),
        _v("russia.security_threat"),
        lambda k, r, c, w: float(r == COE),
        "T",
        "Russia coerces",
        "Security and information pressure [S6].",
    ),
    Term(
        KZ,
        "china-pledge",
        "gain",
        ("china.pledge",),
        _v("china.pledge"),
        lambda k, r, c, w: float(r == COE and c == ENG),
        "P_C",
        "Russia coerces and China engages",
        "China's 2022 pledge on Kazakhstan's sovereignty offsets part of the security "
        "pressure while China stays engaged [S7].",
    ),
    Term(
        KZ,
        "china-holds-back",
        "cost",
        ("kazakhstan.weight.china", "china.holdback_loss"),
        lambda p: p["kazakhstan.weight.china"] * p["china.holdback_loss"],
        lambda k, r, c, w: float(c == HOLD),
        "w_china * h",
        "China holds back",
        "Paused Chinese investment and transit [S7].",
    ),
    Term(
        KZ,
        "western-sanctions",
        "cost",
        ("kazakhstan.weight.west", "west.sanction_loss"),
        lambda p: p["kazakhstan.weight.west"] * p["west.sanction_loss"],
        lambda k, r, c, w: float(w == SAN),
        "w_west * s",
        "the West sanctions",
        "Secondary sanctions cut part of the Western relationship [S12].",
    ),
    Term(
        KZ,
        "mediation-prestige",
        "gain",
        ("kazakhstan.mediation_prestige",),
        _v("kazakhstan.mediation_prestige"),
        lambda k, r, c, w: float(k == MED and r == ACC and w == WENG),
        "M",
        "Kazakhstan mediates, Russia accommodates and the West engages",
        "A venue brings prestige only when both sides use it [S5].",
    ),
    Term(
        KZ,
        "mediation-cost",
        "cost",
        ("kazakhstan.mediation_cost",),
        _v("kazakhstan.mediation_cost"),
        lambda k, r, c, w: float(k == MED),
        "m",
        "Kazakhstan mediates",
        "Offering and hosting talks costs effort and money [S5].",
    ),
    # ---------------------------------------------------------------- Russia
    Term(
        RU,
        "alignment-gain",
        "gain",
        ("russia.alignment_gain",),
        _v("russia.alignment_gain"),
        lambda k, r, c, w: float(k == BR),
        "G_R",
        "Kazakhstan bandwagons with Russia",
        "An aligned Kazakhstan inside the EAEU and CSTO [S6].",
    ),
    Term(
        RU,
        "coercion-cost",
        "cost",
        ("russia.coercion_cost",),
        _v("russia.coercion_cost"),
        lambda k, r, c, w: float(r == COE),
        "c_R",
        "Russia coerces",
        "Lost CPC revenue (Russia owns 31%) and regional reputation [S6].",
    ),
    Term(
        RU,
        "deterrence",
        "gain",
        ("russia.deterrence_value", "russia.leverage"),
        lambda p: p["russia.deterrence_value"] * p["russia.leverage"],
        lambda k, r, c, w: float(r == COE and k == BW),
        "D_R * L",
        "Russia coerces a Kazakhstan that bandwagons with the West",
        "Coercion through the corridor punishes and deters a defection [S6], [S14].",
    ),
    Term(
        RU,
        "pressing-demands",
        "gain",
        ("russia.demand", "russia.leverage"),
        lambda p: p["russia.demand"] * p["russia.leverage"],
        lambda k, r, c, w: float(r == COE and k in (BAL, MED, BC)),
        "q_R * L",
        "Russia coerces a Kazakhstan that does not bandwagon with Russia or the West",
        "An isolated Russia is more demanding of its neighbours [S6], [S11].",
    ),
    Term(
        RU,
        "hub-at-risk",
        "cost",
        ("russia.hub_value",),
        _v("russia.hub_value"),
        lambda k, r, c, w: float(r == COE),
        "H_R",
        "Russia coerces",
        "Under sanctions Kazakhstan is a channel for trade and relocation [S12].",
    ),
    Term(
        RU,
        "china-friction",
        "cost",
        ("russia.china_friction",),
        _v("russia.china_friction"),
        lambda k, r, c, w: float(r == COE and c == ENG),
        "F_R",
        "Russia coerces while China engages",
        "Coercing a state China pledged to support strains Russia's key partnership [S7].",
    ),
    Term(
        RU,
        "venue",
        "gain",
        ("russia.venue_value",),
        _v("russia.venue_value"),
        lambda k, r, c, w: float(k == MED and r == ACC),
        "V_R",
        "Kazakhstan mediates and Russia accommodates",
        "A neutral venue is worth keeping [S5].",
    ),
    # ---------------------------------------------------------------- China
    Term(
        CN,
        "engagement-return",
        "gain",
        ("china.engagement_return",),
        _v("china.engagement_return"),
        lambda k, r, c, w: float(c == ENG and k != BW),
        "E_C",
        "China engages a Kazakhstan not bandwagoning with the West",
        "Transit (about 85% of China-Europe overland transit) and resources [S7], [S15].",
    ),
    Term(
        CN,
        "alignment-premium",
        "gain",
        ("china.alignment_premium",),
        _v("china.alignment_premium"),
        lambda k, r, c, w: float(c == ENG and k == BC),
        "G_C",
        "China engages a Kazakhstan that bandwagons with it",
        "Preferential access when Kazakhstan aligns with China [S7].",
    ),
    Term(
        CN,
        "engagement-cost",
        "cost",
        ("china.engagement_cost",),
        _v("china.engagement_cost"),
        lambda k, r, c, w: float(c == ENG),
        "k_C",
        "China engages",
        "Capital at risk in a damaged investment climate [S12].",
    ),
    # ---------------------------------------------------------------- West
    Term(
        WE,
        "sanction-cost",
        "cost",
        ("west.sanction_cost",),
        _v("west.sanction_cost"),
        lambda k, r, c, w: float(w == SAN),
        "c_W",
        "the West sanctions",
        "Energy supply (about 13% of EU oil imports) and investment exposure [S9].",
    ),
    Term(
        WE,
        "enforcement",
        "gain",
        ("west.enforcement_gain",),
        _v("west.enforcement_gain"),
        lambda k, r, c, w: float(w == SAN and k == BR),
        "N_W",
        "the West sanctions a Kazakhstan that bandwagons with Russia",
        "Closing an evasion channel [S12].",
    ),
    Term(
        WE,
        "leakage",
        "gain",
        ("west.leakage_gain",),
        _v("west.leakage_gain"),
        lambda k, r, c, w: float(w == SAN and k in (BAL, MED, BC)),
        "Lk_W",
        "the West sanctions a non-aligned Kazakhstan",
        "Curbing re-export leakage through a neutral neighbour [S12].",
    ),
    Term(
        WE,
        "venue",
        "gain",
        ("west.venue_value",),
        _v("west.venue_value"),
        lambda k, r, c, w: float(k == MED and w == WENG),
        "V_W",
        "Kazakhstan mediates and the West engages",
        "A venue for contact with Russia [S5].",
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
