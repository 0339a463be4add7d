"""Security levels: what each player can guarantee itself, and how far the others can hold it down.

The maxmin value is the payoff a player secures whatever the others do (the logic of
hedging: the best worst case); the minmax value is the lowest payoff the others can hold
it to when it best-responds. In 2-player zero-sum games both are the value of the game; in
general ``maxmin <= minmax`` and every Nash equilibrium pays each player at least its
minmax value, hence at least its maxmin value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame

__all__ = ["SecurityLevel", "maxmin", "maxmin_lp", "minmax", "security_levels"]


@dataclass(frozen=True, eq=False)
class SecurityLevel:
    """One player's security levels.

    Attributes
    ----------
    player : str
    maxmin_value : float
        The largest payoff the player can guarantee with a mixed strategy.
    maxmin_strategy : ndarray
        A mixed strategy that guarantees it.
    pure_maxmin_value : float
        The largest payoff it can guarantee with a pure strategy.
    pure_maxmin_strategy : str
        The label of such a pure strategy.
    minmax_value : float
        The lowest payoff the others can hold it to (it best-responds).
    minmax_kind : str
        ``"mixed"`` (2 players: the opponent mixes; exact by LP) or ``"pure"`` (more
        players: the others play pure strategies, an upper bound on the value against
        independent mixed punishments, see Notes of :func:`minmax`).
    punishment : tuple of ndarray
        The others' strategies that hold the player to :attr:`minmax_value`, one
        probability vector per other player (in player order, skipping this one).
    labels : tuple of str
        The player's strategy labels.
    others : tuple of str
        The other players' names, in order.
    other_labels : tuple of tuple of str
    """

    player: str
    maxmin_value: float
    maxmin_strategy: NDArray[np.float64]
    pure_maxmin_value: float
    pure_maxmin_strategy: str
    minmax_value: float
    minmax_kind: str
    punishment: tuple[NDArray[np.float64], ...]
    labels: tuple[str, ...]
    others: tuple[str, ...]
    other_labels: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data with labels."""
        return {
            "player": self.player,
            "maxmin": {
                "value": float(self.maxmin_value),
                "strategy": {
                    k: float(p) for k, p in zip(self.labels, self.maxmin_strategy, strict=True)
                },
            },
            "pure_maxmin": {
                "value": float(self.pure_maxmin_value),
                "strategy": self.pure_maxmin_strategy,
            },
            "minmax": {
                "value": float(self.minmax_value),
                "kind": self.minmax_kind,
                "punishment": {
                    o: {k: float(p) for k, p in zip(lab, x, strict=True)}
                    for o, lab, x in zip(
                        self.others, self.other_labels, self.punishment, strict=True
                    )
                },
            },
            "notes": list(self.notes),
        }


def _player_matrix(game: NormalFormGame, i: int) -> NDArray[np.float64]:
    """Player i's payoffs: a row per own strategy, a column per pure profile of the others."""
    u = game.payoffs[i]
    return np.moveaxis(u, i, 0).reshape(game.shape[i], -1)


#: Feasibility tolerances of HiGHS in the LP of :func:`maxmin_lp`, on payoffs scaled to
#: [0, 1]: HiGHS's default (1e-7) would round away a probability of that order, which
#: moves the value by as much relative to the payoff range, more than the regret
#: tolerance of the solvers (1e-9 of the range). 1e-10 is the smallest HiGHS accepts.
_LP_TOL = 1e-10


