"""``balance-or-bandwagon``: second-tier states balance or bandwagon (symmetric, Güner 2017).

Two second-tier states each balance against, or bandwagon with, a strong power. The
structure follows Güner (2017, *Journal of Game Theory* 6(2), 21-37, CC BY 4.0): a state
that bandwagons while the other balances obtains ``V - a`` (the strong power's reward less
the cost of alignment), and the balancer keeps the whole balancing resource ``v``. When
both make the same choice they share: two bandwagoners ``V/2 - a`` each, two balancers
``v/2`` each (the equal split is this project's reading). Read as a population game, its
evolutionarily stable states are all-bandwagon, all-balance, or a divided population;
:func:`multivector.solver.dynamics.evolutionarily_stable_states` finds them.
"""

from __future__ import annotations

from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term

__all__ = ["SCENARIO"]

A_, B_ = "State A", "State B"
BAL, BW = "balance", "bandwagon"
_UNIT = "index: 1 = the strong power's reward to a lone bandwagoner in 2014-2021"

PARAMETERS = ParameterSet(
    [
        Parameter(
            "strong_power.reward",
            1.0,
            0.0,
            2.0,
            _UNIT,
            "Güner 2017 (V); [S3] (bandwagoning to gain when the background is positive)",
            "V: what the strong power offers those who align with it",
        ),
        Parameter(
            "balancing.reward",
            0.4,
            0.0,
            2.0,
            _UNIT,
            "Güner 2017 (v); [S3] (balancing against a threat, to avoid losses)",
            "v: what a balancer keeps (autonomy, other partners)",
        ),
        Parameter(
            "bandwagon.cost",
            0.2,
            0.0,
            2.0,
            _UNIT,
            "Güner 2017 (a); [S12] (spill-over risks of aligning with a sanctioned power)",
            "a: the cost of aligning with the strong power",
        ),
    ]
)


TERMS = tuple(
    term
    for me, idx in ((A_, 0), (B_, 1))
    for term in (
        Term(
            player=me,
            name="shared-reward",
            kind="gain",
            params=("strong_power.reward",),
            magnitude=lambda p: p["strong_power.reward"] / 2,
            weight=lambda a, b: float(a == BW and b == BW),
            formula="V / 2",
            applies="both bandwagon",
            why="Two bandwagoners share the strong power's reward (Güner 2017).",
        ),
        Term(
            player=me,
            name="lone-reward",
            kind="gain",
            params=("strong_power.reward",),
            magnitude=lambda p: p["strong_power.reward"],
            weight=lambda a, b, i=idx: float((a, b)[i] == BW and (a, b)[1 - i] == BAL),
            formula="V",
            applies="this state bandwagons, the other balances",
            why="A lone bandwagoner takes the whole reward (Güner 2017).",
        ),
        Term(
            player=me,
            name="alignment-cost",
            kind="cost",
            params=("bandwagon.cost",),
            magnitude=lambda p: p["bandwagon.cost"],
            weight=lambda a, b, i=idx: float((a, b)[i] == BW),
            formula="a",
            applies="this state bandwagons",
            why="Aligning costs autonomy and exposes to the strong power's risks "
            "(Güner 2017; [S12]).",
        ),
        Term(
            player=me,
            name="shared-balance",
            kind="gain",
            params=("balancing.reward",),
            magnitude=lambda p: p["balancing.reward"] / 2,
            weight=lambda a, b: float(a == BAL and b == BAL),
            formula="v / 2",
            applies="both balance",
            why="Two balancers share the balancing resource (this project's reading).",
        ),
        Term(
            player=me,
            name="lone-balance",
            kind="gain",
            params=("balancing.reward",),
            magnitude=lambda p: p["balancing.reward"],
            weight=lambda a, b, i=idx: float((a, b)[i] == BAL and (a, b)[1 - i] == BW),
            formula="v",
            applies="this state balances, the other bandwagons",
            why="A lone balancer keeps the whole resource (Güner 2017).",
        ),
    )
)


SCENARIO = Scenario(
    name="balance-or-bandwagon",
    title="Second-tier states: balance or bandwagon (after Güner 2017)",
    description=(
        "Two second-tier states each balance against, or bandwagon with, a strong power. "
        "A lone bandwagoner gets V - a and a lone balancer v (Güner 2017); equal choices "
        "share. Read as a population game, its evolutionarily stable states are "
        "all-bandwagon, all-balance or a divided population."
    ),
    players=(A_, B_),
    strategies=((BAL, BW), (BAL, BW)),
    parameters=PARAMETERS,
    terms=TERMS,
    units={A_: _UNIT, B_: _UNIT},
    calibration_file="balance_or_bandwagon.toml",
)
