"""Parameters that several scenarios share, declared once so that they mean the same thing.

Each record says where its number comes from: a claim of the article ([S1]..[S16],
[F1]..[F5], see the seed notes), or a cited figure with its year. Calibrations (the TOML
files in ``data/``) set the era values; the defaults here are the 2014-2021 values unless
the record says otherwise.
"""

from __future__ import annotations

from multivector.games.scenarios.base import Parameter, Term

__all__ = [
    "KZ_UNIT",
    "POWER_UNIT",
    "autonomy_value",
    "bandwagon_premium",
    "calibrated",
    "china_friction",
    "coercion_cost",
    "disruption",
    "hub_value",
    "leverage",
    "oil_share",
    "russia_demand",
    "sanction_cost",
    "sanction_loss",
    "security_threat",
    "weight",
]

#: Kazakhstan's payoff unit in every scenario.
KZ_UNIT = "share of Kazakhstan's yearly foreign-trade turnover (1 = all of it)"


def POWER_UNIT(power: str) -> str:
    """A great power's payoff unit: its whole relationship with Kazakhstan is 1."""
    return f"index: 1 = the value to {power} of its whole relationship with Kazakhstan"


def calibrated(p: Parameter) -> Parameter:
    """``p`` marked as calibrated to the 2014-2021 record: its default is one point of the
    calibrated set stored in ``data/calibrated_2014_2021.csv`` (observations O1-O3 of
    :mod:`multivector.explore.calibration`), where the forecasts are evaluated over the
    whole set."""
    from dataclasses import replace

    return replace(
        p,
        kind="calibrated",
        source=p.source + "; calibrated to the 2014-2021 record (O1 balancing kept [S13], "
        "O2 EAEU and CSTO kept [S6], O3 Astana format hosted [S5]): "
        "data/calibrated_2014_2021.toml",
        note=(p.note + " " if p.note else "")
        + "The default is the judged value, which lies in the calibrated set; "
        "`multivector forecasts` evaluates the forecasts over the whole set.",
    )


def weight(power: str, default: float, source: str, note: str = "") -> Parameter:
    """Kazakhstan's trade weight of one power (measured)."""
    return Parameter(
        f"kazakhstan.weight.{power}",
        default,
        0.0,
        0.6,
        KZ_UNIT,
        source,
        f"share of Kazakhstan's foreign trade that is with {power}",
        kind="measured",
        note=note,
    )


def bandwagon_premium() -> Parameter:
    return Parameter(
        "kazakhstan.bandwagon_premium",
        0.25,
        0.0,
        1.0,
        "fraction of the patron's trade weight",
        "[S3] (bandwagoning 'to gain'); Schweller 1994, balance of interests",
        "extra value of the relationship with a power Kazakhstan bandwagons with "
        "(preferential terms, deeper integration)",
        note="Judged: a quarter more of the patron's trade, the order of the gains "
        "attributed to EAEU integration; wide bounds (0 to doubling).",
    )


def autonomy_value() -> Parameter:
    return Parameter(
        "kazakhstan.autonomy_value",
        0.05,
        0.0,
        0.3,
        KZ_UNIT,
        "[S1] (security and sovereignty task), [S11] (supporting one side contradicts the "
        "multi-vector principle); Morrow 1991 (autonomy-security trade-off)",
        "loss of autonomy ('subjectness') when Kazakhstan bandwagons with any one power",
        note="Judged: about a quarter of Russia's trade weight (0.05 of turnover), i.e. as "
        "large as the premium of bandwagoning with Russia. It is the term that most decides "
        "between balancing and bandwagoning; docs/model.md reports what happens without it.",
    )


def leverage() -> Parameter:
    """Russia's corridor leverage, derived from the corridor network (one definition).

    The value is :func:`multivector.network.derived.russia_corridor_leverage`, computed
    when the scenario is built; the CPC's share of exported oil and the network's share of
    recent flow are listed as alternatives, shown and never used.
    """
    from multivector.network.derived import leverage_alternatives, russia_corridor_leverage

    value = russia_corridor_leverage()
    return Parameter(
        "russia.leverage",
        value,
        0.0,
        1.0,
        "share of Kazakhstan's oil export capacity",
        "corridor network [D]: 1 - 13.5 / 103.0 Mt/y; capacity rows CPC 72.5, Atyrau-Samara "
        "17, Atyrau-Kenkiyak 6, Aktau oil berths 7.5; residual rows Atyrau-Kenkiyak 6 and "
        "Aktau oil berths 7.5 (edges.csv, nodes.csv); [S14]",
        "Russia's corridor leverage: share of Kazakhstan's oil export capacity lost when "
        "every route Russia controls closes",
        kind="derived",
        derive="multivector.network.derived:russia_corridor_leverage",
        note="One definition in every command and calibration (no calibration sets it). "
        "`multivector params` lists the alternatives; `multivector corridors` and "
        "multivector.network.derived.leverage_report() give the rows with their sources.",
        alternatives=leverage_alternatives(),
    )


