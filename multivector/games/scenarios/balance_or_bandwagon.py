"""``balance-or-bandwagon``: second-tier states balance or bandwagon (symmetric, Güner 2017).

Two second-tier states each balance against, or bandwagon with, a strong power. The
structure follows Güner (2017, *Journal of Game Theory* 6(2), 21-37, CC BY 4.0): a state
that bandwagons while the other balances obtains ``V - a`` (the strong power's reward less
the cost of alignment), and the balancer keeps the whole balancing resource ``v``. When
both make the same choice they share: two bandwagoners ``V/2 - a`` each, two balancers
``v/2`` each (the equal split is this project's reading). Read as a population game, its
evolutionarily stable states are all-bandwagon, all-balance, or a divided population;
:func:`evolutionarily_stable_states` finds them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from multivector.errors import GameError
from multivector.games.normal_form import NormalFormGame
from multivector.games.scenarios.base import Parameter, ParameterSet, Scenario, Term

__all__ = ["SCENARIO", "StableState", "evolutionarily_stable_states"]

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


@dataclass(frozen=True)
class StableState:
    """An evolutionarily stable state of a symmetric 2-strategy population game.

    Attributes
    ----------
    shares : dict
        ``strategy label -> population share``.
    kind : str
        ``"pure"`` or ``"divided"``.
    """

    shares: dict[str, float]
    kind: str


def evolutionarily_stable_states(game: NormalFormGame, *, tol: float = 1e-12) -> list[StableState]:
    """Evolutionarily stable states of a symmetric 2-player, 2-strategy game.

    Parameters
    ----------
    game : NormalFormGame
        Symmetric: ``payoffs[1] == payoffs[0].T`` and both players have the same labels.
    tol : float
        Tolerance for the strict inequalities.

    Returns
    -------
    list of StableState
        A pure strategy ``i`` is an ESS when ``u(i, i) > u(j, i)``, or ``u(i, i) = u(j, i)``
        and ``u(i, j) > u(j, j)``; an interior state is an ESS when each strategy is the
        strict best reply to the other (anti-coordination), at the share that equalises
        the two payoffs.

    Raises
    ------
    GameError
        When the game is not symmetric 2x2.

    Notes
    -----
    Maynard Smith and Price (1973); conditions for 2x2 games as in Weibull (1995),
    *Evolutionary Game Theory*, Section 2.1.

    Examples
    --------
    >>> hd = NormalFormGame.from_bimatrix([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
    ...                                  strategies=[["hawk", "dove"]] * 2)
    >>> [s.shares for s in evolutionarily_stable_states(hd)]
    [{'hawk': 0.5, 'dove': 0.5}]
    """
    if game.num_players != 2 or game.shape != (2, 2) or game.strategies[0] != game.strategies[1]:
        raise GameError("the ESS check needs a symmetric 2-player game with 2 strategies each")
    u = game.payoffs[0]
    if not np.allclose(game.payoffs[1], u.T):
        raise GameError("the game is not symmetric: payoffs[1] must equal payoffs[0] transposed")
    labels = game.strategies[0]
    out: list[StableState] = []
    for i in (0, 1):
        j = 1 - i
        if u[i, i] > u[j, i] + tol or (abs(u[i, i] - u[j, i]) <= tol and u[i, j] > u[j, j] + tol):
            out.append(StableState({labels[i]: 1.0, labels[j]: 0.0}, "pure"))
    gain0 = u[0, 1] - u[1, 1]  # strategy 0 against 1, over 1 against itself
    gain1 = u[1, 0] - u[0, 0]
    if gain0 > tol and gain1 > tol:
        p = float(gain0 / (gain0 + gain1))
        out.append(StableState({labels[0]: p, labels[1]: 1.0 - p}, "divided"))
    return out


def stable_states_batch(payoffs: ArrayLike) -> list[list[StableState]]:
    """:func:`evolutionarily_stable_states` of each game in a stack ``(B, 2, 2, 2)``."""
    arr = np.asarray(payoffs, dtype=float)
    return [
        evolutionarily_stable_states(NormalFormGame(p, strategies=SCENARIO.strategies))
        for p in arr
    ]


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
