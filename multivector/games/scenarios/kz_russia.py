"""``kz-russia``: Russia's corridor coercion against Kazakhstan's alignment (two players).

Kazakhstan aligns with Russia, balances (stays in the EAEU and keeps the other vectors),
or leaves the EAEU; Russia accommodates or coerces through the northern corridor, the
pattern of the 2022 CPC suspensions. The corridor leverage is explicit: the share of oil
exports crossing Russia times the oil share of turnover times the depth of a disruption,
deepened by an escalation term when Kazakhstan leaves the EAEU.
"""

from __future__ import annotations

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term

__all__ = ["SCENARIO"]

KZ, RU = "Kazakhstan", "Russia"
ALIGN, BAL, LEAVE = "align", "balance", "leave-eaeu"
ACC, COE = "accommodate", "coerce"

PARAMETERS = ParameterSet(
    [
        common.weight(
            "russia",
            0.23,
            "Russia 43% of imports (2021, Kazinform via ckhq [M]); $26.0 bn of 2023 "
            "turnover (Astana Times 2024-02-23)",
            note="As in great-powers.",
        ),
        common.weight(
            "west",
            0.30,
            "EU about 30% of foreign trade (2023, Kazinform 2024-01-15); [S9]",
        ),
        common.bandwagon_premium(),
        common.autonomy_value(),
        Parameter(
            "kazakhstan.crowding_out",
            0.1,
            0.0,
            0.5,
            "fraction of the other powers' trade weight",
            "[S12] (sanction spill-over when siding with Russia)",
            "share of its Western trade that Kazakhstan loses by aligning with Russia",
            note="As in great-powers (where it also covers China's weight).",
        ),
        Parameter(
            "kazakhstan.eaeu_exit_loss",
            0.3,
            0.0,
            1.0,
            "fraction of Kazakhstan's Russian trade weight",
            "[S14], [F2] (leaving the EAEU has economic consequences)",
            "share of trade with Russia lost on leaving the EAEU (customs border, tariffs)",
            note="Judged: a customs border on the longest land border; wide bounds.",
        ),
        Parameter(
            "kazakhstan.exit_gain",
            0.1,
            0.0,
            1.0,
            "fraction of Kazakhstan's Western trade weight",
            "[S9], [S11]",
            "extra Western trade and investment Kazakhstan gains by leaving the EAEU",
        ),
        common.leverage(),
        common.oil_share(),
        common.disruption(),
        Parameter(
            "russia.escalation",
            0.3,
            0.0,
            1.0,
            "fraction of a year's corridor flow withheld",
            "[S14] (abandoning the northern corridor impossible in the medium term)",
            "extra depth of a corridor disruption aimed at a Kazakhstan leaving the EAEU",
            note="Judged: about four months of flow, against the month of 2022.",
        ),
        common.security_threat(),
        common.coercion_cost(),
        common.russia_demand(),
        Parameter(
            "russia.deterrence_value",
            0.5,
            0.0,
            1.0,
            "fraction of Russia's relationship value, per unit of leverage",
            "[S6], [S14]",
            "value to Russia of coercing a Kazakhstan that leaves the EAEU, per unit of "
            "corridor leverage",
        ),
        common.hub_value(),
        common.china_friction(),
        Parameter(
            "russia.alignment_gain",
            0.3,
            0.0,
            1.0,
            common.POWER_UNIT("Russia"),
            "[S6] (EAEU, CSTO)",
            "value to Russia of Kazakhstan aligning with it",
        ),
    ]
)

_coerce_cost = ("russia.leverage", "kazakhstan.oil_share", "russia.disruption")

