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
        player=KZ,
        name="premium-russia",
        kind="gain",
        params=("kazakhstan.weight.russia", "kazakhstan.bandwagon_premium"),
        magnitude=lambda p: p["kazakhstan.weight.russia"] * p["kazakhstan.bandwagon_premium"],
        weight=lambda k, r: float(k == ALIGN),
        formula="w_russia * g",
        applies="Kazakhstan aligns",
        why="Bandwagoning deepens the relationship with the patron [S3].",
    ),
    Term(
        player=KZ,
        name="autonomy-loss",
        kind="cost",
        params=("kazakhstan.autonomy_value",),
        magnitude=lambda p: p["kazakhstan.autonomy_value"],
        weight=lambda k, r: float(k == ALIGN),
        formula="A",
        applies="Kazakhstan aligns",
        why="Choosing a side gives up autonomy [S1], [S11].",
    ),
    Term(
        player=KZ,
        name="crowding-out-russia",
        kind="cost",
        params=("kazakhstan.weight.west", "kazakhstan.crowding_out"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["kazakhstan.crowding_out"],
        weight=lambda k, r: float(k == ALIGN),
        formula="rho * w_west",
        applies="Kazakhstan aligns",
        why="Aligning with Russia costs part of the Western relationship "
        "(sanction spill-over) [S12].",
    ),
    Term(
        player=KZ,
        name="eaeu-exit-loss",
        kind="cost",
        params=("kazakhstan.weight.russia", "kazakhstan.eaeu_exit_loss"),
        magnitude=lambda p: p["kazakhstan.weight.russia"] * p["kazakhstan.eaeu_exit_loss"],
        weight=lambda k, r: float(k == LEAVE),
        formula="w_russia * e",
        applies="Kazakhstan leaves the EAEU",
        why="A customs border with Russia [S14].",
    ),
    Term(
        player=KZ,
        name="exit-gain",
        kind="gain",
        params=("kazakhstan.weight.west", "kazakhstan.exit_gain"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["kazakhstan.exit_gain"],
        weight=lambda k, r: float(k == LEAVE),
        formula="w_west * x_W",
        applies="Kazakhstan leaves the EAEU",
        why="Freedom to deepen Western trade and investment [S9].",
    ),
    Term(
        player=KZ,
        name="corridor-coercion",
        kind="cost",
        params=_coerce_cost,
        magnitude=lambda p: (
            p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.disruption"]
        ),
        weight=lambda k, r: float(r == COE),
        formula="L * x * d",
        applies="Russia coerces",
        why="Oil through the CPC withheld for a fraction d of a year (2022 pattern) [S14].",
    ),
    Term(
        player=KZ,
        name="corridor-escalation",
        kind="cost",
        params=("russia.leverage", "kazakhstan.oil_share", "russia.escalation"),
        magnitude=lambda p: (
            p["russia.leverage"] * p["kazakhstan.oil_share"] * p["russia.escalation"]
        ),
        weight=lambda k, r: float(r == COE and k == LEAVE),
        formula="L * x * d_esc",
        applies="Russia coerces a Kazakhstan that leaves the EAEU",
        why="Against an exit Russia can hold the corridor far longer [S14].",
    ),
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
        name="alignment-gain",
        kind="gain",
        params=("russia.alignment_gain",),
        magnitude=lambda p: p["russia.alignment_gain"],
        weight=lambda k, r: float(k == ALIGN),
        formula="G_R",
        applies="Kazakhstan aligns",
        why="An aligned Kazakhstan [S6].",
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
    Term(
        player=RU,
        name="deterrence",
        kind="gain",
        params=("russia.deterrence_value", "russia.leverage"),
        magnitude=lambda p: p["russia.deterrence_value"] * p["russia.leverage"],
        weight=lambda k, r: float(r == COE and k == LEAVE),
        formula="D_R * L",
        applies="Russia coerces a Kazakhstan that leaves the EAEU",
        why="Punishing and deterring an exit [S6], [S14].",
    ),
    Term(
        player=RU,
        name="pressing-demands",
        kind="gain",
        params=("russia.demand", "russia.leverage"),
        magnitude=lambda p: p["russia.demand"] * p["russia.leverage"],
        weight=lambda k, r: float(r == COE and k == BAL),
        formula="q_R * L",
        applies="Russia coerces a balancing Kazakhstan",
        why="An isolated Russia is more demanding [S6], [S11].",
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
