"""Iterated elimination of dominated strategies, by pure and mixed dominators.

A strategy is strictly dominated when some other strategy, or some mixture of the
player's other strategies, does strictly better against every profile of the others. No
rational player uses one, and once it is gone others may become dominated: iterating
removes what common knowledge of rationality rules out. Strict elimination ends in the
same reduced game whatever the order; weak elimination does not, so its order is
reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.errors import SolverError
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "Elimination",
    "EliminationResult",
    "dominating_mixture",
    "iterated_elimination",
]


@dataclass(frozen=True)
class Elimination:
    """One strategy removed, and why.

    Attributes
    ----------
    round : int
        The round (from 1) in which it was removed.
    player : str
    strategy : str
        Its label.
    dominator : dict of str to float
        The (pure or mixed) strategy that dominates it, over the player's strategies that
        were still present, label -> probability.
    margin : float
        Strict dominance: the smallest payoff advantage of the dominator over the
        strategy, against every profile of the others still present. Weak dominance: the
        largest advantage (the smallest is 0).
    weak : bool
        True when the dominance is only weak.
    """

    round: int
    player: str
    strategy: str
    dominator: dict[str, float]
    margin: float
    weak: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "round": self.round,
            "player": self.player,
            "strategy": self.strategy,
            "dominated_by": dict(self.dominator),
            "margin": float(self.margin),
            "kind": "weak" if self.weak else "strict",
        }


@dataclass(frozen=True, eq=False)
class EliminationResult:
    """The reduced game and the record of what was removed.

    Attributes
    ----------
    game : NormalFormGame
        The reduced game: the surviving strategies, with their labels and payoffs.
    survivors : tuple of tuple of int
        Indices, in the original game, of each player's surviving strategies.
    eliminations : tuple of Elimination
        In the order of removal.
    weak : bool
        True when weakly dominated strategies were removed too (order-dependent).
    mixed : bool
        True when mixed dominators were allowed.
    notes : tuple of str
    """

    game: NormalFormGame
    survivors: tuple[tuple[int, ...], ...]
    eliminations: tuple[Elimination, ...]
    weak: bool
    mixed: bool
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def rounds(self) -> int:
        """Number of rounds that removed something."""
        return max((e.round for e in self.eliminations), default=0)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: surviving labels per player and the elimination record."""
        g = self.game
        return {
            "concept": "iterated elimination of "
            + ("weakly" if self.weak else "strictly")
            + " dominated strategies",
            "mixed_dominators": self.mixed,
            "survivors": {p: list(s) for p, s in zip(g.players, g.strategies, strict=True)},
            "eliminations": [e.to_dict() for e in self.eliminations],
            "rounds": self.rounds,
            "notes": list(self.notes),
        }


def _advantages(u: NDArray[np.float64], player: int) -> NDArray[np.float64]:
    """Player's payoffs as a matrix: one row per own strategy, one column per other profile."""
    return np.moveaxis(u, player, 0).reshape(u.shape[player], -1)


