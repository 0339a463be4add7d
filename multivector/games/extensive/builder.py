"""Build an :class:`~multivector.games.extensive.tree.ExtensiveFormGame` from nested values.

A tree is written as it is drawn: a :class:`Decision` names the player who moves and maps
each action label to the node it leads to, a :class:`Chance` node maps each action to its
probability and node, a :class:`Terminal` node holds one payoff per player. Nodes that
share an ``infoset`` name (and player) form one information set.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from multivector.errors import GameError
from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame

__all__ = ["Chance", "Decision", "Node", "Terminal", "from_tree"]


@dataclass(frozen=True)
class Terminal:
    """A terminal node: one payoff per player (a list in player order, or a mapping)."""

    payoffs: Sequence[Any] | Mapping[str, Any]
    label: str = ""


@dataclass(frozen=True)
class Decision:
    """A player's move: ``actions`` maps each action label to the node it leads to.

    ``infoset`` joins this node with every other node of the same player and name into
    one information set (names are per player); without it the node is alone in its set.
    """

    player: str
    actions: Mapping[str, Node]
    infoset: str | None = None
    label: str = ""


@dataclass(frozen=True)
class Chance:
    """A chance move: ``moves`` maps each action label to ``(probability, node)``."""

    moves: Mapping[str, tuple[Any, Node]]
    label: str = ""
    infoset: str | None = field(default=None)


Node = Union[Terminal, Decision, Chance]  # noqa: UP007 - used at run time in isinstance


def _where(path: tuple[str, ...]) -> str:
    return "the root" if not path else "the node after " + " > ".join(path)


def from_tree(
    players: Sequence[str],
    root: Node,
    *,
    title: str = "",
    perfect_recall: bool = True,
) -> ExtensiveFormGame:
    """An extensive-form game from a nested tree of :class:`Decision`, :class:`Chance`
    and :class:`Terminal` nodes.

    Parameters
    ----------
    players : sequence of str
        The players' names, in order.
    root : Decision, Chance or Terminal
        The root of the tree.
    title : str
    perfect_recall : bool
        See :class:`ExtensiveFormGame`.

    Raises
    ------
    GameError
        Naming the node by its path of actions: an unknown player, a payoff list of the
        wrong length, an information set whose nodes have different actions or players,
        and every check of :class:`ExtensiveFormGame`.

    Examples
    --------
    Selten's (1978) chain store, one market: the entrant stays out or enters; the
    incumbent then fights or accommodates.

    >>> g = from_tree(
    ...     ["Entrant", "Incumbent"],
    ...     Decision("Entrant", {
    ...         "out": Terminal([0, 2]),
    ...         "in": Decision("Incumbent", {
    ...             "fight": Terminal([-1, -1]),
    ...             "accommodate": Terminal([1, 1]),
    ...         }),
    ...     }),
    ... )
    >>> g.num_terminals, g.players
    (3, ('Entrant', 'Incumbent'))
    """
    players = tuple(str(p) for p in players)
    index = {p: k for k, p in enumerate(players)}
    node_infoset: list[int] = []
    node_outcome: list[int] = []
    node_labels: list[str] = []
    outcomes: list[Sequence[Any]] = []
    infoset_player: list[int] = []
    infoset_actions: list[tuple[str, ...]] = []
    infoset_labels: list[str] = []
    chance_probs: dict[int, list[Any]] = {}
    named: dict[tuple[int, str], int] = {}
    queue: deque[tuple[Any, tuple[str, ...]]] = deque([(root, ())])
    while queue:
        node, path = queue.popleft()
        label = getattr(node, "label", "")
        node_labels.append(str(label))
        if isinstance(node, Terminal):
            node_infoset.append(-1)
            node_outcome.append(len(outcomes))
            outcomes.append(_payoff_row(node.payoffs, players, path))
            continue
        if isinstance(node, Decision):
            if node.player not in index:
                raise GameError(
                    f"{_where(path)}: unknown player {node.player!r}; players are {list(players)}"
                )
            player = index[node.player]
            actions = tuple(str(a) for a in node.actions)
            children = list(node.actions.values())
            probs = None
        elif isinstance(node, Chance):
            player = CHANCE
            actions = tuple(str(a) for a in node.moves)
            try:
                probs = [p for p, _ in node.moves.values()]
                children = [c for _, c in node.moves.values()]
            except (TypeError, ValueError):
                raise GameError(
                    f"{_where(path)}: a chance move maps each action to (probability, node)"
                ) from None
        else:
            raise GameError(
                f"{_where(path)}: {type(node).__name__} is not a node; use Decision, "
                "Chance or Terminal"
            )
        if not actions:
            raise GameError(f"{_where(path)}: a move needs at least one action")
        name = node.infoset
        h = named.get((player, name)) if name is not None else None
        if h is None:
            h = len(infoset_player)
            infoset_player.append(player)
            infoset_actions.append(actions)
            infoset_labels.append("" if name is None else str(name))
            if probs is not None:
                chance_probs[h] = probs
            if name is not None:
                named[(player, name)] = h
        else:
            if infoset_actions[h] != actions:
                raise GameError(
                    f"{_where(path)}: information set {name!r} has actions "
                    f"{list(infoset_actions[h])} elsewhere but {list(actions)} here; every "
                    "node of an information set has the same actions"
                )
            if probs is not None and [str(p) for p in chance_probs[h]] != [str(p) for p in probs]:
                raise GameError(
                    f"{_where(path)}: chance set {name!r} has different probabilities here"
                )
        node_infoset.append(h)
        node_outcome.append(-1)
        for a, child in zip(actions, children, strict=True):
            queue.append((child, (*path, a)))
    return ExtensiveFormGame(
        players,
        node_infoset,
        infoset_player,
        infoset_actions,
        chance_probs,
        node_outcome,
        outcomes,
        infoset_labels=infoset_labels,
        node_labels=node_labels if any(node_labels) else None,
        title=title,
        perfect_recall=perfect_recall,
    )


def _payoff_row(
    payoffs: Sequence[Any] | Mapping[str, Any], players: tuple[str, ...], path: tuple[str, ...]
) -> list[Any]:
    if isinstance(payoffs, Mapping):
        missing = [p for p in players if p not in payoffs]
        unknown = [p for p in payoffs if p not in players]
        if missing or unknown:
            raise GameError(
                f"{_where(path)}: payoffs name {sorted(payoffs)}; give exactly one payoff "
                f"for each of {list(players)}"
            )
        return [payoffs[p] for p in players]
    if isinstance(payoffs, (str, bytes)) or not isinstance(payoffs, Sequence):
        raise GameError(f"{_where(path)}: payoffs must be a list with one number per player")
    row = list(payoffs)
    if len(row) != len(players):
        raise GameError(
            f"{_where(path)}: {len(row)} payoffs for {len(players)} players "
            f"{list(players)}; give one payoff for each player"
        )
    return row
