"""The reduced normal form of an extensive-form game, and Kuhn's strategy conversions.

A pure strategy chooses an action at each of a player's information sets; two strategies
that differ only at sets their own earlier choices rule out reach the same terminal nodes
whatever the others do, so the *reduced* normal form keeps one of them (Gambit's reduced
strategic form). Every normal-form method of :mod:`multivector.solver` then applies to
the tree.

Kuhn's theorem (1953) links the two forms under perfect recall: every mixed strategy has
a behaviour strategy with the same probabilities of reaching each node, and back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.errors import GameError
from multivector.games.extensive.tree import ExtensiveFormGame
from multivector.games.normal_form import NormalFormGame

__all__ = [
    "DEFAULT_MAX_PROFILES",
    "ReducedStrategies",
    "behaviour_to_mixed",
    "mixed_to_behaviour",
    "reduced_normal_form",
    "reduced_strategies",
    "reduced_strategy_counts",
]

#: Largest number of reduced-form strategy profiles built by default.
DEFAULT_MAX_PROFILES = 1_000_000


@dataclass(frozen=True)
class ReducedStrategies:
    """One player's reduced pure strategies.

    Attributes
    ----------
    player : int
    infosets : ndarray of int
        The player's information sets, in the order of :attr:`choices`' columns.
    choices : ndarray of int, shape (num_strategies, num_infosets)
        The action (index within the set) each strategy takes at each set, ``-1`` where
        its own earlier choices rule the set out.
    labels : tuple of str
        The actions each strategy fixes, in set order, joined by ``/`` (an action without a
        label is shown by its number).
    """

    player: int
    infosets: NDArray[np.int64]
    choices: NDArray[np.int64]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.choices.shape[0])


def _own_constraints(game: ExtensiveFormGame, player: int) -> dict[int, list[tuple[int, int]]]:
    """For each of the player's decision nodes, her (set, action) choices on the path."""
    par, pact = game.parent, game.parent_action
    starts = game.infoset_action_start
    out: dict[int, list[tuple[int, int]]] = {}
    nodes = np.flatnonzero(game.node_player == player)
    for n in nodes:
        cons = []
        child, m = int(n), int(par[n])
        while m >= 0:
            if game.node_player[m] == player:
                h = int(game.node_infoset[m])
                cons.append((h, int(pact[child] - starts[h])))
            child, m = m, int(par[m])
        out[int(n)] = cons
    return out


def reduced_strategy_counts(game: ExtensiveFormGame) -> tuple[int, ...]:
    """Number of reduced pure strategies of each player, without listing them.

    Under perfect recall, the count below a sequence is the product, over the sets that
    follow it, of the sum over their actions of the counts below each action.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {
    ...     "out": Terminal([0, 0]),
    ...     "in": Decision("B", {"l": Decision("A", {"x": Terminal([1, 1]),
    ...                                               "y": Terminal([2, 2])}),
    ...                          "r": Terminal([3, 3])})}))
    >>> reduced_strategy_counts(g)
    (3, 2)
    """
    if not game.perfect_recall:
        return tuple(len(reduced_strategies(game, p)) for p in range(game.num_players))
    sq = game.sequences
    counts = []
    starts = game.infoset_action_start
    for p in range(game.num_players):
        below = [1] * sq.num_sequences[p]
        sets = np.flatnonzero(game.infoset_player == p)
        if sets.size:
            order = sets[np.argsort(-sq.own_depth[sets], kind="stable")]
            for h in order:
                acts = sq.action_sequence[starts[h] : starts[h + 1]]
                total = sum(below[int(s)] for s in acts)
                below[int(sq.parent_sequence[h])] *= total
        counts.append(below[0])
    return tuple(counts)


