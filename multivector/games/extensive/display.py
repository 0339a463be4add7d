"""A tree for people: an indented text view, and a play of the game in words.

:func:`tree_lines` draws the tree as indented text (the way ``tree`` lists folders): each
decision node names its mover and, in brackets, her information set (nodes with the same
name cannot be told apart), each edge its action (and its probability at a chance node),
each terminal node its payoffs. Given a behaviour profile, it also shows each action's
probability and marks with ``*`` the edges that are played with positive probability.
:func:`describe_play` says the same play in words, one line for each terminal node that
it reaches. Lines never split a word: a line too long for ``width`` continues on the next
line, indented under its start.

Nothing here prints; the command line and notebooks show the lines.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from multivector.games.extensive.tree import CHANCE, ExtensiveFormGame

__all__ = [
    "describe_play",
    "format_probability",
    "format_value",
    "infoset_beliefs",
    "tree_lines",
    "tree_summary",
    "wrap_line",
]

#: Below this probability an action or a terminal node counts as not played.
PLAYED = 1e-12


def format_value(value: Any) -> str:
    """A payoff or probability for display: fractions exactly, floats to 4 significant
    digits (``-0`` shown as ``0``).

    Examples
    --------
    >>> format_value(Fraction(1, 10)), format_value(2.0), format_value(2 / 3)
    ('1/10', '2', '0.6667')
    """
    if isinstance(value, Fraction):
        return str(value)
    text = f"{float(value):.4g}"
    return "0" if text == "-0" else text


def format_probability(value: Any) -> str:
    """A probability for display: as :func:`format_value`, with round-off within 1e-9 of
    0 or 1 shown as 0 or 1.

    Examples
    --------
    >>> format_probability(2.5e-17), format_probability(1 - 1e-12), format_probability(0.25)
    ('0', '1', '0.25')
    """
    if not isinstance(value, Fraction):
        v = float(value)
        if abs(v) < 1e-9:
            return "0"
        if abs(v - 1.0) < 1e-9:
            return "1"
    return format_value(value)


def wrap_line(first: str, rest: str, text: str, width: int) -> list[str]:
    """``text`` after the prefix ``first``, continued after ``rest``, in lines of at most
    ``width`` characters, split only between words (a word longer than a line stays
    whole).

    Examples
    --------
    >>> wrap_line("- ", "  ", "the incumbent fights every entry", 20)
    ['- the incumbent', '  fights every entry']
    """
    wrapper = textwrap.TextWrapper(
        width=max(width, len(first) + 12, len(rest) + 12),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapper.wrap(text) or [first]


class _Labels:
    """The texts of one tree's nodes, actions and payoffs."""

    def __init__(self, game: ExtensiveFormGame, behaviour: NDArray[np.float64] | None) -> None:
        self.game = game
        self.behaviour = behaviour
        self.exact_pay = game.exact_terminal_payoffs()
        self.exact_prob = game.exact_action_probs
        self.names = game.infoset_names
        self.reach = None if behaviour is None else game.node_reach(behaviour)

    def payoffs(self, node: int) -> str:
        g = self.game
        row: Any = self.exact_pay[node] if self.exact_pay is not None else g.terminal_payoffs[node]
        return "(" + ", ".join(format_value(v) for v in row) + ")"

    def probability(self, action: int) -> Any:
        g = self.game
        if self.exact_prob is not None and self.exact_prob[action] is not None:
            return self.exact_prob[action]
        return float(g.action_probs[action])

    def node(self, n: int) -> str:
        g = self.game
        h = int(g.node_infoset[n])
        label = g.node_labels[n] if g.node_labels is not None else ""
        named = f' "{label}"' if label else ""
        if h < 0:
            return self.payoffs(n) + named
        p = int(g.infoset_player[h])
        if p == CHANCE:
            return "chance" + named
        return f"{g.players[p]} [{self.names[h]}]{named}"

    def edge(self, action: int) -> str:
        """The action's label, with its probability at chance and under a profile."""
        g = self.game
        label = g.action_labels[action] or '""'
        if g.infoset_player[g.action_infoset[action]] == CHANCE:
            return f"{label} ({format_value(self.probability(action))})"
        if self.behaviour is None:
            return label
        return f"{label} ({format_probability(self.behaviour[action])})"

    def played(self, child: int) -> bool:
        return self.reach is not None and bool(self.reach[child] > PLAYED)


