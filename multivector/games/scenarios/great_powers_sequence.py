"""``great-powers-sequence``: the payoffs of ``great-powers``, played in turn.

The same parameters, calibrations and terms as the simultaneous benchmark
(:mod:`multivector.games.scenarios.great_powers`), but Kazakhstan chooses first and each
power sees every earlier move: Russia accommodates or coerces, then China engages or
holds back, then the West engages or sanctions. Nothing is private, so the equilibrium is
backward induction's. Comparing the two shows what the order of moves alone changes:
threats and promises that are only words in the simultaneous game bind here when they
are sequentially rational.
"""

from __future__ import annotations

from collections.abc import Mapping

from multivector.games.scenarios import great_powers as gp
from multivector.games.scenarios.base import Term
from multivector.games.scenarios.tree import Stage, TreeScenario

__all__ = ["SCENARIO"]

KZ, RU, CN, WE = gp.KZ, gp.RU, gp.CN, gp.WE


def _in_turn(term: Term) -> Term:
    """The same term, its weight read from a history instead of a profile."""

    def weight(h: Mapping[str, str], w: object = term.weight) -> float:
        return float(w(h[KZ], h[RU], h[CN], h[WE]))  # type: ignore[operator]

    return Term(
        player=term.player,
        name=term.name,
        kind=term.kind,
        params=term.params,
        magnitude=term.magnitude,
        weight=weight,
        formula=term.formula,
        applies=term.applies,
        why=term.why,
    )


STAGES = (
    Stage(KZ, KZ, (gp.BAL, gp.MED, gp.BR, gp.BC, gp.BW)),
    Stage(RU, RU, (gp.ACC, gp.COE), observes=(KZ,)),
    Stage(CN, CN, (gp.ENG, gp.HOLD), observes=(KZ, RU)),
    Stage(WE, WE, (gp.WENG, gp.SAN), observes=(KZ, RU, CN)),
)

SCENARIO = TreeScenario(
    name="great-powers-sequence",
    title="Kazakhstan between Russia, China and the West, moves in turn",
    description=(
        "The great-powers payoffs played in sequence: Kazakhstan chooses its alignment, "
        "then Russia (accommodate or coerce), China (engage or hold back) and the West "
        "(engage or sanction) each answer what they have seen. Same parameters, "
        "calibrations and terms as great-powers."
    ),
    players=(KZ, RU, CN, WE),
    stages=STAGES,
    parameters=gp.PARAMETERS,
    terms=tuple(_in_turn(t) for t in gp.TERMS),
    units=gp.SCENARIO.units,
    calibration_file="great_powers.toml",
    phrases={
        ("", WE): "the West",
        (KZ, gp.BAL): "balances",
        (KZ, gp.MED): "balances and mediates",
        (KZ, gp.BR): "bandwagons with Russia",
        (KZ, gp.BC): "bandwagons with China",
        (KZ, gp.BW): "bandwagons with the West",
        (RU, gp.ACC): "accommodates",
        (RU, gp.COE): "coerces through the northern corridor",
        (CN, gp.ENG): "engages",
        (CN, gp.HOLD): "holds back",
        (WE, gp.WENG): "engages",
        (WE, gp.SAN): "imposes secondary sanctions",
    },
)
