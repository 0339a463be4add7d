"""``mediation``: Kazakhstan offering a venue between Russia and the West (three players).

Kazakhstan offers neutral mediation, offers mediation leaning toward Russia, or stays out
([S5]: the Astana format, offers between Russia and the West). Russia and the West accept
or refuse; talks happen when Kazakhstan offers and both accept. Following Kydd (2003,
*AJPS* 47(4)), a mediator is credible when advising a side to concede only if it is seen as
biased toward that side: a Russia-leaning venue moves talks further (higher chance of a
settlement step) but costs the West trust and Kazakhstan part of its Western relationship.
"""

from __future__ import annotations

from multivector.games.scenarios import common
from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term, product

__all__ = ["SCENARIO"]

KZ, RU, WE = "Kazakhstan", "Russia", "West"
NEUTRAL, LEANING, OUT = "mediate-neutral", "mediate-leaning-russia", "stay-out"
ACCEPT, REFUSE = "accept", "refuse"
_TALKS_UNIT = "index: 1 = the value to the party of a negotiated settlement step"


def _talks(k: str, r: str, w: str) -> bool:
    return k != OUT and r == ACCEPT and w == ACCEPT


PARAMETERS = ParameterSet(
    [
        Parameter(
            "kazakhstan.offer_prestige",
            0.01,
            0.0,
            0.1,
            common.KZ_UNIT,
            "[S5] (offers of mediation bring prestige and room to manoeuvre)",
            "prestige of being seen to offer a venue, whether or not talks take place",
            note="Judged: 1% of turnover. It is what makes offering worthwhile when talks "
            "fail; docs/model.md reports the result without it.",
        ),
        Parameter(
            "kazakhstan.hosting_prestige",
            0.02,
            0.0,
            0.1,
            common.KZ_UNIT,
            "[S5] (Astana format for Syria)",
            "extra prestige when talks actually take place in Kazakhstan",
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
            "kazakhstan.lean_cost",
            0.03,
            0.0,
            0.2,
            common.KZ_UNIT,
            "[S13] (Kazakhstan declined to back Russia at the UN), [S9]",
            "loss in the Western relationship when Kazakhstan is seen to lean toward Russia",
            note="Judged: a tenth of the Western trade weight (0.30).",
        ),
        Parameter(
            "mediation.credibility_neutral",
            0.1,
            0.0,
            1.0,
            "probability",
            "Kydd 2003 (an unbiased mediator's call for restraint is not credible)",
            "chance that talks at a neutral venue yield a settlement step",
        ),
        Parameter(
            "mediation.credibility_leaning",
            0.3,
            0.0,
            1.0,
            "probability",
            "Kydd 2003 (a mediator biased toward a side is credible when advising it to concede)",
            "chance that talks at a Russia-leaning venue yield a settlement step",
        ),
        Parameter(
            "russia.talks_value",
            1.0,
            0.0,
            2.0,
            _TALKS_UNIT,
            "unit of Russia's payoff",
            "value to Russia of a settlement step (the unit)",
        ),
        Parameter(
            "west.talks_value",
            1.0,
            0.0,
            2.0,
            _TALKS_UNIT,
            "unit of the West's payoff",
            "value to the West of a settlement step (the unit)",
        ),
        Parameter(
            "russia.audience_cost",
            0.05,
            0.0,
            1.0,
            _TALKS_UNIT,
            "[S6]",
            "Russia's cost of accepting talks (signal of weakness, legitimising the other side)",
        ),
        Parameter(
            "west.audience_cost",
            0.05,
            0.0,
            1.0,
            _TALKS_UNIT,
            "[S9] (the West absorbed by Ukraine)",
            "the West's cost of accepting talks with Russia",
        ),
        Parameter(
            "west.bias_cost",
            0.1,
            0.0,
            1.0,
            _TALKS_UNIT,
            "Kydd 2003",
            "the West's extra cost of accepting a venue that leans toward Russia",
        ),
    ]
)