def tree_lines(
    game: ExtensiveFormGame,
    *,
    behaviour: ArrayLike | None = None,
    width: int = 80,
    depth: int | None = None,
) -> list[str]:
    """The tree as indented text lines, at most ``width`` characters where words allow.

    Parameters
    ----------
    game : ExtensiveFormGame
    behaviour : array_like, optional
        A behaviour profile (one probability per action, as in
        :meth:`ExtensiveFormGame.check_behaviour`): each player action then shows its
        probability, and ``*`` marks the actions played with positive probability (chance
        moves on the way included).
    width : int
        Line width; a longer line continues on the next, never splitting a word.
    depth : int, optional
        Show the nodes down to this depth; a deeper subtree is summarised as the number
        of nodes below its root.

    Returns
    -------
    list of str
        The tree, first the root; no header (see :func:`tree_summary`).

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([1, 5]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([0, 0]),
    ...                                  "share": Terminal([2, 2])})}, infoset="enter?"))
    >>> print("\\n".join(tree_lines(g)))
    Entrant [enter?]
    ├─ out: (1, 5)
    └─ in: Incumbent [#1]
       ├─ fight: (0, 0)
       └─ share: (2, 2)
    >>> print("\\n".join(tree_lines(g, behaviour=[0, 1, 0, 1])))
    Entrant [enter?]
    ├─ out (0): (1, 5)
    └─*in (1): Incumbent [#1]
       ├─ fight (0): (0, 0)
       └─*share (1): (2, 2)
    """
    b = None if behaviour is None else game.check_behaviour(behaviour, tol=1e-6)
    labels = _Labels(game, b)
    fc, nc = game.first_child, game.num_children
    node_depth = game.depth
    below = _subtree_sizes(game) if depth is not None else None
    lines = wrap_line("", "", labels.node(0), width)
    # (node, guide before its branch, last child?)
    stack: list[tuple[int, str, bool]] = [
        (int(fc[0]) + k, "", k == int(nc[0]) - 1) for k in reversed(range(int(nc[0])))
    ]
    while stack:
        n, guide, last = stack.pop()
        mark = "*" if labels.played(n) else " "
        branch = ("└─" if last else "├─") + mark
        child_guide = guide + ("   " if last else "│  ")
        text = f"{labels.edge(int(game.parent_action[n]))}: {labels.node(n)}"
        cut = depth is not None and nc[n] > 0 and node_depth[n] >= depth
        if cut and below is not None:
            text += f" ... ({int(below[n]) - 1} nodes below)"
        lines += wrap_line(guide + branch, child_guide + "   ", text, width)
        if cut:
            continue
        k0, k = int(fc[n]), int(nc[n])
        stack += [(k0 + j, child_guide, j == k - 1) for j in reversed(range(k))]
    return lines


def _subtree_sizes(game: ExtensiveFormGame) -> NDArray[np.int64]:
    """The number of nodes of each node's subtree, itself included."""
    size = np.ones(game.num_nodes, dtype=np.int64)
    par = game.parent
    for n in range(game.num_nodes - 1, 0, -1):
        size[par[n]] += size[n]
    return size


def tree_summary(game: ExtensiveFormGame) -> str:
    """One line: players, nodes, information sets, what kind of tree.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["A", "B"], Decision("A", {"l": Terminal([1, 0]),
    ...                                          "r": Terminal([0, 1])}))
    >>> print(tree_summary(g))  # doctest: +NORMALIZE_WHITESPACE
    2-player tree (A, B): 3 nodes, 2 terminal, 1 information set; perfect
    information; payoffs in player order
    """
    sets = game.num_player_infosets
    info = "perfect information" if game.is_perfect_information else "imperfect information"
    if not game.perfect_recall:
        info += ", imperfect recall"
    chance = int(np.count_nonzero(game.infoset_player == CHANCE))
    moves = f", {chance} chance move{'s' * (chance != 1)}" if chance else ""
    return (
        f"{game.num_players}-player tree ({', '.join(game.players)}): {game.num_nodes} "
        f"nodes, {game.num_terminals} terminal, {sets} information set{'s' * (sets != 1)}"
        f"{moves}; {info}; payoffs in player order"
    )