def maxmin_lp(M: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """The value of the zero-sum game ``M`` for its row chooser, by linear programming.

    ``max_x min_c x @ M[:, c]`` over mixed strategies ``x`` of the rows: the LP
    ``max v`` subject to ``x @ M[:, c] >= v`` for every column ``c`` and ``x`` in the
    simplex (von Neumann 1928), solved with HiGHS. Every maxmin and minmax value of the
    package is this LP: a minmax ``min_q max_r (M q)_r`` is ``maxmin_lp(-M.T)``.

    Parameters
    ----------
    M : ndarray, shape (rows, columns)
        The row chooser's payoffs; columns can be pure profiles of several opponents.

    Returns
    -------
    (x, value)
        An optimal mixed strategy of the rows and its guaranteed payoff, ``min(x @ M)``,
        in the units of ``M``.

    Raises
    ------
    SolverError
        When HiGHS reports no optimal solution (it should not: the LP is always
        feasible and bounded).

    Notes
    -----
    The LP is solved on ``(M - min M) / (max M - min M)``, payoffs in ``[0, 1]``: a
    positive affine map moves neither the optimal strategies nor (after mapping back)
    the value, and HiGHS's absolute tolerances, tightened to 1e-10, then mean the same on
    every game, however small or large its payoffs.

    Examples
    --------
    Matching pennies scaled down to micro-units: the value is still 0, by mixing evenly.

    >>> x, v = maxmin_lp(np.array([[1e-6, -1e-6], [-1e-6, 1e-6]]))
    >>> x.round(9).tolist(), abs(v) < 1e-15
    ([0.5, 0.5], True)
    """
    from scipy.optimize import linprog

    s, c = M.shape
    lo, hi = float(M.min()), float(M.max())
    D = (M - lo) / (hi - lo) if hi > lo else np.zeros_like(M)
    cost = np.zeros(s + 1)
    cost[-1] = -1.0
    res = linprog(
        cost,
        A_ub=np.hstack([-D.T, np.ones((c, 1))]),
        b_ub=np.zeros(c),
        A_eq=np.hstack([np.ones((1, s)), np.zeros((1, 1))]),
        b_eq=np.ones(1),
        bounds=[(0, None)] * s + [(None, None)],
        method="highs",
        options={
            "primal_feasibility_tolerance": _LP_TOL,
            "dual_feasibility_tolerance": _LP_TOL,
        },
    )
    if res.status != 0:
        raise SolverError(f"the maxmin LP failed ({res.message}); please report the game")
    x = np.where(res.x[:s] > 0, res.x[:s], 0.0)
    x /= x.sum()
    return x, float((x @ M).min())


def maxmin(game: NormalFormGame, player: int | str) -> tuple[NDArray[np.float64], float]:
    """A player's maxmin (security) strategy and value.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    player : int or str

    Returns
    -------
    (strategy, value)
        A mixed strategy maximising the player's worst-case expected payoff, and that
        payoff.

    Notes
    -----
    Against a fixed mixed strategy of the player, its expected payoff is multilinear in
    the others' mixed strategies, so its minimum is reached at a pure profile of the
    others; the maxmin value is therefore the LP ``max v`` subject to
    ``sum_k x_k u_i(k, a_-i) >= v`` for every pure profile ``a_-i`` of the others and
    ``x`` in the simplex (von Neumann 1928; Maschler, Solan and Zamir 2013, Game Theory,
    Section 5.2). The LP is the same whether or not the others can correlate.

    Examples
    --------
    Matching pennies: each player can guarantee 0 by mixing half-half.

    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> x, v = maxmin(mp, 0)
    >>> x.tolist(), v
    ([0.5, 0.5], 0.0)
    """
    i = game.player_index(player)
    return maxmin_lp(_player_matrix(game, i))


def minmax(
    game: NormalFormGame, player: int | str
) -> tuple[tuple[NDArray[np.float64], ...], float, str]:
    """The lowest payoff the other players can hold a player to, and how.

    Parameters
    ----------
    game : NormalFormGame
    player : int or str

    Returns
    -------
    (punishment, value, kind)
        The others' strategies (one probability vector each, in player order without
        ``player``), the value, and ``"mixed"`` or ``"pure"``.

    Notes
    -----
    With 2 players the opponent's minmax strategy is the solution of an LP and the value
    equals the maxmin value (von Neumann's minimax theorem applied to the player's own
    payoffs). With more players, holding a player down with independent mixed strategies
    is a non-convex problem; this function returns the pure minmax value ``min_{a_-i}
    max_k u_i(k, a_-i)`` (kind ``"pure"``), an upper bound on the mixed minmax value,
    which itself lies above the maxmin value (the others punishing with correlated
    strategies achieve exactly the maxmin value).

    Examples
    --------
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> y, v, kind = minmax(mp, 0)
    >>> [p.tolist() for p in y], v, kind
    ([[0.5, 0.5]], 0.0, 'mixed')
    """
    i = game.player_index(player)
    M = _player_matrix(game, i)
    others = [j for j in range(game.num_players) if j != i]
    if game.num_players == 2:
        # the opponent maximises minus the player's payoff over its columns
        y, _neg = maxmin_lp(-M.T)
        value = float((M @ y).max())
        return (y,), value, "mixed"
    best = M.max(axis=0)  # player's best payoff against each pure profile of the others
    c = int(np.argmin(best))
    idx = np.unravel_index(c, tuple(game.shape[j] for j in others))
    punishment = []
    for j, k in zip(others, idx, strict=True):
        x = np.zeros(game.shape[j])
        x[int(k)] = 1.0
        punishment.append(x)
    return tuple(punishment), float(best[c]), "pure"


def security_levels(game: NormalFormGame) -> tuple[SecurityLevel, ...]:
    """Maxmin and minmax levels of every player.

    Returns
    -------
    tuple of SecurityLevel
        One per player, in player order.

    Raises
    ------
    SolverError
        When ``game`` is not a NormalFormGame.

    Examples
    --------
    The Prisoner's Dilemma: defecting guarantees 1 to each, and the other can hold each
    to 1.

    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   strategies=[["C", "D"], ["C", "D"]])
    >>> [(s.player, s.maxmin_value, s.pure_maxmin_strategy, s.minmax_value)
    ...  for s in security_levels(pd)]
    [('P1', 1.0, 'D', 1.0), ('P2', 1.0, 'D', 1.0)]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"security_levels() takes a NormalFormGame, not {type(game).__name__}")
    out = []
    for i in range(game.num_players):
        x, v = maxmin(game, i)
        M = _player_matrix(game, i)
        worst = M.min(axis=1)
        k = int(np.argmax(worst))
        punishment, mv, kind = minmax(game, i)
        others = tuple(j for j in range(game.num_players) if j != i)
        notes = []
        if kind == "pure":
            notes.append(
                "minmax against pure punishments (an upper bound on the minmax value against "
                "independent mixed punishments, which is at least the maxmin value)"
            )
        for arr in (x, *punishment):
            arr.flags.writeable = False
        out.append(
            SecurityLevel(
                player=game.players[i],
                maxmin_value=v,
                maxmin_strategy=x,
                pure_maxmin_value=float(worst[k]),
                pure_maxmin_strategy=game.strategies[i][k],
                minmax_value=mv,
                minmax_kind=kind,
                punishment=punishment,
                labels=game.strategies[i],
                others=tuple(game.players[j] for j in others),
                other_labels=tuple(game.strategies[j] for j in others),
                notes=tuple(notes),
            )
        )
    return tuple(out)