TERMS = (
    Term(
        player=KZ,
        name="offer-prestige",
        kind="gain",
        params=("kazakhstan.offer_prestige",),
        magnitude=lambda p: p["kazakhstan.offer_prestige"],
        weight=lambda k, r, w: float(k != OUT),
        formula="P_o",
        applies="Kazakhstan offers mediation (either kind)",
        why="Offering a venue is itself a signal of a responsible middle power [S5].",
    ),
    Term(
        player=KZ,
        name="hosting-prestige",
        kind="gain",
        params=("kazakhstan.hosting_prestige",),
        magnitude=lambda p: p["kazakhstan.hosting_prestige"],
        weight=lambda k, r, w: float(_talks(k, r, w)),
        formula="P_h",
        applies="talks take place (Kazakhstan offers, both accept)",
        why="Hosting talks, as in the Astana format [S5].",
    ),
    Term(
        player=KZ,
        name="mediation-cost",
        kind="cost",
        params=("kazakhstan.mediation_cost",),
        magnitude=lambda p: p["kazakhstan.mediation_cost"],
        weight=lambda k, r, w: float(k != OUT),
        formula="m",
        applies="Kazakhstan offers mediation",
        why="Effort and money [S5].",
    ),
    Term(
        player=KZ,
        name="lean-cost",
        kind="cost",
        params=("kazakhstan.lean_cost",),
        magnitude=lambda p: p["kazakhstan.lean_cost"],
        weight=lambda k, r, w: float(k == LEANING),
        formula="lambda",
        applies="Kazakhstan offers a Russia-leaning venue",
        why="Leaning toward Russia costs Western trust [S9], [S13].",
    ),
    *(
        Term(
            player=player,
            name=f"settlement-{kind}",
            kind="gain",
            params=(f"{owner}.talks_value", f"mediation.credibility_{kind}"),
            magnitude=product(f"{owner}.talks_value", f"mediation.credibility_{kind}"),
            weight=lambda k, r, w, s=strategy: float(k == s and r == ACCEPT and w == ACCEPT),
            formula=f"D * c_{kind}",
            applies=f"talks at a {kind} venue",
            why="Expected value of a settlement step: its value times the venue's credibility "
            "(Kydd 2003).",
        )
        for player, owner in ((RU, "russia"), (WE, "west"))
        for kind, strategy in (("neutral", NEUTRAL), ("leaning", LEANING))
    ),
    Term(
        player=RU,
        name="audience-cost",
        kind="cost",
        params=("russia.audience_cost",),
        magnitude=lambda p: p["russia.audience_cost"],
        weight=lambda k, r, w: float(r == ACCEPT),
        formula="a_R",
        applies="Russia accepts",
        why="Accepting talks signals weakness at home [S6].",
    ),
    Term(
        player=WE,
        name="audience-cost",
        kind="cost",
        params=("west.audience_cost",),
        magnitude=lambda p: p["west.audience_cost"],
        weight=lambda k, r, w: float(w == ACCEPT),
        formula="a_W",
        applies="the West accepts",
        why="Accepting talks with Russia has a political cost [S9].",
    ),
    Term(
        player=WE,
        name="bias-cost",
        kind="cost",
        params=("west.bias_cost",),
        magnitude=lambda p: p["west.bias_cost"],
        weight=lambda k, r, w: float(w == ACCEPT and k == LEANING),
        formula="b_W",
        applies="the West accepts a Russia-leaning venue",
        why="A biased venue is a concession to the other side (Kydd 2003).",
    ),
)

SCENARIO = Scenario(
    name="mediation",
    title="Kazakhstan as mediator between Russia and the West",
    description=(
        "Kazakhstan offers neutral mediation, offers a venue leaning toward Russia, or "
        "stays out; Russia and the West accept or refuse, and talks take place when both "
        "accept. Prestige rewards offering and hosting [S5]; following Kydd (2003), a "
        "venue biased toward Russia is more credible when advising Russia to concede, at a "
        "cost in Western trust."
    ),
    players=(KZ, RU, WE),
    strategies=((NEUTRAL, LEANING, OUT), (ACCEPT, REFUSE), (ACCEPT, REFUSE)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={KZ: common.KZ_UNIT, RU: _TALKS_UNIT, WE: _TALKS_UNIT},
    calibration_file="mediation.toml",
)