def oil_share() -> Parameter:
    return Parameter(
        "kazakhstan.oil_share",
        0.35,
        0.1,
        0.6,
        KZ_UNIT,
        "[S4] (resources as the main asset); oil exports 67.6 Mt (2021), 70.5 Mt (2023)",
        "value of oil exports as a share of trade turnover (what a corridor cut puts at risk)",
        note="Judged: oil and condensate are roughly half of export value and exports "
        "roughly 60-65% of turnover; the export value itself is not in the sourced "
        "research notes, hence the wide bounds.",
    )


def disruption() -> Parameter:
    return Parameter(
        "russia.disruption",
        0.1,
        0.0,
        1.0,
        "fraction of a year's corridor flow withheld",
        "2022 CPC suspensions: a 30-day court suspension ordered (July 2022, seanews.ru); "
        "two of three moorings out Aug-Nov 2022 (PortNews 2022-08-23; Interfax 2022-10-21)",
        "depth of a coercive corridor disruption, as a fraction of a year's oil flow",
        note="Judged from the 2022 pattern: a month's suspension is 0.08 of a year, the "
        "mooring outage cut about a third of capacity for about three months (0.08).",
    )


def security_threat() -> Parameter:
    return Parameter(
        "russia.security_threat",
        0.02,
        0.0,
        0.2,
        KZ_UNIT,
        "[S6] (CSTO dependence, information attacks, largest Russian minority)",
        "non-economic cost to Kazakhstan of Russian coercion (security and information pressure)",
        note="Judged: smaller than the corridor cost (0.028 at defaults), as the article "
        "describes pressure, not force.",
    )


def coercion_cost() -> Parameter:
    return Parameter(
        "russia.coercion_cost",
        0.1,
        0.0,
        1.0,
        POWER_UNIT("Russia"),
        "CPC ownership: Russia 31% (zonebourse); [S6] (weak soft power)",
        "Russia's own cost of coercing Kazakhstan (lost CPC revenue and transit fees, "
        "reputation in the region)",
        note="Judged: a tenth of the relationship's value.",
    )


def russia_demand(default: float = 0.05) -> Parameter:
    return Parameter(
        "russia.demand",
        default,
        0.0,
        1.0,
        "fraction of Russia's relationship value, per unit of leverage",
        "[S6] (isolated Russia 'less predictable and more demanding'), [S11]",
        "value to Russia of pressing a non-aligned Kazakhstan, per unit of corridor leverage",
    )


def hub_value() -> Parameter:
    return Parameter(
        "russia.hub_value",
        0.0,
        0.0,
        1.0,
        POWER_UNIT("Russia"),
        "[S12] (relocation of businesses; Kazakhstan as a channel under sanctions)",
        "what Russia risks losing by coercing Kazakhstan while sanctions make it a trade "
        "and relocation channel",
    )


def china_friction() -> Parameter:
    return Parameter(
        "russia.china_friction",
        0.0,
        0.0,
        1.0,
        POWER_UNIT("Russia"),
        "[S7] (September 2022 pledge to support Kazakhstan's sovereignty 'however the "
        "situation changes', read as aimed at Russia)",
        "cost to Russia, in its partnership with China, of coercing Kazakhstan while China "
        "stays engaged",
    )


def sanction_loss() -> Parameter:
    return Parameter(
        "west.sanction_loss",
        0.15,
        0.0,
        1.0,
        "fraction of Kazakhstan's Western trade weight",
        "[S12] (secondary-sanction risk, investment climate)",
        "share of Kazakhstan's trade with the West lost under Western secondary sanctions",
        note="Judged: targeted listings and de-risking by Western banks, not an embargo.",
    )


def sanction_cost() -> Parameter:
    return Parameter(
        "west.sanction_cost",
        0.2,
        0.0,
        1.0,
        POWER_UNIT("the West"),
        "Kazakhstan 11.5% of EU oil imports in 2024, third supplier (Econovis via "
        "Kazinform/ratel.kz; 8% in 2022-23, GIS via geopolitic.ro 2023-06); EU ~40% of FDI "
        "(Kazinform 2024-01-15); [S9]",
        "the West's own cost of sanctioning Kazakhstan (energy supply, investment exposure)",
        note="Judged: a fifth of the relationship; bounded wide.",
    )


def russia_coercion_side_costs() -> tuple[Term, Term]:
    """Russia's costs of coercing that do not depend on Kazakhstan's choice.

    Shared by the 2-player scenarios in which Russia chooses accommodate or coerce
    (``kz-russia``, ``corridor-investment``): the channel it risks ([S12]) and the friction
    with China ([S7]), whose engagement these scenarios take as given.
    """

    def coerces(_kazakhstan: str, russia: str) -> float:
        return float(russia == "coerce")

    return (
        Term(
            player="Russia",
            name="hub-at-risk",
            kind="cost",
            params=("russia.hub_value",),
            magnitude=lambda p: p["russia.hub_value"],
            weight=coerces,
            formula="H_R",
            applies="Russia coerces",
            why="Kazakhstan as a channel under sanctions [S12].",
        ),
        Term(
            player="Russia",
            name="china-friction",
            kind="cost",
            params=("russia.china_friction",),
            magnitude=lambda p: p["russia.china_friction"],
            weight=coerces,
            formula="F_R",
            applies="Russia coerces",
            why="China's 2022 pledge makes coercion costlier for Russia [S7] (China is not a "
            "player here: its engagement is taken as given).",
        ),
    )
