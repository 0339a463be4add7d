"""Random extensive-form games, for tests and benchmarks.

Both generators build the breadth-first arrays of :class:`ExtensiveFormGame` directly, so
a tree of a million nodes takes well under a second.
"""

from __future__ import annotations

import numpy as np

from multivector.games.extensive.tree import ExtensiveFormGame

__all__ = ["random_perfect_information_game", "random_two_player_game"]


def random_perfect_information_game(
    num_nodes: int,
    *,
    num_players: int = 2,
    branching: int = 2,
    seed: int | np.random.Generator | None = None,
    integer_payoffs: int | None = None,
    chance_share: float = 0.0,
) -> ExtensiveFormGame:
    """A random game of perfect information with about ``num_nodes`` nodes.

    Each level's nodes are decision (or, with probability ``chance_share``, chance)
    nodes with ``branching`` children until the node budget is spent; the movers are
    drawn at random; payoffs are uniform on [0, 1), or integers in
    ``[0, integer_payoffs)`` (which makes ties likely).

    Examples
    --------
    >>> g = random_perfect_information_game(1000, seed=1)
    >>> g.is_perfect_information, g.num_nodes >= 999
    (True, True)
    """
    rng = np.random.default_rng(seed)
    b = int(branching)
    internal = max(1, (int(num_nodes) - 1) // b)
    n = 1 + internal * b
    is_internal = np.zeros(n, dtype=bool)
    is_internal[:internal] = True  # breadth-first: the first nodes are the internal ones
    kinds = rng.random(internal) < chance_share
    movers = rng.integers(0, num_players, size=internal)
    # one information set per internal node; chance sets first in the player table
    infoset_player = np.where(kinds, -1, movers)
    node_infoset = np.full(n, -1, dtype=np.int64)
    node_infoset[:internal] = np.arange(internal)
    actions = [tuple(f"a{k}" for k in range(b))] * internal
    uniform = [1.0 / b] * b
    chance = {int(h): uniform for h in np.flatnonzero(kinds)}
    terminals = n - internal
    if integer_payoffs is not None:
        pay: np.ndarray = rng.integers(0, integer_payoffs, size=(terminals, num_players))
        pay = pay.astype(np.float64)
    else:
        pay = rng.random((terminals, num_players))
    node_outcome = np.full(n, -1, dtype=np.int64)
    node_outcome[internal:] = np.arange(terminals)
    return ExtensiveFormGame(
        [f"P{i + 1}" for i in range(num_players)],
        node_infoset,
        infoset_player,
        actions,
        chance,
        node_outcome,
        pay,
        title=f"random perfect-information game ({n} nodes)",
    )


def random_two_player_game(
    rounds: int,
    *,
    actions: tuple[int, int] = (2, 2),
    seed: int | np.random.Generator | None = None,
    integer_payoffs: int | None = None,
    chance_first: bool = False,
) -> ExtensiveFormGame:
    """A random 2-player game of imperfect information and perfect recall.

    Play runs in ``rounds`` rounds; in each, player 1 moves, then player 2 moves without
    seeing player 1's move of that round (she sees every earlier move). So player 2's
    information sets pair the nodes that differ only in player 1's last move, and both
    players recall everything they knew. With ``chance_first`` chance first draws one of
    two equally likely states that only player 1 sees. The tree has
    ``(a1 * a2) ** rounds`` terminal nodes (twice that with the chance move).

    Examples
    --------
    >>> g = random_two_player_game(3, seed=0)
    >>> g.num_terminals, g.perfect_recall, g.is_perfect_information
    (64, True, False)
    """
    rng = np.random.default_rng(seed)
    a1, a2 = actions
    node_infoset: list[np.ndarray] = []
    infoset_player: list[int] = []
    infoset_actions: list[tuple[str, ...]] = []
    chance: dict[int, list[str]] = {}
    width = 1
    if chance_first:
        chance[0] = ["1/2", "1/2"]
        infoset_player.append(-1)
        infoset_actions.append(("s1", "s2"))
        node_infoset.append(np.zeros(1, dtype=np.int64))
        width = 2
    labels1 = tuple(f"x{k}" for k in range(a1))
    labels2 = tuple(f"y{k}" for k in range(a2))
    for _ in range(rounds):
        # player 1: one set per node (she has seen everything)
        first = len(infoset_player)
        infoset_player.extend([0] * width)
        infoset_actions.extend([labels1] * width)
        node_infoset.append(first + np.arange(width, dtype=np.int64))
        # player 2: the a1 children of each player-1 node form one set; with a chance
        # move first she does not see the state either, so both states' nodes join
        groups = width // 2 if chance_first else width
        first = len(infoset_player)
        infoset_player.extend([1] * groups)
        infoset_actions.extend([labels2] * groups)
        ids = np.repeat(np.arange(width, dtype=np.int64), a1)
        if chance_first:
            # nodes of state s2 mirror those of s1: same set for the same history
            ids = ids % groups
        node_infoset.append(first + ids)
        width *= a1 * a2
    terminals = width
    node_infoset.append(np.full(terminals, -1, dtype=np.int64))
    ns = np.concatenate(node_infoset)
    if integer_payoffs is not None:
        pay: np.ndarray = rng.integers(-integer_payoffs, integer_payoffs + 1, (terminals, 2))
        payoffs: object = pay.tolist()
    else:
        payoffs = rng.random((terminals, 2))
    outcome = np.full(ns.size, -1, dtype=np.int64)
    outcome[ns.size - terminals :] = np.arange(terminals)
    return ExtensiveFormGame(
        ["P1", "P2"],
        ns,
        infoset_player,
        infoset_actions,
        chance,
        outcome,
        payoffs,
        title=f"random 2-player game ({rounds} rounds)",
    )
