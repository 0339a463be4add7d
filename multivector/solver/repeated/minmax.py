"""Minmax values: the harshest punishment the other players can inflict on one player.

In a repeated game no equilibrium can pay a player less than its minmax value, and folk
theorems (Fudenberg and Maskin 1986) say that, for patient players, every feasible payoff
above it can be sustained. The pure minmax restricts the punishers to pure actions (what
a perfectly monitored punishment can enforce without further machinery); the mixed minmax
lets them randomise.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame
from multivector.solver.security import maxmin_lp

__all__ = [
    "MinmaxValue",
    "exact_or_float",
    "minmax_values",
    "mixed_minmax",
    "pure_minmax",
    "stage_payoffs",
]


def stage_payoffs(game: NormalFormGame) -> NDArray[Any]:
    """The payoff tensor as Fractions when the game is exact, else as floats.

    The repeated-game computations (minmax values, thresholds, automata payoffs) read the
    stage game through this, so that an exact game gives exact answers.

    Examples
    --------
    >>> stage_payoffs(NormalFormGame.from_bimatrix([[1, "1/2"]], [[0, 2]]))[0, 0, 1]
    Fraction(1, 2)
    """
    if game.exact_payoffs is not None:
        return game.exact_payoffs
    return game.payoffs


def exact_or_float(x: Any) -> Fraction | float:
    """A payoff or value as computed: a Fraction stays exact, anything else is a float.

    Examples
    --------
    >>> exact_or_float(Fraction(1, 3)), exact_or_float(np.float64(0.5))
    (Fraction(1, 3), 0.5)
    """
    return x if isinstance(x, Fraction) else float(x)


@dataclass(frozen=True, eq=False)
class MinmaxValue:
    """One player's minmax value and the punishment that achieves it.

    Attributes
    ----------
    player : str
    value : Fraction or float
        The minmax value (exact for the pure minmax of an exact game).
    kind : str
        ``"pure"``, ``"mixed"`` (2 players, exact LP value) or ``"mixed-bounds"``
        (3 or more players: see :attr:`lower` and :attr:`upper`).
    punishment : tuple of ndarray
        The other players' strategies, one probability vector per other player in player
        order; for ``"mixed-bounds"`` the pure punishment that attains :attr:`upper`.
    best_response : str
        A best reply of the punished player to the punishment.
    lower, upper : float
        Bounds on the mixed minmax against independent punishers; equal to ``value``
        except for ``"mixed-bounds"``.
    notes : tuple of str
    """

    player: str
    value: Fraction | float
    kind: str
    punishment: tuple[NDArray[np.float64], ...]
    best_response: str
    lower: float
    upper: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self, game: NormalFormGame) -> dict[str, Any]:
        """Plain JSON-ready data with labels."""
        i = game.player_index(self.player)
        others = [j for j in range(game.num_players) if j != i]
        return {
            "player": self.player,
            "value": float(self.value),
            "exact": str(self.value) if isinstance(self.value, Fraction) else None,
            "kind": self.kind,
            "lower": self.lower,
            "upper": self.upper,
            "punishment": {
                game.players[j]: {
                    lab: float(p) for lab, p in zip(game.strategies[j], q, strict=True) if p > 0
                }
                for j, q in zip(others, self.punishment, strict=True)
            },
            "best_response": self.best_response,
            "notes": list(self.notes),
        }


def pure_minmax(game: NormalFormGame, player: int | str) -> MinmaxValue:
    """The pure-strategy minmax value of ``player``: others punish with pure actions.

    ``min over a_{-i} of max over a_i of u_i(a_i, a_{-i})``, exact for exact games.

    Parameters
    ----------
    game : NormalFormGame
    player : int or str

    Returns
    -------
    MinmaxValue

    Notes
    -----
    This is the punishment used by the pure-strategy folk theorems and by the critical
    discount factors of :mod:`multivector.solver.repeated.thresholds` (Mailath and
    Samuelson 2006, Section 2.5.1): a deviation from a pure punishment is observed, so the
    punishment is enforceable without the Fudenberg-Maskin (1986) trick of making
    punishers indifferent over their mixtures.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> m = pure_minmax(pd, 0)
    >>> m.value, m.best_response
    (Fraction(1, 1), 's2')
    """
    i = game.player_index(player)
    u = np.moveaxis(stage_payoffs(game)[i], i, 0)  # (s_i, s_-i...)
    best: tuple[Any, tuple[int, ...], int] | None = None
    for others in itertools.product(*(range(s) for s in u.shape[1:])):
        column = u[(slice(None), *others)]
        k = int(np.argmax(np.array([float(x) for x in column])))
        v = column[k]
        if best is None or v < best[0]:
            best = (v, others, k)
    assert best is not None
    value, others, k = best
    other_players = [j for j in range(game.num_players) if j != i]
    punishment = tuple(
        np.eye(game.shape[j])[a] for j, a in zip(other_players, others, strict=True)
    )
    fv = float(value)
    return MinmaxValue(
        player=game.players[i],
        value=exact_or_float(value),
        kind="pure",
        punishment=punishment,
        best_response=game.strategies[i][k],
        lower=fv,
        upper=fv,
    )


def mixed_minmax(game: NormalFormGame, player: int | str) -> MinmaxValue:
    """The mixed minmax value of ``player``: others randomise to hold it down.

    Parameters
    ----------
    game : NormalFormGame
    player : int or str

    Returns
    -------
    MinmaxValue
        For 2 players the exact LP value (``kind="mixed"``). For 3 or more players
        ``kind="mixed-bounds"``: ``lower`` is the correlated minmax (punishers may
        correlate, an LP), ``upper`` the pure minmax, and ``value`` is ``upper``.

    Raises
    ------
    SolverError
        When the LP solver fails.

    Notes
    -----
    Two players: ``min v`` subject to ``sum_b q_b u_i(a, b) <= v`` for every action ``a``
    of the punished player, ``q`` a probability vector: the minmax theorem makes this the
    value of the zero-sum game ``u_i`` (von Neumann 1928), solved with HiGHS by
    :func:`~multivector.solver.security.maxmin_lp`.

    Three or more players: with independent punishers the set of product distributions is
    not convex and the problem ``min over independent mixtures of max_a_i`` is a
    non-convex polynomial program. We do not claim its value; we bracket it. Letting the
    punishers correlate turns it into the LP above over joint distributions of the others,
    whose value is a lower bound (a correlated punishment is at least as harsh); the pure
    minmax is an upper bound. When the bounds coincide the value is exact.

    Examples
    --------
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> round(mixed_minmax(mp, 0).value, 9)
    0.0
    """
    i = game.player_index(player)
    u = np.moveaxis(game.payoffs[i], i, 0)
    cols = u.reshape(u.shape[0], -1)  # rows: own actions; columns: joint actions of the others
    # the punishers choose q to minimise the player's best payoff: the maxmin LP of -cols^T
    q, _ = maxmin_lp(-cols.T)
    lp_value = float(np.max(cols @ q))
    pure = pure_minmax(game, i)
    if game.num_players == 2:
        br = int(np.argmax(cols @ q))
        return MinmaxValue(
            player=game.players[i],
            value=lp_value,
            kind="mixed",
            punishment=(q,),
            best_response=game.strategies[i][br],
            lower=lp_value,
            upper=lp_value,
        )
    notes = (
        "independent mixed punishment is a non-convex problem for 3 or more players; "
        f"its value lies in [{lp_value:.6g} (correlated punishers, LP), "
        f"{float(pure.value):.6g} (pure punishers)]",
    )
    return MinmaxValue(
        player=game.players[i],
        value=pure.value,
        kind="mixed-bounds",
        punishment=pure.punishment,
        best_response=pure.best_response,
        lower=min(lp_value, float(pure.value)),
        upper=float(pure.value),
        notes=notes,
    )


def minmax_values(game: NormalFormGame, kind: str = "pure") -> tuple[MinmaxValue, ...]:
    """Every player's minmax value, ``kind="pure"`` or ``"mixed"``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [m.value for m in minmax_values(pd)]
    [Fraction(1, 1), Fraction(1, 1)]
    """
    if kind not in ("pure", "mixed"):
        raise SolverError(f"minmax kind {kind!r} is not 'pure' or 'mixed'")
    fn = pure_minmax if kind == "pure" else mixed_minmax
    return tuple(fn(game, i) for i in range(game.num_players))
