"""``coercion``: Kazakhstan's alignment, then Russia's squeeze, then China and the West.

A sequential scenario (:class:`~multivector.games.scenarios.tree.TreeScenario`). Chance
first draws Russia's resolve, which only Russia sees: *resolute* with probability
``russia.prior_resolute``, else *opportunistic*. Kazakhstan chooses its alignment (balance,
mediate, or bandwagon with Russia, China or the West) not knowing it. Russia sees the
alignment and accommodates or squeezes the northern corridor; China sees both and
engages, guarantees Kazakhstan's sovereignty (its September 2022 pledge as a strategy) or
holds back; the West sees all three and engages, neglects or imposes secondary sanctions.

The two types differ in what a squeeze is worth to Russia (a resolute Russia values
asserting its sphere over any Kazakhstan that does not bandwagon with it) and in how long
it can hold the corridor (a resolute Russia sustains the deeper ``russia.escalation``, an
opportunistic one the 2022 pattern ``russia.disruption``). What a squeeze costs each side
scales with Russia's leverage, the share of Kazakhstan's oil export capacity that crosses
Russia, derived from the corridor network. Leaving the CSTO (bandwagoning with the West)
gives up the security guarantee used in January 2022. ``docs/model.md`` has every term.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.games.scenarios import common
from multivector.games.scenarios.base import (
    Parameter,
    ParameterSet,
    Term,
    Values,
    product,
    sum_times,
)
from multivector.games.scenarios.tree import CHANCE, Stage, TreeScenario

__all__ = ["SCENARIO", "STAGES"]

KZ, RU, CN, WE = "Kazakhstan", "Russia", "China", "West"
RESOLVE = "resolve"
RES, OPP = "resolute", "opportunistic"
BAL, MED, BR, BC, BW = (
    "balance",
    "mediate",
    "bandwagon-russia",
    "bandwagon-china",
    "bandwagon-west",
)
ACC, SQZ = "accommodate", "squeeze"
ENG, GUA, HOLD = "engage", "guarantee", "hold-back"
WENG, NEG, SAN = "engage", "neglect", "sanction"

H = Mapping[str, str]


def prior_resolute() -> Parameter:
    """Russia's resolve prior, shared by the sequential scenarios."""
    return Parameter(
        "russia.prior_resolute",
        0.2,
        0.0,
        1.0,
        "probability",
        "[S6] (Russia as the hardest vector; CSTO troops in January 2022; 'less "
        "predictable and more demanding' under sanctions), [S11]",
        "prior probability that Russia is resolute (values asserting its sphere over a "
        "Kazakhstan that does not bandwagon with it, and can hold a squeeze long); only "
        "Russia knows its type",
        note="Judged: 0.2 in 2014-2021 (Russia used force on Georgia in 2008 and Ukraine in "
        "2014, never on an EAEU and CSTO ally); 0.5 in 2022- (the court order suspending "
        "the CPC came weeks after Tokayev refused to recognise the DNR and LNR, July 2022, "
        "Astana Times 2022-07-11): as likely as not. Swept over [0, 1] in docs/model.md.",
    )


def escalation() -> Parameter:
    return Parameter(
        "russia.escalation",
        0.3,
        0.0,
        1.0,
        "fraction of a year's corridor flow withheld",
        "[S14] (abandoning the northern corridor impossible in the medium term); 2022 CPC "
        "suspensions and mooring outages (PortNews 2022-08-23; Interfax 2022-10-21)",
        "depth of a squeeze a resolute Russia sustains, as a fraction of a year's oil flow",
        note="Judged: about four months, against the month of the 2022 pattern "
        "(russia.disruption, the opportunistic depth); as in kz-russia.",
    )


def resolve_value() -> Parameter:
    return Parameter(
        "russia.resolve_value",
        0.15,
        0.0,
        1.0,
        common.POWER_UNIT("Russia"),
        "[S6] (isolated Russia 'less predictable and more demanding'), [S11] (Astana "
        "pushed to choose a side)",
        "value to a resolute Russia of squeezing a Kazakhstan that does not bandwagon with "
        "it (asserting its sphere); an opportunistic Russia values it at 0",
        note="Judged: one and a half times the squeeze's own cost at full leverage "
        "(russia.squeeze_cost 0.1): a resolute Russia squeezes even when nothing else pays.",
    )


