"""The repeated-game report: minmax values, payoff sets, critical discount factors.

:func:`repeated_report` gathers what ``multivector repeated`` prints for a stage game and
a discount factor: the pure and mixed minmax values, the feasible and individually
rational payoff sets, for each target profile its critical discount factors under Nash
reversion and minmax punishments (and, for 2 players, whether the optimal penal code
sustains it), and the subgame-perfect payoff set of 2-player games.

Examples
--------
>>> from multivector import NormalFormGame
>>> from multivector.games.repeated import RepeatedGame
>>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
...                                   strategies=[["C", "D"]] * 2)
>>> row = repeated_report(RepeatedGame(pd, discount=0.6), [["C", "C"]])["thresholds"][0]
>>> row["nash_reversion"]["exact"], row["sustained_at_discount_by"]
('1/2', ['optimal_penal_code', 'nash_reversion', 'minmax_forever'])
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from multivector.errors import SolverError
from multivector.games.repeated import RepeatedGame
from multivector.solver.repeated.feasible import feasible_set, individually_rational_set
from multivector.solver.repeated.minmax import minmax_values
from multivector.solver.repeated.spe import spe_payoff_set, sustained_by_optimal_penal_code
from multivector.solver.repeated.thresholds import (
    grim_trigger_threshold,
    minmax_punishment_threshold,
)

__all__ = ["MAX_PROFILES", "repeated_report"]

#: Above this many pure profiles, :func:`repeated_report` needs its targets named.
MAX_PROFILES = 64


def repeated_report(
    game: RepeatedGame, targets: Sequence[Sequence[str | int]] | None = None
) -> dict[str, Any]:
    """Everything ``multivector repeated`` prints, as JSON-ready data.

    Parameters
    ----------
    game : RepeatedGame
        The stage game and its discount factor.
    targets : sequence of profiles, optional
        The pure profiles to sustain, one strategy (label or index) per player; by default
        every pure profile of a game with at most :data:`MAX_PROFILES` of them.

    Returns
    -------
    dict
        ``players``, ``discount``, ``minmax`` (``pure`` and ``mixed``), ``feasible_set``,
        ``individually_rational_set``, ``thresholds`` (one row per target: its payoffs,
        ``nash_reversion``, ``minmax_forever``, ``minmax_1``, ``optimal_penal_code`` for 2
        players, and ``sustained_at_discount_by``) and ``spe_payoff_set`` (2 players).

    Raises
    ------
    SolverError
        For a game with more than :data:`MAX_PROFILES` profiles and no targets.
    GameError
        For a target with an unknown label or the wrong number of strategies.
    """
    stage = game.stage
    assert game.discount is not None
    if targets is None:
        profiles = list(itertools.product(*(range(s) for s in stage.shape)))
        if len(profiles) > MAX_PROFILES:
            raise SolverError(
                f"the game has {len(profiles)} pure profiles; pick one with --target "
                "LABEL,LABEL,..."
            )
    else:
        profiles = [stage.profile_index(t) for t in targets]
    spe = (
        spe_payoff_set(stage, game.discount)
        if stage.num_players == 2 and game.discount > 0
        else None
    )
    rows = []
    for a in profiles:
        row: dict[str, Any] = {
            "target": [stage.strategies[i][k] for i, k in enumerate(a)],
            "payoffs": [float(stage.payoffs[(i, *a)]) for i in range(stage.num_players)],
        }
        try:
            row["nash_reversion"] = grim_trigger_threshold(stage, a).to_dict()
        except SolverError as err:
            row["nash_reversion"] = {"value": None, "notes": [str(err)]}
        row["minmax_forever"] = minmax_punishment_threshold(stage, a).to_dict()
        row["minmax_1"] = minmax_punishment_threshold(stage, a, periods=1).to_dict()
        if spe is not None and not spe.converged:
            # the harshest punishment comes from the SPE set: no verdict without it
            row["optimal_penal_code"] = {
                "sustained": None,
                "slack": None,
                "worst": None,
                "notes": ["the subgame-perfect payoff set was not found", *spe.notes],
            }
        elif spe is not None:
            opc = sustained_by_optimal_penal_code(stage, a, game.discount, spe)
            row["optimal_penal_code"] = opc
        sustained = []
        if spe is not None and row["optimal_penal_code"]["sustained"]:
            sustained.append("optimal_penal_code")
        for key in ("nash_reversion", "minmax_forever", "minmax_1"):
            v, up = row[key].get("value"), row[key].get("upper")
            if (
                v is not None
                and float(game.discount) >= v
                and (up is None or float(game.discount) <= up)
            ):
                sustained.append(key)
        row["sustained_at_discount_by"] = sustained
        rows.append(row)
    return {
        "players": list(stage.players),
        "discount": float(game.discount),
        "minmax": {
            "pure": [m.to_dict(stage) for m in minmax_values(stage, "pure")],
            "mixed": [m.to_dict(stage) for m in minmax_values(stage, "mixed")],
        },
        "feasible_set": feasible_set(stage).to_dict(),
        "individually_rational_set": individually_rational_set(stage).to_dict(),
        "thresholds": rows,
        "spe_payoff_set": None if spe is None else spe.to_dict(),
    }