def reduced_strategies(
    game: ExtensiveFormGame, player: int | str, *, limit: int | None = None
) -> ReducedStrategies:
    """List a player's reduced pure strategies.

    Parameters
    ----------
    game : ExtensiveFormGame
    player : int or str
    limit : int, optional
        Refuse with a :class:`GameError` when there are more strategies than this.

    Notes
    -----
    The player's decision nodes are visited in breadth-first order; a node is reachable
    when her choices at every one of her nodes above it lead to it, and a set gets an
    action only once one of its nodes is reachable. This is the reduction of Gambit's
    reduced strategic form, and it needs no perfect recall.
    """
    p = game.player_index(player) if isinstance(player, str) else int(player)
    cons = _own_constraints(game, p)
    nodes = sorted(cons)
    sets = np.flatnonzero(game.infoset_player == p)
    col = {int(h): k for k, h in enumerate(sets)}
    counts = np.diff(game.infoset_action_start)
    found: list[list[int]] = []
    assign = [-1] * len(sets)
    cap = limit if limit is not None else math.inf

    def walk(i: int) -> None:
        while i < len(nodes):
            n = nodes[i]
            h = col[int(game.node_infoset[n])]
            if assign[h] < 0 and all(assign[col[g]] == a for g, a in cons[n]):
                for a in range(int(counts[sets[h]])):
                    assign[h] = a
                    walk(i + 1)
                assign[h] = -1
                return
            i += 1
        if len(found) >= cap:
            raise GameError(
                f"player {game.players[p]!r} has more than {limit} reduced strategies; "
                "raise the limit or use a method on the tree (sequence-form)"
            )
        found.append(list(assign))

    walk(0)
    choices = np.array(found, dtype=np.int64).reshape(len(found), len(sets))
    labels = []
    for row in choices:
        parts = []
        for k, a in enumerate(row):
            if a >= 0:
                h = int(sets[k])
                label = game.action_labels[int(game.infoset_action_start[h] + a)]
                parts.append(label if label else str(int(a) + 1))
        labels.append("/".join(parts) if parts else "(no move)")
    if len(set(labels)) != len(labels):
        seen: dict[str, int] = {}
        unique = []
        for label in labels:
            seen[label] = seen.get(label, 0) + 1
            unique.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
        labels = unique
    return ReducedStrategies(p, sets.astype(np.int64), choices, tuple(labels))


def _reach_matrix(game: ExtensiveFormGame, strat: ReducedStrategies) -> NDArray[np.bool_]:
    """``M[s, t]``: strategy ``s`` takes every one of its player's actions to terminal t."""
    p = strat.player
    col = {int(h): k for k, h in enumerate(strat.infosets)}
    term = game.terminals
    reach = np.ones((len(strat), term.size), dtype=bool)
    par, pact = game.parent, game.parent_action
    starts = game.infoset_action_start
    for j, t in enumerate(term):
        child, m = int(t), int(par[t])
        while m >= 0:
            if game.node_player[m] == p:
                h = int(game.node_infoset[m])
                reach[:, j] &= strat.choices[:, col[h]] == pact[child] - starts[h]
            child, m = m, int(par[m])
    return reach


def reduced_normal_form(
    game: ExtensiveFormGame,
    *,
    max_profiles: int = DEFAULT_MAX_PROFILES,
    strategies: Sequence[ReducedStrategies] | None = None,
) -> NormalFormGame:
    """The reduced normal form of ``game`` (Gambit's reduced strategic form).

    Parameters
    ----------
    game : ExtensiveFormGame
        At least two players.
    max_profiles : int
        Refuse games with more reduced strategy profiles than this.
    strategies : sequence of ReducedStrategies, optional
        The players' strategies, when already listed by :func:`reduced_strategies`.

    Returns
    -------
    NormalFormGame
        Strategy labels name the actions each strategy fixes; payoffs are exact when the
        game's payoffs and chance probabilities are.

    Raises
    ------
    GameError
        For a one-player game, or when the form would have more than ``max_profiles``
        profiles (with the count, and the advice to solve on the tree).

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([0, 2]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([-1, -1]),
    ...                                  "accommodate": Terminal([1, 1])})}))
    >>> nf = reduced_normal_form(g)
    >>> nf.strategies
    (('out', 'in'), ('fight', 'accommodate'))
    >>> nf.payoffs[0].tolist()
    [[0.0, 0.0], [-1.0, 1.0]]
    """
    if game.num_players < 2:
        raise GameError(
            "a normal form needs at least 2 players; this game has one (solve it with "
            "backward induction on the tree)"
        )
    counts = reduced_strategy_counts(game)
    total = math.prod(counts)
    if total > max_profiles:
        raise GameError(
            f"the reduced normal form would have {total:,} strategy profiles "
            f"({' x '.join(str(c) for c in counts)}), more than max_profiles="
            f"{max_profiles:,}; solve on the tree (method 'sequence-form') or raise the limit"
        )
    strats = (
        list(strategies)
        if strategies is not None
        else [reduced_strategies(game, p) for p in range(game.num_players)]
    )
    reach = [_reach_matrix(game, s) for s in strats]
    term = game.terminals
    exact_pay = game.exact_terminal_payoffs()
    exact_chance = game.exact_action_probs is not None or not np.any(game.infoset_player < 0)
    payoffs: Any
    if exact_pay is not None and exact_chance:
        chance = _exact_chance_reach(game, term)
        payoffs = np.empty((game.num_players, *counts), dtype=object)
        for i in range(game.num_players):
            w = np.array([chance[j] * exact_pay[int(t)][i] for j, t in enumerate(term)], object)
            payoffs[i] = _contract(reach, w)
    else:
        c = game.chance_reach[term]
        payoffs = np.stack(
            [_contract(reach, c * game.terminal_payoffs[term, i]) for i in range(game.num_players)]
        )
    return NormalFormGame(
        payoffs,
        game.players,
        [s.labels for s in strats],
        title=game.title,
    )