TERMS = (
    Term(
        KZ,
        "premium-russia",
        "gain",
        ("kazakhstan.weight.russia", "kazakhstan.bandwagon_premium"),
        lambda p: p["kazakhstan.weight.russia"] * p["kazakhstan.bandwagon_premium"],
        lambda k, r: float(k == ALIGN),
        "w_russia * g",
        "Kazakhstan aligns",
        "Bandwagoning deepens the relationship with the patron [S3].",
    ),
    Term(
        KZ,
        "autonomy-loss",
        "cost",
        ("kazakhstan.autonomy_value",),
        lambda p: p["kazakhstan.autonomy_value"],
        lambda k, r: float(k == ALIGN),
        "A",
        "Kazakhstan aligns",
        "Choosing a side gives up autonomy [S1], [S11].",
    ),
    Term(
        KZ,
        "crowding-out-russia",
        "cost",
        ("kazakhstan.weight.west", "kazakhstan.crowding_out"),
        lambda p: p["kazakhstan.weight.west"] * p["kazakhstan.crowding_out"],
        lambda k, r: float(k == ALIGN),
        "rho * w_west",
        "Kazakhstan aligns",
        "Aligning with Russia costs part of the Western relationship (sanction spill-over) [S12].",
    ),
    Term(
        KZ,
        "eaeu-exit-loss",
        "cost",
        ("kazakhstan.weight.russia", "kazakhstan.eaeu_exit_loss"),
        lambda p: p["kazakhstan.weight.russia"] * p["kazakhstan.eaeu_exit_loss"],
        lambda k, r: float(k == LEAVE),
        "w_russia * e",
        "Kazakhstan leaves the EAEU",
        "A customs border with Russia [S14].",
    ),
    Term(
        KZ,
        "exit-gain",
        "gain",
        ("kazakhstan.weight.west", "kazakhstan.exit_gain"),
        lambda p: p["kazakhstan.weight.west"] * p["kazakhstan.exit_gain"],
        lambda k, r: float(k == LEAVE),
        "w_west * x_W",
        "Kazakhstan leaves the EAEU",
        "Freedom to deepen Western trade and investment [S9].",
    ),
    Term(
        KZ,
        "corridor-coercion",
        "cost",
        _coerce_cost,
        lambda p: p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.disruption"],
        lambda k, r: float(r == COE),
        "L * x * d",
        "Russia coerces",
        "Oil through the CPC withheld for a fraction d of a year (2022 pattern) [S14].",
    ),
    Term(
        KZ,
        "corridor-escalation",
        "cost",
        ("russia.leverage", "kazakhstan.oil_share", "russia.escalation"),
        lambda p: p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.escalation"],
        lambda k, r: float(r == COE and k == LEAVE),
        "L * x * d_esc",
        "Russia coerces a Kazakhstan that leaves the EAEU",
        "Against an exit Russia can hold the corridor far longer [S14].",
    ),
    Term(
        KZ,
        "security-pressure",
        "cost",
        ("russia.security_threat",),
        lambda p: p["russia.security_threat"],
        lambda k, r: float(r == COE),
        "T",
        "Russia coerces",
        "Security and information pressure [S6].",
    ),
    Term(
        RU,
        "alignment-gain",
        "gain",
        ("russia.alignment_gain",),
        lambda p: p["russia.alignment_gain"],
        lambda k, r: float(k == ALIGN),
        "G_R",
        "Kazakhstan aligns",
        "An aligned Kazakhstan [S6].",
    ),
    Term(
        RU,
        "coercion-cost",
        "cost",
        ("russia.coercion_cost",),
        lambda p: p["russia.coercion_cost"],
        lambda k, r: float(r == COE),
        "c_R",
        "Russia coerces",
        "Lost CPC revenue and reputation [S6].",
    ),
    Term(
        RU,
        "deterrence",
        "gain",
        ("russia.deterrence_value", "russia.leverage"),
        lambda p: p["russia.deterrence_value"] * p["russia.leverage"],
        lambda k, r: float(r == COE and k == LEAVE),
        "D_R * L",
        "Russia coerces a Kazakhstan that leaves the EAEU",
        "Punishing and deterring an exit [S6], [S14].",
    ),
    Term(
        RU,
        "pressing-demands",
        "gain",
        ("russia.demand", "russia.leverage"),
        lambda p: p["russia.demand"] * p["russia.leverage"],
        lambda k, r: float(r == COE and k == BAL),
        "q_R * L",
        "Russia coerces a balancing Kazakhstan",
        "An isolated Russia is more demanding [S6], [S11].",
    ),
    *common.russia_coercion_side_costs(),
)

SCENARIO = Scenario(
    name="kz-russia",
    title="Kazakhstan and Russia: corridor coercion against alignment",
    description=(
        "Two players. Kazakhstan aligns with Russia, balances inside the EAEU, or leaves the "
        "EAEU; Russia accommodates or coerces through the northern corridor (the 2022 CPC "
        "suspensions are the pattern). The corridor leverage is explicit: the CPC's share "
        "of oil exports times the oil share of turnover times the depth of a disruption."
    ),
    players=(KZ, RU),
    strategies=((ALIGN, BAL, LEAVE), (ACC, COE)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={KZ: common.KZ_UNIT, RU: common.POWER_UNIT("Russia")},
    calibration_file="kz_russia.toml",
)