def squeeze_cost() -> Parameter:
    return Parameter(
        "russia.squeeze_cost",
        0.1,
        0.0,
        1.0,
        common.POWER_UNIT("Russia") + ", per unit of leverage",
        "CPC ownership: Russia 31% (zonebourse); Transneft tariffs on Atyrau-Samara; [S6] "
        "(weak soft power)",
        "Russia's cost of squeezing the corridor, per unit of leverage: lost CPC revenue "
        "and transit fees on the oil it stops, and reputation in the region",
        note="Judged: a tenth of the relationship at full leverage, as russia.coercion_cost "
        "in great-powers; the squeeze costs russia.squeeze_cost x russia.leverage.",
    )


def _prior(p: Values) -> NDArray[np.float64]:
    q = np.asarray(p["russia.prior_resolute"], dtype=np.float64)
    return np.stack([q, 1.0 - q], axis=-1)


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
            "china",
            0.17,
            "China $31.5 bn of 2023 turnover, now first partner (Astana Times 2024-02-23)",
            note="As in great-powers.",
        ),
        common.weight(
            "west",
            0.30,
            "EU about 30% of foreign trade (2023, Kazinform 2024-01-15); [S9]",
            note="EU trade; the sources give no separate US trade share, so the EU and the "
            "US are one West here (the US weight is in investment: 26% of FDI stock).",
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
                "[S14] (EAEU membership and the northern corridor), [S12] (sanction "
                "spill-over), [S7] (dependence on China undermines the balance)",
                "share of its trade with the other two powers that Kazakhstan loses by aligning "
                "with one",
                note="As in great-powers.",
            )
        ),
        common.calibrated(
            Parameter(
                "kazakhstan.mediation_prestige",
                0.02,
                0.0,
                0.1,
                common.KZ_UNIT,
                "[S5] (Astana format, CICA: mediation brings prestige and room to manoeuvre)",
                "prestige of hosting mediation, realised when Russia accommodates and the West "
                "engages",
                note="As in great-powers.",
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
        Parameter(
            "kazakhstan.csto_value",
            0.02,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S6] (CSTO membership; the first CSTO deployment, at Tokayev's request, 6-19 "
            "January 2022); [S3] (hard balancing means blocs)",
            "security value of the CSTO guarantee that Kazakhstan gives up by bandwagoning "
            "with the West (leaving the CSTO)",
            note="Judged: as large as the security pressure a squeeze brings "
            "(russia.security_threat): the guarantee is worth the pressure it removes.",
        ),
        common.leverage(),
        common.oil_share(),
        common.disruption(),
        escalation(),
        common.security_threat(),
        Parameter(
            "china.pledge",
            0.0,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S7] (September 2022 pledge to support Kazakhstan's independence, sovereignty "
            "and territorial integrity 'however the situation changes')",
            "part of a squeeze's security cost that China's guarantee offsets for Kazakhstan",
            note="0 before the pledge; 2022-: half the security-threat term, as in great-powers.",
        ),
        Parameter(
            "china.holdback_loss",
            0.2,
            0.0,
            1.0,
            "fraction of Kazakhstan's Chinese trade weight",
            "[S7] (loans, investment in oil and uranium, pipelines, Belt and Road)",
            "share of the Chinese relationship Kazakhstan loses when China holds back",
        ),
        common.sanction_loss(),
        Parameter(
            "west.neglect_loss",
            0.05,
            0.0,
            1.0,
            "fraction of Kazakhstan's Western trade weight",
            "[S9] (the West lacks a systematic strategy for the region; Europe absorbed by "
            "Ukraine)",
            "share of the Western relationship Kazakhstan loses when the West neglects it "
            "(investment and attention that do not come)",
            note="Judged: a third of the loss under secondary sanctions (0.15).",
        ),
        prior_resolute(),
        Parameter(
            "russia.alignment_gain",
            0.3,
            0.0,
            1.0,
            common.POWER_UNIT("Russia"),
            "[S6] (EAEU, CSTO)",
            "value to Russia of Kazakhstan bandwagoning with it",
        ),
        squeeze_cost(),
        Parameter(
            "russia.deterrence_value",
            0.5,
            0.0,
            1.0,
            "fraction of Russia's relationship value, per unit of leverage",
            "[S6] (Russia as the priority and hardest vector), [S14]",
            "value to Russia of squeezing a Kazakhstan that bandwagons with the West, per "
            "unit of leverage",
        ),
        common.russia_demand(),
        resolve_value(),
        common.hub_value(),
        Parameter(
            "russia.china_friction",
            0.0,
            0.0,
            1.0,
            common.POWER_UNIT("Russia"),
            "[S7] (September 2022 pledge, read as aimed at Russia)",
            "cost to Russia, in its partnership with China, of a squeeze that China answers "
            "with a guarantee",
        ),
        Parameter(
            "russia.venue_value",
            0.02,
            0.0,
            0.5,
            common.POWER_UNIT("Russia"),
            "[S5] (Astana format with Russia, Turkey and Iran)",
            "value to Russia of a Kazakh venue it keeps by not squeezing",
        ),
        Parameter(
            "china.engagement_return",
            0.2,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "about 85% of China-Europe overland transit crosses Kazakhstan (nCa "
            "2023-11-07); [S7], [S15]",
            "China's return on engaging (or guaranteeing) a Kazakhstan not aligned with the West",
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
            "capital China puts at risk by engaging (or guaranteeing)",
        ),
        Parameter(
            "china.guarantee_cost",
            0.05,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "[S7] (China prefers economic to military ties; Russia its key partner)",
            "China's cost of guaranteeing Kazakhstan's sovereignty: friction with Russia "
            "and a commitment beyond economics",
            note="Judged: half the cost of engaging.",
        ),
        Parameter(
            "china.pledge_credibility",
            0.0,
            0.0,
            1.0,
            common.POWER_UNIT("China"),
            "[S7] (September 2022 pledge 'however the situation changes')",
            "value to China of honouring its pledge when Russia squeezes Kazakhstan "
            "(credibility with its Central Asian partners)",
            note="0 before the pledge; 2022-: 0.1, twice the guarantee's cost (judged): a "
            "pledge made in public is costly to break.",
        ),
        Parameter(
            "west.engagement_return",
            0.2,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "EU largest trade partner and investor, about 40% of FDI (Kazinform "
            "2024-01-15); US 26% of FDI stock (mid-2021, National Bank via Quoted "
            "Business); [S8], [S9]",
            "the West's return on engaging a Kazakhstan that does not bandwagon with Russia",
            note="The EU and the US are one West: the sources separate their trade and "
            "investment shares but not their responses, which the article treats together "
            "([S8], [S9]).",
        ),
        Parameter(
            "west.engagement_cost",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S9] (no systematic strategy; Europe absorbed by Ukraine)",
            "the West's cost of engaging (attention, money, risk)",
        ),
        Parameter(
            "west.support_value",
            0.05,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S9], [S15] (the Middle Corridor; Kazakh oil through the BTC from 2023); EU "
            "oil imports from Kazakhstan 11.5% in 2024 (Econovis via Kazinform/ratel.kz)",
            "extra value to the West of engaging a Kazakhstan that Russia squeezes and that "
            "does not bandwagon with Russia (an opening: more Kazakh oil and cargo avoiding "
            "Russia)",
            note="Judged: a quarter of the engagement return in 2014-2021; 2022-: 0.15, as "
            "Kazakhstan became the EU's third oil supplier (11.5% of imports in 2024).",
        ),
        common.sanction_cost(),
        Parameter(
            "west.enforcement_gain",
            0.1,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12] (secondary sanctions on Russia's partners)",
            "value to the West of sanctioning a Kazakhstan that bandwagons with Russia",
        ),
        Parameter(
            "west.leakage_gain",
            0.0,
            0.0,
            1.0,
            common.POWER_UNIT("the West"),
            "[S12] (re-export through neutral neighbours)",
            "value to the West of sanctioning a non-aligned Kazakhstan to curb re-export",
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


def _v(name: str) -> Callable[[Values], Any]:
    return lambda p: p[name]


def _squeeze_depth(resolute: bool) -> Callable[[Values], Any]:
    name = "russia.escalation" if resolute else "russia.disruption"
    return lambda p: p["russia.leverage"] * p["kazakhstan.oil_share"] * p[name]


SQUEEZED = (BAL, MED, BC, BW)  # alignments Russia's resolve targets (all but its own)

TERMS = (
    # ---------------------------------------------------------------- Kazakhstan
    *(
        Term(
            player=KZ,
            name=f"premium-{power}",
            kind="gain",
            params=(f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            magnitude=product(f"kazakhstan.weight.{power}", "kazakhstan.bandwagon_premium"),
            weight=lambda h, s=strategy: float(h[KZ] == s),
            formula=f"w_{power} * g",
            applies=f"Kazakhstan plays {strategy}",
            why="Bandwagoning deepens the relationship with the patron [S3]; Schweller 1994.",
        )
        for power, strategy in (("russia", BR), ("china", BC), ("west", BW))
    ),
    Term(
        player=KZ,
        name="autonomy-loss",
        kind="cost",
        params=("kazakhstan.autonomy_value",),
        magnitude=_v("kazakhstan.autonomy_value"),
        weight=lambda h: float(h[KZ] in (BR, BC, BW)),
        formula="A",
        applies="Kazakhstan bandwagons with any power",
        why="Choosing a side gives up the sovereignty task of the multi-vector policy [S1], "
        "[S11]; Morrow 1991.",
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
            weight=lambda h, s=strategy: float(h[KZ] == s),
            formula=f"rho * (w_{others[0]} + w_{others[1]})",
            applies=f"Kazakhstan plays {strategy}",
            why="Aligning with one power costs part of the relationships with the other two "
            "[S12], [S14], [S7].",
        )
        for power, strategy, others in (
            ("russia", BR, ("china", "west")),
            ("china", BC, ("russia", "west")),
            ("west", BW, ("russia", "china")),
        )
    ),
    Term(
        player=KZ,
        name="csto-guarantee-lost",
        kind="cost",
        params=("kazakhstan.csto_value",),
        magnitude=_v("kazakhstan.csto_value"),
        weight=lambda h: float(h[KZ] == BW),
        formula="S",
        applies="Kazakhstan bandwagons with the West (leaves the CSTO)",
        why="The CSTO guarantee, used at Kazakhstan's request in January 2022, is lost [S6].",
    ),
    Term(
        player=KZ,
        name="squeeze-opportunistic",
        kind="cost",
        params=("russia.leverage", "kazakhstan.oil_share", "russia.disruption"),
        magnitude=_squeeze_depth(False),
        weight=lambda h: float(h[RU] == SQZ and h[RESOLVE] == OPP),
        formula="L * x * d",
        applies="an opportunistic Russia squeezes",
        why="Oil through Russian routes withheld for the 2022 pattern's fraction d of a year "
        "[S14]; L is the network's capacity share (derived).",
    ),
    Term(
        player=KZ,
        name="squeeze-resolute",
        kind="cost",
        params=("russia.leverage", "kazakhstan.oil_share", "russia.escalation"),
        magnitude=_squeeze_depth(True),
        weight=lambda h: float(h[RU] == SQZ and h[RESOLVE] == RES),
        formula="L * x * d_res",
        applies="a resolute Russia squeezes",
        why="A resolute Russia holds the corridor longer, d_res of a year [S14].",
    ),
    Term(
        player=KZ,
        name="security-pressure",
        kind="cost",
        params=("russia.security_threat",),
        magnitude=_v("russia.security_threat"),
        weight=lambda h: float(h[RU] == SQZ),
        formula="T",
        applies="Russia squeezes",
        why="Security and information pressure comes with the squeeze [S6].",
    ),
    Term(
        player=KZ,
        name="china-guarantee",
        kind="gain",
        params=("china.pledge",),
        magnitude=_v("china.pledge"),
        weight=lambda h: float(h[RU] == SQZ and h[CN] == GUA),
        formula="P_C",
        applies="Russia squeezes and China guarantees",
        why="China's pledge on Kazakhstan's sovereignty offsets part of the pressure [S7].",
    ),
    Term(
        player=KZ,
        name="china-holds-back",
        kind="cost",
        params=("kazakhstan.weight.china", "china.holdback_loss"),
        magnitude=lambda p: p["kazakhstan.weight.china"] * p["china.holdback_loss"],
        weight=lambda h: float(h[CN] == HOLD),
        formula="w_china * h",
        applies="China holds back",
        why="Paused Chinese investment and transit [S7].",
    ),
    Term(
        player=KZ,
        name="western-neglect",
        kind="cost",
        params=("kazakhstan.weight.west", "west.neglect_loss"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["west.neglect_loss"],
        weight=lambda h: float(h[WE] == NEG),
        formula="w_west * n",
        applies="the West neglects",
        why="Western investment and attention that do not come [S9].",
    ),
    Term(
        player=KZ,
        name="western-sanctions",
        kind="cost",
        params=("kazakhstan.weight.west", "west.sanction_loss"),
        magnitude=lambda p: p["kazakhstan.weight.west"] * p["west.sanction_loss"],
        weight=lambda h: float(h[WE] == SAN),
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
        weight=lambda h: float(h[KZ] == MED and h[RU] == ACC and h[WE] == WENG),
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
        weight=lambda h: float(h[KZ] == MED),
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
        weight=lambda h: float(h[KZ] == BR),
        formula="G_R",
        applies="Kazakhstan bandwagons with Russia",
        why="An aligned Kazakhstan inside the EAEU and CSTO [S6].",
    ),
    Term(
        player=RU,
        name="squeeze-cost",
        kind="cost",
        params=("russia.squeeze_cost", "russia.leverage"),
        magnitude=lambda p: p["russia.squeeze_cost"] * p["russia.leverage"],
        weight=lambda h: float(h[RU] == SQZ),
        formula="c_R * L",
        applies="Russia squeezes",
        why="Lost CPC revenue (Russia owns 31%) and transit fees on the oil stopped; "
        "reputation [S6].",
    ),
    Term(
        player=RU,
        name="deterrence",
        kind="gain",
        params=("russia.deterrence_value", "russia.leverage"),
        magnitude=lambda p: p["russia.deterrence_value"] * p["russia.leverage"],
        weight=lambda h: float(h[RU] == SQZ and h[KZ] == BW),
        formula="D_R * L",
        applies="Russia squeezes a Kazakhstan that bandwagons with the West",
        why="A squeeze punishes and deters a defection [S6], [S14].",
    ),
    Term(
        player=RU,
        name="pressing-demands",
        kind="gain",
        params=("russia.demand", "russia.leverage"),
        magnitude=lambda p: p["russia.demand"] * p["russia.leverage"],
        weight=lambda h: float(h[RU] == SQZ and h[KZ] in (BAL, MED, BC)),
        formula="q_R * L",
        applies="Russia squeezes a Kazakhstan that bandwagons with neither Russia nor the West",
        why="An isolated Russia is more demanding of its neighbours [S6], [S11].",
    ),
    Term(
        player=RU,
        name="resolve",
        kind="gain",
        params=("russia.resolve_value",),
        magnitude=_v("russia.resolve_value"),
        weight=lambda h: float(h[RU] == SQZ and h[RESOLVE] == RES and h[KZ] in SQUEEZED),
        formula="R",
        applies="a resolute Russia squeezes a Kazakhstan that does not bandwagon with it",
        why="A resolute Russia values asserting its sphere for its own sake [S6], [S11].",
    ),
    Term(
        player=RU,
        name="hub-at-risk",
        kind="cost",
        params=("russia.hub_value",),
        magnitude=_v("russia.hub_value"),
        weight=lambda h: float(h[RU] == SQZ),
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
        weight=lambda h: float(h[RU] == SQZ and h[CN] == GUA),
        formula="F_R",
        applies="Russia squeezes and China guarantees",
        why="Squeezing a state China guarantees strains Russia's key partnership [S7].",
    ),
    Term(
        player=RU,
        name="venue",
        kind="gain",
        params=("russia.venue_value",),
        magnitude=_v("russia.venue_value"),
        weight=lambda h: float(h[KZ] == MED and h[RU] == ACC),
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
        weight=lambda h: float(h[CN] in (ENG, GUA) and h[KZ] != BW),
        formula="E_C",
        applies="China engages or guarantees a Kazakhstan not bandwagoning with the West",
        why="Transit and resources [S7], [S15].",
    ),
    Term(
        player=CN,
        name="alignment-premium",
        kind="gain",
        params=("china.alignment_premium",),
        magnitude=_v("china.alignment_premium"),
        weight=lambda h: float(h[CN] in (ENG, GUA) and h[KZ] == BC),
        formula="G_C",
        applies="China engages or guarantees a Kazakhstan that bandwagons with it",
        why="Preferential access when Kazakhstan aligns with China [S7].",
    ),
    Term(
        player=CN,
        name="engagement-cost",
        kind="cost",
        params=("china.engagement_cost",),
        magnitude=_v("china.engagement_cost"),
        weight=lambda h: float(h[CN] in (ENG, GUA)),
        formula="k_C",
        applies="China engages or guarantees",
        why="Capital at risk in a damaged investment climate [S12].",
    ),
    Term(
        player=CN,
        name="guarantee-cost",
        kind="cost",
        params=("china.guarantee_cost",),
        magnitude=_v("china.guarantee_cost"),
        weight=lambda h: float(h[CN] == GUA),
        formula="g_C",
        applies="China guarantees",
        why="A commitment beyond economics, and friction with Russia [S7].",
    ),
    Term(
        player=CN,
        name="pledge-credibility",
        kind="gain",
        params=("china.pledge_credibility",),
        magnitude=_v("china.pledge_credibility"),
        weight=lambda h: float(h[CN] == GUA and h[RU] == SQZ),
        formula="Gamma_C",
        applies="China guarantees a Kazakhstan that Russia squeezes",
        why="Honouring the September 2022 pledge keeps it credible [S7].",
    ),
    # ---------------------------------------------------------------- West
    Term(
        player=WE,
        name="engagement-return",
        kind="gain",
        params=("west.engagement_return",),
        magnitude=_v("west.engagement_return"),
        weight=lambda h: float(h[WE] == WENG and h[KZ] != BR),
        formula="E_W",
        applies="the West engages a Kazakhstan that does not bandwagon with Russia",
        why="Largest trade partner and investor [S8], [S9].",
    ),
    Term(
        player=WE,
        name="engagement-cost",
        kind="cost",
        params=("west.engagement_cost",),
        magnitude=_v("west.engagement_cost"),
        weight=lambda h: float(h[WE] == WENG),
        formula="k_W",
        applies="the West engages",
        why="Attention and money for a region at the periphery of its policy [S9].",
    ),
    Term(
        player=WE,
        name="support",
        kind="gain",
        params=("west.support_value",),
        magnitude=_v("west.support_value"),
        weight=lambda h: float(h[WE] == WENG and h[RU] == SQZ and h[KZ] != BR),
        formula="Sigma_W",
        applies="the West engages a squeezed Kazakhstan that does not bandwagon with Russia",
        why="An opening for oil and cargo that avoid Russia [S9], [S15].",
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
        why="Energy supply (11.5% of EU oil imports in 2024) and investment exposure [S9].",
    ),
    Term(
        player=WE,
        name="enforcement",
        kind="gain",
        params=("west.enforcement_gain",),
        magnitude=_v("west.enforcement_gain"),
        weight=lambda h: float(h[WE] == SAN and h[KZ] == BR),
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
        weight=lambda h: float(h[WE] == SAN and h[KZ] in (BAL, MED, BC)),
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
        weight=lambda h: float(h[KZ] == MED and h[WE] == WENG),
        formula="V_W",
        applies="Kazakhstan mediates and the West engages",
        why="A venue for contact with Russia [S5].",
    ),
)

#: The moves, in order.
STAGES = (
    Stage(RESOLVE, CHANCE, (RES, OPP), probability=_prior, params=("russia.prior_resolute",)),
    Stage(KZ, KZ, (BAL, MED, BR, BC, BW)),
    Stage(RU, RU, (ACC, SQZ), observes=(RESOLVE, KZ)),
    Stage(CN, CN, (ENG, GUA, HOLD), observes=(KZ, RU)),
    Stage(WE, WE, (WENG, NEG, SAN), observes=(KZ, RU, CN)),
)

PHRASES = {
    ("", WE): "the West",
    (RESOLVE, RES): "a resolute Russia",
    (RESOLVE, OPP): "an opportunistic Russia",
    (KZ, BAL): "balances",
    (KZ, MED): "balances and mediates",
    (KZ, BR): "bandwagons with Russia",
    (KZ, BC): "bandwagons with China",
    (KZ, BW): "bandwagons with the West (leaves the EAEU and the CSTO)",
    (RU, ACC): "accommodates",
    (RU, SQZ): "squeezes the northern corridor",
    (CN, ENG): "engages",
    (CN, GUA): "guarantees Kazakhstan's sovereignty",
    (CN, HOLD): "holds back",
    (WE, WENG): "engages",
    (WE, NEG): "neglects Kazakhstan",
    (WE, SAN): "imposes secondary sanctions",
}

SCENARIO = TreeScenario(
    name="coercion",
    title="Kazakhstan's alignment under Russian coercion of unknown resolve",
    description=(
        "Sequential. Chance draws Russia's resolve (resolute with probability "
        "russia.prior_resolute), which only Russia sees; Kazakhstan chooses its alignment; "
        "Russia sees it and accommodates or squeezes the northern corridor; China then "
        "engages, guarantees Kazakhstan's sovereignty or holds back; the West engages, "
        "neglects or sanctions. A squeeze costs both sides in proportion to Russia's "
        "leverage, derived from the corridor network."
    ),
    players=(KZ, RU, CN, WE),
    stages=STAGES,
    parameters=PARAMETERS,
    terms=TERMS,
    units={
        KZ: common.KZ_UNIT,
        RU: common.POWER_UNIT("Russia"),
        CN: common.POWER_UNIT("China"),
        WE: common.POWER_UNIT("the West"),
    },
    calibration_file="coercion.toml",
    phrases=PHRASES,
)
