"""Proper subgames of an extensive-form game, and the game that starts at one of them.

A node starts a proper subgame when it is alone in its information set and every
information set that meets the subtree below it lies inside that subtree (Selten 1965):
whoever moves there knows the subgame has been reached, and never confuses a node inside
with one outside.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame

__all__ = ["SubgameView", "extract_subgame", "subgame_roots", "subgames"]


def subgame_roots(game: ExtensiveFormGame) -> tuple[int, ...]:
    """The nodes that start a proper subgame, the root first, in breadth-first order.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {
    ...     "out": Terminal([1, 1]),
    ...     "in": Decision("A", {
    ...         "x": Decision("B", {"l": Terminal([3, 1]), "r": Terminal([0, 0])}, infoset="b"),
    ...         "y": Decision("B", {"l": Terminal([0, 0]), "r": Terminal([1, 3])}, infoset="b"),
    ...     })}))
    >>> subgame_roots(g)
    (0, 2)
    """
    ns = game.node_infoset
    par, depth = game.parent, game.depth
    bad = np.zeros(game.num_nodes, dtype=bool)
    dec = np.flatnonzero(ns >= 0)
    dec = dec[game.infoset_player[ns[dec]] >= 0]
    counts = np.bincount(ns[dec], minlength=game.num_infosets)
    for h in np.flatnonzero(counts > 1):
        nodes = [int(n) for n in np.flatnonzero(ns == h)]
        lca = nodes[0]
        for n in nodes[1:]:
            a, b = lca, n
            while depth[a] > depth[b]:
                a = int(par[a])
            while depth[b] > depth[a]:
                b = int(par[b])
            while a != b:
                a, b = int(par[a]), int(par[b])
            lca = a
        # a subtree holds every node of h exactly when its root is at or above the
        # common ancestor; below it, it holds some nodes of h and not others
        for n in nodes:
            while n != lca and not bad[n]:
                bad[n] = True
                n = int(par[n])
    roots = [int(v) for v in np.flatnonzero((ns >= 0) & ~bad)]
    return tuple(roots)


def subgames(game: ExtensiveFormGame) -> tuple[ExtensiveFormGame, ...]:
    """The proper subgames, each as a game of its own (the whole game first)."""
    return tuple(extract_subgame(game, r).game for r in subgame_roots(game))


@dataclass(frozen=True)
class SubgameView:
    """A subtree as a game, with maps back to the original game.

    Attributes
    ----------
    game : ExtensiveFormGame
    nodes : ndarray
        The original node of each node of :attr:`game`.
    infosets : ndarray
        The original information set of each information set of :attr:`game`.
    """

    game: ExtensiveFormGame
    nodes: NDArray[np.int64]
    infosets: NDArray[np.int64]


def extract_subgame(
    game: ExtensiveFormGame,
    root: int,
    *,
    collapse: Mapping[int, Sequence[Any] | NDArray[np.float64]] | None = None,
) -> SubgameView:
    """The game that starts at ``root``; nodes in ``collapse`` become terminal nodes with
    the given payoffs (the values of the subgames below them).

    Terminal payoffs are those of the whole game (outcomes met above ``root`` included,
    which shifts each player's payoffs by a constant and changes no equilibrium).
    """
    collapse = dict(collapse or {})
    fc, nc = game.first_child, game.num_children
    order = [int(root)]
    for v in order:
        if v in collapse or nc[v] == 0:
            continue
        order.extend(range(int(fc[v]), int(fc[v] + nc[v])))
    new_set: dict[int, int] = {}
    node_infoset: list[int] = []
    node_outcome: list[int] = []
    payoffs: list[list[Any]] = []
    exact = game.exact_terminal_payoffs()
    for v in order:
        if v in collapse:
            node_infoset.append(-1)
            node_outcome.append(len(payoffs))
            payoffs.append(list(collapse[v]))
            continue
        h = int(game.node_infoset[v])
        if h < 0:
            node_infoset.append(-1)
            node_outcome.append(len(payoffs))
            if exact is not None:
                payoffs.append(list(exact[v]))
            else:
                payoffs.append(game.terminal_payoffs[v].tolist())
            continue
        if h not in new_set:
            new_set[h] = len(new_set)
        node_infoset.append(new_set[h])
        node_outcome.append(-1)
    sets = np.array(sorted(new_set, key=new_set.__getitem__), dtype=np.int64)
    starts = game.infoset_action_start
    chance = {}
    probs = game.exact_action_probs
    for k, h in enumerate(sets):
        if game.infoset_player[h] == CHANCE:
            lo, hi = int(starts[h]), int(starts[h + 1])
            if probs is not None:
                chance[k] = [probs[a] for a in range(lo, hi)]
            else:
                chance[k] = game.action_probs[lo:hi].tolist()
    sub = ExtensiveFormGame(
        game.players,
        node_infoset,
        game.infoset_player[sets],
        [game.infoset_actions(int(h)) for h in sets],
        chance,
        node_outcome,
        payoffs,
        infoset_labels=[game.infoset_labels[h] for h in sets],
        infoset_numbers=game.infoset_numbers[sets],
        title=game.title,
        perfect_recall=False,
    )
    return SubgameView(sub, np.array(order, dtype=np.int64), sets)