def describe_play(
    game: ExtensiveFormGame,
    behaviour: ArrayLike,
    *,
    width: int = 80,
    max_outcomes: int = 8,
) -> list[str]:
    """A behaviour profile's play in words: one entry per terminal node it reaches.

    Each entry says who chooses what on the way (and with what probability, for a mixed
    choice or a chance move), and the payoffs at the end; with several terminal nodes
    reached, each starts with its probability, most likely first. At most
    ``max_outcomes`` are listed, then one line for the rest.

    Examples
    --------
    >>> from multivector.games.extensive import Decision, Terminal, from_tree
    >>> g = from_tree(["Entrant", "Incumbent"], Decision("Entrant", {
    ...     "out": Terminal([1, 5]),
    ...     "in": Decision("Incumbent", {"fight": Terminal([0, 0]),
    ...                                  "share": Terminal([2, 2])})}))
    >>> describe_play(g, [0, 1, 0, 1])
    ['Entrant chooses in, Incumbent chooses share: payoffs Entrant 2, Incumbent 2.']
    """
    b = game.check_behaviour(behaviour, tol=1e-6)
    labels = _Labels(game, b)
    reach = labels.reach
    assert reach is not None
    terms = [int(t) for t in game.terminals if reach[t] > PLAYED]
    terms.sort(key=lambda t: -reach[t])
    par, act = game.parent, game.parent_action
    several = len(terms) > 1
    lines: list[str] = []
    for t in terms[:max_outcomes]:
        steps = []
        path = []
        n = t
        while n > 0:
            path.append(n)
            n = int(par[n])
        for child in reversed(path):
            a = int(act[child])
            mover = int(game.node_player[par[child]])
            label = game.action_labels[a] or '""'
            if mover == CHANCE:
                steps.append(f"chance draws {label} ({format_value(labels.probability(a))})")
            elif b[a] < 1 - 1e-9:
                steps.append(f"{game.players[mover]} chooses {label} ({format_probability(b[a])})")
            else:
                steps.append(f"{game.players[mover]} chooses {label}")
        row: Any = labels.exact_pay[t] if labels.exact_pay is not None else None
        values = row if row is not None else game.terminal_payoffs[t]
        pays = ", ".join(
            f"{p} {format_value(v)}" for p, v in zip(game.players, values, strict=True)
        )
        head = f"[{format_probability(reach[t])}] " if several else ""
        text = f"{head}{', '.join(steps) or 'the game ends at once'}: payoffs {pays}."
        lines += wrap_line("", "    ", text, width)
    if len(terms) > max_outcomes:
        rest = float(sum(reach[t] for t in terms[max_outcomes:]))
        lines.append(
            f"... and {len(terms) - max_outcomes} more terminal nodes (probability "
            f"{format_probability(rest)} together)."
        )
    return lines


def infoset_beliefs(
    game: ExtensiveFormGame, behaviour: ArrayLike, beliefs: ArrayLike
) -> dict[int, tuple[bool, list[tuple[str, float]]]]:
    """The beliefs at each player information set of more than one node.

    Returns ``{infoset: (reached, [(node path, belief), ...])}``: ``reached`` says whether
    the profile reaches the set (then the beliefs follow from Bayes' rule), each node is
    named by its path of actions joined by ``" > "``.
    """
    b = game.check_behaviour(behaviour, tol=1e-6)
    mu = np.asarray(beliefs, dtype=np.float64)
    reach = game.node_reach(b)
    out: dict[int, tuple[bool, list[tuple[str, float]]]] = {}
    for h in range(game.num_infosets):
        if game.infoset_player[h] == CHANCE:
            continue
        nodes = game.infoset_nodes(h)
        if nodes.size < 2:
            continue
        named = [(" > ".join(game.node_path(int(n))) or "(root)", float(mu[n])) for n in nodes]
        out[h] = (bool(reach[nodes].sum() > PLAYED), named)
    return out