def _dominance_scores(
    diff: NDArray[np.float64], *, weak: bool, tol: float
) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Along the last axis of ``diff`` (a candidate row minus the target row): whether the
    candidate dominates, and its score (the first largest wins): the smallest advantage
    for strict dominance, above ``tol``; the total advantage for weak dominance (never
    worse by more than ``tol``, better by more somewhere)."""
    if weak:
        ok = np.all(diff >= -tol, axis=-1) & np.any(diff > tol, axis=-1)
        return ok, diff.sum(axis=-1)
    score = diff.min(axis=-1)
    return score > tol, score


def _pure_dominators(
    M: NDArray[np.float64], *, weak: bool, tol: float, block: int = 2_000_000
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """For every row ``t`` of ``M``, its pure dominator as :func:`dominating_mixture`
    picks it (the first row with the largest advantage) and the margin; row -1 when none.

    All rows at once, a block of targets at a time (about ``block`` differences in memory):
    a player with 20,000 strategies made 20,000 calls of ``dominating_mixture``, each a
    pass over the whole matrix with numpy's per-call overhead.
    """
    s, c = M.shape
    found = np.full(s, -1, dtype=np.intp)
    margin = np.zeros(s)
    if c == 1 and s > 1:
        # one profile of the others: every row's best dominator is the first highest
        # other row, and weak dominance is strict dominance
        v = M[:, 0]
        top = int(np.argmax(v))
        rest = v.copy()
        rest[top] = -np.inf
        best = np.full(s, top, dtype=np.intp)
        best[top] = int(np.argmax(rest))
        advantage = v[best] - v
        ok = advantage > tol
        found[ok] = best[ok]
        margin[ok] = advantage[ok]
        return found, margin
    step = max(1, block // max(1, s * c))
    for lo in range(0, s, step):
        targets = np.arange(lo, min(s, lo + step))
        rows = np.arange(len(targets))
        diff = M[None, :, :] - M[targets, None, :]  # diff[b, r] = M[r] - M[targets[b]]
        ok, score = _dominance_scores(diff, weak=weak, tol=tol)
        ok[rows, targets] = False
        best = np.argmax(np.where(ok, score, -np.inf), axis=1)
        has = ok[rows, best]
        found[targets] = np.where(has, best, -1)
        picked = diff[rows, best].max(axis=1) if weak else score[rows, best]
        margin[targets] = np.where(has, picked, 0.0)
    return found, margin


def _mixed_kernel(
    M: NDArray[np.float64], target: int, others: NDArray[np.intp], weak: bool, scale: float
) -> tuple[NDArray[np.float64], float] | None:
    """LP for a mixture of rows ``others`` of ``M`` dominating row ``target``.

    Strict: maximise ``eps`` subject to ``x @ M[others] >= M[target] + eps``.
    Weak: subject to ``x @ M[others] >= M[target]``, maximise the total advantage.
    Returns ``(x, value)`` or None when the LP is infeasible.
    """
    from scipy.optimize import linprog

    D = (M[others] - M[target]) / scale  # (k, c): advantage of each candidate row
    k, c = D.shape
    if weak:
        res = linprog(
            -D.sum(axis=1),
            A_ub=-D.T,
            b_ub=np.zeros(c),
            A_eq=np.ones((1, k)),
            b_eq=np.ones(1),
            bounds=(0, None),
            method="highs",
        )
        if res.status != 0:
            return None
        x = np.asarray(res.x)
        return x, float(-res.fun) * scale
    # variables (x, eps); eps free
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    res = linprog(
        cost,
        A_ub=np.hstack([-D.T, np.ones((c, 1))]),
        b_ub=np.zeros(c),
        A_eq=np.hstack([np.ones((1, k)), np.zeros((1, 1))]),
        b_eq=np.ones(1),
        bounds=[(0, None)] * k + [(None, None)],
        method="highs",
    )
    if res.status != 0:
        return None
    return np.asarray(res.x[:k]), float(res.x[-1]) * scale


def dominating_mixture(
    M: NDArray[np.float64],
    target: int,
    *,
    mixed: bool = True,
    weak: bool = False,
    tol: float = 1e-9,
) -> tuple[NDArray[np.float64], float] | None:
    """A strategy that dominates row ``target`` of the payoff matrix ``M``, or None.

    Parameters
    ----------
    M : ndarray, shape (s, c)
        One player's payoffs: a row per own strategy, a column per profile of the others.
    target : int
        The row tested.
    mixed : bool
        Allow mixtures of the other rows (an LP); otherwise pure rows only.
    weak : bool
        Accept weak dominance: never worse, better by more than ``tol`` somewhere.
    tol : float
        Strict dominance needs an advantage above ``tol`` against every column.

    Returns
    -------
    (x, margin) or None
        ``x`` has one weight per row of ``M`` (zero on ``target``); ``margin`` as in
        :attr:`Elimination.margin`.

    Examples
    --------
    >>> import numpy as np
    >>> M = np.array([[3.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    >>> x, margin = dominating_mixture(M, 2)
    >>> x.tolist(), margin
    ([0.5, 0.5, 0.0], 0.5)
    >>> dominating_mixture(M, 2, mixed=False) is None
    True
    """
    M = np.asarray(M, dtype=np.float64)
    s = M.shape[0]
    others = np.delete(np.arange(s, dtype=np.intp), target)
    if not len(others):
        return None
    diff = M[others] - M[target]
    best: tuple[NDArray[np.float64], float] | None = None
    # pure dominators first: the record is easier to read when a pure one exists. One
    # pass over the whole difference matrix (a player with 20,000 strategies made a
    # Python loop of 20,000 rows per target); the dominator kept is the first with the
    # largest advantage: the smallest (strict) or the total (weak) one
    ok, score = _dominance_scores(diff, weak=weak, tol=tol)
    if ok.any():
        k = int(np.argmax(np.where(ok, score, -np.inf)))
        x = np.zeros(s)
        x[others[k]] = 1.0
        best = (x, float(diff[k].max()) if weak else float(score[k]))
    if best is not None or not mixed or len(others) < 2:
        return best
    scale = max(1.0, float(np.ptp(M)))
    found = _mixed_kernel(M, target, others, weak, scale)
    if found is None:
        return None
    w, _value = found
    w = np.where(w > 1e-12, w, 0.0)
    w /= w.sum()
    adv = w @ M[others] - M[target]
    if weak:
        if not (np.all(adv >= -tol) and np.any(adv > tol)):
            return None
        margin = float(adv.max())
    else:
        margin = float(adv.min())
        if margin <= tol:
            return None
    x = np.zeros(s)
    x[others] = w
    return x, margin


def iterated_elimination(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    weak: bool = False,
    simultaneous: bool = True,
    tol: float | None = None,
) -> EliminationResult:
    """Iteratively remove dominated strategies; return the reduced game and the record.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    mixed : bool
        Also test domination by mixtures of the player's other strategies (one LP per
        strategy and round), not only by pure strategies.
    weak : bool
        Remove weakly dominated strategies too. The result then depends on the order of
        removal (see Notes), which :attr:`EliminationResult.eliminations` records.
    simultaneous : bool
        Each round removes every dominated strategy of every player at once (the default);
        with ``False`` one strategy is removed per round, the first found in the order of
        players and strategies.
    tol : float, optional
        Strict dominance needs an advantage above ``tol`` against every profile; default
        :meth:`NormalFormGame.default_tolerance`.

    Returns
    -------
    EliminationResult

    Raises
    ------
    SolverError
        When ``game`` is not a NormalFormGame.

    Notes
    -----
    A strategy is never a best response if and only if it is strictly dominated by a
    mixed strategy (Pearce 1984, Lemma 3, for 2 players; with correlated opponents for
    more players), so mixed dominators remove more than pure ones. Iterated strict
    dominance yields the same reduced game in any order (Gilboa, Kalai and Zemel 1990,
    "On the order of eliminating dominated strategies", Oper. Res. Letters 9) and removes no
    strategy used in any Nash equilibrium. Weak dominance is order-dependent and can remove
    equilibrium strategies (Myerson 1991, Game Theory, Section 2.5), hence the recorded
    order. The mixed test is the LP ``max eps s.t. sum_k x_k u(k, a_-i) >= u(s, a_-i) +
    eps`` over mixtures ``x`` of the other strategies (Shoham and Leyton-Brown 2009,
    Multiagent Systems, Section 4.5.1).

    Examples
    --------
    Gibbons (1992, A Primer in Game Theory, Figure 1.1.1): Right is dominated by
    Middle; then Down by Up; then Left by Middle, leaving (Up, Middle).

    >>> g = NormalFormGame.from_bimatrix(
    ...     [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
    ...     strategies=[["Up", "Down"], ["Left", "Middle", "Right"]])
    >>> r = iterated_elimination(g)
    >>> r.game.strategies
    (('Up',), ('Middle',))
    >>> for e in r.eliminations:
    ...     print(e.round, e.player, e.strategy, e.dominator)
    1 P2 Right {'Middle': 1.0}
    2 P1 Down {'Up': 1.0}
    3 P2 Left {'Middle': 1.0}
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(
            f"iterated_elimination() takes a NormalFormGame, not {type(game).__name__}"
        )
    tol = game.default_tolerance() if tol is None else tol
    n = game.num_players
    alive: list[list[int]] = [list(range(s)) for s in game.shape]
    record: list[Elimination] = []
    rnd = 0
    while True:
        rnd += 1
        sub = game.payoffs[np.ix_(range(n), *alive)]
        # (player, strategy, dominator as {strategy: weight}, margin)
        removals: list[tuple[int, int, dict[int, float], float]] = []
        for i in range(n):
            if len(alive[i]) < 2:
                continue
            M = _advantages(sub[i], i)
            pure, pure_margin = _pure_dominators(M, weak=weak, tol=tol)
            for t in range(len(alive[i])):
                found: tuple[dict[int, float], float] | None = None
                if pure[t] >= 0:
                    found = ({int(pure[t]): 1.0}, float(pure_margin[t]))
                elif mixed:
                    mix = dominating_mixture(M, t, mixed=True, weak=weak, tol=tol)
                    if mix is not None:
                        weights = {int(k): float(mix[0][k]) for k in np.flatnonzero(mix[0] > 0)}
                        found = (weights, mix[1])
                if found is not None:
                    removals.append((i, t, found[0], found[1]))
                    if not simultaneous:
                        break
            if removals and not simultaneous:
                break
        if not removals:
            break
        if weak:
            removals = _keep_one_each(removals, alive)
        gone: dict[int, set[int]] = {}
        labels_of = {
            i: [game.strategies[i][k] for k in alive[i]] for i in {r[0] for r in removals}
        }
        for i, t, x, margin in removals:
            labels = labels_of[i]
            record.append(
                Elimination(
                    round=rnd,
                    player=game.players[i],
                    strategy=labels[t],
                    dominator={labels[k]: w for k, w in x.items()},
                    margin=float(margin),
                    weak=weak and not _strictly(margin, x, sub[i], i, t, tol),
                )
            )
            gone.setdefault(i, set()).add(t)
        alive = [
            [k for pos, k in enumerate(alive[i]) if pos not in gone.get(i, set())]
            for i in range(n)
        ]
    survivors = tuple(tuple(a) for a in alive)
    reduced = _subgame(game, survivors)
    notes = []
    if weak:
        notes.append(
            "weak dominance: the reduced game depends on the order of removal, which is "
            "recorded; strategies used in some Nash equilibria may have been removed"
        )
    return EliminationResult(
        game=reduced,
        survivors=survivors,
        eliminations=tuple(record),
        weak=weak,
        mixed=mixed,
        notes=tuple(notes),
    )


def _strictly(
    margin: float, x: dict[int, float], u: NDArray[np.float64], i: int, t: int, tol: float
) -> bool:
    """True when the recorded dominator (``{strategy: weight}``) in fact dominates
    strictly."""
    M = _advantages(u, i)
    mix = sum(w * M[k] for k, w in x.items())
    return bool((mix - M[t]).min() > tol)


def _keep_one_each(
    removals: list[tuple[int, int, dict[int, float], float]], alive: list[list[int]]
) -> list[tuple[int, int, dict[int, float], float]]:
    """Weak dominance, simultaneous round: never remove a player's last strategies.

    Two payoff-equivalent strategies never weakly dominate each other, and a strategy
    weakly dominated by a mixture is dominated by one of undominated strategies, so
    some strategy of every player survives a round; the guard makes that explicit.
    """
    out = []
    for i in {r[0] for r in removals}:
        mine = [r for r in removals if r[0] == i]
        if len(mine) >= len(alive[i]):
            mine = mine[: len(alive[i]) - 1]
        out.extend(mine)
    order = {id(r): k for k, r in enumerate(removals)}
    return sorted(out, key=lambda r: order[id(r)])


def _subgame(game: NormalFormGame, survivors: tuple[tuple[int, ...], ...]) -> NormalFormGame:
    n = game.num_players
    source: Any = game.exact_payoffs if game.exact_payoffs is not None else game.payoffs
    payoffs = source[np.ix_(range(n), *survivors)]
    labels = [[game.strategies[i][k] for k in s] for i, s in enumerate(survivors)]
    return NormalFormGame(payoffs, game.players, labels, title=game.title)