def _exact_chance_reach(game: ExtensiveFormGame, term: NDArray[np.int64]) -> list[Fraction]:
    probs = game.exact_action_probs
    par, act = game.parent, game.parent_action
    out = []
    for t in term:
        r = Fraction(1)
        n = int(t)
        while n > 0:
            a = int(act[n])
            if probs is not None and probs[a] is not None:
                r *= probs[a]  # type: ignore[operator]
            n = int(par[n])
        out.append(r)
    return out


def _contract(reach: list[NDArray[np.bool_]], weights: NDArray[Any]) -> NDArray[Any]:
    """``sum_t w[t] prod_p reach_p[s_p, t]`` as a tensor over strategy profiles."""
    if weights.dtype == object:
        # exact: scale the rational weights to integers and contract in int64 when no
        # sum can overflow; the result divided by the scale is exact
        scale = math.lcm(*(Fraction(w).denominator for w in weights)) if weights.size else 1
        ints = [int(Fraction(w) * scale) for w in weights]
        bound = max((abs(v) for v in ints), default=0) * max(weights.size, 1)
        if bound < 2**62:
            exact = _contract(reach, np.array(ints, dtype=np.int64))
            return np.vectorize(lambda v: Fraction(int(v), scale), otypes=[object])(exact)
    dtype: Any = weights.dtype if weights.dtype != object else object
    if weights.dtype.kind == "f":
        dtype = np.float64
    mats = [r.astype(dtype) for r in reach]
    if len(mats) == 2:
        return np.asarray((mats[0] * weights) @ mats[1].T)
    letters = "abcdefghijklmnopqrsuvwxyz"
    spec = ",".join(f"{letters[i]}t" for i in range(len(mats))) + ",t->" + letters[: len(mats)]
    if dtype is object:
        out = np.zeros([m.shape[0] for m in mats], dtype=object)
        for t in range(weights.shape[0]):
            if weights[t] == 0:
                continue
            term = weights[t]
            cols = [m[:, t] for m in mats]
            out = out + term * _outer(cols)
        return out
    return np.einsum(spec, *mats, weights)


def _outer(cols: list[NDArray[Any]]) -> NDArray[Any]:
    out = cols[0]
    for c in cols[1:]:
        out = np.multiply.outer(out, c)
    return out


def mixed_to_behaviour(
    game: ExtensiveFormGame,
    strategies: Sequence[ReducedStrategies],
    profile: Sequence[ArrayLike],
) -> NDArray[np.float64]:
    """Kuhn's theorem: the behaviour profile realisation-equivalent to a mixed one.

    Where a set is reached with probability 0 under the player's own strategy, every
    action there gets the same probability.
    """
    game.require_perfect_recall("mixed_to_behaviour")
    sq = game.sequences
    plans = []
    starts = game.infoset_action_start
    for strat, x in zip(strategies, profile, strict=True):
        x = np.asarray(x, dtype=np.float64)
        r = np.zeros(sq.num_sequences[strat.player])
        r[0] = 1.0
        for k, h in enumerate(strat.infosets):
            chosen = strat.choices[:, k]
            for a in range(int(starts[h + 1] - starts[h])):
                r[sq.action_sequence[starts[h] + a]] = float(x[chosen == a].sum())
        plans.append(r)
    return game.behaviour_from_plans(plans)


def behaviour_to_mixed(
    game: ExtensiveFormGame,
    strategies: Sequence[ReducedStrategies],
    behaviour: ArrayLike,
) -> tuple[NDArray[np.float64], ...]:
    """Kuhn's theorem: a mixed profile over reduced strategies equivalent to ``behaviour``.

    Each reduced strategy gets the product of the behaviour probabilities of the actions
    it fixes.
    """
    b = np.asarray(behaviour, dtype=np.float64)
    starts = game.infoset_action_start
    out = []
    for strat in strategies:
        probs = np.ones(len(strat))
        for k, h in enumerate(strat.infosets):
            chosen = strat.choices[:, k]
            fixed = chosen >= 0
            probs[fixed] *= b[starts[h] + chosen[fixed]]
        out.append(probs)
    return tuple(out)
